//! The CommonMark spec's 652 examples (spec 0.31.2, the version pulldown-cmark 0.13
//! implements; tests/fixtures/commonmark/) through journeyhub's own markdown renderer, each
//! compared with the spec's HTML after the spec runner's normalisation
//! (tests/commonmark_normalize/).
//!
//! journeyhub adds two things to every page, and both are checked and then taken off before
//! the comparison, so that the examples say whether the markdown was read as the spec says:
//! every heading carries an id (for the table of contents and `#` links), and every code
//! block is written as the highlighter writes it (`<pre class="code hl-code"
//! data-lang="ruby"><code>` with a span per token) instead of `<pre><code
//! class="language-ruby">`. With `raw_html: allow` every example then passes. With the
//! default settings, the examples in [`LEFT_OUT_BY_SAFE`] differ, by design, and each of
//! them says so as a `raw-html` warning; any other difference fails.

mod commonmark_normalize;

use commonmark_normalize::normalize;
use journeyhub::config::MarkdownConfig;
use journeyhub::markdown::raw_html::RawHtml;
use journeyhub::markdown::{self, Input, LinkError, RenderedMarkdown, Resolver};
use regex::Regex;
use std::collections::HashSet;

/// Examples that the default `raw_html: safe` renders differently from the spec: what it
/// leaves out could run code, or has an address that is not a web, mail or phone one.
const LEFT_OUT_BY_SAFE: &[(usize, &str)] = &[
    (170, "a <script> block is left out"),
    (178, "a <script> block is left out"),
    (
        500,
        "the link's address `foo):` starts with a scheme, `foo:`, that is not http(s), mailto or tel: the link is left out, its text kept",
    ),
    (
        596,
        "an `irc:` autolink is not a web, mail or phone address: its text is kept, not the link",
    ),
    (
        598,
        "`a+b+c:d` is an autolink with the scheme `a+b+c:`: its text is kept, not the link",
    ),
    (
        599,
        "`made-up-scheme://…` likewise: its text is kept, not the link",
    ),
    (
        601,
        "`localhost:5001/foo` is an autolink with the scheme `localhost:`: its text is kept, not the link",
    ),
];

struct Example {
    number: usize,
    /// The line of spec.txt where the example starts.
    line: usize,
    section: String,
    markdown: String,
    html: String,
}

/// The examples of spec.txt, read as the spec's own runner reads them (`get_tests` in
/// test/spec_tests.py): `→` stands for a tab.
fn examples() -> Vec<Example> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/commonmark/spec.txt"
    );
    let text = std::fs::read_to_string(path).expect("the vendored spec");
    let fence = "`".repeat(32);
    let opening = format!("{fence} example");
    let mut examples = vec![];
    let (mut in_markdown, mut in_html) = (false, false);
    let (mut section, mut markdown, mut html, mut start) =
        (String::new(), String::new(), String::new(), 0);
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if trimmed == opening {
            in_markdown = true;
            start = index + 1;
        } else if in_html && trimmed == fence {
            in_html = false;
            examples.push(Example {
                number: examples.len() + 1,
                line: start,
                section: section.clone(),
                markdown: std::mem::take(&mut markdown).replace('→', "\t"),
                html: std::mem::take(&mut html).replace('→', "\t"),
            });
        } else if in_markdown && trimmed == "." {
            in_markdown = false;
            in_html = true;
        } else if in_markdown {
            markdown.push_str(line);
        } else if in_html {
            html.push_str(line);
        } else if let Some(title) = line.trim_start_matches('#').strip_prefix(' ')
            && line.starts_with('#')
        {
            section = title.trim().to_string();
        }
    }
    examples
}

/// A site with no documents and no files: every link is left as written (a relative one
/// is reported as a missing file, which these examples do not look at).
struct NoSite;

impl Resolver for NoSite {
    fn document(&self, target: &str) -> Result<(usize, String), LinkError> {
        let why = journeyhub::util::messages::t("link.no-document");
        Err(LinkError::Missing(
            why.arg("target", target).arg("closest", ""),
        ))
    }
    fn asset(&self, _: &str) -> Option<String> {
        None
    }
}

fn render(markdown: &str, settings: &MarkdownConfig) -> RenderedMarkdown {
    let input = Input {
        file: "content/pages/spec.md",
        text: markdown,
        body: markdown,
        body_line: 1,
        steps_headings: &[],
        checklist_key: None,
        raw_html: settings.raw_html,
        smart_punctuation: settings.smart_punctuation,
    };
    markdown::render(&input, &NoSite)
}

/// Checks journeyhub's additions and takes them off: each heading's id (present, and
/// unique on the page) and the highlighter's markup of each of the `blocks` code blocks
/// (the number the spec's HTML has), spans included.
fn without_additions(html: &str, blocks: usize) -> Result<String, String> {
    let heading = Regex::new(r"<h[1-6][ >]").unwrap();
    let with_id = Regex::new(r#"<(h[1-6]) id="([^"]+)">"#).unwrap();
    let ids: Vec<&str> = with_id
        .captures_iter(html)
        .map(|c| c.get(2).unwrap().as_str())
        .collect();
    if ids.len() != heading.find_iter(html).count() {
        return Err("a heading has no id".into());
    }
    if ids.iter().collect::<HashSet<_>>().len() != ids.len() {
        return Err(format!("two headings share an id: {ids:?}"));
    }
    let html = with_id.replace_all(html, "<$1>");
    let block = Regex::new(
        r#"(?s)<pre class="code hl-code"(?: data-lang="([^"]*)")?><code>(.*?)</code></pre>"#,
    )
    .unwrap();
    if block.find_iter(&html).count() != blocks {
        return Err(format!(
            "{blocks} code blocks are not all written as the highlighter writes them"
        ));
    }
    let token = Regex::new(r#"<span class="hl-[^"]*">|</span>"#).unwrap();
    Ok(block
        .replace_all(&html, |c: &regex::Captures| {
            let code = token.replace_all(&c[2], "");
            match c.get(1) {
                Some(lang) => format!(
                    "<pre><code class=\"language-{}\">{code}</code></pre>",
                    lang.as_str()
                ),
                None => format!("<pre><code>{code}</code></pre>"),
            }
        })
        .into_owned())
}

/// The examples journeyhub renders otherwise than the spec, each with what it wrote.
fn differences(examples: &[Example], settings: &MarkdownConfig) -> Vec<(usize, String)> {
    examples
        .iter()
        .filter_map(|example| {
            let rendered = render(&example.markdown, settings).html;
            let blocks = example.html.matches("<pre><code").count();
            let why = match without_additions(&rendered, blocks) {
                Err(why) => why,
                Ok(html) if normalize(&html) == normalize(&example.html) => return None,
                Ok(html) => format!(
                    "expected {}\n     got {}",
                    normalize(&example.html),
                    normalize(&html)
                ),
            };
            Some((
                example.number,
                format!(
                    "example {} ({}, spec.txt line {}): {:?}\n{why}",
                    example.number, example.section, example.line, example.markdown
                ),
            ))
        })
        .collect()
}

#[test]
fn the_vendored_spec_holds_its_652_examples() {
    let examples = examples();
    assert_eq!(examples.len(), 652);
    assert_eq!(examples[0].markdown, "\tfoo\tbaz\t\tbim\n");
    assert_eq!(examples[0].section, "Tabs");
    assert_eq!(examples[651].section, "Textual content");
    assert!(examples.iter().all(|e| !e.markdown.is_empty()));
}

/// With raw HTML allowed (the setting that keeps it as written, as the spec does) and
/// punctuation kept as typed (the default), every example reads as the spec says.
#[test]
fn every_example_passes_with_raw_html_allowed() {
    let settings = MarkdownConfig {
        raw_html: RawHtml::Allow,
        smart_punctuation: false,
    };
    let failed = differences(&examples(), &settings);
    assert!(
        failed.is_empty(),
        "{} of 652 examples differ:\n{}",
        failed.len(),
        failed
            .iter()
            .map(|(_, why)| why.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// With the settings a site gets when it sets none, only the listed examples differ, and
/// each of them is reported as a `raw-html` warning on its line.
#[test]
fn with_the_default_settings_only_what_raw_html_safe_leaves_out_differs() {
    let settings = MarkdownConfig::default();
    assert_eq!(settings.raw_html, RawHtml::Safe);
    assert!(!settings.smart_punctuation);
    let examples = examples();
    let failed = differences(&examples, &settings);
    let listed: Vec<usize> = LEFT_OUT_BY_SAFE.iter().map(|(n, _)| *n).collect();
    let unexpected: Vec<&str> = failed
        .iter()
        .filter(|(n, _)| !listed.contains(n))
        .map(|(_, why)| why.as_str())
        .collect();
    assert!(
        unexpected.is_empty(),
        "examples that differ and are not listed:\n{}",
        unexpected.join("\n\n")
    );
    let failed: Vec<usize> = failed.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        failed, listed,
        "a listed example now passes: take it off the list"
    );
    for (number, reason) in LEFT_OUT_BY_SAFE {
        let rendered = render(&examples[number - 1].markdown, &settings);
        let warnings: Vec<_> = rendered
            .diagnostics
            .iter()
            .filter(|d| d.code == "raw-html")
            .collect();
        assert!(
            !warnings.is_empty(),
            "example {number} ({reason}) differs without a raw-html warning: {:?}",
            rendered.diagnostics
        );
        assert!(warnings.iter().all(|d| d.line >= 1), "{warnings:?}");
    }
}

/// The additions taken off before comparing are there: headings have ids, and code in a
/// language the highlighter knows is highlighted.
#[test]
fn the_additions_taken_off_are_there_before() {
    let examples = examples();
    let settings = MarkdownConfig::default();
    let find = |markdown: &str| {
        examples
            .iter()
            .find(|e| e.markdown.starts_with(markdown))
            .expect("an example of the spec")
    };
    let headings = render(&find("# foo\n## foo\n").markdown, &settings).html;
    assert!(headings.contains("<h1 id=\"foo\">foo</h1>"), "{headings}");
    assert!(headings.contains("<h6 id=\"foo-5\">foo</h6>"), "{headings}");
    let ruby = find("~~~~    ruby startline=3");
    let code = render(&ruby.markdown, &settings).html;
    assert!(
        code.starts_with("<pre class=\"code hl-code\" data-lang=\"ruby\"><code><span class=\"hl-"),
        "{code}"
    );
    let taken_off = without_additions(&code, 1).unwrap();
    assert_eq!(normalize(&taken_off), normalize(&ruby.html));
    // And what is not one of them still fails the comparison.
    assert!(without_additions("<h2>no id</h2>", 0).is_err());
    assert!(without_additions("<h2 id=\"a\">a</h2><h2 id=\"a\">a</h2>", 0).is_err());
    assert!(without_additions("<pre><code>plain</code></pre>", 1).is_err());
}
