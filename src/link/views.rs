//! A language's view of the site: which documents it shows, each stage's lists, taxonomy
//! terms and next steps.

use super::sort::{sort_by_date_then_title, sort_listed, sort_webinars};
use super::{LanguageView, NEXT_STEP_LIMIT, StageLists, Term};
use crate::config::MissingTranslations;
use crate::content::reads::{Source, Watched};
use crate::content::{Kind, Site};
use crate::util::urls::slugify;
use std::collections::BTreeMap;

pub(super) fn build_view(
    site: &Site,
    (lang_index, lang): (usize, &str),
    translations: &BTreeMap<String, BTreeMap<String, usize>>,
    stage_order: &[String],
    next_stage: &BTreeMap<String, String>,
) -> LanguageView {
    let config = &site.config;
    let fallback = config.missing_translations == MissingTranslations::Fallback;
    let mut docs = vec![];
    let mut stage_docs = BTreeMap::new();
    let mut home = None;
    for by_lang in translations.values() {
        let chosen = by_lang.get(lang).copied().or_else(|| {
            by_lang
                .get(&config.language)
                .copied()
                .filter(|&i| fallback || site.docs[i].kind == Kind::Stage)
        });
        let Some(i) = chosen else { continue };
        match site.docs[i].kind {
            Kind::Stage => {
                stage_docs.insert(site.docs[i].slug.clone(), i);
            }
            Kind::Home => home = Some(i),
            _ => docs.push(i),
        }
    }
    docs.sort_unstable();

    let mut stages: BTreeMap<String, StageLists> = stage_order
        .iter()
        .map(|id| (id.clone(), StageLists::default()))
        .collect();
    let now = site.now;
    for &i in &docs {
        let d = &site.docs[i];
        for id in &d.common.stages {
            let Some(lists) = stages.get_mut(id) else {
                continue;
            };
            match d.kind {
                Kind::Playbook => lists.playbooks.push(i),
                Kind::CaseStudy => lists.case_studies.push(i),
                Kind::Page => lists.pages.push(i),
                Kind::Webinar => match d.webinar() {
                    Some(w) if w.is_upcoming(now) => lists.webinars_upcoming.push(i),
                    _ => lists.webinars_on_demand.push(i),
                },
                _ => {}
            }
        }
    }
    for lists in stages.values_mut() {
        sort_listed(site, &mut lists.playbooks);
        sort_listed(site, &mut lists.case_studies);
        sort_listed(site, &mut lists.pages);
        sort_webinars(site, &mut lists.webinars_upcoming, false);
        sort_webinars(site, &mut lists.webinars_on_demand, true);
    }

    let terms = terms(site, &docs);
    let next_steps = next_steps(&stages, stage_order, next_stage);
    LanguageView {
        lang: lang.to_string(),
        docs: Watched::new(Source::ViewDocs, lang_index, 0, docs),
        stage_docs: Watched::new(Source::ViewStageDocs, lang_index, 0, stage_docs),
        stages: Watched::new(Source::ViewStages, lang_index, 0, stages),
        terms: Watched::new(Source::ViewTerms, lang_index, 0, terms),
        next_steps: Watched::new(Source::ViewNextSteps, lang_index, 0, next_steps),
        home: Watched::new(Source::ViewHome, lang_index, 0, home),
    }
}

/// Taxonomy → term slug → term, with each term's documents newest first.
fn terms(site: &Site, docs: &[usize]) -> BTreeMap<String, BTreeMap<String, Term>> {
    let mut terms: BTreeMap<String, BTreeMap<String, Term>> = BTreeMap::new();
    for &i in docs {
        for (taxonomy, names) in &site.docs[i].common.terms {
            let by_slug = terms.entry(taxonomy.clone()).or_default();
            for name in names {
                let slug = match slugify(name) {
                    s if s.is_empty() => continue,
                    s => s,
                };
                let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    slug,
                    docs: vec![],
                });
                // Documents come in ascending order, so a repeat (two names with one slug)
                // can only be the last: searching the whole list made this quadratic.
                if term.docs.last() != Some(&i) {
                    term.docs.push(i);
                }
            }
        }
    }
    for by_slug in terms.values_mut() {
        for term in by_slug.values_mut() {
            sort_by_date_then_title(site, &mut term.docs);
        }
    }

    terms
}

/// Next-step suggestions for each stage: content of the stage after it, one of each kind
/// first so the step offers a choice, then filled up.
fn next_steps(
    stages: &BTreeMap<String, StageLists>,
    stage_order: &[String],
    next_stage: &BTreeMap<String, String>,
) -> BTreeMap<String, Vec<usize>> {
    stage_order
        .iter()
        .map(|id| {
            let picks = next_stage
                .get(id)
                .and_then(|n| stages.get(n))
                .map(|lists| {
                    // One of each kind first, so the step offers a choice, then fill up.
                    let firsts = [
                        lists.playbooks.first(),
                        lists.case_studies.first(),
                        lists
                            .webinars_upcoming
                            .first()
                            .or(lists.webinars_on_demand.first()),
                    ];
                    let mut picks: Vec<usize> = firsts.into_iter().flatten().copied().collect();
                    for &i in lists.playbooks.iter().chain(&lists.case_studies) {
                        if picks.len() >= NEXT_STEP_LIMIT {
                            break;
                        }
                        if !picks.contains(&i) {
                            picks.push(i);
                        }
                    }
                    picks.truncate(NEXT_STEP_LIMIT);
                    picks
                })
                .unwrap_or_default();
            (id.clone(), picks)
        })
        .collect()
}
