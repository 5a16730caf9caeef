//! Load: walk `content/`, read every document in parallel, and collect every problem.

mod document;
mod duplicates;
pub mod front_matter;
pub mod model;
pub mod reads;
mod site;

pub use model::*;
pub use site::{Site, age_in_days};

use crate::config::SiteConfig;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

pub const CONTENT_DIR: &str = "content";

/// A non-markdown file under content/, copied to the same path in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path under content/ with `/` separators.
    pub content_path: String,
    pub source: PathBuf,
}

pub struct Loaded {
    pub docs: Vec<Arc<Document>>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
    /// Paths under content/ of markdown files that could not be read at all (bad YAML,
    /// not UTF-8): links to them are not reported as missing, their own error says it.
    pub unreadable: Vec<String>,
}

/// Editors and tools leave these beside real files; they are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Documents read before, by path, so `serve` re-reads only files that changed on disk.
#[derive(Default)]
pub struct LoadCache {
    /// By path under content/.
    entries: HashMap<String, CachedFile>,
    /// site-config.yaml's text when the entries were made: a config change invalidates all.
    config_version: u64,
    /// The files found by the last walk of content/, kept while a watcher reports every
    /// change since (see [`LoadCache::note_changes`]).
    listing: Option<Listing>,
    /// Content paths changed since the last run, as a file watcher saw them; None when
    /// unknown, which makes the next run walk and stat every file.
    changed: Option<Vec<PathBuf>>,
    /// Whether a watcher reports changes (see [`LoadCache::start_watching`]).
    watched: bool,
    /// Keep no documents: set for a one-shot build, which no later run follows, so that
    /// each document belongs to the build alone and can give up its text once linked.
    forget: bool,
}

/// What a walk of content/ found.
struct Listing {
    /// The content folder, canonical, to match the watcher's absolute paths.
    content_root: PathBuf,
    /// Markdown files: path under content/ and path as walked, in walk order.
    markdown: Vec<(String, PathBuf)>,
    assets: Vec<Asset>,
}

impl LoadCache {
    /// For a build that no other run follows: nothing is kept for later.
    pub fn one_shot() -> LoadCache {
        LoadCache {
            forget: true,
            ..LoadCache::default()
        }
    }

    pub fn is_one_shot(&self) -> bool {
        self.forget
    }

    /// From now on a file watcher reports every change under content/ through
    /// [`LoadCache::note_changes`], so that on a large site a run re-reads the files it names
    /// instead of walking and checking every file. The next run still walks: a change made
    /// before the watcher started is not in its reports.
    pub fn start_watching(&mut self) {
        self.watched = true;
        self.changed = None;
    }

    /// Content paths (absolute, as the watcher reports them) changed since the last run;
    /// `rescan` when the watcher may have missed some, which makes the next run walk and
    /// read every file again.
    pub fn note_changes(&mut self, paths: &[PathBuf], rescan: bool) {
        if rescan {
            // Files changed unseen may keep their size and time (a copy that keeps times);
            // problems found in a half-copied file must not outlive it.
            self.entries.clear();
        }
        match &mut self.changed {
            Some(list) if !rescan && self.watched => list.extend(paths.iter().cloned()),
            _ => self.changed = None,
        }
    }
}

/// The last walk's listing with the changed files applied, and the paths under content/ of
/// the files to read again; None when a change needs a new walk: a folder, a file that is
/// not markdown, or a markdown file the walk did not see.
fn apply_changes(
    mut listing: Listing,
    changed: &[PathBuf],
) -> Option<(Listing, std::collections::HashSet<String>)> {
    let mut suspects = std::collections::HashSet::new();
    for path in changed {
        let rel = slash_path(path.strip_prefix(&listing.content_root).ok()?);
        let known = listing.markdown.iter().position(|(r, _)| *r == rel);
        match known {
            Some(i) if !path.exists() => {
                listing.markdown.remove(i);
            }
            Some(_) => {
                suspects.insert(rel);
            }
            // A deleted original leaves its translations with nothing to inherit.
            None if rel.ends_with(".md") && !path.exists() => {
                suspects.insert(rel);
            }
            None => {
                let is_known_asset =
                    path.is_file() && listing.assets.iter().any(|a| a.content_path == rel);
                if !is_known_asset {
                    return None;
                }
            }
        }
    }
    Some((listing, suspects))
}

/// A file's modification time and size.
type Stamp = (Option<SystemTime>, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// The stamp of a document's local download file: a file replaced without an edit of the
/// document changes the size its pages show. Only documents with a download stat a file.
fn download_stamp(root: &Path, doc: Option<&Document>) -> Option<Stamp> {
    let doc = doc?;
    let download = doc.common.download.as_ref()?;
    stamp(&front_matter::download_on_disk(
        download,
        root,
        doc.content_dir(),
    )?)
}

/// A file's fresh cache entry (None when the cache was used), document and problems.
type LoadResult = (Option<CachedFile>, Option<Arc<Document>>, Vec<Diagnostic>);

struct CachedFile {
    modified: Option<SystemTime>,
    len: u64,
    /// A translation's original when the file was read (its time and size, or None when it
    /// did not exist): what the translation inherits changes with it.
    original: Option<Stamp>,
    /// The document's local download when the file was read (its time and size, or None
    /// when it did not exist): the size pages show is read from it.
    download: Option<Stamp>,
    doc: Option<Arc<Document>>,
    diagnostics: Vec<Diagnostic>,
}

pub fn load_cached(root: &Path, config: &SiteConfig, cache: &mut LoadCache) -> Loaded {
    if cache.config_version != config.version {
        cache.entries.clear();
        cache.config_version = config.version;
    }
    let content_root = root.join(CONTENT_DIR);
    let mut diagnostics = vec![];
    if !content_root.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "missing-content",
                CONTENT_DIR,
                t("missing-content").arg("root", root.display()),
            )
            .with_hint(t("missing-content.hint")),
        );
        return Loaded {
            docs: vec![],
            assets: vec![],
            diagnostics,
            unreadable: vec![],
        };
    }

    let changed = cache.changed.take();
    let reused = match (cache.listing.take(), &changed) {
        (Some(listing), Some(changed)) => apply_changes(listing, changed),
        _ => None,
    };
    let mut walk_ok = true;
    // Only files the watcher named can differ from the cache; the rest are not even stat'ed.
    let (listing, suspects) = match reused {
        Some((listing, suspects)) => (listing, Some(suspects)),
        None => {
            let listing = walk(root, &content_root, &mut diagnostics);
            // A folder that could not be read is walked again next time, to report it again.
            walk_ok = diagnostics.is_empty();
            (listing, None)
        }
    };
    let results: Vec<LoadResult> = listing
        .markdown
        .par_iter()
        .map(|(rel, path)| {
            let cached = cache.entries.get(rel);
            let original = document::original_of(rel, config);
            if let (Some(suspects), Some(c)) = (&suspects, cached)
                && !suspects.contains(rel)
                && !original.as_ref().is_some_and(|o| suspects.contains(o))
                && download_stamp(root, c.doc.as_deref()) == c.download
            {
                return (None, c.doc.clone(), c.diagnostics.clone());
            }
            let meta = std::fs::metadata(path).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.as_ref().map_or(0, |m| m.len());
            let original = original.map(|o| stamp(&content_root.join(o)));
            if let Some(c) = cached
                && c.modified == modified
                && modified.is_some()
                && c.len == len
                && c.original == original.flatten()
                && download_stamp(root, c.doc.as_deref()) == c.download
            {
                return (None, c.doc.clone(), c.diagnostics.clone());
            }
            let (doc, diags) = document::load_document(rel, path, config);
            let doc = doc.map(Arc::new);
            let fresh = CachedFile {
                modified,
                len,
                original: original.flatten(),
                download: download_stamp(root, doc.as_deref()),
                doc: doc.clone(),
                diagnostics: diags.clone(),
            };
            (Some(fresh), doc, diags)
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut unreadable = vec![];
    for ((rel, _), (fresh, doc, diags)) in listing.markdown.iter().zip(results) {
        if doc.is_none() {
            unreadable.push(rel.clone());
        }
        if let Some(f) = fresh
            && !cache.forget
        {
            cache.entries.insert(rel.clone(), f);
        }
        diagnostics.extend(diags);
        docs.extend(doc);
    }
    if suspects.is_none() || cache.entries.len() != listing.markdown.len() {
        let seen: std::collections::HashSet<&str> =
            listing.markdown.iter().map(|(r, _)| r.as_str()).collect();
        cache.entries.retain(|r, _| seen.contains(r.as_str()));
    }
    duplicates::check_duplicates(&docs, &mut diagnostics);
    duplicates::check_asset_names(&listing.assets, &mut diagnostics);
    diagnostics.extend(front_matter::taxonomy_clashes(config));
    let assets = listing.assets.clone();
    if cache.watched && walk_ok {
        cache.listing = Some(listing);
        cache.changed = Some(vec![]);
    }
    Loaded {
        docs,
        assets,
        diagnostics,
        unreadable,
    }
}

/// Walks content/ in a stable order (by name within each folder), skipping editor files.
fn walk(root: &Path, content_root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Listing {
    let mut markdown = vec![];
    let mut assets = vec![];
    let walker = walkdir::WalkDir::new(content_root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                diagnostics.push(Diagnostic::error(
                    "io",
                    path,
                    crate::util::messages::t("io.folder").arg("error", e),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = match entry.path().strip_prefix(content_root) {
            Ok(r) => slash_path(r),
            Err(_) => continue,
        };
        if rel.ends_with(".md") {
            markdown.push((rel, entry.path().to_path_buf()));
        } else {
            assets.push(Asset {
                content_path: rel,
                source: entry.path().to_path_buf(),
            });
        }
    }

    Listing {
        content_root: std::fs::canonicalize(content_root)
            .unwrap_or_else(|_| content_root.to_path_buf()),
        markdown,
        assets,
    }
}

pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn display_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .map(slash_path)
        .unwrap_or_else(|_| p.display().to_string())
}
