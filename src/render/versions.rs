//! The version of each value a page or card can read (see [`crate::content::reads`]): output
//! made in an earlier run is used again when the version of everything it read is the same
//! now. Per-document values take their version from what they are made of; the language
//! lists, one number each, from their contents.

use super::card_shelf::CardShelf;
use crate::content::Site;
use crate::content::reads::{Read, Source};
use crate::link::{Journey, LanguageView};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

pub(crate) struct Versions<'a> {
    site: &'a Site,
    journey: &'a Journey,
    /// Each language's cards, in the order of the journey's views, once they are made.
    cards: Vec<Option<Arc<CardShelf>>>,
    /// The site-wide lists, hashed once per run.
    lists: HashMap<(Source, u16, u64), u64>,
    /// The `text_key` of every document's text.
    texts: HashSet<u64>,
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl<'a> Versions<'a> {
    pub(crate) fn new(site: &'a Site, journey: &'a Journey) -> Versions<'a> {
        let mut lists = HashMap::new();
        let mut list = |source, lang: usize, index: u64, version| {
            lists.insert((source, lang as u16, index), version);
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
            site,
            journey,
            cards: vec![None; journey.views.len()],
            lists,
            texts: site.docs.iter().map(|d| d.unnoted().text_key).collect(),
        }
    }

    /// Cards are read by pages: their versions count once the language's cards are made.
    pub(crate) fn set_cards(&mut self, shelves: impl IntoIterator<Item = Arc<CardShelf>>) {
        for (n, shelf) in shelves.into_iter().enumerate() {
            if let Some(slot) = self.cards.get_mut(n) {
                *slot = Some(shelf);
            }
        }
    }

    /// What `read` sees now; None when it reads something that is no longer there.
    pub(crate) fn of(&self, read: Read) -> Option<u64> {
        let i = usize::try_from(read.index).unwrap_or(usize::MAX);
        let list = |list: &Vec<crate::content::reads::Watched<Vec<usize>>>| {
            list.get(i).map(|l| hash_of(l.unnoted()))
        };
        match read.source {
            Source::Document => self.document(i),
            // A text read is named by what it read: it reads the same while that is there.
            Source::Text => self.texts.contains(&read.index).then_some(read.index),
            // A body is made from its document's text and the addresses of the whole site.
            Source::Body => {
                let d = self.site.docs.get(i)?.unnoted();
                Some(hash_of(&(d.text_key, self.journey.link_version)))
            }
            Source::Steps => self.journey.steps.get(i).map(|s| *s.unnoted() as u64),
            Source::WebinarStatus => self
                .journey
                .webinar_status
                .get(i)
                .map(|s| hash_of(s.unnoted())),
            Source::Related => list(&self.journey.related),
            Source::Backlinks => list(&self.journey.backlinks),
            Source::Card => self
                .cards
                .get(read.lang as usize)
                .and_then(Option::as_deref)
                .and_then(|shelf| shelf.version(i)),
            Source::Translations
            | Source::StageOrder
            | Source::ViewDocs
            | Source::ViewStageDocs
            | Source::ViewStages
            | Source::ViewTerms
            | Source::ViewNextSteps
            | Source::ViewHome => self
                .lists
                .get(&(read.source, read.lang, read.index))
                .copied(),
        }
    }

    fn document(&self, i: usize) -> Option<u64> {
        let d = self.site.docs.get(i)?.unnoted();
        Some(hash_of(&(d.card_version, &d.source)))
    }

    /// One number for what `reads` see now: equal numbers, equal output.
    pub(crate) fn of_all(&self, reads: &[Read]) -> u64 {
        let mut h = crate::util::hash::Fnv::default().u64(reads.len() as u64);
        for read in reads {
            h = h.u64(hash_of(read)).u64(self.of(*read).unwrap_or(u64::MAX));
        }
        h.finish()
    }
}

fn view_versions(view: &LanguageView) -> [(Source, u64); 6] {
    [
        (Source::ViewDocs, hash_of(view.docs.unnoted())),
        (Source::ViewStageDocs, hash_of(view.stage_docs.unnoted())),
        (Source::ViewStages, hash_of(view.stages.unnoted())),
        (Source::ViewTerms, hash_of(view.terms.unnoted())),
        (Source::ViewNextSteps, hash_of(view.next_steps.unnoted())),
        (Source::ViewHome, hash_of(view.home.unnoted())),
    ]
}
