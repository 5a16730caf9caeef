//! Link: orders the stages, resolves `@/` links and `related:` paths, renders every body's
//! markdown in parallel, then checks anchors and computes lists per stage and term, related
//! documents, next steps and backlinks. Every problem is collected, none stops the others.

mod bodies;
mod cache;
mod cta;
mod graph;
mod linker;
mod related;
mod sort;
mod stages;
mod views;

use bodies::render_bodies;
pub use cache::MarkdownCache;
use cache::{front_matter_version, link_version, with_all};
pub use cta::{ConfigPages, CtaTarget};
use cta::{resolve_config_pages, resolve_ctas};
use graph::link_graph;
pub use linker::Linker;
use linker::check_logos;
use related::{compute_related, explicit_related};
pub use sort::{keep_newest, sort_by_date_then_title, sort_listed, sort_webinars};
use stages::{check_stage_references, order_stages};
use views::build_view;

use crate::content::reads::{Source, Watched, watch_each};
use crate::content::{Kind, Site};
use crate::markdown::RenderedMarkdown;
use crate::util::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many documents "related" shows at most (explicit ones are never dropped).
pub const RELATED_LIMIT: usize = 6;
/// How many documents a "next step" suggests.
pub const NEXT_STEP_LIMIT: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Default, Clone, Hash)]
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

#[derive(Debug, Clone, Hash)]
pub struct Term {
    /// As first written (terms differing only in case or punctuation share a slug).
    pub name: String,
    pub slug: String,
    pub docs: Vec<usize>,
}

/// Everything a language's pages list. Each list notes its reads (see
/// [`crate::content::reads`]), so a page that shows one is made again when it changes.
#[derive(Debug, Clone)]
pub struct LanguageView {
    pub lang: String,
    /// Documents shown in this language: its own, plus default-language ones it lacks when
    /// missing translations fall back.
    pub docs: Watched<Vec<usize>>,
    /// Stage id → the stage document shown in this language.
    pub stage_docs: Watched<BTreeMap<String, usize>>,
    pub stages: Watched<BTreeMap<String, StageLists>>,
    /// Taxonomy → term slug → term, in site-config order of taxonomies.
    pub terms: Watched<BTreeMap<String, BTreeMap<String, Term>>>,
    /// Next-step suggestions for each stage id: content of the stage after it.
    pub next_steps: Watched<BTreeMap<String, Vec<usize>>>,
    pub home: Watched<Option<usize>>,
}

pub struct Journey {
    /// Stage ids in journey order.
    pub stage_order: Watched<Vec<String>>,
    /// Stage id → id of the stage after it (by `next:` or by order).
    pub next_stage: Watched<BTreeMap<String, String>>,
    pub views: Vec<LanguageView>,
    pub rendered: Vec<Watched<Arc<RenderedMarkdown>>>,
    /// Each body's checklist step count, apart from the body: lists show it.
    pub steps: Vec<Watched<usize>>,
    pub backlinks: Arc<Vec<Watched<Vec<usize>>>>,
    pub related: Arc<Vec<Watched<Vec<usize>>>>,
    /// Each document's call to action when it leads to a page of the hub (`@/`). Watched as
    /// the body, whose version follows the document's text and where documents are.
    pub cta_targets: Vec<Watched<CtaTarget>>,
    /// The pages of the hub site-config names with `@/`. Not watched: every page is made
    /// again when documents move or site-config changes.
    pub config_pages: ConfigPages,
    pub translations: Watched<Arc<Translations>>,
    pub webinar_status: Vec<Watched<Option<WebinarStatus>>>,
    /// Changes when documents are added, removed or moved: every page may list them.
    pub link_version: u64,
    /// Changes with any document's front matter or webinar status: what lists, feeds and
    /// cards are made from.
    pub lists_version: u64,
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

/// Translation key → language → document.
pub type Translations = BTreeMap<String, BTreeMap<String, usize>>;

pub fn link(site: &Site) -> (Journey, Vec<Diagnostic>) {
    link_cached(site, &mut MarkdownCache::default())
}

pub fn link_cached(site: &Site, cache: &mut MarkdownCache) -> (Journey, Vec<Diagnostic>) {
    let linker = Linker::new(site);
    let mut diagnostics = vec![];
    let links = link_version(site);

    let (stage_order, next_stage) = order_stages(site, &mut diagnostics);
    check_stage_references(site, &stage_order, &mut diagnostics);

    let (rendered, signatures) = render_bodies(site, &linker, links, cache);
    for r in &rendered {
        diagnostics.extend(r.diagnostics.iter().cloned());
    }
    let front_matter = front_matter_version(site, links);

    let phase = crate::util::timings::Phase::start("  anchors");
    // Backlinks and broken anchors follow from every body's links and headings (and the
    // dates and titles that order backlinks).
    let graph_key = with_all(front_matter, signatures.iter().copied());
    let (backlinks, anchor_diagnostics) = cache.graph.get_or_make(graph_key, || {
        let (backlinks, problems) = link_graph(site, &rendered);
        (Arc::new(watch_each(Source::Backlinks, backlinks)), problems)
    });
    diagnostics.extend(anchor_diagnostics);
    check_logos(site, &linker, &mut diagnostics);
    let (cta_targets, cta_diagnostics) = resolve_ctas(site, &linker);
    diagnostics.extend(cta_diagnostics);
    let (config_pages, config_diagnostics) = resolve_config_pages(site, &linker);
    diagnostics.extend(config_diagnostics);
    let webinar_status = webinar_status(site);
    // Which files translate which follows from their paths alone.
    let translations = cache
        .translations
        .get_or_make(links, || Arc::new(translations(site)));
    phase.end();

    let phase = crate::util::timings::Phase::start("  views");
    let views_key = with_all(front_matter, webinar_status.iter().map(status_number));
    let views = cache.views.get_or_make(views_key, || {
        site.config
            .languages
            .par_iter()
            .enumerate()
            .map(|(n, lang)| build_view(site, (n, lang), &translations, &stage_order, &next_stage))
            .collect()
    });
    phase.end();
    let phase = crate::util::timings::Phase::start("  related");
    let (related, related_diagnostics) = cache.related.get_or_make(front_matter, || {
        let (explicit, problems) = explicit_related(site, &linker);
        let related = compute_related(site, &views, explicit);
        (Arc::new(watch_each(Source::Related, related)), problems)
    });
    diagnostics.extend(related_diagnostics);
    phase.end();

    let journey = Journey {
        stage_order: Watched::new(Source::StageOrder, 0, 0, stage_order),
        next_stage: Watched::new(Source::StageOrder, 0, 1, next_stage),
        views,
        steps: watch_each(Source::Steps, rendered.iter().map(|r| r.steps)),
        rendered: watch_each(Source::Body, rendered),
        backlinks,
        related,
        cta_targets: watch_each(Source::Body, cta_targets),
        config_pages,
        translations: Watched::new(Source::Translations, 0, 0, translations),
        webinar_status: watch_each(Source::WebinarStatus, webinar_status),
        link_version: links,
        lists_version: views_key,
    };
    (journey, diagnostics)
}

fn status_number(s: &Option<WebinarStatus>) -> u64 {
    s.map_or(0, |s| s as u64 + 1)
}

/// Each webinar's status at the site's "now"; None for other documents.
fn webinar_status(site: &Site) -> Vec<Option<WebinarStatus>> {
    site.docs
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
        .collect()
}

fn translations(site: &Site) -> Translations {
    let mut translations = Translations::new();
    for (i, d) in site.docs.iter().enumerate() {
        translations
            .entry(d.translation_key.clone())
            .or_default()
            .insert(d.lang.clone(), i);
    }
    translations
}
