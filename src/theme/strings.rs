//! The theme's strings per language (`i18n/<lang>.yaml` and the theme's own), and the labels
//! of kinds, taxonomies and terms read from them.

use crate::content::{Kind, Touch};
use std::collections::BTreeMap;

pub type Strings = BTreeMap<String, String>;

/// The theme strings of a language (empty when the theme has none).
pub fn strings_for<'a>(all: &'a BTreeMap<String, Strings>, lang: &str) -> &'a Strings {
    static EMPTY: Strings = BTreeMap::new();
    all.get(lang).unwrap_or(&EMPTY)
}

pub fn text<'a>(t: &'a Strings, key: &str) -> &'a str {
    t.get(key).map(String::as_str).unwrap_or("")
}

pub fn kind_label(t: &Strings, kind: Kind) -> String {
    text(t, &format!("kind_{}", kind.name())).to_string()
}

pub fn taxonomy_label(t: &Strings, name: &str) -> String {
    t.get(&format!("taxonomy_{name}"))
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// How a term is shown: the theme string `<taxonomy>_<term>` when there is one (the theme
/// names `touch` and `audience` values, which are codes such as `high` and `end_user`; a site
/// names its own terms in `i18n/<lang>.yaml`, such as `company_size_enterprise: 大企業`), else
/// the term as written. Addresses keep the written term.
pub fn term_label(t: &Strings, taxonomy: &str, name: &str) -> String {
    t.get(&format!("{taxonomy}_{name}"))
        .filter(|label| !label.is_empty())
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// A document's touch models as one label (`ハイタッチ・テックタッチ`), joined by the theme
/// string `list_separator`; empty when it serves none.
pub fn touch_label(t: &Strings, touches: &[Touch]) -> String {
    let separator = t.get("list_separator").map_or(", ", String::as_str);
    touches
        .iter()
        .map(|x| term_label(t, "touch", x.name()))
        .collect::<Vec<_>>()
        .join(separator)
}
