//! Turns raw file-system events into the few kinds of change a rebuild cares about, and
//! debounces bursts (editors save through a temp file and a rename; `git checkout` touches
//! hundreds of files at once).

use crate::content::is_ignored_name;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// site-config.yaml changed: everything is rebuilt from scratch.
    pub config: bool,
    pub content: Vec<PathBuf>,
    pub templates: Vec<PathBuf>,
    pub strings: Vec<PathBuf>,
    pub statics: Vec<PathBuf>,
    /// The watcher may have missed events (its queue overflowed, or it failed): every
    /// source must be looked at again.
    pub rescan: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.rescan
            && self.content.is_empty()
            && self.templates.is_empty()
            && self.strings.is_empty()
            && self.statics.is_empty()
    }

    fn push(&mut self, list: fn(&mut Changes) -> &mut Vec<PathBuf>, p: &Path) {
        let l = list(self);
        if !l.iter().any(|x| x == p) {
            l.push(p.to_path_buf());
        }
    }
}

/// Sorts changed paths into kinds; everything outside the sources (the output, build
/// folders, editor backups) is ignored.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some(name) = parts.last() else { continue };
        if parts.iter().any(|p| is_ignored_name(p)) {
            continue;
        }
        match parts[0].as_str() {
            "site-config.yaml" if parts.len() == 1 => changes.config = true,
            "content" => changes.push(|c| &mut c.content, path),
            "templates" => changes.push(|c| &mut c.templates, path),
            "static" => changes.push(|c| &mut c.statics, path),
            "i18n" => changes.push(|c| &mut c.strings, path),
            "themes" if parts.len() >= 3 => match parts[2].as_str() {
                "templates" => changes.push(|c| &mut c.templates, path),
                "static" => changes.push(|c| &mut c.statics, path),
                "i18n" => changes.push(|c| &mut c.strings, path),
                _ if name == "theme.yaml" => changes.push(|c| &mut c.templates, path),
                _ => {}
            },
            _ => {}
        }
    }
    changes
}

/// Waits for the first relevant event, then gathers the rest of the burst: until the files
/// have been quiet for `quiet`, or `max_wait` has passed. None when the watcher is gone.
pub fn next_batch(
    rx: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
    quiet: Duration,
    max_wait: Duration,
    stop: &dyn Fn() -> bool,
) -> Option<Changes> {
    let mut paths: Vec<PathBuf> = vec![];
    let mut rescan = false;
    loop {
        if stop() {
            return None;
        }
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(event)) if event.need_rescan() => {
                rescan = true;
                break;
            }
            Ok(Ok(event)) => {
                if is_relevant(&event) && !classify(root, &event.paths).is_empty() {
                    paths.extend(event.paths);
                    break;
                }
            }
            Ok(Err(_)) => {
                rescan = true;
                break;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    let started = Instant::now();
    loop {
        let left = max_wait.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(quiet.min(left)) {
            Ok(Ok(event)) if event.need_rescan() => rescan = true,
            Ok(Ok(event)) => {
                if is_relevant(&event) {
                    paths.extend(event.paths);
                }
            }
            Ok(Err(_)) => rescan = true,
            Err(_) => break,
        }
    }
    let mut changes = classify(root, &paths);
    changes.rescan = rescan;
    Some(changes)
}

fn is_relevant(event: &notify::Event) -> bool {
    use notify::EventKind;
    matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) && !matches!(
        event.kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
        rels.iter().map(|r| root.join(r)).collect()
    }

    #[test]
    fn sorts_changes_into_kinds_and_ignores_the_rest() {
        let root = Path::new("/site");
        let c = classify(
            root,
            &paths(
                root,
                &[
                    "content/playbooks/a.md",
                    "content/playbooks/.a.md.swp",
                    "content/playbooks/a.md~",
                    "themes/default/templates/base.html",
                    "themes/default/static/assets/style.css",
                    "themes/default/i18n/ja.yaml",
                    "templates/page.html",
                    "static/logo.svg",
                    "public/index.html",
                    "target/debug/x",
                    "site-config.yaml",
                    "content/playbooks/a.md",
                ],
            ),
        );
        assert!(c.config);
        assert_eq!(c.content, paths(root, &["content/playbooks/a.md"]));
        assert_eq!(
            c.templates,
            paths(
                root,
                &["themes/default/templates/base.html", "templates/page.html"]
            )
        );
        assert_eq!(
            c.statics,
            paths(
                root,
                &["themes/default/static/assets/style.css", "static/logo.svg"]
            )
        );
        assert_eq!(c.strings, paths(root, &["themes/default/i18n/ja.yaml"]));
    }

    #[test]
    fn output_and_editor_files_alone_are_no_change() {
        let root = Path::new("/site");
        let c = classify(
            root,
            &paths(root, &["public/a.html", "content/.#a.md", "other.txt"]),
        );
        assert!(c.is_empty());
    }

    /// The next batch with a short quiet time; None when the watcher is gone.
    fn batch_of(rx: &Receiver<notify::Result<notify::Event>>) -> Option<Changes> {
        next_batch(
            rx,
            Path::new("/site"),
            Duration::from_millis(10),
            Duration::from_secs(1),
            &|| false,
        )
    }

    #[test]
    fn a_watcher_error_or_overflow_asks_for_a_rescan() {
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(Err(notify::Error::generic("queue overflow")))
            .unwrap();
        let batch = batch_of(&rx).unwrap();
        assert!(batch.rescan && !batch.is_empty());

        let overflow =
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
        tx.send(Ok(overflow)).unwrap();
        assert!(batch_of(&rx).unwrap().rescan);
    }

    #[test]
    fn a_burst_becomes_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        let root = Path::new("/site");
        for i in 0..50 {
            let mut e =
                notify::Event::new(notify::EventKind::Modify(notify::event::ModifyKind::Any));
            e.paths
                .push(root.join(format!("content/playbooks/p{i}.md")));
            tx.send(Ok(e)).unwrap();
        }
        let batch = batch_of(&rx).unwrap();
        assert_eq!(batch.content.len(), 50);
        drop(tx);
        assert!(batch_of(&rx).is_none());
    }
}
