//! `journeyhub check`: every validation `build` runs, without writing anything, plus the
//! findings a marketer wants before publishing: links into the built site, orphans, stale
//! content, webinars missing a link, stages missing a kind of content or a touch model the
//! hub serves, terms used once, translations, and (on request) outbound links. Each finding
//! is a [`Diagnostic`] with a stable code; the codes and the JSON form are documented in
//! docs/check.md and docs/check-json-schema.json.

mod content;
mod cta;
mod downloads;
mod drip;
mod external;
mod links;
mod owners;
mod terms;
mod translations;

pub use content::{Limit, stale_limit};
pub use external::ExternalOptions;
pub use owners::owner_of;

use crate::config::ExpectedTranslations;
use crate::content::{Document, Site};
use crate::link::Journey;
use crate::pipeline::{
    BuildOptions, Caches, PREVIEWABLE, load_despite_errors, render_site, render_site_serving,
};
use crate::render::{Progress, RenderedSite};
use crate::util::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::util::messages::{Lang, t};
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of the JSON that `check --format json` prints. It changes only when a field
/// is removed or changes meaning; new codes and new fields keep it.
pub const JSON_VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site to check, the time to check it at, and whether drafts count.
    pub build: BuildOptions,
    /// Outbound http(s) links are fetched only when this is set: it needs the network.
    pub external: Option<ExternalOptions>,
    /// Which translations a missing one is reported for (docs/check.md); the default,
    /// [`ExpectedTranslations::Started`], when None.
    pub translations: Option<ExpectedTranslations>,
}

impl CheckOptions {
    pub fn new(build: BuildOptions) -> Self {
        CheckOptions {
            build,
            external: None,
            translations: None,
        }
    }
}

/// Every finding of one check, sorted by file and position.
#[derive(Debug, Clone, Default)]
pub struct CheckResult {
    pub diagnostics: Diagnostics,
    /// The owner of each document file that has one (see [`owner_of`]).
    pub owners: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
    /// With `--group-by owner`: the same findings again, by owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    owners: Option<Vec<owners::Group<'a>>>,
}

impl CheckResult {
    pub fn errors(&self) -> usize {
        self.diagnostics.errors().count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.warnings().count()
    }

    /// 0 when clean or only warned, 1 on any error, 2 on warnings when they are denied.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        if self.errors() > 0 {
            1
        } else if deny_warnings && self.warnings() > 0 {
            2
        } else {
            0
        }
    }

    /// The stable JSON form (docs/check-json-schema.json), pretty-printed, ending in a newline.
    pub fn to_json(&self) -> String {
        self.json(None)
    }

    /// The JSON form with the findings also listed by owner, under `owners`: the flat list
    /// stays, so that a reader of the plain form reads this one too.
    pub fn to_json_by_owner(&self) -> String {
        self.json(Some(owners::group(&self.diagnostics, &self.owners)))
    }

    fn json(&self, owners: Option<Vec<owners::Group>>) -> String {
        let out = JsonOutput {
            version: JSON_VERSION,
            errors: self.errors(),
            warnings: self.warnings(),
            diagnostics: &self.diagnostics.0,
            owners,
        };
        let mut text = serde_json::to_string_pretty(&out).expect("diagnostics serialize");
        text.push('\n');
        text
    }

    /// The terminal form by owner: a heading per owner, then their findings.
    pub fn to_text_by_owner(&self) -> String {
        self.to_text_by_owner_in(Lang::En)
    }

    /// [`Self::to_text_by_owner`] with the headings in `lang`.
    pub fn to_text_by_owner_in(&self, lang: Lang) -> String {
        owners::to_text(&owners::group(&self.diagnostics, &self.owners), lang)
    }

    /// The one line a terminal report ends with, in English.
    pub fn summary_line(&self) -> String {
        self.summary_line_in(Lang::En)
    }

    /// The one line a terminal report ends with.
    pub fn summary_line_in(&self, lang: Lang) -> String {
        let (errors, warnings) = (self.errors(), self.warnings());
        let notes = self
            .diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .count();
        let notes = match notes {
            0 => String::new(),
            1 => t("summary.one-note").render(lang),
            n => t("summary.notes").arg("n", n).render(lang),
        };
        let line = if errors == 0 && warnings == 0 {
            t("summary.check-passed")
        } else {
            t("summary.check-found")
                .arg("errors", errors)
                .arg("warnings", warnings)
        };
        line.arg("notes", notes).render(lang)
    }
}

/// Runs every check. Nothing is written: the site is rendered into memory only, so template
/// errors are found as `build` would find them. A site with errors still gets every other
/// finding, so that one run names all there is to fix.
pub fn run(options: &CheckOptions) -> CheckResult {
    let built = render_site(&options.build, &Progress::default()).or_else(|errors| {
        // Broken links and missing files leave every page renderable (the preview shows
        // them): such a site gets every finding, those that read its pages included.
        if !errors.errors().all(|d| PREVIEWABLE.contains(&d.code)) {
            return Err(errors);
        }
        let mut caches = Caches::default();
        render_site_serving(&options.build, &Progress::default(), &mut caches).map_err(|_| errors)
    });
    let mut result = match built {
        Ok(built) => {
            let mut diagnostics = built.warnings.clone();
            diagnostics.extend(findings(
                &built.site,
                &built.journey,
                Some(&built.rendered),
                options,
            ));
            CheckResult {
                diagnostics,
                owners: owners::by_file(&built.site),
            }
        }
        // The site cannot be rendered (front matter, stages or templates are wrong): what is
        // found without its pages is still reported with the errors.
        Err(mut diagnostics) => {
            let mut owners = BTreeMap::new();
            if let Ok((site, journey, loaded)) = load_despite_errors(&options.build) {
                diagnostics.extend(loaded.0);
                diagnostics.extend(findings(&site, &journey, None, options));
                owners = owners::by_file(&site);
            }
            CheckResult {
                diagnostics,
                owners,
            }
        }
    };
    result.diagnostics.sort();
    result
}

/// The findings of `check` beyond loading and rendering. Anchors and `/`-rooted links are
/// checked against the rendered pages, so only when there are pages.
fn findings(
    site: &Site,
    journey: &Journey,
    rendered: Option<&RenderedSite>,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let mut diagnostics = vec![];
    let body_links = links::collect(site);
    if let Some(rendered) = rendered {
        diagnostics.extend(links::check_internal(site, journey, rendered, &body_links));
    }
    diagnostics.extend(content::orphans(site, journey));
    diagnostics.extend(content::stale(site));
    diagnostics.extend(content::webinars(site, journey));
    diagnostics.extend(content::scheduled(site));
    diagnostics.extend(content::stage_gaps(site, journey));
    diagnostics.extend(content::touch_gaps(site, journey));
    diagnostics.extend(cta::gaps(site, journey));
    diagnostics.extend(downloads::downloads(site));
    diagnostics.extend(terms::single_use(site));
    diagnostics.extend(drip::check(site, journey));
    // The command line wins over site-config, which wins over the default.
    let expected = options
        .translations
        .or(site.config.translations)
        .unwrap_or_default();
    diagnostics.extend(translations::check(site, journey, expected));
    if let Some(external) = &options.external {
        let outbound = links::outbound(site, &body_links);
        diagnostics.extend(external::check(site, &outbound, external));
    }
    diagnostics
}

/// The line of a top-level front-matter key, or 0 when the key is not written.
pub(crate) fn key_line(doc: &Document, key: &str) -> usize {
    let prefix = format!("{key}:");
    doc.text()
        .lines()
        .enumerate()
        .skip(1)
        .take(doc.body_line.saturating_sub(2))
        .find(|(_, l)| l.starts_with(&prefix))
        .map_or(0, |(i, _)| i + 1)
}

/// Points a finding at the value of a front-matter key when it is written, else at the
/// whole file.
pub(crate) fn at_key(d: Diagnostic, doc: &Document, key: &str) -> Diagnostic {
    let line = key_line(doc, key);
    let Some(text) = doc
        .text()
        .lines()
        .nth(line.wrapping_sub(1))
        .filter(|_| line > 0)
    else {
        return d;
    };
    let after_colon = &text[key.len() + 1..];
    let spaces = after_colon.len() - after_colon.trim_start().len();
    let column = key.len() + 1 + after_colon[..spaces].chars().count() + 1;
    d.at(doc.text(), line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_worst_finding() {
        let warn = Diagnostic::warning("stale", "content/a.md", "old");
        let err = Diagnostic::error("broken-link", "content/a.md", "broken");
        let result = |ds: Vec<Diagnostic>| CheckResult {
            diagnostics: Diagnostics(ds),
            ..CheckResult::default()
        };
        assert_eq!(result(vec![]).exit_code(true), 0);
        assert_eq!(result(vec![warn.clone()]).exit_code(false), 0);
        assert_eq!(result(vec![warn.clone()]).exit_code(true), 2);
        assert_eq!(result(vec![warn.clone(), err.clone()]).exit_code(true), 1);
        assert_eq!(result(vec![err]).exit_code(false), 1);
    }
}
