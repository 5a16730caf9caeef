//! `journeyhub report`: the journey coverage report for marketers. It is written as two
//! files, `journey-report.html` (self-contained, inline SVG charts) and `journey-report.json`
//! (the same numbers), into a folder that is never part of the published site. Only those
//! two files are written, and an existing one is replaced only when journeyhub wrote it.

mod charts;
pub mod data;
mod drip;
mod freshness;
pub mod html;
pub mod wording;

pub use data::Report;

use crate::output::refuse;
use crate::pipeline::BuildOptions;
use crate::util::diagnostics::{Diagnostic, Diagnostics};
use crate::util::messages::t;
use std::fs;
use std::path::{Path, PathBuf};

pub const HTML_FILE: &str = "journey-report.html";
pub const JSON_FILE: &str = "journey-report.json";
/// The output folder under the site when `--output` is not given.
pub const DEFAULT_DIR: &str = "report";

#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The site, the time to compute the report at, and whether drafts count.
    pub build: BuildOptions,
    /// Where the two files go; `report/` under the site when None.
    pub output: Option<PathBuf>,
}

impl ReportOptions {
    pub fn new(build: BuildOptions) -> Self {
        ReportOptions {
            build,
            output: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.build.root.join(DEFAULT_DIR))
    }
}

#[derive(Debug)]
pub struct ReportSummary {
    pub html: PathBuf,
    pub json: PathBuf,
    pub report: Report,
    /// Warnings from loading the site (the report is written all the same).
    pub warnings: Diagnostics,
}

/// Computes the report of a site without writing anything. Terms are named as the site's
/// pages name them, with the theme's and the site's strings of its language.
pub fn compute(options: &BuildOptions) -> Result<(Report, Diagnostics), Diagnostics> {
    let (site, journey, warnings) = crate::pipeline::load(options)?;
    let strings = crate::theme::load_strings(&site.root, &site.config).map_err(Diagnostics)?;
    let t = crate::theme::strings::strings_for(&strings, &site.config.language);
    Ok((data::compute(&site, &journey, t), warnings))
}

pub fn to_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("the report serializes");
    text.push('\n');
    text
}

pub fn to_html(report: &Report) -> String {
    html::render(report, wording::for_language(&report.language))
}

/// Computes the report and writes its two files.
pub fn write(options: &ReportOptions) -> Result<ReportSummary, Diagnostics> {
    let dir = options.output_dir();
    let one = |d: Diagnostic| Diagnostics(vec![d]);
    check_output(&options.build.root, &dir).map_err(one)?;
    let (report, warnings) = compute(&options.build)?;
    let html_path = dir.join(HTML_FILE);
    let json_path = dir.join(JSON_FILE);
    // Both files are checked before either is written, so a refusal leaves nothing half done.
    for path in [&html_path, &json_path] {
        check_ours(path).map_err(one)?;
    }
    fs::create_dir_all(&dir).map_err(|e| one(io_error(&dir, "io.create-folder", &e)))?;
    write_file(&html_path, to_html(&report).as_bytes()).map_err(one)?;
    write_file(&json_path, to_json(&report).as_bytes()).map_err(one)?;
    Ok(ReportSummary {
        html: html_path,
        json: json_path,
        report,
        warnings,
    })
}

/// `what` is the catalog key of what could not be done.
fn io_error(path: &Path, what: &'static str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", path.display().to_string(), t(what).arg("error", e))
        .with_hint(t("io.report.hint"))
}

/// Written beside the target and renamed over it, so a reader never sees half a file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, "io.write-report", &e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_error(path, "io.write-report", &e)
    })
}

/// An existing report file is replaced only when journeyhub wrote it: it carries the
/// generator's name. Anything else at that path belongs to someone and is left alone.
fn check_ours(path: &Path) -> Result<(), Diagnostic> {
    if !path.exists() {
        return Ok(());
    }
    if path.is_dir() {
        return Err(refuse(
            path,
            t("unsafe-output.report-is-folder"),
            t("unsafe-output.report-is-folder.hint"),
        ));
    }
    let bytes = fs::read(path).map_err(|e| io_error(path, "io.read-existing", &e))?;
    let text = String::from_utf8_lossy(&bytes);
    let ours = text.contains(&format!(
        "<meta name=\"generator\" content=\"{}\">",
        data::GENERATOR
    )) || text.contains(&format!("\"generator\": \"{}\"", data::GENERATOR));
    if ours {
        Ok(())
    } else {
        Err(refuse(
            path,
            t("unsafe-output.report-not-ours"),
            t("unsafe-output.report-not-ours.hint"),
        ))
    }
}

/// The report never goes where a build would refuse to write (the file system root, the site,
/// a folder holding it, a source folder, through symlinks too), where it would be published,
/// or into a folder of someone else's files: a folder that is not empty must already hold a
/// report journeyhub wrote.
fn check_output(root: &Path, dir: &Path) -> Result<(), Diagnostic> {
    crate::output::check_location(root, dir, "report/")?;
    let out = crate::output::absolute(dir);
    let root = crate::output::absolute(root);
    if out.starts_with(root.join("public")) {
        return Err(refuse(
            dir,
            t("unsafe-output.report-in-public"),
            t("unsafe-output.report-published.hint"),
        ));
    }
    let mut folder = Some(out.as_path());
    while let Some(f) = folder {
        if f.join(crate::output::MARKER).is_file() {
            return Err(refuse(
                dir,
                t("unsafe-output.report-in-built").arg("dir", f.display()),
                t("unsafe-output.report-published.hint"),
            ));
        }
        folder = f.parent();
    }
    // Whether a report file there is ours is `check_ours`'s to say.
    let holds_a_report = [HTML_FILE, JSON_FILE]
        .iter()
        .any(|name| out.join(name).exists());
    if out.is_dir() && !holds_a_report && out.read_dir().is_ok_and(|mut e| e.next().is_some()) {
        return Err(refuse(
            dir,
            t("unsafe-output.report-not-empty"),
            t("unsafe-output.report-not-empty.hint"),
        ));
    }
    Ok(())
}
