//! Links in rendered HTML: UTM parameters on outbound calls to action, and absolute
//! addresses for HTML that is read away from the site (feeds, email).

use crate::content::Site;
use crate::markdown::highlight::CODE_BLOCK_START;
use crate::util::html::html_escape;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;

/// Everything but RFC 3986's unreserved characters, so `adoption-smb` stays readable.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Adds the site's UTM parameters to an outbound call to action. `{stage}` and `{slug}` in
/// the campaign are filled in; a parameter the link already carries is left as written, so
/// a marketer can set a campaign by hand on one link.
pub fn with_utm(site: &Site, url: &str, stage: &str, slug: &str) -> String {
    let Some(utm) = &site.config.utm else {
        return url.to_string();
    };
    let campaign = utm
        .campaign
        .replace("{stage}", stage)
        .replace("{slug}", slug);
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, format!("#{f}")),
        None => (url, String::new()),
    };
    let query = base.split_once('?').map(|(_, q)| q).unwrap_or("");
    let has = |name: &str| {
        query
            .split('&')
            .any(|pair| pair.split('=').next() == Some(name))
    };
    let mut added = vec![];
    for (name, value) in [
        ("utm_source", utm.source.as_str()),
        ("utm_medium", utm.medium.as_str()),
        // A campaign of `{stage}` on a document without a stage would be empty; leave it out
        // rather than report an empty campaign to analytics.
        ("utm_campaign", campaign.trim()),
    ] {
        if !value.is_empty() && !has(name) {
            added.push(format!(
                "{name}={}",
                utf8_percent_encode(value, QUERY_VALUE)
            ));
        }
    }
    if added.is_empty() {
        return url.to_string();
    }
    let sep = query_separator(base);
    format!("{base}{sep}{}{fragment}", added.join("&"))
}

/// What goes between a URL (without its fragment) and a parameter added to its query.
fn query_separator(base: &str) -> &'static str {
    if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    }
}

/// Adds `name=value` to a URL's query unless it carries `name` already (before any
/// `#fragment`).
pub fn with_query(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, format!("#{f}")),
        None => (url, String::new()),
    };
    let query = base.split_once('?').map(|(_, q)| q).unwrap_or("");
    if query
        .split('&')
        .any(|pair| pair.split('=').next() == Some(name))
    {
        return url.to_string();
    }
    let sep = query_separator(base);
    format!(
        "{base}{sep}{name}={}{fragment}",
        utf8_percent_encode(value, QUERY_VALUE)
    )
}

/// A web address that leaves the hub: http(s) on another host than the base URL's.
pub fn is_outbound(site: &Site, url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let own = site
        .config
        .base_url
        .origin
        .split_once("://")
        .map_or("", |(_, h)| h);
    !host.eq_ignore_ascii_case(own)
}

/// UTM parameters on every outbound link (`<a href="https://other.example/…">`) of a body.
/// Links inside the hub never get them: they would split one visit into many in analytics.
pub fn tag_outbound<'h>(site: &Site, html: &'h str, stage: &str, slug: &str) -> Cow<'h, str> {
    if site.config.utm.is_none() {
        return Cow::Borrowed(html);
    }
    rewrite_attributes(html, &["href"], |tag, value| {
        (tag.eq_ignore_ascii_case("a") && is_outbound(site, value))
            .then(|| with_utm(site, value, stage, slug))
    })
}

/// Every root-relative `href`/`src` made absolute with the site's origin, and `#fragment`
/// links pointed at the page itself, so the HTML works in a feed reader or an email.
pub fn absolutize<'h>(site: &Site, html: &'h str, page_permalink: &str) -> Cow<'h, str> {
    let origin = &site.config.base_url.origin;
    rewrite_attributes(html, &["href", "src"], |_, value| {
        if value.starts_with('/') && !value.starts_with("//") {
            Some(format!("{origin}{value}"))
        } else if value.starts_with('#') {
            Some(format!("{page_permalink}{value}"))
        } else {
            None
        }
    })
}

/// Code blocks without their highlighting: each token's `<span class="hl-…">` only points at
/// the site's syntax.css, which a feed reader or an email client never loads, and the spans
/// made up a quarter of a feed's bytes. The code's text is kept as it was escaped.
pub fn plain_code(html: &str) -> Cow<'_, str> {
    if !html.contains(CODE_BLOCK_START) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(CODE_BLOCK_START) {
        let block = &rest[at..];
        // The renderer escapes every `<` of the code, so the only tags between `<code>` and
        // `</code>` are the token spans.
        let (Some(open_end), Some(close)) = (block.find("<code>"), block.find("</code>")) else {
            break;
        };
        let code_start = open_end + "<code>".len();
        if close < code_start {
            break;
        }
        out.push_str(&rest[..at + code_start]);
        let mut code = &block[code_start..close];
        while let Some(tag) = code.find('<') {
            out.push_str(&code[..tag]);
            code = code[tag..]
                .find('>')
                .map_or("", |end| &code[tag + end + 1..]);
        }
        out.push_str(code);
        rest = &block[close..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Calls `change(tag name, decoded value)` for each double-quoted attribute named in `names`
/// and replaces the value when it returns one. The HTML is the markdown renderer's output, in
/// which text never holds a raw `"`, so an ` href="` can only start an attribute.
fn rewrite_attributes<'h>(
    html: &'h str,
    names: &[&str],
    change: impl Fn(&str, &str) -> Option<String>,
) -> Cow<'h, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(found) = html[pos..].find("=\"") {
        let eq = pos + found;
        let value_start = eq + 2;
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        let value_end = value_start + len;
        pos = value_end + 1;
        let before = &html[..eq];
        let Some(name) = names.iter().find(|n| {
            before.ends_with(*n)
                && before[..before.len() - n.len()].ends_with(|c: char| c.is_ascii_whitespace())
        }) else {
            continue;
        };
        let tag_open = before[..before.len() - name.len()].rfind('<');
        let Some(tag_open) = tag_open else { continue };
        let tag: String = html[tag_open + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let value = decode_attribute(&html[value_start..value_end]);
        if let Some(new) = change(&tag, &value) {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
            buf.push_str(&html[copied..value_start]);
            buf.push_str(&html_escape(&new));
            copied = value_end;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

fn decode_attribute(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A document's `extra.image` (beside the document, `/`-rooted in static/, or a full
/// address) as an absolute address, when it is a full address or `published` says the file
/// is part of the site: a broken image is worse than none.
pub fn document_image(
    site: &Site,
    d: &crate::content::Document,
    published: impl Fn(&str) -> bool,
) -> Option<String> {
    let image = d.common.extra.get("image")?.as_str()?.trim();
    if image.starts_with("https://") || image.starts_with("http://") {
        return Some(image.to_string());
    }
    let path = match image.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None => crate::util::urls::join_relative(d.content_dir(), image)?,
    };
    published(&path).then(|| {
        site.config
            .base_url
            .permalink(&crate::util::urls::encode_path(&path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(utm: bool) -> Site {
        let mut yaml = "title: T\nbase_url: https://hub.example.com/hub/\n".to_string();
        if utm {
            yaml.push_str("utm: {source: hub, medium: referral, campaign: \"{stage}-{slug}\"}\n");
        }
        Site {
            config: crate::config::SiteConfig::parse(&yaml).unwrap(),
            docs: vec![],
            assets: vec![],
            unpublished: Default::default(),
            scheduled: vec![],
            root: Default::default(),
            unreadable: Default::default(),
            now: jiff::Timestamp::UNIX_EPOCH,
            preview: false,
        }
    }

    #[test]
    fn utm_keeps_fragments_and_existing_parameters() {
        let s = site(true);
        assert_eq!(
            with_utm(&s, "https://e.com/r?x=1#form", "advocacy", "referral"),
            "https://e.com/r?x=1&utm_source=hub&utm_medium=referral&utm_campaign=advocacy-referral#form"
        );
        assert_eq!(
            with_utm(&s, "https://e.com/r?utm_campaign=spring", "a", "b"),
            "https://e.com/r?utm_campaign=spring&utm_source=hub&utm_medium=referral"
        );
        assert_eq!(
            with_utm(&site(false), "https://e.com/r", "a", "b"),
            "https://e.com/r"
        );
    }

    #[test]
    fn only_outbound_links_are_tagged() {
        let s = site(true);
        let html = r#"<p><a href="https://forms.example.com/refer?a=1&amp;b=2">form</a> <a href="/hub/about/">about</a> <a href="https://hub.example.com/hub/x/">self</a> <img src="https://cdn.example.com/i.png"></p>"#;
        let tagged = tag_outbound(&s, html, "advocacy", "referral");
        assert!(tagged.contains(
            r#"href="https://forms.example.com/refer?a=1&amp;b=2&amp;utm_source=hub&amp;utm_medium=referral&amp;utm_campaign=advocacy-referral""#
        ));
        assert!(tagged.contains(r#"href="/hub/about/""#));
        assert!(tagged.contains(r#"href="https://hub.example.com/hub/x/""#));
        assert!(tagged.contains(r#"src="https://cdn.example.com/i.png""#));
    }

    #[test]
    fn feed_code_keeps_its_text_without_the_highlighting() {
        let highlighted = crate::markdown::highlight::highlight("let a = \"<b>\" & 1;\n", "rust");
        assert!(highlighted.contains("<span class=\"hl-"), "{highlighted}");
        let html = format!(
            "<p>Run <code>x</code>:</p>\n{highlighted}<p>then <span class=\"kbd\">y</span></p>\n"
        );
        let plain = plain_code(&html);
        assert_eq!(
            plain,
            "<p>Run <code>x</code>:</p>\n<pre class=\"code hl-code\" data-lang=\"rust\"><code>let a = &quot;&lt;b&gt;&quot; &amp; 1;\n</code></pre>\n<p>then <span class=\"kbd\">y</span></p>\n"
        );
        // Two blocks, one of them in a language without a grammar (never highlighted).
        let two = format!(
            "{}{}",
            crate::markdown::highlight::highlight("SELECT 1;\n", "sql"),
            crate::markdown::highlight::highlight("<x>\n", "nosuchlanguage")
        );
        assert_eq!(
            plain_code(&two),
            "<pre class=\"code hl-code\" data-lang=\"sql\"><code>SELECT 1;\n</code></pre>\n<pre class=\"code hl-code\" data-lang=\"nosuchlanguage\"><code>&lt;x&gt;\n</code></pre>\n"
        );
        assert!(matches!(plain_code("<p>no code</p>"), Cow::Borrowed(_)));
    }

    #[test]
    fn absolutize_rewrites_root_relative_and_fragments() {
        let s = site(false);
        let html = r##"<a href="/hub/a/">a</a><img src="/hub/i.svg" alt="x"><a href="#step">s</a><a href="//cdn.example.com/x">c</a><code>href="/not"</code>"##;
        let out = absolutize(&s, html, "https://hub.example.com/hub/p/");
        assert_eq!(
            out,
            r##"<a href="https://hub.example.com/hub/a/">a</a><img src="https://hub.example.com/hub/i.svg" alt="x"><a href="https://hub.example.com/hub/p/#step">s</a><a href="//cdn.example.com/x">c</a><code>href="/not"</code>"##
        );
    }
}
