//! Small pieces every stage shares: diagnostics, hashing, URLs, escaping, YAML reading,
//! did-you-mean suggestions and phase timings. Nothing here knows about documents, journeys
//! or pages.

pub mod buckets;
pub(crate) mod byte_scan;
pub mod diagnostics;
pub mod fs;
pub mod hash;
pub mod html;
pub mod messages;
pub mod suggest;
pub mod timings;
pub mod urls;
pub mod yaml;
