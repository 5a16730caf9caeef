//! The manual (docs/content-model.md) is the authoring contract, so it is held to the code:
//! every front-matter key and site-config key the code accepts is documented in the right
//! section, no key is documented that the code refuses, its links lead somewhere, and its
//! examples are a hub that builds.
//!
//! Examples are the fenced blocks whose info string names a file, as in
//! ```` ```markdown title="content/playbooks/kickoff.md" ````: together they are one site.

mod common;

use common::{Output, build_ok, manifest_dir, now};
use journeyhub::BuildOptions;
use journeyhub::config::KNOWN_KEYS;
use journeyhub::content::Kind;
use journeyhub::content::front_matter::accepted_keys;
use std::collections::{BTreeMap, BTreeSet};

fn manual() -> String {
    std::fs::read_to_string(manifest_dir().join("docs/content-model.md"))
        .expect("docs/content-model.md exists")
}

/// The manual's `## ... {#id}` sections by id, each with its text up to the next `## `.
fn sections(manual: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in manual.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            out.extend(current.take());
            let id = heading
                .rsplit_once("{#")
                .and_then(|(_, rest)| rest.strip_suffix('}'))
                .unwrap_or("");
            current = Some((id.to_string(), String::new()));
        } else if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        }
    }
    out.extend(current);
    out
}

fn section<'a>(sections: &'a BTreeMap<String, String>, id: &str) -> &'a str {
    sections
        .get(id)
        .unwrap_or_else(|| panic!("the manual has no section {{#{id}}}"))
}

/// The keys a section documents as table rows: ``| `key` | type | default | ...``.
fn table_keys(section: &str) -> BTreeSet<String> {
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |"))
        .map(|(key, _)| key.to_string())
        .collect()
}

/// A table row documents a key fully only with its type, default, meaning and an example.
fn assert_rows_are_complete(section_id: &str, section: &str) {
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
        assert_eq!(
            cells.len(),
            5,
            "a row of {{#{section_id}}} needs key, type, default, meaning and example: {row}"
        );
        assert!(
            cells.iter().all(|c| !c.trim().is_empty()),
            "a row of {{#{section_id}}} has an empty cell: {row}"
        );
        let key = cells[0].trim().trim_matches('`');
        assert!(
            cells[4].contains(&format!("{key}:")),
            "the example of `{key}` in {{#{section_id}}} does not write the key: {row}"
        );
    }
}

const KIND_SECTIONS: &[(Kind, &str)] = &[
    (Kind::Stage, "stages"),
    (Kind::Playbook, "playbooks"),
    (Kind::CaseStudy, "case-studies"),
    (Kind::Webinar, "webinars"),
    (Kind::Page, "pages"),
    (Kind::Home, "home"),
];

#[test]
fn every_front_matter_key_the_code_accepts_is_documented_where_its_kind_is() {
    let manual = manual();
    let sections = sections(&manual);
    let common_section = section(&sections, "common-keys");
    let common = table_keys(common_section);
    // Pages take exactly the common keys, so the common table is theirs and no more.
    let page_keys: BTreeSet<String> = accepted_keys(Kind::Page)
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        common, page_keys,
        "the common table and the keys of a page differ"
    );
    assert_rows_are_complete("common-keys", common_section);

    for &(kind, id) in KIND_SECTIONS {
        let text = section(&sections, id);
        assert_rows_are_complete(id, text);
        let accepted: BTreeSet<&str> = accepted_keys(kind).into_iter().collect();
        let own = table_keys(text);
        for key in &own {
            assert!(
                accepted.contains(key.as_str()),
                "the manual documents `{key}` for {id}, but the code refuses it there"
            );
        }
        // A key of the common table counts for a kind whose section sends the reader to
        // that table, or names the key itself (a stage takes only some of them).
        let refers_to_common = text.contains("(#common-keys)");
        for key in accepted {
            let documented = own.contains(key)
                || (common.contains(key)
                    && (refers_to_common || text.contains(&format!("`{key}`"))));
            assert!(
                documented,
                "{id} accept `{key}`, but the manual's section {{#{id}}} does not document it"
            );
        }
    }
}

#[test]
fn every_site_config_key_the_code_accepts_is_documented() {
    let manual = manual();
    let sections = sections(&manual);
    let text = section(&sections, "site-config");
    assert_rows_are_complete("site-config", text);
    let documented = table_keys(text);
    let known: BTreeSet<String> = KNOWN_KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(
        documented, known,
        "the manual's site-config table and the keys site-config.yaml accepts differ"
    );
}

#[test]
fn the_manuals_links_lead_somewhere() {
    let manual = manual();
    let ids: BTreeSet<&str> = manual
        .match_indices("{#")
        .filter_map(|(i, _)| manual[i + 2..].split_once('}').map(|(id, _)| id))
        .collect();
    let docs = manifest_dir().join("docs");
    let prose = prose(&manual);
    let mut checked = 0;
    for (i, _) in prose.match_indices("](") {
        let Some((target, _)) = prose[i + 2..].split_once(')') else {
            continue;
        };
        if target.starts_with("http") || target.starts_with('@') || target.contains(' ') {
            continue;
        }
        if let Some(anchor) = target.strip_prefix('#') {
            assert!(
                ids.contains(anchor),
                "the manual links to #{anchor}, which it lacks"
            );
        } else if target.ends_with(".md") && !target.contains('/') {
            assert!(
                docs.join(target).is_file(),
                "the manual links to docs/{target}"
            );
        } else {
            continue;
        }
        checked += 1;
    }
    assert!(checked > 10, "only {checked} links were checked");
}

/// The manual's text without its code: fenced blocks and inline `code` spans, which show
/// markdown as written rather than link anywhere.
fn prose(manual: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in manual.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            // Every other piece between backticks is code.
            out.extend(line.split('`').step_by(2));
            out.push('\n');
        }
    }
    out
}

/// The manual's examples: (path in the site, text), in the order written.
fn examples(manual: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut lines = manual.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let path = info
            .split_once("title=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(path, _)| path.to_string());
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        if let Some(path) = path {
            out.push((path, body.join("\n") + "\n"));
        }
    }
    out
}

#[test]
fn the_manuals_examples_build_as_one_hub_without_errors() {
    let manual = manual();
    let files = examples(&manual);
    let paths: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths.len(), files.len(), "two examples name the same file");
    assert!(paths.contains("site-config.yaml"));
    // Examples of every kind, so that a manual that lost its examples cannot pass.
    for folder in ["stages", "playbooks", "case-studies", "webinars", "pages"] {
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with(&format!("content/{folder}/")) && p.ends_with(".md")),
            "the manual has no example in content/{folder}/"
        );
    }

    let tmp = tempfile::tempdir().expect("a temporary folder");
    let root = tmp.path().join("site");
    for (path, text) in &files {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let mut options = BuildOptions::new(&root);
    options.output = Some(tmp.path().join("out"));
    options.now = Some(now());
    let built = Output {
        dir: tmp.path().join("out"),
        base_path: "/".into(),
        summary: build_ok(&options),
    };
    let documents = paths
        .iter()
        .filter(|p| p.starts_with("content/") && p.ends_with(".md"))
        .count();
    assert!(
        built.summary.pages > documents,
        "{} pages from {documents} documents",
        built.summary.pages
    );
    // What the examples show must be there: the playbook's checklist, its image, the case
    // study's logo and the translation.
    let kickoff = built.page("playbooks/kickoff/");
    let checklist = scraper::Selector::parse("input[type=checkbox]").unwrap();
    assert_eq!(kickoff.select(&checklist).count(), 3);
    assert!(built.exists("playbooks/images/flow.svg"));
    assert!(built.exists("case-studies/logos/mitsuru.svg"));
    assert!(built.exists("en/playbooks/kickoff/index.html"));
    assert!(built.exists("old/kickoff/index.html"));

    // The example hub follows the contract all the way: `check` finds nothing, not even a
    // warning, at a time when its webinars are one past and one upcoming.
    let result = journeyhub::check(&journeyhub::check::CheckOptions::new(options));
    assert_eq!(
        (result.errors(), result.warnings()),
        (0, 0),
        "check found problems in the manual's examples:\n{}",
        result.diagnostics
    );
}

#[test]
fn the_help_of_every_command_points_to_the_manual() {
    for command in [
        None,
        Some("build"),
        Some("serve"),
        Some("check"),
        Some("report"),
        Some("init"),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_journeyhub"))
            .args(command)
            .arg("--help")
            .output()
            .expect("the binary runs");
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{command:?} --help failed");
        assert!(
            help.contains("docs/content-model.md"),
            "the help of {command:?} does not point to the manual:\n{help}"
        );
    }
}
