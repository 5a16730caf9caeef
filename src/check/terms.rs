//! Terms of a taxonomy that has no list of allowed terms (`taxonomy_terms:`): one that a
//! single document uses is likely a typo of another (`製造` beside `製造業`), and makes a
//! term page that lists one document.

use super::key_line;
use crate::content::Site;
use crate::content::front_matter::term_position;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use crate::util::suggest::closest_term;
use crate::util::urls::slugify;
use std::collections::{BTreeMap, BTreeSet};

/// One term of a taxonomy, grouped by its page (its slug), as the documents write it.
#[derive(Default)]
struct TermUse<'s> {
    /// The documents using it, by translation key: a document and its translations are one.
    keys: BTreeSet<&'s str>,
    /// Each file that writes it (default language first, then by path) and how.
    written: Vec<(usize, &'s str)>,
}

pub fn single_use(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut out = vec![];
    for taxonomy in &config.taxonomies {
        if config.taxonomy_terms.contains_key(taxonomy) {
            continue;
        }
        let mut terms: BTreeMap<String, TermUse> = BTreeMap::new();
        // `touch` takes one of a few fixed values, checked where it is read: never a typo.
        if taxonomy == "touch" {
            continue;
        }
        for (i, doc) in site.docs.iter().enumerate() {
            for term in doc.common.terms.get(taxonomy).into_iter().flatten() {
                let used = terms.entry(slugify(term)).or_default();
                used.keys.insert(&doc.translation_key);
                used.written.push((i, term));
            }
        }
        // Each other term by the spelling most of its documents use, with their number.
        let others: Vec<(&str, usize)> = terms
            .values()
            .map(|u| (most_written(u), u.keys.len()))
            .collect();
        for used in terms.values().filter(|u| u.keys.len() == 1) {
            let default_first = used
                .written
                .iter()
                .min_by_key(|(i, _)| (!config.is_default_language(&site.docs[*i].lang), *i));
            let Some(&(i, term)) = default_first else {
                continue;
            };
            let doc = &site.docs[i];
            let candidates = others.iter().filter(|(t, _)| *t != term).map(|(t, _)| *t);
            let listing = t("single-use-term.listing").arg("taxonomy", taxonomy).arg(
                "example",
                format!("taxonomy_terms: {{{taxonomy}: [{term}, ...]}}"),
            );
            let hint = match closest_term(term, candidates) {
                Some(meant) => {
                    let count = others.iter().find(|(t, _)| *t == meant).map_or(0, |o| o.1);
                    t("single-use-term.did-you-mean")
                        .arg("meant", meant)
                        .arg("count", count)
                        .arg("s", if count == 1 { "" } else { "s" })
                        .arg("term", term)
                        .text("listing", listing)
                }
                None => t("single-use-term.hint")
                    .arg("term", term)
                    .text("listing", listing),
            };
            let (line, column) = match key_line(doc, taxonomy) {
                0 => (0, 0),
                key => term_position(doc.text(), key, term),
            };
            out.push(
                Diagnostic::warning(
                    "single-use-term",
                    &doc.source,
                    t("single-use-term")
                        .arg("term", term)
                        .arg("taxonomy", taxonomy),
                )
                .at(doc.text(), line, column)
                .with_hint(hint),
            );
        }
    }
    out
}

/// The spelling of a term that most of its files use (the first in order on a tie).
fn most_written<'s>(used: &TermUse<'s>) -> &'s str {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, t) in &used.written {
        *counts.entry(t).or_default() += 1;
    }
    used.written
        .iter()
        .map(|(_, t)| *t)
        .max_by_key(|t| {
            (
                counts[t],
                std::cmp::Reverse(used.written.iter().position(|(_, w)| w == t)),
            )
        })
        .unwrap_or_default()
}
