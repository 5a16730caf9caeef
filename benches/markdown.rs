//! Markdown to HTML for one generated document of each language, and syntax highlighting
//! alone: the per-page work that a full build repeats for every document.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use journeyhub::markdown::{Input, LinkError, Resolver, render};
use std::hint::black_box;

/// Every `@/` link resolves, as it does in the generated corpus; linking itself is measured
/// in benches/linking.rs.
struct AnyDocument;

impl Resolver for AnyDocument {
    fn document(&self, target: &str) -> Result<(usize, String), LinkError> {
        Ok((0, format!("/{}/", target.trim_end_matches(".md"))))
    }
    fn asset(&self, relative: &str) -> Option<String> {
        Some(format!("/{relative}"))
    }
}

fn markdown(c: &mut Criterion) {
    let dir = common::corpus(200);
    let playbooks = common::site(&dir).join("content/playbooks");
    let mut names: Vec<_> = std::fs::read_dir(&playbooks)
        .expect("playbooks")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let ja = names
        .iter()
        .find(|n| !n.ends_with(".en.md"))
        .expect("a Japanese playbook");
    let en = names
        .iter()
        .find(|n| n.ends_with(".en.md"))
        .expect("an English playbook");
    let steps = vec!["手順".to_string(), "Steps".to_string()];
    let mut group = c.benchmark_group("markdown");
    for (label, name) in [("playbook_ja", ja), ("playbook_en", en)] {
        let text = common::read(&playbooks.join(name));
        let (body, body_line) = common::body(&text);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(label, |b| {
            b.iter(|| {
                let input = Input {
                    file: name,
                    text: &text,
                    body,
                    body_line,
                    steps_headings: &steps,
                    checklist_key: Some("/playbooks/x/"),
                    smart_punctuation: false,
                    raw_html: journeyhub::markdown::raw_html::RawHtml::Safe,
                };
                black_box(render(black_box(&input), &AnyDocument))
            })
        });
    }
    let yaml = "workflow:\n  name: expense_approval\n  steps:\n    - id: step_0\n      approver: manager\n      timeout_hours: 24\n".repeat(4);
    group.throughput(Throughput::Bytes(yaml.len() as u64));
    group.bench_function("highlight_yaml", |b| {
        b.iter(|| {
            black_box(journeyhub::markdown::highlight::highlight(
                black_box(&yaml),
                "yaml",
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, markdown);
criterion_main!(benches);
