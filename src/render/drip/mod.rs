//! The drip files under `drip/` of each language: every track's sequence as JSON and CSV,
//! an email teaser per step (HTML and plain text), and an index page for marketers that no
//! customer page links to (`noindex`, and never in the sitemap or the search index). The
//! sequences themselves come from [`crate::drip`]; the schema is in docs/drip.md.
//!
//! Nothing here reads the clock: the files are the same on every build of the same site at
//! the same `--now`.

mod index;
mod teaser;

use crate::content::{Document, Site};
pub use crate::drip::{CSV_FILE, JSON_FILE};
use crate::drip::{DRIP_DIR, Track};
use crate::link::Journey;
use crate::render::links::{with_query, with_utm};
use crate::theme::strings::{Strings, strings_for, term_label};
use crate::util::urls::encode_path;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

pub use teaser::Teaser;

/// The version of the sequence JSON; it changes only when a field is removed or changes
/// meaning.
pub const JSON_VERSION: u32 = 1;
/// A track's teasers, one section per step (`#step-1`, ...), to copy into an email tool.
pub const TEASERS_FILE: &str = "teasers.html";
/// The columns of the CSV, in order.
pub const CSV_COLUMNS: [&str; 8] = [
    "step",
    "day",
    "subject",
    "preview_text",
    "url",
    "stage",
    "segment",
    "document",
];
/// Email clients show about this many characters of preview text beside the subject.
const PREVIEW_CHARS: usize = 140;

/// One track as the JSON file (and `journeyhub drip --format json`) writes it.
#[derive(Debug, Clone, Serialize)]
pub struct Sequence {
    pub generator: &'static str,
    pub version: u32,
    /// `journey`, `onboarding`, `onboarding/company_size/smb`, ...
    pub track: String,
    pub title: String,
    pub language: String,
    /// The stage of a stage track; null on a journey track.
    pub stage: Option<String>,
    /// The segment term; null on a track for every customer.
    pub segment: Option<SegmentRef>,
    pub cadence_days: i64,
    /// Days of email the track holds: to one cadence after its last step.
    pub days: i64,
    /// The day the customer starts the track (`journeyhub drip --start`); only there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    pub json_url: String,
    pub csv_url: String,
    /// The track's Atom feed, for RSS-to-email tools, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    pub steps: Vec<StepOut>,
    /// Documents of the stage that an earlier stage's track sends already (stage tracks).
    pub sent_earlier: Vec<SentEarlierOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentRef {
    pub taxonomy: String,
    pub term: String,
    pub slug: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepOut {
    pub step: usize,
    pub day: i64,
    /// The day it is sent (`journeyhub drip --start`); only there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub stage: String,
    pub document: String,
    pub kind: &'static str,
    /// Tagged with the track's segment term (false: written for every customer).
    pub for_segment: bool,
    pub subject: String,
    pub preview_text: String,
    /// The page, with the UTM parameters (`utm_content` is the step).
    pub url: String,
    pub image: Option<String>,
    pub teaser_html: JsonText,
    pub teaser_text: JsonText,
    /// The step's section on the track's teaser page.
    pub teaser_url: String,
    /// The document's call to action (its own, else its stage's), as the teaser shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cta: Option<crate::render::cta::CtaView>,
}

/// Text kept with its JSON string literal. The tracks of a hub send the same documents:
/// a teaser escaped into JSON again for every track that sends it took most of the drip
/// files' time.
#[derive(Debug, Clone)]
pub struct JsonText(Arc<(String, Box<serde_json::value::RawValue>)>);

impl JsonText {
    pub fn new(text: String) -> JsonText {
        let json = serde_json::value::to_raw_value(&text).expect("a string serializes");
        JsonText(Arc::new((text, json)))
    }

    pub fn as_str(&self) -> &str {
        &self.0.0
    }
}

/// Written as the string it holds; only serde_json writes sequences.
impl Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.1.serialize(serializer)
    }
}

/// What a step shows of its document.
struct StepCopy {
    preview_text: String,
    image: Option<String>,
    cta: Option<crate::render::cta::CtaView>,
    teaser_html: JsonText,
    teaser_text: JsonText,
}

/// Steps' copy made once per document and language for all the tracks of a build. Only
/// without UTM parameters: with them every step's address, and so its teaser, differs.
#[derive(Default)]
struct StepCopies(Mutex<HashMap<(usize, String), Arc<StepCopy>>>);

#[derive(Debug, Clone, Serialize)]
pub struct SentEarlierOut {
    pub document: String,
    pub subject: String,
    /// The stage whose track sends it.
    pub stage: String,
}

/// What the drip files need of the rest of the site: the theme's strings, and which
/// published files exist (an image that does not is left out of a teaser).
pub struct Inputs<'a> {
    pub strings: &'a BTreeMap<String, Strings>,
    pub files: &'a BTreeSet<String>,
}

/// The static and content files a build publishes: a teaser shows an image only when it is
/// one of them (or a full address).
pub fn published_files(site: &Site, theme: &crate::theme::Theme) -> BTreeSet<String> {
    theme
        .static_files
        .keys()
        .cloned()
        .chain(site.assets.iter().map(|a| a.content_path.clone()))
        .collect()
}

/// The permalink of a file of a track's folder.
fn track_file(site: &Site, track: &Track, file: &str) -> String {
    site.config
        .base_url
        .permalink(&encode_path(&format!("{}{file}", track.dir(site))))
}

/// The feed a track corresponds to: the hub's for the journey track for everyone, the
/// stage's and the stage × term's for stage tracks (docs/feeds.md).
pub fn feed_dir(site: &Site, track: &Track) -> Option<String> {
    let prefix = site.config.language_prefix(&track.lang);
    match (&track.stage, &track.segment) {
        (None, None) => Some(format!("{prefix}{}", super::feeds::SITE_FEED_DIR)),
        (None, Some(_)) => None,
        (Some(stage), None) => Some(super::feeds::stage_feed_dir(&prefix, stage)),
        (Some(stage), Some(s)) => Some(super::feeds::segment_feed_dir(
            &prefix,
            stage,
            &s.taxonomy,
            &s.slug,
        )),
    }
}

/// The track's name for marketers: `Acme: Onboarding × smb`.
pub fn track_title(site: &Site, journey: &Journey, t: &Strings, track: &Track) -> String {
    let japanese = track.lang == "ja" || track.lang.starts_with("ja-");
    let stage = match &track.stage {
        Some(id) => journey
            .view(&track.lang)
            .stage_docs
            .get(id)
            .map_or(id.clone(), |&i| site.docs[i].common.title.clone()),
        None if japanese => "ジャーニー全体".into(),
        None => "Whole journey".into(),
    };
    let who = match &track.segment {
        Some(s) => term_label(t, &s.taxonomy, &s.term),
        None if japanese => "すべてのお客様".into(),
        None => "every customer".into(),
    };
    format!("{}: {stage} × {who}", site.config.title)
}

/// The page of a step, with the site's UTM parameters and `utm_content` = the step.
pub fn step_url(site: &Site, d: &Document, stage: &str, step: usize) -> String {
    let url = site.doc_permalink(d);
    if site.config.utm.is_none() {
        return url;
    }
    with_query(
        &with_utm(site, &url, stage, &d.slug),
        "utm_content",
        &step.to_string(),
    )
}

fn preview_text(d: &Document) -> String {
    let summary = d.common.summary.as_deref().unwrap_or("");
    let mut flat = String::with_capacity(summary.len());
    for word in summary.split_whitespace() {
        if !flat.is_empty() {
            flat.push(' ');
        }
        flat.push_str(word);
    }
    match flat.char_indices().nth(PREVIEW_CHARS) {
        None => flat,
        Some(_) => {
            let (cut, _) = flat
                .char_indices()
                .nth(PREVIEW_CHARS - 1)
                .expect("longer than the preview");
            flat.truncate(cut);
            flat.push('…');
            flat
        }
    }
}

/// A track as the JSON file writes it. `start` (the day the customer starts) dates each
/// step, for the command line's preview.
pub fn sequence(
    site: &Site,
    journey: &Journey,
    inputs: &Inputs,
    track: &Track,
    start: Option<jiff::civil::Date>,
) -> Sequence {
    sequence_sharing(site, journey, inputs, track, start, &StepCopies::default())
}

fn sequence_sharing(
    site: &Site,
    journey: &Journey,
    inputs: &Inputs,
    track: &Track,
    start: Option<jiff::civil::Date>,
    copies: &StepCopies,
) -> Sequence {
    let t = strings_for(inputs.strings, &track.lang);
    let teasers_url = track_file(site, track, TEASERS_FILE);
    let shared = site.config.utm.is_none();
    let steps = track
        .steps
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let n = k + 1;
            let d = &site.docs[s.doc];
            let url = step_url(site, d, &s.stage, n);
            let make = || {
                let image = teaser::image(site, inputs.files, d);
                let cta = crate::render::cta::for_doc(site, journey, s.doc);
                let teaser = Teaser {
                    title: &d.common.title,
                    summary: d.common.summary.as_deref().unwrap_or(""),
                    image: image.as_deref(),
                    button: teaser::button_label(t, d.kind),
                    url: &url,
                    lang: &track.lang,
                    cta: cta.as_ref(),
                };
                Arc::new(StepCopy {
                    preview_text: preview_text(d),
                    teaser_html: JsonText::new(teaser.html()),
                    teaser_text: JsonText::new(teaser.text()),
                    image,
                    cta,
                })
            };
            let copy = if shared {
                let key = (s.doc, track.lang.clone());
                let made = copies.0.lock().ok().and_then(|c| c.get(&key).cloned());
                made.unwrap_or_else(|| {
                    let copy = make();
                    if let Ok(mut copies) = copies.0.lock() {
                        copies.insert(key, copy.clone());
                    }
                    copy
                })
            } else {
                make()
            };
            StepOut {
                step: n,
                day: s.day,
                date: start.map(|day| {
                    day.checked_add(jiff::Span::new().days(s.day))
                        .unwrap_or(day)
                        .to_string()
                }),
                stage: s.stage.clone(),
                document: d.source.clone(),
                kind: d.kind.name(),
                for_segment: s.for_segment,
                subject: d.common.title.clone(),
                preview_text: copy.preview_text.clone(),
                teaser_html: copy.teaser_html.clone(),
                teaser_text: copy.teaser_text.clone(),
                teaser_url: format!("{teasers_url}#step-{n}"),
                url,
                image: copy.image.clone(),
                cta: copy.cta.clone(),
            }
        })
        .collect();
    Sequence {
        generator: "journeyhub",
        version: JSON_VERSION,
        track: track.id(),
        title: track_title(site, journey, t, track),
        language: track.lang.clone(),
        stage: track.stage.clone(),
        segment: track.segment.as_ref().map(|s| SegmentRef {
            taxonomy: s.taxonomy.clone(),
            term: s.term.clone(),
            slug: s.slug.clone(),
        }),
        cadence_days: site.config.drip_cadence_days,
        days: track.covered_days(site.config.drip_cadence_days),
        start: start.map(|d| d.to_string()),
        json_url: track_file(site, track, JSON_FILE),
        csv_url: track_file(site, track, CSV_FILE),
        feed_url: feed_dir(site, track).map(|dir| {
            site.config
                .base_url
                .permalink(&encode_path(&format!("{dir}{}", super::feeds::ATOM_FILE)))
        }),
        steps,
        sent_earlier: track
            .sent_earlier
            .iter()
            .map(|e| SentEarlierOut {
                document: site.docs[e.doc].source.clone(),
                subject: site.docs[e.doc].common.title.clone(),
                stage: e.stage.clone(),
            })
            .collect(),
    }
}

pub fn to_json(sequence: &Sequence) -> Vec<u8> {
    let mut bytes = vec![];
    write_json(&mut bytes, sequence);
    bytes
}

fn write_json(out: &mut Vec<u8>, sequence: &Sequence) {
    serde_json::to_writer_pretty(&mut *out, sequence).expect("a sequence serializes");
    out.push(b'\n');
}

/// The CSV marketing-automation imports read: a header row of [`CSV_COLUMNS`], one row per
/// step, UTF-8, CRLF line ends (RFC 4180).
fn write_csv(out: &mut Vec<u8>, sequence: &Sequence) {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let segment = sequence
        .segment
        .as_ref()
        .map(|s| format!("{}={}", s.taxonomy, s.term))
        .unwrap_or_default();
    let write = |w: &mut csv::Writer<&mut Vec<u8>>, row: &[&str]| {
        w.write_record(row).expect("writing to memory");
    };
    write(&mut w, &CSV_COLUMNS);
    for s in &sequence.steps {
        write(
            &mut w,
            &[
                &s.step.to_string(),
                &s.day.to_string(),
                &s.subject,
                &s.preview_text,
                &s.url,
                &s.stage,
                &segment,
                &s.document,
            ],
        );
    }
    w.flush().expect("writing to memory");
}

/// Files by output path.
pub type Files = Vec<(String, Vec<u8>)>;

/// Every drip file of the site, each handed to `emit` as soon as it is made; what `emit`
/// returns is collected. A large hub's tracks hold hundreds of megabytes of teasers: a build
/// writes each track's files and lets them go, and the index keeps only what it lists.
pub fn render<K: Send>(
    site: &Site,
    journey: &Journey,
    inputs: &Inputs,
    emit: impl Fn(String, &[u8]) -> K + Sync,
) -> Vec<K> {
    use rayon::prelude::*;
    let tracks: Vec<Track> = journey
        .views
        .par_iter()
        .flat_map_iter(|view| crate::drip::language_tracks(site, journey, view))
        .collect();
    let copies = StepCopies::default();
    let empty = JsonText::new(String::new());
    let made: Vec<(Sequence, Vec<K>)> = tracks
        .par_iter()
        .map(|track| {
            let mut sequence = sequence_sharing(site, journey, inputs, track, None, &copies);
            let dir = track.dir(site);
            // The teasers are on one page per track, not in a file per step: a large hub's
            // tracks hold tens of thousands of steps, which would outnumber its pages.
            let files = vec![
                with_buffer(|b| {
                    teaser::write_page(b, &sequence);
                    emit(format!("{dir}{TEASERS_FILE}"), b)
                }),
                with_buffer(|b| {
                    write_json(b, &sequence);
                    emit(format!("{dir}{JSON_FILE}"), b)
                }),
                with_buffer(|b| {
                    write_csv(b, &sequence);
                    emit(format!("{dir}{CSV_FILE}"), b)
                }),
            ];
            for step in &mut sequence.steps {
                step.teaser_html = empty.clone();
                step.teaser_text = empty.clone();
                step.cta = None;
            }
            (sequence, files)
        })
        .collect();
    let mut out = vec![];
    let mut by_lang: BTreeMap<String, Vec<Sequence>> = BTreeMap::new();
    for (sequence, files) in made {
        out.extend(files);
        by_lang
            .entry(sequence.language.clone())
            .or_default()
            .push(sequence);
    }
    for (lang, sequences) in by_lang {
        let prefix = site.config.language_prefix(&lang);
        out.push(with_buffer(|b| {
            index::write_page(b, site, &lang, &sequences);
            emit(format!("{prefix}{DRIP_DIR}index.html"), b)
        }));
    }
    out
}

/// Runs `make` with this thread's empty file buffer. A track's files run to megabytes: made
/// in a new buffer each, they grew by copying and took fresh memory from the system for
/// every track, which a build then gave back (a tenth of a 1,000-document build's page
/// faults); one buffer per thread keeps its memory from track to track.
fn with_buffer<R>(make: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    thread_local! {
        static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    }
    // Taken, not borrowed: a nested call (none today) gets a buffer of its own.
    let mut buffer = BUFFER.take();
    buffer.clear();
    let made = make(&mut buffer);
    BUFFER.set(buffer);
    made
}

/// The sequence as `journeyhub drip` prints it: a heading, then one dated line per send
/// with its address below.
pub fn to_text(sequence: &Sequence) -> String {
    let mut t = format!("{}\n", sequence.title);
    let emails = match sequence.steps.len() {
        1 => "1 email".to_string(),
        n => format!("{n} emails"),
    };
    t.push_str(&format!(
        "track {} ({}), one email every {} days from {}: {emails} over {} days\n",
        sequence.track,
        sequence.language,
        sequence.cadence_days,
        sequence.start.as_deref().unwrap_or("day 0"),
        sequence.days
    ));
    if sequence.steps.is_empty() {
        t.push_str("\nnothing to send: no document of this track can be sent yet\n");
    } else {
        t.push('\n');
    }
    for s in &sequence.steps {
        let when = match &s.date {
            Some(date) => format!("{date}  day {:<4}", s.day),
            None => format!("day {:<4}", s.day),
        };
        t.push_str(&format!(
            "{:>3}  {when}  {}  {}\n     {}\n",
            s.step, s.stage, s.subject, s.url
        ));
    }
    if !sequence.sent_earlier.is_empty() {
        t.push_str("\nsent by an earlier stage's track, so not again here:\n");
        for e in &sequence.sent_earlier {
            t.push_str(&format!("  - {} ({})\n", e.subject, e.stage));
        }
    }
    t
}
