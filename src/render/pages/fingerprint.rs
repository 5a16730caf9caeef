//! A page's fingerprint: everything it is made of, as one number, so that an unchanged page
//! is not rendered again in the preview.

use super::library::index_docs;
use super::{Job, LangRender};
use crate::content::Site;
use crate::link::{Journey, LanguageView};

/// Everything a language's cards show: each listed document's front matter, step count and
/// webinar status, the stages' front matter, addresses, theme strings and site-config.
pub(super) fn cards_fingerprint(
    site: &Site,
    journey: &Journey,
    view: &LanguageView,
    theme_version: u64,
) -> u64 {
    let h = crate::util::hash::Fnv::default()
        .u64(theme_version)
        .u64(site.config.version)
        .u64(journey.link_version);
    let h = crate::render::hash_as_cards(h, journey, &view.docs);
    view.stage_docs
        .values()
        .fold(h, |h, &i| h.u64(site.docs[i].card_version))
        .finish()
}

/// Everything a page is made of, as one number: the language's shared values, and the
/// version of each document the page shows. Equal fingerprints mean equal pages.
pub(super) fn fingerprint(site: &Site, journey: &Journey, lr: &LangRender, job: &Job) -> u64 {
    let view = lr.ctx.view;
    let mut h = crate::util::hash::Fnv::default().u64(lr.global);
    // A page's own document counts in full; the documents it lists or links to count by
    // what a card shows of them.
    let docs = |h, list: &[usize]| crate::render::hash_in_full(h, journey, list);
    let cards = |h, list: &[usize]| crate::render::hash_as_cards(h, journey, list);
    match job {
        Job::Home => {
            h = h.str("home");
            if let Some(i) = view.home {
                h = docs(h, &[i]);
            }
            h = cards(h, &view.docs);
        }
        Job::Stage(id) => {
            h = h.str("stage").str(id);
            if let Some(&i) = view.stage_docs.get(id) {
                h = docs(h, &[i]);
            }
            if let Some(l) = view.stages.get(id) {
                for list in [
                    &l.playbooks,
                    &l.case_studies,
                    &l.webinars_upcoming,
                    &l.webinars_on_demand,
                    &l.pages,
                ] {
                    h = cards(h, list).u64(list.len() as u64);
                }
            }
        }
        Job::Doc(i) => {
            h = docs(h.str("doc"), &[*i]);
            h = cards(h, &journey.related[*i]).str("|");
            h = cards(h, &journey.backlinks[*i]).str("|");
            if let Some(next) = site.docs[*i]
                .common
                .stages
                .first()
                .and_then(|s| view.next_steps.get(s))
            {
                h = cards(h, next);
            }
        }
        Job::Taxonomy(name) => {
            h = h.str("taxonomy").str(name);
            for term in view.terms.get(name).into_iter().flat_map(|t| t.values()) {
                h = h
                    .str(&term.slug)
                    .str(&term.name)
                    .u64(term.docs.len() as u64);
            }
        }
        Job::Term(name, slug) => {
            h = h.str("term").str(name).str(slug);
            if let Some(term) = view.terms.get(name).and_then(|t| t.get(slug)) {
                h = cards(h.str(&term.name), &term.docs);
            }
        }
        Job::NotFound => h = h.str("404"),
        Job::Search => h = h.str("search"),
        Job::Alias(i, path) => h = cards(h.str("alias").str(path), &[*i]),
        Job::Index(kind) => {
            h = h.str("index").str(kind.name());
            h = cards(h, &index_docs(site, view, *kind));
            // The playbook library groups by stage: the same playbook listed under two.
            for (id, lists) in &view.stages {
                h = h.str(id).u64(lists.count(*kind) as u64);
            }
        }
    }
    h.finish()
}
