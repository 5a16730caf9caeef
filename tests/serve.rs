//! The preview server, started for real on an ephemeral port and spoken to over TCP.

mod common;
mod serve_support;

use common::{NOW, copy_dir};
use journeyhub::serve::{ServeOptions, Server, start};
use serve_support::{Response, listen, next_event, request_at};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A copy of the sample hub in a temporary folder.
fn sample_site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "themes"] {
        copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    std::fs::copy(
        repo.join("site-config.yaml"),
        dir.path().join("site-config.yaml"),
    )
    .unwrap();
    dir
}

fn serve(root: &Path) -> Server {
    let mut options = ServeOptions::new(root);
    options.port = 0;
    options.build.now = Some(NOW.parse().unwrap());
    options.heartbeat = Duration::from_millis(100);
    start(options).expect("server starts")
}

/// Sends the request target exactly as given (no client-side normalisation).
fn request(server: &Server, method: &str, target: &str, extra: &str) -> Response {
    request_at(server.addr, method, target, extra)
}

fn get(server: &Server, target: &str) -> Response {
    request(server, "GET", target, "")
}

fn edit(path: PathBuf, from: &str, to: &str) {
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{} contains {from}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn pages_come_with_correct_headers_etags_and_head() {
    let site = sample_site();
    let server = serve(site.path());

    let home = get(&server, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("/__journeyhub/live.js"));

    let etag = home.header("ETag").expect("an ETag").to_string();
    let again = request(&server, "GET", "/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let head = request(&server, "HEAD", "/", "");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length")
            .map(|l| l.parse::<usize>().unwrap()),
        Some(home.body.len())
    );

    for (path, ctype) in [
        ("/assets/syntax.css", "text/css; charset=utf-8"),
        ("/assets/journeyhub.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        (
            "/case-studies/logos/mitsuru-seiki.svg",
            "image/svg+xml; charset=utf-8",
        ),
    ] {
        let r = get(&server, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type"), Some(ctype), "{path}");
    }

    // A Japanese URL, percent-encoded on the wire as browsers send it.
    let jp = get(
        &server,
        "/playbooks/%E3%83%98%E3%83%AB%E3%82%B9%E3%82%B9%E3%82%B3%E3%82%A2%E8%A8%AD%E8%A8%88/",
    );
    assert_eq!(jp.status, 200);

    let missing = get(&server, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let doc = scraper::Html::parse_document(&missing.text());
    assert!(
        doc.select(&scraper::Selector::parse("main").unwrap())
            .next()
            .is_some(),
        "the theme's 404 page, not a bare message"
    );
}

#[test]
fn every_traversal_attempt_fails() {
    let site = sample_site();
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let server = serve(site.path());
    let long = format!("/{}", "a".repeat(5000));
    for target in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets/..%2f..%2fsecret.txt",
        "/assets%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/content/playbooks/kickoff.md",
        "/site-config.yaml",
        "//etc/passwd",
        "/%00",
        "/index.html%00.css",
        "http://127.0.0.1/../secret.txt",
        "/%ff%fe",
        long.as_str(),
    ] {
        let r = get(&server, target);
        assert!(
            matches!(r.status, 400 | 404 | 414),
            "{target} answered {}",
            r.status
        );
        assert!(!r.text().contains("do not serve"), "{target} leaked a file");
        assert!(!r.text().contains("root:"), "{target} leaked /etc/passwd");
    }
}

#[test]
fn concurrent_requests_are_all_answered() {
    let site = sample_site();
    let server = serve(site.path());
    let addr = server.addr;
    // A slow client that never finishes its request must not block the others.
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();

    let handles: Vec<_> = (0..32)
        .map(|i| {
            std::thread::spawn(move || {
                let paths = [
                    "/",
                    "/stages/onboarding/",
                    "/playbooks/kickoff/",
                    "/sitemap.xml",
                ];
                let mut ok = 0;
                for n in 0..8 {
                    let mut s = TcpStream::connect(addr).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                    let path = paths[(i + n) % paths.len()];
                    write!(
                        s,
                        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    )
                    .unwrap();
                    let mut buf = String::new();
                    let _ = s.read_to_string(&mut buf);
                    if buf.starts_with("HTTP/1.1 200") {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let answered: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(answered, 32 * 8);
    drop(slow);
}

#[test]
fn an_edit_sends_reload_and_serves_new_content_rerendering_only_what_it_touches() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);

    edit(
        site.path()
            .join("content/webinars/retention-usage-dashboard.md"),
        "\n---\n",
        "\n---\n\nEDITED-BODY-MARKER\n",
    );
    let (event, _) = next_event(&events);
    assert_eq!(event, "reload");
    let page = get(&server, "/webinars/retention-usage-dashboard/");
    assert!(page.text().contains("EDITED-BODY-MARKER"));

    // Only the edited body is rendered again, and only its own page: the pages that list
    // the webinar show its front matter, which did not change.
    let report = server.rebuilds().last().cloned().unwrap();
    assert!(report.ok);
    assert_eq!(report.bodies_rendered, 1, "{report:?}");
    assert_eq!(report.pages_rendered, 1, "{report:?}");
}

#[test]
fn a_front_matter_edit_rerenders_the_pages_that_list_it_and_feeds_follow_bodies() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);
    // An upcoming webinar of the retention stage: the home page lists it among the upcoming
    // ones, whatever else is new on the hub.
    let file = site
        .path()
        .join("content/webinars/renewal-planning-2027.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let title_line = original
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();

    edit(file.clone(), &title_line, "title: RENAMED-WEBINAR-TITLE");
    assert_eq!(next_event(&events).0, "reload");
    let report = server.rebuilds().last().cloned().unwrap();
    assert!(report.ok && report.pages_rendered > 1, "{report:?}");
    for listing in ["/", "/webinars/", "/stages/retention/"] {
        assert!(
            get(&server, listing)
                .text()
                .contains("RENAMED-WEBINAR-TITLE"),
            "{listing} shows the new title"
        );
    }

    // A feed carries whole bodies: a body edit reaches the feeds that show the document.
    let feed = "/stages/retention/feed.json";
    assert!(get(&server, feed).text().contains("RENAMED-WEBINAR-TITLE"));
    edit(file, "\n---\n", "\n---\n\nFEED-BODY-MARKER\n");
    assert_eq!(next_event(&events).0, "reload");
    let json: serde_json::Value = serde_json::from_str(&get(&server, feed).text()).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "RENAMED-WEBINAR-TITLE")
        .expect("the webinar is in its stage's feed");
    assert!(
        item["content_html"]
            .as_str()
            .unwrap()
            .contains("FEED-BODY-MARKER")
    );
}

#[test]
fn a_css_change_swaps_stylesheets_without_a_reload() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);
    let css = site.path().join("themes/default/static/assets/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.test-marker { color: red; }\n");
    std::fs::write(&css, text).unwrap();
    let (event, _) = next_event(&events);
    assert_eq!(event, "css");
    assert!(
        get(&server, "/assets/style.css")
            .text()
            .contains("test-marker")
    );
}

#[test]
fn broken_front_matter_shows_the_overlay_and_recovers() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);
    let file = site.path().join("content/playbooks/kickoff.md");
    let good = std::fs::read_to_string(&file).unwrap();
    let before = get(&server, "/playbooks/kickoff/").text();

    edit(file.clone(), "title:", "titel:");
    let (event, data) = next_event(&events);
    assert_eq!(event, "errors");
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap();
    let unknown = problems
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "unknown-key")
        .expect("the unknown key is reported");
    assert_eq!(unknown["file"], "content/playbooks/kickoff.md");
    assert_eq!(unknown["hint"], "did you mean `title`?");
    assert!(unknown["line"].as_u64().unwrap() > 1);

    // The last good page stays, with the problems attached for the overlay.
    let page = get(&server, "/playbooks/kickoff/").text();
    assert!(page.contains("id=\"journeyhub-errors\""));
    assert!(page.contains("unknown key `titel`"));
    let strip = |s: &str| s.split("</footer>").next().unwrap().to_string();
    assert_eq!(strip(&page), strip(&before));

    std::fs::write(&file, good).unwrap();
    let (event, _) = next_event(&events);
    assert_eq!(event, "reload");
    assert!(
        !get(&server, "/playbooks/kickoff/")
            .text()
            .contains("journeyhub-errors")
    );
}

#[test]
fn a_deleted_document_disappears_and_links_to_it_are_reported() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);
    assert_eq!(get(&server, "/pages/about/").status, 404);
    assert_eq!(get(&server, "/about/").status, 200);
    std::fs::remove_file(site.path().join("content/pages/about.md")).unwrap();
    let (event, data) = next_event(&events);
    assert_eq!(event, "errors");
    assert!(data.contains("broken-link"), "{data}");
    assert!(data.contains("pages/about.md"), "{data}");
    assert_eq!(get(&server, "/about/").status, 404);
}

/// Writes `text` to `rel` as editors save: into a temporary file beside it, then renamed
/// over it, so the watcher never sees a half-written file.
fn save_atomically(root: &Path, rel: &str, text: &str) {
    let target = root.join(rel);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let temp = target.with_extension("md.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &target).unwrap();
}

/// Waits for a `reload` event, then for `target` to be served with `status` and, when given,
/// to contain `text`.
fn reloaded_with(
    server: &Server,
    events: &mpsc::Receiver<(String, String)>,
    target: &str,
    status: u16,
    text: Option<&str>,
) {
    let started = Instant::now();
    loop {
        let (event, data) = next_event(events);
        assert_ne!(event, "errors", "the change breaks nothing: {data}");
        if event == "reload" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "a reload");
    }
    let page = get(server, target);
    assert_eq!(page.status, status, "{target}");
    if let Some(text) = text {
        assert!(page.text().contains(text), "{target} shows {text}");
    }
}

#[test]
fn new_renamed_moved_and_editor_saved_documents_are_all_seen() {
    let site = sample_site();
    let root = site.path();
    let server = serve(root);
    let events = listen(&server);
    let playbook = |title: &str| {
        format!(
            "---\ntitle: {title}\nsummary: 監視のテスト。\nstage: onboarding\ndate: 2026-11-01\n---\n\n本文。\n"
        )
    };

    // A new document: a file the last walk of content/ did not see.
    save_atomically(
        root,
        "content/playbooks/watch-new.md",
        &playbook("新しい手順"),
    );
    reloaded_with(
        &server,
        &events,
        "/playbooks/watch-new/",
        200,
        Some("新しい手順"),
    );

    // An editor's save over it: a temporary file renamed over the document.
    save_atomically(
        root,
        "content/playbooks/watch-new.md",
        &playbook("保存し直した手順"),
    );
    reloaded_with(
        &server,
        &events,
        "/playbooks/watch-new/",
        200,
        Some("保存し直した手順"),
    );

    // Renamed: the old address goes, the new one comes.
    std::fs::rename(
        root.join("content/playbooks/watch-new.md"),
        root.join("content/playbooks/watch-renamed.md"),
    )
    .unwrap();
    reloaded_with(
        &server,
        &events,
        "/playbooks/watch-renamed/",
        200,
        Some("保存し直した手順"),
    );
    assert_eq!(get(&server, "/playbooks/watch-new/").status, 404);

    // A new folder with a document in it, then the folder moved.
    save_atomically(
        root,
        "content/playbooks/watch-folder/inside.md",
        &playbook("フォルダの中"),
    );
    reloaded_with(
        &server,
        &events,
        "/playbooks/inside/",
        200,
        Some("フォルダの中"),
    );
    std::fs::rename(
        root.join("content/playbooks/watch-folder"),
        root.join("content/pages/watch-folder"),
    )
    .unwrap();
    reloaded_with(&server, &events, "/inside/", 200, Some("フォルダの中"));
    assert_eq!(get(&server, "/playbooks/inside/").status, 404);
}

#[test]
fn event_streams_of_closed_browsers_are_cleaned_up() {
    let site = sample_site();
    let server = serve(site.path());
    let mut s = TcpStream::connect(server.addr).unwrap();
    write!(
        s,
        "GET /__journeyhub/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let started = Instant::now();
    while server.live_clients() == 0 && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.live_clients(), 1);
    drop(s);
    let started = Instant::now();
    while server.live_clients() > 0 && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.live_clients(), 0);
}

#[test]
fn a_taken_port_is_reported_clearly() {
    let site = sample_site();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut options = ServeOptions::new(site.path());
    options.port = listener.local_addr().unwrap().port();
    options.build.now = Some(NOW.parse().unwrap());
    let err = start(options).err().expect("the port is taken");
    let err = err.to_string();
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port 0"), "{err}");
}

#[test]
fn build_output_has_no_live_reload_code() {
    let site = sample_site();
    let out = tempfile::tempdir().unwrap();
    let mut options = journeyhub::BuildOptions::new(site.path());
    options.output = Some(out.path().join("public"));
    options.now = Some(NOW.parse().unwrap());
    journeyhub::build(&options).unwrap();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("__journeyhub"), "{}", entry.path().display());
            assert!(!text.contains("EventSource"), "{}", entry.path().display());
            pages += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
        }
    }
    assert!(pages > 0);
}

#[test]
fn the_preview_serves_the_search_page_and_its_index() {
    let site = sample_site();
    let server = serve(site.path());
    let page = get(&server, "/search/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("data-search"));
    // The index is built in the background after the first build.
    let started = Instant::now();
    let mut entry = get(&server, "/pagefind/pagefind-entry.json");
    while entry.status != 200 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(100));
        entry = get(&server, "/pagefind/pagefind-entry.json");
    }
    assert_eq!(entry.status, 200);
    let json: serde_json::Value = serde_json::from_slice(&entry.body).unwrap();
    assert!(json["languages"]["ja"]["page_count"].as_u64().unwrap() > 10);
    assert!(json["languages"]["en"]["page_count"].as_u64().unwrap() > 3);
    let wasm = get(&server, "/pagefind/wasm.unknown.pagefind");
    assert_eq!(wasm.status, 200);
}

#[test]
fn turning_search_off_in_site_config_removes_the_index_and_page_from_the_preview() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);
    let started = Instant::now();
    while get(&server, "/pagefind/pagefind-entry.json").status != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the index arrives"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let config = site.path().join("site-config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\nsearch: false\n")).unwrap();
    assert_eq!(next_event(&events).0, "reload");

    assert_eq!(get(&server, "/search/").status, 404);
    assert!(!get(&server, "/").text().contains("site-search-q"));
    // The background indexer has nothing to publish; the old index must not come back.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(get(&server, "/pagefind/pagefind-entry.json").status, 404);
}

/// Cards are rendered once per document and kept between rebuilds: a change to the theme's
/// `card` macro must still reach every list.
#[test]
fn editing_the_card_macro_updates_every_list() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);
    let macros = site.path().join("themes/default/templates/macros.html");
    let heading = "<h{{ level }} class=\"card-title\">";
    assert!(std::fs::read_to_string(&macros).unwrap().contains(heading));
    edit(
        macros,
        heading,
        "<h{{ level }} class=\"card-title card-title-edited\">",
    );
    reloaded_with(&server, &events, "/", 200, Some("card-title-edited"));
    for listing in ["/", "/stages/onboarding/", "/playbooks/kickoff/", "/en/"] {
        let html = scraper::Html::parse_document(&get(&server, listing).text());
        let titles = scraper::Selector::parse(".card .card-title").unwrap();
        let edited = scraper::Selector::parse(".card .card-title.card-title-edited").unwrap();
        let all = html.select(&titles).count();
        assert!(all > 0, "{listing} lists cards");
        assert_eq!(
            html.select(&edited).count(),
            all,
            "{listing}: every card comes from the edited macro"
        );
    }
}

/// The text of each element `css` selects on a page.
fn texts_on(page: &str, css: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(css).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// The content file whose front matter has `summary: <summary>`.
fn file_with_summary(root: &Path, summary: &str) -> PathBuf {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| {
            std::fs::read_to_string(p).is_ok_and(|t| t.contains(&format!("\nsummary: {summary}\n")))
        })
        .unwrap_or_else(|| panic!("no file has the summary {summary}"))
}

#[test]
fn a_field_added_to_a_template_follows_edits_in_a_running_preview() {
    let site = sample_site();
    let server = serve(site.path());
    let events = listen(&server);
    let page = "/playbooks/kickoff/";

    // A template starts showing two values it did not show before: a front-matter field of
    // the page's own document, and the summaries of the documents its next step suggests.
    edit(
        site.path().join("themes/default/templates/playbook.html"),
        "<section class=\"facts\"",
        "<p id=\"badge\">{{ doc.extra.badge | default(value=\"-\") }}</p>\
         {% if next_step %}<ul id=\"next-summaries\">{% for d in next_step.docs %}<li>{{ d.summary }}</li>{% endfor %}</ul>{% endif %}\
         <section class=\"facts\"",
    );
    assert_eq!(next_event(&events).0, "reload");
    let before = get(&server, page).text();
    assert_eq!(texts_on(&before, "#badge"), ["-"]);
    let summaries = texts_on(&before, "#next-summaries li");
    assert!(
        !summaries.is_empty(),
        "the kickoff page suggests a next step"
    );

    // Editing the page's own front matter shows in the new field.
    edit(
        site.path().join("content/playbooks/kickoff.md"),
        "\nweight: 10\n",
        "\nweight: 10\nextra:\n  badge: 改訂版\n",
    );
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(texts_on(&get(&server, page).text(), "#badge"), ["改訂版"]);

    // Editing another document's summary shows on this page, which lists it.
    let other = file_with_summary(site.path(), &summaries[0]);
    edit(
        other.clone(),
        &format!("\nsummary: {}\n", summaries[0]),
        "\nsummary: 次の段階で読む資料の新しい要約。\n",
    );
    assert_eq!(next_event(&events).0, "reload");
    let after = texts_on(&get(&server, page).text(), "#next-summaries li");
    assert!(
        after.contains(&"次の段階で読む資料の新しい要約。".to_string()),
        "{after:?}"
    );
    assert!(!after.contains(&summaries[0]));

    // That document's body is not part of this page: editing it leaves the page as it was,
    // and renders only the document's own page again.
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{text}\n本文の最後に足した一文。\n")).unwrap();
    assert_eq!(next_event(&events).0, "reload");
    let report = server.rebuilds().last().cloned().unwrap();
    assert_eq!(report.pages_rendered, 1, "{report:?}");
}

#[test]
fn the_drip_files_are_served_from_a_folder_of_the_servers_own_that_goes_with_it() {
    let site = sample_site();
    let server = serve(site.path());
    let folder = server
        .drip_folder()
        .expect("the preview makes a folder for its drip files")
        .to_path_buf();
    assert!(
        !folder.starts_with(site.path()),
        "the folder is not in the site: {}",
        folder.display()
    );
    let served = get(&server, "/drip/journey/sequence.json");
    assert_eq!(served.status, 200);
    let json: serde_json::Value = serde_json::from_slice(&served.body).unwrap();
    assert!(!json["steps"].as_array().unwrap().is_empty());
    let on_disk = std::fs::read(folder.join("drip/journey/sequence.json")).unwrap();
    assert_eq!(
        on_disk, served.body,
        "what is served is the file in the folder"
    );
    let teasers = get(&server, "/drip/stages/onboarding/teasers.html");
    assert_eq!(teasers.status, 200);
    assert!(teasers.text().contains("id=\"step-1\""));

    // A new title is a new subject line: the file in the folder is made again and served.
    let events = listen(&server);
    let kickoff = site.path().join("content/playbooks/kickoff.md");
    let text = std::fs::read_to_string(&kickoff).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    edit(kickoff, &title, "title: キックオフの新しい件名");
    assert_eq!(next_event(&events).0, "reload");
    let served = get(&server, "/drip/journey/sequence.json").text();
    assert!(
        served.contains("キックオフの新しい件名"),
        "the new subject is served"
    );
    drop(server);
    assert!(!folder.exists(), "the folder goes with the server");
}
