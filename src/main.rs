//! The `journeyhub` command: a thin layer over the library.

use clap::{Parser, Subcommand};
use journeyhub::render::Progress;
use journeyhub::util::diagnostics::Diagnostics;
use journeyhub::util::messages::{LANG_ENV, Lang, t};
use journeyhub::{BuildOptions, build_keeping_memory};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

mod tuning;

#[derive(Parser)]
#[command(
    name = "journeyhub",
    version,
    about = "Build a customer-marketing hub from markdown",
    long_about = "Build a customer-marketing hub from markdown.\n\n\
        How to write the site's files (every kind, every key with its type, default and \
        example, site-config.yaml, links, translations): docs/content-model.md in \
        journeyhub's repository. The findings of `check`: docs/check.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// The site folder (with site-config.yaml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include drafts and documents dated in the future
    #[arg(long)]
    drafts: bool,
    /// The build time, RFC 3339 with offset (decides upcoming webinars); defaults to now
    #[arg(long, value_parser = parse_now)]
    now: Option<jiff::Timestamp>,
}

/// `--lang`, on the commands that report findings (drip's own `--lang` is the track's).
#[derive(clap::Args, Clone, Copy)]
struct MessagesArg {
    /// The language of errors, warnings and the summary line: en or ja [default: the
    /// JOURNEYHUB_LANG variable, else ja on a site whose `language:` is ja, else en]
    #[arg(long = "lang", value_parser = parse_lang)]
    lang: Option<Lang>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| "write en or ja, e.g. --lang en".to_string())
}

/// The language of this run's findings: the flag, else the variable, else the site's.
fn messages_language(flag: Option<Lang>, root: &std::path::Path) -> Lang {
    let env = std::env::var(LANG_ENV).ok();
    Lang::resolve(
        flag,
        env.as_deref(),
        journeyhub::config::language_of(root).as_deref(),
    )
}

impl SiteArgs {
    fn build_options(self) -> BuildOptions {
        let mut options = BuildOptions::new(self.root);
        options.drafts = self.drafts;
        options.now = self.now;
        options
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder (public/ by default)
    ///
    /// How to write the site's files (every kind, every key with its type, default and example,
    /// site-config.yaml, links, translations): docs/content-model.md in journeyhub's repository.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from site-config.yaml
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        messages: MessagesArg,
    },
    /// Build into memory and serve with live reload while you edit
    ///
    /// How to write the site's files (every kind, every key with its type, default and example,
    /// site-config.yaml, links, translations): docs/content-model.md in journeyhub's repository.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on; 0 picks a free one
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Another name requests may use for this server (besides localhost and the --bind
        /// address), e.g. this machine's name on the network; may be given more than once
        #[arg(long = "host", value_name = "NAME")]
        hosts: Vec<String>,
        /// Open the hub in the default browser
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        messages: MessagesArg,
    },
    /// Check the site without writing anything: every build error, plus links, orphans,
    /// stale content, webinars, stage gaps and translations
    ///
    /// What each finding means and what to do: docs/check.md. How to write the site's files
    /// (every kind, every key with its type, default and example, site-config.yaml, links,
    /// translations): docs/content-model.md in journeyhub's repository.
    Check(CheckArgs),
    /// Write the journey coverage report (HTML and JSON) for marketers; it is not published
    ///
    /// How to write the site's files (every kind, every key with its type, default and example,
    /// site-config.yaml, links, translations): docs/content-model.md in journeyhub's repository.
    Report {
        #[command(flatten)]
        site: SiteArgs,
        /// Folder for journey-report.html and journey-report.json [default: <root>/report]
        #[arg(long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        messages: MessagesArg,
    },
    /// Preview a drip track: the dated emails a customer who starts it is sent
    ///
    /// The same sequences the build writes under drip/ (docs/drip.md). How to write the
    /// site's files (every kind, every key with its type, default and example,
    /// site-config.yaml, links, translations): docs/content-model.md in journeyhub's
    /// repository.
    Drip(DripArgs),
    /// Create a new site, dated from today, that builds and passes `check` as it is
    ///
    /// How to write the site's files (every kind, every key with its type, default and example,
    /// site-config.yaml, links, translations): docs/content-model.md in journeyhub's repository.
    Init {
        /// Folder to create (must not exist or be empty)
        dir: PathBuf,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print the findings
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 2 when there are warnings (errors always exit with 1)
    #[arg(long)]
    deny_warnings: bool,
    /// Also fetch every outbound http(s) link (needs the network)
    #[arg(long)]
    external: bool,
    /// With --external: seconds one address may take
    #[arg(long, default_value = "10", value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Duration,
    /// With --external: how many addresses are fetched at the same time
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: u16,
    /// Which documents must exist in every language: started (stages and documents
    /// translated at least once), all, or none
    /// [default: started]
    #[arg(long, value_parser = journeyhub::config::ExpectedTranslations::parse)]
    translations: Option<journeyhub::config::ExpectedTranslations>,
    /// List the findings by owner (`owner:` of each document, else `owners:` of
    /// site-config), with each owner's stale content
    #[arg(long, value_enum)]
    group_by: Option<GroupBy>,
    #[command(flatten)]
    messages: MessagesArg,
}

#[derive(clap::Args)]
struct DripArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The customer's segment, as taxonomy=term (e.g. company_size=smb) [default: every
    /// customer]
    #[arg(long)]
    segment: Option<String>,
    /// One stage's track [default: the whole journey, every stage in order]
    #[arg(long)]
    stage: Option<String>,
    /// The language of the track [default: the site's language]
    #[arg(long)]
    lang: Option<String>,
    /// The day the customer starts, YYYY-MM-DD [default: the day of --now]
    #[arg(long, value_parser = parse_day)]
    start: Option<jiff::civil::Date>,
    /// How to print the sends
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn parse_day(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("{e}; write the day as year-month-day, e.g. 2026-12-01"))
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum GroupBy {
    Owner,
}

fn parse_seconds(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(n) if (0.1..=600.0).contains(&n) => Ok(Duration::from_secs_f64(n)),
        _ => Err("give a number of seconds between 0.1 and 600, e.g. --timeout 10".into()),
    }
}

fn parse_now(s: &str) -> Result<jiff::Timestamp, String> {
    s.parse::<jiff::Timestamp>().map_err(|e| {
        format!("{e}; write a date and time with its offset, e.g. 2026-12-01T09:00:00+09:00")
    })
}

fn print_diagnostics(d: &Diagnostics, lang: Lang) {
    let mut d = d.clone();
    d.localize(lang);
    let mut err = std::io::stderr().lock();
    use std::io::Write;
    let _ = write!(err, "{d}");
}

/// Shows progress on a terminal once a build has run for more than a second.
fn spawn_progress(
    progress: Arc<Progress>,
    done: Arc<AtomicBool>,
) -> Option<std::thread::JoinHandle<()>> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    Some(std::thread::spawn(move || {
        let start = std::time::Instant::now();
        let mut shown = false;
        while !done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
            if start.elapsed() < Duration::from_secs(1) {
                continue;
            }
            let total = progress.total.load(Ordering::Relaxed);
            let n = progress.done.load(Ordering::Relaxed);
            let line = if total == 0 {
                "loading and linking content…".to_string()
            } else {
                format!("rendering pages {n}/{total}")
            };
            eprint!("\r\x1b[2K{line}");
            shown = true;
        }
        if shown {
            eprint!("\r\x1b[2K");
        }
    }))
}

fn main() -> ExitCode {
    tuning::apply();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
            messages,
        } => build(site, output, base_url, messages.lang),
        Command::Serve {
            site,
            port,
            bind,
            hosts,
            open,
            messages,
        } => serve(site, port, bind, hosts, open, messages.lang),
        Command::Check(args) => check(args),
        Command::Report {
            site,
            output,
            messages,
        } => report(site, output, messages.lang),
        Command::Drip(args) => drip(args),
        Command::Init { dir } => init(&dir),
    }
}

fn build(
    site: SiteArgs,
    output: Option<PathBuf>,
    base_url: Option<String>,
    lang: Option<Lang>,
) -> ExitCode {
    let lang = messages_language(lang, &site.root);
    tuning::return_freed_pages_soon();
    let options = BuildOptions {
        root: site.root,
        output,
        drafts: site.drafts,
        base_url,
        now: site.now,
        preview: false,
        memory_freed: Some(tuning::return_freed_memory),
        messages: lang,
        drip_folder: None,
    };
    // An interrupted build leaves no half-written staging folder behind.
    let _ = ctrlc::set_handler(move || {
        let line = if journeyhub::output::remove_unfinished() {
            t("interrupted.cleaned")
        } else {
            t("interrupted")
        };
        eprintln!("\n{}", line.render(lang));
        std::process::exit(130);
    });
    let progress = Arc::new(Progress::default());
    let done = Arc::new(AtomicBool::new(false));
    let handle = spawn_progress(progress.clone(), done.clone());
    let result = build_keeping_memory(&options, &progress);
    done.store(true, Ordering::Relaxed);
    if let Some(h) = handle {
        let _ = h.join();
    }
    match result {
        Ok((summary, memory)) => {
            tuning::leave_to_the_system(memory);
            print_diagnostics(&summary.warnings, lang);
            let warnings = summary.warnings.len();
            let warnings = if warnings > 0 {
                t("summary.built-warnings").arg("n", warnings).render(lang)
            } else {
                String::new()
            };
            let line = t("summary.built")
                .arg("pages", summary.pages)
                .arg("files", summary.files)
                .arg("output", summary.output.display())
                .arg("ms", summary.elapsed.as_millis())
                .arg("warnings", warnings);
            println!("{}", line.render(lang));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, lang);
            let errors = diagnostics.errors().count();
            let line = t("summary.build-failed").arg("errors", errors);
            eprintln!("{}", line.render(lang));
            ExitCode::from(1)
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let CheckArgs {
        site,
        format,
        deny_warnings,
        external,
        timeout,
        jobs,
        translations,
        group_by,
        messages,
    } = args;
    let lang = messages_language(messages.lang, &site.root);
    let mut options = journeyhub::check::CheckOptions::new(site.build_options());
    options.translations = translations;
    if external {
        options.external = Some(journeyhub::check::ExternalOptions {
            timeout,
            jobs: usize::from(jobs),
        });
    }
    let mut result = journeyhub::check(&options);
    result.diagnostics.localize(lang);
    match (format, group_by) {
        (Format::Json, None) => print!("{}", result.to_json()),
        (Format::Json, Some(GroupBy::Owner)) => print!("{}", result.to_json_by_owner()),
        (Format::Text, group_by) => {
            match group_by {
                None => print!("{}", result.diagnostics),
                Some(GroupBy::Owner) => print!("{}", result.to_text_by_owner_in(lang)),
            }
            println!("{}", result.summary_line_in(lang));
        }
    }
    ExitCode::from(result.exit_code(deny_warnings))
}

fn report(site: SiteArgs, output: Option<PathBuf>, lang: Option<Lang>) -> ExitCode {
    let lang = messages_language(lang, &site.root);
    let mut options = journeyhub::report::ReportOptions::new(site.build_options());
    options.output = output;
    match journeyhub::report(&options) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings, lang);
            let line = t("summary.report-wrote")
                .arg("html", summary.html.display())
                .arg("json", summary.json.display())
                .arg("gaps", summary.report.gaps.len());
            println!("{}", line.render(lang));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, lang);
            let errors = diagnostics.errors().count();
            let line = t("summary.report-failed").arg("errors", errors);
            eprintln!("{}", line.render(lang));
            ExitCode::from(1)
        }
    }
}

fn drip(args: DripArgs) -> ExitCode {
    let lang = messages_language(None, &args.site.root);
    let request = journeyhub::pipeline::DripRequest {
        lang: args.lang,
        stage: args.stage,
        segment: args.segment,
        start: args.start,
    };
    match journeyhub::pipeline::drip_preview(&args.site.build_options(), &request) {
        Ok((sequence, warnings)) => {
            print_diagnostics(&warnings, lang);
            match args.format {
                Format::Text => print!("{}", journeyhub::render::drip::to_text(&sequence)),
                Format::Json => print!(
                    "{}",
                    String::from_utf8_lossy(&journeyhub::render::drip::to_json(&sequence))
                ),
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, lang);
            // A segment, stage or language the site does not have is a wrong command line.
            if diagnostics.0.iter().all(|d| d.code == "bad-option") {
                ExitCode::from(2)
            } else {
                let line = t("summary.drip-failed").arg("errors", diagnostics.errors().count());
                eprintln!("{}", line.render(lang));
                ExitCode::from(1)
            }
        }
    }
}

fn init(dir: &std::path::Path) -> ExitCode {
    match journeyhub::init::create(dir) {
        Ok(()) => {
            println!(
                "created a new hub in {}; build it with: journeyhub build --root {}",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn serve(
    site: SiteArgs,
    port: u16,
    bind: std::net::IpAddr,
    hosts: Vec<String>,
    open: bool,
    lang: Option<Lang>,
) -> ExitCode {
    let lang = messages_language(lang, &site.root);
    let mut options = journeyhub::serve::ServeOptions::new(site.root);
    options.build.messages = lang;
    options.build.drafts = site.drafts;
    options.build.now = site.now;
    options.port = port;
    options.bind = bind;
    options.hosts = hosts;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::Relaxed)) {
            let line = t("serve.no-ctrl-c").arg("error", e);
            eprintln!("{}", line.render(lang));
        }
    }
    // The address is shown, and the browser opened, before the first build: the page asked
    // for is rendered as soon as the documents are linked.
    let starting = match journeyhub::serve::listen(options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}", e.render(lang));
            return ExitCode::from(1);
        }
    };
    let line = t("serve.started").arg("url", starting.url());
    println!("{}", line.render(lang));
    if open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if std::process::Command::new(opener)
            .arg(starting.url())
            .spawn()
            .is_err()
        {
            let line = t("serve.no-browser").arg("url", starting.url());
            eprintln!("{}", line.render(lang));
        }
    }
    let mut server = match starting.build() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}", e.render(lang));
            return ExitCode::from(1);
        }
    };
    server.wait(&stop);
    println!("{}", t("serve.stopped").render(lang));
    ExitCode::SUCCESS
}
