//! journeyhub-serve-bench: measures the preview server on a real site (for the figures in
//! docs/benchmarks.md; not a test, and nothing here asserts a time).
//!
//! 1. Save-to-reload latency: edits one playbook, as an editor saving it would, and times
//!    the moment the `reload` event reaches a browser's event stream, read over raw TCP.
//! 2. Throughput: requests per second for one page on loopback, with keep-alive clients and
//!    with a new connection per request. Both loops stop at a request count or a time limit.
//!
//! The edited playbook is restored at the end, also when a sample fails.

// The allocator `journeyhub` itself uses (see src/tuning.rs), so the figures are the preview server's.
// Not every tool uses every setting of it.
#[allow(dead_code)]
#[path = "../src/tuning.rs"]
mod tuning;

use clap::Parser;
use journeyhub::serve::{ServeOptions, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "journeyhub-serve-bench",
    about = "Measure journeyhub serve: save-to-reload latency and requests per second"
)]
struct Cli {
    /// The site to serve (a generated corpus: journeyhub-corpus --docs 10000)
    #[arg(long)]
    root: PathBuf,
    /// Edits to time (after two warm-up edits that are not counted)
    #[arg(long, default_value_t = 25)]
    samples: usize,
    /// Pause between edits, so that one save never joins the previous one's burst
    #[arg(long, default_value_t = 250)]
    gap_ms: u64,
    /// How long to wait for each reload event before giving up
    #[arg(long, default_value_t = 300)]
    timeout_s: u64,
    /// Time limit of each throughput run
    #[arg(long, default_value_t = 5)]
    load_seconds: u64,
    /// Request limit of each throughput run
    #[arg(long, default_value_t = 200_000)]
    load_requests: usize,
    /// Concurrent clients in the throughput runs
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// The build time, as in `journeyhub build --now`
    #[arg(long, default_value = "2026-12-01T09:00:00+09:00")]
    now: jiff::Timestamp,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// The first default-language playbook at the top of playbooks/, and its page's path.
fn pick_playbook(root: &Path) -> Option<(PathBuf, String)> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content/playbooks"))
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n.matches('.').count() == 1)
        .collect();
    names.sort();
    let name = names.into_iter().next()?;
    let slug = name.trim_end_matches(".md").to_string();
    Some((
        root.join("content/playbooks").join(&name),
        format!("/playbooks/{slug}/"),
    ))
}

/// Opens an event stream and forwards each event name with the instant it arrived.
fn listen(addr: SocketAddr) -> std::io::Result<mpsc::Receiver<(String, Instant)>> {
    let mut s = TcpStream::connect(addr)?;
    write!(
        s,
        "GET /__journeyhub/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if line.is_empty()
                && !event.is_empty()
                && tx
                    .send((std::mem::take(&mut event), Instant::now()))
                    .is_err()
            {
                break;
            }
        }
    });
    Ok(rx)
}

struct Latency {
    /// Save to the reload event, per sample (ms).
    total: Vec<f64>,
    /// The server's own rebuild time for the same samples (ms).
    rebuild: Vec<f64>,
    pages: Vec<usize>,
}

fn measure_reload(
    server: &Server,
    file: &Path,
    original: &str,
    cli: &Cli,
) -> Result<Latency, String> {
    let rx = listen(server.addr).map_err(|e| format!("cannot open the event stream: {e}"))?;
    let started = Instant::now();
    while server.live_clients() == 0 {
        if started.elapsed() > Duration::from_secs(10) {
            return Err("the event stream was not accepted within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut out = Latency {
        total: vec![],
        rebuild: vec![],
        pages: vec![],
    };
    let warmup = 2;
    for n in 0..cli.samples + warmup {
        while rx.try_recv().is_ok() {}
        let reports_before = server.rebuilds().len();
        // A change a writer would make: one more sentence at the end of the body.
        let edited = format!("{original}\n編集 {n} 回目の追記です。\n");
        let saved = Instant::now();
        std::fs::write(file, edited).map_err(|e| format!("cannot save {}: {e}", file.display()))?;
        let arrived = loop {
            match rx.recv_timeout(Duration::from_secs(cli.timeout_s)) {
                Ok((event, at)) if event == "reload" => break at,
                Ok((event, _)) if event == "errors" => {
                    return Err(format!(
                        "the edit produced an errors event instead of a reload (sample {n})"
                    ));
                }
                Ok(_) => continue,
                Err(_) => {
                    return Err(format!(
                        "no reload event within {} s (sample {n})",
                        cli.timeout_s
                    ));
                }
            }
        };
        // The report is pushed right after the event is sent.
        let wait = Instant::now();
        let report = loop {
            let reports = server.rebuilds();
            if reports.len() > reports_before || wait.elapsed() > Duration::from_secs(5) {
                break reports.last().cloned();
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let ms = arrived.duration_since(saved).as_secs_f64() * 1e3;
        eprintln!(
            "edit {n:>2}: reload after {ms:7.1} ms{}",
            report.as_ref().map_or(String::new(), |r| format!(
                " (rebuild {:.1} ms, {} page(s) re-rendered)",
                r.elapsed.as_secs_f64() * 1e3,
                r.pages_rendered
            ))
        );
        if n >= warmup {
            out.total.push(ms);
            if let Some(r) = report {
                out.rebuild.push(r.elapsed.as_secs_f64() * 1e3);
                out.pages.push(r.pages_rendered);
            }
        }
        std::thread::sleep(Duration::from_millis(cli.gap_ms));
    }
    Ok(out)
}

/// Reads one response (status line, headers, Content-Length body); returns the status.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("connection closed in the headers"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

struct Load {
    requests: usize,
    errors: usize,
    seconds: f64,
    latencies_ms: Vec<f64>,
}

/// `connections` clients request `path` until `limit` requests or `seconds` have passed.
fn load(addr: SocketAddr, path: &str, keep_alive: bool, cli: &Cli) -> Load {
    let issued = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(cli.load_seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..cli.connections.max(1))
        .map(|_| {
            let issued = issued.clone();
            let stop = stop.clone();
            let path = path.to_string();
            let limit = cli.load_requests;
            std::thread::spawn(move || {
                let mut done = 0usize;
                let mut errors = 0usize;
                let mut latencies = vec![];
                let mut conn: Option<BufReader<TcpStream>> = None;
                let connection = if keep_alive { "keep-alive" } else { "close" };
                let request = format!(
                    "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: {connection}\r\n\r\n"
                );
                while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                    if issued.fetch_add(1, Ordering::Relaxed) >= limit {
                        break;
                    }
                    let t = Instant::now();
                    let result = (|| -> std::io::Result<u16> {
                        if conn.is_none() {
                            let s = TcpStream::connect(addr)?;
                            s.set_read_timeout(Some(Duration::from_secs(10)))?;
                            s.set_nodelay(true)?;
                            conn = Some(BufReader::new(s));
                        }
                        let reader = conn.as_mut().expect("connected above");
                        // One write, as a browser sends a request in one segment.
                        reader.get_mut().write_all(request.as_bytes())?;
                        read_response(reader)
                    })();
                    match result {
                        Ok(200) => {
                            done += 1;
                            latencies.push(t.elapsed().as_secs_f64() * 1e3);
                        }
                        _ => {
                            errors += 1;
                            conn = None;
                        }
                    }
                    if !keep_alive {
                        conn = None;
                    }
                }
                (done, errors, latencies)
            })
        })
        .collect();
    let mut out = Load {
        requests: 0,
        errors: 0,
        seconds: 0.0,
        latencies_ms: vec![],
    };
    for h in handles {
        if let Ok((d, e, l)) = h.join() {
            out.requests += d;
            out.errors += e;
            out.latencies_ms.extend(l);
        }
    }
    stop.store(true, Ordering::Relaxed);
    out.seconds = started.elapsed().as_secs_f64();
    out.latencies_ms.sort_by(f64::total_cmp);
    out
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Starts the server and asks for the home page the moment it listens, as a browser opened
/// by `serve --open` would: the server, and the seconds to the home page and to the end of
/// the first build.
fn start_asking_for_home(options: ServeOptions) -> Result<(Server, f64, f64), String> {
    let t = Instant::now();
    let starting = journeyhub::serve::listen(options).map_err(|e| e.to_string())?;
    let home = {
        let addr = starting.addr();
        std::thread::spawn(move || -> std::io::Result<(u16, f64)> {
            let s = TcpStream::connect(addr)?;
            write!(&s, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
            let status = read_response(&mut BufReader::new(s))?;
            Ok((status, t.elapsed().as_secs_f64()))
        })
    };
    let server = starting.build().map_err(|e| e.to_string())?;
    let first_build = t.elapsed().as_secs_f64();
    match home.join() {
        Ok(Ok((200, first_page))) => Ok((server, first_page, first_build)),
        Ok(Ok((status, _))) => Err(format!(
            "the home page answered {status} while the site was built"
        )),
        Ok(Err(e)) => Err(format!(
            "the home page could not be fetched while the site was built: {e}"
        )),
        Err(_) => Err("the home page request stopped".to_string()),
    }
}

fn main() -> ExitCode {
    tuning::apply();
    let cli = Cli::parse();
    let Some((file, page)) = pick_playbook(&cli.root) else {
        eprintln!(
            "error: no playbook in {}/content/playbooks; generate a site with journeyhub-corpus first",
            cli.root.display()
        );
        return ExitCode::from(1);
    };
    let original = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return ExitCode::from(1);
        }
    };
    let docs = walkdir::WalkDir::new(cli.root.join("content"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    let mut options = ServeOptions::new(&cli.root);
    options.port = 0;
    options.build.now = Some(cli.now);
    eprintln!("building {docs} documents into memory…");
    let (server, first_page, first_build) = match start_asking_for_home(options) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    eprintln!("serving at {} after {first_build:.1} s", server.url());

    let latency = measure_reload(&server, &file, &original, &cli);
    if let Err(e) = std::fs::write(&file, &original) {
        eprintln!("warning: could not restore {}: {e}", file.display());
    }
    let latency = match latency {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    // Let the restore's rebuild finish before loading the server.
    std::thread::sleep(Duration::from_millis(cli.gap_ms * 4));
    eprintln!("loading {page}…");
    let keep = load(server.addr, &page, true, &cli);
    let fresh = load(server.addr, &page, false, &cli);
    let rss = peak_rss_mb();

    let mut total = latency.total.clone();
    total.sort_by(f64::total_cmp);
    let mut rebuild = latency.rebuild.clone();
    rebuild.sort_by(f64::total_cmp);
    let mut pages = latency.pages.clone();
    pages.sort_unstable();
    let rel = file
        .strip_prefix(&cli.root)
        .unwrap_or(&file)
        .display()
        .to_string();
    // Markdown for docs/benchmarks.md, on stdout; progress went to stderr.
    println!("| measure | value |\n|---|---|");
    println!("| documents served | {docs} |");
    println!("| home page answered after `serve` starts | {first_page:.1} s |");
    println!("| first build into memory | {first_build:.1} s |");
    println!("| edited file | `{rel}` |");
    println!(
        "| save → `reload` event, median of {} | **{:.0} ms** |",
        total.len(),
        percentile(&total, 0.5)
    );
    println!(
        "| save → `reload` event, p90 | {:.0} ms |",
        percentile(&total, 0.9)
    );
    println!(
        "| save → `reload` event, min / max | {:.0} / {:.0} ms |",
        percentile(&total, 0.0),
        percentile(&total, 1.0)
    );
    println!(
        "| of which the server's rebuild, median | {:.0} ms |",
        percentile(&rebuild, 0.5)
    );
    println!(
        "| pages re-rendered per edit, median | {} |",
        pages.get(pages.len() / 2).copied().unwrap_or(0)
    );
    for (name, l) in [
        ("keep-alive", &keep),
        ("new connection per request", &fresh),
    ] {
        println!(
            "| `GET {page}`, {} clients, {name} | {:.0} requests/s ({} in {:.1} s, {} errors; median {:.2} ms, p99 {:.2} ms) |",
            cli.connections,
            l.requests as f64 / l.seconds,
            l.requests,
            l.seconds,
            l.errors,
            percentile(&l.latencies_ms, 0.5),
            percentile(&l.latencies_ms, 0.99)
        );
    }
    if let Some(mb) = rss {
        println!("| peak memory of the serving process | {mb:.0} MB |");
    }
    ExitCode::SUCCESS
}
