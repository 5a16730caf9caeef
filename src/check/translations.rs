//! Translations: missing ones, and ones older than the document they translate.
//!
//! Most hubs translate a selection of their content, so a missing translation is reported
//! only where the site shows it expects one (see [`crate::config::ExpectedTranslations`]). An outdated
//! translation is always reported: once a document is translated, readers of that language
//! should not get an older version of it.

use super::at_key;
use super::content::kind_label;
use crate::config::ExpectedTranslations;
use crate::content::Kind;
use crate::content::Site;
use crate::content::freshness;
use crate::link::Journey;
use crate::util::diagnostics::Diagnostic;

pub fn check(site: &Site, journey: &Journey, expected: ExpectedTranslations) -> Vec<Diagnostic> {
    let default = &site.config.language;
    let others: Vec<&String> = site
        .config
        .languages
        .iter()
        .filter(|l| *l != default)
        .collect();
    let mut out = vec![];
    for (key, by_lang) in journey.translations.iter() {
        let Some(&source_index) = by_lang.get(default) else {
            continue;
        };
        let source = &site.docs[source_index];
        let wanted = match expected {
            ExpectedTranslations::All => true,
            ExpectedTranslations::Off => false,
            ExpectedTranslations::Started => source.kind == Kind::Stage || by_lang.len() > 1,
        };
        for lang in &others {
            match by_lang.get(*lang) {
                None if wanted => {
                    let expected_path = translated_path(key, lang);
                    out.push(
                        Diagnostic::warning(
                            "missing-translation",
                            &source.source,
                            format!(
                                "this {} has no `{lang}` translation",
                                kind_label(source.kind)
                            ),
                        )
                        .with_hint(format!(
                            "translate it into content/{expected_path}; until then readers of `{lang}` see this version"
                        )),
                    );
                }
                None => {}
                Some(&t) => {
                    let translation = &site.docs[t];
                    let (Some((src_date, _)), Some((tr_date, tr_key))) =
                        (freshness(source), freshness(translation))
                    else {
                        continue;
                    };
                    if tr_date.day < src_date.day {
                        out.push(at_key(
                            Diagnostic::warning(
                                "outdated-translation",
                                &translation.source,
                                format!(
                                    "this `{lang}` translation dates from {}, but {} was updated on {}",
                                    tr_date.day, source.source, src_date.day
                                ),
                            )
                            .with_hint(format!(
                                "bring the translation up to date with {}, then set its `updated:` to the day you did",
                                source.source
                            )),
                            translation,
                            tr_key,
                        ));
                    }
                }
            }
        }
    }
    out
}

/// `playbooks/kickoff.md` in `en` → `playbooks/kickoff.en.md`.
fn translated_path(key: &str, lang: &str) -> String {
    match key.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => format!("{key}.{lang}"),
    }
}
