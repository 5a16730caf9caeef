//! The pages of one word in the encoding of Pagefind's chunk files, and how the words are
//! cut into chunks of about the same size.

use super::{CHUNK_POSITIONS, IN_MEMORY, MetaChunk, PageWord, WordPage, Written};
use minicbor::{Decoder, Encoder};

/// Pages so far of a word (or of one of its accented forms), in the encoding of the chunk
/// files: page numbers as deltas from the previous page.
#[derive(Default)]
struct Postings {
    cbor: Vec<u8>,
    count: u32,
    last_page: usize,
}

impl Postings {
    fn push(&mut self, page: usize, places: &WordPage, fields: &[u16]) {
        let mut e = Encoder::new(&mut self.cbor);
        let written: Result<_, Written> = (|| {
            e.array(3)?.u64((page - self.last_page) as u64)?;
            e.array(places.locs.len() as u64)?;
            for &loc in &places.locs {
                e.i32(loc)?;
            }
            e.array(places.meta_locs.len() as u64)?;
            for &loc in &places.meta_locs {
                // Field markers number the page's own fields; the index numbers all of them.
                e.i32(renumbered(loc, fields))?;
            }
            Ok(())
        })();
        written.expect(IN_MEMORY);
        self.count += 1;
        self.last_page = page;
    }

    fn write(&self, out: &mut Vec<u8>) {
        Encoder::new(&mut *out)
            .array(u64::from(self.count))
            .expect(IN_MEMORY);
        out.extend_from_slice(&self.cbor);
    }

    /// Re-encodes the pages with field markers renumbered by `fields` (old → new).
    fn renumber_fields(&mut self, fields: &[u16]) {
        let mut out = Vec::with_capacity(self.cbor.len());
        let mut d = Decoder::new(&self.cbor);
        let mut e = Encoder::new(&mut out);
        let copied: Result<_, Box<dyn std::error::Error>> = (|| {
            for _ in 0..self.count {
                let items = d.array()?;
                debug_assert_eq!(items, Some(3));
                e.array(3)?.u64(d.u64()?)?;
                let locs = d.array()?.unwrap_or_default();
                e.array(locs)?;
                for _ in 0..locs {
                    e.i32(d.i32()?)?;
                }
                let meta_locs = d.array()?.unwrap_or_default();
                e.array(meta_locs)?;
                for _ in 0..meta_locs {
                    e.i32(renumbered(d.i32()?, fields))?;
                }
            }
            Ok(())
        })();
        copied.expect("the postings were written above, as they are read here");
        self.cbor = out;
    }
}

/// A place in the page's own fields (a negative marker) as the index numbers it.
fn renumbered(loc: i32, fields: &[u16]) -> i32 {
    if loc < 0 {
        -i32::from(fields[(-loc - 1) as usize]) - 1
    } else {
        loc
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
    pub(super) fn add(&mut self, page: usize, on_page: &PageWord, fields: &[u16]) {
        if let Some(places) = &on_page.plain {
            self.plain.push(page, places, fields);
            self.size += places.locs.len() + places.meta_locs.len() + 1;
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
            self.variants[at].1.push(page, places, fields);
            self.size += places.locs.len() + places.meta_locs.len() + 1;
        }
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
        Encoder::new(&mut *out)
            .array(3)
            .and_then(|e| e.str(word))
            .expect(IN_MEMORY);
        self.plain.write(out);
        Encoder::new(&mut *out)
            .array(self.variants.len() as u64)
            .expect(IN_MEMORY);
        for (form, postings) in &self.variants {
            Encoder::new(&mut *out)
                .array(2)
                .and_then(|e| e.str(form))
                .expect(IN_MEMORY);
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
