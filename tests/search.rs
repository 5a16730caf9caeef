//! The search index, queried through Pagefind's own search code (run by Node.js).

mod common;

use common::{NOW, copy_dir};

use std::path::{Path, PathBuf};
use std::process::Command;

struct Built {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

/// The sample hub, optionally changed, built into a temporary folder.
fn build_sample(change: impl FnOnce(&Path), drafts: bool) -> Built {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for sub in ["content", "themes"] {
        copy_dir(&repo.join(sub), &root.join(sub));
    }
    std::fs::copy(repo.join("site-config.yaml"), root.join("site-config.yaml")).unwrap();
    change(&root);
    let out = dir.path().join("public");
    let mut options = journeyhub::BuildOptions::new(&root);
    options.output = Some(out.clone());
    options.now = Some(NOW.parse().unwrap());
    options.drafts = drafts;
    journeyhub::build(&options).unwrap();
    Built {
        _dir: dir,
        root,
        out,
    }
}

#[derive(Debug)]
struct Answer {
    bytes: u64,
    urls: Vec<String>,
    results: Vec<serde_json::Value>,
}

fn query(site: &Path, lang: &str, q: &str, filters: Option<&str>) -> Answer {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/pagefind-query.mjs");
    let mut cmd = Command::new("node");
    cmd.arg(script).arg(site).arg(lang).arg(q);
    if let Some(f) = filters {
        cmd.arg(f);
    }
    let out = cmd
        .output()
        .expect("node runs Pagefind's search code; .ci/run installs it");
    assert!(
        out.status.success(),
        "query {q:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["results"].as_array().unwrap().clone();
    Answer {
        bytes: v["bytes"].as_u64().unwrap(),
        urls: results
            .iter()
            .map(|r| {
                percent_encoding::percent_decode_str(r["url"].as_str().unwrap())
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            })
            .collect(),
        results,
    }
}

#[test]
fn japanese_queries_find_their_documents() {
    let site = build_sample(|_| {}, false);
    // 解約 is a prefix of 解約率: the retention stage speaks only of 解約率.
    let retention = std::fs::read_to_string(site.root.join("content/stages/retention.md")).unwrap();
    assert!(retention.contains("解約率"));
    let a = query(&site.out, "ja", "解約", None);
    assert!(
        a.urls.contains(&"/stages/retention/".to_string()),
        "{:?}",
        a.urls
    );
    assert!(
        a.urls.contains(&"/playbooks/ヘルススコア設計/".to_string()),
        "{:?}",
        a.urls
    );

    let a = query(&site.out, "ja", "オンボーディング", None);
    assert_eq!(a.urls[0], "/stages/onboarding/", "{:?}", a.urls);

    let a = query(&site.out, "ja", "NRR", None);
    assert!(
        a.urls.contains(&"/stages/retention/".to_string()),
        "{:?}",
        a.urls
    );

    // A Japanese document that mixes in English words.
    let a = query(&site.out, "ja", "health score", None);
    assert_eq!(a.urls, ["/playbooks/ヘルススコア設計/"]);
    let excerpt = a.results[0]["excerpt"].as_str().unwrap();
    assert!(excerpt.contains("<mark>health"), "{excerpt}");
}

#[test]
fn english_queries_use_the_english_index() {
    let site = build_sample(|_| {}, false);
    let a = query(&site.out, "en", "health score", None);
    assert!(
        a.urls
            .contains(&"/en/playbooks/renewal-review/".to_string()),
        "{:?}",
        a.urls
    );
    assert!(a.urls.iter().all(|u| u.starts_with("/en/")), "{:?}", a.urls);
    let a = query(&site.out, "en", "onboarding", None);
    assert!(!a.urls.is_empty());
    assert!(a.urls.iter().all(|u| u.starts_with("/en/")), "{:?}", a.urls);
}

#[test]
fn results_carry_kind_and_stage_and_filter_by_them() {
    let site = build_sample(|_| {}, false);
    let all = query(&site.out, "ja", "ヘルススコア", None);
    assert!(all.results.len() > 2);
    for r in &all.results {
        assert!(!r["title"].as_str().unwrap().is_empty());
        assert!(!r["kind"].as_str().unwrap().is_empty());
    }
    let playbooks = query(
        &site.out,
        "ja",
        "ヘルススコア",
        Some(r#"{"kind":["プレイブック"]}"#),
    );
    assert!(!playbooks.results.is_empty());
    assert!(playbooks.results.len() < all.results.len());
    assert!(
        playbooks
            .results
            .iter()
            .all(|r| r["kind"] == "プレイブック")
    );
    let retention = query(
        &site.out,
        "ja",
        "ヘルススコア",
        Some(r#"{"stage":["継続利用"]}"#),
    );
    assert!(!retention.results.is_empty());
    assert!(retention.results.len() < all.results.len());
    let by_industry = query(
        &site.out,
        "ja",
        "",
        Some(r#"{"業種":["金融"],"kind":["導入事例"]}"#),
    );
    assert_eq!(by_industry.urls, ["/case-studies/mizunagi-shinkin/"]);
}

#[test]
fn drafts_and_unsearchable_pages_are_left_out() {
    let site = build_sample(
        |root| {
            std::fs::write(
                root.join("content/pages/hidden.md"),
                "---\ntitle: 非公開の案内\nsearch: false\n---\nzyxwvhidden の説明です。\n",
            )
            .unwrap();
            std::fs::write(
                root.join("content/pages/draft.md"),
                "---\ntitle: 下書き\ndraft: true\n---\nzyxwvdraft の説明です。\n",
            )
            .unwrap();
        },
        true,
    );
    assert!(site.out.join("hidden/index.html").exists());
    assert!(site.out.join("draft/index.html").exists());
    assert_eq!(query(&site.out, "ja", "zyxwvhidden", None).urls.len(), 0);
    assert_eq!(query(&site.out, "ja", "zyxwvdraft", None).urls.len(), 0);
}

#[test]
fn the_index_is_the_same_on_every_build_and_a_query_loads_only_part_of_it() {
    let a = build_sample(|_| {}, false);
    let b = build_sample(|_| {}, false);
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(root.join("pagefind"))
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let (fa, fb) = (files(&a.out), files(&b.out));
    assert!(
        fa.iter()
            .any(|(p, _)| p.to_string_lossy().contains("pf_index"))
    );
    assert_eq!(fa, fb);
    let total: u64 = fa
        .iter()
        .filter(|(p, _)| {
            !p.to_string_lossy().ends_with(".css") && !p.to_string_lossy().contains("-ui")
        })
        .map(|(_, b)| b.len() as u64)
        .sum();
    let answer = query(&a.out, "ja", "解約", None);
    assert!(answer.bytes < total, "{} of {total}", answer.bytes);
}

#[test]
fn search_false_in_site_config_leaves_out_the_index_the_page_and_the_box() {
    let with = build_sample(|_| {}, false);
    let without = build_sample(
        |root| {
            let config = root.join("site-config.yaml");
            let text = std::fs::read_to_string(&config).unwrap();
            std::fs::write(&config, format!("{text}\nsearch: false\n")).unwrap();
        },
        false,
    );
    let search_box = scraper::Selector::parse("form.site-search input[name=q]").unwrap();
    let boxes = |out: &Path| {
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        scraper::Html::parse_document(&html)
            .select(&search_box)
            .count()
    };

    assert!(with.out.join("pagefind/pagefind-entry.json").is_file());
    assert!(with.out.join("search/index.html").is_file());
    assert_eq!(boxes(&with.out), 1);

    assert!(!without.out.join("pagefind").exists());
    assert!(!without.out.join("search/index.html").exists());
    assert!(!without.out.join("en/search/index.html").exists());
    assert_eq!(boxes(&without.out), 0);
    // Everything else is still built.
    assert!(without.out.join("stages/retention/index.html").is_file());
}
