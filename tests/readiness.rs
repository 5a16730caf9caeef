//! Stage readiness (site-config `readiness:`, docs/content-model.md): each stage page and
//! each stage of the home journey map carry a hidden offer of the next stage and its call to
//! action, with the checklists it counts; the theme script shows it (tests/browser/run.mjs).

mod common;

use common::{TestSite, attrs, count, sel};
use scraper::Html;
use serde_json::{Value, json};

/// The offer's (share, checklists) and the addresses and kinds of its links.
fn offer(page: &Html, scope: &str) -> Option<(String, Value, Vec<String>, Vec<String>)> {
    let el = page
        .select(&sel(&format!("{scope} .readiness-offer")))
        .next()?;
    assert!(el.value().attr("hidden").is_some(), "hidden until ready");
    let fragment = Html::parse_fragment(&el.html());
    Some((
        el.value().attr("data-readiness").unwrap().to_string(),
        serde_json::from_str(el.value().attr("data-readiness-checklists").unwrap()).unwrap(),
        attrs(&fragment, "a", "href"),
        attrs(&fragment, "a[data-cta-kind]", "data-cta-kind"),
    ))
}

/// The checklists of a stage page's playbook cards, as the cards show them.
fn card_checklists(page: &Html) -> Value {
    let cards: Vec<Value> = page
        .select(&sel(
            "[data-stage-progress] [data-progress-url][data-progress-steps]",
        ))
        .map(|c| {
            json!({
                "url": c.value().attr("data-progress-url").unwrap(),
                "steps": c.value().attr("data-progress-steps").unwrap().parse::<u64>().unwrap(),
            })
        })
        .collect();
    Value::Array(cards)
}

#[test]
fn each_stage_offers_the_next_one_and_its_call_to_action_hidden() {
    let site = TestSite::sample();
    let out = site.build();
    // retention → expansion, whose default call to action (site-config) is `expansion`.
    let page = out.page("stages/retention/");
    let (share, checklists, links, kinds) = offer(&page, "").expect("an offer");
    assert_eq!(share, "0.8");
    assert_eq!(checklists, card_checklists(&page));
    assert!(checklists.as_array().unwrap().len() >= 2);
    let next = attrs(&page, ".pager-next", "href");
    assert_eq!(links[0], next[0]);
    assert_eq!(links[0], "/stages/expansion/");
    assert!(links[1].starts_with("https://forms.example.com/expansion?"));
    assert_eq!(kinds, ["expansion"]);
    assert_eq!(
        attrs(&page, ".readiness-offer a[data-cta-kind]", "data-cta-stage"),
        ["expansion"]
    );
    // The offer is not a second `aside.cta`: retention has no call to action of its own.
    assert_eq!(count(&page, "aside.cta"), 0);

    // In English, the English stage and label.
    let en = out.page("en/stages/retention/");
    let (_, _, links, _) = offer(&en, "").unwrap();
    assert_eq!(links[0], "/en/stages/expansion/");
    assert!(
        en.select(&sel(".readiness-cta"))
            .next()
            .unwrap()
            .text()
            .collect::<String>()
            .contains("success manager")
    );

    // The last stage has nothing to offer.
    assert!(offer(&out.page("stages/advocacy/"), "").is_none());

    // The journey map: each stage but the last, counting that stage's checklists.
    let home = out.page("");
    let stages = attrs(&home, ".journey-stage .journey-title a", "href");
    assert_eq!(stages.len(), 5);
    for (i, stage) in stages.iter().enumerate() {
        let scope = format!(".journey-stage:nth-child({})", i + 1);
        match offer(&home, &scope) {
            Some((_, checklists, links, _)) => {
                assert_eq!(links[0], stages[i + 1], "stage {stage} offers the next");
                let progress: Value =
                    serde_json::from_str(&attrs(&home, &scope, "data-journey-progress")[0])
                        .unwrap();
                assert_eq!(checklists, progress, "{stage}");
            }
            None => assert_eq!(i, stages.len() - 1, "only the last stage offers none"),
        }
    }
}

#[test]
fn without_readiness_there_is_no_offer() {
    let site = TestSite::sample();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    assert!(config.contains("\nreadiness: 0.8\n"));
    site.write(
        "site-config.yaml",
        &config.replace("\nreadiness: 0.8\n", "\n"),
    );
    let out = site.build();
    for (path, page) in out.html_pages() {
        assert_eq!(count(&page, ".readiness-offer"), 0, "{path}");
    }
}
