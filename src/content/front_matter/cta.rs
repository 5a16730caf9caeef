//! `cta:`, a document's call to action: `{label, url, kind}`.

use crate::config::{CtaConfig, is_web_address};
use crate::content::model::Cta;
use crate::util::yaml::{self, FieldReader, Value};

const HINT: &str = "write it like `cta: {label: 紹介フォームを開く, url: \"https://forms.example.com/referral\", kind: referral}`";

pub(super) fn read_cta(r: &mut FieldReader, config: &CtaConfig) -> Option<Cta> {
    let (m, line) = r.mapping("cta", "`cta` should be `{label, url, kind}`", HINT)?;
    let mut ok = true;
    for key in m.keys() {
        let key = key.as_str().unwrap_or("");
        if !["label", "url", "kind"].contains(&key) {
            let hint = match yaml::closest(key, &["label", "url", "kind"]) {
                Some(k) => format!("did you mean `{k}`? {HINT}"),
                None => HINT.into(),
            };
            r.invalid(
                line,
                format!("`cta` has no setting `{key}`; it takes `label`, `url` and `kind`"),
                hint,
            );
            ok = false;
        }
    }
    let mut text = |r: &mut FieldReader, key: &str, what: &str| -> String {
        match m.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::String(_)) | Some(Value::Null) | None => {
                r.invalid(
                    line,
                    format!("the call to action has no `{key}` ({what})"),
                    HINT.to_string(),
                );
                ok = false;
                String::new()
            }
            Some(other) => {
                r.invalid(
                    line,
                    format!(
                        "`cta: {{{key}: …}}` should be text ({what}), but it is {}",
                        yaml::describe(other)
                    ),
                    HINT.to_string(),
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
        r.invalid(
            line,
            format!("the call to action points at \"{url}\", which is not a web address"),
            "give the full address of the form or page, starting with https://, or a page of the hub with `@/` and its path under content/, like `@/playbooks/kickoff.md`".to_string(),
        );
        ok = false;
    }
    if !kind.is_empty() && !config.knows(&kind) {
        let kinds = config.all_kinds();
        let hint = match yaml::closest(&kind, &kinds) {
            Some(k) => format!("did you mean `{k}`? The kinds are: {}", kinds.join(", ")),
            None => format!(
                "use one of: {}; or name a kind of your own under `cta.kinds` in site-config.yaml",
                kinds.join(", ")
            ),
        };
        r.invalid(
            line,
            format!("`{kind}` is not a kind of call to action"),
            hint,
        );
        ok = false;
    }
    ok.then_some(Cta {
        label,
        url,
        kind,
        line,
    })
}
