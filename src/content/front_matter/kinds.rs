//! The front matter each kind adds to the common keys: a stage's, a playbook's, a case
//! study's and a webinar's.

use super::parse_timestamp;
use crate::config::StringOrList;
use crate::content::model::*;
use crate::util::messages::t;
use crate::util::yaml::{Expect, FieldReader};

pub(super) fn read_stage(r: &mut FieldReader, yaml_text: &str) -> StageMeta {
    let order = r
        .required(
            "order",
            Expect {
                what: "the stage's position in the journey, a whole number",
                example: "order: 1",
            },
        )
        .unwrap_or(0);
    let goal = r.optional(
        "goal",
        Expect {
            what: "text",
            example: "goal: 初期設定を終え、最初の成果を確認できている",
        },
    );
    let mut kpis: Vec<Kpi> = r
        .optional(
            "kpis",
            Expect {
                what: "a list of `{name, target}` items",
                example: "kpis: [{name: Time to Value, target: \"30日以内\"}]",
            },
        )
        .unwrap_or_default();
    restore_written_targets(yaml_text, &mut kpis);
    let next = r
        .optional::<String>(
            "next",
            Expect {
                what: "a stage id",
                example: "next: adoption",
            },
        )
        .map(|value| Spanned {
            value,
            line: r.line_of("next"),
        });
    let color: Option<String> = r.optional(
        "color",
        Expect {
            what: "a CSS color",
            example: "color: \"#2f6fde\"",
        },
    );
    if let Some(c) = &color
        && !is_css_color(c)
    {
        let line = r.line_of("color");
        r.invalid(
            line,
            t("invalid-value.color").arg("value", c),
            t("invalid-value.color.hint"),
        );
    }
    StageMeta {
        order,
        drip_weeks: None,
        goal,
        kpis,
        next,
        color,
    }
}

/// YAML reads `target: +40` as the number 40; the page must show it as written.
fn restore_written_targets(yaml_text: &str, kpis: &mut [Kpi]) {
    let written: Vec<&str> = yaml_text
        .match_indices("target:")
        .map(|(i, m)| {
            let rest = &yaml_text[i + m.len()..];
            let end = rest.find([',', '}', '\n']).unwrap_or(rest.len());
            rest[..end].trim()
        })
        .collect();
    let with_target = kpis.iter().filter(|k| k.target.is_some()).count();
    if written.len() != with_target {
        return;
    }
    for (kpi, raw) in kpis.iter_mut().filter(|k| k.target.is_some()).zip(written) {
        let unquoted = raw.trim_matches(|c| c == '"' || c == '\'');
        if raw.parse::<f64>().is_ok() || raw.starts_with('+') {
            kpi.target = Some(unquoted.to_string());
        }
    }
}

fn is_css_color(c: &str) -> bool {
    let c = c.trim();
    if let Some(hex) = c.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if c.starts_with("rgb(")
        || c.starts_with("rgba(")
        || c.starts_with("hsl(")
        || c.starts_with("hsla(")
        || c.starts_with("oklch(")
    {
        return c.ends_with(')');
    }
    !c.is_empty() && c.chars().all(|c| c.is_ascii_alphabetic())
}

pub(super) fn read_playbook(r: &mut FieldReader, owner: Option<String>) -> PlaybookMeta {
    let audience = r
        .optional::<StringOrList>(
            "audience",
            Expect {
                what: "a list of personas",
                example: "audience: [admin, champion]",
            },
        )
        .map(StringOrList::into_vec)
        .unwrap_or_default();
    let duration = r.optional(
        "duration",
        Expect {
            what: "text",
            example: "duration: 2週間",
        },
    );
    PlaybookMeta {
        audience,
        duration,
        owner,
    }
}

pub(super) fn read_case_study(r: &mut FieldReader) -> CaseStudyMeta {
    let customer = r
        .required(
            "customer",
            Expect {
                what: "the customer's name",
                example: "customer: 株式会社サンプル製作所",
            },
        )
        .unwrap_or_default();
    let logo = r
        .optional::<String>(
            "logo",
            Expect {
                what: "the path of an image",
                example: "logo: logos/sample.svg",
            },
        )
        .map(|value| Spanned {
            value,
            line: r.line_of("logo"),
        });
    let results: Vec<ResultFigure> = r
        .optional(
            "results",
            Expect {
                what: "a list of `{metric, value}` or `{metric, before, after}` items",
                example: "results: [{metric: 解約率, before: \"8%\", after: \"3%\"}]",
            },
        )
        .unwrap_or_default();
    for (i, res) in results.iter().enumerate() {
        let single = res.value.is_some();
        let pair = res.before.is_some() && res.after.is_some();
        if single == pair || (single && (res.before.is_some() || res.after.is_some())) {
            let line = r.line_of("results");
            r.invalid(
                line,
                t("invalid-value.result")
                    .arg("n", i + 1)
                    .arg("metric", &res.metric),
                t("invalid-value.result.hint")
                    .arg("value", "{metric: 解約率, value: \"-40%\"}")
                    .arg("change", "{metric: 解約率, before: \"8%\", after: \"3%\"}"),
            );
        }
    }
    let quote = r.optional(
        "quote",
        Expect {
            what: "a quote with `text` and `author` (and optionally `role`)",
            example: "quote: {text: \"…\", author: 山田 花子, role: 情報システム部長}",
        },
    );
    CaseStudyMeta {
        customer,
        logo,
        results,
        quote,
    }
}

pub(super) fn read_webinar(r: &mut FieldReader) -> Option<WebinarMeta> {
    let starts_text: Option<String> = r.required(
        "starts_at",
        Expect {
            what: "a date and time with its offset (RFC 3339)",
            example: "starts_at: 2026-12-10T14:00:00+09:00",
        },
    );
    let starts_at = starts_text.and_then(|written| match parse_timestamp(written.trim()) {
        Ok(ts) => Some(ts),
        Err(why) => {
            let line = r.line_of("starts_at");
            r.invalid(
                line,
                t("invalid-value.starts-at")
                    .arg("text", &written)
                    .text("why", why),
                t("invalid-value.starts-at.hint"),
            );
            None
        }
    });
    let duration_minutes: Option<i64> = r.required(
        "duration_minutes",
        Expect {
            what: "the length in minutes, a whole number",
            example: "duration_minutes: 60",
        },
    );
    if let Some(d) = duration_minutes
        && !(1..=7 * 24 * 60).contains(&d)
    {
        let line = r.line_of("duration_minutes");
        r.invalid(
            line,
            t("invalid-value.duration-minutes").arg("value", d),
            t("invalid-value.duration-minutes.hint"),
        );
    }
    let speakers = r
        .optional(
            "speakers",
            Expect {
                what: "a list of `{name, role}` items",
                example: "speakers: [{name: 佐藤 健, role: カスタマーサクセス部長}]",
            },
        )
        .unwrap_or_default();
    let registration_url = read_url(r, "registration_url");
    let recording_url = read_url(r, "recording_url");
    let location: Option<Location> = r.optional(
        "location",
        Expect {
            what: "the venue: `name`, and optionally `address` and `map_url`",
            example: "location: {name: Acme 大手町オフィス, address: 東京都千代田区大手町9-9-9}",
        },
    );
    if let Some(url) = location.as_ref().and_then(|l| l.map_url.as_ref())
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        let line = r.line_of("location");
        r.invalid(
            line,
            t("invalid-value.url").arg("key", "map_url").arg("url", url),
            t("invalid-value.map-url.hint"),
        );
    }
    let online = r
        .optional(
            "online",
            Expect {
                what: "true or false",
                example: "online: true",
            },
        )
        .unwrap_or(location.is_none());
    Some(WebinarMeta {
        starts_at: starts_at?,
        duration_minutes: duration_minutes?,
        speakers,
        registration_url,
        recording_url,
        location,
        online,
    })
}

fn read_url(r: &mut FieldReader, key: &'static str) -> Option<String> {
    let url: String = r.optional(
        key,
        Expect {
            what: "a web address",
            example: "registration_url: https://events.example.com/webinar-42",
        },
    )?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url)
    } else {
        let line = r.line_of(key);
        r.invalid(
            line,
            t("invalid-value.url").arg("key", key).arg("url", url),
            t("invalid-value.url.hint"),
        );
        None
    }
}
