//! The report as one self-contained HTML page: inline CSS and inline SVG charts, no script,
//! no file or address outside the page. Every chart writes its numbers as text, so the page
//! reads the same printed in black and white.

use super::charts::{Cell, Grid, freshness_bars, heatmap, month_bars};
use super::data::{CORE_KINDS, GENERATOR, KINDS, Report, stage_title};
use super::wording::{Text, Wording};
use crate::util::html::html_escape as esc;
use std::fmt::Write;

/// How many gaps the page lists; the JSON has them all.
pub const TOP_GAPS: usize = 10;

const CSS: &str = r#"
:root { color-scheme: light; --ink: #1f2937; --muted: #4b5563; --line: #d1d5db; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 2rem 1.5rem 4rem; color: var(--ink);
  font: 15px/1.6 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", "Segoe UI", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2.5rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
p.lead, .meta { color: var(--muted); margin: 0 0 1rem; }
dl.settings { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: .5rem 0 0; color: var(--muted); }
dl.settings div { display: flex; gap: .4rem; } dl.settings dt::after { content: ":"; } dl.settings dd { margin: 0; }
ol.gaps li { margin: .3rem 0; }
figure { margin: 0 0 1rem; } svg { max-width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: .85em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  figure, tr, li { break-inside: avoid; }
}
"#;

pub fn render(report: &Report, wording: Wording) -> String {
    let t = |k| wording.text(k);
    let mut h = String::with_capacity(32 * 1024);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{GENERATOR}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        wording.lang(),
        esc(t(Text::PageTitle)),
        esc(&report.title)
    );
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} · {}: <time datetime=\"{now}\">{shown}</time></p>\n\
         <p class=\"meta\">{}</p>\n<dl class=\"settings\" aria-label=\"{}\">\
         <div><dt>{}</dt><dd>{} {}</dd></div><div><dt>{}</dt><dd>{} {}</dd></div>\
         <div><dt>{}</dt><dd>{} {}</dd></div></dl>\n</header>\n<main>\n",
        esc(t(Text::PageTitle)),
        esc(&report.title),
        esc(t(Text::Generated)),
        esc(t(Text::NotPublished)),
        esc(t(Text::Settings)),
        esc(t(Text::StaleAfter)),
        report.settings.stale_after_days,
        esc(t(Text::Days)),
        esc(t(Text::Cadence)),
        report.settings.drip_cadence_days,
        esc(t(Text::Days)),
        esc(t(Text::DripMin)),
        report.settings.drip_min_weeks,
        esc(t(Text::Weeks)),
        now = esc(&report.now),
        shown = esc(&wording.time(&report.now)),
    );
    gaps(&mut h, report, wording);
    kinds(&mut h, report, wording);
    segments(&mut h, report, wording);
    touch(&mut h, report, wording);
    drip(&mut h, report, wording);
    freshness(&mut h, report, wording);
    webinars(&mut h, report, wording);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn gaps(h: &mut String, report: &Report, wording: Wording) {
    let _ = write!(
        h,
        "<section id=\"gaps\" aria-labelledby=\"gaps-h\">\n<h2 id=\"gaps-h\">{}</h2>\n",
        esc(wording.text(Text::TopGaps))
    );
    if report.gaps.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(wording.text(Text::NoGaps)));
    } else {
        h.push_str("<ol class=\"gaps\">\n");
        for g in report.gaps.iter().take(TOP_GAPS) {
            let _ = writeln!(h, "<li>{}</li>", esc(&g.sentence));
        }
        h.push_str("</ol>\n");
        if report.gaps.len() > TOP_GAPS {
            let _ = writeln!(
                h,
                "<p class=\"meta\">{} {}</p>",
                report.gaps.len() - TOP_GAPS,
                esc(wording.text(Text::MoreGaps))
            );
        }
    }
    h.push_str("</section>\n");
}

fn section_start(h: &mut String, id: &str, title: &str, lead: &str) {
    let _ = write!(
        h,
        "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n<p class=\"lead\">{}</p>\n",
        esc(title),
        esc(lead)
    );
}

fn kinds(h: &mut String, report: &Report, wording: Wording) {
    section_start(
        h,
        "kinds",
        wording.text(Text::ByKind),
        wording.text(Text::ByKindLead),
    );
    let mut cols: Vec<String> = KINDS.iter().map(|k| wording.kind_heading(*k)).collect();
    cols.push(wording.text(Text::Total).to_string());
    let cells = report
        .kinds
        .iter()
        .map(|row| {
            let mut cells: Vec<Cell> = KINDS
                .iter()
                .map(|k| {
                    let n = row.counts.get(k.name()).copied().unwrap_or(0);
                    // A missing core kind is a gap; an empty page column is not.
                    Cell::count(n, n == 0 && CORE_KINDS.contains(k))
                })
                .collect();
            cells.push(Cell {
                value: row.total as i64,
                label: row.total.to_string(),
                flagged: false,
                scaled: false,
            });
            cells
        })
        .collect();
    let grid = Grid {
        id: "kinds-chart",
        title: wording.text(Text::ByKind).to_string(),
        rows: report
            .kinds
            .iter()
            .map(|r| stage_title(report, &r.stage))
            .collect(),
        cols,
        cells,
    };
    let _ = writeln!(h, "<figure>{}</figure>", heatmap(&grid));
    h.push_str("</section>\n");
}

fn segments(h: &mut String, report: &Report, wording: Wording) {
    section_start(
        h,
        "segments",
        wording.text(Text::BySegment),
        wording.text(Text::BySegmentLead),
    );
    if report.segments.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(wording.text(Text::NoSegments)));
    }
    for table in &report.segments {
        let name = wording.taxonomy(&table.taxonomy);
        let _ = writeln!(h, "<h3>{}</h3>", esc(&name));
        let grid = Grid {
            id: &format!("segments-{}", table.taxonomy),
            title: format!("{} × {}", wording.text(Text::Stage), name),
            rows: table
                .rows
                .iter()
                .map(|r| stage_title(report, &r.stage))
                .collect(),
            cols: table.labels.clone(),
            cells: table
                .rows
                .iter()
                .map(|r| {
                    table
                        .terms
                        .iter()
                        .map(|term| Cell::count(r.counts.get(term).copied().unwrap_or(0), false))
                        .collect()
                })
                .collect(),
        };
        let _ = writeln!(h, "<figure>{}</figure>", heatmap(&grid));
    }
    h.push_str("</section>\n");
}

/// Stage × touch model: the cells of a model site-config promises are framed when empty.
fn touch(h: &mut String, report: &Report, wording: Wording) {
    section_start(
        h,
        "touch",
        wording.text(Text::ByTouch),
        wording.text(Text::ByTouchLead),
    );
    let table = &report.touch;
    if table.served.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(wording.text(Text::NoTouchServed)));
    }
    let grid = Grid {
        id: "touch-chart",
        title: wording.text(Text::ByTouch).to_string(),
        rows: table
            .rows
            .iter()
            .map(|r| stage_title(report, &r.stage))
            .collect(),
        cols: table.labels.clone(),
        cells: table
            .rows
            .iter()
            .map(|r| {
                table
                    .models
                    .iter()
                    .map(|model| {
                        let n = r.counts.get(model).copied().unwrap_or(0);
                        Cell::count(n, n == 0 && table.served.contains(model))
                    })
                    .collect()
            })
            .collect(),
    };
    let _ = writeln!(h, "<figure>{}</figure>", heatmap(&grid));
    h.push_str("</section>\n");
}

fn drip(h: &mut String, report: &Report, wording: Wording) {
    section_start(
        h,
        "drip",
        wording.text(Text::Drip),
        wording.text(Text::DripLead),
    );
    for table in &report.drip {
        let name = wording.taxonomy(&table.taxonomy);
        let _ = writeln!(h, "<h3>{}</h3>", esc(&name));
        let unit = wording.text(Text::Weeks);
        let grid = Grid {
            id: &format!("drip-{}", table.taxonomy),
            title: format!("{} — {}", wording.text(Text::Drip), name),
            rows: table
                .rows
                .iter()
                .map(|r| stage_title(report, &r.stage))
                .collect(),
            cols: table.labels.clone(),
            cells: table
                .rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| Cell {
                            value: c.weeks,
                            label: match wording {
                                Wording::Japanese => format!("{}{unit}", c.weeks),
                                Wording::English => format!("{} {unit}", c.weeks),
                            },
                            flagged: c.runs_dry,
                            scaled: true,
                        })
                        .collect()
                })
                .collect(),
        };
        let _ = writeln!(h, "<figure>{}</figure>", heatmap(&grid));
    }
    h.push_str("</section>\n");
}

fn freshness(h: &mut String, report: &Report, wording: Wording) {
    section_start(
        h,
        "freshness",
        wording.text(Text::Freshness),
        wording.text(Text::FreshnessLead),
    );
    let _ = writeln!(h, "<figure>{}</figure>", freshness_bars(report, wording));
    let _ = writeln!(h, "<h3>{}</h3>", esc(wording.text(Text::StaleList)));
    let stale: Vec<_> = report
        .freshness
        .iter()
        .flat_map(|f| f.stale.iter().map(move |d| (&f.stage, d)))
        .collect();
    if stale.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(wording.text(Text::NoStale)));
    } else {
        let _ = write!(
            h,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            esc(wording.text(Text::Stage)),
            esc(wording.text(Text::Document)),
            esc(wording.text(Text::Updated)),
            esc(wording.text(Text::Age)),
            esc(wording.text(Text::Owner)),
        );
        for (stage, d) in stale {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}<br><code>{}</code></td><td>{}</td><td class=\"num\">{} {}</td><td>{}</td></tr>",
                esc(&stage_title(report, stage)),
                esc(&d.title),
                esc(&d.file),
                esc(&d.date),
                d.age_days,
                esc(wording.text(Text::Days)),
                esc(d.owner.as_deref().unwrap_or("")),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

fn webinars(h: &mut String, report: &Report, wording: Wording) {
    let _ = write!(
        h,
        "<section id=\"webinars\" aria-labelledby=\"webinars-h\">\n<h2 id=\"webinars-h\">{}</h2>\n",
        esc(wording.text(Text::Webinars))
    );
    if report.upcoming_webinars.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(wording.text(Text::NoWebinars)));
        h.push_str("</section>\n");
        return;
    }
    let _ = writeln!(h, "<figure>{}</figure>", month_bars(report, wording));
    h.push_str("<ul>\n");
    for m in &report.upcoming_webinars {
        for w in &m.webinars {
            let day = w
                .starts_at
                .get(..16)
                .unwrap_or(&w.starts_at)
                .replace('T', " ");
            let _ = writeln!(
                h,
                "<li><time datetime=\"{}\">{}</time> {}</li>",
                esc(&w.starts_at),
                esc(&day),
                esc(&w.title)
            );
        }
    }
    h.push_str("</ul>\n</section>\n");
}
