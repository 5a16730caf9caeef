//! `feedback:` in site-config.yaml: where readers' answers go (the "Was this helpful?"
//! widget and the NPS landing page forward to a form service the company runs), and where
//! the NPS page sends each band of score. Without it there is no widget and no NPS page.

use super::cta::is_web_address;
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
const HINT: &str = "write it like `feedback: {endpoint: \"https://forms.example.com/feedback\", method: post, referral: \"@/pages/referral.md\", review: \"https://reviews.example.com/acme\"}`";

pub(super) fn read_feedback(r: &mut FieldReader) -> Option<Feedback> {
    let (value, line) = r.raw("feedback")?;
    let Value::Mapping(m) = value else {
        if !value.is_null() {
            r.invalid(
                line,
                format!(
                    "`feedback` should be settings, but it is {}",
                    yaml::describe(&value)
                ),
                HINT.to_string(),
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
                format!("`feedback.{key}` should be text"),
                HINT.to_string(),
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
                    format!("`feedback.method` is `{text}`; it is `get` or `post`"),
                    "write `method: post` (the default) or `method: get`, as the form service expects".to_string(),
                ),
            },
            "endpoint" | "review" | "support" | "referral" => {
                let hub_page = key != "endpoint" && text.starts_with("@/");
                let mail = key == "support" && text.starts_with("mailto:");
                if !hub_page && !mail && !is_web_address(&text) {
                    r.invalid(
                        at,
                        format!("`feedback.{key}` is \"{text}\", which is not a web address"),
                        if key == "endpoint" {
                            "give the full address of the form service, starting with https://".to_string()
                        } else {
                            "give a full address starting with https://, or a page of the hub like `\"@/pages/referral.md\"`".into()
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
                let hint = match yaml::closest(&key, KEYS) {
                    Some(k) => format!("did you mean `{k}`? {HINT}"),
                    None => HINT.into(),
                };
                r.invalid(
                    at,
                    format!("`feedback` has no setting `{key}`; it takes {}", KEYS.join(", ")),
                    hint,
                );
            }
        }
    }
    Some(feedback)
}
