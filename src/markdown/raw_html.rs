//! What raw HTML in a markdown body may do (site-config `markdown.raw_html`). Marketers embed
//! videos and forms; a pasted snippet may also carry a script, an event handler or a
//! `javascript:` address, which would run on the hub's own origin. `safe` (the default) keeps
//! markup, video and form embeds from known hosts, and drops what can run code; `deny` drops
//! all raw HTML; `allow` keeps it as written. What is dropped is reported with file:line.

use super::Renderer;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::{Text, t};
use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use pulldown_cmark::{CowStr, Event};
use std::cell::RefCell;

pub use crate::config::RawHtml;

/// Hosts whose `<iframe>` embeds are kept: video players and form services marketers use.
pub const EMBED_HOSTS: &[&str] = &[
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "fast.wistia.net",
    "fast.wistia.com",
    "www.loom.com",
    "play.vidyard.com",
    "docs.google.com",
    "forms.office.com",
    "share.hsforms.com",
    "www.slideshare.net",
    "speakerdeck.com",
];

/// Elements that run code, load it, or change how the page's addresses resolve.
const DROPPED_ELEMENTS: &str = "script, object, embed, applet, base, meta, link, frame, frameset";

/// Attributes that hold an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "xlink:href",
    "srcset",
];

/// Whether an address may stay in a page: relative, or http(s), mailto or tel; with
/// `image`, also an inline picture (`data:image/png` and the like, not SVG, which may script).
pub fn safe_url(value: &str, image: bool) -> bool {
    let url: String = decode_references(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = url.find(':') else {
        return true;
    };
    // A colon after the path, query or fragment has begun is not a scheme's.
    if url[..colon].contains(['/', '?', '#']) {
        return true;
    }
    let scheme = &url[..colon];
    match scheme {
        "http" | "https" | "mailto" | "tel" => true,
        "data" if image => ["png", "jpeg", "jpg", "gif", "webp", "avif"]
            .iter()
            .any(|t| url.starts_with(&format!("data:image/{t}"))),
        _ => false,
    }
}

/// Decodes the character references that can hide a scheme (`&#106;avascript&colon;`).
fn decode_references(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
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

/// Cleans one piece of raw HTML; returns what stays and a phrase for each thing dropped.
pub fn clean(html: &str, policy: RawHtml) -> (String, Vec<Text>) {
    match policy {
        RawHtml::Allow => (html.to_string(), vec![]),
        RawHtml::Deny if html.trim().is_empty() => (html.to_string(), vec![]),
        RawHtml::Deny => (String::new(), vec![raw_html(html)]),
        RawHtml::Safe if !html.contains('<') => (html.to_string(), vec![]),
        RawHtml::Safe => clean_safe(html),
    }
}

fn excerpt(html: &str) -> String {
    let line = html.trim().lines().next().unwrap_or("");
    let mut short: String = line.chars().take(60).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

fn raw_html(html: &str) -> Text {
    t("raw-html.raw").arg("html", excerpt(html))
}

fn clean_safe(html: &str) -> (String, Vec<Text>) {
    let dropped = RefCell::new(Vec::new());
    let drop_element = |el: &mut Element| {
        dropped
            .borrow_mut()
            .push(t("raw-html.element").arg("tag", el.tag_name()));
        el.remove();
        Ok(())
    };
    let check_iframe = |el: &mut Element| {
        let src = el.get_attribute("src").unwrap_or_default();
        let host = src
            .strip_prefix("https://")
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .map(str::to_ascii_lowercase);
        if !host.as_deref().is_some_and(|h| EMBED_HOSTS.contains(&h)) {
            dropped
                .borrow_mut()
                .push(t("raw-html.iframe").arg("src", excerpt(&src)));
            el.remove();
        }
        Ok(())
    };
    let check_attributes = |el: &mut Element| {
        if el.removed() {
            return Ok(());
        }
        let tag = el.tag_name();
        let names: Vec<(String, String)> = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        for (name, value) in names {
            let why = if name.starts_with("on") {
                Some(t("raw-html.handler").arg("name", &name).arg("tag", &tag))
            } else if name == "srcdoc" {
                Some(t("raw-html.srcdoc").arg("tag", &tag))
            } else if URL_ATTRIBUTES.contains(&name.as_str())
                && !safe_url(&value, tag == "img" || tag == "source")
            {
                Some(
                    t("raw-html.attribute-address")
                        .arg("url", excerpt(&value))
                        .arg("name", &name)
                        .arg("tag", &tag),
                )
            } else if name == "style" && {
                let v = decode_references(&value).to_ascii_lowercase();
                v.contains("expression(") || v.contains("javascript:")
            } {
                Some(t("raw-html.style").arg("tag", &tag))
            } else {
                None
            };
            if let Some(why) = why {
                dropped.borrow_mut().push(why);
                el.remove_attribute(&name);
            }
        }
        Ok(())
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!(DROPPED_ELEMENTS, drop_element))
        .append_element_content_handler(element!("iframe", check_iframe))
        .append_element_content_handler(element!("*", check_attributes));
    match rewrite_str(html, settings) {
        Ok(out) => (out, dropped.into_inner()),
        // Only a memory limit can stop the rewriter; keep nothing of what it could not read.
        Err(_) => (String::new(), vec![raw_html(html)]),
    }
}

/// How the markdown renderer applies the policy, and says what it dropped.
impl<'e> Renderer<'_, 'e> {
    fn report_dropped(&mut self, what: Vec<Text>, offset: usize) {
        let policy = self.input.raw_html;
        let (line, column) = self.position(offset);
        for what in what {
            let hint = match policy {
                RawHtml::Deny => t("raw-html.hint.deny"),
                _ => t("raw-html.hint.safe"),
            };
            self.out.diagnostics.push(
                Diagnostic::warning(
                    "raw-html",
                    self.input.file,
                    t("raw-html").text("what", what),
                )
                .at(self.input.text, line, column)
                .with_hint(hint),
            );
        }
    }

    /// A raw HTML block, cleaned as a whole: an element's start and end may be lines apart.
    pub(super) fn end_html_block(&mut self) {
        let Some((html, offset)) = self.html_block.take() else {
            return;
        };
        let (kept, dropped) = clean(&html, self.input.raw_html);
        self.report_dropped(dropped, offset);
        if !kept.is_empty() {
            self.emit(Event::Html(kept.into()));
        }
    }

    /// One inline tag (`<span>`, `<script>`, `</a>`).
    pub(super) fn inline_html(&mut self, html: CowStr<'e>, offset: usize) {
        if self.input.raw_html == RawHtml::Allow {
            self.emit(Event::InlineHtml(html));
            return;
        }
        let (kept, dropped) = clean(&html, self.input.raw_html);
        self.report_dropped(dropped, offset);
        if !kept.is_empty() {
            self.emit(Event::InlineHtml(kept.into()));
        }
    }

    /// Whether a markdown link's or image's address is dropped (`[x](javascript:…)`).
    pub(super) fn drops_address(&mut self, dest: &str, image: bool, offset: usize) -> bool {
        if self.input.raw_html == RawHtml::Allow || dest.starts_with("@/") || safe_url(dest, image)
        {
            return false;
        }
        let what = if image {
            t("raw-html.image-address")
        } else {
            t("raw-html.link-address")
        };
        self.report_dropped(vec![what.arg("url", excerpt(dest))], offset);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(html: &str) -> (String, Vec<String>) {
        let (out, dropped) = clean(html, RawHtml::Safe);
        (out, dropped.iter().map(Text::to_string).collect())
    }

    #[test]
    fn scripts_handlers_and_script_addresses_are_dropped() {
        for (html, kept, said) in [
            (
                "<p>hi<script>alert(1)</script></p>",
                "<p>hi</p>",
                "<script>",
            ),
            ("<img src=x onerror=alert(1)>", "<img src=x>", "onerror"),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "<a>x</a>",
                "javascript:",
            ),
            (
                "<a href=\"&#106;avascript&colon;alert(1)\">x</a>",
                "<a>x</a>",
                "href",
            ),
            (
                "<a href=\" java\tscript:alert(1)\">x</a>",
                "<a>x</a>",
                "href",
            ),
            (
                "<iframe src=\"javascript:alert(1)\"></iframe>",
                "",
                "<iframe>",
            ),
            (
                "<iframe src=\"https://evil.example.com/x\"></iframe>",
                "",
                "evil.example.com",
            ),
            (
                "<svg onload=alert(1)><circle/></svg>",
                "<svg><circle/></svg>",
                "onload",
            ),
            (
                "<form action=\"javascript:x\"><input></form>",
                "<form><input></form>",
                "action",
            ),
            (
                "<meta http-equiv=refresh content=\"0;url=javascript:x\">",
                "",
                "<meta>",
            ),
            (
                "<div style=\"width:expression(alert(1))\">x</div>",
                "<div>x</div>",
                "style",
            ),
            (
                "<img src=\"data:image/svg+xml,<svg onload=x>\">",
                "<img>",
                "data:",
            ),
        ] {
            let (out, dropped) = safe(html);
            assert_eq!(out, kept, "{html}");
            assert!(
                dropped.iter().any(|d| d.contains(said)),
                "{html}: {dropped:?}"
            );
        }
    }

    #[test]
    fn embeds_forms_and_ordinary_markup_are_kept() {
        for html in [
            "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" allowfullscreen></iframe>",
            "<iframe src=\"https://player.vimeo.com/video/1\"></iframe>",
            "<form action=\"https://forms.example.com/s\" method=post><input name=email><button>送信</button></form>",
            "<div class=\"note\"><a href=\"/pricing/\">料金</a> <a href=\"mailto:a@example.com\">a</a></div>",
            "<img src=\"diagram.png\" alt=\"図\"> <img src=\"data:image/png;base64,AAAA\">",
            "<a href=\"https://example.com/a:b\">x</a> <a href=\"a/b:c\">y</a>",
            "<details><summary>詳細</summary>本文</details>",
        ] {
            let (out, dropped) = safe(html);
            assert_eq!(out, html);
            assert!(dropped.is_empty(), "{html}: {dropped:?}");
        }
    }

    #[test]
    fn deny_drops_all_and_allow_keeps_all() {
        let html = "<div onclick=x>a</div>";
        assert_eq!(clean(html, RawHtml::Allow), (html.to_string(), vec![]));
        let (out, dropped) = clean(html, RawHtml::Deny);
        assert_eq!(out, "");
        assert_eq!(dropped[0].to_string(), "raw HTML `<div onclick=x>a</div>`");
    }
}
