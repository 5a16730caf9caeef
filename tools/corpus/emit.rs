//! Writes a planned corpus as a site for one tool. The three sites hold the same documents,
//! words, code blocks, links and terms; only the spelling differs: front-matter keys, link
//! syntax, and the config and templates each tool needs.

use crate::body::{Block, Inline, Target, body, stage_body};
use crate::front::{Format, journeyhub_front, peer_front, stage_front};
use crate::plan::{Plan, STAGES};
use crate::text::{Lang, count_words};
use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

static HUGO_SKELETON: Dir = include_dir!("$CARGO_MANIFEST_DIR/bench/peers/hugo");

static ZOLA_SKELETON: Dir = include_dir!("$CARGO_MANIFEST_DIR/bench/peers/zola");

#[derive(Default)]
pub struct Stats {
    pub files: usize,
    pub bytes: usize,
    pub words: usize,
    pub links: usize,
    pub code_blocks: usize,
    /// Characters of the text but for spaces, and how many of them are kana or kanji.
    pub chars: usize,
    pub japanese_chars: usize,
    /// Words of each document, for the summary line.
    pub doc_words: Vec<usize>,
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.words += other.words;
        self.links += other.links;
        self.code_blocks += other.code_blocks;
        self.chars += other.chars;
        self.japanese_chars += other.japanese_chars;
        self.doc_words.extend(other.doc_words);
    }
}

struct Writer<'a> {
    plan: &'a Plan,
    format: Format,
    lang: Lang,
    links: usize,
    code_blocks: usize,
}

impl Writer<'_> {
    fn link(&mut self, target: Target, anchor: Option<&str>) -> String {
        self.links += 1;
        let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        let path = match target {
            Target::Unit(i) => {
                let unit = &self.plan.units[i];
                match self.format {
                    // journeyhub and Hugo find the reader's language from the page linking.
                    Format::Journeyhub | Format::Hugo => unit.content_path(Lang::Ja),
                    Format::Zola => unit.content_path(self.lang),
                }
            }
            Target::Stage(s) => match (self.format, self.lang) {
                (Format::Zola, Lang::En) => format!("stages/{}.en.md", STAGES[s].id),
                _ => format!("stages/{}.md", STAGES[s].id),
            },
        };
        match self.format {
            Format::Journeyhub | Format::Zola => format!("@/{path}{fragment}"),
            Format::Hugo => format!("{{{{< ref \"/{path}{fragment}\" >}}}}"),
        }
    }

    fn inlines(&mut self, out: &mut String, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(t),
                Inline::Strong(t) => {
                    let _ = write!(out, "**{t}**");
                }
                Inline::Code(t) => {
                    let _ = write!(out, "`{t}`");
                }
                Inline::Link {
                    text,
                    target,
                    anchor,
                } => {
                    let dest = self.link(*target, *anchor);
                    let _ = write!(out, "[{text}]({dest})");
                }
                Inline::External { text, url } => {
                    let _ = write!(out, "[{text}]({url})");
                }
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            match b {
                Block::Heading { level, text, id } => {
                    out.push_str(&"#".repeat(*level as usize));
                    out.push(' ');
                    out.push_str(text);
                    if let Some(id) = id {
                        let _ = write!(out, " {{#{id}}}");
                    }
                    out.push('\n');
                }
                Block::Para(inlines) => {
                    self.inlines(&mut out, inlines);
                    out.push('\n');
                }
                Block::List { ordered, items } => {
                    for (n, item) in items.iter().enumerate() {
                        if *ordered {
                            let _ = write!(out, "{}. ", n + 1);
                        } else {
                            out.push_str("- ");
                        }
                        self.inlines(&mut out, item);
                        out.push('\n');
                    }
                }
                Block::Code { lang, code } => {
                    self.code_blocks += 1;
                    let _ = write!(out, "```{lang}\n{code}```\n");
                }
                Block::Table { head, rows } => {
                    let _ = writeln!(out, "| {} |", head.join(" | "));
                    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                    for r in rows {
                        let _ = writeln!(out, "| {} |", r.join(" | "));
                    }
                }
                Block::Quote(t) => {
                    let _ = writeln!(out, "> {t}");
                }
            }
            out.push('\n');
        }
        out
    }
}

fn write_file(root: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, text)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

fn document(
    plan: &Plan,
    format: Format,
    lang: Lang,
    front: String,
    blocks: &[Block],
) -> (String, Stats) {
    let mut w = Writer {
        plan,
        format,
        lang,
        links: 0,
        code_blocks: 0,
    };
    let body = w.blocks(blocks);
    let words: usize = blocks
        .iter()
        .map(|b| count_words(lang, &block_text(b)))
        .sum();
    // The share of Japanese is the body's: front matter is mostly ASCII keys.
    let (chars, japanese_chars) =
        body.chars()
            .filter(|c| !c.is_whitespace())
            .fold((0, 0), |(all, ja), c| {
                let kana_or_kanji =
                    matches!(u32::from(c), 0x3041..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF);
                (all + 1, ja + usize::from(kana_or_kanji))
            });
    let text = front + &body;
    let stats = Stats {
        chars,
        japanese_chars,
        files: 1,
        bytes: text.len(),
        words,
        links: w.links,
        code_blocks: w.code_blocks,
        doc_words: vec![words],
    };
    (text, stats)
}

/// The words a reader sees in a block, for the word count; code is not prose.
fn block_text(block: &Block) -> String {
    fn plain(out: &mut String, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Strong(t) | Inline::Code(t) => out.push_str(t),
                Inline::Link { text, .. } | Inline::External { text, .. } => out.push_str(text),
            }
        }
        out.push(' ');
    }
    let mut out = String::new();
    match block {
        Block::Heading { text, .. } | Block::Quote(text) => out.push_str(text),
        Block::Para(inlines) => plain(&mut out, inlines),
        Block::List { items, .. } => items.iter().for_each(|i| plain(&mut out, i)),
        Block::Table { head, rows } => {
            out.push_str(&head.join(" "));
            for r in rows {
                out.push(' ');
                out.push_str(&r.join(" "));
            }
        }
        Block::Code { .. } => {}
    }
    out
}

fn skeleton(dir: &Dir, root: &Path) -> std::io::Result<()> {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => skeleton(d, root)?,
            include_dir::DirEntry::File(f) => {
                let path = root.join(f.path());
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(path, f.contents())?;
            }
        }
    }
    Ok(())
}

const JOURNEYHUB_CONFIG: &str = "\
title: Acme カスタマーハブ
base_url: https://hub.example.com/
language: ja
languages: [ja, en]
theme: default
timezone: Asia/Tokyo
taxonomies: [industry, company_size, product, touch, audience]
stale_after_days: 180
drip_cadence_days: 14
feeds:
  entries: 20
  segments: [company_size]
";

/// Zola needs a section file per folder and language; they are not rendered (journeyhub has
/// no per-kind list pages) and pass their pages up to the home page's list.
fn zola_sections(plan: &Plan, root: &Path) -> std::io::Result<()> {
    let mut dirs: std::collections::BTreeSet<String> =
        plan.units.iter().map(|u| u.dir.clone()).collect();
    dirs.insert("stages".into());
    for d in dirs.clone() {
        if let Some((parent, _)) = d.rsplit_once('/') {
            dirs.insert(parent.to_string());
        }
    }
    write_file(
        root,
        "content/_index.md",
        "+++\ntitle = \"Acme カスタマーハブ\"\nsort_by = \"date\"\n+++\n",
    )?;
    write_file(
        root,
        "content/_index.en.md",
        "+++\ntitle = \"Acme customer hub\"\nsort_by = \"date\"\n+++\n",
    )?;
    for d in dirs {
        for suffix in ["", ".en"] {
            write_file(
                root,
                &format!("content/{d}/_index{suffix}.md"),
                &format!("+++\ntitle = \"{d}\"\nrender = false\ntransparent = true\n+++\n"),
            )?;
        }
    }
    Ok(())
}

/// Writes the whole site for `format` into `root` (which must exist and be empty).
pub fn write_site(plan: &Plan, format: Format, root: &Path) -> std::io::Result<Stats> {
    match format {
        Format::Journeyhub => write_file(root, "site-config.yaml", JOURNEYHUB_CONFIG)?,
        Format::Hugo => skeleton(&HUGO_SKELETON, root)?,
        Format::Zola => {
            skeleton(&ZOLA_SKELETON, root)?;
            zola_sections(plan, root)?;
        }
    }
    let mut stats = Stats::default();
    for (s, stage) in STAGES.iter().enumerate() {
        for lang in [Lang::Ja, Lang::En] {
            let front = stage_front(s, lang, format);
            let blocks = stage_body(plan, s, lang);
            let (text, st) = document(plan, format, lang, front, &blocks);
            let suffix = if lang == Lang::En { ".en" } else { "" };
            write_file(
                root,
                &format!("content/stages/{}{suffix}.md", stage.id),
                &text,
            )?;
            stats.add(st);
        }
    }
    let per_unit: Vec<std::io::Result<Stats>> = plan
        .units
        .par_iter()
        .map(|unit| {
            let mut stats = Stats::default();
            for &lang in unit.langs() {
                let front = match format {
                    Format::Journeyhub => journeyhub_front(plan, unit, lang),
                    _ => peer_front(plan, unit, lang, format),
                };
                let blocks = body(plan, unit, lang);
                let (text, st) = document(plan, format, lang, front, &blocks);
                write_file(root, &format!("content/{}", unit.content_path(lang)), &text)?;
                stats.add(st);
            }
            Ok(stats)
        })
        .collect();
    for s in per_unit {
        stats.add(s?);
    }
    Ok(stats)
}
