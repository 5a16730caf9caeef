//! Aliases: old addresses of a document, each a page that redirects to it.

use crate::content::Site;
use crate::util::diagnostics::Diagnostic;
use crate::util::html::html_escape;

pub(super) fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() || trimmed.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    Some(
        if trimmed.ends_with('/') || !trimmed.rsplit('/').next()?.contains('.') {
            format!("{}/", trimmed.trim_end_matches('/'))
        } else {
            trimmed.to_string()
        },
    )
}

pub(super) fn alias_diagnostics(site: &Site) -> Vec<Diagnostic> {
    let mut out = vec![];
    for d in &site.docs {
        for a in &d.common.aliases {
            if alias_path(&a.value).is_none() {
                out.push(
                    Diagnostic::error(
                        "bad-alias",
                        &d.source,
                        format!("the alias \"{}\" is not a usable address", a.value),
                    )
                    .at(&d.text, a.line, 1)
                    .with_hint(
                        "write the old address as a path, for example `aliases: [/old/kickoff/]`",
                    ),
                );
            }
        }
    }
    out
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
