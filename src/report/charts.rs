//! The report's inline SVG charts: heatmaps of counts, the freshness bars of each stage and
//! the webinars by month. Each chart writes its numbers as text beside its colours.

use super::data::{AGE_BUCKETS, Report, stage_title};
use super::wording::{Text, Wording};
use crate::util::html::html_escape as esc;
use std::fmt::Write;

/// One cell of a heatmap.
pub(super) struct Cell {
    pub(super) value: i64,
    pub(super) label: String,
    /// Drawn with a dashed red frame: a gap, or a drip cell that runs dry.
    pub(super) flagged: bool,
    /// Coloured by value; a totals column is not.
    pub(super) scaled: bool,
}

impl Cell {
    /// A count of documents, coloured by its value, and framed when it is a gap.
    pub(super) fn count(n: usize, flagged: bool) -> Cell {
        Cell {
            value: n as i64,
            label: n.to_string(),
            flagged,
            scaled: true,
        }
    }
}

pub(super) struct Grid<'a> {
    pub(super) id: &'a str,
    pub(super) title: String,
    pub(super) rows: Vec<String>,
    pub(super) cols: Vec<String>,
    pub(super) cells: Vec<Vec<Cell>>,
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

pub(super) fn heatmap(g: &Grid) -> String {
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

pub(super) fn freshness_bars(report: &Report, wording: Wording) -> String {
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
        .map(|(i, &(min, max))| (BUCKET_COLOURS[i], wording.bucket(min, max)))
        .chain(std::iter::once((
            UNDATED_COLOUR,
            wording.text(Text::Undated).to_string(),
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
        esc(wording.text(Text::Freshness))
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
                    wording.bucket(b.min_days, b.max_days),
                )
            })
            .chain(std::iter::once((
                f.undated,
                UNDATED_COLOUR,
                "#111827",
                wording.text(Text::Undated).to_string(),
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

pub(super) fn month_bars(report: &Report, wording: Wording) -> String {
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
        esc(wording.text(Text::Webinars))
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
