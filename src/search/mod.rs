//! The static search index, in Pagefind's format, from one record per document, in each
//! document's language, with its kind, stages and taxonomy terms as filters. The browser runs
//! Pagefind's own search code and loads only the index chunks and fragments a query needs.
//! Japanese text is segmented into words as Pagefind's `extended` build does, so 解約 finds
//! 解約率. [`pagefind_format`] writes the index in parallel from the records; it is tested
//! to write the same files as Pagefind's indexer ([`words`] follows its rules for words).

use crate::render::{OutputFile, SEARCH_BUNDLE_DIR};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::{Text, t};

mod cj_runs;
mod pagefind_format;
mod records;
pub mod words;

pub use records::{Record, plain_text, records};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Index files by output path: their bytes, or `Written` when a build wrote them at once.
pub type IndexFiles = Vec<(String, OutputFile)>;

/// Which threads the indexer's parallel work runs on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Threads {
    /// The caller's pool: a build indexes on the threads that render its pages, so that
    /// two pools' worth of thread heaps do not add to the peak memory.
    Shared,
    /// A pool of its own, for an index built in the background: `pause` may hold its
    /// threads while the preview server rebuilds, and the rebuild needs the shared pool's
    /// threads free.
    Own,
}

/// Builds the index files (paths under the output root) from the records: each language's
/// index is written by [`pagefind_format`], in parallel; the browser files (Pagefind's
/// script, styles and each language's WebAssembly) come from Pagefind itself.
pub fn index(
    records: Vec<Record>,
    threads: Threads,
    write_to: Option<&Path>,
    pause: &Pause<'_>,
) -> Result<IndexFiles, Diagnostic> {
    if threads == Threads::Shared {
        return index_in_pool(records, write_to, pause);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("search-{i}"))
        .build()
        .map_err(|e| {
            Diagnostic::error(
                "search",
                SEARCH_BUNDLE_DIR,
                t("search.start").arg("error", e),
            )
        })?;
    pool.install(|| index_in_pool(records, write_to, pause))
}

fn index_in_pool(
    records: Vec<Record>,
    write_to: Option<&Path>,
    pause: &Pause<'_>,
) -> Result<IndexFiles, Diagnostic> {
    let mut by_language: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for r in records {
        by_language.entry(r.language.clone()).or_default().push(r);
    }
    let languages: Vec<String> = by_language.keys().cloned().collect();
    let phase = crate::util::timings::Phase::start("  search browser files");
    let browser = browser_files(&languages)?;
    phase.end();
    // The language with the most records first: its chunk files take the longest to
    // write, and the next language is read meanwhile instead of after.
    let mut parts: Vec<(String, Vec<Record>)> = by_language.into_iter().collect();
    parts.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let names: Vec<String> = parts.iter().map(|(language, _)| language.clone()).collect();
    let mut indexes: BTreeMap<&str, pagefind_format::LanguageIndex> = BTreeMap::new();
    let mut unfinished: Option<(&str, pagefind_format::ReadLanguage)> = None;
    for (language, (_, part)) in names.iter().zip(parts) {
        let (finished, read) = rayon::join(
            || unfinished.take().map(|(l, index)| (l, index.finish(pause))),
            || pagefind_format::read_language(part, language, &browser.version, write_to, pause),
        );
        if let Some((l, index)) = finished {
            indexes.insert(l, index?);
        }
        unfinished = Some((language, read));
    }
    if let Some((l, index)) = unfinished {
        indexes.insert(l, index.finish(pause)?);
    }
    let mut files: IndexFiles = vec![];
    let mut entry_languages = serde_json::Map::new();
    for (language, built) in indexes {
        let language = language.to_string();
        if built.page_count == 0 {
            continue;
        }
        let wasm = browser.wasm.get(&language).cloned();
        if let Some((path, bytes)) = wasm.as_ref() {
            files.push((path.clone(), OutputFile::Bytes(Arc::clone(bytes))));
        }
        entry_languages.insert(
            language.clone(),
            serde_json::json!({
                "hash": built.meta_hash,
                "wasm": wasm.map(|_| &language),
                "page_count": built.page_count,
            }),
        );
        files.extend(built.files);
    }
    files.extend(
        browser
            .common
            .iter()
            .map(|(path, bytes)| (path.clone(), OutputFile::Bytes(Arc::clone(bytes)))),
    );
    let entry = serde_json::json!({
        "version": browser.version,
        "languages": entry_languages,
        "include_characters": words::WORD_SYMBOLS,
    });
    files.push((
        format!("{SEARCH_BUNDLE_DIR}/pagefind-entry.json"),
        OutputFile::Bytes(Arc::new(
            serde_json::to_vec(&entry).expect("the entry is plain data"),
        )),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Called between records: the preview server waits there while it rebuilds, so that an
/// index in the background does not slow the rebuild a browser waits for.
pub type Pause<'a> = dyn Fn() + Sync + 'a;

/// Pagefind's browser files: the same for every site but the WebAssembly of each language.
struct BrowserFiles {
    version: String,
    common: Vec<(String, Arc<Vec<u8>>)>,
    wasm: BTreeMap<String, (String, Arc<Vec<u8>>)>,
}

/// Asks Pagefind for its browser files once per set of languages in a process: an index
/// of one tiny record per language holds them all.
fn browser_files(languages: &[String]) -> Result<Arc<BrowserFiles>, Diagnostic> {
    type Cache = std::sync::Mutex<BTreeMap<Vec<String>, Arc<BrowserFiles>>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(languages).cloned()) {
        return Ok(found);
    }
    let fail = |why: Text| Diagnostic::error("search", SEARCH_BUNDLE_DIR, why);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| fail(t("search.start").arg("error", e)))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .verbose(false)
            .write_playground(false)
            .build();
        let mut index = PagefindIndex::new(Some(config))
            .map_err(|e| fail(t("search.create").arg("error", e)))?;
        for language in languages {
            index
                .add_custom_record(
                    format!("/{language}/"),
                    "journeyhub".to_string(),
                    language.clone(),
                    None,
                    None,
                    None,
                )
                .await
                .map_err(|e| fail(t("search.record").arg("lang", language).arg("error", e)))?;
        }
        index
            .get_files()
            .await
            .map_err(|e| fail(t("search.write").arg("error", e)))
    })?;
    let mut browser = BrowserFiles {
        version: String::new(),
        common: vec![],
        wasm: BTreeMap::new(),
    };
    for f in files {
        let name = crate::content::slash_path(&f.filename);
        let path = format!("{SEARCH_BUNDLE_DIR}/{name}");
        if name == "pagefind-entry.json" {
            let entry: serde_json::Value = serde_json::from_slice(&f.contents)
                .map_err(|e| fail(t("search.entry").arg("error", e)))?;
            browser.version = entry["version"].as_str().unwrap_or_default().to_string();
        } else if let Some(language) = name
            .strip_prefix("wasm.")
            .and_then(|n| n.strip_suffix(".pagefind"))
            .filter(|l| *l != "unknown")
        {
            browser
                .wasm
                .insert(language.to_string(), (path, Arc::new(f.contents)));
        } else if !name.contains('/') && !name.ends_with(".pf_meta") {
            browser.common.push((path, Arc::new(f.contents)));
        }
    }
    if browser.version.is_empty() {
        return Err(fail(t("search.no-version")));
    }
    let browser = Arc::new(browser);
    if let Ok(mut c) = cache.lock() {
        c.insert(languages.to_vec(), browser.clone());
    }
    Ok(browser)
}

/// Fingerprint of the records, so an unchanged index is not built again in serve.
pub fn version(records: &[Record]) -> u64 {
    let mut h = crate::util::hash::Fnv::default();
    for r in records {
        h = h.str(&r.url).str(&r.language).str(&r.content);
        if let Some(body) = &r.body {
            h = h.str(&body.html);
        }
        for (k, v) in &r.meta {
            h = h.str(k).str(v);
        }
        for (k, vs) in &r.filters {
            h = h.str(k);
            for v in vs {
                h = h.str(v);
            }
        }
    }
    h.finish()
}

/// The last search index with the fingerprint of the records it was built from.
#[derive(Default)]
pub struct SearchCache {
    pub(crate) version: Option<u64>,
    pub(crate) files: IndexFiles,
}

/// Builds the index unless the records are the same as last time (then None).
pub fn cached_index(
    records: Vec<Record>,
    cache: &mut SearchCache,
    threads: Threads,
    write_to: Option<&Path>,
    pause: &Pause<'_>,
) -> Result<Option<IndexFiles>, Diagnostic> {
    let v = version(&records);
    if cache.version == Some(v) {
        return Ok(None);
    }
    let files = index(records, threads, write_to, pause)?;
    cache.version = Some(v);
    cache.files = files.clone();
    Ok(Some(files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Pagefind's own index of the records: one instance for every language, as its
    /// command line indexes a site.
    fn pagefind_index(records: &[Record]) -> Vec<(String, Vec<u8>)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let config = PagefindServiceConfig::builder()
                .keep_index_url(false)
                .verbose(false)
                .write_playground(false)
                .build();
            let mut index = PagefindIndex::new(Some(config)).unwrap();
            for r in records {
                index
                    .add_custom_record(
                        r.url.clone(),
                        r.text().into_owned(),
                        r.language.clone(),
                        Some(r.meta.clone()),
                        Some(r.filters.clone()),
                        None,
                    )
                    .await
                    .unwrap();
            }
            let files = index.get_files().await.unwrap();
            files
                .into_iter()
                .map(|f| {
                    let name = crate::content::slash_path(&f.filename);
                    (format!("{SEARCH_BUNDLE_DIR}/{name}"), f.contents)
                })
                .collect()
        })
    }

    /// Index files by path, decompressed: the two indexers may compress differently.
    fn readable(files: Vec<(String, &[u8])>) -> BTreeMap<String, Vec<u8>> {
        files
            .into_iter()
            .map(|(path, bytes)| {
                let compressed = [".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment"];
                if compressed.iter().any(|e| path.ends_with(e)) {
                    let mut out = vec![];
                    flate2::read::GzDecoder::new(bytes)
                        .read_to_end(&mut out)
                        .unwrap();
                    (path, out)
                } else if path.ends_with("pagefind-entry.json") {
                    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                    (path, serde_json::to_vec(&v).unwrap())
                } else {
                    (path, bytes.to_vec())
                }
            })
            .collect()
    }

    fn assert_same_index(records: &[Record]) {
        let ours = index(records.to_vec(), Threads::Own, None, &|| {}).unwrap();
        let ours: Vec<(String, Vec<u8>)> = ours
            .iter()
            .map(|(p, f)| (p.clone(), f.bytes().unwrap().into_owned()))
            .collect();
        let ours = readable(ours.iter().map(|(p, b)| (p.clone(), &b[..])).collect());
        let theirs = pagefind_index(records);
        let theirs = readable(theirs.iter().map(|(p, b)| (p.clone(), &b[..])).collect());
        let our_names: Vec<_> = ours.keys().collect();
        let their_names: Vec<_> = theirs.keys().collect();
        assert_eq!(our_names.len(), their_names.len(), "number of files");
        for (path, bytes) in &theirs {
            if !ours.contains_key(path) && path.ends_with(".pf_fragment") {
                let theirs: serde_json::Value = serde_json::from_slice(&bytes[12..]).unwrap();
                let mine = ours.values().find_map(|b| {
                    let v: serde_json::Value = serde_json::from_slice(b.get(12..)?).ok()?;
                    (v["url"] == theirs["url"]).then_some(v)
                });
                panic!("{path} is missing:\nPagefind: {theirs}\nours: {mine:?}");
            }
            let mine = ours
                .get(path)
                .unwrap_or_else(|| panic!("{path} is missing"));
            assert!(mine == bytes, "{path} differs");
        }
    }

    fn record(url: &str, language: &str, content: &str) -> Record {
        let mut meta = BTreeMap::new();
        let title = content
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        meta.insert("title".to_string(), title);
        meta.insert("kind".to_string(), "Playbook".to_string());
        let mut filters = BTreeMap::new();
        filters.insert("kind".to_string(), vec!["Playbook".to_string()]);
        filters.insert(
            "stage".to_string(),
            vec![format!("Stage {}", url.len() % 3), "導入".to_string()],
        );
        Record {
            url: url.to_string(),
            language: language.to_string(),
            content: content.to_string(),
            body: None,
            meta,
            filters,
        }
    }

    /// A record of each markdown file under `root`, its text as written, in Japanese when
    /// it has kana.
    fn markdown_records(root: &str) -> Vec<Record> {
        let mut records = vec![];
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let japanese = text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c));
                let url = format!("/{}/", entry.path().display());
                records.push(record(&url, if japanese { "ja" } else { "en" }, &text));
            }
        }
        records
    }

    #[test]
    fn the_index_is_the_one_pagefind_writes() {
        let mut records = vec![
            record(
                "/a/",
                "en",
                "Café crème for ThreeAntelopes: read example.ReadMe and node.js \
                 docs 🎉 — Über-fast onboarding, NRR 120% at Acme_Corp.",
            ),
            record(
                "/ja/b/",
                "ja",
                "解約率を下げるカスタマーサクセスの取り組み。API連携と\
                 オンボーディングを2週間で！ がっこう ｶﾀｶﾅ",
            ),
            record("/ja/c/", "ja", "___PAGEFIND_x 解約 ___ 利用部署を広げる"),
            record("/empty/", "en", "   "),
            record("/punct/", "en", "— … !"),
        ];
        // A record without words is no page; its field alone must not number the fields.
        let mut wordless = record("/wordless/", "en", "— !");
        wordless
            .meta
            .insert("author".to_string(), "Ada Lovelace".to_string());
        records.push(wordless);
        // Every document of the sample hub, as written, in its language.
        records.extend(markdown_records(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content"
        )));
        assert_same_index(&records);
    }

    /// `JOURNEYHUB_INDEX_CORPUS=/path/to/content cargo test --release -- --ignored`
    #[test]
    #[ignore = "compares with Pagefind on a large corpus given by the environment"]
    fn the_index_is_the_one_pagefind_writes_for_a_corpus() {
        let root = std::env::var("JOURNEYHUB_INDEX_CORPUS").unwrap();
        assert_same_index(&markdown_records(&root));
    }

    /// Records keep their bodies unread until the indexer reads them, a batch at a time;
    /// the index is the one written from the whole text given up front.
    #[test]
    fn a_record_reads_its_body_when_indexed() {
        let mut options = crate::pipeline::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        options.now = Some("2026-12-01T09:00:00+09:00".parse().unwrap());
        let (site, journey, _) = crate::pipeline::load(&options).unwrap();
        let records = records(&site, &journey, &BTreeMap::new());
        let kickoff = records
            .iter()
            .find(|r| r.url == "/playbooks/kickoff/")
            .unwrap();
        assert!(
            !kickoff.content.contains("アジェンダ"),
            "{}",
            kickoff.content
        );
        let text = kickoff.text();
        let body = text
            .strip_prefix(&format!("{}\n", kickoff.content))
            .expect("the body's text follows the rest");
        assert!(body.contains("アジェンダ"), "{body}");
        assert!(!body.contains("<h2"), "{body}");

        let given_up_front: Vec<Record> = records
            .iter()
            .map(|r| Record {
                content: r.text().into_owned(),
                body: None,
                ..r.clone()
            })
            .collect();
        let bytes = |files: IndexFiles| -> Vec<(String, Vec<u8>)> {
            files
                .into_iter()
                .map(|(p, f)| (p, f.bytes().unwrap().into_owned()))
                .collect()
        };
        let lazily = bytes(index(records.clone(), Threads::Shared, None, &|| {}).unwrap());
        let eagerly = bytes(index(given_up_front.clone(), Threads::Shared, None, &|| {}).unwrap());
        assert!(lazily.len() > records.len());
        assert_eq!(lazily, eagerly);
        // A body edit changes the fingerprint by which serve keeps an index.
        let mut edited = records.clone();
        let body = edited[0].body.as_mut().unwrap();
        Arc::make_mut(body).html.push_str("<p>追記</p>");
        assert_ne!(version(&records), version(&edited));
    }

    #[test]
    fn plain_text_keeps_prose_and_drops_markup_and_code() {
        let html = "<h2 id=\"a\">解約率 &amp; NRR</h2><p>本文</p><pre class=\"code\"><code>SELECT 1;</code></pre><p>after</p>";
        assert_eq!(plain_text(html), "解約率 & NRR 本文 after");
        let escaped =
            "<p>a &amp;lt; b &lt;c&gt; &quot;d&quot; &#39;e&#39; f&g</p>\n<ul><li>x</li></ul>";
        assert_eq!(plain_text(escaped), "a &lt; b <c> \"d\" 'e' f&g x");
    }
}
