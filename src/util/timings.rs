//! `JOURNEYHUB_TIMINGS=1` prints how long each stage of a run took, to stderr: the first
//! thing to look at when a site builds slower than expected. Stages overlap (the theme loads
//! while documents link, the search index builds while pages render), so each line also
//! says when the stage started and ended, in ms since the first stage started.

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

/// When the run's first stage started.
static FIRST_START: OnceLock<Instant> = OnceLock::new();

impl Phase {
    pub fn start(name: &'static str) -> Phase {
        let started = enabled().then(Instant::now);
        if let Some(t) = started {
            FIRST_START.get_or_init(|| t);
        }
        Phase { name, started }
    }

    pub fn end(self) {
        if let Some(t) = self.started {
            let first = *FIRST_START.get_or_init(|| t);
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            eprintln!(
                "timing: {:<14} {:>8.1} ms  [{:.1} → {:.1}]",
                self.name,
                ms(t.elapsed()),
                ms(t.saturating_duration_since(first)),
                ms(first.elapsed())
            );
        }
    }
}

/// Prints a size the run reached, such as what a cache holds, beside the timings: memory
/// has no stage of its own to time.
pub fn size(name: &str, what: impl FnOnce() -> String) {
    if enabled() {
        eprintln!("size:   {name:<14} {}", what());
    }
}
