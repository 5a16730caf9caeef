//! Errors and warnings as data: every problem found in a run is collected with its file,
//! line and column, so a marketer sees all of them at once and CI can read them as JSON.

use crate::util::messages::{Lang, Text};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, nothing to fix: content scheduled ahead, say. Never fails a run.
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable name of the finding (`unknown-key`, `broken-link`, ...).
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The offending source line, for the terminal report.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The catalog entries `message` and `hint` were written from, to write them again in
    /// another language; `None` for words not in the catalog yet (they stay English).
    #[serde(skip)]
    texts: (Option<Text>, Option<Text>),
}

/// The words of a message or hint: English text as it is, or a catalog entry.
pub enum Words {
    Plain(String),
    Text(Text),
}

impl Words {
    fn split(self) -> (String, Option<Text>) {
        match self {
            Words::Plain(s) => (s, None),
            Words::Text(t) => (t.render(Lang::En), Some(t)),
        }
    }
}

impl From<String> for Words {
    fn from(s: String) -> Self {
        Words::Plain(s)
    }
}

impl From<&str> for Words {
    fn from(s: &str) -> Self {
        Words::Plain(s.to_string())
    }
}

impl From<&String> for Words {
    fn from(s: &String) -> Self {
        Words::Plain(s.clone())
    }
}

impl From<Text> for Words {
    fn from(t: Text) -> Self {
        Words::Text(t)
    }
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<Words>) -> Self {
        let (message, text) = message.into().split();
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            message,
            hint: None,
            source_line: None,
            texts: (text, None),
        }
    }

    pub fn warning(code: &'static str, file: impl Into<String>, message: impl Into<Words>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn note(code: &'static str, file: impl Into<String>, message: impl Into<Words>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Points the diagnostic at a line of `text` (the whole file) and keeps that line for display.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .filter(|_| line > 0)
            .map(str::to_string);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<Words>) -> Self {
        let (hint, text) = hint.into().split();
        self.hint = Some(hint);
        self.texts.1 = text;
        self
    }

    /// Replaces the message with other words (a wider finding built on a narrower one).
    pub fn with_message(mut self, message: impl Into<Words>) -> Self {
        let (message, text) = message.into().split();
        self.message = message;
        self.texts.0 = text;
        self
    }

    /// Writes the message and hint again in `lang`, where they came from the catalog.
    pub fn localize(&mut self, lang: Lang) {
        if let Some(t) = &self.texts.0 {
            self.message = t.render(lang);
        }
        if let Some(t) = &self.texts.1 {
            self.hint = Some(t.render(lang));
        }
    }

    /// The catalog key of the message, if it came from the catalog.
    pub fn message_key(&self) -> Option<&'static str> {
        self.texts.0.as_ref().map(Text::key)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The column (in characters, 1-based) where `word` first stands on a line of `text`, else 1:
/// where a finding about that word points.
pub fn column_of(text: &str, line: usize, word: &str) -> usize {
    text.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find(word).map(|b| l[..b].chars().count() + 1))
        .unwrap_or(1)
}

impl fmt::Display for Diagnostic {
    /// Compiler-style: the message, where it is, the line itself with a caret, then the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let file = visible(&self.file);
        writeln!(f, "{label}: {}", visible(&self.message))?;
        match (self.line, self.column) {
            (0, _) => writeln!(f, "  --> {file}")?,
            (l, 0) => writeln!(f, "  --> {file}:{l}")?,
            (l, c) => writeln!(f, "  --> {file}:{l}:{c}")?,
        }
        if let Some(src) = &self.source_line {
            // A tab stays one cell wide, so the caret below stays under its column.
            let src = visible(&src.replace('\t', " ")).into_owned();
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {src}")?;
            if self.column > 0 {
                let before: String = src.chars().take(self.column - 1).collect();
                // Wide (CJK) characters take two terminal cells; keep the caret under the spot.
                let width: usize = before.chars().map(display_width).sum();
                writeln!(f, "{pad} | {}^", " ".repeat(width))?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {}", visible(hint))?;
        }
        Ok(())
    }
}

/// Control characters (a file name may hold an escape sequence) shown as escapes, never
/// sent to the terminal as they are.
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn display_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Every finding of one run, sorted so that reports are stable from build to build.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Writes every finding in `lang` (see [`crate::util::messages`]).
    pub fn localize(&mut self, lang: Lang) {
        for d in &mut self.0 {
            d.localize(lang);
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}
