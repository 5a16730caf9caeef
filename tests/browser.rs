//! The sample hub in a real browser: builds it at the fixed time, serves the built folder
//! over HTTP, starts the preview server on a second copy, and runs the Chromium suite in
//! `tests/browser/run.mjs` (journeys, axe-core, keyboard, mobile overflow, console errors).
//! See docs/browser-tests.md.

mod common;

use common::{NOW, TestSite, manifest_dir};
use journeyhub::serve::{ServeOptions, Server, start};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A static file server for the built folder, as a CDN would serve it: files only from
/// inside the folder, `index.html` for folders, the theme's 404 page for the rest.
///
/// Plain `std::net`, one thread and one response per connection (`Connection: close`).
/// Not tiny_http: its connection pool (0.12, `util/task_pool.rs`) can leave a new connection
/// queued behind long-lived keep-alive ones when two arrive at once, and Chromium's parallel
/// fetches of Pagefind chunks then wait until the browser gives up.
struct StaticServer {
    url: String,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    acceptor: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
        let addr = listener.local_addr().expect("the bound address");
        let root = Arc::new(root.canonicalize().expect("the built folder exists"));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let root = Arc::clone(&root);
                    std::thread::spawn(move || {
                        // A browser that drops a connection is no failure of the site.
                        let _ = serve_connection(&root, stream);
                    });
                }
            })
        };
        StaticServer {
            url: format!("http://{addr}/"),
            addr,
            stop,
            acceptor: Some(acceptor),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the acceptor blocked in `accept`, which then sees the stop.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

struct Reply {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

impl Reply {
    fn empty(status: u16) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: vec![],
        }
    }
}

fn serve_connection(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    // Browsers open spare connections they may never use; do not keep a thread for ever.
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // The headers do not matter to a static server, and a GET has no body.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let reply = match method {
        "GET" | "HEAD" => reply(root, target)?,
        _ => Reply::empty(405),
    };
    let reason = match reply.status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    if let Some(location) = &reply.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = stream;
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        out.write_all(&reply.body)?;
    }
    out.flush()
}

fn reply(root: &Path, target: &str) -> std::io::Result<Reply> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let Some(rel) = safe_relative_path(path) else {
        return Ok(Reply::empty(400));
    };
    let mut file = root.join(&rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            // Relative links inside the page only resolve against a folder URL.
            return Ok(Reply {
                location: Some(format!("{path}/")),
                ..Reply::empty(301)
            });
        }
        file = file.join("index.html");
    }
    // A symbolic link must not lead out of the built folder either.
    let inside = file.canonicalize().ok().filter(|f| f.starts_with(root));
    let (status, file) = match inside {
        Some(f) if f.is_file() => (200, f),
        _ => (404, root.join("404.html")),
    };
    Ok(Reply {
        status,
        content_type: content_type(&file),
        location: None,
        body: std::fs::read(&file)?,
    })
}

/// The percent-decoded path below the root, or None when it is not plain UTF-8 or tries to
/// leave the root (`..`, backslashes, NUL).
fn safe_relative_path(target: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(target)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let rel = PathBuf::from(decoded.trim_start_matches('/'));
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(rel)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        // Pagefind's index chunks (.pf_meta, .pf_fragment, …) and its wasm (`.pagefind`).
        _ => "application/octet-stream",
    }
}

fn serve(root: &Path) -> Server {
    let mut options = ServeOptions::new(root);
    options.port = 0;
    options.build.now = Some(NOW.parse().unwrap());
    start(options).expect("the preview server starts")
}

/// Screenshots and other artifacts: `JOURNEYHUB_BROWSER_ARTIFACTS`, or
/// `browser-artifacts/` in the cargo target folder (`target/browser-artifacts/`).
fn artifacts_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("JOURNEYHUB_BROWSER_ARTIFACTS") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-artifacts")
}

#[test]
fn the_sample_hub_works_in_headless_chromium() {
    let suite = manifest_dir().join("tests/browser");
    assert!(
        suite.join("node_modules/playwright-core").is_dir()
            && suite.join("node_modules/axe-core").is_dir(),
        "the browser tests need their npm packages: run `bash tests/setup.sh` \
         (.ci/run does this on a fresh machine)"
    );

    let built = TestSite::sample();
    built.build();
    let files = StaticServer::start(&built.out);

    // The sample with Plausible analytics, for the test of what a click on a call to action
    // sends (the suite intercepts Plausible's script and endpoint: nothing leaves the machine).
    let measured = TestSite::sample();
    let config = std::fs::read_to_string(measured.root.join("site-config.yaml")).unwrap();
    measured.write(
        "site-config.yaml",
        &format!("{config}analytics: {{provider: plausible, domain: hub.example.com}}\n"),
    );
    measured.build();
    let measured_files = StaticServer::start(&measured.out);

    let live = TestSite::sample();
    let mut preview = serve(&live.root);

    let artifacts = artifacts_dir();
    let downloads = artifacts.join("downloads");
    // Only this run's download may be checked below.
    if downloads.exists() {
        std::fs::remove_dir_all(&downloads).expect("old downloads can be removed");
    }
    std::fs::create_dir_all(&artifacts).expect("the artifacts folder can be created");

    let output = Command::new("node")
        .arg(suite.join("run.mjs"))
        .arg(&files.url)
        .arg(preview.url())
        .arg(&live.root)
        .arg(&artifacts)
        .env("JOURNEYHUB_ANALYTICS_URL", &measured_files.url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `node` ({e}): install Node.js 18 or newer"));
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    // Kept beside the screenshots, for CI runs whose test output was captured.
    std::fs::write(artifacts.join("report.txt"), report.as_bytes())
        .expect("the report can be saved");
    preview.stop();
    assert!(
        output.status.success(),
        "the browser suite failed ({}); its report is above, screenshots are in {}",
        output.status,
        artifacts.display()
    );
    assert_downloads_parse(&downloads);
}

/// The suite saves the `.ics` the add-to-calendar link downloaded; a real iCalendar parser
/// must read it as one event with the fields calendar apps need.
fn assert_downloads_parse(downloads: &Path) {
    use icalendar::{Calendar, CalendarComponent, Component};
    let files: Vec<PathBuf> = std::fs::read_dir(downloads)
        .expect("the suite saved its download")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one downloaded .ics in {}",
        downloads.display()
    );
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let calendar: Calendar = icalendar::parser::unfold(&text)
        .parse()
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", files[0].display()));
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1, "the download holds exactly one event");
    let event = events[0];
    assert!(event.get_uid().is_some_and(|u| !u.is_empty()), "a UID");
    assert!(event.get_start().is_some(), "a DTSTART");
    assert!(event.get_end().is_some(), "a DTEND");
    assert!(
        event.get_summary().is_some_and(|s| !s.is_empty()),
        "a SUMMARY"
    );
}
