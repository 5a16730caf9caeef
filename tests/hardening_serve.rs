//! The preview server under hostile and unlucky conditions: oversized and slow request heads,
//! idle connections, foreign `Host` names (DNS rebinding), a site that has never built, and a
//! content/ folder deleted and made again while it runs. Every server binds 127.0.0.1 on a
//! free port; every wait is bounded.

mod common;
mod serve_support;

use common::*;
use journeyhub::serve::{Limits, ServeOptions, Server, start};
use serve_support::{listen, next_event};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

fn options(root: &Path) -> ServeOptions {
    let mut options = ServeOptions::new(root);
    options.port = 0;
    options.build.now = Some(now());
    options.heartbeat = Duration::from_millis(100);
    options
}

fn serve(root: &Path) -> Server {
    start(options(root)).expect("the server starts")
}

/// Sends `head` as given and reads the answer until the server closes the connection.
fn exchange(server: &Server, head: &str) -> (u16, String) {
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    read_reply(&mut s)
}

fn read_reply(s: &mut TcpStream) -> (u16, String) {
    let mut raw = vec![];
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("a status line in {text:?}"));
    (status, text)
}

fn get_as(server: &Server, host: &str, target: &str) -> (u16, String) {
    exchange(
        server,
        &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

fn get(server: &Server, target: &str) -> (u16, String) {
    get_as(server, "localhost", target)
}

#[test]
fn a_request_head_over_16_kib_is_answered_431_and_the_rest_is_not_read() {
    let site = TestSite::fixture("minimal");
    let server = serve(&site.root);
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ")
        .unwrap();
    // Up to 8 MB, as long as the server keeps reading; it should stop after 16 KiB.
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < 8 * 1024 * 1024 {
        match s.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
        s.set_write_timeout(Some(Duration::from_millis(500)))
            .unwrap();
    }
    assert!(sent < 8 * 1024 * 1024, "the server read all {sent} bytes");
    let (status, text) = read_reply(&mut s);
    assert_eq!(status, 431, "{text}");
    assert!(text.contains("Connection: close"), "{text}");
    // A header just under the limit is fine.
    let (status, _) = exchange(
        &server,
        &format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
            "a".repeat(15 * 1024)
        ),
    );
    assert_eq!(status, 200);
}

#[test]
fn slow_heads_get_408_and_idle_connections_are_closed() {
    let site = TestSite::fixture("minimal");
    let mut options = options(&site.root);
    options.limits = Limits {
        head_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(400),
        ..Limits::default()
    };
    let server = start(options).unwrap();

    // A head sent a byte at a time, slower than allowed.
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    for b in b"GET / HTTP/1.1\r\nHost: loc" {
        if slow.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    let (status, _) = read_reply(&mut slow);
    assert_eq!(status, 408);
    assert!(started.elapsed() < Duration::from_secs(5));

    // A connection that says nothing is closed without an answer.
    let mut idle = TcpStream::connect(server.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 16];
    assert_eq!(idle.read(&mut buf).unwrap_or(0), 0, "closed, nothing said");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
        "{waited:?}"
    );

    // A kept-alive connection serves two requests, then is closed once idle.
    let mut kept = TcpStream::connect(server.addr).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    for _ in 0..2 {
        kept.write_all(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        while line != "\r\n" {
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
    }
    let mut rest = vec![];
    reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
}

#[test]
fn only_requests_naming_this_server_are_answered() {
    let site = TestSite::fixture("minimal");
    let mut options = options(&site.root);
    options.hosts = vec!["hub.test".into()];
    let server = start(options).unwrap();
    let port = server.addr.port();
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("LOCALHOST:{port}"),
        "[::1]".to_string(),
        format!("hub.test:{port}"),
    ] {
        assert_eq!(get_as(&server, &host, "/").0, 200, "{host}");
    }
    // A page on another domain that points its name at 127.0.0.1 sends that name.
    for host in [
        format!("attacker.example.com:{port}"),
        "localhost.attacker.example.com".to_string(),
        "hub.test.example.com".to_string(),
    ] {
        let (status, text) = get_as(&server, &host, "/");
        assert_eq!(status, 403, "{host}");
        assert!(text.contains("--host"), "{text}");
        assert!(!text.contains("<html"), "no page leaks: {text}");
        let (status, _) = get_as(&server, &host, "/__journeyhub/events");
        assert_eq!(status, 403, "{host}: no event stream either");
    }
    let (status, _) = exchange(&server, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 403, "HTTP/1.1 without Host");
}

#[test]
fn a_site_that_never_built_shows_its_problems_and_reloads_when_fixed() {
    let site = TestSite::fixture("minimal");
    let file = "content/playbooks/kickoff.md";
    let good = std::fs::read_to_string(site.root.join(file)).unwrap();
    site.write(file, &good.replace("stage: onboarding", "stage: nowhere"));
    let server = serve(&site.root);
    let (status, page) = get(&server, "/");
    assert_eq!(status, 503, "{page}");
    let html = scraper::Html::parse_document(&page[page.find("<!doctype").unwrap()..]);
    assert_eq!(text_of(&html, "h1"), "The site could not be built");
    assert!(text_of(&html, "li").contains("content/playbooks/kickoff.md"));
    let problems: serde_json::Value =
        serde_json::from_str(&text_of(&html, "script#journeyhub-errors")).unwrap();
    assert_eq!(problems[0]["file"], "content/playbooks/kickoff.md");
    assert_eq!(
        attrs(&html, "script[src]", "src"),
        ["/__journeyhub/live.js"]
    );

    let events = listen(&server);
    site.write(file, &good);
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(get(&server, "/").0, 200);
}

/// Waits until the home page contains `text` (bounded).
fn wait_for(server: &Server, target: &str, text: &str) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if get(server, target).1.contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn edits_are_seen_after_content_is_deleted_and_made_again() {
    let site = TestSite::fixture("minimal");
    let server = serve(&site.root);
    let content = site.root.join("content");
    let aside = site.tmp.path().join("content-aside");
    // As `git checkout` of another branch does: the folder goes, then comes back. It comes
    // back whole (made beside it, then renamed): copied file by file, a rebuild could read a
    // half-copied file and its problems arrive after the edit below.
    std::fs::rename(&content, &aside).unwrap();
    assert!(wait_for(&server, "/", "missing-content"));
    let again = site.tmp.path().join("content-again");
    copy_dir(&aside, &again);
    std::fs::rename(&again, &content).unwrap();
    assert!(wait_for(
        &server,
        "/playbooks/kickoff/",
        "キックオフの進め方"
    ));
    // An edit inside the new folder reaches the preview.
    let events = listen(&server);
    let kickoff = content.join("playbooks/kickoff.md");
    let text = std::fs::read_to_string(&kickoff).unwrap();
    std::fs::write(&kickoff, text.replace("キックオフの進め方", "新しい題名")).unwrap();
    assert_eq!(next_event(&events).0, "reload");
    assert!(wait_for(&server, "/playbooks/kickoff/", "新しい題名"));
}

fn write_with_time(path: &Path, text: &str, when: std::time::SystemTime) {
    std::fs::write(path, text).unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

#[test]
fn a_rescan_reads_every_file_again_and_drops_stale_problems() {
    let site = TestSite::fixture("minimal");
    let rel = "content/playbooks/kickoff.md";
    let path = site.root.join(rel);
    let good = std::fs::read_to_string(&path).unwrap();
    // Same length as the good text: a copy that keeps file times cannot be told by size and time.
    let broken = good.replace("stage: onboarding", "stage: onbaording");
    assert_eq!(broken.len(), good.len());
    let when = std::fs::metadata(&path).unwrap().modified().unwrap();
    write_with_time(&path, &broken, when);
    let server = serve(&site.root);
    assert!(
        get(&server, "/").1.contains("onbaording"),
        "the problem is shown"
    );

    // The folder is made afresh with times kept, as `cp -a`, `rsync -t` or a sync tool does: the mended file has the broken one's size and time.
    let content = site.root.join("content");
    let fresh = site.tmp.path().join("content-fresh");
    copy_dir(&content, &fresh);
    let mended = fresh.join("playbooks/kickoff.md");
    write_with_time(&mended, &good, when);
    std::fs::remove_dir_all(&content).unwrap();
    std::fs::rename(&fresh, &content).unwrap();
    let started = Instant::now();
    let mut page = String::new();
    while started.elapsed() < Duration::from_secs(20) {
        page = get(&server, "/playbooks/kickoff/").1;
        if page.contains("キックオフ") && !page.contains("journeyhub-errors") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        !page.contains("journeyhub-errors"),
        "stale problems: {page}"
    );
    assert!(page.contains("キックオフの進め方"));
}
