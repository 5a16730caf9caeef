//! One error class per test: each starts from the valid `minimal` fixture, breaks one file in
//! one way, and checks the diagnostic's code, file, line, column and the words that tell a
//! marketer what to do. Then: every error of a run reported together, nothing written, and
//! the command line's report and exit code.

mod common;

use common::*;
use journeyhub::util::diagnostics::Severity;
use std::process::Command;

const KICKOFF: &str = "content/playbooks/kickoff.md";

/// The base every test breaks: it must build without errors or warnings.
#[test]
fn the_minimal_fixture_builds_cleanly() {
    let site = TestSite::fixture("minimal");
    let built = site.build();
    assert!(
        built.summary.warnings.is_empty(),
        "unexpected warnings:\n{}",
        built.summary.warnings
    );
    assert!(built.exists("playbooks/kickoff/index.html"));
}

#[test]
fn yaml_syntax_error_points_at_the_character() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "---\ntitle: 導入: 最初の30日\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "yaml-syntax", "content/pages/about.md");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.line, 2, "the line of the bad value: {d:?}");
    // Columns count characters, not bytes: `title: 導入` is 9 characters, the colon is 10th.
    assert_eq!(d.column, 10, "the column of the second `:`: {d:?}");
    assert!(d.message.contains("not valid YAML"), "{}", d.message);
    assert!(hint(d).contains("quotes"), "{:?}", d.hint);
    assert_eq!(
        d.source_line.as_deref(),
        Some("title: 導入: 最初の30日"),
        "the report quotes the offending line"
    );
}

#[test]
fn a_full_width_colon_after_a_key_is_named_with_its_fix() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "---\ntitle: 導入：最初の30日\nsummary：はじめに読むページ\nweight: 1\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "yaml-syntax", "content/pages/about.md");
    // The line and column of the colon itself, not the next line YAML stumbles on; a
    // full-width colon inside a value (line 2) is fine.
    assert_eq!((d.line, d.column), (3, 8), "{d:?}");
    assert!(
        d.message.contains("full-width colon「：」"),
        "{}",
        d.message
    );
    assert_eq!(
        hint(d),
        "全角コロン「：」→ 半角「:」: write `summary: はじめに読むページ`"
    );
}

#[test]
fn a_full_width_space_used_to_indent_is_named_with_its_fix() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "---\ntitle: はじめに\nextra:\n\u{3000}\u{3000}note: メモ\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "yaml-syntax", "content/pages/about.md");
    assert_eq!((d.line, d.column), (4, 1), "{d:?}");
    assert!(
        d.message.contains("full-width space「　」"),
        "{}",
        d.message
    );
    assert!(
        hint(d).starts_with("全角スペース「　」→ 半角スペース「 」"),
        "{}",
        hint(d)
    );
}

#[test]
fn unknown_key_gets_a_did_you_mean_hint() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitel: キックオフの進め方\nstage: onboarding\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "unknown-key", KICKOFF);
    assert_eq!((d.line, d.column), (2, 1));
    assert!(d.message.contains("`titel`"), "{}", d.message);
    assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
    // The title is then missing: that is reported too, at the opening `---`.
    let missing = find(&diagnostics, "missing-key", KICKOFF);
    assert_eq!(missing.line, 1);
    assert!(missing.message.contains("`title`"), "{}", missing.message);
}

#[test]
fn unknown_key_of_a_webinar_suggests_the_webinar_key() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/webinars/intro.md",
        "---\ntitle: ウェビナー\nstage: adoption\nstarts_at: 2026-12-10T14:00:00+09:00\nduration_minutes: 60\nregistration: https://events.example.com/x\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "unknown-key", "content/webinars/intro.md");
    assert_eq!(d.line, 6);
    assert_eq!(d.hint.as_deref(), Some("did you mean `registration_url`?"));
}

#[test]
fn wrong_type_for_stage_order() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/stages/adoption.md",
        "---\ntitle: 活用促進\norder: first\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "invalid-value", "content/stages/adoption.md");
    assert_eq!((d.line, d.column), (3, 1));
    assert!(d.message.contains("`order`"), "{}", d.message);
    assert!(d.message.contains("whole number"), "{}", d.message);
    assert!(d.message.contains("\"first\""), "{}", d.message);
    assert!(hint(d).contains("order: 1"), "{:?}", d.hint);
}

#[test]
fn wrong_type_for_webinar_duration() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/webinars/intro.md",
        "---\ntitle: ウェビナー\nstage: adoption\nstarts_at: 2026-12-10T14:00:00+09:00\nduration_minutes: \"sixty\"\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "invalid-value", "content/webinars/intro.md");
    assert_eq!((d.line, d.column), (5, 1));
    assert!(d.message.contains("`duration_minutes`"), "{}", d.message);
    assert!(d.message.contains("\"sixty\""), "{}", d.message);
    assert!(hint(d).contains("duration_minutes: 60"), "{:?}", d.hint);
}

#[test]
fn case_study_without_customer() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/case-studies/example.md",
        "---\ntitle: サンプル社の事例\nstage: onboarding\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(
        &diagnostics,
        "missing-key",
        "content/case-studies/example.md",
    );
    assert_eq!(d.line, 1, "missing keys point at the opening `---`");
    assert!(d.message.contains("`customer`"), "{}", d.message);
    assert!(hint(d).contains("customer:"), "{:?}", d.hint);
    assert_eq!(diagnostics.errors().count(), 1, "{diagnostics}");
}

#[test]
fn webinar_without_starts_at() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/webinars/intro.md",
        "---\ntitle: ウェビナー\nstage: adoption\nduration_minutes: 60\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "missing-key", "content/webinars/intro.md");
    assert_eq!(d.line, 1);
    assert!(d.message.contains("`starts_at`"), "{}", d.message);
    assert!(hint(d).contains("+09:00"), "{:?}", d.hint);
    assert_eq!(diagnostics.errors().count(), 1, "{diagnostics}");
}

#[test]
fn unknown_stage_id_with_a_hint() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nsummary: 要約\nstage: onbording\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "unknown-stage", KICKOFF);
    assert_eq!(d.line, 4);
    assert_eq!(d.column, 8, "the column of the id after `stage: `");
    assert!(d.message.contains("`onbording`"), "{}", d.message);
    assert_eq!(d.hint.as_deref(), Some("did you mean `onboarding`?"));
}

#[test]
fn unknown_stage_in_a_list_points_at_the_id() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: [onboarding, adopton]\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "unknown-stage", KICKOFF);
    assert_eq!((d.line, d.column), (3, 21));
    assert_eq!(d.hint.as_deref(), Some("did you mean `adoption`?"));
    assert_eq!(diagnostics.errors().count(), 1, "{diagnostics}");
}

#[test]
fn unknown_field_inside_a_list_item() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/stages/adoption.md",
        "---\ntitle: 活用促進\norder: 2\nkpis:\n  - {name: 週次アクティブ率, taget: \"70%\"}\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "invalid-value", "content/stages/adoption.md");
    assert_eq!(d.line, 4, "the line of `kpis:`");
    assert!(d.message.contains("`taget`"), "{}", d.message);
    assert!(hint(d).contains("target"), "{:?}", d.hint);
}

#[test]
fn two_stages_with_the_same_order() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/stages/retention.md",
        "---\ntitle: 定着\norder: 2\n---\n",
    );
    let diagnostics = site.build_err();
    // Stages of equal order are compared by id: adoption, then retention.
    let d = find(
        &diagnostics,
        "duplicate-order",
        "content/stages/retention.md",
    );
    assert_eq!(d.line, 3);
    assert!(d.message.contains("adoption"), "{}", d.message);
}

#[test]
fn duplicate_slug_in_two_subfolders() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/playbooks/sales/setup.md",
        "---\ntitle: 営業向けセットアップ\nstage: onboarding\n---\n",
    );
    site.write(
        "content/playbooks/support/setup.md",
        "---\ntitle: サポート向けセットアップ\nstage: onboarding\n---\n",
    );
    let diagnostics = site.build_err();
    for (this, other) in [
        (
            "content/playbooks/sales/setup.md",
            "content/playbooks/support/setup.md",
        ),
        (
            "content/playbooks/support/setup.md",
            "content/playbooks/sales/setup.md",
        ),
    ] {
        let d = find(&diagnostics, "duplicate-url", this);
        assert_eq!(d.line, 1);
        assert!(d.message.contains("/playbooks/setup/"), "{}", d.message);
        assert!(
            d.message.contains(other),
            "names the other file: {}",
            d.message
        );
        assert!(hint(d).contains("slug:"), "{:?}", d.hint);
    }
    assert_eq!(diagnostics.errors().count(), 2, "{diagnostics}");
}

#[test]
fn duplicate_url_through_a_slug_override() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/playbooks/kickoff-v2.md",
        "---\ntitle: 新しいキックオフ\nstage: onboarding\nslug: kickoff\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(
        &diagnostics,
        "duplicate-url",
        "content/playbooks/kickoff-v2.md",
    );
    assert!(d.message.contains(KICKOFF), "{}", d.message);
    find(&diagnostics, "duplicate-url", KICKOFF);
}

#[test]
fn impossible_calendar_date() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\ndate: 2026-02-31\n---\n本文\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "invalid-value", KICKOFF);
    assert_eq!((d.line, d.column), (4, 1));
    assert!(d.message.contains("`date`"), "{}", d.message);
    assert!(d.message.contains("2026-02-31"), "{}", d.message);
    assert!(hint(d).contains("date: 2026-09-14"), "{:?}", d.hint);
}

#[test]
fn webinar_start_without_offset() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/webinars/intro.md",
        "---\ntitle: ウェビナー\nstage: adoption\nstarts_at: 2026-12-10T14:00:00\nduration_minutes: 60\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "invalid-value", "content/webinars/intro.md");
    assert_eq!((d.line, d.column), (4, 1));
    assert!(d.message.contains("`starts_at`"), "{}", d.message);
    assert!(d.message.contains("offset"), "{}", d.message);
    assert!(
        hint(d).contains("2026-12-10T14:00:00+09:00"),
        "{:?}",
        d.hint
    );
    // Only the real problem: no second "starts_at is required" for the same key.
    assert_eq!(diagnostics.errors().count(), 1, "{diagnostics}");
}

#[test]
fn broken_document_link_is_reported_at_its_line_and_column() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\n---\n## 目的 {#purpose}\n\n詳しくは[手順](@/playbooks/kickof.md)を参照。\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "broken-link", KICKOFF);
    assert_eq!(d.line, 7, "the body line, counted from the top of the file");
    assert_eq!(d.column, 5, "the `[` after four Japanese characters");
    assert!(d.message.contains("@/playbooks/kickof.md"), "{}", d.message);
    assert!(
        d.message.contains("did you mean playbooks/kickoff.md"),
        "a near miss is named: {}",
        d.message
    );
}

#[test]
fn broken_anchor_is_reported_at_the_link() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "---\ntitle: このハブについて\n---\n最初の段落。\n\nまずは[目的](@/playbooks/kickoff.md#goal)を読みます。\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "broken-anchor", "content/pages/about.md");
    assert_eq!((d.line, d.column), (6, 4));
    assert!(d.message.contains("#goal"), "{}", d.message);
    assert!(d.message.contains(KICKOFF), "{}", d.message);
    assert!(
        hint(d).contains("#purpose"),
        "the hint lists the headings: {:?}",
        d.hint
    );
}

#[test]
fn link_to_a_draft_says_it_is_a_draft() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/playbooks/plan.md",
        "---\ntitle: 計画\nstage: onboarding\ndraft: true\n---\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: このハブについて\n---\n[計画](@/playbooks/plan.md)\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "broken-link", "content/pages/about.md");
    assert_eq!((d.line, d.column), (4, 1));
    assert!(d.message.contains("draft"), "{}", d.message);
}

#[test]
fn missing_image_next_to_the_document() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\n---\n## 目的 {#purpose}\n\n構成図: ![構成図](images/flow.png)\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "missing-file", KICKOFF);
    assert_eq!((d.line, d.column), (7, 6), "the `!` after `構成図: `");
    assert!(d.message.contains("images/flow.png"), "{}", d.message);
    assert!(hint(d).contains("next to the document"), "{:?}", d.hint);
}

#[test]
fn broken_related_path() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\nrelated:\n  - case-studies/exampel.md\n---\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "broken-related", KICKOFF);
    assert_eq!(d.line, 4);
    assert!(
        d.message.contains("case-studies/exampel.md"),
        "{}",
        d.message
    );
}

#[test]
fn error_in_site_config() {
    let site = TestSite::fixture("minimal");
    site.write(
        "site-config.yaml",
        "title: Minimal Hub\nbase_url: https://hub.example.com/\ntimezon: Asia/Tokyo\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "unknown-key", "site-config.yaml");
    assert_eq!((d.line, d.column), (3, 1));
    assert_eq!(d.hint.as_deref(), Some("did you mean `timezone`?"));
    assert!(!site.out.exists());
}

/// `logo:` names an image like markdown images do; a missing one must not be published as a
/// broken image without a word.
#[test]

fn missing_logo_of_a_case_study_is_reported() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/case-studies/example.md",
        "---\ntitle: サンプル社の事例\nstage: onboarding\ncustomer: サンプル株式会社\nlogo: logos/missing.svg\n---\n",
    );
    let diagnostics = match journeyhub::build(&site.options()) {
        Ok(summary) => summary.warnings,
        Err(errors) => errors,
    };
    let d = diagnostics
        .0
        .iter()
        .find(|d| d.file == "content/case-studies/example.md" && d.line == 5)
        .unwrap_or_else(|| {
            panic!("no error or warning about the missing logo at line 5; reported:\n{diagnostics}")
        });
    assert!(d.message.contains("logos/missing.svg"), "{}", d.message);
}

/// A document whose front matter cannot be read is reported once; links to it must not
/// claim on top of that that the file does not exist.
#[test]

fn links_to_an_unreadable_document_do_not_say_it_is_missing() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: 導入: キックオフ\nstage: onboarding\n---\n## 目的 {#purpose}\n",
    );
    let diagnostics = site.build_err();
    find(&diagnostics, "yaml-syntax", KICKOFF);
    // content/stages/onboarding.md links to @/playbooks/kickoff.md, which exists.
    let false_claims: Vec<String> = diagnostics
        .errors()
        .filter(|d| {
            d.message
                .contains("there is no content/playbooks/kickoff.md")
        })
        .map(|d| format!("{}:{}: {}", d.file, d.line, d.message))
        .collect();
    assert!(
        false_claims.is_empty(),
        "errors claim an existing file is missing: {false_claims:?}"
    );
}

#[test]
fn every_error_of_every_file_is_reported_together_and_nothing_is_written() {
    let site = TestSite::fixture("minimal");
    // One file with several problems, and several files with one each.
    site.write(
        KICKOFF,
        "---\ntitel: キックオフ\nstage: onboarding\ndate: 2026-02-31\n---\n## 目的 {#purpose}\n\n[事例](@/case-studies/nope.md) ![図](images/none.png)\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: 導入: 最初の30日\n---\n",
    );
    site.write(
        "content/case-studies/example.md",
        "---\ntitle: 事例\nstage: onbording\n---\n",
    );
    site.write(
        "content/webinars/intro.md",
        "---\ntitle: ウェビナー\nstage: adoption\nstarts_at: 2026-12-10T14:00:00\nduration_minutes: \"sixty\"\n---\n",
    );
    let diagnostics = site.build_err();
    let keys = error_keys(&diagnostics);
    let mut expected: Vec<(String, String)> = [
        ("broken-link", KICKOFF),
        ("invalid-value", KICKOFF),
        ("missing-file", KICKOFF),
        ("missing-key", KICKOFF),
        ("unknown-key", KICKOFF),
        ("yaml-syntax", "content/pages/about.md"),
        ("missing-key", "content/case-studies/example.md"),
        ("unknown-stage", "content/case-studies/example.md"),
        ("invalid-value", "content/webinars/intro.md"),
        ("invalid-value", "content/webinars/intro.md"),
    ]
    .iter()
    .map(|(c, f)| (c.to_string(), f.to_string()))
    .collect();
    expected.sort();
    assert_eq!(keys, expected, "all errors at once:\n{diagnostics}");

    // Sorted by file, then line, so the report reads top to bottom.
    let positions: Vec<(&str, usize, usize)> = diagnostics
        .0
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);

    assert!(
        !site.out.exists(),
        "a failed build must not create the output folder"
    );
    assert!(
        std::fs::read_dir(site.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .all(|name| name == "site"),
        "nothing is written beside the site either"
    );
}

#[test]
fn a_failed_rebuild_leaves_the_previous_output_alone() {
    let site = TestSite::fixture("minimal");
    site.build();
    let before = snapshot(&site.out);
    site.write(
        "content/pages/about.md",
        "---\ntitle: このハブについて\nstage: nowhere\n---\n",
    );
    let diagnostics = site.build_err();
    find(&diagnostics, "unknown-stage", "content/pages/about.md");
    assert_same_files(&before, &snapshot(&site.out), "the previous output");
}

fn run_cli(site: &TestSite) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .arg("build")
        .arg("--root")
        .arg(&site.root)
        .arg("--output")
        .arg(&site.out)
        .arg("--now")
        .arg(NOW)
        // The fixture is a Japanese site; these tests read the English findings.
        .args(["--lang", "en"])
        .output()
        .expect("the journeyhub binary runs")
}

#[test]
fn cli_reports_errors_with_location_and_hint_and_exits_1() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onbording\n---\n本文\n",
    );
    let output = run_cli(&site);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("content/playbooks/kickoff.md:3:8"),
        "file:line:column in:\n{stderr}"
    );
    assert!(
        stderr.contains("hint: did you mean `onboarding`?"),
        "the hint in:\n{stderr}"
    );
    assert!(stderr.contains("stage: onbording"), "the line is quoted");
    assert!(
        stderr.contains("1 error(s)"),
        "a closing count in:\n{stderr}"
    );
    assert!(output.stdout.is_empty(), "no success summary on stdout");
    assert!(!site.out.exists());
}

#[test]
fn cli_builds_a_good_site_with_a_one_line_summary() {
    let site = TestSite::fixture("minimal");
    let output = run_cli(&site);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr:\n{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one line of summary:\n{stdout}");
    let line = lines[0];
    assert!(line.starts_with("built "), "{line}");
    assert!(line.contains(" pages ("), "{line}");
    assert!(line.contains(&site.out.display().to_string()), "{line}");
    assert!(
        line.ends_with(" ms"),
        "no warnings, so it ends with the time: {line}"
    );
    assert!(stderr.trim().is_empty(), "nothing on stderr:\n{stderr}");
    assert!(site.out.join("index.html").is_file());
}

/// Reported while pages render, after a build has let go of each body's text: the quoted
/// line comes from the front matter, which a build keeps.
#[test]
fn an_unusable_alias_is_quoted_from_the_front_matter() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフの進め方\nstage: onboarding\naliases: [\"/old/../kickoff/\"]\n---\n本文は長くてもよい。\n",
    );
    let diagnostics = site.build_err();
    let d = find(&diagnostics, "bad-alias", KICKOFF);
    assert_eq!(d.line, 4, "{d:?}");
    assert_eq!(
        d.source_line.as_deref(),
        Some("aliases: [\"/old/../kickoff/\"]")
    );
    assert!(hint(d).contains("aliases: [/old/kickoff/]"), "{:?}", d.hint);
}

#[test]
fn a_taxonomy_may_not_take_a_name_the_hub_or_its_documents_already_use() {
    let site = TestSite::fixture("minimal");
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    let config: String = config
        .lines()
        .filter(|l| !l.starts_with("taxonomies:"))
        .map(|l| format!("{l}\n"))
        .collect();
    // A generated folder is refused while site-config is read.
    site.write(
        "site-config.yaml",
        &format!("{config}taxonomies: [feeds]\n"),
    );
    let d = site.build_err();
    let d = find(&d, "invalid-value", "site-config.yaml");
    assert!(
        d.message.contains("the hub's own pages use /feeds/"),
        "{}",
        d.message
    );
    // A front-matter key of any kind is refused once documents are read; a key that is a
    // term by nature (a playbook's `audience`) may name a taxonomy.
    let line = config.lines().count() + 1;
    site.write(
        "site-config.yaml",
        &format!("{config}taxonomies: [location, audience]\n"),
    );
    let d = site.build_err();
    let d = find(&d, "reserved-name", "site-config.yaml");
    assert_eq!(d.line, line);
    assert!(
        d.message
            .contains("\"location\" cannot be a taxonomy: documents already use `location:`"),
        "{}",
        d.message
    );
    assert_eq!(d.code, "reserved-name");
}
