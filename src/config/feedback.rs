//! `feedback:` in site-config.yaml: where readers' answers go (the "Was this helpful?"
//! widget and the NPS landing page forward to a form service the company runs), and where
//! the NPS page sends each band of score. Without it there is no widget and no NPS page.

use super::cta::is_web_address;
use crate::util::messages::{did_you_mean, t};
use crate::util::yaml::{self, FieldReader, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedbackMethod {
    Get,
    Post,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Where answers are sent; None: the NPS page only routes, and no widget is shown.
    pub endpoint: Option<String>,
    pub method: FeedbackMethod,
    /// Promoters (9–10): the referral programme, a web address or a page of the hub (`@/`).
    pub referral: Option<String>,
    /// Promoters: where to write a review.
    pub review: Option<String>,
    /// Detractors (0–6): support; without it `extra.support_url`, else `extra.support_email`.
    pub support: Option<String>,
    pub line: usize,
}

const KEYS: &[&str] = &["endpoint", "method", "referral", "review", "support"];

pub(super) fn read_feedback(r: &mut FieldReader) -> Option<Feedback> {
    let (value, line) = r.raw("feedback")?;
    let Value::Mapping(m) = value else {
        if !value.is_null() {
            r.invalid(
                line,
                t("setting.not-settings")
                    .arg("key", "feedback")
                    .text("found", yaml::describe_text(&value)),
                t("feedback.hint"),
            );
        }
        return None;
    };
    let mut feedback = Feedback {
        endpoint: None,
        method: FeedbackMethod::Post,
        referral: None,
        review: None,
        support: None,
        line,
    };
    for (k, v) in m {
        let key = k.as_str().unwrap_or("").to_string();
        let at = yaml::item_line(r.origin().text, line, &format!("{key}:"));
        let Some(text) = v.as_str().map(str::trim).filter(|t| !t.is_empty()) else {
            r.invalid(
                at,
                t("feedback.not-text").arg("key", &key),
                t("feedback.hint"),
            );
            continue;
        };
        let text = text.to_string();
        match key.as_str() {
            "method" => match text.to_ascii_lowercase().as_str() {
                "get" => feedback.method = FeedbackMethod::Get,
                "post" => feedback.method = FeedbackMethod::Post,
                _ => r.invalid(
                    at,
                    t("feedback.method").arg("value", &text),
                    t("feedback.method.hint"),
                ),
            },
            "endpoint" | "review" | "support" | "referral" => {
                let hub_page = key != "endpoint" && text.starts_with("@/");
                let mail = key == "support" && text.starts_with("mailto:");
                if !hub_page && !mail && !is_web_address(&text) {
                    r.invalid(
                        at,
                        t("feedback.url").arg("key", &key).arg("url", &text),
                        if key == "endpoint" {
                            t("feedback.endpoint.hint")
                        } else {
                            t("feedback.url.hint")
                        },
                    );
                    continue;
                }
                let slot = match key.as_str() {
                    "endpoint" => &mut feedback.endpoint,
                    "review" => &mut feedback.review,
                    "support" => &mut feedback.support,
                    _ => &mut feedback.referral,
                };
                *slot = Some(text);
            }
            _ => {
                r.invalid(
                    at,
                    t("feedback.unknown-key")
                        .arg("key", &key)
                        .arg("known", KEYS.join(", ")),
                    did_you_mean(yaml::closest(&key, KEYS), t("feedback.hint")),
                );
            }
        }
    }
    Some(feedback)
}
