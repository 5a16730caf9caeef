//! Atom and JSON Feed, per language: the whole hub, each stage, and each stage × segment term
//! named in site-config `feeds.segments` (adoption × company_size smb, …), so that every
//! customer segment can get its own drip-email track. See docs/feeds.md.
//!
//! Email tools (RSS-to-email) send an item when they see an id they have not seen, dated after
//! their last send. So an entry's id is built from what never changes (the source path and
//! the publication date), and its publication date is `date`: never `updated`, never the
//! build time. Documents without a `date` have no publication date and are left out.

use super::context::{StageSummary, format_instant, rfc3339};
use super::links::{absolutize, plain_code, tag_outbound, with_utm};
use crate::content::Site;
use crate::content::{Kind, KindMeta};
use crate::link::{Journey, LanguageView, WebinarStatus};
use crate::theme::strings::term_label;
use crate::theme::strings::{Strings, kind_label, strings_for, text};
use crate::util::html::{html_escape, push_escaped};
use crate::util::urls::encode_path;
use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

pub const ATOM_FILE: &str = "atom.xml";
pub const JSON_FILE: &str = "feed.json";
/// Folder of the whole hub's feeds, under the language prefix.
pub const SITE_FEED_DIR: &str = "feeds/";

/// A feed for `<link rel="alternate">` in page heads.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub url: String,
}

/// Site path (unencoded, under the language prefix) of the folder holding a stage's feeds.
pub fn stage_feed_dir(prefix: &str, stage: &str) -> String {
    format!("{prefix}stages/{stage}/")
}

/// Site path of the folder of a stage × segment term's feeds.
pub fn segment_feed_dir(prefix: &str, stage: &str, taxonomy: &str, term_slug: &str) -> String {
    format!("{prefix}stages/{stage}/{taxonomy}/{term_slug}/")
}

/// The feeds a page's head announces: the hub's, and its stage's when it has one.
pub fn head_links(site: &Site, prefix: &str, stage: Option<&StageSummary>) -> Vec<FeedLink> {
    let mut out = vec![];
    let mut push = |dir: &str, title: String| {
        for (file, mime, kind) in [
            (ATOM_FILE, "application/atom+xml", "Atom"),
            (JSON_FILE, "application/feed+json", "JSON Feed"),
        ] {
            out.push(FeedLink {
                title: format!("{title} ({kind})"),
                mime,
                url: site
                    .config
                    .base_url
                    .permalink(&encode_path(&format!("{dir}{file}"))),
            });
        }
    };
    push(
        &format!("{prefix}{SITE_FEED_DIR}"),
        site.config.title.clone(),
    );
    if let Some(s) = stage {
        push(
            &stage_feed_dir(prefix, &s.id),
            stage_feed_title(site, &s.title),
        );
    }
    out
}

fn stage_feed_title(site: &Site, stage_title: &str) -> String {
    format!("{}: {stage_title}", site.config.title)
}

/// One feed: where it lives, what it is called and which documents it holds (newest first).
struct Feed {
    lang: String,
    dir: String,
    title: String,
    subtitle: String,
    /// The HTML page the feed belongs to.
    home: String,
    entries: Vec<usize>,
}

/// What an entry is made of; computed once per document, shared by every feed it is in.
struct Entry {
    id: String,
    url: String,
    title: String,
    summary: String,
    /// The body as Atom's escaped text and as a JSON string: escaped once here, because a
    /// new entry is in several feeds (the hub's, its stage's, its segments').
    content_xml: String,
    content_json: Box<serde_json::value::RawValue>,
    published: Timestamp,
    updated: Timestamp,
    categories: Vec<(String, String)>,
}

/// Each feed's Atom and JSON files by feed folder, with the fingerprint they were made from.
/// A feed's Atom and JSON files.
type FeedFiles = [Arc<Vec<u8>>; 2];

/// Feeds from an earlier run: each feed's files by folder with the fingerprint of what they
/// show, and the feeds' entry lists with the fingerprint of what they were chosen from.
#[derive(Default)]
pub struct FeedCache {
    files: HashMap<String, (u64, FeedFiles)>,
    lists: Option<(u64, Arc<Vec<Feed>>)>,
}

/// Atom and JSON feeds of every language. A feed whose fingerprint (its own values, and the
/// version of each document it shows) is the same as in `cache` is reused as it was: in
/// serve, an edit rebuilds only the feeds that show the edited document.
pub fn render(
    site: &Site,
    journey: &Journey,
    strings: &BTreeMap<String, Strings>,
    theme_version: u64,
    lists_key: u64,
    cache: &mut FeedCache,
    write_to: Option<&std::path::Path>,
) -> (
    Vec<(String, super::OutputFile)>,
    Vec<crate::util::diagnostics::Diagnostic>,
) {
    let limit = site.config.feeds.entries.max(1);
    // Which documents each feed lists follows from front matter alone (stages, terms,
    // dates), so a body edit reuses the lists; choosing them scans every document.
    let feeds = match &cache.lists {
        Some((key, feeds)) if *key == lists_key => Arc::clone(feeds),
        _ => {
            let mut feeds = vec![];
            for view in &journey.views {
                feeds.extend(language_feeds(
                    site,
                    journey,
                    view,
                    strings_for(strings, &view.lang),
                    limit,
                ));
            }
            Arc::new(feeds)
        }
    };
    cache.lists = Some((lists_key, Arc::clone(&feeds)));
    // Entries quote stage titles and link by address, besides their own document.
    let global = site
        .docs
        .iter()
        .filter(|d| d.kind == Kind::Stage)
        .fold(
            crate::util::hash::Fnv::default()
                .u64(theme_version)
                .u64(site.config.version)
                .u64(journey.link_version),
            |h, d| h.u64(d.card_version),
        )
        .finish();
    let fingerprints: Vec<u64> = feeds
        .iter()
        .map(|f| {
            let own = crate::util::hash::Fnv::default()
                .u64(global)
                .str(&f.lang)
                .str(&f.dir)
                .str(&f.title)
                .str(&f.subtitle)
                .str(&f.home);
            // Entries carry whole bodies: a body edit changes the feed.
            super::hash_in_full(own, journey, &f.entries).finish()
        })
        .collect();
    let stale: Vec<usize> = (0..feeds.len())
        .filter(|&k| {
            cache
                .files
                .get(&feeds[k].dir)
                .is_none_or(|(f, _)| *f != fingerprints[k])
        })
        .collect();
    // Only documents a stale feed shows get an entry: an entry carries the whole body, and a
    // large site has far more dated documents than its feeds' newest few.
    let mut shown: Vec<usize> = stale
        .iter()
        .flat_map(|&k| feeds[k].entries.iter().copied())
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let entries: HashMap<usize, Entry> = shown
        .par_iter()
        .map(|&i| (i, entry(site, journey, strings, i)))
        .collect();
    let paths = |feed: &Feed| {
        [
            format!("{}{ATOM_FILE}", feed.dir),
            format!("{}{JSON_FILE}", feed.dir),
        ]
    };
    // A build writes each feed as soon as it is made (entries carry whole bodies, so the
    // feeds of a site together are large); a preview keeps them for the next rebuild.
    let mut made: HashMap<usize, Result<Option<FeedFiles>, crate::util::diagnostics::Diagnostic>> =
        stale
            .par_iter()
            .map(|&k| {
                let feed = &feeds[k];
                let lang = feed.lang.as_str();
                let files = [
                    atom(site, feed, &entries, lang),
                    json(site, feed, &entries, lang),
                ];
                let result = match write_to {
                    Some(dir) => paths(feed)
                        .iter()
                        .zip(&files)
                        .try_for_each(|(path, bytes)| crate::util::fs::write_file(dir, path, bytes))
                        .map(|()| None),
                    None => Ok(Some(files.map(|mut bytes| {
                        bytes.shrink_to_fit();
                        Arc::new(bytes)
                    }))),
                };
                (k, result)
            })
            .collect();
    let mut problems = vec![];
    let mut fresh = HashMap::with_capacity(feeds.len());
    let mut out = Vec::with_capacity(feeds.len() * 2);
    for (k, feed) in feeds.iter().enumerate() {
        let [atom_path, json_path] = paths(feed);
        let files = match made.remove(&k) {
            Some(Ok(Some(files))) => files,
            Some(Ok(None)) => {
                out.push((atom_path, super::OutputFile::Written));
                out.push((json_path, super::OutputFile::Written));
                continue;
            }
            Some(Err(d)) => {
                problems.push(d);
                continue;
            }
            // Not stale: the cache holds it.
            None => cache.files[&feed.dir].1.clone(),
        };
        out.push((atom_path, super::OutputFile::Bytes(Arc::clone(&files[0]))));
        out.push((json_path, super::OutputFile::Bytes(Arc::clone(&files[1]))));
        fresh.insert(feed.dir.clone(), (fingerprints[k], files));
    }
    cache.files = fresh;
    (out, problems)
}

fn in_feeds(site: &Site, i: usize) -> bool {
    let d = &site.docs[i];
    Kind::LISTED.contains(&d.kind) && d.common.date.is_some()
}

fn language_feeds(
    site: &Site,
    journey: &Journey,
    view: &LanguageView,
    t: &Strings,
    limit: usize,
) -> Vec<Feed> {
    let prefix = site.config.language_prefix(&view.lang);
    let permalink = |p: &str| site.config.base_url.permalink(&encode_path(p));
    let newest = |mut list: Vec<usize>| {
        list.retain(|&i| in_feeds(site, i));
        list.sort_unstable();
        list.dedup();
        crate::link::keep_newest(site, &mut list, limit);
        list
    };
    let tagline = site
        .config
        .extra
        .get("description")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let mut feeds = vec![Feed {
        lang: view.lang.clone(),
        dir: format!("{prefix}{SITE_FEED_DIR}"),
        title: site.config.title.clone(),
        subtitle: tagline,
        home: permalink(&prefix),
        entries: newest(view.docs.clone()),
    }];
    for id in &journey.stage_order {
        let Some(&stage_doc) = view.stage_docs.get(id) else {
            continue;
        };
        let stage = &site.docs[stage_doc];
        let goal = stage
            .stage_meta()
            .and_then(|m| m.goal.clone())
            .unwrap_or_default();
        let in_stage: Vec<usize> = view
            .docs
            .iter()
            .copied()
            .filter(|&i| site.docs[i].common.stages.contains(id))
            .collect();
        let stage_page = permalink(&format!("{prefix}stages/{id}/"));
        feeds.push(Feed {
            lang: view.lang.clone(),
            dir: stage_feed_dir(&prefix, id),
            title: stage_feed_title(site, &stage.common.title),
            subtitle: goal.clone(),
            home: stage_page.clone(),
            entries: newest(in_stage.clone()),
        });
        for taxonomy in &site.config.feeds.segments {
            for term in view
                .terms
                .get(taxonomy)
                .into_iter()
                .flat_map(|t| t.values())
            {
                let with_term: HashSet<usize> = term.docs.iter().copied().collect();
                // A document that names no term of the segment is meant for every segment:
                // each segment's track carries it, beside the documents written for it.
                let docs: Vec<usize> = in_stage
                    .iter()
                    .copied()
                    .filter(|i| {
                        with_term.contains(i)
                            || site.docs[*i]
                                .common
                                .terms
                                .get(taxonomy)
                                .is_none_or(|names| names.is_empty())
                    })
                    .collect();
                feeds.push(Feed {
                    lang: view.lang.clone(),
                    dir: segment_feed_dir(&prefix, id, taxonomy, &term.slug),
                    title: format!(
                        "{}: {} × {}",
                        site.config.title,
                        stage.common.title,
                        term_label(t, taxonomy, &term.name)
                    ),
                    subtitle: goal.clone(),
                    home: stage_page.clone(),
                    entries: newest(docs),
                });
            }
        }
    }
    feeds
}

fn entry(site: &Site, journey: &Journey, strings: &BTreeMap<String, Strings>, i: usize) -> Entry {
    let d = &site.docs[i];
    let t = strings_for(strings, &d.lang);
    let date = d.common.date.as_ref().expect("feeds hold dated documents");
    let published = date.instant;
    let updated = d
        .common
        .updated
        .as_ref()
        .map_or(published, |u| u.instant.max(published));
    let url = site.doc_permalink(d);
    let stage = d.common.stages.first().map(String::as_str).unwrap_or("");
    let body = plain_code(&journey.rendered[i].html);
    let body = tag_outbound(site, &body, stage, &d.slug);
    let mut content = lead_html(site, journey, t, i);
    content.push_str(&absolutize(site, &body, &url));
    let view = journey.view(&d.lang);
    let mut categories: Vec<(String, String)> = d
        .common
        .stages
        .iter()
        .map(|s| {
            let title = view
                .stage_docs
                .get(s)
                .map(|&j| site.docs[j].common.title.clone())
                .unwrap_or_else(|| s.clone());
            (s.clone(), title)
        })
        .collect();
    categories.push((d.kind.name().to_string(), kind_label(t, d.kind)));
    let content_xml = xml(&content);
    let content_json = serde_json::value::to_raw_value(&content).expect("a string serializes");
    Entry {
        id: entry_id(site, i),
        url,
        title: d.common.title.clone(),
        summary: d.common.summary.clone().unwrap_or_default(),
        content_xml,
        content_json,
        published,
        updated,
        categories,
    }
}

/// `tag:hub.example.com,2026-04-06:ja/playbooks/kickoff.md`: the host, the publication
/// date and the source path, none of which an edit of the text or of `updated` touches.
/// A changed slug or title keeps it too, so a renamed page is not sent again.
pub fn entry_id(site: &Site, i: usize) -> String {
    let d = &site.docs[i];
    let base = &site.config.base_url;
    let authority = base
        .origin
        .split_once("://")
        .map_or("", |(_, h)| h)
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let day = d
        .common
        .date
        .as_ref()
        .map(|x| x.day.to_string())
        .unwrap_or_default();
    let path = base.path.trim_start_matches('/');
    format!(
        "tag:{authority},{day}:{}",
        encode_path(&format!("{path}{}/{}", d.lang, d.translation_key))
    )
}

/// What the page shows above the body and an email needs too: a webinar's time and call to
/// action, a case study's customer and results, a playbook's facts.
fn lead_html(site: &Site, journey: &Journey, t: &Strings, i: usize) -> String {
    let d = &site.docs[i];
    let stage = d.common.stages.first().map(String::as_str).unwrap_or("");
    let e = |s: &str| html_escape(s);
    let mut out = String::new();
    let fact = |out: &mut String, key: &str, value: &str| {
        if !value.is_empty() {
            out.push_str(&format!(
                "<p><strong>{}</strong> {}</p>\n",
                e(text(t, key)),
                e(value)
            ));
        }
    };
    match &d.meta {
        KindMeta::Webinar(w) => {
            fact(&mut out, "starts_at", &format_instant(w.starts_at, site, t));
            let cta = match journey.webinar_status[i] {
                Some(WebinarStatus::Upcoming) => {
                    w.registration_url.as_deref().map(|u| (u, "register"))
                }
                Some(WebinarStatus::OnDemand) => {
                    w.recording_url.as_deref().map(|u| (u, "watch_recording"))
                }
                _ => None,
            };
            if let Some((url, key)) = cta {
                out.push_str(&format!(
                    "<p><a href=\"{}\">{}</a></p>\n",
                    e(&with_utm(site, url, stage, &d.slug)),
                    e(text(t, key))
                ));
            } else if journey.webinar_status[i] == Some(WebinarStatus::RecordingSoon) {
                out.push_str(&format!("<p>{}</p>\n", e(text(t, "recording_coming_soon"))));
            }
        }
        KindMeta::CaseStudy(c) => {
            fact(&mut out, "customer", &c.customer);
            if !c.results.is_empty() {
                out.push_str("<ul>\n");
                for r in &c.results {
                    let figure = match (&r.value, &r.before, &r.after) {
                        (Some(v), _, _) => v.clone(),
                        (None, Some(b), Some(a)) => format!("{b} → {a}"),
                        (None, b, a) => b.clone().or(a.clone()).unwrap_or_default(),
                    };
                    out.push_str(&format!(
                        "<li><strong>{}</strong>: {}</li>\n",
                        e(&r.metric),
                        e(&figure)
                    ));
                }
                out.push_str("</ul>\n");
            }
            if let Some(q) = &c.quote {
                let who = match &q.role {
                    Some(r) => format!("{}, {r}", q.author),
                    None => q.author.clone(),
                };
                out.push_str(&format!(
                    "<blockquote><p>{}</p><p>— {}</p></blockquote>\n",
                    e(&q.text),
                    e(&who)
                ));
            }
        }
        KindMeta::Playbook(p) => {
            if let Some(touch) = p.touch {
                fact(
                    &mut out,
                    "touch",
                    text(t, &format!("touch_{}", touch.name())),
                );
            }
            fact(&mut out, "duration", p.duration.as_deref().unwrap_or(""));
            fact(&mut out, "owner", p.owner.as_deref().unwrap_or(""));
        }
        _ => {}
    }
    out
}

/// XML text: escaped, and without the control characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml(&mut out, s);
    out
}

/// Appends `s` as XML text: each run between the characters XML 1.0 forbids goes through
/// the HTML escaper. It looks at bytes, eight at a time, because every entry's whole body
/// goes through it: the forbidden characters are ASCII controls, or U+FFFE and U+FFFF, the
/// only characters whose UTF-8 form starts EF BF BE or EF BF BF.
fn push_xml(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut plain = 0;
    let mut from = 0;
    while let Some(at) = next_control_or_ef(bytes, from) {
        let forbidden = match bytes[at] {
            b'\t' | b'\n' | b'\r' => 0,
            0..0x20 => 1,
            0xEF if bytes.get(at + 1) == Some(&0xBF)
                && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)) =>
            {
                3
            }
            _ => 0,
        };
        if forbidden == 0 {
            from = at + 1;
            continue;
        }
        push_escaped(out, &s[plain..at]);
        from = at + forbidden;
        plain = from;
    }
    push_escaped(out, &s[plain..]);
}

/// The position of the first byte below 0x20 or equal to 0xEF at or after `from`.
fn next_control_or_ef(bytes: &[u8], from: usize) -> Option<usize> {
    use crate::util::byte_scan::{below, equal_to, first_match};
    first_match(
        bytes,
        from,
        |w| below(w, 0x20) | equal_to(w, 0xEF),
        |b| b < 0x20 || b == 0xEF,
    )
}

fn feed_updated(site: &Site, feed: &Feed, entries: &HashMap<usize, Entry>) -> String {
    // Derived from the entries, never the clock: an unchanged feed stays byte-identical.
    let newest = feed
        .entries
        .iter()
        .filter_map(|i| entries.get(i))
        .map(|e| e.updated)
        .max()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    rfc3339(newest, site)
}

fn author(site: &Site) -> String {
    site.config
        .extra
        .get("company")
        .and_then(|v| v.as_str())
        .unwrap_or(&site.config.title)
        .to_string()
}

fn self_url(site: &Site, feed: &Feed, file: &str) -> String {
    site.config
        .base_url
        .permalink(&encode_path(&format!("{}{file}", feed.dir)))
}

fn atom(site: &Site, feed: &Feed, entries: &HashMap<usize, Entry>, lang: &str) -> Vec<u8> {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let self_url = self_url(site, feed, ATOM_FILE);
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(lang)
    ));
    x.push_str(&format!("  <id>{}</id>\n", xml(&self_url)));
    x.push_str(&format!("  <title>{}</title>\n", xml(&feed.title)));
    if !feed.subtitle.is_empty() {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", xml(&feed.subtitle)));
    }
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&feed.home)
    ));
    x.push_str(&format!(
        "  <updated>{}</updated>\n",
        feed_updated(site, feed, entries)
    ));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&author(site))
    ));
    x.push_str("  <generator>journeyhub</generator>\n");
    for e in feed.entries.iter().filter_map(|i| entries.get(i)) {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", xml(&e.id)));
        x.push_str(&format!("    <title>{}</title>\n", xml(&e.title)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&e.url)
        ));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            rfc3339(e.published, site)
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc3339(e.updated, site)
        ));
        for (term, label) in &e.categories {
            x.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                xml(term),
                xml(label)
            ));
        }
        if !e.summary.is_empty() {
            x.push_str(&format!("    <summary>{}</summary>\n", xml(&e.summary)));
        }
        x.push_str("    <content type=\"html\">");
        x.push_str(&e.content_xml);
        x.push_str("</content>\n");
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    authors: [JsonAuthor; 1],
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor {
    name: String,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a serde_json::value::RawValue,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    date_published: String,
    date_modified: String,
    tags: Vec<&'a str>,
}

fn json(site: &Site, feed: &Feed, entries: &HashMap<usize, Entry>, lang: &str) -> Vec<u8> {
    let value = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: &feed.home,
        feed_url: self_url(site, feed, JSON_FILE),
        description: &feed.subtitle,
        language: lang,
        authors: [JsonAuthor { name: author(site) }],
        items: feed
            .entries
            .iter()
            .filter_map(|i| entries.get(i))
            .map(|e| JsonItem {
                id: &e.id,
                url: &e.url,
                title: &e.title,
                content_html: &e.content_json,
                summary: &e.summary,
                date_published: rfc3339(e.published, site),
                date_modified: rfc3339(e.updated, site),
                tags: e
                    .categories
                    .iter()
                    .map(|(_, label)| label.as_str())
                    .collect(),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_text_drops_what_xml_forbids_and_escapes_the_rest() {
        let text = "a\u{0}b\u{1F}\t\n\r<&>\"'\u{7F}\u{FFFD}\u{FFFE}\u{FFFF}\u{EFBF}顧客\u{10FFFF}";
        assert_eq!(
            xml(text),
            "ab\t\n\r&lt;&amp;&gt;&quot;&#39;\u{7F}\u{FFFD}\u{EFBF}顧客\u{10FFFF}"
        );
        assert_eq!(xml("\u{FFFE}"), "");
        assert_eq!(xml("\u{F000}\u{FFFF}"), "\u{F000}");
    }

    #[test]
    fn xml_text_is_the_same_whatever_the_offset_of_what_it_drops() {
        let one_by_one = |s: &str| -> String {
            s.chars()
                .filter(|&c| {
                    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}')
                        && c != '\u{FFFE}'
                        && c != '\u{FFFF}'
                })
                .map(|c| crate::util::html::html_escape(&c.to_string()))
                .collect()
        };
        for odd in [
            "\u{1}", "\u{1F}", "\t", "\n", "\u{FFFE}", "\u{FFFF}", "\u{FF01}", "<",
        ] {
            for at in 0..20 {
                let mut s: String = "<p>顧客の声とab".chars().take(at).collect();
                s.push_str(odd);
                s.push_str("（成功事例）&\u{7}'x");
                assert_eq!(xml(&s), one_by_one(&s), "{s:?}");
            }
        }
    }
}
