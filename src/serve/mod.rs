//! Serve: build into memory, answer HTTP from memory, watch the sources, rebuild what a
//! change touches and tell browsers to reload. The served site is one immutable value behind
//! an `Arc` that a rebuild swaps; requests never wait for a rebuild.

pub mod http;
pub mod reload;
pub mod watch;

use crate::pipeline::{BuildOptions, Caches};
use crate::render::{OutputFile, Progress};
use crate::util::diagnostics::{Diagnostic, Diagnostics};
use http::{Route, ServedSite};
use notify::Watcher;
use reload::Broadcaster;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Threads answering requests; slow clients hold one each.
    pub workers: usize,
    /// How often open event streams are pinged, which also finds closed browsers.
    pub heartbeat: Duration,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            build: BuildOptions::new(root),
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 1111,
            workers: 16,
            heartbeat: Duration::from_secs(10),
        }
    }
}

/// What one rebuild did, for the terminal and for tests.
#[derive(Debug, Clone)]
pub struct RebuildReport {
    pub ok: bool,
    pub pages_rendered: usize,
    /// Markdown bodies rendered again; the rest came from the cache.
    pub bodies_rendered: usize,
    pub changed_files: usize,
    pub elapsed: Duration,
    /// `reload`, `css`, `errors` or empty when nothing changed.
    pub event: &'static str,
}

/// What the background indexer needs from a rebuild.
struct IndexInput {
    site: crate::content::Site,
    journey: crate::link::Journey,
    strings: std::collections::BTreeMap<String, crate::theme::strings::Strings>,
}

struct Shared {
    site: RwLock<Arc<ServedSite>>,
    /// Held while a new site is published, so a rebuild and the indexer never overwrite
    /// each other's work.
    publish: Mutex<()>,
    /// The latest search index files, carried into every rebuilt site.
    search_files: Mutex<Vec<(String, OutputFile)>>,
    /// Whether the served site has a search index (site-config `search:`). Set with the
    /// site under `publish`, so an index finished after search was turned off is dropped.
    search_enabled: AtomicBool,
    broadcaster: Broadcaster,
    stop: AtomicBool,
    /// Set while a rebuild runs; the background indexer waits meanwhile.
    rebuilding: AtomicBool,
    reports: Mutex<Vec<RebuildReport>>,
}

/// A running preview server. Dropping it stops the server.
pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    http: Arc<tiny_http::Server>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Browsers listening for reload events now.
    pub fn live_clients(&self) -> usize {
        self.shared.broadcaster.client_count()
    }

    pub fn rebuilds(&self) -> Vec<RebuildReport> {
        self.shared
            .reports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn is_stopped(&self) -> bool {
        self.shared.stop.load(Ordering::Relaxed)
    }

    pub fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        for _ in 0..self.threads.len() {
            self.http.unblock();
        }
        self.shared.broadcaster.close_all();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Blocks until `stop` is requested from another thread (Ctrl-C).
    pub fn wait(&mut self, stop_requested: &AtomicBool) {
        while !stop_requested.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        self.stop();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn problems_of(d: &Diagnostics) -> Vec<Diagnostic> {
    d.0.iter().filter(|d| d.is_error()).cloned().collect()
}

fn print(d: &Diagnostics) {
    if !d.is_empty() {
        eprint!("{d}");
    }
}

/// The search index of a large site takes a core for many seconds after each save. At the
/// lowest priority it uses only what the rebuilds leave, so a save still reaches the
/// browser at once and the index follows. Threads it starts (tokio's file I/O) inherit it.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid has no preconditions; setpriority on our own thread id changes only
    // this thread's nice value, and a failure leaves it as it was.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
    }
}

/// A listening socket with Nagle's algorithm off, handed to tiny_http.
///
/// tiny_http writes a response's head and body as separate segments. With Nagle on, the
/// body of the second response on a kept-alive connection waits for the browser's delayed
/// ACK of the first (40 ms on Linux), which capped a page and its assets at ~25 requests a
/// second per connection. Linux gives accepted connections the listener's TCP_NODELAY.
fn listen(addr: SocketAddr) -> Result<tiny_http::Server, String> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))
        .map_err(|e| e.to_string())?;
    // As std's TcpListener::bind does, so a restarted preview can take its port back at once.
    #[cfg(unix)]
    socket.set_reuse_address(true).map_err(|e| e.to_string())?;
    socket.set_tcp_nodelay(true).map_err(|e| e.to_string())?;
    socket.bind(&addr.into()).map_err(|e| e.to_string())?;
    socket.listen(128).map_err(|e| e.to_string())?;
    tiny_http::Server::from_listener(std::net::TcpListener::from(socket), None)
        .map_err(|e| e.to_string())
}

/// Builds the site once, then serves it and rebuilds on change until stopped.
pub fn start(options: ServeOptions) -> Result<Server, String> {
    let http = listen(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        if options.port != 0 && e.to_string().contains("in use") {
            format!(
                "port {} on {} is already in use; stop the other server or pass --port 0 to pick a free port",
                options.port, options.bind
            )
        } else {
            format!("cannot listen on {}:{}: {e}", options.bind, options.port)
        }
    })?;
    let http = Arc::new(http);
    let addr = http
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?;
    let mut build = options.build.clone();
    // Links in served pages must lead back to this server, whatever site-config says.
    let host = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    build.base_url = Some(format!("http://{host}:{}/", addr.port()));
    build.preview = true;

    let mut caches = Caches::default();
    let (site, _, index_input) = rebuild(&build, &mut caches, None, &[]);
    let shared = Arc::new(Shared {
        site: RwLock::new(Arc::new(site)),
        publish: Mutex::new(()),
        search_files: Mutex::new(vec![]),
        search_enabled: AtomicBool::new(
            index_input
                .as_ref()
                .is_some_and(|input| input.site.config.search),
        ),
        broadcaster: Broadcaster::default(),
        stop: AtomicBool::new(false),
        rebuilding: AtomicBool::new(false),
        reports: Mutex::new(vec![]),
    });

    let mut threads = vec![];
    for _ in 0..options.workers.max(1) {
        let http = http.clone();
        let shared = shared.clone();
        threads.push(std::thread::spawn(move || serve_requests(&http, &shared)));
    }
    let (index_tx, index_rx) = std::sync::mpsc::channel::<IndexInput>();
    if let Some(input) = index_input {
        let _ = index_tx.send(input);
    }
    {
        let shared = shared.clone();
        threads.push(std::thread::spawn(move || {
            index_in_background(&index_rx, &shared)
        }));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| format!("cannot watch files: {e}"))?;
    let root = build.root.clone();
    let root_abs = std::fs::canonicalize(&root).unwrap_or(root.clone());
    let _ = watcher.watch(&root_abs, notify::RecursiveMode::NonRecursive);
    let mut watched: Vec<PathBuf> = vec![];
    for dir in watch::WATCHED_DIRS {
        let p = root_abs.join(dir);
        if p.is_dir() && watcher.watch(&p, notify::RecursiveMode::Recursive).is_ok() {
            watched.push(p);
        }
    }
    // Changes under content/ are reported from now on; see LoadCache::note_changes.
    caches.load.start_watching();
    let heartbeat_every = options.heartbeat;
    {
        let shared = shared.clone();
        threads.push(std::thread::spawn(move || {
            let mut watcher = watcher;
            let stop = || shared.stop.load(Ordering::Relaxed);
            let mut heartbeat = Instant::now();
            while !stop() {
                // A source folder created after start is watched from then on.
                for dir in watch::WATCHED_DIRS {
                    let p = root_abs.join(dir);
                    if !watched.contains(&p)
                        && p.is_dir()
                        && watcher.watch(&p, notify::RecursiveMode::Recursive).is_ok()
                    {
                        watched.push(p);
                    }
                }
                // The burst ends after 10 ms of quiet: an editor's save (a write, or a
                // temporary file and a rename) takes well under that, and every millisecond
                // here is one more before the browser reloads. A longer burst such as a
                // `git checkout` keeps extending the wait, up to half a second.
                let batch = watch::next_batch(
                    &rx,
                    &root_abs,
                    Duration::from_millis(10),
                    Duration::from_millis(500),
                    &|| stop() || heartbeat.elapsed() > heartbeat_every,
                );
                if heartbeat.elapsed() > heartbeat_every {
                    shared.broadcaster.heartbeat();
                    heartbeat = Instant::now();
                }
                let Some(changes) = batch else { continue };
                if changes.is_empty() {
                    continue;
                }
                if changes.config {
                    caches = Caches::default();
                    caches.load.start_watching();
                }
                caches.load.note_changes(&changes.content, changes.rescan);
                let started = Instant::now();
                shared.rebuilding.store(true, Ordering::Relaxed);
                let guard = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
                let previous = shared
                    .site
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                let search = shared
                    .search_files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                let (site, report, index_input) =
                    rebuild(&build, &mut caches, Some((&previous, started)), &search);
                if let Some(input) = &index_input {
                    shared
                        .search_enabled
                        .store(input.site.config.search, Ordering::SeqCst);
                }
                *shared.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
                drop(guard);
                shared.rebuilding.store(false, Ordering::Relaxed);
                if let Some(input) = index_input {
                    let _ = index_tx.send(input);
                }
                let current = shared
                    .site
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                eprintln!(
                    "{} in {} ms: {} page(s) re-rendered, {} file(s) changed",
                    if report.ok {
                        "rebuilt"
                    } else {
                        "rebuild has problems"
                    },
                    report.elapsed.as_millis(),
                    report.pages_rendered,
                    report.changed_files
                );
                let event = report.event;
                // Recorded before browsers hear of it, so whoever reacts to the event finds it.
                shared
                    .reports
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(report);
                match event {
                    "errors" => {
                        let json = serde_json::to_string(&current.problems).unwrap_or_default();
                        shared.broadcaster.send("errors", &json);
                    }
                    "" => {}
                    event => shared.broadcaster.send(event, ""),
                }
            }
        }));
    }
    Ok(Server {
        addr,
        shared,
        http,
        threads,
    })
}

/// Keeps the preview's search index current without delaying a reload: rebuilds come in
/// through the channel, only the latest is indexed, and the index files are patched into
/// the served site when ready.
fn index_in_background(rx: &std::sync::mpsc::Receiver<IndexInput>, shared: &Shared) {
    lower_this_threads_priority();
    let mut cache = crate::search::SearchCache::default();
    while !shared.stop.load(Ordering::Relaxed) {
        let Ok(mut input) = rx.recv_timeout(Duration::from_millis(250)) else {
            continue;
        };
        while let Ok(newer) = rx.try_recv() {
            input = newer;
        }
        let files = if input.site.config.search {
            let records = crate::search::records(&input.site, &input.journey, &input.strings);
            // While a rebuild runs, the indexer waits between records.
            let pause = || {
                while shared.rebuilding.load(Ordering::Relaxed)
                    && !shared.stop.load(Ordering::Relaxed)
                {
                    std::thread::sleep(Duration::from_millis(2));
                }
            };
            match crate::search::cached_index(
                records,
                &mut cache,
                crate::search::Threads::Own,
                None,
                &pause,
            ) {
                Ok(Some(files)) => files,
                Ok(None) => continue,
                Err(d) => {
                    eprint!("{d}");
                    continue;
                }
            }
        } else {
            cache = crate::search::SearchCache::default();
            vec![]
        };
        let _guard = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
        if !shared.search_enabled.load(Ordering::SeqCst) {
            shared
                .search_files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            continue;
        }
        *shared
            .search_files
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = files.clone();
        let current = shared
            .site
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut patched = ServedSite {
            files: current.files.clone(),
            problems: current.problems.clone(),
            copy_stamps: current.copy_stamps.clone(),
        };
        with_search_files(&mut patched.files, &files);
        *shared.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(patched);
    }
}

/// Replaces the site's search index files by `search`.
fn with_search_files(
    files: &mut std::collections::BTreeMap<String, OutputFile>,
    search: &[(String, OutputFile)],
) {
    let prefix = format!("{}/", crate::render::SEARCH_BUNDLE_DIR);
    files.retain(|path, _| !path.starts_with(&prefix));
    for (path, file) in search {
        files.insert(path.clone(), file.clone());
    }
}

/// One rebuild. On failure the previous site stays served, with the problems attached.
fn rebuild(
    build: &BuildOptions,
    caches: &mut Caches,
    previous: Option<(&ServedSite, Instant)>,
    search: &[(String, OutputFile)],
) -> (ServedSite, RebuildReport, Option<IndexInput>) {
    let started = previous.map_or_else(Instant::now, |(_, s)| s);
    let progress = Progress::default();
    match crate::pipeline::render_site_serving(build, &progress, caches) {
        Ok(built) => {
            let phase = crate::util::timings::Phase::start("publish");
            print(&built.warnings);
            let problems = problems_of(&built.warnings);
            let mut files = built.rendered.files;
            if built.site.config.search {
                with_search_files(&mut files, search);
            }
            let index_input = IndexInput {
                site: built.site,
                journey: built.journey,
                strings: built.strings,
            };
            let copy_stamps = stamps(&files);
            let changed: Vec<&str> = match previous {
                Some((old, _)) => changed_paths(old, &files, &copy_stamps),
                None => files.keys().map(String::as_str).collect(),
            };
            let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
            let had_problems = previous.is_some_and(|(old, _)| !old.problems.is_empty());
            let event = if !problems.is_empty() {
                "errors"
            } else if css_only && !had_problems {
                "css"
            } else if changed.is_empty() && !had_problems {
                ""
            } else {
                "reload"
            };
            phase.end();
            let report = RebuildReport {
                ok: problems.is_empty(),
                pages_rendered: caches.pages.rendered_last_run,
                bodies_rendered: caches.markdown.rendered_last_run,
                changed_files: changed.len(),
                elapsed: started.elapsed(),
                event,
            };
            (
                ServedSite {
                    files,
                    problems,
                    copy_stamps,
                },
                report,
                Some(index_input),
            )
        }
        Err(diagnostics) => {
            print(&diagnostics);
            let files = previous
                .map(|(old, _)| old.files.clone())
                .unwrap_or_default();
            let copy_stamps = previous
                .map(|(old, _)| old.copy_stamps.clone())
                .unwrap_or_default();
            let report = RebuildReport {
                ok: false,
                pages_rendered: 0,
                bodies_rendered: 0,
                changed_files: 0,
                elapsed: started.elapsed(),
                event: "errors",
            };
            (
                ServedSite {
                    files,
                    problems: problems_of(&diagnostics),
                    copy_stamps,
                },
                report,
                None,
            )
        }
    }
}

fn stamps(
    files: &std::collections::BTreeMap<String, OutputFile>,
) -> std::collections::HashMap<String, (u64, Option<std::time::SystemTime>)> {
    files
        .iter()
        .filter_map(|(path, f)| match f {
            OutputFile::Copy(source) => {
                let meta = std::fs::metadata(source).ok();
                Some((
                    path.clone(),
                    (
                        meta.as_ref().map_or(0, |m| m.len()),
                        meta.and_then(|m| m.modified().ok()),
                    ),
                ))
            }
            _ => None,
        })
        .collect()
}

/// Generated files are compared by content; copied ones by their stamps (see `stamps`).
/// The paths whose file differs between the served site and the new one, or that only one of
/// them has. Both maps are in path order and are walked side by side: looking each of 20,000
/// paths up in the other map took 8 ms of a one-page rebuild.
fn changed_paths<'a>(
    old: &'a ServedSite,
    files: &'a std::collections::BTreeMap<String, OutputFile>,
    copy_stamps: &std::collections::HashMap<String, (u64, Option<std::time::SystemTime>)>,
) -> Vec<&'a str> {
    let mut changed = vec![];
    let mut old_files = old.files.iter().peekable();
    for (path, file) in files {
        while let Some((gone, _)) = old_files.next_if(|(p, _)| *p < path) {
            changed.push(gone.as_str());
        }
        let before = old_files.next_if(|(p, _)| *p == path).map(|(_, f)| f);
        // Only copied files have stamps; any other file that is the same has none on
        // either side.
        let restamped = matches!(file, OutputFile::Copy(_))
            && old.copy_stamps.get(path) != copy_stamps.get(path);
        if !same_file(before, file) || restamped {
            changed.push(path.as_str());
        }
    }
    changed.extend(old_files.map(|(p, _)| p.as_str()));
    changed
}

fn same_file(old: Option<&OutputFile>, new: &OutputFile) -> bool {
    match (old, new) {
        (Some(OutputFile::Bytes(a)), OutputFile::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
        (Some(OutputFile::Embedded(a)), OutputFile::Embedded(b)) => a == b,
        (Some(OutputFile::Copy(a)), OutputFile::Copy(b)) => a == b,
        _ => false,
    }
}

fn serve_requests(http: &tiny_http::Server, shared: &Shared) {
    while !shared.stop.load(Ordering::Relaxed) {
        let request = match http.recv_timeout(Duration::from_millis(250)) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(_) => break,
        };
        let site = shared
            .site
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let if_none_match = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("If-None-Match"))
            .map(|h| h.value.as_str().to_string());
        let method = request.method().as_str().to_string();
        match http::route(&site, &method, request.url(), if_none_match.as_deref()) {
            Route::Events => {
                let writer = request.into_writer();
                shared.broadcaster.add(writer);
            }
            Route::Reply(reply) => {
                let mut response = tiny_http::Response::from_data(reply.body)
                    .with_status_code(reply.status)
                    // A known length rather than chunks: every body is already in memory.
                    .with_chunked_threshold(usize::MAX);
                for (name, value) in reply.headers {
                    if name == "Content-Length" {
                        continue;
                    }
                    if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                    {
                        response.add_header(h);
                    }
                }
                let _ = request.respond(response);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};
    use std::path::PathBuf;

    fn bytes(text: &str) -> OutputFile {
        OutputFile::Bytes(Arc::new(text.as_bytes().to_vec()))
    }

    #[test]
    fn changed_paths_are_the_added_the_gone_the_different_and_the_restamped() {
        let kept = bytes("kept");
        let logo = OutputFile::Copy(PathBuf::from("static/logo.svg"));
        let old = ServedSite {
            files: BTreeMap::from([
                ("a/gone.html".to_string(), bytes("gone")),
                ("b/kept.html".to_string(), kept.clone()),
                ("c/edited.html".to_string(), bytes("before")),
                ("d/logo.svg".to_string(), logo.clone()),
                ("e/same-text.html".to_string(), bytes("same")),
                ("z/gone-last.html".to_string(), bytes("gone")),
            ]),
            problems: vec![],
            copy_stamps: HashMap::from([("d/logo.svg".to_string(), (10, None))]),
        };
        let files = BTreeMap::from([
            ("b/kept.html".to_string(), kept),
            ("bb/added.html".to_string(), bytes("new")),
            ("c/edited.html".to_string(), bytes("after")),
            ("d/logo.svg".to_string(), logo),
            ("e/same-text.html".to_string(), bytes("same")),
        ]);
        let restamped = HashMap::from([("d/logo.svg".to_string(), (11, None))]);
        let sorted = |stamps| {
            let mut changed = changed_paths(&old, &files, stamps);
            changed.sort_unstable();
            changed
        };
        let edits = ["a/gone.html", "bb/added.html", "c/edited.html"];
        let mut with_logo = edits.to_vec();
        with_logo.extend(["d/logo.svg", "z/gone-last.html"]);
        assert_eq!(sorted(&restamped), with_logo);
        let mut without_logo = edits.to_vec();
        without_logo.push("z/gone-last.html");
        assert_eq!(sorted(&old.copy_stamps), without_logo);
    }
}
