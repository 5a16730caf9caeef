//! The coverage numbers, as plain data: computed from the linked site at its "now", with
//! nothing else read. The HTML page and the JSON file both show exactly this value.

pub use super::drip::{DripCell, DripRow, DripTable};
pub use super::freshness::*;
use super::freshness::{stage_freshness, webinars_by_month};
use super::wording::{self, Wording};
use crate::content::{Document, Kind, Site, Touch};
use crate::link::Journey;
use crate::theme::strings::{Strings, term_label};
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
    /// Content per stage and touch model.
    pub touch: TouchTable,
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
    /// Each term's display name, as the site's pages show it (`i18n/<lang>.yaml`).
    pub labels: Vec<String>,
    pub rows: Vec<SegmentRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentRow {
    pub stage: String,
    /// Term → documents of the stage tagged with it.
    pub counts: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TouchTable {
    /// Every touch model: `high`, `low`, `tech`.
    pub models: Vec<&'static str>,
    /// Each model's display name, as the site's pages show it.
    pub labels: Vec<String>,
    /// The models site-config promises (`touch.served`): a stage without content for one is
    /// a gap.
    pub served: Vec<&'static str>,
    pub rows: Vec<TouchRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TouchRow {
    pub stage: String,
    /// Model → documents of the stage that serve it (by `touch:`, else their kind's default).
    pub counts: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// `missing-kind`, `touch-gap`, `drip-runs-dry`, `stale-content` or
    /// `segment-without-case-study`.
    pub kind: &'static str,
    pub stage: String,
    /// The segment taxonomy, or `touch` for a touch gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<String>,
    /// The term as written, or the touch model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// The term's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_label: Option<String>,
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

/// The report of a site, its terms named with the strings of the site's language `t`.
pub fn compute(site: &Site, journey: &Journey, t: &Strings) -> Report {
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

    let segments = segment_tables(site, journey, t, &docs, &stages);
    let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
    let drip = super::drip::drip_tables(site, journey, t, &stage_ids);
    let touch = touch_table(site, t, &stages, &of_stage);

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
        touch,
        freshness: freshness_rows,
        upcoming_webinars,
        drip,
        gaps: vec![],
    };
    let counted_docs: Vec<&Document> = docs.iter().map(|&i| &**site.docs[i]).collect();
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
        .map(|&i| &**site.docs[i])
        .filter(|d| in_stage(d, id))
        .collect()
}

/// Per segment taxonomy, how many documents each stage has for each term.
fn segment_tables(
    site: &Site,
    journey: &Journey,
    t: &Strings,
    docs: &[usize],
    stages: &[StageRef],
) -> Vec<SegmentTable> {
    let config = &site.config;
    let of_stage = |id: &str| stage_members(site, docs, id);
    SEGMENT_TAXONOMIES
        .into_iter()
        .filter(|name| config.taxonomies.iter().any(|c| c == name))
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
                labels: terms
                    .iter()
                    .map(|(_, n)| term_label(t, taxonomy, n))
                    .collect(),
                terms: terms.into_iter().map(|(_, n)| n).collect(),
                rows,
            }
        })
        .collect()
}

/// How many documents of each stage serve each touch model: the models a document names,
/// else its kind's default, exactly as `check` counts them for `touch-gap`.
fn touch_table<'a>(
    site: &Site,
    t: &Strings,
    stages: &[StageRef],
    of_stage: &dyn Fn(&str) -> Vec<&'a Document>,
) -> TouchTable {
    TouchTable {
        models: Touch::ALL.iter().map(|m| m.name()).collect(),
        labels: Touch::ALL
            .iter()
            .map(|m| term_label(t, "touch", m.name()))
            .collect(),
        served: site.config.touch.served.iter().map(|m| m.name()).collect(),
        rows: stages
            .iter()
            .map(|s| {
                let members = of_stage(&s.id);
                TouchRow {
                    stage: s.id.clone(),
                    counts: Touch::ALL
                        .iter()
                        .map(|m| {
                            let n = members.iter().filter(|d| d.common.touch.contains(m));
                            (m.name(), n.count())
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// The gaps of a report whose tables are computed, most important first.
fn find_gaps(site: &Site, docs: &[&Document], report: &Report, wording: &Wording) -> Vec<Gap> {
    let stages = &report.stages;
    let title = |id: &str| stage_title(report, id);
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
                    term_label: None,
                    content_kind: Some(kind.name()),
                    sentence: wording.no_kind_in_stage(kind, &title(&row.stage)),
                });
            }
        }
    }
    // 2. A stage with no content for a touch model the hub promises: customers served that
    // way have no path through it.
    gaps.extend(touch_gaps(report, wording));
    // 3. Segments whose drip runs dry, the driest first.
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
            term_label: Some(cell.label.clone()),
            content_kind: None,
            sentence: wording.drip_runs_dry(
                &title(&row.stage),
                &cell.label,
                cell.weeks,
                cell.documents,
                site.config.drip_cadence_days,
                cell.stage_weeks,
            ),
        });
    }
    // 4. Stale content, per stage.
    for f in report.freshness.iter().filter(|f| !f.stale.is_empty()) {
        gaps.push(Gap {
            kind: "stale-content",
            stage: f.stage.clone(),
            taxonomy: None,
            term: None,
            term_label: None,
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
    // 5. A segment without a case study in a stage.
    gaps.extend(segments_without_case_study(docs, report, wording));
    gaps
}

/// Stage × touch model served with no content, stage by stage, the models in their order.
fn touch_gaps(report: &Report, wording: &Wording) -> Vec<Gap> {
    let table = &report.touch;
    let mut gaps = vec![];
    for row in &table.rows {
        for (model, label) in table.models.iter().zip(&table.labels) {
            if !table.served.contains(model) || row.counts.get(model).copied().unwrap_or(0) > 0 {
                continue;
            }
            gaps.push(Gap {
                kind: "touch-gap",
                stage: row.stage.clone(),
                taxonomy: Some("touch".into()),
                term: Some(model.to_string()),
                term_label: Some(label.clone()),
                content_kind: None,
                sentence: wording.no_touch_in_stage(model, label, &stage_title(report, &row.stage)),
            });
        }
    }
    gaps
}

/// Stage × segment without a case study (the fifth kind of gap): the proof a customer of that
/// segment looks for. Playbooks and webinars are usually written for every segment, so are
/// not asked.
fn segments_without_case_study(docs: &[&Document], report: &Report, wording: &Wording) -> Vec<Gap> {
    let title = |id: &str| stage_title(report, id);
    let mut gaps = vec![];
    for table in &report.segments {
        // A stage with no case study at all is already a gap of its own (1.).
        let with_case_studies = |stage: &str| {
            report.kinds.iter().any(|k| {
                k.stage == stage && k.counts.get(Kind::CaseStudy.name()).copied().unwrap_or(0) > 0
            })
        };
        for row in table.rows.iter().filter(|r| with_case_studies(&r.stage)) {
            for (term, label) in table.terms.iter().zip(&table.labels) {
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
                        term_label: Some(label.clone()),
                        content_kind: Some(Kind::CaseStudy.name()),
                        sentence: wording.no_case_study_for_segment(&title(&row.stage), label),
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
