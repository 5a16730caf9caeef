//! Warnings about the drip sequences the build writes (`crate::drip`): a track that leaves
//! customers without email for too long, the same email sent twice in one track, and a step
//! whose page the published hub does not have or keeps out of its search.

use super::at_key;
use crate::content::{Document, Site};
use crate::drip::Track;
use crate::link::Journey;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
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
            t("drip-gap.after-start")
        } else {
            t("drip-gap.after-step").arg("step", k)
        };
        add("drip-gap", step.doc, &|| {
            at_key(
                Diagnostic::warning(
                    "drip-gap",
                    &doc.source,
                    t("drip-gap")
                        .arg("track", name(track))
                        .arg("step", k + 1)
                        .arg("day", step.day)
                        .arg("gap", gap)
                        .text("after", after.clone())
                        .arg("cadence", cadence),
                )
                .with_hint(t("drip-gap.hint").arg("most", 2 * cadence)),
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
                t("drip-sent-twice")
                    .arg("track", name(track))
                    .arg("first", first + 1)
                    .arg("other", &other.source)
                    .arg("step", k + 1)
                    .arg("title", &doc.common.title),
            )
            .with_hint(t("drip-sent-twice.hint").arg("other", &other.source))
        });
    }
}

/// A step whose page the published hub does not have (a draft, a date still to come: only
/// with `--drafts`) or keeps out of its search (`search: false`).
fn not_public(site: &Site, track: &Track, add: &mut Add) {
    for (k, step) in track.steps.iter().enumerate() {
        let doc = &site.docs[step.doc];
        let at = t("drip.step-of")
            .arg("step", k + 1)
            .arg("track", name(track));
        let future = doc
            .common
            .date
            .as_ref()
            .filter(|d| d.instant > site.now)
            .map(|d| d.day);
        let (key, message, hint) = if doc.common.draft {
            (
                "draft",
                t("drip-unpublished-step.draft").text("at", at),
                t("drip-unpublished-step.draft.hint"),
            )
        } else if let Some(day) = future {
            (
                "date",
                t("drip-unpublished-step.future")
                    .arg("day", day)
                    .text("at", at),
                t("drip-unpublished-step.future.hint"),
            )
        } else if !doc.common.search {
            (
                "search",
                t("drip-hidden-step").text("at", at),
                t("drip-hidden-step.hint"),
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
