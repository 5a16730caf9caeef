//! Helpers for the tests that speak to a running preview server.

use journeyhub::serve::Server;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Reads server-sent events into a channel as (event, data).
pub fn listen(server: &Server) -> mpsc::Receiver<(String, String)> {
    let mut s = TcpStream::connect(server.addr).unwrap();
    write!(
        s,
        "GET /__journeyhub/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(s);
        let mut event = String::new();
        let mut data = String::new();
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data:") {
                data.push_str(d.trim_start());
            } else if line.is_empty() && !event.is_empty() {
                if tx.send((event.clone(), data.clone())).is_err() {
                    break;
                }
                event.clear();
                data.clear();
            }
        }
    });
    let started = Instant::now();
    while server.live_clients() == 0 && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.live_clients() > 0, "the event stream was accepted");
    rx
}

pub fn next_event(rx: &mpsc::Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(15))
        .expect("an event within 15 s")
}
