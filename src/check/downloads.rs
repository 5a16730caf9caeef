//! Warnings about what documents offer to download: a file served over plain http, which
//! browsers block or mark as unsafe, and a local file too large for a reader on a phone.

use crate::content::{DownloadTarget, Site};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;

pub fn downloads(site: &Site) -> Vec<Diagnostic> {
    let limit_mb = site.config.download_size_limit_mb;
    let mut out = vec![];
    for doc in &site.docs {
        let Some(dl) = doc.common.download.as_ref() else {
            continue;
        };
        let text = doc.text();
        let column = text
            .lines()
            .nth(dl.line.saturating_sub(1))
            .and_then(|l| l.find(&dl.file).map(|b| l[..b].chars().count() + 1))
            .unwrap_or(1);
        match &dl.published {
            DownloadTarget::External(url) if !url.starts_with("https://") => out.push(
                Diagnostic::warning(
                    "insecure-download",
                    &doc.source,
                    t("insecure-download").arg("url", url),
                )
                .at(text, dl.line, column)
                .with_hint(
                    t("insecure-download.hint").arg("rest", url.trim_start_matches("http://")),
                ),
            ),
            DownloadTarget::Local(_) => {
                let size = dl.size.unwrap_or(0);
                if size > limit_mb.saturating_mul(1_000_000) {
                    out.push(
                        Diagnostic::warning(
                            "large-download",
                            &doc.source,
                            t("large-download")
                                .arg("file", &dl.file)
                                .arg("mb", size.div_ceil(100_000) as f64 / 10.0)
                                .arg("limit", limit_mb),
                        )
                        .at(text, dl.line, column)
                        .with_hint(t("large-download.hint")),
                    );
                }
            }
            DownloadTarget::External(_) => {}
        }
    }
    out
}
