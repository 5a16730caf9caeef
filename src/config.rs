//! `site-config.yaml` → [`SiteConfig`], validated as strictly as front matter.

use crate::util::diagnostics::Diagnostic;
use crate::util::yaml::{self, Expect, FieldReader};
use jiff::tz::TimeZone;
use serde::Deserialize;

pub const CONFIG_FILE: &str = "site-config.yaml";

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: BaseUrl,
    /// The default language, served at the root.
    pub language: String,
    /// Every language built, the default first.
    pub languages: Vec<String>,
    pub theme: String,
    pub timezone_name: String,
    pub timezone: TimeZone,
    pub taxonomies: Vec<String>,
    pub stale_after_days: i64,
    pub drip_cadence_days: i64,
    pub feeds: FeedsConfig,
    pub utm: Option<Utm>,
    pub missing_translations: MissingTranslations,
    /// Which missing translations `check` reports; None leaves it to the command line.
    pub translations: Option<ExpectedTranslations>,
    /// Headings whose ordered list becomes a playbook checklist.
    pub steps_headings: Vec<String>,
    /// Whether to build the search index and its page (`search: false` leaves them out).
    pub search: bool,
    pub extra: serde_json::Value,
    /// Hash of the file's text: caches made under another config are discarded.
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissingTranslations {
    /// Lists in a language show the default-language document instead.
    Fallback,
    /// Lists in a language leave the document out.
    Hide,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedsConfig {
    #[serde(default = "default_feed_entries")]
    pub entries: usize,
    #[serde(default)]
    pub segments: Vec<String>,
}

fn default_feed_entries() -> usize {
    20
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig {
            entries: default_feed_entries(),
            segments: vec![],
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Utm {
    pub source: String,
    pub medium: String,
    #[serde(default = "default_campaign")]
    pub campaign: String,
}

fn default_campaign() -> String {
    "{stage}".into()
}

/// A base URL split into origin (`https://example.com`) and path (`/hub/`, always ending in `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    pub origin: String,
    pub path: String,
}

impl BaseUrl {
    pub fn parse(s: &str) -> Result<BaseUrl, String> {
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| s.strip_prefix("http://").map(|r| ("http://", r)));
        let (scheme, rest) = rest.ok_or_else(|| {
            format!("\"{s}\" is not a web address starting with https:// or http://")
        })?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("\"{s}\" has no host name"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "\"{s}\" must not contain `?` or `#`; give only the address of the hub's home"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}{host}"),
            path,
        })
    }

    /// Root-relative URL of a site path such as `playbooks/kickoff/` (already percent-encoded).
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path)
    }

    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, site_path)
    }
}

/// Keys that mean something else in front matter and so cannot name a taxonomy.
const RESERVED_TAXONOMY_NAMES: &[&str] = &[
    "title",
    "summary",
    "stage",
    "date",
    "updated",
    "draft",
    "slug",
    "aliases",
    "related",
    "weight",
    "extra",
    "featured",
    "search",
    "customer",
    "logo",
    "results",
    "quote",
    "starts_at",
    "duration_minutes",
    "speakers",
    "registration_url",
    "recording_url",
    "duration",
    "owner",
    "stages",
    "playbooks",
    "case-studies",
    "webinars",
    "assets",
    "search",
    "404.html",
];

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "languages",
    "theme",
    "timezone",
    "taxonomies",
    "stale_after_days",
    "drip_cadence_days",
    "feeds",
    "utm",
    "missing_translations",
    "translations",
    "steps_heading",
    "search",
    "extra",
];

impl SiteConfig {
    pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let file = CONFIG_FILE;
        let fields = yaml::parse_file_fields(file, text).map_err(|d| vec![d])?;
        let origin = yaml::Origin {
            file,
            text,
            first_line: 1,
        };
        let mut r = FieldReader::new(fields, origin, 1);

        // Diagnostics come out in the order the settings are read, so keep this order.
        let (title, base_url) = read_title_and_base_url(&mut r);
        let (language, languages) = read_languages(&mut r);
        let (theme, timezone_name, timezone) = read_theme_and_timezone(&mut r);
        let taxonomies = read_taxonomies(&mut r);
        let (stale_after_days, drip_cadence_days) = read_day_counts(&mut r);
        let feeds = read_feeds(&mut r, &taxonomies);
        let utm: Option<Utm> = r.optional(
            "utm",
            Expect {
                what: "UTM settings",
                example: "utm: {source: customer-hub, medium: referral, campaign: \"{stage}\"}",
            },
        );
        let (missing_translations, translations) = read_translations(&mut r);
        let (search, steps_headings, extra) = read_search_steps_and_extra(&mut r);

        let diagnostics = r.finish(KNOWN_KEYS);
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(SiteConfig {
            title: title.unwrap_or_default(),
            base_url: base_url.unwrap_or_else(|| BaseUrl::parse("http://localhost/").unwrap()),
            language,
            languages,
            theme,
            timezone_name,
            timezone,
            taxonomies,
            stale_after_days,
            drip_cadence_days,
            feeds,
            utm,
            missing_translations,
            translations,
            steps_headings,
            search,
            extra,
            version: crate::util::hash::of_str(text),
        })
    }

    pub fn is_default_language(&self, lang: &str) -> bool {
        lang == self.language
    }

    /// The site path prefix of a language: empty for the default, `en/` for the others.
    pub fn language_prefix(&self, lang: &str) -> String {
        if self.is_default_language(lang) {
            String::new()
        } else {
            format!("{lang}/")
        }
    }
}

fn read_title_and_base_url(r: &mut FieldReader) -> (Option<String>, Option<BaseUrl>) {
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
                format!("`base_url` is not usable: {e}"),
                "write the full address, for example `base_url: https://example.com/hub/`".into(),
            );
            None
        }
    });
    (title, base_url)
}

/// The default language and every language built, the default first.
fn read_languages(r: &mut FieldReader) -> (String, Vec<String>) {
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
                format!("\"{l}\" is not a language code"),
                "use BCP 47 codes such as `ja`, `en` or `pt-BR`".into(),
            );
        }
    }
    (language, languages)
}

fn read_theme_and_timezone(r: &mut FieldReader) -> (String, String, TimeZone) {
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
                format!("unknown time zone \"{timezone_name}\""),
                "use an IANA name such as `Asia/Tokyo`, `America/New_York` or `UTC`".into(),
            );
            TimeZone::UTC
        }
    };
    (theme, timezone_name, timezone)
}

/// The configured taxonomies, checked against reserved names, with `tags` always among them.
fn read_taxonomies(r: &mut FieldReader) -> Vec<String> {
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
    for t in &taxonomies {
        let ok = !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            r.invalid(
                tax_line,
                format!("taxonomy name \"{t}\" may use only a-z, 0-9 and _"),
                "for example `company_size`".into(),
            );
        } else if RESERVED_TAXONOMY_NAMES.contains(&t.as_str()) {
            r.invalid(
                tax_line,
                format!("\"{t}\" cannot be a taxonomy: the name is already used by journeyhub"),
                "choose another name".into(),
            );
        }
    }
    taxonomies.dedup();
    if !taxonomies.iter().any(|t| t == "tags") {
        taxonomies.push("tags".into());
    }
    taxonomies
}

/// `stale_after_days` and `drip_cadence_days`.
fn read_day_counts(r: &mut FieldReader) -> (i64, i64) {
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
            "`drip_cadence_days` must be at least 1".into(),
            "for example `drip_cadence_days: 14`".into(),
        );
    }
    (stale_after_days, drip_cadence_days)
}

fn read_feeds(r: &mut FieldReader, taxonomies: &[String]) -> FeedsConfig {
    let feeds: FeedsConfig = r
        .optional(
            "feeds",
            Expect {
                what: "feed settings",
                example: "feeds: {entries: 20, segments: [company_size]}",
            },
        )
        .unwrap_or_default();
    let feeds_line = r.line_of("feeds");
    for s in &feeds.segments {
        if !taxonomies.contains(s) {
            r.invalid(
                feeds_line,
                format!("feed segment \"{s}\" is not one of the taxonomies"),
                format!("use one of: {}", taxonomies.join(", ")),
            );
        }
    }
    feeds
}

/// `missing_translations` and `translations`.
fn read_translations(r: &mut FieldReader) -> (MissingTranslations, Option<ExpectedTranslations>) {
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
                format!("`missing_translations` is \"{other}\""),
                "write `fallback` (show the default language) or `hide`".into(),
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
        Some(t) => match ExpectedTranslations::parse(&t) {
            Ok(e) => Some(e),
            Err(why) => {
                let line = r.line_of("translations");
                r.invalid(
                    line,
                    format!("`translations` is not usable: {why}"),
                    "write `translations: started`, `translations: all` or `translations: none`"
                        .into(),
                );
                None
            }
        },
    };
    (missing_translations, translations)
}

fn read_search_steps_and_extra(r: &mut FieldReader) -> (bool, Vec<String>, serde_json::Value) {
    let search: bool = r
        .optional(
            "search",
            Expect {
                what: "true or false",
                example: "search: false",
            },
        )
        .unwrap_or(true);
    let steps_headings = match r.raw("steps_heading") {
        None => vec!["手順".to_string(), "Steps".to_string()],
        Some((v, line)) => match yaml::from_value::<StringOrList>(v) {
            Ok(s) => s.into_vec(),
            Err(_) => {
                r.invalid(
                    line,
                    "`steps_heading` should be a heading text or a list of them".into(),
                    "for example `steps_heading: [手順, Steps]`".into(),
                );
                vec![]
            }
        },
    };
    let extra = r
        .raw("extra")
        .and_then(|(v, _)| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Object(Default::default()));

    (search, steps_headings, extra)
}

fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum StringOrList {
    One(String),
    Many(Vec<String>),
}

impl StringOrList {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            StringOrList::One(s) => vec![s],
            StringOrList::Many(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path() {
        let b = BaseUrl::parse("https://example.com/hub").unwrap();
        assert_eq!(b.origin, "https://example.com");
        assert_eq!(b.path, "/hub/");
        assert_eq!(b.url("playbooks/a/"), "/hub/playbooks/a/");
        assert_eq!(
            b.permalink("playbooks/a/"),
            "https://example.com/hub/playbooks/a/"
        );
        assert!(BaseUrl::parse("example.com").is_err());
    }

    #[test]
    fn unknown_config_key_suggests_the_right_one() {
        let err =
            SiteConfig::parse("title: X\nbase_url: https://x.com/\ntimezon: UTC\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, 3);
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `timezone`?"));
    }
}

/// Which documents are expected in every language of `languages:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpectedTranslations {
    /// Stages, and every document already translated into at least one other language: a
    /// translation once started is expected in every language.
    #[default]
    Started,
    /// Every document of the default language.
    All,
    /// None: only outdated translations are reported.
    Off,
}

impl ExpectedTranslations {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "started" => Ok(Self::Started),
            "all" => Ok(Self::All),
            "none" => Ok(Self::Off),
            other => Err(format!(
                "`{other}` is not a choice; use `started` (stages and documents translated at least once), `all` or `none`"
            )),
        }
    }
}
