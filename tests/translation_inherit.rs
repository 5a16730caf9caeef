//! A translation inherits the keys of its original that are not text (docs/content-model.md,
//! Translations): `translation-inherit` has Japanese originals and English translations
//! that write only their title, summary, speakers and body.

mod common;

use common::*;
use serde_json::{Value, json};
use std::process::Command;

fn check_json(site: &TestSite) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .args(["check", "--format", "json", "--root"])
        .arg(&site.root)
        .args(["--now", NOW])
        // A Japanese site; the tests read the English findings.
        .args(["--lang", "en"])
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("check printed invalid JSON ({e}):\n{stdout}"));
    (out.status.code().expect("an exit code"), json)
}

#[test]
fn a_translation_without_stages_or_a_start_time_is_built_with_its_originals() {
    let site = TestSite::fixture("translation-inherit");
    let out = site.build();
    let (ja, en) = (out.page("webinars/live/"), out.page("en/webinars/live/"));
    // The time, its length and the registration link are the original's.
    let starts = |page| attrs(page, "time.local-time", "datetime");
    assert_eq!(starts(&en), ["2026-12-10T14:00:00+09:00"]);
    assert_eq!(starts(&en), starts(&ja));
    assert_eq!(
        hrefs(&en, "a.button.primary"),
        ["https://events.example.com/live"]
    );
    assert_eq!(attrs(&en, "time", "datetime")[0], "2026-11-01");
    // Its own text stays its own.
    assert_eq!(text_of(&en, "h1"), "Live introduction");
    assert!(text_of(&en, "main").contains("Ken Sato"));
    assert!(!text_of(&en, "main").contains("佐藤"));
    // Listed under both inherited stages and its inherited term, in English.
    for page in [
        "en/stages/onboarding/",
        "en/stages/adoption/",
        "en/industry/製造業/",
    ] {
        let links = hrefs(&out.page(page), "main a");
        assert!(
            links.iter().any(|h| h == "/en/webinars/live/"),
            "{page} does not list the English webinar: {links:?}"
        );
    }
    // The playbook inherits its stages and terms the same way.
    let kickoff = hrefs(&out.page("en/industry/小売/"), "main a");
    assert!(
        kickoff.iter().any(|h| h == "/en/playbooks/kickoff/"),
        "{kickoff:?}"
    );
    let (code, json) = check_json(&site);
    assert_eq!(json["diagnostics"], json!([]), "{json:#}");
    assert_eq!(code, 0);
}

#[test]
fn a_translation_that_sets_an_inherited_key_otherwise_is_warned_at_its_line() {
    let site = TestSite::fixture("translation-inherit");
    site.write(
        "content/webinars/live.en.md",
        "---\ntitle: Live introduction\nstage: adoption\nupdated: 2026-11-05\nstarts_at: 2026-12-10T15:00:00+09:00\nregistration_url: https://events.example.com/live\nindustry: 製造業\n---\nAn introductory webinar.\n",
    );
    let (code, json) = check_json(&site);
    let hint = "remove the key to inherit it from content/webinars/live.md, or make it the same; only text (title, summary, body, ...) is written per language";
    assert_eq!(
        json,
        json!({
            "version": 1,
            "errors": 0,
            "warnings": 2,
            "diagnostics": [
                {
                    "severity": "warning", "code": "translation-differs",
                    "file": "content/webinars/live.en.md", "line": 3, "column": 8,
                    "message": "`stage` is `adoption` here but `onboarding, adoption` in content/webinars/live.md, which this translates",
                    "hint": hint
                },
                {
                    "severity": "warning", "code": "translation-differs",
                    "file": "content/webinars/live.en.md", "line": 5, "column": 12,
                    "message": "`starts_at` is `2026-12-10T15:00:00+09:00` here but `2026-12-10T14:00:00+09:00` in content/webinars/live.md, which this translates",
                    "hint": hint
                }
            ]
        }),
        "{json:#}"
    );
    assert_eq!(code, 0, "warnings alone");
    // The page shows what the translation wrote: the key is its own once written.
    let out = site.build();
    let en = out.page("en/webinars/live/");
    assert_eq!(
        attrs(&en, "time.local-time", "datetime"),
        ["2026-12-10T15:00:00+09:00"]
    );
}

#[test]
fn a_translation_follows_its_original_when_the_original_changes_in_a_preview() {
    use journeyhub::{Caches, render_site_cached};
    let site = TestSite::fixture("translation-inherit");
    let mut caches = Caches::default();
    let progress = journeyhub::render::Progress::default();
    let starts = |caches: &mut Caches| {
        let built = render_site_cached(&site.options(), &progress, caches).expect("it renders");
        let en = built
            .site
            .docs
            .iter()
            .find(|d| d.source == "content/webinars/live.en.md")
            .expect("the translation")
            .clone();
        journeyhub::content::front_matter::value_of(&en, "starts_at", &built.site.config)
    };
    assert_eq!(
        starts(&mut caches).as_deref(),
        Some("2026-12-10T14:00:00+09:00")
    );
    let original = std::fs::read_to_string(site.root.join("content/webinars/live.md")).unwrap();
    site.write(
        "content/webinars/live.md",
        &original.replace(
            "starts_at: 2026-12-10T14:00:00+09:00",
            "starts_at: \"2026-12-11T10:30:00+09:00\"",
        ),
    );
    assert_eq!(
        starts(&mut caches).as_deref(),
        Some("2026-12-11T10:30:00+09:00")
    );
}
