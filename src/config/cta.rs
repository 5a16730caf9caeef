//! Calls to action (`cta:` in site-config.yaml): the kinds of action the hub offers besides
//! the built-in ones, and each stage's default call to action, shown on every page of the
//! stage whose document names none of its own.

use crate::util::messages::{Text, did_you_mean, t};
use crate::util::yaml::{self, FieldReader, Value};
use std::collections::BTreeMap;

/// The kinds every hub knows: what the customer is asked to do.
pub const BUILT_IN_KINDS: &[&str] = &[
    "expansion",
    "referral",
    "review",
    "nps",
    "contact",
    "register",
    "community",
];

/// A stage's default call to action. Its label is one text, or one per language.
#[derive(Debug, Clone, PartialEq)]
pub struct StageCta {
    pub kind: String,
    /// A web address, or a page of the hub as `@/` and its content path.
    pub url: String,
    pub label: BTreeMap<String, String>,
    /// Its line in site-config.yaml.
    pub line: usize,
}

impl StageCta {
    /// The label in a language: that language's own, else the one written without a
    /// language (kept under ""), else the first there is.
    pub fn label(&self, lang: &str) -> &str {
        self.label
            .get(lang)
            .or_else(|| self.label.get(""))
            .or_else(|| self.label.values().next())
            .map_or("", String::as_str)
    }
}

#[derive(Debug, Clone, Default)]
pub struct CtaConfig {
    /// Kinds of the site's own, besides [`BUILT_IN_KINDS`].
    pub kinds: Vec<String>,
    /// Stage id → its default call to action.
    pub stages: BTreeMap<String, StageCta>,
    /// Stage id → the kind of call to action the stage should offer (`cta.expect`), with
    /// the line it is written on: `check` warns about a stage that offers none of it.
    pub expect: BTreeMap<String, (String, usize)>,
    /// The line of `cta:` (0 when it is not written), for findings about a stage default.
    pub line: usize,
}

impl CtaConfig {
    /// Whether a kind is built in or named under `cta.kinds`.
    pub fn knows(&self, kind: &str) -> bool {
        BUILT_IN_KINDS.contains(&kind) || self.kinds.iter().any(|k| k == kind)
    }

    /// Every kind, built-in ones first.
    pub fn all_kinds(&self) -> Vec<&str> {
        BUILT_IN_KINDS
            .iter()
            .copied()
            .chain(self.kinds.iter().map(String::as_str))
            .collect()
    }
}

/// A web address a call to action may point at: http(s) with a host.
pub fn is_web_address(url: &str) -> bool {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .is_some_and(|rest| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !rest.contains(char::is_whitespace)
        })
}

fn hint() -> Text {
    t("config-cta.hint")
}

pub(super) fn read_cta(r: &mut FieldReader) -> CtaConfig {
    let mut config = CtaConfig::default();
    let Some((value, line)) = r.raw("cta") else {
        return config;
    };
    config.line = line;
    // (line, kind) of every stage default, checked once `kinds` is read, whatever its place.
    let mut kinds_written = vec![];
    let Value::Mapping(m) = value else {
        if !value.is_null() {
            r.invalid(
                line,
                t("setting.not-settings")
                    .arg("key", "cta")
                    .text("found", yaml::describe_text(&value)),
                hint(),
            );
        }
        return config;
    };
    for (k, v) in m {
        let key = k.as_str().unwrap_or("").to_string();
        match key.as_str() {
            "kinds" => match yaml::from_value::<Vec<String>>(v) {
                Ok(kinds) => config.kinds = kinds,
                Err(_) => r.invalid(line, t("config-cta.kinds"), t("config-cta.kinds.hint")),
            },
            "stages" => match v {
                Value::Mapping(stages) => {
                    for (id, cta) in stages {
                        let id = id.as_str().unwrap_or("").to_string();
                        let at = yaml::item_line(r.origin().text, line, &format!("{id}:"));
                        if let Some(kind) = cta.get("kind").and_then(Value::as_str) {
                            kinds_written.push((at, kind.trim().to_string()));
                        }
                        if let Some(cta) = read_stage_cta(r, at, &id, cta) {
                            config.stages.insert(id, cta);
                        }
                    }
                }
                other => r.invalid(
                    line,
                    t("config-cta.stages").text("found", yaml::describe_text(&other)),
                    hint(),
                ),
            },
            "expect" => match yaml::from_value::<BTreeMap<String, String>>(v) {
                Ok(expect) => {
                    let from = yaml::item_line(r.origin().text, line, "expect:");
                    for (id, kind) in expect {
                        let at = yaml::item_line(r.origin().text, from, &format!("{id}:"));
                        kinds_written.push((at, kind.trim().to_string()));
                        config.expect.insert(id, (kind.trim().to_string(), at));
                    }
                }
                Err(_) => r.invalid(line, t("config-cta.expect"), t("config-cta.expect.hint")),
            },
            _ => {
                let hint =
                    did_you_mean(yaml::closest(&key, &["kinds", "stages", "expect"]), hint());
                r.invalid(line, t("config-cta.unknown-key").arg("key", &key), hint);
            }
        }
    }
    for (at, kind) in kinds_written {
        if !kind.is_empty() && !config.knows(&kind) {
            let kinds = config.all_kinds().join(", ");
            r.invalid(
                at,
                t("invalid-value.cta-kind").arg("kind", &kind),
                t("invalid-value.cta-kind.hint").arg("known", kinds),
            );
        }
    }
    config
}

fn read_stage_cta(r: &mut FieldReader, line: usize, id: &str, v: Value) -> Option<StageCta> {
    let Value::Mapping(m) = v else {
        r.invalid(
            line,
            t("config-cta.stage-not-settings").arg("id", id),
            hint(),
        );
        return None;
    };
    let text = |key: &str| m.get(key).and_then(Value::as_str).map(str::trim);
    let kind = text("kind").unwrap_or("").to_string();
    let url = text("url").unwrap_or("").to_string();
    let label: BTreeMap<String, String> = match m.get("label") {
        Some(Value::String(s)) => [(String::new(), s.trim().to_string())].into(),
        Some(v @ Value::Mapping(_)) => {
            yaml::from_value::<BTreeMap<String, String>>(v.clone()).unwrap_or_default()
        }
        _ => BTreeMap::new(),
    };
    for key in m.keys().filter_map(Value::as_str) {
        if !["kind", "label", "url"].contains(&key) {
            r.invalid(
                line,
                t("config-cta.stage-unknown-key")
                    .arg("id", id)
                    .arg("key", key),
                t("config-cta.stage-unknown-key.hint"),
            );
        }
    }
    let mut ok = true;
    for (missing, what) in [
        (kind.is_empty(), "kind"),
        (label.values().all(String::is_empty), "label"),
        (url.is_empty(), "url"),
    ] {
        if missing {
            r.invalid(
                line,
                t("config-cta.stage-missing").arg("id", id).arg("key", what),
                hint(),
            );
            ok = false;
        }
    }
    let hub_page = url.strip_prefix("@/").is_some_and(|p| !p.trim().is_empty());
    if !url.is_empty() && !hub_page && !is_web_address(&url) {
        r.invalid(
            line,
            t("config-cta.stage-url").arg("id", id).arg("url", &url),
            t("config-cta.stage-url.hint"),
        );
        ok = false;
    }
    ok.then_some(StageCta {
        kind,
        url,
        label,
        line,
    })
}
