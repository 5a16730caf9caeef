//! The preview's HTTP/1.1 server: one thread accepts connections into a bounded queue and a
//! fixed pool of workers answers them, so a flood of connections costs queue places, not
//! threads. A request head is read into at most `max_head` bytes and must arrive in time; a
//! connection that waits for its next request is closed after a while, at once when others
//! wait for a worker. Only requests naming this server in `Host` are answered, so a page
//! whose domain is re-pointed at 127.0.0.1 (DNS rebinding) cannot read the preview.

use super::http::{Reply, Route};
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Limits {
    /// Threads answering requests; each holds one connection at a time.
    pub workers: usize,
    /// Connections waiting for a worker; more are answered 503 at once.
    pub queue: usize,
    /// Longest request head (request line and headers); longer ones get 431.
    pub max_head: usize,
    /// Time a request head may take from its first byte; slower ones get 408.
    pub head_timeout: Duration,
    /// Time a connection may wait for its next request when no one else waits.
    pub idle_timeout: Duration,
    /// Live-reload event streams open at once; they hold a socket each, not a thread.
    pub max_streams: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            workers: 16,
            queue: 128,
            max_head: 16 * 1024,
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            max_streams: 64,
        }
    }
}

/// How long an idle connection keeps its worker while other connections wait.
const YIELD_AFTER: Duration = Duration::from_millis(100);
/// How often a waiting worker looks at the queue and the stop flag.
const SLICE: Duration = Duration::from_millis(50);

/// What the server needs of the preview.
pub trait Handler: Send + Sync + 'static {
    fn route(&self, method: &str, target: &str, if_none_match: Option<&str>) -> Route;
    /// Takes over a live-reload connection; false when there are too many already.
    fn take_stream(&self, stream: TcpStream) -> bool;
}

/// One parsed request head.
struct Request {
    method: String,
    target: String,
    http10: bool,
    host: Option<String>,
    if_none_match: Option<String>,
    close: bool,
    has_body: bool,
}

/// Why a connection ends without another request.
enum End {
    /// Closed by the client, idle too long, or an I/O error: nothing to answer.
    Quietly,
    Answer(u16, &'static str),
}

pub struct Running {
    stop: Arc<AtomicBool>,
    wake: SocketAddr,
    threads: Vec<JoinHandle<()>>,
}

impl Running {
    /// Stops accepting, lets each worker finish its request, and waits for them.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // The acceptor blocks in accept(): a connection of our own wakes it.
        let _ = TcpStream::connect_timeout(&self.wake, Duration::from_secs(1));
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The names a request's `Host` may give: the loopback names, the bound address and `extra`.
pub fn allowed_hosts(bound: IpAddr, extra: &[String]) -> Vec<String> {
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
        .map(String::from)
        .to_vec();
    hosts.push(match bound {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    });
    hosts.extend(
        extra
            .iter()
            .map(|h| h.trim_end_matches('.').to_ascii_lowercase()),
    );
    hosts
}

/// The host part of a `Host` value, without the port.
fn host_name(value: &str) -> String {
    let value = value.trim();
    let name = if value.starts_with('[') {
        value.split_inclusive(']').next().unwrap_or(value)
    } else {
        value.rsplit_once(':').map_or(value, |(name, _)| name)
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

pub fn start(
    listener: TcpListener,
    limits: Limits,
    hosts: Vec<String>,
    handler: Arc<dyn Handler>,
) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let wake = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from(([127, 0, 0, 1], addr.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from(([0u16, 0, 0, 0, 0, 0, 0, 1], addr.port()))
        }
        _ => addr,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let queued = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = std::sync::mpsc::sync_channel::<TcpStream>(limits.queue.max(1));
    let rx = Arc::new(Mutex::new(rx));
    let hosts = Arc::new(hosts);
    let mut threads = vec![];
    for _ in 0..limits.workers.max(1) {
        let worker = Worker {
            rx: rx.clone(),
            queued: queued.clone(),
            stop: stop.clone(),
            limits: limits.clone(),
            hosts: hosts.clone(),
            handler: handler.clone(),
        };
        threads.push(std::thread::spawn(move || worker.run()));
    }
    {
        let stop = stop.clone();
        threads.push(std::thread::spawn(move || {
            accept(&listener, &tx, &queued, &stop)
        }));
    }
    Ok(Running {
        stop,
        wake,
        threads,
    })
}

/// Accepts until stopped; a connection that finds the queue full is answered 503 and closed.
fn accept(
    listener: &TcpListener,
    tx: &SyncSender<TcpStream>,
    queued: &AtomicUsize,
    stop: &AtomicBool,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        queued.fetch_add(1, Ordering::SeqCst);
        match tx.try_send(stream) {
            Ok(()) => {}
            Err(TrySendError::Full(mut stream)) => {
                queued.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
                let reply = text(503, "the preview is busy; try again");
                let _ = write_reply(&mut stream, &reply, false, true, &[("Retry-After", "1")]);
            }
            Err(TrySendError::Disconnected(_)) => break,
        }
    }
    // Dropping the sender tells the workers to end.
}

struct Worker {
    rx: Arc<Mutex<Receiver<TcpStream>>>,
    queued: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    limits: Limits,
    hosts: Arc<Vec<String>>,
    handler: Arc<dyn Handler>,
}

impl Worker {
    fn run(&self) {
        loop {
            let next = self
                .rx
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .recv_timeout(Duration::from_millis(250));
            match next {
                Ok(stream) => {
                    self.queued.fetch_sub(1, Ordering::SeqCst);
                    self.connection(stream);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
        }
    }

    /// Answers requests on one connection until it closes, idles or errs.
    fn connection(&self, mut stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(self.limits.head_timeout));
        let mut buf: Vec<u8> = Vec::with_capacity(1024);
        loop {
            let request = match self.read_head(&mut stream, &mut buf) {
                Ok(len) => {
                    let parsed = parse(&buf[..len]);
                    buf.drain(..len);
                    parsed
                }
                Err(end) => Err(end),
            };
            let request = match request {
                Ok(r) => r,
                Err(End::Quietly) => return,
                Err(End::Answer(status, why)) => {
                    let _ = write_reply(&mut stream, &text(status, why), false, true, &[]);
                    linger(stream);
                    return;
                }
            };
            if !self.host_allowed(&request) {
                let reply = text(
                    403,
                    "this preview answers only to its own names (localhost, 127.0.0.1, [::1], the address it listens on); start it with --host NAME to allow another",
                );
                let _ = write_reply(&mut stream, &reply, false, true, &[]);
                return;
            }
            let head = request.method.eq_ignore_ascii_case("HEAD");
            let route = self.handler.route(
                &request.method,
                &request.target,
                request.if_none_match.as_deref(),
            );
            let close = request.close || request.has_body || self.stop.load(Ordering::SeqCst);
            let reply = match route {
                Route::Events => {
                    let Ok(taken) = stream.try_clone() else {
                        return;
                    };
                    let _ = taken.set_read_timeout(None);
                    // A browser that stops reading must not hold up the others' events.
                    let _ = taken.set_write_timeout(Some(Duration::from_secs(2)));
                    if self.handler.take_stream(taken) {
                        return;
                    }
                    text(503, "too many live-reload connections")
                }
                Route::Reply(reply) => reply,
            };
            if write_reply(&mut stream, &reply, head, close, &[]).is_err() || close {
                return;
            }
        }
    }

    fn host_allowed(&self, request: &Request) -> bool {
        match &request.host {
            Some(value) => self.hosts.contains(&host_name(value)),
            // HTTP/1.0 clients may leave it out; browsers always send it.
            None => request.http10,
        }
    }

    /// Reads until `buf` holds a whole request head; returns its length.
    fn read_head(&self, stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<usize, End> {
        let waiting_since = Instant::now();
        let mut first_byte: Option<Instant> = (!buf.is_empty()).then(Instant::now);
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = head_end(buf) {
                return Ok(end);
            }
            if buf.len() > self.limits.max_head {
                return Err(End::Answer(431, "the request headers are too large"));
            }
            let wait = match first_byte {
                Some(t) => self.limits.head_timeout.saturating_sub(t.elapsed()),
                None => SLICE,
            };
            let _ = stream.set_read_timeout(Some(wait.max(Duration::from_millis(1))));
            // Never more than one byte past the limit is kept.
            let room = (self.limits.max_head + 1 - buf.len()).min(chunk.len());
            match stream.read(&mut chunk[..room]) {
                Ok(0) => return Err(End::Quietly),
                Ok(n) => {
                    first_byte.get_or_insert_with(Instant::now);
                    buf.extend_from_slice(&chunk[..n]);
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if let Some(t) = first_byte {
                        if t.elapsed() >= self.limits.head_timeout {
                            return Err(End::Answer(408, "the request took too long to arrive"));
                        }
                    } else {
                        let idle = waiting_since.elapsed();
                        let others_wait = self.queued.load(Ordering::SeqCst) > 0;
                        if idle >= self.limits.idle_timeout
                            || (others_wait && idle >= YIELD_AFTER)
                            || self.stop.load(Ordering::SeqCst)
                        {
                            return Err(End::Quietly);
                        }
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Err(End::Quietly),
            }
        }
    }
}

fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

fn parse(head: &[u8]) -> Result<Request, End> {
    let bad = End::Answer(400, "the request is malformed");
    let text =
        std::str::from_utf8(head).map_err(|_| End::Answer(400, "the request head is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (first.next(), first.next(), first.next(), first.next())
    else {
        return Err(bad);
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => {
            return Err(End::Answer(
                505,
                "only HTTP/1.0 and HTTP/1.1 are spoken here",
            ));
        }
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(bad);
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        http10,
        host: None,
        if_none_match: None,
        close: http10,
        has_body: false,
    };
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad);
        };
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "host" if request.host.is_some() => return Err(bad),
            "host" => request.host = Some(value.to_string()),
            "if-none-match" => request.if_none_match = Some(value.to_string()),
            "connection" => {
                let has = |word: &str| {
                    value
                        .split(',')
                        .any(|t| t.trim().eq_ignore_ascii_case(word))
                };
                request.close = if http10 {
                    !has("keep-alive")
                } else {
                    has("close")
                };
            }
            "content-length" => request.has_body = value != "0",
            "transfer-encoding" => request.has_body = true,
            _ => {}
        }
    }
    Ok(request)
}

fn text(status: u16, message: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
        body: message.as_bytes().to_vec(),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes a reply in one piece (head and body together, so no segment waits for an ACK).
fn write_reply(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    close: bool,
    extra: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    let headers = reply.headers.iter().map(|(k, v)| (*k, v.as_str()));
    for (name, value) in headers.chain(extra.iter().copied()) {
        if name != "Content-Length" {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if reply.status != 304 {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    out.push_str(if close {
        "Connection: close\r\n\r\n"
    } else {
        "Connection: keep-alive\r\n\r\n"
    });
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&reply.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Closes after an error reply without resetting the connection while the client is still
/// sending (a reset can discard the reply before the client reads it): the rest is read and
/// dropped for a moment, up to a bound.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut sink = [0u8; 4096];
    let mut left: usize = 256 * 1024;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_their_port_and_case() {
        assert_eq!(host_name("LocalHost:1111"), "localhost");
        assert_eq!(host_name("[::1]:8080"), "[::1]");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
        assert_eq!(host_name("preview.example.com.:80"), "preview.example.com");
        let hosts = allowed_hosts(IpAddr::from([192, 168, 1, 5]), &["Hub.Local".into()]);
        for ok in [
            "localhost",
            "127.0.0.1",
            "[::1]",
            "192.168.1.5",
            "hub.local",
        ] {
            assert!(hosts.contains(&ok.to_string()), "{ok}");
        }
        assert!(!hosts.contains(&host_name("evil.example.com:1111")));
    }

    #[test]
    fn heads_are_parsed_strictly() {
        let ok = parse(b"GET /a HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let Ok(r) = ok else { panic!("parsed") };
        assert!(r.close && !r.http10 && r.host.as_deref() == Some("localhost"));
        for bad in [
            &b"GET /a\r\n\r\n"[..],
            b"GET /a HTTP/1.1 x\r\n\r\n",
            b"G=T /a HTTP/1.1\r\n\r\n",
            b"GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"GET /a HTTP/1.1\r\nno colon\r\n\r\n",
        ] {
            assert!(matches!(parse(bad), Err(End::Answer(400, _))), "{bad:?}");
        }
        assert!(matches!(
            parse(b"GET / HTTP/2.0\r\n\r\n"),
            Err(End::Answer(505, _))
        ));
    }
}
