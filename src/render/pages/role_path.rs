//! A role path (`paths/<audience term>/`): one role walked through the journey, stage by
//! stage, with the documents written for it and those that name no audience (they fit
//! every role), each in the stage page's order. The home page and the audience pages link
//! to every role's path.

use super::common::{page_common, put};
use super::segment::fitting_docs;
use super::taxonomy::term_url;
use super::{Job, PageEnv, ROLE_TAXONOMY};
use crate::content::Site;
use crate::link::LanguageView;
use crate::theme::strings::{taxonomy_label, term_label, text};
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::encode_path;

/// The template of a role path; a theme without it has no role paths.
pub const ROLE_PATH_TEMPLATE: &str = "role_path.html";

/// Site path of a role's path in language `prefix` (unencoded).
pub(super) fn role_path_dir(prefix: &str, slug: &str) -> String {
    format!("{prefix}paths/{slug}/")
}

/// The role paths of a language, one per audience term its documents use.
pub(super) fn role_path_jobs(site: &Site, view: &LanguageView) -> Vec<Job> {
    if !site.config.taxonomies.iter().any(|t| t == ROLE_TAXONOMY) {
        return vec![];
    }
    view.terms
        .get(ROLE_TAXONOMY)
        .into_iter()
        .flat_map(|terms| terms.keys())
        .map(|slug| Job::RolePath(slug.clone()))
        .collect()
}

/// Every role's path of the page's language (`{name, slug, url}`), for the home page and
/// the audience pages; empty when the theme has no role paths.
pub(super) fn role_paths(env: &PageEnv) -> serde_json::Value {
    let PageEnv { site, lr, .. } = *env;
    if !env.shared.role_paths || !site.config.taxonomies.iter().any(|t| t == ROLE_TAXONOMY) {
        return serde_json::json!([]);
    }
    let t = lr.ctx.t;
    let paths: Vec<serde_json::Value> = lr
        .ctx
        .view
        .terms
        .get(ROLE_TAXONOMY)
        .into_iter()
        .flat_map(|terms| terms.values())
        .map(|term| {
            serde_json::json!({
                "name": term_label(t, ROLE_TAXONOMY, &term.name),
                "slug": term.slug,
                "url": site.config.base_url.url(&encode_path(&role_path_dir(&lr.prefix, &term.slug))),
            })
        })
        .collect();
    serde_json::Value::Array(paths)
}

/// The links to role paths a page has: every role's on the home page and `/audience/`,
/// its own on an audience term's page.
pub(super) fn put_links(env: &PageEnv, c: &mut tera::Context) {
    match env.job {
        Job::Home => put(c, "role_paths", role_paths(env)),
        Job::Taxonomy(name) if name == ROLE_TAXONOMY => put(c, "role_paths", role_paths(env)),
        Job::Term(name, slug) if name == ROLE_TAXONOMY => {
            let own = match role_paths(env) {
                serde_json::Value::Array(paths) => paths.into_iter().find(|p| p["slug"] == *slug),
                _ => None,
            };
            put(c, "role_path", own.unwrap_or_default());
        }
        _ => {}
    }
}

pub(super) fn page(env: &PageEnv, slug: &str) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv {
        site, journey, lr, ..
    } = *env;
    let ctx = &lr.ctx;
    let (view, t) = (ctx.view, ctx.t);
    let term = view
        .terms
        .get(ROLE_TAXONOMY)
        .and_then(|terms| terms.get(slug))
        .ok_or_else(|| {
            Diagnostic::error(
                "internal",
                "site-config.yaml",
                crate::util::messages::t("internal.no-role").arg("term", slug),
            )
        })?;
    let name = term_label(t, ROLE_TAXONOMY, &term.name);
    let title = text(t, "role_path_title").replace("{n}", &name);
    let mut c = page_common(
        env,
        "role_path",
        &title,
        &format!("{title} | {}", site.config.title),
    );
    put(
        &mut c,
        "role",
        serde_json::json!({
            "name": name,
            "code": term.name,
            "slug": slug,
            "taxonomy_label": taxonomy_label(t, ROLE_TAXONOMY),
            "term_url": term_url(site, &lr.prefix, ROLE_TAXONOMY, slug),
        }),
    );
    let stages: Vec<serde_json::Value> = journey
        .stage_order
        .iter()
        .filter_map(|id| {
            let stage = ctx.stage(id)?;
            let docs: Vec<usize> = fitting_docs(site, view, id, ROLE_TAXONOMY, slug)
                .into_iter()
                .map(|(i, _)| i)
                .collect();
            // Built by hand: `json!` would serialize the lent cards into a copy and drop
            // them, leaving their places on the shelf empty for every other page.
            let mut path_stage = serde_json::Map::new();
            path_stage.insert(
                "stage".into(),
                serde_json::to_value(stage).expect("a stage serializes"),
            );
            path_stage.insert("docs".into(), ctx.cards(&docs));
            Some(serde_json::Value::Object(path_stage))
        })
        .collect();
    put(&mut c, "path_stages", serde_json::Value::Array(stages));
    put(&mut c, "role_paths", role_paths(env));
    Ok((ROLE_PATH_TEMPLATE, c))
}
