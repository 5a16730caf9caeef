//! schema.org JSON-LD for search engines: Event for webinars, Article for case studies,
//! HowTo for playbooks, WebSite for the home page. Templates print it inside
//! `<script type="application/ld+json">`, so the text is made safe for that place here.

use super::context::rfc3339;
use crate::content::Site;
use crate::content::{CaseStudyMeta, KindMeta, PlaybookMeta, WebinarMeta};
use crate::link::{Journey, WebinarStatus};
use crate::theme::strings::{Strings, term_label, text};
use serde_json::{Value, json};

/// The organisation behind the hub: `extra.company` in site-config, else the hub's title.
fn organization(site: &Site) -> Value {
    let name = site
        .config
        .extra
        .get("company")
        .and_then(|v| v.as_str())
        .unwrap_or(&site.config.title);
    json!({
        "@type": "Organization",
        "name": name,
        "url": site.config.base_url.permalink(""),
    })
}

/// JSON-LD of a document page, or empty for kinds that have no schema.org type of their own.
pub fn document(
    site: &Site,
    journey: &Journey,
    t: &Strings,
    i: usize,
    image: &str,
    audience: &[String],
) -> String {
    let d = &site.docs[i];
    let url = site.doc_permalink(d);
    let description = d.common.summary.clone().unwrap_or_default();
    let published = d.common.date.as_ref().map(|x| rfc3339(x.instant, site));
    let modified = d
        .common
        .updated
        .as_ref()
        .map(|x| rfc3339(x.instant, site))
        .or(published.clone());
    let mut value = match &d.meta {
        KindMeta::Webinar(w) => webinar_event(site, journey, i, w, &url),
        KindMeta::CaseStudy(c) => case_study_article(site, t, i, c, &published, &modified),
        KindMeta::Playbook(p) => {
            playbook_how_to(site, journey, i, p, audience, &published, &modified)
        }
        // A page has no type of its own; what it offers to download is its subject.
        _ => match download_entity(site, t, i, &url, &published) {
            Some(v) => v,
            None => return String::new(),
        },
    };
    if !matches!(d.meta, KindMeta::Page | KindMeta::Home)
        && let Some(offered) = download_entity(site, t, i, &url, &published)
    {
        // An event is no creative work: its recording or slides are the work it features.
        let key = if d.webinar().is_some() {
            "workFeatured"
        } else {
            "hasPart"
        };
        value[key] = offered;
    }
    value["@context"] = json!("https://schema.org");
    value["url"] = json!(url);
    value["mainEntityOfPage"] = json!({"@type": "WebPage", "@id": url});
    value["inLanguage"] = json!(d.lang);
    if !description.is_empty() {
        value["description"] = json!(description);
    }
    if !image.is_empty() {
        value["image"] = json!([image]);
    }
    script_safe(&value)
}

/// What a document offers to download (`download:`), as schema.org describes it: a
/// `PodcastEpisode` whose `associatedMedia` is the audio, a `VideoObject`, or a
/// `DigitalDocument` (a presentation or spreadsheet where its type says so).
fn download_entity(
    site: &Site,
    t: &Strings,
    i: usize,
    page_url: &str,
    published: &Option<String>,
) -> Option<Value> {
    let d = &site.docs[i];
    let dl = super::download::download_view(site, d, t)?;
    let name = if dl.title.is_empty() {
        d.common.title.clone()
    } else {
        dl.title.clone()
    };
    let mut media = json!({
        "contentUrl": dl.url,
        "encodingFormat": dl.mime,
    });
    if dl.size > 0 {
        media["contentSize"] = json!(dl.size_display);
    }
    if !dl.duration_iso.is_empty() {
        media["duration"] = json!(dl.duration_iso);
    }
    let mut v = match dl.media {
        "audio" => {
            media["@type"] = json!("AudioObject");
            let mut episode = json!({
                "@type": "PodcastEpisode",
                "url": page_url,
                "associatedMedia": media,
            });
            if !dl.duration_iso.is_empty() {
                episode["duration"] = json!(dl.duration_iso);
            }
            episode
        }
        "video" => {
            media["@type"] = json!("VideoObject");
            media
        }
        _ => {
            let presentation = dl.kind == "slides"
                || dl.mime.contains("presentation")
                || dl.mime.contains("powerpoint")
                || dl.mime.contains("keynote");
            let spreadsheet = dl.mime == "text/csv"
                || dl.mime.contains("spreadsheet")
                || dl.mime.contains("excel");
            let kind = if presentation {
                "PresentationDigitalDocument"
            } else if spreadsheet {
                "SpreadsheetDigitalDocument"
            } else {
                "DigitalDocument"
            };
            media["@type"] = json!("MediaObject");
            json!({
                "@type": kind,
                "url": dl.url,
                "encodingFormat": dl.mime,
                "associatedMedia": media,
            })
        }
    };
    v["name"] = json!(name);
    v["inLanguage"] = json!(d.lang);
    if let Some(p) = published {
        v["datePublished"] = json!(p);
    }
    if !dl.kind_label.is_empty() {
        v["genre"] = json!(dl.kind_label);
    }
    Some(v)
}

fn webinar_event(site: &Site, journey: &Journey, i: usize, w: &WebinarMeta, url: &str) -> Value {
    let d = &site.docs[i];
    let status = *journey.webinar_status[i];
    let online = json!({
        "@type": "VirtualLocation",
        "url": w.registration_url.as_deref().unwrap_or(url),
    });
    let place = w.location.as_ref().map(|l| {
        let mut p = json!({"@type": "Place", "name": l.name});
        if let Some(a) = &l.address {
            p["address"] = json!(a);
        }
        if let Some(map) = w.map_link() {
            p["hasMap"] = json!(map);
        }
        p
    });
    let (mode, location) = match (place, w.online) {
        (Some(place), true) => ("Mixed", json!([place, online])),
        (Some(place), false) => ("Offline", place),
        (None, _) => ("Online", online),
    };
    let mut v = json!({
        "@type": "Event",
        "name": d.common.title,
        "startDate": rfc3339(w.starts_at, site),
        "endDate": rfc3339(w.ends_at(), site),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": format!("https://schema.org/{mode}EventAttendanceMode"),
        "location": location,
        "organizer": organization(site),
    });
    if !w.speakers.is_empty() {
        v["performer"] = w
            .speakers
            .iter()
            .map(|s| {
                let mut p = json!({"@type": "Person", "name": s.name});
                if let Some(r) = &s.role {
                    p["jobTitle"] = json!(r);
                }
                p
            })
            .collect();
    }
    if let (Some(WebinarStatus::Upcoming), Some(reg)) = (status, &w.registration_url) {
        // Registration is how a reader takes part; the price is not known, so only
        // the place to register is stated.
        v["offers"] =
            json!({"@type": "Offer", "url": reg, "availability": "https://schema.org/InStock"});
    }
    if let (Some(WebinarStatus::OnDemand), Some(rec)) = (status, &w.recording_url) {
        v["recordedIn"] = json!({"@type": "CreativeWork", "url": rec});
    }
    v
}

fn case_study_article(
    site: &Site,
    t: &Strings,
    i: usize,
    c: &CaseStudyMeta,
    published: &Option<String>,
    modified: &Option<String>,
) -> Value {
    let d = &site.docs[i];
    let mut v = json!({
        "@type": "Article",
        "headline": headline(&d.common.title),
        "author": organization(site),
        "publisher": organization(site),
        "about": {"@type": "Organization", "name": c.customer},
        "articleSection": text(t, "kind_case_study"),
    });
    set_dates(&mut v, published, modified);
    // Terms as readers see them (`中小企業`, not the code `smb` front matter writes).
    let keywords: Vec<String> = d
        .common
        .terms
        .iter()
        .filter(|(taxonomy, _)| site.config.taxonomies.contains(taxonomy))
        .flat_map(|(taxonomy, names)| names.iter().map(|n| term_label(t, taxonomy, n)))
        .collect();
    if !keywords.is_empty() {
        v["keywords"] = json!(keywords.join(", "));
    }
    v
}

fn playbook_how_to(
    site: &Site,
    journey: &Journey,
    i: usize,
    p: &PlaybookMeta,
    audience: &[String],
    published: &Option<String>,
    modified: &Option<String>,
) -> Value {
    let d = &site.docs[i];
    let steps: Vec<Value> = checklist_steps(&journey.rendered[i].html)
        .into_iter()
        .enumerate()
        .map(|(n, step)| json!({"@type": "HowToStep", "position": n + 1, "text": step}))
        .collect();
    let mut v = json!({
        "@type": "HowTo",
        "name": d.common.title,
        "step": steps,
        "publisher": organization(site),
    });
    if let Some(total) = p.duration.as_deref().and_then(iso_duration) {
        v["totalTime"] = json!(total);
    }
    if !audience.is_empty() {
        v["audience"] = audience
            .iter()
            .map(|a| json!({"@type": "Audience", "audienceType": a}))
            .collect();
    }
    set_dates(&mut v, published, modified);
    v
}

fn set_dates(v: &mut Value, published: &Option<String>, modified: &Option<String>) {
    if let Some(p) = published {
        v["datePublished"] = json!(p);
    }
    if let Some(m) = modified {
        v["dateModified"] = json!(m);
    }
}

/// JSON-LD of the home page: the hub as a WebSite, published by the organisation.
pub fn website(site: &Site, lang: &str, url: &str, description: &str) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.config.title,
        "url": url,
        "inLanguage": lang,
        "publisher": organization(site),
    });
    if !description.is_empty() {
        v["description"] = json!(description);
    }
    script_safe(&v)
}

/// JSON with `<`, `>` and `&` written as `\u003c`…, so no `</script>` inside a string can end
/// the script element early. They only ever occur inside JSON strings, where the escape
/// means the same character.
fn script_safe(v: &Value) -> String {
    let text = serde_json::to_string(v).unwrap_or_default();
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Search engines cut headlines at 110 characters.
fn headline(s: &str) -> String {
    if s.chars().count() <= 110 {
        s.to_string()
    } else {
        let cut: String = s.chars().take(109).collect();
        format!("{cut}…")
    }
}

/// The text of each step of a playbook's checklist, read back from its rendered HTML
/// (`<ol class="checklist">`, one `<li>` per step; lists nested in a step stay in its text).
pub fn checklist_steps(html: &str) -> Vec<String> {
    let Some(start) = html.find("<ol class=\"checklist\"") else {
        return vec![];
    };
    let mut steps = vec![];
    let mut depth = 0usize;
    let mut current: Option<String> = None;
    let mut rest = &html[start..];
    while let Some(lt) = rest.find('<') {
        if let Some(step) = current.as_mut() {
            step.push_str(&rest[..lt]);
        }
        let gt = match rest[lt..].find('>') {
            Some(g) => lt + g,
            None => break,
        };
        let tag = &rest[lt + 1..gt];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("ol" | "ul", false) => depth += 1,
            ("ol" | "ul", true) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            ("li", false) if depth == 1 => current = Some(String::new()),
            ("li", true) if depth == 1 => {
                if let Some(step) = current.take() {
                    steps.push(collapse(&decode_entities(&step)));
                }
            }
            _ => {}
        }
        // Block boundaries separate words; inline tags (links, emphasis) do not, which
        // matters for Japanese, written without spaces.
        let block = matches!(
            name.as_str(),
            "p" | "br" | "div" | "li" | "ol" | "ul" | "blockquote" | "pre" | "tr" | "td" | "th"
        );
        if block && let Some(step) = current.as_mut() {
            step.push(' ');
        }
        rest = &rest[gt + 1..];
    }
    steps
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An ISO 8601 duration for a playbook's `duration` when it is a plain amount of one unit
/// (`2 weeks`, `2週間`, `90分`, `3 months`); None for anything else (`2〜3週間`, `ongoing`),
/// which is then left out rather than guessed.
pub fn iso_duration(text: &str) -> Option<String> {
    let normalized: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let digits: String = normalized
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let n: u32 = digits.parse().ok()?;
    let unit = normalized[digits.len()..].trim().to_lowercase();
    let (designator, time) = match unit.as_str() {
        "分" | "分間" | "min" | "mins" | "minute" | "minutes" => ("M", true),
        "時間" | "h" | "hour" | "hours" => ("H", true),
        "日" | "日間" | "day" | "days" => ("D", false),
        "週" | "週間" | "week" | "weeks" => ("W", false),
        "か月" | "ヶ月" | "カ月" | "ヵ月" | "箇月" | "month" | "months" => ("M", false),
        _ => return None,
    };
    Some(if time {
        format!("PT{n}{designator}")
    } else {
        format!("P{n}{designator}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_read_from_the_checklist() {
        let html = r#"<h2>手順</h2>
<ol class="checklist" data-checklist="/p/">
<li><label><input type="checkbox" data-step="1"> 参加者を決める</label></li>
<li><label><input type="checkbox" data-step="2"> <a href="/x/">ガイド</a>に沿って &amp; 設定する</label>
<ul><li>SSO</li></ul></li>
</ol>
<ol><li>not a step</li></ol>"#;
        assert_eq!(
            checklist_steps(html),
            vec!["参加者を決める", "ガイドに沿って & 設定する SSO"]
        );
        assert!(checklist_steps("<ol><li>x</li></ol>").is_empty());
    }

    #[test]
    fn durations_in_japanese_and_english() {
        assert_eq!(iso_duration("2週間").as_deref(), Some("P2W"));
        assert_eq!(iso_duration("２週間").as_deref(), Some("P2W"));
        assert_eq!(iso_duration("90分").as_deref(), Some("PT90M"));
        assert_eq!(iso_duration("3 months").as_deref(), Some("P3M"));
        assert_eq!(iso_duration("1 day").as_deref(), Some("P1D"));
        assert_eq!(iso_duration("2〜3週間"), None);
        assert_eq!(iso_duration("ongoing"), None);
    }

    #[test]
    fn script_text_cannot_close_the_element() {
        let s = script_safe(&json!({"name": "</script><b>&"}));
        assert!(!s.contains('<'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><b>&");
    }
}
