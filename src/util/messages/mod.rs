//! The words of diagnostics, in English and Japanese. A finding is built from a catalog key
//! and named values ([`Text`]); it is written in English when it is made (library callers
//! and tests read that), and written again in the run's language before it is shown
//! (`Diagnostics::localize`). The tables are the text files
//! beside this one, embedded at compile time, so a translator edits prose, not Rust.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The language findings are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

/// The variable a user sets to choose the language of findings without a flag.
pub const LANG_ENV: &str = "JOURNEYHUB_LANG";

impl Lang {
    /// `en`, `ja`, or a tag of either (`ja-JP`, `en_US.UTF-8`); anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        let base = s
            .trim()
            .split(['-', '_', '.'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match base.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The language of a run: the command line's `--lang`, else [`LANG_ENV`], else Japanese
    /// for a site whose `language:` is Japanese, else English. A value neither `en` nor `ja`
    /// in the variable is passed over, as an unset one is.
    pub fn resolve(flag: Option<Lang>, env: Option<&str>, site_language: Option<&str>) -> Lang {
        flag.or_else(|| env.and_then(Lang::parse))
            .or_else(|| site_language.and_then(Lang::parse))
            .unwrap_or_default()
    }
}

/// One value of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Arg {
    /// Written as it is in every language: a key, a path, a value from the site.
    Plain(String),
    /// An English phrase of the code (what a key expects, say), looked up in the phrase table.
    Phrase(String),
    /// Another catalog entry, written in the same language.
    Text(Box<Text>),
}

/// A catalog key with its named values, written out by [`Text::render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// A catalog entry: `t("missing-key").arg("key", key)`.
pub fn t(key: &'static str) -> Text {
    Text { key, args: vec![] }
}

/// `then`, after "did you mean `closest`?" when there is a closest word.
pub fn did_you_mean(closest: Option<&str>, then: Text) -> Text {
    match closest {
        Some(c) => t("hint.did-you-mean-then")
            .arg("closest", c)
            .text("then", then),
        None => then,
    }
}

impl Text {
    /// A value written as it is in every language.
    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args.push((name, Arg::Plain(value.to_string())));
        self
    }

    /// An English phrase of the code, translated through the phrase table where it has one.
    pub fn phrase(mut self, name: &'static str, english: impl Into<String>) -> Self {
        self.args.push((name, Arg::Phrase(english.into())));
        self
    }

    /// Another catalog entry as a value, or nothing when there is none.
    pub fn maybe(self, name: &'static str, text: Option<Text>) -> Self {
        match text {
            Some(text) => self.text(name, text),
            None => self.arg(name, ""),
        }
    }

    /// Another catalog entry as a value.
    pub fn text(mut self, name: &'static str, text: Text) -> Self {
        self.args.push((name, Arg::Text(Box::new(text))));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn render(&self, lang: Lang) -> String {
        let template = template(self.key, lang);
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                rest = &rest[open..];
                break;
            };
            let name = &after[..close];
            match self.args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(&render_arg(value, lang)),
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

fn render_arg(arg: &Arg, lang: Lang) -> String {
    match arg {
        Arg::Plain(s) => s.clone(),
        Arg::Phrase(s) => match lang {
            Lang::En => s.clone(),
            Lang::Ja => JA_PHRASES
                .get(s.as_str())
                .map_or_else(|| s.clone(), |p| p.to_string()),
        },
        Arg::Text(t) => t.render(lang),
    }
}

fn template(key: &str, lang: Lang) -> &'static str {
    let table = match lang {
        Lang::En => &*EN,
        Lang::Ja => &*JA,
    };
    table
        .get(key)
        .or_else(|| EN.get(key))
        .copied()
        .unwrap_or("(missing message)")
}

/// `key = text` lines; `#` starts a comment line. `\n` in a text is a line break.
fn table(source: &'static str) -> HashMap<&'static str, &'static str> {
    source
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim(), v.trim_end()))
        .collect()
}

static EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| table(include_str!("en.txt")));
static JA: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| table(include_str!("ja.txt")));
static JA_PHRASES: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| table(include_str!("ja-phrases.txt")));

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut names: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_english_entry_has_a_japanese_one_with_no_other_placeholders() {
        for (key, en) in EN.iter() {
            let ja = JA
                .get(key)
                .unwrap_or_else(|| panic!("no Japanese for `{key}`"));
            // Japanese may leave a value out (the parser's English words), never add one.
            let en = placeholders(en);
            for name in placeholders(ja) {
                assert!(
                    en.contains(&name),
                    "`{{{name}}}` of `{key}` is not in English"
                );
            }
        }
        for key in JA.keys() {
            assert!(EN.contains_key(key), "`{key}` is Japanese only");
        }
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalog() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let pattern = regex::Regex::new(r#"\bt\("([a-z0-9.-]+)"\)"#).unwrap();
        let mut used = 0;
        for entry in walkdir::WalkDir::new(src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let code = std::fs::read_to_string(entry.path()).unwrap();
                for c in pattern.captures_iter(&code) {
                    used += 1;
                    assert!(EN.contains_key(&c[1]), "`{}` is not in en.txt", &c[1]);
                }
            }
        }
        assert!(used > 20, "only {used} catalog keys found in the code");
    }

    #[test]
    fn every_expected_value_has_japanese_words() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let pattern = regex::Regex::new(r#"what: "([^"]+)""#).unwrap();
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(src) {
            let entry = entry.unwrap();
            // This file holds the pattern itself.
            let here = entry.path().ends_with("util/messages/mod.rs");
            if entry.path().extension().is_some_and(|e| e == "rs") && !here {
                let code = std::fs::read_to_string(entry.path()).unwrap();
                for c in pattern.captures_iter(&code) {
                    seen += 1;
                    let what = &c[1];
                    assert!(JA_PHRASES.contains_key(what), "no Japanese for `{what}`");
                }
            }
        }
        assert!(seen > 30, "only {seen} expected values found in the code");
    }

    #[test]
    fn values_are_filled_in_each_language() {
        let text = t("unknown-key").arg("key", "titel");
        assert_eq!(text.render(Lang::En), "unknown key `titel`");
        assert_eq!(text.render(Lang::Ja), "`titel` は使えないキーです");
    }

    #[test]
    fn the_flag_comes_before_the_variable_and_the_variable_before_the_site() {
        assert_eq!(
            Lang::resolve(Some(Lang::En), Some("ja"), Some("ja")),
            Lang::En
        );
        assert_eq!(Lang::resolve(None, Some("en"), Some("ja")), Lang::En);
        assert_eq!(Lang::resolve(None, Some("fr"), Some("ja")), Lang::Ja);
        assert_eq!(Lang::resolve(None, None, Some("ja-JP")), Lang::Ja);
        assert_eq!(Lang::resolve(None, None, Some("de")), Lang::En);
    }
}
