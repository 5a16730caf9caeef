//! What every page's context holds: the language's shared values (site, strings, stages,
//! sections) and each page's common ones (languages, canonical address, feeds, social card),
//! and how a thread lends a page the shared part instead of copying it.

use super::social::social;
use super::{Job, PageEnv, index_page_kind};
use crate::content::{Kind, Site};
use crate::link::Journey;
use crate::render::calendar;
use crate::render::context::{Assets, LanguageContext};
use crate::render::feeds;
use crate::theme::strings::text;
use crate::util::urls::encode_path;
use serde::Serialize;

/// The site's description (site-config `extra.description`), else its title.
pub(super) fn site_description(site: &Site) -> String {
    site.config
        .extra
        .get("description")
        .and_then(|v| v.as_str())
        .unwrap_or(&site.config.title)
        .to_string()
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    base_url: String,
    root: String,
    language: &'a str,
    default_language: &'a str,
    timezone: &'a str,
    /// False when site-config has `search: false`: no index, no search page or box.
    search: bool,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct Section {
    kind: &'static str,
    page_kind: &'static str,
    label: String,
    url: String,
}

/// The calendar of every upcoming webinar: a download link and a subscription link.
#[derive(Serialize)]
struct CalendarLinks {
    url: String,
    permalink: String,
    webcal: String,
}

pub(super) fn base_context(
    site: &Site,
    ctx: &LanguageContext,
    prefix: &str,
    assets: &Assets,
    indexes: &[Kind],
) -> tera::Context {
    let c = &site.config;
    let mut base = tera::Context::new();
    base.insert(
        "site",
        &SiteValue {
            title: &c.title,
            base_url: c.base_url.permalink(""),
            root: c.base_url.url(&encode_path(prefix)),
            language: ctx.lang,
            default_language: &c.language,
            timezone: &c.timezone_name,
            search: c.search,
            extra: &c.extra,
        },
    );
    base.insert("lang", ctx.lang);
    base.insert("t", ctx.t);
    base.insert("assets", assets);
    base.insert("stages", &ctx.stages);
    base.insert("taxonomies", &ctx.taxonomies);
    let sections: Vec<Section> = indexes
        .iter()
        .map(|k| Section {
            kind: k.name(),
            page_kind: index_page_kind(*k),
            label: text(ctx.t, index_page_kind(*k)).to_string(),
            url: c
                .base_url
                .url(&encode_path(&format!("{prefix}{}/", k.folder()))),
        })
        .collect();
    base.insert("sections", &sections);
    let calendar_path = encode_path(&format!("{prefix}{}", calendar::CALENDAR_PATH));
    let permalink = c.base_url.permalink(&calendar_path);
    base.insert(
        "calendar",
        &CalendarLinks {
            url: c.base_url.url(&calendar_path),
            webcal: permalink
                .split_once("://")
                .map(|(_, rest)| format!("webcal://{rest}"))
                .unwrap_or_default(),
            permalink,
        },
    );
    base
}

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    permalink: String,
}

/// The same page in another language: its path there, and whether it is a real translation.
pub(super) fn equivalent(site: &Site, journey: &Journey, job: &Job, lang: &str) -> (String, bool) {
    let prefix = site.config.language_prefix(lang);
    match job {
        Job::Doc(i) | Job::Alias(i, _) => {
            let d = &site.docs[*i];
            match journey
                .translations
                .get(&d.translation_key)
                .and_then(|by| by.get(lang))
            {
                Some(&t) => (format!("{}{}", prefix, site.docs[t].site_path), true),
                None => (prefix, false),
            }
        }
        Job::Term(t, slug) => {
            if has_term(journey, lang, t, slug) {
                (format!("{prefix}{t}/{slug}/"), true)
            } else {
                (format!("{prefix}{t}/"), false)
            }
        }
        Job::Segment(stage, t, slug) => {
            if has_term(journey, lang, t, slug) {
                (job.site_path(site, &prefix), true)
            } else {
                (format!("{prefix}stages/{stage}/"), false)
            }
        }
        Job::RolePath(slug) => {
            let exists = journey
                .view(lang)
                .terms
                .get(super::ROLE_TAXONOMY)
                .is_some_and(|terms| terms.contains_key(slug));
            match exists {
                true => (job.site_path(site, &prefix), true),
                false => (prefix, false),
            }
        }
        other => (other.site_path(site, &prefix), true),
    }
}

pub(super) fn page_common(
    env: &PageEnv,
    kind: &str,
    title: &str,
    description: &str,
) -> tera::Context {
    let PageEnv {
        site,
        journey,
        langs,
        lr,
        job,
        ..
    } = *env;
    let mut c = tera::Context::new();
    let path = job.site_path(site, &lr.prefix);
    let languages: Vec<LanguageLink> = langs
        .iter()
        .map(|other| {
            let (p, _) = equivalent(site, journey, job, other.ctx.lang);
            LanguageLink {
                code: other.ctx.lang.to_string(),
                name: match text(other.ctx.t, "language_name") {
                    "" => other.ctx.lang.to_string(),
                    n => n.to_string(),
                },
                url: site.config.base_url.url(&encode_path(&p)),
                current: other.ctx.lang == lr.ctx.lang,
            }
        })
        .collect();
    let alternates: Vec<Alternate> = if langs.len() > 1 {
        langs
            .iter()
            .filter_map(|other| {
                let (p, real) = equivalent(site, journey, job, other.ctx.lang);
                real.then(|| Alternate {
                    lang: other.ctx.lang.to_string(),
                    permalink: site.config.base_url.permalink(&encode_path(&p)),
                })
            })
            .collect()
    } else {
        vec![]
    };
    c.insert("languages", &languages);
    c.insert("alternates", &alternates);
    c.insert("page_kind", kind);
    c.insert("title", title);
    c.insert("description", description);
    c.insert(
        "canonical",
        &site.config.base_url.permalink(&encode_path(&path)),
    );
    let stage = match job {
        Job::Stage(id) => Some(id.as_str()),
        Job::Doc(i) => site.docs[*i].common.stages.first().map(String::as_str),
        _ => None,
    };
    c.insert(
        "feeds",
        &feeds::head_links(site, &lr.prefix, stage.and_then(|s| lr.ctx.stage(s))),
    );
    c.insert("social", &social(env, kind, title));
    c.insert("analytics_head", &analytics_head(env, kind, stage));
    c.insert("structured_data", "");
    c
}

/// What `<head>` loads for analytics on this page (nothing without `analytics:`).
fn analytics_head(env: &PageEnv, kind: &str, stage: Option<&str>) -> String {
    let site = env.site;
    // The preview server's pages are the writers' own visits: they are not counted.
    let Some(config) = site.config.analytics.as_ref().filter(|_| !site.preview) else {
        return String::new();
    };
    let doc_at = |i: usize| -> &crate::content::Document { &site.docs[i] };
    let doc = match env.job {
        Job::Doc(i) => Some(doc_at(*i)),
        Job::Stage(id) => env.lr.ctx.view.stage_docs.get(id).map(|&i| doc_at(i)),
        _ => None,
    };
    let props = crate::render::analytics::page_props(site, kind, stage, doc);
    crate::render::analytics::head(Some(config), &props)
}

/// Plain text of the start of some HTML, for meta descriptions of documents without a summary.
pub fn excerpt(html: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let collapsed = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let words: Vec<&str> = collapsed.split_whitespace().collect();
    let text = words.join(" ");
    if text.chars().count() <= max_chars {
        text
    } else {
        let cut: String = text.chars().take(max_chars).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Puts a value made beforehand into a page's context as it is, where `insert` would
/// serialize it once more, key by key.
pub(super) fn put(c: &mut tera::Context, key: &str, value: serde_json::Value) {
    let mut values = serde_json::Map::new();
    values.insert(key.to_string(), value);
    c.extend(
        tera::Context::from_value(serde_json::Value::Object(values))
            .expect("an object makes a context"),
    );
}

/// Numbers each language's shared context, so that a thread's copy of it is never taken
/// for another build's.
pub(super) static NEXT_BASE_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Languages whose shared context a thread keeps: a site has a few, and an older build's
/// are let go.
const KEPT_BASES: usize = 8;

/// Calls `f` with the language's shared context plus the page's own values. Copying the
/// shared part (the theme's strings, the stages, the site) into every page's context, then
/// freeing it, cost more than many pages' templates: each thread keeps one copy, lends it
/// with the page's values added, and takes them out again afterwards, handing each to
/// `done` (which gives lent cards back).
pub(super) fn with_page_context<R>(
    base_id: u64,
    base: &tera::Context,
    page: tera::Context,
    f: impl FnOnce(&tera::Context) -> R,
    done: impl Fn(serde_json::Value),
) -> R {
    thread_local! {
        static BASES: std::cell::RefCell<Vec<(u64, tera::Context)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    BASES.with_borrow_mut(|bases| {
        let at = match bases.iter().position(|(id, _)| *id == base_id) {
            Some(at) => at,
            None => {
                if bases.len() == KEPT_BASES {
                    bases.remove(0);
                }
                bases.push((base_id, base.clone()));
                bases.len() - 1
            }
        };
        let context = &mut bases[at].1;
        let serde_json::Value::Object(values) = page.into_json() else {
            unreachable!("a context is an object")
        };
        let keys: Vec<String> = values.keys().cloned().collect();
        // A page value that shadows a shared one is put back afterwards.
        let shadowed: Vec<(String, serde_json::Value)> = keys
            .iter()
            .filter_map(|k| context.remove(k).map(|v| (k.clone(), v)))
            .collect();
        context.extend(
            tera::Context::from_value(serde_json::Value::Object(values))
                .expect("an object makes a context"),
        );
        let result = f(context);
        for k in &keys {
            if let Some(value) = context.remove(k) {
                done(value);
            }
        }
        if !shadowed.is_empty() {
            context.extend(
                tera::Context::from_value(serde_json::Value::Object(
                    shadowed.into_iter().collect(),
                ))
                .expect("an object makes a context"),
            );
        }
        result
    })
}

/// Whether documents of language `lang` use the term `slug` of `taxonomy`.
fn has_term(journey: &Journey, lang: &str, taxonomy: &str, slug: &str) -> bool {
    journey
        .view(lang)
        .terms
        .get(taxonomy)
        .is_some_and(|terms| terms.contains_key(slug))
}

#[cfg(test)]
mod tests {
    use super::{NEXT_BASE_ID, with_page_context};
    use std::sync::atomic::Ordering;

    fn render(base_id: u64, base: &tera::Context, page: &[(&str, &str)]) -> String {
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "t",
            "{{ lang }}|{{ title | default(value='-') }}|{% if related %}related{% endif %}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        for (k, v) in page {
            context.insert(*k, v);
        }
        with_page_context(base_id, base, context, |c| tera.render("t", c), drop).unwrap()
    }

    #[test]
    fn a_page_context_keeps_nothing_of_the_page_before() {
        let id = NEXT_BASE_ID.fetch_add(1, Ordering::Relaxed);
        let mut base = tera::Context::new();
        base.insert("lang", "ja");
        assert_eq!(
            render(id, &base, &[("title", "A"), ("related", "yes")]),
            "ja|A|related"
        );
        assert_eq!(render(id, &base, &[]), "ja|-|");
        // A page value may shadow a shared one, for that page alone.
        assert_eq!(render(id, &base, &[("lang", "en")]), "en|-|");
        assert_eq!(render(id, &base, &[]), "ja|-|");
        // Another language's (or build's) shared context is never the one kept for this.
        let other = NEXT_BASE_ID.fetch_add(1, Ordering::Relaxed);
        let mut base = tera::Context::new();
        base.insert("lang", "en");
        assert_eq!(render(other, &base, &[]), "en|-|");
    }
}
