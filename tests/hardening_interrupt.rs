//! Interrupted builds: SIGINT and SIGTERM remove the staging folder before the process ends,
//! and the next build removes what a killed build left (or reports what it cannot vouch for).
#![cfg(unix)]

mod common;

use common::*;
use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The minimal site with enough playbooks that a debug build takes a few seconds.
fn big_site() -> TestSite {
    let site = TestSite::fixture("minimal");
    let body =
        "## 手順\n\n本文の段落です。 **強調** と `code` と [リンク](https://example.com/)。\n\n"
            .repeat(40);
    for i in 0..500 {
        site.write(
            &format!("content/playbooks/p{i:04}.md"),
            &format!(
                "---\ntitle: 手順 {i}\nsummary: 要約\nstage: onboarding\ndate: 2026-04-01\n---\n{body}"
            ),
        );
    }
    site
}

fn start_build(site: &TestSite) -> Child {
    Command::new(env!("CARGO_BIN_EXE_journeyhub"))
        .arg("build")
        .arg("--root")
        .arg(&site.root)
        .arg("--output")
        .arg(&site.out)
        .args(["--now", NOW])
        // The assertions read the English words of the run.
        .args(["--lang", "en"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

/// Folders beside the output whose names a build's staging or set-aside folders take.
fn leftovers(site: &TestSite) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(site.tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".out.journeyhub-"))
        .collect();
    found.sort();
    found
}

/// Waits until the build has written pages into its staging folder, and returns the folder.
fn wait_for_pages(site: &TestSite, child: &mut Child) -> PathBuf {
    let staging = site
        .tmp
        .path()
        .join(format!(".out.journeyhub-new-{}", child.id()));
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if staging.join("playbooks").is_dir() {
            return staging;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be interrupted"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("no pages appeared in {}", staging.display());
}

fn send(child: &Child, signal: libc::c_int) {
    // SAFETY: the child is ours and still running (or a zombie we have not reaped).
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
}

#[test]
fn sigint_and_sigterm_remove_the_staging_folder() {
    let site = big_site();
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut child = start_build(&site);
        wait_for_pages(&site, &mut child);
        send(&child, signal);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(130), "signal {signal}: {stderr}");
        assert!(stderr.contains("interrupted"), "{stderr}");
        assert_eq!(leftovers(&site), Vec::<PathBuf>::new(), "signal {signal}");
        assert!(!site.out.exists(), "no output appeared");
    }
}

#[test]
fn the_next_build_removes_a_killed_builds_folder_and_reports_a_foreign_one() {
    let site = big_site();
    let mut child = start_build(&site);
    let staging = wait_for_pages(&site, &mut child);
    // SIGKILL cannot be handled: the folder stays, as after a crash or a power cut.
    send(&child, libc::SIGKILL);
    child.wait().unwrap();
    assert_eq!(leftovers(&site), std::slice::from_ref(&staging));

    // A folder of the same shape of name, of a process that is gone, holding someone's file.
    let mut gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    let foreign = site
        .tmp
        .path()
        .join(format!(".out.journeyhub-new-{gone_pid}"));
    site.write(
        &format!(
            "../{}/mine.txt",
            foreign.file_name().unwrap().to_string_lossy()
        ),
        "mine",
    );

    let built = site.build();
    assert!(!staging.exists(), "the killed build's folder is removed");
    assert_eq!(
        fs::read_to_string(foreign.join("mine.txt")).unwrap(),
        "mine"
    );
    let warning = find(
        &built.summary.warnings,
        "leftover-output",
        &foreign.display().to_string(),
    );
    assert!(warning.message.contains("interrupted build"), "{warning:?}");
    assert_eq!(leftovers(&site), [foreign]);
}
