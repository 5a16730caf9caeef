//! Aliases: old addresses of a document, each a page that redirects to it.

use crate::content::{Document, Site};
use crate::util::diagnostics::Diagnostic;
use crate::util::html::html_escape;

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
pub(super) fn check_alias(alias: &str) -> Result<String, String> {
    let alias = alias.trim();
    if !alias.starts_with('/') || alias.starts_with("//") {
        return Err(
            "is not a path on this site: write it from the first `/`, without a scheme or host"
                .into(),
        );
    }
    let decoded = percent_encoding::percent_decode_str(alias)
        .decode_utf8()
        .map_err(|_| "holds a percent escape that is not UTF-8".to_string())?;
    let trimmed = decoded.trim_start_matches('/');
    if trimmed.is_empty() {
        return Err("is the home page".into());
    }
    let segments: Vec<&str> = trimmed.split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        if s.is_empty() && i + 1 < segments.len() {
            return Err("holds an empty segment (`//`)".into());
        }
        if s.starts_with('.') {
            return Err(format!("has a segment `{s}` that starts with a dot"));
        }
        if let Some(c) = s.chars().find(|c| {
            matches!(c, '\\' | '?' | '#' | '"' | '<' | '>') || c.is_whitespace() || c.is_control()
        }) {
            return Err(format!(
                "contains `{}`, which a request path cannot hold (a query or fragment is never part of an address a page is saved at)",
                c.escape_default()
            ));
        }
    }
    if GENERATED.contains(&segments[0]) {
        return Err(format!(
            "is inside /{}, which the hub writes itself",
            segments[0]
        ));
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
                        format!("the alias \"{}\" {why}", a.value),
                    )
                    .at(d.text(), a.line, 1)
                    .with_hint(
                        "write the old address as a path of this site, for example `aliases: [/old/kickoff/]`",
                    ),
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
        format!(
            "the alias \"{value}\" would be written to /{path}, where another page of the site is"
        ),
    )
    .at(doc.text(), line, 1)
    .with_hint("remove the alias, or change it to an address no page of the site has")
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
