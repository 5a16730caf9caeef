//! One page: its content, made by the file of its kind, and its HTML, rendered with the
//! language's shared values and the theme's shared partials.

use super::common::{put, with_page_context};
use super::index_template;
use super::{
    Job, LangRender, PageEnv, Shared, alias, document, feedback, home, library, other, profile,
    role_path, segment, stage, taxonomy,
};
use crate::content::Site;
use crate::link::Journey;
use crate::render::shared_partials::Place;
use crate::theme::{Theme, template_error};
use crate::util::diagnostics::Diagnostic;

/// A page's template and its own values, or the bytes of a page made without a template.
enum PageContent {
    Template(&'static str, tera::Context),
    Redirect(Vec<u8>),
}

fn page_content(env: &PageEnv) -> Result<PageContent, Diagnostic> {
    let (template, context) = match env.job {
        Job::Home => home::page(env)?,
        Job::Stage(id) => stage::page(env, id)?,
        Job::Doc(i) => document::page(env, *i)?,
        Job::Taxonomy(name) => taxonomy::taxonomy_page(env, name)?,
        Job::Term(name, slug) => taxonomy::term_page(env, name, slug)?,
        Job::NotFound => other::not_found_page(env)?,
        Job::Search => other::search_page(env)?,
        Job::Nps => feedback::nps_page(env)?,
        Job::Segment(stage, taxonomy, slug) => segment::page(env, stage, taxonomy, slug)?,
        Job::RolePath(slug) => role_path::page(env, slug)?,
        Job::Index(kind) => (index_template(*kind), library::index_context(env, *kind)),
        Job::Alias(i, _) => {
            let (site, d) = (env.site, &env.site.docs[*i]);
            return Ok(PageContent::Redirect(alias::redirect_page(
                &site.doc_permalink(d),
                &site.doc_url(d),
            )));
        }
    };
    Ok(PageContent::Template(template, context))
}

pub(super) fn render_job(
    site: &Site,
    journey: &Journey,
    theme: &Theme,
    shared: &Shared,
    langs: &[LangRender],
    lr: &LangRender,
    job: &Job,
) -> Result<Vec<u8>, Diagnostic> {
    let env = PageEnv {
        site,
        journey,
        shared,
        langs,
        lr,
        job,
    };
    let (template, mut context) = match page_content(&env)? {
        PageContent::Template(template, context) => (template, context),
        PageContent::Redirect(bytes) => return Ok(bytes),
    };
    // Every page's reader profile bar, and the role paths of the pages that link to them.
    put(&mut context, "profile", profile::picker(&env));
    role_path::put_links(&env, &mut context);
    let place = place(site, job, &context);
    let shared_html = lr.shared_partials.at(theme, &lr.base, place)?;
    put(&mut context, "shared", shared_html);
    // Rendered into a buffer kept per thread and copied out at its final size: tera's own
    // `render` starts every page at 2 KB, regrows it about five times, then checks the whole
    // page for valid UTF-8, which its writer already guarantees.
    thread_local! {
        static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    PAGE_BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        with_page_context(
            lr.base_id,
            &lr.base,
            context,
            |context| theme.tera.render_to(template, context, &mut *buffer),
            |value| lr.ctx.give_back(value),
        )
        .map(|()| buffer.to_vec())
        .map_err(|e| template_error(&e, &theme.template_origin))
    })
}

/// Where a page sits, for the shared partials: from the `page_kind` the page's context
/// carries and the stage or taxonomy its job shows.
fn place(site: &Site, job: &Job, context: &tera::Context) -> Place {
    let page_kind = context
        .get("page_kind")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    let stage = match job {
        Job::Stage(id) | Job::Segment(id, ..) => id.clone(),
        Job::Doc(i) => site.docs[*i]
            .common
            .stages
            .first()
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    let taxonomy = match job {
        Job::Taxonomy(name) | Job::Term(name, _) | Job::Segment(_, name, _) => name.clone(),
        Job::RolePath(_) => super::ROLE_TAXONOMY.to_string(),
        _ => String::new(),
    };
    Place {
        page_kind,
        stage,
        taxonomy,
    }
}
