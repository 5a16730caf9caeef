//! The home page: the journey map, featured and latest documents, upcoming webinars.

use super::PageEnv;
use super::common::site_description;
use super::common::{page_common, put};
use super::readiness::{Checklist, checklists};
use crate::content::Site;
use crate::link::Journey;
use crate::render::structured;
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::encode_path;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub(super) fn page(env: &PageEnv) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv {
        site, journey, lr, ..
    } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let site_description = site_description(site);
    let home = view.home.map(|i| &journey.rendered[i]);
    let description = view
        .home
        .and_then(|i| site.docs[i].common.summary.clone())
        .unwrap_or_else(|| site_description.clone());
    let mut c = page_common(env, "home", &site.config.title, &description);
    let mut upcoming: Vec<usize> = view
        .docs
        .iter()
        .copied()
        .filter(|&i| journey.webinar_status[i] == Some(crate::link::WebinarStatus::Upcoming))
        .collect();
    crate::link::sort_webinars(site, &mut upcoming, false);
    upcoming.truncate(4);
    let mut latest: Vec<usize> = view.docs.to_vec();
    crate::link::sort_by_date_then_title(site, &mut latest);
    let mut featured: Vec<usize> = latest
        .iter()
        .copied()
        .filter(|&i| site.docs[i].common.featured)
        .collect();
    if featured.is_empty() {
        featured = latest.iter().copied().take(3).collect();
    }
    featured.truncate(6);
    latest.truncate(6);
    put(&mut c, "upcoming_webinars", ctx.cards(&upcoming));
    put(&mut c, "featured", ctx.cards(&featured));
    put(&mut c, "latest", ctx.cards(&latest));
    let content = home.map_or(Cow::Borrowed(""), |r| {
        crate::render::links::tag_outbound(site, &r.html, "", "")
    });
    c.insert("content", &content);
    c.insert("stage_checklists", &stage_checklists(site, journey, view));
    c.insert("readiness_offers", &super::readiness::offers(env));
    c.insert("journey_picks", &super::profile::journey_picks(env));
    let home_permalink = site.config.base_url.permalink(&encode_path(&lr.prefix));
    c.insert(
        "structured_data",
        &structured::website(site, ctx.lang, &home_permalink, &description),
    );
    Ok(("home.html", c))
}

/// Stage id → the checklists of its playbooks (`{url, steps}`), for the journey map to show
/// how far a reader got in each stage. The URL is the key the theme script keeps ticks under.
fn stage_checklists(
    site: &Site,
    journey: &Journey,
    view: &crate::link::LanguageView,
) -> BTreeMap<String, Vec<Checklist>> {
    view.stages
        .keys()
        .map(|id| (id.clone(), checklists(site, journey, view, id)))
        .collect()
}
