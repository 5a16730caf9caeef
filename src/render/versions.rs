//! The version of each value a page or card can read (see [`crate::content::reads`]): output
//! made in an earlier run is used again when the version of everything it read is the same
//! now. Per-document values take their version from what they are made of; the language
//! lists, one number each, from their contents.

use super::card_shelf::CardShelf;
use crate::content::Site;
use crate::content::reads::{Read, Source};
use crate::link::{Journey, LanguageView};
use crate::util::hash::of_value as hash_of;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// A version for a read of something that is not there (or not made yet).
const MISSING: u64 = u64::MAX;

/// The lists of one language, in the order of [`view_versions`].
const VIEW_LISTS: [Source; 6] = [
    Source::ViewDocs,
    Source::ViewStageDocs,
    Source::ViewStages,
    Source::ViewTerms,
    Source::ViewNextSteps,
    Source::ViewHome,
];

/// Pages are checked on every preview run, each against tens of reads (a library against
/// thousands), so what a read sees is found by indexing, never by hashing a key: each
/// language's card versions by document and the lists by [`list_slot`].
pub(crate) struct Versions {
    /// Each language's card versions by document, in the order of the journey's views,
    /// once the cards are made.
    cards: Vec<Vec<u64>>,
    /// The site-wide lists, hashed once per run, by [`list_slot`].
    lists: Vec<u64>,
    /// The `text_key` of every document's text.
    texts: HashSet<u64>,
    /// Each document's values, worked out once per run: a listed document is read by
    /// many pages.
    per_document: Vec<DocumentVersions>,
}

/// The versions of one document's values, by [`Source`].
struct DocumentVersions {
    document: u64,
    body: u64,
    steps: u64,
    webinar_status: u64,
    related: u64,
    backlinks: u64,
}

impl DocumentVersions {
    fn of(site: &Site, journey: &Journey, i: usize) -> DocumentVersions {
        let d = site.docs[i].unnoted();
        let list = |l: &crate::content::reads::Watched<Vec<usize>>| hash_of(l.unnoted());
        DocumentVersions {
            // A document as pages see it: front matter and paths (its text is read apart).
            document: hash_of(&(d.card_version, &d.source)),
            // A body is made from its document's text and the addresses of the whole site.
            body: hash_of(&(d.text_key, journey.link_version)),
            steps: *journey.steps[i].unnoted() as u64,
            webinar_status: hash_of(journey.webinar_status[i].unnoted()),
            related: list(&journey.related[i]),
            backlinks: list(&journey.backlinks[i]),
        }
    }
}

impl Versions {
    pub(crate) fn new(site: &Site, journey: &Journey) -> Versions {
        let mut lists =
            vec![MISSING; list_slot(Source::ViewDocs, journey.views.len() as u16, 0).unwrap_or(0)];
        let mut list = |source, lang: usize, index: u64, version| {
            if let Some(slot) = list_slot(source, lang as u16, index) {
                lists[slot] = version;
            }
        };
        list(
            Source::StageOrder,
            0,
            0,
            hash_of(journey.stage_order.unnoted()),
        );
        list(
            Source::StageOrder,
            0,
            1,
            hash_of(journey.next_stage.unnoted()),
        );
        list(
            Source::Translations,
            0,
            0,
            hash_of(&**journey.translations.unnoted()),
        );
        for (n, view) in journey.views.iter().enumerate() {
            for (source, version) in view_versions(view) {
                list(source, n, 0, version);
            }
        }
        Versions {
            cards: vec![vec![]; journey.views.len()],
            lists,
            texts: site.docs.iter().map(|d| d.unnoted().text_key).collect(),
            per_document: (0..site.docs.len())
                .into_par_iter()
                .map(|i| DocumentVersions::of(site, journey, i))
                .collect(),
        }
    }

    /// Cards are read by pages: their versions count once the language's cards are made.
    pub(crate) fn set_cards(&mut self, shelves: impl IntoIterator<Item = Arc<CardShelf>>) {
        let documents = self.per_document.len();
        for (n, shelf) in shelves.into_iter().enumerate() {
            if let Some(cards) = self.cards.get_mut(n) {
                *cards = vec![MISSING; documents];
                for (i, version) in shelf.versions() {
                    if let Some(card) = cards.get_mut(i) {
                        *card = version;
                    }
                }
            }
        }
    }

    /// What `read` sees now; None when it reads something that is no longer there.
    pub(crate) fn of(&self, read: Read) -> Option<u64> {
        let i = usize::try_from(read.index).unwrap_or(usize::MAX);
        let document = || self.per_document.get(i);
        match read.source {
            Source::Document => document().map(|d| d.document),
            // A text read is named by what it read: it reads the same while that is there.
            Source::Text => self.texts.contains(&read.index).then_some(read.index),
            Source::Body => document().map(|d| d.body),
            Source::Steps => document().map(|d| d.steps),
            Source::WebinarStatus => document().map(|d| d.webinar_status),
            Source::Related => document().map(|d| d.related),
            Source::Backlinks => document().map(|d| d.backlinks),
            Source::Card => self
                .cards
                .get(read.lang as usize)
                .and_then(|cards| cards.get(i))
                .copied()
                .filter(|&v| v != MISSING),
            Source::Translations
            | Source::StageOrder
            | Source::ViewDocs
            | Source::ViewStageDocs
            | Source::ViewStages
            | Source::ViewTerms
            | Source::ViewNextSteps
            | Source::ViewHome => list_slot(read.source, read.lang, read.index)
                .and_then(|slot| self.lists.get(slot))
                .copied()
                .filter(|&v| v != MISSING),
        }
    }

    /// One number for what `reads` see now: equal numbers, equal output. Pages are checked
    /// on every preview run, each against tens of reads (a library against thousands), so
    /// the numbers are folded with a multiply-and-rotate step rather than a byte-wise hash.
    pub(crate) fn of_all(&self, reads: &[Read]) -> u64 {
        let mut h = fold(0x243f_6a88_85a3_08d3, reads.len() as u64);
        for read in reads {
            let which = ((read.source as u64) << 48) | u64::from(read.lang);
            h = fold(
                fold(fold(h, which), read.index),
                self.of(*read).unwrap_or(u64::MAX),
            );
        }
        h
    }
}

/// One step of [`Versions::of_all`]'s fold: every bit of `x` reaches every bit of the result.
fn fold(h: u64, x: u64) -> u64 {
    let m = u128::from(h ^ x) * u128::from(0x9e37_79b9_7f4a_7c15_u64);
    (m as u64) ^ ((m >> 64) as u64)
}

fn view_versions(view: &LanguageView) -> [(Source, u64); 6] {
    let versions = [
        hash_of(view.docs.unnoted()),
        hash_of(view.stage_docs.unnoted()),
        hash_of(view.stages.unnoted()),
        hash_of(view.terms.unnoted()),
        hash_of(view.next_steps.unnoted()),
        hash_of(view.home.unnoted()),
    ];
    std::array::from_fn(|k| (VIEW_LISTS[k], versions[k]))
}

/// Where a list's version is kept: stage order and the stage after each, then which
/// documents translate which, then each language's lists; None for what is not a list.
fn list_slot(source: Source, lang: u16, index: u64) -> Option<usize> {
    const FIRST_VIEW_SLOT: usize = 3;
    match (source, index) {
        (Source::StageOrder, 0 | 1) => Some(index as usize),
        (Source::Translations, 0) => Some(2),
        (_, 0) => VIEW_LISTS
            .iter()
            .position(|&s| s == source)
            .map(|k| FIRST_VIEW_SLOT + usize::from(lang) * VIEW_LISTS.len() + k),
        _ => None,
    }
}
