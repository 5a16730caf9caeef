//! `--external`: asks every outbound address whether it still answers. Each address is
//! asked once however often it is written, by a bounded number of threads, each request
//! bounded by a timeout, so a slow server delays the check by at most that timeout.
//!
//! An address that answers with an error status (404, 410, 500, ...) is broken: an error.
//! One that cannot be reached at all (timeout, unknown host, refused connection) or asks to
//! slow down (429) may be a passing problem of the network or the server: a warning.

use super::links::Outbound;
use crate::content::Site;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::{Text, t};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// The most one address may take, redirects included.
    pub timeout: Duration,
    /// How many addresses are asked at the same time.
    pub jobs: usize,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            jobs: 8,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Fine,
    Status(u16),
    Unreachable(Text),
}

pub fn check(site: &Site, outbound: &[Outbound], options: &ExternalOptions) -> Vec<Diagnostic> {
    let mut places: BTreeMap<&str, Vec<&Outbound>> = BTreeMap::new();
    for o in outbound {
        places.entry(o.url.as_str()).or_default().push(o);
    }
    let urls: Vec<&str> = places.keys().copied().collect();
    let answers = ask_all(&urls, options);
    let mut out = vec![];
    for (url, answer) in urls.iter().zip(answers) {
        let (code, message, hint, is_error) = match answer {
            Answer::Fine => continue,
            Answer::Status(429) => (
                "unreachable-external-link",
                t("unreachable-external-link.429").arg("url", url),
                t("unreachable-external-link.429.hint"),
                false,
            ),
            Answer::Status(status) => (
                "broken-external-link",
                t("broken-external-link")
                    .arg("url", url)
                    .arg("status", describe_status(status)),
                t("broken-external-link.hint"),
                true,
            ),
            Answer::Unreachable(why) => (
                "unreachable-external-link",
                t("unreachable-external-link")
                    .arg("url", url)
                    .text("why", why),
                t("unreachable-external-link.hint"),
                false,
            ),
        };
        for place in &places[url] {
            let doc = &site.docs[place.doc];
            let d = if is_error {
                Diagnostic::error(code, &doc.source, message.clone())
            } else {
                Diagnostic::warning(code, &doc.source, message.clone())
            };
            out.push(
                d.at(doc.text(), place.line, place.column)
                    .with_hint(hint.clone()),
            );
        }
    }
    out
}

fn describe_status(status: u16) -> String {
    match ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => format!("status {status}"),
    }
}

/// Asks every address, `options.jobs` at a time; the answers come back in the same order.
fn ask_all(urls: &[&str], options: &ExternalOptions) -> Vec<Answer> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("journeyhub-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let answers: Vec<Mutex<Option<Answer>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    let workers = options.jobs.clamp(1, urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let answer = ask(&agent, url, options.timeout);
                    *answers[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(answer);
                }
            });
        }
    });
    answers
        .into_iter()
        .map(|a| {
            a.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or(Answer::Unreachable(t("external.not-checked")))
        })
        .collect()
}

/// HEAD first, as it costs the server least; some servers answer HEAD wrongly (405, or a
/// 404 for a page that exists), so an error status is confirmed with GET.
fn ask(agent: &ureq::Agent, url: &str, timeout: Duration) -> Answer {
    let head = agent.head(url).call();
    match head {
        Ok(r) if r.status().as_u16() < 400 => return Answer::Fine,
        Err(e) if !matches!(e, ureq::Error::StatusCode(_)) => {
            return Answer::Unreachable(explain(&e, timeout));
        }
        _ => {}
    }
    match agent.get(url).call() {
        Ok(r) if r.status().as_u16() < 400 => Answer::Fine,
        Ok(r) => Answer::Status(r.status().as_u16()),
        Err(ureq::Error::StatusCode(s)) => Answer::Status(s),
        Err(e) => Answer::Unreachable(explain(&e, timeout)),
    }
}

/// Words for a failed request, without the library's internals.
fn explain(e: &ureq::Error, timeout: Duration) -> Text {
    match e {
        ureq::Error::Timeout(_) => no_answer(timeout),
        ureq::Error::HostNotFound => t("external.host"),
        ureq::Error::ConnectionFailed => t("external.connection"),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            t("external.refused")
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => no_answer(timeout),
        ureq::Error::BadUri(_) => t("external.bad-uri"),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => t("external.tls"),
        ureq::Error::TooManyRedirects => t("external.redirects"),
        other => t("external.other").arg("error", other),
    }
}

fn no_answer(timeout: Duration) -> Text {
    let secs = timeout.as_secs_f64();
    if secs == 1.0 {
        t("external.timeout-one")
    } else {
        t("external.timeout").arg("secs", secs)
    }
}
