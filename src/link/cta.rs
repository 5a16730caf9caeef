//! Calls to action that point at a page of the hub (`cta: {url: "@/playbooks/kickoff.md"}`):
//! resolved like the `@/` links of a body, so a moved or renamed page is an error where the
//! call to action is written, with the path it most likely meant.

use super::Linker;
use crate::content::Site;
use crate::markdown::LinkError;
use crate::util::diagnostics::Diagnostic;

/// Where a call to action leads inside the hub: the document and the anchor written after `#`.
pub type CtaTarget = Option<(usize, Option<String>)>;

/// Each document's call-to-action target when its `cta.url` starts with `@/`, and the ones
/// that lead nowhere.
pub(super) fn resolve_ctas(site: &Site, linker: &Linker) -> (Vec<CtaTarget>, Vec<Diagnostic>) {
    let mut diagnostics = vec![];
    let targets = site
        .docs
        .iter()
        .map(|doc| {
            let cta = doc.common.cta.as_ref()?;
            let target = cta.url.strip_prefix("@/")?;
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a.to_string())),
                None => (target, None),
            };
            match linker.resolve(&doc.lang, path) {
                Ok(i) => Some((i, anchor)),
                // Inherited by a translation (line 0): its original reports it.
                Err(LinkError::Unreadable) => None,
                Err(LinkError::Missing(_)) if cta.line == 0 => None,
                Err(LinkError::Missing(why)) => {
                    let column = doc
                        .text()
                        .lines()
                        .nth(cta.line - 1)
                        .and_then(|l| l.find(&cta.url).map(|b| l[..b].chars().count() + 1))
                        .unwrap_or(1);
                    diagnostics.push(
                        Diagnostic::error(
                            "broken-link",
                            &doc.source,
                            format!(
                                "the call to action leads to `{}`, a page that does not exist: {why}",
                                cta.url
                            ),
                        )
                        .at(doc.text(), cta.line, column)
                        .with_hint(
                            "write the path under content/ of an existing document after `@/`, e.g. `@/playbooks/kickoff.md`",
                        ),
                    );
                    None
                }
            }
        })
        .collect();
    (targets, diagnostics)
}
