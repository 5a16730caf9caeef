//! A Japanese hub with English translations: URLs, switcher, hreflang, fallback and hiding,
//! per-language feeds and dates, theme strings, and the translation warnings of `check`.

mod common;

use common::{NOW, copy_dir};

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Site {
    fn new(change: impl FnOnce(&Path)) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bilingual"),
            &root,
        );
        change(&root);
        let out = dir.path().join("public");
        let mut options = journeyhub::BuildOptions::new(&root);
        options.output = Some(out.clone());
        options.now = Some(NOW.parse().unwrap());
        journeyhub::build(&options).unwrap();
        Site {
            _dir: dir,
            root,
            out,
        }
    }

    /// The page at a site URL (`/hub/en/playbooks/kickoff/`).
    fn page(&self, url: &str) -> Html {
        let path = url
            .strip_prefix("/hub/")
            .expect("a URL under the base path");
        let file = self.out.join(path).join("index.html");
        Html::parse_document(
            &std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{} exists", file.display())),
        )
    }

    fn exists(&self, url: &str) -> bool {
        self.out
            .join(url.strip_prefix("/hub/").unwrap())
            .join("index.html")
            .exists()
    }
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&Selector::parse(selector).unwrap())
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn text(doc: &Html, selector: &str) -> String {
    doc.select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn each_language_has_its_urls_and_the_default_keeps_the_root() {
    let site = Site::new(|_| {});
    for url in [
        "/hub/",
        "/hub/playbooks/kickoff/",
        "/hub/playbooks/only-ja/",
        "/hub/stages/onboarding/",
        "/hub/en/",
        "/hub/en/playbooks/kickoff/",
        "/hub/en/stages/onboarding/",
        // A stage without a translation still has its page in every language.
        "/hub/en/stages/adoption/",
        "/hub/en/webinars/live/",
    ] {
        assert!(site.exists(url), "{url}");
    }
    // No English copy of a document that has no translation.
    assert!(!site.exists("/hub/en/playbooks/only-ja/"));
    assert!(!site.exists("/hub/ja/"));
    let en = site.page("/hub/en/playbooks/kickoff/");
    assert_eq!(attrs(&en, "html", "lang"), ["en"]);
    assert_eq!(text(&en, "h1").trim(), "Running the kickoff");
    let ja = site.page("/hub/playbooks/kickoff/");
    assert_eq!(attrs(&ja, "html", "lang"), ["ja"]);
}

#[test]
fn the_switcher_and_hreflang_lead_to_the_same_document() {
    let site = Site::new(|_| {});
    let ja = site.page("/hub/playbooks/kickoff/");
    let switch: Vec<(String, String)> = ja
        .select(&Selector::parse("a[hreflang]").unwrap())
        .map(|a| {
            (
                a.value().attr("hreflang").unwrap().to_string(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert!(switch.contains(&("en".into(), "/hub/en/playbooks/kickoff/".into())));
    assert!(switch.contains(&("ja".into(), "/hub/playbooks/kickoff/".into())));

    let alternates = attrs(&ja, "link[rel=alternate][hreflang=en]", "href");
    assert_eq!(
        alternates,
        ["https://example.com/hub/en/playbooks/kickoff/"]
    );
    let en = site.page("/hub/en/playbooks/kickoff/");
    assert_eq!(
        attrs(&en, "link[rel=alternate][hreflang=ja]", "href"),
        ["https://example.com/hub/playbooks/kickoff/"]
    );

    // Without a translation the switcher goes to that language's home, and there is no
    // alternate to claim otherwise.
    let only = site.page("/hub/playbooks/only-ja/");
    assert!(attrs(&only, "a[hreflang=en]", "href").contains(&"/hub/en/".to_string()));
    assert!(attrs(&only, "link[rel=alternate][hreflang=en]", "href").is_empty());

    let sitemap = std::fs::read_to_string(site.out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/hub/en/playbooks/kickoff/\"/>"
    ));
    assert!(sitemap.contains("<loc>https://example.com/hub/en/playbooks/kickoff/</loc>"));
}

#[test]
fn a_missing_translation_falls_back_or_hides_and_never_breaks_a_link() {
    let fallback = Site::new(|_| {});
    let stage = fallback.page("/hub/en/stages/onboarding/");
    let links = attrs(&stage, "main a", "href");
    assert!(
        links.contains(&"/hub/playbooks/only-ja/".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"/hub/en/playbooks/kickoff/".to_string()));
    // The English kickoff links to the Japanese-only guide at its real address.
    let kickoff = fallback.page("/hub/en/playbooks/kickoff/");
    assert!(attrs(&kickoff, ".prose a", "href").contains(&"/hub/playbooks/only-ja/".to_string()));

    let hidden = Site::new(|root| {
        let config = root.join("site-config.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(config, format!("{text}missing_translations: hide\n")).unwrap();
    });
    let stage = hidden.page("/hub/en/stages/onboarding/");
    let links = attrs(&stage, "main a", "href");
    assert!(!links.iter().any(|l| l.contains("only-ja")), "{links:?}");
    assert!(links.contains(&"/hub/en/playbooks/kickoff/".to_string()));

    // Every internal link of every page of both sites leads to a page that exists.
    for site in [&fallback, &hidden] {
        for entry in walkdir::WalkDir::new(&site.out) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let doc = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
            for href in attrs(&doc, "a[href^='/hub/']", "href") {
                let path = href.split(['#', '?']).next().unwrap();
                let decoded =
                    percent_encoding::percent_decode_str(path.strip_prefix("/hub/").unwrap())
                        .decode_utf8()
                        .unwrap()
                        .into_owned();
                let target = site.out.join(&decoded);
                assert!(
                    target.join("index.html").exists() || target.is_file(),
                    "{} links to {href}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn feeds_dates_and_theme_strings_follow_the_language() {
    let site = Site::new(|_| {});
    let en_feed = std::fs::read_to_string(site.out.join("en/feeds/atom.xml")).unwrap();
    let ja_feed = std::fs::read_to_string(site.out.join("feeds/atom.xml")).unwrap();
    let en = feed_rs::parser::parse(en_feed.as_bytes()).unwrap();
    let ja = feed_rs::parser::parse(ja_feed.as_bytes()).unwrap();
    let titles = |f: &feed_rs::model::Feed| -> Vec<String> {
        f.entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect()
    };
    assert!(titles(&en).contains(&"Running the kickoff".to_string()));
    assert!(!titles(&en).contains(&"キックオフの進め方".to_string()));
    assert!(titles(&ja).contains(&"キックオフの進め方".to_string()));
    assert!(!titles(&ja).contains(&"Running the kickoff".to_string()));
    let en_link = en
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content == "Running the kickoff")
        .unwrap();
    assert_eq!(
        en_link.links[0].href,
        "https://example.com/hub/en/playbooks/kickoff/"
    );
    assert!(site.out.join("en/webinars/calendar.ics").exists());

    let en_webinar = text(&site.page("/hub/en/webinars/live/"), "main");
    assert!(
        en_webinar.contains("December 10, 2026 14:00"),
        "{en_webinar}"
    );
    let ja_webinar = text(&site.page("/hub/webinars/live/"), "main");
    assert!(ja_webinar.contains("2026年12月10日 14:00"), "{ja_webinar}");

    // The site's i18n/en.yaml overrides one theme string; the rest stay the theme's.
    let en_page = text(&site.page("/hub/en/playbooks/kickoff/"), "body");
    assert!(en_page.contains("Where to go next"));
    let ja_page = text(&site.page("/hub/playbooks/kickoff/"), "body");
    assert!(!ja_page.contains("Where to go next"));
}

#[test]
fn check_warns_of_missing_and_outdated_translations() {
    let site = Site::new(|_| {});
    let mut build = journeyhub::BuildOptions::new(&site.root);
    build.now = Some(NOW.parse().unwrap());
    let mut options = journeyhub::check::CheckOptions::new(build);
    options.translations = Some(journeyhub::config::ExpectedTranslations::All);
    let result = journeyhub::check(&options);
    let found: Vec<(&str, &str)> = result
        .diagnostics
        .0
        .iter()
        .filter(|d| d.code.contains("translation"))
        .map(|d| (d.code, d.file.as_str()))
        .collect();
    assert!(
        found.contains(&("missing-translation", "content/playbooks/only-ja.md")),
        "{found:?}"
    );
    assert!(
        found.contains(&("missing-translation", "content/stages/adoption.md")),
        "{found:?}"
    );
    // kickoff.en.md was last updated before its source.
    assert!(
        found.contains(&("outdated-translation", "content/playbooks/kickoff.en.md")),
        "{found:?}"
    );
    // live.en.md has no `updated` and neither has its source: nothing to compare.
    assert!(!found.iter().any(|(_, f)| f.contains("live")), "{found:?}");
}

#[test]
fn site_config_says_which_translations_are_expected() {
    let check = |site: &Site| -> Vec<String> {
        let mut build = journeyhub::BuildOptions::new(&site.root);
        build.now = Some(NOW.parse().unwrap());
        journeyhub::check(&journeyhub::check::CheckOptions::new(build))
            .diagnostics
            .0
            .iter()
            .filter(|d| d.code == "missing-translation")
            .map(|d| d.file.clone())
            .collect()
    };
    // By default only translations already started are expected: stages, and documents
    // translated into some language.
    let started = Site::new(|_| {});
    let missing = check(&started);
    assert_eq!(missing, ["content/stages/adoption.md"]);

    let all = Site::new(|root| {
        let config = root.join("site-config.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(config, format!("{text}translations: all\n")).unwrap();
    });
    let missing = check(&all);
    assert!(
        missing.contains(&"content/playbooks/only-ja.md".to_string()),
        "{missing:?}"
    );
    assert!(
        missing.contains(&"content/playbooks/next.md".to_string()),
        "{missing:?}"
    );
}
