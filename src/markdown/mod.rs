//! Markdown → HTML with pulldown-cmark: unique heading ids, a table of contents, `@/` links
//! resolved to URLs, relative files resolved to their published address, code highlighted
//! with CSS classes, and a playbook's steps list turned into a checklist.

mod checklist;
pub mod highlight;
mod links;
pub mod raw_html;

use checklist::{ChecklistState, TaskListStart};

use crate::util::diagnostics::Diagnostic;
use crate::util::html::html_escape;
use crate::util::urls::slugify;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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
    Missing(crate::util::messages::Text),
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
    /// What raw HTML may do (site-config `markdown.raw_html`).
    pub raw_html: raw_html::RawHtml,
    /// Typographic quotes and dashes (site-config `markdown.smart_punctuation`).
    pub smart_punctuation: bool,
}

/// Readies the highlighting of the code blocks in `bodies` before they are rendered (see
/// [`highlight::prepare`]). The fences are found line by line, not by a markdown parser: one
/// missed here (in a list item, say) is readied by the first body that needs it, as before.
pub fn prepare_highlighting(bodies: &[&str]) {
    use rayon::prelude::*;
    let languages: HashSet<&str> = bodies
        .par_iter()
        .fold(HashSet::new, |mut found, body| {
            found.extend(body.lines().filter_map(fence_language));
            found
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    highlight::prepare(languages);
}

/// The language named by a line that opens a fenced code block (```` ```python ````).
fn fence_language(line: &str) -> Option<&str> {
    let line = line.trim_start_matches([' ', '\t', '>']);
    let info = line
        .strip_prefix("```")
        .or_else(|| line.strip_prefix("~~~"))?
        .trim_start_matches(['`', '~', ' ']);
    info.split(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()
        .filter(|lang| !lang.is_empty())
}

/// The markdown extensions journeyhub reads, with typographic punctuation when asked for.
pub fn options(smart_punctuation: bool) -> Options {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options | Options::ENABLE_SMART_PUNCTUATION
    } else {
        options
    }
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
        task_list: None,
        list_depth: 0,
        next_suffix: HashMap::new(),
        html_block: None,
        dropped_link: false,
        dropped_image: false,
        last_position: std::cell::Cell::new((0, 0, 1)),
    };
    for (event, range) in
        Parser::new_ext(input.body, options(input.smart_punctuation)).into_offset_iter()
    {
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
    /// A bullet list right under the steps heading, which becomes the checklist if its first
    /// item turns out to be a task (`- [ ] …`): where its start and its first item were put.
    task_list: Option<TaskListStart>,
    list_depth: usize,
    /// The next number to try after each heading id, so that 20,000 identical headings do
    /// not each count up from 1 again.
    next_suffix: HashMap<String, usize>,
    /// A raw HTML block being gathered (its text and where it starts), cleaned as a whole.
    html_block: Option<(String, usize)>,
    /// A link or image whose address was dropped: its closing tag is dropped too.
    dropped_link: bool,
    dropped_image: bool,
    /// The last offset asked for, its line index and column: positions are asked for in
    /// order, so a long line is counted once, not again for every link on it.
    last_position: std::cell::Cell<(usize, usize, usize)>,
}

fn line_starts(body: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl<'a, 'e> Renderer<'a, 'e> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let idx = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_idx, last_col) = self.last_position.get();
        let col = if last_idx == idx && last_offset <= offset {
            last_col + self.input.body[last_offset..offset].chars().count()
        } else {
            self.input.body[self.line_starts[idx]..offset]
                .chars()
                .count()
                + 1
        };
        self.last_position.set((offset, idx, col));
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
                    let html = highlight::highlight(code, lang);
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
                if self.drops_address(&dest_url, false, offset) {
                    self.dropped_link = true;
                    return;
                }
                // `<support@acme.com>` is an address, not a file beside the document; the
                // HTML writer puts `mailto:` before it.
                let dest = if link_type == pulldown_cmark::LinkType::Email {
                    dest_url
                } else {
                    self.resolve_link(&dest_url, offset)
                };
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
                if self.drops_address(&dest_url, true, offset) {
                    self.dropped_image = true;
                    return;
                }
                let dest = self.resolve_link(&dest_url, offset);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) if self.dropped_link => self.dropped_link = false,
            Event::End(TagEnd::Image) if self.dropped_image => self.dropped_image = false,
            Event::Start(Tag::HtmlBlock) => self.html_block = Some((String::new(), offset)),
            Event::Html(html) if self.html_block.is_some() => {
                if let Some((text, _)) = &mut self.html_block {
                    text.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            Event::InlineHtml(html) => self.inline_html(html, offset),
            Event::FootnoteReference(name) => {
                self.out.anchors.insert(name.to_string());
                self.emit(Event::FootnoteReference(name));
            }
            Event::TaskListMarker(_) if self.in_checklist_item() => {}
            Event::TaskListMarker(_) if self.task_list_begins() => {
                self.task_list_becomes_checklist();
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

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let base = h
            .explicit_id
            .clone()
            .unwrap_or_else(|| match slugify(&h.text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            });
        let (id, _) = unique_id(&self.out.anchors, &mut self.next_suffix, base);
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
}

/// The first of `base`, `base-1`, `base-2`, ... that is not taken, and how many were tried.
/// Each base remembers where it got to: ten thousand equal headings try about ten thousand
/// ids, not fifty million.
fn unique_id(
    taken: &HashSet<String>,
    next_suffix: &mut HashMap<String, usize>,
    base: String,
) -> (String, usize) {
    let mut id = base.clone();
    let mut n = next_suffix.get(&base).copied().unwrap_or(1);
    let mut tried = 1;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
        tried += 1;
    }
    next_suffix.insert(base, n);
    (id, tried)
}

#[cfg(test)]
mod tests {
    use super::links::looks_like_a_host;
    use super::*;

    #[test]
    fn fences_name_the_language_their_blocks_are_highlighted_in() {
        let body = "Intro\n\n```python\nx = 1\n```\n\n> ~~~ yaml {.config}\n> a: 1\n> ~~~\n\n````ts,linenos\nlet a;\n````\n\n```\nplain\n```\n";
        let languages: Vec<&str> = body.lines().filter_map(fence_language).collect();
        assert_eq!(languages, ["python", "yaml", "ts"]);
        // Readying them compiles what the blocks then use: the result is the same either way.
        let before = highlight::highlight("x = 1", "python");
        prepare_highlighting(&[body]);
        assert_eq!(highlight::highlight("x = 1", "python"), before);
    }

    struct NoSite;
    impl Resolver for NoSite {
        fn document(&self, target: &str) -> Result<(usize, String), LinkError> {
            if target == "playbooks/a.md" {
                Ok((7, "/playbooks/a/".into()))
            } else {
                Err(LinkError::Missing(
                    crate::util::messages::t("link.no-document")
                        .arg("target", target)
                        .arg("closest", ""),
                ))
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
            raw_html: raw_html::RawHtml::Safe,
            smart_punctuation: false,
        };
        render(&input, &NoSite)
    }

    /// Repeated headings cost a step each, however many there are (a count, not a time:
    /// retrying from 1 each time tried n²/2 ids).
    #[test]
    fn repeated_heading_ids_are_found_in_a_step_or_two_each() {
        let mut taken = HashSet::from(["a-2".to_string()]);
        let mut next = HashMap::new();
        let n = 20_000;
        let mut tried = 0;
        let mut ids = vec![];
        for _ in 0..n {
            let (id, t) = unique_id(&taken, &mut next, "a".to_string());
            taken.insert(id.clone());
            ids.push(id);
            tried += t;
        }
        assert_eq!(&ids[..4], ["a", "a-1", "a-3", "a-4"]);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), n);
        assert!(tried <= 2 * n + 2, "{tried} ids tried for {n} headings");
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
    fn a_task_list_under_the_steps_heading_is_the_checklist() {
        let r = run(
            "## 手順\n\n- [ ] 一つ目\n- [x] **二つ目**\n\ntext\n\n- [ ] not a step\n",
            true,
        );
        assert_eq!(r.steps, 2, "{}", r.html);
        assert!(
            r.html
                .contains("<ol class=\"checklist\" data-checklist=\"/playbooks/t/\">"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("data-step=\"2\"> <strong>二つ目</strong></label></li>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("type=\"checkbox\"").count(), 3, "{}", r.html);
        assert_eq!(
            r.html.matches("disabled").count(),
            1,
            "the later list stays a task list"
        );
        // Loose items, with a blank line between them, too.
        let loose = run("## Steps\n\n- [ ] one\n\n- [ ] two\n", true);
        assert_eq!(loose.steps, 2, "{}", loose.html);
        assert!(!loose.html.contains("<p>"), "{}", loose.html);
        // A plain bullet list there is not the steps, and a numbered one after it still is.
        let plain = run("## Steps\n\n- note\n\n1. one\n2. two\n", true);
        assert_eq!(plain.steps, 2, "{}", plain.html);
        assert!(plain.html.contains("<ul>\n<li>note</li>"), "{}", plain.html);
    }

    #[test]
    fn punctuation_is_typographic_only_when_asked_for() {
        let text = "Run it with --dry-run first. Our 27\" display, \"quoted\", a------\n";
        let headings = vec![];
        let render_with = |smart: bool| {
            let input = Input {
                file: "content/pages/t.md",
                text,
                body: text,
                body_line: 1,
                steps_headings: &headings,
                checklist_key: None,
                raw_html: raw_html::RawHtml::Safe,
                smart_punctuation: smart,
            };
            render(&input, &NoSite).html
        };
        assert_eq!(
            render_with(false),
            "<p>Run it with --dry-run first. Our 27\" display, \"quoted\", a------</p>\n"
        );
        let smart = render_with(true);
        assert!(
            smart.contains("–dry-run") && smart.contains("“quoted”"),
            "{smart}"
        );
    }

    #[test]
    fn an_email_autolink_is_a_mailto_link_not_a_file() {
        let r = run("Questions? Email <support@acme.com>.\n", false);
        assert!(
            r.html
                .contains("<a href=\"mailto:support@acme.com\">support@acme.com</a>"),
            "{}",
            r.html
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn a_link_that_looks_like_a_host_is_told_to_start_with_https() {
        let r = run("[demo](www.acme.com/demo) [guide](guide.pdf)\n", false);
        let hints: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| d.hint.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(r.diagnostics.len(), 2);
        assert!(
            hints[0].starts_with("did you mean `https://www.acme.com/demo`?"),
            "{hints:?}"
        );
        assert!(!hints[1].contains("https://"), "{hints:?}");
        assert!(looks_like_a_host("acme.co.jp") && looks_like_a_host("www.example.com"));
        assert!(!looks_like_a_host("img/logo.png") && !looks_like_a_host("slides.pptx"));
        assert!(!looks_like_a_host("README") && !looks_like_a_host("v1.2/notes"));
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
}
