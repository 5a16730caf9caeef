//! Writing generated files: every error names the file.

use crate::util::diagnostics::Diagnostic;

/// Writes one generated file under `dir`, making its folders.
pub fn write_file(dir: &std::path::Path, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let target = dir.join(path);
    let _permit = crate::output::write_permit();
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
    let _permit = crate::output::write_permit();
    std::fs::write(dir.join(path), bytes).map_err(|e| cannot_write(path, e))
}

fn cannot_write(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        path.to_string(),
        format!("cannot write the file: {e}"),
    )
}
