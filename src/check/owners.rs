//! Who acts on a finding: a document's `owner:`, else the owner site-config's `owners:`
//! gives the deepest folder holding it. `check --group-by owner` hands each owner their
//! own list, with their stale content named apart, so that findings reach the person who
//! must act instead of one shared queue.

use crate::content::Document;
use crate::content::Site;
use crate::util::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::util::messages::{Lang, t};
use serde::Serialize;
use std::collections::BTreeMap;

/// A document's owner: its own `owner:`, else the owner of the deepest folder under
/// content/ that holds it (`playbooks/tech-touch` before `playbooks`).
pub fn owner_of<'a>(site: &'a Site, doc: &'a Document) -> Option<&'a str> {
    if let Some(owner) = &doc.common.owner {
        return Some(owner);
    }
    site.config
        .owners
        .iter()
        .filter(|(folder, _)| {
            let folder = folder.trim_matches('/');
            doc.content_path
                .strip_prefix(folder)
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|(folder, _)| folder.trim_matches('/').len())
        .map(|(_, owner)| owner.as_str())
}

/// Each document file's owner, for the files that have one.
pub fn by_file(site: &Site) -> BTreeMap<String, String> {
    site.docs
        .iter()
        .filter_map(|doc| Some((doc.source.clone(), owner_of(site, doc)?.to_string())))
        .collect()
}

/// One owner's share of a check.
#[derive(Serialize)]
pub struct Group<'a> {
    /// Left out for the findings nobody owns (site-config, templates, documents without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<&'a str>,
    pub errors: usize,
    pub warnings: usize,
    /// The owner's stale documents, so a review can be planned from one list.
    pub stale: Vec<&'a str>,
    pub diagnostics: Vec<&'a Diagnostic>,
}

/// The findings by owner: owners by name, then the findings nobody owns. Each finding keeps
/// the order of the whole report.
pub fn group<'a>(
    diagnostics: &'a Diagnostics,
    owners: &'a BTreeMap<String, String>,
) -> Vec<Group<'a>> {
    let mut groups: BTreeMap<Option<&str>, Group> = BTreeMap::new();
    for d in &diagnostics.0 {
        let owner = owners.get(&d.file).map(String::as_str);
        let group = groups.entry(owner).or_insert_with(|| Group {
            owner,
            errors: 0,
            warnings: 0,
            stale: vec![],
            diagnostics: vec![],
        });
        match d.severity {
            Severity::Error => group.errors += 1,
            Severity::Warning => group.warnings += 1,
            Severity::Note => {}
        }
        if d.code == "stale" {
            group.stale.push(&d.file);
        }
        group.diagnostics.push(d);
    }
    // BTreeMap puts None first; the unowned findings read best last.
    let mut out: Vec<Group> = groups.into_values().collect();
    let unowned_first = out.first().is_some_and(|g| g.owner.is_none());
    out.rotate_left(usize::from(unowned_first));
    out
}

/// The terminal form: a heading per owner in `lang`, then their findings.
pub fn to_text(groups: &[Group], lang: Lang) -> String {
    let mut out = String::new();
    for g in groups {
        let who = match g.owner {
            Some(owner) => t("owners.who").arg("owner", owner),
            None => t("owners.nobody"),
        };
        let stale = (!g.stale.is_empty()).then(|| t("owners.stale").arg("n", g.stale.len()));
        let heading = t("owners.heading")
            .text("who", who)
            .arg("errors", g.errors)
            .arg("warnings", g.warnings)
            .maybe("stale", stale);
        out.push_str(&heading.render(lang));
        out.push_str("\n\n");
        for d in &g.diagnostics {
            out.push_str(&format!("{d}\n"));
        }
    }
    out
}
