//! The CommonMark spec's own HTML normalisation (`test/normalize.py` of the spec's
//! repository, version 0.31.2), in Rust: two renderings are the same when they differ only in
//! what a browser does not show.
//!
//! - Runs of whitespace outside `<pre>` become one space, and whitespace next to a block
//!   tag (`<p>`, `<li>`, `<h1>`…) goes.
//! - Tag and attribute names are lowercased, attributes sorted, their values escaped alike.
//! - A self-closing tag (`<br />`) is written as an open one (`<br>`).
//! - Character references become the characters they stand for, except that `<`, `>`, `&`
//!   and `"` are written as `&lt;`, `&gt;`, `&amp;` and `&quot;`.
//!
//! One difference, on purpose: normalize.py writes a `&quot;` in text as `&quot;` but leaves
//! a `"` typed as itself, so the same text written two ways differs. pulldown-cmark writes a
//! quote in text as itself (only attributes need it escaped) where the spec's HTML has
//! `&quot;`; here both are `&quot;`, outside `<script>` and `<style>`, whose text is taken
//! as written.
//!
//! Python's parser knows HTML 4's named references; this one knows `amp`, `lt`, `gt`, `quot`
//! and `apos` and keeps any other name as written, which makes it stricter, never looser:
//! pulldown-cmark writes every other character as itself, as the spec's expected HTML does.

const BLOCK_TAGS: &[&str] = &[
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "div",
    "section",
    "dl",
    "table",
    "td",
    "dt",
    "tbody",
    "embed",
    "textarea",
    "fieldset",
    "tfoot",
    "figcaption",
    "th",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    StartTag,
    EndTag,
    Data,
    Ref,
    Other,
}

struct Normalizer {
    out: String,
    last: Last,
    last_tag: String,
    in_pre: bool,
    /// Inside `<script>` or `<style>`, whose text holds no references.
    raw_text: bool,
}

/// Python's `str.isspace`, which its `\s` and `strip()` follow.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn is_block_tag(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag)
}

fn collapse_whitespace(data: &str) -> String {
    let mut out = String::with_capacity(data.len());
    let mut in_space = false;
    for c in data.chars() {
        if is_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// `html.escape(value, quote=True)`.
fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

fn named_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// What `&#…` stands for, as the spec's `handle_charref` reads it (`x` for hexadecimal; an
/// upper-case `X` is not read and the reference is written back).
fn numeric_reference(name: &str) -> Option<char> {
    let code = match name.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => name.parse().ok()?,
    };
    char::from_u32(code)
}

/// A character reference at the start of `text` (which starts with `&`): what it stands
/// for (or `None` when unknown), what to write when unknown, and how many bytes it takes.
/// `None` when `&` starts no reference and is plain text. Python's patterns:
/// `&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]` and `&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]`.
fn reference(text: &str) -> Option<(Option<char>, String, usize)> {
    let bytes = text.as_bytes();
    if let Some(rest) = text.strip_prefix("&#") {
        let rb = rest.as_bytes();
        let digits = if matches!(rb.first(), Some(b'x' | b'X')) {
            1 + rb[1..].iter().take_while(|b| b.is_ascii_hexdigit()).count()
        } else {
            rb.iter().take_while(|b| b.is_ascii_digit()).count()
        };
        let has_digits = if matches!(rb.first(), Some(b'x' | b'X')) {
            digits > 1
        } else {
            digits > 0
        };
        // The pattern needs one more character, which is not a hex digit.
        let next = rb.get(digits)?;
        if !has_digits || next.is_ascii_hexdigit() {
            return None;
        }
        let name = &rest[..digits];
        let len = 2 + digits + usize::from(*next == b';');
        return Some((numeric_reference(name), format!("&{name};"), len));
    }
    if !bytes.get(1).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = 1 + bytes[2..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'.')
        .count();
    let next = bytes.get(1 + name_len)?;
    if next.is_ascii_alphanumeric() {
        return None;
    }
    let name = &text[1..1 + name_len];
    let len = 1 + name_len + usize::from(*next == b';');
    Some((named_reference(name), format!("&{name};"), len))
}

/// An attribute's value with its references read, as `html.unescape` does for Python's
/// parser: numeric ones with or without `;`, named ones with it.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (c, len) = if let Some(hex) = rest
            .strip_prefix("&#x")
            .or_else(|| rest.strip_prefix("&#X"))
        {
            let digits = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
            let c = u32::from_str_radix(&hex[..digits], 16)
                .ok()
                .and_then(char::from_u32);
            (c, 3 + digits)
        } else if let Some(decimal) = rest.strip_prefix("&#") {
            let digits = decimal.bytes().take_while(u8::is_ascii_digit).count();
            (
                decimal[..digits].parse().ok().and_then(char::from_u32),
                2 + digits,
            )
        } else {
            let name = rest[1..]
                .bytes()
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            match rest[1 + name..].starts_with(';') {
                true => (named_reference(&rest[1..1 + name]), 1 + name),
                false => (None, 0),
            }
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[len..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl Normalizer {
    fn data(&mut self, data: &str) {
        let after_tag = matches!(self.last, Last::StartTag | Last::EndTag);
        let after_block_tag = after_tag && is_block_tag(&self.last_tag);
        let mut data = data;
        if after_tag && self.last_tag == "br" {
            data = data.trim_start_matches('\n');
        }
        let mut data = if self.in_pre {
            data.to_string()
        } else {
            collapse_whitespace(data)
        };
        if after_block_tag && !self.in_pre {
            data = match self.last {
                Last::StartTag => data.trim_start_matches(is_space).to_string(),
                _ => data.trim_matches(is_space).to_string(),
            };
        }
        if self.raw_text {
            self.out.push_str(&data);
        } else {
            self.out.push_str(&data.replace('"', "&quot;"));
        }
        self.last = Last::Data;
    }

    fn reference(&mut self, c: Option<char>, fallback: &str) {
        match c {
            Some('<') => self.out.push_str("&lt;"),
            Some('>') => self.out.push_str("&gt;"),
            Some('&') => self.out.push_str("&amp;"),
            Some('"') => self.out.push_str("&quot;"),
            Some(c) => self.out.push(c),
            None => self.out.push_str(fallback),
        }
        self.last = Last::Ref;
    }

    fn trim_end(&mut self) {
        let kept = self.out.trim_end_matches(is_space).len();
        self.out.truncate(kept);
    }

    fn start_tag(&mut self, tag: &str, mut attributes: Vec<(String, Option<String>)>) {
        if tag == "pre" {
            self.in_pre = true;
        }
        if is_block_tag(tag) {
            self.trim_end();
        }
        self.out.push('<');
        self.out.push_str(tag);
        attributes.sort();
        for (name, value) in attributes {
            self.out.push(' ');
            self.out.push_str(&name);
            if let Some(value) = value {
                self.out.push_str("=\"");
                self.out.push_str(&escape_attribute(&value));
                self.out.push('"');
            }
        }
        self.out.push('>');
        self.last_tag = tag.to_string();
        self.last = Last::StartTag;
    }

    fn end_tag(&mut self, tag: &str) {
        if tag == "pre" {
            self.in_pre = false;
        } else if is_block_tag(tag) {
            self.trim_end();
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self.last_tag = tag.to_string();
        self.last = Last::EndTag;
    }

    /// Text up to the next tag: plain runs and references, each handled as Python's parser
    /// hands them over.
    /// `html` is the rest of the document: a reference may end at the `<` after the text.
    fn text(&mut self, html: &str, len: usize) {
        let mut at = 0;
        while at < len {
            let rest = &html[at..len];
            let plain = rest.find('&').unwrap_or(rest.len());
            if plain > 0 {
                self.data(&rest[..plain]);
                at += plain;
                continue;
            }
            match reference(&html[at..]).filter(|r| at + r.2 <= len) {
                Some((c, fallback, len)) => {
                    self.reference(c, &fallback);
                    at += len;
                }
                None => {
                    self.data("&");
                    at += 1;
                }
            }
        }
    }
}

/// A start tag's name, attributes, whether it closes itself, and its length; `None` when
/// `html` (which starts with `<` and a letter) holds no whole tag.
#[allow(clippy::type_complexity)]
fn start_tag(html: &str) -> Option<(String, Vec<(String, Option<String>)>, bool, usize)> {
    let bytes = html.as_bytes();
    let mut i = 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'/' | b'>') {
        i += 1;
    }
    let name = html[1..i].to_ascii_lowercase();
    let mut attributes = vec![];
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                return Some((name, attributes, true, i + 2));
            }
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => return Some((name, attributes, false, i + 1)),
            _ => {}
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'/' | b'>' | b'=')
        {
            i += 1;
        }
        if i == start {
            // A stray `=`: Python's pattern takes it as part of a name.
            i += 1;
        }
        let attribute = html[start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attributes.push((attribute, None));
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let value = match bytes.get(j) {
            Some(q @ (b'"' | b'\'')) => {
                let end = html[j + 1..].find(*q as char)? + j + 1;
                let value = &html[j + 1..end];
                i = end + 1;
                value
            }
            _ => {
                let end = html[j..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |e| e + j);
                let value = &html[j..end];
                i = end;
                value
            }
        };
        attributes.push((attribute, Some(unescape(value))));
    }
}

/// `normalize_html` of the spec's test runner.
pub fn normalize(html: &str) -> String {
    let mut n = Normalizer {
        out: String::new(),
        last: Last::StartTag,
        last_tag: String::new(),
        in_pre: false,
        raw_text: false,
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            n.text(rest, rest.len());
            break;
        };
        if lt > 0 {
            n.text(rest, lt);
            rest = &rest[lt..];
        }
        let after = rest.as_bytes().get(1).copied();
        let taken = if let Some(body) = rest.strip_prefix("<![CDATA[") {
            // Passed through as it is, as the spec's runner does.
            let len = body.find("]]>").map_or(rest.len(), |e| e + 12);
            n.out.push_str(&rest[..len]);
            len
        } else if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").unwrap_or(body.len());
            n.out.push_str("<!--");
            n.out.push_str(&body[..end]);
            n.out.push_str("-->");
            n.last = Last::Other;
            (4 + end + 3).min(rest.len())
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            n.out.push_str(&rest[..end]);
            n.last = Last::Other;
            end
        } else if rest.starts_with("</")
            && rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic)
        {
            match rest.find('>') {
                Some(end) => {
                    let name: String = rest[2..end]
                        .split(|c: char| c.is_ascii_whitespace() || c == '/')
                        .next()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    n.end_tag(&name);
                    end + 1
                }
                None => {
                    n.text(rest, rest.len());
                    rest.len()
                }
            }
        } else if after.is_some_and(|b| b.is_ascii_alphabetic()) {
            match start_tag(rest) {
                Some((name, attributes, closes, len)) => {
                    n.start_tag(&name, attributes);
                    if closes {
                        n.last = Last::EndTag;
                    }
                    let mut len = len;
                    // Script and style hold text up to their end tag, references and all.
                    if !closes && (name == "script" || name == "style") {
                        let close = format!("</{name}");
                        let body = &rest[len..];
                        let end = body.to_ascii_lowercase().find(&close).unwrap_or(body.len());
                        if end > 0 {
                            n.raw_text = true;
                            n.data(&body[..end]);
                            n.raw_text = false;
                        }
                        len += end;
                    }
                    len
                }
                None => {
                    n.data("<");
                    1
                }
            }
        } else {
            n.data("<");
            1
        };
        rest = &rest[taken..];
    }
    n.out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    /// The examples in normalize.py's own documentation.
    #[test]
    fn the_spec_runners_examples() {
        assert_eq!(normalize("<p>a  \t b</p>"), "<p>a b</p>");
        assert_eq!(normalize("<p>a  \t\nb</p>"), "<p>a b</p>");
        assert_eq!(normalize(" <p>a  b</p>"), "<p>a b</p>");
        assert_eq!(normalize("<p>a  b</p> "), "<p>a b</p>");
        assert_eq!(normalize("\n\t<p>\n\t\ta  b\t\t</p>\n\t"), "<p>a b</p>");
        assert_eq!(normalize("<i>a  b</i> "), "<i>a b</i> ");
        assert_eq!(normalize("<br />"), "<br>");
        assert_eq!(
            normalize("<a title=\"bar\" HREF=\"foo\">x</a>"),
            "<a href=\"foo\" title=\"bar\">x</a>"
        );
        assert_eq!(
            normalize("&amp;&gt;&lt;&quot;&#x2200;"),
            "&amp;&gt;&lt;&quot;\u{2200}"
        );
    }

    #[test]
    fn a_quote_is_the_same_written_either_way_except_in_a_script() {
        assert_eq!(
            normalize("<p>\"a\" &quot;b&#34;</p>"),
            normalize("<p>&quot;a&quot; \"b\"</p>")
        );
        assert_ne!(
            normalize("<script>\"</script>"),
            normalize("<script>&quot;</script>")
        );
        assert_ne!(normalize("<p>a</p>"), normalize("<p>b</p>"));
        assert_ne!(normalize("<p>a b</p>"), normalize("<p>ab</p>"));
    }
}
