//! Names and addresses two documents may not share: a translation key, an address, or an
//! address that differs only by case or Unicode normalisation.

use super::{Asset, Document};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use std::collections::HashMap;
use std::sync::Arc;

/// An address as case-insensitive or normalising file systems (macOS, Windows) and many
/// hosts see it: in NFC and lower case.
fn folded(path: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if path
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return std::borrow::Cow::Borrowed(path);
    }
    std::borrow::Cow::Owned(path.nfc().flat_map(char::to_lowercase).collect())
}

/// Two files beside the documents (images, downloads) whose paths differ only by letter
/// case or Unicode normalisation are published as two files that a case-insensitive or
/// normalising file system or host keeps as one.
pub(super) fn check_asset_names(assets: &[Asset], diagnostics: &mut Vec<Diagnostic>) {
    let mut by: HashMap<std::borrow::Cow<'_, str>, Vec<&Asset>> = HashMap::new();
    for a in assets {
        by.entry(folded(&a.content_path)).or_default().push(a);
    }
    let mut shared: Vec<Vec<&Asset>> = by.into_values().filter(|g| g.len() > 1).collect();
    shared
        .iter_mut()
        .for_each(|g| g.sort_by(|a, b| a.content_path.cmp(&b.content_path)));
    shared.sort_by(|a, b| a[0].content_path.cmp(&b[0].content_path));
    for group in shared {
        for a in &group {
            let others: Vec<String> = group
                .iter()
                .filter(|o| o.content_path != a.content_path)
                .map(|o| format!("content/{}", o.content_path))
                .collect();
            diagnostics.push(
                Diagnostic::error(
                    "name-collision",
                    format!("content/{}", a.content_path),
                    t("name-collision.file").arg("others", others.join(", ")),
                )
                .with_hint(t("name-collision.file.hint")),
            );
        }
    }
}

/// Two documents of one language may not share a translation key or an address, nor have
/// addresses that differ only by case or Unicode normalisation (they would collide on a
/// case-insensitive or normalising file system or host).
pub(super) fn check_duplicates(docs: &[Arc<Document>], diagnostics: &mut Vec<Diagnostic>) {
    // Groups of documents sharing a key, in key order; a hash map, as this runs on every
    // preview rebuild of a large site.
    fn groups<'d, K: std::hash::Hash + Ord>(
        docs: &'d [Arc<Document>],
        key: impl Fn(&'d Document) -> K,
    ) -> Vec<(K, Vec<&'d Document>)> {
        let mut by: HashMap<K, Vec<&Document>> = HashMap::with_capacity(docs.len());
        for d in docs {
            by.entry(key(d)).or_default().push(d);
        }
        let mut shared: Vec<_> = by.into_iter().filter(|(_, g)| g.len() > 1).collect();
        shared.sort_by(|a, b| a.0.cmp(&b.0));
        shared
    }
    let by_path = groups(docs, |d| (d.lang.as_str(), folded(&d.site_path)));
    let by_key = groups(docs, |d| (d.lang.as_str(), d.translation_key.as_str()));
    for (_, group) in by_path {
        for d in &group {
            let path = &d.site_path;
            let (others, alike): (Vec<&&Document>, Vec<&&Document>) = group
                .iter()
                .filter(|o| o.source != d.source)
                .partition(|o| o.site_path == d.site_path);
            if !alike.is_empty() {
                let alike: Vec<String> = alike
                    .iter()
                    .map(|o| format!("{} (/{})", o.source, o.site_path))
                    .collect();
                diagnostics.push(
                    Diagnostic::error(
                        "name-collision",
                        &d.source,
                        t("name-collision.address")
                            .arg("path", path)
                            .arg("others", alike.join(", ")),
                    )
                    .at(&d.text, 1, 1)
                    .with_hint(t("duplicate-url.hint")),
                );
            }
            if others.is_empty() {
                continue;
            }
            let others: Vec<&str> = others.iter().map(|o| o.source.as_str()).collect();
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    &d.source,
                    t("duplicate-url")
                        .arg("path", path)
                        .arg("others", others.join(", ")),
                )
                .at(&d.text, 1, 1)
                .with_hint(t("duplicate-url.hint")),
            );
        }
    }
    for ((lang, key), group) in by_key {
        for d in &group {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-translation",
                    &d.source,
                    t("duplicate-translation")
                        .arg("n", group.len())
                        .arg("lang", lang)
                        .arg("key", key),
                )
                .with_hint(t("duplicate-translation.hint")),
            );
        }
    }
}
