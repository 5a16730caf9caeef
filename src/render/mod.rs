//! Render: every output file in memory (path → bytes), pure and deterministic. `build` writes
//! the result to disk; `serve` answers from it.

pub mod analytics;
pub mod calendar;
mod card_shelf;
pub mod context;
pub mod cta;
pub mod download;
pub mod drip;
pub mod feeds;
pub mod links;
pub mod pages;
mod shared_partials;
mod sitemap;
pub mod structured;
mod versions;

use crate::content::Site;
use crate::link::Journey;
use crate::theme::{StaticSource, Theme};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// Where the index and Pagefind's browser files are published.
pub const SEARCH_BUNDLE_DIR: &str = "pagefind";

/// One file of the built site.
#[derive(Debug, Clone)]
pub enum OutputFile {
    Bytes(Arc<Vec<u8>>),
    /// Copied as-is from disk (content assets, the site's static/).
    Copy(PathBuf),
    Embedded(&'static [u8]),
    /// Already written into the build's staging folder (see `PageCache::write_into`).
    Written,
}

impl OutputFile {
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            OutputFile::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b.as_slice())),
            OutputFile::Embedded(b) => Ok(std::borrow::Cow::Borrowed(b)),
            OutputFile::Copy(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
            OutputFile::Written => Err(std::io::Error::other(
                "the file was written to the output as it was made",
            )),
        }
    }
}

impl From<StaticSource> for OutputFile {
    fn from(s: StaticSource) -> Self {
        match s {
            StaticSource::Embedded(b) => OutputFile::Embedded(b),
            StaticSource::Disk(p) => OutputFile::Copy(p),
        }
    }
}

/// The whole site: output path (unencoded, `/`-separated, no leading slash) → file.
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    pub files: BTreeMap<String, OutputFile>,
    pub pages: usize,
}

/// A generated file's output path and bytes.
type GeneratedFile = (String, Arc<Vec<u8>>);

/// Files made from the site's lists alone (sitemap, calendars), kept with the fingerprint of
/// what they were made from.
#[derive(Default)]
pub struct ListFiles {
    last: Option<(u64, Vec<GeneratedFile>)>,
}

impl ListFiles {
    fn get_or_make(
        &mut self,
        key: u64,
        make: impl FnOnce() -> Vec<(String, Vec<u8>)>,
    ) -> Vec<GeneratedFile> {
        match &self.last {
            Some((k, files)) if *k == key => files.clone(),
            _ => {
                let files: Vec<GeneratedFile> = make()
                    .into_iter()
                    .map(|(path, bytes)| (path, Arc::new(bytes)))
                    .collect();
                self.last = Some((key, files.clone()));
                files
            }
        }
    }
}

/// The sitemap and the calendars of the last run.
#[derive(Default)]
pub struct ListCaches {
    sitemap: ListFiles,
    calendars: ListFiles,
    drip: ListFiles,
    /// The drip files a preview wrote to its folder, with the key they were made for.
    drip_on_disk: Option<(u64, Vec<String>)>,
}

/// Counts rendered pages so a long build can show its progress.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
}

/// The drip files (`drip/`). A build writes them into its staging folder at once, in
/// parallel (a large hub has thousands of steps, each with two teaser files); a preview
/// keeps them, made again only when what they show changed: front matter, webinar status,
/// theme, site-config, or which static and content files exist.
fn drip_files(
    site: &Site,
    journey: &Journey,
    theme: &Theme,
    lists_key: u64,
    cache: &mut pages::PageCache,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, OutputFile)> {
    let phase = crate::util::timings::Phase::start("  drip");
    // Teasers show an image only when it is published: the static and content files.
    let published = drip::published_files(site, theme);
    let inputs = drip::Inputs {
        strings: &theme.strings,
        files: &published,
    };
    let files = match cache.write_to.as_deref() {
        Some(dir) => drip::render(site, journey, &inputs, |path, bytes| {
            crate::util::fs::write_file(dir, &path, bytes).map(|()| path)
        })
        .into_iter()
        .filter_map(|written| match written {
            Ok(path) => Some((path, OutputFile::Written)),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        })
        .collect(),
        None => {
            let key = published
                .iter()
                .fold(crate::util::hash::Fnv::default().u64(lists_key), |h, p| {
                    h.str(p)
                })
                .finish();
            match cache.drip_folder.clone() {
                // At 10,000 documents the drip files are about 300 MB, which a marketer
                // rarely opens: the preview serves them from its own folder.
                Some(folder) => {
                    let paths = match &cache.lists.drip_on_disk {
                        Some((made_for, paths)) if *made_for == key => paths.clone(),
                        _ => {
                            let written = drip::render(site, journey, &inputs, |path, bytes| {
                                crate::util::fs::write_file(&folder, &path, bytes).map(|()| path)
                            });
                            let mut paths = vec![];
                            for result in written {
                                match result {
                                    Ok(path) => paths.push(path),
                                    Err(d) => diagnostics.push(d),
                                }
                            }
                            cache.lists.drip_on_disk = Some((key, paths.clone()));
                            paths
                        }
                    };
                    paths
                        .into_iter()
                        .map(|path| {
                            let on_disk = folder.join(&path);
                            (path, OutputFile::Copy(on_disk))
                        })
                        .collect()
                }
                None => cache
                    .lists
                    .drip
                    .get_or_make(key, || {
                        drip::render(site, journey, &inputs, |path, bytes| (path, bytes.to_vec()))
                    })
                    .into_iter()
                    .map(|(path, bytes)| (path, OutputFile::Bytes(bytes)))
                    .collect(),
            }
        }
    };
    phase.end();
    files
}

/// The theme's static files, the syntax stylesheet and the content's assets, by output path;
/// an asset at a path the theme takes is an error.
fn static_files(
    site: &Site,
    theme: &Theme,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, OutputFile> {
    let mut files: BTreeMap<String, OutputFile> = BTreeMap::new();
    for (path, source) in &theme.static_files {
        files.insert(path.clone(), source.clone().into());
    }
    // The same on every run, and loading syntect's themes to make it costs a preview rebuild
    // more than rendering the edited page.
    static SYNTAX_CSS: std::sync::OnceLock<Arc<Vec<u8>>> = std::sync::OnceLock::new();
    let syntax_css =
        SYNTAX_CSS.get_or_init(|| Arc::new(crate::markdown::highlight::syntax_css().into_bytes()));
    files.insert(
        pages::SYNTAX_CSS.to_string(),
        OutputFile::Bytes(Arc::clone(syntax_css)),
    );
    for asset in &site.assets {
        if files.contains_key(&asset.content_path) {
            diagnostics.push(Diagnostic::error(
                "output-conflict",
                format!("content/{}", asset.content_path),
                t("output-conflict.asset").arg("path", &asset.content_path),
            ));
        }
        files.insert(
            asset.content_path.clone(),
            OutputFile::Copy(asset.source.clone()),
        );
    }
    files
}

pub fn render(
    site: &Site,
    journey: &Journey,
    theme: &Theme,
    progress: &Progress,
    cache: &mut pages::PageCache,
) -> Result<RenderedSite, Vec<Diagnostic>> {
    let mut diagnostics = vec![];
    // Static files first, so that generated pages can be checked against them.
    let mut files = static_files(site, theme, &mut diagnostics);

    let phase = crate::util::timings::Phase::start("  pages");
    let versions_phase = crate::util::timings::Phase::start("    versions");
    let mut versions = versions::Versions::new(site, journey);
    versions_phase.end();
    let (rendered, page_diagnostics) =
        pages::render_pages(site, journey, theme, &files, progress, &mut versions, cache);
    phase.end();
    diagnostics.extend(page_diagnostics);
    let page_count = rendered.len();
    let mut page_paths = vec![];
    for (path, bytes, in_sitemap) in rendered {
        if files.contains_key(&path) {
            diagnostics.push(
                Diagnostic::error(
                    "output-conflict",
                    path.clone(),
                    t("output-conflict.page").arg("path", &path),
                )
                .with_hint(t("output-conflict.page.hint")),
            );
        }
        if let Some(entry) = in_sitemap {
            page_paths.push(entry);
        }
        files.insert(path, bytes);
    }
    // Which pages exist, their dates and translations, the upcoming webinars and what each
    // feed lists follow from front matter, the theme (its templates decide the index pages)
    // and site-config: a body edit keeps the sitemap, the calendars and the feeds' lists.
    let lists_key = crate::util::hash::Fnv::default()
        .u64(journey.lists_version)
        .u64(theme.version)
        .u64(site.config.version)
        .str(&site.config.base_url.permalink(""))
        .finish();
    let sitemap = cache
        .lists
        .sitemap
        .get_or_make(lists_key, || sitemap::render(site, journey, page_paths));
    for (path, bytes) in sitemap {
        files.insert(path, OutputFile::Bytes(bytes));
    }
    let phase = crate::util::timings::Phase::start("  feeds");
    let (feeds, feed_problems) = feeds::render(
        site,
        journey,
        &theme.strings,
        (theme.version, lists_key),
        &versions,
        &mut cache.feeds,
        cache.write_to.as_deref(),
    );
    diagnostics.extend(feed_problems);
    phase.end();
    let calendars = cache.lists.calendars.get_or_make(lists_key, || {
        calendar::render(site, journey, &theme.strings)
    });
    let drip = drip_files(site, journey, theme, lists_key, cache, &mut diagnostics);
    let generated = feeds
        .into_iter()
        .chain(
            calendars
                .into_iter()
                .map(|(path, bytes)| (path, OutputFile::Bytes(bytes))),
        )
        .chain(drip);
    for (path, file) in generated {
        if files.contains_key(&path) {
            diagnostics.push(
                Diagnostic::error(
                    "output-conflict",
                    path.clone(),
                    t("output-conflict.feed").arg("path", &path),
                )
                .with_hint(t("output-conflict.feed.hint")),
            );
        }
        files.insert(path, file);
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(RenderedSite {
        files,
        pages: page_count,
    })
}
