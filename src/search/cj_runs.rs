//! Japanese and Chinese text split into words as ICU's dictionary word segmenter splits it,
//! without most of its work. ICU looks at every character several times: its break rules
//! find where a run of ideographs and hiragana ends, then a script pass and a grapheme pass
//! walk the run beside the dictionary. Text made of characters that are grapheme clusters on
//! their own needs none of that: ICU breaks on both sides of such a run, and inside it the
//! result is the dictionary's longest matches alone. The other pieces of the text (katakana,
//! Latin letters, digits, punctuation) still go through ICU. Tests compare the two on every
//! pair of characters this handles and on random text.

use icu_collections::char16trie::{Char16Trie, Char16TrieCursor};
use icu_provider::prelude::*;
use icu_segmenter::provider::{DictionaryBreakData, SegmenterDictionaryAutoV2};
use std::sync::LazyLock;

/// The word segmenter the build uses for every run of segmented text.
pub fn icu_segmenter() -> icu_segmenter::WordSegmenterBorrowed<'static> {
    // Made once: finding the dictionaries in ICU's data costs more than segmenting a run.
    static SEGMENTER: LazyLock<icu_segmenter::WordSegmenterBorrowed<'static>> =
        LazyLock::new(|| icu_segmenter::WordSegmenter::new_dictionary(Default::default()));
    *SEGMENTER
}

/// The Chinese and Japanese dictionary ICU's segmenter uses.
fn dictionary() -> Option<&'static DictionaryBreakData<'static>> {
    static DICTIONARY: LazyLock<Option<&'static DictionaryBreakData<'static>>> =
        LazyLock::new(|| {
            let request = DataRequest {
                id: DataIdentifierBorrowed::for_marker_attributes(
                    DataMarkerAttributes::from_str_or_panic("cjdict"),
                ),
                ..Default::default()
            };
            DataProvider::<SegmenterDictionaryAutoV2>::load(
                &icu_segmenter::provider::Baked,
                request,
            )
            .ok()
            .and_then(|response| response.payload.get_static())
        });
    *DICTIONARY
}

/// Ideographs and hiragana: the characters ICU's word rules hand to the dictionary that are
/// always a grapheme cluster of their own. (ICU also sends 々, 〇, ゝ and a few other marks
/// to the dictionary; a run with any of them goes through ICU whole.)
fn is_dictionary_char(c: char) -> bool {
    matches!(u32::from(c), 0x3041..=0x3096 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// Characters ICU reads with the dictionary that [`is_dictionary_char`] leaves out.
fn is_other_dictionary_char(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B | 0x309D..=0x309F
    )
}

/// The words of `run`, as ICU's dictionary segmenter finds them, when every character of
/// `run` is a grapheme cluster of its own (the caller checks); None when the run holds a
/// character this does not handle, or ICU's data has no dictionary.
pub fn segments(run: &str) -> Option<Vec<&str>> {
    if run.chars().any(is_other_dictionary_char) {
        return None;
    }
    let dictionary = dictionary()?;
    let mut words = vec![];
    let mut rest = run;
    while let Some(first) = rest.chars().next() {
        let in_dictionary = is_dictionary_char(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_dictionary_char(c) != in_dictionary)
            .map_or(rest.len(), |(i, _)| i);
        let (piece, after) = rest.split_at(end);
        if in_dictionary {
            longest_matches(piece, dictionary, &mut words);
        } else {
            push_icu_words(piece, &mut words);
        }
        rest = after;
    }
    Some(words)
}

/// Appends the words of `run` as ICU's segmenter finds them.
pub fn push_icu_words<'s>(run: &'s str, out: &mut Vec<&'s str>) {
    let mut start = 0;
    for end in icu_segmenter().segment_str(run).skip(1) {
        out.push(&run[start..end]);
        start = end;
    }
}

/// Splits a run of dictionary characters by the dictionary's longest matches, as ICU's
/// dictionary iterator does: a word ends at the longest dictionary word from its start; where
/// none starts, the characters read before the dictionary ran out of prefixes are one word,
/// and where the text ends inside a prefix, the rest is one word.
fn longest_matches<'s>(
    piece: &'s str,
    dictionary: &'static DictionaryBreakData<'static>,
    out: &mut Vec<&'s str>,
) {
    let mut start = 0;
    while start < piece.len() {
        let end = match dictionary {
            DictionaryBreakData::Char16Trie(trie) => {
                let mut cursor = None;
                next_break(&piece[start..], |c| match &mut cursor {
                    None => {
                        let (after_first, found) = first_step(trie, c);
                        cursor = Some(after_first);
                        found
                    }
                    Some(cursor) => {
                        cursor.step32(u32::from(c));
                        (cursor.value().is_some(), cursor.is_empty())
                    }
                })
            }
            DictionaryBreakData::ZeroTrie { alphabet, trie } => {
                let mut cursor = trie.cursor();
                next_break(&piece[start..], |c| {
                    let index = alphabet.position32(u32::from(c)).map_or(0xFF, |i| i as u8);
                    cursor.step(index);
                    (cursor.take_value().is_some(), cursor.is_empty())
                })
            }
        };
        out.push(&piece[start..start + end]);
        start += end;
    }
}

/// The dictionary's state after the first character of a word, and what that step found.
/// The first step searches the dictionary's widest branch, one entry per character a word
/// can start with; the few thousand characters of a language's text each take it once per
/// thread instead of once per word.
fn first_step(
    trie: &'static Char16Trie<'static>,
    c: char,
) -> (Char16TrieCursor<'static>, (bool, bool)) {
    type Steps = hashbrown::HashMap<char, (Char16TrieCursor<'static>, (bool, bool))>;
    thread_local! {
        static FIRST_STEPS: std::cell::RefCell<Steps> = Default::default();
    }
    FIRST_STEPS.with_borrow_mut(|steps| {
        steps
            .entry(c)
            .or_insert_with(|| {
                let mut cursor = trie.cursor();
                cursor.step32(u32::from(c));
                let found = (cursor.value().is_some(), cursor.is_empty());
                (cursor, found)
            })
            .clone()
    })
}

/// The length of the next word of `text`; `step` feeds the dictionary one character and
/// tells whether a word ends there and whether no longer word can.
fn next_break(text: &str, mut step: impl FnMut(char) -> (bool, bool)) -> usize {
    let mut longest = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match step(c) {
            (true, true) => return end,
            (true, false) => longest = Some(end),
            (false, false) => {}
            (false, true) => return longest.unwrap_or(end),
        }
    }
    longest.unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_icu(run: &str) -> Vec<&str> {
        let mut words = vec![];
        push_icu_words(run, &mut words);
        words
    }

    fn assert_same(run: &str) {
        let ours = segments(run).expect("a run this handles");
        assert_eq!(ours, by_icu(run), "{run:?}");
    }

    #[test]
    fn the_dictionary_is_in_the_build() {
        assert!(dictionary().is_some());
        assert_eq!(
            segments("解約率を下げるための手順").expect("handled"),
            by_icu("解約率を下げるための手順")
        );
    }

    /// Every character next to which this splits without asking ICU: the dictionary
    /// characters' neighbours among the characters that are clusters of their own.
    fn neighbours() -> Vec<char> {
        let ranges = [
            0x20..=0x7E,
            0x3000..=0x3029,
            0x3030..=0x3098,
            0x309B..=0x30FF,
            0xFF01..=0xFF9D,
        ];
        ranges
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .filter(|&c| !is_dictionary_char(c) && !is_other_dictionary_char(c))
            .collect()
    }

    #[test]
    fn icu_breaks_wherever_a_dictionary_run_meets_another_character() {
        let dictionary_samples = ['あ', 'の', 'を', '解', '約', '率', '㐀', '龥'];
        for other in neighbours() {
            for d in dictionary_samples {
                for run in [
                    format!("{d}{other}"),
                    format!("{other}{d}"),
                    format!("解約{other}{d}率"),
                    format!("a{other}{d}"),
                    format!("{d}{other}a"),
                    format!("1{other}{d}"),
                    format!("ア{other}{d}ア"),
                    format!("{other}{other}{d}{d}{other}"),
                ] {
                    assert_same(&run);
                }
            }
        }
    }

    #[test]
    fn random_text_splits_as_icu_splits_it() {
        let alphabet: Vec<char> = "解約率顧客成功担当者手順確認導入利用定着拡大推奨会議資料更新前後\
            あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん\
            がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽっゃゅょ\
            アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンーッ\
            、。「」（）・！？：ー〜『』【】\
            abcXYZ019.,:;'_-/&%$#@+=()[]{}!?\"ＡＢＣ１２３．，"
            .chars()
            .collect();
        // A fixed linear congruential sequence: the same strings on every run.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n
        };
        for _ in 0..20_000 {
            let len = 1 + next(24);
            let run: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            assert_same(&run);
        }
    }

    #[test]
    fn runs_with_marks_the_dictionary_also_reads_are_left_to_icu() {
        assert_eq!(segments("人々の声"), None);
        assert_eq!(segments("ゝ"), None);
    }
}
