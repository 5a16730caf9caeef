//! Dates in front matter. A date that does not parse is described in the catalog's words
//! (which month, which day, what to write), never in the parser's.

use super::super::model::DocDate;
use super::FieldReader;
use crate::config::SiteConfig;
use crate::util::messages::{Text, t};
use crate::util::yaml::{self, Value};
use jiff::Timestamp;
use jiff::civil::Date;

pub(super) fn read_date(r: &mut FieldReader, key: &str, config: &SiteConfig) -> Option<DocDate> {
    let (value, line) = r.raw(key)?;
    let text = match &value {
        Value::String(s) => s.trim().to_string(),
        Value::Null => return None,
        other => {
            r.invalid(
                line,
                t("invalid-value.date-type")
                    .arg("key", key)
                    .text("found", yaml::describe_text(other)),
                t("invalid-value.date.hint").arg("key", key),
            );
            return None;
        }
    };
    match parse_date(&text, config) {
        Ok(d) => Some(d),
        Err(why) => {
            r.invalid(
                line,
                t("invalid-value.date")
                    .arg("key", key)
                    .arg("text", &text)
                    .text("why", why),
                t("invalid-value.date.hint").arg("key", key),
            );
            None
        }
    }
}

pub fn parse_date(text: &str, config: &SiteConfig) -> Result<DocDate, Text> {
    if let Ok(day) = text.parse::<Date>() {
        let instant = day
            .to_zoned(config.timezone.clone())
            .map_err(|_| t("date.out-of-range"))?
            .timestamp();
        return Ok(DocDate { day, instant });
    }
    let instant = parse_timestamp(text)?;
    let day = instant.to_zoned(config.timezone.clone()).date();
    Ok(DocDate { day, instant })
}

/// RFC 3339 with an offset; a datetime without one is ambiguous, so it is refused.
pub fn parse_timestamp(text: &str) -> Result<Timestamp, Text> {
    text.parse::<Timestamp>().map_err(|_| {
        // Only a date and time that is valid in itself can lack just the offset; a month 13,
        // a 30 February or a year past 9999 is out of range, whatever follows it.
        let offset_given = text
            .get(10..)
            .is_some_and(|t| t.contains(['+', '-', 'Z', 'z']));
        if text.parse::<jiff::civil::DateTime>().is_ok() && !offset_given {
            t("date.no-offset")
        } else {
            date_problem(text)
        }
    })
}

/// Which part of a date (and time) that does not parse is wrong.
fn date_problem(text: &str) -> Text {
    static SHAPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?",
        )
        .expect("a valid pattern")
    });
    let Some(parts) = SHAPE.captures(text) else {
        return t("date.shape");
    };
    let number = |i: usize| {
        parts
            .get(i)
            .map_or(0, |m| m.as_str().parse::<i16>().unwrap_or(0))
    };
    let (year, month, day) = (number(1), number(2), number(3));
    if !(1..=12).contains(&month) {
        return t("date.bad-month").arg("month", month);
    }
    if Date::new(year, month as i8, day as i8).is_err() {
        return t("date.bad-day")
            .arg("year", year)
            .arg("month", format!("{month:02}"))
            .arg("day", day);
    }
    if parts.get(4).is_some() && (number(4) > 23 || number(5) > 59 || number(6) > 60) {
        return t("date.bad-time")
            .arg("hour", format!("{:02}", number(4)))
            .arg("minute", format!("{:02}", number(5)));
    }
    t("date.out-of-range")
}
