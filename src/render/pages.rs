//! HTML pages: one job per page, rendered in parallel with one compiled tera per build.

use super::context::*;
use super::{OutputFile, Progress, calendar, feeds, structured};
use crate::content::{Document, Kind, KindMeta};
use crate::diagnostics::Diagnostic;
use crate::journey::{Journey, Site};
use crate::markdown::html_escape;
use crate::theme::{Theme, template_error};
use crate::urls::{encode_path, slugify};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use super::links::with_utm;
use std::sync::atomic::Ordering;

pub const STYLE_CSS: &str = "assets/style.css";
pub const SYNTAX_CSS: &str = "assets/syntax.css";
pub const SCRIPT_JS: &str = "assets/journeyhub.js";
pub const SEARCH_JS: &str = "assets/search.js";
/// The search page's template; a theme without it has no search page.
const SEARCH_TEMPLATE: &str = "search.html";
/// Default share images of the theme, one per kind of page (`assets/social/<name>.png`).
pub const SOCIAL_IMAGES: [&str; 5] = ["default", "stage", "playbook", "case_study", "webinar"];
/// Size of the theme's share images: what Open Graph and Twitter cards display best.
const SOCIAL_IMAGE_SIZE: (u32, u32) = (1200, 630);

/// A page the sitemap lists, with the same page in the other languages.
#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub permalink: String,
    pub lastmod: Option<String>,
    pub alternates: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
enum Job {
    Home,
    Stage(String),
    Doc(usize),
    Taxonomy(String),
    Term(String, String),
    NotFound,
    Alias(usize, String),
    /// A library of one kind across every stage: `/playbooks/`, `/case-studies/`, `/webinars/`.
    Index(Kind),
    /// `/search/`: the search page over the Pagefind index.
    Search,
}

/// The template of a kind's library page; a theme without it simply has no such page.
fn index_template(kind: Kind) -> &'static str {
    match kind {
        Kind::Playbook => "playbooks.html",
        Kind::CaseStudy => "case_studies.html",
        _ => "webinars.html",
    }
}

/// `page_kind` of a library page.
fn index_page_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Playbook => "playbooks",
        Kind::CaseStudy => "case_studies",
        _ => "webinars",
    }
}

/// The libraries a site has: the kinds whose template the theme provides.
fn index_kinds(theme: &Theme) -> Vec<Kind> {
    [Kind::Playbook, Kind::CaseStudy, Kind::Webinar]
        .into_iter()
        .filter(|k| theme.template_origin.contains_key(index_template(*k)))
        .collect()
}

impl Job {
    /// Site path of the page in language `prefix` (unencoded).
    fn site_path(&self, site: &Site, prefix: &str) -> String {
        match self {
            Job::Home => prefix.to_string(),
            Job::Stage(id) => format!("{prefix}stages/{id}/"),
            Job::Doc(i) => {
                let d = &site.docs[*i];
                format!("{}{}", site.config.language_prefix(&d.lang), d.site_path)
            }
            Job::Taxonomy(t) => format!("{prefix}{t}/"),
            Job::Term(t, slug) => format!("{prefix}{t}/{slug}/"),
            Job::NotFound => format!("{prefix}404.html"),
            Job::Alias(_, path) => path.clone(),
            Job::Index(kind) => format!("{prefix}{}/", kind.folder()),
            Job::Search => format!("{prefix}search/"),
        }
    }

    fn output_path(&self, site: &Site, prefix: &str) -> String {
        let p = self.site_path(site, prefix);
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p
        }
    }
}

struct LangRender<'a> {
    ctx: LanguageContext<'a>,
    prefix: String,
    /// What every page of the language has in its context; each rendering thread keeps a
    /// copy of it (see [`with_page_context`]), which `base_id` names.
    base: tera::Context,
    base_id: u64,
    /// Fingerprint of what every page of the language shares.
    global: u64,
    /// The theme's shared partials, rendered once per place of this language.
    shared_partials: super::shared_partials::SharedPartials,
}

/// What every page of a build shares besides its language.
struct Shared {
    /// Share image of each kind of page (see [`SOCIAL_IMAGES`]) → absolute URL, for the
    /// images the theme ships.
    social_images: BTreeMap<&'static str, String>,
    /// Every output path, to check that a document's own share image exists.
    files: std::collections::HashSet<String>,
}

/// Pages from an earlier run with the fingerprint of everything they were made from.
#[derive(Default)]
pub struct PageCache {
    pages: HashMap<String, CachedPage>,
    /// Feed files by feed folder, with the fingerprint of what they show.
    pub(crate) feeds: super::feeds::FeedCache,
    /// Each language's cards, with the fingerprint of what they show.
    cards: HashMap<String, (u64, Arc<CardShelf>)>,
    /// How many pages the last run rendered (the rest were unchanged and reused).
    pub rendered_last_run: usize,
    /// sitemap.xml, robots.txt and the calendars.
    pub(crate) lists: super::ListCaches,
    /// Where pages and feeds are written as soon as they are made (see
    /// [`PageCache::write_into`]).
    pub(crate) write_to: Option<std::path::PathBuf>,
}

impl PageCache {
    /// Pages are written into `dir` as they are rendered, and neither kept nor cached: a
    /// build never holds its whole site in memory (at 10,000 documents, 650 MB of pages).
    pub fn write_into(&mut self, dir: &std::path::Path) {
        self.write_to = Some(dir.to_path_buf());
    }
}

/// A page's fingerprint, bytes and sitemap entry from an earlier run.
type CachedPage = (u64, Arc<Vec<u8>>, Option<Arc<SitemapEntry>>);

/// A page's output path, bytes, and its sitemap entry when it belongs in the sitemap.
pub type RenderedPage = (String, OutputFile, Option<Arc<SitemapEntry>>);

type PageResult = (
    String,
    Result<OutputFile, Diagnostic>,
    Option<Arc<SitemapEntry>>,
);

pub fn render_pages(
    site: &Site,
    journey: &Journey,
    theme: &Theme,
    files: &BTreeMap<String, OutputFile>,
    progress: &Progress,
    cache: &mut PageCache,
) -> (Vec<RenderedPage>, Vec<Diagnostic>) {
    let assets = Assets {
        style: versioned(site, files, STYLE_CSS),
        syntax: versioned(site, files, SYNTAX_CSS),
        script: versioned(site, files, SCRIPT_JS),
        search: versioned(site, files, SEARCH_JS),
    };
    let empty = BTreeMap::new();
    let social_images: BTreeMap<&'static str, String> = SOCIAL_IMAGES
        .iter()
        .map(|name| (*name, format!("assets/social/{name}.png")))
        .filter(|(_, path)| files.contains_key(path))
        .map(|(name, path)| (name, site.config.base_url.permalink(&path)))
        .collect();
    let shared = Shared {
        files: files.keys().cloned().collect(),
        social_images,
    };
    let indexes = index_kinds(theme);
    // A share image (`extra.image`) may be any published file, static ones included.
    let files_version = files
        .keys()
        .fold(crate::hash::Fnv::default(), |h, k| h.str(k))
        .finish();
    let phase = crate::timings::Phase::start("    contexts");
    let mut new_cards = HashMap::new();
    let langs: Vec<LangRender> = journey
        .views
        .iter()
        .map(|view| {
            let t = theme.strings.get(&view.lang).unwrap_or(&empty);
            let cards_key = cards_fingerprint(site, journey, view, theme.version);
            let reuse = cache
                .cards
                .get(&view.lang)
                .filter(|(key, _)| *key == cards_key)
                .map(|(_, cards)| Arc::clone(cards));
            let ctx = LanguageContext::new(site, journey, view, t, reuse, theme);
            new_cards.insert(view.lang.clone(), (cards_key, Arc::clone(&ctx.cards)));
            let prefix = site.config.language_prefix(&view.lang);
            let base = base_context(site, &ctx, &prefix, &assets, &indexes);
            let global = crate::hash::Fnv::default()
                .u64(theme.version)
                .u64(site.config.version)
                .u64(journey.link_version)
                .str(&serde_json::to_string(&base.clone().into_json()).unwrap_or_default())
                .str(&format!("{:?}", shared.social_images))
                .u64(files_version)
                .finish();
            LangRender {
                ctx,
                prefix,
                base,
                base_id: NEXT_BASE_ID.fetch_add(1, Ordering::Relaxed),
                global,
                shared_partials: Default::default(),
            }
        })
        .collect();

    // A build that writes its pages as it goes keeps no cache for a next run: its cards
    // (and the copy lent to pages) go once the pages are rendered.
    if cache.write_to.is_none() {
        cache.cards = new_cards;
    }
    phase.end();
    let phase = crate::timings::Phase::start("    jobs");
    let mut jobs: Vec<(usize, Job)> = vec![];
    for (li, lr) in langs.iter().enumerate() {
        let view = lr.ctx.view;
        jobs.push((li, Job::Home));
        jobs.push((li, Job::NotFound));
        if site.config.search && theme.template_origin.contains_key(SEARCH_TEMPLATE) {
            jobs.push((li, Job::Search));
        }
        for kind in &indexes {
            jobs.push((li, Job::Index(*kind)));
        }
        for id in &journey.stage_order {
            jobs.push((li, Job::Stage(id.clone())));
        }
        for (i, d) in site.docs.iter().enumerate() {
            if d.lang == view.lang && !matches!(d.kind, Kind::Stage | Kind::Home) {
                jobs.push((li, Job::Doc(i)));
                for alias in &d.common.aliases {
                    if let Some(path) = alias_path(&alias.value) {
                        jobs.push((li, Job::Alias(i, path)));
                    }
                }
            }
        }
        for taxonomy in &site.config.taxonomies {
            if !has_index_page(taxonomy, view) {
                continue;
            }
            jobs.push((li, Job::Taxonomy(taxonomy.clone())));
            if let Some(terms) = view.terms.get(taxonomy) {
                for slug in terms.keys() {
                    jobs.push((li, Job::Term(taxonomy.clone(), slug.clone())));
                }
            }
        }
    }
    let mut diagnostics = alias_diagnostics(site);
    progress.total.store(jobs.len(), Ordering::Relaxed);

    let previous = &cache.pages;
    let write_to = cache.write_to.as_deref();
    let results: Vec<(PageResult, u64, bool)> = jobs
        .par_iter()
        .map(|(li, job)| {
            let lr = &langs[*li];
            let path = job.output_path(site, &lr.prefix);
            let fingerprint = fingerprint(site, journey, lr, job);
            progress.done.fetch_add(1, Ordering::Relaxed);
            if let Some((f, bytes, entry)) = previous.get(&path)
                && *f == fingerprint
            {
                let page = OutputFile::Bytes(bytes.clone());
                return ((path, Ok(page), entry.clone()), fingerprint, false);
            }
            let result =
                render_job(site, journey, theme, &shared, &langs, lr, job).and_then(|bytes| {
                    match write_to {
                        Some(dir) => {
                            super::write_file(dir, &path, &bytes).map(|()| OutputFile::Written)
                        }
                        None => Ok(OutputFile::Bytes(Arc::new(bytes))),
                    }
                });
            let entry = match (&result, job) {
                (Ok(_), Job::NotFound | Job::Alias(..) | Job::Search) | (Err(_), _) => None,
                (Ok(_), _) => Some(Arc::new(sitemap_entry(site, journey, &langs, lr, job))),
            };
            let rendered = true;
            ((path, result, entry), fingerprint, rendered)
        })
        .collect();
    // The cache is updated in place: on a preview rebuild almost every page is reused, and
    // making a new map of ten thousand pages cost more than rendering the edited one.
    cache.rendered_last_run = 0;
    for ((path, result, entry), fingerprint, rendered) in &results {
        if !*rendered {
            continue;
        }
        cache.rendered_last_run += 1;
        if let Ok(OutputFile::Bytes(bytes)) = result {
            cache
                .pages
                .insert(path.clone(), (*fingerprint, bytes.clone(), entry.clone()));
        }
    }
    if cache.pages.len() > results.len() {
        let current: std::collections::HashSet<&str> = results
            .iter()
            .map(|((path, _, _), _, _)| path.as_str())
            .collect();
        cache
            .pages
            .retain(|path, _| current.contains(path.as_str()));
    }
    let results: Vec<PageResult> = results.into_iter().map(|(r, _, _)| r).collect();
    phase.end();

    let mut seen = std::collections::HashSet::with_capacity(results.len());
    let repeated: Vec<bool> = results
        .iter()
        .map(|(path, result, _)| result.is_ok() && !seen.insert(path.as_str()))
        .collect();
    drop(seen);
    let mut out = Vec::with_capacity(results.len());
    let mut template_errors: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for ((path, result, entry), repeated) in results.into_iter().zip(repeated) {
        match result {
            Ok(bytes) => {
                if repeated {
                    diagnostics.push(
                        Diagnostic::error(
                            "output-conflict",
                            path.clone(),
                            format!("two pages would be written to /{path}"),
                        )
                        .with_hint("check `aliases:` and `slug:` for a clash with another page"),
                    );
                }
                out.push((path, bytes, entry));
            }
            // One broken template fails every page that uses it: say so once.
            Err(d) if d.code == "template" => template_errors
                .entry((d.file.clone(), d.message.clone()))
                .or_default()
                .push(path),
            Err(d) => diagnostics.push(d),
        }
    }
    for ((file, message), pages) in template_errors {
        let shown: Vec<&str> = pages.iter().take(3).map(String::as_str).collect();
        let more = if pages.len() > 3 {
            format!(" and {} more", pages.len() - 3)
        } else {
            String::new()
        };
        diagnostics.push(
            Diagnostic::error(
                "template",
                file,
                format!("{message} (on {}{more})", shown.join(", ")),
            )
            .with_hint("check the template syntax and the variable names in docs/templates.md"),
        );
    }
    (out, diagnostics)
}

/// Everything a language's cards show: each listed document's front matter, step count and
/// webinar status, the stages' front matter, addresses, theme strings and site-config.
fn cards_fingerprint(
    site: &Site,
    journey: &Journey,
    view: &crate::journey::LanguageView,
    theme_version: u64,
) -> u64 {
    let h = crate::hash::Fnv::default()
        .u64(theme_version)
        .u64(site.config.version)
        .u64(journey.link_version);
    let h = super::hash_as_cards(h, journey, &view.docs);
    view.stage_docs
        .values()
        .fold(h, |h, &i| h.u64(site.docs[i].card_version))
        .finish()
}

/// Everything a page is made of, as one number: the language's shared values, and the
/// version of each document the page shows. Equal fingerprints mean equal pages.
fn fingerprint(site: &Site, journey: &Journey, lr: &LangRender, job: &Job) -> u64 {
    let view = lr.ctx.view;
    let mut h = crate::hash::Fnv::default().u64(lr.global);
    // A page's own document counts in full; the documents it lists or links to count by
    // what a card shows of them.
    let docs = |h, list: &[usize]| super::hash_in_full(h, journey, list);
    let cards = |h, list: &[usize]| super::hash_as_cards(h, journey, list);
    match job {
        Job::Home => {
            h = h.str("home");
            if let Some(i) = view.home {
                h = docs(h, &[i]);
            }
            h = cards(h, &view.docs);
        }
        Job::Stage(id) => {
            h = h.str("stage").str(id);
            if let Some(&i) = view.stage_docs.get(id) {
                h = docs(h, &[i]);
            }
            if let Some(l) = view.stages.get(id) {
                for list in [
                    &l.playbooks,
                    &l.case_studies,
                    &l.webinars_upcoming,
                    &l.webinars_on_demand,
                    &l.pages,
                ] {
                    h = cards(h, list).u64(list.len() as u64);
                }
            }
        }
        Job::Doc(i) => {
            h = docs(h.str("doc"), &[*i]);
            h = cards(h, &journey.related[*i]).str("|");
            h = cards(h, &journey.backlinks[*i]).str("|");
            if let Some(next) = site.docs[*i]
                .common
                .stages
                .first()
                .and_then(|s| view.next_steps.get(s))
            {
                h = cards(h, next);
            }
        }
        Job::Taxonomy(name) => {
            h = h.str("taxonomy").str(name);
            for term in view.terms.get(name).into_iter().flat_map(|t| t.values()) {
                h = h
                    .str(&term.slug)
                    .str(&term.name)
                    .u64(term.docs.len() as u64);
            }
        }
        Job::Term(name, slug) => {
            h = h.str("term").str(name).str(slug);
            if let Some(term) = view.terms.get(name).and_then(|t| t.get(slug)) {
                h = cards(h.str(&term.name), &term.docs);
            }
        }
        Job::NotFound => h = h.str("404"),
        Job::Search => h = h.str("search"),
        Job::Alias(i, path) => h = cards(h.str("alias").str(path), &[*i]),
        Job::Index(kind) => {
            h = h.str("index").str(kind.name());
            h = cards(h, &index_docs(site, view, *kind));
            // The playbook library groups by stage: the same playbook listed under two.
            for (id, lists) in &view.stages {
                h = h.str(id).u64(lists.count(*kind) as u64);
            }
        }
    }
    h.finish()
}

fn alias_path(alias: &str) -> Option<String> {
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

fn alias_diagnostics(site: &Site) -> Vec<Diagnostic> {
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

/// Short content hash, so a changed stylesheet is fetched again but an unchanged one is not.
fn versioned(site: &Site, files: &BTreeMap<String, OutputFile>, path: &str) -> String {
    let url = site.config.base_url.url(path);
    if site.preview {
        return url;
    }
    match files.get(path).and_then(|f| f.bytes().ok()) {
        Some(bytes) => format!(
            "{url}?v={:010x}",
            crate::hash::of_bytes(&bytes) & 0xff_ffff_ffff
        ),
        None => url,
    }
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    base_url: String,
    root: String,
    language: &'a str,
    default_language: &'a str,
    timezone: &'a str,
    /// False when site-config has `search: false`: no index, no search page or box.
    search: bool,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct Section {
    kind: &'static str,
    page_kind: &'static str,
    label: String,
    url: String,
}

/// The calendar of every upcoming webinar: a download link and a subscription link.
#[derive(Serialize)]
struct CalendarLinks {
    url: String,
    permalink: String,
    webcal: String,
}

fn base_context(
    site: &Site,
    ctx: &LanguageContext,
    prefix: &str,
    assets: &Assets,
    indexes: &[Kind],
) -> tera::Context {
    let c = &site.config;
    let mut base = tera::Context::new();
    base.insert(
        "site",
        &SiteValue {
            title: &c.title,
            base_url: c.base_url.permalink(""),
            root: c.base_url.url(&encode_path(prefix)),
            language: ctx.lang,
            default_language: &c.language,
            timezone: &c.timezone_name,
            search: c.search,
            extra: &c.extra,
        },
    );
    base.insert("lang", ctx.lang);
    base.insert("t", ctx.t);
    base.insert("assets", assets);
    base.insert("stages", &ctx.stages);
    base.insert("taxonomies", &ctx.taxonomies);
    let sections: Vec<Section> = indexes
        .iter()
        .map(|k| Section {
            kind: k.name(),
            page_kind: index_page_kind(*k),
            label: text(ctx.t, index_page_kind(*k)).to_string(),
            url: c
                .base_url
                .url(&encode_path(&format!("{prefix}{}/", k.folder()))),
        })
        .collect();
    base.insert("sections", &sections);
    let calendar_path = encode_path(&format!("{prefix}{}", calendar::CALENDAR_PATH));
    let permalink = c.base_url.permalink(&calendar_path);
    base.insert(
        "calendar",
        &CalendarLinks {
            url: c.base_url.url(&calendar_path),
            webcal: permalink
                .split_once("://")
                .map(|(_, rest)| format!("webcal://{rest}"))
                .unwrap_or_default(),
            permalink,
        },
    );
    base
}

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    permalink: String,
}

/// The same page in another language: its path there, and whether it is a real translation.
fn equivalent(site: &Site, journey: &Journey, job: &Job, lang: &str) -> (String, bool) {
    let prefix = site.config.language_prefix(lang);
    match job {
        Job::Doc(i) | Job::Alias(i, _) => {
            let d = &site.docs[*i];
            match journey
                .translations
                .get(&d.translation_key)
                .and_then(|by| by.get(lang))
            {
                Some(&t) => (format!("{}{}", prefix, site.docs[t].site_path), true),
                None => (prefix, false),
            }
        }
        Job::Term(t, slug) => {
            let exists = journey
                .view(lang)
                .terms
                .get(t)
                .is_some_and(|terms| terms.contains_key(slug));
            if exists {
                (format!("{prefix}{t}/{slug}/"), true)
            } else {
                (format!("{prefix}{t}/"), false)
            }
        }
        other => (other.site_path(site, &prefix), true),
    }
}

/// The page being rendered and what surrounds it.
struct PageEnv<'a> {
    site: &'a Site,
    journey: &'a Journey,
    shared: &'a Shared,
    langs: &'a [LangRender<'a>],
    lr: &'a LangRender<'a>,
    job: &'a Job,
}

fn page_common(env: &PageEnv, kind: &str, title: &str, description: &str) -> tera::Context {
    let PageEnv {
        site,
        journey,
        langs,
        lr,
        job,
        ..
    } = *env;
    let mut c = tera::Context::new();
    let path = job.site_path(site, &lr.prefix);
    let languages: Vec<LanguageLink> = langs
        .iter()
        .map(|other| {
            let (p, _) = equivalent(site, journey, job, other.ctx.lang);
            LanguageLink {
                code: other.ctx.lang.to_string(),
                name: match text(other.ctx.t, "language_name") {
                    "" => other.ctx.lang.to_string(),
                    n => n.to_string(),
                },
                url: site.config.base_url.url(&encode_path(&p)),
                current: other.ctx.lang == lr.ctx.lang,
            }
        })
        .collect();
    let alternates: Vec<Alternate> = if langs.len() > 1 {
        langs
            .iter()
            .filter_map(|other| {
                let (p, real) = equivalent(site, journey, job, other.ctx.lang);
                real.then(|| Alternate {
                    lang: other.ctx.lang.to_string(),
                    permalink: site.config.base_url.permalink(&encode_path(&p)),
                })
            })
            .collect()
    } else {
        vec![]
    };
    c.insert("languages", &languages);
    c.insert("alternates", &alternates);
    c.insert("page_kind", kind);
    c.insert("title", title);
    c.insert("description", description);
    c.insert(
        "canonical",
        &site.config.base_url.permalink(&encode_path(&path)),
    );
    let stage = match job {
        Job::Stage(id) => Some(id.as_str()),
        Job::Doc(i) => site.docs[*i].common.stages.first().map(String::as_str),
        _ => None,
    };
    c.insert(
        "feeds",
        &feeds::head_links(site, &lr.prefix, stage.and_then(|s| lr.ctx.stage(s))),
    );
    c.insert("social", &social(env, kind, title));
    c.insert("structured_data", "");
    c
}

/// Open Graph and Twitter card values of a page.
#[derive(Serialize)]
struct Social {
    #[serde(rename = "type")]
    og_type: &'static str,
    card: &'static str,
    image: String,
    image_alt: String,
    image_width: u32,
    image_height: u32,
    locale: String,
    locale_alternates: Vec<String>,
    published_time: String,
    modified_time: String,
}

fn og_locale(t: &Strings, lang: &str) -> String {
    match text(t, "og_locale") {
        "" => lang.replace('-', "_"),
        l => l.to_string(),
    }
}

fn social(env: &PageEnv, kind: &str, title: &str) -> Social {
    let PageEnv {
        site,
        shared,
        langs,
        lr,
        job,
        ..
    } = *env;
    let default_image = |name: &str| {
        shared
            .social_images
            .get(name)
            .or_else(|| shared.social_images.get("default"))
            .cloned()
    };
    let mut published_time = String::new();
    let mut modified_time = String::new();
    let (own, fallback) = match job {
        Job::Doc(i) => {
            let d = &site.docs[*i];
            if let Some(x) = &d.common.date {
                published_time = rfc3339(x.instant, site);
            }
            if let Some(x) = d.common.updated.as_ref().or(d.common.date.as_ref()) {
                modified_time = rfc3339(x.instant, site);
            }
            (own_image(site, shared, *i), default_image(d.kind.name()))
        }
        Job::Stage(_) => (None, default_image("stage")),
        Job::Index(k) => (None, default_image(k.name())),
        _ => (None, default_image("default")),
    };
    let (image, (width, height)) = match (own, fallback) {
        (Some(own), _) => (own, (0, 0)),
        (None, Some(theme)) => (theme, SOCIAL_IMAGE_SIZE),
        (None, None) => (String::new(), (0, 0)),
    };
    Social {
        og_type: if matches!(job, Job::Doc(_)) {
            "article"
        } else {
            "website"
        },
        card: if image.is_empty() {
            "summary"
        } else {
            "summary_large_image"
        },
        image_alt: if image.is_empty() {
            String::new()
        } else if kind == "home" {
            site.config.title.clone()
        } else {
            format!("{title} | {}", site.config.title)
        },
        image,
        image_width: width,
        image_height: height,
        locale: og_locale(lr.ctx.t, lr.ctx.lang),
        locale_alternates: langs
            .iter()
            .filter(|o| o.ctx.lang != lr.ctx.lang)
            .map(|o| og_locale(o.ctx.t, o.ctx.lang))
            .collect(),
        published_time,
        modified_time,
    }
}

/// A document's own share image, `extra.image` (beside the document, `/`-rooted in
/// static/, or a full address), when it exists: a broken image is worse than the default.
fn own_image(site: &Site, shared: &Shared, i: usize) -> Option<String> {
    let d = &site.docs[i];
    let image = d.common.extra.get("image")?.as_str()?.trim();
    if image.starts_with("https://") || image.starts_with("http://") {
        return Some(image.to_string());
    }
    let path = match image.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None => {
            let mut parts: Vec<&str> = d
                .content_dir()
                .split('/')
                .filter(|p| !p.is_empty())
                .collect();
            for p in image.split('/') {
                match p {
                    "" | "." => {}
                    ".." => {
                        parts.pop()?;
                    }
                    p => parts.push(p),
                }
            }
            parts.join("/")
        }
    };
    shared
        .files
        .contains(&path)
        .then(|| site.config.base_url.permalink(&encode_path(&path)))
}

/// Plain text of the start of some HTML, for meta descriptions of documents without a summary.
pub fn excerpt(html: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let collapsed = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let words: Vec<&str> = collapsed.split_whitespace().collect();
    let text = words.join(" ");
    if text.chars().count() <= max_chars {
        text
    } else {
        let cut: String = text.chars().take(max_chars).collect();
        format!("{}…", cut.trim_end())
    }
}

fn render_job(
    site: &Site,
    journey: &Journey,
    theme: &Theme,
    shared: &Shared,
    langs: &[LangRender],
    lr: &LangRender,
    job: &Job,
) -> Result<Vec<u8>, Diagnostic> {
    let env = PageEnv {
        site,
        journey,
        shared,
        langs,
        lr,
        job,
    };
    let ctx = &lr.ctx;
    let view = ctx.view;
    let t = ctx.t;
    let site_description = site
        .config
        .extra
        .get("description")
        .and_then(|v| v.as_str())
        .unwrap_or(&site.config.title)
        .to_string();
    let (template, mut context) = match job {
        Job::Home => {
            let home = view.home.map(|i| &journey.rendered[i]);
            let description = view
                .home
                .and_then(|i| site.docs[i].common.summary.clone())
                .unwrap_or_else(|| site_description.clone());
            let mut c = page_common(&env, "home", &site.config.title, &description);
            let mut upcoming: Vec<usize> = view
                .docs
                .iter()
                .copied()
                .filter(|&i| {
                    journey.webinar_status[i] == Some(crate::journey::WebinarStatus::Upcoming)
                })
                .collect();
            crate::journey::sort_webinars(site, &mut upcoming, false);
            upcoming.truncate(4);
            let mut latest: Vec<usize> = view.docs.clone();
            crate::journey::sort_by_date_then_title(site, &mut latest);
            let mut featured: Vec<usize> = latest
                .iter()
                .copied()
                .filter(|&i| site.docs[i].common.featured)
                .collect();
            if featured.is_empty() {
                featured = latest.iter().copied().take(3).collect();
            }
            featured.truncate(6);
            latest.truncate(6);
            put(&mut c, "upcoming_webinars", ctx.cards(&upcoming));
            put(&mut c, "featured", ctx.cards(&featured));
            put(&mut c, "latest", ctx.cards(&latest));
            let content = home.map_or(Cow::Borrowed(""), |r| {
                super::links::tag_outbound(site, &r.html, "", "")
            });
            c.insert("content", &content);
            c.insert("stage_checklists", &stage_checklists(site, journey, view));
            let home_permalink = site.config.base_url.permalink(&encode_path(&lr.prefix));
            c.insert(
                "structured_data",
                &structured::website(site, ctx.lang, &home_permalink, &description),
            );
            ("home.html", c)
        }
        Job::Stage(id) => {
            let summary = ctx.stage(id).ok_or_else(|| {
                Diagnostic::error(
                    "internal",
                    format!("content/stages/{id}.md"),
                    "stage missing",
                )
            })?;
            let doc_index = view.stage_docs[id];
            let doc = &site.docs[doc_index];
            let meta = doc
                .stage_meta()
                .expect("stage documents carry stage metadata");
            let rendered = &journey.rendered[doc_index];
            let description = doc
                .common
                .summary
                .clone()
                .or_else(|| meta.goal.clone())
                .unwrap_or_else(|| excerpt(&rendered.html, 120));
            let mut c = page_common(&env, "stage", &doc.common.title, &description);
            let detail = StageDetail {
                summary,
                kpis: meta
                    .kpis
                    .iter()
                    .map(|k| Kpi {
                        name: &k.name,
                        target: k.target.as_deref().unwrap_or(""),
                    })
                    .collect(),
                content: super::links::tag_outbound(site, &rendered.html, id, id),
                toc: &rendered.toc,
            };
            let lists = &view.stages[id];
            c.insert("stage", &detail);
            c.insert(
                "prev_stage",
                &journey.prev_stage(id).and_then(|p| ctx.stage(p)),
            );
            c.insert(
                "next_stage",
                &journey.next_stage.get(id).and_then(|n| ctx.stage(n)),
            );
            put(&mut c, "playbooks", ctx.cards(&lists.playbooks));
            put(&mut c, "case_studies", ctx.cards(&lists.case_studies));
            put(
                &mut c,
                "webinars_upcoming",
                ctx.cards(&lists.webinars_upcoming),
            );
            put(
                &mut c,
                "webinars_on_demand",
                ctx.cards(&lists.webinars_on_demand),
            );
            put(&mut c, "pages", ctx.cards(&lists.pages));
            ("stage.html", c)
        }
        Job::Doc(i) => {
            let d = &site.docs[*i];
            let rendered = &journey.rendered[*i];
            let description = d
                .common
                .summary
                .clone()
                .unwrap_or_else(|| excerpt(&rendered.html, 120));
            let mut c = page_common(&env, d.kind.name(), &d.common.title, &description);
            let doc = doc_view(site, journey, ctx, &lr.prefix, *i);
            let image = c
                .get("social")
                .and_then(|s| s.get("image"))
                .and_then(|s| s.as_str())
                .unwrap_or("")
                .to_string();
            let audience: Vec<String> = match &d.meta {
                KindMeta::Playbook(p) => p
                    .audience
                    .iter()
                    .map(|a| term_label(t, "audience", a))
                    .collect(),
                _ => vec![],
            };
            c.insert(
                "structured_data",
                &structured::document(site, journey, t, *i, &image, &audience),
            );
            c.insert("doc", &doc);
            let first_stage = d.common.stages.first();
            let journey_value = serde_json::json!({
                "stage": first_stage.and_then(|s| ctx.stage(s)),
                "prev_stage": first_stage.and_then(|s| journey.prev_stage(s)).and_then(|p| ctx.stage(p)),
                "next_stage": first_stage.and_then(|s| journey.next_stage.get(s)).and_then(|n| ctx.stage(n)),
            });
            put(&mut c, "journey", journey_value);
            let next_step = first_stage.and_then(|s| {
                let next = journey.next_stage.get(s)?;
                let others: Vec<usize> = view
                    .next_steps
                    .get(s)?
                    .iter()
                    .copied()
                    .filter(|&j| j != *i)
                    .collect();
                let mut value = serde_json::json!({ "stage": ctx.stage(next)? });
                value["docs"] = ctx.cards(&others);
                Some(value)
            });
            put(&mut c, "next_step", next_step.unwrap_or_default());
            put(&mut c, "related", ctx.cards(&journey.related[*i]));
            put(&mut c, "backlinks", ctx.cards(&journey.backlinks[*i]));
            let template = match d.kind {
                Kind::Playbook => "playbook.html",
                Kind::CaseStudy => "case_study.html",
                Kind::Webinar => "webinar.html",
                _ => "page.html",
            };
            (template, c)
        }
        Job::Taxonomy(name) => {
            let label = taxonomy_label(t, name);
            let mut c = page_common(
                &env,
                "taxonomy",
                &label,
                &format!("{label} | {}", site.config.title),
            );
            let terms: Vec<serde_json::Value> = view
                .terms
                .get(name)
                .map(|terms| {
                    let mut list: Vec<_> = terms.values().collect();
                    list.sort_by(|a, b| b.docs.len().cmp(&a.docs.len()).then(a.name.cmp(&b.name)));
                    list.into_iter()
                        .map(|term| {
                            serde_json::json!({
                                "name": term_label(t, name, &term.name),
                                "url": term_url(site, &lr.prefix, name, &term.slug),
                                "count": term.docs.len(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            put(
                &mut c,
                "taxonomy",
                serde_json::json!({
                    "name": name,
                    "label": label,
                    "url": site.config.base_url.url(&encode_path(&format!("{}{name}/", lr.prefix))),
                    "terms": terms,
                }),
            );
            ("taxonomy.html", c)
        }
        Job::Term(name, slug) => {
            let label = taxonomy_label(t, name);
            let term = &view.terms[name][slug];
            let shown = term_label(t, name, &term.name);
            let title = format!("{label}: {shown}");
            let mut c = page_common(
                &env,
                "term",
                &title,
                &format!("{title} | {}", site.config.title),
            );
            put(
                &mut c,
                "taxonomy",
                serde_json::json!({
                    "name": name,
                    "label": label,
                    "url": site.config.base_url.url(&encode_path(&format!("{}{name}/", lr.prefix))),
                }),
            );
            put(
                &mut c,
                "term",
                serde_json::json!({
                    "name": shown,
                    "url": term_url(site, &lr.prefix, name, slug),
                    "count": term.docs.len(),
                }),
            );
            put(&mut c, "docs", ctx.cards(&term.docs));
            ("term.html", c)
        }
        Job::NotFound => {
            let title = match text(t, "not_found_title") {
                "" => "404",
                s => s,
            };
            let c = page_common(&env, "not_found", title, &site_description);
            ("404.html", c)
        }
        Job::Alias(i, _) => {
            return Ok(redirect_page(
                &site.doc_permalink(&site.docs[*i]),
                &site.doc_url(&site.docs[*i]),
            ));
        }
        Job::Index(kind) => (index_template(*kind), index_context(&env, *kind)),
        Job::Search => {
            let title = match text(t, "search_page_title") {
                "" => "Search",
                s => s,
            };
            let mut c = page_common(&env, "search", title, &site_description);
            let base = &site.config.base_url;
            put(
                &mut c,
                "search",
                serde_json::json!({
                    "url": base.url(&encode_path(&format!("{}search/", lr.prefix))),
                    "bundle": base.url(&format!("{}/", crate::search::BUNDLE_DIR)),
                    "base": base.path,
                }),
            );
            (SEARCH_TEMPLATE, c)
        }
    };
    let place = place(site, job, &context);
    let shared_html = lr.shared_partials.at(theme, &lr.base, place)?;
    put(&mut context, "shared", shared_html);
    // Rendered into a buffer kept per thread and copied out at its final size: tera's own
    // `render` starts every page at 2 KB, regrows it about five times, then checks the whole
    // page for valid UTF-8, which its writer already guarantees.
    thread_local! {
        static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    PAGE_BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        with_page_context(
            lr.base_id,
            &lr.base,
            context,
            |context| theme.tera.render_to(template, context, &mut *buffer),
            |value| lr.ctx.give_back(value),
        )
        .map(|()| buffer.to_vec())
        .map_err(|e| template_error(&e, &theme.template_origin))
    })
}

/// Where a page sits, for the shared partials: from the `page_kind` the page's context
/// carries and the stage or taxonomy its job shows.
fn place(site: &Site, job: &Job, context: &tera::Context) -> super::shared_partials::Place {
    let page_kind = context
        .get("page_kind")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    let stage = match job {
        Job::Stage(id) => id.clone(),
        Job::Doc(i) => site.docs[*i]
            .common
            .stages
            .first()
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    let taxonomy = match job {
        Job::Taxonomy(name) | Job::Term(name, _) => name.clone(),
        _ => String::new(),
    };
    super::shared_partials::Place {
        page_kind,
        stage,
        taxonomy,
    }
}

/// Puts a value made beforehand into a page's context as it is, where `insert` would
/// serialize it once more, key by key.
fn put(c: &mut tera::Context, key: &str, value: serde_json::Value) {
    let mut values = serde_json::Map::new();
    values.insert(key.to_string(), value);
    c.extend(
        tera::Context::from_value(serde_json::Value::Object(values))
            .expect("an object makes a context"),
    );
}

/// Numbers each language's shared context, so that a thread's copy of it is never taken
/// for another build's.
static NEXT_BASE_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Languages whose shared context a thread keeps: a site has a few, and an older build's
/// are let go.
const KEPT_BASES: usize = 8;

/// Calls `f` with the language's shared context plus the page's own values. Copying the
/// shared part (the theme's strings, the stages, the site) into every page's context, then
/// freeing it, cost more than many pages' templates: each thread keeps one copy, lends it
/// with the page's values added, and takes them out again afterwards, handing each to
/// `done` (which gives lent cards back).
fn with_page_context<R>(
    base_id: u64,
    base: &tera::Context,
    page: tera::Context,
    f: impl FnOnce(&tera::Context) -> R,
    done: impl Fn(serde_json::Value),
) -> R {
    thread_local! {
        static BASES: std::cell::RefCell<Vec<(u64, tera::Context)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    BASES.with_borrow_mut(|bases| {
        let at = match bases.iter().position(|(id, _)| *id == base_id) {
            Some(at) => at,
            None => {
                if bases.len() == KEPT_BASES {
                    bases.remove(0);
                }
                bases.push((base_id, base.clone()));
                bases.len() - 1
            }
        };
        let context = &mut bases[at].1;
        let serde_json::Value::Object(values) = page.into_json() else {
            unreachable!("a context is an object")
        };
        let keys: Vec<String> = values.keys().cloned().collect();
        // A page value that shadows a shared one is put back afterwards.
        let shadowed: Vec<(String, serde_json::Value)> = keys
            .iter()
            .filter_map(|k| context.remove(k).map(|v| (k.clone(), v)))
            .collect();
        context.extend(
            tera::Context::from_value(serde_json::Value::Object(values))
                .expect("an object makes a context"),
        );
        let result = f(context);
        for k in &keys {
            if let Some(value) = context.remove(k) {
                done(value);
            }
        }
        if !shadowed.is_empty() {
            context.extend(
                tera::Context::from_value(serde_json::Value::Object(
                    shadowed.into_iter().collect(),
                ))
                .expect("an object makes a context"),
            );
        }
        result
    })
}

/// Stage id → the checklists of its playbooks (`{url, steps}`), for the journey map to show
/// how far a reader got in each stage. The URL is the key the theme script keeps ticks under.
fn stage_checklists(
    site: &Site,
    journey: &Journey,
    view: &crate::journey::LanguageView,
) -> BTreeMap<String, Vec<Checklist>> {
    view.stages
        .iter()
        .map(|(id, lists)| {
            let list = lists
                .playbooks
                .iter()
                .filter(|&&i| journey.rendered[i].steps > 0)
                .map(|&i| Checklist {
                    url: site.doc_url(&site.docs[i]),
                    steps: journey.rendered[i].steps,
                })
                .collect();
            (id.clone(), list)
        })
        .collect()
}

#[derive(Serialize)]
struct Checklist {
    url: String,
    steps: usize,
}

/// The documents of one kind a language's library lists, newest first.
fn index_docs(site: &Site, view: &crate::journey::LanguageView, kind: Kind) -> Vec<usize> {
    let mut list: Vec<usize> = view
        .docs
        .iter()
        .copied()
        .filter(|&i| site.docs[i].kind == kind)
        .collect();
    crate::journey::sort_by_date_then_title(site, &mut list);
    list
}

#[derive(Serialize)]
struct FacetValue {
    taxonomy: String,
    terms: String,
}

#[derive(Serialize)]
struct Facet {
    taxonomy: String,
    label: String,
    url: String,
    terms: Vec<FacetTerm>,
}

#[derive(Serialize)]
struct FacetTerm {
    name: String,
    slug: String,
    url: String,
    count: usize,
}

fn index_context(env: &PageEnv, kind: Kind) -> tera::Context {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let t = ctx.t;
    let page_kind = index_page_kind(kind);
    let title = text(t, page_kind).to_string();
    let description = match text(t, &format!("{page_kind}_lead")) {
        "" => format!("{title} | {}", site.config.title),
        lead => lead.to_string(),
    };
    let mut c = page_common(env, page_kind, &title, &description);
    let docs = index_docs(site, view, kind);
    c.insert("lead", &description);
    match kind {
        Kind::Playbook => {
            let groups: Vec<serde_json::Value> = ctx
                .stages
                .iter()
                .filter_map(|s| {
                    let lists = view.stages.get(&s.id)?;
                    (!lists.playbooks.is_empty()).then(|| {
                        let mut group = serde_json::json!({ "stage": s });
                        group["docs"] = ctx.cards(&lists.playbooks);
                        group
                    })
                })
                .collect();
            put(&mut c, "groups", serde_json::Value::Array(groups));
            put(&mut c, "docs", ctx.cards(&docs));
        }
        Kind::CaseStudy => {
            let facets: Vec<&String> = site
                .config
                .taxonomies
                .iter()
                .filter(|tx| *tx != "tags")
                .filter(|tx| {
                    docs.iter()
                        .any(|&i| site.docs[i].common.terms.contains_key(*tx))
                })
                .collect();
            // Each item holds the card itself, lent like those of other lists.
            let items: Vec<serde_json::Value> = docs
                .iter()
                .filter_map(|&i| {
                    let card = ctx.cards.lend(i)?;
                    let terms = &site.docs[i].common.terms;
                    let facets: Vec<FacetValue> = facets
                        .iter()
                        .map(|tx| {
                            let mut slugs: Vec<String> = terms
                                .get(*tx)
                                .into_iter()
                                .flatten()
                                .map(|n| slugify(n))
                                .filter(|s| !s.is_empty())
                                .collect();
                            slugs.dedup();
                            FacetValue {
                                taxonomy: (*tx).clone(),
                                terms: slugs.join(" "),
                            }
                        })
                        .collect();
                    // `{card, facets}`: `facets` is `[{taxonomy, terms}]`, `terms` the
                    // space-separated term slugs of one facet (the filter keys).
                    let mut item = serde_json::Map::new();
                    item.insert("card".into(), card);
                    item.insert(
                        "facets".into(),
                        serde_json::to_value(facets).expect("facets are plain data"),
                    );
                    Some(serde_json::Value::Object(item))
                })
                .collect();
            let filters: Vec<Facet> = facets
                .iter()
                .map(|tx| {
                    let terms = view
                        .terms
                        .get(*tx)
                        .into_iter()
                        .flat_map(|terms| terms.values())
                        .filter_map(|term| {
                            let count = term
                                .docs
                                .iter()
                                .filter(|i| site.docs[**i].kind == Kind::CaseStudy)
                                .count();
                            (count > 0).then(|| FacetTerm {
                                name: term_label(t, tx, &term.name),
                                slug: term.slug.clone(),
                                url: term_url(site, &lr.prefix, tx, &term.slug),
                                count,
                            })
                        })
                        .collect();
                    Facet {
                        taxonomy: (*tx).clone(),
                        label: taxonomy_label(t, tx),
                        url: site
                            .config
                            .base_url
                            .url(&encode_path(&format!("{}{tx}/", lr.prefix))),
                        terms,
                    }
                })
                .collect();
            put(&mut c, "items", serde_json::Value::Array(items));
            c.insert("filters", &filters);
        }
        _ => {
            let (mut upcoming, mut past): (Vec<usize>, Vec<usize>) = docs.iter().partition(|&&i| {
                env.journey.webinar_status[i] == Some(crate::journey::WebinarStatus::Upcoming)
            });
            crate::journey::sort_webinars(site, &mut upcoming, false);
            crate::journey::sort_webinars(site, &mut past, true);
            put(&mut c, "upcoming", ctx.cards(&upcoming));
            put(&mut c, "on_demand", ctx.cards(&past));
        }
    }
    c
}

fn term_url(site: &Site, prefix: &str, taxonomy: &str, slug: &str) -> String {
    site.config
        .base_url
        .url(&encode_path(&format!("{prefix}{taxonomy}/{slug}/")))
}

/// Touch and audience terms are codes (`high`, `end_user`); show their translated label.
/// How a term is shown: the theme string `<taxonomy>_<term>` when there is one (the theme
/// names `touch` and `audience` values; a site names its own terms in `i18n/<lang>.yaml`,
/// such as `company_size_enterprise: 大企業`), else the term as written. Addresses keep the
/// written term.
pub(crate) fn term_label(t: &Strings, taxonomy: &str, name: &str) -> String {
    t.get(&format!("{taxonomy}_{name}"))
        .filter(|label| !label.is_empty())
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

fn redirect_page(permalink: &str, url: &str) -> Vec<u8> {
    let p = html_escape(permalink);
    let u = html_escape(url);
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{p}</title><link rel=\"canonical\" href=\"{p}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={u}\"></head><body><p><a href=\"{u}\">{p}</a></p></body></html>\n"
    )
    .into_bytes()
}

fn doc_view<'a>(
    site: &'a Site,
    journey: &'a Journey,
    ctx: &'a LanguageContext,
    prefix: &str,
    i: usize,
) -> DocView<'a> {
    let d = &site.docs[i];
    let t = ctx.t;
    let rendered = &journey.rendered[i];
    let (date, date_display, updated, updated_display) = doc_date_fields(d, t);
    let mut terms = vec![];
    let mut tags = vec![];
    for taxonomy in &site.config.taxonomies {
        let Some(names) = d.common.terms.get(taxonomy) else {
            continue;
        };
        let items: Vec<Link> = names
            .iter()
            .filter(|n| !slugify(n).is_empty())
            .map(|n| Link {
                name: term_label(t, taxonomy, n),
                url: term_url(site, prefix, taxonomy, &slugify(n)),
            })
            .collect();
        if taxonomy == "tags" {
            tags = items;
        } else {
            terms.push(TermGroup {
                taxonomy: taxonomy.clone(),
                label: taxonomy_label(t, taxonomy),
                items,
            });
        }
    }
    DocView {
        kind: d.kind.name(),
        kind_label: kind_label(t, d.kind),
        title: &d.common.title,
        summary: d.common.summary.as_deref().unwrap_or(""),
        url: site.doc_url(d),
        permalink: site.doc_permalink(d),
        slug: &d.slug,
        lang: &d.lang,
        date,
        date_display,
        updated,
        updated_display,
        content: super::links::tag_outbound(
            site,
            &rendered.html,
            d.common.stages.first().map(String::as_str).unwrap_or(""),
            &d.slug,
        ),
        toc: &rendered.toc,
        stages: d
            .common
            .stages
            .iter()
            .filter_map(|s| ctx.stage(s))
            .collect(),
        tags,
        terms,
        extra: &d.common.extra,
        featured: d.common.featured,
        kind_fields: kind_fields(site, journey, ctx, prefix, i),
    }
}

fn kind_fields(
    site: &Site,
    journey: &Journey,
    ctx: &LanguageContext,
    prefix: &str,
    i: usize,
) -> serde_json::Value {
    let d = &site.docs[i];
    let t = ctx.t;
    match &d.meta {
        KindMeta::Playbook(p) => serde_json::json!({
            "touch": p.touch.map(|x| x.name()).unwrap_or(""),
            "touch_label": p.touch.map(|x| text(t, &format!("touch_{}", x.name())).to_string()).unwrap_or_default(),
            "audience": p.audience.iter().map(|a| serde_json::json!({
                "name": a,
                "label": term_label(t, "audience", a),
                "url": if site.config.taxonomies.iter().any(|x| x == "audience") {
                    term_url(site, prefix, "audience", &slugify(a))
                } else { String::new() },
            })).collect::<Vec<_>>(),
            "duration": p.duration.as_deref().unwrap_or(""),
            "owner": p.owner.as_deref().unwrap_or(""),
            "has_checklist": journey.rendered[i].steps > 0,
            "steps": journey.rendered[i].steps,
        }),
        KindMeta::CaseStudy(c) => serde_json::json!({
            "customer": c.customer,
            "logo": c.logo.as_ref().map(|l| logo_url(site, d, &l.value)).unwrap_or_default(),
            "results": c.results.iter().map(|r| ResultView {
                metric: &r.metric,
                value: r.value.as_deref().unwrap_or(""),
                before: r.before.as_deref().unwrap_or(""),
                after: r.after.as_deref().unwrap_or(""),
            }).collect::<Vec<_>>(),
            "quote": c.quote,
        }),
        KindMeta::Webinar(w) => {
            let stage = d.common.stages.first().map(String::as_str).unwrap_or("");
            serde_json::json!({
                "starts_at": rfc3339(w.starts_at, site),
                "ends_at": rfc3339(w.ends_at(), site),
                "starts_display": format_instant(w.starts_at, site, t),
                "ends_display": format_instant(w.ends_at(), site, t),
                "duration_minutes": w.duration_minutes,
                "speakers": w.speakers,
                "status": journey.webinar_status[i].map(|s| s.name()).unwrap_or(""),
                "registration_url": w.registration_url.as_deref().map(|u| with_utm(site, u, stage, &d.slug)).unwrap_or_default(),
                "recording_url": w.recording_url.as_deref().map(|u| with_utm(site, u, stage, &d.slug)).unwrap_or_default(),
                "calendar_url": calendar::event_url(site, journey, i),
                "location": w.location,
                "map_url": w.map_link().unwrap_or_default(),
                "online": w.online,
            })
        }
        _ => serde_json::json!({}),
    }
}

/// A logo path is relative to the document's folder, or `/`-rooted in static/.
pub fn logo_url(site: &Site, d: &Document, logo: &str) -> String {
    if logo.starts_with("http://") || logo.starts_with("https://") {
        return logo.to_string();
    }
    if let Some(rooted) = logo.strip_prefix('/') {
        return site.config.base_url.url(&encode_path(rooted));
    }
    let dir = d.content_dir();
    let joined = if dir.is_empty() {
        logo.to_string()
    } else {
        format!("{dir}/{logo}")
    };
    site.config.base_url.url(&encode_path(&joined))
}

fn sitemap_entry(
    site: &Site,
    journey: &Journey,
    langs: &[LangRender],
    lr: &LangRender,
    job: &Job,
) -> SitemapEntry {
    let path = job.site_path(site, &lr.prefix);
    let lastmod = match job {
        Job::Doc(i) => {
            let c = &site.docs[*i].common;
            c.updated
                .as_ref()
                .or(c.date.as_ref())
                .map(|d| d.day.to_string())
        }
        _ => None,
    };
    let alternates = if langs.len() > 1 {
        langs
            .iter()
            .filter_map(|other| {
                let (p, real) = equivalent(site, journey, job, other.ctx.lang);
                real.then(|| {
                    (
                        other.ctx.lang.to_string(),
                        site.config.base_url.permalink(&encode_path(&p)),
                    )
                })
            })
            .collect()
    } else {
        vec![]
    };
    SitemapEntry {
        permalink: site.config.base_url.permalink(&encode_path(&path)),
        lastmod,
        alternates,
    }
}

#[cfg(test)]
mod tests {
    use super::{NEXT_BASE_ID, with_page_context};
    use std::sync::atomic::Ordering;

    fn render(base_id: u64, base: &tera::Context, page: &[(&str, &str)]) -> String {
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "t",
            "{{ lang }}|{{ title | default(value='-') }}|{% if related %}related{% endif %}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        for (k, v) in page {
            context.insert(*k, v);
        }
        with_page_context(base_id, base, context, |c| tera.render("t", c), drop).unwrap()
    }

    #[test]
    fn a_page_context_keeps_nothing_of_the_page_before() {
        let id = NEXT_BASE_ID.fetch_add(1, Ordering::Relaxed);
        let mut base = tera::Context::new();
        base.insert("lang", "ja");
        assert_eq!(
            render(id, &base, &[("title", "A"), ("related", "yes")]),
            "ja|A|related"
        );
        assert_eq!(render(id, &base, &[]), "ja|-|");
        // A page value may shadow a shared one, for that page alone.
        assert_eq!(render(id, &base, &[("lang", "en")]), "en|-|");
        assert_eq!(render(id, &base, &[]), "ja|-|");
        // Another language's (or build's) shared context is never the one kept for this.
        let other = NEXT_BASE_ID.fetch_add(1, Ordering::Relaxed);
        let mut base = tera::Context::new();
        base.insert("lang", "en");
        assert_eq!(render(other, &base, &[]), "en|-|");
    }
}
