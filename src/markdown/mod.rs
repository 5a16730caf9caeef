//! Markdown → HTML with pulldown-cmark: unique heading ids, a table of contents, `@/` links
//! resolved to URLs, relative files resolved to their published address, code highlighted
//! with CSS classes, and a playbook's steps list turned into a checklist.

pub mod highlight;
pub mod raw_html;

use crate::util::diagnostics::Diagnostic;
use crate::util::html::html_escape;
use crate::util::urls::{encode_fragment, slugify};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
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
    /// What raw HTML may do (site-config `markdown.raw_html`).
    pub raw_html: raw_html::RawHtml,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
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

struct TaskListStart {
    list_at: usize,
    item_at: Option<usize>,
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

    /// Whether this task marker opens the first item of a bullet list under the steps heading.
    fn task_list_begins(&self) -> bool {
        // Right after the item's start, or after the paragraph a loose list opens there.
        self.task_list
            .as_ref()
            .and_then(|t| t.item_at)
            .is_some_and(|at| match self.events.len() - at {
                1 => true,
                2 => matches!(self.events[at + 1], Event::Start(Tag::Paragraph)),
                _ => false,
            })
    }

    /// Turns the bullet list whose first item just showed a task marker into the playbook's
    /// checklist, as if it had been written as a numbered list.
    fn task_list_becomes_checklist(&mut self) {
        let Some(TaskListStart {
            list_at,
            item_at: Some(item_at),
        }) = self.task_list.take()
        else {
            return;
        };
        self.steps_pending = false;
        // A <label> holds phrasing content only (see `in_checklist_item`).
        self.events.truncate(item_at + 1);
        let key = html_escape(self.input.checklist_key.unwrap_or_default());
        self.events[list_at] =
            Event::Html(format!("<ol class=\"checklist\" data-checklist=\"{key}\">\n").into());
        self.events[item_at] =
            Event::Html("<li><label><input type=\"checkbox\" data-step=\"1\"> ".into());
        self.checklist = Some(ChecklistState {
            depth: self.list_depth,
            step: 1,
            label_open: true,
        });
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
        let may_be_task_list = self.steps_pending
            && self.checklist.is_none()
            && self.list_depth == 1
            && start.is_none()
            && self.input.checklist_key.is_some();
        if may_be_task_list {
            self.task_list = Some(TaskListStart {
                list_at: self.events.len(),
                item_at: None,
            });
        }
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
        if self.list_depth == 1 {
            self.task_list = None;
        }
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
            _ => {
                if let Some(t) = &mut self.task_list {
                    match t.item_at {
                        None if depth == 1 => t.item_at = Some(self.events.len()),
                        // Only the first item decides.
                        _ => self.task_list = None,
                    }
                }
                self.emit(Event::Start(Tag::Item))
            }
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
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        while self.out.anchors.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.next_suffix.insert(base, n);
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
                } else if looks_like_a_host(path) {
                    format!(
                        "did you mean `https://{dest}`? A link without `https://` is taken as a file beside the document"
                    )
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

/// Whether a relative link's path starts like a web address (`www.acme.com/demo`,
/// `acme.co.jp`) rather than a file (`guide.pdf`, `img/logo.png`).
fn looks_like_a_host(path: &str) -> bool {
    const FILE_ENDINGS: &[&str] = &[
        "md", "html", "htm", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "zip",
        "csv", "txt", "json", "xml", "yaml", "yml", "css", "js", "mp4", "mp3", "webm", "mov",
        "pptx", "ppt", "docx", "doc", "xlsx", "xls", "key", "ics",
    ];
    let host = path.split('/').next().unwrap_or_default();
    let Some((name, ending)) = host.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && (2..=6).contains(&ending.len())
        && ending.chars().all(|c| c.is_ascii_alphabetic())
        && !FILE_ENDINGS.contains(&ending.to_ascii_lowercase().as_str())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
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

#[cfg(test)]
mod tests {
    use super::*;

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
            raw_html: raw_html::RawHtml::Safe,
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
