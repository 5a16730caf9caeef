//! `journeyhub check`: one fixture per finding, each the clean `check-base` site with the
//! files of `check-<finding>` laid over it. Every test runs the real binary at the fixed
//! time and compares its whole JSON report and its exit code; the JSON is parsed, not
//! compared as text, so the test pins the values and not the indentation.

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

const BASE: &str = "check-base";

/// `check-base` with the files of `overlay` written over it.
fn site(overlay: &str) -> TestSite {
    let site = TestSite::fixture(BASE);
    if overlay != BASE {
        copy_dir(&fixture_dir(overlay), &site.root);
    }
    site
}

/// Runs `journeyhub check` on a site at [`NOW`]: (exit code, stdout).
fn run(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(["--now", NOW])
        // The fixtures are Japanese sites; these tests read the English findings.
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("the binary runs");
    let code = out.status.code().expect("an exit code");
    assert!(
        out.stderr.is_empty() || code != 0,
        "check printed to stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, String::from_utf8(out.stdout).expect("UTF-8 output"))
}

fn check_json(root: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout) = run(root, &all);
    let value: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("check --format json printed invalid JSON ({e}):\n{stdout}"));
    (code, value)
}

fn report(errors: usize, warnings: usize, diagnostics: Value) -> Value {
    json!({
        "version": 1,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": diagnostics,
    })
}

#[track_caller]
fn assert_json(actual: &Value, expected: &Value) {
    assert!(
        actual == expected,
        "check reported:\n{}\nexpected:\n{}",
        serde_json::to_string_pretty(actual).unwrap(),
        serde_json::to_string_pretty(expected).unwrap()
    );
}

#[test]
fn the_base_fixture_is_clean_and_checking_writes_nothing() {
    let site = site(BASE);
    let before = snapshot(&site.root);
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    assert_json(&json, &report(0, 0, json!([])));
    assert_eq!(code, 0);
    assert_same_files(&before, &snapshot(&site.root), "check must not write");
    assert!(!site.root.join("public").exists());
}

#[test]
fn broken_internal_links_anchors_and_files_are_errors() {
    let site = site("check-broken-links");
    let (code, json) = check_json(&site.root, &[]);
    let file = "content/playbooks/kickoff.md";
    let page_hint = "link to documents with `@/` and their path under content/, e.g. `@/playbooks/kickoff.md`; a path starting with `/` must be a page the hub publishes";
    let static_hint = "a path starting with `/` points into static/: put the file there, or write the path relative to the document's folder";
    assert_json(
        &json,
        &report(
            5,
            0,
            json!([
                {
                    "severity": "error", "code": "broken-anchor", "file": file, "line": 11, "column": 20,
                    "message": "the link points at #goal, but this page has no heading with that id",
                    "hint": "its headings are: #purpose"
                },
                {
                    "severity": "error", "code": "broken-link", "file": file, "line": 12, "column": 1,
                    "message": "the link to `/stages/onbording/` leads to no page of this hub",
                    "hint": page_hint
                },
                {
                    "severity": "error", "code": "missing-file", "file": file, "line": 12, "column": 34,
                    "message": "`/files/gide.pdf` does not exist in static/ or anywhere else in the built hub",
                    "hint": static_hint
                },
                {
                    "severity": "error", "code": "broken-anchor", "file": file, "line": 13, "column": 1,
                    "message": "the link points at #no-such-heading, but content/stages/onboarding.md has no heading with that id",
                    "hint": "check the part after `#`, or remove it to link to the top of the page"
                },
                {
                    "severity": "error", "code": "missing-file", "file": file, "line": 14, "column": 1,
                    "message": "`/images/flow.svg` does not exist in static/ or anywhere else in the built hub",
                    "hint": static_hint
                }
            ]),
        ),
    );
    assert_eq!(code, 1);
}

#[test]
fn invalid_front_matter_and_build_errors_are_all_reported() {
    // The overlay's kickoff.md replaces the one that linked about.md, which becomes an
    // orphan: a warning reported together with the errors.
    let site = site("check-front-matter");
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    let file = "content/playbooks/kickoff.md";
    assert_json(
        &json,
        &report(
            4,
            1,
            json!([
                {
                    "severity": "warning", "code": "orphan", "file": "content/pages/about.md", "line": 0, "column": 0,
                    "message": "no document links to this one and it has no `stage`, so no page of the hub leads readers to it",
                    "hint": "link to it from another document with `[text](@/pages/about.md)`, list it under another document's `related:`, or give it a `stage:`"
                },
                {
                    "severity": "error", "code": "missing-key", "file": file, "line": 1, "column": 1,
                    "message": "`title` is required here: the document's title",
                    "hint": "add a line such as `title: 導入キックオフの進め方`"
                },
                {
                    "severity": "error", "code": "unknown-key", "file": file, "line": 2, "column": 1,
                    "message": "unknown key `titel`",
                    "hint": "did you mean `title`?"
                },
                {
                    "severity": "error", "code": "broken-link", "file": file, "line": 6, "column": 1,
                    "message": "the link to `@/playbooks/welcome.md` leads nowhere: there is no content/playbooks/welcome.md",
                    "hint": "write the path under content/ of an existing document, e.g. `@/playbooks/kickoff.md`"
                },
                {
                    "severity": "error", "code": "missing-file", "file": file, "line": 6, "column": 36,
                    "message": "`images/flow.png` does not exist",
                    "hint": "put the file next to the document (paths are relative to its folder), or under static/ and link to it with a leading `/`"
                }
            ]),
        ),
    );
    assert_eq!(code, 1, "errors exit with 1, even with --deny-warnings");
}

#[test]
fn one_run_reports_every_error_and_every_warning_together() {
    // One missing image (an error that stops `build`) and eight warnings of five kinds: a
    // marketer fixing the image must not meet eight new findings in the next run.
    let site = site("check-all-at-once");
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    assert_json(
        &json,
        &report(
            1,
            8,
            json!([
                {
                    "severity": "warning", "code": "orphan", "file": "content/pages/lost.md", "line": 0, "column": 0,
                    "message": "no document links to this one and it has no `stage`, so no page of the hub leads readers to it",
                    "hint": "link to it from another document with `[text](@/pages/lost.md)`, list it under another document's `related:`, or give it a `stage:`"
                },
                {
                    "severity": "warning", "code": "stale", "file": "content/playbooks/old-review.md", "line": 5, "column": 10,
                    "message": "this playbook was last updated on 2025-03-01 (640 days ago); content not reviewed for more than 180 days is stale",
                    "hint": "review the content, then set `updated:` to the day of the review (or change `stale_after_days` in site-config.yaml)"
                },
                {
                    "severity": "error", "code": "missing-file", "file": "content/playbooks/old-review.md", "line": 9, "column": 1,
                    "message": "`images/review-flow.png` does not exist",
                    "hint": "put the file next to the document (paths are relative to its folder), or under static/ and link to it with a leading `/`"
                },
                {
                    "severity": "warning", "code": "stage-gap", "file": "content/stages/adoption.md", "line": 0, "column": 0,
                    "message": "the stage `adoption` (活用) has no case study",
                    "hint": "write a case study with `stage: adoption` in its front matter, or add `adoption` to the `stage:` list of an existing one"
                },
                {
                    "severity": "warning", "code": "stage-gap", "file": "content/stages/adoption.md", "line": 0, "column": 0,
                    "message": "the stage `adoption` (活用) has no playbook",
                    "hint": "write a playbook with `stage: adoption` in its front matter, or add `adoption` to the `stage:` list of an existing one"
                },
                {
                    "severity": "warning", "code": "stage-gap", "file": "content/stages/adoption.md", "line": 0, "column": 0,
                    "message": "the stage `adoption` (活用) has no webinar",
                    "hint": "write a webinar with `stage: adoption` in its front matter, or add `adoption` to the `stage:` list of an existing one"
                },
                {
                    "severity": "warning", "code": "missing-translation", "file": "content/stages/adoption.md", "line": 0, "column": 0,
                    "message": "this stage has no `en` translation",
                    "hint": "translate it into content/stages/adoption.en.md; until then readers of `en` see this version"
                },
                {
                    "severity": "warning", "code": "webinar-no-recording", "file": "content/webinars/past-no-recording.md", "line": 5, "column": 12,
                    "message": "this webinar took place on 2026-10-01 14:00 (Asia/Tokyo) but has no `recording_url`; its page says the recording is coming soon",
                    "hint": "add `recording_url:` with the address of the recording once it is online"
                },
                {
                    "severity": "warning", "code": "webinar-no-registration", "file": "content/webinars/upcoming-no-registration.md", "line": 5, "column": 12,
                    "message": "this webinar starts on 2027-01-21 14:00 (Asia/Tokyo) but has no `registration_url`, so readers cannot sign up",
                    "hint": "add `registration_url:` with the address of the sign-up page"
                }
            ]),
        ),
    );
    assert_eq!(code, 1, "errors exit with 1, even with --deny-warnings");
    let (code, text) = run(&site.root, &[]);
    assert_eq!(code, 1);
    assert!(
        text.ends_with("check found 1 error(s) and 8 warning(s)\n"),
        "{text}"
    );

    // `build` still stops on the error, and writes nothing.
    let errors = site.build_err();
    let codes: Vec<&str> = errors.errors().map(|d| d.code).collect();
    assert_eq!(codes, ["missing-file"]);
    assert!(!site.out.exists(), "a failed build wrote its output");
}

#[test]
fn a_translation_whose_source_grew_under_the_same_date_is_outdated() {
    // Same dates on both sides: kickoff.md has a step its `en` translation lacks, the
    // onboarding stage a KPI, acme.md a heading and a result figure. about.en.md lacks two
    // headings too, but it was updated after its source: it was translated from the newer
    // text (its `date` is its source's, inherited).
    let site = site("check-translation-drift");
    let (code, json) = check_json(&site.root, &[]);
    assert_json(
        &json,
        &report(
            0,
            3,
            json!([
                {
                    "severity": "warning", "code": "outdated-translation", "file": "content/case-studies/acme.en.md", "line": 4, "column": 7,
                    "message": "content/case-studies/acme.md has 1 heading and 1 result figure more than this `en` translation, though both are dated 2026-10-05: the source grew after it was translated",
                    "hint": "bring the translation up to date with content/case-studies/acme.md, then set its `updated:` to the day you did"
                },
                {
                    "severity": "warning", "code": "outdated-translation", "file": "content/playbooks/kickoff.en.md", "line": 6, "column": 10,
                    "message": "content/playbooks/kickoff.md has 1 step more than this `en` translation, though both are dated 2026-11-01: the source grew after it was translated",
                    "hint": "bring the translation up to date with content/playbooks/kickoff.md, then set its `updated:` to the day you did"
                },
                {
                    "severity": "warning", "code": "outdated-translation", "file": "content/stages/onboarding.en.md", "line": 7, "column": 10,
                    "message": "content/stages/onboarding.md has 1 KPI more than this `en` translation, though both are dated 2026-10-01: the source grew after it was translated",
                    "hint": "bring the translation up to date with content/stages/onboarding.md, then set its `updated:` to the day you did"
                }
            ]),
        ),
    );
    assert_eq!(code, 0);
}

#[test]
fn findings_by_owner_with_limits_per_kind_and_per_stage() {
    // Owners come from `owner:` (renewal.md) or the deepest folder in `owners:`
    // (tech-touch/ before playbooks/). Onboarding content goes stale after 90 days, pages
    // after 60, webinars after 365 unless a stricter stage limit applies; `retired` is no
    // stage of the hub. Findings nobody owns come last, without an `owner`.
    let site = site("check-owners");
    let (code, json) = check_json(&site.root, &["--group-by", "owner"]);
    let diagnostics = json!([
            {
                "severity": "warning", "code": "stale", "file": "content/pages/about.md", "line": 3, "column": 7,
                "message": "this page was published on 2026-10-01 (61 days ago) and has no `updated` date; content not reviewed for more than 60 days (the limit for pages) is stale",
                "hint": "review the content, then set `updated:` to the day of the review (or change `stale_after_days_by_kind` in site-config.yaml)"
            },
            {
                "severity": "warning", "code": "stale", "file": "content/playbooks/renewal.md", "line": 5, "column": 10,
                "message": "this playbook was last updated on 2026-05-01 (214 days ago); content not reviewed for more than 90 days (the limit for the stage `onboarding`) is stale",
                "hint": "review the content, then set `updated:` to the day of the review (or change `stale_after_days_by_stage` in site-config.yaml)"
            },
            {
                "severity": "error", "code": "missing-file", "file": "content/playbooks/renewal.md", "line": 8, "column": 1,
                "message": "`images/review.png` does not exist",
                "hint": "put the file next to the document (paths are relative to its folder), or under static/ and link to it with a leading `/`"
            },
            {
                "severity": "warning", "code": "stale", "file": "content/playbooks/tech-touch/welcome-emails.md", "line": 5, "column": 10,
                "message": "this playbook was last updated on 2026-08-15 (108 days ago); content not reviewed for more than 90 days (the limit for the stage `onboarding`) is stale",
                "hint": "review the content, then set `updated:` to the day of the review (or change `stale_after_days_by_stage` in site-config.yaml)"
            },
            {
                "severity": "warning", "code": "stale", "file": "content/webinars/last-year.md", "line": 4, "column": 7,
                "message": "this webinar was published on 2026-01-20 (315 days ago) and has no `updated` date; content not reviewed for more than 90 days (the limit for the stage `onboarding`) is stale",
                "hint": "review the content, then set `updated:` to the day of the review (or change `stale_after_days_by_stage` in site-config.yaml)"
            },
            {
                "severity": "warning", "code": "stale-unknown-stage", "file": "site-config.yaml", "line": 10, "column": 1,
                "message": "`stale_after_days_by_stage` names `retired`, which is not a stage of this hub",
                "hint": "use the name of a file in content/stages/ (without .md)"
            }
    ]);
    let pick =
        |indices: &[usize]| -> Value { indices.iter().map(|&i| diagnostics[i].clone()).collect() };
    let mut expected = report(1, 5, diagnostics.clone());
    expected["owners"] = json!([
        json!({"owner": "デジタルCS", "errors": 0, "warnings": 1, "stale": ["content/playbooks/tech-touch/welcome-emails.md"], "diagnostics": pick(&[3])}),
        json!({"owner": "マーケティング部", "errors": 0, "warnings": 1, "stale": ["content/webinars/last-year.md"], "diagnostics": pick(&[4])}),
        json!({"owner": "山田 花子", "errors": 1, "warnings": 1, "stale": ["content/playbooks/renewal.md"], "diagnostics": pick(&[1, 2])}),
        json!({"errors": 0, "warnings": 2, "stale": ["content/pages/about.md"], "diagnostics": pick(&[0, 5])})
    ]);
    assert_json(&json, &expected);
    assert_eq!(code, 1);

    // The plain report is unchanged by owners: the same findings, no `owners`.
    let (_, plain) = check_json(&site.root, &[]);
    assert_json(&plain, &report(1, 5, diagnostics.clone()));

    // On a terminal, a heading per owner.
    let (_, text) = run(&site.root, &["--group-by", "owner"]);
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("== ")).collect();
    assert_eq!(
        headings,
        [
            "== デジタルCS: 0 error(s), 1 warning(s), 1 stale ==",
            "== マーケティング部: 0 error(s), 1 warning(s), 1 stale ==",
            "== 山田 花子: 1 error(s), 1 warning(s), 1 stale ==",
            "== (no owner): 0 error(s), 2 warning(s), 1 stale ==",
        ]
    );
}

#[test]
fn the_journey_report_lists_stale_content_with_the_same_limits_and_owners() {
    // The check-owners site without its one error, which would stop the report.
    let site = site("check-owners");
    let renewal = std::fs::read_to_string(site.root.join("content/playbooks/renewal.md")).unwrap();
    site.write(
        "content/playbooks/renewal.md",
        &renewal.replace(
            "![レビューの流れ](images/review.png)",
            "レビューの流れです。",
        ),
    );
    let mut options = journeyhub::report::ReportOptions::new(site.options());
    options.output = Some(site.out.clone());
    journeyhub::report(&options).expect("the report is written");
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(site.out.join("journey-report.json")).unwrap(),
    )
    .unwrap();
    let onboarding = &report["freshness"][0];
    assert_eq!(onboarding["stage"], "onboarding");
    let stale: Vec<(&str, i64, Option<&str>)> = onboarding["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap(),
                d["age_days"].as_i64().unwrap(),
                d["owner"].as_str(),
            )
        })
        .collect();
    // Oldest first; all past the onboarding limit of 90 days, none past the site's 180
    // except renewal.md and the webinar.
    assert_eq!(
        stale,
        [
            (
                "content/webinars/last-year.md",
                315,
                Some("マーケティング部")
            ),
            ("content/playbooks/renewal.md", 214, Some("山田 花子")),
            (
                "content/playbooks/tech-touch/welcome-emails.md",
                108,
                Some("デジタルCS")
            ),
        ]
    );
    let gap = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["kind"] == "stale-content")
        .expect("a stale-content gap");
    assert!(
        gap["sentence"].as_str().unwrap().contains("90日以上"),
        "{gap}"
    );
}

#[test]
fn a_page_without_stage_or_links_is_an_orphan() {
    // lost.md is linked by nothing; faq.md is listed in lost.md's `related:`, so it is not.
    let site = site("check-orphan");
    let (code, json) = check_json(&site.root, &[]);
    assert_json(
        &json,
        &report(
            0,
            1,
            json!([{
                "severity": "warning", "code": "orphan", "file": "content/pages/lost.md", "line": 0, "column": 0,
                "message": "no document links to this one and it has no `stage`, so no page of the hub leads readers to it",
                "hint": "link to it from another document with `[text](@/pages/lost.md)`, list it under another document's `related:`, or give it a `stage:`"
            }]),
        ),
    );
    assert_eq!(code, 0, "warnings alone exit with 0");
}

#[test]
fn content_older_than_stale_after_days_is_stale() {
    // just-in-time.md was updated exactly 180 days before NOW: not yet stale.
    let site = site("check-stale");
    let (code, json) = check_json(&site.root, &[]);
    let hint = "review the content, then set `updated:` to the day of the review (or change `stale_after_days` in site-config.yaml)";
    assert_json(
        &json,
        &report(
            0,
            2,
            json!([
                {
                    "severity": "warning", "code": "stale", "file": "content/playbooks/never-updated.md", "line": 4, "column": 7,
                    "message": "this playbook was published on 2025-12-01 (365 days ago) and has no `updated` date; content not reviewed for more than 180 days is stale",
                    "hint": hint
                },
                {
                    "severity": "warning", "code": "stale", "file": "content/playbooks/old-review.md", "line": 5, "column": 10,
                    "message": "this playbook was last updated on 2026-01-15 (320 days ago); content not reviewed for more than 180 days is stale",
                    "hint": hint
                }
            ]),
        ),
    );
    assert_eq!(code, 0);
}

#[test]
fn webinars_missing_a_recording_or_a_registration_link() {
    let site = site("check-webinars");
    let (code, json) = check_json(&site.root, &[]);
    assert_json(
        &json,
        &report(
            0,
            2,
            json!([
                {
                    "severity": "warning", "code": "webinar-no-recording", "file": "content/webinars/past-no-recording.md", "line": 5, "column": 12,
                    "message": "this webinar took place on 2026-11-12 16:00 (Asia/Tokyo) but has no `recording_url`; its page says the recording is coming soon",
                    "hint": "add `recording_url:` with the address of the recording once it is online"
                },
                {
                    "severity": "warning", "code": "webinar-no-registration", "file": "content/webinars/upcoming-no-registration.md", "line": 5, "column": 12,
                    "message": "this webinar starts on 2027-01-21 14:00 (Asia/Tokyo) but has no `registration_url`, so readers cannot sign up",
                    "hint": "add `registration_url:` with the address of the sign-up page"
                }
            ]),
        ),
    );
    assert_eq!(code, 0);
}

#[test]
fn a_stage_without_a_kind_of_content_is_a_gap() {
    let site = site("check-stage-gap");
    let (code, json) = check_json(&site.root, &[]);
    let finding = |kind: &str| {
        json!({
            "severity": "warning", "code": "stage-gap", "file": "content/stages/adoption.md", "line": 0, "column": 0,
            "message": format!("the stage `adoption` (活用促進) has no {kind}"),
            "hint": format!("write a {kind} with `stage: adoption` in its front matter, or add `adoption` to the `stage:` list of an existing one")
        })
    };
    assert_json(
        &json,
        &report(0, 2, json!([finding("case study"), finding("webinar")])),
    );
    assert_eq!(code, 0);
}

#[test]
fn a_stage_without_content_for_a_served_touch_model_is_a_gap() {
    // Onboarding has high touch (the kickoff playbook writes it) and low touch (the webinar
    // writes none and webinars default to low); its only tech-touch content is an English-only case study,
    // and only the default language counts.
    let site = site("check-touch");
    let (code, json) = check_json(&site.root, &[]);
    assert_json(
        &json,
        &report(
            0,
            1,
            json!([{
                "severity": "warning", "code": "touch-gap", "file": "content/stages/onboarding.md", "line": 0, "column": 0,
                "message": "the stage `onboarding` (オンボーディング) has no tech-touch content, though `touch.served` in site-config.yaml promises tech touch",
                "hint": "write content with `stage: onboarding` and `touch: tech`, add `tech` to the `touch:` of a document of the stage, or take `tech` out of `touch.served`"
            }]),
        ),
    );
    assert_eq!(code, 0);

    // Without the webinars' default, low touch is missing too.
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("  defaults:\n    webinars: [low]\n", ""),
    );
    let (_, json) = check_json(&site.root, &[]);
    let gaps: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        gaps,
        [
            "the stage `onboarding` (オンボーディング) has no low-touch content, though `touch.served` in site-config.yaml promises low touch",
            "the stage `onboarding` (オンボーディング) has no tech-touch content, though `touch.served` in site-config.yaml promises tech touch",
        ]
    );

    // A model nobody promised is no gap: the base site serves none and is clean.
    let (code, json) = check_json(&TestSite::fixture(BASE).root, &["--deny-warnings"]);
    assert_eq!((code, &json["warnings"]), (0, &json!(0)));
}

#[test]
fn touch_values_that_are_not_models_are_errors_at_their_line() {
    let site = site("check-touch");
    site.write(
        "content/playbooks/selfserve.md",
        "---\ntitle: セルフサービス\nstage: onboarding\ntouch:\n  - tech\n  - テックタッチ\n---\n本文\n",
    );
    site.write(
        "content/pages/hihg.md",
        "---\ntitle: 担当者向け\nstage: onboarding\ntouch: hihg\n---\n本文\n",
    );
    site.write(
        "content/pages/number.md",
        "---\ntitle: 数字\nstage: onboarding\ntouch: 3\n---\n本文\n",
    );
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("    webinars: [low]", "    webinar: [low]\n    pages: [lo]"),
    );
    let (code, json) = check_json(&site.root, &[]);
    assert_eq!(code, 1);
    assert_json(
        &json,
        &report(
            2,
            0,
            json!([
                {
                    "severity": "error", "code": "invalid-value", "file": "site-config.yaml", "line": 12, "column": 5,
                    "message": "`touch.defaults` names \"webinar\", which is not a folder of documents that take `touch`",
                    "hint": "did you mean `webinars`? use the folders under content/: playbooks, case-studies, webinars, pages"
                },
                {
                    "severity": "error", "code": "invalid-value", "file": "site-config.yaml", "line": 13, "column": 5,
                    "message": "`touch.defaults.pages` names \"lo\", which is not a touch model",
                    "hint": "did you mean `low`? write `high` (1:1, a success manager), `low` (1:many: webinars, programmes) or `tech` (automated, self-serve)"
                }
            ]),
        ),
    );
    // Once site-config reads, every document's wrong value is reported at its line.
    site.write("site-config.yaml", &config);
    let (code, json) = check_json(&site.root, &[]);
    assert_eq!(code, 1);
    let errors: Vec<Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect();
    assert_eq!(
        errors,
        [
            json!({
                "severity": "error", "code": "invalid-value", "file": "content/pages/hihg.md", "line": 4, "column": 1,
                "message": "`touch` names \"hihg\", which is not a touch model",
                "hint": "did you mean `high`? write `high` (1:1, a success manager), `low` (1:many: webinars, programmes) or `tech` (automated, self-serve)"
            }),
            json!({
                "severity": "error", "code": "invalid-value", "file": "content/pages/number.md", "line": 4, "column": 1,
                "message": "`touch` should be a touch model or a list of them, but it is the number `3`",
                "hint": "write it like `touch: tech` or `touch: [high, tech]`"
            }),
            json!({
                "severity": "error", "code": "invalid-value", "file": "content/playbooks/selfserve.md", "line": 6, "column": 3,
                "message": "`touch` names \"テックタッチ\", which is not a touch model",
                "hint": "did you mean `tech`? write `high` (1:1, a success manager), `low` (1:many: webinars, programmes) or `tech` (automated, self-serve)"
            }),
        ]
    );
}

#[test]
fn missing_and_outdated_translations() {
    // Languages ja, en, fr. kickoff has an older `en` translation and no `fr` one; the
    // onboarding stage has `en` only. acme.md and about.md were never translated, so by
    // default nothing is expected of them.
    let site = site("check-translations");
    let (code, json) = check_json(&site.root, &[]);
    let outdated = json!({
        "severity": "warning", "code": "outdated-translation", "file": "content/playbooks/kickoff.en.md", "line": 6, "column": 10,
        "message": "this `en` translation dates from 2026-10-10, but content/playbooks/kickoff.md was updated on 2026-11-01",
        "hint": "bring the translation up to date with content/playbooks/kickoff.md, then set its `updated:` to the day you did"
    });
    let missing = |file: &str, kind: &str, lang: &str| {
        let stem = file.trim_end_matches(".md");
        json!({
            "severity": "warning", "code": "missing-translation", "file": file, "line": 0, "column": 0,
            "message": format!("this {kind} has no `{lang}` translation"),
            "hint": format!("translate it into {stem}.{lang}.md; until then readers of `{lang}` see this version")
        })
    };
    assert_json(
        &json,
        &report(
            0,
            3,
            json!([
                outdated,
                missing("content/playbooks/kickoff.md", "playbook", "fr"),
                missing("content/stages/onboarding.md", "stage", "fr"),
            ]),
        ),
    );
    assert_eq!(code, 0);

    // `--translations all` expects every document in every language.
    let (_, json) = check_json(&site.root, &["--translations", "all"]);
    assert_json(
        &json,
        &report(
            0,
            9,
            json!([
                missing("content/case-studies/acme.md", "case study", "en"),
                missing("content/case-studies/acme.md", "case study", "fr"),
                missing("content/pages/about.md", "page", "en"),
                missing("content/pages/about.md", "page", "fr"),
                outdated,
                missing("content/playbooks/kickoff.md", "playbook", "fr"),
                missing("content/stages/onboarding.md", "stage", "fr"),
                missing("content/webinars/intro.md", "webinar", "en"),
                missing("content/webinars/intro.md", "webinar", "fr"),
            ]),
        ),
    );

    // `--translations none` keeps only the outdated translation.
    let (code, json) = check_json(&site.root, &["--translations", "none", "--deny-warnings"]);
    assert_json(&json, &report(0, 1, json!([outdated])));
    assert_eq!(code, 2);
}

#[test]
fn exit_codes_and_the_text_report() {
    let clean = site(BASE);
    let (code, stdout) = run(&clean.root, &["--deny-warnings"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "check passed: no problems found\n");

    let warned = site("check-orphan");
    let (code, stdout) = run(&warned.root, &[]);
    assert_eq!(code, 0, "warnings alone pass");
    assert!(
        stdout.starts_with("warning: no document links to this one"),
        "{stdout}"
    );
    assert!(stdout.contains("  --> content/pages/lost.md\n"), "{stdout}");
    assert!(
        stdout.ends_with("check found 0 error(s) and 1 warning(s)\n"),
        "{stdout}"
    );
    let (code, _) = run(&warned.root, &["--deny-warnings"]);
    assert_eq!(code, 2, "--deny-warnings turns warnings into exit code 2");

    let broken = site("check-broken-links");
    let (code, stdout) = run(&broken.root, &["--deny-warnings"]);
    assert_eq!(code, 1, "errors exit with 1 whatever else is set");
    assert!(
        stdout.contains("error: the link points at #goal"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  --> content/playbooks/kickoff.md:11:20\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("check found 5 error(s) and 0 warning(s)\n"),
        "{stdout}"
    );
}

#[test]
fn the_sample_hub_passes_with_deny_warnings_at_the_ci_time() {
    let site = TestSite::sample();
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    assert_json(&json, &report(0, 0, json!([])));
    assert_eq!(code, 0);
}

#[test]
fn the_library_reports_what_the_binary_prints() {
    let site = site("check-webinars");
    let mut options = journeyhub::check::CheckOptions::new(site.options());
    options.build.output = None;
    let result = journeyhub::check(&options);
    let codes: Vec<&str> = result.diagnostics.0.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["webinar-no-recording", "webinar-no-registration"]);
    assert_eq!(result.exit_code(true), 2);
    let (_, json) = check_json(&site.root, &[]);
    let from_library: Value = serde_json::from_str(&result.to_json()).unwrap();
    assert_json(&from_library, &json);
}

/// A local web server: 200 for /ok and /register, 405 to HEAD and 200 to GET for
/// /get-only, 410 for /recording-removed, 404 for everything else. It records every
/// request as "METHOD /path".
fn web_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a local port");
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let seen = Arc::new(Mutex::new(vec![]));
    let log = seen.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let head = *request.method() == tiny_http::Method::Head;
            let status = match request.url() {
                "/ok" | "/register" => 200,
                "/get-only" if head => 405,
                "/get-only" => 200,
                "/recording-removed" => 410,
                _ => 404,
            };
            log.lock()
                .unwrap()
                .push(format!("{} {}", request.method(), request.url()));
            let _ = request.respond(tiny_http::Response::empty(status));
        }
    });
    (format!("http://127.0.0.1:{port}"), seen)
}

#[test]
fn external_links_are_checked_only_when_asked() {
    let (server, seen) = web_server();
    // Accepts connections and never answers: the check must give up after its timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    let site = site("check-external");
    for file in [
        "content/pages/links.md",
        "content/webinars/intro.md",
        "content/webinars/archive.md",
    ] {
        let path = site.root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("{{SERVER}}", &server)
                .replace("{{SILENT}}", &silent_url),
        )
        .unwrap();
    }

    let (code, json) = check_json(&site.root, &[]);
    assert_json(&json, &report(0, 0, json!([])));
    assert_eq!(code, 0);
    assert!(
        seen.lock().unwrap().is_empty(),
        "without --external nothing is fetched"
    );

    let (code, json) = check_json(&site.root, &["--external", "--timeout", "1", "--jobs", "2"]);
    let gone = format!("`{server}/gone` answers 404 Not Found");
    let broken_hint = "open the address in a browser: fix it if the page moved, or remove the link";
    let links = "content/pages/links.md";
    assert_json(
        &json,
        &report(
            3,
            1,
            json!([
                {
                    "severity": "error", "code": "broken-external-link", "file": links, "line": 7, "column": 3,
                    "message": gone, "hint": broken_hint
                },
                {
                    "severity": "error", "code": "broken-external-link", "file": links, "line": 9, "column": 3,
                    "message": gone, "hint": broken_hint
                },
                {
                    "severity": "warning", "code": "unreachable-external-link", "file": links, "line": 10, "column": 3,
                    "message": format!("`{silent_url}/slow` could not be reached: no answer within 1 second"),
                    "hint": "check the address; if it opens in a browser, the server or the network may have been down during the check"
                },
                {
                    "severity": "error", "code": "broken-external-link", "file": "content/webinars/archive.md", "line": 7, "column": 16,
                    "message": format!("`{server}/recording-removed` answers 410 Gone"),
                    "hint": broken_hint
                }
            ]),
        ),
    );
    assert_eq!(code, 1);
    let mut requests = seen.lock().unwrap().clone();
    requests.sort();
    assert_eq!(
        requests,
        [
            "GET /get-only",
            "GET /gone",
            "GET /recording-removed",
            "HEAD /get-only",
            "HEAD /gone",
            "HEAD /ok",
            "HEAD /recording-removed",
            "HEAD /register",
        ],
        "each address is asked once (HEAD, then GET to confirm an error status)"
    );
    drop(silent);
}

/// Validates `value` against the subset of JSON Schema that docs/check-json-schema.json
/// uses: type, const, enum, required, properties, additionalProperties: false, items,
/// $ref into $defs, minimum and minLength. `pattern` is checked by the caller.
fn validate(schema: &Value, root: &Value, value: &Value, at: &str) -> Vec<String> {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("refs point into $defs");
            &root["$defs"][name]
        }
        None => schema,
    };
    let mut errors = vec![];
    if let Some(c) = schema.get("const")
        && value != c
    {
        errors.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(choices) = schema.get("enum").and_then(Value::as_array)
        && !choices.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {choices:?}"));
    }
    let type_ok = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_u64() || value.is_i64(),
        Some(other) => panic!("the validator does not know type {other}"),
    };
    if !type_ok {
        errors.push(format!("{at}: {value} is not of type {}", schema["type"]));
        return errors;
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_i64),
        value.as_i64(),
    ) && n < min
    {
        errors.push(format!("{at}: {n} is below {min}"));
    }
    if let (Some(min), Some(s)) = (
        schema.get("minLength").and_then(Value::as_u64),
        value.as_str(),
    ) && (s.chars().count() as u64) < min
    {
        errors.push(format!("{at}: \"{s}\" is too short"));
    }
    if let Some(object) = value.as_object() {
        let properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for required in schema["required"].as_array().into_iter().flatten() {
            if !object.contains_key(required.as_str().unwrap()) {
                errors.push(format!("{at}: {required} is missing"));
            }
        }
        for (key, v) in object {
            match properties.get(key) {
                Some(s) => errors.extend(validate(s, root, v, &format!("{at}.{key}"))),
                None if schema["additionalProperties"] == json!(false) => {
                    errors.push(format!("{at}: {key} is not in the schema"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            errors.extend(validate(items, root, v, &format!("{at}[{i}]")));
        }
    }
    errors
}

#[test]
fn the_json_follows_the_documented_schema_and_every_code_is_documented() {
    let docs = manifest_dir().join("docs");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(docs.join("check-json-schema.json")).unwrap(),
    )
    .expect("the schema is JSON");
    let guide = std::fs::read_to_string(docs.join("check.md")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for (fixture, args) in [
        ("check-broken-links", &[][..]),
        ("check-front-matter", &[]),
        ("check-orphan", &[]),
        ("check-stale", &[]),
        ("check-webinars", &[]),
        ("check-stage-gap", &[]),
        ("check-translations", &[]),
        ("check-translation-drift", &[]),
        ("check-all-at-once", &[]),
        ("check-owners", &["--group-by", "owner"]),
        ("check-scheduled", &[]),
        ("check-touch", &[]),
    ] {
        let site = site(fixture);
        let (_, json) = check_json(&site.root, args);
        let errors = validate(&schema, &schema, &json, fixture);
        assert!(errors.is_empty(), "{errors:#?}");
        for d in json["diagnostics"].as_array().unwrap() {
            let code = d["code"].as_str().unwrap();
            assert!(
                !code.is_empty()
                    && code.split('-').all(|part| !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{code} is not kebab-case"
            );
            seen.insert(code.to_string());
        }
    }
    for code in &seen {
        assert!(
            guide.contains(&format!("`{code}`")),
            "docs/check.md does not explain `{code}`"
        );
    }
    // A report that breaks the schema is caught: the test can fail.
    let wrong = json!({"version": 2, "errors": -1, "warnings": 0, "diagnostics": [{"severity": "fatal"}], "extra": 1});
    let mut errors = validate(&schema, &schema, &wrong, "wrong");
    errors.sort();
    assert_eq!(
        errors,
        [
            "wrong.diagnostics[0].severity: \"fatal\" is not one of [String(\"error\"), String(\"warning\"), String(\"note\")]",
            "wrong.diagnostics[0]: \"code\" is missing",
            "wrong.diagnostics[0]: \"column\" is missing",
            "wrong.diagnostics[0]: \"file\" is missing",
            "wrong.diagnostics[0]: \"line\" is missing",
            "wrong.diagnostics[0]: \"message\" is missing",
            "wrong.errors: -1 is below 0",
            "wrong.version: 2 is not 1",
            "wrong: extra is not in the schema",
        ]
    );
}

#[test]
fn content_dated_ahead_is_named_with_its_day_and_a_webinar_announced_on_its_day_is_late() {
    let site = site("check-scheduled");
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    assert_json(
        &json,
        &report(
            0,
            1,
            json!([
                {
                    "severity": "warning", "code": "webinar-announced-late", "file": "content/webinars/day-of.md", "line": 4, "column": 7,
                    "message": "this webinar's page appears on 2026-11-25 (its `date`), but the webinar starts on 2026-11-25: nobody can sign up in time",
                    "hint": "set `date:` to the day the announcement should go out, some weeks before `starts_at`"
                },
                {
                    "severity": "note", "code": "scheduled", "file": "content/webinars/spring-launch.md", "line": 4, "column": 7,
                    "message": "this document is dated 2027-01-10: it appears on the hub that day, not before",
                    "hint": "to publish it now, set `date:` to today or earlier"
                }
            ]),
        ),
    );
    // The late webinar is a warning; the scheduled one alone would pass.
    assert_eq!(code, 2);
    site.remove("content/webinars/day-of.md");
    let (code, text) = run(&site.root, &["--deny-warnings"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("check passed: no problems found (and 1 note)"),
        "{text}"
    );
    assert!(
        text.contains("note: this document is dated 2027-01-10"),
        "{text}"
    );
}

#[test]
fn a_term_a_curated_taxonomy_does_not_allow_is_an_error_and_a_term_used_once_a_warning() {
    // check-base lists the terms of `industry`; `tags` has no list. A document and its
    // translation (rollout.md, rollout.en.md) are one document: 社内展開 is used once.
    let site = site("check-terms");
    let (code, json) = check_json(&site.root, &[]);
    let listing = |term: &str| {
        format!(
            "list the terms of `tags` under `taxonomy_terms` in site-config.yaml (`taxonomy_terms: {{tags: [{term}, ...]}}`), which also ends this warning"
        )
    };
    assert_json(
        &json,
        &report(
            2,
            3,
            json!([
                {
                    "severity": "error", "code": "unknown-term", "file": "content/case-studies/hokuto.md", "line": 6, "column": 11,
                    "message": "`製造` is not one of the terms `industry` allows",
                    "hint": "did you mean `製造業`? The terms of `industry` are: 製造業, 小売, 金融 (`taxonomy_terms` in site-config.yaml; add `製造` there if it is a new one)"
                },
                {
                    "severity": "error", "code": "unknown-term", "file": "content/case-studies/minami.md", "line": 8, "column": 5,
                    "message": "`金融業` is not one of the terms `industry` allows",
                    "hint": "did you mean `金融`? The terms of `industry` are: 製造業, 小売, 金融 (`taxonomy_terms` in site-config.yaml; add `金融業` there if it is a new one)"
                },
                {
                    "severity": "warning", "code": "single-use-term", "file": "content/pages/rollout.md", "line": 5, "column": 8,
                    "message": "`社内展開` in `tags` is used by this document only: its page would list nothing else, and it may be a typo",
                    "hint": format!("if `社内展開` is right, use it for another document too, or {}", listing("社内展開"))
                },
                {
                    "severity": "warning", "code": "single-use-term", "file": "content/playbooks/first-week.md", "line": 5, "column": 8,
                    "message": "`初期設定` in `tags` is used by this document only: its page would list nothing else, and it may be a typo",
                    "hint": format!("if `初期設定` is right, use it for another document too, or {}", listing("初期設定"))
                },
                {
                    "severity": "warning", "code": "single-use-term", "file": "content/playbooks/first-week.md", "line": 5, "column": 14,
                    "message": "`オンボーディンク` in `tags` is used by this document only: its page would list nothing else, and it may be a typo",
                    "hint": format!("did you mean `オンボーディング` (used by 2 documents)? If `オンボーディンク` is right, {}", listing("オンボーディンク"))
                }
            ]),
        ),
    );
    assert_eq!(code, 1);

    // `build` refuses a term outside the list as well.
    let build = Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .args(["build", "--root"])
        .arg(&site.root)
        .args(["--now", NOW])
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(build.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/case-studies/hokuto.md:6:11"),
        "{stderr}"
    );

    // Listing the tags ends the warnings; the fixed terms end the errors.
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    let config = config.replace(
        "taxonomy_terms: {industry: [製造業, 小売, 金融]}",
        "taxonomy_terms: {industry: [製造業, 小売, 金融], tags: [オンボーディング, オンボーディンク, 初期設定, 社内展開]}",
    );
    site.write("site-config.yaml", &config);
    for (file, from, to) in [
        (
            "content/case-studies/hokuto.md",
            "industry: 製造\n",
            "industry: 製造業\n",
        ),
        (
            "content/case-studies/minami.md",
            "  - 金融業\n",
            "  - 金融\n",
        ),
    ] {
        let text = std::fs::read_to_string(site.root.join(file)).unwrap();
        site.write(file, &text.replace(from, to));
    }
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    assert_json(&json, &report(0, 0, json!([])));
    assert_eq!(code, 0);
}

#[test]
fn a_call_to_action_into_the_hub_must_lead_somewhere_and_stages_offer_what_is_expected() {
    let site = site("check-cta");
    let (code, json) = check_json(&site.root, &[]);
    let gap = json!({
        "severity": "warning", "code": "cta-gap", "file": "content/stages/onboarding.md", "line": 0, "column": 0,
        "message": "the stage `onboarding` (オンボーディング) offers no call to action of kind `referral`, though `cta.expect` in site-config.yaml asks for one",
        "hint": "add `cta: {label: …, url: …, kind: referral}` to a document of the stage, or give the stage a default under `cta.stages.onboarding` in site-config.yaml with `kind: referral`"
    });
    assert_json(
        &json,
        &report(
            2,
            1,
            json!([
                {
                    "severity": "error", "code": "broken-link", "file": "content/case-studies/acme.md", "line": 7, "column": 34,
                    "message": "the call to action leads to `@/playbooks/kickof.md#purpose`, a page that does not exist: there is no content/playbooks/kickof.md; did you mean playbooks/kickoff.md?",
                    "hint": "write the path under content/ of an existing document after `@/`, e.g. `@/playbooks/kickoff.md`"
                },
                gap,
                {
                    "severity": "error", "code": "unknown-stage", "file": "site-config.yaml", "line": 14, "column": 5,
                    "message": "`cta.expect` names stage `advocasy`, which does not exist",
                    "hint": "the stages are: onboarding"
                }
            ]),
        ),
    );
    assert_eq!(code, 1);

    // The right path resolves; a stage default of the expected kind fills the gap, and so
    // does a document's own call to action of that kind.
    let acme = std::fs::read_to_string(site.root.join("content/case-studies/acme.md")).unwrap();
    site.write(
        "content/case-studies/acme.md",
        &acme.replace("kickof.md", "kickoff.md"),
    );
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("    advocasy: referral\n", ""),
    );
    let (code, json) = check_json(&site.root, &[]);
    assert_json(&json, &report(0, 1, json!([gap])));
    assert_eq!(code, 0);
    let with_default = config.replace("    advocasy: referral\n", "").replace(
        "cta:\n",
        "cta:\n  stages:\n    onboarding: {kind: referral, label: 紹介する, url: \"https://forms.example.com/referral\"}\n",
    );
    site.write("site-config.yaml", &with_default);
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    assert_json(&json, &report(0, 0, json!([])));
    assert_eq!(code, 0);
    site.write(
        "site-config.yaml",
        &config.replace("    advocasy: referral\n", ""),
    );
    site.write(
        "content/case-studies/acme.md",
        &acme
            .replace("kickof.md", "kickoff.md")
            .replace("kind: contact", "kind: referral"),
    );
    let (code, json) = check_json(&site.root, &["--deny-warnings"]);
    assert_json(&json, &report(0, 0, json!([])));
    assert_eq!(code, 0);
}
