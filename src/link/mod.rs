//! Link: orders the stages, resolves `@/` links and `related:` paths, renders every body's
//! markdown in parallel, then checks anchors and computes lists per stage and term, related
//! documents, next steps and backlinks. Every problem is collected, none stops the others.

mod graph;
mod linker;
mod related;
mod sort;
mod stages;
mod views;

use graph::{link_graph, links_signature};
pub use linker::Linker;
use linker::{DocResolver, check_logos};
use related::{compute_related, explicit_related};
pub use sort::{keep_newest, sort_by_date_then_title, sort_listed, sort_webinars};
use stages::{check_stage_references, order_stages};
use views::build_view;

use crate::content::{Document, Kind, Site};
use crate::markdown::{self, RenderedMarkdown};
use crate::util::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// How many documents "related" shows at most (explicit ones are never dropped).
pub const RELATED_LIMIT: usize = 6;
/// How many documents a "next step" suggests.
pub const NEXT_STEP_LIMIT: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebinarStatus {
    Upcoming,
    OnDemand,
    RecordingSoon,
}

impl WebinarStatus {
    pub fn name(self) -> &'static str {
        match self {
            WebinarStatus::Upcoming => "upcoming",
            WebinarStatus::OnDemand => "on_demand",
            WebinarStatus::RecordingSoon => "recording_soon",
        }
    }
}

/// The documents of one stage in one language, each list in display order.
#[derive(Debug, Default, Clone)]
pub struct StageLists {
    pub playbooks: Vec<usize>,
    pub case_studies: Vec<usize>,
    pub webinars_upcoming: Vec<usize>,
    pub webinars_on_demand: Vec<usize>,
    pub pages: Vec<usize>,
}

impl StageLists {
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Playbook => self.playbooks.len(),
            Kind::CaseStudy => self.case_studies.len(),
            Kind::Webinar => self.webinars_upcoming.len() + self.webinars_on_demand.len(),
            Kind::Page => self.pages.len(),
            _ => 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Term {
    /// As first written (terms differing only in case or punctuation share a slug).
    pub name: String,
    pub slug: String,
    pub docs: Vec<usize>,
}

/// Everything a language's pages list.
#[derive(Debug, Clone)]
pub struct LanguageView {
    pub lang: String,
    /// Documents shown in this language: its own, plus default-language ones it lacks when
    /// missing translations fall back.
    pub docs: Vec<usize>,
    /// Stage id → the stage document shown in this language.
    pub stage_docs: BTreeMap<String, usize>,
    pub stages: BTreeMap<String, StageLists>,
    /// Taxonomy → term slug → term, in site-config order of taxonomies.
    pub terms: BTreeMap<String, BTreeMap<String, Term>>,
    /// Next-step suggestions for each stage id: content of the stage after it.
    pub next_steps: BTreeMap<String, Vec<usize>>,
    pub home: Option<usize>,
}

pub struct Journey {
    /// Stage ids in journey order.
    pub stage_order: Vec<String>,
    /// Stage id → id of the stage after it (by `next:` or by order).
    pub next_stage: BTreeMap<String, String>,
    pub views: Vec<LanguageView>,
    pub rendered: Vec<Arc<RenderedMarkdown>>,
    pub backlinks: Arc<Vec<Vec<usize>>>,
    pub related: Arc<Vec<Vec<usize>>>,
    pub translations: Arc<Translations>,
    pub webinar_status: Vec<Option<WebinarStatus>>,
    /// Changes when documents are added, removed or moved: every page may list them.
    pub link_version: u64,
    /// Changes with any document's front matter or webinar status: what lists, feeds and
    /// cards are made from.
    pub lists_version: u64,
    /// Per document, a hash of what a card shows of it (front matter, step count, webinar
    /// status), so that a page's fingerprint folds one number per listed document.
    pub card_hashes: Vec<u64>,
    /// Per document, a hash of all of it (text and webinar status).
    pub full_hashes: Vec<u64>,
}

impl Journey {
    pub fn view(&self, lang: &str) -> &LanguageView {
        self.views
            .iter()
            .find(|v| v.lang == lang)
            .unwrap_or(&self.views[0])
    }

    pub fn prev_stage(&self, id: &str) -> Option<&str> {
        let i = self.stage_order.iter().position(|s| s == id)?;
        i.checked_sub(1).map(|p| self.stage_order[p].as_str())
    }
}

/// Rendered bodies from an earlier run. A body is rendered again only when its text or the
/// set of link targets (paths, addresses, assets) changed.
#[derive(Default)]
pub struct MarkdownCache {
    /// Keep no bodies: set for a one-shot build (see [`MarkdownCache::one_shot`]).
    forget: bool,
    /// By source path.
    entries: HashMap<String, CachedBody>,
    /// Backlinks and broken-anchor problems, with the fingerprint of the links they follow.
    graph: Option<(u64, LinkGraph)>,
    /// Translation key → language → document, with the link version it was made under.
    translations: Option<(u64, Arc<Translations>)>,
    /// Related documents and `related:` problems, with the fingerprint of the front matter
    /// they were made from.
    related: Option<(u64, LinkGraph)>,
    /// Language views, with the fingerprint of the front matter and webinar status.
    views: Option<(u64, Vec<LanguageView>)>,
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

/// Translation key → language → document.
pub type Translations = BTreeMap<String, BTreeMap<String, usize>>;

/// Lists of documents per document, and the problems found making them.
type LinkGraph = (Arc<Vec<Vec<usize>>>, Vec<Diagnostic>);

struct CachedBody {
    /// The document's version and the link version it was rendered under.
    key: u64,
    rendered: Arc<RenderedMarkdown>,
    /// See [`links_signature`].
    links: u64,
}

/// Everything a body's HTML depends on besides its own text. Never leaves the process, so
/// std's hasher, which reads eight bytes at a time, instead of FNV's one.
fn link_version(site: &Site) -> u64 {
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

pub fn link(site: &Site) -> (Journey, Vec<Diagnostic>) {
    link_cached(site, &mut MarkdownCache::default())
}

pub fn link_cached(site: &Site, cache: &mut MarkdownCache) -> (Journey, Vec<Diagnostic>) {
    let linker = Linker::new(site);
    let mut diagnostics = vec![];
    let config = &site.config;
    let links = link_version(site);

    let (stage_order, next_stage) = order_stages(site, &mut diagnostics);
    check_stage_references(site, &stage_order, &mut diagnostics);

    let phase = crate::util::timings::Phase::start("  markdown");
    // Longest bodies first: the last to finish are then short ones, and at the end of the
    // phase no thread waits long for another.
    let mut longest_first: Vec<usize> = (0..site.docs.len()).collect();
    longest_first.sort_by_key(|&i| std::cmp::Reverse(site.docs[i].body().len()));
    // A body, the signature of its links, and its cache key when rendered in this run.
    type Body = (Arc<RenderedMarkdown>, u64, Option<u64>);
    let render_one = |doc: &Document| -> Body {
        let key = crate::util::hash::Fnv::default()
            .u64(doc.version)
            .u64(links)
            .finish();
        if let Some(c) = cache.entries.get(&doc.source)
            && c.key == key
        {
            return (Arc::clone(&c.rendered), c.links, None);
        }
        let url = site.doc_url(doc);
        let input = markdown::Input {
            file: &doc.source,
            text: &doc.text,
            body: doc.body(),
            body_line: doc.body_line,
            steps_headings: &config.steps_headings,
            checklist_key: (doc.kind == Kind::Playbook).then_some(url.as_str()),
        };
        let resolver = DocResolver {
            linker: &linker,
            doc,
        };
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
        .map(|&i| (i, render_one(&site.docs[i])))
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
    for r in &rendered {
        diagnostics.extend(r.diagnostics.iter().cloned());
    }
    phase.end();

    // Lists and scores come from front matter only (stages, terms, dates, `related:`) and
    // the webinars' status, so a body edit keeps the last run's; making them for a large
    // site costs far more than rendering one page.
    let front_matter_key = site
        .docs
        .iter()
        .fold(crate::util::hash::Fnv::default().u64(links), |h, d| {
            h.u64(d.card_version)
        })
        .finish();

    let phase = crate::util::timings::Phase::start("  anchors");
    // Backlinks and broken anchors follow from every body's links and headings (and the
    // dates and titles that order backlinks): kept while none of those changed.
    let graph_key = signatures
        .iter()
        .fold(
            crate::util::hash::Fnv::default().u64(front_matter_key),
            |h, s| h.u64(*s),
        )
        .finish();
    let (backlinks, anchor_diagnostics) = match cache.graph.take() {
        Some((key, graph)) if key == graph_key => graph,
        _ => {
            let (backlinks, problems) = link_graph(site, &rendered);
            (Arc::new(backlinks), problems)
        }
    };
    diagnostics.extend(anchor_diagnostics.iter().cloned());
    cache.graph = Some((graph_key, (Arc::clone(&backlinks), anchor_diagnostics)));

    check_logos(site, &linker, &mut diagnostics);

    let webinar_status: Vec<Option<WebinarStatus>> = site
        .docs
        .iter()
        .map(|d| {
            d.webinar().map(|w| {
                if w.is_upcoming(site.now) {
                    WebinarStatus::Upcoming
                } else if w.recording_url.is_some() {
                    WebinarStatus::OnDemand
                } else {
                    WebinarStatus::RecordingSoon
                }
            })
        })
        .collect();

    // Which files translate which follows from their paths alone.
    let translations = match cache.translations.take() {
        Some((key, translations)) if key == links => translations,
        _ => {
            let mut translations = Translations::new();
            for (i, d) in site.docs.iter().enumerate() {
                translations
                    .entry(d.translation_key.clone())
                    .or_default()
                    .insert(d.lang.clone(), i);
            }
            Arc::new(translations)
        }
    };
    cache.translations = Some((links, Arc::clone(&translations)));

    phase.end();
    let phase = crate::util::timings::Phase::start("  views");
    let status_number = |s: Option<WebinarStatus>| s.map_or(0, |s| s as u64 + 1);
    let views_key = webinar_status
        .iter()
        .fold(
            crate::util::hash::Fnv::default().u64(front_matter_key),
            |h, s| h.u64(status_number(*s)),
        )
        .finish();
    let views: Vec<LanguageView> = match cache.views.take() {
        Some((key, views)) if key == views_key => views,
        _ => config
            .languages
            .par_iter()
            .map(|lang| build_view(site, lang, &translations, &stage_order, &next_stage))
            .collect(),
    };
    cache.views = Some((views_key, views.clone()));
    phase.end();
    let phase = crate::util::timings::Phase::start("  related");
    let (related, related_diagnostics) = match cache.related.take() {
        Some((key, related)) if key == front_matter_key => related,
        _ => {
            let (explicit, problems) = explicit_related(site, &linker);
            (Arc::new(compute_related(site, &views, explicit)), problems)
        }
    };
    diagnostics.extend(related_diagnostics.iter().cloned());
    cache.related = Some((
        front_matter_key,
        (Arc::clone(&related), related_diagnostics),
    ));
    phase.end();

    let (card_hashes, full_hashes) = site
        .docs
        .iter()
        .zip(&rendered)
        .zip(&webinar_status)
        .map(|((d, r), s)| {
            let status = status_number(*s);
            (
                crate::util::hash::Fnv::default()
                    .u64(d.card_version)
                    .u64(r.steps as u64)
                    .u64(status)
                    .finish(),
                crate::util::hash::Fnv::default()
                    .u64(d.version)
                    .u64(status)
                    .finish(),
            )
        })
        .unzip();
    let journey = Journey {
        stage_order,
        next_stage,
        views,
        rendered,
        backlinks,
        related,
        translations,
        webinar_status,
        link_version: links,
        lists_version: views_key,
        card_hashes,
        full_hashes,
    };
    (journey, diagnostics)
}
