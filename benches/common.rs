//! A generated corpus for the micro-benchmarks, written by the journeyhub-corpus binary into a
//! temporary folder, so the benchmarks measure the same kind of content as bench/compare.sh.

// Each benchmark binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub const NOW: &str = "2026-12-01T09:00:00+09:00";

pub fn corpus(docs: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_journeyhub-corpus"))
        .args(["--docs", &docs.to_string(), "--seed", "1", "--out"])
        .arg(&site)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("journeyhub-corpus runs");
    assert!(status.success(), "journeyhub-corpus wrote the corpus");
    dir
}

pub fn site(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("site")
}

/// The text after the front matter, and the line it starts on.
pub fn body(text: &str) -> (&str, usize) {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    let front_lines = rest[..end].lines().count() + 2;
    (&rest[end + 5..], front_lines + 1)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("a generated file")
}
