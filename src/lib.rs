//! journeyhub: a static-site generator for customer-marketing hubs.
//!
//! The pipeline ([`pipeline`]) is load ([`config`], [`content`]) → link ([`link`]) → render
//! ([`render`], with [`search`] beside it) → write ([`output`]); [`serve`] runs the same stages
//! and answers from memory, and [`check`] and [`report`] read the linked site.

// Diagnostics are large, but they travel only on the cold path of a failed run, where a
// box per error would add noise and nothing else.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
pub mod drip;
pub mod init;
pub mod link;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod theme;
pub mod util;

pub use pipeline::{
    BuildMemory, BuildOptions, BuildSummary, Built, Caches, build, build_keeping_memory,
    build_with_progress, load, load_cached, load_config, render_site, render_site_cached,
    render_site_serving,
};

/// Every validation `build` runs and the findings of `journeyhub check`, writing nothing.
pub fn check(options: &check::CheckOptions) -> check::CheckResult {
    check::run(options)
}

/// Computes the journey coverage report and writes `journey-report.html` and `.json`.
pub fn report(
    options: &report::ReportOptions,
) -> Result<report::ReportSummary, util::diagnostics::Diagnostics> {
    report::write(options)
}
