//! What a page's `<head>` loads for web analytics (site-config `analytics:`), and the page's
//! properties sent with it: its stage, its kind and its segment terms. Nothing at all when
//! `analytics:` is not written. The theme script (journeyhub.js, "analytics") reads the
//! JSON block this writes and sends clicks on calls to action as events.

use crate::config::{AnalyticsConfig, Provider};
use crate::content::{Document, Site};
use crate::render::links::with_query;
use crate::util::html::html_escape;
use std::collections::BTreeMap;

/// The id of the JSON block the theme script reads.
pub const DATA_ID: &str = "journeyhub-analytics";

/// A page's properties: `stage`, `kind` and each segment taxonomy the document names (every
/// taxonomy of site-config but `tags`), terms as written, joined by commas.
pub fn page_props(
    site: &Site,
    kind: &str,
    stage: Option<&str>,
    doc: Option<&Document>,
) -> BTreeMap<String, String> {
    let mut props = BTreeMap::from([("kind".to_string(), kind.to_string())]);
    if let Some(stage) = stage.filter(|s| !s.is_empty()) {
        props.insert("stage".into(), stage.to_string());
    }
    if let Some(d) = doc {
        for taxonomy in site.config.taxonomies.iter().filter(|t| *t != "tags") {
            if let Some(terms) = d.common.terms.get(taxonomy).filter(|t| !t.is_empty()) {
                props.insert(taxonomy.clone(), terms.join(","));
            }
        }
    }
    props
}

/// The markup for `<head>`: empty without `analytics:`.
pub fn head(config: Option<&AnalyticsConfig>, props: &BTreeMap<String, String>) -> String {
    let Some(config) = config else {
        return String::new();
    };
    let mut data = serde_json::json!({
        "provider": config.provider.name(),
        "props": props,
    });
    let tag = match &config.provider {
        Provider::Plausible { domain, src } => {
            // Plausible reads a page view's properties from `event-<name>` attributes.
            let attrs: String = props
                .iter()
                .map(|(k, v)| format!(" event-{}=\"{}\"", html_escape(k), html_escape(v)))
                .collect();
            format!(
                "<script defer data-domain=\"{}\" src=\"{}\"{attrs}></script>",
                html_escape(domain),
                html_escape(src)
            )
        }
        Provider::Matomo {
            url,
            site_id,
            dimensions,
        } => {
            data["url"] = url.as_str().into();
            data["site_id"] = site_id.as_str().into();
            data["dimensions"] = serde_json::json!(dimensions);
            format!(
                "<script defer src=\"{}matomo.js\"></script>",
                html_escape(url)
            )
        }
        Provider::Ga4 { id } => {
            data["id"] = id.as_str().into();
            let src = with_query("https://www.googletagmanager.com/gtag/js", "id", id);
            format!("<script defer src=\"{}\"></script>", html_escape(&src))
        }
        Provider::Custom { .. } => config.snippet_html.trim().to_string(),
    };
    // `</script>` inside the JSON would end the block early.
    let json = data.to_string().replace('<', "\\u003c");
    format!("<script type=\"application/json\" id=\"{DATA_ID}\">{json}</script>\n{tag}")
}
