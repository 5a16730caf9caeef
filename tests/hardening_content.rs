//! Content that is hostile or unlucky: thousands of repeated headings, names that differ only
//! by case or Unicode normalisation, raw HTML that runs code, and aliases no request can reach.

mod common;

use common::*;
use journeyhub::check::CheckOptions;
use journeyhub::util::diagnostics::Diagnostics;
use unicode_normalization::UnicodeNormalization;

fn playbook(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nsummary: 要約\nstage: onboarding\ndate: 2026-04-01\n---\n{body}")
}

// ---- item 5: repeated headings ----

#[test]
fn repeated_headings_get_unique_ids_in_order() {
    let site = TestSite::fixture("minimal");
    let n = 20_000;
    let mut body = String::from("## a\n\n## a-2\n\n");
    body.push_str(&"## a\n\n".repeat(n));
    site.write("content/playbooks/many.md", &playbook("見出し", &body));
    let out = site.build();
    let page = out.page("playbooks/many/");
    let ids = attrs(&page, ".prose h2[id]", "id");
    let mut expected = vec!["a".to_string(), "a-2".to_string()];
    // `a-2` is taken by the written heading, so the repeats skip it.
    expected.extend(
        (1..=n + 1)
            .filter(|k| *k != 2)
            .take(n)
            .map(|k| format!("a-{k}")),
    );
    assert_eq!(ids.len(), expected.len());
    assert_eq!(ids, expected);
    // How many ids a build tries is counted in markdown's unit test
    // (repeated_heading_ids_are_found_in_a_step_or_two_each); the time is in
    // docs/benchmarks.md (bench/worst-cases.sh), never in a test.
}

// ---- item 6: names that differ only by case or normalisation ----

fn errors_of(d: &Diagnostics, code: &str) -> Vec<(String, usize, String)> {
    d.errors()
        .filter(|e| e.code == code)
        .map(|e| (e.file.clone(), e.line, e.message.clone()))
        .collect()
}

#[test]
fn names_that_differ_only_by_case_are_errors_naming_both_files() {
    let site = TestSite::fixture("minimal");
    site.write("content/playbooks/Guide.md", &playbook("大", "本文"));
    site.write("content/playbooks/guide.md", &playbook("小", "本文"));
    let d = site.build_err();
    let found = errors_of(&d, "name-collision");
    assert_eq!(found.len(), 2, "{d}");
    for (file, line, message) in &found {
        assert_eq!(*line, 1, "{d}");
        let other = if file.ends_with("Guide.md") {
            "guide.md"
        } else {
            "Guide.md"
        };
        assert!(
            message.contains(&format!("content/playbooks/{other}")),
            "{message}"
        );
        assert!(message.contains("case"), "{message}");
    }
    assert!(!site.out.exists());
}

#[test]
fn names_that_differ_only_by_normalisation_are_errors_and_links_find_either_form() {
    let nfc = "ガイド";
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let site = TestSite::fixture("minimal");
    site.write(
        &format!("content/playbooks/{nfd}.md"),
        &playbook("NFD", "本文"),
    );
    site.write(
        &format!("content/playbooks/{nfc}.md"),
        &playbook("NFC", "本文"),
    );
    let d = site.build_err();
    let found = errors_of(&d, "name-collision");
    assert_eq!(found.len(), 2, "{d}");
    assert!(found.iter().all(|(_, _, m)| m.contains("normali")), "{d}");

    // One file saved in NFD (as macOS does), a link typed in NFC.
    let site = TestSite::fixture("minimal");
    site.write(
        &format!("content/playbooks/{nfd}.md"),
        &playbook("NFD", "本文"),
    );
    site.write(
        "content/playbooks/kickoff.md",
        &playbook("キックオフ", &format!("[ガイド](@/playbooks/{nfc}.md)\n")),
    );
    let out = site.build();
    let page = out.page("playbooks/kickoff/");
    let href = hrefs(&page, ".prose a")
        .into_iter()
        .find(|h| percent_decode(h).nfc().collect::<String>().contains(nfc))
        .expect("the link is kept");
    let file = out.file_of_url(&href).expect("a link of this site");
    assert!(file.is_file(), "{href} leads to {}", file.display());
}

// ---- item 7: raw HTML ----

const HOSTILE: &str = "冒頭\n\n<script>alert('s')</script>\n\n<iframe src=\"javascript:alert('i')\"></iframe>\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"動画\"></iframe>\n\n<img src=\"diagram.png\" onerror=\"alert('e')\" alt=\"図\">\n\n[リンク](javascript:alert('l'))\n\n<form action=\"https://forms.example.com/x\"><input name=\"email\"></form>\n";

fn hostile_site(policy: Option<&str>) -> TestSite {
    let site = TestSite::fixture("minimal");
    if let Some(policy) = policy {
        let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
        site.write(
            "site-config.yaml",
            &format!("{config}markdown:\n  raw_html: {policy}\n"),
        );
    }
    site.write("content/playbooks/diagram.png", "png");
    site.write("content/playbooks/embed.md", &playbook("埋め込み", HOSTILE));
    site
}

/// Every generated text file of the output (pages, feeds, search records) as one string each.
fn texts(out: &Output) -> Vec<(String, String)> {
    walkdir::WalkDir::new(&out.dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((rel_path(&out.dir, e.path()), text))
        })
        .collect()
}

#[test]
fn safe_by_default_drops_code_in_pages_and_feeds_and_check_says_where() {
    let site = hostile_site(None);
    let out = site.build();
    let page = out.page("playbooks/embed/");
    assert_eq!(
        attrs(&page, ".prose iframe", "src"),
        ["https://www.youtube-nocookie.com/embed/abc"]
    );
    assert_eq!(
        attrs(&page, ".prose form", "action"),
        ["https://forms.example.com/x"]
    );
    assert_eq!(count(&page, ".prose img[onerror]"), 0);
    assert!(
        text_of(&page, ".prose").contains("リンク"),
        "the link text stays"
    );
    let mut feeds = 0;
    // Every file that carries the body: its page, feeds, calendars.
    for (path, text) in texts(&out).into_iter().filter(|(_, t)| t.contains("冒頭")) {
        for code in [
            "alert('s')</script>",
            "javascript:",
            "onerror",
            "alert('e')",
        ] {
            assert!(!text.contains(code), "{path} holds {code}");
        }
        if !path.ends_with(".html") {
            feeds += 1;
        }
    }
    assert!(feeds > 0, "the body reaches at least one feed");

    let result = journeyhub::check(&CheckOptions::new(site.options()));
    let dropped: Vec<(usize, String)> = result
        .diagnostics
        .0
        .iter()
        .filter(|d| d.code == "raw-html" && d.file == "content/playbooks/embed.md")
        .map(|d| (d.line, d.message.clone()))
        .collect();
    let line_of = |needle: &str| {
        playbook("埋め込み", HOSTILE)
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    for (needle, said) in [
        ("<script>", "<script>"),
        ("javascript:alert('i')", "<iframe>"),
        ("onerror", "onerror"),
        ("javascript:alert('l')", "javascript:"),
    ] {
        assert!(
            dropped
                .iter()
                .any(|(line, m)| *line == line_of(needle) && m.contains(said)),
            "{said} at line {}: {dropped:?}",
            line_of(needle)
        );
    }
    assert_eq!(dropped.len(), 4, "{dropped:?}");
}

#[test]
fn deny_drops_every_raw_html_and_allow_keeps_it() {
    let site = hostile_site(Some("deny"));
    let out = site.build();
    let page = out.page("playbooks/embed/");
    assert_eq!(count(&page, ".prose iframe, .prose form, .prose script"), 0);
    assert!(text_of(&page, ".prose").contains("冒頭"));

    let site = hostile_site(Some("allow"));
    let out = site.build();
    let page = out.page("playbooks/embed/");
    assert_eq!(count(&page, ".prose iframe"), 2);
    assert!(
        out.read("playbooks/embed/index.html")
            .contains("<script>alert('s')</script>")
    );

    let site = hostile_site(Some("unsafe"));
    let d = site.build_err();
    let e = find(&d, "invalid-value", "site-config.yaml");
    assert!(e.line > 0, "{e}");
    assert!(hint(e).contains("safe"), "{e}");
}

// ---- item 8: aliases ----

#[test]
fn aliases_are_checked_like_slugs_with_their_line() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/playbooks/moved.md",
        "---\ntitle: 移動\nstage: onboarding\naliases:\n  - javascript:alert(1)\n  - /q?x=1\n  - /h#f\n  - //evil.example.com/x/\n  - /ok/old/\n---\n本文\n",
    );
    let d = site.build_err();
    let bad: Vec<(usize, String)> = d
        .errors()
        .filter(|e| e.code == "bad-alias")
        .map(|e| (e.line, e.message.clone()))
        .collect();
    assert_eq!(bad.len(), 4, "{d}");
    for (i, ((line, message), alias)) in bad
        .iter()
        .zip([
            "javascript:alert(1)",
            "/q?x=1",
            "/h#f",
            "//evil.example.com/x/",
        ])
        .enumerate()
    {
        assert!(message.contains(alias), "{message}");
        assert_eq!(*line, 5 + i, "each alias at its own line: {message}");
    }
}

#[test]
fn an_alias_that_clashes_with_a_generated_file_names_its_document() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/playbooks/moved.md",
        "---\ntitle: 移動\nstage: onboarding\naliases: [/playbooks/kickoff/]\n---\n本文\n",
    );
    let d = site.build_err();
    let e = d
        .errors()
        .find(|e| e.code == "output-conflict")
        .unwrap_or_else(|| panic!("a conflict: {d}"));
    assert_eq!(e.file, "content/playbooks/moved.md", "{e}");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("/playbooks/kickoff/"), "{e}");
    assert_eq!(
        d.errors().filter(|e| e.code == "output-conflict").count(),
        1,
        "reported once: {d}"
    );
    // Aliases into what the hub writes itself are refused before they clash.
    site.write(
        "content/playbooks/moved.md",
        "---\ntitle: 移動\nstage: onboarding\naliases: [/sitemap.xml, /feeds/old/]\n---\n本文\n",
    );
    let d = site.build_err();
    assert_eq!(
        d.errors().filter(|e| e.code == "bad-alias").count(),
        2,
        "{d}"
    );
}

#[test]
fn files_whose_names_differ_only_by_case_or_normalisation_are_errors_naming_both() {
    let site = TestSite::fixture("minimal");
    site.write("content/playbooks/Logo.png", "png");
    site.write("content/playbooks/logo.png", "png");
    let nfc = "ガイド.pdf";
    let nfd: String = nfc.nfd().collect();
    site.write(&format!("content/playbooks/{nfc}"), "pdf");
    site.write(&format!("content/playbooks/{nfd}"), "pdf");
    let d = site.build_err();
    let mut found = errors_of(&d, "name-collision");
    found.sort();
    let files: Vec<String> = found.iter().map(|(f, _, _)| f.nfc().collect()).collect();
    assert_eq!(
        files,
        [
            "content/playbooks/Logo.png",
            "content/playbooks/logo.png",
            "content/playbooks/ガイド.pdf",
            "content/playbooks/ガイド.pdf",
        ],
        "{d}"
    );
    assert!(found[0].2.contains("content/playbooks/logo.png"), "{d}");
    assert!(found[1].2.contains("content/playbooks/Logo.png"), "{d}");
    assert!(
        found
            .iter()
            .all(|(_, _, m)| m.contains("Unicode normalisation")),
        "{d}"
    );
    assert!(!site.out.exists());
}
