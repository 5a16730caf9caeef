//! Writes a planned corpus as a site for one tool. The three sites hold the same documents,
//! words, code blocks, links and terms; only the spelling differs: front-matter keys, link
//! syntax, and the config and templates each tool needs.

use crate::body::{Block, Inline, Target, body, stage_body};
use crate::plan::{
    AUDIENCES, COMPANY_SIZES, INDUSTRIES, Kind, PRODUCTS, Plan, STAGES, TOUCHES, Unit, tag_name,
};
use crate::text::{self, Lang, count_words};
use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

static HUGO_SKELETON: Dir = include_dir!("$CARGO_MANIFEST_DIR/bench/peers/hugo");
static ZOLA_SKELETON: Dir = include_dir!("$CARGO_MANIFEST_DIR/bench/peers/zola");

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
    Journeyhub,
    Hugo,
    Zola,
}

#[derive(Default)]
pub struct Stats {
    pub files: usize,
    pub bytes: usize,
    pub words: usize,
    pub links: usize,
    pub code_blocks: usize,
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
        self.doc_words.extend(other.doc_words);
    }
}

/// YAML double-quoted scalar; every tool's YAML parser reads it the same way.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

fn summary(unit: &Unit, lang: Lang) -> String {
    let (tja, ten) = text::topic_pair(unit.topic);
    match (unit.kind, lang) {
        (Kind::CaseStudy, Lang::Ja) => format!(
            "{}が{tja}を見直し、申請から承認までの時間を大きく短縮した取り組みを紹介します。",
            unit.customer.0
        ),
        (Kind::CaseStudy, Lang::En) => format!(
            "How {} reworked its {ten} and cut the time from request to approval.",
            unit.customer.1
        ),
        (Kind::Webinar, Lang::Ja) => {
            format!("{tja}の基本と、他社の実践例をライブで解説するウェビナーです。")
        }
        (Kind::Webinar, Lang::En) => {
            format!(
                "A live session on the basics of the {ten}, with examples from other customers."
            )
        }
        (_, Lang::Ja) => format!("{tja}を進めるための考え方と具体的な手順をまとめました。"),
        (_, Lang::En) => format!("What to think about and what to do for the {ten}, step by step."),
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

/// Front matter in journeyhub's content model (docs/content-model.md).
fn journeyhub_front(plan: &Plan, unit: &Unit, lang: Lang) -> String {
    let mut f = String::from("---\n");
    let _ = writeln!(f, "title: {}", q(unit.title(lang)));
    let _ = writeln!(f, "summary: {}", q(&summary(unit, lang)));
    let stages: Vec<&str> = unit.stages.iter().map(|&s| STAGES[s].id).collect();
    match stages.len() {
        0 => {}
        1 => {
            let _ = writeln!(f, "stage: {}", stages[0]);
        }
        _ => {
            let _ = writeln!(f, "stage: [{}]", stages.join(", "));
        }
    }
    let _ = writeln!(f, "date: {}\nupdated: {}", unit.date, unit.updated);
    if let Some(w) = unit.weight {
        let _ = writeln!(f, "weight: {w}");
    }
    if unit.featured {
        f.push_str("featured: true\n");
    }
    if unit.alias && lang == Lang::Ja {
        let _ = writeln!(f, "aliases: [\"/archive/{}/\"]", unit.slug);
    }
    write_terms(&mut f, plan, unit, |f, key, values| {
        // `touch` is one value in the content model; the peers take every term as a list.
        if key == "touch" {
            let _ = writeln!(f, "{key}: {}", values[0]);
        } else {
            let _ = writeln!(f, "{key}: {}", list(values));
        }
    });
    if !unit.related.is_empty() {
        let related: Vec<String> = unit
            .related
            .iter()
            .map(|&i| plan.units[i].content_path(Lang::Ja))
            .collect();
        let _ = writeln!(f, "related: {}", list(&related));
    }
    kind_fields(&mut f, unit, lang, "");
    f.push_str("---\n\n");
    f
}

/// Taxonomy values shared by every format; `touch` is a scalar in journeyhub's model.
fn write_terms(
    f: &mut String,
    plan: &Plan,
    unit: &Unit,
    mut emit: impl FnMut(&mut String, &str, &[String]),
) {
    let tags: Vec<String> = unit.tags.iter().map(|&t| tag_name(t)).collect();
    debug_assert!(unit.tags.iter().all(|&t| t < plan.tag_count));
    let pick = |idx: &[usize], names: &[&str]| {
        idx.iter()
            .map(|&i| names[i].to_string())
            .collect::<Vec<_>>()
    };
    if !tags.is_empty() {
        emit(f, "tags", &tags);
    }
    if let Some(i) = unit.industry {
        emit(f, "industry", &[INDUSTRIES[i].to_string()]);
    }
    if !unit.company_size.is_empty() {
        emit(f, "company_size", &pick(&unit.company_size, COMPANY_SIZES));
    }
    emit(f, "product", &pick(&unit.product, PRODUCTS));
    if let Some(t) = unit.touch {
        emit(f, "touch", &[TOUCHES[t].to_string()]);
    }
    if !unit.audience.is_empty() {
        emit(f, "audience", &pick(&unit.audience, AUDIENCES));
    }
}

/// Kind-specific keys, indented under `extra:`/params for the peers.
fn kind_fields(f: &mut String, unit: &Unit, lang: Lang, indent: &str) {
    match unit.kind {
        Kind::Playbook => {
            let _ = writeln!(
                f,
                "{indent}duration: {}",
                q(match lang {
                    Lang::Ja => "2週間",
                    Lang::En => "2 weeks",
                })
            );
            let _ = writeln!(
                f,
                "{indent}owner: {}",
                q(match lang {
                    Lang::Ja => "カスタマーサクセス部",
                    Lang::En => "Customer Success",
                })
            );
        }
        Kind::CaseStudy => {
            let customer = match lang {
                Lang::Ja => &unit.customer.0,
                Lang::En => &unit.customer.1,
            };
            let _ = writeln!(f, "{indent}customer: {}", q(customer));
            let _ = writeln!(f, "{indent}results:");
            let metric = match lang {
                Lang::Ja => ["承認リードタイム", "紙の申請書"],
                Lang::En => ["Approval lead time", "Paper forms"],
            };
            let n = unit.index % 40 + 10;
            let _ = writeln!(
                f,
                "{indent}  - metric: {}\n{indent}    before: {}\n{indent}    after: {}",
                q(metric[0]),
                q(&format!("{}.5", n / 5)),
                q(&format!("{}.8", n / 10))
            );
            let _ = writeln!(
                f,
                "{indent}  - metric: {}\n{indent}    value: {}",
                q(metric[1]),
                q(&format!("-{n}%"))
            );
            let mut rng = crate::rng::Rng::stream(unit.index as u64, 7);
            let ((nja, nen), (rja, ren)) = text::person(&mut rng);
            let (name, role) = match lang {
                Lang::Ja => (nja, rja),
                Lang::En => (nen, ren),
            };
            let _ = writeln!(
                f,
                "{indent}quote:\n{indent}  text: {}\n{indent}  author: {}\n{indent}  role: {}",
                q(&text::sentence(&mut rng, lang)),
                q(name),
                q(role)
            );
        }
        Kind::Webinar => {
            let w = unit
                .webinar
                .as_ref()
                .expect("webinars are planned with a time");
            let _ = writeln!(f, "{indent}starts_at: {}", w.starts_at);
            let _ = writeln!(f, "{indent}duration_minutes: {}", w.duration_minutes);
            let mut rng = crate::rng::Rng::stream(unit.index as u64, 11);
            let ((nja, nen), (rja, ren)) = text::person(&mut rng);
            let (name, role) = match lang {
                Lang::Ja => (nja, rja),
                Lang::En => (nen, ren),
            };
            let _ = writeln!(
                f,
                "{indent}speakers:\n{indent}  - name: {}\n{indent}    role: {}",
                q(name),
                q(role)
            );
            if w.upcoming {
                let _ = writeln!(
                    f,
                    "{indent}registration_url: https://events.example.com/{}",
                    unit.slug
                );
            } else {
                let _ = writeln!(
                    f,
                    "{indent}recording_url: https://video.example.com/{}",
                    unit.slug
                );
            }
        }
        Kind::Page => {}
    }
}

fn peer_front(plan: &Plan, unit: &Unit, lang: Lang, format: Format) -> String {
    let mut f = String::from("---\n");
    let _ = writeln!(f, "title: {}", q(unit.title(lang)));
    let _ = writeln!(f, "description: {}", q(&summary(unit, lang)));
    let _ = writeln!(f, "date: {}", unit.date);
    let updated_key = if format == Format::Hugo {
        "lastmod"
    } else {
        "updated"
    };
    let _ = writeln!(f, "{updated_key}: {}", unit.updated);
    if let Some(w) = unit.weight {
        let _ = writeln!(f, "weight: {w}");
    }
    if unit.alias && lang == Lang::Ja {
        match format {
            Format::Hugo => {
                let _ = writeln!(f, "aliases: [\"/archive/{}/\"]", unit.slug);
            }
            _ => {
                let _ = writeln!(f, "aliases: [\"archive/{}/\"]", unit.slug);
            }
        }
    }
    let stages: Vec<String> = unit
        .stages
        .iter()
        .map(|&s| STAGES[s].id.to_string())
        .collect();
    let (indent, extra) = match format {
        Format::Hugo => ("", "params:"),
        _ => ("  ", "extra:"),
    };
    if format == Format::Zola {
        f.push_str("taxonomies:\n");
    }
    if !stages.is_empty() {
        let _ = writeln!(f, "{indent}stage: {}", list(&stages));
    }
    write_terms(&mut f, plan, unit, |f, key, values| {
        let _ = writeln!(f, "{indent}{key}: {}", list(values));
    });
    let _ = writeln!(f, "{extra}\n  kind: {}", unit.kind.name());
    if unit.featured {
        f.push_str("  featured: true\n");
    }
    if !unit.related.is_empty() {
        let related: Vec<String> = unit
            .related
            .iter()
            .map(|&i| plan.units[i].content_path(Lang::Ja))
            .collect();
        let _ = writeln!(f, "  related: {}", list(&related));
    }
    kind_fields(&mut f, unit, lang, "  ");
    f.push_str("---\n\n");
    f
}

fn stage_front(s: usize, lang: Lang, format: Format) -> String {
    let stage = &STAGES[s];
    let title = match lang {
        Lang::Ja => stage.ja,
        Lang::En => stage.en,
    };
    let goal = match lang {
        Lang::Ja => format!("{}の段階で目指す状態に、主要部署が到達している", stage.ja),
        Lang::En => format!(
            "The main departments have reached the goals of {}",
            stage.en
        ),
    };
    let summary = match lang {
        Lang::Ja => format!(
            "{}の段階で取り組むことと、次の段階へ進む目安です。",
            stage.ja
        ),
        Lang::En => format!("What to work on during {}, and when to move on.", stage.en),
    };
    let mut f = String::from("---\n");
    let _ = writeln!(f, "title: {}", q(title));
    match format {
        Format::Journeyhub => {
            let _ = writeln!(
                f,
                "summary: {}\norder: {}\ngoal: {}",
                q(&summary),
                s + 1,
                q(&goal)
            );
            let _ = writeln!(
                f,
                "kpis:\n  - name: {}\n    target: {}\ncolor: {}",
                q(match lang {
                    Lang::Ja => "週次アクティブ率（%）",
                    Lang::En => "Weekly active rate (%)",
                }),
                60 + s * 5,
                q(stage.color)
            );
        }
        _ => {
            let _ = writeln!(f, "description: {}\nweight: {}", q(&summary), s + 1);
            let extra = if format == Format::Hugo {
                "params"
            } else {
                "extra"
            };
            let _ = writeln!(
                f,
                "{extra}:\n  goal: {}\n  color: {}",
                q(&goal),
                q(stage.color)
            );
        }
    }
    f.push_str("date: 2025-01-06\nupdated: 2026-11-16\n---\n\n");
    if format == Format::Hugo {
        f = f.replace("updated: ", "lastmod: ");
    }
    f
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
    let text = front + &body;
    let stats = Stats {
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
