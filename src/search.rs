//! The static search index: Pagefind's Rust API builds it from one record per document, in
//! each document's language, with its kind, stages and taxonomy terms as filters. The browser
//! loads only the index chunks and fragments a query needs. Pagefind segments Japanese text
//! (the `extended` feature), so 解約 finds 解約率.

use crate::content::{Kind, KindMeta};
use crate::diagnostics::Diagnostic;
use crate::journey::{Journey, Site};
use crate::render::context::{Strings, kind_label, taxonomy_label, text};
use crate::urls::encode_path;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;

/// Index files: output path and bytes.
pub type IndexFiles = Vec<(String, std::sync::Arc<Vec<u8>>)>;

/// Where the index and Pagefind's browser files are published.
pub const BUNDLE_DIR: &str = "pagefind";

/// One searchable document.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Site-relative URL without the base path (`/en/playbooks/kickoff/`); the search page
    /// tells Pagefind the base path, so previews and published sites share one index format.
    pub url: String,
    pub language: String,
    pub content: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
}

/// Plain text of rendered HTML: tags dropped, entities of the escaper undone. Code blocks
/// are left out: readers search for words, not for code, and code would triple the index.
pub fn plain_text(html: &str) -> String {
    let mut prose = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<pre") {
        prose.push_str(&rest[..start]);
        match rest[start..].find("</pre>") {
            Some(end) => rest = &rest[start + end + "</pre>".len()..],
            None => {
                rest = "";
            }
        }
    }
    prose.push_str(rest);
    let mut out = String::with_capacity(prose.len());
    let mut in_tag = false;
    for c in prose.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The records of every language: documents in their own language, never drafts or
/// documents marked `search: false`.
pub fn records(site: &Site, journey: &Journey, strings: &BTreeMap<String, Strings>) -> Vec<Record> {
    let empty = Strings::new();
    let mut records = vec![];
    for view in &journey.views {
        let t = strings.get(&view.lang).unwrap_or(&empty);
        let stages = view.stage_docs.values().copied();
        for i in view.docs.iter().copied().chain(stages) {
            let d = &site.docs[i];
            let foreign = d.lang != view.lang && d.kind != Kind::Stage;
            if foreign || d.common.draft || !d.common.search {
                continue;
            }
            let mut meta = BTreeMap::new();
            meta.insert("title".to_string(), d.common.title.clone());
            let kind = match d.kind {
                Kind::Stage => match text(t, "kind_stage") {
                    "" => text(t, "stage").to_string(),
                    label => label.to_string(),
                },
                other => kind_label(t, other),
            };
            meta.insert("kind".to_string(), kind.clone());
            if let Some(s) = d.common.summary.as_ref() {
                meta.insert("summary".to_string(), s.clone());
            }
            let own_stage = d.stage_id().map(str::to_string);
            let stage_titles: Vec<String> = d
                .common
                .stages
                .iter()
                .chain(own_stage.as_ref())
                .filter_map(|id| view.stage_docs.get(id))
                .map(|&s| site.docs[s].common.title.clone())
                .collect();
            if let Some(first) = stage_titles.first() {
                meta.insert("stage".to_string(), first.clone());
            }
            let mut filters = BTreeMap::new();
            filters.insert("kind".to_string(), vec![kind]);
            if !stage_titles.is_empty() {
                filters.insert("stage".to_string(), stage_titles.clone());
            }
            for (taxonomy, terms) in &d.common.terms {
                let labels: Vec<String> = terms
                    .iter()
                    .map(|term| crate::render::pages::term_label(t, taxonomy, term))
                    .collect();
                filters.insert(taxonomy_label(t, taxonomy), labels);
            }
            let mut content = vec![d.common.title.clone()];
            content.extend(d.common.summary.clone());
            match &d.meta {
                KindMeta::CaseStudy(c) => {
                    content.push(c.customer.clone());
                    for r in &c.results {
                        content.push(r.metric.clone());
                    }
                    if let Some(q) = &c.quote {
                        content.push(q.text.clone());
                    }
                }
                KindMeta::Webinar(w) => {
                    content.extend(w.speakers.iter().map(|s| s.name.clone()));
                }
                KindMeta::Stage(s) => {
                    content.extend(s.goal.clone());
                    for k in &s.kpis {
                        content.push(k.name.clone());
                    }
                }
                _ => {}
            }
            content.extend(stage_titles);
            content.push(plain_text(&journey.rendered[i].html));
            // A stage shown in a language without its translation lives under that language.
            let prefix = site.config.language_prefix(&view.lang);
            records.push(Record {
                url: format!("/{}", encode_path(&format!("{prefix}{}", d.site_path))),
                language: view.lang.clone(),
                content: content.join("\n"),
                meta,
                filters,
            });
        }
    }
    records
}

/// Index files as Pagefind writes them: path under the output root, and bytes.
pub type IndexPart = Vec<(String, Vec<u8>)>;

/// Builds the index files (paths under the output root) from the records.
///
/// Pagefind indexes on one thread. Each language's index is independent of the others (its
/// own words, chunks and meta file), so each language is indexed by its own Pagefind
/// instance on its own thread, and their files are put together: the shared browser files
/// are the same in every part, and the entry file lists every language.
pub fn index(records: &[Record], pause: &Pause<'_>) -> Result<IndexPart, Diagnostic> {
    let mut by_language: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_language.entry(r.language.as_str()).or_default().push(r);
    }
    if by_language.len() <= 1 {
        return index_part(records.iter().collect(), pause);
    }
    let parts: Vec<Result<IndexPart, Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = by_language
            .into_values()
            .map(|part| scope.spawn(move || index_part(part, pause)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Diagnostic::error(
                        "search",
                        BUNDLE_DIR,
                        "the indexer stopped unexpectedly",
                    ))
                })
            })
            .collect()
    });
    let entry_path = format!("{BUNDLE_DIR}/pagefind-entry.json");
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for part in parts {
        for (path, bytes) in part? {
            if path == entry_path {
                let part_entry: serde_json::Value = serde_json::from_slice(&bytes)
                    .map_err(|e| merge_error(format!("its entry file does not parse: {e}")))?;
                entry = Some(match entry.take() {
                    None => part_entry,
                    Some(mut all) => {
                        let languages = part_entry["languages"].as_object().cloned();
                        match (all["languages"].as_object_mut(), languages) {
                            (Some(into), Some(from)) => into.extend(from),
                            _ => return Err(merge_error("its entry file lists no languages")),
                        }
                        all
                    }
                });
            } else if let Some(existing) = files.get(&path) {
                if *existing != bytes {
                    return Err(merge_error(format!("two languages wrote different {path}")));
                }
            } else {
                files.insert(path, bytes);
            }
        }
    }
    let entry = entry.ok_or_else(|| merge_error("no entry file".to_string()))?;
    files.insert(
        entry_path,
        serde_json::to_vec(&entry).map_err(|e| merge_error(e.to_string()))?,
    );
    Ok(files.into_iter().collect())
}

fn merge_error(why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "search",
        BUNDLE_DIR,
        format!("cannot combine the languages' search indexes: {why}"),
    )
}

/// Called between records: the preview server waits there while it rebuilds, so that an
/// index in the background does not slow the rebuild a browser waits for.
pub type Pause<'a> = dyn Fn() + Sync + 'a;

/// One Pagefind index of the given records.
fn index_part(records: Vec<&Record>, pause: &Pause<'_>) -> Result<IndexPart, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| {
            Diagnostic::error(
                "search",
                BUNDLE_DIR,
                format!("cannot start the indexer: {e}"),
            )
        })?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .verbose(false)
            .write_playground(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| {
            Diagnostic::error(
                "search",
                BUNDLE_DIR,
                format!("cannot create the index: {e}"),
            )
        })?;
        let adding = crate::timings::Phase::start("  pagefind records");
        for r in records {
            pause();
            index
                .add_custom_record(
                    r.url.clone(),
                    r.content.clone(),
                    r.language.clone(),
                    Some(r.meta.clone()),
                    Some(r.filters.clone()),
                    None,
                )
                .await
                .map_err(|e| {
                    Diagnostic::error("search", BUNDLE_DIR, format!("cannot index {}: {e}", r.url))
                })?;
        }
        adding.end();
        let writing = crate::timings::Phase::start("  pagefind files");
        let files = index.get_files().await.map_err(|e| {
            Diagnostic::error("search", BUNDLE_DIR, format!("cannot write the index: {e}"))
        })?;
        writing.end();
        let mut out: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|f| {
                (
                    format!("{BUNDLE_DIR}/{}", crate::content::slash_path(&f.filename)),
                    f.contents,
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    })
}

/// Fingerprint of the records, so an unchanged index is not built again in serve.
pub fn version(records: &[Record]) -> u64 {
    let mut h = crate::hash::Fnv::default();
    for r in records {
        h = h.str(&r.url).str(&r.language).str(&r.content);
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

/// Builds the index unless the records are the same as last time (then None).
pub fn cached_index(
    records: &[Record],
    cache: &mut crate::SearchCache,
    pause: &Pause<'_>,
) -> Result<Option<IndexFiles>, Diagnostic> {
    let v = version(records);
    if cache.version == Some(v) {
        return Ok(None);
    }
    let files: IndexFiles = index(records, pause)?
        .into_iter()
        .map(|(p, b)| (p, std::sync::Arc::new(b)))
        .collect();
    cache.version = Some(v);
    cache.files = files.clone();
    Ok(Some(files))
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn plain_text_keeps_prose_and_drops_markup_and_code() {
        let html = "<h2 id=\"a\">解約率 &amp; NRR</h2><p>本文</p><pre class=\"code\"><code>SELECT 1;</code></pre><p>after</p>";
        assert_eq!(plain_text(html), "解約率 & NRR 本文 after");
    }
}
