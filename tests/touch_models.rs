//! Touch models on every kind of document: `touch:` written on a playbook, a case study, a
//! webinar and a page, a webinar that writes none and gets its kind's default from
//! site-config, all shown by their display names on the built pages, on cards and on the
//! `touch` taxonomy's term pages. The `features-hub` fixture, with `touch` made a taxonomy and
//! given defaults, is built at [`NOW`] and its pages parsed with scraper.

mod common;

use common::*;
use scraper::Html;

/// features-hub with touch models: the kickoff playbook is `high` already; the shop case
/// study serves `[tech, high]`, the recorded webinar `tech` and the referral page `tech`;
/// webinars default to `low`, which the November webinar gets (its `touch:` is empty) and
/// the December one refuses (`touch: []`; its English translation writes nothing and
/// inherits that).
fn touch_site() -> (TestSite, Output) {
    let site = TestSite::fixture("features-hub");
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    let config = config.replace(
        "taxonomies: [industry, company_size, product, audience]",
        "taxonomies: [industry, company_size, product, audience, touch]",
    ) + "touch:\n  served: [high, low, tech]\n  defaults:\n    webinars: [low]\n";
    site.write("site-config.yaml", &config);
    for (file, touch) in [
        ("content/case-studies/shop.md", " [tech, high]"),
        ("content/webinars/recorded.md", " tech"),
        ("content/pages/referral.md", " tech"),
        // Written empty, as not written: the default.
        ("content/webinars/no-recording.md", ""),
        // An empty list: no model, whatever the default.
        ("content/webinars/tokyo-live.md", " []"),
    ] {
        let text = std::fs::read_to_string(site.root.join(file)).unwrap();
        let text = text.replacen("\nstage: ", &format!("\ntouch:{touch}\nstage: "), 1);
        site.write(file, &text);
    }
    // The site names its company sizes; codes stay in front matter and addresses.
    site.write("i18n/ja.yaml", "company_size_smb: 中小企業\n");
    let mut out = site.build();
    out.base_path = "/hub/".into();
    (site, out)
}

/// The touch chip beside the kind at the top of a document: its text as a screen reader
/// reads it (the label, then the models).
fn eyebrow_touch(page: &Html) -> Vec<String> {
    texts(page, ".doc-eyebrow .chip-touch")
}

#[test]
fn every_kind_shows_its_touch_models_by_name_and_a_webinar_without_one_gets_the_default() {
    let (_site, out) = touch_site();
    for (path, shown) in [
        ("playbooks/kickoff/", "支援モデル: ハイタッチ"),
        // Written `[tech, high]`: shown in the models' own order, joined.
        ("case-studies/shop/", "支援モデル: ハイタッチ・テックタッチ"),
        ("webinars/recorded/", "支援モデル: テックタッチ"),
        // No `touch:`: the default site-config gives webinars.
        ("webinars/no-recording/", "支援モデル: ロータッチ"),
        ("referral/", "支援モデル: テックタッチ"),
        // The English translation, by the English names.
        ("en/playbooks/kickoff/", "Engagement model: High-touch"),
    ] {
        assert_eq!(eyebrow_touch(&out.page(path)), [shown], "{path}");
    }
    // Playbooks have no default: a playbook without `touch:` shows none; nor does a webinar
    // with `touch: []`.
    assert_eq!(eyebrow_touch(&out.page("playbooks/old-guide/")), [""; 0]);
    assert_eq!(eyebrow_touch(&out.page("webinars/tokyo-live/")), [""; 0]);
    // A translation that writes no `touch:` inherits its original's, `[]` included.
    assert_eq!(eyebrow_touch(&out.page("en/webinars/tokyo-live/")), [""; 0]);

    // `touch` is a taxonomy here, so each page lists its models among its terms, by name,
    // linking to the term pages at the codes' addresses.
    let shop = out.page("case-studies/shop/");
    let group = shop
        .select(&sel(".doc-terms .term-group"))
        .find(|g| {
            g.select(&sel("dt"))
                .any(|dt| dt.text().collect::<String>() == "支援モデル")
        })
        .expect("the case study lists its touch models among its terms");
    let links: Vec<(String, String)> = group
        .select(&sel("a.pill"))
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("ハイタッチ".to_string(), "/hub/touch/high/".to_string()),
            ("テックタッチ".to_string(), "/hub/touch/tech/".to_string()),
        ]
    );
}

#[test]
fn term_pages_and_cards_name_the_models_and_count_the_defaults() {
    let (_site, out) = touch_site();
    // The low-touch term page lists the webinars that write no `touch:`, not the one that
    // names `tech`, and is headed by the model's name.
    let low = out.page("touch/low/");
    assert!(
        text_of(&low, "h1").contains("ロータッチ"),
        "{}",
        text_of(&low, "h1")
    );
    let titles = texts(&low, ".card-title");
    assert!(
        titles.contains(&"11月の活用ウェビナー".to_string()),
        "{titles:?}"
    );
    assert!(
        !titles.contains(&"10月の活用ウェビナー".to_string()),
        "{titles:?}"
    );
    let tech = texts(&out.page("touch/tech/"), ".card-title");
    for title in [
        "10月の活用ウェビナー",
        "店舗の報告をスマートフォンで",
        "紹介プログラム",
    ] {
        assert!(tech.contains(&title.to_string()), "{title}: {tech:?}");
    }
    // The taxonomy page names every model used, by its name.
    let mut models = texts(&out.page("touch/"), "main a[href^='/hub/touch/']");
    models.sort();
    for name in ["テックタッチ", "ハイタッチ", "ロータッチ"] {
        assert!(
            models.iter().any(|m| m.starts_with(name)),
            "{name}: {models:?}"
        );
    }

    // A case study's card on its stage page carries its models, as on its page.
    let stage = out.page("stages/adoption/");
    let card = stage
        .select(&sel(".card"))
        .find(|c| {
            c.select(&sel(".card-title"))
                .any(|t| t.text().collect::<String>() == "店舗の報告をスマートフォンで")
        })
        .expect("the stage lists the case study");
    let chips: Vec<String> = card
        .select(&sel(".chip"))
        .map(|c| c.text().collect::<String>())
        .collect();
    assert_eq!(chips, ["支援モデル: ハイタッチ・テックタッチ"]);
}

#[test]
fn structured_data_names_terms_as_readers_see_them() {
    let (_site, out) = touch_site();
    let page = out.page("case-studies/shop/");
    let article = texts(&page, "script[type='application/ld+json']")
        .iter()
        .map(|t| serde_json::from_str::<serde_json::Value>(t).expect("JSON-LD"))
        .flat_map(|v| match v {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        })
        .find(|v| v["@type"] == "Article")
        .expect("the case study is an Article");
    let keywords = article["keywords"].as_str().unwrap();
    assert!(keywords.contains("中小企業"), "{keywords}");
    assert!(keywords.contains("テックタッチ"), "{keywords}");
    assert!(
        !keywords.split(", ").any(|k| k == "smb" || k == "tech"),
        "{keywords}"
    );
}

#[test]
fn the_sample_hub_offers_every_touch_model_in_every_stage() {
    // The sample promises all three models; a stage without tech-touch content would leave
    // customers without a success manager no way through it.
    let site = TestSite::sample();
    let (report, _) = journeyhub::report::compute(&site.options()).expect("the sample loads");
    assert_eq!(report.touch.served, ["high", "low", "tech"]);
    assert_eq!(report.touch.rows.len(), 5);
    for row in &report.touch.rows {
        for model in ["high", "low", "tech"] {
            assert!(
                row.counts[model] > 0,
                "{} has no {model}-touch content",
                row.stage
            );
        }
    }
    assert!(report.gaps.iter().all(|g| g.kind != "touch-gap"));
    // The self-serve paths of the last two stages, on their stage pages by name.
    let out = site.build();
    for (stage, title) in [
        (
            "expansion",
            "次の部署へ自分で広げる：セルフサービス展開ガイド",
        ),
        ("advocacy", "レビュー投稿で活用の工夫を広める"),
    ] {
        let page = out.page(&format!("stages/{stage}/"));
        let card = page
            .select(&sel(".card"))
            .find(|c| {
                c.select(&sel(".card-title"))
                    .any(|t| t.text().collect::<String>() == title)
            })
            .unwrap_or_else(|| panic!("{stage} lists {title}"));
        let chips: Vec<String> = card
            .select(&sel(".chip"))
            .map(|c| c.text().collect::<String>())
            .collect();
        assert_eq!(chips, ["支援モデル: テックタッチ"], "{stage}");
    }
}
