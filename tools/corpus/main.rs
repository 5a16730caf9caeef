//! journeyhub-corpus: writes a generated customer hub of any size, the same documents for
//! journeyhub, Hugo or Zola, for benchmarks (see bench/compare.sh and docs/benchmarks.md).
//!
//! The corpus follows the content model: five stages, playbooks, case studies, webinars and
//! pages in Japanese with about a third translated into English, 300–1,500 words each, code
//! blocks, `@/` links with anchors that resolve, related documents and taxonomy terms. The
//! same `--docs` and `--seed` give the same bytes on every machine.

mod body;
mod emit;
mod front;
mod plan;
mod rng;
mod text;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "journeyhub-corpus",
    about = "Write a generated customer hub for benchmarks"
)]
struct Cli {
    /// Markdown files to write, stage files and translations included (at least 20)
    #[arg(long)]
    docs: usize,
    /// Seed of the generated text; the same seed gives the same site
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to create; it must not exist or be empty
    #[arg(long)]
    out: PathBuf,
    /// What kind of hub to imitate: the language mix, code and length of its documents
    #[arg(long, value_enum, default_value_t = plan::Shape::Default)]
    shape: plan::Shape,
    /// Which tool the site is written for
    #[arg(long, value_enum, default_value_t = front::Format::Journeyhub)]
    format: front::Format,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.docs < 20 {
        eprintln!("error: --docs must be at least 20 (ten of them are the stage files)");
        return ExitCode::from(2);
    }
    let occupied = std::fs::read_dir(&cli.out).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        eprintln!(
            "error: {} is not empty; pass a new folder so nothing of yours is overwritten",
            cli.out.display()
        );
        return ExitCode::from(1);
    }
    if let Err(e) = std::fs::create_dir_all(&cli.out) {
        eprintln!("error: cannot create {}: {e}", cli.out.display());
        return ExitCode::from(1);
    }
    let plan = plan::plan(cli.docs, cli.seed, cli.shape);
    debug_assert_eq!(plan::file_count(&plan), cli.docs);
    match emit::write_site(&plan, cli.format, &cli.out) {
        Ok(mut stats) => {
            stats.doc_words.sort_unstable();
            let w = &stats.doc_words;
            println!(
                "wrote {} markdown files ({:.1} MB, {:.0} % of the characters Japanese, {} words: {}–{} a document, median {}; {} internal links, {} code blocks) to {}",
                stats.files,
                stats.bytes as f64 / 1e6,
                100.0 * stats.japanese_chars as f64 / stats.chars.max(1) as f64,
                stats.words,
                w[0],
                w[w.len() - 1],
                w[w.len() / 2],
                stats.links,
                stats.code_blocks,
                cli.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
