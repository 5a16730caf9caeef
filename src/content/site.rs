//! The loaded site: its configuration, every published document and asset, and what was
//! left out, as the later stages see it.

use crate::config::SiteConfig;
use crate::content::reads::Watched;
use crate::content::{Asset, Document};
use crate::util::urls::encode_path;
use jiff::Timestamp;
use std::collections::HashSet;

pub struct Site {
    pub config: SiteConfig,
    /// Published documents, sorted by source path; each read is noted (see [`super::reads`]).
    pub docs: Vec<Watched<std::sync::Arc<Document>>>,
    pub assets: Vec<Asset>,
    /// Content paths of documents left out (drafts, future dates), to explain links to them.
    pub unpublished: HashSet<String>,
    /// Documents left out because their `date` is still to come (not drafts): they appear
    /// on the hub that day, and `check` says so.
    pub scheduled: Vec<std::sync::Arc<Document>>,
    /// The site folder.
    pub root: std::path::PathBuf,
    /// Content paths of files that failed to load; their own error is reported.
    pub unreadable: HashSet<String>,
    pub now: Timestamp,
    /// Rendering for the preview server (see `BuildOptions::preview`).
    pub preview: bool,
}

impl Site {
    /// Root-relative, percent-encoded URL of a document in its own language.
    pub fn doc_url(&self, doc: &Document) -> String {
        self.config.base_url.url(&encode_path(&format!(
            "{}{}",
            self.config.language_prefix(&doc.lang),
            doc.site_path
        )))
    }

    pub fn doc_permalink(&self, doc: &Document) -> String {
        self.config.base_url.permalink(&encode_path(&format!(
            "{}{}",
            self.config.language_prefix(&doc.lang),
            doc.site_path
        )))
    }

    /// Output file of a document: `en/playbooks/kickoff/index.html`.
    pub fn doc_output_path(&self, doc: &Document) -> String {
        format!(
            "{}{}index.html",
            self.config.language_prefix(&doc.lang),
            doc.site_path
        )
    }
}

/// Whole days from `day` to the site's "now", in the site's time zone.
pub fn age_in_days(site: &Site, day: jiff::civil::Date) -> i64 {
    let today = site.now.to_zoned(site.config.timezone.clone()).date();
    today
        .since(day)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}
