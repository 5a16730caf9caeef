//! The built-in theme, and a site overriding it file by file.

mod common;

use common::NOW;

use std::path::Path;

/// The day of NOW in UTC, the time zone of a site made by `init`: the builds below then see
/// its documents as published, whatever the real date.
fn init_day() -> jiff::civil::Date {
    let now: jiff::Timestamp = NOW.parse().unwrap();
    now.to_zoned(jiff::tz::TimeZone::UTC).date()
}

fn build(root: &Path, out: &Path) {
    let mut options = journeyhub::BuildOptions::new(root);
    options.output = Some(out.to_path_buf());
    options.now = Some(NOW.parse().unwrap());
    journeyhub::build(&options).unwrap();
}

#[test]
fn a_site_without_themes_uses_the_built_in_theme_and_overrides_it_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    journeyhub::init::create_on(&root, init_day()).unwrap();
    assert!(!root.join("themes").exists());

    let plain = dir.path().join("plain");
    build(&root, &plain);
    let about = std::fs::read_to_string(plain.join("about/index.html")).unwrap();
    assert!(
        about.contains("<main id=\"main\""),
        "the built-in base layout"
    );
    let style = std::fs::read(plain.join("assets/style.css")).unwrap();
    assert!(!style.is_empty());

    // One template, one static file over the theme's, one new static file.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom-page\">{{ doc.title }}</p>{% endblock content %}",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static/assets")).unwrap();
    std::fs::write(root.join("static/assets/style.css"), "body{color:black}").unwrap();
    std::fs::write(root.join("static/brand.txt"), "ours").unwrap();

    let custom = dir.path().join("custom");
    build(&root, &custom);
    let about = scraper::Html::parse_document(
        &std::fs::read_to_string(custom.join("about/index.html")).unwrap(),
    );
    let marker: Vec<String> = about
        .select(&scraper::Selector::parse("p.custom-page").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(marker, ["About this hub"]);
    // Other templates are still the theme's.
    let kickoff = std::fs::read_to_string(custom.join("playbooks/kickoff/index.html")).unwrap();
    assert!(kickoff.contains("class=\"checklist\""));
    assert!(!kickoff.contains("custom-page"));
    assert_eq!(
        std::fs::read_to_string(custom.join("assets/style.css")).unwrap(),
        "body{color:black}"
    );
    assert_eq!(
        std::fs::read_to_string(custom.join("brand.txt")).unwrap(),
        "ours"
    );
}

#[test]
fn syntax_highlighting_ships_a_light_and_a_dark_stylesheet() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    journeyhub::init::create_on(&root, init_day()).unwrap();
    let out = dir.path().join("out");
    build(&root, &out);
    let css = std::fs::read_to_string(out.join("assets/syntax.css")).unwrap();
    assert!(css.contains(".hl-code"));
    let dark = css
        .find("@media (prefers-color-scheme: dark)")
        .expect("a dark variant");
    assert!(css[dark..].contains(".hl-"));
}

/// The sample names its company sizes in `i18n/ja.yaml` and `i18n/en.yaml`
/// (`company_size_enterprise: 大企業`): pages show the name, addresses keep the written term,
/// and a term without a name is shown as written.
#[test]
fn a_site_names_its_terms_in_its_own_strings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(root, &out);
    let text_of = |page: &str, selector: &str| -> Vec<String> {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        scraper::Html::parse_document(&html)
            .select(&scraper::Selector::parse(selector).unwrap())
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    };

    let title = text_of("company_size/enterprise/index.html", "h1.page-title");
    assert_eq!(title, ["企業規模: 大企業"]);
    let title = text_of("en/company_size/enterprise/index.html", "h1.page-title");
    assert_eq!(title, ["Company size: Enterprise"]);

    let facets = text_of("case-studies/index.html", ".facet-term .term-name");
    for shown in ["大企業", "中堅企業", "中小企業", "製造業"] {
        assert!(facets.iter().any(|f| f == shown), "{shown} in {facets:?}");
    }
    assert!(!facets.iter().any(|f| f == "enterprise"), "{facets:?}");
    // Addresses keep the term as written in front matter.
    let links = {
        let html = std::fs::read_to_string(out.join("case-studies/index.html")).unwrap();
        scraper::Html::parse_document(&html)
            .select(&scraper::Selector::parse(".facet-term").unwrap())
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert!(
        links
            .iter()
            .any(|h| h.ends_with("/company_size/enterprise/")),
        "{links:?}"
    );
}

/// journeyhub renders each document's card once with the theme's `card` macro and lists
/// reuse it: a site's own `card` macro must still be the one every list shows.
#[test]
fn a_site_card_macro_is_used_by_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    journeyhub::init::create_on(&root, init_day()).unwrap();
    let theme_macros = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/macros.html"),
    )
    .unwrap();
    let start = theme_macros.find("{% macro card(").unwrap();
    let end = theme_macros.find("{% endmacro card %}").unwrap();
    let site_macros = format!(
        "{}{}{}",
        &theme_macros[..start],
        "{% macro card(c, t, level=3) %}<article class=\"card site-card\" data-level=\"{{ level }}\"><a href=\"{{ c.url }}\">{{ c.title }}</a> {{ t.stage }}</article>\n",
        &theme_macros[end..]
    );
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/macros.html"), site_macros).unwrap();
    let out = dir.path().join("out");
    build(&root, &out);

    let mut pages_with_cards = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        let cards: Vec<_> = html
            .select(&scraper::Selector::parse("article.card").unwrap())
            .collect();
        if cards.is_empty() {
            continue;
        }
        pages_with_cards += 1;
        for card in cards {
            assert_eq!(
                card.value().attr("class"),
                Some("card site-card"),
                "{}: every card is the site's",
                entry.path().display()
            );
            assert_eq!(card.value().attr("data-level"), Some("3"));
            let link = card
                .select(&scraper::Selector::parse("a").unwrap())
                .next()
                .expect("a link to the document");
            assert!(link.value().attr("href").unwrap().starts_with('/'));
        }
    }
    assert!(
        pages_with_cards > 5,
        "lists, related and next steps show cards"
    );
}
