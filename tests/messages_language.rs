//! The language of findings: Japanese on a Japanese site, English with `--lang en` or
//! `JOURNEYHUB_LANG=en` (the flag first, then the variable, then the site's `language:`),
//! with the same `code` in either.

mod common;

use common::*;
use serde_json::Value;
use std::process::Command;

const KICKOFF: &str = "content/playbooks/kickoff.md";

/// The minimal (Japanese) site with three slips in one playbook: a misspelt key, a month
/// that does not exist and a link to a document that does not exist.
fn broken_site() -> TestSite {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフの進め方\ntitel: 重複\nstage: onboarding\ndate: 2026-13-01\n---\n[手順](@/playbooks/kickof.md)\n",
    );
    site
}

/// Runs the binary with `args` after `--root <site> --now NOW`, with `env` as the only
/// JOURNEYHUB_LANG the run sees (none when `None`).
fn run(site: &TestSite, command: &str, args: &[&str], env: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journeyhub"));
    cmd.arg(command)
        .arg("--root")
        .arg(&site.root)
        .args(["--now", NOW])
        .args(args)
        .env_remove("JOURNEYHUB_LANG");
    if let Some(lang) = env {
        cmd.env("JOURNEYHUB_LANG", lang);
    }
    cmd.output().expect("the binary runs")
}

/// `check --format json`: each finding as (code, line, message, hint).
fn findings(
    site: &TestSite,
    args: &[&str],
    env: Option<&str>,
) -> Vec<(String, u64, String, String)> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = run(site, "check", &all, env);
    assert_eq!(out.status.code(), Some(1), "errors exit with 1");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    json["diagnostics"]
        .as_array()
        .expect("a list of findings")
        .iter()
        .filter(|d| d["file"] == KICKOFF)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
                d["hint"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn one<'f>(
    findings: &'f [(String, u64, String, String)],
    code: &str,
    line: u64,
) -> &'f (String, u64, String, String) {
    let found: Vec<_> = findings
        .iter()
        .filter(|f| f.0 == code && f.1 == line)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{code}` at line {line} in {findings:#?}"
    );
    found[0]
}

/// What one finding must say: its code, line, message and (when given) hint.
type Says = (&'static str, u64, &'static str, Option<&'static str>);

fn assert_says(findings: &[(String, u64, String, String)], expected: &[Says]) {
    for (code, line, message, hint) in expected {
        let found = one(findings, code, *line);
        assert_eq!(found.2, *message);
        if let Some(hint) = hint {
            assert_eq!(found.3, *hint);
        }
    }
}

#[test]
fn a_japanese_site_gets_japanese_findings_and_english_on_request() {
    let site = broken_site();
    let ja = findings(&site, &[], None);
    assert_says(
        &ja,
        &[
            (
                "unknown-key",
                3,
                "`titel` は使えないキーです",
                Some("`title` のことですか？"),
            ),
            (
                "invalid-value",
                5,
                "`date` の日付「2026-13-01」は読めません: 13 月はありません。月は 01 から 12 までです",
                Some(
                    "日付は YYYY-MM-DD の形で書いてください: `date: 2026-12-01`。時刻も書くときはオフセットを付けて: `date: 2026-12-01T10:00:00+09:00`",
                ),
            ),
            (
                "broken-link",
                7,
                "`@/playbooks/kickof.md` へのリンクの行き先がありません: content/playbooks/kickof.md はありません。playbooks/kickoff.md のことですか？",
                None,
            ),
        ],
    );
    let en = findings(&site, &["--lang", "en"], None);
    assert_says(
        &en,
        &[
            (
                "unknown-key",
                3,
                "unknown key `titel`",
                Some("did you mean `title`?"),
            ),
            (
                "invalid-value",
                5,
                "`date` is not a valid date: \"2026-13-01\" (there is no month 13, so it is not a real date: months go from 01 to 12)",
                None,
            ),
            (
                "broken-link",
                7,
                "the link to `@/playbooks/kickof.md` leads nowhere: there is no content/playbooks/kickof.md; did you mean playbooks/kickoff.md?",
                None,
            ),
        ],
    );

    // The same findings, in the same order, with the same codes and places.
    let places = |f: &[(String, u64, String, String)]| -> Vec<(String, u64)> {
        f.iter().map(|(c, l, _, _)| (c.clone(), *l)).collect()
    };
    assert_eq!(places(&ja).len(), 3, "{ja:#?}");
    let mut sorted_ja = places(&ja);
    let mut sorted_en = places(&en);
    sorted_ja.sort();
    sorted_en.sort();
    assert_eq!(sorted_ja, sorted_en);

    // The variable does what the flag does; the flag wins over it.
    assert_eq!(findings(&site, &[], Some("en")), en);
    assert_eq!(findings(&site, &["--lang", "ja"], Some("en")), ja);
    // A value neither en nor ja in the variable leaves the site's language.
    assert_eq!(findings(&site, &[], Some("fr")), ja);
}

#[test]
fn a_bad_month_says_what_to_write_not_what_the_parser_said() {
    let site = broken_site();
    for (args, env) in [
        (&[][..], None),
        (&["--lang", "en"][..], None),
        (&[][..], Some("en")),
    ] {
        let all = findings(&site, args, env);
        let date = one(&all, "invalid-value", 5);
        for parser_word in ["failed to parse", "parse", "integer", "jiff"] {
            assert!(!date.2.contains(parser_word), "{date:?}");
        }
        assert!(
            date.2.contains("13") && date.2.contains("12"),
            "names the month and the range: {date:?}"
        );
        assert!(
            date.3.contains("date: 2026-"),
            "an example to copy: {date:?}"
        );
    }
}

#[test]
fn the_summary_lines_follow_the_language() {
    let site = broken_site();
    let out = run(&site, "check", &[], None);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("check の結果: エラー 3 件、警告 "),
        "{stdout}"
    );
    assert!(
        stdout.contains("error: `titel` は使えないキーです"),
        "{stdout}"
    );
    assert!(
        stdout.contains("= hint: `title` のことですか？"),
        "{stdout}"
    );

    let out = run(&site, "check", &["--lang", "en"], None);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("check found 3 error(s) and "),
        "{stdout}"
    );

    let out = run(
        &site,
        "build",
        &["--output", site.out.to_str().unwrap()],
        None,
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("ビルド失敗: エラー 3 件。何も書き出していません"),
        "{stderr}"
    );
    assert!(stderr.contains("`titel` は使えないキーです"), "{stderr}");
    let out = run(
        &site,
        "build",
        &["--output", site.out.to_str().unwrap()],
        Some("en"),
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("build failed: 3 error(s); nothing was written"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown key `titel`"), "{stderr}");
}

#[test]
fn an_english_site_gets_english_findings_and_japanese_on_request() {
    let site = broken_site();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("language: ja", "language: en"),
    );
    let en = findings(&site, &[], None);
    assert_eq!(one(&en, "unknown-key", 3).2, "unknown key `titel`");
    let ja = findings(&site, &[], Some("ja"));
    assert_eq!(one(&ja, "unknown-key", 3).2, "`titel` は使えないキーです");
}

#[test]
fn an_unknown_stage_is_named_in_japanese_with_its_likely_spelling() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onbording\n---\n本文\n",
    );
    assert_says(
        &findings(&site, &[], None),
        &[(
            "unknown-stage",
            3,
            "`stage` のステージ `onbording` はありません",
            Some("`onboarding` のことですか？"),
        )],
    );
    assert_says(
        &findings(&site, &["--lang", "en"], None),
        &[(
            "unknown-stage",
            3,
            "`stage` names stage `onbording`, which does not exist",
            Some("did you mean `onboarding`?"),
        )],
    );
}
