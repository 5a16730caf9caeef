//! A stage × segment term page (`stages/<stage>/<taxonomy>/<term>/`): what the stage offers
//! one segment of `feeds.segments` (beside that track's feeds) or of the reader profile, readable without JavaScript.
//! It links the feeds, not the track's drip files: those are for marketers, and customer
//! pages never link into `drip/` (robots.txt keeps it out of search). Documents tagged with the term come first, then those that name no
//! term of the taxonomy (written for every segment), each in the stage page's order.

use super::PageEnv;
use super::common::{page_common, put};
use super::taxonomy::term_url;
use crate::content::Site;
use crate::link::{LanguageView, StageLists};
use crate::render::feeds::{ATOM_FILE, JSON_FILE, segment_feed_dir};
use crate::theme::strings::{taxonomy_label, term_label};
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::encode_path;
use std::collections::HashSet;

/// The template of a segment page; a theme without it has no segment pages.
pub const SEGMENT_TEMPLATE: &str = "segment.html";

/// The documents of a stage's lists, in the order the stage page shows them.
pub(super) fn stage_order(lists: &StageLists) -> impl Iterator<Item = usize> + '_ {
    lists
        .playbooks
        .iter()
        .chain(&lists.case_studies)
        .chain(&lists.webinars_upcoming)
        .chain(&lists.webinars_on_demand)
        .chain(&lists.pages)
        .copied()
}

/// A stage's documents for one term: (tagged with it, naming no term of the taxonomy).
pub(super) fn segment_docs(
    site: &Site,
    view: &LanguageView,
    stage: &str,
    taxonomy: &str,
    slug: &str,
) -> (Vec<usize>, Vec<usize>) {
    let (mut for_term, mut for_everyone) = (vec![], vec![]);
    for (i, tagged) in fitting_docs(site, view, stage, taxonomy, slug) {
        match tagged {
            true => for_term.push(i),
            false => for_everyone.push(i),
        }
    }
    (for_term, for_everyone)
}

/// A stage's documents that fit one term, in the stage page's order, each with whether it
/// is tagged with the term (else it names no term of the taxonomy: it fits everyone).
pub(super) fn fitting_docs(
    site: &Site,
    view: &LanguageView,
    stage: &str,
    taxonomy: &str,
    slug: &str,
) -> Vec<(usize, bool)> {
    let Some(lists) = view.stages.get(stage) else {
        return vec![];
    };
    let tagged: HashSet<usize> = view
        .terms
        .get(taxonomy)
        .and_then(|terms| terms.get(slug))
        .map(|term| term.docs.iter().copied().collect())
        .unwrap_or_default();
    let mut seen = HashSet::new();
    stage_order(lists)
        .filter(|&i| seen.insert(i))
        .filter_map(|i| {
            if tagged.contains(&i) {
                Some((i, true))
            } else {
                let open = site.docs[i]
                    .common
                    .terms
                    .get(taxonomy)
                    .is_none_or(|names| names.is_empty());
                open.then_some((i, false))
            }
        })
        .collect()
}

/// Root-relative URL of a segment page.
pub(super) fn segment_url(
    site: &Site,
    prefix: &str,
    stage: &str,
    taxonomy: &str,
    slug: &str,
) -> String {
    let dir = segment_feed_dir(prefix, stage, taxonomy, slug);
    site.config.base_url.url(&encode_path(&dir))
}

/// The segment pages of a stage, by taxonomy of `feeds.segments`, for the stage page's
/// links; empty when the theme has no segment page.
pub(super) fn stage_segments(env: &PageEnv, stage: &str) -> serde_json::Value {
    if !env.shared.segment_pages {
        return serde_json::json!([]);
    }
    term_groups(env, &env.site.config.feeds.segments, Some(stage))
}

/// Each taxonomy's terms (`{taxonomy, label, terms: [{code, name, slug, url}]}`, `code` as
/// written, `name` its display name), each linking to its segment page of `stage`, or to
/// its term page without one; a taxonomy no document uses is left out.
pub(super) fn term_groups(
    env: &PageEnv,
    taxonomies: &[String],
    stage: Option<&str>,
) -> serde_json::Value {
    let PageEnv { site, lr, .. } = *env;
    let (view, t) = (lr.ctx.view, lr.ctx.t);
    let groups: Vec<serde_json::Value> = taxonomies
        .iter()
        .filter_map(|taxonomy| {
            let terms: Vec<serde_json::Value> = view
                .terms
                .get(taxonomy)?
                .values()
                .map(|term| {
                    let url = match stage {
                        Some(s) => segment_url(site, &lr.prefix, s, taxonomy, &term.slug),
                        None => term_url(site, &lr.prefix, taxonomy, &term.slug),
                    };
                    serde_json::json!({
                        "code": term.name,
                        "name": term_label(t, taxonomy, &term.name),
                        "slug": term.slug,
                        "url": url,
                    })
                })
                .collect();
            (!terms.is_empty()).then(|| {
                serde_json::json!({
                    "taxonomy": taxonomy,
                    "label": taxonomy_label(t, taxonomy),
                    "terms": terms,
                })
            })
        })
        .collect();
    serde_json::Value::Array(groups)
}

pub(super) fn page(
    env: &PageEnv,
    stage: &str,
    taxonomy: &str,
    slug: &str,
) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv { site, lr, .. } = *env;
    let ctx = &lr.ctx;
    let (view, t) = (ctx.view, ctx.t);
    let missing = || {
        Diagnostic::error(
            "internal",
            format!("content/stages/{stage}.md"),
            crate::util::messages::t("internal.no-segment")
                .arg("segment", format!("{taxonomy}/{slug}"))
                .arg("stage", stage),
        )
    };
    let summary = ctx.stage(stage).ok_or_else(missing)?;
    let term = view
        .terms
        .get(taxonomy)
        .and_then(|terms| terms.get(slug))
        .ok_or_else(missing)?;
    let label = taxonomy_label(t, taxonomy);
    let shown = term_label(t, taxonomy, &term.name);
    let title = format!("{} × {shown}", summary.title);
    let mut c = page_common(
        env,
        "segment",
        &title,
        &format!("{title} | {}", site.config.title),
    );
    let feed_dir = segment_feed_dir(&lr.prefix, stage, taxonomy, slug);
    let url = |p: String| site.config.base_url.url(&encode_path(&p));
    // A profile taxonomy that is not in `feeds.segments` has pages but no feeds.
    let fed = site.config.feeds.segments.iter().any(|s| s == taxonomy);
    let feed = |file: &str| match fed {
        true => url(format!("{feed_dir}{file}")),
        false => String::new(),
    };
    put(
        &mut c,
        "segment",
        serde_json::json!({
            "taxonomy": taxonomy,
            "taxonomy_label": label,
            "name": shown,
            "slug": slug,
            "url": url(feed_dir.clone()),
            "atom": feed(ATOM_FILE),
            "json": feed(JSON_FILE),
        }),
    );
    c.insert("stage", &summary);
    let (for_term, for_everyone) = segment_docs(site, view, stage, taxonomy, slug);
    put(&mut c, "for_segment", ctx.cards(&for_term));
    put(&mut c, "for_everyone", ctx.cards(&for_everyone));
    Ok((SEGMENT_TEMPLATE, c))
}
