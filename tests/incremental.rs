//! The preview's incremental rebuild: after each edit, a rebuild that keeps every cache and
//! re-reads only the files the watcher named must give the same site, byte for byte, as a
//! build from nothing. The edits touch each thing the caches key on: a body, front matter,
//! dates, webinar times, headings and links, a template, a deleted and a new document.

mod common;

use common::TestSite;
use journeyhub::render::{OutputFile, Progress};
use journeyhub::{BuildOptions, Caches};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What a run produced: every output file's bytes, or the problems, as text.
type Outcome = Result<BTreeMap<String, Vec<u8>>, String>;

fn outcome(options: &BuildOptions, caches: &mut Caches) -> Outcome {
    match journeyhub::render_site_cached(options, &Progress::default(), caches) {
        Ok(built) => Ok(built
            .rendered
            .files
            .iter()
            .map(|(path, file)| {
                let bytes = match file {
                    OutputFile::Copy(source) => fs::read(source).unwrap(),
                    other => other.bytes().unwrap().into_owned(),
                };
                (path.clone(), bytes)
            })
            .collect()),
        Err(diagnostics) => Err(diagnostics.to_string()),
    }
}

/// A site being previewed: the caches of every run so far, and a watcher's reports.
struct Preview {
    site: TestSite,
    options: BuildOptions,
    caches: Caches,
}

impl Preview {
    fn start() -> Preview {
        let site = TestSite::sample();
        let mut options = BuildOptions::new(&site.root);
        options.now = Some(common::now());
        let mut caches = Caches::default();
        caches.load.start_watching();
        let first = outcome(&options, &mut caches);
        assert!(first.is_ok(), "the sample builds: {first:?}");
        Preview {
            site,
            options,
            caches,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        fs::canonicalize(&self.site.root).unwrap().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.site.root.join(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.site.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} contains {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Rebuilds as serve does after the watcher reported `changed`, and checks the result
    /// against a build with no caches.
    fn rebuild_and_compare(&mut self, changed: &[&str], what: &str) -> Outcome {
        let paths: Vec<PathBuf> = changed.iter().map(|rel| self.path(rel)).collect();
        self.caches.load.note_changes(&paths, false);
        let incremental = outcome(&self.options, &mut self.caches);
        let fresh = outcome(&self.options, &mut Caches::default());
        assert_same(&incremental, &fresh, what);
        incremental
    }
}

fn assert_same(incremental: &Outcome, fresh: &Outcome, what: &str) {
    match (incremental, fresh) {
        (Ok(a), Ok(b)) => {
            let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
            let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
            assert!(
                only_a.is_empty() && only_b.is_empty(),
                "{what}: the rebuild has extra files {only_a:?} and misses {only_b:?}"
            );
            let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
            assert!(
                differ.is_empty(),
                "{what}: the rebuild differs from a clean build in {differ:?}"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{what}: the problems differ"),
        (a, b) => panic!(
            "{what}: the rebuild {} but a clean build {}",
            if a.is_ok() { "succeeded" } else { "failed" },
            if b.is_ok() { "succeeded" } else { "failed" },
        ),
    }
}

fn text_of(outcome: &Outcome, path: &str) -> String {
    let files = outcome.as_ref().expect("the site builds");
    String::from_utf8(files[path].clone()).unwrap()
}

#[test]
fn every_incremental_rebuild_equals_a_clean_build() {
    let mut p = Preview::start();
    let kickoff = "content/playbooks/kickoff.md";

    p.replace(kickoff, "\n## ", "\n本文に一文を足しました。\n\n## ");
    let after = p.rebuild_and_compare(&[kickoff], "a body edit");
    assert!(text_of(&after, "playbooks/kickoff/index.html").contains("本文に一文を足しました。"));

    p.replace(
        kickoff,
        "title: キックオフミーティングの進め方",
        "title: キックオフの進め方（改訂）",
    );
    let after = p.rebuild_and_compare(&[kickoff], "a title edit");
    assert!(text_of(&after, "index.html").contains("キックオフの進め方（改訂）"));

    p.replace(kickoff, "updated: 2026-10-15", "updated: 2026-11-20");
    let after = p.rebuild_and_compare(&[kickoff], "an updated date");
    assert!(text_of(&after, "sitemap.xml").contains("<lastmod>2026-11-20</lastmod>"));

    let webinar = "content/webinars/insights-dashboard-deepdive.md";
    p.replace(
        webinar,
        "starts_at: 2027-01-21T14:00:00+09:00",
        "starts_at: 2027-01-28T14:00:00+09:00",
    );
    let after = p.rebuild_and_compare(&[webinar], "a webinar moved");
    let calendars: Vec<String> = after
        .as_ref()
        .unwrap()
        .iter()
        .filter(|(path, _)| path.ends_with(".ics"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        calendars.iter().any(|c| c.contains("20270128T050000Z")),
        "a calendar has the new time"
    );
    assert!(text_of(&after, "webinars/index.html").contains("2027年1月28日 14:00"));

    // A webinar that moves into the past leaves the upcoming lists and the calendars.
    p.replace(
        webinar,
        "starts_at: 2027-01-28T14:00:00+09:00",
        "starts_at: 2026-11-18T14:00:00+09:00",
    );
    let after = p.rebuild_and_compare(&[webinar], "a webinar now past");
    assert!(
        !text_of(&after, "webinars/index.html").contains("2027年1月28日"),
        "the webinar is no longer listed as upcoming"
    );

    let about = "content/pages/about.md";
    p.write(
        about,
        &format!(
            "{}\n[新しい節](@/playbooks/kickoff.md#new-section)\n",
            p.read(about)
        ),
    );
    let broken = p.rebuild_and_compare(&[about], "a link to a missing heading");
    assert!(broken.unwrap_err().contains("new-section"));
    // An edit elsewhere in the body keeps the link graph; an edit of the link's own line
    // shows in the message, which quotes the line.
    p.write(about, &format!("{}\n後から足した段落。\n", p.read(about)));
    let still = p.rebuild_and_compare(&[about], "a body edit below a broken link");
    assert!(still.unwrap_err().contains("new-section"));
    p.replace(about, "[新しい節](", "[新しい節へ](");
    let requoted = p.rebuild_and_compare(&[about], "the broken link's line edited");
    assert!(requoted.unwrap_err().contains("[新しい節へ]"));
    p.write(
        kickoff,
        &format!(
            "{}\n## 新しい節 {{#new-section}}\n\n中身。\n",
            p.read(kickoff)
        ),
    );
    let fixed = p.rebuild_and_compare(&[kickoff], "the heading added");
    assert!(fixed.is_ok(), "the link works again");

    // The download's title is front matter; its size is read from the file, which the
    // watcher names alone when the file is replaced.
    p.replace(
        kickoff,
        "title: キックオフ準備チェックリスト",
        "title: キックオフ準備チェックリスト（改訂）",
    );
    let after = p.rebuild_and_compare(&[kickoff], "a download's title edited");
    assert!(
        text_of(&after, "stages/onboarding/index.html")
            .contains("キックオフ準備チェックリスト（改訂）")
    );
    let checklist = "content/playbooks/files/kickoff-checklist.csv";
    p.write(checklist, &"項目,担当\n".repeat(200));
    let after = p.rebuild_and_compare(&[checklist], "a download replaced");
    assert!(text_of(&after, "playbooks/kickoff/index.html").contains("CSV · 2.8 KB"));
    assert!(text_of(&after, "stages/onboarding/atom.xml").contains("length=\"2800\""));

    let template = "themes/default/templates/playbook.html";
    p.replace(
        template,
        "<section class=\"facts\"",
        "<!-- revised --><section class=\"facts\"",
    );
    let after = p.rebuild_and_compare(&[template], "a template edit");
    assert!(text_of(&after, "playbooks/kickoff/index.html").contains("<!-- revised -->"));

    let added = "content/playbooks/new-checklist.md";
    p.write(
        added,
        "---\ntitle: 新しいチェックリスト\nsummary: 追加した文書です。\nstage: onboarding\ndate: 2026-11-01\ncompany_size: [smb]\n---\n\n## 手順\n\n1. 最初の一歩\n",
    );
    let after = p.rebuild_and_compare(&[added], "a new document");
    assert!(
        after
            .as_ref()
            .unwrap()
            .contains_key("playbooks/new-checklist/index.html")
    );
    let smb_page = "stages/onboarding/company_size/smb/index.html";
    assert!(text_of(&after, smb_page).contains("新しいチェックリスト"));
    p.replace(added, "company_size: [smb]", "company_size: [enterprise]");
    let after = p.rebuild_and_compare(&[added], "a segment term changed");
    assert!(!text_of(&after, smb_page).contains("新しいチェックリスト"));
    assert!(
        text_of(
            &after,
            "stages/onboarding/company_size/enterprise/index.html"
        )
        .contains("新しいチェックリスト")
    );

    fs::remove_file(p.site.root.join(added)).unwrap();
    let after = p.rebuild_and_compare(&[added], "a deleted document");
    assert!(
        !after
            .as_ref()
            .unwrap()
            .contains_key("playbooks/new-checklist/index.html")
    );
    assert!(
        !text_of(
            &after,
            "stages/onboarding/company_size/enterprise/index.html"
        )
        .contains("新しいチェックリスト")
    );
}

#[test]
fn only_the_files_the_watcher_names_are_read_again_until_a_rescan() {
    let mut p = Preview::start();
    let kickoff = "content/playbooks/kickoff.md";
    let other = "content/playbooks/champion-program.md";
    p.replace(kickoff, "\n## ", "\n一つ目の変更。\n\n## ");
    p.replace(other, "\n## ", "\n報告されない変更。\n\n## ");
    let after = outcome_after(&mut p, &[kickoff], false);
    let page = text_of(&after, "playbooks/champion-program/index.html");
    assert!(text_of(&after, "playbooks/kickoff/index.html").contains("一つ目の変更。"));
    assert!(
        !page.contains("報告されない変更。"),
        "a file the watcher did not name is not even checked"
    );

    // When the watcher says it may have missed events, every file is looked at again.
    let after = outcome_after(&mut p, &[], true);
    let page = text_of(&after, "playbooks/champion-program/index.html");
    assert!(page.contains("報告されない変更。"));
}

fn outcome_after(p: &mut Preview, changed: &[&str], rescan: bool) -> Outcome {
    let paths: Vec<PathBuf> = changed.iter().map(|rel| p.path(rel)).collect();
    p.caches.load.note_changes(&paths, rescan);
    outcome(&p.options, &mut p.caches)
}

#[test]
fn without_a_watcher_every_file_is_checked() {
    let site = TestSite::sample();
    let mut options = BuildOptions::new(&site.root);
    options.now = Some(common::now());
    let mut caches = Caches::default();
    assert!(outcome(&options, &mut caches).is_ok());
    let path: &Path = &site.root.join("content/playbooks/champion-program.md");
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, text.replacen("\n## ", "\n変更を読みます。\n\n## ", 1)).unwrap();
    let after = outcome(&options, &mut caches);
    assert!(text_of(&after, "playbooks/champion-program/index.html").contains("変更を読みます。"));
}
