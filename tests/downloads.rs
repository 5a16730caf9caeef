//! `download:`: a document offers a file or media. The page and its cards show a link with
//! the type, format and size read from the file; feeds carry it as an Atom enclosure and a
//! JSON Feed attachment; the JSON-LD describes it; `check` warns about plain-http addresses
//! and files too large for phones; a file that is not there is an error at its line.

mod common;

use common::{NOW, TestSite, attrs, sel, text_of};
use serde_json::{Value, json};
use std::process::Command;

/// The minimal fixture with a template beside a playbook, a whitepaper in static/ offered
/// by a page, and a podcast episode hosted elsewhere.
fn site() -> TestSite {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/playbooks/files/導入チェックリスト.csv",
        &format!("項目,担当\n{}", "目的を書く,管理者\n".repeat(100)),
    );
    site.write("static/files/whitepaper.pdf", &"%".repeat(2_400_000));
    site.write(
        "content/playbooks/template.md",
        "---\ntitle: 導入テンプレート\nstage: onboarding\ndate: 2026-05-01\ndownload:\n  file: files/導入チェックリスト.csv\n  type: template\n  title: 導入チェックリスト\n---\nテンプレートです。\n",
    );
    site.write(
        "content/pages/whitepaper.md",
        "---\ntitle: 定着化ホワイトペーパー\nstage: adoption\ndate: 2026-05-02\ndownload: {file: /files/whitepaper.pdf, type: whitepaper}\n---\n定着化の考え方です。\n",
    );
    site.write(
        "content/pages/podcast-12.md",
        "---\ntitle: ポッドキャスト 第12回\nstage: adoption\ndate: 2026-05-03\ndownload:\n  file: https://cdn.example.com/podcast/ep12.mp3\n  type: podcast\n  duration: \"32:10\"\n---\n定着化の話です。\n",
    );
    site
}

fn json_ld(html: &scraper::Html) -> Value {
    let text: String = html
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .expect("the page has JSON-LD")
        .text()
        .collect();
    serde_json::from_str(&text).expect("the JSON-LD parses")
}

#[test]
fn pages_and_cards_show_the_link_with_type_format_and_size() {
    let site = site();
    let out = site.build();
    let page = out.page("playbooks/template/");
    let csv_url = "https://hub.example.com/playbooks/files/%E5%B0%8E%E5%85%A5%E3%83%81%E3%82%A7%E3%83%83%E3%82%AF%E3%83%AA%E3%82%B9%E3%83%88.csv";
    assert_eq!(attrs(&page, ".doc-download a", "href"), vec![csv_url]);
    assert_eq!(attrs(&page, ".doc-download a", "type"), vec!["text/csv"]);
    assert_eq!(text_of(&page, ".doc-download a"), "導入チェックリスト");
    assert_eq!(
        text_of(&page, ".doc-download .download-kind"),
        "テンプレート"
    );
    // 14 bytes of header and 100 rows of 26 bytes: the size is the file's own.
    let bytes = std::fs::metadata(
        site.root
            .join("content/playbooks/files/導入チェックリスト.csv"),
    )
    .unwrap()
    .len();
    assert_eq!(bytes, 2_614);
    assert_eq!(
        text_of(&page, ".doc-download .download-meta"),
        "CSV · 2.6 KB"
    );
    assert!(out.exists("playbooks/files/導入チェックリスト.csv"));

    let paper = out.page("whitepaper/");
    assert_eq!(
        attrs(&paper, ".doc-download a", "href"),
        vec!["https://hub.example.com/files/whitepaper.pdf"]
    );
    assert_eq!(text_of(&paper, ".doc-download a"), "ダウンロード");
    assert_eq!(
        text_of(&paper, ".doc-download .download-meta"),
        "PDF · 2.4 MB"
    );

    let podcast = out.page("podcast-12/");
    assert_eq!(text_of(&podcast, ".doc-download .download-meta"), "MP3");
    assert_eq!(
        text_of(&podcast, ".doc-download .download-duration"),
        "長さ: 32:10"
    );
    assert_eq!(
        attrs(&podcast, "audio.download-player", "src"),
        vec!["https://cdn.example.com/podcast/ep12.mp3"]
    );

    // The stage page lists the playbook with its download on the card.
    let stage = out.page("stages/onboarding/");
    let card = stage
        .select(&sel(".card"))
        .find(|c| c.text().any(|t| t.contains("導入テンプレート")))
        .expect("the stage lists the playbook");
    let card_link: Vec<&str> = card
        .select(&sel(".card-download a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(card_link, vec![csv_url]);
    let meta: String = card
        .select(&sel(".card-download .download-meta"))
        .flat_map(|m| m.text())
        .collect();
    assert_eq!(meta, "CSV · 2.6 KB");
}

#[test]
fn feeds_carry_the_file_as_an_enclosure_and_an_attachment() {
    let site = site();
    let out = site.build();
    let atom = out.read("feeds/atom.xml");
    let feed = feed_rs::parser::parse(atom.as_bytes()).expect("the Atom feed parses");
    let entry = |title: &str| {
        feed.entries
            .iter()
            .find(|e| e.title.as_ref().is_some_and(|t| t.content == title))
            .unwrap_or_else(|| panic!("the feed has {title}"))
    };
    let enclosures = |title: &str| -> Vec<(String, Option<String>, Option<u64>)> {
        entry(title)
            .links
            .iter()
            .filter(|l| l.rel.as_deref() == Some("enclosure"))
            .map(|l| (l.href.clone(), l.media_type.clone(), l.length))
            .collect()
    };
    assert_eq!(
        enclosures("定着化ホワイトペーパー"),
        vec![(
            "https://hub.example.com/files/whitepaper.pdf".to_string(),
            Some("application/pdf".to_string()),
            Some(2_400_000)
        )]
    );
    assert_eq!(
        enclosures("ポッドキャスト 第12回"),
        vec![(
            "https://cdn.example.com/podcast/ep12.mp3".to_string(),
            Some("audio/mpeg".to_string()),
            None
        )]
    );
    assert!(enclosures("キックオフの進め方").is_empty());

    let json: Value = serde_json::from_str(&out.read("feeds/feed.json")).unwrap();
    let attachments = |title: &str| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == title)
            .map(|i| i["attachments"].clone())
            .unwrap_or_else(|| panic!("the JSON feed has {title}"))
    };
    assert_eq!(
        attachments("導入テンプレート"),
        json!([{
            "url": "https://hub.example.com/playbooks/files/%E5%B0%8E%E5%85%A5%E3%83%81%E3%82%A7%E3%83%83%E3%82%AF%E3%83%AA%E3%82%B9%E3%83%88.csv",
            "mime_type": "text/csv",
            "title": "導入チェックリスト",
            "size_in_bytes": 2614,
        }])
    );
    assert_eq!(
        attachments("ポッドキャスト 第12回"),
        json!([{
            "url": "https://cdn.example.com/podcast/ep12.mp3",
            "mime_type": "audio/mpeg",
            "duration_in_seconds": 1930,
        }])
    );
    assert_eq!(attachments("キックオフの進め方"), Value::Null);
}

#[test]
fn structured_data_describes_documents_and_podcast_episodes() {
    let site = site();
    let out = site.build();
    let paper = json_ld(&out.page("whitepaper/"));
    assert_eq!(paper["@type"], "DigitalDocument");
    assert_eq!(paper["name"], "定着化ホワイトペーパー");
    assert_eq!(paper["encodingFormat"], "application/pdf");
    assert_eq!(paper["genre"], "ホワイトペーパー");
    assert_eq!(
        paper["associatedMedia"],
        json!({
            "@type": "MediaObject",
            "contentUrl": "https://hub.example.com/files/whitepaper.pdf",
            "encodingFormat": "application/pdf",
            "contentSize": "2.4 MB",
        })
    );

    let episode = json_ld(&out.page("podcast-12/"));
    assert_eq!(episode["@type"], "PodcastEpisode");
    assert_eq!(episode["url"], "https://hub.example.com/podcast-12/");
    assert_eq!(episode["duration"], "PT32M10S");
    assert_eq!(
        episode["associatedMedia"],
        json!({
            "@type": "AudioObject",
            "contentUrl": "https://cdn.example.com/podcast/ep12.mp3",
            "encodingFormat": "audio/mpeg",
            "duration": "PT32M10S",
        })
    );

    // A playbook keeps its HowTo and names the template as a part of it.
    let how_to = json_ld(&out.page("playbooks/template/"));
    assert_eq!(how_to["@type"], "HowTo");
    assert_eq!(how_to["hasPart"]["@type"], "SpreadsheetDigitalDocument");
    assert_eq!(how_to["hasPart"]["name"], "導入チェックリスト");
}

#[test]
fn a_missing_file_is_an_error_at_its_line() {
    let site = site();
    site.write(
        "content/playbooks/template.md",
        "---\ntitle: 導入テンプレート\nstage: onboarding\ndate: 2026-05-01\ndownload:\n  file: files/チェックリスト.csv\n---\n本文\n",
    );
    let errors = site.build_err();
    let found: Vec<_> = errors
        .0
        .iter()
        .map(|d| {
            (
                d.code,
                d.file.as_str(),
                d.line,
                d.column,
                d.message.as_str(),
                d.hint.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![(
            "missing-file",
            "content/playbooks/template.md",
            6,
            9,
            "the download `files/チェックリスト.csv` does not exist",
            "put the file at content/playbooks/files/チェックリスト.csv (the path is relative to the document's folder), or under static/ and start the path with `/`",
        )]
    );
}

#[test]
fn check_warns_about_plain_http_and_files_too_large_for_phones() {
    let site = site();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &format!("{config}download_size_limit_mb: 2\n"),
    );
    site.write(
        "content/pages/podcast-12.md",
        "---\ntitle: ポッドキャスト 第12回\nstage: adoption\ndate: 2026-05-03\ndownload: {file: http://cdn.example.com/ep12.mp3, type: podcast}\n---\n本文\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .args(["check", "--format", "json", "--now", NOW, "--root"])
        .arg(&site.root)
        // A Japanese site; this test reads the English findings.
        .args(["--lang", "en"])
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let ours: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.ends_with("-download")))
        .collect();
    assert_eq!(
        serde_json::to_value(&ours).unwrap(),
        json!([
            {
                "severity": "warning", "code": "insecure-download", "file": "content/pages/podcast-12.md",
                "line": 5, "column": 18,
                "message": "the download `http://cdn.example.com/ep12.mp3` is not served over https",
                "hint": "browsers block or flag downloads over plain http: use `https://cdn.example.com/ep12.mp3` if the server offers it, or put the file beside the document"
            },
            {
                "severity": "warning", "code": "large-download", "file": "content/pages/whitepaper.md",
                "line": 5, "column": 18,
                "message": "the download `/files/whitepaper.pdf` is 2.4 MB, more than the 2 MB readers on a phone should be asked to fetch",
                "hint": "make the file smaller (compress the PDF or audio), or host it elsewhere and give its https:// address; `download_size_limit_mb` in site-config.yaml sets the limit"
            }
        ])
    );
}
