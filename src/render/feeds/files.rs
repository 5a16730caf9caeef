//! The Atom and JSON Feed files of one feed, and the XML text escaping they need.

use super::{ATOM_FILE, Entry, Feed, JSON_FILE};
use crate::content::Site;
use crate::render::context::rfc3339;
use crate::util::html::push_escaped;
use crate::util::urls::encode_path;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// XML text: escaped, and without the control characters XML 1.0 forbids.
pub(super) fn xml(s: &str) -> String {
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

/// The sequence files of the drip track that sends the feed's documents (docs/drip.md).
fn sequence_urls(site: &Site, feed: &Feed) -> [String; 2] {
    [crate::drip::JSON_FILE, crate::drip::CSV_FILE].map(|file| {
        site.config
            .base_url
            .permalink(&encode_path(&format!("{}{file}", feed.drip)))
    })
}

pub(super) fn atom(
    site: &Site,
    feed: &Feed,
    entries: &HashMap<usize, Entry>,
    lang: &str,
) -> Vec<u8> {
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
    let [sequence_json, sequence_csv] = sequence_urls(site, feed);
    x.push_str(&format!(
        "  <link rel=\"related\" type=\"application/json\" title=\"drip sequence\" href=\"{}\"/>\n",
        xml(&sequence_json)
    ));
    x.push_str(&format!(
        "  <link rel=\"related\" type=\"text/csv\" title=\"drip sequence\" href=\"{}\"/>\n",
        xml(&sequence_csv)
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
        if let Some(dl) = &e.enclosure {
            x.push_str(&format!(
                "    <link rel=\"enclosure\" type=\"{}\" href=\"{}\"",
                xml(&dl.mime),
                xml(&dl.url)
            ));
            if dl.size > 0 {
                x.push_str(&format!(" length=\"{}\"", dl.size));
            }
            if !dl.title.is_empty() {
                x.push_str(&format!(" title=\"{}\"", xml(&dl.title)));
            }
            x.push_str("/>\n");
        }
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
    /// A JSON Feed extension: the drip track's sequence files.
    _drip: JsonDrip,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonDrip {
    sequence_json: String,
    sequence_csv: String,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<JsonAttachment<'a>>,
}

/// A document's download: podcast apps and email tools read these.
#[derive(Serialize)]
struct JsonAttachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size_in_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_in_seconds: Option<u64>,
}

pub(super) fn json(
    site: &Site,
    feed: &Feed,
    entries: &HashMap<usize, Entry>,
    lang: &str,
) -> Vec<u8> {
    let value = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: &feed.home,
        feed_url: self_url(site, feed, JSON_FILE),
        description: &feed.subtitle,
        language: lang,
        authors: [JsonAuthor { name: author(site) }],
        _drip: {
            let [sequence_json, sequence_csv] = sequence_urls(site, feed);
            JsonDrip {
                sequence_json,
                sequence_csv,
            }
        },
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
                attachments: e
                    .enclosure
                    .iter()
                    .map(|dl| JsonAttachment {
                        url: &dl.url,
                        mime_type: &dl.mime,
                        title: &dl.title,
                        size_in_bytes: (dl.size > 0).then_some(dl.size),
                        duration_in_seconds: (dl.duration_seconds > 0)
                            .then_some(dl.duration_seconds),
                    })
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
