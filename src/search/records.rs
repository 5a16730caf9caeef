//! One search record per published document: its searched text (title, summary, facts and
//! the body's plain text), and the filters and sorts a search page offers.

use crate::content::{Kind, KindMeta, Site};
use crate::link::Journey;
use crate::markdown::RenderedMarkdown;
use crate::theme::strings::{Strings, kind_label, taxonomy_label, term_label, text};
use crate::util::urls::encode_path;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One searchable document.
#[derive(Debug, Clone)]
pub struct Record {
    /// Site-relative URL without the base path (`/en/playbooks/kickoff/`); the search page
    /// tells Pagefind the base path, so previews and published sites share one index format.
    pub url: String,
    pub language: String,
    /// The text searched, but for the body's (see [`Record::text`]).
    pub content: String,
    /// The rendered body, whose plain text ends the searched text. It is made only when the
    /// record is read, a batch at a time: a large site's text is never all in memory.
    pub body: Option<Arc<RenderedMarkdown>>,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
}

impl Record {
    /// Everything searched: `content`, then the body's plain text on a line of its own.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.body {
            None => Cow::Borrowed(&self.content),
            Some(body) => {
                let mut text = self.content.clone();
                text.push('\n');
                text.push_str(&plain_text(&body.html));
                Cow::Owned(text)
            }
        }
    }
}

/// Plain text of rendered HTML: tags dropped, entities of the escaper undone. Code blocks
/// are left out: readers search for words, not for code, and code would triple the index.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut space = false;
    let mut rest = html;
    while !rest.is_empty() {
        let (prose, after) = match rest.find("<pre") {
            Some(start) => {
                let after = rest[start..]
                    .find("</pre>")
                    .map_or("", |end| &rest[start + end + "</pre>".len()..]);
                (&rest[..start], after)
            }
            None => (rest, ""),
        };
        append_text(prose, &mut out, &mut space);
        rest = after;
    }
    out
}

/// The entities the HTML escaper writes, with the character each stands for.
const ENTITIES: [(&str, char); 5] = [
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
    ("&amp;", '&'),
];

/// Appends the text of `html` without its tags, entities decoded, runs of white space (and
/// tag boundaries) as single spaces; `space` carries a pending space across calls. Runs of
/// plain text are copied whole: read a character at a time, Japanese text took 2–3 % of a
/// build.
fn append_text(html: &str, out: &mut String, space: &mut bool) {
    let bytes = html.as_bytes();
    let push = |text: &str, out: &mut String, space: &mut bool| {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push_str(text);
    };
    let mut i = 0;
    while i < bytes.len() {
        let run = i;
        loop {
            while i < bytes.len() && PLAIN[bytes[i] as usize] {
                i += 1;
            }
            // A lead byte that may start white space, but here does not.
            if i < bytes.len() && bytes[i] >= 0x80 && white_space_len(bytes, i) == 0 {
                i += 1;
                continue;
            }
            break;
        }
        if i > run {
            // The run ends before an ASCII byte or a whole white-space character: on a
            // character boundary.
            push(&html[run..i], out, space);
            continue;
        }
        match bytes[i] {
            b'<' => match html[i..].find('>') {
                Some(end) => {
                    i += end + 1;
                    *space = true;
                }
                // A tag that never ends hides the rest.
                None => return,
            },
            b'&' => {
                let rest = &html[i..];
                match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
                    Some((entity, decoded)) => {
                        push(decoded.encode_utf8(&mut [0; 4]), out, space);
                        i += entity.len();
                    }
                    None => {
                        push("&", out, space);
                        i += 1;
                    }
                }
            }
            _ => {
                *space = true;
                i += white_space_len(bytes, i);
            }
        }
    }
}

/// Bytes that can be neither markup nor the start of white space.
static PLAIN: [bool; 256] = {
    let mut plain = [true; 256];
    let special = [
        b'<', b'&', b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', 0xC2, 0xE1, 0xE2, 0xE3,
    ];
    let mut k = 0;
    while k < special.len() {
        plain[special[k] as usize] = false;
        k += 1;
    }
    plain
};

/// The length in bytes of the white-space character (`char::is_whitespace`) starting at
/// `bytes[i]`, or 0. Only a few lead bytes can start one; most text is rejected by its first
/// byte.
fn white_space_len(bytes: &[u8], i: usize) -> usize {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'\t'..=b'\r' | b' ' => 1,
        // U+0085, U+00A0
        0xC2 if matches!(next(1), 0x85 | 0xA0) => 2,
        // U+1680
        0xE1 if next(1) == 0x9A && next(2) == 0x80 => 3,
        // U+2000–U+200A, U+2028, U+2029, U+202F; U+205F
        0xE2 if next(1) == 0x80 && matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        0xE2 if next(1) == 0x81 && next(2) == 0x9F => 3,
        // U+3000, the ideographic space
        0xE3 if next(1) == 0x80 && next(2) == 0x80 => 3,
        _ => 0,
    }
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
                    .map(|term| term_label(t, taxonomy, term))
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
            // A stage shown in a language without its translation lives under that language.
            let prefix = site.config.language_prefix(&view.lang);
            records.push(Record {
                url: format!("/{}", encode_path(&format!("{prefix}{}", d.site_path))),
                language: view.lang.clone(),
                content: content.join("\n"),
                body: Some(Arc::clone(&journey.rendered[i])),
                meta,
                filters,
            });
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::{ENTITIES, append_text};
    use proptest::prelude::*;

    /// The plain text a character at a time: what `append_text` must equal.
    fn reference(html: &str) -> String {
        let (mut out, mut space, mut in_tag) = (String::new(), false, false);
        let mut chars = html.char_indices();
        while let Some((i, c)) = chars.next() {
            let c = match c {
                '<' => {
                    in_tag = true;
                    continue;
                }
                '>' if in_tag => {
                    in_tag = false;
                    space = true;
                    continue;
                }
                _ if in_tag => continue,
                '&' => match ENTITIES.iter().find(|(e, _)| html[i..].starts_with(e)) {
                    Some((entity, decoded)) => {
                        chars.nth(entity.len() - 2);
                        *decoded
                    }
                    None => '&',
                },
                c if c.is_whitespace() => {
                    space = true;
                    continue;
                }
                c => c,
            };
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        out
    }

    proptest! {
        #[test]
        fn runs_of_text_read_as_one_character_at_a_time(
            parts in prop::collection::vec(prop::sample::select(vec![
                "<", ">", "&", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&am", " ", "\t",
                "\n", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}", "\u{200a}", "\u{200b}",
                "\u{2028}", "\u{202f}", "\u{205f}", "\u{3000}", "\u{3001}", "\u{3041}", "解約率",
                "NRR", "é", "\u{20ac}", "\u{1f600}", "<p>", "</p>", "<a href=\"x\">",
            ]), 0..40)
        ) {
            let html: String = parts.concat();
            let (mut out, mut space) = (String::new(), false);
            append_text(&html, &mut out, &mut space);
            prop_assert_eq!(out, reference(&html));
        }
    }
}
