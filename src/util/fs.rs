//! Writing generated files: every error names the file.

use crate::util::diagnostics::Diagnostic;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Held (shared) while a generated file is written. An interrupted build takes it alone
/// (`output::remove_unfinished`), so no write is half done when its staging folder goes,
/// and none starts after.
static WRITING: RwLock<()> = RwLock::new(());

/// Taken around each write of a generated file.
pub fn write_permit() -> RwLockReadGuard<'static, ()> {
    WRITING.read().unwrap_or_else(|e| e.into_inner())
}

/// Waits for the writes in progress, then holds every later one back while kept.
pub fn stop_writing() -> RwLockWriteGuard<'static, ()> {
    WRITING.write().unwrap_or_else(|e| e.into_inner())
}

/// Writes one generated file under `dir`, making its folders.
pub fn write_file(dir: &std::path::Path, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let target = dir.join(path);
    let _permit = write_permit();
    let written = target
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&target, bytes));
    written.map_err(|e| cannot_write(path, e))
}

/// Writes one generated file under `dir` whose folder the caller has made already.
pub fn write_file_in_folder(
    dir: &std::path::Path,
    path: &str,
    bytes: &[u8],
) -> Result<(), Diagnostic> {
    let _permit = write_permit();
    std::fs::write(dir.join(path), bytes).map_err(|e| cannot_write(path, e))
}

fn cannot_write(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        path.to_string(),
        crate::util::messages::t("io.write").arg("error", e),
    )
}
