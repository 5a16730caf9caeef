//! Packs one page for the index: its words sorted into groups with their weighted positions,
//! its fragment, and the filters and sorts the meta file lists for it.

use super::{
    Fragment, PackedPage, PageWord, UNMARKED_WEIGHT, WORD_GROUPS, WordPage, cbor, compress,
    full_hash, word_group,
};
use crate::search::words::{MetaOccurrence, Occurrence};
use crate::search::{Record, words};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Reads and packs one record; None when it has no words to find it by.
pub(super) fn pack_page(
    record: &Record,
    language: &str,
    stemmer: Option<&pagefind_stem::Stemmer>,
    lexicon: &words::Lexicon,
) -> Option<PackedPage> {
    let digest = words::digest(&record.text(), language, stemmer, lexicon);
    if digest.places.is_empty() {
        return None;
    }
    let (meta, filters) = (tidy_meta(&record.meta), tidy_filters(&record.filters));
    let meta_words = words::meta_words(&meta, stemmer);
    let fragment = serde_json::to_string(&Fragment {
        url: &record.url,
        content: &digest.content,
        word_count: digest.word_count,
        filters: &filters,
        meta: &meta,
        anchors: [],
    })
    .expect("a fragment is plain data");
    // The text's words are distinct already: each becomes an entry as it is, and the few
    // words of the metadata are looked up among those of their group.
    // Most positions are small deltas, one byte each, and a few take more.
    let mut text_locs = Vec::with_capacity(digest.places.len() * 3 / 2);
    let words: Vec<(u32, PageWord)> = digest
        .words()
        .map(|(word, places)| {
            let page_word = if places.iter().all(|p| p.original.is_none()) {
                PageWord {
                    plain: Some(text_locations(places, &mut text_locs)),
                    variants: vec![],
                }
            } else {
                let (plain, by_form) = by_original(places.to_vec(), |o| o.original.as_ref());
                PageWord {
                    plain: (!plain.is_empty()).then(|| text_locations(&plain, &mut text_locs)),
                    variants: by_form
                        .into_iter()
                        .map(|(form, places)| (form, text_locations(&places, &mut text_locs)))
                        .collect(),
                }
            };
            (word, page_word)
        })
        .collect();
    let (mut words, mut group_starts) = by_group(words);
    let mut meta_only = vec![];
    for (word, places) in meta_words {
        let word = lexicon.number(&word);
        let group = word_group(word);
        let in_group = group_starts[group] as usize..group_starts[group + 1] as usize;
        let entry = match words[in_group.clone()].iter().position(|w| w.0 == word) {
            Some(at) => &mut words[in_group.start + at].1,
            None => {
                meta_only.push((word, PageWord::default()));
                &mut meta_only.last_mut().expect("just pushed").1
            }
        };
        add_meta_places(entry, places);
    }
    if !meta_only.is_empty() {
        // Kept with the page until its batch is added: no room to spare.
        words.reserve_exact(meta_only.len());
        words.append(&mut meta_only);
        (words, group_starts) = by_group(words);
    }
    Some(PackedPage {
        group_starts,
        meta_fields: meta.keys().cloned().collect(),
        filters: filters.into_owned(),
        fragment_hash: full_hash(fragment.as_bytes()),
        fragment: compress(fragment.as_bytes()),
        word_count: digest.word_count,
        words,
        text_locs,
    })
}

/// The words ordered by group, and where each group starts (and the last ends).
fn by_group(mut words: Vec<(u32, PageWord)>) -> (Vec<(u32, PageWord)>, [u32; WORD_GROUPS + 1]) {
    let starts =
        crate::util::buckets::sort_into_buckets(&mut words, WORD_GROUPS, |(w, _)| word_group(*w));
    let starts = starts.try_into().expect("a start per group and the end");
    (words, starts)
}

/// Adds a word's places in the metadata to its places in the text.
fn add_meta_places(entry: &mut PageWord, places: Vec<MetaOccurrence>) {
    let (plain, by_form) = by_original(places, |o| o.original.as_ref());
    if !plain.is_empty() {
        let locs = meta_locations(plain);
        match &mut entry.plain {
            Some(page) => page.meta_locs = locs,
            None => {
                entry.plain = Some(WordPage {
                    meta_locs: locs,
                    ..WordPage::default()
                })
            }
        }
    }
    for (form, places) in by_form {
        let locs = meta_locations(places);
        match entry.variants.iter_mut().find(|(f, _)| *f == form) {
            Some((_, page)) => page.meta_locs = locs,
            None => entry.variants.push((
                form,
                WordPage {
                    meta_locs: locs,
                    ..WordPage::default()
                },
            )),
        }
    }
}

/// Occurrences of the plain form, and those of each accented form as written.
fn by_original<T>(
    places: Vec<T>,
    original: impl Fn(&T) -> Option<&String>,
) -> (Vec<T>, BTreeMap<String, Vec<T>>) {
    let mut by_form: BTreeMap<String, Vec<T>> = BTreeMap::new();
    if places.iter().all(|p| original(p).is_none()) {
        return (places, by_form);
    }
    let mut plain = vec![];
    for place in places {
        match original(&place) {
            Some(form) => by_form.entry(form.clone()).or_default().push(place),
            None => plain.push(place),
        }
    }
    (plain, by_form)
}

static PRIVATE_MARKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new("___PAGEFIND_[\\S]+\\s?").expect("a valid pattern")
});

/// Pagefind's private markers never reach a result (Pagefind removes them too).
fn tidy(value: &str) -> Cow<'_, str> {
    if value.contains("___PAGEFIND_") {
        PRIVATE_MARKER.replace_all(value, "")
    } else {
        Cow::Borrowed(value)
    }
}

fn tidy_meta(meta: &BTreeMap<String, String>) -> Cow<'_, BTreeMap<String, String>> {
    if !meta.values().any(|v| v.contains("___PAGEFIND_")) {
        return Cow::Borrowed(meta);
    }
    Cow::Owned(
        meta.iter()
            .map(|(k, v)| (k.clone(), tidy(v).into_owned()))
            .collect(),
    )
}

/// Filters as published; see [`tidy_meta`].
fn tidy_filters(filters: &BTreeMap<String, Vec<String>>) -> Cow<'_, BTreeMap<String, Vec<String>>> {
    if !filters
        .values()
        .flatten()
        .any(|v| v.contains("___PAGEFIND_"))
    {
        return Cow::Borrowed(filters);
    }
    Cow::Owned(
        filters
            .iter()
            .map(|(k, vs)| (k.clone(), vs.iter().map(|v| tidy(v).into_owned()).collect()))
            .collect(),
    )
}

/// Text positions: sorted by weight then position; each change of weight is marked by
/// `-(weight + 1)` followed by the absolute position, other positions are deltas. They are
/// encoded at the end of `text_locs`.
fn text_locations(places: &[Occurrence], text_locs: &mut Vec<u8>) -> WordPage {
    // Places come in the order of their positions, and most words have one weight: then
    // they are sorted already. Places with the same weight and position encode alike.
    let key = |p: &Occurrence| {
        let weight = if p.weight == UNMARKED_WEIGHT {
            0
        } else {
            p.weight
        };
        (weight, p.position)
    };
    let start = text_locs.len() as u32;
    let loc_count = if places.is_sorted_by_key(key) {
        encode_places(text_locs, places.iter())
    } else {
        let mut sorted: Vec<&Occurrence> = places.iter().collect();
        sorted.sort_unstable_by_key(|p| key(p));
        encode_places(text_locs, sorted.into_iter())
    };
    WordPage {
        locs: start..text_locs.len() as u32,
        loc_count,
        meta_locs: vec![],
    }
}

/// Encodes the positions and says how many numbers they took.
fn encode_places<'a>(out: &mut Vec<u8>, places: impl Iterator<Item = &'a Occurrence>) -> u32 {
    let mut weight = UNMARKED_WEIGHT;
    let mut last = 0;
    let mut count = 0;
    for p in places {
        if p.weight != weight {
            cbor::int(out, -i32::from(p.weight) - 1);
            cbor::int(out, p.position as i32);
            weight = p.weight;
            count += 2;
        } else {
            cbor::int(out, (p.position - last) as i32);
            count += 1;
        }
        last = p.position;
    }
    count
}

/// Metadata positions: grouped by field, each field marked by `-(field + 1)`, positions
/// delta-coded within the field.
fn meta_locations(mut places: Vec<MetaOccurrence>) -> Vec<i32> {
    places.sort_unstable_by_key(|p| (p.field, p.position));
    let mut locs = Vec::with_capacity(places.len() + 4);
    let mut field = None;
    let mut last = 0;
    for p in places {
        if field != Some(p.field) {
            locs.push(-i32::from(p.field) - 1);
            field = Some(p.field);
            last = 0;
        }
        locs.push((p.position - last) as i32);
        last = p.position;
    }
    locs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_put_in_group_order_keeping_their_order_within_a_group() {
        let groups = WORD_GROUPS as u32;
        let numbers = [3 * groups + 5, 7, 5, groups + 7, 0, 2 * groups, 5 + groups];
        let words = numbers.iter().map(|&n| (n, PageWord::default())).collect();
        let (sorted, starts) = by_group(words);
        let order: Vec<u32> = sorted.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            order,
            [0, 2 * groups, 3 * groups + 5, 5, 5 + groups, 7, groups + 7]
        );
        assert_eq!((starts[0], starts[1], starts[5], starts[6]), (0, 2, 2, 5));
        assert_eq!((starts[7], starts[8], starts[WORD_GROUPS]), (5, 7, 7));
    }
}
