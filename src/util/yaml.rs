//! The one place that calls serde_yaml (deprecated upstream, so it stays swappable), plus a
//! reader that takes front-matter keys one by one so that every bad key in a file is reported,
//! not only the first one serde would stop at.

use crate::util::diagnostics::{Diagnostic, Words};
use crate::util::messages::{Text, t};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

pub use serde_yaml::{Mapping, Value};

/// A YAML mapping with the 1-based line of each top-level key.
pub struct Fields {
    entries: Vec<(String, Value, usize)>,
}

impl Fields {
    /// Adds the entries of `other` whose key `take` accepts and that this mapping lacks, at
    /// line 0: they were written in another file, whose own problems are its own. Returns
    /// the keys added.
    pub fn inherit(&mut self, other: Fields, take: impl Fn(&str) -> bool) -> Vec<String> {
        let mut added = vec![];
        for (key, value, _) in other.entries {
            if take(&key) && !self.entries.iter().any(|(k, _, _)| *k == key) {
                added.push(key.clone());
                self.entries.push((key, value, 0));
            }
        }
        added
    }
}

/// Where the YAML text sits in its file, so errors point into the whole file.
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub text: &'a str,
    /// Line of the file on which the YAML text begins (1-based).
    pub first_line: usize,
}

pub fn parse_fields(yaml: &str, origin: Origin) -> Result<Fields, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(Fields { entries: vec![] });
    }
    // YAML itself may read such a slip as something else without a word (a key named
    // `　　note`, a value `summary：…`), so they are looked for first.
    if let Some(slip) = input_slip(yaml, origin) {
        return Err(slip);
    }
    let value: Value = serde_yaml::from_str(yaml).map_err(|e| syntax_error(&e, origin))?;
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok(Fields { entries: vec![] }),
        other => {
            return Err(Diagnostic::error(
                "yaml-syntax",
                origin.file,
                t("yaml-syntax.not-a-mapping").text("found", describe_text(&other)),
            )
            .at(origin.text, origin.first_line, 1)
            .with_hint(t("yaml-syntax.not-a-mapping.hint")));
        }
    };
    let lines = top_level_key_lines(yaml);
    let mut entries = Vec::with_capacity(mapping.len());
    for (k, v) in mapping {
        let key = match k {
            Value::String(s) => s,
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let line = lines
            .get(&key)
            .map(|l| origin.first_line + l - 1)
            .unwrap_or(origin.first_line);
        entries.push((key, v, line));
    }
    Ok(Fields { entries })
}

/// The first line on which a Japanese input method slipped a full-width character into
/// YAML's syntax: a full-width colon after a key (`duration_minutes：45`) or a full-width
/// space in the indentation. YAML reads neither as intended, and its own error then points
/// at the next line with an unrelated hint.
fn input_slip(yaml: &str, origin: Origin) -> Option<Diagnostic> {
    for (i, line) in yaml.lines().enumerate() {
        let line_no = origin.first_line + i;
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\u{3000}')
            .collect();
        let rest = line.trim_start_matches([' ', '\u{3000}', '-']).trim_start();
        let key: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let after_key = rest[key.len()..].trim_start_matches(' ');
        // A key (or a list item) after it: Japanese text indented by hand in a block of
        // text is left alone.
        let starts_an_entry = !key.is_empty() && after_key.starts_with([':', '：'])
            || line.trim_start_matches([' ', '\u{3000}']).starts_with("- ");
        if let Some(at) = indent.chars().position(|c| c == '\u{3000}')
            && starts_an_entry
        {
            return Some(
                Diagnostic::error(
                    "yaml-syntax",
                    origin.file,
                    t("yaml-syntax.full-width-space"),
                )
                .at(origin.text, line_no, at + 1)
                .with_hint(t("yaml-syntax.full-width-space.hint")),
            );
        }
        if !key.is_empty() && after_key.starts_with('：') {
            let column = line.chars().count() - rest.chars().count() + key.chars().count() + 1;
            let value = rest[key.len()..]
                .trim_start_matches(' ')
                .trim_start_matches('：')
                .trim();
            return Some(
                Diagnostic::error(
                    "yaml-syntax",
                    origin.file,
                    t("yaml-syntax.full-width-colon").arg("key", &key),
                )
                .at(origin.text, line_no, column)
                .with_hint(
                    t("yaml-syntax.full-width-colon.hint")
                        .arg("key", &key)
                        .arg("value", value),
                ),
            );
        }
    }
    None
}

fn syntax_error(e: &serde_yaml::Error, origin: Origin) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; we print the location ourselves.
    let message = full
        .split(" at line ")
        .next()
        .unwrap_or(&full)
        .trim()
        .to_string();
    let (line, column) = e
        .location()
        .map(|l| (origin.first_line + l.line() - 1, l.column()))
        .unwrap_or((origin.first_line, 0));
    let tab = origin
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| l.contains('\t'));
    let hint = if tab && message.contains("cannot start any token") {
        t("yaml-syntax.hint.tab")
    } else if message.contains("mapping values are not allowed") {
        t("yaml-syntax.hint.colon-in-value")
    } else if message.contains("found character that cannot start any token") {
        t("yaml-syntax.hint.quote-start")
    } else if message.contains("did not find expected") {
        t("yaml-syntax.hint.unclosed")
    } else if message.contains("duplicate entry") {
        t("yaml-syntax.hint.duplicate")
    } else {
        t("yaml-syntax.hint.other")
    };
    Diagnostic::error(
        "yaml-syntax",
        origin.file,
        t("yaml-syntax").arg("detail", message),
    )
    .at(origin.text, line, column)
    .with_hint(hint)
}

/// Top-level keys start at column 1; lines of nested values are indented or start with `-`.
fn top_level_key_lines(yaml: &str) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    for (i, line) in yaml.lines().enumerate() {
        let first = match line.chars().next() {
            Some(c) => c,
            None => continue,
        };
        if first.is_whitespace() || first == '#' || first == '-' {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
            lines.entry(key.to_string()).or_insert(i + 1);
        }
    }
    lines
}

pub fn describe(v: &Value) -> String {
    describe_text(v).to_string()
}

/// What a value is, in words of either language.
pub fn describe_text(v: &Value) -> Text {
    match v {
        Value::Null => t("value.nothing"),
        Value::Bool(b) => t("value.bool").arg("value", b),
        Value::Number(n) => t("value.number").arg("value", n),
        Value::String(s) => t("value.text").arg("value", s),
        Value::Sequence(_) => t("value.list"),
        Value::Mapping(_) => t("value.mapping"),
        Value::Tagged(tagged) => t("value.tagged").arg("value", &tagged.tag),
    }
}

pub fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_yaml::from_value(v).map_err(|e| {
        let s = e.to_string();
        s.split(" at line ").next().unwrap_or(&s).to_string()
    })
}

/// Parses a whole YAML document (site-config, i18n files) as a mapping of fields.
pub fn parse_file_fields(file: &str, text: &str) -> Result<Fields, Diagnostic> {
    parse_fields(
        text,
        Origin {
            file,
            text,
            first_line: 1,
        },
    )
}

/// A flat `key: text` file (theme strings); values that are not text are reported.
pub fn parse_string_map(
    file: &str,
    text: &str,
) -> Result<std::collections::BTreeMap<String, String>, Diagnostic> {
    let fields = parse_file_fields(file, text)?;
    let mut map = std::collections::BTreeMap::new();
    for (key, value, line) in fields.entries {
        let text_value = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(Diagnostic::error(
                    "invalid-value",
                    file,
                    t("invalid-value.theme-string")
                        .arg("key", &key)
                        .text("found", describe_text(&other)),
                )
                .at(text, line, 1)
                .with_hint(t("invalid-value.theme-string.hint")));
            }
        };
        map.insert(key, text_value);
    }
    Ok(map)
}

/// Takes the keys it is asked for and reports every problem it meets, then every key nobody took.
pub struct FieldReader<'a> {
    origin: Origin<'a>,
    entries: Vec<(String, Value, usize)>,
    taken: Vec<bool>,
    pub diagnostics: Vec<Diagnostic>,
    /// Line of the opening `---`, for "missing key" errors.
    pub header_line: usize,
}

/// What a key expects, in words a marketer reads, and an example line to copy.
pub struct Expect {
    /// English; its Japanese is in the phrase table (src/util/messages/ja-phrases.txt).
    pub what: &'static str,
    pub example: &'static str,
}

impl<'a> FieldReader<'a> {
    pub fn new(fields: Fields, origin: Origin<'a>, header_line: usize) -> Self {
        let n = fields.entries.len();
        FieldReader {
            origin,
            entries: fields.entries,
            taken: vec![false; n],
            diagnostics: vec![],
            header_line,
        }
    }

    /// A key whose value should be settings (`key: value` pairs): them, nothing when it is not
    /// written or empty, else an error at its line saying what it should be (`should_be`,
    /// "`cta` should be `{label, url, kind}`") and what it is.
    pub fn mapping(&mut self, key: &str, should_be: Text, hint: Text) -> Option<(Mapping, usize)> {
        let (value, line) = self.raw(key)?;
        match value {
            Value::Null => None,
            Value::Mapping(m) => Some((m, line)),
            other => {
                let message = t("invalid-value.should-be")
                    .text("should", should_be)
                    .text("found", describe_text(&other));
                self.invalid(line, message, hint);
                None
            }
        }
    }

    pub fn origin(&self) -> Origin<'a> {
        self.origin
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| k == key)
    }

    pub fn line_of(&self, key: &str) -> usize {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|e| e.2)
            .unwrap_or(self.header_line)
    }

    /// The raw value of a key, marking it as known.
    pub fn raw(&mut self, key: &str) -> Option<(Value, usize)> {
        let i = self.entries.iter().position(|(k, _, _)| k == key)?;
        self.taken[i] = true;
        Some((self.entries[i].1.clone(), self.entries[i].2))
    }

    pub fn optional<T: DeserializeOwned>(&mut self, key: &str, expect: Expect) -> Option<T> {
        let (value, line) = self.raw(key)?;
        if value.is_null() {
            return None;
        }
        let found = describe_text(&value);
        match from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(detail) => {
                self.type_error(key, line, &expect, found, &detail);
                None
            }
        }
    }

    pub fn required<T: DeserializeOwned>(&mut self, key: &str, expect: Expect) -> Option<T> {
        if !self.has(key) || self.entries.iter().any(|(k, v, _)| k == key && v.is_null()) {
            self.raw(key);
            self.missing(key, &expect);
            return None;
        }
        self.optional(key, expect)
    }

    pub fn missing(&mut self, key: &str, expect: &Expect) {
        let d = Diagnostic::error(
            "missing-key",
            self.origin.file,
            t("missing-key").arg("key", key).phrase("what", expect.what),
        )
        .at(self.origin.text, self.header_line, 1)
        .with_hint(t("missing-key.hint").arg("example", expect.example));
        self.diagnostics.push(d);
    }

    fn type_error(&mut self, key: &str, line: usize, expect: &Expect, found: Text, detail: &str) {
        let column = key_column(self.origin.text, line);
        // serde's own words (an unknown variant, say) follow in English only.
        let detail = if detail.starts_with("invalid type") {
            String::new()
        } else {
            format!(" ({detail})")
        };
        let message = t("invalid-value.type")
            .arg("key", key)
            .phrase("what", expect.what)
            .text("found", found)
            .arg("detail", detail);
        let d = Diagnostic::error("invalid-value", self.origin.file, message)
            .at(self.origin.text, line, column)
            .with_hint(t("invalid-value.type.hint").arg("example", expect.example));
        self.diagnostics.push(d);
    }

    /// Reports a value that has the right type but a wrong meaning.
    pub fn invalid(&mut self, line: usize, message: impl Into<Words>, hint: impl Into<Words>) {
        let column = key_column(self.origin.text, line);
        let d = Diagnostic::error("invalid-value", self.origin.file, message)
            .at(self.origin.text, line, column)
            .with_hint(hint);
        self.diagnostics.push(d);
    }

    /// Every key nobody took is unknown: an error with the closest known key as a hint.
    pub fn finish(mut self, known: &[&str]) -> Vec<Diagnostic> {
        for (i, (key, _, line)) in self.entries.iter().enumerate() {
            if self.taken[i] {
                continue;
            }
            let hint = match closest(key, known) {
                Some(k) => t("unknown-key.did-you-mean").arg("closest", k),
                None => t("unknown-key.known").arg("known", known.join(", ")),
            };
            let d = Diagnostic::error(
                "unknown-key",
                self.origin.file,
                t("unknown-key").arg("key", key),
            )
            .at(self.origin.text, *line, 1)
            .with_hint(hint);
            self.diagnostics.push(d);
        }
        self.diagnostics
    }
}

fn key_column(text: &str, line: usize) -> usize {
    text.lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.chars().take_while(|c| c.is_whitespace()).count() + 1)
        .unwrap_or(1)
}

/// The line of an item of a value in `text`: its own line in a block list (`- /old/`) or a
/// nested map, the key's line in the `[a, b]` form.
pub fn item_line(text: &str, key_line: usize, item: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(key_line.saturating_sub(1))
        .take_while(|(i, l)| *i + 1 == key_line || l.starts_with([' ', '\t', '-']))
        .find(|(_, l)| l.contains(item))
        .map_or(key_line, |(i, _)| i + 1)
}

/// The known key nearest in spelling, if it is near enough to be a likely typo.
pub fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .min()
        .map(|(_, k)| k)
}
