//! The static page of each stage × segment term (`stages/<stage>/<taxonomy>/<term>/`), on a
//! fixture with two segment taxonomies (company size and industry), documents for one term,
//! for several, and for everyone, and display names for some terms.

mod common;

use common::{Output, TestSite, count, hrefs, sitemap_locs, text_of, texts};

const FIXTURE: &str = "segments";

/// The built fixture, with the site that keeps its temporary folder alive.
fn built() -> (TestSite, Output) {
    let site = TestSite::fixture(FIXTURE);
    let out = site.build();
    (site, out)
}

/// The card titles under one section of a page.
fn titles(out: &Output, page: &str, section: &str) -> Vec<String> {
    texts(
        &out.page(page),
        &format!("section[aria-labelledby={section}] .card-title"),
    )
}

#[test]
fn a_segment_page_lists_the_term_first_then_what_fits_everyone_in_stage_order() {
    let (_site, out) = built();
    let page = "stages/onboarding/company_size/smb/";
    assert_eq!(
        titles(&out, page, "segment-docs-heading"),
        ["Set up in an afternoon", "How Gamma Works went live"]
    );
    // The enterprise playbook names another company size: it is not for small businesses.
    assert_eq!(
        titles(&out, page, "everyone-docs-heading"),
        [
            "The kickoff call",
            "Rolling out plant by plant",
            "How Beta Stores went live"
        ]
    );
    let page = "stages/onboarding/industry/manufacturing/";
    assert_eq!(
        titles(&out, page, "segment-docs-heading"),
        [
            "Single sign-on for large fleets",
            "Rolling out plant by plant",
            "How Gamma Works went live"
        ]
    );
    assert_eq!(
        titles(&out, page, "everyone-docs-heading"),
        ["Set up in an afternoon", "The kickoff call"]
    );
    // A stage with nothing for a term says so, and still offers what fits everyone.
    let html = out.page("stages/adoption/company_size/enterprise/");
    assert_eq!(count(&html, ".card-title"), 0);
    assert!(text_of(&html, "main .empty").contains("Nothing in this stage"));
}

#[test]
fn a_segment_page_shows_display_names_and_links_its_track() {
    let (_site, out) = built();
    let html = out.page("stages/onboarding/company_size/smb/");
    assert_eq!(text_of(&html, "h1"), "Onboarding × : Small business");
    assert_eq!(
        text_of(&html, "#segment-docs-heading"),
        "Written for Small business 2"
    );
    assert_eq!(
        hrefs(&html, ".segment-subscribe a"),
        [
            "/stages/onboarding/company_size/smb/atom.xml",
            "/stages/onboarding/company_size/smb/feed.json",
        ]
    );
    assert!(text_of(&html, ".segment-subscribe").contains("Subscribe to this track"));
    for href in hrefs(&html, ".segment-subscribe a") {
        let file = out.file_of_url(&href).expect("a link into the hub");
        assert!(file.is_file(), "{href} leads to no file");
    }
    // A term without a display name is shown as written.
    let html = out.page("stages/onboarding/industry/retail/");
    assert_eq!(text_of(&html, "h1"), "Onboarding × : retail");
}

#[test]
fn the_stage_page_links_every_segment_page_by_its_display_name() {
    let (_site, out) = built();
    let html = out.page("stages/onboarding/");
    let links = hrefs(&html, ".stage-segments a");
    assert_eq!(
        texts(&html, ".stage-segments a"),
        ["Enterprise", "Small business", "Manufacturing", "retail"]
    );
    assert_eq!(
        links,
        [
            "/stages/onboarding/company_size/enterprise/",
            "/stages/onboarding/company_size/smb/",
            "/stages/onboarding/industry/manufacturing/",
            "/stages/onboarding/industry/retail/",
        ]
    );
    for href in links {
        assert!(out.file_of_url(&href).unwrap().is_file(), "{href}");
    }
}

#[test]
fn segment_pages_are_in_the_sitemap_only_when_site_config_asks() {
    let page = "https://hub.example.com/stages/onboarding/company_size/smb/";
    let (_site, out) = built();
    let locs = sitemap_locs(&out.read("sitemap.xml"));
    assert!(
        locs.iter()
            .any(|l| l == "https://hub.example.com/stages/onboarding/")
    );
    assert!(!locs.iter().any(|l| l == page), "{locs:?}");

    let site = TestSite::fixture(FIXTURE);
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &format!("{config}segment_pages: {{sitemap: true}}\n"),
    );
    let locs = sitemap_locs(&site.build().read("sitemap.xml"));
    assert!(locs.iter().any(|l| l == page), "{locs:?}");
}

#[test]
fn an_unknown_segment_pages_setting_is_an_error_that_names_the_line() {
    let site = TestSite::fixture(FIXTURE);
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &format!("{config}segment_pages: {{sitemaps: true}}\n"),
    );
    let errors = site.build_err();
    let text = format!("{errors:?}");
    assert!(text.contains("site-config.yaml"), "{text}");
    assert!(text.contains("sitemaps"), "{text}");
}
