//! Every document's body rendered to HTML, in parallel, with the links it makes; a body
//! whose text and link targets are unchanged is taken from the last run.

use super::cache::{CachedBody, MarkdownCache};
use super::graph::links_signature;
use super::linker::{DocResolver, Linker};
use crate::content::{Kind, Site};
use crate::markdown::{self, RenderedMarkdown};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Each document's rendered body and the signature of its links (see [`links_signature`]).
pub(super) fn render_bodies(
    site: &Site,
    linker: &Linker,
    links: u64,
    cache: &mut MarkdownCache,
) -> (Vec<Arc<RenderedMarkdown>>, Vec<u64>) {
    let config = &site.config;
    let phase = crate::util::timings::Phase::start("  markdown");
    // Longest bodies first: the last to finish are then short ones, and at the end of the
    // phase no thread waits long for another.
    // The lengths are taken once: a sort compares each many times.
    let lengths: Vec<usize> = site.docs.iter().map(|d| d.unnoted().body_len()).collect();
    let mut longest_first: Vec<usize> = (0..site.docs.len()).collect();
    longest_first.sort_by_key(|&i| std::cmp::Reverse(lengths[i]));
    // A body, the signature of its links, and its cache key when rendered in this run.
    type Body = (Arc<RenderedMarkdown>, u64, Option<u64>);
    // Each body's cache key, and its rendering from the last run when the key is the same.
    let keys: Vec<u64> = site
        .docs
        .iter()
        .map(|doc| {
            crate::util::hash::Fnv::default()
                .u64(doc.version)
                .u64(links)
                .finish()
        })
        .collect();
    let earlier: Vec<Option<&CachedBody>> = site
        .docs
        .iter()
        .zip(&keys)
        .map(|(doc, &key)| cache.entries.get(&doc.source).filter(|c| c.key == key))
        .collect();
    // The highlighting grammars the bodies to render use are compiled first, side by side:
    // compiled by the first body that needs one, every other body that needs it waits for it.
    let to_render: Vec<&str> = site
        .docs
        .iter()
        .zip(&earlier)
        .filter(|(_, earlier)| earlier.is_none())
        .map(|(doc, _)| doc.body())
        .collect();
    markdown::prepare_highlighting(&to_render);
    let render_one = |i: usize| -> Body {
        if let Some(c) = earlier[i] {
            return (Arc::clone(&c.rendered), c.links, None);
        }
        let (doc, key) = (&site.docs[i], keys[i]);
        let url = site.doc_url(doc);
        let input = markdown::Input {
            file: &doc.source,
            text: doc.text(),
            body: doc.body(),
            body_line: doc.body_line,
            steps_headings: &config.steps_headings,
            checklist_key: (doc.kind == Kind::Playbook).then_some(url.as_str()),
            raw_html: config.markdown.raw_html,
            smart_punctuation: config.markdown.smart_punctuation,
        };
        let resolver = DocResolver { linker, doc };
        let mut r = markdown::render(&input, &resolver);
        // Bodies stay in memory until their pages are written; the renderer's buffer
        // has up to half again as much room as it holds, and a realloc to shrink it
        // would keep the block.
        r.html = r.html.as_str().to_owned();
        let signature = links_signature(doc, &r);
        (Arc::new(r), signature, Some(key))
    };
    let mut in_render_order: Vec<(usize, Body)> = longest_first
        .par_iter()
        .map(|&i| (i, render_one(i)))
        .collect();
    in_render_order.sort_unstable_by_key(|(i, _)| *i);
    let rendered: Vec<Body> = in_render_order.into_iter().map(|(_, r)| r).collect();
    // Updated in place: a preview rebuild renders one body and keeps ten thousand.
    cache.rendered_last_run = 0;
    for (doc, (r, signature, fresh)) in site.docs.iter().zip(&rendered) {
        if let Some(key) = fresh {
            cache.rendered_last_run += 1;
            if cache.forget {
                continue;
            }
            cache.entries.insert(
                doc.source.clone(),
                CachedBody {
                    key: *key,
                    rendered: Arc::clone(r),
                    links: *signature,
                },
            );
        }
    }
    // Only this run's documents are kept: a deleted or renamed file's body goes.
    if cache.entries.len() != site.docs.len() {
        let current: HashSet<&str> = site.docs.iter().map(|d| d.source.as_str()).collect();
        cache
            .entries
            .retain(|source, _| current.contains(source.as_str()));
    }
    let (rendered, signatures): (Vec<Arc<RenderedMarkdown>>, Vec<u64>) =
        rendered.into_iter().map(|(r, s, _)| (r, s)).unzip();
    phase.end();
    (rendered, signatures)
}
