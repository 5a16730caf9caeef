//! Typed values the templates read (see docs/templates.md). Built once per language and
//! shared by every page of it; a page adds only what is its own.

pub use super::card_shelf::CardShelf;
use super::card_shelf::Slot;
use super::versions::Versions;
use crate::content::Site;
use crate::content::reads::recording;
use crate::content::{Document, Kind, KindMeta};
use crate::link::{Journey, LanguageView};
use crate::markdown::TocEntry;
use crate::theme::Theme;
use crate::theme::strings::{Strings, kind_label, taxonomy_label, text, touch_label};
use crate::util::urls::encode_path;
use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    pub playbook: usize,
    pub case_study: usize,
    pub webinar: usize,
    pub page: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageSummary {
    pub id: String,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub order: i64,
    pub color: String,
    pub goal: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub kind: &'static str,
    pub kind_label: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub permalink: String,
    pub date: String,
    pub date_display: String,
    pub stage: Option<StageSummary>,
    pub customer: String,
    pub touch_label: String,
    pub webinar_status: String,
    pub starts_display: String,
    pub steps: usize,
    /// What the document offers to download (`download:`), if anything.
    pub download: Option<crate::render::download::DownloadView>,
    /// The document's terms of the reader profile's taxonomies (see [`segment_value`]).
    pub segment: Option<String>,
    /// The card as the theme's `card` macro renders it at heading level 3, rendered once
    /// here instead of on each of the pages that list the document; empty when the theme
    /// has no such macro or it failed (the page then calls the macro and reports why).
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyLink {
    pub name: String,
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermGroup {
    pub taxonomy: String,
    pub label: String,
    pub items: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assets {
    pub style: String,
    pub syntax: String,
    pub script: String,
    /// The search page's script.
    pub search: String,
    /// The NPS page's and the "Was this helpful?" widget's script.
    pub feedback: String,
}

/// What every page of one language shares.
pub struct LanguageContext<'a> {
    pub lang: &'a str,
    pub view: &'a LanguageView,
    pub t: &'a Strings,
    pub stages: Vec<StageSummary>,
    pub stage_index: HashMap<String, usize>,
    pub taxonomies: Vec<TaxonomyLink>,
    /// Each listed document's card as templates get it, made once: a card is on twenty
    /// pages or so, and serializing it for each of them cost more than a page's template.
    /// Kept between preview rebuilds while the cards are the same.
    pub cards: Arc<CardShelf>,
}

pub fn format_day(day: jiff::civil::Date, t: &Strings) -> String {
    let fmt = match text(t, "date_format") {
        "" => "%Y-%m-%d",
        f => f,
    };
    jiff::fmt::strtime::format(fmt, day).unwrap_or_else(|_| day.to_string())
}

pub fn format_instant(ts: Timestamp, site: &Site, t: &Strings) -> String {
    let fmt = match text(t, "datetime_format") {
        "" => "%Y-%m-%d %H:%M",
        f => f,
    };
    let zoned = ts.to_zoned(site.config.timezone.clone());
    let formatted = jiff::fmt::strtime::format(fmt, &zoned).unwrap_or_else(|_| zoned.to_string());
    let abbreviation = zoned
        .time_zone()
        .to_offset_info(ts)
        .abbreviation()
        .to_string();
    format!("{formatted} ({abbreviation})")
}

/// RFC 3339 in the site's time zone, for `datetime` attributes and structured data.
pub fn rfc3339(ts: Timestamp, site: &Site) -> String {
    let zoned = ts.to_zoned(site.config.timezone.clone());
    jiff::fmt::strtime::format("%Y-%m-%dT%H:%M:%S%:z", &zoned).unwrap_or_else(|_| ts.to_string())
}

impl<'a> LanguageContext<'a> {
    pub(crate) fn new(
        site: &'a Site,
        journey: &'a Journey,
        view: &'a LanguageView,
        t: &'a Strings,
        cards: (Option<Arc<CardShelf>>, &Versions),
        theme: &Theme,
    ) -> Self {
        let lang = view.lang.as_str();
        let prefix = site.config.language_prefix(lang);
        let stages: Vec<StageSummary> = journey
            .stage_order
            .iter()
            .filter_map(|id| {
                let doc = &site.docs[*view.stage_docs.get(id)?];
                let meta = doc.stage_meta()?;
                let lists = view.stages.get(id)?;
                let path = format!("{prefix}stages/{id}/");
                let counts = Counts {
                    playbook: lists.count(Kind::Playbook),
                    case_study: lists.count(Kind::CaseStudy),
                    webinar: lists.count(Kind::Webinar),
                    page: lists.count(Kind::Page),
                    total: Kind::LISTED.iter().map(|k| lists.count(*k)).sum(),
                };
                Some(StageSummary {
                    id: id.clone(),
                    title: doc.common.title.clone(),
                    url: site.config.base_url.url(&encode_path(&path)),
                    permalink: site.config.base_url.permalink(&encode_path(&path)),
                    order: meta.order,
                    color: meta.color.clone().unwrap_or_default(),
                    goal: meta.goal.clone().unwrap_or_default(),
                    counts,
                })
            })
            .collect();
        let stage_index = stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let taxonomies = site
            .config
            .taxonomies
            .iter()
            .filter(|name| has_index_page(name, view))
            .map(|name| TaxonomyLink {
                name: name.clone(),
                label: taxonomy_label(t, name),
                url: site
                    .config
                    .base_url
                    .url(&encode_path(&format!("{prefix}{name}/"))),
            })
            .collect();
        let mut ctx = LanguageContext {
            lang,
            view,
            t,
            stages,
            stage_index,
            taxonomies,
            cards: Arc::default(),
        };
        ctx.cards = Arc::new(ctx.card_shelf(site, journey, theme, cards));
        ctx
    }

    /// The language's cards: an earlier run's where still right, the others made now, each
    /// with what it was made from.
    fn card_shelf(
        &self,
        site: &Site,
        journey: &Journey,
        theme: &Theme,
        (previous, versions): (Option<Arc<CardShelf>>, &Versions),
    ) -> CardShelf {
        let lang = journey
            .views
            .iter()
            .position(|v| std::ptr::eq(v, self.view))
            .unwrap_or_default();
        // What every card shares: the theme, site-config and the language's strings and stages.
        let shared = crate::util::hash::Fnv::default()
            .u64(theme.version)
            .u64(site.config.version)
            .str(&serde_json::to_string(&(self.t, &self.stages)).unwrap_or_default())
            .finish();
        let listed = self.view.docs.unnoted();
        let mut shelf = CardShelf::still_right(previous, (lang, shared), listed, |reads| {
            versions.of_all(reads)
        });
        let to_make: Vec<usize> = listed.iter().copied().filter(|&i| !shelf.has(i)).collect();
        let mut strings = tera::Context::new();
        strings.insert("t", self.t);
        let made: Vec<(usize, Slot)> = to_make
            .par_iter()
            // One context per worker: copying the theme strings for every card cost more
            // than rendering it.
            .map_init(
                || strings.clone(),
                |context, &i| {
                    let (card, reads) = recording(|| {
                        let mut card = self.card(site, journey, i);
                        card.html = card_html(theme, context, &card);
                        serde_json::to_value(&card).expect("a card is plain data")
                    });
                    let made_from = versions.of_all(&reads);
                    (i, Slot::new(card, reads, made_from))
                },
            )
            .collect();
        shelf.put(made);
        shelf
    }

    pub fn stage(&self, id: &str) -> Option<&StageSummary> {
        self.stage_index.get(id).map(|&i| &self.stages[i])
    }

    /// The cards of `list`, in its order, as one template value: lent from the shelf where
    /// they are on it, read again from their text otherwise. Give the page's values back with
    /// [`LanguageContext::give_back`] once it is rendered.
    pub fn cards(&self, list: &[usize]) -> serde_json::Value {
        serde_json::Value::Array(list.iter().filter_map(|&i| self.cards.lend(i)).collect())
    }

    /// Takes back the cards in a rendered page's context value (see [`LanguageContext::cards`]).
    pub fn give_back(&self, value: serde_json::Value) {
        self.cards.give_back(value);
    }

    fn card(&self, site: &Site, journey: &Journey, i: usize) -> Card {
        let d = &site.docs[i];
        let t = self.t;
        let webinar = d.webinar();
        Card {
            kind: d.kind.name(),
            kind_label: kind_label(t, d.kind),
            title: d.common.title.clone(),
            summary: d.common.summary.clone().unwrap_or_default(),
            url: site.doc_url(d),
            permalink: site.doc_permalink(d),
            date: d
                .common
                .date
                .as_ref()
                .map(|x| x.day.to_string())
                .unwrap_or_default(),
            date_display: d
                .common
                .date
                .as_ref()
                .map(|x| format_day(x.day, t))
                .unwrap_or_default(),
            stage: d.common.stages.first().and_then(|s| self.stage(s)).cloned(),
            customer: match &d.meta {
                KindMeta::CaseStudy(c) => c.customer.clone(),
                _ => String::new(),
            },
            touch_label: touch_label(t, &d.common.touch),
            webinar_status: journey.webinar_status[i]
                .map(|s| s.name().to_string())
                .unwrap_or_default(),
            starts_display: webinar
                .map(|w| format_instant(w.starts_at, site, t))
                .unwrap_or_default(),
            steps: if d.kind == Kind::Playbook {
                *journey.steps[i]
            } else {
                0
            },
            download: crate::render::download::download_view(site, d, t),
            segment: segment_value(site, i),
            html: String::new(),
        }
    }
}

/// A document appears as a card on twenty pages or so (lists, related, backlinks, next
/// steps); rendering the theme's macro once per document saves most of that template work.
/// `context` holds the theme strings as `t`; the card replaces the previous one as `c`.
fn card_html(theme: &Theme, context: &mut tera::Context, card: &Card) -> String {
    if !theme.has_card_macro {
        return String::new();
    }
    context.insert("c", card);
    theme
        .tera
        .render(crate::theme::CARD_TEMPLATE, context)
        .unwrap_or_default()
}

/// A document's values for the profile's taxonomies, as `data-segment` carries them:
/// `taxonomy:term` pairs apart by spaces, a space or `%` in a term percent-encoded. None
/// when the site has no profile.
pub fn segment_value(site: &Site, i: usize) -> Option<String> {
    let profile = site.config.profile.as_ref()?;
    let terms = &site.docs[i].common.terms;
    let pairs: Vec<String> =
        profile
            .taxonomies
            .iter()
            .flat_map(|t| {
                terms.get(t).into_iter().flatten().map(move |name| {
                    format!("{t}:{}", name.replace('%', "%25").replace(' ', "%20"))
                })
            })
            .collect();
    Some(pairs.join(" "))
}

pub fn has_index_page(taxonomy: &str, view: &LanguageView) -> bool {
    taxonomy != "tags" || view.terms.get("tags").is_some_and(|t| !t.is_empty())
}

#[derive(Debug, Serialize)]
pub struct Kpi<'a> {
    pub name: &'a str,
    pub target: &'a str,
}

#[derive(Debug, Serialize)]
pub struct StageDetail<'a> {
    #[serde(flatten)]
    pub summary: &'a StageSummary,
    pub kpis: Vec<Kpi<'a>>,
    pub content: std::borrow::Cow<'a, str>,
    pub toc: &'a [TocEntry],
}

#[derive(Debug, Serialize)]
pub struct Audience {
    pub name: String,
    pub label: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct ResultView<'a> {
    pub metric: &'a str,
    pub value: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// The `doc` value of document templates.
#[derive(Debug, Serialize)]
pub struct DocView<'a> {
    pub kind: &'static str,
    pub kind_label: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub permalink: String,
    pub slug: &'a str,
    pub lang: &'a str,
    pub date: String,
    pub date_display: String,
    pub updated: String,
    pub updated_display: String,
    pub content: std::borrow::Cow<'a, str>,
    pub toc: &'a [TocEntry],
    pub stages: Vec<&'a StageSummary>,
    pub tags: Vec<Link>,
    pub terms: Vec<TermGroup>,
    pub extra: &'a serde_json::Value,
    pub featured: bool,
    #[serde(flatten)]
    pub kind_fields: serde_json::Value,
}

pub fn doc_date_fields(d: &Document, t: &Strings) -> (String, String, String, String) {
    let date = d.common.date.as_ref();
    let updated = d.common.updated.as_ref();
    (
        date.map(|x| x.day.to_string()).unwrap_or_default(),
        date.map(|x| format_day(x.day, t)).unwrap_or_default(),
        updated.map(|x| x.day.to_string()).unwrap_or_default(),
        updated.map(|x| format_day(x.day, t)).unwrap_or_default(),
    )
}
