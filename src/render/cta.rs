//! The call to action a page, a feed entry or a drip teaser shows: the document's own
//! `cta:`, else the default site-config gives its stage, with its link tagged for analytics
//! (`utm_content` names the kind of action, so a report tells referrals from expansion).

use crate::content::Site;
use crate::link::Journey;
use crate::render::links::{with_query, with_utm};
use crate::util::urls::encode_fragment;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CtaView {
    pub label: String,
    /// The address with the site's UTM parameters and `utm_content=<kind>`.
    pub url: String,
    pub kind: String,
}

/// A document's call to action in its language. A stage document's stage is itself. One
/// that leads to a page of the hub links its permanent address, without UTM parameters
/// (they would start a new visit in the reader's analytics); one that leads nowhere is left
/// out (the error names it).
pub fn for_doc(site: &Site, journey: &Journey, i: usize) -> Option<CtaView> {
    let d = &site.docs[i];
    let stage = d
        .stage_id()
        .or(d.common.stages.first().map(String::as_str))
        .unwrap_or("");
    let (label, url, kind) = match &d.common.cta {
        Some(c) => (c.label.as_str(), c.url.as_str(), c.kind.as_str()),
        None => {
            let c = site.config.cta.stages.get(stage)?;
            (c.label(&d.lang), c.url.as_str(), c.kind.as_str())
        }
    };
    let url = if let Some(target) = url.strip_prefix("@/") {
        let (target, anchor) = match &d.common.cta {
            Some(_) => (**journey.cta_targets.get(i)?).clone()?,
            // A stage default, resolved in the document's language.
            None => {
                let setting = format!("cta.stages.{stage}");
                let doc = *journey.config_pages.get(&d.lang)?.get(&setting)?;
                (doc, target.split_once('#').map(|(_, a)| a.to_string()))
            }
        };
        let permalink = site.doc_permalink(&site.docs[target]);
        match anchor {
            Some(a) => format!("{permalink}#{}", encode_fragment(&a)),
            None => permalink,
        }
    } else {
        tagged(site, url, stage, &d.slug, kind)
    };
    Some(CtaView {
        label: label.to_string(),
        url,
        kind: kind.to_string(),
    })
}

/// A call to action's address with UTM parameters: the site's, and `utm_content` for the
/// kind. Without `utm:` in site-config no parameter is added.
pub fn tagged(site: &Site, url: &str, stage: &str, slug: &str, kind: &str) -> String {
    if site.config.utm.is_none() {
        return url.to_string();
    }
    with_query(&with_utm(site, url, stage, slug), "utm_content", kind)
}
