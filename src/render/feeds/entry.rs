//! One entry per shown document, made once and shared by every feed that shows it: its id,
//! dates, categories and the body with what the page shows above it.

use super::Entry;
use super::files::xml;
use crate::content::{KindMeta, Site};
use crate::link::{Journey, WebinarStatus};
use crate::render::context::format_instant;
use crate::render::links::{absolutize, plain_code, tag_outbound, with_utm};
use crate::theme::strings::{Strings, kind_label, strings_for, text, touch_label};
use crate::util::html::html_escape;
use crate::util::urls::encode_path;
use std::collections::BTreeMap;

pub(super) fn entry(
    site: &Site,
    journey: &Journey,
    strings: &BTreeMap<String, Strings>,
    i: usize,
) -> Entry {
    let d = &site.docs[i];
    let t = strings_for(strings, &d.lang);
    let date = d.common.date.as_ref().expect("feeds hold dated documents");
    let published = date.instant;
    let updated = d
        .common
        .updated
        .as_ref()
        .map_or(published, |u| u.instant.max(published));
    let url = site.doc_permalink(d);
    let stage = d.common.stages.first().map(String::as_str).unwrap_or("");
    let body = plain_code(&journey.rendered[i].html);
    let body = tag_outbound(site, &body, stage, &d.slug);
    let mut content = lead_html(site, journey, t, i);
    content.push_str(&absolutize(site, &body, &url));
    if let Some(cta) = crate::render::cta::for_doc(site, journey, i) {
        content.push_str(&format!(
            "<p class=\"cta\" data-cta-kind=\"{}\"><a href=\"{}\">{}</a></p>\n",
            html_escape(&cta.kind),
            html_escape(&cta.url),
            html_escape(&cta.label)
        ));
    }
    let view = journey.view(&d.lang);
    let mut categories: Vec<(String, String)> = d
        .common
        .stages
        .iter()
        .map(|s| {
            let title = view
                .stage_docs
                .get(s)
                .map(|&j| site.docs[j].common.title.clone())
                .unwrap_or_else(|| s.clone());
            (s.clone(), title)
        })
        .collect();
    categories.push((d.kind.name().to_string(), kind_label(t, d.kind)));
    let content_xml = xml(&content);
    let content_json = serde_json::value::to_raw_value(&content).expect("a string serializes");
    Entry {
        id: entry_id(site, i),
        url,
        title: d.common.title.clone(),
        summary: d.common.summary.clone().unwrap_or_default(),
        content_xml,
        content_json,
        published,
        updated,
        categories,
        enclosure: crate::render::download::download_view(site, d, t),
    }
}

/// `tag:hub.example.com,2026-04-06:ja/playbooks/kickoff.md`: the host, the publication
/// date and the source path, none of which an edit of the text or of `updated` touches.
/// A changed slug or title keeps it too, so a renamed page is not sent again.
pub fn entry_id(site: &Site, i: usize) -> String {
    let d = &site.docs[i];
    let base = &site.config.base_url;
    let authority = base
        .origin
        .split_once("://")
        .map_or("", |(_, h)| h)
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let day = d
        .common
        .date
        .as_ref()
        .map(|x| x.day.to_string())
        .unwrap_or_default();
    let path = base.path.trim_start_matches('/');
    format!(
        "tag:{authority},{day}:{}",
        encode_path(&format!("{path}{}/{}", d.lang, d.translation_key))
    )
}

/// What the page shows above the body and an email needs too: a webinar's time and call to
/// action, a case study's customer and results, a playbook's facts.
fn lead_html(site: &Site, journey: &Journey, t: &Strings, i: usize) -> String {
    let d = &site.docs[i];
    let stage = d.common.stages.first().map(String::as_str).unwrap_or("");
    let e = |s: &str| html_escape(s);
    let mut out = String::new();
    let fact = |out: &mut String, key: &str, value: &str| {
        if !value.is_empty() {
            out.push_str(&format!(
                "<p><strong>{}</strong> {}</p>\n",
                e(text(t, key)),
                e(value)
            ));
        }
    };
    match &d.meta {
        KindMeta::Webinar(w) => {
            fact(&mut out, "starts_at", &format_instant(w.starts_at, site, t));
            let cta = match *journey.webinar_status[i] {
                Some(WebinarStatus::Upcoming) => {
                    w.registration_url.as_deref().map(|u| (u, "register"))
                }
                Some(WebinarStatus::OnDemand) => {
                    w.recording_url.as_deref().map(|u| (u, "watch_recording"))
                }
                _ => None,
            };
            if let Some((url, key)) = cta {
                out.push_str(&format!(
                    "<p><a href=\"{}\">{}</a></p>\n",
                    e(&with_utm(site, url, stage, &d.slug)),
                    e(text(t, key))
                ));
            } else if journey.webinar_status[i] == Some(WebinarStatus::RecordingSoon) {
                out.push_str(&format!("<p>{}</p>\n", e(text(t, "recording_coming_soon"))));
            }
        }
        KindMeta::CaseStudy(c) => {
            fact(&mut out, "customer", &c.customer);
            if !c.results.is_empty() {
                out.push_str("<ul>\n");
                for r in &c.results {
                    let figure = match (&r.value, &r.before, &r.after) {
                        (Some(v), _, _) => v.clone(),
                        (None, Some(b), Some(a)) => format!("{b} → {a}"),
                        (None, b, a) => b.clone().or(a.clone()).unwrap_or_default(),
                    };
                    out.push_str(&format!(
                        "<li><strong>{}</strong>: {}</li>\n",
                        e(&r.metric),
                        e(&figure)
                    ));
                }
                out.push_str("</ul>\n");
            }
            if let Some(q) = &c.quote {
                let who = match &q.role {
                    Some(r) => format!("{}, {r}", q.author),
                    None => q.author.clone(),
                };
                out.push_str(&format!(
                    "<blockquote><p>{}</p><p>— {}</p></blockquote>\n",
                    e(&q.text),
                    e(&who)
                ));
            }
        }
        KindMeta::Playbook(p) => {
            fact(&mut out, "touch", &touch_label(t, &d.common.touch));
            fact(&mut out, "duration", p.duration.as_deref().unwrap_or(""));
            fact(&mut out, "owner", p.owner.as_deref().unwrap_or(""));
        }
        _ => {}
    }
    // A playbook names its touch models among its facts; other kinds after what they show.
    if !matches!(d.meta, KindMeta::Playbook(_)) {
        fact(&mut out, "touch", &touch_label(t, &d.common.touch));
    }
    out
}
