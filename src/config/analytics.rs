//! Web analytics (`analytics:` in site-config.yaml), off unless written: which provider the
//! pages load and its settings (docs/analytics.md says what each provider receives).

use crate::util::messages::{did_you_mean, t};
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
    let (m, line) = r.mapping(
        "analytics",
        t("analytics.not-settings"),
        t("analytics.hint"),
    )?;
    let text = r.origin().text;
    let at = |key: &str| yaml::item_line(text, line, &format!("{key}:"));
    let provider = setting(&m, "provider");
    if !PROVIDERS.contains(&provider.as_str()) {
        let (message, hint) = if provider.is_empty() {
            (
                t("analytics.no-provider"),
                t("analytics.no-provider.hint").arg("known", PROVIDERS.join(", ")),
            )
        } else {
            (
                t("analytics.provider").arg("provider", &provider),
                did_you_mean(
                    yaml::closest(&provider, PROVIDERS),
                    t("hint.use-one-of").arg("known", PROVIDERS.join(", ")),
                ),
            )
        };
        r.invalid(at("provider"), message, hint);
        return None;
    }
    let known = settings_of(&provider);
    for key in m.keys().filter_map(Value::as_str) {
        if key != "provider" && !known.contains(&key) {
            r.invalid(
                at(key),
                t("analytics.unknown-key")
                    .arg("provider", &provider)
                    .arg("key", key),
                did_you_mean(
                    yaml::closest(key, known),
                    t("analytics.unknown-key.hint").arg("known", known.join(", ")),
                ),
            );
        }
    }
    let provider = provider_settings(r, &m, line, &provider)?;
    let address = match &provider {
        Provider::Plausible { src, .. } => src.as_str(),
        Provider::Matomo { url, .. } => url.as_str(),
        _ => "",
    };
    if !address.is_empty() && !super::is_web_address(address) {
        r.invalid(
            line,
            t("analytics.address").arg("url", address),
            t("analytics.address.hint"),
        );
        return None;
    }
    Some(AnalyticsConfig {
        provider,
        line,
        snippet_html: String::new(),
    })
}

/// The settings of `provider` (a known one); each required setting that is missing is
/// reported.
fn provider_settings(
    r: &mut FieldReader,
    m: &yaml::Mapping,
    line: usize,
    provider: &str,
) -> Option<Provider> {
    let text = r.origin().text;
    let at = |key: &str| yaml::item_line(text, line, &format!("{key}:"));
    let mut missing = |key: &str, example: &str| -> bool {
        if setting(m, key).is_empty() {
            r.invalid(
                line,
                t("analytics.missing")
                    .arg("provider", provider)
                    .arg("key", key),
                t("analytics.missing.hint").arg("example", format!("{key}: {example}")),
            );
            return true;
        }
        false
    };
    let get = |key: &str| setting(m, key);
    Some(match provider {
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
                            t("analytics.dimensions"),
                            t("analytics.dimensions.hint"),
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
    })
}

/// A setting as text: a string trimmed, a number written out, anything else empty.
fn setting(m: &yaml::Mapping, key: &str) -> String {
    match m.get(key) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
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
                t("invalid-value.readiness").text("found", yaml::describe_text(&value)),
                t("invalid-value.readiness.hint"),
            );
            None
        }
    }
}
