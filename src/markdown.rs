//! Markdown → HTML with pulldown-cmark: unique heading ids, a table of contents, `@/` links
//! resolved to URLs, relative files resolved to their published address, code highlighted
//! with CSS classes, and a playbook's steps list turned into a checklist.

use crate::util::diagnostics::Diagnostic;
use crate::util::urls::{encode_fragment, slugify};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::OnceLock;
use syntect::highlighting::{Color, FontStyle, Highlighter, Theme};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Prefix of the code highlighting's CSS classes, so they never clash with the theme's.
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// How every fenced code block starts (its `data-lang` and `<code>` follow).
pub const CODE_BLOCK_START: &str = "<pre class=\"code hl-code\"";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A `@/` link found in a body, kept to check anchors and to compute backlinks.
#[derive(Debug, Clone)]
pub struct InternalLink {
    pub target: usize,
    pub anchor: Option<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at: headings and footnotes.
    pub anchors: HashSet<String>,
    pub links: Vec<InternalLink>,
    pub steps: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a `@/` link does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// No such published document; the text says why, for the reader.
    Missing(String),
    /// The file exists but failed to load; its own error is reported, not this link.
    Unreadable,
}

/// What the markdown renderer needs to know about the rest of the site.
pub trait Resolver {
    /// Resolves a `@/` content path to (document index, URL), or says why it cannot.
    fn document(&self, target: &str) -> Result<(usize, String), LinkError>;
    /// Resolves a path relative to the document's folder to the asset's URL.
    fn asset(&self, relative: &str) -> Option<String>;
}

pub struct Input<'a> {
    pub file: &'a str,
    /// The whole file, for quoting lines in diagnostics.
    pub text: &'a str,
    pub body: &'a str,
    pub body_line: usize,
    pub steps_headings: &'a [String],
    /// The playbook's URL when its steps list should become a checklist.
    pub checklist_key: Option<&'a str>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

pub fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

pub fn render(input: &Input, resolver: &dyn Resolver) -> RenderedMarkdown {
    let mut r = Renderer {
        input,
        resolver,
        out: RenderedMarkdown::default(),
        line_starts: line_starts(input.body),
        events: Vec::new(),
        heading: None,
        code: None,
        steps_pending: false,
        checklist: None,
        list_depth: 0,
    };
    for (event, range) in Parser::new_ext(input.body, options()).into_offset_iter() {
        r.event(event, range.start);
    }
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.events.into_iter());
    r.out.html = html;
    r.out
}

struct HeadingState<'e> {
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<String>,
    text: String,
    inner: Vec<Event<'e>>,
}

struct ChecklistState {
    depth: usize,
    step: usize,
    label_open: bool,
}

struct Renderer<'a, 'e> {
    input: &'a Input<'a>,
    resolver: &'a dyn Resolver,
    out: RenderedMarkdown,
    line_starts: Vec<usize>,
    events: Vec<Event<'e>>,
    heading: Option<HeadingState<'e>>,
    code: Option<(String, String)>,
    steps_pending: bool,
    checklist: Option<ChecklistState>,
    list_depth: usize,
}

fn line_starts(body: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl<'a, 'e> Renderer<'a, 'e> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let idx = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let col = self.input.body[self.line_starts[idx]..offset]
            .chars()
            .count()
            + 1;
        (self.input.body_line + idx, col)
    }

    fn emit(&mut self, e: Event<'e>) {
        match &mut self.heading {
            Some(h) => {
                if let Event::Text(t) | Event::Code(t) = &e {
                    h.text.push_str(t);
                }
                h.inner.push(e);
            }
            None => self.events.push(e),
        }
    }

    fn event(&mut self, event: Event<'e>, offset: usize) {
        if let Some((lang, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = highlight(code, lang);
                    self.code = None;
                    self.emit(Event::Html(html.into()));
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.steps_pending = false;
                self.heading = Some(HeadingState {
                    level,
                    explicit_id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    text: String::new(),
                    inner: vec![],
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.resolve_link(&dest_url, offset);
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.resolve_link(&dest_url, offset);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(name) => {
                self.out.anchors.insert(name.to_string());
                self.emit(Event::FootnoteReference(name));
            }
            Event::Start(Tag::List(start)) => self.start_list(start),
            Event::End(TagEnd::List(ordered)) => self.end_list(ordered),
            Event::Start(Tag::Item) => self.start_item(),
            Event::End(TagEnd::Item) => self.end_item(),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                if self.in_checklist_item() =>
            {
                // A <label> holds phrasing content only; loose list paragraphs become spaces.
                if matches!(event, Event::End(_)) {
                    self.emit(Event::Text(" ".into()));
                }
            }
            other => self.emit(other),
        }
    }

    fn in_checklist_item(&self) -> bool {
        self.checklist
            .as_ref()
            .is_some_and(|c| c.label_open && self.list_depth == c.depth)
    }

    fn start_list(&mut self, start: Option<u64>) {
        self.list_depth += 1;
        if let Some(c) = &mut self.checklist
            && c.label_open
        {
            c.label_open = false;
            self.events.push(Event::Html("</label>".into()));
        }
        let becomes_checklist = self.steps_pending
            && self.checklist.is_none()
            && self.list_depth == 1
            && start.is_some()
            && self.input.checklist_key.is_some();
        if becomes_checklist {
            self.steps_pending = false;
            self.checklist = Some(ChecklistState {
                depth: self.list_depth,
                step: 0,
                label_open: false,
            });
            let key = html_escape(self.input.checklist_key.unwrap_or_default());
            let start_attr = match start {
                Some(n) if n != 1 => format!(" start=\"{n}\""),
                _ => String::new(),
            };
            self.emit(Event::Html(
                format!("<ol class=\"checklist\" data-checklist=\"{key}\"{start_attr}>\n").into(),
            ));
        } else {
            self.emit(Event::Start(Tag::List(start)));
        }
    }

    fn end_list(&mut self, ordered: bool) {
        let closes_checklist = self
            .checklist
            .as_ref()
            .is_some_and(|c| c.depth == self.list_depth);
        self.list_depth -= 1;
        if closes_checklist {
            let steps = self.checklist.take().map_or(0, |c| c.step);
            self.out.steps += steps;
            self.emit(Event::Html("</ol>\n".into()));
        } else {
            self.emit(Event::End(TagEnd::List(ordered)));
        }
    }

    fn start_item(&mut self) {
        let depth = self.list_depth;
        match &mut self.checklist {
            Some(c) if c.depth == depth => {
                c.step += 1;
                c.label_open = true;
                let step = c.step;
                self.emit(Event::Html(
                    format!("<li><label><input type=\"checkbox\" data-step=\"{step}\"> ").into(),
                ));
            }
            _ => self.emit(Event::Start(Tag::Item)),
        }
    }

    fn end_item(&mut self) {
        let depth = self.list_depth;
        match &mut self.checklist {
            Some(c) if c.depth == depth => {
                let close = if c.label_open {
                    "</label></li>\n"
                } else {
                    "</li>\n"
                };
                c.label_open = false;
                self.emit(Event::Html(close.into()));
            }
            _ => self.emit(Event::End(TagEnd::Item)),
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let base = h
            .explicit_id
            .clone()
            .unwrap_or_else(|| match slugify(&h.text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            });
        let mut id = base.clone();
        let mut n = 1;
        while self.out.anchors.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.out.anchors.insert(id.clone());
        let level = h.level as u8;
        if (2..=4).contains(&level) {
            self.out.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: h.text.trim().to_string(),
            });
        }
        let title = h.text.trim();
        self.steps_pending = self.input.steps_headings.iter().any(|s| s == title);
        let class = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", html_escape(&h.classes.join(" ")))
        };
        self.events.push(Event::Html(
            format!("<h{level} id=\"{}\"{class}>", html_escape(&id)).into(),
        ));
        self.events.extend(h.inner);
        self.events
            .push(Event::Html(format!("</h{level}>\n").into()));
    }

    fn resolve_link(&mut self, dest: &CowStr<'e>, offset: usize) -> CowStr<'e> {
        if let Some(target) = dest.strip_prefix("@/") {
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a.to_string())),
                None => (target, None),
            };
            let (line, column) = self.position(offset);
            return match self.resolver.document(path) {
                Ok((index, url)) => {
                    self.out.links.push(InternalLink {
                        target: index,
                        anchor: anchor.clone(),
                        line,
                        column,
                    });
                    match anchor {
                        Some(a) => format!("{url}#{}", encode_fragment(&a)).into(),
                        None => url.into(),
                    }
                }
                Err(LinkError::Unreadable) => dest.clone(),
                Err(LinkError::Missing(why)) => {
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            "broken-link",
                            self.input.file,
                            format!("the link to `@/{target}` leads nowhere: {why}"),
                        )
                        .at(self.input.text, line, column)
                        .with_hint(
                            "write the path under content/ of an existing document, e.g. `@/playbooks/kickoff.md`",
                        ),
                    );
                    dest.clone()
                }
            };
        }
        if is_external_or_absolute(dest) {
            return dest.clone();
        }
        let (path, rest) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (&dest[..], ""),
        };
        if path.is_empty() {
            return dest.clone();
        }
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        match self.resolver.asset(&decoded) {
            Some(url) => format!("{url}{rest}").into(),
            None => {
                let (line, column) = self.position(offset);
                let hint = if path.ends_with(".md") {
                    format!("link to documents with `@/`, for example `@/{path}`")
                } else {
                    "put the file next to the document (paths are relative to its folder), or under static/ and link to it with a leading `/`".to_string()
                };
                self.out.diagnostics.push(
                    Diagnostic::error(
                        "missing-file",
                        self.input.file,
                        format!("`{path}` does not exist"),
                    )
                    .at(self.input.text, line, column)
                    .with_hint(hint),
                );
                dest.clone()
            }
        }
    }
}

fn is_external_or_absolute(dest: &str) -> bool {
    dest.starts_with('/')
        || dest.starts_with('#')
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
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
    let highlighted = match crate::grammars::Grammar::for_language(lang) {
        Some(grammar) => crate::grammars::push_highlighted(&mut out, code, grammar),
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

/// The two code themes (light, and dark for dark mode) with their colours made readable, and
/// each theme's palette: its distinct token colours, the default first.
struct CodeThemes {
    light: Highlighter<'static>,
    dark: Highlighter<'static>,
    light_palette: Vec<Color>,
    dark_palette: Vec<Color>,
}

fn code_themes() -> &'static CodeThemes {
    static THEMES: OnceLock<(Theme, Theme)> = OnceLock::new();
    static CODE_THEMES: OnceLock<CodeThemes> = OnceLock::new();
    CODE_THEMES.get_or_init(|| {
        let (light, dark) = THEMES.get_or_init(|| {
            let mut themes = syntect::highlighting::ThemeSet::load_defaults().themes;
            let mut light = themes.remove("InspiredGitHub").unwrap_or_default();
            let mut dark = themes.remove("base16-ocean.dark").unwrap_or_default();
            make_readable(&mut light, CODE_BACKGROUND_LIGHT);
            make_readable(&mut dark, CODE_BACKGROUND_DARK);
            (light, dark)
        });
        CodeThemes {
            light: Highlighter::new(light),
            dark: Highlighter::new(dark),
            light_palette: palette(light),
            dark_palette: palette(dark),
        }
    })
}

fn palette(theme: &Theme) -> Vec<Color> {
    let mut colours = vec![theme.settings.foreground.unwrap_or(Color::BLACK)];
    for item in &theme.scopes {
        if let Some(c) = item.style.foreground
            && !colours.contains(&c)
        {
            colours.push(c);
        }
    }
    colours
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

/// Appends `s` with the characters HTML gives a meaning to escaped.
///
/// Every feed entry's body, every value a template prints and every code token passes
/// through here (1.5 % of a build's instructions when it went byte by byte): the next
/// character to escape is looked for eight bytes at a time.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len());
    let mut plain = 0;
    let mut from = 0;
    while let Some(at) = next_html_special(bytes, from) {
        let entity = match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        // The escaped characters are ASCII: `at` and `at + 1` are character boundaries.
        out.push_str(&s[plain..at]);
        out.push_str(entity);
        from = at + 1;
        plain = from;
    }
    out.push_str(&s[plain..]);
}

/// The position of the first `&`, `<`, `>`, `"` or `'` at or after `from`.
fn next_html_special(bytes: &[u8], from: usize) -> Option<usize> {
    use crate::util::byte_scan::{equal_to, first_match};
    first_match(
        bytes,
        from,
        |w| {
            equal_to(w, b'&')
                | equal_to(w, b'<')
                | equal_to(w, b'>')
                | equal_to(w, b'"')
                | equal_to(w, b'\'')
        },
        |b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''),
    )
}

/// The code-block backgrounds of the default theme (`--code-bg` in style.css, light and dark).
/// Token colours are checked against these.
const CODE_BACKGROUND_LIGHT: (u8, u8, u8) = (0xf3, 0xf5, 0xfa);
const CODE_BACKGROUND_DARK: (u8, u8, u8) = (0x12, 0x16, 0x2b);

/// WCAG AA for normal-size text. Code is set small, so the large-text allowance never applies.
const MINIMUM_CONTRAST: f64 = 4.5;

/// The stylesheet for highlighted code: a light theme, and a dark one for dark mode.
///
/// syntect's bundled themes predate WCAG: several of InspiredGitHub's greens and greys fall
/// below 3:1 on a light background. Each token colour is therefore moved towards black (light)
/// or white (dark), keeping its hue, just far enough to reach 4.5:1 on the theme's code
/// background. Colours that already pass are left as the theme's authors chose them.
///
/// The classes are the palette indexes that [`token_class`] gives tokens, so the stylesheet
/// does not depend on the content: every colour of both themes is listed.
pub fn syntax_css() -> String {
    let themes = code_themes();
    let p = HIGHLIGHT_PREFIX;
    let rules = |palette: &[Color], side: char| {
        let mut css = format!(".{p}code {{ color: {}; }}\n", hex(palette[0]));
        for (i, c) in palette.iter().enumerate().skip(1) {
            css.push_str(&format!(
                ".{p}code .{p}{side}{i} {{ color: {}; }}\n",
                hex(*c)
            ));
        }
        css.push_str(&format!(
            ".{p}code .{p}{side}b {{ font-weight: bold; }}\n\
             .{p}code .{p}{side}i {{ font-style: italic; }}\n\
             .{p}code .{p}{side}u {{ text-decoration: underline; }}\n"
        ));
        css
    };
    format!(
        "/* Generated by journeyhub from syntect's InspiredGitHub and base16-ocean.dark themes,\n   \
         with token colours raised to WCAG AA contrast on the theme's code background.\n   \
         hl-lN / hl-dN: colour N of the light / dark theme; b, i, u: bold, italic, underline. */\n\
         {}\
         @media (prefers-color-scheme: dark) {{\n\
         /* The light theme's classes stay on the tokens: undo them first. */\n\
         .{p}code [class] {{ color: inherit; font-weight: inherit; font-style: inherit; text-decoration: inherit; }}\n\
         {}\
         }}\n",
        rules(&themes.light_palette, 'l'),
        rules(&themes.dark_palette, 'd'),
    )
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

fn make_readable(theme: &mut syntect::highlighting::Theme, background: (u8, u8, u8)) {
    // The theme's own background is replaced by the page's code background in style.css.
    theme.settings.background = None;
    if let Some(colour) = theme.settings.foreground.as_mut() {
        *colour = readable_on(*colour, background);
    }
    for item in &mut theme.scopes {
        if let Some(colour) = item.style.foreground.as_mut() {
            *colour = readable_on(*colour, background);
        }
        // A token's own background would change what its text is read against.
        item.style.background = None;
    }
}

/// `colour` blended over `background` (themes use alpha for faint tokens), then darkened or
/// lightened in small steps until it reaches [`MINIMUM_CONTRAST`].
fn readable_on(
    colour: syntect::highlighting::Color,
    background: (u8, u8, u8),
) -> syntect::highlighting::Color {
    let alpha = f64::from(colour.a) / 255.0;
    let blend = |c: u8, b: u8| (f64::from(c) * alpha + f64::from(b) * (1.0 - alpha)).round();
    let start = [
        blend(colour.r, background.0),
        blend(colour.g, background.1),
        blend(colour.b, background.2),
    ];
    let bg = [background.0, background.1, background.2].map(f64::from);
    let towards = if relative_luminance(bg) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mut rgb = start;
    for step in 0..=100 {
        let t = f64::from(step) / 100.0;
        rgb = start.map(|c| (c + (towards - c) * t).round());
        if contrast_ratio(rgb, bg) >= MINIMUM_CONTRAST {
            break;
        }
    }
    syntect::highlighting::Color {
        r: rgb[0] as u8,
        g: rgb[1] as u8,
        b: rgb[2] as u8,
        a: 0xff,
    }
}

/// WCAG 2 relative luminance of an sRGB colour given as 0–255 channels.
fn relative_luminance(rgb: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

fn contrast_ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_finds_every_special_character_wherever_it_sits() {
        fn one_by_one(s: &str) -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        }
        // Each special character at every offset within and across eight-byte words,
        // beside multi-byte characters and bytes one above a special (0x27 after 0x26).
        let mut cases = vec![
            String::new(),
            "顧客".into(),
            "&'".into(),
            "a&&&&&&&&&b".into(),
        ];
        for special in ['&', '<', '>', '"', '\''] {
            for at in 0..20 {
                let mut s: String = "abcdefghijklmnopqrstu".chars().take(at).collect();
                s.push(special);
                s.push_str("ジャーニー!'(=?>");
                cases.push(s);
            }
        }
        for case in cases {
            assert_eq!(html_escape(&case), one_by_one(&case), "{case:?}");
        }
    }

    struct NoSite;
    impl Resolver for NoSite {
        fn document(&self, target: &str) -> Result<(usize, String), LinkError> {
            if target == "playbooks/a.md" {
                Ok((7, "/playbooks/a/".into()))
            } else {
                Err(LinkError::Missing("no such document".into()))
            }
        }
        fn asset(&self, relative: &str) -> Option<String> {
            (relative == "img/x.png").then(|| "/playbooks/img/x.png".to_string())
        }
    }

    fn run(body: &str, checklist: bool) -> RenderedMarkdown {
        let headings = vec!["手順".to_string(), "Steps".to_string()];
        let input = Input {
            file: "content/playbooks/t.md",
            text: body,
            body,
            body_line: 1,
            steps_headings: &headings,
            checklist_key: checklist.then_some("/playbooks/t/"),
        };
        render(&input, &NoSite)
    }

    #[test]
    fn headings_get_unique_japanese_ids_and_a_toc() {
        let r = run("## 準備\n\n## 準備\n\n### Step 1: Go {#go}\n", false);
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["準備", "準備-1", "go"]);
        assert!(r.html.contains("<h2 id=\"準備-1\">準備</h2>"));
    }

    #[test]
    fn steps_list_becomes_a_checklist() {
        let r = run(
            "## 手順\n\n1. 一つ目\n2. **二つ目**\n\ntext\n\n1. other\n",
            true,
        );
        assert_eq!(r.steps, 2);
        assert!(
            r.html
                .contains("<ol class=\"checklist\" data-checklist=\"/playbooks/t/\">")
        );
        assert!(
            r.html
                .contains("data-step=\"2\"> <strong>二つ目</strong></label></li>")
        );
        assert_eq!(r.html.matches("type=\"checkbox\"").count(), 2);
    }

    #[test]
    fn links_resolve_and_broken_ones_are_reported_with_their_line() {
        let r = run(
            "text\n\n[a](@/playbooks/a.md#x) ![i](img/x.png)\n\n[b](@/nope.md) [c](missing.pdf)\n",
            false,
        );
        assert!(r.html.contains("href=\"/playbooks/a/#x\""));
        assert!(r.html.contains("src=\"/playbooks/img/x.png\""));
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].line, 3);
        let lines: Vec<_> = r.diagnostics.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(lines, [("broken-link", 5), ("missing-file", 5)]);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = run("```sql\nSELECT 1;\n```\n", false);
        assert!(
            r.html
                .contains("<pre class=\"code hl-code\" data-lang=\"sql\">")
        );
        assert!(r.html.contains("class=\"hl-"));
        assert!(!r.html.contains("style="));
    }

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

    /// Every colour the code stylesheet gives a token reaches WCAG AA on the code background of
    /// its scheme, as the browser suite's axe-core check expects.
    #[test]
    fn syntax_colours_meet_wcag_aa_on_the_code_background() {
        let css = syntax_css();
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .unwrap();
        for (part, background) in [(light, CODE_BACKGROUND_LIGHT), (dark, CODE_BACKGROUND_DARK)] {
            let bg = [background.0, background.1, background.2].map(f64::from);
            let mut checked = 0;
            for declaration in part.split(';') {
                let Some((_, value)) = declaration.split_once(" color:") else {
                    continue;
                };
                // `inherit` undoes the light theme's classes in dark mode.
                let Some(hex) = value.trim().strip_prefix('#') else {
                    assert_eq!(value.trim(), "inherit");
                    continue;
                };
                let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
                let ratio = contrast_ratio([channel(0), channel(2), channel(4)], bg);
                assert!(ratio >= MINIMUM_CONTRAST, "#{hex} is {ratio:.2}:1");
                checked += 1;
            }
            assert!(checked > 10, "only {checked} colours found in:\n{part}");
        }
    }
}
