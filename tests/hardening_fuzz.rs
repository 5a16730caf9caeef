//! Generated documents, front matter and markdown made of the pieces that break parsers
//! (unclosed fences and front matter, tabs, `: ` in values, control characters, NFD text,
//! raw HTML, `javascript:` links, repeated headings, broken `@/` links), checked as
//! `journeyhub check` checks a site: nothing may panic, and every error must name its file
//! and line. Run and figures: docs/hardening.md. `JOURNEYHUB_FUZZ_CASES` sets the number of
//! cases (CI's default is in `CASES`).

mod common;

use common::*;
use journeyhub::check::CheckOptions;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Enough to run in a few seconds of a debug test build on one core.
const CASES: u32 = 32;
const FILE: &str = "content/playbooks/fuzz.md";

const KEYS: &[&str] = &[
    "title",
    "summary",
    "stage",
    "date",
    "updated",
    "draft",
    "slug",
    "aliases",
    "tags",
    "related",
    "industry",
    "touch",
    "next",
    "titel",
    "starts_at",
    "extra",
    "",
    "title\t",
    "タイトル",
];

const VALUES: &[&str] = &[
    "導入: 最初の30日",
    "\"quoted\"",
    "'single'",
    "@/playbooks/kickoff.md",
    "`tick`",
    "%percent",
    "onboarding",
    "adoption",
    "nowhere",
    "2026-04-01",
    "2026-02-30",
    "2026-12-10T14:00:00",
    "9999-12-31T23:00:00-10:00",
    "[a, b, a]",
    "[]",
    "{a: 1}",
    "- x",
    "true",
    "null",
    "~",
    "12",
    "-1",
    "1e999",
    "javascript:alert(1)",
    "/q?x=1",
    "//evil.example.com/x/",
    "[/old/, /old/]",
    "\"\\u0007bell\"",
    "\t tab",
    "ガ",
    "ガ",
    "&anchor",
    "*alias",
    "!!binary AAAA",
    "|",
    ">-",
    "\"unclosed",
    "[unclosed",
    "",
];

const BODY: &[&str] = &[
    "## a\n\n",
    "## a\n\n",
    "## 目的 {#purpose}\n\n",
    "## {#}\n\n",
    "# \n\n",
    "[link](@/playbooks/kickoff.md#purpose)\n\n",
    "[broken](@/playbooks/missing.md)\n\n",
    "[anchor](#nowhere)\n\n",
    "[js](javascript:alert(1))\n\n",
    "<script>alert(1)</script>\n\n",
    "<iframe src=\"javascript:alert(1)\"></iframe>\n\n",
    "<img src=x onerror=alert(1)>\n\n",
    "<!-- comment\n\n",
    "```rust\nfn main() {}\n```\n\n",
    "```\nunclosed fence\n",
    "```python\nprint('x')\n```\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "[^1]\n\n[^1]: note\n\n",
    ":smile: :not_an_emoji:\n\n",
    "![img](diagram.png)\n\n",
    "---\n",
    "\u{0}\u{1b}[31m\u{7}\n\n",
    "\r\n",
    "\u{feff}",
    "テキスト **強調** _斜体_ `code`\n\n",
    "> quote\n> > nested\n\n",
    "- [ ] task\n- [x] done\n\n",
    "{{ tera }} {% block %}\n\n",
    "<div markdown=\"1\">\n\n*x*\n\n</div>\n\n",
];

/// One front-matter line: a key, a value, and now and then the ways a line goes wrong.
fn front_line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(KEYS),
        prop::sample::select(VALUES),
        0u8..8,
    )
        .prop_map(|(key, value, shape)| match shape {
            0 => format!("{key} {value}"),
            1 => format!("\t{key}: {value}"),
            2 => format!("{key}:\n  - {value}\n  - {value}"),
            3 => format!("  {key}: {value}"),
            _ => format!("{key}: {value}"),
        })
}

fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(front_line(), 0..10),
        prop::collection::vec(prop::sample::select(BODY), 0..16),
        "\\PC{0,60}",
        0u8..10,
    )
        .prop_map(|(lines, body, noise, shape)| {
            let front = lines.join("\n");
            let body: String = body.concat();
            match shape {
                // No closing delimiter, or no front matter at all.
                0 => format!("---\n{front}\n{body}{noise}"),
                1 => format!("{body}{noise}"),
                // A usual document with a few odd lines.
                2..=5 => {
                    format!("---\ntitle: 題名\nstage: onboarding\n{front}\n---\n{body}{noise}\n")
                }
                _ => format!("---\n{front}\n---\n{body}{noise}\n"),
            }
        })
}

fn cases() -> u32 {
    std::env::var("JOURNEYHUB_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES)
}

#[test]
fn generated_documents_never_panic_and_every_error_names_file_and_line() {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        // The same cases on every run, so CI never fails on a case it has not seen before.
        rng_seed: proptest::test_runner::RngSeed::Fixed(30),
        ..Config::default()
    });
    let site = TestSite::fixture("minimal");
    let started = std::time::Instant::now();
    let errors_seen = std::cell::Cell::new(0usize);
    runner
        .run(&document(), |text| {
            site.write(FILE, &text);
            let options = CheckOptions::new(site.options());
            let result = journeyhub::check(&options);
            for d in result.diagnostics.errors() {
                errors_seen.set(errors_seen.get() + 1);
                prop_assert!(!d.file.is_empty(), "an error without a file: {d}\n{text:?}");
                prop_assert!(d.line > 0, "an error without a line: {d}\n{text:?}");
            }
            let shown = result.diagnostics.to_string();
            prop_assert!(
                !shown.chars().any(|c| c.is_control() && c != '\n'),
                "a control character reaches the terminal: {shown:?}"
            );
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{} generated documents, {} errors, all with file and line, in {:.1} s",
        cases(),
        errors_seen.get(),
        started.elapsed().as_secs_f64()
    );
}
