//! Stage readiness (site-config `readiness:`): the offer of the next stage and its call to
//! action, in the stage page and on the journey map, hidden until the theme script finds the
//! reader has ticked that share of the stage's checklist steps.

use super::PageEnv;
use crate::content::Site;
use crate::link::{Journey, LanguageView};
use crate::render::context::StageSummary;
use crate::render::cta::CtaView;
use serde::Serialize;
use std::collections::BTreeMap;

/// A playbook's checklist: its address (the key the theme script keeps ticks under) and its
/// number of steps.
#[derive(Serialize)]
pub(super) struct Checklist {
    url: String,
    steps: usize,
}

/// The checklists of a stage's playbooks.
pub(super) fn checklists(
    site: &Site,
    journey: &Journey,
    view: &LanguageView,
    stage: &str,
) -> Vec<Checklist> {
    view.stages.get(stage).map_or_else(Vec::new, |lists| {
        lists
            .playbooks
            .iter()
            .filter(|&&i| *journey.steps[i] > 0)
            .map(|&i| Checklist {
                url: site.doc_url(&site.docs[i]),
                steps: *journey.steps[i],
            })
            .collect()
    })
}

#[derive(Serialize)]
pub(super) struct Offer<'a> {
    /// The share of steps to tick, as written in site-config.
    share: f64,
    /// The checklists counted, as JSON for the markup.
    checklists: String,
    next: &'a StageSummary,
    /// The next stage's call to action: its own, else its default in site-config.
    cta: Option<CtaView>,
}

/// The offer a stage makes once ready: none without `readiness:`, for the last stage, or
/// for a stage without checklists.
pub(super) fn offer<'a>(env: &PageEnv<'a>, stage: &str) -> Option<Offer<'a>> {
    let share = env.site.config.readiness?;
    let ctx = &env.lr.ctx;
    let next_id = env.journey.next_stage.get(stage)?;
    let next = ctx.stage(next_id)?;
    let list = checklists(env.site, env.journey, ctx.view, stage);
    if list.is_empty() {
        return None;
    }
    let cta = ctx
        .view
        .stage_docs
        .get(next_id)
        .and_then(|&i| crate::render::cta::for_doc(env.site, env.journey, i));
    Some(Offer {
        share,
        checklists: serde_json::to_string(&list).unwrap_or_default(),
        next,
        cta,
    })
}

/// Every stage's offer, by stage id, for the journey map (null for a stage without one,
/// so the template may look up any stage).
pub(super) fn offers<'a>(env: &PageEnv<'a>) -> BTreeMap<String, Option<Offer<'a>>> {
    env.lr
        .ctx
        .view
        .stages
        .keys()
        .map(|id| (id.clone(), offer(env, id)))
        .collect()
}
