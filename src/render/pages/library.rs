//! Library pages: every document of one kind across the stages, with facets to filter by.

use super::PageEnv;
use super::common::{page_common, put};
use super::index_page_kind;
use super::taxonomy::term_url;
use crate::content::{Kind, Site};
use crate::theme::strings::*;
use crate::util::urls::{encode_path, slugify};
use serde::Serialize;

/// The documents of one kind a language's library lists, newest first.
pub(super) fn index_docs(site: &Site, view: &crate::link::LanguageView, kind: Kind) -> Vec<usize> {
    let mut list: Vec<usize> = view
        .docs
        .iter()
        .copied()
        .filter(|&i| site.docs[i].kind == kind)
        .collect();
    crate::link::sort_by_date_then_title(site, &mut list);
    list
}

#[derive(Serialize)]
struct FacetValue {
    taxonomy: String,
    terms: String,
}

#[derive(Serialize)]
struct Facet {
    taxonomy: String,
    label: String,
    url: String,
    terms: Vec<FacetTerm>,
}

#[derive(Serialize)]
struct FacetTerm {
    name: String,
    slug: String,
    url: String,
    count: usize,
}

pub(super) fn index_context(env: &PageEnv, kind: Kind) -> tera::Context {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let t = ctx.t;
    let page_kind = index_page_kind(kind);
    let title = text(t, page_kind).to_string();
    let description = match text(t, &format!("{page_kind}_lead")) {
        "" => format!("{title} | {}", site.config.title),
        lead => lead.to_string(),
    };
    let mut c = page_common(env, page_kind, &title, &description);
    let docs = index_docs(site, view, kind);
    c.insert("lead", &description);
    match kind {
        Kind::Playbook => put_playbooks(env, &mut c, &docs),
        Kind::CaseStudy => put_case_studies(env, &mut c, &docs),
        _ => put_webinars(env, &mut c, &docs),
    }
    c
}

/// Playbooks grouped by stage, and all of them.
fn put_playbooks(env: &PageEnv, c: &mut tera::Context, docs: &[usize]) {
    let ctx = &env.lr.ctx;
    let view = ctx.view;
    let groups: Vec<serde_json::Value> = ctx
        .stages
        .iter()
        .filter_map(|s| {
            let lists = view.stages.get(&s.id)?;
            (!lists.playbooks.is_empty()).then(|| {
                let mut group = serde_json::json!({ "stage": s });
                group["docs"] = ctx.cards(&lists.playbooks);
                group
            })
        })
        .collect();
    put(c, "groups", serde_json::Value::Array(groups));
    put(c, "docs", ctx.cards(docs));
}

/// Case studies with the facets they can be filtered by: the taxonomies (but tags) any of
/// them uses.
fn put_case_studies(env: &PageEnv, c: &mut tera::Context, docs: &[usize]) {
    let site = env.site;
    let facets: Vec<&String> = site
        .config
        .taxonomies
        .iter()
        .filter(|tx| *tx != "tags")
        .filter(|tx| {
            docs.iter()
                .any(|&i| site.docs[i].common.terms.contains_key(*tx))
        })
        .collect();
    let items = facet_items(env, docs, &facets);
    let filters = facet_filters(env, &facets);
    put(c, "items", serde_json::Value::Array(items));
    c.insert("filters", &filters);
}

fn facet_items(env: &PageEnv, docs: &[usize], facets: &[&String]) -> Vec<serde_json::Value> {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    // Each item holds the card itself, lent like those of other lists.
    docs.iter()
        .filter_map(|&i| {
            let card = ctx.cards.lend(i)?;
            let terms = &site.docs[i].common.terms;
            let facets: Vec<FacetValue> = facets
                .iter()
                .map(|tx| {
                    let mut slugs: Vec<String> = terms
                        .get(*tx)
                        .into_iter()
                        .flatten()
                        .map(|n| slugify(n))
                        .filter(|s| !s.is_empty())
                        .collect();
                    slugs.dedup();
                    FacetValue {
                        taxonomy: (*tx).clone(),
                        terms: slugs.join(" "),
                    }
                })
                .collect();
            // `{card, facets}`: `facets` is `[{taxonomy, terms}]`, `terms` the
            // space-separated term slugs of one facet (the filter keys).
            let mut item = serde_json::Map::new();
            item.insert("card".into(), card);
            item.insert(
                "facets".into(),
                serde_json::to_value(facets).expect("facets are plain data"),
            );
            Some(serde_json::Value::Object(item))
        })
        .collect()
}

fn facet_filters(env: &PageEnv, facets: &[&String]) -> Vec<Facet> {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let t = ctx.t;
    facets
        .iter()
        .map(|tx| {
            let terms = view
                .terms
                .get(*tx)
                .into_iter()
                .flat_map(|terms| terms.values())
                .filter_map(|term| {
                    let count = term
                        .docs
                        .iter()
                        .filter(|i| site.docs[**i].kind == Kind::CaseStudy)
                        .count();
                    (count > 0).then(|| FacetTerm {
                        name: term_label(t, tx, &term.name),
                        slug: term.slug.clone(),
                        url: term_url(site, &lr.prefix, tx, &term.slug),
                        count,
                    })
                })
                .collect();
            Facet {
                taxonomy: (*tx).clone(),
                label: taxonomy_label(t, tx),
                url: site
                    .config
                    .base_url
                    .url(&encode_path(&format!("{}{tx}/", lr.prefix))),
                terms,
            }
        })
        .collect()
}

/// Upcoming webinars soonest first, and the recorded ones newest first.
fn put_webinars(env: &PageEnv, c: &mut tera::Context, docs: &[usize]) {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let (mut upcoming, mut past): (Vec<usize>, Vec<usize>) = docs.iter().partition(|&&i| {
        env.journey.webinar_status[i] == Some(crate::link::WebinarStatus::Upcoming)
    });
    crate::link::sort_webinars(site, &mut upcoming, false);
    crate::link::sort_webinars(site, &mut past, true);
    put(c, "upcoming", ctx.cards(&upcoming));
    put(c, "on_demand", ctx.cards(&past));
}
