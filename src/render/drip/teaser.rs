//! A step's teaser for an email: an HTML fragment laid out with tables and inline styles
//! only (no stylesheet, no script, no web font), which Outlook, Gmail and Apple Mail render
//! alike, and its plain-text version for the text part of the email.

use crate::content::{Document, Kind, Site};
use crate::render::cta::CtaView;
use crate::theme::strings::{Strings, text};
use crate::util::html::html_escape;
use std::collections::BTreeSet;

/// System fonts only: an email client loads no web font.
const FONT: &str = "-apple-system,BlinkMacSystemFont,'Segoe UI','Hiragino Sans','Hiragino Kaku Gothic ProN',Meiryo,Arial,sans-serif";
/// The button's colour: white text on it passes WCAG AA (contrast 5.9:1).
const BUTTON: &str = "#1f5fbf";

pub struct Teaser<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub image: Option<&'a str>,
    pub button: String,
    pub url: &'a str,
    pub lang: &'a str,
    /// The document's call to action, under the button.
    pub cta: Option<&'a CtaView>,
}

impl Teaser<'_> {
    pub fn html(&self) -> String {
        use std::fmt::Write;
        let e = html_escape;
        let url = e(self.url);
        let mut h = String::with_capacity(1536);
        // Writing to a String cannot fail.
        let _ = writeln!(
            h,
            "<table role=\"presentation\" lang=\"{}\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"max-width:600px;border-collapse:collapse;font-family:{FONT};\">",
            e(self.lang)
        );
        if let Some(img) = self.image {
            let _ = writeln!(
                h,
                "<tr><td style=\"padding:0 0 16px 0;\"><a href=\"{url}\" style=\"text-decoration:none;\"><img src=\"{}\" alt=\"{}\" width=\"600\" style=\"display:block;width:100%;max-width:600px;height:auto;border:0;\"></a></td></tr>",
                e(img),
                e(self.title)
            );
        }
        let _ = writeln!(
            h,
            "<tr><td style=\"padding:0 0 8px 0;font-size:20px;line-height:1.4;font-weight:bold;color:#1a1a1a;\">{}</td></tr>",
            e(self.title)
        );
        if !self.summary.trim().is_empty() {
            let _ = writeln!(
                h,
                "<tr><td style=\"padding:0 0 16px 0;font-size:16px;line-height:1.6;color:#333333;\">{}</td></tr>",
                e(self.summary.trim())
            );
        }
        let _ = writeln!(
            h,
            "<tr><td style=\"padding:0;\"><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td bgcolor=\"{BUTTON}\" style=\"border-radius:4px;background-color:{BUTTON};\"><a href=\"{url}\" style=\"display:inline-block;padding:12px 24px;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;\">{}</a></td></tr></table></td></tr>",
            e(&self.button)
        );
        if let Some(cta) = self.cta {
            let _ = writeln!(
                h,
                "<tr><td style=\"padding:16px 0 0 0;font-size:16px;line-height:1.6;\"><a href=\"{}\" data-cta-kind=\"{}\" style=\"color:{BUTTON};font-weight:bold;\">{}</a></td></tr>",
                e(&cta.url),
                e(&cta.kind),
                e(&cta.label)
            );
        }
        h.push_str("</table>");
        h
    }

    pub fn text(&self) -> String {
        let mut t = format!("{}\n\n", self.title.trim());
        if !self.summary.trim().is_empty() {
            t.push_str(self.summary.trim());
            t.push_str("\n\n");
        }
        t.push_str(&format!("{}: {}\n", self.button, self.url));
        if let Some(cta) = self.cta {
            t.push_str(&format!("\n{}: {}\n", cta.label, cta.url));
        }
        t
    }
}

/// A track's teasers, for a marketer to copy: each step's section (`#step-N`) shows the
/// teaser as an email shows it and its plain text. The sections hold email markup (table
/// attributes that pages no longer use), and the page asks search engines not to index it.
pub(super) fn write_page(out: &mut Vec<u8>, sequence: &super::Sequence) {
    use std::io::Write;
    let e = html_escape;
    // Writing to memory cannot fail.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n<body style=\"font-family:{FONT};max-width:640px;margin:2rem auto;padding:0 1rem\">\n<h1>{}</h1>\n",
        e(&sequence.language),
        e(&sequence.title),
        e(&sequence.title)
    );
    for s in &sequence.steps {
        let _ = write!(
            out,
            "<section id=\"step-{}\">\n<h2>{} · {} · {}</h2>\n{}\n<pre style=\"white-space:pre-wrap\">{}</pre>\n</section>\n",
            s.step,
            s.step,
            s.day,
            e(&s.subject),
            s.teaser_html.as_str(),
            e(s.teaser_text.as_str())
        );
    }
    out.extend_from_slice(b"</body>\n</html>\n");
}

/// The button's words: the theme's `watch_recording` for a webinar (a sequence sends only
/// webinars with a recording), `drip_button` for the rest.
pub fn button_label(t: &Strings, kind: Kind) -> String {
    let key = if kind == Kind::Webinar {
        "watch_recording"
    } else {
        "drip_button"
    };
    match text(t, key) {
        "" => "Read more".to_string(),
        label => label.to_string(),
    }
}

/// A document's `extra.image` as an absolute address, when it is a full address or a
/// published file (see [`crate::render::links::document_image`]).
pub fn image(site: &Site, files: &BTreeSet<String>, d: &Document) -> Option<String> {
    crate::render::links::document_image(site, d, |path| files.contains(path))
}
