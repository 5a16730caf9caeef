//! Code blocks highlighted with CSS classes: tree-sitter for the languages it has a grammar
//! for here (`tree_sitter.rs`), syntect's grammars for the rest, both coloured by syntect's
//! themes (`colours.rs`) and written as one flat span per run of text that looks the same.

mod colours;
pub(crate) mod tree_sitter;

use crate::util::html::push_escaped;
use colours::code_themes;
pub use colours::syntax_css;
use std::sync::OnceLock;
use syntect::highlighting::FontStyle;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;
/// Prefix of the code highlighting's CSS classes, so they never clash with the theme's.
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// How every fenced code block starts (its `data-lang` and `<code>` follow).
pub const CODE_BLOCK_START: &str = "<pre class=\"code hl-code\"";

pub fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Compiles the grammars of these code block languages side by side. A grammar is otherwise
/// compiled by the first block that needs it, and every thread with a block in that
/// language waits for it: tree-sitter takes 5–40 ms a grammar, and at 1,000 documents in
/// six languages the other thread of a 2-core machine waited some 60 ms in all.
pub fn prepare<'a>(languages: impl IntoIterator<Item = &'a str>) {
    let mut grammars = vec![];
    let mut syntect = false;
    for lang in languages {
        match tree_sitter::Grammar::for_language(lang) {
            Some(grammar) if !grammars.contains(&grammar) => grammars.push(grammar),
            Some(_) => {}
            None => syntect = true,
        }
    }
    rayon::scope(|scope| {
        if syntect {
            scope.spawn(|_| {
                syntax_set();
            });
        }
        for grammar in grammars {
            scope.spawn(move |_| grammar.prepare());
        }
    });
}

/// Highlights with CSS classes (styled by the generated syntax.css), never inline colours.
pub fn highlight(code: &str, lang: &str) -> String {
    let mut out = String::with_capacity(code.len() * 3 + 80);
    out.push_str(CODE_BLOCK_START);
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        push_escaped(&mut out, lang);
        out.push('"');
    }
    out.push_str("><code>");
    let start = out.len();
    let highlighted = match tree_sitter::Grammar::for_language(lang) {
        Some(grammar) => tree_sitter::push_highlighted(&mut out, code, grammar),
        None if lang.is_empty() => false,
        None => {
            let set = syntax_set();
            set.find_syntax_by_token(lang)
                .is_some_and(|syntax| push_highlighted(&mut out, code, syntax, set))
        }
    };
    if !highlighted {
        out.truncate(start);
        push_escaped(&mut out, code);
    }
    out.push_str("</code></pre>\n");
    out
}

/// The `class` of a token with this scope stack: its colour and font style in the light
/// theme (`hl-l3`, `hl-lb`) and in the dark one (`hl-d5`); empty when both are the default.
///
/// One span per token with at most a few short classes, instead of one nested span per
/// scope with every scope name: a highlighted block is a quarter of the bytes it was.
pub(crate) fn token_class(stack: &[Scope]) -> Box<str> {
    let themes = code_themes();
    let mut classes: Vec<String> = vec![];
    for (highlighter, colours, side) in [
        (&themes.light, &themes.light_palette, 'l'),
        (&themes.dark, &themes.dark_palette, 'd'),
    ] {
        let style = highlighter.style_for_stack(stack);
        match colours.iter().position(|c| *c == style.foreground) {
            Some(0) | None => {}
            Some(i) => classes.push(format!("{HIGHLIGHT_PREFIX}{side}{i}")),
        }
        for (flag, letter) in FONT_STYLE_CLASSES {
            if style.font_style.contains(flag) {
                classes.push(format!("{HIGHLIGHT_PREFIX}{side}{letter}"));
            }
        }
    }
    classes.join(" ").into_boxed_str()
}

const FONT_STYLE_CLASSES: [(FontStyle, char); 3] = [
    (FontStyle::BOLD, 'b'),
    (FontStyle::ITALIC, 'i'),
    (FontStyle::UNDERLINE, 'u'),
];

/// Token classes by scope stack. A token's class depends only on its scope stack, and a few
/// hundred stacks cover a whole site: each is resolved against both themes once per thread.
pub(crate) struct ClassCache {
    by_stack: hashbrown::HashMap<Vec<Scope>, u32>,
    /// Distinct class attributes; 0 is the empty one (default colours, no span).
    pub(crate) names: Vec<Box<str>>,
}

impl Default for ClassCache {
    fn default() -> Self {
        ClassCache {
            by_stack: Default::default(),
            names: vec!["".into()],
        }
    }
}

impl ClassCache {
    /// The class of a token with this scope stack, as an index into `names`.
    pub(crate) fn id(&mut self, stack: &[Scope]) -> u32 {
        if let Some(id) = self.by_stack.get(stack) {
            return *id;
        }
        let name = token_class(stack);
        let id = match self.names.iter().position(|n| *n == name) {
            Some(i) => i,
            None => {
                self.names.push(name);
                self.names.len() - 1
            }
        } as u32;
        self.by_stack.insert(stack.to_vec(), id);
        id
    }
}

/// Appends `code` highlighted as `syntax`; false when syntect cannot parse it.
fn push_highlighted(
    out: &mut String,
    code: &str,
    syntax: &syntect::parsing::SyntaxReference,
    set: &SyntaxSet,
) -> bool {
    thread_local! {
        static CLASSES: std::cell::RefCell<ClassCache> = Default::default();
    }
    CLASSES.with_borrow_mut(|cache| {
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        // The class of the text from here on.
        let mut class = 0u32;
        let mut spans = FlatSpans::default();
        for line in LinesWithEndings::from(code) {
            let Ok(ops) = state.parse_line(line, set) else {
                return false;
            };
            let mut pos = 0;
            // Several operations often share a position (a scope closes, another opens):
            // the class is looked up once they are all applied, before the text after them.
            let mut stack_changed = false;
            for (at, op) in &ops {
                if *at > pos {
                    if stack_changed {
                        class = cache.id(stack.as_slice());
                    }
                    spans.push(out, &line[pos..*at], class, &cache.names);
                    pos = *at;
                }
                if stack.apply(op).is_err() {
                    return false;
                }
                stack_changed = true;
            }
            if stack_changed {
                class = cache.id(stack.as_slice());
            }
            spans.push(out, &line[pos..], class, &cache.names);
        }
        spans.close(out);
        true
    })
}

/// Writes highlighted text as one flat span per run of text with the same class, never
/// nested, and no span around text in the default colours.
#[derive(Default)]
pub(crate) struct FlatSpans {
    /// The class of the span left open; 0 when none is.
    open: u32,
}

impl FlatSpans {
    /// Appends `text` in class `class`, an index into `names` (0 is the empty class).
    pub(crate) fn push(&mut self, out: &mut String, text: &str, class: u32, names: &[Box<str>]) {
        if text.is_empty() {
            return;
        }
        if class != self.open {
            if self.open != 0 {
                out.push_str("</span>");
            }
            if class != 0 {
                out.push_str("<span class=\"");
                out.push_str(&names[class as usize]);
                out.push_str("\">");
            }
            self.open = class;
        }
        push_escaped(out, text);
    }

    pub(crate) fn close(self, out: &mut String) {
        if self.open != 0 {
            out.push_str("</span>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One flat span per run of tokens that look the same, its classes naming the colour
    /// and font style in each theme; text in the default colours has no span.
    #[test]
    fn tokens_get_one_flat_span_per_look() {
        let html = highlight("SELECT a, b FROM t WHERE x < 'q&a';\n", "sql");
        let code = html
            .strip_prefix("<pre class=\"code hl-code\" data-lang=\"sql\"><code>")
            .and_then(|h| h.strip_suffix("</code></pre>\n"))
            .unwrap();
        let tags: Vec<bool> = code
            .match_indices('<')
            .map(|(i, _)| !code[i..].starts_with("</"))
            .collect();
        assert!(
            tags.chunks(2).all(|pair| pair == [true, false]),
            "spans open and close in turn, never nested: {code}"
        );
        let keyword = sql_class("keyword.other.DML.sql");
        assert!(
            code.starts_with(&format!("<span class=\"{keyword}\">SELECT</span> a, b ")),
            "{code}"
        );
        assert!(
            keyword.contains("hl-lb"),
            "InspiredGitHub sets keywords bold"
        );
        // Text is escaped once, inside or outside spans.
        assert!(code.contains("q&amp;a") && code.contains("&lt;") && code.contains("&#39;"));
        let text = text_of(code);
        assert_eq!(text, "SELECT a, b FROM t WHERE x < 'q&a';\n");
        // Unknown languages and no language are escaped text.
        assert_eq!(
            highlight("<b>", "nosuchlanguage"),
            "<pre class=\"code hl-code\" data-lang=\"nosuchlanguage\"><code>&lt;b&gt;</code></pre>\n"
        );
        assert_eq!(
            highlight("x", ""),
            "<pre class=\"code hl-code\"><code>x</code></pre>\n"
        );
    }

    /// The class of a token with this scope inside SQL source.
    fn sql_class(scope: &str) -> String {
        let stack = [
            Scope::new("source.sql").unwrap(),
            Scope::new(scope).unwrap(),
        ];
        token_class(&stack).into()
    }

    /// The text of highlighted HTML: tags dropped, the five entities decoded.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }
}
