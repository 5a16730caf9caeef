//! What a piece of output read of the site while it was made. Per-document values (a
//! document, its rendered body, its related list, its card) and the lists of the journey are
//! kept in [`Watched`] wrappers that note each read on the thread that makes the output; the
//! preview then makes a page again exactly when something it read has changed. A new field on
//! a page needs no second edit: reading it is what puts it among the page's reads.

use std::cell::RefCell;
use std::ops::Deref;

/// Which value of the site was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A document as loaded, but for its text: front matter, kind, paths.
    Document,
    /// A document's text, by its `text_key`: the index is that key.
    Text,
    /// A document's rendered body.
    Body,
    /// The step count of a document's checklists.
    Steps,
    /// A webinar's status at the site's "now".
    WebinarStatus,
    Related,
    Backlinks,
    /// A document's card in one language.
    Card,
    /// Which documents translate which.
    Translations,
    /// Stage order and the stage after each.
    StageOrder,
    /// A language's lists (see `link::LanguageView`), one source per list.
    ViewDocs,
    ViewStageDocs,
    ViewStages,
    ViewTerms,
    ViewNextSteps,
    ViewHome,
}

/// One read: a source, the language it was read in (0 where it has none) and the document
/// or list it was (0 where the source is one value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Read {
    pub source: Source,
    pub lang: u16,
    pub index: u64,
}

impl Read {
    pub fn new(source: Source, lang: usize, index: impl TryInto<u64>) -> Read {
        Read {
            source,
            lang: lang as u16,
            index: index.try_into().unwrap_or(u64::MAX),
        }
    }
}

thread_local! {
    /// The reads of the output being made on this thread, when one is being made.
    static READS: RefCell<Option<Vec<Read>>> = const { RefCell::new(None) };
}

/// Notes a read for the output being made on this thread, if any.
pub fn note(read: Read) {
    READS.with_borrow_mut(|reads| {
        if let Some(reads) = reads {
            reads.push(read);
        }
    });
}

/// Runs `make` and returns what it made with everything it read, sorted and each once. A
/// recording inside another one (work stolen by a waiting thread) also counts for the outer.
pub fn recording<R>(make: impl FnOnce() -> R) -> (R, Vec<Read>) {
    let outer = READS.with_borrow_mut(|reads| reads.replace(Vec::new()));
    let made = make();
    let mut reads = READS.with_borrow_mut(|reads| {
        let mine = reads.take().unwrap_or_default();
        *reads = outer;
        if let Some(outer) = reads {
            outer.extend_from_slice(&mine);
        }
        mine
    });
    reads.sort_unstable();
    reads.dedup();
    (made, reads)
}

/// A value whose every read is noted (see the module's introduction).
#[derive(Debug, Clone)]
pub struct Watched<T> {
    read: Read,
    value: T,
}

impl<T> Watched<T> {
    pub fn new(source: Source, lang: usize, index: usize, value: T) -> Self {
        Watched {
            read: Read::new(source, lang, index),
            value,
        }
    }

    /// The value without noting a read: for working out what a read saw.
    pub fn unnoted(&self) -> &T {
        &self.value
    }

    pub fn unnoted_mut(&mut self) -> &mut T {
        &mut self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Watched<T> {
    type Target = T;

    fn deref(&self) -> &T {
        note(self.read);
        &self.value
    }
}

impl<'a, T> IntoIterator for &'a Watched<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        (**self).into_iter()
    }
}

impl<T: PartialEq> PartialEq<T> for Watched<T> {
    fn eq(&self, other: &T) -> bool {
        **self == *other
    }
}

/// Wraps each value of a per-document list, numbered by document.
pub fn watch_each<T>(source: Source, values: impl IntoIterator<Item = T>) -> Vec<Watched<T>> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| Watched::new(source, 0, i, value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_only_while_recording_and_each_once() {
        let docs = watch_each(Source::Document, ["a", "b", "c"]);
        assert_eq!(docs[0].len(), 1); // not recording: nothing is kept
        let (joined, reads) = recording(|| format!("{}{}{}", *docs[2], *docs[0], *docs[2]));
        assert_eq!(joined, "cac");
        assert_eq!(
            reads,
            vec![
                Read::new(Source::Document, 0, 0),
                Read::new(Source::Document, 0, 2)
            ]
        );
        let (_, none) = recording(|| docs[1].unnoted().len());
        assert!(none.is_empty());
    }

    #[test]
    fn an_inner_recording_counts_for_the_outer_one() {
        let docs = watch_each(Source::Body, ["a", "b"]);
        let ((_, inner), outer) = recording(|| {
            let _ = docs[0].len();
            recording(|| docs[1].len())
        });
        assert_eq!(inner, vec![Read::new(Source::Body, 0, 1)]);
        assert_eq!(outer.len(), 2);
    }
}
