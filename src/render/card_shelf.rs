//! A language's cards, made once per build and lent to the pages that list them; between
//! preview runs a card is made again only when something it was made from has changed.

use crate::content::reads::{Read, Source, note};
use hashbrown::HashMap;

/// A language's cards, lent to the pages that list them. A page's context owns its values,
/// and copying each card (some sixty strings and maps) into the twenty or so pages that
/// list it, then freeing it again, took 3–4 % of a build's CPU. A page takes the card off
/// the shelf and gives it back once rendered; a card already out (on another thread's
/// page, or twice on one page) is read again from its JSON text, which takes a quarter of
/// the memory of the value.
#[derive(Default)]
pub struct CardShelf {
    /// The position of the shelf's language among the site's languages.
    lang: usize,
    /// What every card of the language shares (strings, stages, theme), as one number.
    shared: u64,
    slots: HashMap<usize, Slot>,
    by_url: HashMap<String, usize>,
}

/// A card's place on the shelf: the card while it is not lent, and its JSON text.
pub(super) struct Slot {
    card: std::sync::Mutex<Option<serde_json::Value>>,
    json: Box<str>,
    url: Box<str>,
    /// Of the JSON text: what a page that shows the card has read of it.
    version: u64,
    /// What the card was made from, and the version of all of it then.
    reads: Vec<Read>,
    made_from: u64,
}

impl Slot {
    pub(super) fn new(card: serde_json::Value, reads: Vec<Read>, made_from: u64) -> Slot {
        let json = card.to_string().into_boxed_str();
        let url = card.get("url").and_then(serde_json::Value::as_str);
        Slot {
            url: url.unwrap_or_default().into(),
            version: crate::util::hash::quick(json.as_bytes()),
            card: std::sync::Mutex::new(Some(card)),
            json,
            reads,
            made_from,
        }
    }
}

impl CardShelf {
    /// The shelf of an earlier run, taken over with the cards that are still right: made
    /// with the same shared values, for a document still listed, from documents and lists
    /// whose versions have not changed. The others are taken off, and `listed` tells which
    /// documents still need a card.
    pub(super) fn still_right(
        previous: Option<std::sync::Arc<CardShelf>>,
        (lang, shared): (usize, u64),
        listed: &[usize],
        version_now: impl Fn(&[Read]) -> u64 + Sync,
    ) -> CardShelf {
        // The last run's pages are done with the shelf: it is taken over, not copied.
        let previous = previous
            .filter(|p| p.shared == shared && p.lang == lang)
            .and_then(|p| std::sync::Arc::try_unwrap(p).ok());
        let Some(mut shelf) = previous else {
            return CardShelf {
                lang,
                shared,
                ..CardShelf::default()
            };
        };
        let listed: hashbrown::HashSet<usize> = listed.iter().copied().collect();
        let gone: Vec<usize> = shelf
            .slots
            .iter()
            .filter(|(i, slot)| !listed.contains(*i) || version_now(&slot.reads) != slot.made_from)
            .map(|(i, _)| *i)
            .collect();
        for i in gone {
            if let Some(slot) = shelf.slots.remove(&i) {
                shelf.by_url.remove(&*slot.url);
            }
        }
        for slot in shelf.slots.values_mut() {
            // A card lent out when the last run stopped is read again from its text.
            if let Ok(card) = slot.card.get_mut()
                && card.is_none()
            {
                *card = serde_json::from_str(&slot.json).ok();
            }
        }
        shelf
    }

    /// Whether document `i` has a card on the shelf.
    pub(super) fn has(&self, i: usize) -> bool {
        self.slots.contains_key(&i)
    }

    /// Puts cards on the shelf.
    pub(super) fn put(&mut self, slots: Vec<(usize, Slot)>) {
        for (i, slot) in slots {
            if !slot.url.is_empty() {
                self.by_url.insert(slot.url.to_string(), i);
            }
            self.slots.insert(i, slot);
        }
    }

    /// The version of card `i` as pages see it.
    pub fn version(&self, i: usize) -> Option<u64> {
        self.slots.get(&i).map(|slot| slot.version)
    }

    /// The version of every card on the shelf, by document.
    pub fn versions(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.slots.iter().map(|(&i, slot)| (i, slot.version))
    }

    /// Card `i`, off the shelf or, when it is out, read again.
    pub fn lend(&self, i: usize) -> Option<serde_json::Value> {
        note(Read::new(Source::Card, self.lang, i));
        let slot = self.slots.get(&i)?;
        if let Some(card) = slot.card.lock().ok().and_then(|mut card| card.take()) {
            return Some(card);
        }
        serde_json::from_str(&slot.json).ok()
    }

    /// Puts back every card in `value` (a page's context value, however nested) whose
    /// place on the shelf is empty; the rest is dropped.
    pub fn give_back(&self, value: serde_json::Value) {
        match value {
            serde_json::Value::Array(items) => items.into_iter().for_each(|v| self.give_back(v)),
            serde_json::Value::Object(map) => {
                let card_at = map
                    .contains_key("html")
                    .then(|| map.get("url").and_then(serde_json::Value::as_str))
                    .flatten()
                    .and_then(|url| self.by_url.get(url));
                match card_at.and_then(|i| self.slots.get(i)) {
                    Some(slot) => {
                        debug_assert!(
                            serde_json::from_str::<serde_json::Value>(&slot.json)
                                .ok()
                                .as_ref()
                                .and_then(|c| c.as_object())
                                == Some(&map),
                            "only a card goes back on the shelf"
                        );
                        if let Ok(mut card) = slot.card.lock()
                            && card.is_none()
                        {
                            *card = Some(serde_json::Value::Object(map));
                        }
                    }
                    None => map.into_iter().for_each(|(_, v)| self.give_back(v)),
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CardShelf, Slot};
    use serde_json::json;

    fn shelf(cards: Vec<(usize, serde_json::Value)>) -> CardShelf {
        let slots = cards
            .into_iter()
            .map(|(i, card)| (i, Slot::new(card, vec![], 0)))
            .collect();
        let mut shelf = CardShelf::default();
        shelf.put(slots);
        shelf
    }

    fn card(url: &str) -> serde_json::Value {
        json!({"kind": "playbook", "title": url, "url": url, "html": format!("<article>{url}</article>")})
    }

    #[test]
    fn a_card_is_lent_given_back_from_any_depth_and_lent_again() {
        let (a, b) = (card("/a/"), card("/b/"));
        let shelf = shelf(vec![(0, a.clone()), (1, b.clone())]);
        let on_shelf = |i: usize| shelf.slots[&i].card.lock().unwrap().is_some();
        // Lent twice: the first is the shelf's, the second is read again from its text.
        let (first, second) = (shelf.lend(0).unwrap(), shelf.lend(0).unwrap());
        assert_eq!((&first, &second), (&a, &a));
        assert!(!on_shelf(0));
        let next = shelf.lend(1).unwrap();
        let page = json!({
            "related": [first, second],
            "next_step": {"stage": {"url": "/stages/x/"}, "docs": [next]},
            // Not a card: no `html`, so only what is inside it is looked at.
            "doc": {"url": "/a/", "content": "text"},
        });
        assert!(!on_shelf(1));
        shelf.give_back(page);
        assert!(on_shelf(0) && on_shelf(1));
        assert_eq!(shelf.lend(1), Some(b));
        assert_eq!(shelf.lend(2), None);
    }

    #[test]
    fn an_object_with_html_but_no_known_url_is_not_shelved() {
        let shelf = shelf(vec![(0, card("/a/"))]);
        let lent = shelf.lend(0).unwrap();
        shelf.give_back(json!([{"html": "<p>x</p>", "url": "/elsewhere/"}]));
        assert!(shelf.slots[&0].card.lock().unwrap().is_none());
        shelf.give_back(lent);
        assert!(shelf.slots[&0].card.lock().unwrap().is_some());
    }
}
