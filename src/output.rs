//! Write: the rendered site goes into a fresh folder beside the output, then is swapped in.
//! journeyhub deletes only what it wrote: an output folder carries a marker listing its
//! files, and a folder that is not ours, or holds files we did not write, is left untouched.

use crate::render::{OutputFile, RenderedSite};
use crate::util::diagnostics::Diagnostic;
use crate::util::fs::{stop_writing, write_permit};
use crate::util::messages::{Text, t};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Marks a folder as journeyhub's output and lists every file written into it.
pub const MARKER: &str = ".journeyhub-output";
const MARKER_HEADER: &str = "# Written by journeyhub. Every file below was generated; `journeyhub build` replaces this folder.";

/// Put in a staging folder when it is made, so a folder left by an interrupted build can be
/// told from one that only shares its name; removed before the folder is swapped in.
const STAGING_MARKER: &str = ".journeyhub-staging";
const NEW_INFIX: &str = ".journeyhub-new-";
const OLD_INFIX: &str = ".journeyhub-old-";

/// Staging folders of builds in progress in this process, for [`remove_unfinished`].
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the staging folders of builds still in progress and says whether there were any.
/// Called on SIGINT or SIGTERM right before the process exits: the locks are never given
/// back, so no file is written and no staging folder made after.
pub fn remove_unfinished() -> bool {
    let unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
    let writes = stop_writing();
    for dir in unfinished.iter() {
        let _ = fs::remove_dir_all(dir);
    }
    let removed = !unfinished.is_empty();
    std::mem::forget(writes);
    std::mem::forget(unfinished);
    removed
}

/// The absolute form of a path: symlinks resolved where it exists, `..` folded.
pub(crate) fn absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // `..` is resolved against the real folder where that exists (it may be a symlink), and
    // by name where it does not: `site/missing/../content` must be seen as `site/content`.
    let mut joined = PathBuf::new();
    for component in abs.components() {
        match component {
            Component::ParentDir => {
                if joined.exists() {
                    joined = fs::canonicalize(&joined).unwrap_or(joined);
                }
                joined.pop();
            }
            Component::CurDir => {}
            other => joined.push(other),
        }
    }
    // Resolve symlinks in the part that exists; keep the rest as written.
    let mut existing = joined.clone();
    let mut rest = vec![];
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// A refusal of an output folder (of `build` or `report`), with what to do instead.
pub(crate) fn refuse(output: &Path, why: Text, hint: Text) -> Diagnostic {
    Diagnostic::error("unsafe-output", output.display().to_string(), why).with_hint(hint)
}

/// Files recorded in an output folder's marker, or None when the folder is not ours.
fn read_manifest(dir: &Path) -> Option<BTreeSet<String>> {
    let text = fs::read_to_string(dir.join(MARKER)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MARKER_HEADER {
        return None;
    }
    Some(lines.map(str::to_string).collect())
}

pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(crate::content::slash_path)
        })
        .collect()
}

/// Each source folder of the site by name, as written under the root and where it really is.
/// A source folder may be a symlink (content/ shared between sites, a theme checked out
/// elsewhere); an output inside its real folder would be read back as content by the next
/// build, and one holding it would delete it.
fn source_folders(root: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let mut folders = vec![];
    for dir in crate::config::SOURCE_DIRS {
        let written = root.join(dir);
        folders.push((format!("{dir}/"), written.clone(), absolute(&written)));
    }
    // Each theme may be a link of its own.
    if let Ok(entries) = fs::read_dir(root.join("themes")) {
        let mut themes: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        themes.sort();
        for theme in themes {
            if fs::symlink_metadata(&theme).is_ok_and(|m| m.file_type().is_symlink()) {
                let name = theme.file_name().unwrap_or_default().to_string_lossy();
                folders.push((format!("themes/{name}/"), theme.clone(), absolute(&theme)));
            }
        }
    }
    folders
}

/// Refuses an output location that is or holds the site or one of its sources (through
/// symlinks too). `suggest` is the folder the hints propose instead: `public/` for a build,
/// `report/` for the report. Shared by `build` and `report`, so both refuse the same places.
pub(crate) fn check_location(root: &Path, output: &Path, suggest: &str) -> Result<(), Diagnostic> {
    let out = absolute(output);
    let root = absolute(root);
    let choose = || t("unsafe-output.choose-inside").arg("suggest", suggest);
    if out.parent().is_none() {
        return Err(refuse(
            output,
            t("unsafe-output.root"),
            t("unsafe-output.choose").arg("suggest", suggest),
        ));
    }
    if out == root {
        return Err(refuse(output, t("unsafe-output.site"), choose()));
    }
    if root.starts_with(&out) {
        return Err(refuse(output, t("unsafe-output.contains-site"), choose()));
    }
    for (dir, written, real) in source_folders(&root) {
        let through = if real != written {
            Some(t("unsafe-output.through").arg("real", real.display()))
        } else {
            None
        };
        if out.starts_with(&written) || out.starts_with(&real) {
            return Err(refuse(
                output,
                t("unsafe-output.inside-source")
                    .arg("dir", &dir)
                    .maybe("through", through),
                t("unsafe-output.choose-outside").arg("suggest", suggest),
            ));
        }
        if real.starts_with(&out) {
            return Err(refuse(
                output,
                t("unsafe-output.contains-source")
                    .arg("dir", &dir)
                    .maybe("through", through),
                choose(),
            ));
        }
    }
    if out.join(crate::config::CONFIG_FILE).exists() {
        return Err(refuse(
            output,
            t("unsafe-output.looks-like-site"),
            t("unsafe-output.choose-another").arg("suggest", suggest),
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(refuse(
            output,
            t("unsafe-output.file"),
            t("unsafe-output.choose-folder").arg("suggest", suggest),
        ));
    }
    Ok(())
}

/// Refuses an output folder that would destroy sources or someone else's files.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    check_location(root, output, "public/")?;
    let out = absolute(output);
    if !out.exists() {
        return Ok(());
    }
    let present = files_under(&out);
    if present.is_empty() {
        return Ok(());
    }
    let Some(manifest) = read_manifest(&out) else {
        return Err(refuse(
            output,
            t("unsafe-output.not-ours"),
            t("unsafe-output.not-ours.hint"),
        ));
    };
    let foreign: Vec<&String> = present
        .iter()
        .filter(|p| p.as_str() != MARKER && !manifest.contains(*p))
        .collect();
    if !foreign.is_empty() {
        let mut list: Vec<&str> = foreign.iter().take(5).map(|s| s.as_str()).collect();
        if foreign.len() > 5 {
            list.push("…");
        }
        return Err(refuse(
            output,
            t("unsafe-output.foreign")
                .arg("n", foreign.len())
                .arg("files", list.join(", ")),
            t("unsafe-output.foreign.hint"),
        ));
    }
    Ok(())
}

/// Writes the site beside `output`, then swaps it in; the old output is removed only after
/// the new one is in place. Returns the number of files written.
pub fn write(root: &Path, output: &Path, site: &RenderedSite) -> Result<usize, Diagnostic> {
    Staging::begin(root, output)?.finish(site)
}

/// A fresh folder beside the output that a build writes into; [`Staging::finish`] swaps it
/// in. Dropped unfinished (an error on the way), it is removed, and the output is untouched.
pub struct Staging {
    root: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// Folders above the output that did not exist and were made for it, deepest first:
    /// removed again (when empty) if the build fails.
    made: Vec<PathBuf>,
    done: bool,
    /// Folders left by interrupted builds that could not be removed, as warnings.
    pub leftovers: Vec<Diagnostic>,
}

/// `what` is the catalog key of what could not be done.
fn io_error(what: &'static str, p: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("io", p.display().to_string(), t(what).arg("error", e))
}

impl Staging {
    /// Refuses a dangerous output, then makes the staging folder.
    pub fn begin(root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        check_output(root, output)?;
        let out = absolute(output);
        let parent = out
            .parent()
            .expect("checked: not the file system root")
            .to_path_buf();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let made: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|a| !a.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(&parent).map_err(|e| io_error("io.create-folder", &parent, e))?;
        let staging = parent.join(format!(".{name}{NEW_INFIX}{}", std::process::id()));
        if staging.exists() {
            // Left by a run that crashed; ours by name and marker only.
            if read_manifest(&staging).is_some()
                || staging.join(STAGING_MARKER).is_file()
                || files_under(&staging).is_empty()
            {
                fs::remove_dir_all(&staging).map_err(|e| io_error("io.clear", &staging, e))?;
            } else {
                return Err(refuse(
                    &staging,
                    t("unsafe-output.leftover"),
                    t("unsafe-output.leftover.hint"),
                ));
            }
        }
        let leftovers = remove_stale(&parent, &name);
        let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
        fs::create_dir_all(&staging).map_err(|e| io_error("io.create-folder", &staging, e))?;
        unfinished.push(staging.clone());
        drop(unfinished);
        let note = format!(
            "# A build of journeyhub in progress (process {}); removed when it ends.\n",
            std::process::id()
        );
        let staged = Staging {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            parent,
            name,
            dir: staging,
            made,
            done: false,
            leftovers,
        };
        fs::write(staged.dir.join(STAGING_MARKER), note)
            .map_err(|e| io_error("io.write-into", &staged.dir, e))?;
        Ok(staged)
    }

    /// Where pages may be written before [`Staging::finish`] (see `OutputFile::Written`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the site's files that are not written yet and the marker, then swaps the
    /// folder in for the output. Returns how many files the output has.
    pub fn finish(mut self, site: &RenderedSite) -> Result<usize, Diagnostic> {
        write_files(&self.root, &self.dir, site)?;
        fs::remove_file(self.dir.join(STAGING_MARKER))
            .map_err(|e| io_error("io.write-into", &self.dir, e))?;
        // Checked again right before the swap: the output may have changed meanwhile.
        check_output(&self.root, &self.output)?;
        let out = absolute(&self.output);
        let old = self
            .parent
            .join(format!(".{}{OLD_INFIX}{}", self.name, std::process::id()));
        // An interrupt waits for the swap, so the output is never left set aside.
        let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
        let had_old = out.exists();
        if had_old {
            fs::rename(&out, &old).map_err(|e| io_error("io.move-aside", &out, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &out) {
            if had_old {
                let _ = fs::rename(&old, &out);
            }
            return Err(io_error("io.move-in", &out, e));
        }
        self.done = true;
        unfinished.retain(|d| *d != self.dir);
        drop(unfinished);
        if had_old {
            // Verified by check_output: everything in it is listed in our marker.
            let _ = fs::remove_dir_all(&old);
        }
        Ok(site.files.len())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
            forget_unfinished(&self.dir);
            for folder in &self.made {
                // Only if empty: something else may have been put there meanwhile.
                let _ = fs::remove_dir(folder);
            }
        }
    }
}

fn forget_unfinished(dir: &Path) {
    UNFINISHED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|d| d != dir);
}

/// Whether process `pid` is gone (so a folder named after it is a leftover).
fn is_dead(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return false;
        }
        std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    false
}

/// Removes the staging (and set-aside) folders of `name` left by builds whose process no
/// longer exists; one it cannot vouch for is left in place and reported.
fn remove_stale(parent: &Path, name: &str) -> Vec<Diagnostic> {
    let Ok(entries) = fs::read_dir(parent) else {
        return vec![];
    };
    let mut stale: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
            let (new, pid) = match (rest.strip_prefix(NEW_INFIX), rest.strip_prefix(OLD_INFIX)) {
                (Some(pid), _) => (true, pid),
                (_, Some(pid)) => (false, pid),
                _ => return None,
            };
            let pid: u32 = pid.parse().ok()?;
            (entry.file_type().ok()?.is_dir() && is_dead(pid)).then(|| (entry.path(), new))
        })
        .collect();
    stale.sort();
    let mut leftovers = vec![];
    for (dir, new) in stale {
        // A staging folder carries its note from the start; one set aside is a whole output
        // with its marker. Anything else of that name is someone's, and stays.
        let ours = if new {
            dir.join(STAGING_MARKER).is_file() || files_under(&dir).is_empty()
        } else {
            read_manifest(&dir).is_some_and(|listed| {
                files_under(&dir)
                    .iter()
                    .all(|f| f == MARKER || listed.contains(f))
            })
        };
        if ours && fs::remove_dir_all(&dir).is_ok() {
            continue;
        }
        leftovers.push(
            Diagnostic::warning(
                "leftover-output",
                dir.display().to_string(),
                t("leftover-output"),
            )
            .with_hint(t("leftover-output.hint")),
        );
    }
    leftovers
}

/// A file the site copies (an asset, a static file) that could not be read when written.
fn cannot_read(root: &Path, path: &str, file: &OutputFile, e: &std::io::Error) -> Diagnostic {
    let source = match file {
        OutputFile::Copy(source) => source
            .strip_prefix(root)
            .map(crate::content::slash_path)
            .unwrap_or_else(|_| source.display().to_string()),
        _ => path.to_string(),
    };
    Diagnostic::error("io", source, t("io.copy").arg("path", path).arg("error", e))
        .with_hint(t("io.copy.hint"))
}

fn write_files(root: &Path, dir: &Path, site: &RenderedSite) -> Result<(), Diagnostic> {
    // The folders of pages written while rendering exist already.
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    for (path, file) in &site.files {
        if let Some(parent) = Path::new(path).parent()
            && !matches!(file, OutputFile::Written)
        {
            folders.insert(dir.join(parent));
        }
    }
    for f in &folders {
        let _permit = write_permit();
        fs::create_dir_all(f).map_err(|e| {
            Diagnostic::error(
                "io",
                f.display().to_string(),
                t("io.create-folder").arg("error", e),
            )
        })?;
    }
    let errors: Vec<Diagnostic> = site
        .files
        .par_iter()
        .filter(|(_, file)| !matches!(file, OutputFile::Written))
        .filter_map(|(path, file)| {
            let bytes = match file.bytes() {
                Ok(bytes) => bytes,
                Err(e) => return Some(cannot_read(root, path, file, &e)),
            };
            let target = dir.join(path);
            let _permit = write_permit();
            let result = fs::File::create(&target).and_then(|f| {
                let mut f = std::io::BufWriter::new(f);
                f.write_all(&bytes)?;
                f.flush()
            });
            result
                .err()
                .map(|e| Diagnostic::error("io", path.clone(), t("io.write").arg("error", e)))
        })
        .collect();
    if let Some(first) = errors.into_iter().next() {
        return Err(first);
    }
    let mut manifest = String::from(MARKER_HEADER);
    manifest.push('\n');
    for path in site.files.keys() {
        manifest.push_str(path);
        manifest.push('\n');
    }
    fs::write(dir.join(MARKER), manifest)
        .map_err(|e| Diagnostic::error("io", MARKER, t("io.write").arg("error", e)))
}
