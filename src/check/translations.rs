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
use crate::util::messages::{Text, t};

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
                            t("missing-translation")
                                .phrase("kind", kind_label(source.kind))
                                .arg("lang", lang),
                        )
                        .with_hint(
                            t("missing-translation.hint")
                                .arg("path", &expected_path)
                                .arg("lang", lang),
                        ),
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
    let hint = t("outdated-translation.hint").arg("source", &source.source);
    let (src_date, tr_date) = (freshness(source), freshness(translation));
    if let (Some((src, _)), Some((tr, tr_key))) = (src_date, tr_date)
        && tr.day < src.day
    {
        let message = t("outdated-translation.dated")
            .arg("lang", lang)
            .arg("day", tr.day)
            .arg("source", &source.source)
            .arg("source_day", src.day);
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
        Some((last, rest)) => {
            let rest = rest
                .iter()
                .cloned()
                .reduce(|a, b| t("list.comma").text("a", a).text("b", b))
                .expect("rest is not empty");
            t("list.and").text("a", rest).text("b", last.clone())
        }
    };
    let dated = match src_date {
        Some((d, _)) => t("outdated-translation.both-dated").arg("day", d.day),
        None => t("outdated-translation.neither-dated"),
    };
    let message = t("outdated-translation.grown")
        .arg("source", &source.source)
        .text("grown", grown)
        .arg("lang", lang)
        .text("dated", dated);
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
                t("translation-differs")
                    .arg("key", key)
                    .arg("ours", shown(ours))
                    .arg("theirs", shown(theirs))
                    .arg("source", &source.source),
            )
            .with_hint(t("translation-differs.hint").arg("source", &source.source));
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
    fn grown_since(&self, older: &Shape) -> Vec<Text> {
        [
            (self.headings, older.headings, t("count.headings")),
            (self.steps, older.steps, t("count.steps")),
            (self.kpis, older.kpis, t("count.kpis")),
            (self.results, older.results, t("count.results")),
        ]
        .into_iter()
        .filter(|(now, then, _)| now > then)
        .map(|(now, then, words)| {
            let n = now - then;
            // English adds an `s` for more than one; Japanese has no plural and leaves it out.
            let one = if n == 1 { "" } else { "s" };
            words.arg("n", n).arg("s", one)
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
