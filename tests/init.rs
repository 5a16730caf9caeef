//! `journeyhub init`: the site it writes is dated from the day it runs, has one document of
//! each kind, and passes `check --deny-warnings` that day. The first test runs the real
//! binary at the real time on purpose: a new site must check clean on the day it is made.

mod common;

use common::NOW;
use jiff::civil::{Date, date};
use journeyhub::check::{CheckOptions, CheckResult};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn journeyhub(args: &[&str], dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .args(args)
        .arg(dir)
        .output()
        .expect("the binary runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn a_site_made_today_passes_check_with_deny_warnings_today() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hub");
    let (code, said) = journeyhub(&["init"], &dir);
    assert_eq!(code, 0, "init failed: {said}");

    // No --now: the check runs at the real time, as a new user's first check does.
    let (code, stdout) = journeyhub(
        &["check", "--deny-warnings", "--format", "json", "--root"],
        &dir,
    );
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("check printed no JSON ({e}):\n{stdout}"));
    assert_eq!(
        (&report["errors"], &report["warnings"]),
        (&Value::from(0), &Value::from(0)),
        "a new site has findings:\n{stdout}"
    );
    assert_eq!(code, 0);
}

/// Checks a site made by `init` on `made` at the time `now`.
fn check_site_made_on(made: Date, now: &str) -> CheckResult {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hub");
    journeyhub::init::create_on(&root, made).expect("init creates a site");
    let mut options = journeyhub::BuildOptions::new(&root);
    options.now = Some(now.parse().expect("a valid time"));
    journeyhub::check(&CheckOptions::new(options))
}

#[test]
fn a_site_checks_clean_from_the_first_to_the_last_minute_of_the_day_it_is_made() {
    for (made, first, last) in [
        (
            date(2026, 12, 1),
            "2026-12-01T00:00:00Z",
            "2026-12-01T23:59:59Z",
        ),
        // Months and years turn inside the dates init writes (a month back, two weeks on).
        (
            date(2027, 1, 10),
            "2027-01-10T00:00:00Z",
            "2027-01-10T23:59:59Z",
        ),
        (
            date(2028, 2, 29),
            "2028-02-29T00:00:00Z",
            "2028-02-29T23:59:59Z",
        ),
    ] {
        for now in [first, last] {
            let result = check_site_made_on(made, now);
            assert_eq!(
                (result.errors(), result.warnings()),
                (0, 0),
                "a site made on {made} has findings at {now}:\n{}",
                result.diagnostics
            );
        }
    }
}

#[test]
fn a_site_left_alone_is_reminded_of_its_webinar_recording_and_its_stale_content() {
    // The same site half a year later: its webinar is over without a recording, and the
    // content nobody updated is stale. The dates are relative, so the findings are too.
    let result = check_site_made_on(date(2026, 12, 1), "2027-06-30T09:00:00Z");
    let mut codes: Vec<(&str, &str)> = result
        .diagnostics
        .0
        .iter()
        .map(|d| (d.code, d.file.as_str()))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("stale", "content/case-studies/example.md"),
            ("stale", "content/pages/about.md"),
            ("stale", "content/playbooks/kickoff.md"),
            ("stale", "content/stages/adoption.md"),
            ("stale", "content/stages/onboarding.md"),
            ("stale", "content/webinars/getting-started.md"),
            (
                "webinar-no-recording",
                "content/webinars/getting-started.md"
            ),
        ]
    );
    // Each owner gets their share: the playbook's own `owner:`, the webinars' folder owner,
    // and the rest, which no one owns yet.
    let by_owner: Value = serde_json::from_str(&result.to_json_by_owner()).unwrap();
    let shares: Vec<(Option<&str>, Vec<&str>)> = by_owner["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let stale = g["stale"].as_array().unwrap();
            (
                g["owner"].as_str(),
                stale.iter().map(|f| f.as_str().unwrap()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        [
            (
                Some("Customer Success"),
                vec!["content/playbooks/kickoff.md"]
            ),
            (
                Some("Marketing"),
                vec!["content/webinars/getting-started.md"]
            ),
            (
                None,
                vec![
                    "content/case-studies/example.md",
                    "content/pages/about.md",
                    "content/stages/adoption.md",
                    "content/stages/onboarding.md",
                ]
            ),
        ]
    );
}

#[test]
fn init_writes_one_document_of_each_kind_with_comments_that_teach() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hub");
    journeyhub::init::create_on(&root, date(2026, 12, 1)).unwrap();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    for folder in ["stages", "playbooks", "case-studies", "webinars", "pages"] {
        let files = std::fs::read_dir(root.join("content").join(folder)).unwrap();
        assert!(files.count() >= 1, "no document in content/{folder}/");
    }
    // Dates around the day the site is made: published a month and a week before, reviewed
    // that day, and a webinar two weeks on.
    let kickoff = read("content/playbooks/kickoff.md");
    assert!(
        kickoff.contains("\ndate: 2026-11-01\nupdated: 2026-12-01\n"),
        "{kickoff}"
    );
    let webinar = read("content/webinars/getting-started.md");
    assert!(
        webinar.contains("\nstarts_at: 2026-12-15T16:00:00+00:00\n"),
        "{webinar}"
    );
    // Each file explains what a newcomer meets first, and the settings point to the manual.
    assert!(read("site-config.yaml").contains("docs/content-model.md"));
    for rel in [
        "site-config.yaml",
        "content/stages/onboarding.md",
        "content/playbooks/kickoff.md",
        "content/case-studies/example.md",
        "content/webinars/getting-started.md",
        "content/pages/about.md",
        "content/_index.md",
    ] {
        assert!(
            read(rel).lines().any(|l| l.starts_with("# ")),
            "{rel} has no comment"
        );
    }

    // The call to action: the upcoming webinar's registration link, and the playbook's
    // outbound link, tagged for analytics.
    let mut options = journeyhub::BuildOptions::new(&root);
    options.now = Some(NOW.parse().unwrap());
    options.output = Some(tmp.path().join("out"));
    journeyhub::build(&options).expect("the site builds");
    let page = |rel: &str| {
        scraper::Html::parse_document(
            &std::fs::read_to_string(tmp.path().join("out").join(rel)).unwrap(),
        )
    };
    let links = |html: &scraper::Html| -> Vec<String> {
        let a = scraper::Selector::parse("main a[href^='https://']").unwrap();
        html.select(&a)
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect()
    };
    let webinar_links = links(&page("webinars/getting-started/index.html"));
    assert!(
        webinar_links.iter().any(|h| h.starts_with(
            "https://events.example.com/getting-started?utm_source=customer-hub&utm_medium=referral&utm_campaign=onboarding"
        )),
        "{webinar_links:?}"
    );
    // The playbook ends with its call to action, tagged with the kind of action.
    let kickoff = page("playbooks/kickoff/index.html");
    let cta = scraper::Selector::parse("aside.cta[data-cta-kind=contact] a").unwrap();
    let cta_links: Vec<&str> = kickoff
        .select(&cta)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(cta_links.len(), 1, "{cta_links:?}");
    assert!(
        cta_links[0].starts_with("https://calendar.example.com/kickoff?utm_source=customer-hub")
            && cta_links[0].contains("utm_content=contact"),
        "{cta_links:?}"
    );
}
