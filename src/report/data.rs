//! The coverage numbers, as plain data: computed from the linked site at its "now", with
//! nothing else read. The HTML page and the JSON file both show exactly this value.

pub use super::drip::{DripCell, DripRow, DripTable};
use super::wording::{self, Wording};
use crate::check::{owner_of, stale_limit};
use crate::content::{Document, Kind};
use crate::content::{Site, age_in_days, freshness};
use crate::link::Journey;
use serde::Serialize;
use std::collections::BTreeMap;

/// The JSON's version; it changes only when a field is removed or changes meaning.
pub const VERSION: u32 = 1;
/// Written into both files: the report overwrites only files that carry it.
pub const GENERATOR: &str = "journeyhub report";
/// A stage × segment track shorter than this runs dry, unless the stage says how long its
/// customers stay (`drip: {weeks}`).
pub const DRIP_MIN_WEEKS: i64 = crate::drip::DEFAULT_STAGE_WEEKS;
/// The segment taxonomies, when site-config names them (the content model's segments).
pub const SEGMENT_TAXONOMIES: [&str; 2] = ["industry", "company_size"];
/// Kinds counted per stage, in the order the report shows them.
pub const KINDS: [Kind; 4] = [Kind::Playbook, Kind::CaseStudy, Kind::Webinar, Kind::Page];
/// Kinds every stage should offer; a stage without one is a gap.
pub const CORE_KINDS: [Kind; 3] = [Kind::Playbook, Kind::CaseStudy, Kind::Webinar];
/// Age buckets in days, inclusive; the last one is open-ended.
pub const AGE_BUCKETS: [(i64, Option<i64>); 5] = [
    (0, Some(30)),
    (31, Some(90)),
    (91, Some(180)),
    (181, Some(365)),
    (366, None),
];

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub generator: &'static str,
    pub version: u32,
    pub title: String,
    pub language: String,
    /// The time the numbers are computed at, in the site's time zone.
    pub now: String,
    pub settings: Settings,
    pub stages: Vec<StageRef>,
    /// Content per stage and kind.
    pub kinds: Vec<KindRow>,
    /// Content per stage and segment term (documents tagged with the term).
    pub segments: Vec<SegmentTable>,
    pub freshness: Vec<StageFreshness>,
    pub upcoming_webinars: Vec<Month>,
    pub drip: Vec<DripTable>,
    /// Every gap, most important first; the page shows the first [`super::TOP_GAPS`].
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub stale_after_days: i64,
    pub drip_cadence_days: i64,
    pub drip_min_weeks: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageRef {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    pub stage: String,
    /// Kind name (`playbook`, `case_study`, `webinar`, `page`) → documents.
    pub counts: BTreeMap<&'static str, usize>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentTable {
    pub taxonomy: String,
    /// Terms as written, in the order of their page addresses.
    pub terms: Vec<String>,
    pub rows: Vec<SegmentRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentRow {
    pub stage: String,
    /// Term → documents of the stage tagged with it.
    pub counts: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageFreshness {
    pub stage: String,
    pub documents: usize,
    pub buckets: Vec<AgeBucket>,
    /// Documents with neither `updated` nor `date`.
    pub undated: usize,
    pub stale: Vec<StaleDoc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgeBucket {
    pub min_days: i64,
    pub max_days: Option<i64>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaleDoc {
    pub file: String,
    pub title: String,
    pub kind: &'static str,
    /// `updated`, else `date`.
    pub date: String,
    pub age_days: i64,
    /// Who reviews it (`check --group-by owner` lists the same); left out when nobody does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The limit it passed (site-config's, or its kind's or stage's): the gap sentence
    /// names the smallest, which every stale document of the stage has passed.
    #[serde(skip)]
    pub limit_days: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `2026-12`, in the site's time zone.
    pub month: String,
    pub count: usize,
    pub webinars: Vec<WebinarRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebinarRef {
    pub file: String,
    pub title: String,
    pub starts_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// `missing-kind`, `drip-runs-dry`, `stale-content` or `segment-without-case-study`.
    pub kind: &'static str,
    pub stage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_kind: Option<&'static str>,
    /// The gap as a sentence in the site's language.
    pub sentence: String,
}

/// The documents the report counts: the site's own language, one of the listed kinds.
fn counted(site: &Site, journey: &Journey) -> Vec<usize> {
    journey
        .view(&site.config.language)
        .docs
        .iter()
        .copied()
        .filter(|&i| {
            let d = &site.docs[i];
            KINDS.contains(&d.kind) && d.lang == site.config.language
        })
        .collect()
}

fn in_stage(doc: &Document, stage: &str) -> bool {
    doc.common.stages.iter().any(|s| s == stage)
}

/// Terms of a taxonomy as written, keyed by their slug, from the counted documents.
fn terms_of(site: &Site, journey: &Journey, taxonomy: &str) -> Vec<(String, String)> {
    journey
        .view(&site.config.language)
        .terms
        .get(taxonomy)
        .map(|by_slug| {
            by_slug
                .values()
                .map(|t| (t.slug.clone(), t.name.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn has_term(doc: &Document, taxonomy: &str, slug: &str) -> bool {
    doc.common
        .terms
        .get(taxonomy)
        .is_some_and(|names| names.iter().any(|n| crate::util::urls::slugify(n) == slug))
}

pub fn compute(site: &Site, journey: &Journey) -> Report {
    let config = &site.config;
    let wording = wording::for_language(&config.language);
    let docs = counted(site, journey);
    let stages = stage_refs(site, journey);
    let of_stage = |id: &str| stage_members(site, &docs, id);

    let kinds: Vec<KindRow> = stages
        .iter()
        .map(|s| {
            let members = of_stage(&s.id);
            KindRow {
                stage: s.id.clone(),
                counts: KINDS
                    .iter()
                    .map(|k| (k.name(), members.iter().filter(|d| d.kind == *k).count()))
                    .collect(),
                total: members.len(),
            }
        })
        .collect();

    let segments = segment_tables(site, journey, &docs, &stages);
    let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
    let drip = super::drip::drip_tables(site, journey, &stage_ids);

    let freshness_rows: Vec<StageFreshness> = stages
        .iter()
        .map(|s| stage_freshness(site, &s.id, &of_stage(&s.id)))
        .collect();

    let upcoming_webinars = webinars_by_month(site, &docs);

    let mut report = Report {
        generator: GENERATOR,
        version: VERSION,
        title: config.title.clone(),
        language: config.language.clone(),
        now: site
            .now
            .to_zoned(config.timezone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        settings: Settings {
            stale_after_days: config.stale_after_days,
            drip_cadence_days: config.drip_cadence_days,
            drip_min_weeks: DRIP_MIN_WEEKS,
        },
        stages,
        kinds,
        segments,
        freshness: freshness_rows,
        upcoming_webinars,
        drip,
        gaps: vec![],
    };
    let counted_docs: Vec<&Document> = docs.iter().map(|&i| &*site.docs[i]).collect();
    report.gaps = find_gaps(site, &counted_docs, &report, &wording);
    report
}

/// The stages in journey order, titled in the default language.
fn stage_refs(site: &Site, journey: &Journey) -> Vec<StageRef> {
    let view = journey.view(&site.config.language);
    journey
        .stage_order
        .iter()
        .map(|id| StageRef {
            id: id.clone(),
            title: view
                .stage_docs
                .get(id)
                .map(|&i| site.docs[i].common.title.clone())
                .unwrap_or_else(|| id.clone()),
        })
        .collect()
}

/// The counted documents in a stage.
fn stage_members<'a>(site: &'a Site, docs: &[usize], id: &str) -> Vec<&'a Document> {
    docs.iter()
        .map(|&i| &*site.docs[i])
        .filter(|d| in_stage(d, id))
        .collect()
}

/// Per segment taxonomy, how many documents each stage has for each term.
fn segment_tables(
    site: &Site,
    journey: &Journey,
    docs: &[usize],
    stages: &[StageRef],
) -> Vec<SegmentTable> {
    let config = &site.config;
    let of_stage = |id: &str| stage_members(site, docs, id);
    SEGMENT_TAXONOMIES
        .into_iter()
        .filter(|t| config.taxonomies.iter().any(|c| c == t))
        .map(|taxonomy| {
            let terms = terms_of(site, journey, taxonomy);
            let rows = stages
                .iter()
                .map(|s| {
                    let members = of_stage(&s.id);
                    SegmentRow {
                        stage: s.id.clone(),
                        counts: terms
                            .iter()
                            .map(|(slug, name)| {
                                let tagged = members
                                    .iter()
                                    .filter(|d| has_term(d, taxonomy, slug))
                                    .count();
                                (name.clone(), tagged)
                            })
                            .collect(),
                    }
                })
                .collect();
            SegmentTable {
                taxonomy: taxonomy.to_string(),
                terms: terms.into_iter().map(|(_, n)| n).collect(),
                rows,
            }
        })
        .collect()
}

fn stage_freshness(site: &Site, stage: &str, members: &[&Document]) -> StageFreshness {
    let mut buckets: Vec<AgeBucket> = AGE_BUCKETS
        .iter()
        .map(|&(min_days, max_days)| AgeBucket {
            min_days,
            max_days,
            count: 0,
        })
        .collect();
    let mut undated = 0;
    let mut stale = vec![];
    for doc in members {
        let Some((date, _)) = freshness(doc) else {
            undated += 1;
            continue;
        };
        // A date ahead of now (only with --drafts) is as fresh as today.
        let age = age_in_days(site, date.day).max(0);
        if let Some(b) = buckets
            .iter_mut()
            .find(|b| age >= b.min_days && b.max_days.is_none_or(|m| age <= m))
        {
            b.count += 1;
        }
        let (limit_days, _) = stale_limit(site, doc);
        if age > limit_days {
            stale.push(StaleDoc {
                file: doc.source.clone(),
                title: doc.common.title.clone(),
                kind: doc.kind.name(),
                date: date.day.to_string(),
                age_days: age,
                owner: owner_of(site, doc).map(String::from),
                limit_days,
            });
        }
    }
    stale.sort_by(|a, b| b.age_days.cmp(&a.age_days).then(a.file.cmp(&b.file)));
    StageFreshness {
        stage: stage.to_string(),
        documents: members.len(),
        buckets,
        undated,
        stale,
    }
}

/// Upcoming webinars by month of their start, every month from now's to the last one.
fn webinars_by_month(site: &Site, docs: &[usize]) -> Vec<Month> {
    let tz = site.config.timezone.clone();
    let mut upcoming: Vec<(&Document, jiff::Zoned)> = docs
        .iter()
        .map(|&i| &*site.docs[i])
        .filter_map(|d| {
            let w = d.webinar()?;
            w.is_upcoming(site.now)
                .then(|| (d, w.starts_at.to_zoned(tz.clone())))
        })
        .collect();
    upcoming.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.source.cmp(&b.0.source)));
    let Some(last) = upcoming.last().map(|(_, z)| z.date().first_of_month()) else {
        return vec![];
    };
    let mut month = site.now.to_zoned(tz).date().first_of_month();
    let mut out = vec![];
    while month <= last {
        let webinars: Vec<WebinarRef> = upcoming
            .iter()
            .filter(|(_, z)| z.date().first_of_month() == month)
            .map(|(d, z)| WebinarRef {
                file: d.source.clone(),
                title: d.common.title.clone(),
                starts_at: z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            })
            .collect();
        out.push(Month {
            month: month.strftime("%Y-%m").to_string(),
            count: webinars.len(),
            webinars,
        });
        month = match month.checked_add(jiff::Span::new().months(1)) {
            Ok(m) => m,
            Err(_) => break,
        };
    }
    out
}

/// The gaps of a report whose tables are computed, most important first.
fn find_gaps(site: &Site, docs: &[&Document], report: &Report, wording: &Wording) -> Vec<Gap> {
    let stages = &report.stages;
    let title = |id: &str| {
        stages
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.title.clone())
    };
    let mut gaps = vec![];
    // 1. A stage that offers no content of a core kind: every customer there misses it.
    for row in &report.kinds {
        for kind in CORE_KINDS {
            if row.counts.get(kind.name()).copied().unwrap_or(0) == 0 {
                gaps.push(Gap {
                    kind: "missing-kind",
                    stage: row.stage.clone(),
                    taxonomy: None,
                    term: None,
                    content_kind: Some(kind.name()),
                    sentence: wording.no_kind_in_stage(kind, &title(&row.stage)),
                });
            }
        }
    }
    // 2. Segments whose drip runs dry, the driest first.
    let mut dry = vec![];
    for table in &report.drip {
        for row in &table.rows {
            for cell in row.cells.iter().filter(|c| c.runs_dry) {
                dry.push((cell.weeks, &table.taxonomy, row, cell));
            }
        }
    }
    let stage_pos = |id: &str| stages.iter().position(|s| s.id == id).unwrap_or(usize::MAX);
    dry.sort_by_key(|(weeks, _, row, _)| (*weeks, stage_pos(&row.stage)));
    for (_, taxonomy, row, cell) in dry {
        gaps.push(Gap {
            kind: "drip-runs-dry",
            stage: row.stage.clone(),
            taxonomy: Some(taxonomy.clone()),
            term: Some(cell.term.clone()),
            content_kind: None,
            sentence: wording.drip_runs_dry(
                &title(&row.stage),
                &cell.term,
                cell.weeks,
                cell.documents,
                site.config.drip_cadence_days,
                cell.stage_weeks,
            ),
        });
    }
    // 3. Stale content, per stage.
    for f in report.freshness.iter().filter(|f| !f.stale.is_empty()) {
        gaps.push(Gap {
            kind: "stale-content",
            stage: f.stage.clone(),
            taxonomy: None,
            term: None,
            content_kind: None,
            sentence: wording.stale_in_stage(
                &title(&f.stage),
                f.stale.len(),
                f.stale
                    .iter()
                    .map(|d| d.limit_days)
                    .min()
                    .unwrap_or(site.config.stale_after_days),
            ),
        });
    }
    // 4. Stage × segment without a case study: the proof a customer of that segment looks
    // for. Playbooks and webinars are usually written for every segment, so are not asked.
    for table in &report.segments {
        // A stage with no case study at all is already a gap of its own (1.).
        let with_case_studies = |stage: &str| {
            report.kinds.iter().any(|k| {
                k.stage == stage && k.counts.get(Kind::CaseStudy.name()).copied().unwrap_or(0) > 0
            })
        };
        for row in table.rows.iter().filter(|r| with_case_studies(&r.stage)) {
            for term in &table.terms {
                let slug = crate::util::urls::slugify(term);
                let has = docs.iter().any(|d| {
                    d.kind == Kind::CaseStudy
                        && in_stage(d, &row.stage)
                        && has_term(d, &table.taxonomy, &slug)
                });
                if !has {
                    gaps.push(Gap {
                        kind: "segment-without-case-study",
                        stage: row.stage.clone(),
                        taxonomy: Some(table.taxonomy.clone()),
                        term: Some(term.clone()),
                        content_kind: Some(Kind::CaseStudy.name()),
                        sentence: wording.no_case_study_for_segment(&title(&row.stage), term),
                    });
                }
            }
        }
    }
    gaps
}

/// A stage's title in the report, or its id when the report has no such stage.
pub(super) fn stage_title(report: &Report, id: &str) -> String {
    report
        .stages
        .iter()
        .find(|s| s.id == id)
        .map_or(id.to_string(), |s| s.title.clone())
}
