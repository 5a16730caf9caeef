//! Taxonomy pages: every term of a taxonomy, and the documents of one term.

use super::PageEnv;
use super::common::{page_common, put};
use crate::content::Site;
use crate::theme::strings::{taxonomy_label, term_label};
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::encode_path;

pub(super) fn taxonomy_page(
    env: &PageEnv,
    name: &str,
) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let t = ctx.t;
    let label = taxonomy_label(t, name);
    let mut c = page_common(
        env,
        "taxonomy",
        &label,
        &format!("{label} | {}", site.config.title),
    );
    let terms: Vec<serde_json::Value> = view
        .terms
        .get(name)
        .map(|terms| {
            let mut list: Vec<_> = terms.values().collect();
            list.sort_by(|a, b| b.docs.len().cmp(&a.docs.len()).then(a.name.cmp(&b.name)));
            list.into_iter()
                .map(|term| {
                    serde_json::json!({
                        "name": term_label(t, name, &term.name),
                        "url": term_url(site, &lr.prefix, name, &term.slug),
                        "count": term.docs.len(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    put(
        &mut c,
        "taxonomy",
        serde_json::json!({
            "name": name,
            "label": label,
            "url": site.config.base_url.url(&encode_path(&format!("{}{name}/", lr.prefix))),
            "terms": terms,
        }),
    );
    Ok(("taxonomy.html", c))
}

pub(super) fn term_page(
    env: &PageEnv,
    name: &str,
    slug: &str,
) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let t = ctx.t;
    let label = taxonomy_label(t, name);
    let term = &view.terms[name][slug];
    let shown = term_label(t, name, &term.name);
    let title = format!("{label}: {shown}");
    let mut c = page_common(
        env,
        "term",
        &title,
        &format!("{title} | {}", site.config.title),
    );
    put(
        &mut c,
        "taxonomy",
        serde_json::json!({
            "name": name,
            "label": label,
            "url": site.config.base_url.url(&encode_path(&format!("{}{name}/", lr.prefix))),
        }),
    );
    put(
        &mut c,
        "term",
        serde_json::json!({
            "name": shown,
            "url": term_url(site, &lr.prefix, name, slug),
            "count": term.docs.len(),
        }),
    );
    put(&mut c, "docs", ctx.cards(&term.docs));
    Ok(("term.html", c))
}

pub(super) fn term_url(site: &Site, prefix: &str, taxonomy: &str, slug: &str) -> String {
    site.config
        .base_url
        .url(&encode_path(&format!("{prefix}{taxonomy}/{slug}/")))
}
