//! What a build produces, read back from the output: the cross-links of the journey (home,
//! stages, documents, taxonomies), markdown features, drafts and dates, sitemap, base_url
//! with a path, determinism, and `journeyhub init`.
//!
//! Most tests use `tests/fixtures/hub`, whose content is known (built at NOW, 2026-12-01):
//!
//! - onboarding (order 1): playbooks kickoff and draft-plan (a draft), case study factory,
//!   page guide;
//! - adoption (order 2): playbook ヘルススコア設計, case study future-story (dated 2027),
//!   webinars soon and later (upcoming), past-recorded and past-old (on demand);
//! - retention (order 3): playbook renewal.
//!
//! kickoff is linked from guide and ヘルススコア設計 and links to factory#結果; kickoff and
//! factory are featured and carry the industry 製造業.

mod common;

use common::*;
use scraper::Html;
use std::collections::{BTreeMap, BTreeSet};

const KICKOFF: &str = "/playbooks/kickoff/";
const HEALTH: &str = "/playbooks/ヘルススコア設計/";
const RENEWAL: &str = "/playbooks/renewal/";
const FACTORY: &str = "/case-studies/factory/";
const GUIDE: &str = "/guide/";
const SOON: &str = "/webinars/soon/";
const LATER: &str = "/webinars/later/";
const PAST_RECORDED: &str = "/webinars/past-recorded/";
const PAST_OLD: &str = "/webinars/past-old/";
const DRAFT: &str = "/playbooks/draft-plan/";
const FUTURE: &str = "/case-studies/future-story/";

/// The links of the document cards under `scope` (a section), percent-decoded.
fn card_links(html: &Html, scope: &str) -> Vec<String> {
    decoded(hrefs(html, &format!("{scope} .card-title a")))
}

fn decoded(urls: Vec<String>) -> Vec<String> {
    urls.iter()
        .map(|u| {
            assert!(u.is_ascii(), "URLs are percent-encoded on the wire: {u}");
            percent_decode(u)
        })
        .collect()
}

/// A site path (`playbooks/kickoff/`) for [`Output::page`] from a root-relative URL.
fn path_of(url: &str) -> &str {
    url.trim_start_matches('/')
}

fn hub() -> (TestSite, Output) {
    let site = TestSite::fixture("hub");
    let built = site.build();
    assert!(
        built.summary.warnings.is_empty(),
        "the hub fixture builds without warnings:\n{}",
        built.summary.warnings
    );
    (site, built)
}

// ---------------------------------------------------------------------------------------
// Home page
// ---------------------------------------------------------------------------------------

#[test]
fn home_journey_map_lists_stages_in_order_with_counts_per_kind() {
    let (_site, out) = hub();
    let home = out.page("");
    let stages = sel("ol.journey-map > li");
    let mut seen = vec![];
    for li in home.select(&stages) {
        let li = Html::parse_fragment(&li.html());
        let title = text_of(&li, ".journey-title a");
        let href = hrefs(&li, ".journey-title a").remove(0);
        let counts: Vec<(String, String)> = texts(&li, ".journey-counts li .count-label")
            .into_iter()
            .zip(texts(&li, ".journey-counts li .count-num"))
            .collect();
        seen.push((title, percent_decode(&href), counts));
    }
    let counts = |p: &str, c: &str, w: &str| {
        vec![
            ("プレイブック".to_string(), p.to_string()),
            ("導入事例".to_string(), c.to_string()),
            ("ウェビナー".to_string(), w.to_string()),
        ]
    };
    assert_eq!(
        seen,
        vec![
            // By `order`, not by file name (adoption.md sorts first on disk).
            (
                "オンボーディング".to_string(),
                "/stages/onboarding/".to_string(),
                // draft-plan is a draft: not counted.
                counts("1", "1", "0"),
            ),
            (
                "活用促進".to_string(),
                "/stages/adoption/".to_string(),
                // future-story is dated 2027: not counted.
                counts("1", "0", "4"),
            ),
            (
                "定着".to_string(),
                "/stages/retention/".to_string(),
                counts("1", "0", "0"),
            ),
        ]
    );
    for (_, href, _) in &seen {
        assert!(
            out.file_of_url(href).unwrap().is_file(),
            "{href} is a stage page"
        );
    }
}

#[test]
fn home_shows_upcoming_webinars_soonest_first_and_featured_content() {
    let (_site, out) = hub();
    let home = out.page("");
    assert_eq!(
        card_links(&home, "section.upcoming"),
        [SOON, LATER],
        "upcoming at NOW, soonest first; past webinars are not listed"
    );
    let featured: BTreeSet<String> = card_links(&home, "section.featured").into_iter().collect();
    assert_eq!(
        featured,
        [KICKOFF, FACTORY].map(String::from).into(),
        "documents with `featured: true`"
    );
}

#[test]
fn upcoming_depends_on_the_build_time() {
    let site = TestSite::fixture("hub");
    // During the webinar it is still upcoming; once it has ended it is not.
    let mut options = site.options();
    options.now = Some("2026-12-10T14:30:00+09:00".parse().unwrap());
    let during = site.build_with(options.clone());
    assert_eq!(
        card_links(&during.page(""), "section.upcoming"),
        [SOON, LATER]
    );

    options.now = Some("2026-12-10T15:00:01+09:00".parse().unwrap());
    let after = site.build_with(options);
    assert_eq!(card_links(&after.page(""), "section.upcoming"), [LATER]);
    let adoption = after.page("stages/adoption/");
    assert_eq!(
        card_links(
            &adoption,
            "section[aria-labelledby=\"webinars-on-demand-heading\"]"
        ),
        [SOON, PAST_RECORDED, PAST_OLD],
        "an ended webinar moves to the past list, most recent first"
    );
}

// ---------------------------------------------------------------------------------------
// Stage pages
// ---------------------------------------------------------------------------------------

#[test]
fn stage_page_shows_goal_and_kpis_as_written() {
    let (_site, out) = hub();
    let adoption = out.page("stages/adoption/");
    assert_eq!(text_of(&adoption, "h1"), "活用促進");
    assert!(
        text_of(&adoption, ".stage-goal").contains("利用者の大半が毎週使っている"),
        "the goal is shown"
    );
    let kpis: Vec<(String, String)> = texts(&adoption, ".kpis dt")
        .into_iter()
        .zip(
            texts(&adoption, ".kpis dd")
                .into_iter()
                .map(|t| t.rsplit(' ').next().unwrap_or("").to_string()),
        )
        .collect();
    assert_eq!(
        kpis,
        [
            ("週次アクティブ率".to_string(), "70%".to_string()),
            // `target: +40` is shown as written, not as the number 40.
            ("削減工数の伸び".to_string(), "+40".to_string()),
        ]
    );
}

#[test]
fn stage_page_lists_its_documents_with_upcoming_webinars_before_on_demand() {
    let (_site, out) = hub();
    let adoption = out.page("stages/adoption/");
    let section = |id: &str| format!("section[aria-labelledby=\"{id}\"]");
    assert_eq!(
        card_links(&adoption, &section("playbooks-heading")),
        [HEALTH]
    );
    assert_eq!(
        card_links(&adoption, &section("case-studies-heading")),
        Vec::<String>::new(),
        "future-story is not published yet"
    );
    assert_eq!(
        card_links(&adoption, &section("webinars-upcoming-heading")),
        [SOON, LATER],
        "soonest first"
    );
    assert_eq!(
        card_links(&adoption, &section("webinars-on-demand-heading")),
        [PAST_RECORDED, PAST_OLD],
        "most recent first"
    );
    // Upcoming comes before on demand in the page.
    let order: Vec<String> = attrs(&adoption, "section[aria-labelledby]", "aria-labelledby");
    let upcoming = order
        .iter()
        .position(|s| s == "webinars-upcoming-heading")
        .unwrap();
    let on_demand = order
        .iter()
        .position(|s| s == "webinars-on-demand-heading")
        .unwrap();
    assert!(upcoming < on_demand, "sections in order: {order:?}");

    let onboarding = out.page("stages/onboarding/");
    assert_eq!(
        card_links(&onboarding, &section("playbooks-heading")),
        [KICKOFF]
    );
    assert_eq!(
        card_links(&onboarding, &section("case-studies-heading")),
        [FACTORY]
    );
    assert_eq!(card_links(&onboarding, &section("pages-heading")), [GUIDE]);
}

#[test]
fn stage_pages_link_to_the_previous_and_next_stage() {
    let (_site, out) = hub();
    let pager = |path: &str| {
        let page = out.page(path);
        (
            decoded(hrefs(&page, "a[rel=\"prev\"]")),
            decoded(hrefs(&page, "a[rel=\"next\"]")),
        )
    };
    assert_eq!(
        pager("stages/onboarding/"),
        (vec![], vec!["/stages/adoption/".to_string()]),
        "the first stage has no previous stage"
    );
    assert_eq!(
        pager("stages/adoption/"),
        (
            vec!["/stages/onboarding/".to_string()],
            vec!["/stages/retention/".to_string()]
        )
    );
    assert_eq!(
        pager("stages/retention/"),
        (vec!["/stages/adoption/".to_string()], vec![]),
        "the last stage has no next stage"
    );
}

// ---------------------------------------------------------------------------------------
// Document pages
// ---------------------------------------------------------------------------------------

#[test]
fn document_breadcrumb_goes_home_then_stage_then_document() {
    let (_site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    assert_eq!(
        decoded(hrefs(&page, "nav.breadcrumb a")),
        ["/", "/stages/onboarding/"]
    );
    assert_eq!(
        texts(&page, "nav.breadcrumb li"),
        ["ホーム", "オンボーディング", "キックオフの進め方"]
    );
    assert_eq!(
        texts(&page, "nav.breadcrumb [aria-current=\"page\"]"),
        ["キックオフの進め方"]
    );
}

#[test]
fn next_step_links_into_the_following_stage() {
    let (_site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    assert_eq!(count(&page, "section.next-step"), 1);
    let links = decoded(hrefs(&page, "section.next-step a"));
    assert!(
        links.contains(&"/stages/adoption/".to_string()),
        "links to the next stage: {links:?}"
    );
    let cards = card_links(&page, "section.next-step");
    assert!(!cards.is_empty(), "suggests content of the next stage");
    let adoption_docs = [HEALTH, SOON, LATER, PAST_RECORDED, PAST_OLD];
    for c in &cards {
        assert!(
            adoption_docs.contains(&c.as_str()),
            "{c} is not content of the adoption stage"
        );
    }
    assert_eq!(cards[0], HEALTH, "the stage's first playbook comes first");
    assert!(
        cards.contains(&SOON.to_string()),
        "and its next upcoming webinar: {cards:?}"
    );
}

#[test]
fn documents_of_the_last_stage_have_no_next_step() {
    let (_site, out) = hub();
    let page = out.page(path_of(RENEWAL));
    assert_eq!(count(&page, "section.next-step"), 0);
    // The page is otherwise complete.
    assert_eq!(text_of(&page, "h1"), "更新前レビュー");
}

#[test]
fn related_lists_explicit_related_first() {
    let (_site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    let related = card_links(&page, "section.related");
    assert!(related.len() > 2, "explicit and computed: {related:?}");
    assert_eq!(
        related[..2],
        [GUIDE, PAST_RECORDED],
        "`related:` in the order written"
    );
    assert!(
        related[2..].contains(&FACTORY.to_string()),
        "then documents sharing stage and terms: {related:?}"
    );
    assert!(!related.contains(&KICKOFF.to_string()), "never itself");
    let unique: BTreeSet<&String> = related.iter().collect();
    assert_eq!(unique.len(), related.len(), "no duplicates: {related:?}");
}

#[test]
fn backlinks_list_the_documents_that_link_here() {
    let (_site, out) = hub();
    let kickoff: BTreeSet<String> = card_links(&out.page(path_of(KICKOFF)), "section.backlinks")
        .into_iter()
        .collect();
    assert_eq!(kickoff, [GUIDE, HEALTH].map(String::from).into());
    let factory = card_links(&out.page(path_of(FACTORY)), "section.backlinks");
    assert_eq!(factory, [KICKOFF], "a link with an anchor counts too");
    assert_eq!(
        count(&out.page(path_of(RENEWAL)), "section.backlinks"),
        0,
        "no section when nothing links here"
    );
}

// ---------------------------------------------------------------------------------------
// Taxonomies
// ---------------------------------------------------------------------------------------

#[test]
fn each_taxonomy_has_an_index_and_a_page_per_term() {
    let (_site, out) = hub();
    let mut terms_seen = BTreeMap::new();
    for taxonomy in ["industry", "company_size", "tags"] {
        let index = out.page(&format!("{taxonomy}/"));
        let term_urls = hrefs(&index, ".term-list a");
        assert!(!term_urls.is_empty(), "{taxonomy} lists its terms");
        for url in term_urls {
            assert!(url.is_ascii(), "percent-encoded: {url}");
            let file = out.file_of_url(&url).unwrap();
            assert!(file.is_file(), "{url} leads to {}", file.display());
            let term_page = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            let docs = hrefs(&term_page, ".card-title a");
            assert!(!docs.is_empty(), "{url} lists its documents");
            // Every listed document names the term and links back to it.
            for doc in &docs {
                let doc_page = Html::parse_document(
                    &std::fs::read_to_string(out.file_of_url(doc).unwrap()).unwrap(),
                );
                assert!(
                    hrefs(&doc_page, "a").contains(&url),
                    "{doc} carries the term {url}"
                );
            }
            terms_seen.insert(percent_decode(&url), decoded(docs));
        }
    }
    let manufacturing = terms_seen
        .get("/industry/製造業/")
        .expect("the Japanese term has its page");
    let set: BTreeSet<&str> = manufacturing.iter().map(String::as_str).collect();
    assert_eq!(set, BTreeSet::from([KICKOFF, FACTORY]));
    // The folder on disk carries the raw UTF-8 name.
    assert!(
        out.dir
            .join("industry")
            .join("製造業")
            .join("index.html")
            .is_file()
    );
    assert_eq!(
        terms_seen.get("/tags/入門/"),
        Some(&vec![GUIDE.to_string()])
    );
    assert!(
        !terms_seen.contains_key("/industry/小売/"),
        "the term of an unpublished document has no page"
    );
}

// ---------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------

#[test]
fn heading_ids_are_unique_and_keep_japanese_and_the_toc_lists_them() {
    let (_site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    let heading_ids = attrs(&page, ".prose h2, .prose h3, .prose h4", "id");
    assert_eq!(
        heading_ids,
        ["purpose", "準備", "準備-1", "手順", "集計クエリ"],
        "explicit ids kept, Japanese kept, repeats numbered"
    );
    let toc = hrefs(&page, "nav.toc a");
    assert_eq!(
        toc,
        heading_ids
            .iter()
            .map(|id| format!("#{id}"))
            .collect::<Vec<_>>(),
        "the table of contents links every heading in order"
    );
    // No id is used twice anywhere in the page.
    let all_ids = attrs(&page, "[id]", "id");
    let unique: BTreeSet<&String> = all_ids.iter().collect();
    assert_eq!(unique.len(), all_ids.len(), "duplicate ids in {all_ids:?}");
}

#[test]
fn links_with_an_anchor_become_the_url_of_the_heading() {
    let (_site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    let links = hrefs(&page, ".prose a");
    let link = links
        .iter()
        .find(|h| h.contains("factory"))
        .expect("the @/ link is rendered");
    let (url, fragment) = link.split_once('#').expect("the anchor is kept");
    assert_eq!(url, FACTORY);
    assert!(
        fragment.is_ascii(),
        "the fragment is percent-encoded: {link}"
    );
    assert_eq!(percent_decode(fragment), "結果");
    let target = out.page(path_of(FACTORY));
    assert_eq!(
        texts(&target, &format!("[id=\"{}\"]", percent_decode(fragment))),
        ["結果"],
        "the target page has that heading"
    );
    assert!(
        !hrefs(&out.page(""), "a").iter().any(|h| h.contains("@/")),
        "no @/ path is left anywhere"
    );
}

#[test]
fn code_blocks_are_highlighted_with_prefixed_classes() {
    let (_site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    assert_eq!(count(&page, "pre[data-lang=\"sql\"]"), 1);
    let classes = attrs(&page, "pre[data-lang=\"sql\"] [class]", "class");
    assert!(!classes.is_empty(), "the code is split into classed spans");
    let css = out.read("assets/syntax.css");
    for c in classes.iter().flat_map(|c| c.split_whitespace()) {
        assert!(c.starts_with("hl-"), "class {c} has the hl- prefix");
        assert!(
            css.contains(&format!(".hl-code .{c} {{")),
            "syntax.css styles {c}"
        );
    }
    let keyword = page
        .select(&scraper::Selector::parse("pre[data-lang=\"sql\"] span").unwrap())
        .find(|s| s.text().collect::<String>() == "SELECT")
        .expect("SELECT has a span of its own");
    let keyword_classes = keyword.value().attr("class").unwrap();
    assert!(
        keyword_classes.contains("hl-l") && keyword_classes.contains("hl-d"),
        "SELECT has a colour in both themes: {keyword_classes}"
    );
    assert_eq!(
        count(&page, "pre[data-lang=\"sql\"] span span"),
        0,
        "one flat span per token"
    );
    assert_eq!(
        count(&page, "pre[data-lang=\"sql\"] [style]"),
        0,
        "classes, not inline colours"
    );
}

#[test]
fn images_next_to_a_document_are_copied_and_linked() {
    let (site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    let src = attrs(&page, ".prose img", "src");
    assert_eq!(src, ["/playbooks/images/flow.svg"]);
    let copied = out.file_of_url(&src[0]).unwrap();
    assert_eq!(
        std::fs::read(copied).unwrap(),
        std::fs::read(site.root.join("content/playbooks/images/flow.svg")).unwrap(),
        "the same bytes"
    );
}

#[test]
fn playbook_steps_become_a_checklist_with_checkboxes() {
    let (_site, out) = hub();
    let page = out.page(path_of(KICKOFF));
    assert_eq!(
        attrs(&page, "ol.checklist", "data-checklist"),
        [KICKOFF],
        "keyed by the playbook's URL"
    );
    assert_eq!(
        texts(&page, "ol.checklist > li label"),
        ["参加者を決める", "目的を話し合う", "次回の日程を決める"]
    );
    assert_eq!(
        attrs(
            &page,
            "ol.checklist > li label input[type=\"checkbox\"]",
            "data-step"
        ),
        ["1", "2", "3"]
    );
    // Only the list under 手順 becomes a checklist; cards report its step count.
    let adoption = out.page("stages/onboarding/");
    assert_eq!(
        attrs(&adoption, "[data-progress-steps]", "data-progress-steps"),
        ["3"]
    );
}

#[test]
fn japanese_file_name_is_published_under_its_own_name() {
    let (_site, out) = hub();
    assert!(
        out.dir
            .join("playbooks")
            .join("ヘルススコア設計")
            .join("index.html")
            .is_file()
    );
    let page = out.page(path_of(HEALTH));
    assert_eq!(text_of(&page, "h1"), "ヘルススコア設計");
    let canonical = attrs(&page, "link[rel=\"canonical\"]", "href");
    assert_eq!(
        canonical,
        [
            "https://hub.example.com/playbooks/%E3%83%98%E3%83%AB%E3%82%B9%E3%82%B9%E3%82%B3%E3%82%A2%E8%A8%AD%E8%A8%88/"
        ]
    );
    // Its own checklist is keyed by the same (encoded) URL that links use.
    let key = attrs(&page, "ol.checklist", "data-checklist");
    let links_to_it: Vec<String> = hrefs(&out.page("stages/adoption/"), ".card-title a")
        .into_iter()
        .filter(|h| percent_decode(h) == HEALTH)
        .collect();
    assert_eq!(key, links_to_it);
}

// ---------------------------------------------------------------------------------------
// Drafts and dates
// ---------------------------------------------------------------------------------------

fn mentions(out: &Output, url: &str) -> bool {
    out.html_pages()
        .iter()
        .any(|(_, page)| hrefs(page, "a").iter().any(|h| percent_decode(h) == url))
}

#[test]
fn drafts_and_future_documents_are_left_out_by_default() {
    let (_site, out) = hub();
    for url in [DRAFT, FUTURE] {
        assert!(
            !out.file_of_url(url).unwrap().exists(),
            "{url} is not published"
        );
        assert!(!mentions(&out, url), "no page links to {url}");
        assert!(
            !out.read("sitemap.xml").contains(url.trim_end_matches('/')),
            "{url} is not in the sitemap"
        );
    }
}

#[test]
fn drafts_and_future_documents_are_built_with_drafts() {
    let site = TestSite::fixture("hub");
    let mut options = site.options();
    options.drafts = true;
    let out = site.build_with(options);
    for url in [DRAFT, FUTURE] {
        assert!(out.file_of_url(url).unwrap().is_file(), "{url} is built");
    }
    let onboarding = out.page("stages/onboarding/");
    assert!(
        card_links(
            &onboarding,
            "section[aria-labelledby=\"playbooks-heading\"]"
        )
        .contains(&DRAFT.to_string())
    );
    let adoption = out.page("stages/adoption/");
    assert_eq!(
        card_links(
            &adoption,
            "section[aria-labelledby=\"case-studies-heading\"]"
        ),
        [FUTURE]
    );
}

#[test]
fn a_future_date_is_published_once_the_build_time_reaches_it() {
    let site = TestSite::fixture("hub");
    let mut options = site.options();
    options.now = Some("2027-03-02T09:00:00+09:00".parse().unwrap());
    let out = site.build_with(options);
    assert!(out.file_of_url(FUTURE).unwrap().is_file());
    assert!(
        !out.file_of_url(DRAFT).unwrap().exists(),
        "a draft stays a draft"
    );
}

#[test]
fn a_publication_day_starts_at_midnight_in_the_site_time_zone() {
    // future-story has `date: 2027-03-01`; the site's time zone is Asia/Tokyo.
    let site = TestSite::fixture("hub");
    let build_at = |now: &str| {
        let mut options = site.options();
        options.now = Some(now.parse().unwrap());
        site.build_with(options)
    };
    let before = build_at("2027-02-28T23:59:59+09:00");
    assert!(!before.file_of_url(FUTURE).unwrap().exists());
    let at = build_at("2027-03-01T00:00:00+09:00");
    assert!(at.file_of_url(FUTURE).unwrap().is_file());
}

// ---------------------------------------------------------------------------------------
// Sitemap, robots.txt, 404
// ---------------------------------------------------------------------------------------

/// Every page that asks to be indexed: (output path, canonical URL).
fn indexable_pages(out: &Output) -> Vec<(String, String)> {
    out.html_pages()
        .into_iter()
        .filter(|(_, page)| {
            !attrs(page, "meta[name=\"robots\"]", "content")
                .iter()
                .any(|c| c.contains("noindex"))
        })
        .map(|(path, page)| {
            let canonical = attrs(&page, "link[rel=\"canonical\"]", "href");
            assert_eq!(canonical.len(), 1, "{path} has one canonical link");
            (path, canonical[0].clone())
        })
        .collect()
}

#[test]
fn sitemap_parses_and_lists_every_page() {
    let (_site, out) = hub();
    let locs = sitemap_locs(&out.read("sitemap.xml"));
    let loc_set: BTreeSet<&String> = locs.iter().collect();
    assert_eq!(loc_set.len(), locs.len(), "no page listed twice");
    for url in [
        KICKOFF,
        HEALTH,
        RENEWAL,
        FACTORY,
        GUIDE,
        SOON,
        LATER,
        PAST_RECORDED,
        PAST_OLD,
    ] {
        let expected = format!("https://hub.example.com{url}");
        assert!(
            locs.iter().any(|l| percent_decode(l) == expected),
            "{expected} is in the sitemap"
        );
    }
    let pages = indexable_pages(&out);
    for (path, canonical) in &pages {
        assert!(
            loc_set.contains(canonical),
            "{path} ({canonical}) is in the sitemap"
        );
    }
    for loc in &locs {
        let rest = loc
            .strip_prefix("https://hub.example.com")
            .unwrap_or_else(|| panic!("{loc} is under base_url"));
        assert!(
            out.file_of_url(rest).unwrap().is_file(),
            "{loc} is a page of the output"
        );
    }
    assert!(
        !locs.iter().any(|l| l.ends_with("404.html")),
        "the 404 page is not listed"
    );
}

#[test]
fn not_found_page_and_robots_txt_exist() {
    let (_site, out) = hub();
    let not_found = out.page("404.html");
    assert_eq!(
        attrs(&not_found, "meta[name=\"robots\"]", "content"),
        ["noindex"]
    );
    assert!(
        hrefs(&not_found, "a").contains(&"/".to_string()),
        "leads back home"
    );
    let robots = out.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://hub.example.com/sitemap.xml"),
        "{robots}"
    );
}

// ---------------------------------------------------------------------------------------
// The sample hub: links, base_url with a path, determinism
// ---------------------------------------------------------------------------------------

/// Checks every URL of every HTML page that points into the site: it has the base path,
/// leads to an output file, and its #fragment is an id of that page; and no page uses an id
/// twice. Returns how many URLs were checked.
fn check_internal_links(out: &Output) -> usize {
    let pages = out.html_pages();
    let mut ids: BTreeMap<std::path::PathBuf, BTreeSet<String>> = BTreeMap::new();
    for (path, page) in &pages {
        ids.insert(
            out.dir.join(path),
            attrs(page, "[id]", "id").into_iter().collect(),
        );
    }
    let mut checked = 0;
    let mut problems = vec![];
    for (path, page) in &pages {
        let all_ids = attrs(page, "[id]", "id");
        let this = out.dir.join(path);
        if ids[&this].len() != all_ids.len() {
            problems.push(format!("{path}: an id is used twice in {all_ids:?}"));
        }
        let mut urls: Vec<String> = hrefs(page, "[href]");
        urls.extend(attrs(page, "[src]", "src"));
        urls.extend(attrs(page, "[data-checklist]", "data-checklist"));
        urls.extend(attrs(page, "[data-progress-url]", "data-progress-url"));
        for refresh in attrs(page, "meta[http-equiv=\"refresh\"]", "content") {
            if let Some((_, u)) = refresh.split_once("url=") {
                urls.push(u.to_string());
            }
        }
        for url in urls {
            let (target, fragment) = if let Some(f) = url.strip_prefix('#') {
                (this.clone(), Some(f.to_string()))
            } else if url.starts_with('/') && !url.starts_with("//") {
                let Some(file) = out.file_of_url(&url) else {
                    problems.push(format!(
                        "{path}: {url} lacks the base path {}",
                        out.base_path
                    ));
                    continue;
                };
                (file, url.split_once('#').map(|(_, f)| f.to_string()))
            } else {
                continue;
            };
            checked += 1;
            if !target.is_file() {
                problems.push(format!("{path}: {url} leads to no file"));
                continue;
            }
            if let Some(f) = fragment {
                let id = percent_decode(&f);
                if ids.get(&target).is_some_and(|set| !set.contains(&id)) {
                    problems.push(format!("{path}: {url}: no element with id {id:?}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    checked
}

#[test]
fn every_internal_link_of_the_sample_hub_resolves() {
    let site = TestSite::sample();
    let out = site.build();
    let checked = check_internal_links(&out);
    assert!(checked > 100, "only {checked} links checked");
    // The sample's Japanese file name and its image next to it.
    let health = out.page("playbooks/ヘルススコア設計/");
    let src = attrs(&health, ".prose img", "src");
    assert_eq!(src, ["/playbooks/images/health-score-model.svg"]);
    assert!(out.exists("playbooks/images/health-score-model.svg"));
}

#[test]
fn base_url_with_a_path_prefixes_every_url() {
    let site = TestSite::sample();
    let mut options = site.options();
    options.base_url = Some("https://example.com/hub/".into());
    let mut out = site.build_with(options);
    out.base_path = "/hub/".into();

    // Every root-relative URL starts with /hub/ and leads to a file of the output.
    let checked = check_internal_links(&out);
    assert!(checked > 100, "only {checked} links checked");

    for (path, page) in out.html_pages() {
        let mut absolute = attrs(&page, "link[rel=\"canonical\"]", "href");
        absolute.extend(attrs(&page, "link[rel=\"alternate\"]", "href"));
        absolute.extend(attrs(&page, "meta[property=\"og:url\"]", "content"));
        for url in absolute {
            let rest = url.strip_prefix("https://example.com").unwrap_or("");
            assert!(
                rest.starts_with("/hub/"),
                "{path}: {url} is under the base_url"
            );
            assert!(
                out.file_of_url(rest).unwrap().is_file(),
                "{path}: {url} is a page of the output"
            );
        }
    }
    let home = out.page("");
    assert_eq!(
        attrs(&home, "link[rel=\"canonical\"]", "href"),
        ["https://example.com/hub/"]
    );
    let english = out.page("en/playbooks/kickoff/");
    assert_eq!(
        attrs(&english, "link[rel=\"canonical\"]", "href"),
        ["https://example.com/hub/en/playbooks/kickoff/"]
    );
    assert!(
        decoded(hrefs(&english, "nav.breadcrumb a")).contains(&"/hub/en/".to_string()),
        "the English breadcrumb starts at the English home under /hub/"
    );

    let xml = out.read("sitemap.xml");
    let locs = sitemap_locs(&xml);
    assert!(!locs.is_empty());
    for loc in &locs {
        assert!(loc.starts_with("https://example.com/hub/"), "{loc}");
    }
    for alternate in xml.split("href=\"").skip(1) {
        assert!(
            alternate.starts_with("https://example.com/hub/"),
            "hreflang alternate {}",
            &alternate[..alternate.find('"').unwrap()]
        );
    }
    let robots = out.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.com/hub/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn building_the_sample_twice_gives_identical_files() {
    let site = TestSite::sample();
    let first = site.tmp.path().join("first");
    let second = site.tmp.path().join("second");
    for out in [&first, &second] {
        let mut options = site.options();
        options.output = Some(out.clone());
        build_ok(&options);
    }
    let a = snapshot(&first);
    let b = snapshot(&second);
    assert!(a.len() > 50, "the sample has many files ({})", a.len());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let different: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(different.is_empty(), "files differ: {different:?}");
}

// ---------------------------------------------------------------------------------------
// journeyhub init
// ---------------------------------------------------------------------------------------

#[test]
fn init_creates_a_site_that_builds_with_a_page_per_kind() {
    let site = TestSite::init();
    let out = site.build();
    assert!(
        out.summary.warnings.is_empty(),
        "a new site has no warnings:\n{}",
        out.summary.warnings
    );
    for (path, title) in [
        ("playbooks/kickoff/", "Run the kickoff meeting"),
        (
            "case-studies/example/",
            "How Example Co. went live in two weeks",
        ),
        ("webinars/getting-started/", "Getting started live"),
        ("about/", "About this hub"),
        ("stages/onboarding/", "Onboarding"),
        ("stages/adoption/", "Adoption"),
    ] {
        assert_eq!(text_of(&out.page(path), "h1"), title, "{path}");
    }
    let home = out.page("");
    assert_eq!(
        decoded(hrefs(&home, "ol.journey-map .journey-title a")),
        ["/stages/onboarding/", "/stages/adoption/"]
    );
    assert!(out.exists("sitemap.xml") && out.exists("404.html") && out.exists("robots.txt"));
    check_internal_links(&out);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = TestSite::fixture("minimal");
    let before = snapshot(&site.root);
    let err = journeyhub::init::create(&site.root).unwrap_err();
    assert!(err.contains("not empty"), "{err}");
    assert_same_files(&before, &snapshot(&site.root), "the existing site");
}

// ---------------------------------------------------------------------------------------
// Site navigation and footer (shared partials, rendered once per place)
// ---------------------------------------------------------------------------------------

#[test]
fn the_navigation_marks_where_each_page_sits() {
    let (_site, out) = hub();
    let current = |page: &Html, css: &str, value: &str| {
        decoded(hrefs(page, &format!("{css} a[aria-current=\"{value}\"]")))
    };
    // A stage page marks its stage, and nothing else.
    let onboarding = out.page("stages/onboarding/");
    assert_eq!(
        current(&onboarding, ".site-nav .nav-stages", "page"),
        ["/stages/onboarding/"]
    );
    assert_eq!(count(&onboarding, ".site-nav [aria-current]"), 1);
    let adoption = out.page("stages/adoption/");
    assert_eq!(
        current(&adoption, ".site-nav .nav-stages", "page"),
        ["/stages/adoption/"]
    );
    // A library marks its section; the taxonomy page its taxonomy; a term page its taxonomy
    // as the place it is in.
    let playbooks = out.page("playbooks/");
    assert_eq!(
        current(&playbooks, ".site-nav .nav-sections", "page"),
        ["/playbooks/"]
    );
    let industry = out.page("industry/");
    assert_eq!(
        current(&industry, ".site-nav .nav-taxonomies", "page"),
        ["/industry/"]
    );
    let term_url = decoded(hrefs(&industry, "main a[href^=\"/industry/\"]"))
        .into_iter()
        .find(|u| u != "/industry/")
        .expect("the industry page links its terms");
    let term = out.page(path_of(&term_url));
    assert_eq!(
        current(&term, ".site-nav .nav-taxonomies", "true"),
        ["/industry/"]
    );
    assert_eq!(count(&term, ".site-nav [aria-current=\"page\"]"), 0);
    // The brand is current on the home page only; a document marks nothing in the navigation.
    let home = out.page("");
    assert_eq!(count(&home, "a.brand[aria-current=\"page\"]"), 1);
    assert_eq!(count(&home, ".site-nav [aria-current]"), 0);
    let kickoff = out.page(path_of(KICKOFF));
    assert_eq!(count(&kickoff, "a.brand[aria-current]"), 0);
    assert_eq!(count(&kickoff, ".site-nav [aria-current]"), 0);
    // Every page carries the same journey map, in journey order, and the search box.
    for page in [&onboarding, &playbooks, &term, &home, &kickoff] {
        assert_eq!(
            decoded(hrefs(page, ".footer-stages a")),
            [
                "/stages/onboarding/",
                "/stages/adoption/",
                "/stages/retention/"
            ]
        );
        assert_eq!(count(page, "header form.site-search input[name=\"q\"]"), 1);
    }
}

#[test]
fn a_site_shared_partial_sees_the_place_and_the_language_but_not_the_page() {
    let site = TestSite::fixture("hub");
    // Overrides the theme's navigation, and adds a partial no template prints.
    site.write(
        "templates/partials/shared/nav.html",
        "<nav class=\"where\" data-kind=\"{{ place.page_kind }}\" data-stage=\"{{ place.stage }}\" \
         data-taxonomy=\"{{ place.taxonomy }}\" data-lang=\"{{ lang }}\">{{ t.home }} {{ stages | length }}</nav>",
    );
    site.write("templates/partials/shared/unused.html", "{{ site.title }}");
    let out = site.build();
    let place = |path: &str| {
        let page = out.page(path);
        let nav = page
            .select(&sel("header nav.where"))
            .next()
            .unwrap_or_else(|| panic!("{path} prints the site's navigation"));
        let v = nav.value();
        (
            [
                v.attr("data-kind").unwrap().to_string(),
                v.attr("data-stage").unwrap().to_string(),
                v.attr("data-taxonomy").unwrap().to_string(),
                v.attr("data-lang").unwrap().to_string(),
            ],
            nav.text().collect::<String>(),
        )
    };
    assert_eq!(place("").0, ["home", "", "", "ja"]);
    assert_eq!(place("").1, "ホーム 3");
    assert_eq!(place("stages/adoption/").0, ["stage", "adoption", "", "ja"]);
    assert_eq!(
        place(path_of(KICKOFF)).0,
        ["playbook", "onboarding", "", "ja"]
    );
    assert_eq!(place(path_of(HEALTH)).0, ["playbook", "adoption", "", "ja"]);
    assert_eq!(place("industry/").0, ["taxonomy", "", "industry", "ja"]);
    assert_eq!(place("webinars/").0, ["webinars", "", "", "ja"]);
    assert_eq!(place("404.html").0, ["not_found", "", "", "ja"]);
    // The theme's other shared partials are still its own.
    let kickoff = out.page(path_of(KICKOFF));
    assert_eq!(count(&kickoff, ".footer-stages a"), 3);
    assert_eq!(count(&kickoff, ".site-nav"), 0);
}

#[test]
fn a_shared_partial_that_reads_a_page_value_fails_once_with_its_file() {
    let site = TestSite::fixture("hub");
    site.write(
        "templates/partials/shared/nav.html",
        "<nav>{{ title }}</nav>",
    );
    let diagnostics = site.build_err();
    let errors: Vec<_> = diagnostics
        .0
        .iter()
        .filter(|d| d.code == "template")
        .collect();
    assert_eq!(errors.len(), 1, "one error for every page: {diagnostics}");
    assert!(
        errors[0]
            .file
            .ends_with("templates/partials/shared/nav.html"),
        "names the partial: {}",
        errors[0].file
    );
    assert!(errors[0].message.contains("title"), "{}", errors[0].message);
    assert!(!site.out.exists(), "nothing is written");
}

#[test]
fn a_shared_partial_name_that_a_page_cannot_print_is_refused() {
    let site = TestSite::fixture("hub");
    site.write("templates/partials/shared/site-nav.html", "<nav></nav>");
    // Folders below are the partials' own includes, not shared partials.
    site.write("templates/partials/shared/parts/x-y.html", "<b></b>");
    let diagnostics = site.build_err();
    let d = diagnostics
        .0
        .iter()
        .find(|d| d.code == "template")
        .expect("a template error");
    assert!(
        d.file.ends_with("templates/partials/shared/site-nav.html"),
        "{}",
        d.file
    );
    assert!(d.message.contains("shared.site-nav"), "{}", d.message);
    assert!(hint(d).contains("site_nav.html"), "{}", hint(d));
    assert_eq!(diagnostics.errors().count(), 1, "{diagnostics}");
}

#[test]
fn an_email_autolink_builds_as_a_mailto_link() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "---\ntitle: このハブについて\n---\nQuestions? Email <support@acme.com>.\n",
    );
    let out = site.build();
    let page = out.page("about/");
    assert_eq!(
        hrefs(&page, "main a[href^='mailto:']"),
        ["mailto:support@acme.com"]
    );
}

#[test]
fn a_link_without_https_is_an_error_that_offers_the_web_address() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "---\ntitle: このハブについて\n---\n[demo](www.acme.com/demo)\n",
    );
    let diagnostics = site.build_err();
    let d = diagnostics
        .0
        .iter()
        .find(|d| d.code == "missing-file")
        .expect("a missing-file error");
    assert_eq!((d.file.as_str(), d.line), ("content/pages/about.md", 4));
    assert!(
        hint(d).starts_with("did you mean `https://www.acme.com/demo`?"),
        "{}",
        hint(d)
    );
}
