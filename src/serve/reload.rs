//! Server-Sent Events to open browsers: reload, swap stylesheets, show or clear errors.

use std::io::Write;
use std::sync::Mutex;

type Client = Box<dyn Write + Send>;

#[derive(Default)]
pub struct Broadcaster {
    clients: Mutex<Vec<Client>>,
}

impl Broadcaster {
    /// Takes over a connection whose response headers are not yet written.
    pub fn add(&self, mut writer: Client) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n: connected\n\n";
        if writer
            .write_all(head.as_bytes())
            .and_then(|_| writer.flush())
            .is_ok()
        {
            self.clients
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(writer);
        }
    }

    /// Sends one event to every browser; a browser that went away is dropped.
    pub fn send(&self, event: &str, data: &str) {
        let mut message = format!("event: {event}\n");
        for line in data.lines() {
            message.push_str("data: ");
            message.push_str(line);
            message.push('\n');
        }
        if data.is_empty() {
            message.push_str("data:\n");
        }
        message.push('\n');
        self.write_all(message.as_bytes());
    }

    /// A comment line: keeps proxies from closing the stream and finds closed connections.
    pub fn heartbeat(&self) {
        self.write_all(b": ping\n\n");
    }

    fn write_all(&self, bytes: &[u8]) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain_mut(|c| c.write_all(bytes).and_then(|_| c.flush()).is_ok());
    }

    pub fn client_count(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn close_all(&self) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
