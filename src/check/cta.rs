//! Calls to action a stage should offer (`cta.expect` in site-config.yaml): expansion in the
//! expansion stage, a referral in advocacy. A stage offers a kind when its default in
//! `cta.stages` is of that kind or a document of the stage, in the site's language, has a
//! `cta:` of that kind.

use crate::content::Site;
use crate::link::Journey;
use crate::util::diagnostics::{Diagnostic, column_of};
use crate::util::messages::t;

pub fn gaps(site: &Site, journey: &Journey) -> Vec<Diagnostic> {
    let cta = &site.config.cta;
    let view = journey.view(&site.config.language);
    // Only to quote the line of a stage it names that does not exist.
    let config_text =
        std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap_or_default();
    let mut out = vec![];
    for (id, (kind, line)) in &cta.expect {
        let (Some(lists), Some(&stage_doc)) = (view.stages.get(id), view.stage_docs.get(id)) else {
            let known: Vec<&str> = journey.stage_order.iter().map(String::as_str).collect();
            let hint = match crate::util::yaml::closest(id, &known) {
                Some(k) => t("hint.did-you-mean").arg("closest", k),
                None => t("unknown-stage.known").arg("known", known.join(", ")),
            };
            out.push(
                Diagnostic::error(
                    "unknown-stage",
                    "site-config.yaml",
                    t("unknown-stage.cta-expect").arg("id", id),
                )
                .at(&config_text, *line, column_of(&config_text, *line, id))
                .with_hint(hint),
            );
            continue;
        };
        if cta.stages.get(id).is_some_and(|c| &c.kind == kind) {
            continue;
        }
        let offered = [
            &lists.playbooks,
            &lists.case_studies,
            &lists.webinars_upcoming,
            &lists.webinars_on_demand,
            &lists.pages,
        ]
        .iter()
        .flat_map(|list| list.iter())
        .chain(std::iter::once(&stage_doc))
        .any(|&i| {
            site.docs[i]
                .common
                .cta
                .as_ref()
                .is_some_and(|c| &c.kind == kind)
        });
        if offered {
            continue;
        }
        let stage = &site.docs[stage_doc];
        out.push(
            Diagnostic::warning(
                "cta-gap",
                &stage.source,
                t("cta-gap")
                    .arg("id", id)
                    .arg("title", &stage.common.title)
                    .arg("kind", kind),
            )
            .with_hint(t("cta-gap.hint").arg("id", id).arg("kind", kind).arg(
                "example",
                format!("cta: {{label: …, url: …, kind: {kind}}}"),
            )),
        );
    }
    out
}
