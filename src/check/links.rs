//! Links that loading does not follow: `#anchor` links within a page, and `/`-rooted links
//! into the built site (static/ files and the hub's own pages). `@/` links and relative
//! files are checked while linking, so they are not checked twice here. Outbound http(s)
//! links are collected for `--external`.

use crate::content::Site;
use crate::content::{Document, KindMeta};
use crate::link::Journey;
use crate::render::RenderedSite;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::{Text, t};
use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// A link or image written in a body.
pub struct BodyLink {
    pub doc: usize,
    pub dest: String,
    pub line: usize,
    pub column: usize,
}

/// An outbound address and where it is written.
pub struct Outbound {
    pub url: String,
    pub doc: usize,
    pub line: usize,
    pub column: usize,
}

/// Every link and image destination in every body, with its position in the file.
pub fn collect(site: &Site) -> Vec<BodyLink> {
    site.docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, doc)| links_of(i, doc))
        .collect()
}

fn links_of(index: usize, doc: &Document) -> Vec<BodyLink> {
    let body = doc.body();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut out = vec![];
    // Typographic punctuation changes no link: the bodies are read without it.
    for (event, range) in Parser::new_ext(body, crate::markdown::options(false)).into_offset_iter()
    {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let idx = line_starts.partition_point(|&s| s <= range.start) - 1;
        let column = body[line_starts[idx]..range.start].chars().count() + 1;
        out.push(BodyLink {
            doc: index,
            dest: dest.to_string(),
            line: doc.body_line + idx,
            column,
        });
    }
    out
}

fn is_web_address(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Checks in-page anchors and `/`-rooted links against the site rendered in memory. An
/// anchor is checked against every id of the rendered page, so the theme's own ids count.
pub fn check_internal(
    site: &Site,
    journey: &Journey,
    rendered: &RenderedSite,
    links: &[BodyLink],
) -> Vec<Diagnostic> {
    let page_of: HashMap<String, usize> = site
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (site.doc_output_path(d), i))
        .collect();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let base_path = site.config.base_url.path.as_str();
    let mut out = vec![];
    for link in links {
        let doc = &site.docs[link.doc];
        let dest = link.dest.trim();
        if let Some(fragment) = dest.strip_prefix('#') {
            let anchor = decode(fragment);
            let own = site.doc_output_path(doc);
            if !anchor.is_empty()
                && !journey.rendered[link.doc].anchors.contains(&anchor)
                && !ids_of(&mut ids, rendered, &own).contains(&anchor)
            {
                out.push(missing_anchor(
                    doc,
                    link,
                    &anchor,
                    t("anchor.this-page"),
                    toc_ids(journey, link.doc),
                ));
            }
            continue;
        }
        // `//host/...` is an address on another site, not a path of this one.
        if !dest.starts_with('/') || dest.starts_with("//") {
            continue;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, decode(f)),
            None => (dest, String::new()),
        };
        let path = path.split('?').next().unwrap_or("");
        let decoded = decode(path);
        let rest = if base_path != "/" && decoded.starts_with(base_path) {
            &decoded[base_path.len()..]
        } else {
            &decoded[1..]
        };
        let candidates = if rest.is_empty() || rest.ends_with('/') {
            vec![format!("{rest}index.html")]
        } else {
            vec![rest.to_string(), format!("{rest}/index.html")]
        };
        let Some(found) = candidates.iter().find(|c| rendered.files.contains_key(*c)) else {
            out.push(missing_path(doc, link, path));
            continue;
        };
        if fragment.is_empty()
            || !found.ends_with(".html")
            || ids_of(&mut ids, rendered, found).contains(&fragment)
        {
            continue;
        }
        let (label, known) = match page_of.get(found) {
            Some(&i) => (
                t("anchor.file").arg("file", &site.docs[i].source),
                toc_ids(journey, i),
            ),
            None => (t("anchor.page").arg("path", path), vec![]),
        };
        out.push(missing_anchor(doc, link, &fragment, label, known));
    }
    out
}

/// The ids of a rendered page, read once per page.
fn ids_of<'m>(
    cache: &'m mut HashMap<String, HashSet<String>>,
    rendered: &RenderedSite,
    path: &str,
) -> &'m HashSet<String> {
    cache.entry(path.to_string()).or_insert_with(|| {
        rendered
            .files
            .get(path)
            .and_then(|f| f.bytes().ok())
            .map(|b| ids_in(&String::from_utf8_lossy(&b)))
            .unwrap_or_default()
    })
}

/// Every `id="..."` of an HTML page, unescaped.
fn ids_in(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for (at, _) in html.match_indices("id=\"") {
        if !html[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let value = &html[at + 4..];
        if let Some(end) = value.find('"') {
            out.insert(
                value[..end]
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            );
        }
    }
    out
}

fn toc_ids(journey: &Journey, doc: usize) -> Vec<String> {
    journey.rendered[doc]
        .toc
        .iter()
        .take(8)
        .map(|t| t.id.clone())
        .collect()
}

fn missing_anchor(
    doc: &Document,
    link: &BodyLink,
    anchor: &str,
    target: Text,
    headings: Vec<String>,
) -> Diagnostic {
    let hint = if headings.is_empty() {
        t("broken-anchor.hint.none")
    } else {
        t("broken-anchor.hint.headings").arg("headings", headings.join(", #"))
    };
    Diagnostic::error(
        "broken-anchor",
        &doc.source,
        t("broken-anchor")
            .arg("anchor", anchor)
            .text("target", target),
    )
    .at(doc.text(), link.line, link.column)
    .with_hint(hint)
}

fn missing_path(doc: &Document, link: &BodyLink, path: &str) -> Diagnostic {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let looks_like_page = path.ends_with('/') || !last.contains('.') || last.ends_with(".html");
    let d = if looks_like_page {
        Diagnostic::error(
            "broken-link",
            &doc.source,
            t("broken-link.page").arg("path", path),
        )
        .with_hint(t("broken-link.page.hint"))
    } else {
        Diagnostic::error(
            "missing-file",
            &doc.source,
            t("missing-file.absolute").arg("path", path),
        )
        .with_hint(t("missing-file.absolute.hint"))
    };
    d.at(doc.text(), link.line, link.column)
}

/// Outbound http(s) addresses: links and images in bodies, webinar registration and
/// recording addresses, and logos given as addresses.
pub fn outbound(site: &Site, links: &[BodyLink]) -> Vec<Outbound> {
    let mut out: Vec<Outbound> = links
        .iter()
        .filter(|l| is_web_address(&l.dest))
        .map(|l| Outbound {
            url: l.dest.trim().to_string(),
            doc: l.doc,
            line: l.line,
            column: l.column,
        })
        .collect();
    for (i, doc) in site.docs.iter().enumerate() {
        let mut add = |url: &str, key: &str| {
            if is_web_address(url) {
                let line = super::key_line(doc, key);
                let column = doc
                    .text()
                    .lines()
                    .nth(line.saturating_sub(1))
                    .and_then(|l| l.find(url).map(|b| l[..b].chars().count() + 1))
                    .unwrap_or(1);
                out.push(Outbound {
                    url: url.trim().to_string(),
                    doc: i,
                    line,
                    column,
                });
            }
        };
        match &doc.meta {
            KindMeta::Webinar(w) => {
                if let Some(u) = &w.registration_url {
                    add(u, "registration_url");
                }
                if let Some(u) = &w.recording_url {
                    add(u, "recording_url");
                }
            }
            KindMeta::CaseStudy(c) => {
                if let Some(logo) = &c.logo {
                    add(&logo.value, "logo");
                }
            }
            _ => {}
        }
    }
    out
}
