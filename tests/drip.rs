//! Drip sequences (docs/drip.md): the JSON and CSV files of each track, the email teasers,
//! the index page for marketers, `journeyhub drip`, and the report's and check's findings,
//! on a fixture with two segments, a document in two stages, one left out with
//! `drip: false`, an upcoming webinar and a past one with its recording.

mod common;

use common::{NOW, Output, TestSite, attrs, count, hrefs, sel, sitemap_locs};
use journeyhub::check::CheckOptions;
use serde_json::{Value, json};
use std::process::Command;

const FIXTURE: &str = "drip";
const HUB: &str = "https://hub.example.com/";

fn built() -> (TestSite, Output) {
    let site = TestSite::fixture(FIXTURE);
    let out = site.build();
    (site, out)
}

/// A step's page with the fixture's UTM parameters: the campaign is the step's stage.
fn url(path: &str, stage: &str, step: usize) -> String {
    format!("{HUB}{path}?utm_source=hub&utm_medium=email&utm_campaign={stage}&utm_content={step}")
}

fn json_file(out: &Output, rel: &str) -> Value {
    serde_json::from_str(&out.read(rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// Every row of a CSV file, the header first.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect()
}

/// The steps of a sequence without their teasers (asserted on their own below).
fn steps_without_teasers(sequence: &Value) -> Vec<Value> {
    sequence["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            let mut s = s.clone();
            let o = s.as_object_mut().unwrap();
            for key in ["teaser_html", "teaser_text"] {
                assert!(o.remove(key).is_some_and(|v| v.is_string()), "{key}");
            }
            s
        })
        .collect()
}

/// The email table of a teaser, or of the section of a teaser page that shows it.
fn teaser_table(within: scraper::ElementRef) -> Option<String> {
    within
        .select(&sel("table[role=presentation]"))
        .next()
        .map(|t| t.html())
}

#[test]
fn the_journey_track_for_every_customer_as_csv() {
    let (_site, out) = built();
    let rows = csv_rows(&out.read("drip/journey/sequence.csv"));
    let row = |step: usize,
               day: i64,
               subject: &str,
               preview: &str,
               path: &str,
               stage: &str,
               doc: &str| {
        vec![
            step.to_string(),
            day.to_string(),
            subject.to_string(),
            preview.to_string(),
            url(path, stage, step),
            stage.to_string(),
            String::new(),
            format!("content/{doc}"),
        ]
    };
    assert_eq!(
        rows,
        vec![
            vec![
                "step",
                "day",
                "subject",
                "preview_text",
                "url",
                "stage",
                "segment",
                "document"
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            // Onboarding: `drip: {order: 1}` first, then the oldest date first, one a week.
            row(
                1,
                0,
                "Single sign-on for large teams",
                "Connect your identity provider before inviting anyone.",
                "playbooks/enterprise-sso/",
                "onboarding",
                "playbooks/enterprise-sso.md"
            ),
            row(
                2,
                7,
                "Kickoff meeting",
                "Agree on goals, owners and the first milestone in one hour.",
                "playbooks/kickoff/",
                "onboarding",
                "playbooks/kickoff.md"
            ),
            row(
                3,
                14,
                "Set up in an afternoon",
                "Small teams: three settings & one workflow.",
                "playbooks/smb-setup/",
                "onboarding",
                "playbooks/smb-setup.md"
            ),
            // In onboarding and adoption: sent once, in onboarding.
            row(
                4,
                21,
                "How Beta Stores went live",
                "A retailer's first month, then its rollout.",
                "case-studies/shared/",
                "onboarding",
                "case-studies/shared.md"
            ),
            // Adoption begins a week after onboarding's last step (day 28); the review is
            // pinned to its day 21. The page with `drip: false` and the upcoming webinar are
            // not sent; the past webinar with its recording is.
            row(
                5,
                49,
                "The three-week adoption review",
                "Look at who uses what, three weeks in.",
                "playbooks/adoption-review/",
                "adoption",
                "playbooks/adoption-review.md"
            ),
            row(
                6,
                56,
                "Automation recipes",
                "Ten recipes customers build in their first quarter.",
                "webinars/recorded/",
                "adoption",
                "webinars/recorded.md"
            ),
            row(
                7,
                63,
                "Weekly usage habits",
                "Small rituals that keep every team in the product.",
                "playbooks/usage/",
                "adoption",
                "playbooks/usage.md"
            ),
        ]
    );
    // CRLF line ends, as RFC 4180 and the importers expect.
    assert!(out.read("drip/journey/sequence.csv").ends_with("\r\n"));
}

#[test]
fn the_journey_track_of_a_segment_as_json() {
    let (_site, out) = built();
    let sequence = json_file(&out, "drip/journey/company_size/smb/sequence.json");
    let dir = format!("{HUB}drip/journey/company_size/smb/");
    let step = |n: usize,
                day: i64,
                stage: &str,
                doc: &str,
                kind: &str,
                for_segment: bool,
                subject: &str,
                preview: &str,
                path: &str,
                image: Value| {
        json!({
            "step": n, "day": day, "stage": stage, "document": format!("content/{doc}"),
            "kind": kind, "for_segment": for_segment, "subject": subject,
            "preview_text": preview, "url": url(path, stage, n), "image": image,
            "teaser_url": format!("{dir}teasers.html#step-{n}"),
        })
    };
    assert_eq!(
        steps_without_teasers(&sequence),
        vec![
            // The enterprise playbook is not for smb customers.
            step(
                1,
                0,
                "onboarding",
                "playbooks/kickoff.md",
                "playbook",
                false,
                "Kickoff meeting",
                "Agree on goals, owners and the first milestone in one hour.",
                "playbooks/kickoff/",
                json!("https://cdn.example.com/kickoff.png")
            ),
            step(
                2,
                7,
                "onboarding",
                "playbooks/smb-setup.md",
                "playbook",
                true,
                "Set up in an afternoon",
                "Small teams: three settings & one workflow.",
                "playbooks/smb-setup/",
                Value::Null
            ),
            step(
                3,
                14,
                "onboarding",
                "case-studies/shared.md",
                "case_study",
                false,
                "How Beta Stores went live",
                "A retailer's first month, then its rollout.",
                "case-studies/shared/",
                Value::Null
            ),
            step(
                4,
                42,
                "adoption",
                "playbooks/adoption-review.md",
                "playbook",
                true,
                "The three-week adoption review",
                "Look at who uses what, three weeks in.",
                "playbooks/adoption-review/",
                Value::Null
            ),
            step(
                5,
                49,
                "adoption",
                "webinars/recorded.md",
                "webinar",
                false,
                "Automation recipes",
                "Ten recipes customers build in their first quarter.",
                "webinars/recorded/",
                Value::Null
            ),
            step(
                6,
                56,
                "adoption",
                "playbooks/usage.md",
                "playbook",
                false,
                "Weekly usage habits",
                "Small rituals that keep every team in the product.",
                "playbooks/usage/",
                Value::Null
            ),
        ]
    );
    let mut head = sequence.clone();
    head.as_object_mut().unwrap().remove("steps");
    assert_eq!(
        head,
        json!({
            "generator": "journeyhub",
            "version": 1,
            "track": "journey/company_size/smb",
            "title": "Drip Hub: Whole journey × smb",
            "language": "en",
            "stage": null,
            "segment": {"taxonomy": "company_size", "term": "smb", "slug": "smb"},
            "cadence_days": 7,
            "days": 63,
            "json_url": format!("{dir}sequence.json"),
            "csv_url": format!("{dir}sequence.csv"),
            "sent_earlier": []
        })
    );
}

#[test]
fn a_later_stage_track_says_what_an_earlier_one_sent() {
    let (_site, out) = built();
    let sequence = json_file(&out, "drip/stages/adoption/company_size/smb/sequence.json");
    let days: Vec<(i64, &str)> = sequence["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["day"].as_i64().unwrap(), s["document"].as_str().unwrap()))
        .collect();
    assert_eq!(
        days,
        [
            (21, "content/playbooks/adoption-review.md"),
            (28, "content/webinars/recorded.md"),
            (35, "content/playbooks/usage.md"),
        ]
    );
    assert_eq!(
        sequence["sent_earlier"],
        json!([{"document": "content/case-studies/shared.md", "subject": "How Beta Stores went live", "stage": "onboarding"}])
    );
    assert_eq!(sequence["days"], 42);
    assert_eq!(
        sequence["feed_url"],
        format!("{HUB}stages/adoption/company_size/smb/atom.xml")
    );
    // The step's number is in the address; the stage is the campaign.
    assert_eq!(
        sequence["steps"][0]["url"],
        url("playbooks/adoption-review/", "adoption", 1)
    );
    let rows = csv_rows(&out.read("drip/stages/adoption/company_size/smb/sequence.csv"));
    assert_eq!(rows.len(), 4);
    assert!(
        rows[1..].iter().all(|r| r[6] == "company_size=smb"),
        "{rows:?}"
    );

    // Every track of the fixture is written, Japanese terms included.
    for dir in [
        "drip/journey/",
        "drip/journey/company_size/enterprise/",
        "drip/journey/company_size/中堅企業/",
        "drip/stages/onboarding/",
        "drip/stages/onboarding/company_size/中堅企業/",
        "drip/stages/adoption/company_size/enterprise/",
    ] {
        assert!(out.exists(&format!("{dir}sequence.json")), "{dir}");
        assert!(out.exists(&format!("{dir}sequence.csv")), "{dir}");
    }
    let enterprise = json_file(
        &out,
        "drip/stages/onboarding/company_size/enterprise/sequence.json",
    );
    assert_eq!(
        enterprise["steps"][0]["document"],
        "content/playbooks/enterprise-sso.md"
    );
    assert_eq!(enterprise["steps"][0]["for_segment"], true);
}

#[test]
fn each_step_has_an_email_teaser_without_stylesheet_or_script() {
    let (_site, out) = built();
    let sequence = json_file(&out, "drip/journey/sequence.json");
    let teaser = |n: usize, key: &str| sequence["steps"][n - 1][key].as_str().unwrap().to_string();
    let html = teaser(2, "teaser_html");
    let fragment = scraper::Html::parse_fragment(&html);
    assert_eq!(count(&fragment, "script"), 0);
    assert_eq!(count(&fragment, "link"), 0);
    assert_eq!(count(&fragment, "style"), 0);
    assert!(count(&fragment, "table[role=presentation]") >= 1);
    let tracked = url("playbooks/kickoff/", "onboarding", 2);
    let links = hrefs(&fragment, "a");
    assert_eq!(
        links,
        [tracked.clone(), tracked.clone()],
        "the image and the button"
    );
    assert_eq!(
        attrs(&fragment, "img", "src"),
        ["https://cdn.example.com/kickoff.png"]
    );
    let texts: Vec<String> = fragment
        .select(&sel("td"))
        .filter(|td| td.select(&sel("table, img")).next().is_none())
        .map(|td| td.text().collect::<String>())
        .collect();
    assert_eq!(
        texts,
        [
            "Kickoff meeting",
            "Agree on goals, owners and the first milestone in one hour.",
            "Read more"
        ]
    );
    // Every element that is shown is styled inline.
    for element in ["td", "a", "img"] {
        for e in fragment.select(&sel(element)) {
            assert!(
                e.value().attr("style").is_some(),
                "{element} without style in {html}"
            );
        }
    }
    let text = teaser(2, "teaser_text");
    assert_eq!(
        text,
        format!(
            "Kickoff meeting\n\nAgree on goals, owners and the first milestone in one hour.\n\nRead more: {tracked}\n"
        )
    );
    // The track's teaser page shows each step's teaser and its text, to copy, and asks
    // search engines not to index it.
    let page = scraper::Html::parse_document(&out.read("drip/journey/teasers.html"));
    assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex"]);
    assert_eq!(count(&page, "script"), 0);
    assert_eq!(
        count(&page, "section"),
        sequence["steps"].as_array().unwrap().len()
    );
    let section = page.select(&sel("section#step-2")).next().expect("step 2");
    assert_eq!(teaser_table(section), teaser_table(fragment.root_element()));
    assert_eq!(
        section
            .select(&sel("pre"))
            .next()
            .map(|p| p.text().collect::<String>()),
        Some(text)
    );
    // A webinar's button offers its recording.
    let webinar = scraper::Html::parse_fragment(&teaser(6, "teaser_html"));
    assert_eq!(common::texts(&webinar, "a"), ["Watch the recording"]);
}

/// Without UTM parameters a document's steps link its bare page, and every track that sends
/// it sends the same teaser (made once per build and shared: each track's files must still
/// show it whole).
#[test]
fn without_utm_parameters_every_track_sends_a_document_with_one_teaser() {
    let site = TestSite::fixture(FIXTURE);
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    let (kept, _) = config
        .split_once("utm:")
        .expect("the fixture has UTM parameters");
    site.write("site-config.yaml", kept);
    let out = site.build();
    let tracks = [
        "drip/journey/",
        "drip/journey/company_size/smb/",
        "drip/stages/onboarding/",
    ];
    let mut teasers = vec![];
    for track in tracks {
        let sequence = json_file(&out, &format!("{track}sequence.json"));
        let page = scraper::Html::parse_document(&out.read(&format!("{track}teasers.html")));
        let step = sequence["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["document"] == "content/playbooks/kickoff.md")
            .unwrap_or_else(|| panic!("{track} sends the kickoff playbook"));
        assert_eq!(step["url"], format!("{HUB}playbooks/kickoff/"), "{track}");
        let html = step["teaser_html"].as_str().unwrap().to_string();
        let fragment = scraper::Html::parse_fragment(&html);
        assert_eq!(
            hrefs(&fragment, "a"),
            [
                format!("{HUB}playbooks/kickoff/"),
                format!("{HUB}playbooks/kickoff/")
            ],
            "{track}: the image and the button"
        );
        let section = page
            .select(&sel(&format!("section#step-{}", step["step"])))
            .next()
            .unwrap_or_else(|| panic!("{track}: the step's section"));
        assert_eq!(
            teaser_table(section),
            teaser_table(fragment.root_element()),
            "{track}"
        );
        assert_eq!(
            section
                .select(&sel("pre"))
                .next()
                .map(|p| p.text().collect::<String>()),
            step["teaser_text"].as_str().map(String::from),
            "{track}"
        );
        teasers.push((
            html,
            step["teaser_text"].clone(),
            step["preview_text"].clone(),
        ));
    }
    assert!(teasers.windows(2).all(|w| w[0] == w[1]), "{teasers:#?}");
}

#[test]
fn the_index_for_marketers_is_kept_out_of_search_and_customer_pages() {
    let (_site, out) = built();
    let index = out.page("drip/index.html");
    assert_eq!(attrs(&index, "meta[name=robots]", "content"), ["noindex"]);
    let files = hrefs(&index, "a[href$='sequence.csv']");
    assert!(files.contains(&format!(
        "{HUB}drip/stages/adoption/company_size/smb/sequence.csv"
    )));
    // One row per track in the overview, and one section per track below it.
    assert_eq!(
        count(&index, "main > table > tbody > tr"),
        count(&index, "section[id]")
    );

    let locs = sitemap_locs(&out.read("sitemap.xml"));
    assert!(!locs.is_empty());
    assert!(locs.iter().all(|l| !l.contains("/drip/")), "{locs:?}");
    assert!(
        out.read("robots.txt")
            .lines()
            .any(|l| l == "Disallow: /drip/")
    );
    for (path, page) in out.html_pages() {
        if path.starts_with("drip/") {
            continue;
        }
        let to_drip: Vec<String> = hrefs(&page, "a")
            .into_iter()
            .filter(|h| h.contains("/drip/"))
            .collect();
        assert!(to_drip.is_empty(), "{path} links to {to_drip:?}");
    }
}

#[test]
fn each_tracks_feed_links_its_sequence_files() {
    let (_site, out) = built();
    let atom = out.read("stages/adoption/company_size/smb/atom.xml");
    for (mime, file) in [
        ("application/json", "sequence.json"),
        ("text/csv", "sequence.csv"),
    ] {
        let link = format!(
            "<link rel=\"related\" type=\"{mime}\" title=\"drip sequence\" href=\"{HUB}drip/stages/adoption/company_size/smb/{file}\"/>"
        );
        assert!(atom.contains(&link), "{atom}");
    }
    let feed = json_file(&out, "feeds/feed.json");
    assert_eq!(
        feed["_drip"],
        json!({
            "sequence_json": format!("{HUB}drip/journey/sequence.json"),
            "sequence_csv": format!("{HUB}drip/journey/sequence.csv")
        })
    );
    let parsed = feed_rs::parser::parse(atom.as_bytes()).expect("the Atom feed still parses");
    assert!(!parsed.entries.is_empty());
}

#[test]
fn the_drip_files_are_the_same_on_every_build() {
    let site = TestSite::fixture(FIXTURE);
    let first = site.build();
    let drip = |out: &Output| {
        common::snapshot(&out.dir)
            .into_iter()
            .filter(|(path, _)| path.contains("drip/"))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let before = drip(&first);
    assert!(before.len() > 20, "{:?}", before.keys());
    let mut options = site.options();
    options.output = Some(site.tmp.path().join("again"));
    let again = site.build_with(options);
    common::assert_same_files(&before, &drip(&again), "a second build");
}

fn run_drip(site: &TestSite, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .arg("drip")
        .arg("--root")
        .arg(&site.root)
        .args(["--now", NOW])
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn journeyhub_drip_previews_a_customers_dated_sends() {
    let site = TestSite::fixture(FIXTURE);
    let (code, stdout, stderr) = run_drip(
        &site,
        &["--segment", "company_size=smb", "--start", "2026-12-01"],
    );
    assert_eq!(code, 0, "{stderr}");
    let sends = |stage: &str, n: usize, path: &str| url(path, stage, n);
    assert_eq!(
        stdout,
        format!(
            "Drip Hub: Whole journey × smb\n\
             track journey/company_size/smb (en), one email every 7 days from 2026-12-01: 6 emails over 63 days\n\
             \n  1  2026-12-01  day 0     onboarding  Kickoff meeting\n     {}\n\
             \x20 2  2026-12-08  day 7     onboarding  Set up in an afternoon\n     {}\n\
             \x20 3  2026-12-15  day 14    onboarding  How Beta Stores went live\n     {}\n\
             \x20 4  2027-01-12  day 42    adoption  The three-week adoption review\n     {}\n\
             \x20 5  2027-01-19  day 49    adoption  Automation recipes\n     {}\n\
             \x20 6  2027-01-26  day 56    adoption  Weekly usage habits\n     {}\n",
            sends("onboarding", 1, "playbooks/kickoff/"),
            sends("onboarding", 2, "playbooks/smb-setup/"),
            sends("onboarding", 3, "case-studies/shared/"),
            sends("adoption", 4, "playbooks/adoption-review/"),
            sends("adoption", 5, "webinars/recorded/"),
            sends("adoption", 6, "playbooks/usage/"),
        )
    );

    // One stage, as JSON: the dates start from the day of --now without --start.
    let (code, stdout, stderr) = run_drip(
        &site,
        &[
            "--stage",
            "adoption",
            "--segment",
            "company_size=smb",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let sequence: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(sequence["start"], "2026-12-01");
    assert_eq!(sequence["track"], "adoption/company_size/smb");
    let dates: Vec<(&str, &str)> = sequence["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["date"].as_str().unwrap(), s["subject"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dates,
        [
            ("2026-12-22", "The three-week adoption review"),
            ("2026-12-29", "Automation recipes"),
            ("2027-01-05", "Weekly usage habits"),
        ]
    );
    // Apart from the dates, the preview is the file the build writes.
    let out = site.build();
    let mut written = json_file(&out, "drip/stages/adoption/company_size/smb/sequence.json");
    let mut previewed = sequence.clone();
    previewed.as_object_mut().unwrap().remove("start");
    for s in previewed["steps"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("date");
    }
    written.as_object_mut().unwrap().remove("start");
    assert_eq!(previewed, written);
}

#[test]
fn journeyhub_drip_names_the_segments_there_are() {
    let site = TestSite::fixture(FIXTURE);
    let (code, stdout, stderr) = run_drip(&site, &["--segment", "company_size=startup"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("no document of the site has `company_size: startup`")
            && stderr.contains("the terms of `company_size` are: enterprise, smb, 中堅企業"),
        "{stderr}"
    );
    let (code, _, stderr) = run_drip(&site, &["--segment", "industry=retail"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`industry` is not a taxonomy of site-config.yaml"),
        "{stderr}"
    );
    // A Japanese term is found as written.
    let (code, stdout, stderr) = run_drip(
        &site,
        &[
            "--segment",
            "company_size=中堅企業",
            "--stage",
            "onboarding",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("Drip Hub: Onboarding × 中堅企業\n"),
        "{stdout}"
    );
}

#[test]
fn the_report_counts_the_steps_of_the_real_sequences() {
    let site = TestSite::fixture(FIXTURE);
    let (report, _) = journeyhub::report::compute(&site.options()).expect("a report");
    let report = serde_json::to_value(&report).unwrap();
    let cell = |term: &str,
                segment: usize,
                general: usize,
                sent_earlier: usize,
                days: i64,
                stage_weeks: i64| {
        // The fixture's site has no display names for its company sizes: shown as written.
        json!({
            "term": term, "label": term, "segment_documents": segment, "general_documents": general,
            "documents": segment + general, "sent_earlier": sent_earlier, "days": days,
            "weeks": days / 7, "stage_weeks": stage_weeks, "runs_dry": days < stage_weeks * 7
        })
    };
    assert_eq!(
        report["drip"],
        json!([{
            "taxonomy": "company_size",
            "terms": ["enterprise", "smb", "中堅企業"],
            "labels": ["enterprise", "smb", "中堅企業"],
            "rows": [
                {"stage": "onboarding", "cells": [
                    cell("enterprise", 1, 2, 0, 21, 4),
                    cell("smb", 1, 2, 0, 21, 4),
                    cell("中堅企業", 1, 2, 0, 21, 4),
                ]},
                // Adoption lasts 6 weeks (`drip: {weeks: 6}`); the case study was sent in
                // onboarding, and the review is sent on day 21.
                {"stage": "adoption", "cells": [
                    cell("enterprise", 0, 2, 1, 14, 6),
                    cell("smb", 1, 2, 1, 42, 6),
                    cell("中堅企業", 0, 2, 1, 14, 6),
                ]},
            ]
        }])
    );
    let dry: Vec<&Value> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == "drip-runs-dry")
        .collect();
    assert_eq!(
        dry,
        [
            &json!({"kind": "drip-runs-dry", "stage": "adoption", "taxonomy": "company_size", "term": "enterprise", "term_label": "enterprise",
                "sentence": "New customers in enterprise run out of content for the Adoption stage after 2 weeks (2 documents at one every 7 days), while customers stay in the stage for 6 weeks."}),
            &json!({"kind": "drip-runs-dry", "stage": "adoption", "taxonomy": "company_size", "term": "中堅企業", "term_label": "中堅企業",
                "sentence": "New customers in 中堅企業 run out of content for the Adoption stage after 2 weeks (2 documents at one every 7 days), while customers stay in the stage for 6 weeks."}),
            &json!({"kind": "drip-runs-dry", "stage": "onboarding", "taxonomy": "company_size", "term": "enterprise", "term_label": "enterprise",
                "sentence": "New customers in enterprise run out of content for the Onboarding stage after 3 weeks (3 documents at one every 7 days), while customers stay in the stage for 4 weeks."}),
            &json!({"kind": "drip-runs-dry", "stage": "onboarding", "taxonomy": "company_size", "term": "smb", "term_label": "smb",
                "sentence": "New customers in smb run out of content for the Onboarding stage after 3 weeks (3 documents at one every 7 days), while customers stay in the stage for 4 weeks."}),
            &json!({"kind": "drip-runs-dry", "stage": "onboarding", "taxonomy": "company_size", "term": "中堅企業", "term_label": "中堅企業",
                "sentence": "New customers in 中堅企業 run out of content for the Onboarding stage after 3 weeks (3 documents at one every 7 days), while customers stay in the stage for 4 weeks."}),
        ]
    );
}

/// The drip findings of `check --format json` on the site, as JSON.
fn drip_findings(site: &TestSite, drafts: bool) -> Vec<Value> {
    let mut options = site.options();
    options.drafts = drafts;
    let result = journeyhub::check(&CheckOptions::new(options));
    let all: Value = serde_json::from_str(&result.to_json()).unwrap();
    all["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("drip-"))
        .cloned()
        .collect()
}

#[test]
fn check_warns_about_gaps_repeats_and_steps_without_a_public_page() {
    let site = TestSite::fixture(FIXTURE);
    // The same playbook copied for a second stage, a page kept out of search, and a draft.
    site.write(
        "content/playbooks/kickoff-again.md",
        "---\ntitle: Kickoff  meeting\nstage: adoption\ndate: 2026-11-10\n---\nAgain.\n",
    );
    site.write(
        "content/pages/hidden.md",
        "---\ntitle: Partner pricing\nstage: adoption\ndate: 2026-11-20\nsearch: false\n---\nPrices.\n",
    );
    site.write(
        "content/playbooks/next.md",
        "---\ntitle: Next steps\nstage: adoption\ndate: 2026-11-25\ndraft: true\n---\nSoon.\n",
    );
    let findings = drip_findings(&site, true);
    let codes: Vec<(&str, &str)> = findings
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("drip-hidden-step", "content/pages/hidden.md"),
            ("drip-gap", "content/playbooks/adoption-review.md"),
            ("drip-sent-twice", "content/playbooks/kickoff-again.md"),
            ("drip-unpublished-step", "content/playbooks/next.md"),
        ]
    );
    assert_eq!(
        findings[1],
        json!({
            "severity": "warning",
            "code": "drip-gap",
            "file": "content/playbooks/adoption-review.md",
            "line": 7,
            "column": 7,
            "message": "in the drip track `adoption` (en), this is step 1 on day 21, 21 days after the track begins: more than twice `drip_cadence_days` (7), so customers hear nothing for 21 days",
            "hint": "send it at most 14 days after the email before it: lower the day in `drip: {day: …}`, or add documents to the stage to send in between"
        })
    );
    assert_eq!(
        findings[2]["message"],
        "the drip track `journey` (en) would send customers the same email twice: step 2 is content/playbooks/kickoff.md and step 8 is this document, both titled \"Kickoff  meeting\""
    );
    assert_eq!(
        (&findings[0]["line"], &findings[3]["line"]),
        (&json!(5), &json!(5)),
        "at `search: false` and at `draft: true`"
    );
    assert!(
        findings[3]["message"]
            .as_str()
            .unwrap()
            .starts_with("this draft is step "),
        "{}",
        findings[3]
    );

    // Without --drafts the draft is not on the site, so not in any sequence either.
    let codes: Vec<String> = drip_findings(&site, false)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["drip-hidden-step", "drip-gap", "drip-sent-twice"]);
}

#[test]
fn a_wrong_drip_key_says_what_to_write() {
    let site = TestSite::fixture(FIXTURE);
    site.write(
        "content/playbooks/usage.md",
        "---\ntitle: Weekly usage habits\nstage: adoption\ndate: 2026-11-05\ndrip: {ordr: 2}\n---\nHabits.\n",
    );
    site.write(
        "content/stages/adoption.md",
        "---\ntitle: Adoption\norder: 2\ndrip: {weeks: 0}\n---\nEvery team.\n",
    );
    let errors = site.build_err();
    let usage = common::find(&errors, "invalid-value", "content/playbooks/usage.md");
    assert_eq!(usage.line, 5);
    assert_eq!(
        usage.message,
        "`drip` has no setting `ordr`; it takes `order` and `day`"
    );
    assert!(
        common::hint(usage).starts_with("did you mean `order`?"),
        "{}",
        common::hint(usage)
    );
    let stage = common::find(&errors, "invalid-value", "content/stages/adoption.md");
    assert_eq!(stage.line, 4);
    assert!(common::hint(stage).contains("`drip: {weeks: 6}`"));
}
