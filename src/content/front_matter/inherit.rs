//! What a translation inherits: every front-matter key of its original (the file of the
//! same name in the default language) that is not text in the reader's language and that
//! the translation leaves out. `kickoff.en.md` then needs only its title, summary and body;
//! its stages, dates, terms and a webinar's time and links are those of `kickoff.md`.

use super::accepted_keys;
use crate::config::SiteConfig;
use crate::content::model::{Document, Kind, KindMeta};

/// Keys that are text a reader reads (or that belong to the file itself: its address, its
/// review date, whether it is a draft), which a translation writes in its own language or
/// for itself. Every other key is inherited.
pub const OWN_KEYS: &[&str] = &[
    // Read as text.
    "title", "summary", "goal", "kpis", "duration", "customer", "results", "quote", "speakers",
    "location", "owner", "extra", "cta", // The translation's own.
    "slug", "aliases", "updated", "draft",
    // A file in the reader's language, with a title in it.
    "download",
];

/// The keys a document of `kind` inherits from its original, in the order the manual lists
/// them: its kind's keys that are not its own, and the site's taxonomies.
pub fn inherited_keys(kind: Kind, config: &SiteConfig) -> Vec<&str> {
    let mut keys: Vec<&str> = accepted_keys(kind)
        .into_iter()
        .filter(|k| !OWN_KEYS.contains(k))
        .collect();
    if !matches!(kind, Kind::Stage | Kind::Home) {
        for t in &config.taxonomies {
            if !keys.contains(&t.as_str()) {
                keys.push(t);
            }
        }
    }
    keys
}

/// A key's value in a document, as the document uses it, in a form two documents can be
/// compared by and a message can quote: `None` when the document does not set it.
pub fn value_of(doc: &Document, key: &str, config: &SiteConfig) -> Option<String> {
    let common = &doc.common;
    let joined = |items: &[String]| (!items.is_empty()).then(|| items.join(", "));
    let tz = config.timezone.clone();
    let instant = |ts: jiff::Timestamp| {
        ts.to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    };
    let date = |d: &crate::content::model::DocDate| {
        let midnight = d.day.to_zoned(tz.clone()).ok().map(|z| z.timestamp());
        if midnight == Some(d.instant) {
            d.day.to_string()
        } else {
            instant(d.instant)
        }
    };
    match (key, &doc.meta) {
        ("stage", _) => joined(&common.stages),
        ("date", _) => common.date.as_ref().map(date),
        ("weight", _) => common.weight.map(|w| w.to_string()),
        ("featured", _) => Some(common.featured.to_string()),
        ("search", _) => Some(common.search.to_string()),
        ("related", _) => {
            let paths: Vec<String> = common.related.iter().map(|r| r.value.clone()).collect();
            joined(&paths)
        }
        ("order", KindMeta::Stage(s)) => Some(s.order.to_string()),
        ("next", KindMeta::Stage(s)) => s.next.as_ref().map(|n| n.value.clone()),
        ("color", KindMeta::Stage(s)) => s.color.clone(),
        ("touch", _) => {
            let names: Vec<String> = common.touch.iter().map(|t| t.name().to_string()).collect();
            joined(&names)
        }
        ("audience", KindMeta::Playbook(p)) => joined(&p.audience),
        ("logo", KindMeta::CaseStudy(c)) => c.logo.as_ref().map(|l| l.value.clone()),
        ("starts_at", KindMeta::Webinar(w)) => Some(instant(w.starts_at)),
        ("duration_minutes", KindMeta::Webinar(w)) => Some(w.duration_minutes.to_string()),
        ("registration_url", KindMeta::Webinar(w)) => w.registration_url.clone(),
        ("recording_url", KindMeta::Webinar(w)) => w.recording_url.clone(),
        ("online", KindMeta::Webinar(w)) => Some(w.online.to_string()),
        (taxonomy, _) => common.terms.get(taxonomy).and_then(|t| joined(t)),
    }
}
