//! Events held in person: a webinar with a `location` shows its venue and a map link, tells
//! search engines the place (schema.org `Place`, offline or mixed attendance), and gives
//! calendars the venue as the event's location. Online webinars stay as they were.

mod common;

use common::TestSite;
use scraper::{Html, Selector};
use serde_json::{Value, json};

fn structured_data(page: &Html) -> Value {
    let script = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let text: String = page
        .select(&script)
        .next()
        .expect("structured data")
        .text()
        .collect();
    serde_json::from_str(&text).expect("structured data is JSON")
}

fn select_one(page: &Html, css: &str) -> Option<String> {
    let s = Selector::parse(css).unwrap();
    page.select(&s).next().map(|e| e.html())
}

#[test]
fn the_sample_meetup_is_held_at_a_venue_and_online() {
    let site = TestSite::sample();
    let out = site.build();
    let page = out.page("webinars/advocacy-champion-meetup-winter/");
    let venue = select_one(&page, "dd.venue").expect("the venue is shown");
    assert!(
        venue.contains("Acme 大手町オフィス 20F イベントスペース"),
        "{venue}"
    );
    assert!(venue.contains("東京都千代田区大手町9-9-9"), "{venue}");
    assert!(
        venue.contains("href=\"https://www.openstreetmap.org/search?query=%E6%9D%B1%E4%BA%AC"),
        "a map search for the address: {venue}"
    );
    assert!(venue.contains("オンラインでも参加できます。"), "{venue}");

    let data = structured_data(&page);
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(data["location"][0]["@type"], "Place");
    assert_eq!(
        data["location"][0]["address"],
        "東京都千代田区大手町9-9-9 Acme大手町ビル 20F"
    );
    assert_eq!(data["location"][1]["@type"], "VirtualLocation");

    let ics = out.read("webinars/advocacy-champion-meetup-winter/event.ics");
    // RFC 5545 folds long lines: unfold before reading the property.
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains(
            "\r\nLOCATION:Acme 大手町オフィス 20F イベントスペース\\, 東京都千代田区大手町9-9-9 Acme大手町ビル 20F\r\n"
        ),
        "{unfolded}"
    );
}

#[test]
fn an_event_only_in_person_is_offline_and_shows_the_venues_time() {
    let site = TestSite::fixture("check-base");
    site.write(
        "content/webinars/roundtable.md",
        "---\ntitle: 円卓会議\nstage: onboarding\ndate: 2026-11-01\nstarts_at: 2026-12-15T15:00:00+09:00\nduration_minutes: 90\nregistration_url: https://events.example.com/roundtable\nlocation: {name: 大阪会場, map_url: \"https://maps.example.com/osaka\"}\n---\n少人数で話し合います。\n",
    );
    let out = site.build();

    let page = out.page("webinars/roundtable/");
    let venue = select_one(&page, "dd.venue").expect("the venue is shown");
    assert!(
        venue.contains("href=\"https://maps.example.com/osaka\""),
        "{venue}"
    );
    assert!(!venue.contains("オンライン"), "{venue}");
    // Readers elsewhere are not shown their own time: they come to the venue.
    assert!(select_one(&page, ".event-facts time.local-time").is_none());
    let data = structured_data(&page);
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(
        data["location"],
        json!({"@type": "Place", "name": "大阪会場", "hasMap": "https://maps.example.com/osaka"})
    );

    // The online webinar of the same site keeps its virtual location and the reader's time.
    let online = out.page("webinars/intro/");
    assert!(select_one(&online, "dd.venue").is_none());
    assert!(select_one(&online, ".event-facts time.local-time").is_some());
    let data = structured_data(&online);
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(data["location"]["@type"], "VirtualLocation");
}

#[test]
fn a_map_url_that_is_no_web_address_is_an_error() {
    let site = TestSite::fixture("check-base");
    site.write(
        "content/webinars/roundtable.md",
        "---\ntitle: 円卓会議\nstage: onboarding\nstarts_at: 2026-12-15T15:00:00+09:00\nduration_minutes: 90\nlocation: {name: 大阪会場, map_url: maps/osaka}\n---\n",
    );
    let errors = site.build_err();
    let found: Vec<(&str, &str, usize)> = errors
        .errors()
        .map(|d| (d.code, d.file.as_str(), d.line))
        .collect();
    assert_eq!(
        found,
        [("invalid-value", "content/webinars/roundtable.md", 6)]
    );
}
