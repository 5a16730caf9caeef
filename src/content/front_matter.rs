//! Splits a markdown file into front matter and body, and reads the front matter of each kind
//! key by key, so that one run reports every problem in the file.

use super::model::*;
use crate::config::{SiteConfig, StringOrList};
use crate::util::diagnostics::Diagnostic;
use crate::util::yaml::{self, Expect, FieldReader, Origin, Value};
use jiff::Timestamp;
use jiff::civil::Date;

pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line on which the YAML begins (1-based; the `---` is the line before).
    pub yaml_line: usize,
    pub body_offset: usize,
    pub body_line: usize,
}

pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            "missing-front-matter",
            file,
            "the file does not start with front matter",
        )
        .at(text, 1, 1)
        .with_hint(
            "begin the file with a `---` line, the settings (at least `title:`), and another `---` line",
        ));
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body_offset: offset + l.len(),
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        file,
        "the front matter is never closed",
    )
    .at(text, 1, 1)
    .with_hint("add a line with only `---` after the last setting, before the text begins"))
}

const COMMON_KEYS: &[&str] = &[
    "title", "summary", "stage", "date", "updated", "draft", "slug", "aliases", "tags", "related",
    "weight", "extra", "featured", "search", "owner",
];
const STAGE_KEYS: &[&str] = &[
    "title", "summary", "order", "goal", "kpis", "next", "color", "updated", "date", "extra",
    "draft", "owner",
];
const PLAYBOOK_KEYS: &[&str] = &["touch", "audience", "duration"];
const CASE_STUDY_KEYS: &[&str] = &["customer", "logo", "results", "quote"];
const WEBINAR_KEYS: &[&str] = &[
    "starts_at",
    "duration_minutes",
    "speakers",
    "registration_url",
    "recording_url",
    "location",
    "online",
];
const HOME_KEYS: &[&str] = &["title", "summary", "extra"];

/// Every front-matter key a kind accepts, besides the taxonomies named in site-config: the
/// lists [`parse`] reads by, so that the manual's test (tests/manual.rs) documents exactly
/// what the code accepts.
pub fn accepted_keys(kind: Kind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        Kind::Stage => return STAGE_KEYS.to_vec(),
        Kind::Home => return HOME_KEYS.to_vec(),
        Kind::Playbook => PLAYBOOK_KEYS,
        Kind::CaseStudy => CASE_STUDY_KEYS,
        Kind::Webinar => WEBINAR_KEYS,
        Kind::Page => &[],
    };
    COMMON_KEYS.iter().chain(own).copied().collect()
}

/// What a document's front matter holds, before links and stages are checked.
pub struct Parsed {
    pub slug: Option<Spanned<String>>,
    pub common: Common,
    pub meta: KindMeta,
}

pub fn parse(
    kind: Kind,
    file: &str,
    text: &str,
    split: &Split,
    config: &SiteConfig,
) -> (Option<Parsed>, Vec<Diagnostic>) {
    let origin = Origin {
        file,
        text,
        first_line: split.yaml_line,
    };
    let fields = match yaml::parse_fields(split.yaml, origin) {
        Ok(f) => f,
        Err(d) => return (None, vec![d]),
    };
    let mut r = FieldReader::new(fields, origin, split.yaml_line - 1);
    let (slug, common) = read_common(&mut r, kind, config);
    let meta = match kind {
        Kind::Stage => KindMeta::Stage(read_stage(&mut r, split.yaml)),
        // A playbook's page shows its owner; every kind has one for routing findings.
        Kind::Playbook => KindMeta::Playbook(read_playbook(&mut r, common.owner.clone())),
        Kind::CaseStudy => KindMeta::CaseStudy(read_case_study(&mut r)),
        Kind::Webinar => read_webinar(&mut r).map_or(KindMeta::Page, KindMeta::Webinar),
        Kind::Page => KindMeta::Page,
        Kind::Home => KindMeta::Home,
    };
    let mut common = common;
    read_taxonomies(&mut r, config, &mut common, &meta);

    let mut known = accepted_keys(kind);
    if !matches!(kind, Kind::Stage | Kind::Home) {
        known.extend(config.taxonomies.iter().map(String::as_str));
    }
    known.sort_unstable();
    known.dedup();
    let diagnostics = r.finish(&known);
    // Kept even when some keys are wrong, so that links and stages in the same file are still
    // checked and reported in this run; a run with errors never renders anything.
    (Some(Parsed { slug, common, meta }), diagnostics)
}

/// The line of an item of a list value: its own line in a block list (`- /old/`), the key's
/// line in the `[a, b]` form.
fn item_line(text: &str, key_line: usize, item: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(key_line.saturating_sub(1))
        .take_while(|(i, l)| *i + 1 == key_line || l.starts_with([' ', '\t', '-']))
        .find(|(_, l)| l.contains(item))
        .map_or(key_line, |(i, _)| i + 1)
}

fn read_common(
    r: &mut FieldReader,
    kind: Kind,
    config: &SiteConfig,
) -> (Option<Spanned<String>>, Common) {
    let mut c = Common {
        search: true,
        ..Common::default()
    };
    let title_expect = Expect {
        what: "the document's title",
        example: "title: 導入キックオフの進め方",
    };
    c.title = if kind == Kind::Home {
        r.optional("title", title_expect).unwrap_or_default()
    } else {
        r.required("title", title_expect).unwrap_or_default()
    };
    c.summary = r.optional(
        "summary",
        Expect {
            what: "one or two sentences of text",
            example: "summary: 最初の30日で成果を出すための進め方です。",
        },
    );
    c.extra = r
        .raw("extra")
        .and_then(|(v, _)| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Object(Default::default()));
    c.date = read_date(r, "date", config);
    c.updated = read_date(r, "updated", config);
    c.draft = r
        .optional(
            "draft",
            Expect {
                what: "true or false",
                example: "draft: true",
            },
        )
        .unwrap_or(false);
    if kind == Kind::Home {
        return (None, c);
    }
    c.owner = r.optional(
        "owner",
        Expect {
            what: "the name of the person or team who keeps this document up to date",
            example: "owner: カスタマーサクセス部",
        },
    );
    if kind == Kind::Stage {
        return (None, c);
    }

    let stage_expect = Expect {
        what: "a stage id (the name of a file in content/stages/) or a list of them",
        example: "stage: onboarding",
    };
    c.stage_line = r.line_of("stage");
    let stages: Option<StringOrList> = if kind == Kind::Page {
        r.optional("stage", stage_expect)
    } else {
        r.required("stage", stage_expect)
    };
    c.stages = stages.map(StringOrList::into_vec).unwrap_or_default();

    let slug = r
        .optional::<String>(
            "slug",
            Expect {
                what: "the last part of the page address",
                example: "slug: kickoff",
            },
        )
        .map(|value| Spanned {
            value,
            line: r.line_of("slug"),
        });
    let aliases: Vec<String> = r
        .optional(
            "aliases",
            Expect {
                what: "a list of old addresses",
                example: "aliases: [/old/kickoff/]",
            },
        )
        .unwrap_or_default();
    let aliases_line = r.line_of("aliases");
    let text = r.origin().text;
    c.aliases = aliases
        .into_iter()
        .map(|value| Spanned {
            line: item_line(text, aliases_line, &value),
            value,
        })
        .collect();
    let related: Vec<String> = r
        .optional(
            "related",
            Expect {
                what: "a list of content paths",
                example: "related: [playbooks/kickoff.md]",
            },
        )
        .unwrap_or_default();
    let related_line = r.line_of("related");
    c.related = related
        .into_iter()
        .map(|value| Spanned {
            value,
            line: related_line,
        })
        .collect();
    c.weight = r.optional(
        "weight",
        Expect {
            what: "a whole number (smaller comes first)",
            example: "weight: 10",
        },
    );
    c.featured = r
        .optional(
            "featured",
            Expect {
                what: "true or false",
                example: "featured: true",
            },
        )
        .unwrap_or(false);
    c.search = r
        .optional(
            "search",
            Expect {
                what: "true or false",
                example: "search: false",
            },
        )
        .unwrap_or(true);
    (slug, c)
}

fn read_taxonomies(r: &mut FieldReader, config: &SiteConfig, c: &mut Common, meta: &KindMeta) {
    for taxonomy in &config.taxonomies {
        let terms = match (taxonomy.as_str(), meta) {
            // `touch` and `audience` are playbook fields first; as taxonomies they reuse them.
            ("touch", KindMeta::Playbook(p)) => p.touch.map(|t| vec![t.name().to_string()]),
            ("audience", KindMeta::Playbook(p)) => Some(p.audience.clone()),
            _ => match r.raw(taxonomy) {
                None | Some((Value::Null, _)) => None,
                Some((v, line)) => match yaml::from_value::<StringOrList>(v.clone()) {
                    Ok(s) => Some(s.into_vec()),
                    Err(_) => {
                        r.invalid(
                            line,
                            format!(
                                "`{taxonomy}` should be a term or a list of terms, but it is {}",
                                yaml::describe(&v)
                            ),
                            format!("write it like `{taxonomy}: [製造業, 小売]`"),
                        );
                        None
                    }
                },
            },
        };
        let terms: Vec<String> = terms
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        if !terms.is_empty() {
            c.terms.insert(taxonomy.clone(), terms);
        }
    }
}

fn read_date(r: &mut FieldReader, key: &str, config: &SiteConfig) -> Option<DocDate> {
    let (value, line) = r.raw(key)?;
    let text = match &value {
        Value::String(s) => s.trim().to_string(),
        Value::Null => return None,
        other => {
            r.invalid(
                line,
                format!(
                    "`{key}` should be a date, but it is {}",
                    yaml::describe(other)
                ),
                format!("write the date as year-month-day, for example `{key}: 2026-09-14`"),
            );
            return None;
        }
    };
    match parse_date(&text, config) {
        Ok(d) => Some(d),
        Err(why) => {
            r.invalid(
                line,
                format!("`{key}` is not a valid date: \"{text}\" ({why})"),
                format!(
                    "write `{key}: 2026-09-14`, or a date and time with its offset: `{key}: 2026-09-14T10:00:00+09:00`"
                ),
            );
            None
        }
    }
}

pub fn parse_date(text: &str, config: &SiteConfig) -> Result<DocDate, String> {
    if let Ok(day) = text.parse::<Date>() {
        let instant = day
            .to_zoned(config.timezone.clone())
            .map_err(|e| e.to_string())?
            .timestamp();
        return Ok(DocDate { day, instant });
    }
    let instant = parse_timestamp(text)?;
    let day = instant.to_zoned(config.timezone.clone()).date();
    Ok(DocDate { day, instant })
}

/// RFC 3339 with an offset; a datetime without one is ambiguous, so it is refused.
pub fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|e| {
        // Only a date and time that is valid in itself can lack just the offset; a month 13,
        // a 30 February or a year past 9999 is out of range, whatever follows it.
        let offset_given = text
            .get(10..)
            .is_some_and(|t| t.contains(['+', '-', 'Z', 'z']));
        if text.parse::<jiff::civil::DateTime>().is_ok() && !offset_given {
            "the time has no offset such as +09:00 or Z".to_string()
        } else {
            format!("it is not a real date and time, or out of range: {e}")
        }
    })
}

fn read_stage(r: &mut FieldReader, yaml_text: &str) -> StageMeta {
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
            format!("`color` \"{c}\" is not a CSS color"),
            "write a hex color in quotes such as `color: \"#2f6fde\"`, or a name such as `teal`"
                .into(),
        );
    }
    StageMeta {
        order,
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

fn read_playbook(r: &mut FieldReader, owner: Option<String>) -> PlaybookMeta {
    let touch = match r.optional::<String>(
        "touch",
        Expect {
            what: "high, low or tech",
            example: "touch: low",
        },
    ) {
        None => None,
        Some(t) => match t.as_str() {
            "high" => Some(Touch::High),
            "low" => Some(Touch::Low),
            "tech" => Some(Touch::Tech),
            _ => {
                let line = r.line_of("touch");
                r.invalid(
                    line,
                    format!("`touch` is \"{t}\", which is not a touch model"),
                    "write `high` (1:1), `low` (1:many) or `tech` (self-serve)".into(),
                );
                None
            }
        },
    };
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
        touch,
        audience,
        duration,
        owner,
    }
}

fn read_case_study(r: &mut FieldReader) -> CaseStudyMeta {
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
                format!(
                    "result {} (\"{}\") needs either `value` or both `before` and `after`",
                    i + 1,
                    res.metric
                ),
                "write `{metric: 解約率, value: \"-40%\"}` or `{metric: 解約率, before: \"8%\", after: \"3%\"}`"
                    .into(),
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

fn read_webinar(r: &mut FieldReader) -> Option<WebinarMeta> {
    let starts_text: Option<String> = r.required(
        "starts_at",
        Expect {
            what: "a date and time with its offset (RFC 3339)",
            example: "starts_at: 2026-12-10T14:00:00+09:00",
        },
    );
    let starts_at = starts_text.and_then(|t| match parse_timestamp(t.trim()) {
        Ok(ts) => Some(ts),
        Err(why) => {
            let line = r.line_of("starts_at");
            r.invalid(
                line,
                format!("`starts_at` is not a valid date and time: \"{t}\" ({why})"),
                "write it with the offset of the time zone: `starts_at: 2026-12-10T14:00:00+09:00`"
                    .into(),
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
            format!("`duration_minutes` is {d}, which is not a usable length"),
            "give the length in minutes, for example `duration_minutes: 60`".into(),
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
            format!("`map_url` \"{url}\" is not a web address"),
            "write the full address of the map, starting with https://".into(),
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
            format!("`{key}` \"{url}\" is not a web address"),
            "write the full address starting with https://".into(),
        );
        None
    }
}
