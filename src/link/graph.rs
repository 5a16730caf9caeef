//! Backlinks and anchors: which documents link to each one, and every link to a heading that
//! does not exist, checked once every body has its headings.

use super::sort::sort_by_date_then_title;
use crate::content::{Document, Site};
use crate::markdown::RenderedMarkdown;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use std::sync::Arc;

/// What other documents see of a body: the documents it links to and where, and the ids
/// it offers to links. Equal signatures leave backlinks and anchor checks as they were.
pub(super) fn links_signature(doc: &Document, r: &RenderedMarkdown) -> u64 {
    let mut h = crate::util::hash::Fnv::default();
    let mut quotes_lines = false;
    for link in &r.links {
        h = h
            .u64(link.target as u64)
            .u64(link.line as u64)
            .u64(link.column as u64)
            .str(link.anchor.as_deref().unwrap_or(""));
        quotes_lines |= link.anchor.is_some();
    }
    // A broken anchor's message quotes its line, so the lines of links with an anchor
    // count, and an edit elsewhere in the body keeps the link graph.
    if quotes_lines {
        let mut lines: Vec<usize> = r
            .links
            .iter()
            .filter(|l| l.anchor.is_some())
            .map(|l| l.line)
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let mut wanted = lines.into_iter().peekable();
        for (i, text) in doc.text().lines().enumerate() {
            match wanted.peek() {
                Some(&line) if line == i + 1 => {
                    h = h.u64(line as u64).str(text);
                    wanted.next();
                }
                Some(_) => {}
                None => break,
            }
        }
    }
    // A set has no order: its ids are combined so that order does not count.
    let anchors = r
        .anchors
        .iter()
        .fold(0u64, |acc, a| acc ^ crate::util::hash::of_str(a));
    h = h.u64(anchors).u64(r.toc.len() as u64);
    for t in &r.toc {
        h = h.str(&t.id);
    }
    h.finish()
}

/// Each document's backlinks (newest first) and every link to a heading that does not exist.
pub(super) fn link_graph(
    site: &Site,
    rendered: &[Arc<RenderedMarkdown>],
) -> (Vec<Vec<usize>>, Vec<Diagnostic>) {
    let mut diagnostics = vec![];
    let mut backlinks: Vec<Vec<usize>> = vec![vec![]; site.docs.len()];
    for (from, r) in rendered.iter().enumerate() {
        let doc = &site.docs[from];
        for link in &r.links {
            if let Some(anchor) = &link.anchor
                && !rendered[link.target].anchors.contains(anchor)
            {
                let target = &site.docs[link.target];
                let mut known: Vec<&str> = rendered[link.target]
                    .toc
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect();
                known.truncate(8);
                diagnostics.push(
                    Diagnostic::error(
                        "broken-anchor",
                        &doc.source,
                        t("broken-anchor")
                            .arg("anchor", anchor)
                            .arg("target", &target.source),
                    )
                    .at(doc.text(), link.line, link.column)
                    .with_hint(if known.is_empty() {
                        t("broken-anchor.hint.no-headings")
                    } else {
                        t("broken-anchor.hint.headings").arg("headings", known.join(", #"))
                    }),
                );
            }
            // Documents are visited in order, so a repeat link can only be the last one added.
            if link.target != from && backlinks[link.target].last() != Some(&from) {
                backlinks[link.target].push(from);
            }
        }
    }
    for b in &mut backlinks {
        sort_by_date_then_title(site, b);
    }
    (backlinks, diagnostics)
}
