//! The report as one self-contained HTML page: inline CSS and inline SVG charts, no script,
//! no file or address outside the page. Every chart writes its numbers as text, so the page
//! reads the same printed in black and white.

use super::data::{AGE_BUCKETS, CORE_KINDS, GENERATOR, KINDS, Report};
use super::words::{Text, Words};
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

pub fn render(report: &Report, words: Words) -> String {
    let t = |k| words.text(k);
    let mut h = String::with_capacity(32 * 1024);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{GENERATOR}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        words.lang(),
        esc(t(Text::PageTitle)),
        esc(&report.title)
    );
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} · {}: <time datetime=\"{now}\">{now}</time></p>\n\
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
    );
    gaps(&mut h, report, words);
    kinds(&mut h, report, words);
    segments(&mut h, report, words);
    drip(&mut h, report, words);
    freshness(&mut h, report, words);
    webinars(&mut h, report, words);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn stage_title(report: &Report, id: &str) -> String {
    report
        .stages
        .iter()
        .find(|s| s.id == id)
        .map_or(id.to_string(), |s| s.title.clone())
}

fn gaps(h: &mut String, report: &Report, words: Words) {
    let _ = write!(
        h,
        "<section id=\"gaps\" aria-labelledby=\"gaps-h\">\n<h2 id=\"gaps-h\">{}</h2>\n",
        esc(words.text(Text::TopGaps))
    );
    if report.gaps.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(words.text(Text::NoGaps)));
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
                esc(words.text(Text::MoreGaps))
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

fn kinds(h: &mut String, report: &Report, words: Words) {
    section_start(
        h,
        "kinds",
        words.text(Text::ByKind),
        words.text(Text::ByKindLead),
    );
    let mut cols: Vec<String> = KINDS.iter().map(|k| words.kind_heading(*k)).collect();
    cols.push(words.text(Text::Total).to_string());
    let cells = report
        .kinds
        .iter()
        .map(|row| {
            let mut cells: Vec<Cell> = KINDS
                .iter()
                .map(|k| {
                    let n = row.counts.get(k.name()).copied().unwrap_or(0);
                    Cell {
                        value: n as i64,
                        label: n.to_string(),
                        // A missing core kind is a gap; an empty page column is not.
                        flagged: n == 0 && CORE_KINDS.contains(k),
                        scaled: true,
                    }
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
        title: words.text(Text::ByKind).to_string(),
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

fn segments(h: &mut String, report: &Report, words: Words) {
    section_start(
        h,
        "segments",
        words.text(Text::BySegment),
        words.text(Text::BySegmentLead),
    );
    if report.segments.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(words.text(Text::NoSegments)));
    }
    for table in &report.segments {
        let name = words.taxonomy(&table.taxonomy);
        let _ = writeln!(h, "<h3>{}</h3>", esc(&name));
        let grid = Grid {
            id: &format!("segments-{}", table.taxonomy),
            title: format!("{} × {}", words.text(Text::Stage), name),
            rows: table
                .rows
                .iter()
                .map(|r| stage_title(report, &r.stage))
                .collect(),
            cols: table.terms.clone(),
            cells: table
                .rows
                .iter()
                .map(|r| {
                    table
                        .terms
                        .iter()
                        .map(|term| {
                            let n = r.counts.get(term).copied().unwrap_or(0);
                            Cell {
                                value: n as i64,
                                label: n.to_string(),
                                flagged: false,
                                scaled: true,
                            }
                        })
                        .collect()
                })
                .collect(),
        };
        let _ = writeln!(h, "<figure>{}</figure>", heatmap(&grid));
    }
    h.push_str("</section>\n");
}

fn drip(h: &mut String, report: &Report, words: Words) {
    section_start(
        h,
        "drip",
        words.text(Text::Drip),
        words.text(Text::DripLead),
    );
    for table in &report.drip {
        let name = words.taxonomy(&table.taxonomy);
        let _ = writeln!(h, "<h3>{}</h3>", esc(&name));
        let unit = words.text(Text::Weeks);
        let grid = Grid {
            id: &format!("drip-{}", table.taxonomy),
            title: format!("{} — {}", words.text(Text::Drip), name),
            rows: table
                .rows
                .iter()
                .map(|r| stage_title(report, &r.stage))
                .collect(),
            cols: table.terms.clone(),
            cells: table
                .rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| Cell {
                            value: c.weeks,
                            label: match words {
                                Words::Japanese => format!("{}{unit}", c.weeks),
                                Words::English => format!("{} {unit}", c.weeks),
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

fn freshness(h: &mut String, report: &Report, words: Words) {
    section_start(
        h,
        "freshness",
        words.text(Text::Freshness),
        words.text(Text::FreshnessLead),
    );
    let _ = writeln!(h, "<figure>{}</figure>", freshness_bars(report, words));
    let _ = writeln!(h, "<h3>{}</h3>", esc(words.text(Text::StaleList)));
    let stale: Vec<_> = report
        .freshness
        .iter()
        .flat_map(|f| f.stale.iter().map(move |d| (&f.stage, d)))
        .collect();
    if stale.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(words.text(Text::NoStale)));
    } else {
        let _ = write!(
            h,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            esc(words.text(Text::Stage)),
            esc(words.text(Text::Document)),
            esc(words.text(Text::Updated)),
            esc(words.text(Text::Age)),
            esc(words.text(Text::Owner)),
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
                esc(words.text(Text::Days)),
                esc(d.owner.as_deref().unwrap_or("")),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

fn webinars(h: &mut String, report: &Report, words: Words) {
    let _ = write!(
        h,
        "<section id=\"webinars\" aria-labelledby=\"webinars-h\">\n<h2 id=\"webinars-h\">{}</h2>\n",
        esc(words.text(Text::Webinars))
    );
    if report.upcoming_webinars.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(words.text(Text::NoWebinars)));
        h.push_str("</section>\n");
        return;
    }
    let _ = writeln!(h, "<figure>{}</figure>", month_bars(report, words));
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

/// One cell of a heatmap.
struct Cell {
    value: i64,
    label: String,
    /// Drawn with a dashed red frame: a gap, or a drip cell that runs dry.
    flagged: bool,
    /// Coloured by value; a totals column is not.
    scaled: bool,
}

struct Grid<'a> {
    id: &'a str,
    title: String,
    rows: Vec<String>,
    cols: Vec<String>,
    cells: Vec<Vec<Cell>>,
}

/// Roughly how wide a label is drawn: CJK characters take a full em, others about half.
fn text_width(s: &str, font: f64) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { font * 0.6 } else { font })
        .sum()
}

/// From a pale to a deep indigo as `t` goes from 0 to 1.
fn shade(t: f64) -> String {
    let (a, b) = ((238.0, 242.0, 255.0), (49.0, 46.0, 129.0));
    let mix = |x: f64, y: f64| (x + (y - x) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

fn heatmap(g: &Grid) -> String {
    const FONT: f64 = 13.0;
    const CELL_H: f64 = 34.0;
    const HEAD_H: f64 = 30.0;
    let label_w = g
        .rows
        .iter()
        .map(|r| text_width(r, FONT))
        .fold(60.0, f64::max)
        + 16.0;
    let col_w = g
        .cols
        .iter()
        .map(|c| text_width(c, FONT))
        .fold(56.0, f64::max)
        + 16.0;
    let max = g
        .cells
        .iter()
        .flatten()
        .filter(|c| c.scaled)
        .map(|c| c.value)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = label_w + col_w * g.cols.len() as f64 + 4.0;
    let height = HEAD_H + CELL_H * g.rows.len() as f64 + 4.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-t\" font-size=\"{FONT}\"><title id=\"{id}-t\">{}</title>",
        esc(&g.title),
        id = g.id
    );
    for (c, col) in g.cols.iter().enumerate() {
        let x = label_w + col_w * c as f64 + col_w / 2.0;
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
            HEAD_H - 10.0,
            esc(col)
        );
    }
    for (r, row) in g.rows.iter().enumerate() {
        let y = HEAD_H + CELL_H * r as f64;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label_w - 10.0,
            y + CELL_H / 2.0 + 4.5,
            esc(row)
        );
        for (c, cell) in g.cells[r].iter().enumerate() {
            let x = label_w + col_w * c as f64;
            let t = if cell.scaled {
                cell.value.max(0) as f64 / max
            } else {
                0.0
            };
            let fill = if cell.scaled && cell.value > 0 {
                shade(0.15 + 0.85 * t)
            } else {
                "#ffffff".to_string()
            };
            let ink = if cell.scaled && cell.value > 0 && t > 0.45 {
                "#ffffff"
            } else {
                "#1f2937"
            };
            let frame = if cell.flagged {
                "stroke=\"#b91c1c\" stroke-width=\"2.5\" stroke-dasharray=\"5 3\""
            } else {
                "stroke=\"#d1d5db\" stroke-width=\"1\""
            };
            let _ = write!(
                s,
                "<g><title>{} · {}: {}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{fill}\" {frame}/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ink}\"{}>{}</text></g>",
                esc(row),
                esc(&g.cols[c]),
                esc(&cell.label),
                x + 2.0,
                y + 2.0,
                col_w - 4.0,
                CELL_H - 4.0,
                x + col_w / 2.0,
                y + CELL_H / 2.0 + 4.5,
                if cell.flagged {
                    " font-weight=\"bold\""
                } else {
                    ""
                },
                esc(&cell.label)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Fresh to old, green to red; undated content is grey.
const BUCKET_COLOURS: [&str; 5] = ["#15803d", "#65a30d", "#ca8a04", "#ea580c", "#b91c1c"];
/// Numbers on the lighter colours are dark, so they stay legible.
const BUCKET_INK: [&str; 5] = ["#ffffff", "#111827", "#111827", "#ffffff", "#ffffff"];
const UNDATED_COLOUR: &str = "#94a3b8";

fn freshness_bars(report: &Report, words: Words) -> String {
    const FONT: f64 = 13.0;
    const ROW_H: f64 = 30.0;
    const BAR_W: f64 = 480.0;
    let rows: Vec<String> = report
        .freshness
        .iter()
        .map(|f| stage_title(report, &f.stage))
        .collect();
    let label_w = rows
        .iter()
        .map(|r| text_width(r, FONT))
        .fold(60.0, f64::max)
        + 16.0;
    let max = report
        .freshness
        .iter()
        .map(|f| f.documents)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let legend_y = ROW_H * rows.len() as f64 + 18.0;
    let legend: Vec<(&str, String)> = AGE_BUCKETS
        .iter()
        .enumerate()
        .map(|(i, &(min, max))| (BUCKET_COLOURS[i], words.bucket(min, max)))
        .chain(std::iter::once((
            UNDATED_COLOUR,
            words.text(Text::Undated).to_string(),
        )))
        .collect();
    let legend_w: f64 = legend
        .iter()
        .map(|(_, label)| text_width(label, FONT) + 34.0)
        .sum();
    let width = label_w + (BAR_W + 48.0).max(legend_w);
    let height = legend_y + 24.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"freshness-t\" font-size=\"{FONT}\"><title id=\"freshness-t\">{}</title>",
        esc(words.text(Text::Freshness))
    );
    for (r, f) in report.freshness.iter().enumerate() {
        let y = ROW_H * r as f64;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label_w - 10.0,
            y + ROW_H / 2.0 + 4.5,
            esc(&rows[r])
        );
        let mut x = label_w;
        let parts = f
            .buckets
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    b.count,
                    BUCKET_COLOURS[i],
                    BUCKET_INK[i],
                    words.bucket(b.min_days, b.max_days),
                )
            })
            .chain(std::iter::once((
                f.undated,
                UNDATED_COLOUR,
                "#111827",
                words.text(Text::Undated).to_string(),
            )));
        for (count, colour, ink, label) in parts {
            if count == 0 {
                continue;
            }
            let w = BAR_W * count as f64 / max;
            let _ = write!(
                s,
                "<g><title>{}: {label} {count}</title><rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
                esc(&rows[r]),
                y + 4.0,
                ROW_H - 8.0
            );
            if w >= 16.0 {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ink}\" font-weight=\"bold\">{count}</text>",
                    x + w / 2.0,
                    y + ROW_H / 2.0 + 4.5
                );
            }
            s.push_str("</g>");
            x += w;
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 6.0,
            y + ROW_H / 2.0 + 4.5,
            f.documents
        );
    }
    let mut x = label_w;
    for (colour, label) in &legend {
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            legend_y - 10.0,
            x + 16.0,
            legend_y,
            esc(label)
        );
        x += text_width(label, FONT) + 34.0;
    }
    s.push_str("</svg>");
    s
}

fn month_bars(report: &Report, words: Words) -> String {
    const FONT: f64 = 13.0;
    const COL_W: f64 = 64.0;
    const BAR_H: f64 = 120.0;
    let months = &report.upcoming_webinars;
    let max = months.iter().map(|m| m.count).max().unwrap_or(0).max(1) as f64;
    let width = COL_W * months.len() as f64 + 8.0;
    let height = BAR_H + 48.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"webinars-t\" font-size=\"{FONT}\"><title id=\"webinars-t\">{}</title>",
        esc(words.text(Text::Webinars))
    );
    let base = BAR_H + 20.0;
    let _ = write!(
        s,
        "<line x1=\"0\" y1=\"{base:.1}\" x2=\"{width:.1}\" y2=\"{base:.1}\" stroke=\"#9ca3af\"/>"
    );
    for (i, m) in months.iter().enumerate() {
        let x = COL_W * i as f64 + 4.0;
        let h = BAR_H * m.count as f64 / max;
        let _ = write!(
            s,
            "<g><title>{}: {}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            esc(&m.month),
            m.count,
            x + 12.0,
            base - h,
            COL_W - 24.0,
            shade(0.75),
            x + COL_W / 2.0,
            base - h - 6.0,
            m.count,
            x + COL_W / 2.0,
            base + 18.0,
            esc(&m.month)
        );
    }
    s.push_str("</svg>");
    s
}
