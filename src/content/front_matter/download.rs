//! `download:`: the file or media a document offers (a whitepaper, slides, a template, a
//! podcast episode), and what the file itself says about it: its size and MIME type.

use crate::content::model::{Download, DownloadTarget};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use crate::util::yaml::{self, FieldReader, Value};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `download: files/checklist.csv`, or a map with `file` and what describes it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Written {
    File(String),
    Full(Full),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Full {
    file: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, deserialize_with = "duration_text")]
    duration: Option<String>,
}

/// `duration: 45` (minutes) is read as written, as `duration: "32:10"` is.
fn duration_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(u64),
    }
    Ok(Option::<TextOrNumber>::deserialize(d)?.map(|v| match v {
        TextOrNumber::Text(s) => s,
        TextOrNumber::Number(n) => n.to_string(),
    }))
}

const EXAMPLE: &str =
    "download: {file: files/checklist.csv, type: template, title: 導入チェックリスト}";

/// Reads `download:`; the file's size and type are filled in by [`resolve`].
pub(super) fn read_download(r: &mut FieldReader) -> Option<Download> {
    let (value, key_line) = r.raw("download")?;
    if value.is_null() {
        return None;
    }
    let found = yaml::describe_text(&value);
    let full = match yaml::from_value::<Written>(value.clone()) {
        Ok(Written::File(file)) => Full {
            file,
            kind: None,
            title: None,
            duration: None,
        },
        Ok(Written::Full(full)) => full,
        Err(_) => {
            let unknown = match &value {
                Value::Mapping(m) => m
                    .keys()
                    .filter_map(|k| k.as_str())
                    .find(|k| !["file", "type", "title", "duration"].contains(k))
                    .map(|k| t("download.unknown-key").arg("key", k)),
                _ => None,
            };
            let message = t("download.shape")
                .text("found", found)
                .maybe("unknown", unknown);
            r.invalid(
                key_line,
                message,
                t("hint.write-it-like").arg("example", EXAMPLE),
            );
            return None;
        }
    };
    let file = full.file.trim().to_string();
    let text = r.origin().text;
    let line = yaml::item_line(text, key_line, &file);
    if file.is_empty() {
        r.invalid(
            key_line,
            t("download.no-file"),
            t("hint.write-it-like").arg("example", EXAMPLE),
        );
        return None;
    }
    let duration = match full.duration.as_deref().map(str::trim) {
        Some(d) if duration_seconds(d).is_none() => {
            let at = yaml::item_line(text, key_line, "duration:");
            r.invalid(
                at,
                t("download.duration").arg("value", d),
                t("download.duration.hint"),
            );
            None
        }
        d => d.map(str::to_string),
    };
    let is_address = file.contains("://");
    if is_address && !(file.starts_with("https://") || file.starts_with("http://")) {
        r.invalid(
            line,
            t("download.address").arg("file", &file),
            t("download.address.hint"),
        );
        return None;
    }
    Some(Download {
        mime: mime_of(&file).to_string(),
        published: if is_address {
            DownloadTarget::External(file.clone())
        } else {
            DownloadTarget::Local(String::new())
        },
        file,
        line,
        kind: full
            .kind
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty()),
        title: full.title.filter(|t| !t.trim().is_empty()),
        duration,
        size: None,
    })
}

/// A length written as `m:ss`, `h:mm:ss` or whole minutes, in seconds.
pub fn duration_seconds(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let numbers: Option<Vec<u64>> = parts.iter().map(|p| p.parse::<u64>().ok()).collect();
    let numbers = numbers?;
    let seconds = match numbers.as_slice() {
        [minutes] => minutes.checked_mul(60)?,
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        _ => return None,
    };
    (seconds > 0).then_some(seconds)
}

/// Finds a local download on disk: beside the document (`dir` is its folder under content/),
/// or under static/ when `/`-rooted, and fills in its size and where it is published. A file
/// that is not there is an error at the line that names it.
pub fn resolve(
    download: &mut Download,
    site_root: &Path,
    dir: &str,
    source: &str,
    text: &str,
) -> Option<Diagnostic> {
    if matches!(download.published, DownloadTarget::External(_)) {
        return None;
    }
    let file = download.file.as_str();
    let on_disk = on_disk(download, site_root, dir)?;
    let published = match file.strip_prefix('/') {
        Some(rooted) => Some(rooted.to_string()),
        None => crate::util::urls::join_relative(dir, file),
    };
    let size = std::fs::metadata(&on_disk)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    match (size, published) {
        (Some(size), Some(published)) => {
            download.size = Some(size);
            download.published = DownloadTarget::Local(published);
            None
        }
        _ => {
            let column = text
                .lines()
                .nth(download.line.saturating_sub(1))
                .and_then(|l| l.find(file).map(|b| l[..b].chars().count() + 1))
                .unwrap_or(1);
            let hint = if file.starts_with('/') {
                t("download.missing.hint.static").arg("file", file)
            } else {
                let beside =
                    crate::util::urls::join_relative(dir, file).unwrap_or_else(|| file.to_string());
                t("download.missing.hint.beside").arg("path", beside)
            };
            Some(
                Diagnostic::error(
                    "missing-file",
                    source,
                    t("download.missing").arg("file", file),
                )
                .at(text, download.line, column)
                .with_hint(hint),
            )
        }
    }
}

/// Where a local download is on disk (`dir` is its document's folder under content/); None
/// for an address.
pub fn on_disk(download: &Download, site_root: &Path, dir: &str) -> Option<PathBuf> {
    let file = download.file.as_str();
    if file.contains("://") {
        return None;
    }
    Some(match file.strip_prefix('/') {
        Some(rooted) => site_root.join("static").join(rooted),
        None => site_root.join("content").join(dir).join(file),
    })
}

/// The MIME type of a file by its extension; `application/octet-stream` when unknown.
pub fn mime_of(file: &str) -> &'static str {
    let name = file.split(['?', '#']).next().unwrap_or(file);
    let name = name.rsplit('/').next().unwrap_or(name);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "csv" => "text/csv",
        "md" | "markdown" => "text/markdown",
        "txt" => "text/plain",
        "json" => "application/json",
        "zip" => "application/zip",
        "epub" => "application/epub+zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "key" => "application/vnd.apple.keynote",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        "wav" => "audio/wav",
        "ogg" | "oga" => "audio/ogg",
        "opus" => "audio/opus",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_read_as_minutes_and_seconds_or_whole_minutes() {
        assert_eq!(duration_seconds("32:10"), Some(1930));
        assert_eq!(duration_seconds("1:02:03"), Some(3723));
        assert_eq!(duration_seconds("45"), Some(2700));
        assert_eq!(duration_seconds("1:75"), None);
        assert_eq!(duration_seconds("45分"), None);
        assert_eq!(duration_seconds("0"), None);
    }

    #[test]
    fn types_come_from_the_extension_whatever_its_case() {
        assert_eq!(mime_of("files/チェックリスト.CSV"), "text/csv");
        assert_eq!(
            mime_of("https://cdn.example.com/ep1.mp3?dl=1"),
            "audio/mpeg"
        );
        assert_eq!(
            mime_of("deck.pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        );
        assert_eq!(mime_of("README"), "application/octet-stream");
    }
}
