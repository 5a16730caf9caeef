//! journeyhub replaces its output folder on every build, so it must refuse any folder whose
//! loss would hurt: the site itself, its sources, a folder holding the site, a folder of
//! someone else's files. Each refusal is checked to leave every file exactly as it was.

mod common;

use common::*;
use journeyhub::util::diagnostics::Diagnostics;
use std::fs;
use std::path::{Path, PathBuf};

/// Builds `site` into `output`, expects an `unsafe-output` refusal and returns it.
fn refused(site: &TestSite, output: PathBuf) -> Diagnostics {
    let mut options = site.options();
    options.output = Some(output);
    let diagnostics = build_err(&options);
    assert_eq!(
        diagnostics.0.len(),
        1,
        "exactly one refusal:\n{diagnostics}"
    );
    assert_eq!(diagnostics.0[0].code, "unsafe-output", "{diagnostics}");
    assert!(diagnostics.0[0].hint.is_some(), "a refusal says what to do");
    diagnostics
}

/// Every file of the temporary folder (site, output and anything beside them).
fn everything(site: &TestSite) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(site.tmp.path())
}

#[test]
fn refuses_the_site_root() {
    let site = TestSite::fixture("minimal");
    let before = everything(&site);
    let d = refused(&site, site.root.clone());
    assert!(d.0[0].message.contains("site folder"), "{d}");
    assert_same_files(&before, &everything(&site), "nothing changed");
}

#[test]
fn refuses_the_site_root_written_another_way() {
    let site = TestSite::fixture("minimal");
    let before = everything(&site);
    refused(&site, site.root.join("content").join(".."));
    refused(&site, site.root.join("."));
    assert_same_files(&before, &everything(&site), "nothing changed");
}

#[test]
fn refuses_the_content_folder_and_folders_inside_it() {
    let site = TestSite::fixture("minimal");
    let before = everything(&site);
    let d = refused(&site, site.root.join("content"));
    assert!(d.0[0].message.contains("content/"), "{d}");
    refused(&site, site.root.join("content").join("playbooks"));
    refused(&site, site.root.join("content").join("new-folder"));
    assert_same_files(&before, &everything(&site), "nothing changed");
}

#[test]
fn refuses_other_source_folders() {
    let site = TestSite::fixture("minimal");
    site.write("static/robots-extra.txt", "keep me");
    site.write("templates/page.html", "{% extends \"base.html\" %}");
    let before = everything(&site);
    refused(&site, site.root.join("static"));
    refused(&site, site.root.join("templates"));
    refused(&site, site.root.join("themes").join("default"));
    assert_same_files(&before, &everything(&site), "nothing changed");
}

#[test]
fn refuses_a_folder_that_contains_the_site() {
    let site = TestSite::fixture("minimal");
    let before = everything(&site);
    let d = refused(&site, site.tmp.path().to_path_buf());
    assert!(d.0[0].message.contains("contains the site"), "{d}");
    assert_same_files(&before, &everything(&site), "nothing changed");
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_create() {
    let site = TestSite::fixture("minimal");
    fs::create_dir_all(site.out.join("reports")).unwrap();
    fs::write(site.out.join("budget.xlsx"), b"\x50\x4b\x03\x04 not really").unwrap();
    fs::write(site.out.join("reports").join("q3.txt"), "売上メモ").unwrap();
    let before = everything(&site);
    let d = refused(&site, site.out.clone());
    assert!(d.0[0].message.contains("not created by journeyhub"), "{d}");
    assert_same_files(
        &before,
        &everything(&site),
        "the folder's files are unchanged",
    );
}

#[test]
fn refuses_its_own_output_once_a_user_added_a_file() {
    let site = TestSite::fixture("minimal");
    site.build();
    fs::write(site.out.join("notes.txt"), "my own notes").unwrap();
    fs::write(
        site.out.join("playbooks").join("draft.html"),
        "<p>hand-written</p>",
    )
    .unwrap();
    let before = everything(&site);
    let d = refused(&site, site.out.clone());
    let message = &d.0[0].message;
    assert!(message.contains("notes.txt"), "names the files: {message}");
    assert!(message.contains("playbooks/draft.html"), "{message}");
    assert_same_files(&before, &everything(&site), "nothing changed");
    assert_eq!(
        fs::read_to_string(site.out.join("notes.txt")).unwrap(),
        "my own notes"
    );
}

#[test]
fn refuses_a_file_as_output() {
    let site = TestSite::fixture("minimal");
    fs::write(&site.out, "a file, not a folder").unwrap();
    let before = everything(&site);
    refused(&site, site.out.clone());
    assert_same_files(&before, &everything(&site), "nothing changed");
}

#[cfg(unix)]
#[test]
fn refuses_a_symlink_to_the_site() {
    let site = TestSite::fixture("minimal");
    let link = site.tmp.path().join("public-link");
    std::os::unix::fs::symlink(&site.root, &link).unwrap();
    let before = everything(&site);
    refused(&site, link.clone());
    assert_same_files(&before, &everything(&site), "nothing changed");
    assert!(site.root.join("content").is_dir());
}

/// `missing/..` is the folder itself once `missing` exists, which the build creates.
fn through_a_missing_folder(target: &Path) -> PathBuf {
    target
        .parent()
        .unwrap()
        .join("not-yet-created")
        .join("..")
        .join(target.file_name().unwrap())
}

#[test]

fn refuses_content_reached_through_a_missing_folder() {
    let site = TestSite::fixture("minimal");
    let content_before = snapshot(&site.root.join("content"));
    let output = through_a_missing_folder(&site.root.join("content"));
    let result = journeyhub::build(&{
        let mut o = site.options();
        o.output = Some(output.clone());
        o
    });
    assert_same_files(
        &content_before,
        &snapshot(&site.root.join("content")),
        &format!("content/ after building into {}", output.display()),
    );
    let diagnostics = result.expect_err("the output must be refused");
    assert_eq!(diagnostics.0[0].code, "unsafe-output");
}

#[test]

fn refuses_the_site_root_reached_through_a_missing_folder() {
    let site = TestSite::fixture("minimal");
    let before = snapshot(&site.root);
    let output = through_a_missing_folder(&site.root);
    let result = journeyhub::build(&{
        let mut o = site.options();
        o.output = Some(output.clone());
        o
    });
    assert_same_files(
        &before,
        &snapshot(&site.root),
        &format!("the site after building into {}", output.display()),
    );
    let diagnostics = result.expect_err("the output must be refused");
    assert_eq!(diagnostics.0[0].code, "unsafe-output");
}

#[test]
fn a_failed_build_leaves_no_trace_even_after_writing_pages() {
    let site = TestSite::sample();
    // A template error shows only while pages are rendered, after many were written into
    // the staging folder beside the output.
    site.write(
        "themes/default/templates/case_study.html",
        "{% extends \"base.html\" %}{% block content %}{{ doc.no_such_field.deeper }}{% endblock content %}",
    );
    let before = everything(&site);
    let mut options = site.options();
    options.output = Some(site.tmp.path().join("new/nested/public"));
    let diagnostics = build_err(&options);
    assert!(
        diagnostics.0.iter().any(|d| d.code == "template"),
        "{diagnostics}"
    );
    let after = everything(&site);
    let left: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
    assert!(after == before, "every file is as it was");
    assert!(
        !site.tmp.path().join("new").exists(),
        "the folders made for the output are gone"
    );
}

#[test]
fn builds_into_a_new_folder_and_marks_it() {
    let site = TestSite::fixture("minimal");
    let built = site.build();
    let marker = built.read(journeyhub::output::MARKER);
    let listed: Vec<&str> = marker.lines().skip(1).collect();
    assert!(listed.contains(&"index.html"), "{marker}");
    assert!(listed.contains(&"playbooks/kickoff/index.html"), "{marker}");
    // The marker lists exactly the files written.
    let mut written: Vec<String> = snapshot(&site.out).into_keys().collect();
    written.retain(|p| p != journeyhub::output::MARKER);
    let mut listed: Vec<String> = listed.into_iter().map(str::to_string).collect();
    listed.sort();
    assert_eq!(listed, written);
}

#[test]
fn builds_into_an_existing_empty_folder() {
    let site = TestSite::fixture("minimal");
    fs::create_dir_all(&site.out).unwrap();
    let built = site.build();
    assert!(built.exists("index.html"));
}

#[test]
fn rebuilding_replaces_its_own_output() {
    let site = TestSite::fixture("minimal");
    let first = site.build();
    assert!(
        first.exists("about/index.html"),
        "pages are published at /<slug>/"
    );
    // A page goes away, another one appears, a text changes.
    site.remove("content/pages/about.md");
    site.write(
        "content/pages/faq.md",
        "---\ntitle: よくある質問\n---\n質問と回答。\n",
    );
    site.write(
        "content/playbooks/kickoff.md",
        "---\ntitle: キックオフ（改訂版）\nstage: onboarding\n---\n## 目的 {#purpose}\n",
    );
    let second = site.build();
    assert!(!second.exists("about/index.html"), "the old page is gone");
    assert!(second.exists("faq/index.html"), "the new page is there");
    let kickoff = second.page("playbooks/kickoff/");
    assert_eq!(text_of(&kickoff, "h1.doc-title"), "キックオフ（改訂版）");
    // Nothing is left beside the output (staging or old copies).
    let beside: Vec<String> = fs::read_dir(site.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, ["out", "site"]);
    // And it can be rebuilt again: the new marker lists the new files.
    site.build();
}

#[test]
fn default_output_is_public_inside_the_site() {
    let site = TestSite::fixture("minimal");
    let mut options = site.options();
    options.output = None;
    let summary = build_ok(&options);
    assert_eq!(summary.output, site.root.join("public"));
    assert!(site.root.join("public").join("index.html").is_file());
    // The site still builds (public/ is not taken for content) and can be rebuilt.
    build_ok(&options);
}

/// The site's content/ moved to `shared-content/` beside it and linked back, as a site that
/// shares its content with another does.
#[cfg(unix)]
fn with_linked_content(site: &TestSite) -> PathBuf {
    let real = site.tmp.path().join("shared-content");
    fs::rename(site.root.join("content"), &real).unwrap();
    std::os::unix::fs::symlink(&real, site.root.join("content")).unwrap();
    real
}

#[cfg(unix)]
#[test]
fn refuses_a_folder_inside_a_linked_content_folder() {
    let site = TestSite::fixture("minimal");
    let real = with_linked_content(&site);
    let before = everything(&site);
    // Written through the link, and written as the real folder it leads to.
    for output in [site.root.join("content").join("pub"), real.join("pub")] {
        let d = refused(&site, output);
        assert!(d.0[0].message.contains("content/ folder"), "{d}");
        assert!(d.0[0].message.contains("a link to"), "{d}");
    }
    assert_same_files(&before, &everything(&site), "nothing changed");
    // The site still builds where it should, and twice gives the same files.
    let first = site.build();
    let files = snapshot(&first.dir);
    site.build();
    assert_same_files(&files, &snapshot(&site.out), "a second build");
}

#[cfg(unix)]
#[test]
fn refuses_a_folder_holding_a_linked_source_folder() {
    let site = TestSite::fixture("minimal");
    let real = with_linked_content(&site);
    let holder = site.tmp.path().join("shared");
    fs::create_dir_all(&holder).unwrap();
    let moved = holder.join("content");
    fs::rename(&real, &moved).unwrap();
    fs::remove_file(site.root.join("content")).unwrap();
    std::os::unix::fs::symlink(&moved, site.root.join("content")).unwrap();
    let before = everything(&site);
    let d = refused(&site, holder.clone());
    assert!(
        d.0[0].message.contains("contains the site's content/"),
        "{d}"
    );
    assert_same_files(&before, &everything(&site), "nothing changed");
}

/// `report --output` refuses what `build --output` refuses.
#[test]
fn the_report_refuses_what_the_build_refuses() {
    let site = TestSite::fixture("minimal");
    // Someone's folder of files, and a folder holding the site.
    site.write("../home/notes.txt", "mine");
    let home = site.tmp.path().join("home");
    let mut outputs = vec![
        home.clone(),
        site.tmp.path().to_path_buf(),
        site.root.clone(),
    ];
    #[cfg(unix)]
    {
        let real = with_linked_content(&site);
        outputs.push(site.root.join("content").join("pub"));
        outputs.push(real.join("pub"));
    }
    let before = everything(&site);
    for output in outputs {
        let mut build = site.options();
        build.output = Some(output.clone());
        let build_refusal = build_err(&build);
        let mut report = journeyhub::report::ReportOptions::new(site.options());
        report.output = Some(output.clone());
        let report_refusal = journeyhub::report(&report).expect_err("the report must refuse");
        for d in [&build_refusal, &report_refusal] {
            assert_eq!(d.0.len(), 1, "{}: {d}", output.display());
            assert_eq!(d.0[0].code, "unsafe-output", "{}: {d}", output.display());
        }
        assert!(
            !hint(&report_refusal.0[0]).contains("public/"),
            "a report refusal does not suggest the published site: {report_refusal}"
        );
    }
    assert_same_files(&before, &everything(&site), "nothing changed");
}
