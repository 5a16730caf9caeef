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
    assert_eq!(
        titles.len(),
        segments.len(),
        "every card of {page} has data-segment"
    );
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
    assert_eq!(
        onboarding["The kickoff call"],
        "audience:executive audience:admin"
    );
    assert_eq!(
        onboarding["Rolling out plant by plant"],
        "industry:manufacturing"
    );
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
            assert_eq!(
                href,
                &format!("/stages/{stage}/{taxonomy}/{code}/"),
                "/{page}"
            );
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
        texts(
            &html,
            "section[aria-labelledby=segment-docs-heading] .card-title"
        ),
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
    assert_eq!(
        count(&out.page("playbooks/smb-setup/"), "[data-next-read]"),
        0
    );
    assert!(!out.exists("stages/onboarding/audience/admin/index.html"));
    // The journey map is as it always was: nothing for the script to count.
    let home = out.page("");
    assert!(count(&home, ".journey-stage") > 0);
    assert_eq!(count(&home, "[data-journey-profile]"), 0);
    assert_eq!(count(&home, ".journey-map[data-text-fit-playbook]"), 0);
}

/// The home page's journey map: per stage, its `data-journey-profile` value.
fn journey_picks(out: &Output) -> Vec<(String, serde_json::Value)> {
    let home = out.page("");
    let stages = hrefs(&home, ".journey-stage .journey-title a");
    let picks = attrs(&home, ".journey-stage", "data-journey-profile");
    assert_eq!(
        stages.len(),
        picks.len(),
        "every stage of the map carries its picks"
    );
    let picks = picks
        .iter()
        .map(|p| serde_json::from_str(p).expect("data-journey-profile is JSON"));
    stages.into_iter().zip(picks).collect()
}

#[test]
fn the_journey_map_carries_each_stage_documents_in_stage_page_order_and_its_segment_pages() {
    let (_site, out) = built();
    let home = out.page("");
    let map = journey_picks(&out);
    assert_eq!(map.len(), 2, "onboarding and adoption");
    for (i, (stage_url, picks)) in map.iter().enumerate() {
        let stage = out.page(stage_url.trim_start_matches('/'));
        let docs = picks["docs"].as_array().expect("docs");
        let field = |k: &str| -> Vec<String> {
            docs.iter()
                .map(|d| d[k].as_str().expect("a string").to_string())
                .collect()
        };
        // The stage page's cards, in its order, each with the same segment values.
        assert_eq!(
            field("url"),
            hrefs(&stage, ".card .card-title a"),
            "{stage_url}"
        );
        assert_eq!(
            field("title"),
            texts(&stage, ".card .card-title"),
            "{stage_url}"
        );
        assert_eq!(
            field("segment"),
            attrs(&stage, ".card", "data-segment"),
            "{stage_url}"
        );
        // Each count the map shows without a profile is the number of that kind listed.
        let kinds = field("kind");
        let shown = attrs(&home, "[data-journey-count]", "data-journey-count");
        let numbers = texts(&home, "[data-journey-count] .count-num");
        for (kind, number) in shown.iter().zip(&numbers).skip(3 * i).take(3) {
            let listed = kinds.iter().filter(|k| *k == kind).count();
            assert_eq!(number, &listed.to_string(), "{stage_url}: {kind}");
        }
        // Each profile term's segment page of the stage, and it is built.
        let segments = picks["segments"].as_object().expect("segments");
        let names: Vec<&String> = segments.keys().collect();
        assert_eq!(
            names,
            ["audience", "company_size", "industry"],
            "{stage_url}"
        );
        let smb = segments["company_size"]["smb"].as_str().expect("smb");
        assert_eq!(smb, format!("{stage_url}company_size/smb/"));
        for terms in segments.values() {
            for url in terms.as_object().expect("terms").values() {
                let url = url.as_str().expect("a URL");
                assert!(out.file_of_url(url).is_some(), "{url} is built");
            }
        }
    }
    // The map's strings for the script, in the site's language.
    let fit = attrs(&home, ".journey-map", "data-text-fit-playbook");
    assert_eq!(fit, ["{n} of {total} playbooks for you"]);
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

/// Each stage heading of a role path with the titles of its cards.
fn path_stages(out: &Output, page: &str) -> Vec<(String, Vec<String>)> {
    let html = out.page(page);
    html.select(&common::sel("section.role-path-stage"))
        .map(|section| {
            let heading = section
                .select(&common::sel("h2 a"))
                .map(|a| a.text().collect::<String>())
                .collect::<String>();
            let titles = section
                .select(&common::sel(".card-title"))
                .map(|t| t.text().collect::<String>().trim().to_string())
                .collect();
            (heading, titles)
        })
        .collect()
}

#[test]
fn a_role_path_walks_the_stages_with_what_is_for_the_role_or_for_everyone() {
    let (_site, out) = built();
    assert_eq!(
        path_stages(&out, "paths/executive/"),
        [
            (
                "Onboarding".to_string(),
                vec![
                    "The kickoff call".to_string(),
                    "Rolling out plant by plant".to_string(),
                    "How Gamma Works went live".to_string(),
                    "How Beta Stores went live".to_string(),
                ]
            ),
            // The adoption playbook is for admins only.
            ("Adoption".to_string(), vec![]),
        ]
    );
    assert_eq!(
        path_stages(&out, "paths/admin/"),
        [
            (
                "Onboarding".to_string(),
                vec![
                    "Single sign-on for large fleets".to_string(),
                    "Set up in an afternoon".to_string(),
                    "The kickoff call".to_string(),
                    "Rolling out plant by plant".to_string(),
                    "How Gamma Works went live".to_string(),
                ]
            ),
            (
                "Adoption".to_string(),
                vec!["Weekly usage review".to_string()]
            ),
        ]
    );
    let html = out.page("paths/admin/");
    // The display name of the role, as the site's strings give it.
    assert_eq!(texts(&html, "h1"), ["The journey for Hub admins"]);
    assert_eq!(count(&html, ".role-path-stage .empty"), 0);
    assert_eq!(
        count(&out.page("paths/executive/"), ".role-path-stage .empty"),
        1
    );
    // Checklist progress: the playbook with steps carries the progress mechanism.
    assert_eq!(
        attrs(&html, ".card[data-progress-steps]", "data-progress-url"),
        ["/playbooks/kickoff/"]
    );
    assert_eq!(count(&html, "section[data-stage-progress]"), 2);
}

#[test]
fn role_paths_are_linked_from_home_and_the_audience_pages_and_in_the_sitemap() {
    let (_site, out) = built();
    let paths = ["/paths/admin/", "/paths/executive/"];
    assert_eq!(hrefs(&out.page(""), ".role-paths a"), paths);
    assert_eq!(hrefs(&out.page("audience/"), ".role-paths a"), paths);
    assert_eq!(
        texts(&out.page(""), ".role-paths a"),
        ["Hub admins", "Executives"]
    );
    assert_eq!(
        hrefs(&out.page("audience/executive/"), ".role-path-link a"),
        ["/paths/executive/"]
    );
    // Other taxonomies' pages do not.
    assert_eq!(count(&out.page("industry/"), ".role-paths"), 0);
    assert_eq!(count(&out.page("industry/retail/"), ".role-path-link"), 0);
    let locs = common::sitemap_locs(&out.read("sitemap.xml"));
    for p in paths {
        assert!(
            locs.contains(&format!("https://hub.example.com{p}")),
            "{locs:?}"
        );
    }
}

#[test]
fn the_sample_hub_has_role_paths_in_both_languages_with_their_display_names() {
    let site = TestSite::sample();
    let out = site.build();
    let ja = hrefs(&out.page(""), ".role-paths a");
    let en = hrefs(&out.page("en/"), ".role-paths a");
    assert!(ja.len() >= 2, "{ja:?}");
    assert!(ja.contains(&"/paths/executive/".to_string()), "{ja:?}");
    assert!(en.contains(&"/en/paths/executive/".to_string()), "{en:?}");
    assert_eq!(
        texts(&out.page("paths/executive/"), "h1"),
        ["経営層のジャーニー"]
    );
    assert_eq!(
        texts(&out.page("en/paths/executive/"), "h1"),
        ["The journey for Executives"]
    );
    // Each language's path walks that language's stages, in journey order.
    let headings: Vec<String> = path_stages(&out, "en/paths/executive/")
        .into_iter()
        .map(|(stage, _)| stage)
        .collect();
    assert_eq!(headings, texts(&out.page("en/"), ".journey-title a"));
    assert!(headings.len() >= 2, "{headings:?}");
    let html = out.page("paths/executive/");
    assert_eq!(
        attrs(&html, "link[hreflang=en]", "href"),
        ["https://hub.example.com/en/paths/executive/"]
    );
    let locs = common::sitemap_locs(&out.read("sitemap.xml"));
    assert!(locs.contains(&"https://hub.example.com/en/paths/executive/".to_string()));
    // The sample enables the profile: its stage pages carry the bar and segment values.
    let stage = out.page("stages/onboarding/");
    assert_eq!(count(&stage, "[data-profile-bar]"), 1);
    assert!(count(&stage, ".card[data-segment]") > 0);
}

#[test]
fn a_theme_without_segment_pages_links_the_picker_to_the_term_pages() {
    let site = TestSite::fixture(FIXTURE);
    let theme = site.root.join("themes/plain");
    common::copy_dir(&common::manifest_dir().join("themes/default"), &theme);
    std::fs::remove_file(theme.join("templates/segment.html")).unwrap();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config.replace("theme: default", "theme: plain"),
    );
    let out = site.build();
    let html = out.page("stages/onboarding/");
    let links = hrefs(&html, "[data-profile-bar] a[data-profile-term]");
    assert_eq!(links[0], "/company_size/enterprise/");
    for href in &links {
        assert!(out.file_of_url(href).unwrap().is_file(), "{href}");
    }
    // The journey map still counts what fits, but has no segment page to link a stage to.
    for (stage, picks) in journey_picks(&out) {
        assert!(!picks["docs"].as_array().unwrap().is_empty(), "{stage}");
        assert_eq!(picks["segments"], serde_json::json!({}), "{stage}");
    }
}
