//! Calls to action (docs/content-model.md, "Calls to action"): a document's own `cta:` and
//! its stage's default from site-config, in one place on the page, in the feeds and in the
//! drip teasers, each link tagged with the site's UTM parameters and `utm_content=<kind>`;
//! and the errors of a call to action written wrong.

mod common;

use common::{Output, TestSite, attrs, find, hint, sel, texts};
use serde_json::Value;

const CONFIG_CTA: &str = "cta:
  kinds: [trial]
  stages:
    adoption:
      kind: expansion
      label:
        en: Talk to your success manager about more seats
        ja: 追加ライセンスを相談する
      url: https://forms.example.com/expansion#form
";

const KICKOFF: &str = "---
title: Kickoff meeting
summary: Agree on goals, owners and the first milestone in one hour.
stage: onboarding
date: 2026-09-01
cta: {label: Book your kickoff, url: \"https://crm.example.com/book?team=cs\", kind: contact}
---
The kickoff.
";

fn site() -> TestSite {
    let site = TestSite::fixture("drip");
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write("site-config.yaml", &format!("{config}{CONFIG_CTA}"));
    site.write("content/playbooks/kickoff.md", KICKOFF);
    site
}

const KICKOFF_URL: &str = "https://crm.example.com/book?team=cs&utm_source=hub&utm_medium=email&utm_campaign=onboarding&utm_content=contact";
const ADOPTION_URL: &str = "https://forms.example.com/expansion?utm_source=hub&utm_medium=email&utm_campaign=adoption&utm_content=expansion#form";

fn cta_of(out: &Output, page: &str) -> Vec<(String, String, String)> {
    let html = out.page(page);
    html.select(&sel("aside.cta a.cta-link"))
        .map(|a| {
            (
                a.text()
                    .collect::<String>()
                    .trim_end_matches(" →")
                    .to_string(),
                a.value().attr("href").unwrap().to_string(),
                a.value().attr("data-cta-kind").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn pages_show_their_own_call_to_action_or_their_stages() {
    let site = site();
    let out = site.build();
    assert_eq!(
        cta_of(&out, "playbooks/kickoff/"),
        [(
            "Book your kickoff".into(),
            KICKOFF_URL.into(),
            "contact".into()
        )]
    );
    let adoption = (
        "Talk to your success manager about more seats".to_string(),
        ADOPTION_URL.to_string(),
        "expansion".to_string(),
    );
    // A playbook of the stage without a `cta:` of its own, and the stage's page.
    assert_eq!(
        cta_of(&out, "playbooks/usage/"),
        std::slice::from_ref(&adoption)
    );
    assert_eq!(cta_of(&out, "stages/adoption/"), [adoption]);
    // A stage without a default, and a document of it without its own: nothing.
    assert!(cta_of(&out, "stages/onboarding/").is_empty());
    assert_eq!(
        texts(&out.page("playbooks/smb-setup/"), "aside.cta").len(),
        0
    );
}

#[test]
fn feeds_end_each_entry_with_its_call_to_action() {
    let site = site();
    let out = site.build();
    let feed: Value = serde_json::from_str(&out.read("feeds/feed.json")).unwrap();
    let item = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Kickoff meeting")
        .expect("the kickoff is in the feed");
    let content = scraper::Html::parse_fragment(item["content_html"].as_str().unwrap());
    assert_eq!(attrs(&content, "p.cta a", "href"), [KICKOFF_URL]);
    assert_eq!(texts(&content, "p.cta a"), ["Book your kickoff"]);

    let atom = feed_rs::parser::parse(out.read("feeds/atom.xml").as_bytes()).expect("Atom");
    let entry = atom
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content == "Weekly usage habits")
        })
        .expect("the usage playbook is in the feed");
    let body = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    let body = scraper::Html::parse_fragment(&body);
    assert_eq!(attrs(&body, "p.cta a", "href"), [ADOPTION_URL]);
    assert_eq!(attrs(&body, "p.cta", "data-cta-kind"), ["expansion"]);
}

#[test]
fn drip_teasers_carry_the_call_to_action_under_the_button() {
    let site = site();
    let out = site.build();
    let sequence: Value = serde_json::from_str(&out.read("drip/journey/sequence.json")).unwrap();
    let steps = sequence["steps"].as_array().unwrap();
    let kickoff = steps
        .iter()
        .find(|s| s["document"] == "content/playbooks/kickoff.md")
        .expect("the kickoff is sent");
    assert_eq!(
        kickoff["cta"],
        serde_json::json!({"label": "Book your kickoff", "url": KICKOFF_URL, "kind": "contact"})
    );
    let teaser = scraper::Html::parse_fragment(kickoff["teaser_html"].as_str().unwrap());
    assert_eq!(attrs(&teaser, "a[data-cta-kind]", "href"), [KICKOFF_URL]);
    assert!(
        kickoff["teaser_text"]
            .as_str()
            .unwrap()
            .ends_with(&format!("Book your kickoff: {KICKOFF_URL}\n"))
    );
    let usage = steps
        .iter()
        .find(|s| s["document"] == "content/playbooks/usage.md")
        .expect("the usage playbook is sent");
    assert_eq!(usage["cta"]["url"], ADOPTION_URL);
    // A step with no call to action has no `cta` at all.
    let plain = steps
        .iter()
        .find(|s| s["document"] == "content/playbooks/smb-setup.md");
    if let Some(plain) = plain {
        assert!(plain.get("cta").is_none());
    }
}

#[test]
fn a_call_to_action_written_wrong_is_an_error_at_its_line() {
    let site = site();
    site.write(
        "content/playbooks/kickoff.md",
        "---\ntitle: Kickoff\nstage: onboarding\ncta: {label: Book, kind: contact}\n---\nx\n",
    );
    site.write(
        "content/playbooks/usage.md",
        "---\ntitle: Usage\nstage: adoption\ndate: 2026-09-01\ncta: {label: 紹介する, url: forms.example.com/refer, kind: referal}\n---\nx\n",
    );
    let errors = site.build_err();
    let missing = find(&errors, "invalid-value", "content/playbooks/kickoff.md");
    assert_eq!(missing.line, 4);
    assert_eq!(
        missing.message,
        "the call to action has no `url` (where it leads: a form, the CRM or a page)"
    );
    let usage: Vec<_> = errors
        .0
        .iter()
        .filter(|d| d.file == "content/playbooks/usage.md")
        .collect();
    assert_eq!(
        usage
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect::<Vec<_>>(),
        [
            (5, "`referal` is not a kind of call to action"),
            (
                5,
                "the call to action points at \"forms.example.com/refer\", which is not a web address"
            ),
        ]
    );
    assert!(
        hint(usage[0]).starts_with("did you mean `referral`?"),
        "{}",
        hint(usage[0])
    );
    assert!(
        hint(usage[0]).contains("trial"),
        "site-defined kinds are listed"
    );
}

#[test]
fn a_stage_default_in_site_config_is_checked_too() {
    let site = site();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("kind: expansion", "kind: upsell").replace(
            "https://forms.example.com/expansion#form",
            "mailto:cs@example.com",
        ),
    );
    let errors = site.build_err();
    let messages: Vec<(usize, &str)> = errors
        .0
        .iter()
        .filter(|d| d.file == "site-config.yaml")
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    let line = config
        .lines()
        .position(|l| l.trim() == "adoption:")
        .unwrap()
        + 1;
    assert_eq!(
        messages,
        [
            (
                line,
                "the call to action of stage `adoption` points at \"mailto:cs@example.com\", which is not a web address"
            ),
            (line, "`upsell` is not a kind of call to action"),
        ]
    );
}

#[test]
fn a_call_to_action_can_lead_to_a_page_of_the_hub() {
    let site = site();
    site.write(
        "content/playbooks/usage.md",
        "---\ntitle: Usage\nstage: adoption\ndate: 2026-09-01\ncta: {label: キックオフを振り返る, url: \"@/playbooks/kickoff.md#目的\", kind: contact}\n---\nx\n",
    );
    let out = site.build();
    // The page's permanent address, without UTM parameters: they are for leaving the hub.
    assert_eq!(
        cta_of(&out, "playbooks/usage/"),
        [(
            "キックオフを振り返る".to_string(),
            "https://hub.example.com/playbooks/kickoff/#%E7%9B%AE%E7%9A%84".to_string(),
            "contact".to_string()
        )]
    );
}

#[test]
fn a_stage_default_can_lead_to_a_page_of_the_hub() {
    let site = site();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace(
            "https://forms.example.com/expansion#form",
            "\"@/playbooks/kickoff.md#目的\"",
        ),
    );
    let out = site.build();
    let expected = [(
        "Talk to your success manager about more seats".to_string(),
        "https://hub.example.com/playbooks/kickoff/#%E7%9B%AE%E7%9A%84".to_string(),
        "expansion".to_string(),
    )];
    assert_eq!(cta_of(&out, "playbooks/usage/"), expected);
    assert_eq!(cta_of(&out, "stages/adoption/"), expected);

    // A path that leads nowhere is an error at its line of site-config.yaml.
    site.write(
        "site-config.yaml",
        &config.replace(
            "https://forms.example.com/expansion#form",
            "\"@/playbooks/kickof.md\"",
        ),
    );
    let errors = site.build_err();
    let broken = find(&errors, "broken-link", "site-config.yaml");
    let line = config
        .lines()
        .position(|l| l.contains("https://forms.example.com/expansion#form"))
        .unwrap()
        + 1;
    assert_eq!((broken.line, broken.column), (line, 13));
    assert_eq!(
        broken.message,
        "`cta.stages.adoption` leads to `@/playbooks/kickof.md`, a page that does not exist: there is no content/playbooks/kickof.md; did you mean playbooks/kickoff.md?"
    );
}
