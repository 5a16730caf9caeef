//! What linking keeps between runs of the preview: each body rendered, and each list made
//! from the whole site, with the hash of what it was made from. A value is made again only
//! when that hash changes.

use super::{LanguageView, Translations};
use crate::content::Site;
use crate::content::reads::Watched;
use crate::markdown::RenderedMarkdown;
use crate::util::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::sync::Arc;

/// Rendered bodies and lists from an earlier run.
#[derive(Default)]
pub struct MarkdownCache {
    /// Keep no bodies: set for a one-shot build (see [`MarkdownCache::one_shot`]).
    pub(super) forget: bool,
    /// By source path. A body is rendered again only when its text or the set of link
    /// targets (paths, addresses, assets) changed.
    pub(super) entries: HashMap<String, CachedBody>,
    /// Backlinks and broken-anchor problems.
    pub(super) graph: Memo<LinkGraph>,
    /// Translation key → language → document.
    pub(super) translations: Memo<Arc<Translations>>,
    /// Related documents and `related:` problems.
    pub(super) related: Memo<LinkGraph>,
    /// Language views.
    pub(super) views: Memo<Vec<LanguageView>>,
    /// How many bodies the last run rendered (the rest came from the cache).
    pub rendered_last_run: usize,
}

impl MarkdownCache {
    /// For a build that no other run follows: nothing is kept for later.
    pub fn one_shot() -> MarkdownCache {
        MarkdownCache {
            forget: true,
            ..MarkdownCache::default()
        }
    }

    pub fn is_one_shot(&self) -> bool {
        self.forget
    }
}

/// Lists of documents per document, and the problems found making them.
pub(super) type LinkGraph = (Arc<Vec<Watched<Vec<usize>>>>, Vec<Diagnostic>);

pub(super) struct CachedBody {
    /// The document's version and the link version it was rendered under.
    pub(super) key: u64,
    pub(super) rendered: Arc<RenderedMarkdown>,
    /// See [`super::graph::links_signature`].
    pub(super) links: u64,
}

/// A value kept from the last run with the hash of what it was made from.
pub(super) struct Memo<T>(Option<(u64, T)>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(None)
    }
}

impl<T: Clone> Memo<T> {
    /// The kept value when it was made under `key`, else `make()`'s, kept for the next run.
    pub(super) fn get_or_make(&mut self, key: u64, make: impl FnOnce() -> T) -> T {
        let value = match self.0.take() {
            Some((kept, value)) if kept == key => value,
            _ => make(),
        };
        self.0 = Some((key, value.clone()));
        value
    }
}

/// Everything a body's HTML depends on besides its own text. Never leaves the process, so
/// std's hasher, which reads eight bytes at a time, instead of FNV's one.
pub(super) fn link_version(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    site.config.base_url.permalink("").hash(&mut h);
    site.config.language.hash(&mut h);
    site.config.version.hash(&mut h);
    for d in &site.docs {
        d.content_path.hash(&mut h);
        d.lang.hash(&mut h);
        d.site_path.hash(&mut h);
        (d.kind as u64).hash(&mut h);
    }
    for a in &site.assets {
        a.content_path.hash(&mut h);
    }
    let mut unpublished: Vec<&String> = site.unpublished.iter().collect();
    unpublished.sort();
    unpublished.hash(&mut h);
    h.finish()
}

/// Lists and scores come from front matter only (stages, terms, dates, `related:`), so a
/// body edit keeps the last run's: making them for a large site costs far more than
/// rendering one page.
pub(super) fn front_matter_version(site: &Site, links: u64) -> u64 {
    site.docs
        .iter()
        .fold(crate::util::hash::Fnv::default().u64(links), |h, d| {
            h.u64(d.card_version)
        })
        .finish()
}

/// `base` with a list of numbers folded in, in order.
pub(super) fn with_all(base: u64, numbers: impl Iterator<Item = u64>) -> u64 {
    numbers
        .fold(crate::util::hash::Fnv::default().u64(base), |h, n| h.u64(n))
        .finish()
}
