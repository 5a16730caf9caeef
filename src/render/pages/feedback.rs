//! What readers tell the company: the NPS landing page (`/nps/`), which thanks the customer
//! and leads each band of score on, and the "Was this helpful?" widget at the end of
//! playbooks and case studies. Both send to `feedback.endpoint`, a form service the company
//! runs: the hub is static and keeps nothing. The theme's `feedback.js` adds the score or
//! answer, the stage and the reader's `segment`; without JavaScript the forms still submit.

use super::PageEnv;
use super::common::{page_common, put, site_description};
use crate::content::{Document, Kind, Site};
use crate::link::Journey;
use crate::theme::Theme;
use crate::theme::strings::text;
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::encode_path;
use serde_json::{Value, json};

/// The NPS page's template; a theme without it has no NPS page.
pub(super) const NPS_TEMPLATE: &str = "nps.html";
/// Where the NPS page is, under each language's prefix.
pub(super) const NPS_PATH: &str = "nps/";

/// The NPS page is made with `feedback:` in site-config, by a theme that has its template.
pub(super) fn has_nps_page(site: &Site, theme: &Theme) -> bool {
    site.config.feedback.is_some() && theme.template_origin.contains_key(NPS_TEMPLATE)
}

/// The NPS page's address in a language, for the footer: a customer may rate the service
/// without the survey email.
pub(super) fn footer_link(site: &Site, theme: &Theme, prefix: &str) -> Option<String> {
    has_nps_page(site, theme).then(|| {
        site.config
            .base_url
            .url(&encode_path(&format!("{prefix}{NPS_PATH}")))
    })
}

/// Where answers go, for a template: `{endpoint, method}`, or null without an endpoint.
fn endpoint(site: &Site) -> Value {
    match site.config.feedback.as_ref() {
        Some(f) if f.endpoint.is_some() => json!({ "endpoint": f.endpoint, "method": f.method }),
        _ => Value::Null,
    }
}

/// A `feedback` link setting as an address in a language: a page of the hub (resolved when
/// linking), else the address as written.
fn link(
    site: &Site,
    journey: &Journey,
    lang: &str,
    key: &str,
    value: Option<&str>,
) -> Option<String> {
    let value = value?;
    if value.starts_with("@/") {
        let i = *journey
            .config_pages
            .get(lang)?
            .get(&format!("feedback.{key}"))?;
        return Some(site.doc_url(&site.docs[i]));
    }
    Some(value.to_string())
}

pub(super) fn nps_page(env: &PageEnv) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv {
        site, journey, lr, ..
    } = *env;
    let t = lr.ctx.t;
    let title = match text(t, "nps_title") {
        "" => "Thank you",
        s => s,
    };
    let mut c = page_common(env, "nps", title, &site_description(site));
    let lang = lr.ctx.lang;
    let f = site.config.feedback.as_ref();
    let setting = |key: &str| -> Option<String> {
        let value = f.and_then(|f| match key {
            "referral" => f.referral.as_deref(),
            "review" => f.review.as_deref(),
            _ => f.support.as_deref(),
        });
        link(site, journey, lang, key, value)
    };
    let extra = &site.config.extra;
    let support = setting("support")
        .or_else(|| extra["support_url"].as_str().map(str::to_string))
        .or_else(|| {
            extra["support_email"]
                .as_str()
                .map(|mail| format!("mailto:{mail}"))
        });
    put(
        &mut c,
        "nps",
        json!({
            "url": site.config.base_url.permalink(&encode_path(&format!("{}{NPS_PATH}", lr.prefix))),
            "referral": setting("referral"),
            "review": setting("review"),
            "support": support,
        }),
    );
    put(&mut c, "feedback", endpoint(site));
    Ok((NPS_TEMPLATE, c))
}

/// The "Was this helpful?" widget of a playbook or a case study: where to send, and what
/// the answer is about. None for other kinds and without an endpoint.
pub(super) fn helpful(site: &Site, d: &Document) -> Value {
    if !matches!(d.kind, Kind::Playbook | Kind::CaseStudy) {
        return Value::Null;
    }
    let mut value = endpoint(site);
    if let Value::Object(m) = &mut value {
        m.insert("document".into(), site.doc_permalink(d).into());
        let stage = d.common.stages.first().map_or("", String::as_str);
        m.insert("stage".into(), stage.into());
        m.insert("kind".into(), d.kind.name().into());
    }
    value
}
