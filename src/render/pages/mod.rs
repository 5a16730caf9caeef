//! HTML pages: one job per page, rendered in parallel with one compiled tera per build. Each
//! kind of page makes its context in a file of its own; this one lists the jobs, keeps the
//! cache of pages between runs and renders them.

mod alias;
mod common;
mod document;
mod early;
mod feedback;
mod home;
mod jobs;
mod library;
mod one_page;
mod other;
mod profile;
mod readiness;
mod role_path;
mod segment;
mod social;
mod stage;
mod taxonomy;

pub use super::links::with_utm;
pub use common::excerpt;
pub use document::logo_url;
pub use early::PageRequest;

use super::context::*;
use super::{OutputFile, Progress};
use crate::content::Site;
use crate::content::reads::{Read, recording};
use crate::link::Journey;
use crate::render::versions::Versions;
use crate::theme::Theme;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use crate::util::urls::encode_path;
use alias::alias_diagnostics;
use common::{NEXT_BASE_ID, base_context, equivalent};
use jobs::{Job, index_kinds, index_page_kind, index_template};
use jobs::{in_sitemap, jobs};
use one_page::render_job;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub const STYLE_CSS: &str = "assets/style.css";
pub const SYNTAX_CSS: &str = "assets/syntax.css";
pub const SCRIPT_JS: &str = "assets/journeyhub.js";
pub const SEARCH_JS: &str = "assets/search.js";
pub const FEEDBACK_JS: &str = "assets/feedback.js";
/// The taxonomy whose terms are roles, each with a role path (see [`role_path`]).
const ROLE_TAXONOMY: &str = "audience";
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

/// What every page of a build is made from.
struct Build<'a> {
    site: &'a Site,
    journey: &'a Journey,
    theme: &'a Theme,
    shared: Shared,
    langs: Vec<LangRender<'a>>,
}

/// What every page of a build shares besides its language.
struct Shared {
    /// Share image of each kind of page (see [`SOCIAL_IMAGES`]) → absolute URL, for the
    /// images the theme ships.
    social_images: BTreeMap<&'static str, String>,
    /// Every output path, to check that a document's own share image exists.
    files: std::collections::HashSet<String>,
    /// Whether the theme makes segment pages (see [`segment::SEGMENT_TEMPLATE`]).
    segment_pages: bool,
    /// Whether the theme makes role paths (see [`role_path::ROLE_PATH_TEMPLATE`]).
    role_paths: bool,
}

/// Pages from an earlier run with the fingerprint of everything they were made from.
#[derive(Default)]
pub struct PageCache {
    pages: HashMap<String, CachedPage>,
    /// Feed files by feed folder, with the fingerprint of what they show.
    pub(crate) feeds: super::feeds::FeedCache,
    /// Each language's cards.
    cards: HashMap<String, Arc<CardShelf>>,
    /// How many pages the last run rendered (the rest were unchanged and reused).
    pub rendered_last_run: usize,
    /// sitemap.xml, robots.txt and the calendars.
    pub(crate) lists: super::ListCaches,
    /// Where pages and feeds are written as soon as they are made (see
    /// [`PageCache::write_into`]).
    pub(crate) write_to: Option<std::path::PathBuf>,
    /// Where a preview keeps its drip files (see `BuildOptions::drip_folder`).
    pub(crate) drip_folder: Option<std::path::PathBuf>,
    /// Pages asked for before this run has rendered them all, answered at once (see
    /// [`early`]); a preview's first run only.
    pub early: Option<std::sync::mpsc::Receiver<PageRequest>>,
}

impl PageCache {
    /// Pages are written into `dir` as they are rendered, and neither kept nor cached: a
    /// build never holds its whole site in memory (at 10,000 documents, 650 MB of pages).
    pub fn write_into(&mut self, dir: &std::path::Path) {
        self.write_to = Some(dir.to_path_buf());
    }
}

/// A page from an earlier run: what it read of the site (see [`crate::content::reads`]) and
/// its fingerprint, which folds in the version of each of those reads; its bytes and
/// sitemap entry.
struct CachedPage {
    /// Which page it is, and what every page of its language shared when it was made.
    job: Job,
    global: u64,
    reads: Vec<Read>,
    /// The version of everything it read (see [`Versions::of_all`]).
    fingerprint: u64,
    bytes: Arc<Vec<u8>>,
    entry: Option<Arc<SitemapEntry>>,
}

/// A page's output path, bytes, and its sitemap entry when it belongs in the sitemap.
pub type RenderedPage = (String, OutputFile, Option<Arc<SitemapEntry>>);

pub(crate) fn render_pages(
    site: &Site,
    journey: &Journey,
    theme: &Theme,
    files: &BTreeMap<String, OutputFile>,
    progress: &Progress,
    versions: &mut Versions,
    cache: &mut PageCache,
) -> (Vec<RenderedPage>, Vec<Diagnostic>) {
    let shared = Shared::new(site, theme, files);
    let langs = language_renders(site, journey, theme, files, &shared, versions, cache);
    versions.set_cards(langs.iter().map(|lr| Arc::clone(&lr.ctx.cards)));
    let phase = crate::util::timings::Phase::start("    jobs");
    let jobs = jobs(site, journey, theme, &langs);
    let mut diagnostics = alias_diagnostics(site);
    progress.total.store(jobs.len(), Ordering::Relaxed);
    let build = Build {
        site,
        journey,
        theme,
        shared,
        langs,
    };
    let early = cache.early.take();
    let done = std::sync::atomic::AtomicBool::new(false);
    let early_busy = std::sync::atomic::AtomicBool::new(false);
    let results = std::thread::scope(|scope| {
        if let Some(requests) = early {
            let (build, jobs, done, busy) = (&build, &jobs, &done, &early_busy);
            scope.spawn(move || early::answer(build, jobs, files, &requests, done, busy));
        }
        let results = render_jobs(&build, &jobs, versions, progress, &early_busy, cache);
        done.store(true, Ordering::Relaxed);
        results
    });
    phase.end();
    let (pages, problems) = collect(site, &jobs, results);
    diagnostics.extend(problems);
    (pages, diagnostics)
}

impl Shared {
    fn new(site: &Site, theme: &Theme, files: &BTreeMap<String, OutputFile>) -> Shared {
        let social_images: BTreeMap<&'static str, String> = SOCIAL_IMAGES
            .iter()
            .map(|name| (*name, format!("assets/social/{name}.png")))
            .filter(|(_, path)| files.contains_key(path))
            .map(|(name, path)| (name, site.config.base_url.permalink(&path)))
            .collect();
        Shared {
            files: files.keys().cloned().collect(),
            social_images,
            segment_pages: theme
                .template_origin
                .contains_key(segment::SEGMENT_TEMPLATE),
            role_paths: theme
                .template_origin
                .contains_key(role_path::ROLE_PATH_TEMPLATE),
        }
    }
}

/// Each language's shared values, cards and fingerprint; the cards are reused from the
/// last run when nothing a card shows has changed.
fn language_renders<'a>(
    site: &'a Site,
    journey: &'a Journey,
    theme: &'a Theme,
    files: &BTreeMap<String, OutputFile>,
    shared: &Shared,
    versions: &Versions,
    cache: &mut PageCache,
) -> Vec<LangRender<'a>> {
    let assets = Assets {
        style: versioned(site, files, STYLE_CSS),
        syntax: versioned(site, files, SYNTAX_CSS),
        script: versioned(site, files, SCRIPT_JS),
        search: versioned(site, files, SEARCH_JS),
        feedback: versioned(site, files, FEEDBACK_JS),
    };
    let indexes = index_kinds(theme);
    // A share image (`extra.image`) may be any published file, static ones included.
    let files_version = files
        .keys()
        .fold(crate::util::hash::Fnv::default(), |h, k| h.str(k))
        .finish();
    let phase = crate::util::timings::Phase::start("    contexts");
    let langs: Vec<LangRender> = journey
        .views
        .iter()
        .map(|view| {
            let t = crate::theme::strings::strings_for(&theme.strings, &view.lang);
            let previous = cache.cards.remove(&view.lang);
            let ctx = LanguageContext::new(site, journey, view, t, (previous, versions), theme);
            let prefix = site.config.language_prefix(&view.lang);
            let mut base = base_context(site, &ctx, &prefix, &assets, &indexes);
            if let Some(url) = feedback::footer_link(site, theme, &prefix) {
                base.insert("nps_page", &url);
            }
            let global = crate::util::hash::Fnv::default()
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
        cache.cards = langs
            .iter()
            .map(|lr| (lr.ctx.view.lang.clone(), Arc::clone(&lr.ctx.cards)))
            .collect();
    }
    phase.end();
    langs
}

/// A page's output path, its bytes or the problem that stopped it, and its sitemap entry.
type PageResult = (
    String,
    Result<OutputFile, Diagnostic>,
    Option<Arc<SitemapEntry>>,
);

/// A page made in this run: its fingerprint and what it read.
type Made = (u64, Vec<Read>);

/// Renders every page that read something that changed since the last run and takes the
/// rest from the cache, which is updated in place.
fn render_jobs(
    build: &Build,
    jobs: &[(usize, Job)],
    versions: &Versions,
    progress: &Progress,
    early_busy: &std::sync::atomic::AtomicBool,
    cache: &mut PageCache,
) -> Vec<PageResult> {
    let Build {
        site,
        journey,
        theme,
        ref shared,
        ref langs,
    } = *build;
    let previous = &cache.pages;
    let write_to = cache.write_to.as_deref();
    let results: Vec<(PageResult, Option<Made>)> =
        jobs.par_iter()
            .map(|(li, job)| {
                while early_busy.load(Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                let lr = &langs[*li];
                let path = job.output_path(site, &lr.prefix);
                progress.done.fetch_add(1, Ordering::Relaxed);
                // The same page, with the same shared values, and nothing it read has changed.
                if let Some(page) = previous.get(&path)
                    && page.global == lr.global
                    && page.job == *job
                    && page.fingerprint == versions.of_all(&page.reads)
                {
                    let bytes = OutputFile::Bytes(page.bytes.clone());
                    return ((path, Ok(bytes), page.entry.clone()), None);
                }
                let make = || {
                    let result = render_job(site, journey, theme, shared, langs, lr, job);
                    let entry = (result.is_ok() && in_sitemap(site, job))
                        .then(|| Arc::new(sitemap_entry(site, journey, langs, lr, job)));
                    (result, entry)
                };
                // A build that keeps no cache has no use for what its pages read.
                let ((result, entry), reads) = match write_to {
                    Some(_) => (make(), vec![]),
                    None => recording(make),
                };
                let result = result.and_then(|bytes| match write_to {
                    Some(dir) => crate::util::fs::write_file(dir, &path, &bytes)
                        .map(|()| OutputFile::Written),
                    None => Ok(OutputFile::Bytes(Arc::new(bytes))),
                });
                let fingerprint = versions.of_all(&reads);
                ((path, result, entry), Some((fingerprint, reads)))
            })
            .collect();
    // The cache is updated in place: on a preview rebuild almost every page is reused, and
    // making a new map of ten thousand pages cost more than rendering the edited one.
    cache.rendered_last_run = 0;
    let mut results: Vec<PageResult> = results
        .into_iter()
        .zip(jobs)
        .map(|(((path, result, entry), made), (li, job))| {
            if let Some((fingerprint, reads)) = made {
                cache.rendered_last_run += 1;
                if let Ok(OutputFile::Bytes(bytes)) = &result {
                    let page = CachedPage {
                        job: job.clone(),
                        global: langs[*li].global,
                        reads,
                        fingerprint,
                        bytes: bytes.clone(),
                        entry: entry.clone(),
                    };
                    cache.pages.insert(path.clone(), page);
                }
            }
            (path, result, entry)
        })
        .collect();
    if cache.pages.len() > results.len() {
        let current: std::collections::HashSet<&str> =
            results.iter().map(|(path, _, _)| path.as_str()).collect();
        cache
            .pages
            .retain(|path, _| current.contains(path.as_str()));
    }
    results.shrink_to_fit();
    crate::util::timings::size("page cache", || {
        let reads: usize = cache.pages.values().map(|p| p.reads.len()).sum();
        let bytes: usize = cache.pages.values().map(|p| p.bytes.len()).sum();
        format!(
            "{} pages ({:.0} MB), {reads} reads ({:.0} MB)",
            cache.pages.len(),
            bytes as f64 / 1e6,
            (reads * std::mem::size_of::<Read>()) as f64 / 1e6
        )
    });
    results
}

/// The rendered pages, and the problems: two pages with one path (at the document whose
/// alias it is, when it is one), and each broken template once (it fails every page that
/// uses it).
fn collect(
    site: &Site,
    jobs: &[(usize, Job)],
    results: Vec<PageResult>,
) -> (Vec<RenderedPage>, Vec<Diagnostic>) {
    let mut diagnostics = vec![];
    let alias_of: HashMap<String, usize> = jobs
        .iter()
        .zip(&results)
        .filter_map(|((_, job), (path, _, _))| match job {
            Job::Alias(i, _) => Some((path.clone(), *i)),
            _ => None,
        })
        .collect();
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
                    diagnostics.push(match alias_of.get(&path) {
                        Some(&i) => alias::clash(&site.docs[i], &path),
                        None => Diagnostic::error(
                            "output-conflict",
                            path.clone(),
                            t("output-conflict.pages").arg("path", &path),
                        )
                        .with_hint(t("output-conflict.pages.hint")),
                    });
                    // Reported once, here; the first page keeps the place.
                    continue;
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
        let more = (pages.len() > 3).then(|| t("template.more").arg("n", pages.len() - 3));
        diagnostics.push(
            Diagnostic::error(
                "template",
                file,
                t("template.on-pages")
                    .arg("detail", message)
                    .arg("pages", shown.join(", "))
                    .maybe("more", more),
            )
            .with_hint(t("template.hint")),
        );
    }
    (out, diagnostics)
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
            crate::util::hash::of_bytes(&bytes) & 0xff_ffff_ffff
        ),
        None => url,
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
