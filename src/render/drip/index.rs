//! `drip/index.html`: the tracks of a language for marketers, with each track's files and
//! steps. No customer page links to it, and it asks search engines not to index it.

use super::{CSV_FILE, JSON_FILE, Sequence};
use crate::content::Site;
use crate::util::html::html_escape as e;
use std::io::Write;

struct Words {
    title: &'static str,
    lead: &'static str,
    track: &'static str,
    steps: &'static str,
    days: &'static str,
    files: &'static str,
    step: &'static str,
    day: &'static str,
    subject: &'static str,
    stage: &'static str,
    teaser: &'static str,
    sent_earlier: &'static str,
    empty: &'static str,
}

const JAPANESE: Words = Words {
    title: "ドリップ配信シーケンス",
    lead: "メール配信ツールに取り込むためのシーケンスです。お客様向けのページからはリンクしていません。取り込み方は journeyhub の docs/drip.md を参照してください。",
    track: "トラック",
    steps: "通数",
    days: "日数",
    files: "ファイル",
    step: "通目",
    day: "日目",
    subject: "件名",
    stage: "ステージ",
    teaser: "本文",
    sent_earlier: "前のステージで送信済み",
    empty: "送るコンテンツがまだありません。",
};

const ENGLISH: Words = Words {
    title: "Drip sequences",
    lead: "Sequences to import into an email tool. No customer page links here; docs/drip.md in journeyhub's repository says how to connect them.",
    track: "Track",
    steps: "Steps",
    days: "Days",
    files: "Files",
    step: "Step",
    day: "Day",
    subject: "Subject",
    stage: "Stage",
    teaser: "Teaser",
    sent_earlier: "Sent in an earlier stage",
    empty: "Nothing to send yet.",
};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}a{color:#1f5fbf}";

pub(super) fn write_page(out: &mut Vec<u8>, site: &Site, lang: &str, sequences: &[Sequence]) {
    let w = if lang == "ja" || lang.starts_with("ja-") {
        &JAPANESE
    } else {
        &ENGLISH
    };
    // Writing to memory cannot fail.
    let h = out;
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p>{}</p>\n",
        e(lang),
        e(w.title),
        e(&site.config.title),
        e(w.title),
        e(w.lead)
    );
    let _ = write!(
        h,
        "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        e(w.track),
        e(w.steps),
        e(w.days),
        e(w.files)
    );
    for (k, s) in sequences.iter().enumerate() {
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#t{k}\">{}</a></td><td>{}</td><td>{}</td><td><a href=\"{}\">{JSON_FILE}</a> · <a href=\"{}\">{CSV_FILE}</a></td></tr>",
            e(&s.title),
            s.steps.len(),
            s.days,
            e(&s.json_url),
            e(&s.csv_url)
        );
    }
    h.extend_from_slice(b"</tbody>\n</table>\n");
    for (k, s) in sequences.iter().enumerate() {
        let _ = writeln!(
            h,
            "<section id=\"t{k}\">\n<h2>{}</h2>\n<p><code>{}</code></p>",
            e(&s.title),
            e(&s.track)
        );
        if s.steps.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", e(w.empty));
        } else {
            let _ = write!(
                h,
                "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
                e(w.step),
                e(w.day),
                e(w.subject),
                e(w.stage),
                e(w.teaser)
            );
            for step in &s.steps {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td><a href=\"{}\">{}</a></td></tr>",
                    step.step,
                    step.day,
                    // The page itself: a visit from this list is not an email's.
                    e(step.url.split('?').next().unwrap_or(&step.url)),
                    e(&step.subject),
                    e(&step.stage),
                    e(&step.teaser_url),
                    e(w.teaser)
                );
            }
            h.extend_from_slice(b"</tbody>\n</table>\n");
        }
        if !s.sent_earlier.is_empty() {
            let _ = writeln!(h, "<p>{}:</p>\n<ul>", e(w.sent_earlier));
            for x in &s.sent_earlier {
                let _ = writeln!(h, "<li>{} ({})</li>", e(&x.subject), e(&x.stage));
            }
            h.extend_from_slice(b"</ul>\n");
        }
        h.extend_from_slice(b"</section>\n");
    }
    h.extend_from_slice(b"</main>\n</body>\n</html>\n");
}
