//! The feedback scripts in headless Chromium (docs/browser-tests.md): the sample hub, its
//! `feedback.endpoint` pointed at a local HTTP endpoint started here, served by the preview
//! server; `tests/browser/feedback.mjs` opens the NPS page with a score in each band and
//! answers "Was this helpful?", with JavaScript and without. The endpoint keeps every request
//! it gets; the test then reads what each carried: the score or answer, the document, the
//! stage and the reader's segment, and no cookie where the script sent it.

mod common;

use common::{NOW, TestSite, manifest_dir, percent_decode};
use journeyhub::serve::{ServeOptions, start};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};

/// One request the endpoint got: its method, its fields (from the query of a GET, the
/// url-encoded body of a POST) and whether it carried a cookie.
#[derive(Debug, Clone, serde::Serialize)]
struct Received {
    method: String,
    fields: BTreeMap<String, String>,
    cookie: bool,
}

/// `a=1&b=%E8%A3%BD` → fields, `+` being a space as in a form.
fn form_fields(text: &str) -> BTreeMap<String, String> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            (decode(k), decode(v))
        })
        .collect()
}

/// Reads one request; `GET /requests` answers with what was received so far (for the
/// script to wait on), anything else is recorded and answered 204.
fn handle(stream: TcpStream, received: &Mutex<Vec<Received>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let (mut length, mut cookie) = (0, false);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or((&header, ""));
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "cookie" => cookie = true,
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut out = stream;
    if target == "/requests" {
        let json = serde_json::to_string(&*received.lock().unwrap()).unwrap();
        return write!(
            out,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
            json.len()
        );
    }
    if method == "OPTIONS" {
        // A preflight would mean the script sent more than a form does: recorded, refused.
        received.lock().unwrap().push(Received {
            method,
            fields: BTreeMap::new(),
            cookie,
        });
        return write!(
            out,
            "HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\n\r\n"
        );
    }
    let fields = match method.as_str() {
        "GET" => form_fields(target.split_once('?').map_or("", |(_, q)| q)),
        _ => form_fields(&String::from_utf8_lossy(&body)),
    };
    received.lock().unwrap().push(Received {
        method,
        fields,
        cookie,
    });
    write!(out, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
}

fn start_endpoint() -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
    let url = format!("http://{}/feedback", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(vec![]));
    let shared = Arc::clone(&received);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                let _ = handle(stream, &shared);
            });
        }
    });
    (url, received)
}

#[test]
fn answers_reach_the_endpoint_with_score_document_stage_and_segment() {
    let suite = manifest_dir().join("tests/browser");
    assert!(
        suite.join("node_modules/playwright-core").is_dir(),
        "the browser tests need their npm packages: run `bash tests/setup.sh`"
    );
    let (endpoint, received) = start_endpoint();
    let site = TestSite::sample();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    assert!(config.contains("https://forms.example.com/feedback"));
    site.write(
        "site-config.yaml",
        &config.replace("https://forms.example.com/feedback", &endpoint),
    );
    let mut options = ServeOptions::new(&site.root);
    options.port = 0;
    options.build.now = Some(NOW.parse().unwrap());
    let mut preview = start(options).expect("the preview server starts");
    // The preview gives permanent addresses on its own host.
    let hub = preview.url();

    let output = Command::new("node")
        .arg(suite.join("feedback.mjs"))
        .arg(preview.url())
        .arg(&endpoint)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `node` ({e})"));
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    preview.stop();
    assert!(output.status.success(), "the feedback browser suite failed");

    let got = received.lock().unwrap().clone();
    let profile = "company_size:smb,industry:製造業";
    let nps = |score: &str, stage: &str, segment: &str, page: &str, lang: &str| {
        BTreeMap::from(
            [
                ("score", score),
                ("stage", stage),
                ("segment", segment),
                ("document", page),
                ("lang", lang),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string())),
        )
    };
    let helpful = |answer: &str, comment: &str, page: &str, stage: &str, kind: &str| {
        BTreeMap::from(
            [
                ("answer", answer),
                ("comment", comment),
                ("document", page),
                ("stage", stage),
                ("kind", kind),
                ("segment", profile),
                ("lang", "ja"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string())),
        )
    };
    let at = |path: &str| format!("{hub}{path}");
    let ja = &at("nps/");
    let expected = [
        nps("10", "advocacy", profile, ja, "ja"),
        nps("8", "expansion", profile, ja, "ja"),
        nps("3", "onboarding", profile, ja, "ja"),
        nps("9", "", "industry:小売", &at("en/nps/"), "en"),
        nps("6", "", profile, ja, "ja"),
        helpful(
            "no",
            "手順3の画面がわかりにくかった",
            &at("playbooks/kickoff/"),
            "onboarding",
            "playbook",
        ),
        helpful(
            "yes",
            "",
            &at("case-studies/mitsuru-seiki/"),
            "onboarding",
            "case_study",
        ),
        // Without JavaScript: the plain form, with no profile to add.
        nps("3", "", "", ja, "ja"),
    ];
    assert_eq!(
        got.iter().map(|r| r.fields.clone()).collect::<Vec<_>>(),
        expected,
        "what the endpoint received, in order"
    );
    assert!(got.iter().all(|r| r.method == "POST"), "{got:?}");
    // The scripts send without cookies; a browser's own form submission is the browser's.
    assert!(
        got[..7].iter().all(|r| !r.cookie),
        "the scripts send no cookie: {got:?}"
    );
}
