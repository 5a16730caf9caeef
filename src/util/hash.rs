//! Stable, fast hashes for cache keys and asset versions (FNV-1a, 64 bits). Stable across
//! runs and machines, unlike std's randomly seeded hasher, so output that embeds one is
//! reproducible.

#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        self
    }

    pub fn str(self, s: &str) -> Self {
        self.bytes(s.as_bytes())
    }

    /// A whole word at a time (rotate, xor, multiply, as FxHash does): page fingerprints
    /// fold in several numbers for each document a page lists, a hundred thousand per
    /// rebuild on a large site, and eight FNV rounds per number showed in serve's timings.
    pub fn u64(mut self, n: u64) -> Self {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

pub fn of_str(s: &str) -> u64 {
    Fnv::default().str(s).finish()
}

pub fn of_bytes(b: &[u8]) -> u64 {
    Fnv::default().bytes(b).finish()
}

/// Any hashable value, for keys that never leave the process (page and feed fingerprints,
/// versions of the values pages read).
/// A preview hashes every document's values on every rebuild, so this is foldhash rather
/// than std's SipHash; its seed is fixed, so a value hashes the same for the whole process.
pub fn of_value<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    IN_PROCESS.hash_one(value)
}

/// A fast hash for large inputs that never leave the process (document versions).
pub fn quick(bytes: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = IN_PROCESS.build_hasher();
    h.write(bytes);
    h.finish()
}

const IN_PROCESS: foldhash::quality::FixedState =
    foldhash::quality::FixedState::with_seed(0x6a09_e667_f3bc_c909);
