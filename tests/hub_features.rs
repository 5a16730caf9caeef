//! The customer-facing hub (issue 4): webinars (split, calendars, Event JSON-LD), case studies
//! (cards, library filters, Article JSON-LD), playbooks (checklist, facts, HowTo JSON-LD),
//! journey progress, feeds, social and SEO tags, and UTM attribution.
//!
//! Most tests build `tests/fixtures/features-hub` at [`NOW`] (2026-12-01 09:00 in Tokyo). Its
//! base URL carries a path (`https://example.com/hub/`), so every absolute address is checked
//! with it. Feeds are parsed with feed-rs, calendars with the icalendar crate, JSON-LD with
//! serde_json and HTML with scraper.

mod common;

use common::*;
use feed_rs::model::Feed;
use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event};
use scraper::Html;
use serde_json::Value;

const BASE: &str = "https://example.com/hub/";

fn build_features() -> (TestSite, Output) {
    let site = TestSite::fixture("features-hub");
    let mut out = site.build();
    out.base_path = "/hub/".into();
    (site, out)
}

fn build_at(site: &TestSite, now: &str) -> Output {
    let mut options = site.options();
    options.now = Some(now.parse().expect("a valid time"));
    let mut out = site.build_with(options);
    out.base_path = "/hub/".into();
    out
}

// ---------------------------------------------------------------- helpers

fn meta(html: &Html, attr: &str, name: &str) -> Option<String> {
    attrs(html, &format!("meta[{attr}=\"{name}\"]"), "content")
        .into_iter()
        .next()
}

fn json_ld(html: &Html) -> Vec<Value> {
    html.select(&sel("script[type=\"application/ld+json\"]"))
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
        })
        .collect()
}

fn feed(out: &Output, rel: &str) -> Feed {
    let bytes = std::fs::read(out.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

fn entry_titles(f: &Feed) -> Vec<String> {
    f.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn calendar(out: &Output, rel: &str) -> (String, Vec<Event>) {
    let text = out.read(rel);
    let cal: icalendar::Calendar = icalendar::parser::unfold(&text)
        .parse()
        .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"));
    let events = cal
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    (text, events)
}

fn utc_of(value: Option<DatePerhapsTime>) -> String {
    match value {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t.to_rfc3339(),
        other => panic!("expected a UTC date-time, got {other:?}"),
    }
}

/// The raw (still escaped) value of a property on an unfolded content line.
fn raw_property(text: &str, name: &str) -> Vec<String> {
    icalendar::parser::unfold(text)
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string))
        .collect()
}

/// RFC 5545 3.1: CRLF after every line, at most 75 octets a line, folded lines start with a
/// space, and no character is split across lines (each line is valid UTF-8 on its own).
#[track_caller]
fn assert_rfc5545_lines(bytes: &[u8]) {
    assert!(bytes.ends_with(b"\r\n"), "the file must end with CRLF");
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        assert!(line.ends_with(b"\r"), "line {n} does not end with CRLF");
        let line = &line[..line.len() - 1];
        assert!(line.len() <= 75, "line {n} has {} octets", line.len());
        assert!(
            std::str::from_utf8(line).is_ok(),
            "line {n} splits a character"
        );
    }
}

fn query_params(url: &str) -> Vec<(String, String)> {
    let query = url
        .split('#')
        .next()
        .unwrap()
        .split_once('?')
        .map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn param(url: &str, name: &str) -> Option<String> {
    query_params(url)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

// ---------------------------------------------------------------- webinars

/// A site with one webinar, built at `now`: its page, the calendar and the library.
fn one_webinar_site(timezone: &str, starts_at: &str, minutes: u32) -> TestSite {
    let site = TestSite::fixture("features-hub");
    let config = site.root.join("site-config.yaml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("timezone: Asia/Tokyo", &format!("timezone: {timezone}"));
    std::fs::write(&config, text).unwrap();
    site.write(
        "content/webinars/boundary.md",
        &format!(
            "---\ntitle: 境界のウェビナー\nstage: adoption\ndate: 2026-01-05\nstarts_at: {starts_at}\nduration_minutes: {minutes}\nregistration_url: https://events.example.net/boundary\nrecording_url: https://video.example.net/boundary\n---\n本文。\n"
        ),
    );
    site
}

struct Split {
    upcoming_on_page: bool,
    has_event_file: bool,
    in_calendar: bool,
    in_upcoming_library: bool,
    starts_display: String,
    facts: String,
}

fn split_at(site: &TestSite, now: &str) -> Split {
    let out = build_at(site, now);
    let page = out.page("webinars/boundary/");
    let register = hrefs(&page, ".event-cta a.button.primary");
    let upcoming = register.iter().any(|h| h.contains("events.example.net"));
    let watch = register.iter().any(|h| h.contains("video.example.net"));
    assert!(
        upcoming != watch,
        "exactly one call to action: {register:?}"
    );
    assert_eq!(
        count(&page, ".doc-eyebrow .status-upcoming") == 1,
        upcoming,
        "the status chip agrees with the call to action"
    );
    let (_, events) = calendar(&out, "webinars/calendar.ics");
    let library = out.page("webinars/");
    Split {
        upcoming_on_page: upcoming,
        has_event_file: out.exists("webinars/boundary/event.ics"),
        in_calendar: events
            .iter()
            .any(|e| e.get_summary() == Some("境界のウェビナー")),
        in_upcoming_library: hrefs(
            &library,
            "section[aria-labelledby=\"webinars-upcoming-heading\"] .card-title a",
        )
        .iter()
        .any(|h| h.ends_with("/webinars/boundary/")),
        starts_display: text_of(&page, ".event-facts time.local-time"),
        facts: text_of(&page, ".event-facts"),
    }
}

#[track_caller]
fn assert_upcoming(s: &Split, upcoming: bool) {
    assert_eq!(s.upcoming_on_page, upcoming, "registration vs recording");
    assert_eq!(
        s.has_event_file, upcoming,
        "event.ics exists only while upcoming"
    );
    assert_eq!(s.in_calendar, upcoming, "the subscribable calendar");
    assert_eq!(s.in_upcoming_library, upcoming, "the /webinars/ library");
}

#[test]
fn webinar_is_upcoming_until_its_end_in_tokyo() {
    // 14:00 + 90 minutes = 15:30 JST = 06:30 UTC; Tokyo has no daylight saving.
    let site = one_webinar_site("Asia/Tokyo", "2026-12-10T14:00:00+09:00", 90);
    let before = split_at(&site, "2026-12-10T15:29:59+09:00");
    assert_upcoming(&before, true);
    assert_eq!(before.starts_display, "2026年12月10日 14:00 (JST)");
    // The zone is said once, not again by its database name.
    assert_eq!(before.facts.matches("(JST)").count(), 1, "{}", before.facts);
    assert!(!before.facts.contains("Asia/Tokyo"), "{}", before.facts);
    // Started but not over: still upcoming, registration still offered.
    assert_upcoming(&split_at(&site, "2026-12-10T14:30:00+09:00"), true);
    assert_upcoming(&split_at(&site, "2026-12-10T06:30:00Z"), false);
}

#[test]
fn webinar_split_is_exact_across_a_daylight_saving_change() {
    // New York leaves daylight saving at 02:00 EDT on 2026-11-01, back to 01:00 EST. A
    // 90-minute webinar starting 00:45 EDT ends at 01:15 EST (06:15 UTC); wall-clock
    // arithmetic would end it an hour early, at 01:15 EDT (05:15 UTC).
    let site = one_webinar_site("America/New_York", "2026-11-01T00:45:00-04:00", 90);
    let just_before = split_at(&site, "2026-11-01T06:14:59Z");
    assert_upcoming(&just_before, true);
    assert_eq!(just_before.starts_display, "2026年11月1日 00:45 (EDT)");
    assert_upcoming(&split_at(&site, "2026-11-01T05:30:00Z"), true);
    assert_upcoming(&split_at(&site, "2026-11-01T06:15:00Z"), false);

    let out = build_at(&site, "2026-10-30T12:00:00Z");
    let (_, events) = calendar(&out, "webinars/boundary/event.ics");
    assert_eq!(utc_of(events[0].get_start()), "2026-11-01T04:45:00+00:00");
    assert_eq!(utc_of(events[0].get_end()), "2026-11-01T06:15:00+00:00");
    let page = out.page("webinars/boundary/");
    assert_eq!(
        attrs(&page, ".event-facts time.local-time", "datetime"),
        vec!["2026-11-01T00:45:00-04:00"]
    );
    let ld = json_ld(&page);
    assert_eq!(ld[0]["endDate"], "2026-11-01T01:15:00-05:00");
}

#[test]
fn webinar_page_offers_registration_recording_or_recording_soon() {
    let (_site, out) = build_features();
    let live = out.page("webinars/tokyo-live/");
    assert_eq!(texts(&live, ".doc-eyebrow .status"), vec!["開催予定"]);
    let cta = hrefs(&live, ".event-cta a");
    assert!(cta[0].starts_with("https://events.example.net/tokyo-live?lang=ja&"));
    assert_eq!(cta[1], "/hub/webinars/tokyo-live/event.ics");
    assert!(
        !cta.iter().any(|h| h.contains("video.example.net")),
        "no recording before the webinar: {cta:?}"
    );
    // Dates in the site language's format, in the site time zone, and machine-readable for
    // the script that shows the viewer's local time.
    assert_eq!(
        text_of(&live, ".event-facts time.local-time"),
        "2026年12月10日 14:00 (JST)"
    );
    assert_eq!(
        attrs(&live, ".event-facts time.local-time", "datetime"),
        vec!["2026-12-10T14:00:00+09:00"]
    );
    let en = out.page("en/webinars/tokyo-live/");
    assert_eq!(
        text_of(&en, ".event-facts time.local-time"),
        "December 10, 2026 14:00 (JST)"
    );

    let recorded = out.page("webinars/recorded/");
    let cta = hrefs(&recorded, ".event-cta a");
    assert_eq!(cta.len(), 1);
    assert!(cta[0].starts_with("https://video.example.net/recorded?"));
    assert!(!out.exists("webinars/recorded/event.ics"));

    let soon = out.page("webinars/no-recording/");
    assert_eq!(count(&soon, ".event-cta a"), 0);
    assert_eq!(
        text_of(&soon, ".event-cta .notice"),
        "録画は現在準備中です。公開まで今しばらくお待ちください。"
    );
    assert_eq!(texts(&soon, ".doc-eyebrow .status").len(), 1);
    assert_eq!(count(&soon, ".status-recording-soon"), 1);
}

#[test]
fn event_calendar_file_follows_rfc5545() {
    let (_site, out) = build_features();
    let bytes = std::fs::read(out.dir.join("webinars/tokyo-live/event.ics")).unwrap();
    assert_rfc5545_lines(&bytes);
    let (text, events) = calendar(&out, "webinars/tokyo-live/event.ics");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        e.get_uid(),
        Some("hub/webinars/tokyo-live@example.com"),
        "the UID is built from the source path, the same in every language"
    );
    // 14:00 JST is 05:00 UTC; 60 minutes later is 06:00 UTC.
    assert_eq!(utc_of(e.get_start()), "2026-12-10T05:00:00+00:00");
    assert_eq!(utc_of(e.get_end()), "2026-12-10T06:00:00+00:00");
    // DTSTAMP comes from `updated` (2026-11-20 in Tokyo), never from the build clock.
    assert_eq!(raw_property(&text, "DTSTAMP"), vec!["20261119T150000Z"]);
    // TEXT escaping: `;` `,` and `\` in the title, newlines in the description.
    assert_eq!(
        raw_property(&text, "SUMMARY"),
        vec!["12月の活用ウェビナー\\; 申請\\, 承認\\\\自動化"]
    );
    assert_eq!(
        e.get_summary().map(|s| s
            .replace("\\;", ";")
            .replace("\\,", ",")
            .replace("\\\\", "\\")),
        Some("12月の活用ウェビナー; 申請, 承認\\自動化".to_string())
    );
    let description = &raw_property(&text, "DESCRIPTION")[0];
    assert!(description.starts_with("申請と承認の自動化を、デモで解説します。\\n\\n"));
    assert!(description.contains("登壇者: 佐藤 美咲 (カスタマーサクセス部 マネージャー)"));
    assert!(description.ends_with(&format!("{BASE}webinars/tokyo-live/")));
    assert_eq!(
        raw_property(&text, "URL"),
        vec![format!("{BASE}webinars/tokyo-live/")]
    );
    // The description is long Japanese text: it must have been folded.
    assert!(text.contains("\r\n "), "long lines are folded");

    // English page: its own file, the same UID.
    let (_, en) = calendar(&out, "en/webinars/tokyo-live/event.ics");
    assert_eq!(en[0].get_summary(), Some("December adoption webinar"));
    assert_eq!(en[0].get_uid(), e.get_uid());
}

#[test]
fn calendar_files_do_not_change_with_the_build_time() {
    let site = TestSite::fixture("features-hub");
    let a = build_at(&site, "2026-12-01T09:00:00+09:00");
    let first = a.read("webinars/tokyo-live/event.ics");
    let first_cal = a.read("webinars/calendar.ics");
    let b = build_at(&site, "2026-12-05T18:30:00+09:00");
    assert_eq!(b.read("webinars/tokyo-live/event.ics"), first);
    assert_eq!(b.read("webinars/calendar.ics"), first_cal);
}

#[test]
fn subscribable_calendar_holds_every_upcoming_webinar_of_the_language() {
    let (_site, out) = build_features();
    let bytes = std::fs::read(out.dir.join("webinars/calendar.ics")).unwrap();
    assert_rfc5545_lines(&bytes);
    let (text, events) = calendar(&out, "webinars/calendar.ics");
    let uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids, vec!["hub/webinars/tokyo-live@example.com"]);
    assert!(raw_property(&text, "REFRESH-INTERVAL;VALUE=DURATION") == vec!["PT6H"]);
    assert_eq!(
        raw_property(&text, "X-WR-CALNAME"),
        vec!["機能テストハブ ウェビナー"]
    );

    let (_, en) = calendar(&out, "en/webinars/calendar.ics");
    assert_eq!(en.len(), 1);
    assert_eq!(en[0].get_summary(), Some("December adoption webinar"));

    // The library and webinar pages link to it, for download and for subscription.
    let library = out.page("webinars/");
    let links = hrefs(&library, ".calendar-links a");
    assert!(links.contains(&"webcal://example.com/hub/webinars/calendar.ics".to_string()));
    assert!(links.contains(&"/hub/webinars/calendar.ics".to_string()));
    let en_library = out.page("en/webinars/");
    assert!(
        hrefs(&en_library, ".calendar-links a")
            .contains(&"/hub/en/webinars/calendar.ics".to_string())
    );
}

#[test]
fn webinar_library_lists_upcoming_then_on_demand() {
    let (_site, out) = build_features();
    let page = out.page("webinars/");
    let upcoming = hrefs(
        &page,
        "section[aria-labelledby=\"webinars-upcoming-heading\"] .card-title a",
    );
    let on_demand = hrefs(
        &page,
        "section[aria-labelledby=\"webinars-on-demand-heading\"] .card-title a",
    );
    assert_eq!(upcoming, vec!["/hub/webinars/tokyo-live/"]);
    // Most recent first.
    assert_eq!(
        on_demand,
        vec!["/hub/webinars/no-recording/", "/hub/webinars/recorded/"]
    );
}

#[test]
fn webinar_pages_carry_event_json_ld() {
    let (_site, out) = build_features();
    let ld = json_ld(&out.page("webinars/tokyo-live/"));
    assert_eq!(ld.len(), 1);
    let e = &ld[0];
    assert_eq!(e["@context"], "https://schema.org");
    assert_eq!(e["@type"], "Event");
    assert_eq!(e["name"], "12月の活用ウェビナー; 申請, 承認\\自動化");
    assert_eq!(e["startDate"], "2026-12-10T14:00:00+09:00");
    assert_eq!(e["endDate"], "2026-12-10T15:00:00+09:00");
    assert_eq!(
        e["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(e["location"]["@type"], "VirtualLocation");
    assert_eq!(e["performer"][0]["name"], "佐藤 美咲");
    assert_eq!(e["organizer"]["name"], "テスト株式会社");
    assert_eq!(e["url"], format!("{BASE}webinars/tokyo-live/"));
    assert_eq!(
        e["offers"]["url"],
        "https://events.example.net/tokyo-live?lang=ja"
    );

    let past = &json_ld(&out.page("webinars/recorded/"))[0];
    assert_eq!(past["@type"], "Event");
    assert_eq!(
        past["recordedIn"]["url"],
        "https://video.example.net/recorded"
    );
    assert!(past.get("offers").is_none());
}

// ---------------------------------------------------------------- case studies

#[test]
fn case_study_shows_results_quote_customer_and_segments() {
    let (_site, out) = build_features();
    let page = out.page("case-studies/factory/");
    assert_eq!(
        texts(&page, ".result-metric"),
        vec!["承認日数", "稼働までの日数"]
    );
    assert_eq!(texts(&page, ".result-before .result-num"), vec!["6日"]);
    assert_eq!(texts(&page, ".result-after .result-num"), vec!["2日"]);
    assert_eq!(texts(&page, ".result-value"), vec!["28日"]);
    assert_eq!(
        text_of(&page, ".pull-quote blockquote p"),
        "最初に目的を決め切れたことが大きかった。"
    );
    assert_eq!(text_of(&page, ".quote-author"), "森田 裕介");
    assert_eq!(
        text_of(&page, ".customer-name strong"),
        "株式会社テスト製作所"
    );
    let segments = texts(&page, ".customer-segments dt");
    assert_eq!(segments, vec!["業種", "企業規模", "製品"]);
    let segment_links = hrefs(&page, ".customer-segments a");
    for href in &segment_links {
        let file = out.file_of_url(href).unwrap();
        assert!(file.exists(), "{href} leads nowhere");
    }
    assert!(segment_links.contains(&"/hub/company_size/enterprise/".to_string()));
}

#[test]
fn case_study_library_filters_through_term_pages_and_data_attributes() {
    let (_site, out) = build_features();
    let page = out.page("case-studies/");
    let items: Vec<_> = page.select(&sel(".library-item")).collect();
    let titles: Vec<String> = items
        .iter()
        .map(|i| {
            i.select(&sel(".card-title a"))
                .next()
                .unwrap()
                .text()
                .collect()
        })
        .collect();
    // Newest first.
    assert_eq!(
        titles,
        vec![
            "店舗の報告をスマートフォンで",
            "工場の申請を30日でワークフロー化"
        ]
    );
    // Each card carries its terms for the in-place filter.
    let factory = items[1].value();
    assert_eq!(factory.attr("data-facet-industry"), Some("製造業"));
    assert_eq!(factory.attr("data-facet-company_size"), Some("enterprise"));
    assert_eq!(
        factory.attr("data-facet-product"),
        Some("acme-flow acme-connect")
    );
    // Without JavaScript the filters are links to taxonomy term pages, which exist and list
    // the matching case study.
    let facets = attrs(&page, "[data-facet]", "data-facet");
    assert_eq!(facets, vec!["industry", "company_size", "product"]);
    for facet in ["industry", "company_size", "product"] {
        let terms = attrs(
            &page,
            &format!("[data-facet=\"{facet}\"] a[data-facet-term]"),
            "data-facet-term",
        );
        let links = hrefs(
            &page,
            &format!("[data-facet=\"{facet}\"] a[data-facet-term]"),
        );
        assert!(!terms.is_empty());
        for (term, href) in terms.iter().zip(&links) {
            let file = out.file_of_url(href).unwrap();
            assert!(file.exists(), "{href} leads nowhere");
            // The card carrying the term appears on the term page.
            let carrying: Vec<String> = items
                .iter()
                .filter(|i| {
                    i.value()
                        .attr(&format!("data-facet-{facet}"))
                        .unwrap_or("")
                        .split(' ')
                        .any(|t| t == term)
                })
                .map(|i| {
                    i.select(&sel(".card-title a"))
                        .next()
                        .unwrap()
                        .value()
                        .attr("href")
                        .unwrap()
                        .to_string()
                })
                .collect();
            assert!(!carrying.is_empty(), "{facet}={term} matches no card");
            let term_page = Html::parse_document(&std::fs::read_to_string(file).unwrap());
            let listed = hrefs(&term_page, ".card-title a");
            for c in carrying {
                assert!(listed.contains(&c), "{href} does not list {c}");
            }
        }
    }
    // Counts are of case studies only (the kickoff playbook is enterprise too).
    assert_eq!(
        texts(
            &page,
            "[data-facet=\"company_size\"] a[data-facet-term=\"enterprise\"] .term-count"
        ),
        vec!["1"]
    );
    // The in-place controls are for JavaScript only.
    assert_eq!(count(&page, "[data-library-clear]"), 1);
    assert!(
        page.select(&sel("p.js-only[hidden]"))
            .any(|p| p.select(&sel("[data-library-clear]")).next().is_some())
    );
}

#[test]
fn case_studies_carry_article_json_ld() {
    let (_site, out) = build_features();
    let page = out.page("case-studies/factory/");
    let raw: String = page
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        !raw.contains('<'),
        "markup-like text is escaped in the script"
    );
    let a = &json_ld(&page)[0];
    assert_eq!(a["@type"], "Article");
    assert_eq!(a["headline"], "工場の申請を30日でワークフロー化");
    assert_eq!(
        a["description"],
        "紙の申請をなくし、承認を <2倍> 速くしました。"
    );
    assert_eq!(a["datePublished"], "2026-03-15T00:00:00+09:00");
    assert_eq!(a["dateModified"], "2026-09-30T00:00:00+09:00");
    assert_eq!(a["about"]["name"], "株式会社テスト製作所");
    assert_eq!(a["publisher"]["name"], "テスト株式会社");
    assert_eq!(
        a["mainEntityOfPage"]["@id"],
        format!("{BASE}case-studies/factory/")
    );
    assert_eq!(a["inLanguage"], "ja");
    assert_eq!(a["image"][0], format!("{BASE}assets/social/case_study.png"));
}

// ---------------------------------------------------------------- playbooks

#[test]
fn playbook_has_a_checklist_and_its_facts() {
    let (_site, out) = build_features();
    let page = out.page("playbooks/kickoff/");
    assert_eq!(
        attrs(&page, "ol.checklist", "data-checklist"),
        vec!["/hub/playbooks/kickoff/"]
    );
    assert_eq!(
        attrs(&page, "ol.checklist input[type=checkbox]", "data-step"),
        vec!["1", "2", "3"]
    );
    let facts: Vec<(String, String)> = page
        .select(&sel(".facts dl > div"))
        .map(|d| {
            let dt: String = d.select(&sel("dt")).next().unwrap().text().collect();
            let dd: Vec<String> = d
                .select(&sel("dd"))
                .next()
                .unwrap()
                .text()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            (dt, dd.join(" "))
        })
        .collect();
    assert_eq!(
        facts,
        vec![
            ("支援モデル".to_string(), "ハイタッチ".to_string()),
            ("対象者".to_string(), "管理者 社内推進者".to_string()),
            ("所要期間".to_string(), "2週間".to_string()),
            ("担当チーム".to_string(), "カスタマーサクセス部".to_string()),
            ("手順".to_string(), "3 ステップ".to_string()),
        ]
    );
}

#[test]
fn stage_page_shows_checklist_progress_from_its_playbooks() {
    let (_site, out) = build_features();
    let stage = out.page("stages/onboarding/");
    let section = stage
        .select(&sel("[data-stage-progress]"))
        .next()
        .expect("the playbooks section collects progress");
    let cards: Vec<(String, String)> = section
        .select(&sel("[data-progress-url]"))
        .map(|c| {
            (
                c.value().attr("data-progress-url").unwrap().to_string(),
                c.value().attr("data-progress-steps").unwrap().to_string(),
            )
        })
        .collect();
    assert!(cards.contains(&("/hub/playbooks/kickoff/".into(), "3".into())));
    assert!(cards.contains(&("/hub/playbooks/everyone/".into(), "2".into())));
    // Progress is empty until the script reads the reader's ticks.
    assert!(
        stage
            .select(&sel("[data-stage-progress-output]"))
            .all(|o| o.value().attr("hidden").is_some())
    );
}

#[test]
fn playbooks_carry_howto_json_ld() {
    let (_site, out) = build_features();
    let h = &json_ld(&out.page("playbooks/kickoff/"))[0];
    assert_eq!(h["@type"], "HowTo");
    assert_eq!(h["name"], "キックオフの進め方");
    assert_eq!(h["description"], "最初の会議で目的と役割をそろえます。");
    assert_eq!(h["totalTime"], "P2W");
    let steps: Vec<(u64, &str)> = h["step"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["@type"], "HowToStep");
            (s["position"].as_u64().unwrap(), s["text"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            (1, "参加者を決める"),
            (2, "目的を話し合う"),
            (3, "次回の日程を決める")
        ]
    );
    let en = &json_ld(&out.page("en/playbooks/kickoff/"))[0];
    assert_eq!(en["inLanguage"], "en");
    assert_eq!(en["totalTime"], "P2W");
    assert_eq!(en["step"].as_array().unwrap().len(), 2);
}

#[test]
fn playbook_library_groups_playbooks_by_stage() {
    let (_site, out) = build_features();
    let page = out.page("playbooks/");
    let groups = attrs(&page, "section[data-stage-progress] h2", "id");
    assert_eq!(groups, vec!["stage-onboarding"]);
    let listed = hrefs(&page, "section[data-stage-progress] .card-title a");
    assert!(listed.contains(&"/hub/playbooks/kickoff/".to_string()));
    assert!(listed.contains(&"/hub/playbooks/undated/".to_string()));
}

// ---------------------------------------------------------------- journey progress

#[test]
fn home_journey_map_knows_each_stage_checklists() {
    let (_site, out) = build_features();
    let home = out.page("");
    let stages: Vec<_> = home.select(&sel(".journey-map > .journey-stage")).collect();
    assert_eq!(stages.len(), 2);
    let onboarding = stages[0].value().attr("data-journey-progress").unwrap();
    let list: Vec<Value> = serde_json::from_str(onboarding).unwrap();
    let mut got: Vec<(String, u64)> = list
        .iter()
        .map(|c| {
            (
                c["url"].as_str().unwrap().to_string(),
                c["steps"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("/hub/playbooks/everyone/".to_string(), 2),
            ("/hub/playbooks/kickoff/".to_string(), 3),
            ("/hub/playbooks/smb-start/".to_string(), 1),
        ]
    );
    // Each URL is the checklist key on the playbook's page, and the step count matches it.
    for (url, steps) in &got {
        let file = out.file_of_url(url).unwrap();
        let page = Html::parse_document(&std::fs::read_to_string(file).unwrap());
        assert_eq!(
            attrs(&page, "ol.checklist", "data-checklist"),
            vec![url.clone()]
        );
        assert_eq!(
            count(&page, "ol.checklist input[type=checkbox]") as u64,
            *steps
        );
    }
    // Without JavaScript: a plain count, and no progress bar claiming anything.
    let static_text = stages[0]
        .select(&sel(".journey-checklists"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert_eq!(static_text, "チェックリスト 3 件（全 6 ステップ）");
    assert!(
        stages[0]
            .select(&sel("[data-journey-progress-output]"))
            .all(|o| o.value().attr("hidden").is_some())
    );
    // A stage without playbooks has nothing to track.
    assert!(stages[1].value().attr("data-journey-progress").is_none());
}

// ---------------------------------------------------------------- feeds

#[test]
fn feeds_parse_and_hold_the_latest_entries_with_full_content() {
    let (_site, out) = build_features();
    for rel in ["feeds/atom.xml", "feeds/feed.json"] {
        let f = feed(&out, rel);
        // feeds.entries is 3: the three newest dated documents of the whole hub.
        assert_eq!(
            entry_titles(&f),
            vec![
                "12月の活用ウェビナー; 申請, 承認\\自動化",
                "11月の活用ウェビナー",
                "10月の活用ウェビナー"
            ],
            "{rel}"
        );
    }
    let stage = feed(&out, "stages/onboarding/atom.xml");
    assert_eq!(
        entry_titles(&stage),
        vec![
            "小規模チームの始め方",
            "全社向けの初期設定",
            "キックオフの進め方"
        ],
        "newest first, at most 3; undated documents are left out"
    );
    let kickoff = &stage.entries[2];
    assert_eq!(
        kickoff.id,
        "tag:example.com,2026-04-01:hub/ja/playbooks/kickoff.md"
    );
    assert_eq!(
        kickoff.published.unwrap().to_rfc3339(),
        "2026-03-31T15:00:00+00:00",
        "published is `date` (midnight in Tokyo)"
    );
    assert_eq!(
        kickoff.updated.unwrap().to_rfc3339(),
        "2026-09-30T15:00:00+00:00"
    );
    assert_eq!(kickoff.links[0].href, format!("{BASE}playbooks/kickoff/"));
    let content = kickoff.content.as_ref().unwrap().body.as_deref().unwrap();
    // Full content with absolute addresses: links, images and in-page anchors.
    assert!(content.contains("参加者を決める"));
    assert!(content.contains(&format!("src=\"{BASE}playbooks/images/flow.svg\"")));
    assert!(content.contains(&format!("href=\"{BASE}case-studies/factory/\"")));
    assert!(content.contains(&format!("href=\"{BASE}playbooks/kickoff/#")));
    assert!(
        !content.contains("href=\"/"),
        "no root-relative link left: {content}"
    );
    assert!(!content.contains("src=\"/"));
    // The feed's own metadata.
    assert_eq!(
        stage.title.as_ref().unwrap().content,
        "機能テストハブ: オンボーディング"
    );
    assert!(
        stage
            .links
            .iter()
            .any(|l| l.href == format!("{BASE}stages/onboarding/"))
    );

    let json = feed(&out, "stages/onboarding/feed.json");
    assert_eq!(json.entries[2].id, kickoff.id);
    assert_eq!(json.entries[2].published, kickoff.published);
    // The JSON Feed parses as plain JSON with the 1.1 fields.
    let raw: Value = serde_json::from_str(&out.read("stages/onboarding/feed.json")).unwrap();
    assert_eq!(raw["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(
        raw["feed_url"],
        format!("{BASE}stages/onboarding/feed.json")
    );
    assert!(
        raw["items"][2]["content_html"]
            .as_str()
            .unwrap()
            .contains("参加者を決める")
    );
}

#[test]
fn feed_ids_and_publication_dates_survive_an_edit() {
    let site = TestSite::fixture("features-hub");
    let before = build_at(&site, NOW);
    let old = feed(&before, "stages/onboarding/atom.xml");
    let old_json = feed(&before, "stages/onboarding/feed.json");
    let path = site.root.join("content/playbooks/kickoff.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("updated: 2026-10-01", "updated: 2026-11-25")
        .replace("3. 次回の日程を決める", "3. 次回の日程と議題を決める")
        .replace(
            "title: キックオフの進め方",
            "title: キックオフの進め方（改訂版）",
        );
    std::fs::write(&path, text).unwrap();
    let after = build_at(&site, NOW);
    let new = feed(&after, "stages/onboarding/atom.xml");
    let new_json = feed(&after, "stages/onboarding/feed.json");
    let find = |f: &Feed, prefix: &str| {
        f.entries
            .iter()
            .find(|e| {
                e.title
                    .as_ref()
                    .is_some_and(|t| t.content.starts_with(prefix))
            })
            .cloned()
            .unwrap()
    };
    for (a, b) in [(&old, &new), (&old_json, &new_json)] {
        let (x, y) = (find(a, "キックオフ"), find(b, "キックオフ"));
        assert_eq!(x.id, y.id, "the id never changes");
        assert_eq!(
            x.published, y.published,
            "an edit keeps the publication date"
        );
        assert_ne!(x.updated, y.updated, "the edit shows as an update");
        let body = y.content.unwrap().body.unwrap();
        assert!(body.contains("次回の日程と議題を決める"));
        // The other entries are untouched.
        let ids = |f: &Feed| f.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(a), ids(b));
    }
}

#[test]
fn segment_feeds_hold_the_segment_and_the_documents_for_everyone() {
    let (_site, out) = build_features();
    let smb = feed(&out, "stages/onboarding/company_size/smb/atom.xml");
    assert_eq!(
        entry_titles(&smb),
        vec!["小規模チームの始め方", "全社向けの初期設定"],
        "smb content, and content that names no company size"
    );
    let enterprise = feed(&out, "stages/onboarding/company_size/enterprise/feed.json");
    assert_eq!(
        entry_titles(&enterprise),
        vec![
            "全社向けの初期設定",
            "キックオフの進め方",
            "工場の申請を30日でワークフロー化"
        ]
    );
    assert_eq!(
        enterprise.title.as_ref().unwrap().content,
        "機能テストハブ: オンボーディング × enterprise"
    );
    // A segment with nothing yet is still a valid, empty feed to subscribe to.
    let empty = feed(&out, "stages/adoption/company_size/enterprise/atom.xml");
    assert_eq!(
        entry_titles(&empty),
        vec![
            "12月の活用ウェビナー; 申請, 承認\\自動化",
            "11月の活用ウェビナー",
            "10月の活用ウェビナー"
        ]
    );
    // Per language: the English feed has the English translation.
    let en = feed(&out, "en/stages/onboarding/atom.xml");
    assert!(entry_titles(&en).contains(&"Running the kickoff".to_string()));
    assert!(
        en.entries
            .iter()
            .any(|e| e.id == "tag:example.com,2026-04-01:hub/en/playbooks/kickoff.md")
    );
    let en_json: Value = serde_json::from_str(&out.read("en/feeds/feed.json")).unwrap();
    assert_eq!(en_json["language"], "en");
}

#[test]
fn feeds_are_linked_from_page_heads() {
    let (_site, out) = build_features();
    let links = |page: &Html| -> Vec<(String, String)> {
        page.select(&sel("link[rel=alternate][type]"))
            .map(|l| {
                (
                    l.value().attr("type").unwrap().to_string(),
                    l.value().attr("href").unwrap().to_string(),
                )
            })
            .collect()
    };
    let site_feeds = vec![
        (
            "application/atom+xml".to_string(),
            format!("{BASE}feeds/atom.xml"),
        ),
        (
            "application/feed+json".to_string(),
            format!("{BASE}feeds/feed.json"),
        ),
    ];
    assert_eq!(links(&out.page("")), site_feeds);
    assert_eq!(links(&out.page("case-studies/")), site_feeds);
    let mut stage_feeds = site_feeds.clone();
    stage_feeds.push((
        "application/atom+xml".into(),
        format!("{BASE}stages/onboarding/atom.xml"),
    ));
    stage_feeds.push((
        "application/feed+json".into(),
        format!("{BASE}stages/onboarding/feed.json"),
    ));
    assert_eq!(links(&out.page("stages/onboarding/")), stage_feeds);
    assert_eq!(links(&out.page("playbooks/kickoff/")), stage_feeds);
    // Every linked feed exists.
    for (_, href) in links(&out.page("playbooks/kickoff/")) {
        let rel = href.strip_prefix(BASE).unwrap();
        assert!(out.exists(rel), "{href} is not built");
    }
    let en = links(&out.page("en/"));
    assert_eq!(en[0].1, format!("{BASE}en/feeds/atom.xml"));
}

#[test]
fn feeds_and_calendars_are_byte_identical_across_builds() {
    let site = TestSite::fixture("features-hub");
    let a = build_at(&site, NOW);
    let first = snapshot(&a.dir);
    let b = build_at(&site, NOW);
    let second = snapshot(&b.dir);
    let pick = |s: &std::collections::BTreeMap<String, Vec<u8>>| {
        s.iter()
            .filter(|(k, _)| k.ends_with(".xml") || k.ends_with(".json") || k.ends_with(".ics"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert!(pick(&first).len() > 10);
    assert_same_files(&pick(&first), &pick(&second), "a second build");
}

// ---------------------------------------------------------------- social and SEO

#[test]
fn pages_carry_open_graph_twitter_and_canonical_tags() {
    let (_site, out) = build_features();
    let page = out.page("playbooks/kickoff/");
    let canonical = attrs(&page, "link[rel=canonical]", "href");
    assert_eq!(canonical, vec![format!("{BASE}playbooks/kickoff/")]);
    assert_eq!(
        meta(&page, "name", "description").as_deref(),
        Some("最初の会議で目的と役割をそろえます。")
    );
    assert_eq!(
        meta(&page, "property", "og:url"),
        Some(canonical[0].clone())
    );
    assert_eq!(
        meta(&page, "property", "og:type").as_deref(),
        Some("article")
    );
    assert_eq!(
        meta(&page, "property", "og:title").as_deref(),
        Some("キックオフの進め方")
    );
    assert_eq!(
        meta(&page, "property", "og:description"),
        meta(&page, "name", "description")
    );
    assert_eq!(
        meta(&page, "property", "og:locale").as_deref(),
        Some("ja_JP")
    );
    assert_eq!(
        meta(&page, "property", "og:locale:alternate").as_deref(),
        Some("en_US")
    );
    assert_eq!(
        meta(&page, "property", "article:published_time").as_deref(),
        Some("2026-04-01T00:00:00+09:00")
    );
    assert_eq!(
        meta(&page, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );

    // A default image per kind, absolute, published, and a real PNG of the declared size.
    for (path, kind) in [
        ("playbooks/kickoff/", "playbook"),
        ("case-studies/factory/", "case_study"),
        ("webinars/tokyo-live/", "webinar"),
        ("stages/onboarding/", "stage"),
        ("", "default"),
        ("referral/", "default"),
    ] {
        let page = out.page(path);
        let image = meta(&page, "property", "og:image").unwrap();
        assert_eq!(image, format!("{BASE}assets/social/{kind}.png"), "{path}");
        assert_eq!(meta(&page, "name", "twitter:image"), Some(image.clone()));
        let bytes = std::fs::read(out.dir.join(format!("assets/social/{kind}.png"))).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (1200, 630));
        assert_eq!(
            meta(&page, "property", "og:image:width").as_deref(),
            Some("1200")
        );
        assert!(bytes.len() < 60 * 1024);
    }
    // The library pages take their kind's image.
    assert_eq!(
        meta(&out.page("case-studies/"), "property", "og:image"),
        Some(format!("{BASE}assets/social/case_study.png"))
    );
    assert_eq!(
        meta(&out.page("en/"), "property", "og:locale").as_deref(),
        Some("en_US")
    );
}

#[test]
fn a_document_can_bring_its_own_share_image() {
    let site = TestSite::fixture("features-hub");
    let path = site.root.join("content/playbooks/kickoff.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "owner: カスタマーサクセス部\n",
        "owner: カスタマーサクセス部\nextra:\n  image: images/flow.svg\n",
    );
    std::fs::write(&path, text).unwrap();
    site.write(
        "content/playbooks/smb-start.md",
        &std::fs::read_to_string(site.root.join("content/playbooks/smb-start.md"))
            .unwrap()
            .replace(
                "company_size: smb\n",
                "company_size: smb\nextra:\n  image: images/missing.png\n",
            ),
    );
    let out = build_at(&site, NOW);
    let page = out.page("playbooks/kickoff/");
    assert_eq!(
        meta(&page, "property", "og:image"),
        Some(format!("{BASE}playbooks/images/flow.svg"))
    );
    assert_eq!(meta(&page, "property", "og:image:width"), None);
    // A missing image falls back to the default rather than a broken card.
    assert_eq!(
        meta(&out.page("playbooks/smb-start/"), "property", "og:image"),
        Some(format!("{BASE}assets/social/playbook.png"))
    );
}

#[test]
fn header_has_a_search_form() {
    let (_site, out) = build_features();
    for path in ["", "en/", "playbooks/kickoff/"] {
        let page = out.page(path);
        let form = page
            .select(&sel("form[role=search]"))
            .next()
            .expect("a search form");
        assert_eq!(form.value().attr("method"), Some("get"));
        let action = form.value().attr("action").unwrap();
        let expected = if path.starts_with("en/") {
            "/hub/en/search/"
        } else {
            "/hub/search/"
        };
        assert_eq!(action, expected);
        let input = form
            .select(&sel("input[type=search][name=q]"))
            .next()
            .unwrap();
        let id = input.value().attr("id").unwrap();
        assert_eq!(count(&page, &format!("label[for=\"{id}\"]")), 1);
    }
}

// ---------------------------------------------------------------- attribution

#[test]
fn outbound_calls_to_action_carry_utm_parameters_and_internal_links_never() {
    let (_site, out) = build_features();
    let live = out.page("webinars/tokyo-live/");
    let register = hrefs(&live, ".event-cta a.button.primary")[0].clone();
    assert_eq!(
        query_params(&register),
        vec![
            ("lang".to_string(), "ja".to_string()),
            ("utm_source".into(), "customer-hub".into()),
            ("utm_medium".into(), "referral".into()),
            ("utm_campaign".into(), "adoption".into()),
        ]
    );
    let recorded = hrefs(&out.page("webinars/recorded/"), ".event-cta a")[0].clone();
    assert_eq!(
        param(&recorded, "utm_campaign").as_deref(),
        Some("adoption")
    );

    // The referral programme: its outbound form gets UTM, links into the hub do not.
    let referral = out.page("referral/");
    let body_links = hrefs(&referral, ".prose a");
    let form = body_links
        .iter()
        .find(|h| h.starts_with("https://acme.example.net/referral"))
        .unwrap();
    assert_eq!(param(form, "utm_source").as_deref(), Some("customer-hub"));
    assert_eq!(param(form, "utm_campaign").as_deref(), Some("adoption"));
    for h in body_links
        .iter()
        .filter(|h| !h.contains("acme.example.net"))
    {
        assert!(!h.contains("utm_"), "internal link tagged: {h}");
    }
    // Campaign per stage: the onboarding playbook's outbound link.
    let kickoff = hrefs(&out.page("playbooks/kickoff/"), ".prose a");
    let outbound = kickoff
        .iter()
        .find(|h| h.starts_with("https://forms.example.net/"))
        .unwrap();
    assert_eq!(param(outbound, "ref").as_deref(), Some("hub"));
    assert_eq!(
        param(outbound, "utm_campaign").as_deref(),
        Some("onboarding")
    );
    // Navigation, cards and the calendar link are internal: never tagged.
    for (path, page) in out.html_pages() {
        for h in hrefs(&page, "a[href]") {
            if h.starts_with('/') || h.starts_with(BASE) || h.starts_with("webcal:") {
                assert!(!h.contains("utm_"), "{path}: internal link tagged: {h}");
            }
        }
    }
    // The calendar's registration link is a call to action too.
    let (text, _) = calendar(&out, "webinars/tokyo-live/event.ics");
    assert!(raw_property(&text, "LOCATION")[0].contains("utm_campaign=adoption"));
}

#[test]
fn without_utm_in_site_config_no_link_is_tagged() {
    let site = TestSite::fixture("features-hub");
    let config = site.root.join("site-config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let start = text.find("utm:").unwrap();
    let end = text.find("extra:").unwrap();
    std::fs::write(&config, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let out = build_at(&site, NOW);
    let register = hrefs(
        &out.page("webinars/tokyo-live/"),
        ".event-cta a.button.primary",
    );
    assert_eq!(
        register,
        vec!["https://events.example.net/tokyo-live?lang=ja"]
    );
    for (path, page) in out.html_pages() {
        for h in hrefs(&page, "a[href]") {
            assert!(!h.contains("utm_"), "{path}: {h}");
        }
    }
    for rel in ["feeds/atom.xml", "webinars/calendar.ics"] {
        assert!(!out.read(rel).contains("utm_"), "{rel}");
    }
}
