//! Calls to action that point at a page of the hub (`cta: {url: "@/playbooks/kickoff.md"}`):
//! resolved like the `@/` links of a body, so a moved or renamed page is an error where the
//! call to action is written, with the path it most likely meant.

use super::Linker;
use crate::content::Site;
use crate::markdown::LinkError;
use crate::util::diagnostics::{Diagnostic, column_of};
use std::collections::BTreeMap;

/// Where a call to action leads inside the hub: the document and the anchor written after `#`.
pub type CtaTarget = Option<(usize, Option<String>)>;

/// Each document's call-to-action target when its `cta.url` starts with `@/`, and the ones
/// that lead nowhere.
pub(super) fn resolve_ctas(site: &Site, linker: &Linker) -> (Vec<CtaTarget>, Vec<Diagnostic>) {
    let mut diagnostics = vec![];
    let targets = site
        .docs
        .iter()
        .map(|doc| {
            let cta = doc.common.cta.as_ref()?;
            let target = cta.url.strip_prefix("@/")?;
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a.to_string())),
                None => (target, None),
            };
            match linker.resolve(&doc.lang, path) {
                Ok(i) => Some((i, anchor)),
                // Inherited by a translation (line 0): its original reports it.
                Err(LinkError::Unreadable) => None,
                Err(LinkError::Missing(_)) if cta.line == 0 => None,
                Err(LinkError::Missing(why)) => {
                    let column = column_of(doc.text(), cta.line, &cta.url);
                    diagnostics.push(
                        Diagnostic::error(
                            "broken-link",
                            &doc.source,
                            format!(
                                "the call to action leads to `{}`, a page that does not exist: {why}",
                                cta.url
                            ),
                        )
                        .at(doc.text(), cta.line, column)
                        .with_hint(
                            "write the path under content/ of an existing document after `@/`, e.g. `@/playbooks/kickoff.md`",
                        ),
                    );
                    None
                }
            }
        })
        .collect();
    (targets, diagnostics)
}

/// Language → `feedback` setting (`referral`, `review`, `support`) → the document it leads
/// to, for the settings written as a page of the hub (`"@/pages/referral.md"`).
pub type FeedbackPages = BTreeMap<String, BTreeMap<&'static str, usize>>;

/// The pages of the hub the NPS page leads to, in each language, and the paths that lead
/// nowhere (reported once, at their line of site-config.yaml).
pub(super) fn resolve_feedback(site: &Site, linker: &Linker) -> (FeedbackPages, Vec<Diagnostic>) {
    let mut pages = FeedbackPages::new();
    let mut diagnostics = vec![];
    let Some(feedback) = &site.config.feedback else {
        return (pages, diagnostics);
    };
    let settings = [
        ("referral", &feedback.referral),
        ("review", &feedback.review),
        ("support", &feedback.support),
    ];
    for (key, value) in settings {
        let Some(target) = value.as_deref().and_then(|v| v.strip_prefix("@/")) else {
            continue;
        };
        for lang in &site.config.languages {
            match linker.resolve(lang, target) {
                Ok(i) => {
                    pages.entry(lang.clone()).or_default().insert(key, i);
                }
                Err(LinkError::Missing(why)) if lang == &site.config.language => {
                    let text = std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE))
                        .unwrap_or_default();
                    let line =
                        crate::util::yaml::item_line(&text, feedback.line, &format!("{key}:"));
                    diagnostics.push(
                        Diagnostic::error(
                            "broken-link",
                            crate::config::CONFIG_FILE,
                            format!("`feedback.{key}` leads to `@/{target}`, a page that does not exist: {why}"),
                        )
                        .at(&text, line, 1)
                        .with_hint("write the path under content/ of an existing document after `@/`, e.g. `@/pages/referral.md`"),
                    );
                }
                Err(_) => {}
            }
        }
    }
    (pages, diagnostics)
}
