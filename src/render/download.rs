//! What pages, cards, feeds and structured data show of a document's `download:`: its
//! address, its format and size as readers read them ("PDF · 2.4 MB"), and its length.

use crate::content::front_matter::duration_seconds;
use crate::content::{Document, Download, DownloadTarget, Site};
use crate::theme::strings::{Strings, term_label};
use crate::util::urls::encode_path;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DownloadView {
    /// The file's address, absolute for a local file (feeds and podcast apps need one).
    pub url: String,
    /// `title:` as written; empty when not given (the theme then says "Download").
    pub title: String,
    /// `type:` as written (`whitepaper`, `podcast`), and its label in the page's language
    /// (`download_<type>` in i18n, else the type as written).
    pub kind: String,
    pub kind_label: String,
    pub mime: String,
    /// The file's extension in capitals: `PDF`, `CSV`, `MP3`; empty when it has none.
    pub format: String,
    /// Bytes of a local file; 0 for an address, whose size is not known.
    pub size: u64,
    /// `2.4 MB`, `812 B`; empty for an address.
    pub size_display: String,
    /// Format and size for the link: `PDF · 2.4 MB`.
    pub label: String,
    /// `audio` or `video` for media, else empty.
    pub media: &'static str,
    /// The length as written (`32:10`), in seconds, and as ISO 8601 (`PT32M10S`).
    pub duration: String,
    pub duration_seconds: u64,
    pub duration_iso: String,
}

pub fn download_view(site: &Site, d: &Document, t: &Strings) -> Option<DownloadView> {
    let dl = d.common.download.as_ref()?;
    Some(view(site, dl, t))
}

fn view(site: &Site, dl: &Download, t: &Strings) -> DownloadView {
    let url = match &dl.published {
        DownloadTarget::Local(path) => site.config.base_url.permalink(&encode_path(path)),
        DownloadTarget::External(address) => address.clone(),
    };
    let format = format_of(&dl.file);
    let size_display = dl.size.map(human_size).unwrap_or_default();
    let label = [format.as_str(), size_display.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let kind = dl.kind.clone().unwrap_or_default();
    let seconds = dl
        .duration
        .as_deref()
        .and_then(duration_seconds)
        .unwrap_or(0);
    DownloadView {
        url,
        title: dl.title.clone().unwrap_or_default(),
        kind_label: if kind.is_empty() {
            String::new()
        } else {
            term_label(t, "download", &kind)
        },
        kind,
        media: media_of(&dl.mime),
        mime: dl.mime.clone(),
        format,
        size: dl.size.unwrap_or(0),
        size_display,
        label,
        duration: dl.duration.clone().unwrap_or_default(),
        duration_seconds: seconds,
        duration_iso: iso_duration(seconds),
    }
}

pub fn media_of(mime: &str) -> &'static str {
    if mime.starts_with("audio/") {
        "audio"
    } else if mime.starts_with("video/") {
        "video"
    } else {
        ""
    }
}

fn format_of(file: &str) -> String {
    let name = file.split(['?', '#']).next().unwrap_or(file);
    let name = name.rsplit('/').next().unwrap_or(name);
    name.rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|ext| {
            !ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .map(str::to_ascii_uppercase)
        .unwrap_or_default()
}

/// Sizes in decimal units, as phones and file managers show them: `812 B`, `2.4 KB`,
/// `36 KB`, `2.4 MB`, `1.2 GB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 9.95 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

fn iso_duration(seconds: u64) -> String {
    if seconds == 0 {
        return String::new();
    }
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::from("PT");
    for (n, unit) in [(h, 'H'), (m, 'M'), (s, 'S')] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_on_a_phone() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(2_400), "2.4 KB");
        assert_eq!(human_size(36_200), "36 KB");
        assert_eq!(human_size(2_400_000), "2.4 MB");
        assert_eq!(human_size(999_999), "1.0 MB");
        assert_eq!(human_size(52_000_000), "52 MB");
        assert_eq!(human_size(1_200_000_000), "1.2 GB");
    }

    #[test]
    fn lengths_in_iso_8601() {
        assert_eq!(iso_duration(1930), "PT32M10S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(0), "");
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(format_of("files/導入チェックリスト.csv"), "CSV");
        assert_eq!(format_of("https://cdn.example.com/ep-12.mp3?dl=1"), "MP3");
        assert_eq!(format_of("https://example.com/whitepaper"), "");
    }
}
