//! Serve: build into memory, answer HTTP from memory, watch the sources, rebuild what a
//! change touches and tell browsers to reload. The served site is one immutable value behind
//! an `Arc` that a rebuild swaps; requests never wait for a rebuild. During the first build
//! a page is rendered as soon as it is asked for (see [`early`]).

mod early;
mod follow;
pub mod http;
pub mod reload;
pub mod server;
pub mod watch;

use crate::pipeline::{BuildOptions, Caches};
use crate::render::OutputFile;
use crate::util::diagnostics::{Diagnostic, Diagnostics};
use crate::util::messages::{Lang, Text, t};
use http::{Route, ServedSite};
use reload::Broadcaster;
pub use server::Limits;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Names besides localhost and the bound address that requests may give in `Host`
    /// (`--host`), such as a name for this machine on the local network.
    pub hosts: Vec<String>,
    /// Workers, queue, header size and time limits of the HTTP server.
    pub limits: Limits,
    /// How often open event streams are pinged, which also finds closed browsers.
    pub heartbeat: Duration,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            build: BuildOptions::new(root),
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 1111,
            hosts: vec![],
            limits: Limits::default(),
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
    /// Most live-reload streams open at once.
    max_streams: usize,
    stop: AtomicBool,
    /// Set while a rebuild runs; the background indexer waits meanwhile.
    rebuilding: AtomicBool,
    reports: Mutex<Vec<RebuildReport>>,
    /// Until the first build is published: where requests for pages go (see [`early`]).
    early: Mutex<Option<std::sync::mpsc::Sender<crate::render::pages::PageRequest>>>,
}

impl Shared {
    fn current(&self) -> Arc<ServedSite> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl server::Handler for Shared {
    fn route(&self, method: &str, target: &str, if_none_match: Option<&str>) -> Route {
        if let Some(route) = early::route(self, method, target, if_none_match) {
            return route;
        }
        http::route(&self.current(), method, target, if_none_match)
    }

    fn take_stream(&self, stream: TcpStream) -> bool {
        if self.broadcaster.client_count() >= self.max_streams {
            return false;
        }
        self.broadcaster.add(Box::new(stream));
        true
    }
}

/// A running preview server. Dropping it stops the server.
pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    http: Option<server::Running>,
    threads: Vec<JoinHandle<()>>,
    /// Removed when the server goes; last, so that the threads writing into it have
    /// stopped by then.
    drip_folder: Option<OwnFolder>,
}

/// A folder the preview makes for itself under the system's temporary folder, and removes
/// when it stops: the drip files, about 300 MB at 10,000 documents, wait there instead of in
/// memory. It is always a new folder, so nothing that was there before is ever removed.
struct OwnFolder(std::path::PathBuf);

impl OwnFolder {
    fn create() -> Option<OwnFolder> {
        (0..100).find_map(|n| {
            let path =
                std::env::temp_dir().join(format!("journeyhub-preview-{}-{n}", std::process::id()));
            std::fs::create_dir(&path).ok().map(|()| OwnFolder(path))
        })
    }
}

impl Drop for OwnFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The folder this server made for the drip files it serves, if it could make one (else
    /// they are kept in memory). It is removed when the server goes.
    pub fn drip_folder(&self) -> Option<&std::path::Path> {
        self.drip_folder.as_ref().map(|folder| folder.0.as_path())
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

    pub fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(mut http) = self.http.take() {
            http.stop();
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

/// The errors shown over the page, written in `lang`.
fn problems_of(d: &Diagnostics, lang: Lang) -> Vec<Diagnostic> {
    d.0.iter()
        .filter(|d| d.is_error())
        .cloned()
        .map(|mut d| {
            d.localize(lang);
            d
        })
        .collect()
}

fn print(d: &Diagnostics, lang: Lang) {
    if !d.is_empty() {
        let mut d = d.clone();
        d.localize(lang);
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

/// A listening socket with Nagle's algorithm off.
///
/// A response's head and body on a kept-alive connection must not wait for the browser's
/// delayed ACK of the previous one (40 ms on Linux), which capped a page and its assets at
/// ~25 requests a second per connection. Linux gives accepted connections the listener's
/// TCP_NODELAY (and each worker sets it again).
fn listen_on(addr: SocketAddr) -> Result<TcpListener, String> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))
        .map_err(|e| e.to_string())?;
    // As std's TcpListener::bind does, so a restarted preview can take its port back at once.
    #[cfg(unix)]
    socket.set_reuse_address(true).map_err(|e| e.to_string())?;
    socket.set_tcp_nodelay(true).map_err(|e| e.to_string())?;
    socket.bind(&addr.into()).map_err(|e| e.to_string())?;
    socket.listen(128).map_err(|e| e.to_string())?;
    Ok(TcpListener::from(socket))
}

/// Builds the site once, then serves it and rebuilds on change until stopped.
pub fn start(options: ServeOptions) -> Result<Server, Text> {
    listen(options)?.build()
}

/// A preview that listens and answers, and whose first build is still to run (see
/// [`Starting::build`]); pages asked for meanwhile are answered when it renders them.
pub struct Starting {
    addr: SocketAddr,
    options: ServeOptions,
    build: BuildOptions,
    shared: Arc<Shared>,
    http: server::Running,
    drip_folder: Option<OwnFolder>,
    early: std::sync::mpsc::Receiver<crate::render::pages::PageRequest>,
}

/// Takes the port and starts answering, before anything is built: the address can be shown
/// (and a browser opened) at once.
pub fn listen(options: ServeOptions) -> Result<Starting, Text> {
    let listener = listen_on(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        if options.port != 0 && e.contains("in use") {
            t("serve.port-in-use")
                .arg("port", options.port)
                .arg("bind", options.bind)
        } else {
            t("serve.cannot-listen")
                .arg("address", format!("{}:{}", options.bind, options.port))
                .arg("error", e)
        }
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| t("serve.no-address").arg("error", e))?;
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
    let drip_folder = OwnFolder::create();
    build.drip_folder = drip_folder.as_ref().map(|folder| folder.0.clone());
    let (early_tx, early) = std::sync::mpsc::channel();
    let shared = Arc::new(Shared {
        site: RwLock::new(Arc::new(ServedSite::default())),
        publish: Mutex::new(()),
        search_files: Mutex::new(vec![]),
        search_enabled: AtomicBool::new(false),
        broadcaster: Broadcaster::default(),
        max_streams: options.limits.max_streams,
        stop: AtomicBool::new(false),
        rebuilding: AtomicBool::new(false),
        reports: Mutex::new(vec![]),
        early: Mutex::new(Some(early_tx)),
    });
    let hosts = server::allowed_hosts(addr.ip(), &options.hosts);
    let http = server::start(listener, options.limits.clone(), hosts, shared.clone())
        .map_err(|e| t("serve.cannot-serve").arg("address", addr).arg("error", e))?;
    Ok(Starting {
        addr,
        options,
        build,
        shared,
        http,
        drip_folder,
        early,
    })
}

impl Starting {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Builds the site once, publishes it, and follows the sources from then on.
    pub fn build(self) -> Result<Server, Text> {
        let Starting {
            addr,
            options,
            build,
            shared,
            http,
            drip_folder,
            early,
        } = self;
        let mut server = Server {
            addr,
            shared: shared.clone(),
            http: Some(http),
            threads: vec![],
            drip_folder,
        };
        let mut caches = Caches::default();
        caches.pages.early = Some(early);
        let (site, _, index_input) = follow::rebuild(&build, &mut caches, None, &[]);
        // A request still waiting for an early page is let go of, to the published site.
        caches.pages.early = None;
        {
            let _guard = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
            shared.search_enabled.store(
                index_input
                    .as_ref()
                    .is_some_and(|input| input.site.config.search),
                Ordering::SeqCst,
            );
            *shared.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
            *shared.early.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        // A page answered early showed no problems: browsers open by now hear of them.
        let current = shared.current();
        if !current.problems.is_empty() {
            let json = serde_json::to_string(&current.problems).unwrap_or_default();
            shared.broadcaster.send("errors", &json);
        }

        let (index_tx, index_rx) = std::sync::mpsc::channel::<IndexInput>();
        if let Some(input) = index_input {
            let _ = index_tx.send(input);
        }
        {
            let shared = shared.clone();
            server.threads.push(std::thread::spawn(move || {
                index_in_background(&index_rx, &shared)
            }));
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher =
            notify::recommended_watcher(tx).map_err(|e| t("serve.cannot-watch").arg("error", e))?;
        let root = std::fs::canonicalize(&build.root).unwrap_or(build.root.clone());
        // The root itself, so that a source folder made (again) is seen at once.
        {
            use notify::Watcher;
            let _ = watcher.watch(&root, notify::RecursiveMode::NonRecursive);
        }
        let mut follower = follow::Follower {
            build,
            caches,
            shared,
            index_tx,
            watcher,
            rx,
            root,
            heartbeat_every: options.heartbeat,
            watched: vec![],
        };
        follower.arm();
        // Changes under content/ are reported from now on; see LoadCache::note_changes.
        follower.caches.load.start_watching();
        server
            .threads
            .push(std::thread::spawn(move || follower.run()));
        Ok(server)
    }
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
        let current = shared.current();
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
