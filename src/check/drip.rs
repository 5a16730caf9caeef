//! Warnings about the drip sequences the build writes (`crate::drip`): a track that leaves
//! customers without email for too long, the same email sent twice in one track, and a step
//! whose page the published hub does not have or keeps out of its search.

use super::at_key;
use crate::content::{Document, Site};
use crate::drip::Track;
use crate::link::Journey;
use crate::util::diagnostics::Diagnostic;
use std::collections::{BTreeMap, HashMap};

pub fn check(site: &Site, journey: &Journey) -> Vec<Diagnostic> {
    let tracks = crate::drip::tracks(site, journey);
    // One finding per code and document: the first track that shows it is named.
    let mut found: BTreeMap<(&'static str, usize), Diagnostic> = BTreeMap::new();
    for track in &tracks {
        let mut add = |code: &'static str, doc: usize, make: &dyn Fn() -> Diagnostic| {
            found.entry((code, doc)).or_insert_with(make);
        };
        if track.stage.is_some() {
            gaps(site, track, &mut add);
        }
        sent_twice(site, track, &mut add);
        not_public(site, track, &mut add);
    }
    found.into_values().collect()
}

type Add<'a> = dyn FnMut(&'static str, usize, &dyn Fn() -> Diagnostic) + 'a;

fn name(track: &Track) -> String {
    format!("`{}` ({})", track.id(), track.lang)
}

/// A step more than twice the cadence after the one before it (or after the track begins):
/// only `drip: {day}` spaces steps so, since the others follow one cadence apart.
fn gaps(site: &Site, track: &Track, add: &mut Add) {
    let cadence = site.config.drip_cadence_days;
    let mut before = 0;
    for (k, step) in track.steps.iter().enumerate() {
        let gap = step.day - before;
        before = step.day;
        if gap <= 2 * cadence {
            continue;
        }
        let doc = &site.docs[step.doc];
        let after = if k == 0 {
            "after the track begins".to_string()
        } else {
            format!("after step {k}")
        };
        add("drip-gap", step.doc, &|| {
            at_key(
                Diagnostic::warning(
                    "drip-gap",
                    &doc.source,
                    format!(
                        "in the drip track {}, this is step {} on day {}, {gap} days {after}: more than twice `drip_cadence_days` ({cadence}), so customers hear nothing for {gap} days",
                        name(track),
                        k + 1,
                        step.day
                    ),
                )
                .with_hint(format!(
                    "send it at most {} days after the email before it: lower the day in `drip: {{day: …}}`, or add documents to the stage to send in between",
                    2 * cadence
                )),
                doc,
                "drip",
            )
        });
    }
}

fn normalized(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Two steps of one track that send the same email: two documents under one title, such as
/// a playbook copied into a second file for a second stage.
fn sent_twice(site: &Site, track: &Track, add: &mut Add) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (k, step) in track.steps.iter().enumerate() {
        let doc = &site.docs[step.doc];
        let Some(&first) = seen.get(&normalized(&doc.common.title)) else {
            seen.insert(normalized(&doc.common.title), k);
            continue;
        };
        let other: &Document = &site.docs[track.steps[first].doc];
        add("drip-sent-twice", step.doc, &|| {
            Diagnostic::warning(
                "drip-sent-twice",
                &doc.source,
                format!(
                    "the drip track {} would send customers the same email twice: step {} is {} and step {} is this document, both titled \"{}\"",
                    name(track),
                    first + 1,
                    other.source,
                    k + 1,
                    doc.common.title
                ),
            )
            .with_hint(format!(
                "keep one document and list both stages in it (`stage: [a, b]`: a document in two stages is sent once), give this one `drip: false`, or retitle it if it says something else than {}",
                other.source
            ))
        });
    }
}

/// A step whose page the published hub does not have (a draft, a date still to come: only
/// with `--drafts`) or keeps out of its search (`search: false`).
fn not_public(site: &Site, track: &Track, add: &mut Add) {
    for (k, step) in track.steps.iter().enumerate() {
        let doc = &site.docs[step.doc];
        let at = format!("step {} of the drip track {}", k + 1, name(track));
        let future = doc
            .common
            .date
            .as_ref()
            .filter(|d| d.instant > site.now)
            .map(|d| d.day);
        let (key, message, hint) = if doc.common.draft {
            (
                "draft",
                format!(
                    "this draft is {at}: the published hub has no page for it, so the email would lead nowhere"
                ),
                "publish it (remove `draft: true`), or give it `drip: false` until it is ready"
                    .to_string(),
            )
        } else if let Some(day) = future {
            (
                "date",
                format!(
                    "this document is dated {day}, after now, and is {at}: until that day the email would lead nowhere"
                ),
                "set `date:` to today or earlier, or give it `drip: false` until it is published"
                    .to_string(),
            )
        } else if !doc.common.search {
            (
                "search",
                format!("`search: false` keeps this page out of the hub's search, yet it is {at}: every customer of the track is sent it"),
                "if the page is not for every customer of the stage, give it `drip: false`; if it is, remove `search: false`".to_string(),
            )
        } else {
            continue;
        };
        let code = if key == "search" {
            "drip-hidden-step"
        } else {
            "drip-unpublished-step"
        };
        add(code, step.doc, &|| {
            at_key(
                Diagnostic::warning(code, &doc.source, message.clone()).with_hint(hint.clone()),
                doc,
                key,
            )
        });
    }
}
