//! The reader profile (site-config `profile:`): the picker every page carries, whose links
//! lead to the segment pages of the page's stage when the script does not run, and the
//! documents a page offers as its next read, of which the script shows the first that fits
//! the profile, and what the home page's journey map carries per stage for the script to
//! count what fits. See docs/content-model.md, "Reader profile and role paths".

use super::segment::{segment_url, stage_order, term_groups};
use super::{Job, PageEnv};
use crate::content::Site;
use crate::render::context::segment_value;
use std::collections::{BTreeMap, HashSet};

/// How many documents after a page it offers as next read: enough for a profile to find
/// one that fits in the next stage or two, few enough to keep the page small.
const NEXT_CANDIDATES: usize = 12;

/// The taxonomies that have segment pages: `feeds.segments`, then the profile's, once each.
pub(super) fn segment_taxonomies(site: &Site) -> Vec<&String> {
    let mut out: Vec<&String> = site.config.feeds.segments.iter().collect();
    if let Some(profile) = &site.config.profile {
        for t in &profile.taxonomies {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The stage a page's picker links into: its own, else the journey's first.
fn picker_stage<'a>(env: &'a PageEnv) -> Option<&'a str> {
    let site = env.site;
    let own = match env.job {
        Job::Stage(id) | Job::Segment(id, ..) => Some(id.as_str()),
        Job::Doc(i) => site.docs[*i].common.stages.first().map(String::as_str),
        _ => None,
    };
    own.filter(|s| env.lr.ctx.stage(s).is_some())
        .or_else(|| env.journey.stage_order.first().map(String::as_str))
}

/// The picker of a page: each profile taxonomy with its terms (code as written, display
/// name, the segment page of the page's stage); null when the site has no profile.
pub(super) fn picker(env: &PageEnv) -> serde_json::Value {
    let Some(profile) = &env.site.config.profile else {
        return serde_json::Value::Null;
    };
    // A theme without segment pages links each term to its term page instead.
    let stage = picker_stage(env).filter(|_| env.shared.segment_pages);
    let groups = term_groups(env, &profile.taxonomies, stage);
    serde_json::json!({ "groups": groups })
}

/// The documents after `i` in journey order (its stage's list from `i` on, then the next
/// stages'), as cards: the page shows the first, the script the first that fits.
pub(super) fn next_candidates(env: &PageEnv, i: usize) -> serde_json::Value {
    let PageEnv {
        site, journey, lr, ..
    } = *env;
    if site.config.profile.is_none() {
        return serde_json::json!([]);
    }
    let view = lr.ctx.view;
    let Some(first) = site.docs[i].common.stages.first() else {
        return serde_json::json!([]);
    };
    let Some(from) = journey.stage_order.iter().position(|s| s == first) else {
        return serde_json::json!([]);
    };
    let mut seen = std::collections::HashSet::new();
    let mut after = false;
    let mut picks = vec![];
    for stage in &journey.stage_order[from..] {
        let Some(lists) = view.stages.get(stage) else {
            continue;
        };
        for j in stage_order(lists) {
            if j == i {
                after = true;
                continue;
            }
            if after && seen.insert(j) {
                picks.push(j);
            }
            if picks.len() == NEXT_CANDIDATES {
                return lr.ctx.cards(&picks);
            }
        }
        // A document listed in no stage of its own (a stage it names has no page) starts
        // the walk at the next stage.
        after = true;
    }
    lr.ctx.cards(&picks)
}

/// Per stage of the home page's journey map, what the script needs to count what fits the
/// profile and to offer where to start: the stage's documents in the stage page's order
/// (`{url, title, kind, segment}`), and for each profile term (`taxonomy → code → url`) the
/// stage's segment page, where a one-term profile's stage link leads. Empty without a
/// profile: the map is then the same as without the script.
pub(super) fn journey_picks(env: &PageEnv) -> BTreeMap<String, serde_json::Value> {
    let PageEnv { site, lr, .. } = *env;
    let Some(profile) = &site.config.profile else {
        return BTreeMap::new();
    };
    let view = lr.ctx.view;
    view.stages
        .iter()
        .map(|(id, lists)| {
            let mut seen = HashSet::new();
            let docs: Vec<serde_json::Value> = stage_order(lists)
                .filter(|&j| seen.insert(j))
                .map(|j| {
                    let d = &site.docs[j];
                    serde_json::json!({
                        "url": site.doc_url(d),
                        "title": d.common.title,
                        "kind": d.kind.name(),
                        "segment": segment_value(site, j).unwrap_or_default(),
                    })
                })
                .collect();
            let segments: serde_json::Map<String, serde_json::Value> = profile
                .taxonomies
                .iter()
                .filter(|_| env.shared.segment_pages)
                .filter_map(|taxonomy| {
                    let terms = view.terms.get(taxonomy)?;
                    let urls: serde_json::Map<String, serde_json::Value> = terms
                        .values()
                        .map(|term| {
                            let url = segment_url(site, &lr.prefix, id, taxonomy, &term.slug);
                            (term.name.clone(), url.into())
                        })
                        .collect();
                    Some((taxonomy.clone(), urls.into()))
                })
                .collect();
            let picks = serde_json::json!({ "docs": docs, "segments": segments });
            (id.clone(), picks)
        })
        .collect()
}
