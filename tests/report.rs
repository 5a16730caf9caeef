//! `journeyhub report`: the coverage numbers of the `check-report` fixture, counted by hand
//! from its front matter (see the comments), the HTML page read back with an HTML parser,
//! and the rules about where the two files may be written.
//!
//! The fixture (English, now = 2026-12-01 in Asia/Tokyo, cadence 10 days, stale after 180;
//! touch: high and tech served, webinars low by default; i18n/en.yaml names the company
//! sizes `Enterprise` and `Small business`, and no industry):
//!
//! | document              | stages                | kind       | industry      | size       | touch      | fresh date |
//! |-----------------------|-----------------------|------------|---------------|------------|------------|------------|
//! | playbooks/kickoff     | onboarding            | playbook   | —             | enterprise | high       | 11-21 (10) |
//! | playbooks/emails      | onboarding            | playbook   | retail        | —          | tech       | 10-02 (60) |
//! | playbooks/rollout     | expansion             | playbook   | retail        | —          | high       | 06-04 (180)|
//! | playbooks/draft       | expansion (draft)     | —          | not counted   |            |            |            |
//! | case-studies/acme     | onboarding, expansion | case study | manufacturing | enterprise | —          | 08-03 (120)|
//! | case-studies/beta     | onboarding            | case study | retail        | smb        | —          | 03-01 (275)|
//! | webinars/intro        | onboarding (Dec 10)   | webinar    | retail        | —          | low (default) | 11-01 (30) |
//! | webinars/deep-dive    | expansion (Feb 18)    | webinar    | —             | —          | low (default) | 11-16 (15) |
//! | webinars/past         | expansion (past)      | webinar    | —             | —          | low (default) | 2025-11-01 (395) |
//! | pages/community       | expansion             | page       | —             | —          | —          | 11-30 (1)  |
//! | pages/about           | no stage              | not counted|               |            |            |            |
//!
//! The advocacy stage has no content at all.

mod common;

use common::*;
use journeyhub::report::{ReportOptions, ReportSummary};
use scraper::Html;
use serde_json::{Value, json};
use std::fs;
use std::process::Command;

const FIXTURE: &str = "check-report";

fn options(site: &TestSite) -> ReportOptions {
    let mut build = site.options();
    build.output = None;
    ReportOptions::new(build)
}

fn write_report(site: &TestSite) -> ReportSummary {
    match journeyhub::report(&options(site)) {
        Ok(s) => s,
        Err(d) => panic!("the report failed:\n{d}"),
    }
}

fn json_of(summary: &ReportSummary) -> Value {
    serde_json::from_str(&fs::read_to_string(&summary.json).unwrap()).expect("valid JSON")
}

#[test]
fn content_per_stage_and_kind() {
    let site = TestSite::fixture(FIXTURE);
    let report = json_of(&write_report(&site));
    assert_eq!(
        report["stages"],
        json!([
            {"id": "onboarding", "title": "Onboarding"},
            {"id": "expansion", "title": "Expansion"},
            {"id": "advocacy", "title": "Advocacy"}
        ])
    );
    assert_eq!(
        report["kinds"],
        json!([
            // kickoff, emails | acme, beta | intro
            {"stage": "onboarding", "counts": {"playbook": 2, "case_study": 2, "webinar": 1, "page": 0}, "total": 5},
            // rollout (the draft is left out) | acme | deep-dive, past | community
            {"stage": "expansion", "counts": {"playbook": 1, "case_study": 1, "webinar": 2, "page": 1}, "total": 5},
            {"stage": "advocacy", "counts": {"playbook": 0, "case_study": 0, "webinar": 0, "page": 0}, "total": 0}
        ])
    );
}

#[test]
fn content_per_stage_and_segment() {
    let site = TestSite::fixture(FIXTURE);
    let report = json_of(&write_report(&site));
    assert_eq!(
        report["segments"],
        json!([
            {
                "taxonomy": "industry",
                "terms": ["manufacturing", "retail"],
                // No display name is given: the terms as written.
                "labels": ["manufacturing", "retail"],
                "rows": [
                    // acme | emails, beta, intro
                    {"stage": "onboarding", "counts": {"manufacturing": 1, "retail": 3}},
                    // acme | rollout
                    {"stage": "expansion", "counts": {"manufacturing": 1, "retail": 1}},
                    {"stage": "advocacy", "counts": {"manufacturing": 0, "retail": 0}}
                ]
            },
            {
                "taxonomy": "company_size",
                "terms": ["enterprise", "smb"],
                "labels": ["Enterprise", "Small business"],
                "rows": [
                    // kickoff, acme | beta
                    {"stage": "onboarding", "counts": {"enterprise": 2, "smb": 1}},
                    {"stage": "expansion", "counts": {"enterprise": 1, "smb": 0}},
                    {"stage": "advocacy", "counts": {"enterprise": 0, "smb": 0}}
                ]
            }
        ])
    );
}

#[test]
fn content_per_stage_and_touch_model() {
    let site = TestSite::fixture(FIXTURE);
    let report = json_of(&write_report(&site));
    assert_eq!(
        report["touch"],
        json!({
            "models": ["high", "low", "tech"],
            "labels": ["High-touch", "Low-touch", "Tech-touch"],
            "served": ["high", "tech"],
            "rows": [
                // kickoff | intro (the webinars' default) | emails
                {"stage": "onboarding", "counts": {"high": 1, "low": 1, "tech": 1}},
                // rollout | deep-dive, past | nothing: the community page names no model
                {"stage": "expansion", "counts": {"high": 1, "low": 2, "tech": 0}},
                {"stage": "advocacy", "counts": {"high": 0, "low": 0, "tech": 0}}
            ]
        })
    );
    // A gap per stage and served model without content: low touch is not promised, so an
    // advocacy stage without it is no gap.
    let touch_gaps: Vec<&Value> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == "touch-gap")
        .collect();
    assert_eq!(
        touch_gaps,
        [
            &json!({
                "kind": "touch-gap", "stage": "expansion", "taxonomy": "touch", "term": "tech", "term_label": "Tech-touch",
                "sentence": "No Tech-touch content for the Expansion stage: customers without a success manager have no path through it."
            }),
            &json!({
                "kind": "touch-gap", "stage": "advocacy", "taxonomy": "touch", "term": "high", "term_label": "High-touch",
                "sentence": "No High-touch content for the Advocacy stage: success managers have nothing to take their customers through it."
            }),
            &json!({
                "kind": "touch-gap", "stage": "advocacy", "taxonomy": "touch", "term": "tech", "term_label": "Tech-touch",
                "sentence": "No Tech-touch content for the Advocacy stage: customers without a success manager have no path through it."
            }),
        ]
    );

    // Without `touch.served`, the table stays and nothing is a gap.
    let config = fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("  served: [high, tech]\n", ""),
    );
    let summary = write_report(&site);
    let report = json_of(&summary);
    assert_eq!(report["touch"]["served"], json!([]));
    assert_eq!(report["touch"]["rows"][1]["counts"]["low"], 2);
    assert!(
        report["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["kind"] != "touch-gap")
    );
    let page = Html::parse_document(&fs::read_to_string(&summary.html).unwrap());
    assert_eq!(
        count(
            &page,
            "svg[aria-labelledby=touch-chart-t] rect[stroke-dasharray]"
        ),
        0
    );
}

#[test]
fn freshness_buckets_and_stale_lists() {
    let site = TestSite::fixture(FIXTURE);
    let report = json_of(&write_report(&site));
    let buckets = |counts: [usize; 5]| {
        let bounds = [
            (0, json!(30)),
            (31, json!(90)),
            (91, json!(180)),
            (181, json!(365)),
            (366, Value::Null),
        ];
        Value::Array(
            bounds
                .into_iter()
                .zip(counts)
                .map(
                    |((min, max), count)| json!({"min_days": min, "max_days": max, "count": count}),
                )
                .collect(),
        )
    };
    assert_eq!(
        report["freshness"],
        json!([
            {
                // kickoff 10, intro 30 | emails 60 | acme 120 | beta 275
                "stage": "onboarding", "documents": 5, "buckets": buckets([2, 1, 1, 1, 0]), "undated": 0,
                "stale": [{"file": "content/case-studies/beta.md", "title": "Beta Stores", "kind": "case_study", "date": "2026-03-01", "age_days": 275}]
            },
            {
                // community 1, deep-dive 15 | acme 120, rollout 180 (not stale: exactly the limit) | past 395
                "stage": "expansion", "documents": 5, "buckets": buckets([2, 0, 2, 0, 1]), "undated": 0,
                "stale": [{"file": "content/webinars/past.md", "title": "Automation recipes", "kind": "webinar", "date": "2025-11-01", "age_days": 395}]
            },
            {"stage": "advocacy", "documents": 0, "buckets": buckets([0, 0, 0, 0, 0]), "undated": 0, "stale": []}
        ])
    );
}

#[test]
fn upcoming_webinars_per_month_include_empty_months() {
    let site = TestSite::fixture(FIXTURE);
    let report = json_of(&write_report(&site));
    assert_eq!(
        report["upcoming_webinars"],
        json!([
            {"month": "2026-12", "count": 1, "webinars": [
                {"file": "content/webinars/intro.md", "title": "Getting started", "starts_at": "2026-12-10T14:00:00+09:00"}
            ]},
            {"month": "2027-01", "count": 0, "webinars": []},
            {"month": "2027-02", "count": 1, "webinars": [
                {"file": "content/webinars/deep-dive.md", "title": "Dashboards deep dive", "starts_at": "2027-02-18T15:00:00+09:00"}
            ]}
        ])
    );
}

#[test]
fn drip_weeks_per_stage_and_segment() {
    let site = TestSite::fixture(FIXTURE);
    let report = json_of(&write_report(&site));
    assert_eq!(
        report["settings"],
        json!({"stale_after_days": 180, "drip_cadence_days": 10, "drip_min_weeks": 4})
    );
    // The steps of each stage × term track, one every 10 days: days = steps × 10, weeks =
    // days / 7 rounded down, and a stage lasts 4 weeks (28 days) unless it says otherwise.
    // Upcoming webinars (intro, deep-dive) and the draft are not sent; acme, in onboarding
    // and expansion, is sent in onboarding only.
    let cell = |term: &str, segment: usize, general: usize, sent_earlier: usize| {
        let documents = segment + general;
        let days = documents as i64 * 10;
        let label = match term {
            "enterprise" => "Enterprise",
            "smb" => "Small business",
            industry => industry,
        };
        json!({
            "term": term, "label": label, "segment_documents": segment, "general_documents": general,
            "documents": documents, "sent_earlier": sent_earlier, "days": days,
            "weeks": days / 7, "stage_weeks": 4, "runs_dry": days < 28
        })
    };
    assert_eq!(
        report["drip"],
        json!([
            {
                "taxonomy": "industry",
                "terms": ["manufacturing", "retail"],
                "labels": ["manufacturing", "retail"],
                "rows": [
                    // manufacturing: acme + kickoff (general); retail: beta, emails + kickoff
                    {"stage": "onboarding", "cells": [cell("manufacturing", 1, 1, 0), cell("retail", 2, 1, 0)]},
                    // general: community, past; retail: rollout; acme was sent in onboarding
                    {"stage": "expansion", "cells": [cell("manufacturing", 0, 2, 1), cell("retail", 1, 2, 0)]},
                    {"stage": "advocacy", "cells": [cell("manufacturing", 0, 0, 0), cell("retail", 0, 0, 0)]}
                ]
            },
            {
                "taxonomy": "company_size",
                "terms": ["enterprise", "smb"],
                "labels": ["Enterprise", "Small business"],
                "rows": [
                    // enterprise: acme, kickoff + emails (general); smb: beta + emails
                    {"stage": "onboarding", "cells": [cell("enterprise", 2, 1, 0), cell("smb", 1, 1, 0)]},
                    // general: community, rollout, past; acme was sent in onboarding
                    {"stage": "expansion", "cells": [cell("enterprise", 0, 3, 1), cell("smb", 0, 3, 0)]},
                    {"stage": "advocacy", "cells": [cell("enterprise", 0, 0, 0), cell("smb", 0, 0, 0)]}
                ]
            }
        ])
    );
    // The hand computation above, spelled out where it matters.
    let onboarding = &report["drip"][0]["rows"][0]["cells"];
    assert_eq!(onboarding[0]["weeks"], 2, "2 documents × 10 days = 2 weeks");
    assert_eq!(onboarding[0]["runs_dry"], true);
    let retail = &report["drip"][0]["rows"][0]["cells"][1];
    assert_eq!(retail["days"], 30, "3 documents × 10 days");
    assert_eq!(retail["weeks"], 4);
    assert_eq!(retail["runs_dry"], false, "30 days outlast the stage's 28");
    // The report counts what the build writes.
    let out = site.build();
    let written: serde_json::Value =
        serde_json::from_str(&out.read("drip/stages/onboarding/industry/retail/sequence.json"))
            .unwrap();
    assert_eq!(written["steps"].as_array().unwrap().len(), 3);
    assert_eq!(written["days"], 30);
}

#[test]
fn gaps_as_plain_sentences_most_important_first() {
    let site = TestSite::fixture(FIXTURE);
    let report = json_of(&write_report(&site));
    let sentences: Vec<&str> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["sentence"].as_str().unwrap())
        .collect();
    assert_eq!(
        sentences,
        [
            "No playbook for the Advocacy stage.",
            "No case study for the Advocacy stage.",
            "No webinar for the Advocacy stage.",
            "No Tech-touch content for the Expansion stage: customers without a success manager have no path through it.",
            "No High-touch content for the Advocacy stage: success managers have nothing to take their customers through it.",
            "No Tech-touch content for the Advocacy stage: customers without a success manager have no path through it.",
            "New customers in manufacturing have no content to be sent for the Advocacy stage.",
            "New customers in retail have no content to be sent for the Advocacy stage.",
            // Company sizes by the names the site's pages give them, not the codes.
            "New customers in Enterprise have no content to be sent for the Advocacy stage.",
            "New customers in Small business have no content to be sent for the Advocacy stage.",
            "New customers in manufacturing run out of content for the Onboarding stage after 2 weeks (2 documents at one every 10 days), while customers stay in the stage for 4 weeks.",
            "New customers in Small business run out of content for the Onboarding stage after 2 weeks (2 documents at one every 10 days), while customers stay in the stage for 4 weeks.",
            "New customers in manufacturing run out of content for the Expansion stage after 2 weeks (2 documents at one every 10 days), while customers stay in the stage for 4 weeks.",
            "1 document in the Onboarding stage has not been reviewed for more than 180 days.",
            "1 document in the Expansion stage has not been reviewed for more than 180 days.",
            "No case study for the Expansion stage in retail.",
            "No case study for the Expansion stage in Small business.",
        ]
    );
    assert_eq!(
        report["gaps"][16],
        json!({
            "kind": "segment-without-case-study", "stage": "expansion", "taxonomy": "company_size",
            "term": "smb", "term_label": "Small business", "content_kind": "case_study",
            "sentence": "No case study for the Expansion stage in Small business."
        })
    );
}

#[test]
fn a_japanese_site_gets_japanese_sentences() {
    let site = TestSite::fixture(FIXTURE);
    let config = fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("language: en", "language: ja"),
    );
    // The site names one company size in Japanese; the others are shown as written.
    site.write("i18n/ja.yaml", "company_size_smb: 中小企業\n");
    let summary = write_report(&site);
    let report = json_of(&summary);
    let sentences: Vec<&str> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["sentence"].as_str().unwrap())
        .collect();
    assert_eq!(sentences[1], "「Advocacy」ステージに導入事例がありません。");
    assert_eq!(
        sentences[3],
        "「Expansion」ステージにテックタッチのコンテンツがありません。サクセスマネージャーのいないお客様には、自分で進む道がありません。"
    );
    assert_eq!(
        sentences[4],
        "「Advocacy」ステージにハイタッチのコンテンツがありません。サクセスマネージャーがお客様と進めるための手引きがありません。"
    );
    assert_eq!(
        sentences[10],
        "「Onboarding」ステージでmanufacturingの新しいお客様に送れるコンテンツは2週間分しかありません（2件、10日ごと）。このステージには4週間とどまります。"
    );
    assert_eq!(
        sentences[15],
        "「Expansion」ステージにretailの導入事例がありません。"
    );
    assert_eq!(
        sentences[16],
        "「Expansion」ステージに中小企業の導入事例がありません。"
    );
    assert_eq!(
        report["touch"]["labels"],
        json!(["ハイタッチ", "ロータッチ", "テックタッチ"])
    );
    let page = Html::parse_document(&fs::read_to_string(&summary.html).unwrap());
    assert_eq!(attrs(&page, "html", "lang"), ["ja"]);
    assert_eq!(text_of(&page, "h1"), "ジャーニー・カバレッジレポート");
    // The time as a reader says it; the machine form stays in the attribute.
    assert_eq!(
        text_of(&page, "header time"),
        "2026年12月1日 09:00 (UTC+09:00)"
    );
    assert_eq!(
        attrs(&page, "header time", "datetime"),
        ["2026-12-01T09:00:00+09:00"]
    );
}

#[test]
fn the_page_is_self_contained_and_shows_the_numbers() {
    let site = TestSite::fixture(FIXTURE);
    let summary = write_report(&site);
    let text = fs::read_to_string(&summary.html).unwrap();
    let page = Html::parse_document(&text);
    assert_eq!(attrs(&page, "html", "lang"), ["en"]);
    assert_eq!(
        attrs(&page, "meta[name=generator]", "content"),
        ["journeyhub report"]
    );
    assert_eq!(
        text_of(&page, "header time"),
        "1 December 2026, 09:00 (UTC+09:00)"
    );
    // Nothing is loaded from elsewhere: no script, stylesheet link, image or frame.
    for css in ["script", "link", "img", "iframe", "object", "[src]"] {
        assert_eq!(count(&page, css), 0, "the page has {css}");
    }
    assert!(!text.contains("url("), "no CSS resource is loaded");
    assert!(text.contains("@media print"), "the page has print styles");

    // The top ten gaps, and a pointer to the rest.
    let gaps = texts(&page, "#gaps ol li");
    assert_eq!(gaps.len(), 10);
    assert_eq!(gaps[0], "No playbook for the Advocacy stage.");
    assert_eq!(
        text_of(&page, "#gaps p"),
        "7 more gaps are listed in journey-report.json."
    );

    // Every chart is an inline SVG with a title, and writes its numbers as text.
    let charts = attrs(&page, "svg", "aria-labelledby");
    assert_eq!(
        charts,
        [
            "kinds-chart-t",
            "segments-industry-t",
            "segments-company_size-t",
            "touch-chart-t",
            "drip-industry-t",
            "drip-company_size-t",
            "freshness-t",
            "webinars-t"
        ]
    );
    let cells = texts(&page, "svg[aria-labelledby=kinds-chart-t] g > title");
    assert!(
        cells.contains(&"Onboarding · Playbook: 2".to_string()),
        "{cells:?}"
    );
    assert!(
        cells.contains(&"Expansion · Total: 5".to_string()),
        "{cells:?}"
    );
    let drip = texts(&page, "svg[aria-labelledby=drip-industry-t] g > title");
    assert_eq!(
        drip,
        [
            "Onboarding · manufacturing: 2 weeks",
            "Onboarding · retail: 4 weeks",
            "Expansion · manufacturing: 2 weeks",
            "Expansion · retail: 4 weeks",
            "Advocacy · manufacturing: 0 weeks",
            "Advocacy · retail: 0 weeks"
        ]
    );
    // The cells that run dry are framed: manufacturing in onboarding and in expansion (its
    // case study was sent in onboarding), and both of advocacy.
    assert_eq!(
        count(
            &page,
            "svg[aria-labelledby=drip-industry-t] rect[stroke-dasharray]"
        ),
        4
    );
    // The three core kinds missing from advocacy are framed in the kind heatmap too.
    assert_eq!(
        count(
            &page,
            "svg[aria-labelledby=kinds-chart-t] rect[stroke-dasharray]"
        ),
        3
    );
    // Terms by their display names: the column heads and each cell's title.
    let sizes = "svg[aria-labelledby=segments-company_size-t]";
    assert_eq!(
        texts(&page, &format!("{sizes} g > title"))[..2],
        [
            "Onboarding · Enterprise: 2",
            "Onboarding · Small business: 1"
        ]
    );
    let svg_text = texts(&page, &format!("{sizes} text"));
    assert!(
        svg_text.iter().any(|t| t == "Small business") && !svg_text.iter().any(|t| t == "smb"),
        "{svg_text:?}"
    );
    assert_eq!(
        texts(&page, "svg[aria-labelledby=drip-company_size-t] g > title")[..2],
        [
            "Onboarding · Enterprise: 4 weeks",
            "Onboarding · Small business: 2 weeks"
        ]
    );
    // Stage × touch model, by the models' names; the empty cells of the served models
    // (expansion × tech, advocacy × high and × tech) are framed, advocacy × low is not.
    let touch = texts(&page, "svg[aria-labelledby=touch-chart-t] g > title");
    assert_eq!(
        touch,
        [
            "Onboarding · High-touch: 1",
            "Onboarding · Low-touch: 1",
            "Onboarding · Tech-touch: 1",
            "Expansion · High-touch: 1",
            "Expansion · Low-touch: 2",
            "Expansion · Tech-touch: 0",
            "Advocacy · High-touch: 0",
            "Advocacy · Low-touch: 0",
            "Advocacy · Tech-touch: 0"
        ]
    );
    assert_eq!(
        count(
            &page,
            "svg[aria-labelledby=touch-chart-t] rect[stroke-dasharray]"
        ),
        3
    );
    assert_eq!(text_of(&page, "#touch-h"), "Stage × touch model");
    let months = texts(&page, "svg[aria-labelledby=webinars-t] g > title");
    assert_eq!(months, ["2026-12: 1", "2027-01: 0", "2027-02: 1"]);
    assert_eq!(
        texts(&page, "#freshness tbody td:nth-child(4)"),
        ["275 days", "395 days"]
    );
}

#[test]
fn the_report_is_the_same_byte_for_byte_and_replaces_only_its_own_files() {
    let site = TestSite::fixture(FIXTURE);
    let first = write_report(&site);
    assert_eq!(first.html, site.root.join("report/journey-report.html"));
    assert_eq!(first.json, site.root.join("report/journey-report.json"));
    site.write("report/notes.txt", "mine");
    let before = snapshot(&site.root.join("report"));
    write_report(&site);
    assert_same_files(
        &before,
        &snapshot(&site.root.join("report")),
        "a second report at the same time",
    );
    assert_eq!(
        fs::read_to_string(site.root.join("report/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_file_the_report_did_not_write_is_never_replaced() {
    let site = TestSite::fixture(FIXTURE);
    site.write("report/journey-report.json", "{\"mine\": true}\n");
    let before = snapshot(&site.root.join("report"));
    let err = journeyhub::report(&options(&site)).expect_err("the report must refuse");
    let d = &err.0[0];
    assert_eq!(d.code, "unsafe-output");
    assert!(d.message.contains("not written by journeyhub"), "{d}");
    assert_same_files(
        &before,
        &snapshot(&site.root.join("report")),
        "a refused report",
    );
}

#[test]
fn the_report_is_never_written_into_the_published_site_or_the_sources() {
    let site = TestSite::fixture(FIXTURE);
    for inside in ["content/report", "static", "public/report"] {
        let mut o = options(&site);
        o.output = Some(site.root.join(inside));
        let err = journeyhub::report(&o).expect_err(inside);
        assert_eq!(err.0[0].code, "unsafe-output", "{inside}: {}", err);
        assert!(!site.root.join(inside).join("journey-report.html").exists());
    }
    // A folder holding a built site, wherever it is.
    site.build();
    let mut o = options(&site);
    o.output = Some(site.out.join("reports"));
    let err = journeyhub::report(&o).expect_err("inside a build output");
    assert_eq!(err.0[0].code, "unsafe-output");
    assert!(err.0[0].message.contains("built by journeyhub"), "{err}");
    assert!(!site.out.join("reports").exists());
}

#[test]
fn a_site_with_errors_gets_no_report() {
    let site = TestSite::fixture(FIXTURE);
    site.write(
        "content/playbooks/broken.md",
        "---\ntitle: Broken\nstage: nowhere\n---\n",
    );
    let err = journeyhub::report(&options(&site)).expect_err("errors stop the report");
    assert_eq!(
        error_keys(&err),
        [(
            "unknown-stage".to_string(),
            "content/playbooks/broken.md".to_string()
        )]
    );
    assert!(!site.root.join("report").exists());
}

#[test]
fn the_command_line() {
    let site = TestSite::fixture(FIXTURE);
    let out_dir = site.tmp.path().join("coverage");
    let run = |output: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_journeyhub"))
            .arg("report")
            .arg("--root")
            .arg(&site.root)
            .args(["--now", NOW])
            .arg("--output")
            .arg(output)
            .output()
            .expect("the binary runs")
    };
    let ok = run(&out_dir);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let stdout = String::from_utf8(ok.stdout).unwrap();
    assert!(stdout.contains("(17 gap(s) found)"), "{stdout}");
    assert!(out_dir.join("journey-report.html").is_file());
    let json: Value =
        serde_json::from_str(&fs::read_to_string(out_dir.join("journey-report.json")).unwrap())
            .unwrap();
    assert_eq!(json["now"], "2026-12-01T09:00:00+09:00");
    assert_eq!(json["generator"], "journeyhub report");

    let refused = run(&site.root.join("content"));
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(
        stderr.contains("inside the site's content/ folder"),
        "{stderr}"
    );
    assert!(
        stderr.contains("report failed: 1 error(s); nothing was written"),
        "{stderr}"
    );
}
