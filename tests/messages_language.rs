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

/// `check --format json`: each finding of the playbook as (code, line, message, hint).
fn findings(
    site: &TestSite,
    args: &[&str],
    env: Option<&str>,
) -> Vec<(String, u64, String, String)> {
    findings_in(site, KICKOFF, args, env)
}

/// `check --format json`: each finding of `file` as (code, line, message, hint).
fn findings_in(
    site: &TestSite,
    file: &str,
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
        .filter(|d| d["file"] == file)
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

const CONFIG: &str = "site-config.yaml";

/// The minimal site with `extra` appended to its site-config.yaml (line 7 onwards).
fn site_with_config(extra: &str) -> TestSite {
    let site = TestSite::fixture("minimal");
    let config = std::fs::read_to_string(site.root.join(CONFIG)).unwrap();
    site.write(CONFIG, &format!("{config}{extra}"));
    site
}

#[test]
fn site_config_findings_are_japanese_with_english_on_request() {
    let site = site_with_config("readiness: 2\ntouch: {served: [hihg]}\nfeedback: {method: put}\n");
    let config = std::fs::read_to_string(site.root.join(CONFIG)).unwrap();
    site.write(CONFIG, &config.replace("Asia/Tokyo", "Asia/Tokio"));
    assert_says(
        &findings_in(&site, CONFIG, &[], None),
        &[
            (
                "invalid-value",
                5,
                "「Asia/Tokio」というタイムゾーンはありません",
                Some(
                    "`Asia/Tokyo`、`America/New_York`、`UTC` のような IANA の名前を書いてください",
                ),
            ),
            (
                "invalid-value",
                7,
                "`readiness` には手順の割合を 0 より大きく 1 以下の数で書きます。書かれているのは数値 `2`です",
                Some("例: `readiness: 0.8`（ステージの手順の 80% にチェックが付いたら次へ）"),
            ),
            (
                "invalid-value",
                8,
                "`touch.served` の「hihg」はタッチモデルではありません",
                Some(
                    "`high` のことですか？ `high`（1 対 1、担当のカスタマーサクセス）、`low`（1 対多: ウェビナーやプログラム）、`tech`（自動、セルフサービス）のどれかを書いてください",
                ),
            ),
            (
                "invalid-value",
                9,
                "`feedback.method` の「put」は使えません。`get` か `post` です",
                None,
            ),
        ],
    );
    assert_says(
        &findings_in(&site, CONFIG, &["--lang", "en"], None),
        &[
            (
                "invalid-value",
                5,
                "unknown time zone \"Asia/Tokio\"",
                Some("use an IANA name such as `Asia/Tokyo`, `America/New_York` or `UTC`"),
            ),
            (
                "invalid-value",
                7,
                "`readiness` should be a share of the steps above 0 and at most 1, but it is the number `2`",
                None,
            ),
            (
                "invalid-value",
                8,
                "`touch.served` names \"hihg\", which is not a touch model",
                None,
            ),
            (
                "invalid-value",
                9,
                "`feedback.method` is `put`; it is `get` or `post`",
                None,
            ),
        ],
    );
}

#[test]
fn cta_drip_and_download_in_front_matter_are_japanese() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\ncta: {label: 申し込む, url: \"https://forms.example.com/x\", kind: upsel}\ndrip: {day: -3}\ndownload: files/nothing.pdf\n---\n本文\n",
    );
    assert_says(
        &findings(&site, &[], None),
        &[
            (
                "invalid-value",
                4,
                "「upsel」は CTA の種類ではありません",
                None,
            ),
            (
                "invalid-value",
                5,
                "`drip: {day: -3}` はステージのメールが始まる前の日です",
                Some(
                    "0（ステージのメールが始まる日）以上の日を書いてください。例: `drip: {day: 14}`",
                ),
            ),
        ],
    );
    assert_says(
        &findings(&site, &["--lang", "en"], None),
        &[
            (
                "invalid-value",
                4,
                "`upsel` is not a kind of call to action",
                None,
            ),
            (
                "invalid-value",
                5,
                "`drip: {day: -3}` is before its stage's emails begin",
                None,
            ),
        ],
    );
    // With the front matter read, the missing file of the download is the one error.
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\ndownload: files/nothing.pdf\n---\n本文\n",
    );
    assert_says(
        &findings(&site, &[], None),
        &[(
            "missing-file",
            4,
            "ダウンロード `files/nothing.pdf` のファイルがありません",
            Some(
                "ファイルを content/playbooks/files/nothing.pdf に置くか（パスは文書のフォルダからの相対です）、static/ に置いて `/` で始まるパスで書いてください",
            ),
        )],
    );
    assert_says(
        &findings(&site, &["--lang", "en"], None),
        &[(
            "missing-file",
            4,
            "the download `files/nothing.pdf` does not exist",
            None,
        )],
    );
}

#[test]
fn calls_to_action_and_logos_are_checked_in_japanese() {
    let site =
        site_with_config("cta:\n  expect:\n    onboarding: referral\n    onbording: referral\n");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\ncta: {label: 見る, url: \"@/playbooks/kickof.md\", kind: contact}\n---\n本文\n",
    );
    site.write(
        "content/case-studies/example.md",
        "---\ntitle: サンプル社の事例\nstage: onboarding\ncustomer: サンプル株式会社\nlogo: nothing.png\n---\n本文\n",
    );
    let ja = findings(&site, &[], None);
    assert_says(
        &ja,
        &[(
            "broken-link",
            4,
            "CTA のリンク先 `@/playbooks/kickof.md` のページがありません: content/playbooks/kickof.md はありません。playbooks/kickoff.md のことですか？",
            Some(
                "`@/` の後ろに content/ の下にある文書のパスを書いてください。例: `@/playbooks/kickoff.md`",
            ),
        )],
    );
    assert_says(
        &findings_in(&site, CONFIG, &[], None),
        &[(
            "unknown-stage",
            10,
            "`cta.expect` のステージ `onbording` はありません",
            Some("`onboarding` のことですか？"),
        )],
    );
    assert_says(
        &findings_in(&site, "content/stages/onboarding.md", &[], None),
        &[(
            "cta-gap",
            0,
            "ステージ `onboarding`（オンボーディング）には種類 `referral` の CTA がありません。site-config.yaml の `cta.expect` ではこのステージに求めています",
            Some(
                "このステージの文書に `cta: {label: …, url: …, kind: referral}` を加えるか、site-config.yaml の `cta.stages.onboarding` に `kind: referral` の既定の CTA を書いてください",
            ),
        )],
    );
    assert_says(
        &findings_in(&site, "content/case-studies/example.md", &[], None),
        &[(
            "missing-file",
            5,
            "ロゴ `nothing.png` のファイルがありません",
            None,
        )],
    );

    let en = |file| findings_in(&site, file, &["--lang", "en"], None);
    assert_says(
        &en(KICKOFF),
        &[(
            "broken-link",
            4,
            "the call to action leads to `@/playbooks/kickof.md`, a page that does not exist: there is no content/playbooks/kickof.md; did you mean playbooks/kickoff.md?",
            None,
        )],
    );
    assert_says(
        &en(CONFIG),
        &[(
            "unknown-stage",
            10,
            "`cta.expect` names stage `onbording`, which does not exist",
            None,
        )],
    );
    assert_says(
        &en("content/stages/onboarding.md"),
        &[(
            "cta-gap",
            0,
            "the stage `onboarding` (オンボーディング) offers no call to action of kind `referral`, though `cta.expect` in site-config.yaml asks for one",
            None,
        )],
    );
    assert_says(
        &en("content/case-studies/example.md"),
        &[(
            "missing-file",
            5,
            "the logo `nothing.png` does not exist",
            None,
        )],
    );
}

#[test]
fn addresses_raw_html_and_anchors_are_japanese() {
    let site = TestSite::fixture("minimal");
    site.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\naliases: [old/kickoff/]\n---\n<script>alert(1)</script>\n",
    );
    let ja = findings(&site, &[], None);
    assert_says(
        &ja,
        &[
            (
                "bad-alias",
                4,
                "エイリアス「old/kickoff/」は使えません: このサイトのパスではありません。https:// やホスト名を付けず、最初の `/` から書いてください",
                Some(
                    "古いアドレスをこのサイトのパスで書いてください。例: `aliases: [/old/kickoff/]`",
                ),
            ),
            ("raw-html", 6, "<script> 要素はページから外しました", None),
        ],
    );
    // A bad alias stops the rendering, and anchors are checked on rendered pages.
    let anchored = TestSite::fixture("minimal");
    anchored.write(
        KICKOFF,
        "---\ntitle: キックオフ\nstage: onboarding\n---\n[目的](/industry/#nope)\n",
    );
    let anchor = |args: &[&str]| {
        one(&findings(&anchored, args, None), "broken-anchor", 5)
            .2
            .clone()
    };
    assert_eq!(
        anchor(&[]),
        "リンク先の #nope は ページ /industry/ の見出しにありません"
    );
    assert_eq!(
        anchor(&["--lang", "en"]),
        "the link points at #nope, but the page /industry/ has no heading with that id"
    );

    // A page address that cannot be read stops the rendering: on a site of its own.
    let slugged = TestSite::fixture("minimal");
    slugged.write(
        "content/pages/about.md",
        "---\ntitle: このハブについて\nslug: \"about us\"\n---\n本文\n",
    );
    assert_says(
        &findings_in(&slugged, "content/pages/about.md", &[], None),
        &[(
            "bad-slug",
            3,
            "ページのアドレス「about us」は使えません: ` ` が入っています。ウェブのアドレスには使えません",
            Some("`slug:` を英数字とハイフンにしてください"),
        )],
    );
    let en = findings(&site, &["--lang", "en"], None);
    assert_says(
        &en,
        &[
            (
                "bad-alias",
                4,
                "the alias \"old/kickoff/\" is not a path on this site: write it from the first `/`, without a scheme or host",
                None,
            ),
            (
                "raw-html",
                6,
                "a <script> element was left out of the page",
                None,
            ),
        ],
    );
    assert_says(
        &findings_in(&slugged, "content/pages/about.md", &["--lang", "en"], None),
        &[(
            "bad-slug",
            3,
            "the page address \"about us\" contains ` `, which cannot be part of a web address",
            None,
        )],
    );
}

#[test]
fn the_report_says_what_it_wrote_in_the_language_of_the_run() {
    let site = TestSite::fixture("minimal");
    let output = site.tmp.path().join("coverage");
    let output = output.to_str().unwrap();
    let line = |env: Option<&str>| {
        let out = run(&site, "report", &["--output", output], env);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        stdout.lines().last().unwrap_or_default().to_string()
    };
    let html = format!("{output}/journey-report.html");
    let json = format!("{output}/journey-report.json");
    let ja = line(None);
    let gaps = ja
        .strip_prefix(&format!(
            "{html} と {json} を書き出しました（足りないところ "
        ))
        .and_then(|rest| rest.strip_suffix(" 件）"))
        .unwrap_or_else(|| panic!("{ja}"));
    assert!(gaps.parse::<usize>().is_ok(), "{ja}");
    assert_eq!(
        line(Some("en")),
        format!("wrote {html} and {json} ({gaps} gap(s) found)")
    );
}

/// `serve --port 0`: its first line, then every line after Ctrl-C (SIGINT).
fn serve_lines(site: &TestSite, env: Option<&str>) -> (String, Vec<String>) {
    use std::io::BufRead;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journeyhub"));
    cmd.arg("serve")
        .arg("--root")
        .arg(&site.root)
        .args(["--now", NOW, "--port", "0"])
        .env_remove("JOURNEYHUB_LANG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    if let Some(lang) = env {
        cmd.env("JOURNEYHUB_LANG", lang);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    // SAFETY: the child is ours and still running.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) },
        0
    );
    let rest = lines.map(Result::unwrap).collect();
    assert!(child.wait().unwrap().success());
    (first, rest)
}

#[test]
fn serve_says_where_it_serves_and_that_it_stopped_in_the_language_of_the_run() {
    let site = TestSite::fixture("minimal");
    let (first, rest) = serve_lines(&site, None);
    let url = first
        .strip_prefix("ハブを ")
        .and_then(|r| r.strip_suffix(" で公開しています（Ctrl-C で止まります）"))
        .unwrap_or_else(|| panic!("{first}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    assert_eq!(rest, ["止めました"]);

    let (first, rest) = serve_lines(&site, Some("en"));
    assert!(
        first.starts_with("serving the hub at http://127.0.0.1:")
            && first.ends_with("/  (Ctrl-C to stop)"),
        "{first}"
    );
    assert_eq!(rest, ["stopped"]);
}

#[test]
fn owner_headings_follow_the_language() {
    let site = broken_site();
    let text = std::fs::read_to_string(site.root.join(KICKOFF)).unwrap();
    site.write(
        KICKOFF,
        &text.replacen("---\n", "---\nowner: 山田 花子\n", 1),
    );
    let headings = |env: Option<&str>| -> Vec<String> {
        let out = run(&site, "check", &["--group-by", "owner"], env);
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("== "))
            .map(str::to_string)
            .collect()
    };
    let ja = headings(None);
    assert_eq!(ja.len(), 2, "{ja:?}");
    assert_eq!(ja[0], "== 山田 花子: エラー 3 件、警告 0 件 ==");
    assert!(
        ja[1].starts_with("== （担当者なし）: エラー 0 件、警告 "),
        "{ja:?}"
    );
    let en = headings(Some("en"));
    assert_eq!(en[0], "== 山田 花子: 3 error(s), 0 warning(s) ==");
    assert!(en[1].starts_with("== (no owner): 0 error(s), "), "{en:?}");
}
