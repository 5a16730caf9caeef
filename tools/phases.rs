//! journeyhub-phases: where a full build's time and memory go, phase by phase, for the
//! profile notes in docs/benchmarks.md. Runs in one process: load and link, then load, link
//! and render (the difference is rendering, search index included), then the write.

// The allocator `journeyhub` itself uses (see src/tuning.rs), so the figures are the build's.
// Not every tool uses every setting of it.
#[allow(dead_code)]
#[path = "../src/tuning.rs"]
mod tuning;

use clap::Parser;
use journeyhub::BuildOptions;
use journeyhub::render::Progress;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "journeyhub-phases",
    about = "Time each phase of a journeyhub build"
)]
struct Cli {
    /// The site to build
    #[arg(long)]
    root: PathBuf,
    /// Output folder (written like `journeyhub build --output`)
    #[arg(long)]
    output: PathBuf,
    /// The build time, as in `journeyhub build --now`
    #[arg(long, default_value = "2026-12-01T09:00:00+09:00")]
    now: jiff::Timestamp,
}

/// Peak resident memory of this process so far (VmHWM), in MB.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Resident memory now (VmRSS), in MB.
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> ExitCode {
    tuning::apply();
    tuning::return_freed_pages_soon();
    let cli = Cli::parse();
    let mut options = BuildOptions::new(&cli.root);
    options.output = Some(cli.output.clone());
    options.now = Some(cli.now);
    options.memory_freed = Some(tuning::return_freed_memory);

    let t = Instant::now();
    let loaded = journeyhub::load(&options);
    let load_s = t.elapsed().as_secs_f64();
    let Ok((site, journey, _)) = loaded else {
        eprintln!("error: the site has errors; run journeyhub build to see them");
        return ExitCode::from(1);
    };
    let docs = site.docs.len();
    let after_load = peak_mb();
    drop((site, journey));

    // What serve's caches save: a second load and link of the unchanged site.
    let mut caches = journeyhub::Caches::default();
    let _ = journeyhub::load_cached(&options, &mut caches);
    let t = Instant::now();
    let _ = journeyhub::load_cached(&options, &mut caches);
    let cached_s = t.elapsed().as_secs_f64();
    let rerendered = caches.markdown.rendered_last_run;
    drop(caches);

    let t = Instant::now();
    let built = match journeyhub::render_site(&options, &Progress::default()) {
        Ok(b) => b,
        Err(_) => {
            eprintln!("error: the site has errors; run journeyhub build to see them");
            return ExitCode::from(1);
        }
    };
    let render_s = t.elapsed().as_secs_f64() - load_s;
    let after_render = peak_mb();
    let held = rss_mb();
    let bytes: usize = built
        .rendered
        .files
        .values()
        .map(|f| match f {
            journeyhub::render::OutputFile::Bytes(b) => b.len(),
            _ => 0,
        })
        .sum();

    let t = Instant::now();
    let written = journeyhub::output::write(&cli.root, &cli.output, &built.rendered);
    let write_s = t.elapsed().as_secs_f64();
    if let Err(d) = written {
        eprintln!("error: {}", d.message);
        return ExitCode::from(1);
    }
    println!("| phase | wall | peak RSS after it |\n|---|---:|---:|");
    println!("| load and link ({docs} documents) | {load_s:.2} s | {after_load:.0} MB |");
    println!(
        "| load and link again with serve's caches, nothing changed ({rerendered} bodies rendered again) | {cached_s:.2} s | |"
    );
    println!(
        "| render (pages, feeds, search index…; {} files, {:.0} MB generated) | {render_s:.2} s (load and link again not counted) | {after_render:.0} MB ({held:.0} MB still held with the rendered site) |",
        built.rendered.files.len(),
        bytes as f64 / 1e6
    );
    println!("| write | {write_s:.2} s | {:.0} MB |", peak_mb());
    ExitCode::SUCCESS
}
