//! Front matter of each document in each tool's spelling: journeyhub's keys, and the keys
//! and taxonomies Hugo and Zola read.

use crate::plan::{
    AUDIENCES, COMPANY_SIZES, INDUSTRIES, Kind, PRODUCTS, Plan, STAGES, TOUCHES, Unit, tag_name,
};
use crate::text::{self, Lang};
use std::fmt::Write as _;

/// Which tool a generated site is written for.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
    Journeyhub,
    Hugo,
    Zola,
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

/// Front matter in journeyhub's content model (docs/content-model.md).
pub fn journeyhub_front(plan: &Plan, unit: &Unit, lang: Lang) -> String {
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

pub fn peer_front(plan: &Plan, unit: &Unit, lang: Lang, format: Format) -> String {
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

pub fn stage_front(s: usize, lang: Lang, format: Format) -> String {
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
