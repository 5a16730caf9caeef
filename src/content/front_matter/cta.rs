//! `cta:`, a document's call to action: `{label, url, kind}`.

use crate::config::{CtaConfig, is_web_address};
use crate::content::model::Cta;
use crate::util::messages::{Text, did_you_mean, t};
use crate::util::yaml::{self, FieldReader, Value};

fn hint() -> Text {
    t("cta.hint")
}

pub(super) fn read_cta(r: &mut FieldReader, config: &CtaConfig) -> Option<Cta> {
    let (m, line) = r.mapping("cta", t("cta.not-settings"), hint())?;
    let mut ok = true;
    for key in m.keys() {
        let key = key.as_str().unwrap_or("");
        if !["label", "url", "kind"].contains(&key) {
            let hint = did_you_mean(yaml::closest(key, &["label", "url", "kind"]), hint());
            r.invalid(line, t("cta.unknown-key").arg("key", key), hint);
            ok = false;
        }
    }
    let mut text = |r: &mut FieldReader, key: &str, what: &str| -> String {
        match m.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::String(_)) | Some(Value::Null) | None => {
                r.invalid(
                    line,
                    t("cta.missing").arg("key", key).phrase("what", what),
                    hint(),
                );
                ok = false;
                String::new()
            }
            Some(other) => {
                r.invalid(
                    line,
                    t("cta.not-text")
                        .arg("written", format!("cta: {{{key}: …}}"))
                        .phrase("what", what)
                        .text("found", yaml::describe_text(other)),
                    hint(),
                );
                ok = false;
                String::new()
            }
        }
    };
    let label = text(r, "label", "the words of the link");
    let url = text(r, "url", "where it leads: a form, the CRM or a page");
    let kind = text(r, "kind", "what the reader is asked to do");
    // A page of the hub (`@/playbooks/kickoff.md`) is resolved with the `@/` links, where a
    // missing one is reported.
    let hub_page = url.strip_prefix("@/").is_some_and(|p| !p.trim().is_empty());
    if !url.is_empty() && !hub_page && !is_web_address(&url) {
        r.invalid(line, t("cta.url").arg("url", &url), t("cta.url.hint"));
        ok = false;
    }
    if !kind.is_empty() && !config.knows(&kind) {
        let kinds = config.all_kinds();
        let hint = match yaml::closest(&kind, &kinds) {
            Some(k) => t("cta.kind.did-you-mean")
                .arg("closest", k)
                .arg("known", kinds.join(", ")),
            None => t("cta.kind.hint").arg("known", kinds.join(", ")),
        };
        r.invalid(line, t("invalid-value.cta-kind").arg("kind", &kind), hint);
        ok = false;
    }
    ok.then_some(Cta {
        label,
        url,
        kind,
        line,
    })
}
