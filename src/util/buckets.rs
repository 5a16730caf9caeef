//! A stable counting sort in place, for the search index's large entries.

/// Puts `items` in the order of their buckets (`bucket` gives each one's, below `buckets`),
/// keeping their order within a bucket, and returns where each bucket starts (and, last, where
/// the last one ends). Each item moves once, within its own slice, by following the
/// permutation's cycles: the entries sorted this way are large (a comparison sort moved each
/// many times) and sorted once per page (a second vector took fresh memory for every page).
pub fn sort_into_buckets<T>(
    items: &mut [T],
    buckets: usize,
    bucket: impl Fn(&T) -> usize,
) -> Vec<u32> {
    let mut starts = vec![0u32; buckets + 1];
    for item in items.iter() {
        starts[bucket(item) + 1] += 1;
    }
    for b in 0..buckets {
        starts[b + 1] += starts[b];
    }
    let mut next = starts.clone();
    let mut destination: Vec<u32> = items
        .iter()
        .map(|item| {
            let b = bucket(item);
            next[b] += 1;
            next[b] - 1
        })
        .collect();
    for i in 0..items.len() {
        while destination[i] as usize != i {
            let j = destination[i] as usize;
            items.swap(i, j);
            destination.swap(i, j);
        }
    }
    starts
}
