//! Slugs and URL encoding shared by headings, taxonomy terms and page addresses.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in a URL path segment. Japanese is escaped too: the wire form is ASCII,
/// and browsers show it decoded.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// Encodes a site path (`playbooks/ヘルススコア設計/`), keeping its slashes.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|seg| utf8_percent_encode(seg, PATH_SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Encodes a fragment (`#手順`).
pub fn encode_fragment(id: &str) -> String {
    utf8_percent_encode(id, PATH_SEGMENT).to_string()
}

/// A slug that keeps letters of every script (so Japanese stays readable), lowercases ASCII,
/// and turns everything else into single hyphens: `Step 1: Kickoff` → `step-1-kickoff`,
/// `IT・ソフトウェア` → `it-ソフトウェア`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') {
            pending_hyphen = true;
        }
    }
    out
}

/// Joins a folder and a relative path, both `/`-separated, folding `.` and `..`; None when
/// the path climbs out of the folder's root.
pub fn join_relative(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in relative.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_japanese_and_drop_punctuation() {
        assert_eq!(slugify("Step 1: Kickoff"), "step-1-kickoff");
        assert_eq!(slugify("手順"), "手順");
        assert_eq!(slugify("IT・ソフトウェア"), "it-ソフトウェア");
        assert_eq!(slugify("「成功」の定義。"), "成功-の定義");
        assert_eq!(slugify("Acme Flow"), "acme-flow");
        assert_eq!(slugify("What's new?"), "whats-new");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn paths_are_percent_encoded_per_segment() {
        assert_eq!(
            encode_path("playbooks/ヘルス 設計/"),
            "playbooks/%E3%83%98%E3%83%AB%E3%82%B9%20%E8%A8%AD%E8%A8%88/"
        );
    }
}
