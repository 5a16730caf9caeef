//! The built-in theme, and a site overriding it file by file.

use std::path::Path;

const NOW: &str = "2026-12-01T09:00:00+09:00";

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
    journeyhub::init::create(&root).unwrap();
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
    journeyhub::init::create(&root).unwrap();
    let out = dir.path().join("out");
    build(&root, &out);
    let css = std::fs::read_to_string(out.join("assets/syntax.css")).unwrap();
    assert!(css.contains(".hl-code"));
    let dark = css
        .find("@media (prefers-color-scheme: dark)")
        .expect("a dark variant");
    assert!(css[dark..].contains(".hl-"));
}
