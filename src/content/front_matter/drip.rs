//! `drip:`, a document's place in drip sequences (`false`, or `{order, day}`), and a stage's
//! `drip: {weeks}`, how long its tracks should last.

use crate::content::model::Drip;
use crate::util::messages::{Text, did_you_mean, t};
use crate::util::yaml::{self, FieldReader, Value};

fn document_hint() -> Text {
    t("drip.hint")
}

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
                        let hint =
                            did_you_mean(yaml::closest(&key, &["order", "day"]), document_hint());
                        r.invalid(line, t("drip.unknown-key").arg("key", &key), hint);
                        continue;
                    }
                };
                match whole_number(&v) {
                    Some(n) if key == "day" && n < 0 => r.invalid(
                        line,
                        t("drip.negative-day").arg("written", format!("drip: {{day: {n}}}")),
                        t("drip.negative-day.hint"),
                    ),
                    Some(n) => *slot = Some(n),
                    None => r.invalid(
                        line,
                        t("drip.not-a-number")
                            .arg("written", format!("drip: {{{key}: …}}"))
                            .text("found", yaml::describe_text(&v)),
                        document_hint(),
                    ),
                }
            }
        }
        other => {
            r.invalid(
                line,
                t("drip.shape").text("found", yaml::describe_text(&other)),
                document_hint(),
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
                t("drip.stage").text("found", yaml::describe_text(&value)),
                t("drip.stage.hint"),
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
