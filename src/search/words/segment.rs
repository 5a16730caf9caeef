//! Where words begin and end: ICU's dictionary segmenter for Japanese, Chinese and Thai runs,
//! as the browser's `Intl.Segmenter` cuts them, and the grapheme clusters at their edges.

use super::base_language;
use unicode_segmentation::UnicodeSegmentation;

/// Languages written without spaces between words, whose runs are segmented.
pub(super) fn is_segmented_language(language: &str) -> bool {
    matches!(base_language(language), "zh" | "ja" | "th")
}

/// Splits a run of text into words with ICU's dictionary segmenter. Breaks inside a
/// grapheme cluster are dropped: a word never starts with a dangling mark.
pub(super) fn segments(run: &str) -> Vec<&str> {
    if run.chars().all(is_whole_cluster) {
        return crate::search::cj_runs::segments(run).unwrap_or_else(|| {
            let mut words = vec![];
            crate::search::cj_runs::push_icu_words(run, &mut words);
            words
        });
    }
    let segmenter = crate::search::cj_runs::icu_segmenter();
    let mut cluster_starts = run.grapheme_indices(true).map(|(i, _)| i).peekable();
    let mut words = vec![];
    let mut start = 0;
    for end in segmenter.segment_str(run).skip(1) {
        while cluster_starts.next_if(|&g| g < end).is_some() {}
        if end == run.len() || cluster_starts.peek() == Some(&end) {
            words.push(&run[start..end]);
            start = end;
        }
    }
    words
}

/// Characters that are a grapheme cluster on their own whatever surrounds them: printable
/// ASCII, CJK punctuation, kana, ideographs and full- and half-width forms, without the
/// combining voicing and tone marks. Japanese text is almost only these, and finding its
/// clusters character by character saves Unicode's cluster rules.
fn is_whole_cluster(c: char) -> bool {
    matches!(
        u32::from(c),
        0x20..=0x7E
            | 0x3000..=0x3029
            | 0x3030..=0x3098
            | 0x309B..=0x30FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xFF01..=0xFF9D
    )
}

/// The first grapheme cluster of a word.
pub(super) fn first_cluster(word: &str) -> Option<&str> {
    let mut chars = word.char_indices();
    let (_, first) = chars.next()?;
    match chars.next() {
        None => Some(word),
        Some((second_at, second)) if is_whole_cluster(first) && is_whole_cluster(second) => {
            Some(&word[..second_at])
        }
        Some(_) => word.graphemes(true).next(),
    }
}

/// The last grapheme cluster of a word.
pub(super) fn last_cluster(word: &str) -> Option<&str> {
    let mut chars = word.char_indices().rev();
    let (last_at, last) = chars.next()?;
    match chars.next() {
        None => Some(word),
        Some((_, before)) if is_whole_cluster(last) && is_whole_cluster(before) => {
            Some(&word[last_at..])
        }
        Some(_) => word.graphemes(true).next_back(),
    }
}
