//! Atom and JSON Feed, per language: the whole hub, each stage, and each stage × segment term
//! named in site-config `feeds.segments` (adoption × company_size smb, …), so that every
//! customer segment can get its own drip-email track. See docs/feeds.md.
//!
//! Email tools (RSS-to-email) send an item when they see an id they have not seen, dated after
//! their last send. So an entry's id is built from what never changes (the source path and
//! the publication date), and its publication date is `date`: never `updated`, never the
//! build time. Documents without a `date` have no publication date and are left out.

use super::context::StageSummary;
use super::versions::Versions;
use crate::content::Site;
use crate::content::reads::{Read, recording};
use crate::link::Journey;
use crate::theme::strings::{Strings, strings_for};
use crate::util::urls::encode_path;
use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

mod entry;
mod files;
mod lists;

use entry::entry;
pub use entry::entry_id;
use files::{atom, json};
use lists::language_feeds;

pub const ATOM_FILE: &str = "atom.xml";

pub const JSON_FILE: &str = "feed.json";

/// Folder of the whole hub's feeds, under the language prefix.
pub const SITE_FEED_DIR: &str = "feeds/";

/// A feed for `<link rel="alternate">` in page heads.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub url: String,
}

/// Site path (unencoded, under the language prefix) of the folder holding a stage's feeds.
pub fn stage_feed_dir(prefix: &str, stage: &str) -> String {
    format!("{prefix}stages/{stage}/")
}

/// Site path of the folder of a stage × segment term's feeds.
pub fn segment_feed_dir(prefix: &str, stage: &str, taxonomy: &str, term_slug: &str) -> String {
    format!("{prefix}stages/{stage}/{taxonomy}/{term_slug}/")
}

/// The feeds a page's head announces: the hub's, and its stage's when it has one.
pub fn head_links(site: &Site, prefix: &str, stage: Option<&StageSummary>) -> Vec<FeedLink> {
    let mut out = vec![];
    let mut push = |dir: &str, title: String| {
        for (file, mime, kind) in [
            (ATOM_FILE, "application/atom+xml", "Atom"),
            (JSON_FILE, "application/feed+json", "JSON Feed"),
        ] {
            out.push(FeedLink {
                title: format!("{title} ({kind})"),
                mime,
                url: site
                    .config
                    .base_url
                    .permalink(&encode_path(&format!("{dir}{file}"))),
            });
        }
    };
    push(
        &format!("{prefix}{SITE_FEED_DIR}"),
        site.config.title.clone(),
    );
    if let Some(s) = stage {
        push(
            &stage_feed_dir(prefix, &s.id),
            stage_feed_title(site, &s.title),
        );
    }
    out
}

fn stage_feed_title(site: &Site, stage_title: &str) -> String {
    format!("{}: {stage_title}", site.config.title)
}

/// One feed: where it lives, what it is called and which documents it holds (newest first).
#[derive(Hash)]
struct Feed {
    lang: String,
    dir: String,
    title: String,
    subtitle: String,
    /// The HTML page the feed belongs to.
    home: String,
    /// The folder of the drip track that sends the same documents as a sequence.
    drip: String,
    entries: Vec<usize>,
}

/// What an entry is made of; computed once per document, shared by every feed it is in.
struct Entry {
    id: String,
    url: String,
    title: String,
    summary: String,
    /// The body as Atom's escaped text and as a JSON string: escaped once here, because a
    /// new entry is in several feeds (the hub's, its stage's, its segments').
    content_xml: String,
    content_json: Box<serde_json::value::RawValue>,
    published: Timestamp,
    updated: Timestamp,
    categories: Vec<(String, String)>,
    /// The document's download, for Atom's `enclosure` link and JSON Feed's `attachments`.
    enclosure: Option<crate::render::download::DownloadView>,
}

/// A feed's Atom and JSON files.
type FeedFiles = [Arc<Vec<u8>>; 2];

/// A feed's files from an earlier run, with what its entries read of the site (see
/// [`crate::content::reads`]) and its fingerprint then.
struct CachedFeed {
    reads: Vec<Read>,
    fingerprint: u64,
    files: FeedFiles,
}

/// Feeds from an earlier run: each feed's files by folder, and the feeds' entry lists with
/// the fingerprint of what they were chosen from.
#[derive(Default)]
pub struct FeedCache {
    files: HashMap<String, CachedFeed>,
    lists: Option<(u64, Arc<Vec<Feed>>)>,
}

/// A feed's fingerprint: the site-wide values every feed shows, the feed itself (its place,
/// titles and documents), and the version of everything its entries read.
fn fingerprint(global: u64, feed: &Feed, versions: &Versions, reads: &[Read]) -> u64 {
    let feed_itself = crate::util::hash::of_value(feed);
    crate::util::hash::Fnv::default()
        .u64(global)
        .u64(feed_itself)
        .u64(versions.of_all(reads))
        .finish()
}

/// Atom and JSON feeds of every language. A feed that shows the same documents, whose
/// entries read nothing that changed since `cache` was made, is reused as it was: in serve,
/// an edit rebuilds only the feeds that show the edited document.
pub(crate) fn render(
    site: &Site,
    journey: &Journey,
    strings: &BTreeMap<String, Strings>,
    (theme_version, lists_key): (u64, u64),
    versions: &Versions,
    cache: &mut FeedCache,
    write_to: Option<&std::path::Path>,
) -> (
    Vec<(String, super::OutputFile)>,
    Vec<crate::util::diagnostics::Diagnostic>,
) {
    let feeds = feed_lists(site, journey, strings, lists_key, cache);
    let global = crate::util::hash::Fnv::default()
        .u64(theme_version)
        .u64(site.config.version)
        .finish();
    let stale: Vec<usize> = (0..feeds.len())
        .filter(|&k| {
            cache.files.get(&feeds[k].dir).is_none_or(|cached| {
                cached.fingerprint != fingerprint(global, &feeds[k], versions, &cached.reads)
            })
        })
        .collect();
    let (entries, entry_reads): (HashMap<usize, Entry>, HashMap<usize, Vec<Read>>) =
        shown_entries(site, journey, strings, &feeds, &stale)
            .into_iter()
            .map(|(i, (entry, reads))| ((i, entry), (i, reads)))
            .unzip();
    let mut made = make_files(site, &feeds, &entries, &stale, write_to);
    let mut problems = vec![];
    let mut fresh = HashMap::with_capacity(feeds.len());
    let mut out = Vec::with_capacity(feeds.len() * 2);
    for (k, feed) in feeds.iter().enumerate() {
        let [atom_path, json_path] = feed_paths(feed);
        let files = match made.remove(&k) {
            Some(Ok(Some(files))) => files,
            Some(Ok(None)) => {
                out.push((atom_path, super::OutputFile::Written));
                out.push((json_path, super::OutputFile::Written));
                continue;
            }
            Some(Err(d)) => {
                problems.push(d);
                continue;
            }
            // Not stale: the cache holds it.
            None => {
                let cached = cache
                    .files
                    .remove(&feed.dir)
                    .expect("a feed not made is kept");
                push_files(&mut out, [atom_path, json_path], &cached.files);
                fresh.insert(feed.dir.clone(), cached);
                continue;
            }
        };
        push_files(&mut out, [atom_path, json_path], &files);
        let mut reads: Vec<Read> = feed
            .entries
            .iter()
            .filter_map(|i| entry_reads.get(i))
            .flat_map(|reads| reads.iter().copied())
            .collect();
        reads.sort_unstable();
        reads.dedup();
        let fingerprint = fingerprint(global, feed, versions, &reads);
        let cached = CachedFeed {
            reads,
            fingerprint,
            files,
        };
        fresh.insert(feed.dir.clone(), cached);
    }
    cache.files = fresh;
    (out, problems)
}

/// Every feed of every language with the documents it lists, reused from `cache` while
/// `lists_key` is the same.
fn feed_lists(
    site: &Site,
    journey: &Journey,
    strings: &BTreeMap<String, Strings>,
    lists_key: u64,
    cache: &mut FeedCache,
) -> Arc<Vec<Feed>> {
    let limit = site.config.feeds.entries.max(1);
    // Which documents each feed lists follows from front matter alone (stages, terms,
    // dates), so a body edit reuses the lists; choosing them scans every document.
    let feeds = match &cache.lists {
        Some((key, feeds)) if *key == lists_key => Arc::clone(feeds),
        _ => {
            let mut feeds = vec![];
            for view in &journey.views {
                feeds.extend(language_feeds(
                    site,
                    journey,
                    view,
                    strings_for(strings, &view.lang),
                    limit,
                ));
            }
            Arc::new(feeds)
        }
    };
    cache.lists = Some((lists_key, Arc::clone(&feeds)));
    feeds
}

fn push_files(out: &mut Vec<(String, super::OutputFile)>, paths: [String; 2], files: &FeedFiles) {
    for (path, bytes) in paths.into_iter().zip(files) {
        out.push((path, super::OutputFile::Bytes(Arc::clone(bytes))));
    }
}

/// The entries of the documents the stale feeds show, by document, each with what it read.
fn shown_entries(
    site: &Site,
    journey: &Journey,
    strings: &BTreeMap<String, Strings>,
    feeds: &[Feed],
    stale: &[usize],
) -> HashMap<usize, (Entry, Vec<Read>)> {
    // Only documents a stale feed shows get an entry: an entry carries the whole body, and a
    // large site has far more dated documents than its feeds' newest few.
    let mut shown: Vec<usize> = stale
        .iter()
        .flat_map(|&k| feeds[k].entries.iter().copied())
        .collect();
    shown.sort_unstable();
    shown.dedup();
    shown
        .par_iter()
        .map(|&i| (i, recording(|| entry(site, journey, strings, i))))
        .collect()
}

/// A feed's Atom and JSON files' site paths.
fn feed_paths(feed: &Feed) -> [String; 2] {
    [
        format!("{}{ATOM_FILE}", feed.dir),
        format!("{}{JSON_FILE}", feed.dir),
    ]
}

type MadeFiles = HashMap<usize, Result<Option<FeedFiles>, crate::util::diagnostics::Diagnostic>>;

/// The files of each stale feed by feed index: written to `write_to`, or kept in memory.
fn make_files(
    site: &Site,
    feeds: &[Feed],
    entries: &HashMap<usize, Entry>,
    stale: &[usize],
    write_to: Option<&std::path::Path>,
) -> MadeFiles {
    // A build writes each feed as soon as it is made (entries carry whole bodies, so the
    // feeds of a site together are large); a preview keeps them for the next rebuild.
    stale
        .par_iter()
        .map(|&k| {
            let feed = &feeds[k];
            let lang = feed.lang.as_str();
            let files = [
                atom(site, feed, entries, lang),
                json(site, feed, entries, lang),
            ];
            let result = match write_to {
                Some(dir) => feed_paths(feed)
                    .iter()
                    .zip(&files)
                    .try_for_each(|(path, bytes)| crate::util::fs::write_file(dir, path, bytes))
                    .map(|()| None),
                None => Ok(Some(files.map(|mut bytes| {
                    bytes.shrink_to_fit();
                    Arc::new(bytes)
                }))),
            };
            (k, result)
        })
        .collect()
}
