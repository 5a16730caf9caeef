//! Related documents: the ones a document names in `related:`, then those sharing the most
//! stages and terms with it.

use super::sort::date_key;
use super::{LanguageView, Linker, RELATED_LIMIT};
use crate::content::{Kind, Site, Spanned};
use crate::markdown::LinkError;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::HashMap;

/// The documents each one names in `related:`, and the names that match no document.
pub(super) fn explicit_related(site: &Site, linker: &Linker) -> (Vec<Vec<usize>>, Vec<Diagnostic>) {
    let mut diagnostics = vec![];
    let mut explicit: Vec<Vec<usize>> = vec![vec![]; site.docs.len()];
    for (i, doc) in site.docs.iter().enumerate() {
        for Spanned { value, line } in &doc.common.related {
            match linker.resolve(&doc.lang, value) {
                Ok(t) if t != i => {
                    if !explicit[i].contains(&t) {
                        explicit[i].push(t)
                    }
                }
                Ok(_) | Err(LinkError::Unreadable) => {}
                // Inherited by a translation (line 0): its original reports it.
                Err(LinkError::Missing(_)) if *line == 0 => {}
                Err(LinkError::Missing(why)) => diagnostics.push(
                    Diagnostic::error(
                        "broken-related",
                        &doc.source,
                        t("broken-related").arg("value", value).text("why", why),
                    )
                    .at(doc.text(), *line, 1)
                    .with_hint(t("broken-related.hint")),
                ),
            }
        }
    }
    (explicit, diagnostics)
}

/// Explicit `related:` first, then the documents sharing the most stages and terms.
pub(super) fn compute_related(
    site: &Site,
    views: &[LanguageView],
    explicit: Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    const STAGE_SCORE: u32 = 3;
    const TERM_SCORE: u32 = 2;
    const TAG_SCORE: u32 = 1;
    // Each document is scored against the view of its own language, whose documents are
    // numbered apart: another language's documents never score, and need no room.
    let indexes: Vec<(&str, KeyNumbers, RelatedIndex)> = views
        .iter()
        .map(|view| {
            let mut keys: KeyNumbers = HashMap::new();
            let mut postings: Vec<Vec<usize>> = vec![];
            for (p, &i) in view.docs.iter().enumerate() {
                let d = &site.docs[i];
                let stage_keys = d.common.stages.iter().map(|s| ("", s.as_str()));
                let term_keys = d.common.terms.iter().flat_map(|(t, names)| {
                    names.iter().map(move |name| (t.as_str(), name.as_str()))
                });
                for key in stage_keys.chain(term_keys) {
                    let k = *keys.entry(key).or_insert_with(|| {
                        postings.push(vec![]);
                        postings.len() - 1
                    });
                    postings[k].push(p);
                }
            }
            // Read once, side by side: every document is compared with thousands of
            // candidates, and reaching into each one's document for its date cost more
            // than the scoring.
            let dates = view.docs.iter().map(|&i| date_key(site, i)).collect();
            let index = RelatedIndex::new(view.docs.to_vec(), dates, postings);
            (view.lang.as_str(), keys, index)
        })
        .collect();
    explicit
        .into_par_iter()
        .enumerate()
        .map_init(
            || (vec![], Vec::<(usize, u32)>::new()),
            |(scores, query), (i, mut list)| {
                let d = &site.docs[i];
                if matches!(d.kind, Kind::Stage | Kind::Home) {
                    return list;
                }
                let Some((_, keys, index)) = indexes.iter().find(|(l, _, _)| *l == d.lang) else {
                    return list;
                };
                query.clear();
                for s in &d.common.stages {
                    if let Some(&k) = keys.get(&("", s.as_str())) {
                        query.push((k, STAGE_SCORE));
                    }
                }
                for (t, names) in &d.common.terms {
                    let w = if t == "tags" { TAG_SCORE } else { TERM_SCORE };
                    for name in names {
                        if let Some(&k) = keys.get(&(t.as_str(), name.as_str())) {
                            query.push((k, w));
                        }
                    }
                }
                let room = RELATED_LIMIT.saturating_sub(list.len());
                let mut exclude = list.clone();
                exclude.push(i);
                let best = index.best(scores, query, &exclude, room);
                list.extend(best);
                list
            },
        )
        .collect()
}

/// Numbers of a language's keys: `("", stage)` or `(taxonomy, term)`.
type KeyNumbers<'a> = HashMap<(&'a str, &'a str), usize>;

/// Which documents of a language share which stages and terms ("keys"), for scoring every
/// document against every other. Most keys are shared by a large part of a site (a stage,
/// a company size), so a document's scores touch most documents: a key that many documents
/// share is added as a whole array of counts, which compiles to vector additions, and only
/// a rare key document by document.
struct RelatedIndex {
    /// The documents, by their number here.
    ids: Vec<usize>,
    dates: Vec<Option<Timestamp>>,
    /// Number here of each site document, plus one; 0 for another language's.
    numbers: Vec<u32>,
    /// The documents (numbers here) of each key, once for each time a document lists it.
    postings: Vec<Vec<usize>>,
    /// For a key that at least one document in `DENSE_SHARE` has: its count in each document.
    counts: Vec<Option<Vec<u32>>>,
}

/// `scores[p] += scale(counts[p])` for every document, in one loop the compiler vectorizes.
#[inline(always)]
fn add_scaled(scores: &mut [u32], counts: &[u32], scale: impl Fn(u32) -> u32) {
    for (score, &count) in scores.iter_mut().zip(counts) {
        *score += scale(count);
    }
}

/// A key is added as an array when at least one document in this many has it.
const DENSE_SHARE: usize = 16;

impl RelatedIndex {
    fn new(ids: Vec<usize>, dates: Vec<Option<Timestamp>>, postings: Vec<Vec<usize>>) -> Self {
        let documents = ids.len();
        let counts = postings
            .iter()
            .map(|docs| {
                (docs.len() * DENSE_SHARE >= documents).then(|| {
                    let mut counts = vec![0u32; documents];
                    for &p in docs {
                        counts[p] += 1;
                    }
                    counts
                })
            })
            .collect();
        let mut numbers = vec![0u32; ids.iter().max().map_or(0, |&m| m + 1)];
        for (p, &i) in ids.iter().enumerate() {
            numbers[i] = u32::try_from(p + 1).expect("fewer than 4 billion documents");
        }
        RelatedIndex {
            ids,
            dates,
            numbers,
            postings,
            counts,
        }
    }

    /// The `room` documents (site numbers) that score highest for `query` (keys with their
    /// weights; a key listed twice counts twice), best first: the highest score, then the
    /// newest date, then the lowest number. A document in `exclude`, or sharing nothing, is
    /// never one. `scores` is scratch space.
    fn best(
        &self,
        scores: &mut Vec<u32>,
        query: &[(usize, u32)],
        exclude: &[usize],
        room: usize,
    ) -> Vec<usize> {
        if room == 0 || query.is_empty() {
            return vec![];
        }
        scores.clear();
        scores.resize(self.ids.len(), 0);
        for &(k, weight) in query {
            match &self.counts[k] {
                // Weights of 1 to 3 by shifts and additions: without AVX a vector of
                // multiplications by a variable costs several instructions.
                Some(counts) => match weight {
                    1 => add_scaled(scores, counts, |c| c),
                    2 => add_scaled(scores, counts, |c| c << 1),
                    3 => add_scaled(scores, counts, |c| (c << 1) + c),
                    w => add_scaled(scores, counts, |c| w * c),
                },
                None => {
                    for &p in &self.postings[k] {
                        scores[p] += weight;
                    }
                }
            }
        }
        for &i in exclude {
            if let Some(&number) = self.numbers.get(i).filter(|&&n| n > 0) {
                scores[number as usize - 1] = 0;
            }
        }
        // The lowest score that makes the list, found level by level from the top: the
        // best few usually share a level or two.
        let mut level = scores.iter().copied().max().unwrap_or(0);
        let mut found = 0;
        while level > 0 {
            found += scores.iter().filter(|&&s| s == level).count();
            if found >= room {
                break;
            }
            level -= 1;
        }
        let level = level.max(1);
        const BLOCK: usize = 16;
        let mut candidates: Vec<(u32, Option<Timestamp>, usize)> = vec![];
        for (b, block) in scores.chunks(BLOCK).enumerate() {
            // Most blocks hold nothing at the level: their maximum says so without a branch
            // per document.
            if block.iter().copied().fold(0, u32::max) < level {
                continue;
            }
            for (o, &score) in block.iter().enumerate() {
                if score >= level {
                    let p = b * BLOCK + o;
                    candidates.push((score, self.dates[p], self.ids[p]));
                }
            }
        }
        let order = |a: &(u32, Option<Timestamp>, usize), b: &(u32, Option<Timestamp>, usize)| {
            (b.0, b.1, std::cmp::Reverse(b.2)).cmp(&(a.0, a.1, std::cmp::Reverse(a.2)))
        };
        if candidates.len() > room {
            candidates.select_nth_unstable_by(room - 1, order);
            candidates.truncate(room);
        }
        candidates.sort_unstable_by(order);
        candidates.into_iter().map(|(_, _, j)| j).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{RelatedIndex, Timestamp};

    /// A small deterministic generator: the test needs varied data, not a random crate.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    /// Scores every document and sorts them all: what `best` must agree with.
    fn reference(
        postings: &[Vec<usize>],
        documents: usize,
        query: &[(usize, u32)],
        exclude: &[usize],
        dates: &[Option<Timestamp>],
        room: usize,
    ) -> Vec<usize> {
        let mut scores = vec![0u32; documents];
        for &(k, w) in query {
            for &j in &postings[k] {
                scores[j] += w;
            }
        }
        let mut all: Vec<(u32, Option<Timestamp>, usize)> = (0..documents)
            .filter(|j| scores[*j] > 0 && !exclude.contains(j))
            .map(|j| (scores[j], dates[j], j))
            .collect();
        all.sort_by(|a, b| {
            (b.0, b.1, std::cmp::Reverse(b.2)).cmp(&(a.0, a.1, std::cmp::Reverse(a.2)))
        });
        all.into_iter().take(room).map(|(_, _, j)| j).collect()
    }

    #[test]
    fn related_scoring_agrees_with_scoring_every_document() {
        let mut rng = Lcg(7);
        for round in 0..200 {
            let documents = 1 + rng.below(if round % 10 == 0 { 400 } else { 60 }) as usize;
            let keys = 1 + rng.below(12) as usize;
            // Shares from rare to nearly everyone, so both ways of adding a key are used;
            // some documents list a key twice.
            let postings: Vec<Vec<usize>> = (0..keys)
                .map(|_| {
                    let share = 1 + rng.below(100);
                    let mut docs = vec![];
                    for j in 0..documents {
                        if rng.below(100) < share {
                            docs.push(j);
                            if rng.below(20) == 0 {
                                docs.push(j);
                            }
                        }
                    }
                    docs
                })
                .collect();
            // Few distinct dates and missing ones, so ties are broken by date and by index.
            let dates: Vec<Option<Timestamp>> = (0..documents)
                .map(|_| match rng.below(4) {
                    0 => None,
                    d => Some(Timestamp::from_second(d as i64 * 86_400).unwrap()),
                })
                .collect();
            // Numbered here in another order than the site's, as a language's documents are.
            let mut ids: Vec<usize> = (0..documents).collect();
            for p in (1..documents).rev() {
                ids.swap(p, rng.below(p as u64 + 1) as usize);
            }
            let mut site_postings = postings.clone();
            for docs in &mut site_postings {
                for j in docs.iter_mut() {
                    *j = ids[*j];
                }
            }
            let mut site_dates = vec![None; documents];
            for (p, &i) in ids.iter().enumerate() {
                site_dates[i] = dates[p];
            }
            let index = RelatedIndex::new(ids, dates.clone(), postings.clone());
            let mut scores = vec![];
            for _ in 0..5 {
                let query: Vec<(usize, u32)> = (0..rng.below(6))
                    .map(|_| (rng.below(keys as u64) as usize, 1 + rng.below(3) as u32))
                    .collect();
                let exclude: Vec<usize> = (0..rng.below(3))
                    .map(|_| rng.below(documents as u64) as usize)
                    .collect();
                let room = rng.below(8) as usize;
                assert_eq!(
                    index.best(&mut scores, &query, &exclude, room),
                    reference(
                        &site_postings,
                        documents,
                        &query,
                        &exclude,
                        &site_dates,
                        room
                    ),
                    "round {round}: query {query:?}, exclude {exclude:?}, room {room}"
                );
            }
        }
    }
}
