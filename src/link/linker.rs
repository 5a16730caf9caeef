//! Documents and assets by path: `@/` links, `related:` paths, relative files and logos
//! resolved as seen from a document.

use crate::content::{Document, Site};
use crate::markdown::{LinkError, Resolver};
use crate::util::diagnostics::{Diagnostic, column_of};
use crate::util::messages::t;
use crate::util::suggest;
use crate::util::urls::encode_path;

/// Documents and assets by path. Made again on every preview rebuild, so with hashbrown's
/// hasher: std's took 10 ms of a one-page rebuild at 10,000 documents.
pub struct Linker<'s> {
    site: &'s Site,
    by_content_path: hashbrown::HashMap<&'s str, usize>,
    by_key: hashbrown::HashMap<(&'s str, &'s str), usize>,
    assets: hashbrown::HashSet<&'s str>,
    /// Content paths and translation keys that are not in NFC (a file saved by macOS), by
    /// their NFC form: a link typed in NFC finds them.
    by_nfc: hashbrown::HashMap<String, &'s str>,
}

fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

impl<'s> Linker<'s> {
    pub fn new(site: &'s Site) -> Self {
        let mut by_content_path = hashbrown::HashMap::with_capacity(site.docs.len());
        let mut by_key = hashbrown::HashMap::with_capacity(site.docs.len());
        let mut by_nfc = hashbrown::HashMap::new();
        for (i, d) in site.docs.iter().enumerate() {
            by_content_path.insert(d.content_path.as_str(), i);
            by_key.insert((d.lang.as_str(), d.translation_key.as_str()), i);
            for name in [&d.content_path, &d.translation_key] {
                if !name.is_ascii() && !unicode_normalization::is_nfc(name) {
                    by_nfc.insert(nfc(name), name.as_str());
                }
            }
        }
        Linker {
            site,
            by_content_path,
            by_key,
            assets: site
                .assets
                .iter()
                .map(|a| a.content_path.as_str())
                .collect(),
            by_nfc,
        }
    }

    /// Resolves a content path as seen from a document of language `lang`: the exact file,
    /// else the translation in `lang`, else the default language's document.
    pub fn resolve(&self, lang: &str, target: &str) -> Result<usize, LinkError> {
        let target = target.trim_start_matches('/');
        let found = self.resolve_as_written(lang, target);
        if found.is_ok() || target.is_ascii() {
            return found;
        }
        // Typed in one Unicode normalisation, saved in the other.
        let typed = nfc(target);
        let saved = self.by_nfc.get(&typed).copied().unwrap_or(&typed);
        match self.resolve_as_written(lang, saved) {
            Ok(i) => Ok(i),
            Err(_) => found,
        }
    }

    fn resolve_as_written(&self, lang: &str, target: &str) -> Result<usize, LinkError> {
        // The reader's language first: `@/playbooks/kickoff.md` in an English document
        // means the English kickoff when there is one.
        if let Some(&i) = self.by_key.get(&(lang, target)) {
            return Ok(i);
        }
        if let Some(&i) = self.by_content_path.get(target) {
            return Ok(i);
        }
        if let Some(&i) = self
            .by_key
            .get(&(self.site.config.language.as_str(), target))
        {
            return Ok(i);
        }
        if self.site.unreadable.contains(target) {
            return Err(LinkError::Unreadable);
        }
        if self.site.unpublished.contains(target) {
            return Err(LinkError::Missing(t("link.unpublished")));
        }
        let known: Vec<&str> = self.by_content_path.keys().copied().collect();
        let why = t("link.no-document").arg("target", target);
        Err(LinkError::Missing(match closest_path(target, &known) {
            Some(k) => why.text("closest", t("link.did-you-mean").arg("closest", k)),
            None => why.arg("closest", ""),
        }))
    }

    /// Resolves a path written relative to a document's folder to the asset's content path.
    pub fn resolve_asset(&self, dir: &str, relative: &str) -> Option<String> {
        let joined = crate::util::urls::join_relative(dir, relative)?;
        self.assets.contains(joined.as_str()).then_some(joined)
    }

    pub fn asset_url(&self, content_path: &str) -> String {
        self.site.config.base_url.url(&encode_path(content_path))
    }
}

/// The known path a mistyped one most likely meant: a few letters off
/// (`playbooks/kickof.md`), or the same start with a word more or less
/// (`case-studies/hanamidori-shoten.md` for `case-studies/hanamidori.md`), in the same folder.
fn closest_path<'k>(target: &str, known: &[&'k str]) -> Option<&'k str> {
    let folder = |p: &str| p.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    let target_folder = folder(target);
    suggest::closest(target, known.iter().copied(), |k, likeness| {
        likeness.edits <= 4 || (likeness.similarity >= 0.9 && folder(k) == target_folder)
    })
}

pub(super) struct DocResolver<'a, 's> {
    pub(super) linker: &'a Linker<'s>,
    pub(super) doc: &'s Document,
}

impl Resolver for DocResolver<'_, '_> {
    fn document(&self, target: &str) -> Result<(usize, String), LinkError> {
        let i = self.linker.resolve(&self.doc.lang, target)?;
        Ok((i, self.linker.site.doc_url(&self.linker.site.docs[i])))
    }

    fn asset(&self, relative: &str) -> Option<String> {
        self.linker
            .resolve_asset(self.doc.content_dir(), relative)
            .map(|p| self.linker.asset_url(&p))
    }
}
/// A case study's logo must exist: beside the document, or under static/ when `/`-rooted.
pub(super) fn check_logos(site: &Site, linker: &Linker, diagnostics: &mut Vec<Diagnostic>) {
    for doc in &site.docs {
        let crate::content::KindMeta::CaseStudy(c) = &doc.meta else {
            continue;
        };
        // A logo a translation inherits (line 0) is its original's to report.
        let Some(logo) = c.logo.as_ref().filter(|l| l.line > 0) else {
            continue;
        };
        let path = logo.value.trim();
        let exists = if path.starts_with("https://") || path.starts_with("http://") {
            true
        } else if let Some(rooted) = path.strip_prefix('/') {
            site.root.join("static").join(rooted).is_file()
        } else {
            linker.resolve_asset(doc.content_dir(), path).is_some()
        };
        if !exists {
            let column = column_of(doc.text(), logo.line, path);
            diagnostics.push(
                Diagnostic::error(
                    "missing-file",
                    &doc.source,
                    t("missing-file.logo").arg("path", path),
                )
                .at(doc.text(), logo.line, column)
                .with_hint(t("missing-file.logo.hint")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::closest_path;

    #[test]
    fn a_mistyped_path_finds_the_one_it_meant() {
        let known = [
            "case-studies/hanamidori.md",
            "case-studies/kitaura.md",
            "playbooks/kickoff.md",
            "playbooks/kickoff.en.md",
        ];
        assert_eq!(
            closest_path("case-studies/hanamidori-shoten.md", &known),
            Some("case-studies/hanamidori.md")
        );
        assert_eq!(
            closest_path("playbooks/kickof.md", &known),
            Some("playbooks/kickoff.md")
        );
        assert_eq!(closest_path("webinars/launch.md", &known), None);
        // Alike in another folder is not a suggestion.
        assert_eq!(closest_path("pages/hanamidori-shoten.md", &known), None);
    }
}
