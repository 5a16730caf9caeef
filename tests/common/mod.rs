//! Shared helpers for the integration tests: copy a fixture site into a temporary folder,
//! build it at a fixed time into a temporary output folder, and read the result back as
//! parsed HTML or XML.
//!
//! Every test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use journeyhub::util::diagnostics::{Diagnostic, Diagnostics};
use journeyhub::{BuildOptions, BuildSummary};
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The build time of every test: webinars before it are past, after it upcoming.
pub const NOW: &str = "2026-12-01T09:00:00+09:00";

pub fn now() -> jiff::Timestamp {
    NOW.parse().expect("a valid timestamp")
}

/// The day of [`NOW`] in UTC, the time zone of a site made by `init`: its documents are
/// dated around it, so that they build at [`NOW`] whatever the real date.
pub fn init_day() -> jiff::civil::Date {
    now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_dir(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(name)
}

/// Copies a folder tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A site copied into a temporary folder, with an output folder beside it (not yet created).
pub struct TestSite {
    pub tmp: TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
}

impl TestSite {
    fn empty() -> TestSite {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let root = tmp.path().join("site");
        let out = tmp.path().join("out");
        fs::create_dir_all(&root).unwrap();
        TestSite { tmp, root, out }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_dir(&fixture_dir(name), &site.root);
        site
    }

    /// A copy of the repository's sample hub: content/, themes/ and site-config.yaml.
    pub fn sample() -> TestSite {
        let site = TestSite::empty();
        let repo = manifest_dir();
        copy_dir(&repo.join("content"), &site.root.join("content"));
        copy_dir(&repo.join("themes"), &site.root.join("themes"));
        fs::copy(
            repo.join("site-config.yaml"),
            site.root.join("site-config.yaml"),
        )
        .unwrap();
        site
    }

    /// A site created by `journeyhub init` on the day of [`NOW`], as the builds see it.
    pub fn init() -> TestSite {
        let site = TestSite::empty();
        fs::remove_dir(&site.root).unwrap();
        journeyhub::init::create_on(&site.root, init_day()).expect("init creates a site");
        site
    }

    /// Writes (or replaces) a file of the site, `rel` being relative to the site root.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).unwrap();
    }

    /// Options for a build at [`NOW`] into `self.out`.
    pub fn options(&self) -> BuildOptions {
        let mut o = BuildOptions::new(&self.root);
        o.output = Some(self.out.clone());
        o.now = Some(now());
        o
    }

    pub fn build(&self) -> Output {
        self.build_with(self.options())
    }

    pub fn build_with(&self, options: BuildOptions) -> Output {
        let out = options.output.clone().expect("tests always set an output");
        let summary = build_ok(&options);
        Output {
            dir: out,
            base_path: "/".into(),
            summary,
        }
    }

    pub fn build_err(&self) -> Diagnostics {
        build_err(&self.options())
    }
}

pub fn build_ok(options: &BuildOptions) -> BuildSummary {
    match journeyhub::build(options) {
        Ok(s) => s,
        Err(d) => panic!("the build failed:\n{d}"),
    }
}

pub fn build_err(options: &BuildOptions) -> Diagnostics {
    match journeyhub::build(options) {
        Ok(s) => panic!(
            "the build succeeded ({} pages) but errors were expected",
            s.pages
        ),
        Err(d) => d,
    }
}

/// A built site on disk.
pub struct Output {
    pub dir: PathBuf,
    /// The path of the base_url (`/` or `/hub/`).
    pub base_path: String,
    pub summary: BuildSummary,
}

impl Output {
    /// The page at a site path such as `playbooks/kickoff/` (unencoded), parsed.
    pub fn page(&self, site_path: &str) -> Html {
        let file = if site_path.is_empty() || site_path.ends_with('/') {
            self.dir.join(site_path).join("index.html")
        } else {
            self.dir.join(site_path)
        };
        let text = fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        Html::parse_document(&text)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.dir.join(rel).exists()
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.dir.join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel} in the output: {e}"))
    }

    /// The output file a root-relative URL of this site leads to, if it has the site's base
    /// path: `/hub/playbooks/%E3%83%98/#x` → `<out>/playbooks/ヘ/index.html`.
    pub fn file_of_url(&self, url: &str) -> Option<PathBuf> {
        let path = url.split(['#', '?']).next().unwrap_or("");
        let rest = path.strip_prefix(&self.base_path)?;
        let decoded = percent_decode(rest);
        let mut file = self.dir.join(&decoded);
        if decoded.is_empty() || decoded.ends_with('/') {
            file = file.join("index.html");
        }
        Some(file)
    }

    /// Every HTML page of the output, as (path relative to the output, parsed page): every
    /// HTML file but the drip teasers, which are email markup.
    pub fn html_pages(&self) -> Vec<(String, Html)> {
        let mut pages = vec![];
        for entry in walkdir::WalkDir::new(&self.dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html")
            {
                let rel = rel_path(&self.dir, entry.path());
                if is_email_fragment(&rel) {
                    continue;
                }
                let text = fs::read_to_string(entry.path()).unwrap();
                pages.push((rel, Html::parse_document(&text)));
            }
        }
        pages
    }
}

/// A drip track's teasers (`drip/…/teasers.html`): email markup laid out for email clients,
/// with their table attributes, not a page of the site.
pub fn is_email_fragment(rel: &str) -> bool {
    rel.split('/').any(|part| part == "drip") && rel.ends_with("/teasers.html")
}

pub fn rel_path(base: &Path, p: &Path) -> String {
    p.strip_prefix(base)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .expect("percent-encoded UTF-8")
        .into_owned()
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// The text of every element matching `css`, whitespace collapsed.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The value of `attr` on every element matching `css` that has it.
pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    html.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

pub fn hrefs(html: &Html, css: &str) -> Vec<String> {
    attrs(html, css, "href")
}

/// The one element matching `css` must exist; its collapsed text.
pub fn text_of(html: &Html, css: &str) -> String {
    let all = texts(html, css);
    assert!(
        !all.is_empty(),
        "no element matches {css:?} in the page:\n{}",
        html.html()
    );
    all[0].clone()
}

pub fn count(html: &Html, css: &str) -> usize {
    html.select(&sel(css)).count()
}

/// Every file under `dir`, relative path → bytes (to check a folder is left unchanged).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (rel_path(dir, e.path()), fs::read(e.path()).unwrap()))
        .collect()
}

/// Compares two [`snapshot`]s and names the files added, removed or changed.
#[track_caller]
pub fn assert_same_files(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let changed: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        removed.is_empty() && added.is_empty() && changed.is_empty(),
        "{what}: removed {removed:?}, added {added:?}, changed {changed:?}"
    );
}

/// The diagnostic with `code` about `file`; panics with every diagnostic when there is none.
pub fn find<'d>(diagnostics: &'d Diagnostics, code: &str, file: &str) -> &'d Diagnostic {
    diagnostics
        .0
        .iter()
        .find(|d| d.code == code && d.file == file)
        .unwrap_or_else(|| {
            panic!("no `{code}` diagnostic for {file}; the build reported:\n{diagnostics}")
        })
}

/// (code, file) of every error, sorted, to compare with what a fixture should produce.
pub fn error_keys(diagnostics: &Diagnostics) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = diagnostics
        .errors()
        .map(|d| (d.code.to_string(), d.file.clone()))
        .collect();
    keys.sort();
    keys
}

pub fn hint(d: &Diagnostic) -> &str {
    d.hint.as_deref().unwrap_or("")
}

/// A small well-formedness check for the generated XML (no XML crate among the
/// dependencies): the declaration, balanced and properly nested tags, quoted attributes and
/// known entities only. Returns the text of every `<loc>` element.
pub fn sitemap_locs(xml: &str) -> Vec<String> {
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "the sitemap has no XML declaration"
    );
    let body = &xml[xml.find("?>").unwrap() + 2..];
    let mut stack: Vec<String> = vec![];
    let mut locs = vec![];
    let mut rest = body;
    let mut text = String::new();
    let mut roots = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').expect("unclosed tag in the sitemap");
            let tag = &after[..end];
            rest = &after[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().expect("closing tag without an opening one");
                assert_eq!(open, name.trim(), "mis-nested tags in the sitemap");
                if open == "loc" {
                    locs.push(decode_xml_text(&text));
                }
            } else {
                let self_closing = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let name = tag.split_whitespace().next().expect("empty tag");
                check_xml_attributes(&tag[name.len()..]);
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(name.to_string());
                }
            }
            text.clear();
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            text.push_str(&rest[..end]);
            if stack.is_empty() {
                assert!(
                    rest[..end].trim().is_empty(),
                    "text outside the root element of the sitemap"
                );
            }
            decode_xml_text(&rest[..end]);
            rest = &rest[end..];
        }
    }
    assert!(
        stack.is_empty(),
        "unclosed elements in the sitemap: {stack:?}"
    );
    assert_eq!(roots, 1, "the sitemap must have exactly one root element");
    locs
}

fn check_xml_attributes(mut s: &str) {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return;
        }
        let eq = s
            .find('=')
            .expect("attribute without a value in the sitemap");
        let after = &s[eq + 1..];
        assert!(after.starts_with('"'), "unquoted attribute in the sitemap");
        let close = after[1..].find('"').expect("unclosed attribute value");
        decode_xml_text(&after[1..1 + close]);
        s = &after[close + 2..];
    }
}

fn decode_xml_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').expect("unterminated entity") + i;
        let entity = &rest[i + 1..end];
        let c = match entity {
            "amp" => "&".to_string(),
            "lt" => "<".to_string(),
            "gt" => ">".to_string(),
            "quot" => "\"".to_string(),
            "apos" => "'".to_string(),
            e if e.starts_with('#') => {
                let n = if let Some(hex) = e.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16)
                } else {
                    e[1..].parse()
                }
                .expect("a numeric character reference");
                char::from_u32(n).expect("a valid character").to_string()
            }
            other => panic!("unknown entity &{other}; in the sitemap"),
        };
        out.push_str(&c);
        rest = &rest[end + 1..];
    }
    assert!(!rest.contains('<'), "a raw `<` in XML text");
    out.push_str(rest);
    out
}
