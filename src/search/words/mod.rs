//! Words of a search record, by the rules Pagefind's browser code searches with: the same
//! segmentation of Japanese, Chinese and Thai runs (ICU's dictionary segmenter, which agrees
//! with the browser's `Intl.Segmenter`), the same normalising, stemming, compound parts,
//! katakana suffixes and character pairs. A word indexed differently from how the browser
//! reads a query would simply never be found, so these rules follow Pagefind 1.6's indexer;
//! tests compare the result with Pagefind's own index.

use hashbrown::HashMap;
use pagefind_stem::{Algorithm, Stemmer};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

mod forms;
mod segment;

use forms::{cluster_pairs, cross_pair, dotted_tails, indexable_forms, stem_form};
use segment::{is_segmented_language, last_cluster, segments};

/// Characters that count as part of a word besides letters and digits: the Unicode
/// "connector punctuation" Pagefind keeps (its entry file lists them for the browser).
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// Weight of ordinary text: Pagefind scales weights by 24 so that they fit a byte.
const TEXT_WEIGHT: u8 = 24;

const LONGEST_KATAKANA_SUFFIX: usize = 16;

const LONGEST_DOTTED_TAIL: usize = 64;

static EMOJI: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new("\\p{Emoji}").expect("a valid pattern"));

/// One place a word occurs in the text of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    pub position: u32,
    pub weight: u8,
    /// The word as written when it differs from its indexed form only by diacritics
    /// (`café` for `cafe`), so the browser can prefer exact matches.
    pub original: Option<String>,
}

/// One place a word occurs in a metadata field (the title, the summary, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct MetaOccurrence {
    /// Index of the field among the record's own field names, sorted.
    pub field: u16,
    pub position: u32,
    pub original: Option<String>,
}

/// The text of a record as the index keeps it.
#[derive(Debug, Default)]
pub struct Digest {
    /// The text shown in result excerpts; positions count its words.
    pub content: String,
    /// Every occurrence of every word, word by word: the words in the order they first
    /// occur, each word's occurrences in the order of their positions.
    pub places: Vec<Occurrence>,
    /// Each word's number in the [`Lexicon`] and where its occurrences end in `places`
    /// (they start where the word before's end).
    pub words: Vec<(u32, u32)>,
    pub word_count: usize,
}

impl Digest {
    /// Each word's number in the [`Lexicon`] with its occurrences.
    pub fn words(&self) -> impl Iterator<Item = (u32, &[Occurrence])> {
        let mut start = 0;
        self.words.iter().map(move |&(word, end)| {
            let places = &self.places[start as usize..end as usize];
            start = end;
            (word, places)
        })
    }
}

/// The words of one index, each numbered once for the whole index. A page's words travel
/// as numbers, and the index keeps each word's pages by number: no copy of every word for
/// every page, hashed again where the pages are put together.
pub struct Lexicon {
    /// Tells the lexicons of a run apart, for the threads' form caches.
    generation: u64,
    shards: Vec<Mutex<HashMap<Box<str>, u32>>>,
    count: AtomicU32,
}

/// Threads number new words at once in different shards.
const LEXICON_SHARDS: usize = 16;

static LEXICON_GENERATION: AtomicU64 = AtomicU64::new(1);

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            generation: LEXICON_GENERATION.fetch_add(1, Ordering::Relaxed),
            shards: (0..LEXICON_SHARDS).map(|_| Mutex::default()).collect(),
            count: AtomicU32::new(0),
        }
    }
}

impl Lexicon {
    /// The word's number, given now if the word is new.
    pub fn number(&self, word: &str) -> u32 {
        let shard = crate::util::hash::quick(word.as_bytes()) as usize % LEXICON_SHARDS;
        let mut words = self.shards[shard]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&n) = words.get(word) {
            return n;
        }
        let n = self.count.fetch_add(1, Ordering::Relaxed);
        words.insert(word.into(), n);
        n
    }

    /// Every word, by its number.
    pub fn into_words(self) -> Vec<Box<str>> {
        let mut words: Vec<Box<str>> = vec![Box::default(); self.count.into_inner() as usize];
        for shard in self.shards {
            let shard = shard
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for (word, n) in shard {
                words[n as usize] = word;
            }
        }
        words
    }
}

/// The stemmer of a language, where Pagefind has one.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match base_language(language) {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

fn base_language(language: &str) -> &str {
    language.split('-').next().unwrap_or(language)
}

/// A form of a word to index, from one word of the text.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    stem: String,
    part: bool,
    original: Option<String>,
}

/// Reads the words of a record's text, numbering them in `lexicon`.
pub fn digest(text: &str, language: &str, stemmer: Option<&Stemmer>, lexicon: &Lexicon) -> Digest {
    FORM_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        cache.start_for(lexicon);
        let arrivals = std::mem::take(&mut cache.arrivals);
        let mut reader = Reader {
            lexicon,
            stemmer,
            segmented: is_segmented_language(language),
            cache: &mut cache,
            content: String::with_capacity(text.len() + text.len() / 4),
            words: vec![],
            arrivals,
        };
        let mut position: u32 = 0;
        let mut last_position: u32 = 0;
        for run in text.split_whitespace() {
            if reader.segmented && !run.starts_with("___") {
                let words = segments(run);
                let mut previous_cluster: Option<&str> = None;
                for (i, word) in words.iter().enumerate() {
                    let last = i + 1 == words.len();
                    if reader.track_word(word, last, Some(previous_cluster), position) {
                        last_position = position;
                        position += 1;
                    }
                    previous_cluster = last_cluster(word);
                }
            } else if reader.track_word(run, true, None, position) {
                last_position = position;
                position += 1;
            }
        }
        reader.finish(last_position as usize + 1)
    })
}

/// Reads the words of one record into the thread's form cache.
struct Reader<'a> {
    lexicon: &'a Lexicon,
    stemmer: Option<&'a Stemmer>,
    /// Whether runs of text are segmented into words (Japanese, Chinese, Thai).
    segmented: bool,
    cache: &'a mut FormCache,
    content: String,
    /// The stems in the order they first occur, each with the position of its last
    /// occurrence; the cache's `slots` point into this.
    words: Vec<StemPlaces>,
    /// Occurrences in the order they are read, each with its stem's index in `words`. One
    /// list for the record rather than one per stem: most stems of a page occur once or
    /// twice, and a list each was an allocation (and its growth) for nearly every word read.
    arrivals: Vec<(u32, Occurrence)>,
}

/// A stem of the record being read.
struct StemPlaces {
    stem: u32,
    last_position: Option<u32>,
}

impl Reader<'_> {
    /// Indexes one word at `position`; false when the word is empty and takes no position.
    /// `pairs` is `Some(previous cluster)` for a word cut out of a segmented run.
    fn track_word(
        &mut self,
        word: &str,
        space_after: bool,
        pairs: Option<Option<&str>>,
        position: u32,
    ) -> bool {
        // Zero-width spaces are dropped. U+200B starts with byte 0xE2 in UTF-8, and kana
        // and kanji never do (0xE3–0xE9), so a byte scan clears nearly every Japanese word
        // without the substring search a non-ASCII character takes.
        let word: std::borrow::Cow<str> =
            if word.as_bytes().contains(&0xE2) && word.contains('\u{200B}') {
                word.replace('\u{200B}', "").into()
            } else {
                word.into()
            };
        if word.is_empty() {
            return false;
        }
        self.content.push_str(&word);
        if space_after {
            self.content.push(' ');
        }
        if self.segmented {
            self.content.push('\u{200B}');
        }
        let forms = self
            .cache
            .forms_of(&word, self.stemmer, pairs.is_some(), self.lexicon);
        let boundary_pair = pairs
            .and_then(|previous_cluster| cross_pair(&word, previous_cluster))
            .map(|(before, first)| {
                self.cache
                    .pair_form(before, first, self.stemmer, self.lexicon)
            })
            .filter(|pair| !forms.iter().any(|f| f.stem == pair.stem));
        let parts = forms.iter().filter(|f| f.part).count() + usize::from(boundary_pair.is_some());
        let part_weight = if parts > 0 {
            (TEXT_WEIGHT / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        for form in forms.iter() {
            let weight = if form.part { part_weight } else { TEXT_WEIGHT };
            let occurrence = Occurrence {
                position,
                weight,
                original: form.original.clone(),
            };
            self.push(form.stem, occurrence);
        }
        // A pair spanning two segments belongs to the word it starts in. A stem's places
        // are in the order of their positions, and none is after `before` (the pair differs
        // from this word's own forms), so only the last can be at `before`.
        if let (Some(pair), Some(before)) = (boundary_pair, position.checked_sub(1)) {
            let index = self.stem_index(pair.stem);
            if self.words[index].last_position != Some(before) {
                self.push(
                    pair.stem,
                    Occurrence {
                        position: before,
                        weight: part_weight,
                        original: pair.original,
                    },
                );
            }
        }
        true
    }

    /// The index of a stem in `words`, which it joins if it is new to the record.
    fn stem_index(&mut self, stem: u32) -> usize {
        let slots = &mut self.cache.slots;
        if slots.len() <= stem as usize {
            slots.resize((stem as usize + 1).next_power_of_two(), 0);
        }
        let slot = &mut slots[stem as usize];
        if *slot == 0 {
            self.words.push(StemPlaces {
                stem,
                last_position: None,
            });
            *slot = u32::try_from(self.words.len()).expect("fewer than 4 billion stems");
        }
        *slot as usize - 1
    }

    fn push(&mut self, stem: u32, occurrence: Occurrence) {
        let index = self.stem_index(stem);
        self.words[index].last_position = Some(occurrence.position);
        self.arrivals.push((index as u32, occurrence));
    }

    fn finish(mut self, word_count: usize) -> Digest {
        if self.content.ends_with('\u{200B}') {
            self.content.pop();
        }
        if self.content.ends_with(' ') {
            self.content.pop();
        }
        // The occurrences put word by word, each word's in the order they were read.
        let starts = crate::util::buckets::sort_into_buckets(
            &mut self.arrivals,
            self.words.len(),
            |(index, _)| *index as usize,
        );
        let words = self
            .words
            .iter()
            .zip(&starts[1..])
            .map(|(word, &end)| (word.stem, end))
            .collect();
        for word in &self.words {
            self.cache.slots[word.stem as usize] = 0;
        }
        let places = self.arrivals.drain(..).map(|(_, place)| place).collect();
        self.cache.arrivals = self.arrivals;
        Digest {
            content: self.content,
            places,
            words,
            word_count,
        }
    }
}

/// A form as the cache keeps it: its stem by its number in the lexicon, so that a record's
/// occurrences are gathered by index instead of by hashing the stem again for each of them.
#[derive(Debug, Clone)]
struct NumberedForm {
    stem: u32,
    part: bool,
    original: Option<String>,
}

/// Forms of words already seen, per thread: text repeats its words (particles, product
/// names, the vocabulary of a field), and their forms cost more to find than to look up.
struct FormCache {
    /// The lexicon that numbered the forms' stems (its language's stemmer made them).
    lexicon: u64,
    /// Forms of words read alone, and of words cut out of a segmented run (with pairs).
    forms: [HashMap<Box<str>, std::rc::Rc<[NumberedForm]>>; 2],
    /// Forms of the pairs across segment boundaries, by the pair.
    pairs: HashMap<Box<str>, NumberedForm>,
    pair_buffer: String,
    /// By stem number: where the record being read keeps the stem's occurrences, plus one;
    /// 0 when it has none yet. Back to all zeros after each record.
    slots: Vec<u32>,
    /// The occurrences of the record being read, as read; empty between records.
    arrivals: Vec<(u32, Occurrence)>,
}

/// Beyond this many words the cache starts again, to bound its memory.
const FORM_CACHE_WORDS: usize = 100_000;

thread_local! {
    static FORM_CACHE: std::cell::RefCell<FormCache> = std::cell::RefCell::new(FormCache {
        lexicon: 0,
        forms: [HashMap::new(), HashMap::new()],
        pairs: HashMap::new(),
        pair_buffer: String::new(),
        slots: vec![],
        arrivals: vec![],
    });
}

impl FormCache {
    /// Empties the cache for another lexicon, or when it has grown too large. Only called
    /// between records: the slots are all zeros then.
    fn start_for(&mut self, lexicon: &Lexicon) {
        let size = self.forms.iter().map(HashMap::len).sum::<usize>() + self.pairs.len();
        if self.lexicon != lexicon.generation || size > FORM_CACHE_WORDS {
            self.lexicon = lexicon.generation;
            self.forms.iter_mut().for_each(HashMap::clear);
            self.pairs.clear();
        }
    }

    fn numbered(form: Form, lexicon: &Lexicon) -> NumberedForm {
        NumberedForm {
            stem: lexicon.number(&form.stem),
            part: form.part,
            original: form.original,
        }
    }

    /// The form of the pair of clusters `before` + `first` across a segment boundary.
    fn pair_form(
        &mut self,
        before: &str,
        first: &str,
        stemmer: Option<&Stemmer>,
        lexicon: &Lexicon,
    ) -> NumberedForm {
        // Spelled out in a buffer the cache keeps: nearly every pair is found there, and
        // this runs for almost every word of Japanese text.
        let mut pair = std::mem::take(&mut self.pair_buffer);
        pair.clear();
        pair.push_str(before);
        pair.push_str(first);
        let form = match self.pairs.get(pair.as_str()) {
            Some(form) => form.clone(),
            None => {
                let form = Self::numbered(stem_form(&pair, stemmer, true), lexicon);
                self.pairs.insert(pair.as_str().into(), form.clone());
                form
            }
        };
        self.pair_buffer = pair;
        form
    }

    /// The forms a word is indexed by (pairs of clusters included for a segmented word),
    /// except the pair across the segment boundary, which depends on the word before.
    fn forms_of(
        &mut self,
        word: &str,
        stemmer: Option<&Stemmer>,
        with_pairs: bool,
        lexicon: &Lexicon,
    ) -> std::rc::Rc<[NumberedForm]> {
        if let Some(forms) = self.forms[usize::from(with_pairs)].get(word) {
            return forms.clone();
        }
        let mut forms = indexable_forms(word, stemmer);
        let tails = dotted_tails(word, stemmer, &forms);
        forms.extend(tails);
        if with_pairs {
            let pairs = cluster_pairs(word, stemmer, &forms);
            forms.extend(pairs);
        }
        let forms: std::rc::Rc<[NumberedForm]> = forms
            .into_iter()
            .map(|f| Self::numbered(f, lexicon))
            .collect();
        self.forms[usize::from(with_pairs)].insert(word.into(), forms.clone());
        forms
    }
}

/// The words of each metadata field, by field index among the sorted field names.
/// Metadata is split on spaces only, never segmented.
pub fn meta_words(
    meta: &BTreeMap<String, String>,
    stemmer: Option<&Stemmer>,
) -> HashMap<String, Vec<MetaOccurrence>> {
    let mut words: HashMap<String, Vec<MetaOccurrence>> = HashMap::new();
    for (field, value) in meta.values().enumerate() {
        for (position, word) in value.split_whitespace().enumerate() {
            for form in indexable_forms(word, stemmer) {
                words.entry(form.stem).or_default().push(MetaOccurrence {
                    field: field as u16,
                    position: position as u32,
                    original: form.original,
                });
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::forms::without_diacritics;
    use super::segment::first_cluster;
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn stems(word: &str, language: &str) -> Vec<(String, bool)> {
        indexable_forms(word, stemmer(language).as_ref())
            .into_iter()
            .map(|f| (f.stem, f.part))
            .collect()
    }

    #[test]
    fn compound_words_are_indexed_whole_and_by_parts() {
        let expected = vec![
            ("threeantelop".to_string(), false),
            ("three".to_string(), true),
            ("antelop".to_string(), true),
        ];
        assert_eq!(stems("ThreeAntelopes", "en"), expected);
        assert_eq!(stems("three-antelopes", "en"), expected);
    }

    #[test]
    fn katakana_words_are_found_by_their_endings() {
        let s = stems("サクセス", "ja");
        assert_eq!(s[0], ("サクセス".to_string(), false));
        assert!(s.contains(&("クセス".to_string(), true)));
        assert!(s.contains(&("セス".to_string(), true)));
        assert!(!s.iter().any(|(w, _)| w == "ス"));
    }

    #[test]
    fn accents_are_kept_as_the_original_and_kana_voicing_stays() {
        let form = stem_form("café", None, false);
        assert_eq!(form.stem, "cafe");
        assert_eq!(form.original.as_deref(), Some("café"));
        assert_eq!(without_diacritics("がっこう"), None);
    }

    #[test]
    fn clusters_are_found_alone_or_with_their_marks() {
        assert_eq!(first_cluster("解約"), Some("解"));
        assert_eq!(last_cluster("解約"), Some("約"));
        // A half-width voiced mark and a combining accent belong to the letter before.
        assert_eq!(last_cluster("ｶﾞ"), Some("ｶﾞ"));
        assert_eq!(first_cluster("e\u{301}x"), Some("e\u{301}"));
        assert_eq!(last_cluster("x"), Some("x"));
        assert_eq!(first_cluster(""), None);
        for text in ["解約率を下げる", "ｶﾞｲﾄﾞ付きの導入", "e\u{301}t\u{e9} 🎉👍🏽"]
        {
            let by_rules: Vec<&str> = text.split_whitespace().flat_map(segments).collect();
            let mut all_rules = vec![];
            for run in text.split_whitespace() {
                let mut starts = run.grapheme_indices(true).map(|(i, _)| i).peekable();
                let mut start = 0;
                let segmenter = icu_segmenter::WordSegmenter::new_dictionary(Default::default());
                for end in segmenter.segment_str(run).skip(1) {
                    while starts.next_if(|&g| g < end).is_some() {}
                    if end == run.len() || starts.peek() == Some(&end) {
                        all_rules.push(&run[start..end]);
                        start = end;
                    }
                }
            }
            assert_eq!(by_rules, all_rules, "{text}");
        }
    }

    /// A digest's words spelled out, with their places.
    fn spelled(digest: Digest, lexicon: Lexicon) -> Vec<(String, Vec<Occurrence>)> {
        let words = lexicon.into_words();
        digest
            .words()
            .map(|(n, places)| (words[n as usize].to_string(), places.to_vec()))
            .collect()
    }

    #[test]
    fn japanese_runs_are_segmented_with_pairs_across_segments() {
        let lexicon = Lexicon::default();
        let d = digest("解約率を下げる", "ja", None, &lexicon);
        assert!(d.content.contains('\u{200B}'));
        assert!(d.word_count >= 3);
        let words = spelled(d, lexicon);
        assert!(words.iter().any(|(w, _)| w == "解約"));
        // 約率 spans the segments 解約|率 and is indexed at the first one.
        assert!(words.iter().any(|(w, _)| w == "約率"));
    }

    #[test]
    fn a_record_reads_the_same_whatever_the_thread_read_before() {
        // The thread's form cache keeps the numbers its lexicon gave and is emptied when
        // another lexicon reads; neither may leak from one record into the next.
        let ja = "解約率を下げる オンボーディング施策。解約率の推移を オンボーディング で見る";
        let (japanese, english_words) = (Lexicon::default(), Lexicon::default());
        let first = digest(ja, "ja", None, &japanese);
        let english = digest(
            "Onboarding lowers churn. Churn falls",
            "en",
            stemmer("en").as_ref(),
            &english_words,
        );
        let _ = digest("別の文章です 解約", "ja", None, &japanese);
        let again = digest(ja, "ja", None, &japanese);
        assert_eq!(first.words, again.words);
        assert_eq!(first.places, again.places);
        assert_eq!(first.content, again.content);
        assert_eq!(first.word_count, again.word_count);
        // Read with a lexicon of its own, the text has the same words in the same places.
        let alone = Lexicon::default();
        let fresh = digest(ja, "ja", None, &alone);
        assert_eq!(spelled(fresh, alone), spelled(first, japanese));
        // A word met twice in a record keeps both places.
        let english = spelled(english, english_words);
        let churn = &english.iter().find(|(w, _)| w == "churn").unwrap().1;
        assert_eq!(churn.len(), 2, "{churn:?}");
        let lexicon = Lexicon::default();
        let first = spelled(digest(ja, "ja", None, &lexicon), lexicon);
        let churn_ja = &first.iter().find(|(w, _)| w == "解約").unwrap().1;
        assert_eq!(churn_ja.len(), 2, "{churn_ja:?}");
    }

    #[test]
    fn a_lexicon_numbers_each_word_once_across_threads() {
        let lexicon = Lexicon::default();
        let words: Vec<String> = (0..2_000).map(|i| format!("w{}", i % 500)).collect();
        let numbers: Vec<u32> = std::thread::scope(|scope| {
            let halves: Vec<_> = words
                .chunks(1_000)
                .map(|half| {
                    scope.spawn(|| half.iter().map(|w| lexicon.number(w)).collect::<Vec<_>>())
                })
                .collect();
            halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        let spelled = lexicon.into_words();
        assert_eq!(spelled.len(), 500);
        for (word, n) in words.iter().zip(numbers) {
            assert_eq!(&*spelled[n as usize], word.as_str());
        }
    }
}
