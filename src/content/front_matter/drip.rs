//! `drip:`, a document's place in drip sequences (`false`, or `{order, day}`), and a stage's
//! `drip: {weeks}`, how long its tracks should last.

use crate::content::model::Drip;
use crate::util::yaml::{self, FieldReader, Value};

const DOCUMENT_HINT: &str = "write `drip: false` to leave the document out of drip emails, `drip: {order: 2}` to send it second among its stage's documents, or `drip: {day: 14}` to send it 14 days after its stage's emails begin";
const STAGE_HINT: &str =
    "write how many weeks a customer usually spends in this stage, for example `drip: {weeks: 6}`";

/// A document's `drip:` and the line it is written on (0 when it is not).
pub(super) fn read_document_drip(r: &mut FieldReader) -> (Drip, usize) {
    let Some((value, line)) = r.raw("drip") else {
        return (Drip::Default, 0);
    };
    let mut order = None;
    let mut day = None;
    match value {
        Value::Null | Value::Bool(true) => return (Drip::Default, line),
        Value::Bool(false) => return (Drip::Off, line),
        Value::Mapping(m) => {
            for (k, v) in m {
                let key = k.as_str().unwrap_or("").to_string();
                let slot = match key.as_str() {
                    "order" => &mut order,
                    "day" => &mut day,
                    _ => {
                        let hint = match yaml::closest(&key, &["order", "day"]) {
                            Some(k) => format!("did you mean `{k}`? {DOCUMENT_HINT}"),
                            None => DOCUMENT_HINT.to_string(),
                        };
                        r.invalid(
                            line,
                            format!("`drip` has no setting `{key}`; it takes `order` and `day`"),
                            hint,
                        );
                        continue;
                    }
                };
                match whole_number(&v) {
                    Some(n) if key == "day" && n < 0 => r.invalid(
                        line,
                        format!("`drip: {{day: {n}}}` is before its stage's emails begin"),
                        "give a day from 0 (the day the stage's emails begin), for example `drip: {day: 14}`".to_string(),
                    ),
                    Some(n) => *slot = Some(n),
                    None => r.invalid(
                        line,
                        format!(
                            "`drip: {{{key}: …}}` should be a whole number, but it is {}",
                            yaml::describe(&v)
                        ),
                        DOCUMENT_HINT.to_string(),
                    ),
                }
            }
        }
        other => {
            r.invalid(
                line,
                format!(
                    "`drip` should be `false` or `{{order, day}}`, but it is {}",
                    yaml::describe(&other)
                ),
                DOCUMENT_HINT.to_string(),
            );
        }
    }
    (Drip::Step { order, day }, line)
}

/// A stage's `drip: {weeks: N}`.
pub(super) fn read_stage_drip(r: &mut FieldReader) -> Option<i64> {
    let (value, line) = r.raw("drip")?;
    let weeks = match &value {
        Value::Null => return None,
        Value::Mapping(m) if m.len() == 1 => m.get("weeks").and_then(whole_number),
        _ => None,
    };
    match weeks {
        Some(w) if w >= 1 => Some(w),
        _ => {
            r.invalid(
                line,
                format!(
                    "a stage's `drip` should be `{{weeks: N}}` with N at least 1, but it is {}",
                    yaml::describe(&value)
                ),
                STAGE_HINT.to_string(),
            );
            None
        }
    }
}

fn whole_number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}
