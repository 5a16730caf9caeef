//! The preview's first build: pages asked for while it runs are rendered for the request as
//! soon as the documents are linked, with the bytes the finished build serves; anything
//! else waits for the whole site.

mod common;
mod serve_support;

use common::{TestSite, now};
use journeyhub::pipeline::{Caches, render_site_serving};
use journeyhub::render::pages::PageRequest;
use journeyhub::render::{OutputFile, Progress};
use journeyhub::serve::ServeOptions;
use serve_support::{Response, request_at};
use std::net::SocketAddr;
use std::sync::mpsc;
use std::time::Duration;

fn bytes_of(file: &OutputFile) -> Vec<u8> {
    file.bytes().expect("readable").into_owned()
}

/// Asks the build for `path` before it starts; the answer comes once it renders.
fn ask(requests: &mpsc::Sender<PageRequest>, path: &str) -> mpsc::Receiver<Option<OutputFile>> {
    let (reply, answer) = mpsc::channel();
    requests
        .send(PageRequest {
            path: path.to_string(),
            reply,
        })
        .unwrap();
    answer
}

#[test]
fn pages_asked_for_during_a_build_are_answered_with_the_bytes_it_builds() {
    let site = TestSite::sample();
    let mut options = site.options();
    options.preview = true;
    let mut caches = Caches::default();
    let (requests, early) = mpsc::channel();
    caches.pages.early = Some(early);
    let stage = ask(&requests, "stages/onboarding/index.html");
    let english = ask(&requests, "en/playbooks/kickoff/index.html");
    let style = ask(&requests, "assets/style.css");
    let feed = ask(&requests, "feeds/atom.xml");
    let missing = ask(&requests, "no-such-page/index.html");

    let built = render_site_serving(&options, &Progress::default(), &mut caches).expect("builds");
    let files = &built.rendered.files;
    for (answer, path) in [
        (stage, "stages/onboarding/index.html"),
        (english, "en/playbooks/kickoff/index.html"),
        (style, "assets/style.css"),
    ] {
        let early = answer
            .recv_timeout(Duration::from_secs(10))
            .unwrap()
            .unwrap_or_else(|| panic!("{path} was not answered early"));
        assert_eq!(bytes_of(&early), bytes_of(&files[path]), "{path}");
    }
    // Feeds are made after the pages, and a missing page is never made: both wait for the
    // whole site.
    assert!(files.contains_key("feeds/atom.xml"));
    assert!(
        feed.recv_timeout(Duration::from_secs(10))
            .unwrap()
            .is_none()
    );
    assert!(
        missing
            .recv_timeout(Duration::from_secs(10))
            .unwrap()
            .is_none()
    );
}

fn get(addr: SocketAddr, target: &str) -> Response {
    request_at(addr, "GET", target, "")
}

#[test]
fn requests_made_before_the_first_build_get_what_the_built_site_serves() {
    let site = TestSite::sample();
    let mut options = ServeOptions::new(&site.root);
    options.port = 0;
    options.build.now = Some(now());
    let starting = journeyhub::serve::listen(options).expect("listens");
    let addr = starting.addr();
    let targets: [&'static str; 7] = [
        "/",
        "/stages/onboarding/",
        "/en/playbooks/kickoff/",
        "/assets/style.css",
        "/feeds/atom.xml",
        "/stages/onboarding",
        "/no-such-page/",
    ];
    let asked: Vec<_> = targets
        .iter()
        .map(|&target| std::thread::spawn(move || get(addr, target)))
        .collect();
    // Connected and asked before the build has begun: each waits in the server.
    std::thread::sleep(Duration::from_millis(100));
    let server = starting.build().expect("builds");
    for (target, asked) in targets.iter().zip(asked) {
        let during = asked.join().unwrap();
        let after = get(server.addr, target);
        assert_eq!(during.status, after.status, "{target}");
        assert_eq!(during.body, after.body, "{target}");
    }
    assert_eq!(get(server.addr, "/").status, 200);
    assert_eq!(get(server.addr, "/stages/onboarding").status, 301);
    assert_eq!(get(server.addr, "/no-such-page/").status, 404);
}
