//! iCalendar (RFC 5545): an "Add to calendar" file for each upcoming webinar, and one
//! calendar per language of every upcoming webinar that calendar apps can subscribe to.
//!
//! Times are written in UTC (`…Z`), which every client converts to its own zone without a
//! VTIMEZONE. DTSTAMP comes from the document's dates, never the clock: builds of the same
//! content must be byte-identical.

use super::links::with_utm;
use crate::content::Document;
use crate::content::Site;
use crate::link::{Journey, LanguageView, WebinarStatus};
use crate::theme::strings::{Strings, strings_for, text};
use crate::util::urls::encode_path;
use jiff::Timestamp;
use std::collections::BTreeMap;

/// File name of a webinar's own calendar file, beside its page.
pub const EVENT_FILE: &str = "event.ics";
/// Site path (under the language prefix) of the calendar of every upcoming webinar.
pub const CALENDAR_PATH: &str = "webinars/calendar.ics";
/// How often subscribers' apps should fetch the calendar again.
const REFRESH: &str = "PT6H";

/// Site path of a webinar's calendar file: `en/webinars/<slug>/event.ics` (unencoded).
pub fn event_path(site: &Site, d: &Document) -> String {
    format!(
        "{}{}{EVENT_FILE}",
        site.config.language_prefix(&d.lang),
        d.site_path
    )
}

/// Root-relative URL of a webinar's calendar file, or empty when it has none (only
/// upcoming webinars have one).
pub fn event_url(site: &Site, journey: &Journey, i: usize) -> String {
    if journey.webinar_status[i] != Some(WebinarStatus::Upcoming) {
        return String::new();
    }
    site.config
        .base_url
        .url(&encode_path(&event_path(site, &site.docs[i])))
}

/// Every calendar file: one per upcoming webinar page, and one calendar per language.
pub fn render(
    site: &Site,
    journey: &Journey,
    strings: &BTreeMap<String, Strings>,
) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![];
    for (i, d) in site.docs.iter().enumerate() {
        if journey.webinar_status[i] != Some(WebinarStatus::Upcoming) {
            continue;
        }
        let t = strings_for(strings, &d.lang);
        let mut cal = Calendar::new(site, &d.lang);
        cal.event(site, i, t);
        out.push((event_path(site, d), cal.finish()));
    }
    for view in &journey.views {
        out.push(language_calendar(
            site,
            journey,
            view,
            strings_for(strings, &view.lang),
        ));
    }
    out
}

fn language_calendar(
    site: &Site,
    journey: &Journey,
    view: &LanguageView,
    t: &Strings,
) -> (String, Vec<u8>) {
    let mut upcoming: Vec<usize> = view
        .docs
        .iter()
        .copied()
        .filter(|&i| journey.webinar_status[i] == Some(WebinarStatus::Upcoming))
        .collect();
    crate::link::sort_webinars(site, &mut upcoming, false);
    let name = match text(t, "calendar_name") {
        "" => format!("{}: webinars", site.config.title),
        n => n.replace("{n}", &site.config.title),
    };
    let prefix = site.config.language_prefix(&view.lang);
    let mut cal = Calendar::new(site, &view.lang);
    cal.line("NAME", &escape_text(&name));
    cal.line("X-WR-CALNAME", &escape_text(&name));
    let home = site.config.base_url.permalink(&encode_path(&prefix));
    cal.line("URL", &home);
    cal.line("REFRESH-INTERVAL;VALUE=DURATION", REFRESH);
    cal.line("X-PUBLISHED-TTL", REFRESH);
    for i in upcoming {
        cal.event(site, i, t);
    }
    (format!("{prefix}{CALENDAR_PATH}"), cal.finish())
}

struct Calendar {
    out: String,
}

impl Calendar {
    fn new(site: &Site, lang: &str) -> Calendar {
        let mut c = Calendar { out: String::new() };
        c.line("BEGIN", "VCALENDAR");
        c.line("VERSION", "2.0");
        c.line(
            "PRODID",
            &format!(
                "-//journeyhub//{}//{}",
                escape_text(&site.config.title),
                lang.to_uppercase()
            ),
        );
        c.line("CALSCALE", "GREGORIAN");
        c.line("METHOD", "PUBLISH");
        c
    }

    fn event(&mut self, site: &Site, i: usize, t: &Strings) {
        let d = &site.docs[i];
        let Some(w) = d.webinar() else { return };
        let stage = d.common.stages.first().map(String::as_str).unwrap_or("");
        let permalink = site.doc_permalink(d);
        let stamp = d
            .common
            .updated
            .as_ref()
            .into_iter()
            .chain(d.common.date.as_ref())
            .map(|x| x.instant)
            .max()
            .unwrap_or(w.starts_at);

        let mut description = vec![];
        if let Some(s) = &d.common.summary {
            description.push(s.clone());
        }
        if !w.speakers.is_empty() {
            let names: Vec<String> = w
                .speakers
                .iter()
                .map(|s| match &s.role {
                    Some(r) => format!("{} ({r})", s.name),
                    None => s.name.clone(),
                })
                .collect();
            description.push(format!(
                "{}: {}",
                label(t, "speakers", "Speakers"),
                names.join(", ")
            ));
        }
        let registration = w
            .registration_url
            .as_deref()
            .map(|u| with_utm(site, u, stage, &d.slug));
        if let Some(r) = &registration {
            description.push(format!("{}: {r}", label(t, "register", "Register")));
        }
        description.push(permalink.clone());

        self.line("BEGIN", "VEVENT");
        self.line("UID", &escape_text(&uid(site, d)));
        self.line("DTSTAMP", &utc(stamp));
        self.line("DTSTART", &utc(w.starts_at));
        self.line("DTEND", &utc(w.ends_at()));
        self.line("SUMMARY", &escape_text(&d.common.title));
        self.line("DESCRIPTION", &escape_text(&description.join("\n\n")));
        // An event held in person is at its venue, which calendar apps show on a map; one
        // held online is where its page (or the registration form) is.
        let location = match &w.location {
            Some(l) => [Some(l.name.as_str()), l.address.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            None => registration.clone().unwrap_or_else(|| permalink.clone()),
        };
        self.line("LOCATION", &escape_text(&location));
        self.line("URL", &permalink);
        self.line("STATUS", "CONFIRMED");
        self.line("TRANSP", "OPAQUE");
        self.line("END", "VEVENT");
    }

    /// One content line, folded at 75 octets without splitting a character (RFC 5545 3.1).
    fn line(&mut self, name: &str, value: &str) {
        let full = format!("{name}:{value}");
        let mut width = 0;
        for c in full.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += n;
        }
        self.out.push_str("\r\n");
    }

    fn finish(mut self) -> Vec<u8> {
        self.line("END", "VCALENDAR");
        self.out.into_bytes()
    }
}

fn label<'a>(t: &'a Strings, key: &str, fallback: &'a str) -> &'a str {
    match text(t, key) {
        "" => fallback,
        s => s,
    }
}

/// The same webinar has the same UID in every language and every build: it is one event,
/// whichever page a reader added it from. Built from the language-neutral source path.
fn uid(site: &Site, d: &Document) -> String {
    let key = d
        .translation_key
        .strip_suffix(".md")
        .unwrap_or(&d.translation_key);
    let base = &site.config.base_url;
    let host = base.origin.split_once("://").map_or("", |(_, h)| h);
    let path = base.path.trim_matches('/');
    let scope = if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    };
    format!("{}@{host}", encode_path(&format!("{scope}{key}")))
}

/// `20261210T050000Z`
fn utc(ts: Timestamp) -> String {
    jiff::fmt::strtime::format("%Y%m%dT%H%M%SZ", ts).unwrap_or_default()
}

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b; c, d\r\ne\nf"),
            "a\\\\b\\; c\\, d\\ne\\nf"
        );
    }

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let mut c = Calendar { out: String::new() };
        let value = "あ".repeat(60);
        c.line("SUMMARY", &value);
        let lines: Vec<&str> = c.out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        for (n, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {n} has {} octets", l.len());
            if n > 0 {
                assert!(l.starts_with(' '));
            }
        }
        let unfolded: String = c.out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
    }
}
