//! Analytics (docs/analytics.md): off unless site-config has `analytics:`, then each page's
//! `<head>` loads the provider with the page's stage, kind and segment terms; the settings
//! are checked with errors at their line of site-config.yaml.

mod common;

use common::{Output, TestSite, attrs, count, sel};
use scraper::Html;
use serde_json::{Value, json};

/// A playbook whose segment terms are known here, Japanese term and file name included.
const PLAYBOOK: &str = "---
title: 製造業のSMB向け定着ガイド
stage: adoption
date: 2026-09-01
industry: [製造業, 物流]
company_size: smb
touch: tech
tags: [入門]
---
## 手順

1. ダッシュボードを開く
2. 週次レポートを設定する
";

fn sample_with(analytics: &str) -> TestSite {
    let site = TestSite::sample();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write("site-config.yaml", &format!("{config}{analytics}"));
    site.write("content/playbooks/定着ガイド.md", PLAYBOOK);
    site
}

/// The JSON block the theme script reads, parsed; None when the page has none.
fn data_of(page: &Html) -> Option<Value> {
    let block = page
        .select(&sel(
            "head script#journeyhub-analytics[type='application/json']",
        ))
        .next()?;
    Some(serde_json::from_str(&block.text().collect::<String>()).expect("the block is JSON"))
}

fn page_props(out: &Output, path: &str) -> Value {
    data_of(&out.page(path)).unwrap_or_else(|| panic!("{path} has the analytics block"))["props"]
        .clone()
}

#[test]
fn plausible_gets_each_pages_stage_kind_and_segments_as_props() {
    let site = sample_with("analytics:\n  provider: plausible\n  domain: hub.example.com\n");
    let out = site.build();
    let page = out.page("playbooks/定着ガイド/");
    let expected = json!({
        "kind": "playbook",
        "stage": "adoption",
        "industry": "製造業,物流",
        "company_size": "smb",
        "touch": "tech",
    });
    assert_eq!(data_of(&page).unwrap()["provider"], "plausible");
    assert_eq!(data_of(&page).unwrap()["props"], expected);
    // The script tag carries the same values as Plausible's `event-*` attributes.
    let script = page
        .select(&sel("head script[data-domain]"))
        .next()
        .expect("the Plausible script is in <head>");
    let attributes: serde_json::Map<String, Value> = script
        .value()
        .attrs()
        .filter_map(|(k, v)| Some((k.strip_prefix("event-")?.to_string(), json!(v))))
        .collect();
    assert_eq!(Value::Object(attributes), expected);
    assert_eq!(script.value().attr("data-domain"), Some("hub.example.com"));
    assert_eq!(
        script.value().attr("src"),
        Some("https://plausible.io/js/script.pageview-props.js")
    );
    assert!(script.value().attr("defer").is_some());

    // A stage page is of its own stage; the home page of none.
    assert_eq!(
        page_props(&out, "stages/retention/"),
        json!({"kind": "stage", "stage": "retention"})
    );
    assert_eq!(page_props(&out, ""), json!({"kind": "home"}));
    assert_eq!(page_props(&out, "en/"), json!({"kind": "home"}));
    // Every page of the build loads it, once; but the drip overview, which is for the team
    // that sends the emails, not for readers.
    let pages = out.html_pages();
    assert!(pages.len() > 100);
    for (path, page) in pages {
        let expected = usize::from(!path.contains("drip/"));
        assert_eq!(count(&page, "head script[data-domain]"), expected, "{path}");
    }
}

#[test]
fn ga4_and_matomo_get_their_ids_and_the_same_props() {
    let site = sample_with("analytics: {provider: ga4, id: G-ABC123}\n");
    let out = site.build();
    let page = out.page("playbooks/定着ガイド/");
    assert_eq!(
        attrs(&page, "head script[src*='googletagmanager']", "src"),
        ["https://www.googletagmanager.com/gtag/js?id=G-ABC123"]
    );
    let data = data_of(&page).unwrap();
    assert_eq!(
        (&data["provider"], &data["id"]),
        (&json!("ga4"), &json!("G-ABC123"))
    );
    assert_eq!(data["props"]["industry"], "製造業,物流");

    let site = sample_with(
        "analytics:\n  provider: matomo\n  url: https://matomo.example.com\n  site_id: 7\n  dimensions: {stage: 1, company_size: 2}\n",
    );
    let out = site.build();
    let page = out.page("playbooks/定着ガイド/");
    assert_eq!(
        attrs(&page, "head script[src$='matomo.js']", "src"),
        ["https://matomo.example.com/matomo.js"]
    );
    let data = data_of(&page).unwrap();
    assert_eq!(data["url"], "https://matomo.example.com/");
    assert_eq!(data["site_id"], "7");
    assert_eq!(data["dimensions"], json!({"stage": 1, "company_size": 2}));
    assert_eq!(data["props"]["stage"], "adoption");
}

#[test]
fn a_custom_snippet_goes_into_every_head_as_written() {
    let site = sample_with("analytics:\n  provider: custom\n  snippet: 計測/snippet.html\n");
    site.write(
        "計測/snippet.html",
        "<script defer src=\"https://stats.example.org/s.js\" data-site=\"hub\"></script>\n",
    );
    let out = site.build();
    for path in ["", "playbooks/定着ガイド/", "en/stages/adoption/"] {
        let page = out.page(path);
        assert_eq!(
            attrs(&page, "head script[data-site=hub]", "src"),
            ["https://stats.example.org/s.js"],
            "{path}"
        );
        assert_eq!(data_of(&page).unwrap()["provider"], "custom");
    }
}

#[test]
fn the_preview_server_loads_no_analytics() {
    let site = sample_with("analytics: {provider: plausible, domain: hub.example.com}\n");
    let mut options = site.options();
    options.preview = true;
    let built = journeyhub::render_site_serving(
        &options,
        &journeyhub::render::Progress::default(),
        &mut journeyhub::Caches::default(),
    )
    .expect("the preview renders");
    let page = |path: &str| {
        let bytes = built.rendered.files[path].bytes().unwrap().into_owned();
        Html::parse_document(&String::from_utf8(bytes).unwrap())
    };
    for path in ["index.html", "playbooks/定着ガイド/index.html"] {
        let page = page(path);
        assert!(
            count(&page, "h1") > 0 || count(&page, "main") > 0,
            "{path} is a page"
        );
        assert!(data_of(&page).is_none(), "{path}");
        assert_eq!(count(&page, "script[data-domain]"), 0, "{path}");
    }
    // The same site built for publishing has it.
    assert!(data_of(&site.build().page("")).is_some());
}

/// What a page loads from elsewhere: scripts, stylesheets, frames, images, media, and any
/// `preconnect` or `dns-prefetch` hint.
fn third_party_loads(page: &Html, own: &str) -> Vec<String> {
    let loaders = [
        ("script[src]", "src"),
        (
            "link[href]:not([rel=canonical]):not([rel=alternate])",
            "href",
        ),
        ("iframe[src]", "src"),
        ("img[src]", "src"),
        ("source[src]", "src"),
        ("video[src]", "src"),
        ("audio[src]", "src"),
    ];
    let mut found = vec![];
    for (css, attr) in loaders {
        for url in attrs(page, css, attr) {
            let absolute = ["//", "http://", "https://"]
                .iter()
                .any(|p| url.starts_with(p));
            if absolute && !url.starts_with(own) {
                found.push(url);
            }
        }
    }
    found
}

#[test]
fn without_analytics_no_page_loads_anything_from_another_origin() {
    let site = TestSite::sample();
    let out = site.build();
    let pages = out.html_pages();
    assert!(pages.len() > 100, "the whole sample is checked");
    for (path, page) in &pages {
        assert!(data_of(page).is_none(), "{path} has an analytics block");
        assert_eq!(
            third_party_loads(page, "https://hub.example.com/"),
            Vec::<String>::new(),
            "{path}"
        );
        // Nor does an inline script name a provider.
        for script in page.select(&sel("script:not([src])")) {
            let text = script.text().collect::<String>();
            for host in ["plausible", "googletagmanager", "matomo", "gtag("] {
                assert!(!text.contains(host), "{path} mentions {host}");
            }
        }
    }
    // The check itself sees a provider once one is configured.
    let site = sample_with("analytics: {provider: plausible, domain: hub.example.com}\n");
    let out = site.build();
    assert_eq!(
        third_party_loads(&out.page(""), "https://hub.example.com/"),
        ["https://plausible.io/js/script.pageview-props.js"]
    );
}

/// (line, message, hint) of each error about site-config.yaml.
fn config_errors(site: &TestSite) -> Vec<(usize, String, String)> {
    site.build_err()
        .0
        .iter()
        .filter(|d| d.file == "site-config.yaml")
        .map(|d| {
            (
                d.line,
                d.message.clone(),
                d.hint.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn line_of(site: &TestSite, text: &str) -> usize {
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    config
        .lines()
        .position(|l| l.trim_start().starts_with(text))
        .unwrap()
        + 1
}

#[test]
fn analytics_written_wrong_is_an_error_at_its_line() {
    let site = sample_with("analytics:\n  provider: plausable\n  domain: hub.example.com\n");
    let errors = config_errors(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, line_of(&site, "provider: plausable"));
    assert_eq!(errors[0].1, "`plausable` is not an analytics provider");
    assert!(
        errors[0].2.starts_with("did you mean `plausible`?"),
        "{}",
        errors[0].2
    );

    // Every problem of one run: a missing id, a setting of another provider, a bad share.
    let site = sample_with("analytics:\n  provider: ga4\n  domain: hub.example.com\n");
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("readiness: 0.8", "readiness: 80"),
    );
    let errors = config_errors(&site);
    let found: Vec<(usize, &str)> = errors.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
    assert_eq!(
        found,
        [
            (
                line_of(&site, "domain: hub.example.com"),
                "`analytics` with provider `ga4` has no setting `domain`"
            ),
            (
                line_of(&site, "analytics:"),
                "`analytics` with provider `ga4` has no `id`"
            ),
            (
                line_of(&site, "readiness: 80"),
                "`readiness` should be a share of the steps above 0 and at most 1, but it is the number `80`"
            ),
        ]
    );
    assert_eq!(errors[1].2, "add it, for example `id: G-XXXXXXXXXX`");

    let site = sample_with("analytics: {provider: custom, snippet: none.html}\n");
    let errors = config_errors(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, line_of(&site, "analytics:"));
    assert!(
        errors[0]
            .1
            .starts_with("the analytics snippet \"none.html\" cannot be read"),
        "{}",
        errors[0].1
    );
}
