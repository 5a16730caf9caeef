//! Follows the sources while the preview runs: waits for the watcher's batches, rebuilds
//! what a change touches, publishes the new site and tells browsers. A source folder that is
//! deleted and made again (`git checkout`, `git stash`, a sync tool) is watched again, and
//! the sources are read again in full, since what happened inside it meanwhile was not seen.

use super::http::ServedSite;
use super::{IndexInput, RebuildReport, Shared, print, problems_of, watch};
use crate::pipeline::{BuildOptions, Caches};
use crate::render::{OutputFile, Progress};
use notify::Watcher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

/// Everything the follow loop owns.
pub(super) struct Follower {
    pub build: BuildOptions,
    pub caches: Caches,
    pub shared: Arc<Shared>,
    pub index_tx: Sender<IndexInput>,
    pub watcher: notify::RecommendedWatcher,
    pub rx: Receiver<notify::Result<notify::Event>>,
    /// The site folder, canonical, as the watcher reports paths.
    pub root: PathBuf,
    pub heartbeat_every: Duration,
    /// Each watched source folder and the identity of the folder watched there.
    pub watched: Vec<(PathBuf, FolderId)>,
}

/// Tells a folder from one made again at the same path.
#[cfg(unix)]
pub(super) type FolderId = (u64, u64);
#[cfg(not(unix))]
pub(super) type FolderId = ();

fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some(())
    }
}

impl Follower {
    /// Watches each source folder that exists, again when it was made anew. True when a
    /// folder is watched that was not before: changes in it until now were not reported.
    pub fn arm(&mut self) -> bool {
        let mut armed = false;
        for dir in crate::config::SOURCE_DIRS {
            let path = self.root.join(dir);
            let id = folder_id(&path);
            let known = self.watched.iter().position(|(p, _)| *p == path);
            if let Some(i) = known {
                if Some(self.watched[i].1) == id {
                    continue;
                }
                // Gone, or made again: the old watch died with the old folder.
                let _ = self.watcher.unwatch(&path);
                self.watched.remove(i);
            }
            if let Some(id) = id
                && self
                    .watcher
                    .watch(&path, notify::RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.push((path, id));
                armed = true;
            }
        }
        armed
    }

    /// Rebuilds on each change until the server stops.
    pub fn run(mut self) {
        let stop = {
            let shared = self.shared.clone();
            move || shared.stop.load(Ordering::Relaxed)
        };
        let mut heartbeat = Instant::now();
        while !stop() {
            let batch = if self.arm() {
                Some(watch::Changes {
                    rescan: true,
                    ..watch::Changes::default()
                })
            } else {
                // The burst ends after 10 ms of quiet: an editor's save (a write, or a
                // temporary file and a rename) takes well under that, and every millisecond
                // here is one more before the browser reloads. A longer burst such as a
                // `git checkout` keeps extending the wait, up to half a second.
                watch::next_batch(
                    &self.rx,
                    &self.root,
                    Duration::from_millis(10),
                    Duration::from_millis(500),
                    &|| stop() || heartbeat.elapsed() > self.heartbeat_every,
                )
            };
            if heartbeat.elapsed() > self.heartbeat_every {
                self.shared.broadcaster.heartbeat();
                heartbeat = Instant::now();
            }
            match batch {
                Some(changes) if !changes.is_empty() => self.rebuild_and_publish(&changes),
                _ => {}
            }
        }
    }

    fn rebuild_and_publish(&mut self, changes: &watch::Changes) {
        let shared = &self.shared;
        if changes.config {
            self.caches = Caches::default();
            self.caches.load.start_watching();
        }
        self.caches
            .load
            .note_changes(&changes.content, changes.rescan);
        let started = Instant::now();
        shared.rebuilding.store(true, Ordering::Relaxed);
        let guard = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
        let previous = shared.current();
        let search = shared
            .search_files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let (site, report, index_input) = rebuild(
            &self.build,
            &mut self.caches,
            Some((&previous, started)),
            &search,
        );
        if let Some(input) = &index_input {
            shared
                .search_enabled
                .store(input.site.config.search, Ordering::SeqCst);
        }
        *shared.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
        drop(guard);
        shared.rebuilding.store(false, Ordering::Relaxed);
        if let Some(input) = index_input {
            let _ = self.index_tx.send(input);
        }
        let current = shared.current();
        eprintln!(
            "{} in {} ms: {} page(s) re-rendered, {} file(s) changed",
            if report.ok {
                "rebuilt"
            } else {
                "rebuild has problems"
            },
            report.elapsed.as_millis(),
            report.pages_rendered,
            report.changed_files
        );
        let event = report.event;
        // Recorded before browsers hear of it, so whoever reacts to the event finds it.
        shared
            .reports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(report);
        match event {
            "errors" => {
                let json = serde_json::to_string(&current.problems).unwrap_or_default();
                shared.broadcaster.send("errors", &json);
            }
            "" => {}
            event => shared.broadcaster.send(event, ""),
        }
    }
}

/// One rebuild. On failure the previous site stays served, with the problems attached.
pub(super) fn rebuild(
    build: &BuildOptions,
    caches: &mut Caches,
    previous: Option<(&ServedSite, Instant)>,
    search: &[(String, OutputFile)],
) -> (ServedSite, RebuildReport, Option<IndexInput>) {
    let started = previous.map_or_else(Instant::now, |(_, s)| s);
    let progress = Progress::default();
    match crate::pipeline::render_site_serving(build, &progress, caches) {
        Ok(built) => {
            let phase = crate::util::timings::Phase::start("publish");
            print(&built.warnings, build.messages);
            let problems = problems_of(&built.warnings, build.messages);
            let mut files = built.rendered.files;
            if built.site.config.search {
                super::with_search_files(&mut files, search);
            }
            let index_input = IndexInput {
                site: built.site,
                journey: built.journey,
                strings: built.strings,
            };
            crate::util::timings::size("served", || in_memory(&files));
            let copy_stamps = stamps(&files);
            let changed: Vec<&str> = match previous {
                Some((old, _)) => changed_paths(old, &files, &copy_stamps),
                None => files.keys().map(String::as_str).collect(),
            };
            let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
            let had_problems = previous.is_some_and(|(old, _)| !old.problems.is_empty());
            let event = if !problems.is_empty() {
                "errors"
            } else if css_only && !had_problems {
                "css"
            } else if changed.is_empty() && !had_problems {
                ""
            } else {
                "reload"
            };
            phase.end();
            let report = RebuildReport {
                ok: problems.is_empty(),
                pages_rendered: caches.pages.rendered_last_run,
                bodies_rendered: caches.markdown.rendered_last_run,
                changed_files: changed.len(),
                elapsed: started.elapsed(),
                event,
            };
            (
                ServedSite {
                    files,
                    problems,
                    copy_stamps,
                },
                report,
                Some(index_input),
            )
        }
        Err(diagnostics) => {
            print(&diagnostics, build.messages);
            let files = previous
                .map(|(old, _)| old.files.clone())
                .unwrap_or_default();
            let copy_stamps = previous
                .map(|(old, _)| old.copy_stamps.clone())
                .unwrap_or_default();
            let report = RebuildReport {
                ok: false,
                pages_rendered: 0,
                bodies_rendered: 0,
                changed_files: 0,
                elapsed: started.elapsed(),
                event: "errors",
            };
            (
                ServedSite {
                    files,
                    problems: problems_of(&diagnostics, build.messages),
                    copy_stamps,
                },
                report,
                None,
            )
        }
    }
}

/// What the served files hold in memory, by top folder (a language's folder counted with
/// the rest), largest first.
fn in_memory(files: &std::collections::BTreeMap<String, OutputFile>) -> String {
    let mut by_folder: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (path, file) in files {
        let OutputFile::Bytes(bytes) = file else {
            continue;
        };
        let mut parts = path.split('/');
        let first = parts.next().unwrap_or_default();
        let folder = match parts.next() {
            Some(second) if first.len() == 2 && path.len() > 3 => second,
            _ => first,
        };
        let entry = by_folder.entry(folder).or_default();
        entry.0 += 1;
        entry.1 += bytes.len();
    }
    let total: usize = by_folder.values().map(|(_, b)| b).sum();
    let mut folders: Vec<_> = by_folder.into_iter().collect();
    folders.sort_by_key(|(_, (_, bytes))| std::cmp::Reverse(*bytes));
    let parts: Vec<String> = folders
        .iter()
        .take(8)
        .map(|(folder, (n, b))| format!("{folder}/ {n} files {:.0} MB", *b as f64 / 1e6))
        .collect();
    format!("{:.0} MB: {}", total as f64 / 1e6, parts.join(", "))
}

fn stamps(
    files: &std::collections::BTreeMap<String, OutputFile>,
) -> std::collections::HashMap<String, (u64, Option<std::time::SystemTime>)> {
    files
        .iter()
        .filter_map(|(path, f)| match f {
            OutputFile::Copy(source) => {
                let meta = std::fs::metadata(source).ok();
                Some((
                    path.clone(),
                    (
                        meta.as_ref().map_or(0, |m| m.len()),
                        meta.and_then(|m| m.modified().ok()),
                    ),
                ))
            }
            _ => None,
        })
        .collect()
}

/// Generated files are compared by content; copied ones by their stamps (see `stamps`).
/// The paths whose file differs between the served site and the new one, or that only one of
/// them has. Both maps are in path order and are walked side by side: looking each of 20,000
/// paths up in the other map took 8 ms of a one-page rebuild.
fn changed_paths<'a>(
    old: &'a ServedSite,
    files: &'a std::collections::BTreeMap<String, OutputFile>,
    copy_stamps: &std::collections::HashMap<String, (u64, Option<std::time::SystemTime>)>,
) -> Vec<&'a str> {
    let mut changed = vec![];
    let mut old_files = old.files.iter().peekable();
    for (path, file) in files {
        while let Some((gone, _)) = old_files.next_if(|(p, _)| *p < path) {
            changed.push(gone.as_str());
        }
        let before = old_files.next_if(|(p, _)| *p == path).map(|(_, f)| f);
        // Only copied files have stamps; any other file that is the same has none on
        // either side.
        let restamped = matches!(file, OutputFile::Copy(_))
            && old.copy_stamps.get(path) != copy_stamps.get(path);
        if !same_file(before, file) || restamped {
            changed.push(path.as_str());
        }
    }
    changed.extend(old_files.map(|(p, _)| p.as_str()));
    changed
}

fn same_file(old: Option<&OutputFile>, new: &OutputFile) -> bool {
    match (old, new) {
        (Some(OutputFile::Bytes(a)), OutputFile::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
        (Some(OutputFile::Embedded(a)), OutputFile::Embedded(b)) => a == b,
        (Some(OutputFile::Copy(a)), OutputFile::Copy(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};
    use std::path::PathBuf;

    fn bytes(text: &str) -> OutputFile {
        OutputFile::Bytes(Arc::new(text.as_bytes().to_vec()))
    }

    #[test]
    fn changed_paths_are_the_added_the_gone_the_different_and_the_restamped() {
        let kept = bytes("kept");
        let logo = OutputFile::Copy(PathBuf::from("static/logo.svg"));
        let old = ServedSite {
            files: BTreeMap::from([
                ("a/gone.html".to_string(), bytes("gone")),
                ("b/kept.html".to_string(), kept.clone()),
                ("c/edited.html".to_string(), bytes("before")),
                ("d/logo.svg".to_string(), logo.clone()),
                ("e/same-text.html".to_string(), bytes("same")),
                ("z/gone-last.html".to_string(), bytes("gone")),
            ]),
            problems: vec![],
            copy_stamps: HashMap::from([("d/logo.svg".to_string(), (10, None))]),
        };
        let files = BTreeMap::from([
            ("b/kept.html".to_string(), kept),
            ("bb/added.html".to_string(), bytes("new")),
            ("c/edited.html".to_string(), bytes("after")),
            ("d/logo.svg".to_string(), logo),
            ("e/same-text.html".to_string(), bytes("same")),
        ]);
        let restamped = HashMap::from([("d/logo.svg".to_string(), (11, None))]);
        let sorted = |stamps| {
            let mut changed = changed_paths(&old, &files, stamps);
            changed.sort_unstable();
            changed
        };
        let edits = ["a/gone.html", "bb/added.html", "c/edited.html"];
        let mut with_logo = edits.to_vec();
        with_logo.extend(["d/logo.svg", "z/gone-last.html"]);
        assert_eq!(sorted(&restamped), with_logo);
        let mut without_logo = edits.to_vec();
        without_logo.push("z/gone-last.html");
        assert_eq!(sorted(&old.copy_stamps), without_logo);
    }
}
