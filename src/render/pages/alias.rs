//! Aliases: old addresses of a document, each a page that redirects to it.

use crate::content::{Document, Site};
use crate::util::diagnostics::Diagnostic;
use crate::util::html::html_escape;
use crate::util::messages::{Text, t};

/// Top-level names of files and folders the hub writes besides pages; an alias there would
/// be overwritten or overwrite them.
const GENERATED: &[&str] = &[
    "assets",
    "feeds",
    "search",
    "nps",
    "pagefind",
    "calendar",
    "404.html",
    "sitemap.xml",
    "robots.txt",
];

/// The output path of an alias, or why no request could reach it. An alias is checked as a
/// slug is, segment by segment: an old address of this site, written as a path (percent
/// escapes are decoded, as a browser's address bar shows them encoded).
pub(super) fn check_alias(alias: &str) -> Result<String, Text> {
    let alias = alias.trim();
    if !alias.starts_with('/') || alias.starts_with("//") {
        return Err(t("bad-alias.not-a-path"));
    }
    let decoded = percent_encoding::percent_decode_str(alias)
        .decode_utf8()
        .map_err(|_| t("bad-alias.percent"))?;
    let trimmed = decoded.trim_start_matches('/');
    if trimmed.is_empty() {
        return Err(t("bad-alias.home"));
    }
    let segments: Vec<&str> = trimmed.split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        if s.is_empty() && i + 1 < segments.len() {
            return Err(t("bad-alias.empty-segment"));
        }
        if s.starts_with('.') {
            return Err(t("bad-alias.dot").arg("segment", s));
        }
        if let Some(c) = s.chars().find(|c| {
            matches!(c, '\\' | '?' | '#' | '"' | '<' | '>') || c.is_whitespace() || c.is_control()
        }) {
            return Err(t("bad-alias.character").arg("c", c.escape_default()));
        }
    }
    if GENERATED.contains(&segments[0]) {
        return Err(t("bad-alias.generated").arg("section", segments[0]));
    }
    let last = segments.last().copied().unwrap_or_default();
    Ok(if last.is_empty() || !last.contains('.') {
        format!("{}/", trimmed.trim_end_matches('/'))
    } else {
        trimmed.to_string()
    })
}

pub(super) fn alias_path(alias: &str) -> Option<String> {
    check_alias(alias).ok()
}

pub(super) fn alias_diagnostics(site: &Site) -> Vec<Diagnostic> {
    let mut out = vec![];
    for d in &site.docs {
        for a in &d.common.aliases {
            if let Err(why) = check_alias(&a.value) {
                out.push(
                    Diagnostic::error(
                        "bad-alias",
                        &d.source,
                        t("bad-alias").arg("alias", &a.value).text("why", why),
                    )
                    .at(d.text(), a.line, 1)
                    .with_hint(t("bad-alias.hint")),
                );
            }
        }
    }
    out
}

/// An alias of `doc` whose page would be written where another page is.
pub(super) fn clash(doc: &Document, path: &str) -> Diagnostic {
    let alias = doc.common.aliases.iter().find(|a| {
        alias_path(&a.value).is_some_and(|p| {
            let file = if p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p
            };
            path.ends_with(&file)
        })
    });
    let (value, line) = alias.map_or(("", 1), |a| (a.value.as_str(), a.line));
    Diagnostic::error(
        "output-conflict",
        &doc.source,
        t("output-conflict.alias")
            .arg("alias", value)
            .arg("path", path),
    )
    .at(doc.text(), line, 1)
    .with_hint(t("output-conflict.alias.hint"))
}

/// A page that sends the reader on to `url` (and search engines to `permalink`).
pub(super) fn redirect_page(permalink: &str, url: &str) -> Vec<u8> {
    let p = html_escape(permalink);
    let u = html_escape(url);
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{p}</title><link rel=\"canonical\" href=\"{p}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={u}\"></head><body><p><a href=\"{u}\">{p}</a></p></body></html>\n"
    )
    .into_bytes()
}
