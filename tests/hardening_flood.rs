//! A flood of idle connections costs the preview queue places, not threads, and a real
//! request still gets its page. Alone in its test binary, so the thread count it reads is
//! the server's own.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use journeyhub::serve::{ServeOptions, start};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[test]
fn idle_connections_are_bounded_and_a_real_request_is_still_answered() {
    let site = TestSite::fixture("minimal");
    let mut options = ServeOptions::new(&site.root);
    options.port = 0;
    options.build.now = Some(now());
    let server = start(options).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let before = threads();

    let idle: Vec<TcpStream> = (0..400)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let during = threads();
    assert!(
        during <= before + 2,
        "{} idle connections made {} threads",
        idle.len(),
        during - before
    );

    // While they stay open, a browser's request is answered (at worst after a few "busy").
    let started = Instant::now();
    let mut answered = None;
    while started.elapsed() < Duration::from_secs(20) {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        if raw.starts_with("HTTP/1.1 200") {
            answered = Some(started.elapsed());
            break;
        }
        assert!(raw.is_empty() || raw.starts_with("HTTP/1.1 503"), "{raw}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let answered = answered.expect("a page within 20 s");
    assert!(threads() <= before + 2);
    eprintln!(
        "answered after {answered:?} with {} idle connections open",
        idle.len()
    );
    drop(idle);
}
