//! Finding the first of a few byte values in long text eight bytes at a time (SWAR), for the
//! escapers every page body and feed entry passes through.
//!
//! `marks` functions return a word with the high bit of some bytes set. They may mark a
//! byte above (later than) a byte that really matches, never below one, because the
//! borrows of the subtraction only carry upwards: the lowest mark is always a real match.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Marks the bytes of `word` equal to `c` (a byte equal to `c` is a zero byte of
/// `word ^ c…c`).
pub fn equal_to(word: u64, c: u8) -> u64 {
    below(word ^ (ONES * u64::from(c)), 1)
}

/// Marks the bytes of `word` below `n`, for `n` up to 0x80.
pub fn below(word: u64, n: u8) -> u64 {
    debug_assert!(n <= 0x80);
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// The position of the first byte at or after `from` that `is_match` accepts. `marks` finds
/// the candidates of eight bytes at once (see the module comment); `is_match` decides for
/// the last few bytes, and must accept exactly the bytes `marks` would.
pub fn first_match(
    bytes: &[u8],
    mut from: usize,
    marks: impl Fn(u64) -> u64,
    is_match: impl Fn(u8) -> bool,
) -> Option<usize> {
    while let Some(word) = bytes.get(from..from + 8) {
        let found = marks(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        if found != 0 {
            return Some(from + (found.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    bytes
        .get(from..)?
        .iter()
        .position(|&b| is_match(b))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_match_is_found_at_every_offset() {
        for at in 0..24 {
            for value in [0u8, 0x1F, b'&', 0xEF] {
                let mut bytes = vec![b'a'; 24];
                // A byte one above the value right after it: the borrow's false mark.
                bytes[at] = value;
                if at + 1 < bytes.len() {
                    bytes[at + 1] = value.wrapping_add(1);
                }
                let found = first_match(
                    &bytes,
                    0,
                    |w| below(w, 0x20) | equal_to(w, b'&') | equal_to(w, 0xEF),
                    |b| b < 0x20 || b == b'&' || b == 0xEF,
                );
                assert_eq!(found, Some(at), "{value:#x} at {at}");
            }
        }
        assert_eq!(
            first_match(b"plain text here", 0, |w| equal_to(w, b'<'), |b| b == b'<'),
            None
        );
        assert_eq!(
            first_match(b"a<b<c", 2, |w| equal_to(w, b'<'), |b| b == b'<'),
            Some(3)
        );
    }
}
