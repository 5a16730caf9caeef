//! Warnings about what documents offer to download: a file served over plain http, which
//! browsers block or mark as unsafe, and a local file too large for a reader on a phone.

use crate::content::{DownloadTarget, Site};
use crate::util::diagnostics::Diagnostic;

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
                    format!("the download `{url}` is not served over https"),
                )
                .at(text, dl.line, column)
                .with_hint(format!(
                    "browsers block or flag downloads over plain http: use `https://{}` if the server offers it, or put the file beside the document",
                    url.trim_start_matches("http://")
                )),
            ),
            DownloadTarget::Local(_) => {
                let size = dl.size.unwrap_or(0);
                if size > limit_mb.saturating_mul(1_000_000) {
                    out.push(
                        Diagnostic::warning(
                            "large-download",
                            &doc.source,
                            format!(
                                "the download `{}` is {} MB, more than the {limit_mb} MB readers on a phone should be asked to fetch",
                                dl.file,
                                size.div_ceil(100_000) as f64 / 10.0
                            ),
                        )
                        .at(text, dl.line, column)
                        .with_hint(
                            "make the file smaller (compress the PDF or audio), or host it elsewhere and give its https:// address; `download_size_limit_mb` in site-config.yaml sets the limit",
                        ),
                    );
                }
            }
            DownloadTarget::External(_) => {}
        }
    }
    out
}
