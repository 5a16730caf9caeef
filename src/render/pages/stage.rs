//! A stage page: its goal, KPIs and body, and what it offers by kind.

use super::PageEnv;
use super::common::excerpt;
use super::common::{page_common, put};
use crate::render::context::{Kpi, StageDetail};
use crate::util::diagnostics::Diagnostic;

pub(super) fn page(env: &PageEnv, id: &str) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv {
        site, journey, lr, ..
    } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let summary = ctx.stage(id).ok_or_else(|| {
        Diagnostic::error(
            "internal",
            format!("content/stages/{id}.md"),
            crate::util::messages::t("internal.no-stage"),
        )
    })?;
    let doc_index = view.stage_docs[id];
    let doc = &site.docs[doc_index];
    let meta = doc
        .stage_meta()
        .expect("stage documents carry stage metadata");
    let rendered = &journey.rendered[doc_index];
    let description = doc
        .common
        .summary
        .clone()
        .or_else(|| meta.goal.clone())
        .unwrap_or_else(|| excerpt(&rendered.html, 120));
    let mut c = page_common(env, "stage", &doc.common.title, &description);
    let detail = StageDetail {
        summary,
        kpis: meta
            .kpis
            .iter()
            .map(|k| Kpi {
                name: &k.name,
                target: k.target.as_deref().unwrap_or(""),
            })
            .collect(),
        content: crate::render::links::tag_outbound(site, &rendered.html, id, id),
        toc: &rendered.toc,
    };
    let lists = &view.stages[id];
    c.insert("stage", &detail);
    c.insert(
        "cta",
        &crate::render::cta::for_doc(site, journey, doc_index),
    );
    c.insert(
        "prev_stage",
        &journey.prev_stage(id).and_then(|p| ctx.stage(p)),
    );
    c.insert(
        "next_stage",
        &journey.next_stage.get(id).and_then(|n| ctx.stage(n)),
    );
    put(&mut c, "playbooks", ctx.cards(&lists.playbooks));
    put(&mut c, "case_studies", ctx.cards(&lists.case_studies));
    put(
        &mut c,
        "webinars_upcoming",
        ctx.cards(&lists.webinars_upcoming),
    );
    put(
        &mut c,
        "webinars_on_demand",
        ctx.cards(&lists.webinars_on_demand),
    );
    put(&mut c, "pages", ctx.cards(&lists.pages));
    put(&mut c, "segments", super::segment::stage_segments(env, id));
    c.insert("readiness", &super::readiness::offer(env, id));
    Ok(("stage.html", c))
}
