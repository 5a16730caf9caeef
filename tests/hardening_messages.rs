//! Messages that used to mislead: each names the file and line, says what is wrong and what
//! to write instead.

mod common;

use common::*;
use journeyhub::render::{OutputFile, RenderedSite};
use std::collections::BTreeMap;

#[test]
fn an_unreadable_asset_is_reported_as_unreadable_not_unwritable() {
    let site = TestSite::fixture("minimal");
    let gone = site.root.join("content/playbooks/diagram.png");
    let files = BTreeMap::from([
        (
            "index.html".to_string(),
            OutputFile::Bytes(std::sync::Arc::new(b"<html></html>".to_vec())),
        ),
        ("playbooks/diagram.png".to_string(), OutputFile::Copy(gone)),
    ]);
    let rendered = RenderedSite { files, pages: 1 };
    let d = journeyhub::output::write(&site.root, &site.out, &rendered)
        .expect_err("the asset cannot be read");
    assert_eq!(d.file, "content/playbooks/diagram.png", "{d}");
    assert!(d.message.contains("cannot read"), "{d}");
    assert!(!d.message.contains("cannot write"), "{d}");
    assert!(d.message.contains("playbooks/diagram.png"), "{d}");
    assert!(!site.out.exists(), "nothing half written");
}

fn playbook_with(site: &TestSite, front: &str) {
    site.write(
        "content/playbooks/dated.md",
        &format!("---\ntitle: 日付\nstage: onboarding\n{front}\n---\n本文\n"),
    );
}

#[test]
fn a_date_out_of_range_is_not_said_to_lack_an_offset() {
    let webinar = "content/webinars/intro.md";
    let original = std::fs::read_to_string(fixture_dir("minimal").join(webinar)).unwrap();
    for (field, says) in [
        ("starts_at: 9999-12-31T23:00:00-10:00", "out of range"),
        ("starts_at: 2026-12-10T14:00:00+99:00", "out of range"),
        ("date: 2026-02-30", "not a real date"),
        ("starts_at: 2026-13-01T10:00:00+09:00", "not a real date"),
        ("starts_at: 2026-02-30T10:00:00+09:00", "not a real date"),
        ("starts_at: 2026-02-10T25:00:00Z", "not a real date"),
        ("starts_at: 2026-12-10T14:00:00", "no offset"),
    ] {
        let site = TestSite::fixture("minimal");
        let key = field.split(':').next().unwrap();
        let text: Vec<String> = original
            .lines()
            .map(|l| {
                if l.starts_with(key) {
                    field.to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        site.write(webinar, &(text.join("\n") + "\n"));
        let errors = site.build_err();
        let d = find(&errors, "invalid-value", webinar);
        let line = original.lines().position(|l| l.starts_with(key)).unwrap() + 1;
        assert_eq!(d.line, line, "{field}: {d}");
        assert!(d.message.contains(says), "{field}: {d}");
        if says != "no offset" {
            assert!(!d.message.contains("no offset"), "{field}: {d}");
        }
        assert!(hint(d).contains("+09:00"), "says what to write: {d}");
    }
}

#[test]
fn a_tab_in_front_matter_gets_a_hint_about_tabs() {
    let site = TestSite::fixture("minimal");
    playbook_with(&site, "tags:\n\t- 導入");
    let errors = site.build_err();
    let d = find(&errors, "yaml-syntax", "content/playbooks/dated.md");
    assert_eq!(d.line, 5, "{d}");
    assert!(hint(d).contains("tabs"), "{d}");
    assert!(!hint(d).contains('@'), "{d}");
}

#[test]
fn control_characters_in_file_names_are_escaped_on_the_terminal() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/playbooks/evil\u{1b}[2J\u{7}.md",
        "---\ntitle: x\nstage: nowhere\n---\n",
    );
    let errors = site.build_err();
    let text = errors.to_string();
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("evil\\u{1b}[2J\\u{7}.md"), "{text}");
}
