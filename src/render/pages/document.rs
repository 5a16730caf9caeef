//! A document's page (playbook, case study, webinar or page), with where it sits in the
//! journey, the next step, related documents and backlinks.

use super::PageEnv;
use super::common::excerpt;
use super::common::{page_common, put};
use super::taxonomy::term_url;
use crate::content::{Document, Kind, KindMeta, Site};
use crate::link::Journey;
use crate::render::context::*;
use crate::render::links::with_utm;
use crate::render::{calendar, structured};
use crate::theme::strings::*;
use crate::util::diagnostics::Diagnostic;
use crate::util::urls::{encode_path, slugify};

pub(super) fn page(env: &PageEnv, i: usize) -> Result<(&'static str, tera::Context), Diagnostic> {
    let PageEnv {
        site, journey, lr, ..
    } = *env;
    let ctx = &lr.ctx;
    let view = ctx.view;
    let t = ctx.t;
    let d = &site.docs[i];
    let rendered = &journey.rendered[i];
    let description = d
        .common
        .summary
        .clone()
        .unwrap_or_else(|| excerpt(&rendered.html, 120));
    let mut c = page_common(env, d.kind.name(), &d.common.title, &description);
    let doc = doc_view(site, journey, ctx, &lr.prefix, i);
    let image = c
        .get("social")
        .and_then(|s| s.get("image"))
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_string();
    let audience: Vec<String> = match &d.meta {
        KindMeta::Playbook(p) => p
            .audience
            .iter()
            .map(|a| term_label(t, "audience", a))
            .collect(),
        _ => vec![],
    };
    c.insert(
        "structured_data",
        &structured::document(site, journey, t, i, &image, &audience),
    );
    c.insert("doc", &doc);
    let first_stage = d.common.stages.first();
    let journey_value = serde_json::json!({
        "stage": first_stage.and_then(|s| ctx.stage(s)),
        "prev_stage": first_stage.and_then(|s| journey.prev_stage(s)).and_then(|p| ctx.stage(p)),
        "next_stage": first_stage.and_then(|s| journey.next_stage.get(s)).and_then(|n| ctx.stage(n)),
    });
    put(&mut c, "journey", journey_value);
    let next_step = first_stage.and_then(|s| {
        let next = journey.next_stage.get(s)?;
        let others: Vec<usize> = view
            .next_steps
            .get(s)?
            .iter()
            .copied()
            .filter(|&j| j != i)
            .collect();
        let mut value = serde_json::json!({ "stage": ctx.stage(next)? });
        value["docs"] = ctx.cards(&others);
        Some(value)
    });
    put(&mut c, "next_step", next_step.unwrap_or_default());
    c.insert("cta", &crate::render::cta::for_doc(site, journey, i));
    put(&mut c, "helpful", super::feedback::helpful(site, d));
    put(&mut c, "next_read", super::profile::next_candidates(env, i));
    put(&mut c, "related", ctx.cards(&journey.related[i]));
    put(&mut c, "backlinks", ctx.cards(&journey.backlinks[i]));
    let template = match d.kind {
        Kind::Playbook => "playbook.html",
        Kind::CaseStudy => "case_study.html",
        Kind::Webinar => "webinar.html",
        _ => "page.html",
    };
    Ok((template, c))
}

fn doc_view<'a>(
    site: &'a Site,
    journey: &'a Journey,
    ctx: &'a LanguageContext,
    prefix: &str,
    i: usize,
) -> DocView<'a> {
    let d = &site.docs[i];
    let t = ctx.t;
    let rendered = &journey.rendered[i];
    let (date, date_display, updated, updated_display) = doc_date_fields(d, t);
    let mut terms = vec![];
    let mut tags = vec![];
    for taxonomy in &site.config.taxonomies {
        let Some(names) = d.common.terms.get(taxonomy) else {
            continue;
        };
        let items: Vec<Link> = names
            .iter()
            .filter(|n| !slugify(n).is_empty())
            .map(|n| Link {
                name: term_label(t, taxonomy, n),
                url: term_url(site, prefix, taxonomy, &slugify(n)),
            })
            .collect();
        if taxonomy == "tags" {
            tags = items;
        } else {
            terms.push(TermGroup {
                taxonomy: taxonomy.clone(),
                label: taxonomy_label(t, taxonomy),
                items,
            });
        }
    }
    DocView {
        kind: d.kind.name(),
        kind_label: kind_label(t, d.kind),
        title: &d.common.title,
        summary: d.common.summary.as_deref().unwrap_or(""),
        url: site.doc_url(d),
        permalink: site.doc_permalink(d),
        slug: &d.slug,
        lang: &d.lang,
        date,
        date_display,
        updated,
        updated_display,
        content: crate::render::links::tag_outbound(
            site,
            &rendered.html,
            d.common.stages.first().map(String::as_str).unwrap_or(""),
            &d.slug,
        ),
        toc: &rendered.toc,
        stages: d
            .common
            .stages
            .iter()
            .filter_map(|s| ctx.stage(s))
            .collect(),
        tags,
        terms,
        extra: &d.common.extra,
        featured: d.common.featured,
        kind_fields: kind_fields(site, journey, ctx, prefix, i),
    }
}

fn kind_fields(
    site: &Site,
    journey: &Journey,
    ctx: &LanguageContext,
    prefix: &str,
    i: usize,
) -> serde_json::Value {
    let d = &site.docs[i];
    let t = ctx.t;
    let mut fields = own_fields(site, journey, ctx, prefix, i);
    // Every kind serves touch models: `[{name, label, url}]`, and the labels as one text.
    let touch_terms = site.config.taxonomies.iter().any(|x| x == "touch");
    fields["touch"] = serde_json::json!(
        d.common
            .touch
            .iter()
            .map(|x| serde_json::json!({
                "name": x.name(),
                "label": term_label(t, "touch", x.name()),
                "url": if touch_terms {
                    term_url(site, prefix, "touch", x.name())
                } else {
                    String::new()
                },
            }))
            .collect::<Vec<_>>()
    );
    fields["touch_label"] = serde_json::json!(touch_label(t, &d.common.touch));
    fields["download"] = serde_json::json!(crate::render::download::download_view(site, d, t));
    fields
}

/// What a document's kind adds to its page: a playbook's facts, a case study's customer and
/// results, a webinar's time and links.
fn own_fields(
    site: &Site,
    journey: &Journey,
    ctx: &LanguageContext,
    prefix: &str,
    i: usize,
) -> serde_json::Value {
    let d = &site.docs[i];
    let t = ctx.t;
    match &d.meta {
        KindMeta::Playbook(p) => serde_json::json!({
            "audience": p.audience.iter().map(|a| serde_json::json!({
                "name": a,
                "label": term_label(t, "audience", a),
                "url": if site.config.taxonomies.iter().any(|x| x == "audience") {
                    term_url(site, prefix, "audience", &slugify(a))
                } else { String::new() },
            })).collect::<Vec<_>>(),
            "duration": p.duration.as_deref().unwrap_or(""),
            "owner": p.owner.as_deref().unwrap_or(""),
            "has_checklist": journey.rendered[i].steps > 0,
            "steps": journey.rendered[i].steps,
        }),
        KindMeta::CaseStudy(c) => serde_json::json!({
            "customer": c.customer,
            "logo": c.logo.as_ref().map(|l| logo_url(site, d, &l.value)).unwrap_or_default(),
            "results": c.results.iter().map(|r| ResultView {
                metric: &r.metric,
                value: r.value.as_deref().unwrap_or(""),
                before: r.before.as_deref().unwrap_or(""),
                after: r.after.as_deref().unwrap_or(""),
            }).collect::<Vec<_>>(),
            "quote": c.quote,
        }),
        KindMeta::Webinar(w) => {
            let stage = d.common.stages.first().map(String::as_str).unwrap_or("");
            serde_json::json!({
                "starts_at": rfc3339(w.starts_at, site),
                "ends_at": rfc3339(w.ends_at(), site),
                "starts_display": format_instant(w.starts_at, site, t),
                "ends_display": format_instant(w.ends_at(), site, t),
                "duration_minutes": w.duration_minutes,
                "speakers": w.speakers,
                "status": journey.webinar_status[i].map(|s| s.name()).unwrap_or(""),
                "registration_url": w.registration_url.as_deref().map(|u| with_utm(site, u, stage, &d.slug)).unwrap_or_default(),
                "recording_url": w.recording_url.as_deref().map(|u| with_utm(site, u, stage, &d.slug)).unwrap_or_default(),
                "calendar_url": calendar::event_url(site, journey, i),
                "location": w.location,
                "map_url": w.map_link().unwrap_or_default(),
                "online": w.online,
            })
        }
        _ => serde_json::json!({}),
    }
}

/// A logo path is relative to the document's folder, or `/`-rooted in static/.
pub fn logo_url(site: &Site, d: &Document, logo: &str) -> String {
    if logo.starts_with("http://") || logo.starts_with("https://") {
        return logo.to_string();
    }
    if let Some(rooted) = logo.strip_prefix('/') {
        return site.config.base_url.url(&encode_path(rooted));
    }
    let dir = d.content_dir();
    let joined = if dir.is_empty() {
        logo.to_string()
    } else {
        format!("{dir}/{logo}")
    };
    site.config.base_url.url(&encode_path(&joined))
}
