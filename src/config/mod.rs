//! `site-config.yaml` → [`SiteConfig`], validated as strictly as front matter.

use crate::util::diagnostics::Diagnostic;
use crate::util::messages::{Text, t};
use crate::util::yaml::{self, Expect, FieldReader};
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::collections::BTreeMap;

mod analytics;
mod cta;
mod feedback;
mod read;
mod touch;

pub use analytics::{AnalyticsConfig, DEFAULT_PLAUSIBLE_SRC, Provider};
pub use cta::{BUILT_IN_KINDS, CtaConfig, StageCta, is_web_address};
pub use feedback::{Feedback, FeedbackMethod};
pub use touch::{TOUCH_FOLDERS, Touch, TouchConfig, read_models};

use read::{
    read_day_counts, read_feeds, read_languages, read_routing, read_search_steps_and_extra,
    read_taxonomies, read_taxonomy_terms, read_theme_and_timezone, read_title_and_base_url,
    read_translations,
};

pub const CONFIG_FILE: &str = "site-config.yaml";

/// The folders of a site that hold its sources: what the preview watches, and what an
/// output folder must never be or be inside of.
pub const SOURCE_DIRS: &[&str] = &["content", "themes", "templates", "static", "i18n"];

/// The names the hub's own output takes at the top of a language's pages: a page or a
/// taxonomy of that name would clash with them.
pub const GENERATED_NAMES: &[&str] = &[
    "stages",
    "playbooks",
    "case-studies",
    "webinars",
    "assets",
    "search",
    "nps",
    "feeds",
    "drip",
    "calendar",
    "404.html",
    "sitemap.xml",
    "robots.txt",
];

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
    /// The line of `taxonomies:` in site-config.yaml (0 when it is not written), for
    /// problems found with a taxonomy's name later, when documents are read.
    pub taxonomies_line: usize,
    /// The terms a curated taxonomy allows, by taxonomy (`taxonomy_terms:`); a taxonomy not
    /// listed takes any term.
    pub taxonomy_terms: BTreeMap<String, Vec<String>>,
    pub stale_after_days: i64,
    /// Per kind folder (`webinars`) and per stage id, a limit of their own; the strictest
    /// that applies to a document wins.
    pub stale_after_days_by_kind: BTreeMap<String, i64>,
    pub stale_after_days_by_stage: BTreeMap<String, i64>,
    /// Who acts on findings, by folder under content/ (`playbooks`, `playbooks/tech-touch`):
    /// the deepest folder holding a document names its owner unless it has `owner:`.
    pub owners: BTreeMap<String, String>,
    pub drip_cadence_days: i64,
    /// A local download larger than this many megabytes (10^6 bytes) is a `check`
    /// warning: readers on phones pay for it.
    pub download_size_limit_mb: u64,
    pub feeds: FeedsConfig,
    /// The static page of each stage × segment term (`segment_pages:`).
    pub segment_pages: SegmentPagesConfig,
    /// The reader profile every page offers (`profile:`); none when absent.
    pub profile: Option<ProfileConfig>,
    /// The touch models the hub serves, and each kind's default.
    pub touch: TouchConfig,
    pub utm: Option<Utm>,
    /// Calls to action: the site's own kinds and each stage's default (`cta:`).
    pub cta: CtaConfig,
    /// Web analytics (`analytics:`); None loads nothing.
    pub analytics: Option<AnalyticsConfig>,
    /// The share of a stage's checklist steps after which its next stage is offered
    /// (`readiness:`); None offers nothing.
    pub readiness: Option<f64>,
    /// Where readers' answers go and where the NPS page leads (`feedback:`); None: no
    /// "Was this helpful?" widget and no NPS page.
    pub feedback: Option<Feedback>,
    pub missing_translations: MissingTranslations,
    /// Which missing translations `check` reports; None leaves it to the command line.
    pub translations: Option<ExpectedTranslations>,
    /// Headings whose ordered list becomes a playbook checklist.
    pub steps_headings: Vec<String>,
    /// Whether to build the search index and its page (`search: false` leaves them out).
    pub search: bool,
    pub markdown: MarkdownConfig,
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

/// How markdown bodies are turned into pages (`markdown:` in site-config.yaml).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// What raw HTML may do: `allow`, `safe` (the default) or `deny` (docs/hardening.md).
    #[serde(default)]
    pub raw_html: RawHtml,
    /// Straight quotes and dashes turned into typographic ones (`--` → `–`, `"` → `“`).
    /// Off by default: playbooks quote commands, flags and product names as written.
    #[serde(default)]
    pub smart_punctuation: bool,
}

/// What raw HTML in a markdown body may do (src/markdown/raw_html.rs applies it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept as written: every author is trusted.
    Allow,
    /// Markup, forms and embeds from known hosts kept; what can run code dropped.
    #[default]
    Safe,
    /// All dropped.
    Deny,
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

/// The pages of each stage × segment term of `feeds.segments`
/// (`stages/<stage>/<taxonomy>/<term>/`): what that stage offers one segment.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentPagesConfig {
    /// Whether the sitemap lists them; off by default, as they repeat the stage page.
    #[serde(default)]
    pub sitemap: bool,
}

/// The reader profile (`profile: {taxonomies: [...]}`): which taxonomies a reader picks
/// terms of, in the order the picker shows them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    pub taxonomies: Vec<String>,
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
    pub fn parse(s: &str) -> Result<BaseUrl, Text> {
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| s.strip_prefix("http://").map(|r| ("http://", r)));
        let (scheme, rest) = rest.ok_or_else(|| t("base-url.scheme").arg("url", s))?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(t("base-url.no-host").arg("url", s));
        }
        if path.contains(['?', '#']) {
            return Err(t("base-url.query").arg("url", s));
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

/// Every key site-config.yaml accepts (tests/manual.rs holds the manual to this list).
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "languages",
    "theme",
    "timezone",
    "taxonomies",
    "taxonomy_terms",
    "stale_after_days",
    "stale_after_days_by_kind",
    "stale_after_days_by_stage",
    "owners",
    "drip_cadence_days",
    "download_size_limit_mb",
    "feeds",
    "segment_pages",
    "profile",
    "touch",
    "utm",
    "cta",
    "analytics",
    "readiness",
    "feedback",
    "missing_translations",
    "translations",
    "steps_heading",
    "search",
    "markdown",
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
        let taxonomies_line = r.line_of("taxonomies");
        let taxonomy_terms = read_taxonomy_terms(&mut r, &taxonomies);
        let (stale_after_days, drip_cadence_days) = read_day_counts(&mut r);
        let download_size_limit_mb = read::read_download_limit(&mut r);
        let (stale_after_days_by_kind, stale_after_days_by_stage, owners) = read_routing(&mut r);
        let feeds = read_feeds(&mut r, &taxonomies);
        let segment_pages: SegmentPagesConfig = r
            .optional(
                "segment_pages",
                Expect {
                    what: "segment page settings",
                    example: "segment_pages: {sitemap: true}",
                },
            )
            .unwrap_or_default();
        let profile = read::read_profile(&mut r, &taxonomies);
        let touch = touch::read_touch(&mut r);
        let utm: Option<Utm> = r.optional(
            "utm",
            Expect {
                what: "UTM settings",
                example: "utm: {source: customer-hub, medium: referral, campaign: \"{stage}\"}",
            },
        );
        let cta = cta::read_cta(&mut r);
        let analytics = analytics::read_analytics(&mut r);
        let readiness = analytics::read_readiness(&mut r);
        let feedback = feedback::read_feedback(&mut r);
        let (missing_translations, translations) = read_translations(&mut r);
        let (search, markdown, steps_headings, extra) = read_search_steps_and_extra(&mut r);

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
            taxonomies_line,
            taxonomy_terms,
            stale_after_days,
            stale_after_days_by_kind,
            stale_after_days_by_stage,
            owners,
            drip_cadence_days,
            download_size_limit_mb,
            feeds,
            segment_pages,
            profile,
            touch,
            utm,
            cta,
            analytics,
            readiness,
            feedback,
            missing_translations,
            translations,
            steps_headings,
            search,
            markdown,
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

    #[test]
    fn allowed_terms_are_read_per_taxonomy_and_only_for_taxonomies() {
        let head = "title: X\nbase_url: https://x.com/\ntaxonomies: [industry]\n";
        let config = SiteConfig::parse(&format!(
            "{head}taxonomy_terms:\n  industry: [製造業, 小売, 製造業]\n  tags: 入門\n"
        ))
        .unwrap();
        assert_eq!(config.taxonomy_terms["industry"], ["製造業", "小売"]);
        assert_eq!(config.taxonomy_terms["tags"], ["入門"]);
        let err = SiteConfig::parse(&format!(
            "{head}taxonomy_terms: {{industri: [製造業], tags: []}}\n"
        ))
        .unwrap_err();
        let found: Vec<_> = err
            .iter()
            .map(|d| (d.line, d.message.as_str(), d.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            found,
            [
                (
                    4,
                    "`taxonomy_terms` names \"industri\", which is not a taxonomy",
                    "did you mean `industry`?"
                ),
                (
                    4,
                    "the allowed terms of `tags` are empty, or one of them is",
                    "list them like `tags: [製造業, 小売]`"
                ),
            ]
        );
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
        Self::parse_text(s).map_err(|e| e.to_string())
    }

    /// [`Self::parse`] with its error in the catalog, for a finding.
    pub fn parse_text(s: &str) -> Result<Self, Text> {
        match s {
            "started" => Ok(Self::Started),
            "all" => Ok(Self::All),
            "none" => Ok(Self::Off),
            other => Err(t("translations.not-a-choice").arg("value", other)),
        }
    }
}

/// The site's `language:` for the words of findings, read line by line so that a
/// site-config YAML cannot parse still decides the language its own errors are written in.
/// `ja` when the key is absent, as the build reads it; `None` without a site-config.
pub fn language_of(root: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    let written = text.lines().find_map(|l| {
        let value = l.strip_prefix("language")?.trim_start().strip_prefix(':')?;
        let value = value.split(" #").next().unwrap_or("").trim();
        Some(value.trim_matches(|c| c == '"' || c == '\'').to_string())
    });
    Some(written.unwrap_or_else(|| "ja".into()))
}
