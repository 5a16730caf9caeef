//! Requests that come before the first build is published. A page the build can make is
//! rendered for the request as soon as the documents are linked; anything else (a feed, a
//! redirect, a missing page) waits for the whole site, as every request did before.

use super::Shared;
use super::http::{self, Route, ServedSite};
use crate::render::pages::PageRequest;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// The answer to a request made before the first build was published, or `None` once it is
/// (then the published site answers).
pub(super) fn route(
    shared: &Shared,
    method: &str,
    target: &str,
    if_none_match: Option<&str>,
) -> Option<Route> {
    let requests = shared
        .early
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()?;
    // Refused targets and the live-reload endpoints need no site.
    let path = http::check_target(target).ok()?;
    let own = format!("/{path}");
    if own == http::EVENTS_PATH || own == http::LIVE_SCRIPT_PATH {
        return None;
    }
    let file_path = http::file_path(&path);
    let (reply, answer) = std::sync::mpsc::channel();
    let request = PageRequest {
        path: file_path.clone(),
        reply,
    };
    if requests.send(request).is_ok()
        && let Ok(Some(file)) = answer.recv()
    {
        let site = ServedSite {
            files: [(file_path, file)].into(),
            ..ServedSite::default()
        };
        return Some(http::route(&site, method, target, if_none_match));
    }
    while shared
        .early
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .is_some()
        && !shared.stop.load(Ordering::Relaxed)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}
