//! Reading `site-config.yaml` one group of settings at a time, each value checked where it is
//! read, so that one run reports every problem in the file.

use super::{
    BaseUrl, ExpectedTranslations, FeedsConfig, MarkdownConfig, MissingTranslations, StringOrList,
};
use crate::util::messages::t;
use crate::util::yaml::{self, Expect, FieldReader};
use jiff::tz::TimeZone;
use std::collections::BTreeMap;

pub(super) fn read_title_and_base_url(r: &mut FieldReader) -> (Option<String>, Option<BaseUrl>) {
    let title: Option<String> = r.required(
        "title",
        Expect {
            what: "the name of the hub",
            example: "title: Acme カスタマーハブ",
        },
    );
    let base_url_text: Option<String> = r.required(
        "base_url",
        Expect {
            what: "the web address the hub is published at",
            example: "base_url: https://hub.example.com/",
        },
    );
    let base_url = base_url_text.and_then(|s| match BaseUrl::parse(&s) {
        Ok(b) => Some(b),
        Err(e) => {
            let line = r.line_of("base_url");
            r.invalid(
                line,
                t("invalid-value.base-url").text("why", e),
                t("invalid-value.base-url.hint"),
            );
            None
        }
    });
    (title, base_url)
}

/// The default language and every language built, the default first.
pub(super) fn read_languages(r: &mut FieldReader) -> (String, Vec<String>) {
    let language: String = r
        .optional(
            "language",
            Expect {
                what: "a language code",
                example: "language: ja",
            },
        )
        .unwrap_or_else(|| "ja".into());
    let other_languages: Vec<String> = r
        .optional(
            "languages",
            Expect {
                what: "a list of language codes",
                example: "languages: [ja, en]",
            },
        )
        .unwrap_or_default();
    let mut languages = vec![language.clone()];
    for l in other_languages {
        if !languages.contains(&l) {
            languages.push(l);
        }
    }
    for l in &languages {
        if !is_language_code(l) {
            let line = r.line_of("languages");
            r.invalid(
                line,
                t("invalid-value.language").arg("value", l),
                t("invalid-value.language.hint"),
            );
        }
    }
    (language, languages)
}

pub(super) fn read_theme_and_timezone(r: &mut FieldReader) -> (String, String, TimeZone) {
    let theme: String = r
        .optional(
            "theme",
            Expect {
                what: "the name of a folder under themes/",
                example: "theme: default",
            },
        )
        .unwrap_or_else(|| "default".into());
    let timezone_name: String = r
        .optional(
            "timezone",
            Expect {
                what: "an IANA time zone name",
                example: "timezone: Asia/Tokyo",
            },
        )
        .unwrap_or_else(|| "UTC".into());
    let timezone = match TimeZone::get(&timezone_name) {
        Ok(tz) => tz,
        Err(_) => {
            let line = r.line_of("timezone");
            r.invalid(
                line,
                t("invalid-value.timezone").arg("value", &timezone_name),
                t("invalid-value.timezone.hint"),
            );
            TimeZone::UTC
        }
    };
    (theme, timezone_name, timezone)
}

/// The configured taxonomies, checked against reserved names, with `tags` always among them.
pub(super) fn read_taxonomies(r: &mut FieldReader) -> Vec<String> {
    let mut taxonomies: Vec<String> = r
        .optional(
            "taxonomies",
            Expect {
                what: "a list of taxonomy names",
                example: "taxonomies: [industry, company_size]",
            },
        )
        .unwrap_or_default();
    let tax_line = r.line_of("taxonomies");
    for name in &taxonomies {
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            r.invalid(
                tax_line,
                t("invalid-value.taxonomy-name").arg("name", name),
                t("invalid-value.taxonomy-name.hint"),
            );
        } else if super::GENERATED_NAMES.contains(&name.as_str()) {
            r.invalid(
                tax_line,
                t("invalid-value.taxonomy-generated").arg("name", name),
                t("reserved-name.taxonomy.hint"),
            );
        }
    }
    taxonomies.dedup();
    if !taxonomies.iter().any(|t| t == "tags") {
        taxonomies.push("tags".into());
    }
    taxonomies
}

/// `taxonomy_terms`: the terms each curated taxonomy allows, by taxonomy name.
pub(super) fn read_taxonomy_terms(
    r: &mut FieldReader,
    taxonomies: &[String],
) -> BTreeMap<String, Vec<String>> {
    let lists: BTreeMap<String, StringOrList> = r
        .optional(
            "taxonomy_terms",
            Expect {
                what: "the allowed terms of each curated taxonomy, by taxonomy name",
                example: "taxonomy_terms: {industry: [製造業, 小売, 金融]}",
            },
        )
        .unwrap_or_default();
    let line = r.line_of("taxonomy_terms");
    let mut allowed = BTreeMap::new();
    for (taxonomy, terms) in lists {
        if !taxonomies.contains(&taxonomy) {
            let names = taxonomies.iter().map(String::as_str);
            let hint = match crate::util::suggest::closest_term(&taxonomy, names) {
                Some(closest) => t("hint.did-you-mean").arg("closest", closest),
                None => t("hint.taxonomies-are").arg("known", taxonomies.join(", ")),
            };
            r.invalid(
                line,
                t("invalid-value.terms-taxonomy").arg("taxonomy", &taxonomy),
                hint,
            );
            continue;
        }
        let mut terms: Vec<String> = terms
            .into_vec()
            .into_iter()
            .map(|t| t.trim().to_string())
            .collect();
        if terms.iter().any(String::is_empty) || terms.is_empty() {
            r.invalid(
                line,
                t("invalid-value.terms-empty").arg("taxonomy", &taxonomy),
                t("invalid-value.terms-empty.hint").arg("taxonomy", &taxonomy),
            );
            continue;
        }
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(t.clone()));
        allowed.insert(taxonomy, terms);
    }
    allowed
}

/// `stale_after_days` and `drip_cadence_days`.
pub(super) fn read_day_counts(r: &mut FieldReader) -> (i64, i64) {
    let stale_after_days = r
        .optional(
            "stale_after_days",
            Expect {
                what: "a whole number of days",
                example: "stale_after_days: 180",
            },
        )
        .unwrap_or(180);
    let drip_cadence_days: i64 = r
        .optional(
            "drip_cadence_days",
            Expect {
                what: "a whole number of days",
                example: "drip_cadence_days: 14",
            },
        )
        .unwrap_or(14);
    if drip_cadence_days <= 0 {
        let line = r.line_of("drip_cadence_days");
        r.invalid(
            line,
            t("invalid-value.drip-cadence"),
            t("invalid-value.drip-cadence.hint"),
        );
    }
    (stale_after_days, drip_cadence_days)
}

/// `download_size_limit_mb`: 50 unless written.
pub(super) fn read_download_limit(r: &mut FieldReader) -> u64 {
    r.optional(
        "download_size_limit_mb",
        Expect {
            what: "a whole number of megabytes (0 or more)",
            example: "download_size_limit_mb: 50",
        },
    )
    .unwrap_or(50)
}

pub(super) fn read_feeds(r: &mut FieldReader, taxonomies: &[String]) -> FeedsConfig {
    let feeds: FeedsConfig = r
        .optional(
            "feeds",
            Expect {
                what: "feed settings",
                example: "feeds: {entries: 20, segments: [company_size]}",
            },
        )
        .unwrap_or_default();
    require_taxonomies(r, "feeds", "feed segment", &feeds.segments, taxonomies);
    feeds
}

/// Reports each of `named` (under `key`) that is not one of `taxonomies`.
fn require_taxonomies(
    r: &mut FieldReader,
    key: &str,
    what: &str,
    named: &[String],
    taxonomies: &[String],
) {
    let line = r.line_of(key);
    for s in named {
        if !taxonomies.contains(s) {
            r.invalid(
                line,
                t("invalid-value.not-a-taxonomy")
                    .phrase("what", what)
                    .arg("value", s),
                t("hint.use-one-of").arg("known", taxonomies.join(", ")),
            );
        }
    }
}

/// `profile:`: the taxonomies a reader picks terms of, each one of `taxonomies`.
pub(super) fn read_profile(
    r: &mut FieldReader,
    taxonomies: &[String],
) -> Option<super::ProfileConfig> {
    let profile: super::ProfileConfig = r.optional(
        "profile",
        Expect {
            what: "reader profile settings",
            example: "profile: {taxonomies: [company_size, industry]}",
        },
    )?;
    require_taxonomies(
        r,
        "profile",
        "profile taxonomy",
        &profile.taxonomies,
        taxonomies,
    );
    Some(profile)
}

/// `missing_translations` and `translations`.
pub(super) fn read_translations(
    r: &mut FieldReader,
) -> (MissingTranslations, Option<ExpectedTranslations>) {
    let missing_translations = match r
        .optional::<String>(
            "missing_translations",
            Expect {
                what: "`fallback` or `hide`",
                example: "missing_translations: fallback",
            },
        )
        .as_deref()
    {
        None | Some("fallback") => MissingTranslations::Fallback,
        Some("hide") => MissingTranslations::Hide,
        Some(other) => {
            let line = r.line_of("missing_translations");
            r.invalid(
                line,
                t("invalid-value.missing-translations").arg("value", other),
                t("invalid-value.missing-translations.hint"),
            );
            MissingTranslations::Fallback
        }
    };
    let translations = match r.optional::<String>(
        "translations",
        Expect {
            what: "`started`, `all` or `none`",
            example: "translations: started",
        },
    ) {
        None => None,
        Some(value) => match ExpectedTranslations::parse_text(&value) {
            Ok(e) => Some(e),
            Err(why) => {
                let line = r.line_of("translations");
                r.invalid(
                    line,
                    t("invalid-value.translations").text("why", why),
                    t("invalid-value.translations.hint"),
                );
                None
            }
        },
    };
    (missing_translations, translations)
}

pub(super) fn read_search_steps_and_extra(
    r: &mut FieldReader,
) -> (bool, MarkdownConfig, Vec<String>, serde_json::Value) {
    let search: bool = r
        .optional(
            "search",
            Expect {
                what: "true or false",
                example: "search: false",
            },
        )
        .unwrap_or(true);
    let markdown: MarkdownConfig = r
        .optional(
            "markdown",
            Expect {
                what: "markdown settings: `raw_html` (`allow`, `safe` or `deny`) and `smart_punctuation` (true or false)",
                example: "markdown: {raw_html: safe}",
            },
        )
        .unwrap_or_default();
    let steps_headings = match r.raw("steps_heading") {
        None => vec!["手順".to_string(), "Steps".to_string()],
        Some((v, line)) => match yaml::from_value::<StringOrList>(v) {
            Ok(s) => s.into_vec(),
            Err(_) => {
                r.invalid(
                    line,
                    t("invalid-value.steps-heading"),
                    t("invalid-value.steps-heading.hint"),
                );
                vec![]
            }
        },
    };
    let extra = r
        .raw("extra")
        .and_then(|(v, _)| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Object(Default::default()));

    (search, markdown, steps_headings, extra)
}

type DaysBy = BTreeMap<String, i64>;

/// The keys that route findings: freshness limits per kind and per stage, and owners per
/// folder. Stage ids are checked by `check`, which knows the stages.
pub(super) fn read_routing(r: &mut FieldReader) -> (DaysBy, DaysBy, BTreeMap<String, String>) {
    let by_kind: DaysBy = r
        .optional(
            "stale_after_days_by_kind",
            Expect {
                what: "a whole number of days per content folder",
                example: "stale_after_days_by_kind: {webinars: 365}",
            },
        )
        .unwrap_or_default();
    let kinds = ["stages", "playbooks", "case-studies", "webinars", "pages"];
    for kind in by_kind.keys().filter(|k| !kinds.contains(&k.as_str())) {
        let line = r.line_of("stale_after_days_by_kind");
        r.invalid(
            line,
            t("invalid-value.stale-kind").arg("kind", kind),
            t("invalid-value.stale-kind.hint").arg("known", kinds.join(", ")),
        );
    }
    let by_stage: DaysBy = r
        .optional(
            "stale_after_days_by_stage",
            Expect {
                what: "a whole number of days per stage id",
                example: "stale_after_days_by_stage: {onboarding: 90}",
            },
        )
        .unwrap_or_default();
    let owners = r
        .optional(
            "owners",
            Expect {
                what: "an owner per folder under content/",
                example: "owners: {playbooks: カスタマーサクセス部, webinars: マーケティング部}",
            },
        )
        .unwrap_or_default();
    (by_kind, by_stage, owners)
}

fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
