//! Touch models: how a customer is served. High touch is a success manager of their own, low
//! touch one-to-many webinars and programmes, tech touch automated, self-serve content. A
//! document names the models it serves with `touch:`; site-config names the models the hub
//! promises (`touch.served`) and what a kind's documents serve when they write nothing
//! (`touch.defaults`).

use crate::util::messages::{Text, did_you_mean, t};
use crate::util::yaml::{self, FieldReader, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Touch {
    High,
    Low,
    Tech,
}

impl Touch {
    /// Every model, in the order pages and the report show them.
    pub const ALL: [Touch; 3] = [Touch::High, Touch::Low, Touch::Tech];

    /// The value written in front matter, and the term of the `touch` taxonomy.
    pub fn name(self) -> &'static str {
        match self {
            Touch::High => "high",
            Touch::Low => "low",
            Touch::Tech => "tech",
        }
    }

    pub fn parse(s: &str) -> Option<Touch> {
        Touch::ALL.into_iter().find(|t| t.name() == s)
    }
}

/// What a hint says about a value that is not a touch model: the model it most likely means
/// (`hihg`, `tech-touch` and `テックタッチ` are near enough), and the three there are.
fn unknown_touch_hint(written: &str) -> Text {
    let lower = written.trim().to_lowercase();
    let stem = ["-touch", "_touch", " touch", "touch", "タッチ"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower)
        .trim();
    let by_reading = match stem {
        "ハイ" => Some("high"),
        "ロー" => Some("low"),
        "テック" => Some("tech"),
        _ => None,
    };
    let names: Vec<&str> = Touch::ALL.iter().map(|t| t.name()).collect();
    let guess = by_reading
        .or_else(|| Touch::parse(stem).map(Touch::name))
        .or_else(|| yaml::closest(stem, &names));
    did_you_mean(guess, t("touch.choices"))
}

/// The models of a `touch` value, a name or a list of names: each item is the model, or the
/// name as written when it is none. `Err` describes a value of another shape.
fn touch_list(value: &Value) -> Result<Vec<Result<Touch, String>>, Text> {
    let names: Vec<String> = match value {
        Value::String(s) => vec![s.clone()],
        Value::Sequence(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(yaml::describe_text(other)),
            })
            .collect::<Result<_, _>>()?,
        Value::Null => vec![],
        other => return Err(yaml::describe_text(other)),
    };
    Ok(names
        .into_iter()
        .map(|n| Touch::parse(n.trim()).ok_or(n))
        .collect())
}

/// The models of a value written at `line` (of `touch:` in front matter, of a setting under
/// `touch:` in site-config), in the order of [`Touch::ALL`], each once. `what` names the
/// setting in messages; a name that is no model is reported at its own line with the model
/// it most likely means, a value of another shape with `shape_hint`.
pub fn read_models(
    r: &mut FieldReader,
    value: &Value,
    line: usize,
    what: &str,
    shape_hint: Text,
) -> Vec<Touch> {
    let items = match touch_list(value) {
        Ok(items) => items,
        Err(found) => {
            r.invalid(
                line,
                t("touch.shape").arg("key", what).text("found", found),
                shape_hint,
            );
            return vec![];
        }
    };
    let text = r.origin().text;
    let mut touches = vec![];
    for item in items {
        match item {
            Ok(t) => touches.push(t),
            Err(name) => r.invalid(
                yaml::item_line(text, line, &name),
                t("touch.unknown").arg("key", what).arg("name", &name),
                unknown_touch_hint(&name),
            ),
        }
    }
    touches.sort_unstable();
    touches.dedup();
    touches
}

/// `touch:` in site-config.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TouchConfig {
    /// The models the hub promises to serve: `check` and the report name every stage that
    /// has no content for one of them. None when not written: nothing is promised.
    pub served: Vec<Touch>,
    /// Per content folder (`webinars`), the models of a document that writes no `touch:`.
    pub defaults: BTreeMap<String, Vec<Touch>>,
}

impl TouchConfig {
    /// The models a document of the folder serves when it writes no `touch:`.
    pub fn default_for(&self, folder: &str) -> &[Touch] {
        self.defaults.get(folder).map_or(&[], Vec::as_slice)
    }
}

/// The content folders whose documents take `touch:` (stages and the home page do not).
pub const TOUCH_FOLDERS: [&str; 4] = ["playbooks", "case-studies", "webinars", "pages"];

const EXAMPLE: &str = "touch: {served: [high, low, tech], defaults: {webinars: [low]}}";

fn shape_hint() -> Text {
    t("hint.write-it-like").arg("example", EXAMPLE)
}

/// Reads `touch:`, reporting every wrong part of it at its own line.
pub(super) fn read_touch(r: &mut FieldReader) -> TouchConfig {
    let Some((value, line)) = r.raw("touch") else {
        return TouchConfig::default();
    };
    let text = r.origin().text;
    let mut config = TouchConfig::default();
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return config,
        other => {
            r.invalid(
                line,
                t("touch.config-shape").text("found", yaml::describe_text(&other)),
                shape_hint(),
            );
            return config;
        }
    };
    for (key, value) in map {
        let key = key.as_str().unwrap_or_default().to_string();
        let key_line = yaml::item_line(text, line, &key);
        match key.as_str() {
            "served" => {
                config.served = read_models(r, &value, key_line, "touch.served", shape_hint())
            }
            "defaults" => config.defaults = defaults(r, value, key_line),
            _ => {
                let hint = match yaml::closest(&key, &["served", "defaults"]) {
                    Some(k) => did_you_mean(Some(k), shape_hint()),
                    None => t("touch.takes").arg("example", EXAMPLE),
                };
                r.invalid(key_line, t("touch.unknown-key").arg("key", &key), hint);
            }
        }
    }
    config
}

fn defaults(r: &mut FieldReader, value: Value, line: usize) -> BTreeMap<String, Vec<Touch>> {
    let text = r.origin().text;
    let Value::Mapping(map) = value else {
        r.invalid(
            line,
            t("touch.defaults-shape").text("found", yaml::describe_text(&value)),
            t("hint.write-it-like")
                .arg("example", "defaults: {webinars: [low], playbooks: [high]}"),
        );
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (folder, value) in map {
        let folder = folder.as_str().unwrap_or_default().to_string();
        let folder_line = yaml::item_line(text, line, &folder);
        if !TOUCH_FOLDERS.contains(&folder.as_str()) {
            r.invalid(
                folder_line,
                t("touch.defaults-folder").arg("folder", &folder),
                did_you_mean(
                    yaml::closest(&folder, &TOUCH_FOLDERS),
                    t("invalid-value.stale-kind.hint").arg("known", TOUCH_FOLDERS.join(", ")),
                ),
            );
            continue;
        }
        let what = format!("touch.defaults.{folder}");
        let models = read_models(r, &value, folder_line, &what, shape_hint());
        out.insert(folder, models);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_miss_or_a_display_name_is_taken_for_the_model_it_means() {
        for (written, meant) in [
            ("hihg", "high"),
            ("Tech-touch", "tech"),
            ("テックタッチ", "tech"),
            ("ロータッチ", "low"),
            ("hightouch", "high"),
        ] {
            assert!(
                unknown_touch_hint(written)
                    .to_string()
                    .starts_with(&format!("did you mean `{meant}`?")),
                "{written}: {}",
                unknown_touch_hint(written)
            );
        }
        assert!(
            unknown_touch_hint("マーケティング")
                .to_string()
                .starts_with("write `high`")
        );
    }

    #[test]
    fn site_config_reads_the_models_served_and_each_folders_default() {
        let config = crate::config::SiteConfig::parse(
            "title: X\nbase_url: https://x.com/\ntouch:\n  served: [tech, high, tech]\n  defaults:\n    webinars: low\n    pages: [low, tech]\n",
        )
        .unwrap();
        assert_eq!(config.touch.served, [Touch::High, Touch::Tech]);
        assert_eq!(config.touch.default_for("webinars"), [Touch::Low]);
        assert_eq!(config.touch.default_for("pages"), [Touch::Low, Touch::Tech]);
        assert_eq!(config.touch.default_for("playbooks"), []);

        let errors = crate::config::SiteConfig::parse(
            "title: X\nbase_url: https://x.com/\ntouch:\n  serve: [high]\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].line, errors[0].message.as_str()),
            (4, "unknown key `serve` under `touch`")
        );
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `served`?")
        );
    }
}
