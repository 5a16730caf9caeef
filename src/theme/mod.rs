//! Themes: tera templates compiled once per build, static files, and theme strings per
//! language. The default theme is compiled into the binary so a bare site still builds; a
//! theme folder on disk wins over it, and a site's own `templates/` wins over both.

pub mod strings;

use crate::config::SiteConfig;
use crate::content::{display_path, is_ignored_name, slash_path};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const DEFAULT_THEME_NAME: &str = "default";

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl StaticSource {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            StaticSource::Embedded(b) => Ok(b.to_vec()),
            StaticSource::Disk(p) => std::fs::read(p),
        }
    }
}

pub struct Theme {
    pub tera: tera::Tera,
    /// Template name → where it came from (for error messages).
    pub template_origin: BTreeMap<String, String>,
    /// Output path → source, theme files first and the site's `static/` over them.
    pub static_files: BTreeMap<String, StaticSource>,
    /// Language → key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Hash of every template and string: pages rendered under another version are stale.
    pub version: u64,
    /// Whether `macros.html` has a `card` macro, which [`CARD_TEMPLATE`] renders once per
    /// document so that lists and related links reuse it.
    pub has_card_macro: bool,
    /// The shared partials (`partials/shared/<key>.html`) as (key, template name): each is
    /// rendered once per language and place, and every page gets its output as
    /// `shared.<key>` (docs/templates.md).
    pub shared_partials: Vec<(String, String)>,
}

/// The folder of the templates rendered once per language and place instead of per page.
pub const SHARED_PARTIALS_DIR: &str = "partials/shared/";

/// A template of journeyhub's own that renders one card with the theme's `card` macro.
/// The name ends in `.html` so that autoescaping applies as in the theme's templates.
pub const CARD_TEMPLATE: &str = "@journeyhub/card.html";

/// One theme file: its path inside the theme and its text or bytes.
struct ThemeFile {
    path: String,
    origin: String,
    source: StaticSource,
}

fn embedded_files() -> Vec<ThemeFile> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<ThemeFile>) {
        for f in dir.files() {
            let path = slash_path(f.path());
            out.push(ThemeFile {
                origin: format!("(built-in default theme) {path}"),
                path,
                source: StaticSource::Embedded(f.contents()),
            });
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = vec![];
    walk(&DEFAULT_THEME, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn disk_files(root: &Path, dir: &Path) -> Vec<ThemeFile> {
    let mut out = vec![];
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            out.push(ThemeFile {
                path: slash_path(rel),
                origin: display_path(root, entry.path()),
                source: StaticSource::Disk(entry.path().to_path_buf()),
            });
        }
    }
    out
}

/// The folders `serve` watches for theme changes.
pub fn theme_dir(root: &Path, config: &SiteConfig) -> PathBuf {
    root.join("themes").join(&config.theme)
}

/// The last compiled theme, with a stamp of the files it was made from.
#[derive(Default)]
pub struct ThemeCache {
    last: Option<(u64, Arc<Theme>)>,
}

/// As [`load`], but compiles the templates again only when a theme file, a site override or
/// site-config changed: on a preview's content edit the theme is the same.
pub fn load_cached(
    root: &Path,
    config: &SiteConfig,
    cache: &mut ThemeCache,
) -> Result<Arc<Theme>, Vec<Diagnostic>> {
    let stamp = sources_stamp(root, config);
    if let Some((last, theme)) = &cache.last
        && *last == stamp
    {
        return Ok(Arc::clone(theme));
    }
    cache.last = None;
    let theme = Arc::new(load(root, config)?);
    cache.last = Some((stamp, Arc::clone(&theme)));
    Ok(theme)
}

/// Every file a theme is read from, by path, size and modification time.
fn sources_stamp(root: &Path, config: &SiteConfig) -> u64 {
    let mut h = crate::util::hash::Fnv::default().u64(config.version);
    for dir in [
        theme_dir(root, config),
        root.join("templates"),
        root.join("static"),
        root.join("i18n"),
    ] {
        h = h.str(&dir.to_string_lossy());
        for f in disk_files(root, &dir) {
            let StaticSource::Disk(path) = &f.source else {
                continue;
            };
            let meta = std::fs::metadata(path).ok();
            let modified = meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            h = h
                .str(&f.path)
                .u64(meta.map_or(u64::MAX, |m| m.len()))
                .u64(modified);
        }
    }
    h.finish()
}

pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Vec<Diagnostic>> {
    let theme_files = theme_files(root, config)?;
    let mut diagnostics = vec![];
    let Sources {
        templates,
        static_files,
        mut strings,
    } = read_sources(root, theme_files, &mut diagnostics);
    fall_back_to_english(config, &mut strings, &mut diagnostics);
    let Compiled {
        tera,
        template_origin,
        version,
        has_card_macro,
    } = compile(templates, &strings, &mut diagnostics);
    check_required_templates(config, &template_origin, &mut diagnostics);
    let shared_partials = shared_partials(&template_origin, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(Theme {
        tera,
        template_origin,
        static_files,
        strings,
        version,
        has_card_macro,
        shared_partials,
    })
}

/// The theme's strings with the site's own over them, per language, without compiling a
/// template: what the journey report needs to show terms as pages show them.
pub fn load_strings(
    root: &Path,
    config: &SiteConfig,
) -> Result<BTreeMap<String, strings::Strings>, Vec<Diagnostic>> {
    let mut diagnostics = vec![];
    let Sources { mut strings, .. } =
        read_sources(root, theme_files(root, config)?, &mut diagnostics);
    fall_back_to_english(config, &mut strings, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(strings)
}

/// The theme's own files: its folder on disk, or the built-in default theme.
fn theme_files(root: &Path, config: &SiteConfig) -> Result<Vec<ThemeFile>, Vec<Diagnostic>> {
    let dir = theme_dir(root, config);
    if dir.is_dir() {
        Ok(disk_files(root, &dir))
    } else if config.theme == DEFAULT_THEME_NAME {
        Ok(embedded_files())
    } else {
        Err(vec![
            Diagnostic::error(
                "missing-theme",
                crate::config::CONFIG_FILE,
                t("missing-theme").arg("theme", &config.theme),
            )
            .with_hint(t("missing-theme.hint")),
        ])
    }
}

/// A theme's templates (name → text and origin), static files and strings, the site's
/// overrides applied.
struct Sources {
    templates: BTreeMap<String, (String, String)>,
    static_files: BTreeMap<String, StaticSource>,
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

fn read_sources(
    root: &Path,
    theme_files: Vec<ThemeFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Sources {
    let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    let mut strings: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();

    let mut take = |f: ThemeFile, site_level: bool, diagnostics: &mut Vec<Diagnostic>| {
        let (top, rest) = f.path.split_once('/').unwrap_or(("", f.path.as_str()));
        match (site_level, top) {
            (false, "templates") | (true, "templates") => match f.source.read() {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        templates.insert(rest.to_string(), (text, f.origin));
                    }
                    Err(_) => diagnostics.push(Diagnostic::error(
                        "encoding",
                        f.origin,
                        t("encoding.template"),
                    )),
                },
                Err(e) => diagnostics.push(Diagnostic::error(
                    "io",
                    f.origin,
                    t("io.file").arg("error", e),
                )),
            },
            (_, "static") => {
                static_files.insert(rest.to_string(), f.source);
            }
            (_, "i18n") if rest.ends_with(".yaml") && !rest.contains('/') => {
                let lang = rest.trim_end_matches(".yaml").to_string();
                match read_strings(&f) {
                    Ok(map) => strings.entry(lang).or_default().extend(map),
                    Err(d) => diagnostics.push(d),
                }
            }
            _ => {}
        }
    };
    for f in theme_files {
        take(f, false, diagnostics);
    }
    // The site's own overrides, in the same shape as a theme.
    for (folder, prefix) in [
        ("templates", "templates"),
        ("static", "static"),
        ("i18n", "i18n"),
    ] {
        for mut f in disk_files(root, &root.join(folder)) {
            f.path = format!("{prefix}/{}", f.path);
            take(f, true, diagnostics);
        }
    }

    Sources {
        templates,
        static_files,
        strings,
    }
}

/// A language the theme has no strings for gets the English ones, with a warning.
fn fall_back_to_english(
    config: &SiteConfig,
    strings: &mut BTreeMap<String, BTreeMap<String, String>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for lang in &config.languages {
        if !strings.contains_key(lang) {
            diagnostics.push(
                Diagnostic::warning(
                    "missing-theme-strings",
                    format!("themes/{}/i18n/{lang}.yaml", config.theme),
                    t("missing-theme-strings").arg("lang", lang),
                )
                .with_hint(t("missing-theme-strings.hint").arg("lang", lang)),
            );
            let en = strings.get("en").cloned().unwrap_or_default();
            strings.insert(lang.clone(), en);
        }
    }
}

/// The compiled templates, where each came from, and the version of templates and strings.
struct Compiled {
    tera: tera::Tera,
    template_origin: BTreeMap<String, String>,
    version: u64,
    has_card_macro: bool,
}

fn compile(
    templates: BTreeMap<String, (String, String)>,
    strings: &BTreeMap<String, BTreeMap<String, String>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Compiled {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which bloats every URL and is not needed in HTML.
    tera.set_escape_fn(escape_html);
    let template_origin: BTreeMap<String, String> = templates
        .iter()
        .map(|(name, (_, origin))| (name.clone(), origin.clone()))
        .collect();
    let raw: Vec<(String, String)> = templates
        .into_iter()
        .map(|(name, (text, _))| (name, text))
        .collect();
    let mut version = crate::util::hash::Fnv::default();
    for (name, text) in &raw {
        version = version.str(name).str(text);
    }
    for (lang, map) in strings {
        version = version.str(lang);
        for (k, v) in map {
            version = version.str(k).str(v);
        }
    }
    let version = version.finish();
    if let Err(e) = tera.add_raw_templates(raw) {
        diagnostics.push(template_error(&e, &template_origin));
    }
    let has_card_macro = tera
        .get_template("macros.html")
        .is_ok_and(|t| t.macros.contains_key("card"))
        && tera
            .add_raw_template(
                CARD_TEMPLATE,
                r#"{%- import "macros.html" as m -%}{{ m::card(c=c, t=t) }}"#,
            )
            .is_ok();
    Compiled {
        tera,
        template_origin,
        version,
        has_card_macro,
    }
}

fn check_required_templates(
    config: &SiteConfig,
    template_origin: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for required in REQUIRED_TEMPLATES {
        if !template_origin.contains_key(*required) {
            diagnostics.push(
                Diagnostic::error(
                    "missing-template",
                    format!("themes/{}/templates/{required}", config.theme),
                    t("missing-template").arg("template", required),
                )
                .with_hint(t("missing-template.hint")),
            );
        }
    }
}

/// The templates under [`SHARED_PARTIALS_DIR`] as (key, template name).
fn shared_partials(
    template_origin: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut shared_partials = vec![];
    for name in template_origin.keys() {
        let Some(key) = name
            .strip_prefix(SHARED_PARTIALS_DIR)
            .and_then(|rest| rest.strip_suffix(".html"))
        else {
            continue;
        };
        // Files in folders below are theirs to include.
        if key.contains('/') {
            continue;
        }
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            diagnostics.push(
                Diagnostic::error(
                    "template",
                    template_origin[name].clone(),
                    t("template.shared-name").arg("key", key),
                )
                .with_hint(t("template.shared-name.hint")),
            );
            continue;
        }
        shared_partials.push((key.to_string(), name.clone()));
    }
    shared_partials
}

pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "home.html",
    "stage.html",
    "playbook.html",
    "case_study.html",
    "webinar.html",
    "page.html",
    "taxonomy.html",
    "term.html",
    "404.html",
];

fn read_strings(f: &ThemeFile) -> Result<BTreeMap<String, String>, Diagnostic> {
    let bytes = f
        .source
        .read()
        .map_err(|e| Diagnostic::error("io", &f.origin, t("io.file").arg("error", e)))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Diagnostic::error("encoding", &f.origin, t("encoding")))?;
    crate::util::yaml::parse_string_map(&f.origin, &text)
}

/// Tera nests the useful part of an error in its source chain; print the whole chain once.
pub fn template_error(e: &tera::Error, origins: &BTreeMap<String, String>) -> Diagnostic {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let message = parts.join(": ");
    let file = origins
        .iter()
        .find(|(name, _)| message.contains(&format!("'{name}'")))
        .map(|(_, origin)| origin.clone())
        .unwrap_or_else(|| "templates".to_string());
    Diagnostic::error("template", file, t("template.error").arg("detail", message))
        .with_hint(t("template.hint"))
}

fn escape_html(s: &str) -> String {
    crate::util::html::html_escape(s)
}
