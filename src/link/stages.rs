//! The journey's stages in order, each stage's next one, and every reference to a stage
//! that does not exist.

use crate::content::{Document, Kind, Site, Spanned};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use std::collections::BTreeMap;

pub(super) fn order_stages(
    site: &Site,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<String>, BTreeMap<String, String>) {
    let mut stages: Vec<&Document> = site
        .docs
        .iter()
        .map(|d| &***d)
        .filter(|d| d.kind == Kind::Stage && d.lang == site.config.language)
        .collect();
    stages.sort_by_key(|d| (d.stage_meta().map_or(0, |s| s.order), d.slug.clone()));
    for pair in stages.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (oa, ob) = (
            a.stage_meta().map_or(0, |s| s.order),
            b.stage_meta().map_or(0, |s| s.order),
        );
        if oa == ob {
            let line = line_of_key(b.text(), "order");
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-order",
                    &b.source,
                    t("duplicate-order")
                        .arg("stage", &b.slug)
                        .arg("order", ob)
                        .arg("other", &a.slug)
                        .arg("source", &a.source),
                )
                .at(b.text(), line, 1)
                .with_hint(t("duplicate-order.hint")),
            );
        }
    }
    let order: Vec<String> = stages.iter().map(|d| d.slug.clone()).collect();
    let mut next = BTreeMap::new();
    for (i, d) in stages.iter().enumerate() {
        let explicit = d.stage_meta().and_then(|s| s.next.clone());
        match explicit {
            Some(Spanned { value, line }) => {
                if order.contains(&value) {
                    next.insert(d.slug.clone(), value);
                } else if line > 0 {
                    // (At line 0 a translation inherited it: its original reports it.)
                    diagnostics.push(unknown_stage(d, &value, line, &order, "next"));
                }
            }
            None => {
                if let Some(n) = order.get(i + 1) {
                    next.insert(d.slug.clone(), n.clone());
                }
            }
        }
    }
    // A translated stage must translate a stage that exists.
    for d in site.docs.iter().filter(|d| d.kind == Kind::Stage) {
        if d.lang != site.config.language && !order.contains(&d.slug) {
            diagnostics.push(
                Diagnostic::error(
                    "orphan-translation",
                    &d.source,
                    t("orphan-translation.stage").arg("stage", &d.slug),
                )
                .with_hint(t("orphan-translation.stage.hint")),
            );
        }
    }
    (order, next)
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .map_or(1, |i| i + 1)
}

fn unknown_stage(doc: &Document, id: &str, line: usize, order: &[String], key: &str) -> Diagnostic {
    let known: Vec<&str> = order.iter().map(String::as_str).collect();
    let hint = match crate::util::yaml::closest(id, &known) {
        Some(k) => t("unknown-key.did-you-mean").arg("closest", k),
        None if known.is_empty() => t("unknown-stage.none"),
        None => t("unknown-stage.known").arg("known", known.join(", ")),
    };
    let column = doc
        .text()
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find(id))
        .map_or(1, |b| {
            doc.text().lines().nth(line - 1).unwrap()[..b]
                .chars()
                .count()
                + 1
        });
    Diagnostic::error(
        "unknown-stage",
        &doc.source,
        t("unknown-stage").arg("key", key).arg("id", id),
    )
    .at(doc.text(), line, column)
    .with_hint(hint)
}

pub(super) fn check_stage_references(
    site: &Site,
    order: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for d in &site.docs {
        // Stages a translation inherits (written at line 0) are its original's to report.
        if d.common.stage_line == 0 && !site.config.is_default_language(&d.lang) {
            continue;
        }
        for id in &d.common.stages {
            if !order.contains(id) {
                diagnostics.push(unknown_stage(d, id, d.common.stage_line, order, "stage"));
            }
        }
    }
}
