//! Small pieces every stage shares: diagnostics, hashing, URLs, escaping, YAML reading and
//! phase timings. Nothing here knows about documents, journeys or pages.

pub(crate) mod byte_scan;
pub mod diagnostics;
pub mod fs;
pub mod hash;
pub mod html;
pub mod timings;
pub mod urls;
pub mod yaml;
