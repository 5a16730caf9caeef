//! The pages a build makes: one job per page of each language, in sitemap order, with the
//! path each is written to.

use super::alias::alias_path;
use super::{LangRender, SEARCH_TEMPLATE, feedback, has_index_page, profile, role_path, segment};
use crate::content::{Kind, Site};
use crate::link::Journey;
use crate::theme::Theme;

#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub(super) enum Job {
    Home,
    Stage(String),
    Doc(usize),
    Taxonomy(String),
    Term(String, String),
    NotFound,
    Alias(usize, String),
    /// A library of one kind across every stage: `/playbooks/`, `/case-studies/`, `/webinars/`.
    Index(Kind),
    /// `/search/`: the search page over the Pagefind index.
    Search,
    /// `/nps/`: where an NPS survey's link lands (`feedback:` in site-config).
    Nps,
    /// A stage × segment term: `stages/<stage>/<taxonomy>/<term slug>/`.
    Segment(String, String, String),
    /// One role walked through the journey: `paths/<audience term slug>/`.
    RolePath(String),
}

/// The template of a kind's library page; a theme without it simply has no such page.
pub(super) fn index_template(kind: Kind) -> &'static str {
    match kind {
        Kind::Playbook => "playbooks.html",
        Kind::CaseStudy => "case_studies.html",
        _ => "webinars.html",
    }
}

/// `page_kind` of a library page.
pub(super) fn index_page_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Playbook => "playbooks",
        Kind::CaseStudy => "case_studies",
        _ => "webinars",
    }
}

/// The libraries a site has: the kinds whose template the theme provides.
pub(super) fn index_kinds(theme: &Theme) -> Vec<Kind> {
    [Kind::Playbook, Kind::CaseStudy, Kind::Webinar]
        .into_iter()
        .filter(|k| theme.template_origin.contains_key(index_template(*k)))
        .collect()
}

impl Job {
    /// Site path of the page in language `prefix` (unencoded).
    pub(super) fn site_path(&self, site: &Site, prefix: &str) -> String {
        match self {
            Job::Home => prefix.to_string(),
            Job::Stage(id) => format!("{prefix}stages/{id}/"),
            Job::Doc(i) => {
                let d = &site.docs[*i];
                format!("{}{}", site.config.language_prefix(&d.lang), d.site_path)
            }
            Job::Taxonomy(t) => format!("{prefix}{t}/"),
            Job::Term(t, slug) => format!("{prefix}{t}/{slug}/"),
            Job::NotFound => format!("{prefix}404.html"),
            Job::Alias(_, path) => path.clone(),
            Job::Index(kind) => format!("{prefix}{}/", kind.folder()),
            Job::Search => format!("{prefix}search/"),
            Job::Nps => format!("{prefix}{}", feedback::NPS_PATH),
            Job::Segment(stage, taxonomy, slug) => {
                crate::render::feeds::segment_feed_dir(prefix, stage, taxonomy, slug)
            }
            Job::RolePath(slug) => role_path::role_path_dir(prefix, slug),
        }
    }

    pub(super) fn output_path(&self, site: &Site, prefix: &str) -> String {
        let p = self.site_path(site, prefix);
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p
        }
    }
}

/// Every page of every language, in the order they are listed in the sitemap.
pub(super) fn jobs(
    site: &Site,
    journey: &Journey,
    theme: &Theme,
    langs: &[LangRender],
) -> Vec<(usize, Job)> {
    let indexes = index_kinds(theme);
    let mut jobs: Vec<(usize, Job)> = vec![];
    for (li, lr) in langs.iter().enumerate() {
        let view = lr.ctx.view;
        jobs.push((li, Job::Home));
        jobs.push((li, Job::NotFound));
        if site.config.search && theme.template_origin.contains_key(SEARCH_TEMPLATE) {
            jobs.push((li, Job::Search));
        }
        if site.config.feedback.is_some()
            && theme.template_origin.contains_key(feedback::NPS_TEMPLATE)
        {
            jobs.push((li, Job::Nps));
        }
        for kind in &indexes {
            jobs.push((li, Job::Index(*kind)));
        }
        for id in &journey.stage_order {
            jobs.push((li, Job::Stage(id.clone())));
        }
        if theme
            .template_origin
            .contains_key(segment::SEGMENT_TEMPLATE)
        {
            jobs.extend(segment_jobs(site, journey, view).map(|job| (li, job)));
        }
        if theme
            .template_origin
            .contains_key(role_path::ROLE_PATH_TEMPLATE)
        {
            jobs.extend(
                role_path::role_path_jobs(site, view)
                    .into_iter()
                    .map(|job| (li, job)),
            );
        }
        for (i, d) in site.docs.iter().enumerate() {
            if d.lang == view.lang && !matches!(d.kind, Kind::Stage | Kind::Home) {
                jobs.push((li, Job::Doc(i)));
                for alias in &d.common.aliases {
                    if let Some(path) = alias_path(&alias.value) {
                        jobs.push((li, Job::Alias(i, path)));
                    }
                }
            }
        }
        for taxonomy in &site.config.taxonomies {
            if !has_index_page(taxonomy, view) {
                continue;
            }
            jobs.push((li, Job::Taxonomy(taxonomy.clone())));
            if let Some(terms) = view.terms.get(taxonomy) {
                for slug in terms.keys() {
                    jobs.push((li, Job::Term(taxonomy.clone(), slug.clone())));
                }
            }
        }
    }
    jobs
}

/// The segment pages of a language: each stage × term of `feeds.segments` and of the
/// reader profile's taxonomies.
pub(super) fn segment_jobs<'a>(
    site: &'a Site,
    journey: &'a Journey,
    view: &'a crate::link::LanguageView,
) -> impl Iterator<Item = Job> + 'a {
    journey.stage_order.iter().flat_map(move |stage| {
        profile::segment_taxonomies(site)
            .into_iter()
            .flat_map(move |taxonomy| {
                view.terms
                    .get(taxonomy)
                    .into_iter()
                    .flat_map(|terms| terms.keys())
                    .map(move |slug| Job::Segment(stage.clone(), taxonomy.clone(), slug.clone()))
            })
    })
}

/// Whether a page belongs in the sitemap: not the 404 page, redirects or the search page,
/// and segment pages (which repeat their stage page) only when site-config asks.
pub(super) fn in_sitemap(site: &Site, job: &Job) -> bool {
    match job {
        Job::NotFound | Job::Alias(..) | Job::Search | Job::Nps => false,
        Job::Segment(..) => site.config.segment_pages.sitemap,
        _ => true,
    }
}
