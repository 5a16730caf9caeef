//! The pages of one word in the encoding of Pagefind's chunk files, and how the words are
//! cut into chunks of about the same size.

use super::{CHUNK_POSITIONS, MetaChunk, PageWord, WordPage, cbor};

/// Pages so far of a word (or of one of its accented forms), in the encoding of the chunk
/// files: page numbers as deltas from the previous page.
#[derive(Default)]
struct Postings {
    cbor: Vec<u8>,
    count: u32,
    last_page: usize,
}

impl Postings {
    fn push(&mut self, page: usize, places: &WordPage, fields: &[u16], text_locs: &[u8]) {
        let out = &mut self.cbor;
        cbor::array(out, 3);
        cbor::uint(out, (page - self.last_page) as u64);
        cbor::array(out, places.loc_count as usize);
        out.extend_from_slice(&text_locs[places.locs.start as usize..places.locs.end as usize]);
        cbor::array(out, places.meta_locs.len());
        for &loc in &places.meta_locs {
            // Field markers number the page's own fields; the index numbers all of them.
            let loc = if loc < 0 {
                -i32::from(fields[(-loc - 1) as usize]) - 1
            } else {
                loc
            };
            cbor::int(out, loc);
        }
        self.count += 1;
        self.last_page = page;
    }

    fn write(&self, out: &mut Vec<u8>) {
        cbor::array(out, self.count as usize);
        out.extend_from_slice(&self.cbor);
    }

    /// Re-encodes the pages with field markers renumbered by `fields` (old → new).
    fn renumber_fields(&mut self, fields: &[u16]) {
        let mut out = Vec::with_capacity(self.cbor.len());
        let mut input = &self.cbor[..];
        for _ in 0..self.count {
            let (_, items) = cbor::read_head(&mut input);
            debug_assert_eq!(items, 3);
            let (_, page) = cbor::read_head(&mut input);
            cbor::array(&mut out, 3);
            cbor::uint(&mut out, page);
            let (_, locs) = cbor::read_head(&mut input);
            cbor::array(&mut out, locs as usize);
            for _ in 0..locs {
                cbor::int(&mut out, cbor::read_int(&mut input));
            }
            let (_, meta_locs) = cbor::read_head(&mut input);
            cbor::array(&mut out, meta_locs as usize);
            for _ in 0..meta_locs {
                let loc = cbor::read_int(&mut input);
                let loc = if loc < 0 {
                    -i32::from(fields[(-loc - 1) as usize]) - 1
                } else {
                    loc
                };
                cbor::int(&mut out, loc);
            }
        }
        self.cbor = out;
    }
}

/// Everything the index knows of a word.
#[derive(Default)]
pub(super) struct WordPostings {
    plain: Postings,
    variants: Vec<(Box<str>, Postings)>,
    /// Positions and pages so far, by which chunks are cut.
    pub(super) size: usize,
}

impl WordPostings {
    pub(super) fn add(
        &mut self,
        page: usize,
        on_page: &PageWord,
        fields: &[u16],
        text_locs: &[u8],
    ) {
        if let Some(places) = &on_page.plain {
            self.plain.push(page, places, fields, text_locs);
            self.size += places.loc_count as usize + places.meta_locs.len() + 1;
        }
        for (form, places) in &on_page.variants {
            let at = match self.variants.iter().position(|(f, _)| **f == **form) {
                Some(at) => at,
                None => {
                    self.variants
                        .push((form.as_str().into(), Postings::default()));
                    self.variants.len() - 1
                }
            };
            self.variants[at].1.push(page, places, fields, text_locs);
            self.size += places.loc_count as usize + places.meta_locs.len() + 1;
        }
    }

    /// Whether no page has the word (nor any of its forms).
    pub(super) fn is_empty(&self) -> bool {
        self.plain.count == 0 && self.variants.is_empty()
    }

    pub(super) fn renumber_fields(&mut self, fields: &[u16]) {
        self.plain.renumber_fields(fields);
        for (_, postings) in &mut self.variants {
            postings.renumber_fields(fields);
        }
    }

    pub(super) fn chunk_size(&self) -> usize {
        self.size + self.variants.len()
    }

    pub(super) fn write(&self, word: &str, out: &mut Vec<u8>) {
        cbor::array(out, 3);
        cbor::text(out, word);
        self.plain.write(out);
        cbor::array(out, self.variants.len());
        for (form, postings) in &self.variants {
            cbor::array(out, 2);
            cbor::text(out, form);
            postings.write(out);
        }
    }
}

/// Ranges of words for each chunk file: a chunk closes once it holds enough positions.
pub(super) fn chunk_words(words: &[(Box<str>, WordPostings)]) -> Vec<std::ops::Range<usize>> {
    let mut chunks = vec![];
    let mut start = 0;
    let mut size = 0;
    for (i, (_, postings)) in words.iter().enumerate() {
        size += postings.chunk_size();
        if size >= CHUNK_POSITIONS {
            chunks.push(start..i + 1);
            start = i + 1;
            size = 0;
        }
    }
    if start < words.len() {
        chunks.push(start..words.len());
    }
    chunks
}

/// The first and last word of each chunk, shortened to the shortest prefixes that still
/// tell neighbouring chunks apart.
pub(super) fn chunk_bounds(
    words: &[(Box<str>, WordPostings)],
    chunks: &[std::ops::Range<usize>],
) -> Vec<MetaChunk> {
    let mut bounds: Vec<MetaChunk> = chunks
        .iter()
        .map(|r| MetaChunk {
            from: words[r.start].0.to_string(),
            to: words[r.end - 1].0.to_string(),
            hash: String::new(),
        })
        .collect();
    for i in 1..bounds.len() {
        let (left, right) = bounds.split_at_mut(i);
        let (before, after) = (&mut left[i - 1], &mut right[0]);
        let shared = after
            .from
            .chars()
            .zip(before.to.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let to: String = before.to.chars().take(shared + 1).collect();
        let from: String = after.from.chars().take(shared + 1).collect();
        if to >= before.from {
            before.to = to;
        }
        after.from = from;
    }
    bounds
}
