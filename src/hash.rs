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

    pub fn u64(self, n: u64) -> Self {
        self.bytes(&n.to_le_bytes())
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

/// A fast hash for large inputs that never leave the process (document versions).
pub fn quick(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}
