//! The report's drip coverage: per segment taxonomy, stage and term, the steps of the real
//! stage × term track (`crate::drip`, the sequences the build writes under `drip/`), and
//! whether it runs dry before the customer would reach the next stage.

use crate::content::Site;
use crate::drip::{StageDocs, segments, stage_weeks};
use crate::link::Journey;
use crate::theme::strings::{Strings, term_label};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DripTable {
    pub taxonomy: String,
    pub terms: Vec<String>,
    /// Each term's display name, as the site's pages show it.
    pub labels: Vec<String>,
    pub rows: Vec<DripRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DripRow {
    pub stage: String,
    pub cells: Vec<DripCell>,
}

/// A stage × term drip track (see `crate::drip`), as the build writes it.
#[derive(Debug, Clone, Serialize)]
pub struct DripCell {
    pub term: String,
    /// The term's display name.
    pub label: String,
    /// Steps of the track tagged with the term.
    pub segment_documents: usize,
    /// Steps of the track that name no term of the taxonomy: written for everyone.
    pub general_documents: usize,
    /// Every step of the track: the two above.
    pub documents: usize,
    /// Documents of the stage an earlier stage's track sends already (not sent again).
    pub sent_earlier: usize,
    /// Days of email the track holds: from its start to one cadence after its last step.
    pub days: i64,
    /// `days / 7`, in whole weeks.
    pub weeks: i64,
    /// How long a customer spends in the stage before the next one: the stage's
    /// `drip: {weeks}`, else `drip_min_weeks`.
    pub stage_weeks: i64,
    /// The track ends before the customer would reach the next stage.
    pub runs_dry: bool,
}

/// One table per taxonomy of `feeds.segments`, in the site's language.
pub(super) fn drip_tables(
    site: &Site,
    journey: &Journey,
    t: &Strings,
    stages: &[&str],
) -> Vec<DripTable> {
    let view = journey.view(&site.config.language);
    let docs = StageDocs::new(site, journey, view);
    let segments = segments(site, view);
    let cadence = site.config.drip_cadence_days;
    site.config
        .feeds
        .segments
        .iter()
        .map(|taxonomy| {
            let terms: Vec<_> = segments
                .iter()
                .filter(|s| &s.taxonomy == taxonomy)
                .collect();
            let rows = stages
                .iter()
                .map(|stage| {
                    let weeks_in_stage = stage_weeks(site, journey, stage);
                    let cells = terms
                        .iter()
                        .map(|segment| {
                            let track = docs.track(site, Some(stage), Some(segment));
                            let tagged = track.steps.iter().filter(|s| s.for_segment).count();
                            let days = track.covered_days(cadence);
                            DripCell {
                                term: segment.term.clone(),
                                label: term_label(t, taxonomy, &segment.term),
                                segment_documents: tagged,
                                general_documents: track.steps.len() - tagged,
                                documents: track.steps.len(),
                                sent_earlier: track.sent_earlier.len(),
                                days,
                                weeks: days / 7,
                                stage_weeks: weeks_in_stage,
                                runs_dry: days < weeks_in_stage * 7,
                            }
                        })
                        .collect();
                    DripRow {
                        stage: stage.to_string(),
                        cells,
                    }
                })
                .collect();
            DripTable {
                taxonomy: taxonomy.clone(),
                terms: terms.iter().map(|s| s.term.clone()).collect(),
                labels: terms
                    .iter()
                    .map(|s| term_label(t, taxonomy, &s.term))
                    .collect(),
                rows,
            }
        })
        .collect()
}
