//! Which documents each feed lists: the hub's newest, each stage's, and each stage ×
//! segment term's.

use super::{Feed, SITE_FEED_DIR, segment_feed_dir, stage_feed_dir, stage_feed_title};
use crate::content::{Kind, Site};
use crate::drip::track_dir;
use crate::link::{Journey, LanguageView};
use crate::theme::strings::{Strings, term_label};
use crate::util::urls::encode_path;
use std::collections::HashSet;

fn in_feeds(site: &Site, i: usize) -> bool {
    let d = &site.docs[i];
    Kind::LISTED.contains(&d.kind) && d.common.date.is_some()
}

pub(super) fn language_feeds(
    site: &Site,
    journey: &Journey,
    view: &LanguageView,
    t: &Strings,
    limit: usize,
) -> Vec<Feed> {
    let prefix = site.config.language_prefix(&view.lang);
    let permalink = |p: &str| site.config.base_url.permalink(&encode_path(p));
    let newest = |mut list: Vec<usize>| {
        list.retain(|&i| in_feeds(site, i));
        list.sort_unstable();
        list.dedup();
        crate::link::keep_newest(site, &mut list, limit);
        list
    };
    let tagline = site
        .config
        .extra
        .get("description")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let mut feeds = vec![Feed {
        lang: view.lang.clone(),
        dir: format!("{prefix}{SITE_FEED_DIR}"),
        title: site.config.title.clone(),
        subtitle: tagline,
        home: permalink(&prefix),
        drip: track_dir(&prefix, None, None),
        entries: newest(view.docs.to_vec()),
    }];
    for id in &journey.stage_order {
        let Some(&stage_doc) = view.stage_docs.get(id) else {
            continue;
        };
        let stage = &site.docs[stage_doc];
        let goal = stage
            .stage_meta()
            .and_then(|m| m.goal.clone())
            .unwrap_or_default();
        let in_stage: Vec<usize> = view
            .docs
            .iter()
            .copied()
            .filter(|&i| site.docs[i].common.stages.contains(id))
            .collect();
        let stage_page = permalink(&format!("{prefix}stages/{id}/"));
        feeds.push(Feed {
            lang: view.lang.clone(),
            dir: stage_feed_dir(&prefix, id),
            title: stage_feed_title(site, &stage.common.title),
            subtitle: goal.clone(),
            home: stage_page.clone(),
            drip: track_dir(&prefix, Some(id), None),
            entries: newest(in_stage.clone()),
        });
        for taxonomy in &site.config.feeds.segments {
            for term in view
                .terms
                .get(taxonomy)
                .into_iter()
                .flat_map(|t| t.values())
            {
                let with_term: HashSet<usize> = term.docs.iter().copied().collect();
                // A document that names no term of the segment is meant for every segment:
                // each segment's track carries it, beside the documents written for it.
                let docs: Vec<usize> = in_stage
                    .iter()
                    .copied()
                    .filter(|i| {
                        with_term.contains(i)
                            || site.docs[*i]
                                .common
                                .terms
                                .get(taxonomy)
                                .is_none_or(|names| names.is_empty())
                    })
                    .collect();
                feeds.push(Feed {
                    lang: view.lang.clone(),
                    dir: segment_feed_dir(&prefix, id, taxonomy, &term.slug),
                    title: format!(
                        "{}: {} × {}",
                        site.config.title,
                        stage.common.title,
                        term_label(t, taxonomy, &term.name)
                    ),
                    subtitle: goal.clone(),
                    home: stage_page.clone(),
                    drip: track_dir(&prefix, Some(id), Some((taxonomy, &term.slug))),
                    entries: newest(docs),
                });
            }
        }
    }
    feeds
}
