//! The typed documents that loading produces and every later stage reads.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;

pub use crate::config::Touch;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Stage,
    Playbook,
    CaseStudy,
    Webinar,
    Page,
    /// `content/_index.md`: the home page's introduction.
    Home,
}

impl Kind {
    /// The name templates and JSON reports use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Stage => "stage",
            Kind::Playbook => "playbook",
            Kind::CaseStudy => "case_study",
            Kind::Webinar => "webinar",
            Kind::Page => "page",
            Kind::Home => "home",
        }
    }

    /// The top folder under content/ that holds this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Stage => "stages",
            Kind::Playbook => "playbooks",
            Kind::CaseStudy => "case-studies",
            Kind::Webinar => "webinars",
            Kind::Page => "pages",
            Kind::Home => "",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        [
            Kind::Stage,
            Kind::Playbook,
            Kind::CaseStudy,
            Kind::Webinar,
            Kind::Page,
        ]
        .into_iter()
        .find(|k| k.folder() == folder)
    }

    /// Kinds listed under a stage, in the order pages show them.
    pub const LISTED: [Kind; 4] = [Kind::Playbook, Kind::CaseStudy, Kind::Webinar, Kind::Page];
}

/// A front-matter date: a calendar day, or an instant written in RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocDate {
    pub day: Date,
    pub instant: Timestamp,
}

#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub line: usize,
}

/// Keys every kind may carry.
#[derive(Debug, Clone, Default)]
pub struct Common {
    pub title: String,
    pub summary: Option<String>,
    pub stages: Vec<String>,
    pub stage_line: usize,
    pub date: Option<DocDate>,
    pub updated: Option<DocDate>,
    pub draft: bool,
    pub aliases: Vec<Spanned<String>>,
    /// Taxonomy name → terms as written (tags included under `tags`).
    pub terms: BTreeMap<String, Vec<String>>,
    pub related: Vec<Spanned<String>>,
    pub weight: Option<i64>,
    pub featured: bool,
    /// The touch models the document serves: its `touch:`, else the default site-config
    /// gives its kind (`touch.defaults`); in the order of [`Touch::ALL`].
    pub touch: Vec<Touch>,
    /// The person or team who acts on this document's findings, as written (`owners:` in
    /// site-config gives a default per folder).
    pub owner: Option<String>,
    /// `search: false` keeps a document out of the search index.
    pub search: bool,
    /// Where the document goes in drip sequences (`drip:`), with the key's line (0 when
    /// not written).
    pub drip: Drip,
    pub drip_line: usize,
    /// The document's own call to action (`cta:`); without one, its stage's default from
    /// site-config is shown.
    pub cta: Option<Cta>,
    /// A file or media the document offers to download (`download:`).
    pub download: Option<Download>,
    pub extra: serde_json::Value,
}

/// A call to action: what the reader is asked to do next, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Cta {
    pub label: String,
    /// A web address (http or https), or a page of the hub as `@/` and its content path.
    pub url: String,
    /// One of `config::BUILT_IN_KINDS` or a kind of the site's own (`cta.kinds`).
    pub kind: String,
    pub line: usize,
}

/// A file a document offers (`download:`): a whitepaper, slides, a template, a podcast
/// episode. A local file's size and MIME type are read from the file when it is loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    /// As written: relative to the document's folder, `/`-rooted in static/, or an address.
    pub file: String,
    /// The line of `file` (of `download:` when written inline).
    pub line: usize,
    /// What it is (`type:`): whitepaper, slides, template, podcast, video, ...
    pub kind: Option<String>,
    pub title: Option<String>,
    /// A recording's length as written (`duration: 32:10`, `45 minutes`).
    pub duration: Option<String>,
    pub mime: String,
    /// Bytes of a local file; None for an address.
    pub size: Option<u64>,
    /// Where it is published: the path under the site root of a local file (`playbooks/
    /// files/checklist.csv`), or the address as written.
    pub published: DownloadTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DownloadTarget {
    /// A path under the site's root, unencoded, without a leading `/`.
    Local(String),
    External(String),
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub name: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub target: Option<String>,
}

/// A document's place in drip sequences: `drip: false` leaves it out; `drip: {order: 2}`
/// moves it among its stage's documents, `drip: {day: 14}` sends it that many days after
/// its stage's part of a track begins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drip {
    #[default]
    Default,
    Off,
    Step {
        order: Option<i64>,
        day: Option<i64>,
    },
}

impl Drip {
    pub fn order(self) -> Option<i64> {
        match self {
            Drip::Step { order, .. } => order,
            _ => None,
        }
    }

    pub fn day(self) -> Option<i64> {
        match self {
            Drip::Step { day, .. } => day,
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct StageMeta {
    pub order: i64,
    /// `drip: {weeks: 6}`: how long a customer usually spends in the stage, which its drip
    /// tracks should last.
    pub drip_weeks: Option<i64>,
    pub goal: Option<String>,
    pub kpis: Vec<Kpi>,
    pub next: Option<Spanned<String>>,
    pub color: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PlaybookMeta {
    pub audience: Vec<String>,
    pub duration: Option<String>,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResultFigure {
    pub metric: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub value: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub before: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    pub author: String,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CaseStudyMeta {
    pub customer: String,
    /// As written, relative to the document's folder or `/`-rooted in static/.
    pub logo: Option<Spanned<String>>,
    pub results: Vec<ResultFigure>,
    pub quote: Option<Quote>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
}

/// Where an event held in person takes place.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    /// A map of the venue; without one, the page links a map search for the address.
    #[serde(default)]
    pub map_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct WebinarMeta {
    pub starts_at: Timestamp,
    pub duration_minutes: i64,
    pub speakers: Vec<Speaker>,
    pub registration_url: Option<String>,
    pub recording_url: Option<String>,
    /// A venue: the event is held in person (and online too when `online`).
    pub location: Option<Location>,
    /// Whether readers can join online: true without a venue, false with one unless written.
    pub online: bool,
}

impl WebinarMeta {
    pub fn ends_at(&self) -> Timestamp {
        self.starts_at
            .checked_add(jiff::SignedDuration::from_mins(self.duration_minutes))
            .unwrap_or(self.starts_at)
    }

    /// The map of the venue: `map_url`, else a map search for the address (or the name).
    pub fn map_link(&self) -> Option<String> {
        let l = self.location.as_ref()?;
        if let Some(url) = &l.map_url {
            return Some(url.clone());
        }
        let query = l.address.as_deref().unwrap_or(&l.name);
        let query: String =
            percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
                .collect();
        Some(format!(
            "https://www.openstreetmap.org/search?query={query}"
        ))
    }

    /// Upcoming while the end is still ahead of `now`.
    pub fn is_upcoming(&self, now: Timestamp) -> bool {
        self.ends_at() > now
    }
}

#[derive(Debug, Clone)]
pub enum KindMeta {
    Stage(StageMeta),
    Playbook(PlaybookMeta),
    CaseStudy(CaseStudyMeta),
    Webinar(WebinarMeta),
    Page,
    Home,
}

/// One markdown file, parsed and validated.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    pub lang: String,
    /// Path from the site root with `/` separators: `content/playbooks/kickoff.en.md`.
    pub source: String,
    /// Path under content/ as written: `playbooks/kickoff.en.md`.
    pub content_path: String,
    /// The language-neutral path that ties translations together: `playbooks/kickoff.md`.
    pub translation_key: String,
    /// The whole file, for diagnostics that quote a line. Read through [`Document::text`]
    /// and [`Document::body`], which note the read: the rest of a document is its front
    /// matter, and a page that shows only that stays as it is when the body is edited.
    pub(super) text: String,
    pub body_offset: usize,
    /// Line of the file on which the body begins (1-based).
    pub body_line: usize,
    pub slug: String,
    /// Output path without base path or language prefix, unencoded: `playbooks/kickoff/`.
    pub site_path: String,
    pub common: Common,
    pub meta: KindMeta,
    /// Hash of the file's text: what changed between two loads.
    pub version: u64,
    /// Names this text of this file (see [`Document::text`]).
    pub text_key: u64,
    /// Hash of the front matter alone. Lists, cards and links show only what it holds (and
    /// the checklist's step count), so a body edit leaves the pages that list it unchanged.
    pub card_version: u64,
}

impl Document {
    pub fn text(&self) -> &str {
        super::reads::note(super::reads::Read::new(
            super::reads::Source::Text,
            0,
            self.text_key,
        ));
        &self.text
    }

    pub fn body(&self) -> &str {
        &self.text()[self.body_offset..]
    }

    /// The body's length in bytes, for scheduling work: not a read of the text, as nothing
    /// made from it shows it.
    pub fn body_len(&self) -> usize {
        self.text.len().saturating_sub(self.body_offset)
    }

    /// Drops the body's text, once rendered, and keeps the front matter, which diagnostics
    /// made later still quote. [`Document::body`] is empty from then on.
    pub fn release_body(&mut self) {
        self.text.truncate(self.body_offset);
        self.text.shrink_to_fit();
    }

    pub fn stage_meta(&self) -> Option<&StageMeta> {
        match &self.meta {
            KindMeta::Stage(s) => Some(s),
            _ => None,
        }
    }

    pub fn webinar(&self) -> Option<&WebinarMeta> {
        match &self.meta {
            KindMeta::Webinar(w) => Some(w),
            _ => None,
        }
    }

    /// Folder of the source under content/ (`playbooks/tech-touch`), for relative references.
    pub fn content_dir(&self) -> &str {
        self.content_path
            .rsplit_once('/')
            .map(|(d, _)| d)
            .unwrap_or("")
    }

    /// Stage id for stage documents (the file name without `.md` and language).
    pub fn stage_id(&self) -> Option<&str> {
        (self.kind == Kind::Stage).then_some(self.slug.as_str())
    }
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Int(i64),
        Float(f64),
        Bool(bool),
    }
    Ok(Option::<TextOrNumber>::deserialize(d)?.map(|v| match v {
        TextOrNumber::Text(s) => s,
        TextOrNumber::Int(i) => i.to_string(),
        TextOrNumber::Float(f) => f.to_string(),
        TextOrNumber::Bool(b) => b.to_string(),
    }))
}

/// The date that says how fresh a document is: `updated`, else `date`, with the key it came
/// from (so a finding can point at that line).
pub fn freshness(doc: &Document) -> Option<(&DocDate, &'static str)> {
    match (&doc.common.updated, &doc.common.date) {
        (Some(u), _) => Some((u, "updated")),
        (None, Some(d)) => Some((d, "date")),
        (None, None) => None,
    }
}
