//! Link: orders the stages, resolves `@/` links and `related:` paths, renders every body's
//! markdown in parallel, then checks anchors and computes lists per stage and term, related
//! documents, next steps and backlinks. Every problem is collected, none stops the others.

use crate::config::{MissingTranslations, SiteConfig};
use crate::content::{Asset, Document, Kind, Spanned};
use crate::markdown::{self, LinkError, RenderedMarkdown, Resolver};
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::{encode_path, slugify};
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// How many documents "related" shows at most (explicit ones are never dropped).
pub const RELATED_LIMIT: usize = 6;
/// How many documents a "next step" suggests.
pub const NEXT_STEP_LIMIT: usize = 3;

pub struct Site {
    pub config: SiteConfig,
    /// Published documents, sorted by source path.
    pub docs: Vec<std::sync::Arc<Document>>,
    pub assets: Vec<Asset>,
    /// Content paths of documents left out (drafts, future dates), to explain links to them.
    pub unpublished: HashSet<String>,
    /// The site folder.
    pub root: std::path::PathBuf,
    /// Content paths of files that failed to load; their own error is reported.
    pub unreadable: HashSet<String>,
    pub now: Timestamp,
    /// Rendering for the preview server (see `BuildOptions::preview`).
    pub preview: bool,
}

impl Site {
    /// Root-relative, percent-encoded URL of a document in its own language.
    pub fn doc_url(&self, doc: &Document) -> String {
        self.config.base_url.url(&encode_path(&format!(
            "{}{}",
            self.config.language_prefix(&doc.lang),
            doc.site_path
        )))
    }

    pub fn doc_permalink(&self, doc: &Document) -> String {
        self.config.base_url.permalink(&encode_path(&format!(
            "{}{}",
            self.config.language_prefix(&doc.lang),
            doc.site_path
        )))
    }

    /// Output file of a document: `en/playbooks/kickoff/index.html`.
    pub fn doc_output_path(&self, doc: &Document) -> String {
        format!(
            "{}{}index.html",
            self.config.language_prefix(&doc.lang),
            doc.site_path
        )
    }
}

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

/// Documents and assets by path. Made again on every preview rebuild, so with hashbrown's
/// hasher: std's took 10 ms of a one-page rebuild at 10,000 documents.
pub struct Linker<'s> {
    site: &'s Site,
    by_content_path: hashbrown::HashMap<&'s str, usize>,
    by_key: hashbrown::HashMap<(&'s str, &'s str), usize>,
    assets: hashbrown::HashSet<&'s str>,
}

impl<'s> Linker<'s> {
    pub fn new(site: &'s Site) -> Self {
        let mut by_content_path = hashbrown::HashMap::with_capacity(site.docs.len());
        let mut by_key = hashbrown::HashMap::with_capacity(site.docs.len());
        for (i, d) in site.docs.iter().enumerate() {
            by_content_path.insert(d.content_path.as_str(), i);
            by_key.insert((d.lang.as_str(), d.translation_key.as_str()), i);
        }
        Linker {
            site,
            by_content_path,
            by_key,
            assets: site
                .assets
                .iter()
                .map(|a| a.content_path.as_str())
                .collect(),
        }
    }

    /// Resolves a content path as seen from a document of language `lang`: the exact file,
    /// else the translation in `lang`, else the default language's document.
    pub fn resolve(&self, lang: &str, target: &str) -> Result<usize, LinkError> {
        let target = target.trim_start_matches('/');
        // The reader's language first: `@/playbooks/kickoff.md` in an English document
        // means the English kickoff when there is one.
        if let Some(&i) = self.by_key.get(&(lang, target)) {
            return Ok(i);
        }
        if let Some(&i) = self.by_content_path.get(target) {
            return Ok(i);
        }
        if let Some(&i) = self
            .by_key
            .get(&(self.site.config.language.as_str(), target))
        {
            return Ok(i);
        }
        if self.site.unreadable.contains(target) {
            return Err(LinkError::Unreadable);
        }
        if self.site.unpublished.contains(target) {
            return Err(LinkError::Missing(
                "that document is a draft or dated in the future, so it is not published"
                    .to_string(),
            ));
        }
        let known: Vec<&str> = self.by_content_path.keys().copied().collect();
        Err(LinkError::Missing(match closest_path(target, &known) {
            Some(k) => format!("there is no content/{target}; did you mean {k}?"),
            None => format!("there is no content/{target}"),
        }))
    }

    /// Resolves a path written relative to a document's folder to the asset's content path.
    pub fn resolve_asset(&self, dir: &str, relative: &str) -> Option<String> {
        let joined = normalize(dir, relative)?;
        self.assets.contains(joined.as_str()).then_some(joined)
    }

    pub fn asset_url(&self, content_path: &str) -> String {
        self.site.config.base_url.url(&encode_path(content_path))
    }
}

fn closest_path<'k>(target: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(target, k), *k))
        .filter(|(d, _)| *d <= 4)
        .min()
        .map(|(_, k)| k)
}

/// Joins `dir` and `relative`, folding `.` and `..`; None when it climbs out of content/.
fn normalize(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in relative.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

struct DocResolver<'a, 's> {
    linker: &'a Linker<'s>,
    doc: &'s Document,
}

impl Resolver for DocResolver<'_, '_> {
    fn document(&self, target: &str) -> Result<(usize, String), LinkError> {
        let i = self.linker.resolve(&self.doc.lang, target)?;
        Ok((i, self.linker.site.doc_url(&self.linker.site.docs[i])))
    }

    fn asset(&self, relative: &str) -> Option<String> {
        self.linker
            .resolve_asset(self.doc.content_dir(), relative)
            .map(|p| self.linker.asset_url(&p))
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

/// What other documents see of a body: the documents it links to and where, and the ids
/// it offers to links. Equal signatures leave backlinks and anchor checks as they were.
fn links_signature(doc: &Document, r: &RenderedMarkdown) -> u64 {
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
        for (i, text) in doc.text.lines().enumerate() {
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
fn link_graph(
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
                        format!(
                            "the link points at #{anchor}, but {} has no heading with that id",
                            target.source
                        ),
                    )
                    .at(&doc.text, link.line, link.column)
                    .with_hint(if known.is_empty() {
                        "that document has no headings to link to; remove the #part".to_string()
                    } else {
                        format!("its headings are: #{}", known.join(", #"))
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

/// The documents each one names in `related:`, and the names that match no document.
fn explicit_related(site: &Site, linker: &Linker) -> (Vec<Vec<usize>>, Vec<Diagnostic>) {
    let mut diagnostics = vec![];
    let mut explicit: Vec<Vec<usize>> = vec![vec![]; site.docs.len()];
    for (i, doc) in site.docs.iter().enumerate() {
        for Spanned { value, line } in &doc.common.related {
            match linker.resolve(&doc.lang, value) {
                Ok(t) if t != i => {
                    if !explicit[i].contains(&t) {
                        explicit[i].push(t)
                    }
                }
                Ok(_) | Err(LinkError::Unreadable) => {}
                Err(LinkError::Missing(why)) => diagnostics.push(
                    Diagnostic::error(
                        "broken-related",
                        &doc.source,
                        format!("`related` lists {value}, which does not exist: {why}"),
                    )
                    .at(&doc.text, *line, 1)
                    .with_hint("list paths under content/, like `playbooks/kickoff.md`"),
                ),
            }
        }
    }
    (explicit, diagnostics)
}

/// A case study's logo must exist: beside the document, or under static/ when `/`-rooted.
fn check_logos(site: &Site, linker: &Linker, diagnostics: &mut Vec<Diagnostic>) {
    for doc in &site.docs {
        let crate::content::KindMeta::CaseStudy(c) = &doc.meta else {
            continue;
        };
        let Some(logo) = &c.logo else { continue };
        let path = logo.value.trim();
        let exists = if path.starts_with("https://") || path.starts_with("http://") {
            true
        } else if let Some(rooted) = path.strip_prefix('/') {
            site.root.join("static").join(rooted).is_file()
        } else {
            linker.resolve_asset(doc.content_dir(), path).is_some()
        };
        if !exists {
            let column = doc
                .text
                .lines()
                .nth(logo.line.saturating_sub(1))
                .and_then(|l| l.find(path).map(|b| l[..b].chars().count() + 1))
                .unwrap_or(1);
            diagnostics.push(
                Diagnostic::error(
                    "missing-file",
                    &doc.source,
                    format!("the logo `{path}` does not exist"),
                )
                .at(&doc.text, logo.line, column)
                .with_hint(
                    "put the image beside the document (the path is relative to its folder), or under static/ and start the path with `/`",
                ),
            );
        }
    }
}

fn order_stages(
    site: &Site,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<String>, BTreeMap<String, String>) {
    let mut stages: Vec<&Document> = site
        .docs
        .iter()
        .map(|d| &**d)
        .filter(|d| d.kind == Kind::Stage && d.lang == site.config.language)
        .collect();
    stages.sort_by_key(|d| (d.stage_meta().map_or(0, |s| s.order), d.slug.clone()));
    for pair in stages.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (oa, ob) = (
            a.stage_meta().map_or(0, |s| s.order),
            b.stage_meta().map_or(0, |s| s.order),
        );
        if oa == ob {
            let line = line_of_key(&b.text, "order");
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-order",
                    &b.source,
                    format!(
                        "stage `{}` has order {ob}, the same as stage `{}` ({})",
                        b.slug, a.slug, a.source
                    ),
                )
                .at(&b.text, line, 1)
                .with_hint("give each stage its own position in the journey: 1, 2, 3, ..."),
            );
        }
    }
    let order: Vec<String> = stages.iter().map(|d| d.slug.clone()).collect();
    let mut next = BTreeMap::new();
    for (i, d) in stages.iter().enumerate() {
        let explicit = d.stage_meta().and_then(|s| s.next.clone());
        match explicit {
            Some(Spanned { value, line }) => {
                if order.contains(&value) {
                    next.insert(d.slug.clone(), value);
                } else {
                    diagnostics.push(unknown_stage(d, &value, line, &order, "next"));
                }
            }
            None => {
                if let Some(n) = order.get(i + 1) {
                    next.insert(d.slug.clone(), n.clone());
                }
            }
        }
    }
    // A translated stage must translate a stage that exists.
    for d in site.docs.iter().filter(|d| d.kind == Kind::Stage) {
        if d.lang != site.config.language && !order.contains(&d.slug) {
            diagnostics.push(
                Diagnostic::error(
                    "orphan-translation",
                    &d.source,
                    format!(
                        "this translates stage `{}`, but content/stages/{}.md does not exist",
                        d.slug, d.slug
                    ),
                )
                .with_hint("create the stage in the default language first"),
            );
        }
    }
    (order, next)
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .map_or(1, |i| i + 1)
}

fn unknown_stage(doc: &Document, id: &str, line: usize, order: &[String], key: &str) -> Diagnostic {
    let known: Vec<&str> = order.iter().map(String::as_str).collect();
    let hint = match crate::util::yaml::closest(id, &known) {
        Some(k) => format!("did you mean `{k}`?"),
        None if known.is_empty() => "add the stage as content/stages/<id>.md first".to_string(),
        None => format!("the stages are: {}", known.join(", ")),
    };
    let column = doc
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find(id))
        .map_or(1, |b| {
            doc.text.lines().nth(line - 1).unwrap()[..b].chars().count() + 1
        });
    Diagnostic::error(
        "unknown-stage",
        &doc.source,
        format!("`{key}` names stage `{id}`, which does not exist"),
    )
    .at(&doc.text, line, column)
    .with_hint(hint)
}

fn check_stage_references(site: &Site, order: &[String], diagnostics: &mut Vec<Diagnostic>) {
    for d in &site.docs {
        for id in &d.common.stages {
            if !order.contains(id) {
                diagnostics.push(unknown_stage(d, id, d.common.stage_line, order, "stage"));
            }
        }
    }
}

fn build_view(
    site: &Site,
    lang: &str,
    translations: &BTreeMap<String, BTreeMap<String, usize>>,
    stage_order: &[String],
    next_stage: &BTreeMap<String, String>,
) -> LanguageView {
    let config = &site.config;
    let fallback = config.missing_translations == MissingTranslations::Fallback;
    let mut docs = vec![];
    let mut stage_docs = BTreeMap::new();
    let mut home = None;
    for by_lang in translations.values() {
        let chosen = by_lang.get(lang).copied().or_else(|| {
            by_lang
                .get(&config.language)
                .copied()
                .filter(|&i| fallback || site.docs[i].kind == Kind::Stage)
        });
        let Some(i) = chosen else { continue };
        match site.docs[i].kind {
            Kind::Stage => {
                stage_docs.insert(site.docs[i].slug.clone(), i);
            }
            Kind::Home => home = Some(i),
            _ => docs.push(i),
        }
    }
    docs.sort_unstable();

    let mut stages: BTreeMap<String, StageLists> = stage_order
        .iter()
        .map(|id| (id.clone(), StageLists::default()))
        .collect();
    let now = site.now;
    for &i in &docs {
        let d = &site.docs[i];
        for id in &d.common.stages {
            let Some(lists) = stages.get_mut(id) else {
                continue;
            };
            match d.kind {
                Kind::Playbook => lists.playbooks.push(i),
                Kind::CaseStudy => lists.case_studies.push(i),
                Kind::Page => lists.pages.push(i),
                Kind::Webinar => match d.webinar() {
                    Some(w) if w.is_upcoming(now) => lists.webinars_upcoming.push(i),
                    _ => lists.webinars_on_demand.push(i),
                },
                _ => {}
            }
        }
    }
    for lists in stages.values_mut() {
        sort_listed(site, &mut lists.playbooks);
        sort_listed(site, &mut lists.case_studies);
        sort_listed(site, &mut lists.pages);
        sort_webinars(site, &mut lists.webinars_upcoming, false);
        sort_webinars(site, &mut lists.webinars_on_demand, true);
    }

    let mut terms: BTreeMap<String, BTreeMap<String, Term>> = BTreeMap::new();
    for &i in &docs {
        for (taxonomy, names) in &site.docs[i].common.terms {
            let by_slug = terms.entry(taxonomy.clone()).or_default();
            for name in names {
                let slug = match slugify(name) {
                    s if s.is_empty() => continue,
                    s => s,
                };
                let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    slug,
                    docs: vec![],
                });
                // Documents come in ascending order, so a repeat (two names with one slug)
                // can only be the last: searching the whole list made this quadratic.
                if term.docs.last() != Some(&i) {
                    term.docs.push(i);
                }
            }
        }
    }
    for by_slug in terms.values_mut() {
        for term in by_slug.values_mut() {
            sort_by_date_then_title(site, &mut term.docs);
        }
    }

    let next_steps = stage_order
        .iter()
        .map(|id| {
            let picks = next_stage
                .get(id)
                .and_then(|n| stages.get(n))
                .map(|lists| {
                    // One of each kind first, so the step offers a choice, then fill up.
                    let firsts = [
                        lists.playbooks.first(),
                        lists.case_studies.first(),
                        lists
                            .webinars_upcoming
                            .first()
                            .or(lists.webinars_on_demand.first()),
                    ];
                    let mut picks: Vec<usize> = firsts.into_iter().flatten().copied().collect();
                    for &i in lists.playbooks.iter().chain(&lists.case_studies) {
                        if picks.len() >= NEXT_STEP_LIMIT {
                            break;
                        }
                        if !picks.contains(&i) {
                            picks.push(i);
                        }
                    }
                    picks.truncate(NEXT_STEP_LIMIT);
                    picks
                })
                .unwrap_or_default();
            (id.clone(), picks)
        })
        .collect();

    LanguageView {
        lang: lang.to_string(),
        docs,
        stage_docs,
        stages,
        terms,
        next_steps,
        home,
    }
}

fn date_key(site: &Site, i: usize) -> Option<Timestamp> {
    site.docs[i].common.date.as_ref().map(|d| d.instant)
}

/// Manual `weight` first, then newest, then title: the order marketers expect in a list.
pub fn sort_listed(site: &Site, list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        let (da, db) = (&site.docs[a], &site.docs[b]);
        let wa = da.common.weight.unwrap_or(i64::MAX);
        let wb = db.common.weight.unwrap_or(i64::MAX);
        wa.cmp(&wb)
            .then_with(|| date_key(site, b).cmp(&date_key(site, a)))
            .then_with(|| da.common.title.cmp(&db.common.title))
            .then_with(|| a.cmp(&b))
    });
}

pub fn sort_by_date_then_title(site: &Site, list: &mut [usize]) {
    list.sort_by(|&a, &b| newest_first(site, a, b));
}

/// The first `limit` of `list` in the order of [`sort_by_date_then_title`], without sorting
/// the rest: feeds show a few of lists that hold a fifth of a large site.
pub fn keep_newest(site: &Site, list: &mut Vec<usize>, limit: usize) {
    if limit < list.len() {
        list.select_nth_unstable_by(limit, |&a, &b| newest_first(site, a, b));
        list.truncate(limit);
    }
    sort_by_date_then_title(site, list);
}

fn newest_first(site: &Site, a: usize, b: usize) -> std::cmp::Ordering {
    date_key(site, b)
        .cmp(&date_key(site, a))
        .then_with(|| site.docs[a].common.title.cmp(&site.docs[b].common.title))
        .then_with(|| a.cmp(&b))
}

/// Upcoming: soonest first. On demand: most recent first.
pub fn sort_webinars(site: &Site, list: &mut [usize], newest_first: bool) {
    list.sort_by(|&a, &b| {
        let sa = site.docs[a].webinar().map(|w| w.starts_at);
        let sb = site.docs[b].webinar().map(|w| w.starts_at);
        let ord = if newest_first {
            sb.cmp(&sa)
        } else {
            sa.cmp(&sb)
        };
        ord.then_with(|| a.cmp(&b))
    });
}

/// Explicit `related:` first, then the documents sharing the most stages and terms.
fn compute_related(
    site: &Site,
    views: &[LanguageView],
    explicit: Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    const STAGE_SCORE: u32 = 3;
    const TERM_SCORE: u32 = 2;
    const TAG_SCORE: u32 = 1;
    // Each document is scored against the view of its own language, whose documents are
    // numbered apart: another language's documents never score, and need no room.
    let indexes: Vec<(&str, KeyNumbers, RelatedIndex)> = views
        .iter()
        .map(|view| {
            let mut keys: KeyNumbers = HashMap::new();
            let mut postings: Vec<Vec<usize>> = vec![];
            for (p, &i) in view.docs.iter().enumerate() {
                let d = &site.docs[i];
                let stage_keys = d.common.stages.iter().map(|s| ("", s.as_str()));
                let term_keys = d.common.terms.iter().flat_map(|(t, names)| {
                    names.iter().map(move |name| (t.as_str(), name.as_str()))
                });
                for key in stage_keys.chain(term_keys) {
                    let k = *keys.entry(key).or_insert_with(|| {
                        postings.push(vec![]);
                        postings.len() - 1
                    });
                    postings[k].push(p);
                }
            }
            // Read once, side by side: every document is compared with thousands of
            // candidates, and reaching into each one's document for its date cost more
            // than the scoring.
            let dates = view.docs.iter().map(|&i| date_key(site, i)).collect();
            let index = RelatedIndex::new(view.docs.clone(), dates, postings);
            (view.lang.as_str(), keys, index)
        })
        .collect();
    explicit
        .into_par_iter()
        .enumerate()
        .map_init(
            || (vec![], Vec::<(usize, u32)>::new()),
            |(scores, query), (i, mut list)| {
                let d = &site.docs[i];
                if matches!(d.kind, Kind::Stage | Kind::Home) {
                    return list;
                }
                let Some((_, keys, index)) = indexes.iter().find(|(l, _, _)| *l == d.lang) else {
                    return list;
                };
                query.clear();
                for s in &d.common.stages {
                    if let Some(&k) = keys.get(&("", s.as_str())) {
                        query.push((k, STAGE_SCORE));
                    }
                }
                for (t, names) in &d.common.terms {
                    let w = if t == "tags" { TAG_SCORE } else { TERM_SCORE };
                    for name in names {
                        if let Some(&k) = keys.get(&(t.as_str(), name.as_str())) {
                            query.push((k, w));
                        }
                    }
                }
                let room = RELATED_LIMIT.saturating_sub(list.len());
                let mut exclude = list.clone();
                exclude.push(i);
                let best = index.best(scores, query, &exclude, room);
                list.extend(best);
                list
            },
        )
        .collect()
}

/// Numbers of a language's keys: `("", stage)` or `(taxonomy, term)`.
type KeyNumbers<'a> = HashMap<(&'a str, &'a str), usize>;

/// Which documents of a language share which stages and terms ("keys"), for scoring every
/// document against every other. Most keys are shared by a large part of a site (a stage,
/// a company size), so a document's scores touch most documents: a key that many documents
/// share is added as a whole array of counts, which compiles to vector additions, and only
/// a rare key document by document.
struct RelatedIndex {
    /// The documents, by their number here.
    ids: Vec<usize>,
    dates: Vec<Option<Timestamp>>,
    /// Number here of each site document, plus one; 0 for another language's.
    numbers: Vec<u32>,
    /// The documents (numbers here) of each key, once for each time a document lists it.
    postings: Vec<Vec<usize>>,
    /// For a key that at least one document in `DENSE_SHARE` has: its count in each document.
    counts: Vec<Option<Vec<u32>>>,
}

/// `scores[p] += scale(counts[p])` for every document, in one loop the compiler vectorizes.
#[inline(always)]
fn add_scaled(scores: &mut [u32], counts: &[u32], scale: impl Fn(u32) -> u32) {
    for (score, &count) in scores.iter_mut().zip(counts) {
        *score += scale(count);
    }
}

/// A key is added as an array when at least one document in this many has it.
const DENSE_SHARE: usize = 16;

impl RelatedIndex {
    fn new(ids: Vec<usize>, dates: Vec<Option<Timestamp>>, postings: Vec<Vec<usize>>) -> Self {
        let documents = ids.len();
        let counts = postings
            .iter()
            .map(|docs| {
                (docs.len() * DENSE_SHARE >= documents).then(|| {
                    let mut counts = vec![0u32; documents];
                    for &p in docs {
                        counts[p] += 1;
                    }
                    counts
                })
            })
            .collect();
        let mut numbers = vec![0u32; ids.iter().max().map_or(0, |&m| m + 1)];
        for (p, &i) in ids.iter().enumerate() {
            numbers[i] = u32::try_from(p + 1).expect("fewer than 4 billion documents");
        }
        RelatedIndex {
            ids,
            dates,
            numbers,
            postings,
            counts,
        }
    }

    /// The `room` documents (site numbers) that score highest for `query` (keys with their
    /// weights; a key listed twice counts twice), best first: the highest score, then the
    /// newest date, then the lowest number. A document in `exclude`, or sharing nothing, is
    /// never one. `scores` is scratch space.
    fn best(
        &self,
        scores: &mut Vec<u32>,
        query: &[(usize, u32)],
        exclude: &[usize],
        room: usize,
    ) -> Vec<usize> {
        if room == 0 || query.is_empty() {
            return vec![];
        }
        scores.clear();
        scores.resize(self.ids.len(), 0);
        for &(k, weight) in query {
            match &self.counts[k] {
                // Weights of 1 to 3 by shifts and additions: without AVX a vector of
                // multiplications by a variable costs several instructions.
                Some(counts) => match weight {
                    1 => add_scaled(scores, counts, |c| c),
                    2 => add_scaled(scores, counts, |c| c << 1),
                    3 => add_scaled(scores, counts, |c| (c << 1) + c),
                    w => add_scaled(scores, counts, |c| w * c),
                },
                None => {
                    for &p in &self.postings[k] {
                        scores[p] += weight;
                    }
                }
            }
        }
        for &i in exclude {
            if let Some(&number) = self.numbers.get(i).filter(|&&n| n > 0) {
                scores[number as usize - 1] = 0;
            }
        }
        // The lowest score that makes the list, found level by level from the top: the
        // best few usually share a level or two.
        let mut level = scores.iter().copied().max().unwrap_or(0);
        let mut found = 0;
        while level > 0 {
            found += scores.iter().filter(|&&s| s == level).count();
            if found >= room {
                break;
            }
            level -= 1;
        }
        let level = level.max(1);
        const BLOCK: usize = 16;
        let mut candidates: Vec<(u32, Option<Timestamp>, usize)> = vec![];
        for (b, block) in scores.chunks(BLOCK).enumerate() {
            // Most blocks hold nothing at the level: their maximum says so without a branch
            // per document.
            if block.iter().copied().fold(0, u32::max) < level {
                continue;
            }
            for (o, &score) in block.iter().enumerate() {
                if score >= level {
                    let p = b * BLOCK + o;
                    candidates.push((score, self.dates[p], self.ids[p]));
                }
            }
        }
        let order = |a: &(u32, Option<Timestamp>, usize), b: &(u32, Option<Timestamp>, usize)| {
            (b.0, b.1, std::cmp::Reverse(b.2)).cmp(&(a.0, a.1, std::cmp::Reverse(a.2)))
        };
        if candidates.len() > room {
            candidates.select_nth_unstable_by(room - 1, order);
            candidates.truncate(room);
        }
        candidates.sort_unstable_by(order);
        candidates.into_iter().map(|(_, _, j)| j).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{RelatedIndex, Timestamp};

    /// A small deterministic generator: the test needs varied data, not a random crate.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    /// Scores every document and sorts them all: what `best` must agree with.
    fn reference(
        postings: &[Vec<usize>],
        documents: usize,
        query: &[(usize, u32)],
        exclude: &[usize],
        dates: &[Option<Timestamp>],
        room: usize,
    ) -> Vec<usize> {
        let mut scores = vec![0u32; documents];
        for &(k, w) in query {
            for &j in &postings[k] {
                scores[j] += w;
            }
        }
        let mut all: Vec<(u32, Option<Timestamp>, usize)> = (0..documents)
            .filter(|j| scores[*j] > 0 && !exclude.contains(j))
            .map(|j| (scores[j], dates[j], j))
            .collect();
        all.sort_by(|a, b| {
            (b.0, b.1, std::cmp::Reverse(b.2)).cmp(&(a.0, a.1, std::cmp::Reverse(a.2)))
        });
        all.into_iter().take(room).map(|(_, _, j)| j).collect()
    }

    #[test]
    fn related_scoring_agrees_with_scoring_every_document() {
        let mut rng = Lcg(7);
        for round in 0..200 {
            let documents = 1 + rng.below(if round % 10 == 0 { 400 } else { 60 }) as usize;
            let keys = 1 + rng.below(12) as usize;
            // Shares from rare to nearly everyone, so both ways of adding a key are used;
            // some documents list a key twice.
            let postings: Vec<Vec<usize>> = (0..keys)
                .map(|_| {
                    let share = 1 + rng.below(100);
                    let mut docs = vec![];
                    for j in 0..documents {
                        if rng.below(100) < share {
                            docs.push(j);
                            if rng.below(20) == 0 {
                                docs.push(j);
                            }
                        }
                    }
                    docs
                })
                .collect();
            // Few distinct dates and missing ones, so ties are broken by date and by index.
            let dates: Vec<Option<Timestamp>> = (0..documents)
                .map(|_| match rng.below(4) {
                    0 => None,
                    d => Some(Timestamp::from_second(d as i64 * 86_400).unwrap()),
                })
                .collect();
            // Numbered here in another order than the site's, as a language's documents are.
            let mut ids: Vec<usize> = (0..documents).collect();
            for p in (1..documents).rev() {
                ids.swap(p, rng.below(p as u64 + 1) as usize);
            }
            let mut site_postings = postings.clone();
            for docs in &mut site_postings {
                for j in docs.iter_mut() {
                    *j = ids[*j];
                }
            }
            let mut site_dates = vec![None; documents];
            for (p, &i) in ids.iter().enumerate() {
                site_dates[i] = dates[p];
            }
            let index = RelatedIndex::new(ids, dates.clone(), postings.clone());
            let mut scores = vec![];
            for _ in 0..5 {
                let query: Vec<(usize, u32)> = (0..rng.below(6))
                    .map(|_| (rng.below(keys as u64) as usize, 1 + rng.below(3) as u32))
                    .collect();
                let exclude: Vec<usize> = (0..rng.below(3))
                    .map(|_| rng.below(documents as u64) as usize)
                    .collect();
                let room = rng.below(8) as usize;
                assert_eq!(
                    index.best(&mut scores, &query, &exclude, room),
                    reference(
                        &site_postings,
                        documents,
                        &query,
                        &exclude,
                        &site_dates,
                        room
                    ),
                    "round {round}: query {query:?}, exclude {exclude:?}, room {room}"
                );
            }
        }
    }
}
