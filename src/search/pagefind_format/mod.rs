//! Writes a language's search index in the file format Pagefind's browser code reads
//! (version 1.6): a meta file, word index chunks, filter indexes and one fragment per page,
//! each gzip-compressed CBOR or JSON behind Pagefind's `pagefind_dcd` marker. Pagefind's own
//! indexer runs on one thread and compresses at the slowest level; here every page is read,
//! packed and compressed in parallel, from the records journeyhub already holds.

use super::Record;
use super::words;
use crate::render::OutputFile;
use crate::render::SEARCH_BUNDLE_DIR;
use crate::util::diagnostics::Diagnostic;
use hashbrown::HashSet;
use minicbor::Encode;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

mod page;
mod postings;

use page::pack_page;
use postings::{WordPostings, chunk_bounds, chunk_words};

/// Words are cut into chunk files of about this many positions, as Pagefind does, so a
/// query loads only the chunks its words sort into.
const CHUNK_POSITIONS: usize = 20_000;

/// Pages sort their words into this many groups by number, so that the words of all pages
/// are put together group by group, in parallel, without one global sort of every
/// occurrence.
const WORD_GROUPS: usize = 64;

/// The weight Pagefind leaves unmarked at the start of a page's positions.
const UNMARKED_WEIGHT: u8 = 25;

#[derive(Encode)]
struct MetaIndex {
    #[n(0)]
    version: String,
    #[n(1)]
    pages: Vec<MetaPage>,
    #[n(2)]
    index_chunks: Vec<MetaChunk>,
    #[n(3)]
    filters: Vec<MetaFilter>,
    #[n(4)]
    sorts: Vec<MetaSort>,
    #[n(5)]
    meta_fields: Vec<String>,
}

#[derive(Encode)]
struct MetaPage {
    #[n(0)]
    hash: String,
    #[n(1)]
    word_count: u32,
    #[n(2)]
    group_hash: String,
}

#[derive(Encode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

#[derive(Encode)]
struct MetaFilter {
    #[n(0)]
    filter: String,
    #[n(1)]
    hash: String,
}

#[derive(Encode)]
struct MetaSort {
    #[n(0)]
    sort: String,
    #[n(1)]
    pages: Vec<usize>,
}

/// Where a word occurs on one page: text positions (weight-marked, delta-coded) and
/// metadata positions (field-marked, delta-coded).
#[derive(Default)]
struct WordPage {
    /// The text positions, already in the chunk files' encoding: bytes of the page's
    /// [`PackedPage::text_locs`]. Encoded once, as the page is packed in parallel, they
    /// are copied as they are into every chunk; one buffer per page, not one per word.
    locs: std::ops::Range<u32>,
    loc_count: u32,
    /// Field markers number the page's own fields until the index renumbers them.
    meta_locs: Vec<i32>,
}

#[derive(Encode)]
struct FilterIndex<'a> {
    #[n(0)]
    filter: &'a str,
    #[n(1)]
    values: Vec<FilterValue<'a>>,
}

#[derive(Encode)]
struct FilterValue<'a> {
    #[n(0)]
    value: &'a str,
    #[n(1)]
    pages: &'a [usize],
}

/// A page's JSON fragment: what a result shows.
#[derive(serde::Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: [(); 0],
}

/// One page's words, packed, before the pages are put together.
struct PackedPage {
    /// The record's metadata field names, sorted.
    meta_fields: Vec<String>,
    /// The record's filters, as published.
    filters: BTreeMap<String, Vec<String>>,
    /// The page's fragment, compressed, and the hash of its JSON.
    fragment: Vec<u8>,
    fragment_hash: String,
    word_count: usize,
    /// The page's words by number in the lexicon, ordered by group; group `g` is
    /// `words[group_starts[g]..group_starts[g + 1]]`.
    words: Vec<(u32, PageWord)>,
    group_starts: [u32; WORD_GROUPS + 1],
    /// The encoded text positions of every word (see [`WordPage::locs`]).
    text_locs: Vec<u8>,
}

fn word_group(word: u32) -> usize {
    word as usize % WORD_GROUPS
}

/// Where a word's pages are kept in its group (see [`IndexBuilder::groups`]).
fn place_in_group(word: u32) -> usize {
    word as usize / WORD_GROUPS
}

/// A word on one page: its plain form's positions and those of each accented form.
#[derive(Default)]
struct PageWord {
    plain: Option<WordPage>,
    variants: Vec<(String, WordPage)>,
}

/// A language's index: files under the bundle folder, and the meta file's hash and page
/// count for the entry file.
pub struct LanguageIndex {
    pub files: Vec<(String, OutputFile)>,
    pub meta_hash: String,
    pub page_count: usize,
}

/// Records are read this many at a time, and their words added to the index before the
/// next batch is read: memory holds the index being built, not every page's words.
const BATCH: usize = 32;

/// The index of one language once its records are read: what remains is writing its
/// chunk, filter and meta files ([`ReadLanguage::finish`]).
pub struct ReadLanguage<'a>(IndexBuilder<'a>);

impl ReadLanguage<'_> {
    pub fn finish(self, pause: &super::Pause<'_>) -> Result<LanguageIndex, Diagnostic> {
        let writing = crate::util::timings::Phase::start("  search files");
        let index = self.0.finish(pause);
        writing.end();
        index
    }
}

/// Reads the records of one language into its index, in their order. Each batch of
/// records is dropped once read, so their text does not outlive its turn.
pub fn read_language<'a>(
    records: Vec<Record>,
    language: &'a str,
    version: &str,
    write_to: Option<&'a Path>,
    pause: &super::Pause<'_>,
) -> ReadLanguage<'a> {
    // The index numbers the metadata fields of its pages. A record without a single word
    // is no page: should it alone have had a field, the numbers are redone at the end.
    let fields: Vec<String> = records
        .iter()
        .flat_map(|r| r.meta.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let stemmer = words::stemmer(language);
    let lexicon = words::Lexicon::default();
    let mut index = IndexBuilder::new(language, version, fields, write_to);
    let reading = crate::util::timings::Phase::start("  search words");
    let mut records = records.into_iter();
    // A batch is read while the one before is added to the index: adding it has parts that
    // run on one thread, and the other thread reads meanwhile instead of waiting.
    let mut read: Vec<PackedPage> = vec![];
    loop {
        let batch: Vec<Record> = records.by_ref().take(BATCH).collect();
        if batch.is_empty() && read.is_empty() {
            break;
        }
        let to_add = std::mem::take(&mut read);
        (read, ()) = rayon::join(
            || {
                batch
                    .par_iter()
                    .filter_map(|r| {
                        pause();
                        pack_page(r, language, stemmer.as_ref(), &lexicon)
                    })
                    .collect()
            },
            || index.add_pages(to_add, pause),
        );
    }
    reading.end();
    index.words = lexicon.into_words();
    ReadLanguage(index)
}

/// Where finished index files go: kept in memory for the preview server to serve, or, in a
/// build, written into its staging folder at once, so that they neither wait in memory nor
/// wait to be written at the end of the build.
struct FileSink<'a> {
    write_to: Option<&'a Path>,
    files: Vec<(String, OutputFile)>,
    /// The first file that could not be written.
    error: Option<Diagnostic>,
    /// Folders made already: a thousand fragments share one, and asking the file system to
    /// make it again before each costs two system calls.
    folders: HashSet<String>,
}

impl FileSink<'_> {
    fn put(&mut self, path: String, bytes: Vec<u8>) {
        let Some(dir) = self.write_to else {
            self.files.push((path, OutputFile::Bytes(Arc::new(bytes))));
            return;
        };
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let written = if self.folders.contains(folder) {
            crate::util::fs::write_file_in_folder(dir, &path, &bytes)
        } else {
            let written = crate::util::fs::write_file(dir, &path, &bytes);
            if written.is_ok() {
                self.folders.insert(folder.to_string());
            }
            written
        };
        match written {
            Ok(()) => self.files.push((path, OutputFile::Written)),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }
}

/// The index of one language while its pages are added.
struct IndexBuilder<'a> {
    language: &'a str,
    /// Every field a record of the language has, which numbers the fields in postings.
    fields: Vec<String>,
    /// The fields the pages have: those of records with words.
    page_fields: BTreeSet<String>,
    /// Each word's pages: the word numbered `n` is at `groups[word_group(n)][place_in_group(n)]`.
    groups: Vec<Vec<WordPostings>>,
    /// The words by number, once every page is read.
    words: Vec<Box<str>>,
    meta: MetaIndex,
    fragment_names: HashSet<String>,
    files: FileSink<'a>,
    filters: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
}

impl<'a> IndexBuilder<'a> {
    fn new(
        language: &'a str,
        version: &str,
        fields: Vec<String>,
        write_to: Option<&'a Path>,
    ) -> Self {
        IndexBuilder {
            language,
            page_fields: BTreeSet::new(),
            groups: (0..WORD_GROUPS).map(|_| vec![]).collect(),
            words: vec![],
            meta: MetaIndex {
                version: version.to_string(),
                pages: vec![],
                index_chunks: vec![],
                filters: vec![],
                sorts: vec![],
                meta_fields: fields.clone(),
            },
            fields,
            fragment_names: HashSet::new(),
            files: FileSink {
                write_to,
                files: vec![],
                error: None,
                folders: HashSet::new(),
            },
            filters: BTreeMap::new(),
        }
    }

    /// A file name: the language and the shortest prefix (seven hex digits or more) of the
    /// content's hash that no earlier file of its kind has.
    fn name(&self, hash: &str, taken: impl Fn(&str) -> bool) -> String {
        let full = format!("{}_{hash}", self.language);
        unique_prefix(&full, self.language.len() + 8, taken).to_string()
    }

    /// Adds pages, in order, after those already added.
    fn add_pages(&mut self, pages: Vec<PackedPage>, pause: &super::Pause<'_>) {
        let first_page = self.meta.pages.len();
        let fields = &self.fields;
        let numbers: Vec<Vec<u16>> = pages
            .iter()
            .map(|p| {
                p.meta_fields
                    .iter()
                    .map(|f| fields.binary_search(f).unwrap_or_default() as u16)
                    .collect()
            })
            .collect();
        self.groups
            .par_iter_mut()
            .enumerate()
            .for_each(|(group, words)| {
                pause();
                for (k, page) in pages.iter().enumerate() {
                    let range =
                        page.group_starts[group] as usize..page.group_starts[group + 1] as usize;
                    for (word, on_page) in &page.words[range] {
                        let place = place_in_group(*word);
                        if words.len() <= place {
                            words.resize_with(place + 1, WordPostings::default);
                        }
                        words[place].add(first_page + k, on_page, &numbers[k], &page.text_locs);
                    }
                }
            });
        for (k, page) in pages.into_iter().enumerate() {
            self.page_fields.extend(page.meta_fields);
            for (filter, values) in page.filters {
                let by_value = self.filters.entry(filter).or_default();
                for value in values {
                    by_value.entry(value).or_default().push(first_page + k);
                }
            }
            let name = self.name(&page.fragment_hash, |n| self.fragment_names.contains(n));
            self.fragment_names.insert(name.clone());
            self.meta.pages.push(MetaPage {
                hash: name.clone(),
                word_count: page.word_count as u32,
                group_hash: String::new(),
            });
            self.files.put(
                format!("{SEARCH_BUNDLE_DIR}/fragment/{name}.pf_fragment"),
                page.fragment,
            );
        }
    }

    /// Writes the filter, chunk and meta files.
    fn finish(mut self, pause: &super::Pause<'_>) -> Result<LanguageIndex, Diagnostic> {
        self.write_filters();
        self.write_chunks(pause);
        let page_count = self.meta.pages.len();
        let mut meta_bytes = vec![];
        minicbor::encode(&self.meta, &mut meta_bytes).expect("encoding into memory cannot fail");
        // The meta file's name takes as many hash digits as the language name is long.
        let meta_hash = format!(
            "{}_{}",
            self.language,
            &full_hash(&meta_bytes)[..self.language.len() + 8]
        );
        self.files.put(
            format!("{SEARCH_BUNDLE_DIR}/pagefind.{meta_hash}.pf_meta"),
            compress(&meta_bytes),
        );
        if let Some(e) = self.files.error {
            return Err(e);
        }
        Ok(LanguageIndex {
            files: self.files.files,
            meta_hash,
            page_count,
        })
    }

    fn write_filters(&mut self) {
        let mut names: HashSet<String> = HashSet::new();
        for (filter, values) in &self.filters {
            let mut bytes = vec![];
            let index = FilterIndex {
                filter,
                values: values
                    .iter()
                    .map(|(value, pages)| FilterValue { value, pages })
                    .collect(),
            };
            minicbor::encode(&index, &mut bytes).expect("encoding into memory cannot fail");
            let name = self.name(&full_hash(&bytes), |n| names.contains(n));
            names.insert(name.clone());
            self.meta.filters.push(MetaFilter {
                filter: filter.to_string(),
                hash: name.clone(),
            });
            self.files.put(
                format!("{SEARCH_BUNDLE_DIR}/filter/{name}.pf_filter"),
                compress(&bytes),
            );
        }
    }

    fn write_chunks(&mut self, pause: &super::Pause<'_>) {
        let mut spelled = std::mem::take(&mut self.words);
        let mut words: Vec<(Box<str>, WordPostings)> = vec![];
        for (group, postings) in std::mem::take(&mut self.groups).into_iter().enumerate() {
            for (place, postings) in postings.into_iter().enumerate() {
                // A number given to a form that no page kept has no pages.
                if !postings.is_empty() {
                    let word = place * WORD_GROUPS + group;
                    words.push((std::mem::take(&mut spelled[word]), postings));
                }
            }
        }
        let page_fields: Vec<String> = std::mem::take(&mut self.page_fields).into_iter().collect();
        if page_fields != self.fields {
            let renumbered: Vec<u16> = self
                .fields
                .iter()
                .map(|f| page_fields.binary_search(f).unwrap_or_default() as u16)
                .collect();
            words
                .par_iter_mut()
                .for_each(|(_, postings)| postings.renumber_fields(&renumbered));
            self.meta.meta_fields = page_fields;
        }
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let chunks = chunk_words(&words);
        self.meta.index_chunks = chunk_bounds(&words, &chunks);
        // Each chunk takes its words along, so that their postings go as soon as the chunk
        // is encoded: the whole index's postings beside every compressed chunk were what
        // a build held at its peak.
        let mut words = words.into_iter();
        let chunks: Vec<Vec<(Box<str>, WordPostings)>> = chunks
            .iter()
            .map(|range| words.by_ref().take(range.len()).collect())
            .collect();
        let encoded: Vec<(Vec<u8>, String)> = chunks
            .into_par_iter()
            .map(|chunk| {
                pause();
                let mut bytes = Vec::with_capacity(chunk.iter().map(|w| w.1.size * 2).sum());
                cbor::array(&mut bytes, 1);
                cbor::array(&mut bytes, chunk.len());
                for (word, postings) in chunk {
                    postings.write(&word, &mut bytes);
                }
                let hash = full_hash(&bytes);
                (compress(&bytes), hash)
            })
            .collect();
        let mut names: HashSet<String> = HashSet::new();
        for (i, (bytes, hash)) in encoded.into_iter().enumerate() {
            let name = self.name(&hash, |n| names.contains(n));
            names.insert(name.clone());
            self.meta.index_chunks[i].hash = name.clone();
            self.files
                .put(format!("{SEARCH_BUNDLE_DIR}/index/{name}.pf_index"), bytes);
        }
    }
}

/// The shortest prefix of `full` (at least `min` characters) that `taken` does not know.
fn unique_prefix(full: &str, min: usize, taken: impl Fn(&str) -> bool) -> &str {
    let mut len = min.min(full.len());
    while taken(&full[..len]) && len < full.len() {
        len += 1;
    }
    &full[..len]
}

/// SHA-1 of the bytes in hex, each byte without a leading zero, as Pagefind names files.
fn full_hash(bytes: &[u8]) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(bytes);
    let mut out = String::with_capacity(40);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(out, "{b:x}");
    }
    out
}

/// Gzip behind the marker Pagefind's loader looks for to tell whether the server has
/// already decompressed the file. libdeflate at level 1 compresses a whole buffer at once:
/// on the 1,000-document corpus it is 1.75 times as fast as zlib-rs at level 2 with files
/// 1–3 % smaller, and its index chunks are 5 % larger than Pagefind's level 9 in a ninth of
/// the time (docs/search.md).
fn compress(bytes: &[u8]) -> Vec<u8> {
    const MARKER: &[u8] = b"pagefind_dcd";
    /// A compressor and its buffers, kept per thread.
    struct Gzip {
        compressor: libdeflater::Compressor,
        input: Vec<u8>,
        output: Vec<u8>,
    }
    thread_local! {
        static GZIP: std::cell::RefCell<Gzip> = std::cell::RefCell::new(Gzip {
            compressor: libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(1).expect("a valid level"),
            ),
            input: vec![],
            output: vec![],
        });
    }
    GZIP.with(|gzip| {
        let Gzip {
            compressor,
            input,
            output,
        } = &mut *gzip.borrow_mut();
        input.clear();
        input.extend_from_slice(MARKER);
        input.extend_from_slice(bytes);
        let bound = compressor.gzip_compress_bound(input.len());
        if output.len() < bound {
            output.resize(bound, 0);
        }
        let written = compressor
            .gzip_compress(input, output)
            .expect("the output buffer is as large as libdeflate's bound");
        output[..written].to_vec()
    })
}

/// The few CBOR items the chunk files are made of, written as minicbor writes them
/// (shortest form of every number), so chunks are streamed without building their words
/// as values first. minicbor's own Encoder and Decoder write the same bytes, but every
/// posting goes through here: with them a 1,000-document build executed 3.5 % more
/// instructions (9.15 against 8.84 billion without the allocator's, bench/instructions.sh).
/// The meta and filter files, written once per index, use minicbor.
mod cbor {
    fn head(out: &mut Vec<u8>, major: u8, n: u64) {
        let major = major << 5;
        match n {
            0..=23 => out.push(major | n as u8),
            24..=0xFF => out.extend_from_slice(&[major | 24, n as u8]),
            0x100..=0xFFFF => {
                out.push(major | 25);
                out.extend_from_slice(&(n as u16).to_be_bytes());
            }
            0x1_0000..=0xFFFF_FFFF => {
                out.push(major | 26);
                out.extend_from_slice(&(n as u32).to_be_bytes());
            }
            _ => {
                out.push(major | 27);
                out.extend_from_slice(&n.to_be_bytes());
            }
        }
    }

    pub fn uint(out: &mut Vec<u8>, n: u64) {
        head(out, 0, n);
    }

    pub fn int(out: &mut Vec<u8>, n: i32) {
        if n >= 0 {
            head(out, 0, n as u64);
        } else {
            head(out, 1, (-1 - i64::from(n)) as u64);
        }
    }

    pub fn text(out: &mut Vec<u8>, s: &str) {
        head(out, 3, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }

    pub fn array(out: &mut Vec<u8>, len: usize) {
        head(out, 4, len as u64);
    }

    /// Reads an item's head: its major type and argument.
    pub fn read_head(input: &mut &[u8]) -> (u8, u64) {
        let (first, rest) = input.split_first().expect("a CBOR item");
        let width = match first & 0x1F {
            n @ 0..=23 => {
                *input = rest;
                return (first >> 5, u64::from(n));
            }
            24 => 1,
            25 => 2,
            26 => 4,
            _ => 8,
        };
        let (bytes, rest) = rest.split_at(width);
        *input = rest;
        let n = bytes.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
        (first >> 5, n)
    }

    pub fn read_int(input: &mut &[u8]) -> i32 {
        match read_head(input) {
            (0, n) => n as i32,
            (_, n) => -1 - n as i32,
        }
    }
}
