//! Drip sequences: what an email tool sends a customer, in order, one email every
//! `drip_cadence_days`. Computed here once from the linked site, and read by the files the
//! build writes under `drip/` (render), the report's drip coverage, `check` and the
//! `journeyhub drip` preview, so that all four speak of the same sequences (docs/drip.md).
//!
//! A track is the journey as one customer receives it: every stage in order (the journey
//! track), or one stage; for every customer, or for one segment term (`feeds.segments` of
//! site-config). Within a stage, documents go by `drip: {order}`, then oldest `date` first,
//! then title. A document in two stages is sent once, in the earlier one; the later stage's
//! track lists it as sent earlier. Upcoming webinars are never sent (they expire), and
//! neither is a past webinar still waiting for its recording.

use crate::content::{Document, Kind, Site};
use crate::link::{Journey, LanguageView, WebinarStatus};
use crate::util::messages::{Text, t};
use crate::util::urls::slugify;

/// How long a customer spends in a stage, in weeks, when its `drip: {weeks}` does not say:
/// a stage track shorter than this runs dry before the customer reaches the next stage.
pub const DEFAULT_STAGE_WEEKS: i64 = 4;

/// The folder of every language's drip files, under its language prefix.
pub const DRIP_DIR: &str = "drip/";

/// A track's sequence, in its folder.
pub const JSON_FILE: &str = "sequence.json";
pub const CSV_FILE: &str = "sequence.csv";

/// One term of a segment taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub taxonomy: String,
    /// As first written.
    pub term: String,
    pub slug: String,
}

/// One email of a track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub doc: usize,
    /// The stage whose part of the track sends it.
    pub stage: String,
    /// Days after the track begins.
    pub day: i64,
    /// Tagged with the track's segment term (false: written for every customer).
    pub for_segment: bool,
}

/// A document of a stage track's stage that an earlier stage's track sends already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEarlier {
    pub doc: usize,
    /// The stage whose track sends it.
    pub stage: String,
}

#[derive(Debug, Clone)]
pub struct Track {
    pub lang: String,
    /// None: the journey track, through every stage.
    pub stage: Option<String>,
    /// None: every customer.
    pub segment: Option<Segment>,
    pub steps: Vec<Step>,
    /// Only on a stage track.
    pub sent_earlier: Vec<SentEarlier>,
}

impl Track {
    /// `journey`, `onboarding`, `onboarding/company_size/smb`, `journey/company_size/smb`.
    pub fn id(&self) -> String {
        let mut id = self.stage.clone().unwrap_or_else(|| "journey".into());
        if let Some(s) = &self.segment {
            id.push_str(&format!("/{}/{}", s.taxonomy, s.slug));
        }
        id
    }

    /// Site path of the track's folder (unencoded): `drip/stages/onboarding/company_size/smb/`,
    /// `en/drip/journey/`.
    pub fn dir(&self, site: &Site) -> String {
        track_dir(
            &site.config.language_prefix(&self.lang),
            self.stage.as_deref(),
            self.segment
                .as_ref()
                .map(|s| (s.taxonomy.as_str(), s.slug.as_str())),
        )
    }

    /// Days of email the track holds: to one cadence after its last step.
    pub fn covered_days(&self, cadence: i64) -> i64 {
        self.steps.last().map_or(0, |s| s.day + cadence)
    }
}

/// Site path of a track's folder under a language prefix: the journey's (`stage` None) or a
/// stage's, for every customer (`segment` None) or a (taxonomy, term slug).
pub fn track_dir(prefix: &str, stage: Option<&str>, segment: Option<(&str, &str)>) -> String {
    let mut dir = match stage {
        Some(stage) => format!("{prefix}{DRIP_DIR}stages/{stage}/"),
        None => format!("{prefix}{DRIP_DIR}journey/"),
    };
    if let Some((taxonomy, slug)) = segment {
        dir.push_str(&format!("{taxonomy}/{slug}/"));
    }
    dir
}

/// How long a customer usually spends in a stage, in weeks.
pub fn stage_weeks(site: &Site, journey: &Journey, stage: &str) -> i64 {
    journey
        .view(&site.config.language)
        .stage_docs
        .get(stage)
        .and_then(|&i| site.docs[i].stage_meta())
        .and_then(|m| m.drip_weeks)
        .unwrap_or(DEFAULT_STAGE_WEEKS)
}

/// Whether a document may be a step at all: a listed kind, not `drip: false`, and no
/// webinar before its recording is out.
pub fn sendable(site: &Site, journey: &Journey, i: usize) -> bool {
    let d = &site.docs[i];
    Kind::LISTED.contains(&d.kind)
        && d.common.drip != crate::content::Drip::Off
        && match d.kind {
            Kind::Webinar => journey.webinar_status[i] == Some(WebinarStatus::OnDemand),
            _ => true,
        }
}

/// The order documents go in within a stage: `drip: {order}` first (smaller first), then
/// the oldest `date`, undated last, then title and file.
fn drip_order(site: &Site, list: &mut [usize]) {
    let key = |i: usize| {
        let d: &Document = &site.docs[i];
        (
            d.common.drip.order().unwrap_or(i64::MAX),
            d.common.date.as_ref().map(|x| x.instant).is_none(),
            d.common.date.as_ref().map(|x| x.instant),
        )
    };
    list.sort_by(|&a, &b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| site.docs[a].common.title.cmp(&site.docs[b].common.title))
            .then_with(|| site.docs[a].source.cmp(&site.docs[b].source))
    });
}

/// A language's sendable documents by stage, in journey order, each in drip order.
pub struct StageDocs {
    pub lang: String,
    pub stages: Vec<(String, Vec<usize>)>,
    /// Document → the position of the first stage that holds it.
    first: std::collections::HashMap<usize, usize>,
}

impl StageDocs {
    pub fn new(site: &Site, journey: &Journey, view: &LanguageView) -> StageDocs {
        let mut stages: Vec<(String, Vec<usize>)> = journey
            .stage_order
            .iter()
            .map(|id| (id.clone(), vec![]))
            .collect();
        for &i in &view.docs {
            if !sendable(site, journey, i) {
                continue;
            }
            for (id, docs) in &mut stages {
                if site.docs[i].common.stages.contains(id) {
                    docs.push(i);
                }
            }
        }
        let mut first = std::collections::HashMap::new();
        for (k, (_, docs)) in stages.iter_mut().enumerate() {
            drip_order(site, docs);
            for &i in docs.iter() {
                first.entry(i).or_insert(k);
            }
        }
        StageDocs {
            lang: view.lang.clone(),
            stages,
            first,
        }
    }

    /// The first stage, in journey order, that holds a document.
    fn first_stage(&self, i: usize) -> Option<&str> {
        self.first.get(&i).map(|&k| self.stages[k].0.as_str())
    }

    /// One track: every stage (`stage` None) or one, for every customer or one segment.
    pub fn track(&self, site: &Site, stage: Option<&str>, segment: Option<&Segment>) -> Track {
        let cadence = site.config.drip_cadence_days;
        let mut steps: Vec<Step> = vec![];
        let mut sent_earlier = vec![];
        let mut start = 0;
        for (id, docs) in &self.stages {
            if stage.is_some_and(|s| s != id) {
                continue;
            }
            let mut last: Option<i64> = None;
            for &i in docs {
                let Some(for_segment) = in_segment(&site.docs[i], segment) else {
                    continue;
                };
                let first = self.first_stage(i).unwrap_or(id);
                if first != id {
                    if stage.is_some() {
                        sent_earlier.push(SentEarlier {
                            doc: i,
                            stage: first.to_string(),
                        });
                    }
                    continue;
                }
                let day = match (site.docs[i].common.drip.day(), last) {
                    (Some(d), last) => (start + d).max(last.unwrap_or(start)),
                    (None, Some(l)) => l + cadence,
                    (None, None) => start,
                };
                last = Some(day);
                steps.push(Step {
                    doc: i,
                    stage: id.clone(),
                    day,
                    for_segment,
                });
            }
            if let Some(l) = last {
                start = l + cadence;
            }
        }
        Track {
            lang: self.lang.clone(),
            stage: stage.map(str::to_string),
            segment: segment.cloned(),
            steps,
            sent_earlier,
        }
    }
}

/// Whether a document goes to a segment's customers: Some(true) when it carries the term,
/// Some(false) when it names no term of the taxonomy (written for everyone), None when it
/// is written for other terms only. Every document goes to every customer.
fn in_segment(d: &Document, segment: Option<&Segment>) -> Option<bool> {
    let Some(s) = segment else {
        return Some(false);
    };
    let names = d.common.terms.get(&s.taxonomy);
    let slugs: Vec<String> = names
        .into_iter()
        .flatten()
        .map(|n| slugify(n))
        .filter(|s| !s.is_empty())
        .collect();
    if slugs.is_empty() {
        Some(false)
    } else if slugs.contains(&s.slug) {
        Some(true)
    } else {
        None
    }
}

/// The segment terms of a language: each term of each `feeds.segments` taxonomy.
pub fn segments(site: &Site, view: &LanguageView) -> Vec<Segment> {
    site.config
        .feeds
        .segments
        .iter()
        .flat_map(|taxonomy| {
            view.terms
                .get(taxonomy)
                .into_iter()
                .flat_map(|t| t.values())
                .map(|t| Segment {
                    taxonomy: taxonomy.clone(),
                    term: t.name.clone(),
                    slug: t.slug.clone(),
                })
        })
        .collect()
}

/// Every track of every language, each language's in this order: the journey track for
/// every customer, then for each segment term; then each stage's, for every customer and
/// each term.
pub fn tracks(site: &Site, journey: &Journey) -> Vec<Track> {
    journey
        .views
        .iter()
        .flat_map(|view| language_tracks(site, journey, view))
        .collect()
}

pub fn language_tracks(site: &Site, journey: &Journey, view: &LanguageView) -> Vec<Track> {
    let docs = StageDocs::new(site, journey, view);
    let segments = segments(site, view);
    let mut out = vec![docs.track(site, None, None)];
    out.extend(segments.iter().map(|s| docs.track(site, None, Some(s))));
    for id in &journey.stage_order {
        out.push(docs.track(site, Some(id), None));
        out.extend(segments.iter().map(|s| docs.track(site, Some(id), Some(s))));
    }
    out
}

/// `company_size=smb` → the segment, when the language has the term (matched by its slug).
pub fn find_segment(
    site: &Site,
    view: &LanguageView,
    written: &str,
) -> Result<Segment, (Text, Text)> {
    let Some((taxonomy, term)) = written.split_once('=') else {
        return Err((
            t("bad-option.segment").arg("value", written),
            t("bad-option.segment.hint"),
        ));
    };
    let (taxonomy, term) = (taxonomy.trim(), term.trim());
    if !site.config.taxonomies.iter().any(|t| t == taxonomy) {
        let known: Vec<&str> = site.config.taxonomies.iter().map(String::as_str).collect();
        return Err((
            t("bad-option.taxonomy").arg("taxonomy", taxonomy),
            match crate::util::yaml::closest(taxonomy, &known) {
                Some(k) => t("hint.did-you-mean").arg("closest", k),
                None => t("hint.taxonomies-are").arg("known", known.join(", ")),
            },
        ));
    }
    let slug = slugify(term);
    let terms = view.terms.get(taxonomy);
    match terms.and_then(|found| found.get(&slug)) {
        Some(found) => Ok(Segment {
            taxonomy: taxonomy.to_string(),
            term: found.name.clone(),
            slug: found.slug.clone(),
        }),
        None => {
            let names: Vec<&str> = terms
                .into_iter()
                .flat_map(|found| found.values())
                .map(|found| found.name.as_str())
                .collect();
            Err((
                t("bad-option.term")
                    .arg("taxonomy", taxonomy)
                    .arg("term", term),
                if names.is_empty() {
                    t("bad-option.term.none").arg("taxonomy", taxonomy)
                } else {
                    t("bad-option.term.known")
                        .arg("taxonomy", taxonomy)
                        .arg("known", names.join(", "))
                },
            ))
        }
    }
}
