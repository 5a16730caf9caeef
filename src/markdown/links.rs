//! Links in a body: `@/` paths resolved to their documents' addresses, relative files to
//! their published address, and what does not resolve reported where it is written.

use super::{InternalLink, LinkError, Renderer};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use crate::util::urls::encode_fragment;
use pulldown_cmark::CowStr;

impl<'e> Renderer<'_, 'e> {
    pub(super) fn resolve_link(&mut self, dest: &CowStr<'e>, offset: usize) -> CowStr<'e> {
        if let Some(target) = dest.strip_prefix("@/") {
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a.to_string())),
                None => (target, None),
            };
            let (line, column) = self.position(offset);
            return match self.resolver.document(path) {
                Ok((index, url)) => {
                    self.out.links.push(InternalLink {
                        target: index,
                        anchor: anchor.clone(),
                        line,
                        column,
                    });
                    match anchor {
                        Some(a) => format!("{url}#{}", encode_fragment(&a)).into(),
                        None => url.into(),
                    }
                }
                Err(LinkError::Unreadable) => dest.clone(),
                Err(LinkError::Missing(why)) => {
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            "broken-link",
                            self.input.file,
                            t("broken-link.at").arg("target", target).text("why", why),
                        )
                        .at(self.input.text, line, column)
                        .with_hint(t("broken-link.at.hint")),
                    );
                    dest.clone()
                }
            };
        }
        if is_external_or_absolute(dest) {
            return dest.clone();
        }
        let (path, rest) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (&dest[..], ""),
        };
        if path.is_empty() {
            return dest.clone();
        }
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        match self.resolver.asset(&decoded) {
            Some(url) => format!("{url}{rest}").into(),
            None => {
                let (line, column) = self.position(offset);
                let hint = if path.ends_with(".md") {
                    t("missing-file.hint.markdown").arg("path", path)
                } else if looks_like_a_host(path) {
                    t("missing-file.hint.host").arg("dest", dest)
                } else {
                    t("missing-file.hint.relative")
                };
                self.out.diagnostics.push(
                    Diagnostic::error(
                        "missing-file",
                        self.input.file,
                        t("missing-file").arg("path", path),
                    )
                    .at(self.input.text, line, column)
                    .with_hint(hint),
                );
                dest.clone()
            }
        }
    }
}

/// Whether a relative link's path starts like a web address (`www.acme.com/demo`,
/// `acme.co.jp`) rather than a file (`guide.pdf`, `img/logo.png`).
pub(super) fn looks_like_a_host(path: &str) -> bool {
    const FILE_ENDINGS: &[&str] = &[
        "md", "html", "htm", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "zip",
        "csv", "txt", "json", "xml", "yaml", "yml", "css", "js", "mp4", "mp3", "webm", "mov",
        "pptx", "ppt", "docx", "doc", "xlsx", "xls", "key", "ics",
    ];
    let host = path.split('/').next().unwrap_or_default();
    let Some((name, ending)) = host.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && (2..=6).contains(&ending.len())
        && ending.chars().all(|c| c.is_ascii_alphabetic())
        && !FILE_ENDINGS.contains(&ending.to_ascii_lowercase().as_str())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn is_external_or_absolute(dest: &str) -> bool {
    dest.starts_with('/')
        || dest.starts_with('#')
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}
