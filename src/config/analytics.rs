//! Web analytics (`analytics:` in site-config.yaml), off unless written: which provider the
//! pages load and its settings (docs/analytics.md says what each provider receives).

use crate::util::yaml::{self, FieldReader, Value};
use std::collections::BTreeMap;

/// The provider and its settings.
#[derive(Debug, Clone, PartialEq)]
pub enum Provider {
    /// `domain` as registered in Plausible; `src` its script (a `pageview-props` variant).
    Plausible { domain: String, src: String },
    /// The Matomo server's address (ending in `/`), the site id, and the custom dimension id
    /// of each page property (`dimensions: {stage: 1}`); a property without one is not sent.
    Matomo {
        url: String,
        site_id: String,
        dimensions: BTreeMap<String, u32>,
    },
    /// The measurement id, `G-…`.
    Ga4 { id: String },
    /// A file of the site's folder inserted into every page's `<head>` as written.
    Custom { snippet: String },
}

impl Provider {
    pub fn name(&self) -> &'static str {
        match self {
            Provider::Plausible { .. } => "plausible",
            Provider::Matomo { .. } => "matomo",
            Provider::Ga4 { .. } => "ga4",
            Provider::Custom { .. } => "custom",
        }
    }
}

pub const DEFAULT_PLAUSIBLE_SRC: &str = "https://plausible.io/js/script.pageview-props.js";

#[derive(Debug, Clone, PartialEq)]
pub struct AnalyticsConfig {
    pub provider: Provider,
    /// The line of `analytics:`, for errors found later (the custom snippet's file).
    pub line: usize,
    /// The custom snippet's text, read by the pipeline from the site's folder.
    pub snippet_html: String,
}

const PROVIDERS: &[&str] = &["plausible", "matomo", "ga4", "custom"];
const HINT: &str = "write it like `analytics: {provider: plausible, domain: hub.example.com}`; see docs/analytics.md";

/// The settings each provider takes, besides `provider`.
fn settings_of(provider: &str) -> &'static [&'static str] {
    match provider {
        "plausible" => &["domain", "src"],
        "matomo" => &["url", "site_id", "dimensions"],
        "ga4" => &["id"],
        _ => &["snippet"],
    }
}

pub(super) fn read_analytics(r: &mut FieldReader) -> Option<AnalyticsConfig> {
    let (m, line) = r.mapping("analytics", "`analytics` should be settings", HINT)?;
    let text = r.origin().text;
    let at = |key: &str| yaml::item_line(text, line, &format!("{key}:"));
    let get = |key: &str| -> String {
        match m.get(key) {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let provider = get("provider");
    if !PROVIDERS.contains(&provider.as_str()) {
        let (message, hint) = if provider.is_empty() {
            (
                "`analytics` names no `provider`".to_string(),
                format!("add `provider:` with one of: {}", PROVIDERS.join(", ")),
            )
        } else {
            let near = yaml::closest(&provider, PROVIDERS)
                .map(|p| format!("did you mean `{p}`? "))
                .unwrap_or_default();
            (
                format!("`{provider}` is not an analytics provider"),
                format!("{near}use one of: {}", PROVIDERS.join(", ")),
            )
        };
        r.invalid(at("provider"), message, hint);
        return None;
    }
    let known = settings_of(&provider);
    for key in m.keys().filter_map(Value::as_str) {
        if key != "provider" && !known.contains(&key) {
            let near = yaml::closest(key, known)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            r.invalid(
                at(key),
                format!("`analytics` with provider `{provider}` has no setting `{key}`"),
                format!("{near}it takes: {}", known.join(", ")),
            );
        }
    }
    let mut missing = |key: &str, example: &str| -> bool {
        if get(key).is_empty() {
            r.invalid(
                line,
                format!("`analytics` with provider `{provider}` has no `{key}`"),
                format!("add it, for example `{key}: {example}`"),
            );
            return true;
        }
        false
    };
    let provider = match provider.as_str() {
        "plausible" => {
            if missing("domain", "hub.example.com") {
                return None;
            }
            let src = match get("src") {
                s if s.is_empty() => DEFAULT_PLAUSIBLE_SRC.to_string(),
                s => s,
            };
            Provider::Plausible {
                domain: get("domain"),
                src,
            }
        }
        "matomo" => {
            let no_url = missing("url", "https://matomo.example.com/");
            if missing("site_id", "3") || no_url {
                return None;
            }
            let mut url = get("url");
            if !url.ends_with('/') {
                url.push('/');
            }
            let dimensions = match m.get("dimensions") {
                None => BTreeMap::new(),
                Some(v) => match yaml::from_value::<BTreeMap<String, u32>>(v.clone()) {
                    Ok(d) => d,
                    Err(_) => {
                        r.invalid(
                            at("dimensions"),
                            "`analytics.dimensions` should map a page property to a Matomo custom dimension id".to_string(),
                            "write it like `dimensions: {stage: 1, kind: 2, company_size: 3}`".to_string(),
                        );
                        return None;
                    }
                },
            };
            Provider::Matomo {
                url,
                site_id: get("site_id"),
                dimensions,
            }
        }
        "ga4" => {
            if missing("id", "G-XXXXXXXXXX") {
                return None;
            }
            Provider::Ga4 { id: get("id") }
        }
        _ => {
            if missing("snippet", "analytics-snippet.html") {
                return None;
            }
            Provider::Custom {
                snippet: get("snippet"),
            }
        }
    };
    let address = match &provider {
        Provider::Plausible { src, .. } => src.as_str(),
        Provider::Matomo { url, .. } => url.as_str(),
        _ => "",
    };
    if !address.is_empty() && !super::is_web_address(address) {
        r.invalid(
            line,
            format!("the analytics address \"{address}\" is not a web address"),
            "give the full address, starting with https://".to_string(),
        );
        return None;
    }
    Some(AnalyticsConfig {
        provider,
        line,
        snippet_html: String::new(),
    })
}

/// `readiness`: the share (above 0, at most 1) of a stage's checklist steps a reader ticks
/// before the stage page and the journey map offer the next stage. None when not written.
pub(super) fn read_readiness(r: &mut FieldReader) -> Option<f64> {
    let (value, line) = r.raw("readiness")?;
    match value.as_f64() {
        Some(share) if share > 0.0 && share <= 1.0 => Some(share),
        _ if value.is_null() => None,
        _ => {
            r.invalid(
                line,
                format!(
                    "`readiness` should be a share of the steps above 0 and at most 1, but it is {}",
                    yaml::describe(&value)
                ),
                "for example `readiness: 0.8` (80% of a stage's steps ticked)".to_string(),
            );
            None
        }
    }
}
