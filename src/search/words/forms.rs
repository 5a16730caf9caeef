//! The forms a word is indexed under besides itself: normalised and stemmed, its dotted
//! tails, katakana suffixes, character pairs of unspaced scripts, and the form without
//! diacritics.

use super::segment::first_cluster;
use super::{EMOJI, Form, LONGEST_DOTTED_TAIL, LONGEST_KATAKANA_SUFFIX, WORD_SYMBOLS};
use hashbrown::HashSet;
use pagefind_stem::Stemmer;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Letters, digits and word symbols of a word, lower-cased.
fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            let c = c.to_ascii_lowercase();
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

pub(super) fn stem_form(normalized: &str, stemmer: Option<&Stemmer>, part: bool) -> Form {
    let plain = without_diacritics(normalized);
    let base = plain.as_deref().unwrap_or(normalized);
    let stem = match stemmer {
        Some(s) => s.stem(base).into_owned(),
        None => base.to_string(),
    };
    Form {
        stem,
        part,
        original: plain.map(|_| normalized.to_string()),
    }
}

/// Pagefind compound words: a word that mixes cases or holds punctuation is also indexed
/// by its parts (`ThreeAntelopes` → three, antelop), a katakana word by its suffixes, an
/// emoji by itself.
pub(super) fn indexable_forms(word: &str, stemmer: Option<&Stemmer>) -> Vec<Form> {
    let mut forms = vec![];
    let normalized = normalize(word);
    if !normalized.is_empty() {
        forms.push(stem_form(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(word) {
        let plain = without_diacritics(suffix);
        forms.push(Form {
            original: plain.as_ref().map(|_| suffix.to_string()),
            stem: plain.unwrap_or_else(|| suffix.to_string()),
            part: true,
        });
    }
    let compound =
        word.chars().any(|c| !c.is_alphanumeric()) || word.chars().skip(1).any(char::is_uppercase);
    if !compound {
        return forms;
    }
    let parts = {
        use convert_case::Casing;
        word.replace(|c: char| c.is_ascii_punctuation(), " ")
            .to_case(convert_case::Case::Lower)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !normalized.is_empty()
        && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts))
    {
        for part in parts.split_whitespace().filter(|p| p.len() > 1) {
            forms.push(stem_form(part, stemmer, true));
        }
    }
    if EMOJI.is_match(word) {
        forms.extend(
            word.graphemes(true)
                .filter(|g| emojis::get(g).is_some())
                .map(|g| Form {
                    stem: g.to_string(),
                    part: false,
                    original: None,
                }),
        );
    }
    forms
}

/// `example.ReadMe` is also found by `readme`: the compound tails after each dot.
pub(super) fn dotted_tails(word: &str, stemmer: Option<&Stemmer>, existing: &[Form]) -> Vec<Form> {
    let mut tails: Vec<Form> = vec![];
    if !word.contains('.') {
        return tails;
    }
    for (dot, _) in word.match_indices('.') {
        let rest = &word[dot + 1..];
        let tail = match rest.char_indices().nth(LONGEST_DOTTED_TAIL) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(char::is_uppercase);
        if !compound {
            continue;
        }
        let normalized = normalize(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let form = stem_form(&normalized, stemmer, true);
        if !existing.iter().any(|f| f.stem == form.stem)
            && !tails.iter().any(|t| t.stem == form.stem)
        {
            tails.push(form);
        }
    }
    tails
}

/// Whether a grapheme cluster belongs to a script written without spaces (CJK ideographs,
/// kana, Thai, Lao, Myanmar, Khmer), whose neighbouring pairs are indexed.
fn is_unspaced_cluster(cluster: &str) -> bool {
    matches!(
        cluster.chars().next().map(u32::from),
        Some(
            0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2FA1F
            | 0x30000..=0x323AF
            | 0x3041..=0x30FF
            | 0x31F0..=0x31FF
            | 0xFF66..=0xFF9F
            | 0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1780..=0x17FF,
        )
    )
}

/// The last cluster of the previous segment and the first of this one, when both are
/// unspaced: their pair is indexed too.
pub(super) fn cross_pair<'a>(
    word: &'a str,
    previous_cluster: Option<&'a str>,
) -> Option<(&'a str, &'a str)> {
    let previous = previous_cluster.filter(|c| is_unspaced_cluster(c))?;
    let first = first_cluster(word)?;
    is_unspaced_cluster(first).then_some((previous, first))
}

/// Every pair of neighbouring unspaced clusters inside a segment, so a query the browser
/// segments differently still meets the text.
pub(super) fn cluster_pairs(word: &str, stemmer: Option<&Stemmer>, existing: &[Form]) -> Vec<Form> {
    let seen: HashSet<&str> = existing.iter().map(|f| f.stem.as_str()).collect();
    let mut pairs: Vec<Form> = vec![];
    let mut previous: Option<&str> = None;
    for cluster in word.graphemes(true) {
        if !is_unspaced_cluster(cluster) {
            previous = None;
            continue;
        }
        if let Some(previous) = previous {
            let form = stem_form(&format!("{previous}{cluster}"), stemmer, true);
            if !seen.contains(form.stem.as_str()) && !pairs.iter().any(|p| p.stem == form.stem) {
                pairs.push(form);
            }
        }
        previous = Some(cluster);
    }
    pairs
}

fn is_katakana(c: char) -> bool {
    matches!(u32::from(c), 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Suffixes of an all-katakana word (of two to sixteen characters), so `サクセス` finds
/// `カスタマーサクセス`.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return vec![];
    }
    let mut suffixes: Vec<&str> = vec![];
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(LONGEST_KATAKANA_SUFFIX) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && !suffixes.contains(&suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

/// The word with its accents removed (`café` → `cafe`), when that changes it. The kana
/// voicing marks stay: が is not か.
pub(super) fn without_diacritics(word: &str) -> Option<String> {
    if word.chars().all(never_loses_marks) || !has_decomposition(word) {
        return None;
    }
    let voicing = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c) || voicing(c))
        .collect();
    let plain = if stripped.chars().any(voicing) {
        stripped.nfc().collect::<String>()
    } else {
        stripped
    };
    (plain != word).then_some(plain)
}

/// Characters that come out of [`without_diacritics`] as they went in: ASCII, CJK
/// punctuation, kana (whose only marks are the voicing marks, which stay) and the unified
/// ideographs. Japanese text is nearly all of these, and skips the Unicode decomposition.
fn never_loses_marks(c: char) -> bool {
    matches!(u32::from(c), 0..=0x7F | 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        if unicode_normalization::char::is_combining_mark(c) {
            return true;
        }
        let mut decomposes = false;
        unicode_normalization::char::decompose_canonical(c, |part| decomposes |= part != c);
        decomposes
    })
}
