//! Calls to action that point at a page of the hub (`cta: {url: "@/playbooks/kickoff.md"}`):
//! resolved like the `@/` links of a body, so a moved or renamed page is an error where the
//! call to action is written, with the path it most likely meant.

use super::Linker;
use crate::content::Site;
use crate::markdown::LinkError;
use crate::util::diagnostics::{Diagnostic, column_of};
use crate::util::messages::t;
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
                            t("broken-link.cta").arg("url", &cta.url).text("why", why),
                        )
                        .at(doc.text(), cta.line, column)
                        .with_hint(
                            t("broken-link.cta.hint").arg("example", "@/playbooks/kickoff.md"),
                        ),
                    );
                    None
                }
            }
        })
        .collect();
    (targets, diagnostics)
}

/// Language → setting of site-config that names a page of the hub (`feedback.referral`,
/// `cta.stages.<id>`) → the document it leads to in that language.
pub type ConfigPages = BTreeMap<String, BTreeMap<String, usize>>;

/// The pages of the hub that site-config names with `@/` (the NPS page's links, stage
/// defaults of `cta.stages`), in each language, and the paths that lead nowhere (reported
/// once, at their line of site-config.yaml).
pub(super) fn resolve_config_pages(site: &Site, linker: &Linker) -> (ConfigPages, Vec<Diagnostic>) {
    let mut settings: Vec<(String, &str, usize)> = vec![];
    if let Some(f) = &site.config.feedback {
        for (key, value) in [
            ("referral", &f.referral),
            ("review", &f.review),
            ("support", &f.support),
        ] {
            if let Some(value) = value {
                settings.push((format!("feedback.{key}"), value, f.line));
            }
        }
    }
    for (id, cta) in &site.config.cta.stages {
        settings.push((format!("cta.stages.{id}"), &cta.url, cta.line));
    }
    let mut pages = ConfigPages::new();
    let mut diagnostics = vec![];
    let mut text = None;
    for (setting, value, line) in settings {
        let Some(target) = value.strip_prefix("@/") else {
            continue;
        };
        let target = target.split('#').next().unwrap_or_default();
        for lang in &site.config.languages {
            match linker.resolve(lang, target) {
                Ok(i) => {
                    pages
                        .entry(lang.clone())
                        .or_default()
                        .insert(setting.clone(), i);
                }
                Err(LinkError::Missing(why)) if lang == &site.config.language => {
                    let text = text.get_or_insert_with(|| {
                        std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE))
                            .unwrap_or_default()
                    });
                    let key = setting.rsplit('.').next().unwrap_or_default();
                    let line = crate::util::yaml::item_line(text, line, &format!("{key}:"));
                    let line = crate::util::yaml::item_line(text, line, "@/");
                    diagnostics.push(
                        Diagnostic::error(
                            "broken-link",
                            crate::config::CONFIG_FILE,
                            t("broken-link.setting")
                                .arg("setting", &setting)
                                .arg("url", value)
                                .text("why", why),
                        )
                        .at(text, line, column_of(text, line, value))
                        .with_hint(t("broken-link.cta.hint").arg("example", "@/pages/referral.md")),
                    );
                }
                Err(_) => {}
            }
        }
    }
    (pages, diagnostics)
}
