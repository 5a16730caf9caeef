//! `JOURNEYHUB_TIMINGS=1` prints how long each stage of a run took, to stderr: the first
//! thing to look at when a site builds slower than expected.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("JOURNEYHUB_TIMINGS").is_some_and(|v| v != "0"))
}

pub struct Phase {
    name: &'static str,
    started: Option<Instant>,
}

impl Phase {
    pub fn start(name: &'static str) -> Phase {
        Phase {
            name,
            started: enabled().then(Instant::now),
        }
    }

    pub fn end(self) {
        if let Some(t) = self.started {
            eprintln!(
                "timing: {:<14} {:>8.1} ms",
                self.name,
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
