//! Every page of the sample hub is valid HTML by the W3C Nu HTML checker (vnu), the checker
//! behind validator.w3.org. The `vnu-jar` npm package (installed by `tests/setup.sh` beside the
//! browser suite's packages) ships it as a jar that runs on Java.
//!
//! Only errors fail the test. vnu's info messages (for example that `role="list"` is implied by
//! `<ul>`) are kept out on purpose: the theme sets that role because Safari drops the list
//! semantics of a list styled with `list-style: none`.

mod common;

use common::{TestSite, manifest_dir};
use std::process::Command;

fn vnu_jar() -> std::path::PathBuf {
    let jar = manifest_dir().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the HTML check needs the vnu-jar npm package: run `bash tests/setup.sh` \
         (.ci/run does this on a fresh machine)"
    );
    jar
}

#[test]
fn every_page_of_the_sample_hub_is_valid_html() {
    let site = TestSite::sample();
    let built = site.build();
    let pages: Vec<_> = walkdir::WalkDir::new(&built.dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("a readable output folder").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        // Drip teasers are fragments for emails, laid out with email clients' attributes.
        .filter(|p| !common::is_email_fragment(&common::rel_path(&built.dir, p)))
        .collect();
    // The sample has stages, every kind, taxonomies, a second language and the 404 page: a
    // build that lost most of them would pass vnu without proving much.
    assert!(
        pages.len() > 100,
        "only {} HTML pages were built",
        pages.len()
    );

    assert_valid(&pages);
}

/// The segment pages of a hub with two segment taxonomies and display names, and the stage
/// pages that link them, are valid HTML too.
#[test]
fn the_segment_pages_are_valid_html() {
    let site = TestSite::fixture("segments");
    let built = site.build();
    let pages: Vec<_> = walkdir::WalkDir::new(built.dir.join("stages"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("a readable output folder").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    // Two stages, each with its page and four segment pages.
    assert_eq!(pages.len(), 10, "{pages:?}");
    assert_valid(&pages);
}

/// vnu reports no error in any of `pages`.
fn assert_valid(pages: &[std::path::PathBuf]) {
    let jar = vnu_jar();
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(pages)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `java` ({e}): install a Java runtime (`bash tests/setup.sh`)")
        });
    // vnu writes its JSON report to standard error, and exits 1 when it found errors.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu printed no JSON report ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("a list of messages");
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let file = m["url"].as_str().unwrap_or("?");
            let file = file.rsplit_once("/out/").map_or(file, |(_, rel)| rel);
            format!(
                "{file}:{}: {}",
                m["lastLine"],
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "vnu found {} error(s) in the built pages:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        output.status.success(),
        "vnu failed without reporting an error: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
