//! The build pipeline: load (config, content) → link → render (with the search index beside
//! it) → write. `build`, `serve`, `check` and `report` all start here.

use crate::config::{self, SiteConfig};
use crate::content::{self, Site};
use crate::link::{self, Journey};
use crate::render::{self, Progress, RenderedSite};
use crate::util::diagnostics::{Diagnostic, Diagnostics};
use crate::util::messages::{Text, t};
use jiff::Timestamp;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::{output, search, theme, util};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds site-config.yaml and content/).
    pub root: PathBuf,
    /// Where to write; `public/` under the root when None.
    pub output: Option<PathBuf>,
    /// Build drafts and documents dated in the future.
    pub drafts: bool,
    /// Overrides site-config's base_url (for previews and staging).
    pub base_url: Option<String>,
    /// The build time that decides upcoming webinars and future dates; the clock when None.
    pub now: Option<Timestamp>,
    /// Rendering for the preview server: asset URLs carry no content hash, so a stylesheet
    /// edit changes the stylesheet alone and can be swapped without reloading the page.
    pub preview: bool,
    /// Called when a one-shot build has let go of a large part of its memory (every
    /// document's markdown, once linked), for a process whose allocator keeps freed memory
    /// for a while to hand it back to the system at once (see src/tuning.rs).
    pub memory_freed: Option<fn()>,
    /// The language of the findings the preview server shows (the command line writes the
    /// others itself); see [`crate::util::messages::Lang::resolve`].
    pub messages: crate::util::messages::Lang,
    /// Where a preview keeps its drip files, on disk rather than in memory: a folder the
    /// preview server made for itself. None keeps them in memory.
    pub drip_folder: Option<PathBuf>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            base_url: None,
            now: None,
            preview: false,
            memory_freed: None,
            messages: crate::util::messages::Lang::En,
            drip_folder: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub warnings: Diagnostics,
}

/// A site rendered in memory, with everything computed on the way.
pub struct Built {
    pub site: Site,
    pub journey: Journey,
    pub rendered: RenderedSite,
    pub warnings: Diagnostics,
    /// The theme's strings per language, for work done after rendering (the preview's
    /// search index).
    pub strings: std::collections::BTreeMap<String, crate::theme::strings::Strings>,
}

pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<SiteConfig, Diagnostics> {
    let path = root.join(config::CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error(
                "missing-config",
                config::CONFIG_FILE,
                t("missing-config")
                    .arg("path", path.display())
                    .arg("error", e),
            )
            .with_hint(t("missing-config.hint")),
        );
        d
    })?;
    let mut config = SiteConfig::parse(&text).map_err(Diagnostics)?;
    read_analytics_snippet(root, &text, &mut config)?;
    if let Some(b) = base_url {
        config.base_url = config::BaseUrl::parse(b).map_err(|e| {
            Diagnostics(vec![
                Diagnostic::error("bad-option", "--base-url", e)
                    .with_hint(t("bad-option.base-url.hint")),
            ])
        })?;
    }
    Ok(config)
}

/// The custom analytics snippet (`analytics: {provider: custom, snippet: FILE}`), read from
/// the site's folder once, with the config.
fn read_analytics_snippet(
    root: &Path,
    text: &str,
    config: &mut SiteConfig,
) -> Result<(), Diagnostics> {
    let Some(analytics) = config.analytics.as_mut() else {
        return Ok(());
    };
    let config::Provider::Custom { snippet } = &analytics.provider else {
        return Ok(());
    };
    let path = root.join(snippet);
    match std::fs::read_to_string(&path) {
        Ok(snippet_text) => {
            // A changed snippet is a changed config: pages made under the old one are stale.
            config.version =
                crate::util::hash::of_str(&format!("{}{snippet_text}", config.version));
            analytics.snippet_html = snippet_text;
            Ok(())
        }
        Err(e) => Err(Diagnostics(vec![
            Diagnostic::error(
                "invalid-value",
                config::CONFIG_FILE,
                t("analytics.snippet")
                    .arg("snippet", snippet)
                    .arg("error", e),
            )
            .at(text, analytics.line, 1)
            .with_hint(t("analytics.snippet.hint")),
        ])),
    }
}

/// What one run keeps for the next, so `serve` redoes only the work a change touches.
#[derive(Default)]
pub struct Caches {
    pub load: content::LoadCache,
    pub markdown: link::MarkdownCache,
    pub pages: render::pages::PageCache,
    pub search: search::SearchCache,
    pub theme: theme::ThemeCache,
}

impl Caches {
    /// For a build that no other run follows: the documents and their bodies are the
    /// build's alone, and each is let go of once nothing needs it.
    pub fn one_shot() -> Caches {
        Caches {
            load: content::LoadCache::one_shot(),
            markdown: link::MarkdownCache::one_shot(),
            ..Caches::default()
        }
    }

    fn is_one_shot(&self) -> bool {
        self.markdown.is_one_shot()
    }
}

/// Load and link: every document read, validated and cross-linked, with every problem found.
pub fn load(options: &BuildOptions) -> Result<(Site, Journey, Diagnostics), Diagnostics> {
    load_cached(options, &mut Caches::default())
}

pub fn load_cached(
    options: &BuildOptions,
    caches: &mut Caches,
) -> Result<(Site, Journey, Diagnostics), Diagnostics> {
    load_with(options, caches, false)
}

/// Problems that leave a page readable: a preview still shows the site with them, so that a
/// deleted document disappears at once while the links to it are reported.
pub const PREVIEWABLE: &[&str] = &[
    "broken-link",
    "broken-anchor",
    "broken-related",
    "missing-file",
];

fn load_with(
    options: &BuildOptions,
    caches: &mut Caches,
    previewing: bool,
) -> Result<(Site, Journey, Diagnostics), Diagnostics> {
    let config = load_config(&options.root, options.base_url.as_deref())?;
    load_and_link(
        options,
        config,
        &mut caches.load,
        &mut caches.markdown,
        previewing,
    )
}

/// Load and link however many errors the site has: `check` reports what else it finds in a
/// site that cannot be built, so that one run names everything there is to fix. Fails only
/// when site-config.yaml cannot be read.
pub fn load_despite_errors(
    options: &BuildOptions,
) -> Result<(Site, Journey, Diagnostics), Diagnostics> {
    let config = load_config(&options.root, options.base_url.as_deref())?;
    let mut caches = Caches::default();
    Ok(link_all(
        options,
        config,
        &mut caches.load,
        &mut caches.markdown,
    ))
}

fn load_and_link(
    options: &BuildOptions,
    config: SiteConfig,
    load_cache: &mut content::LoadCache,
    markdown_cache: &mut link::MarkdownCache,
    previewing: bool,
) -> Result<(Site, Journey, Diagnostics), Diagnostics> {
    let (site, journey, diagnostics) = link_all(options, config, load_cache, markdown_cache);
    let blocking = diagnostics
        .errors()
        .any(|d| !(previewing && PREVIEWABLE.contains(&d.code)));
    if blocking {
        return Err(diagnostics);
    }
    Ok((site, journey, diagnostics))
}

/// Every document read and linked, with every problem found, errors included.
fn link_all(
    options: &BuildOptions,
    config: SiteConfig,
    load_cache: &mut content::LoadCache,
    markdown_cache: &mut link::MarkdownCache,
) -> (Site, Journey, Diagnostics) {
    let now = options.now.unwrap_or_else(Timestamp::now);
    let phase = util::timings::Phase::start("load");
    let loaded = content::load_cached(&options.root, &config, load_cache);
    phase.end();
    let mut diagnostics = Diagnostics(loaded.diagnostics);
    let mut unpublished = HashSet::new();
    let mut scheduled = vec![];
    let unreadable: HashSet<String> = loaded.unreadable.into_iter().collect();
    let docs: Vec<_> = loaded
        .docs
        .into_iter()
        .filter(|d| {
            let future = d.common.date.as_ref().is_some_and(|x| x.instant > now)
                && d.kind != content::Kind::Stage;
            let keep = options.drafts || !(d.common.draft || future);
            if !keep {
                unpublished.insert(d.content_path.clone());
                unpublished.insert(d.translation_key.clone());
                if future && !d.common.draft {
                    scheduled.push(std::sync::Arc::clone(d));
                }
            }
            keep
        })
        .collect();
    let docs = content::reads::watch_each(content::reads::Source::Document, docs);
    let mut site = Site {
        config,
        docs,
        assets: loaded.assets,
        unpublished,
        scheduled,
        unreadable,
        root: options.root.clone(),
        now,
        preview: options.preview,
    };
    let phase = util::timings::Phase::start("link");
    let (journey, link_diagnostics) = link::link_cached(&site, markdown_cache);
    phase.end();
    // Every body is rendered now. A one-shot build, which keeps no cache, needs no
    // document's source text again: a large site's markdown would otherwise stay in memory
    // while its pages render.
    if load_cache.is_one_shot() {
        for doc in &mut site.docs {
            if let Some(doc) = std::sync::Arc::get_mut(doc.unnoted_mut()) {
                doc.release_body();
            }
        }
        if let Some(memory_freed) = options.memory_freed {
            memory_freed();
        }
    }
    diagnostics.extend(link_diagnostics);
    diagnostics.sort();
    (site, journey, diagnostics)
}

/// Load, link and render into memory. `serve` answers from this; `build` writes it.
pub fn render_site(options: &BuildOptions, progress: &Progress) -> Result<Built, Diagnostics> {
    render_site_cached(options, progress, &mut Caches::default())
}

pub fn render_site_cached(
    options: &BuildOptions,
    progress: &Progress,
    caches: &mut Caches,
) -> Result<Built, Diagnostics> {
    render_with(options, progress, caches, false)
}

/// As [`render_site_cached`], but broken links do not stop the preview; they come back as
/// errors among the returned diagnostics.
pub fn render_site_serving(
    options: &BuildOptions,
    progress: &Progress,
    caches: &mut Caches,
) -> Result<Built, Diagnostics> {
    render_with(options, progress, caches, true)
}

fn render_with(
    options: &BuildOptions,
    progress: &Progress,
    caches: &mut Caches,
    previewing: bool,
) -> Result<Built, Diagnostics> {
    let config = load_config(&options.root, options.base_url.as_deref())?;
    // The theme needs only the configuration: its templates compile on a thread of their
    // own while the documents load and link.
    let (loaded, theme) = std::thread::scope(|scope| {
        let theme = scope.spawn(|| {
            let phase = util::timings::Phase::start("theme");
            let theme = theme::load_cached(&options.root, &config, &mut caches.theme);
            phase.end();
            theme
        });
        let loaded = load_and_link(
            options,
            config.clone(),
            &mut caches.load,
            &mut caches.markdown,
            previewing,
        );
        (loaded, theme.join())
    });
    let (site, journey, mut warnings) = loaded?;
    let theme = match theme {
        Ok(theme) => theme,
        Err(_) => Err(vec![Diagnostic::error(
            "theme",
            "templates",
            t("internal.theme-stopped"),
        )]),
    }
    .map_err(|ds| {
        let mut all = warnings.clone();
        all.extend(ds);
        all.sort();
        all
    })?;
    // The search index needs only the documents, not the pages: it is built on its own
    // thread while the pages render, its parallel work sharing their pool. A preview
    // publishes its index from the background instead (see serve), so that an edit is on
    // screen before the index of a large site is rebuilt.
    let one_shot = caches.is_one_shot();
    let search_cache = &mut caches.search;
    // A build writes its index files into the staging folder as they are made.
    let search_write_to = caches.pages.write_to.clone();
    let page_cache = &mut caches.pages;
    let mut journey = journey;
    let records = (!previewing && site.config.search).then(|| {
        let phase = util::timings::Phase::start("  search records");
        let records = search::records(&site, &journey, &theme.strings);
        phase.end();
        records
    });
    let (rendered, search) = std::thread::scope(|scope| {
        let search = records.map(|records| {
            scope.spawn(move || {
                let phase = util::timings::Phase::start("search index");
                let write_to = search_write_to.as_deref();
                let threads = search::Threads::Shared;
                // A one-shot build keeps no index for later, so it does not fingerprint one.
                let files = if one_shot {
                    search::index(records, threads, write_to, &|| {})
                } else {
                    search::cached_index(records, search_cache, threads, write_to, &|| {})
                        .map(|_| search_cache.files.clone())
                };
                phase.end();
                files
            })
        });
        let phase = util::timings::Phase::start("render");
        page_cache.drip_folder = options.drip_folder.clone();
        let rendered = render::render(&site, &journey, &theme, progress, page_cache);
        phase.end();
        if one_shot {
            // The pages are written; the records not indexed yet hold their own bodies.
            // Each body goes once its record is read, instead of at the end of the build.
            journey.rendered = Vec::new();
        }
        let search = search.map(|h| {
            h.join().unwrap_or_else(|_| {
                Err(Diagnostic::error(
                    "search",
                    render::SEARCH_BUNDLE_DIR,
                    t("internal.indexer-stopped"),
                ))
            })
        });
        (rendered, search)
    });
    let fail = |ds: Vec<Diagnostic>| {
        let mut all = warnings.clone();
        all.extend(ds);
        all.sort();
        all
    };
    let mut rendered = rendered.map_err(fail)?;
    if let Some(files) = search {
        for (path, file) in files.map_err(|d| fail(vec![d]))? {
            rendered.files.insert(path, file);
        }
    }
    warnings.sort();
    Ok(Built {
        site,
        journey,
        rendered,
        warnings,
        strings: theme.strings.clone(),
    })
}

pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    build_with_progress(options, &Progress::default())
}

pub fn build_with_progress(
    options: &BuildOptions,
    progress: &Progress,
) -> Result<BuildSummary, Diagnostics> {
    build_keeping_memory(options, progress).map(|(summary, _memory)| summary)
}

/// What a build made in memory besides its summary: the site, its journey and its caches.
/// Dropping it frees a large site one allocation at a time, which takes longer than anything
/// left to do; a process that ends right after the build may leave that to the system.
pub struct BuildMemory {
    _built: Built,
    _caches: Caches,
}

/// [`build_with_progress`], handing back what the build made in memory for the caller to
/// drop or not.
pub fn build_keeping_memory(
    options: &BuildOptions,
    progress: &Progress,
) -> Result<(BuildSummary, BuildMemory), Diagnostics> {
    let started = Instant::now();
    let output = options.output_dir();
    // Refuses a dangerous output before any work (and again right before the swap).
    let mut staging =
        output::Staging::begin(&options.root, &output).map_err(|d| Diagnostics(vec![d]))?;
    let mut caches = Caches::one_shot();
    caches.pages.write_into(staging.dir());
    // On an error the staging folder is dropped with what was written into it.
    let mut built = render_site_cached(options, progress, &mut caches)?;
    let phase = util::timings::Phase::start("write");
    let leftovers = std::mem::take(&mut staging.leftovers);
    let files = staging
        .finish(&built.rendered)
        .map_err(|d| Diagnostics(vec![d]))?;
    phase.end();
    let mut summary = BuildSummary {
        pages: built.rendered.pages,
        files,
        elapsed: started.elapsed(),
        output,
        warnings: std::mem::take(&mut built.warnings),
    };
    summary.warnings.0.extend(leftovers);
    let memory = BuildMemory {
        _built: built,
        _caches: caches,
    };
    Ok((summary, memory))
}

/// What `journeyhub drip` previews: one track of one language, dated from a start day.
#[derive(Debug, Clone, Default)]
pub struct DripRequest {
    /// The site's language when None.
    pub lang: Option<String>,
    /// The journey track (every stage) when None.
    pub stage: Option<String>,
    /// `company_size=smb`; every customer when None.
    pub segment: Option<String>,
    /// The day the customer starts; "now"'s day in the site's time zone when None.
    pub start: Option<jiff::civil::Date>,
}

/// The sequence a customer of the request's track is sent, each step dated: the same
/// sequence the build writes under `drip/` (docs/drip.md), with the site's warnings.
pub fn drip_preview(
    options: &BuildOptions,
    request: &DripRequest,
) -> Result<(render::drip::Sequence, Diagnostics), Diagnostics> {
    let (site, journey, warnings) = load(options)?;
    let bad = |option: &str, message: Text, hint: Text| {
        Diagnostics(vec![
            Diagnostic::error("bad-option", option, message).with_hint(hint),
        ])
    };
    let lang = request.lang.clone().unwrap_or(site.config.language.clone());
    let Some(view) = journey.views.iter().find(|v| v.lang == lang) else {
        return Err(bad(
            "--lang",
            t("bad-option.lang").arg("lang", &lang),
            t("bad-option.lang.hint").arg("known", site.config.languages.join(", ")),
        ));
    };
    if let Some(stage) = &request.stage
        && !journey.stage_order.contains(stage)
    {
        return Err(bad(
            "--stage",
            t("bad-option.stage").arg("stage", stage),
            t("unknown-stage.known").arg("known", journey.stage_order.join(", ")),
        ));
    }
    let segment = match &request.segment {
        Some(written) => Some(
            crate::drip::find_segment(&site, view, written)
                .map_err(|(message, hint)| bad("--segment", message, hint))?,
        ),
        None => None,
    };
    let theme = theme::load(&options.root, &site.config).map_err(Diagnostics)?;
    let published = render::drip::published_files(&site, &theme);
    let track = crate::drip::StageDocs::new(&site, &journey, view).track(
        &site,
        request.stage.as_deref(),
        segment.as_ref(),
    );
    let start = request
        .start
        .unwrap_or_else(|| site.now.to_zoned(site.config.timezone.clone()).date());
    let inputs = render::drip::Inputs {
        strings: &theme.strings,
        files: &published,
    };
    let sequence = render::drip::sequence(&site, &journey, &inputs, &track, Some(start));
    Ok((sequence, warnings))
}
