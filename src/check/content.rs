//! Warnings about the content itself: documents readers cannot reach, content nobody has
//! reviewed for a long time, webinars missing the link their page needs, and stages that
//! offer no content of a kind or for a touch model the hub serves.

use super::at_key;
use crate::content::{Document, Kind, Site, age_in_days, freshness};
use crate::link::{Journey, Linker, StageLists, WebinarStatus};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use std::collections::HashSet;

/// The kinds every stage is expected to offer.
pub const CORE_KINDS: [Kind; 3] = [Kind::Playbook, Kind::CaseStudy, Kind::Webinar];

/// How a kind is named in a finding.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Playbook => "playbook",
        Kind::CaseStudy => "case study",
        Kind::Webinar => "webinar",
        Kind::Page => "page",
        Kind::Stage => "stage",
        Kind::Home => "home page introduction",
    }
}

/// Documents with no stage that nothing links to: no stage page lists them, so a reader
/// reaches them only by search or by knowing the address. A link to any translation of a
/// document counts, since every translation links to the others.
pub fn orphans(site: &Site, journey: &Journey) -> Vec<Diagnostic> {
    let linker = Linker::new(site);
    let mut linked: HashSet<usize> = HashSet::new();
    for (target, from) in journey.backlinks.iter().enumerate() {
        if !from.is_empty() {
            linked.insert(target);
        }
    }
    for (i, doc) in site.docs.iter().enumerate() {
        for related in &doc.common.related {
            if let Ok(t) = linker.resolve(&doc.lang, &related.value)
                && t != i
            {
                linked.insert(t);
            }
        }
    }
    let mut out = vec![];
    for (i, doc) in site.docs.iter().enumerate() {
        if matches!(doc.kind, Kind::Stage | Kind::Home) || !doc.common.stages.is_empty() {
            continue;
        }
        let reached = journey
            .translations
            .get(&doc.translation_key)
            .is_some_and(|langs| langs.values().any(|t| linked.contains(t)))
            || linked.contains(&i);
        if reached {
            continue;
        }
        out.push(
            Diagnostic::warning("orphan", &doc.source, t("orphan"))
                .with_hint(t("orphan.hint").arg("path", &doc.translation_key)),
        );
    }
    out
}

/// Documents whose `updated` (else `date`) is older than the limit that applies to them
/// (see [`stale_limit`]).
pub fn stale(site: &Site) -> Vec<Diagnostic> {
    let mut out = unknown_stale_stages(site);
    for doc in &site.docs {
        if doc.kind == Kind::Home {
            continue;
        }
        let Some((date, key)) = freshness(doc) else {
            continue;
        };
        let (limit, setting) = stale_limit(site, doc);
        let age = age_in_days(site, date.day);
        if age <= limit {
            continue;
        }
        let limit_text = match &setting {
            Limit::Site => t("stale.limit"),
            Limit::Kind(folder) => t("stale.limit.kind").arg("folder", folder),
            Limit::Stage(id) => t("stale.limit.stage").arg("id", id),
        };
        let message = if key == "updated" {
            t("stale.updated")
        } else {
            t("stale.published")
        }
        .phrase("kind", kind_label(doc.kind))
        .arg("day", date.day)
        .arg("age", age)
        .text("limit", limit_text.arg("limit", limit));
        let setting_key = match setting {
            Limit::Site => "stale_after_days",
            Limit::Kind(_) => "stale_after_days_by_kind",
            Limit::Stage(_) => "stale_after_days_by_stage",
        };
        out.push(at_key(
            Diagnostic::warning("stale", &doc.source, message)
                .with_hint(t("stale.hint").arg("setting", setting_key)),
            doc,
            key,
        ));
    }
    out
}

/// Which setting a document's freshness limit comes from.
pub enum Limit {
    Site,
    Kind(&'static str),
    Stage(String),
}

/// The strictest of the limits site-config sets for the document's kind and for each of its
/// stages (a stage file's own id counts), else `stale_after_days`. Onboarding content, read
/// by every new customer, can so age faster than the rest.
pub fn stale_limit(site: &Site, doc: &Document) -> (i64, Limit) {
    let config = &site.config;
    let folder = doc.kind.folder();
    let by_kind = config
        .stale_after_days_by_kind
        .get(folder)
        .map(|&days| (days, Limit::Kind(folder)));
    let stages = doc
        .stage_id()
        .into_iter()
        .chain(doc.common.stages.iter().map(String::as_str));
    let by_stage = stages.filter_map(|id| {
        let days = *config.stale_after_days_by_stage.get(id)?;
        Some((days, Limit::Stage(id.to_string())))
    });
    by_kind
        .into_iter()
        .chain(by_stage)
        .min_by_key(|(days, _)| *days)
        .unwrap_or((config.stale_after_days, Limit::Site))
}

/// A stage named in `stale_after_days_by_stage` that the site does not have: its limit
/// would silently apply to nothing.
fn unknown_stale_stages(site: &Site) -> Vec<Diagnostic> {
    let stages: HashSet<&str> = site.docs.iter().filter_map(|d| d.stage_id()).collect();
    let config_text = std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE));
    let line = config_text.as_deref().map_or(0, |text| {
        text.lines()
            .position(|l| l.starts_with("stale_after_days_by_stage:"))
            .map_or(0, |i| i + 1)
    });
    site.config
        .stale_after_days_by_stage
        .keys()
        .filter(|id| !stages.contains(id.as_str()))
        .map(|id| {
            let mut d = Diagnostic::warning(
                "stale-unknown-stage",
                crate::config::CONFIG_FILE,
                t("stale-unknown-stage").arg("id", id),
            )
            .with_hint(t("stale-unknown-stage.hint"));
            if let Ok(text) = &config_text
                && line > 0
            {
                d = d.at(text, line, 1);
            }
            d
        })
        .collect()
}

/// Past webinars without a recording, and upcoming ones without a way to register.
pub fn webinars(site: &Site, journey: &Journey) -> Vec<Diagnostic> {
    let tz = site.config.timezone.clone();
    let mut out = vec![];
    for (i, doc) in site.docs.iter().enumerate() {
        let (Some(w), Some(status)) = (doc.webinar(), *journey.webinar_status[i]) else {
            continue;
        };
        let starts = w.starts_at.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M");
        let zone = &site.config.timezone_name;
        match status {
            WebinarStatus::Upcoming if w.registration_url.is_none() => out.push(at_key(
                Diagnostic::warning(
                    "webinar-no-registration",
                    &doc.source,
                    t("webinar-no-registration")
                        .arg("starts", &starts)
                        .arg("zone", zone),
                )
                .with_hint(t("webinar-no-registration.hint")),
                doc,
                "starts_at",
            )),
            WebinarStatus::RecordingSoon => out.push(at_key(
                Diagnostic::warning(
                    "webinar-no-recording",
                    &doc.source,
                    t("webinar-no-recording")
                        .arg("starts", &starts)
                        .arg("zone", zone),
                )
                .with_hint(t("webinar-no-recording.hint")),
                doc,
                "starts_at",
            )),
            _ => {}
        }
    }
    out
}

/// Documents dated in the future are not on the hub until that day: each is named with the
/// day it appears, so an announcement that is not out yet is never a surprise.
pub fn scheduled(site: &Site) -> Vec<Diagnostic> {
    let tz = &site.config.timezone;
    let mut out = vec![];
    for doc in &site.scheduled {
        let Some(date) = &doc.common.date else {
            continue;
        };
        let day = date.instant.to_zoned(tz.clone()).date();
        out.push(at_key(
            Diagnostic::note("scheduled", &doc.source, t("scheduled").arg("day", day))
                .with_hint(t("scheduled.hint")),
            doc,
            "date",
        ));
    }
    out.extend(
        site.scheduled
            .iter()
            .filter_map(|doc| announced_late(site, doc)),
    );
    out.extend(site.docs.iter().filter_map(|doc| announced_late(site, doc)));
    out
}

/// A webinar whose page appears only on the day it starts, or later, is announced too late
/// for anyone to sign up: `date` is when its page goes out, not when it happens.
fn announced_late(site: &Site, doc: &Document) -> Option<Diagnostic> {
    let w = doc.webinar()?;
    let date = doc.common.date.as_ref()?;
    let tz = site.config.timezone.clone();
    let appears = date.instant.to_zoned(tz.clone()).date();
    let starts = w.starts_at.to_zoned(tz).date();
    (appears >= starts).then(|| {
        at_key(
            Diagnostic::warning(
                "webinar-announced-late",
                &doc.source,
                t("webinar-announced-late")
                    .arg("appears", appears)
                    .arg("starts", starts),
            )
            .with_hint(t("webinar-announced-late.hint")),
            doc,
            "date",
        )
    })
}

/// The journey's stages in order, in the site's language: each one's id, its own document
/// and what it lists.
fn stages_in_order<'a>(
    site: &'a Site,
    journey: &'a Journey,
) -> impl Iterator<Item = (&'a String, &'a Document, &'a StageLists)> {
    let view = journey.view(&site.config.language);
    journey.stage_order.iter().filter_map(move |id| {
        let (Some(lists), Some(&stage_doc)) = (view.stages.get(id), view.stage_docs.get(id)) else {
            return None;
        };
        let stage: &Document = &site.docs[stage_doc];
        Some((id, stage, lists))
    })
}

/// Each stage should offer a playbook, a case study and a webinar in the site's language.
pub fn stage_gaps(site: &Site, journey: &Journey) -> Vec<Diagnostic> {
    let mut out = vec![];
    for (id, stage, lists) in stages_in_order(site, journey) {
        for kind in CORE_KINDS {
            if lists.count(kind) > 0 {
                continue;
            }
            let label = kind_label(kind);
            out.push(
                Diagnostic::warning(
                    "stage-gap",
                    &stage.source,
                    t("stage-gap")
                        .arg("id", id)
                        .arg("title", &stage.common.title)
                        .phrase("kind", label),
                )
                .with_hint(t("stage-gap.hint").arg("id", id).phrase("kind", label)),
            );
        }
    }
    out
}

/// Each touch model site-config declares served (`touch.served`) should have content in
/// every stage, in the site's language: a stage without tech-touch content leaves customers
/// without a success manager no way through it. The models come from each document's
/// `touch:`, else its kind's default.
pub fn touch_gaps(site: &Site, journey: &Journey) -> Vec<Diagnostic> {
    let served = &site.config.touch.served;
    if served.is_empty() {
        return vec![];
    }
    let mut out = vec![];
    for (id, stage, lists) in stages_in_order(site, journey) {
        let members = [
            &lists.playbooks,
            &lists.case_studies,
            &lists.webinars_upcoming,
            &lists.webinars_on_demand,
            &lists.pages,
        ];
        for &touch in served {
            let covered = members
                .iter()
                .flat_map(|list| list.iter())
                .any(|&i| site.docs[i].common.touch.contains(&touch));
            if covered {
                continue;
            }
            let name = touch.name();
            out.push(
                Diagnostic::warning(
                    "touch-gap",
                    &stage.source,
                    t("touch-gap")
                        .arg("id", id)
                        .arg("title", &stage.common.title)
                        .arg("name", name),
                )
                .with_hint(t("touch-gap.hint").arg("id", id).arg("name", name)),
            );
        }
    }
    out
}
