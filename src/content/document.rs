//! Read one content file into a [`Document`]: its kind from the folder, its language from
//! the file name, its front matter, and the address it is published at.

use super::front_matter;
use super::{CONTENT_DIR, Document, Kind};
use crate::config::SiteConfig;
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::{Text, t};
use std::path::Path;

/// The document a content file makes, or none with the problems that stop it.
pub(super) fn load_document(
    rel: &str,
    path: &Path,
    config: &SiteConfig,
) -> (Option<Document>, Vec<Diagnostic>) {
    let source = format!("{CONTENT_DIR}/{rel}");
    let text = match read_text(path, &source) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let (folder, file_name) = match rel.split_once('/') {
        Some((top, _)) => (top, rel.rsplit('/').next().unwrap_or(rel)),
        None => ("", rel),
    };
    let (stem, lang) = split_language(file_name.trim_end_matches(".md"), config);
    let kind = match kind_of(rel, folder, stem, &source) {
        Ok(k) => k,
        Err(d) => return (None, vec![d]),
    };
    let lang = match lang {
        Ok(l) => l,
        Err(code) => return (None, vec![unknown_language(&source, &code, config)]),
    };

    let split = match front_matter::split(&source, &text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    // A translation inherits from its original what it leaves out (front_matter/inherit.rs).
    let original_source = original_of(rel, config).map(|o| format!("{CONTENT_DIR}/{o}"));
    let original_text = original_source
        .as_ref()
        .and_then(|_| std::fs::read_to_string(path.with_file_name(format!("{stem}.md"))).ok());
    let original_split = original_text
        .as_deref()
        .and_then(|t| front_matter::split("", t).ok());
    let original = match (&original_source, &original_text, &original_split) {
        (Some(file), Some(text), Some(split)) => Some(front_matter::Original {
            yaml: split.yaml,
            origin: crate::util::yaml::Origin {
                file,
                text,
                first_line: split.yaml_line,
            },
        }),
        _ => None,
    };
    let original_yaml = original.as_ref().map_or("", |o| o.yaml).to_string();
    let (parsed, mut diagnostics) =
        front_matter::parse(kind, &source, &text, &split, config, original);
    let mut parsed = match parsed {
        Some(p) => p,
        None => return (None, diagnostics),
    };
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    // content/<rel> sits as many folders below the site's root as `rel` has parts, plus one.
    let site_root = path.ancestors().nth(rel.split('/').count() + 1);
    if let (Some(download), Some(root)) = (parsed.common.download.as_mut(), site_root) {
        diagnostics.extend(front_matter::resolve_download(
            download, root, dir, &source, &text,
        ));
    }
    let translation_key = if dir.is_empty() {
        format!("{stem}.md")
    } else {
        format!("{dir}/{stem}.md")
    };
    let slug = match checked_slug(&parsed, stem, kind, config, &source, &text) {
        Ok(slug) => slug,
        Err(d) => {
            diagnostics.push(d);
            return (None, diagnostics);
        }
    };
    let site_path = match kind {
        Kind::Home => String::new(),
        Kind::Page => format!("{slug}/"),
        _ => format!("{}/{slug}/", kind.folder()),
    };
    let version = with_download(
        with_inherited(text.as_bytes(), &original_yaml),
        &parsed.common,
    );
    let card_version = with_download(
        with_inherited(&text.as_bytes()[..split.body_offset], &original_yaml),
        &parsed.common,
    );
    let doc = Document {
        kind,
        lang,
        source,
        content_path: rel.to_string(),
        translation_key,
        body_offset: split.body_offset,
        body_line: split.body_line,
        slug,
        site_path,
        common: parsed.common,
        meta: parsed.meta,
        version,
        text_key: crate::util::hash::quick(format!("{rel}\n{text}").as_bytes()),
        card_version,
        text,
    };
    (Some(doc), diagnostics)
}

fn read_text(path: &Path, source: &str) -> Result<String, Diagnostic> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error("encoding", source, t("encoding")).with_hint(t("encoding.hint"))
        }),
        Err(e) => Err(Diagnostic::error(
            "io",
            source,
            t("io.file").arg("error", e),
        )),
    }
}

/// The kind of document a file is, from the folder it sits in.
fn kind_of(rel: &str, folder: &str, stem: &str, source: &str) -> Result<Kind, Diagnostic> {
    let kind = if folder.is_empty() {
        if stem == "_index" {
            Kind::Home
        } else {
            return Err(
                Diagnostic::error("unknown-folder", source, t("unknown-folder.top"))
                    .with_hint(t("unknown-folder.top.hint")),
            );
        }
    } else {
        match Kind::from_folder(folder) {
            Some(k) => k,
            None => {
                let known = ["stages", "playbooks", "case-studies", "webinars", "pages"];
                let hint = match crate::util::yaml::closest(folder, &known) {
                    Some(k) => t("unknown-folder.did-you-mean").arg("folder", k),
                    None => t("unknown-folder.known").arg("known", known.join("/, content/")),
                };
                return Err(Diagnostic::error(
                    "unknown-folder",
                    source,
                    t("unknown-folder").arg("folder", folder),
                )
                .with_hint(hint));
            }
        }
    };
    if kind == Kind::Stage && rel.matches('/').count() > 1 {
        return Err(
            Diagnostic::error("unknown-folder", source, t("unknown-folder.stage"))
                .with_hint(t("unknown-folder.stage.hint")),
        );
    }
    Ok(kind)
}

fn unknown_language(source: &str, code: &str, config: &SiteConfig) -> Diagnostic {
    Diagnostic::error(
        "unknown-language",
        source,
        t("unknown-language").arg("code", code),
    )
    .with_hint(t("unknown-language.hint").arg("languages", format!("{:?}", config.languages)))
}

/// The document's address segment: `slug:` from the front matter, or else the file name.
fn checked_slug(
    parsed: &front_matter::Parsed,
    stem: &str,
    kind: Kind,
    config: &SiteConfig,
    source: &str,
    text: &str,
) -> Result<String, Diagnostic> {
    let (slug, slug_line) = match &parsed.slug {
        Some(s) => (s.value.clone(), s.line),
        None => (stem.to_string(), 1),
    };
    let slug = slug.trim().to_string();
    if let Err(why) = check_slug(&slug, kind, config) {
        let hint = if parsed.slug.is_some() {
            t("bad-slug.hint.slug")
        } else {
            t("bad-slug.hint.file")
        };
        return Err(Diagnostic::error(
            "bad-slug",
            source,
            t("bad-slug").arg("slug", &slug).text("why", why),
        )
        .at(text, slug_line, 1)
        .with_hint(hint));
    }
    Ok(slug)
}

/// The hash of a document's text, or of its front matter, with what it inherits: a change to
/// its original's front matter changes the translation too.
/// Pages and cards show a download's size, read from the file: a file replaced without an
/// edit of the document makes it another version of the document.
fn with_download(version: u64, common: &super::Common) -> u64 {
    match common.download.as_ref().and_then(|d| d.size) {
        Some(size) => {
            crate::util::hash::quick(&[version.to_le_bytes(), size.to_le_bytes()].concat())
        }
        None => version,
    }
}

fn with_inherited(text: &[u8], original_yaml: &str) -> u64 {
    if original_yaml.is_empty() {
        crate::util::hash::quick(text)
    } else {
        crate::util::hash::quick(&[text, original_yaml.as_bytes()].concat())
    }
}

/// The path under content/ of the original a translation translates (`playbooks/kickoff.md`
/// for `playbooks/kickoff.en.md`), whether it exists or not; None for a file in the default
/// language.
pub(super) fn original_of(rel: &str, config: &SiteConfig) -> Option<String> {
    let (dir, file_name) = match rel.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, rel),
    };
    let (stem, lang) = split_language(file_name.strip_suffix(".md")?, config);
    if lang.ok()? == config.language {
        return None;
    }
    Some(match dir {
        Some(dir) => format!("{dir}/{stem}.md"),
        None => format!("{stem}.md"),
    })
}

/// `kickoff.en` → (`kickoff`, en); `kickoff` → (`kickoff`, default language).
fn split_language<'a>(stem: &'a str, config: &SiteConfig) -> (&'a str, Result<String, String>) {
    if let Some((base, suffix)) = stem.rsplit_once('.')
        && !base.is_empty()
    {
        if config.languages.iter().any(|l| l == suffix) {
            return (base, Ok(suffix.to_string()));
        }
        let looks_like_language =
            (2..=3).contains(&suffix.len()) && suffix.chars().all(|c| c.is_ascii_lowercase());
        if looks_like_language {
            return (base, Err(suffix.to_string()));
        }
    }
    (stem, Ok(config.language.clone()))
}

fn check_slug(slug: &str, kind: Kind, config: &SiteConfig) -> Result<(), Text> {
    if kind == Kind::Home {
        return Ok(());
    }
    if slug.is_empty() {
        return Err(t("bad-slug.empty"));
    }
    if let Some(c) = slug.chars().find(|c| {
        matches!(c, '/' | '\\' | '?' | '#' | '%' | '"' | '<' | '>')
            || c.is_whitespace()
            || c.is_control()
    }) {
        return Err(t("bad-slug.character").arg("c", c));
    }
    if slug == "." || slug == ".." || slug.starts_with('.') {
        return Err(t("bad-slug.dot"));
    }
    if kind == Kind::Page
        && (crate::config::GENERATED_NAMES.contains(&slug)
            || config.taxonomies.iter().any(|t| t == slug)
            || config.languages.iter().any(|l| l == slug))
    {
        return Err(t("bad-slug.taken"));
    }
    Ok(())
}
