//! The reader profile (site-config `profile:`) as built: the bar and picker on every page,
//! whose links lead to the segment pages of the page's stage without JavaScript, the
//! segment values every card carries, and the next-read candidates of a document. The
//! fixture has three profile taxonomies, one of them (company size) with feeds, documents
//! for one term, several, and none, and a display name overridden by the site.

mod common;

use common::{Output, TestSite, attrs, count, hrefs, texts};
use std::collections::BTreeMap;

const FIXTURE: &str = "profile";

fn built() -> (TestSite, Output) {
    let site = TestSite::fixture(FIXTURE);
    let out = site.build();
    (site, out)
}

/// Card title → its `data-segment`, for every card of a page.
fn card_segments(out: &Output, page: &str) -> BTreeMap<String, String> {
    let html = out.page(page);
    let titles = texts(&html, ".card .card-title");
    let segments = attrs(&html, ".card", "data-segment");
    assert_eq!(titles.len(), segments.len(), "every card of {page} has data-segment");
    titles.into_iter().zip(segments).collect()
}

#[test]
fn cards_carry_their_profile_terms_and_nothing_for_taxonomies_they_leave_open() {
    let (_site, out) = built();
    let onboarding = card_segments(&out, "stages/onboarding/");
    assert_eq!(
        onboarding["Single sign-on for large fleets"],
        "company_size:enterprise industry:manufacturing audience:admin"
    );
    assert_eq!(onboarding["The kickoff call"], "audience:executive audience:admin");
    assert_eq!(onboarding["Rolling out plant by plant"], "industry:manufacturing");
    assert_eq!(
        onboarding["How Gamma Works went live"],
        "company_size:smb industry:manufacturing"
    );
    // The same card on the home page and on a library carries the same values.
    for page in ["", "playbooks/"] {
        let other = card_segments(&out, page);
        for (title, segment) in &other {
            if let Some(on_stage) = onboarding.get(title) {
                assert_eq!(on_stage, segment, "{title} on /{page}");
            }
        }
    }
}

#[test]
fn every_page_has_the_bar_and_its_picker_links_to_the_segment_pages_of_the_page_stage() {
    let (_site, out) = built();
    let picker = "[data-profile-bar] a[data-profile-term]";
    for (page, stage) in [
        ("stages/adoption/", "adoption"),
        ("playbooks/usage/", "adoption"),
        ("stages/onboarding/company_size/smb/", "onboarding"),
        // Pages of no stage lead into the first stage of the journey.
        ("", "onboarding"),
        ("industry/", "onboarding"),
    ] {
        let html = out.page(page);
        assert_eq!(count(&html, "[data-profile-bar]"), 1, "/{page}");
        let links = hrefs(&html, picker);
        let terms = attrs(&html, picker, "data-profile-term");
        assert_eq!(
            terms,
            [
                "company_size:enterprise",
                "company_size:smb",
                "industry:manufacturing",
                "industry:retail",
                "audience:admin",
                "audience:executive",
            ],
            "/{page}"
        );
        for (href, term) in links.iter().zip(&terms) {
            let (taxonomy, code) = term.split_once(':').unwrap();
            assert_eq!(href, &format!("/stages/{stage}/{taxonomy}/{code}/"), "/{page}");
            assert!(out.file_of_url(href).unwrap().is_file(), "{href}");
        }
        // Display names come from the theme and the site's own strings.
        let names = texts(&html, picker);
        assert_eq!(names[0], "Enterprise");
        assert_eq!(names[4], "Hub admins");
        assert_eq!(names[5], "Executives");
        assert_eq!(
            texts(&html, "[data-profile-bar] summary"),
            ["Choose your profile"]
        );
    }
}

#[test]
fn a_profile_taxonomy_without_feeds_has_segment_pages_without_feed_links() {
    let (_site, out) = built();
    let html = out.page("stages/onboarding/audience/executive/");
    assert_eq!(count(&html, ".segment-subscribe"), 0);
    assert_eq!(
        texts(&html, "section[aria-labelledby=segment-docs-heading] .card-title"),
        ["The kickoff call", "How Beta Stores went live"]
    );
    let html = out.page("stages/onboarding/company_size/smb/");
    assert_eq!(count(&html, ".segment-subscribe a"), 2);
}

#[test]
fn a_document_offers_the_documents_after_it_in_journey_order_as_next_read() {
    let (_site, out) = built();
    let html = out.page("playbooks/smb-setup/");
    let items = "[data-next-read] li";
    // Onboarding's playbooks newest first, then its case studies, then adoption's.
    assert_eq!(
        texts(&html, &format!("{items} a")),
        [
            "Playbook The kickoff call",
            "Playbook Rolling out plant by plant",
            "Case study How Gamma Works went live",
            "Case study How Beta Stores went live",
            "Playbook Weekly usage review",
        ]
    );
    assert_eq!(
        attrs(&html, items, "data-segment")[0],
        "audience:executive audience:admin"
    );
    // Without the script the first is the next read.
    assert_eq!(count(&html, &format!("{items}:not([hidden])")), 1);
    assert_eq!(
        texts(&html, &format!("{items}:not([hidden]) a")),
        ["Playbook The kickoff call"]
    );
}

#[test]
fn without_a_profile_in_site_config_there_is_no_bar_nor_segment_values() {
    let site = TestSite::fixture(FIXTURE);
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    let without: String = config
        .lines()
        .take_while(|l| !l.starts_with("profile:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("site-config.yaml", &without);
    let out = site.build();
    let html = out.page("stages/onboarding/");
    assert_eq!(count(&html, "[data-profile-bar]"), 0);
    assert_eq!(count(&html, ".card[data-segment]"), 0);
    assert!(count(&html, ".card") > 0);
    assert_eq!(count(&out.page("playbooks/smb-setup/"), "[data-next-read]"), 0);
    assert!(!out.exists("stages/onboarding/audience/admin/index.html"));
}

#[test]
fn a_profile_taxonomy_that_is_not_a_taxonomy_is_an_error_that_names_it() {
    let site = TestSite::fixture(FIXTURE);
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace(
            "  taxonomies: [company_size, industry, audience]",
            "  taxonomies: [company_size, industri]",
        ),
    );
    let text = format!("{:?}", site.build_err());
    assert!(text.contains("site-config.yaml"), "{text}");
    assert!(text.contains("industri"), "{text}");
    assert!(text.contains("use one of"), "{text}");
}
