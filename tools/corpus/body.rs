//! Document bodies as plain blocks. Links are kept as targets rather than text, because each
//! tool spells an internal link its own way (`@/…` for journeyhub and Zola, `ref` for Hugo).

use crate::plan::{Kind, Plan, STAGE_SECTIONS, STAGES, Unit};
use crate::rng::Rng;
use crate::text::{self, Lang, count_words};

#[derive(Clone, Copy, Debug)]
pub enum Target {
    Unit(usize),
    Stage(usize),
}

#[derive(Debug)]
pub enum Inline {
    Text(String),
    Strong(String),
    Code(String),
    Link {
        text: String,
        target: Target,
        anchor: Option<&'static str>,
    },
    External {
        text: String,
        url: String,
    },
}

#[derive(Debug)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        id: Option<&'static str>,
    },
    Para(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Code {
        lang: &'static str,
        code: String,
    },
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Quote(String),
}

/// Streams for body text, apart from the plan's, so changing one never shifts the other.
const BODY_STREAM: u64 = 1 << 40;
/// The stream that picks the language of each paragraph of a mixed-language shape.
const MIX_STREAM: u64 = 3 << 40;

fn target_title(plan: &Plan, target: Target, lang: Lang) -> String {
    match target {
        Target::Unit(i) => plan.units[i].title(lang).to_string(),
        Target::Stage(i) => match lang {
            Lang::Ja => STAGES[i].ja.to_string(),
            Lang::En => STAGES[i].en.to_string(),
        },
    }
}

/// A link target that exists in `lang`, with an anchor that exists in it too.
fn pick_target(
    rng: &mut Rng,
    plan: &Plan,
    from: Option<usize>,
    lang: Lang,
) -> (Target, Option<&'static str>) {
    if rng.chance(0.1) || plan.units.len() < 2 {
        let s = rng.below(STAGES.len());
        let anchor = rng
            .chance(0.5)
            .then(|| text::SECTIONS[*rng.pick(STAGE_SECTIONS)].0);
        return (Target::Stage(s), anchor);
    }
    let pool: &[usize] = match lang {
        Lang::Ja => &[],
        Lang::En => &plan.english,
    };
    let mut i = None;
    for _ in 0..8 {
        let candidate = if pool.is_empty() {
            rng.below(plan.units.len())
        } else {
            *rng.pick(pool)
        };
        if Some(candidate) != from {
            i = Some(candidate);
            break;
        }
    }
    let Some(i) = i else {
        return (Target::Stage(rng.below(STAGES.len())), None);
    };
    let target = &plan.units[i];
    let anchor = rng
        .chance(0.6)
        .then(|| text::SECTIONS[*rng.pick(&target.sections)].0);
    (Target::Unit(i), anchor)
}

fn link_sentence(rng: &mut Rng, plan: &Plan, from: Option<usize>, lang: Lang) -> Vec<Inline> {
    let (target, anchor) = pick_target(rng, plan, from, lang);
    let title = target_title(plan, target, lang);
    let link = Inline::Link {
        text: title,
        target,
        anchor,
    };
    match lang {
        Lang::Ja => vec![
            Inline::Text("詳しくは".into()),
            link,
            Inline::Text("をご覧ください。".into()),
        ],
        Lang::En => vec![
            Inline::Text(" See ".into()),
            link,
            Inline::Text(" for the details.".into()),
        ],
    }
}

fn paragraph(rng: &mut Rng, lang: Lang) -> Vec<Inline> {
    let n = rng.range(2, 5);
    let mut inlines = vec![];
    for i in 0..n {
        let s = text::sentence(rng, lang);
        let s = if lang == Lang::En && i > 0 {
            format!(" {s}")
        } else {
            s
        };
        inlines.push(Inline::Text(s));
        if rng.chance(0.08) {
            let t = text::topic(rng, lang).to_string();
            inlines.push(Inline::Text(if lang == Lang::En {
                " ".into()
            } else {
                String::new()
            }));
            inlines.push(Inline::Strong(t));
            inlines.push(Inline::Text(match lang {
                Lang::Ja => "が鍵になります。".into(),
                Lang::En => " is the key.".into(),
            }));
        }
        if rng.chance(0.05) {
            inlines.push(Inline::Text(if lang == Lang::En {
                " Use ".into()
            } else {
                "設定は".into()
            }));
            inlines.push(Inline::Code(
                rng.word(&[
                    "workflow.yaml",
                    "timeout_hours",
                    "/api/v2/users",
                    "weekly_active",
                ])
                .to_string(),
            ));
            inlines.push(Inline::Text(if lang == Lang::En {
                " here.".into()
            } else {
                "で行います。".into()
            }));
        }
        if rng.chance(0.03) {
            inlines.push(Inline::Text(if lang == Lang::En {
                " ".into()
            } else {
                String::new()
            }));
            inlines.push(Inline::External {
                text: match lang {
                    Lang::Ja => "サポートサイト".into(),
                    Lang::En => "the support site".into(),
                },
                url: format!(
                    "https://support.example.com/articles/{}",
                    rng.range(100, 999)
                ),
            });
        }
    }
    inlines
}

fn inline_words(lang: Lang, inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Strong(t) | Inline::Code(t) => count_words(lang, t),
            Inline::Link { text, .. } | Inline::External { text, .. } => count_words(lang, text),
        })
        .sum()
}

/// The body of one unit in one language, `unit.words` words long plus at most one paragraph
/// (±10% in English, as a translation runs a little longer or shorter than its original).
pub fn body(plan: &Plan, unit: &Unit, lang: Lang) -> Vec<Block> {
    let mut rng = Rng::stream(
        plan.seed,
        BODY_STREAM + unit.index as u64 * 2 + (lang == Lang::En) as u64,
    );
    let target_words = match lang {
        Lang::Ja => unit.words,
        Lang::En => unit.words * rng.range(90, 110) / 100,
    };
    let links = 2 + target_words / 400;
    let (playbook_codes, other_codes) = plan.shape.code_blocks();
    let codes = match unit.kind {
        Kind::Playbook => rng.range(playbook_codes.0, playbook_codes.1),
        _ => rng.range(other_codes.0, other_codes.1),
    };
    // The language of each paragraph of a Japanese document, drawn apart from the text so
    // that the default shape's text stays as it was.
    let mut paragraph_langs = Rng::stream(plan.seed, MIX_STREAM + unit.index as u64);
    let english_share = match lang {
        Lang::Ja => plan.shape.english_paragraphs(),
        Lang::En => 0.0,
    };
    let steps = steps_section(&mut rng, unit.kind, lang);
    let mut words: usize = steps
        .iter()
        .map(|b| match b {
            Block::List { items, .. } => items.iter().map(|i| inline_words(lang, i)).sum(),
            _ => 1,
        })
        .sum();
    let mut blocks = vec![];
    let sections = unit.sections.len().max(1);
    let mut link_slots: Vec<usize> = (0..links).map(|_| rng.below(sections)).collect();
    let mut code_slots: Vec<usize> = (0..codes).map(|_| rng.below(sections)).collect();
    for (si, &section) in unit.sections.iter().enumerate() {
        let (id, ja, en) = text::SECTIONS[section];
        let title = match lang {
            Lang::Ja => ja,
            Lang::En => en,
        };
        blocks.push(Block::Heading {
            level: 2,
            text: title.to_string(),
            id: Some(id),
        });
        words += count_words(lang, title);
        let per_section = target_words.saturating_sub(words) / (sections - si);
        let section_start = words;
        let mut first = true;
        while first || (words - section_start < per_section && words < target_words) {
            if !first && rng.chance(0.15) {
                let h = text::subheading(&mut rng, lang);
                words += count_words(lang, &h);
                blocks.push(Block::Heading {
                    level: 3,
                    text: h,
                    id: None,
                });
            }
            first = false;
            let text_lang = if english_share > 0.0 && paragraph_langs.chance(english_share) {
                Lang::En
            } else {
                lang
            };
            let mut p = paragraph(&mut rng, text_lang);
            words += inline_words(text_lang, &p);
            if let Some(pos) = link_slots.iter().position(|&s| s == si) {
                link_slots.remove(pos);
                let link = link_sentence(&mut rng, plan, Some(unit.index), lang);
                words += inline_words(lang, &link);
                p.extend(link);
            }
            blocks.push(Block::Para(p));
            push_extra_block(&mut rng, unit.kind, lang, &mut blocks, &mut words);
            if let Some(pos) = code_slots.iter().position(|&s| s == si) {
                code_slots.remove(pos);
                let (lang_name, code) = text::code_block(&mut rng, lang);
                blocks.push(Block::Code {
                    lang: lang_name,
                    code,
                });
            }
        }
        // A short section may end before its link found a paragraph; keep the link count.
        while let Some(pos) = link_slots.iter().position(|&s| s == si) {
            link_slots.remove(pos);
            let p = link_sentence(&mut rng, plan, Some(unit.index), lang);
            words += inline_words(lang, &p);
            blocks.push(Block::Para(p));
        }
    }
    blocks.extend(steps);
    blocks
}

/// A playbook ends with its steps; they count towards its length.
fn steps_section(rng: &mut Rng, kind: Kind, lang: Lang) -> Vec<Block> {
    if kind == Kind::Playbook {
        let items: Vec<Vec<Inline>> = (0..rng.range(3, 8))
            .map(|_| vec![Inline::Text(text::sentence(rng, lang))])
            .collect();
        vec![
            Block::Heading {
                level: 2,
                text: match lang {
                    Lang::Ja => "手順".into(),
                    Lang::En => "Steps".into(),
                },
                id: Some("steps"),
            },
            Block::List {
                ordered: true,
                items,
            },
        ]
    } else {
        vec![]
    }
}

/// Sometimes a list, a customer quote or a table after a paragraph.
fn push_extra_block(
    rng: &mut Rng,
    kind: Kind,
    lang: Lang,
    blocks: &mut Vec<Block>,
    words: &mut usize,
) {
    match rng.below(10) {
        0 | 1 => {
            let items: Vec<Vec<Inline>> = (0..rng.range(3, 6))
                .map(|_| vec![Inline::Text(text::list_item(rng, lang))])
                .collect();
            *words += items.iter().map(|i| inline_words(lang, i)).sum::<usize>();
            blocks.push(Block::List {
                ordered: false,
                items,
            });
        }
        2 if kind == Kind::CaseStudy => {
            let q = text::sentence(rng, lang);
            *words += count_words(lang, &q);
            blocks.push(Block::Quote(q));
        }
        3 if rng.chance(0.3) => {
            let (head, rows) = table(rng, lang);
            *words += rows.len() * 4;
            blocks.push(Block::Table { head, rows });
        }
        _ => {}
    }
}

fn table(rng: &mut Rng, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let head = match lang {
        Lang::Ja => vec!["指標".into(), "導入前".into(), "導入後".into()],
        Lang::En => vec!["Metric".into(), "Before".into(), "After".into()],
    };
    let metrics: &[&str] = match lang {
        Lang::Ja => &[
            "承認リードタイム",
            "紙の申請書",
            "週次アクティブ率",
            "問い合わせ件数",
        ],
        Lang::En => &[
            "Approval lead time",
            "Paper forms",
            "Weekly active rate",
            "Support tickets",
        ],
    };
    let rows = (0..rng.range(2, 4))
        .map(|_| {
            let before = rng.range(20, 90);
            vec![
                rng.word(metrics).to_string(),
                before.to_string(),
                (before * rng.range(20, 80) / 100).to_string(),
            ]
        })
        .collect();
    (head, rows)
}

/// A stage file's body: the headings other documents link to, prose, and a few links.
pub fn stage_body(plan: &Plan, stage: usize, lang: Lang) -> Vec<Block> {
    let mut rng = Rng::stream(
        plan.seed,
        BODY_STREAM / 2 + stage as u64 * 2 + (lang == Lang::En) as u64,
    );
    let mut blocks = vec![];
    for &section in STAGE_SECTIONS {
        let (id, ja, en) = text::SECTIONS[section];
        blocks.push(Block::Heading {
            level: 2,
            text: match lang {
                Lang::Ja => ja.to_string(),
                Lang::En => en.to_string(),
            },
            id: Some(id),
        });
        for _ in 0..rng.range(2, 4) {
            blocks.push(Block::Para(paragraph(&mut rng, lang)));
        }
        if !plan.units.is_empty() {
            blocks.push(Block::Para(link_sentence(&mut rng, plan, None, lang)));
        }
    }
    blocks
}
