//! Answers a request from the site in memory. Only paths that the rendered site contains can
//! be served: the request is decoded and checked first, then looked up in the site's map, so
//! no request ever becomes a path on disk.

use crate::render::OutputFile;
use crate::util::diagnostics::Diagnostic;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub const LIVE_SCRIPT_PATH: &str = "/__journeyhub/live.js";
pub const EVENTS_PATH: &str = "/__journeyhub/events";
pub const LIVE_SCRIPT: &str = include_str!("live.js");
/// Longer request targets are refused before any decoding.
pub const MAX_URL_LEN: usize = 2048;

/// The site being served: its files, and the problems of the last rebuild (for the overlay).
#[derive(Default)]
pub struct ServedSite {
    pub files: BTreeMap<String, OutputFile>,
    pub problems: Vec<Diagnostic>,
    /// Size and modification time of each file copied from disk when this site was made,
    /// to tell which of them a rebuild changed.
    pub copy_stamps: std::collections::HashMap<String, (u64, Option<std::time::SystemTime>)>,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, message: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: message.as_bytes().to_vec(),
        }
    }
}

pub enum Route {
    Reply(Reply),
    Events,
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Why a request target is refused, if it is.
pub fn check_target(target: &str) -> Result<String, (u16, &'static str)> {
    if target.len() > MAX_URL_LEN {
        return Err((414, "URI too long"));
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return Err((400, "the request must name a path starting with /"));
    }
    let lower = path.to_ascii_lowercase();
    if path.contains('\\')
        || lower.contains("%5c")
        || lower.contains("%2f")
        || lower.contains("%00")
    {
        return Err((400, "encoded slashes, backslashes and NUL are not allowed"));
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| (400, "the path is not valid UTF-8"))?;
    if decoded.contains(['\0', '\\']) || decoded.chars().any(char::is_control) {
        return Err((400, "the path holds characters that are not allowed"));
    }
    let segments: Vec<&str> = decoded.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." || (s.is_empty() && i != last) {
            return Err((400, "the path may not contain `.`, `..` or empty segments"));
        }
    }
    Ok(decoded.trim_start_matches('/').to_string())
}

fn etag(bytes: &[u8]) -> String {
    format!("\"{:016x}\"", crate::util::hash::quick(bytes))
}

/// Adds the live-reload script (and the current problems) to an HTML page.
fn inject(html: &[u8], problems: &[Diagnostic]) -> Vec<u8> {
    let mut snippet = String::new();
    if !problems.is_empty() {
        let json = serde_json::to_string(problems).unwrap_or_else(|_| "[]".into());
        // `</` would end the script element early.
        let json = json.replace("</", "<\\/");
        snippet.push_str(&format!(
            "<script type=\"application/json\" id=\"journeyhub-errors\">{json}</script>"
        ));
    }
    snippet.push_str(&format!(
        "<script src=\"{LIVE_SCRIPT_PATH}\" defer></script>"
    ));
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{snippet}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{snippet}").into_bytes(),
    }
}

/// The page served while the site has never built: its problems as plain HTML (the overlay
/// and the live-reload script are added like on any page).
fn problems_page(problems: &[Diagnostic]) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut items = String::new();
    for d in problems {
        let place = match (d.line, d.column) {
            (0, _) => d.file.clone(),
            (line, 0) => format!("{}:{line}", d.file),
            (line, column) => format!("{}:{line}:{column}", d.file),
        };
        items.push_str(&format!(
            "<li><code>{}</code> {}",
            escape(&place),
            escape(&d.message)
        ));
        if let Some(hint) = &d.hint {
            items.push_str(&format!("<br>hint: {}", escape(hint)));
        }
        items.push_str("</li>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>journeyhub: the site has problems</title></head>\n<body><main><h1>The site could not be built</h1>\n<p>Fix these and this page reloads by itself.</p>\n<ol>\n{items}</ol></main></body></html>\n"
    )
}

/// The file a checked request path names: a folder's `index.html`, or the path itself.
pub fn file_path(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

pub fn route(site: &ServedSite, method: &str, target: &str, if_none_match: Option<&str>) -> Route {
    let head = method.eq_ignore_ascii_case("HEAD");
    if !head && !method.eq_ignore_ascii_case("GET") {
        let mut r = Reply::text(405, "only GET and HEAD are supported");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return Route::Reply(r);
    }
    let path = match check_target(target) {
        Ok(p) => p,
        Err((status, why)) => return Route::Reply(Reply::text(status, why)),
    };
    if format!("/{path}") == EVENTS_PATH {
        return Route::Events;
    }
    let (status, file_path, bytes): (u16, String, Cow<[u8]>) =
        if format!("/{path}") == LIVE_SCRIPT_PATH {
            (200, "live.js".into(), Cow::Borrowed(LIVE_SCRIPT.as_bytes()))
        } else {
            let candidate = file_path(&path);
            match site.files.get(&candidate) {
                Some(file) => match file.bytes() {
                    Ok(b) => (200, candidate, b),
                    Err(_) => return Route::Reply(Reply::text(500, "the file could not be read")),
                },
                None if site.files.contains_key(&format!("{path}/index.html")) => {
                    let encoded = target.split('?').next().unwrap_or(target);
                    return Route::Reply(Reply {
                        status: 301,
                        headers: vec![("Location", format!("{encoded}/"))],
                        body: vec![],
                    });
                }
                None => {
                    let lang_404 = path
                        .split_once('/')
                        .map(|(first, _)| format!("{first}/404.html"))
                        .filter(|p| site.files.contains_key(p))
                        .unwrap_or_else(|| "404.html".to_string());
                    match site.files.get(&lang_404).and_then(|f| f.bytes().ok()) {
                        Some(b) => (404, lang_404, Cow::Owned(b.into_owned())),
                        // No good build yet: a page that shows the problems and reloads
                        // itself once they are fixed.
                        None if !site.problems.is_empty() => (
                            503,
                            "problems.html".into(),
                            Cow::Owned(problems_page(&site.problems).into_bytes()),
                        ),
                        None => return Route::Reply(Reply::text(404, "not found")),
                    }
                }
            }
        };
    let ctype = content_type(&file_path);
    let body: Vec<u8> = if ctype.starts_with("text/html") {
        inject(&bytes, &site.problems)
    } else {
        bytes.into_owned()
    };
    let tag = etag(&body);
    let mut headers = vec![
        ("Content-Type", ctype.to_string()),
        ("Cache-Control", "no-cache".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("ETag", tag.clone()),
    ];
    if status == 200 && if_none_match.is_some_and(|v| v.split(',').any(|t| t.trim() == tag)) {
        headers.retain(|(k, _)| *k != "Content-Type");
        return Route::Reply(Reply {
            status: 304,
            headers,
            body: vec![],
        });
    }
    headers.push(("Content-Length", body.len().to_string()));
    Route::Reply(Reply {
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn site() -> ServedSite {
        let mut files = BTreeMap::new();
        let page = |s: &str| OutputFile::Bytes(Arc::new(s.as_bytes().to_vec()));
        files.insert("index.html".into(), page("<html><body>home</body></html>"));
        files.insert("404.html".into(), page("<html><body>missing</body></html>"));
        files.insert(
            "playbooks/ヘルス/index.html".into(),
            page("<body>jp</body>"),
        );
        files.insert("assets/style.css".into(), page("body{}"));
        ServedSite {
            files,
            ..ServedSite::default()
        }
    }

    fn reply(target: &str) -> Reply {
        match route(&site(), "GET", target, None) {
            Route::Reply(r) => r,
            Route::Events => panic!("events"),
        }
    }

    #[test]
    fn traversal_and_malformed_targets_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/assets/%2E%2E/%2e%2e/x",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/a%00b",
            "//etc/passwd",
            "http://example.com/",
            "/./index.html",
            "/%ff",
        ] {
            let r = reply(bad);
            assert!(
                r.status == 400 || r.status == 404,
                "{bad} gave {}",
                r.status
            );
        }
        assert_eq!(reply(&format!("/{}", "a".repeat(3000))).status, 414);
    }

    #[test]
    fn pages_get_types_live_reload_and_japanese_paths() {
        let r = reply("/");
        assert_eq!(r.status, 200);
        assert!(
            String::from_utf8(r.body)
                .unwrap()
                .contains(LIVE_SCRIPT_PATH)
        );
        let r = reply("/playbooks/%E3%83%98%E3%83%AB%E3%82%B9/");
        assert_eq!(r.status, 200);
        let r = reply("/playbooks/%E3%83%98%E3%83%AB%E3%82%B9");
        assert_eq!(r.status, 301);
        let r = reply("/assets/style.css");
        assert!(
            r.headers
                .contains(&("Content-Type", "text/css; charset=utf-8".into()))
        );
        let r = reply("/nope/");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8(r.body).unwrap().contains("missing"));
    }

    #[test]
    fn a_site_that_never_built_answers_with_its_problems_and_the_reload_script() {
        let site = ServedSite {
            problems: vec![
                Diagnostic::error("unknown-stage", "content/a.md", "stage <x> is unknown")
                    .with_hint("write one of: onboarding"),
            ],
            ..ServedSite::default()
        };
        let Route::Reply(r) = route(&site, "GET", "/", None) else {
            panic!("a reply")
        };
        assert_eq!(r.status, 503);
        let body = String::from_utf8(r.body).unwrap();
        for part in [
            "content/a.md",
            "stage &lt;x&gt; is unknown",
            "write one of: onboarding",
            "journeyhub-errors",
            LIVE_SCRIPT_PATH,
        ] {
            assert!(body.contains(part), "{part} in {body}");
        }
    }
}
