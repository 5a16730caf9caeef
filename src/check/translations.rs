//! Translations: missing ones, ones older than the document they translate, and ones that
//! set a key they inherit to another value.
//!
//! Most hubs translate a selection of their content, so a missing translation is reported
//! only where the site shows it expects one (see [`crate::config::ExpectedTranslations`]). An outdated
//! translation is always reported: once a document is translated, readers of that language
//! should not get an older version of it.

use super::content::kind_label;
use super::{at_key, key_line};
use crate::config::ExpectedTranslations;
use crate::content::front_matter::{inherited_keys, value_of};
use crate::content::{Document, Kind, KindMeta, Site, freshness};
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
                    out.extend(outdated(site, journey, source_index, t, lang));
                    out.extend(differing(site, source, &site.docs[t]));
                }
            }
        }
    }
    out
}

/// A translation older than its source, by date or, when both carry the same date (or none),
/// by content: the source has headings, steps, KPIs or result figures the translation lacks.
/// Someone who adds a KPI seldom thinks of the date, and never of the other languages.
fn outdated(
    site: &Site,
    journey: &Journey,
    source_index: usize,
    translation_index: usize,
    lang: &str,
) -> Option<Diagnostic> {
    let (source, translation) = (&site.docs[source_index], &site.docs[translation_index]);
    let hint = format!(
        "bring the translation up to date with {}, then set its `updated:` to the day you did",
        source.source
    );
    let (src_date, tr_date) = (freshness(source), freshness(translation));
    if let (Some((src, _)), Some((tr, tr_key))) = (src_date, tr_date)
        && tr.day < src.day
    {
        let message = format!(
            "this `{lang}` translation dates from {}, but {} was updated on {}",
            tr.day, source.source, src.day
        );
        let d = Diagnostic::warning("outdated-translation", &translation.source, message);
        return Some(at_key(d.with_hint(hint), translation, tr_key));
    }
    let same_date = src_date.map(|(d, _)| d.day) == tr_date.map(|(d, _)| d.day);
    let (src_shape, tr_shape) = (
        Shape::of(journey, source_index, source),
        Shape::of(journey, translation_index, translation),
    );
    let grown = src_shape?.grown_since(&tr_shape?);
    let grown = match grown.split_last() {
        _ if !same_date => return None,
        None => return None,
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    };
    let dated = match src_date {
        Some((d, _)) => format!("both are dated {}", d.day),
        None => "neither is dated".to_string(),
    };
    let message = format!(
        "{} has {} more than this `{lang}` translation, though {dated}: the source grew after it was translated",
        source.source, grown
    );
    let d =
        Diagnostic::warning("outdated-translation", &translation.source, message).with_hint(hint);
    Some(match tr_date {
        Some((_, key)) => at_key(d, translation, key),
        None => d,
    })
}

/// The keys a translation inherits but writes itself, with another value than its source:
/// pages in two languages would then disagree on the facts (a webinar's time, a stage).
fn differing(site: &Site, source: &Document, translation: &Document) -> Vec<Diagnostic> {
    let config = &site.config;
    inherited_keys(translation.kind, config)
        .into_iter()
        .filter(|key| key_line(translation, key) > 0)
        .filter_map(|key| {
            let (theirs, ours) = (
                value_of(source, key, config),
                value_of(translation, key, config),
            );
            if theirs == ours {
                return None;
            }
            let shown = |v: Option<String>| v.map_or("not set".to_string(), |v| format!("`{v}`"));
            let d = Diagnostic::warning(
                "translation-differs",
                &translation.source,
                format!(
                    "`{key}` is {} here but {} in {}, which this translates",
                    shown(ours),
                    shown(theirs),
                    source.source
                ),
            )
            .with_hint(format!(
                "remove the key to inherit it from {}, or make it the same; only text (title, summary, body, ...) is written per language",
                source.source
            ));
            Some(at_key(d, translation, key))
        })
        .collect()
}

/// What a translation carries over from its source, counted.
struct Shape {
    headings: usize,
    steps: usize,
    kpis: usize,
    results: usize,
}

impl Shape {
    /// None when the body was not rendered (a document that failed to load).
    fn of(journey: &Journey, index: usize, doc: &Document) -> Option<Shape> {
        let body = journey.rendered.get(index)?;
        Some(Shape {
            headings: body.toc.len(),
            steps: body.steps,
            kpis: doc.stage_meta().map_or(0, |s| s.kpis.len()),
            results: match &doc.meta {
                KindMeta::CaseStudy(c) => c.results.len(),
                _ => 0,
            },
        })
    }

    /// What `self` has more of than `older`, in words: `1 heading`, `2 steps`.
    fn grown_since(&self, older: &Shape) -> Vec<String> {
        [
            (self.headings, older.headings, "heading", "headings"),
            (self.steps, older.steps, "step", "steps"),
            (self.kpis, older.kpis, "KPI", "KPIs"),
            (
                self.results,
                older.results,
                "result figure",
                "result figures",
            ),
        ]
        .into_iter()
        .filter(|(now, then, _, _)| now > then)
        .map(|(now, then, one, many)| {
            let n = now - then;
            format!("{n} {}", if n == 1 { one } else { many })
        })
        .collect()
    }
}

/// `playbooks/kickoff.md` in `en` → `playbooks/kickoff.en.md`.
fn translated_path(key: &str, lang: &str) -> String {
    match key.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => format!("{key}.{lang}"),
    }
}
