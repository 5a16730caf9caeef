//! The 404 page and the search page.

use super::PageEnv;
use super::SEARCH_TEMPLATE;
use super::common::site_description;
use super::common::{page_common, put};
use crate::theme::strings::text;
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::encode_path;

pub(super) fn not_found_page(env: &PageEnv) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let t = ctx.t;
    let site_description = site_description(site);
    let title = match text(t, "not_found_title") {
        "" => "404",
        s => s,
    };
    let c = page_common(env, "not_found", title, &site_description);
    Ok(("404.html", c))
}

pub(super) fn search_page(env: &PageEnv) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let t = ctx.t;
    let site_description = site_description(site);
    let title = match text(t, "search_page_title") {
        "" => "Search",
        s => s,
    };
    let mut c = page_common(env, "search", title, &site_description);
    let base = &site.config.base_url;
    put(
        &mut c,
        "search",
        serde_json::json!({
            "url": base.url(&encode_path(&format!("{}search/", lr.prefix))),
            "bundle": base.url(&format!("{}/", crate::render::SEARCH_BUNDLE_DIR)),
            "base": base.path,
        }),
    );
    Ok((SEARCH_TEMPLATE, c))
}
