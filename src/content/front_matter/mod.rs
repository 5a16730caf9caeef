//! Splits a markdown file into front matter and body, and reads the front matter of each kind
//! key by key, so that one run reports every problem in the file.

use super::model::*;
use crate::config::{SiteConfig, StringOrList, read_models};
use crate::util::diagnostics::Diagnostic;
use crate::util::messages::t;
use crate::util::yaml::{self, Expect, FieldReader, Origin, Value};

mod cta;
mod dates;
mod download;
mod drip;
mod inherit;
mod kinds;

use dates::read_date;
pub use dates::{parse_date, parse_timestamp};
pub use download::{
    duration_seconds, mime_of, on_disk as download_on_disk, resolve as resolve_download,
};
pub use inherit::{OWN_KEYS, inherited_keys, value_of};
use kinds::{read_case_study, read_playbook, read_stage, read_webinar};

pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line on which the YAML begins (1-based; the `---` is the line before).
    pub yaml_line: usize,
    pub body_offset: usize,
    pub body_line: usize,
}

pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(
            Diagnostic::error("missing-front-matter", file, t("missing-front-matter"))
                .at(text, 1, 1)
                .with_hint(t("missing-front-matter.hint")),
        );
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body_offset: offset + l.len(),
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(
        Diagnostic::error("unclosed-front-matter", file, t("unclosed-front-matter"))
            .at(text, 1, 1)
            .with_hint(t("unclosed-front-matter.hint")),
    )
}

const COMMON_KEYS: &[&str] = &[
    "title", "summary", "stage", "date", "updated", "draft", "slug", "aliases", "tags", "related",
    "weight", "extra", "featured", "search", "owner", "touch", "drip", "cta", "download",
];

const STAGE_KEYS: &[&str] = &[
    "title", "summary", "order", "goal", "kpis", "next", "color", "updated", "date", "extra",
    "draft", "owner", "drip", "cta",
];
const PLAYBOOK_KEYS: &[&str] = &["audience", "duration"];
const CASE_STUDY_KEYS: &[&str] = &["customer", "logo", "results", "quote"];

const WEBINAR_KEYS: &[&str] = &[
    "starts_at",
    "duration_minutes",
    "speakers",
    "registration_url",
    "recording_url",
    "location",
    "online",
];

const HOME_KEYS: &[&str] = &["title", "summary", "extra"];

/// Every front-matter key a kind accepts, besides the taxonomies named in site-config: the
/// lists [`parse`] reads by, so that the manual's test (tests/manual.rs) documents exactly
/// what the code accepts.
pub fn accepted_keys(kind: Kind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        Kind::Stage => return STAGE_KEYS.to_vec(),
        Kind::Home => return HOME_KEYS.to_vec(),
        Kind::Playbook => PLAYBOOK_KEYS,
        Kind::CaseStudy => CASE_STUDY_KEYS,
        Kind::Webinar => WEBINAR_KEYS,
        Kind::Page => &[],
    };
    COMMON_KEYS.iter().chain(own).copied().collect()
}

/// Keys a document already uses for something else cannot name a taxonomy (its terms would be
/// read from the same key), except those that are terms by nature: `tags`, `touch` and a
/// playbook's `audience`, which a taxonomy of that name reads as its terms.
pub fn taxonomy_clashes(config: &SiteConfig) -> Vec<Diagnostic> {
    const TERM_KEYS: &[&str] = &["tags", "touch", "audience"];
    let kinds = [
        Kind::Stage,
        Kind::Playbook,
        Kind::CaseStudy,
        Kind::Webinar,
        Kind::Page,
        Kind::Home,
    ];
    config
        .taxonomies
        .iter()
        .filter(|t| !TERM_KEYS.contains(&t.as_str()))
        .filter(|t| {
            kinds
                .iter()
                .any(|&k| accepted_keys(k).contains(&t.as_str()))
        })
        .map(|name| {
            let mut d = Diagnostic::error(
                "reserved-name",
                crate::config::CONFIG_FILE,
                t("reserved-name.taxonomy").arg("name", name),
            )
            .with_hint(t("reserved-name.taxonomy.hint"));
            d.line = config.taxonomies_line;
            d
        })
        .collect()
}

/// What a document's front matter holds, before links and stages are checked.
pub struct Parsed {
    pub slug: Option<Spanned<String>>,
    pub common: Common,
    pub meta: KindMeta,
}

/// The front matter of the document a translation translates, whose keys that are not
/// text it inherits (see `inherit.rs`).
pub struct Original<'a> {
    pub yaml: &'a str,
    pub origin: Origin<'a>,
}

pub fn parse(
    kind: Kind,
    file: &str,
    text: &str,
    split: &Split,
    config: &SiteConfig,
    original: Option<Original>,
) -> (Option<Parsed>, Vec<Diagnostic>) {
    let origin = Origin {
        file,
        text,
        first_line: split.yaml_line,
    };
    let mut fields = match yaml::parse_fields(split.yaml, origin) {
        Ok(f) => f,
        Err(d) => return (None, vec![d]),
    };
    // The original reports the problems of its own values; they are not repeated here.
    let inherited = original
        .and_then(|o| yaml::parse_fields(o.yaml, o.origin).ok())
        .map(|from| {
            let keys = inherited_keys(kind, config);
            fields.inherit(from, |k| keys.contains(&k))
        })
        .unwrap_or_default();
    let mut r = FieldReader::new(fields, origin, split.yaml_line - 1);
    let (slug, common) = read_common(&mut r, kind, config);
    let meta = match kind {
        Kind::Stage => KindMeta::Stage(StageMeta {
            drip_weeks: drip::read_stage_drip(&mut r),
            ..read_stage(&mut r, split.yaml)
        }),
        // A playbook's page shows its owner; every kind has one for routing findings.
        Kind::Playbook => KindMeta::Playbook(read_playbook(&mut r, common.owner.clone())),
        Kind::CaseStudy => KindMeta::CaseStudy(read_case_study(&mut r)),
        Kind::Webinar => read_webinar(&mut r).map_or(KindMeta::Page, KindMeta::Webinar),
        Kind::Page => KindMeta::Page,
        Kind::Home => KindMeta::Home,
    };
    let mut common = common;
    read_taxonomies(&mut r, config, &mut common, &meta);

    let mut known = accepted_keys(kind);
    if !matches!(kind, Kind::Stage | Kind::Home) {
        known.extend(config.taxonomies.iter().map(String::as_str));
    }
    known.sort_unstable();
    known.dedup();
    let mut diagnostics = r.finish(&known);
    if !inherited.is_empty() {
        // Inherited values sit at line 0: what is wrong with them is the original's to say.
        diagnostics.retain(|d| d.line != 0);
    }
    // Kept even when some keys are wrong, so that links and stages in the same file are still
    // checked and reported in this run; a run with errors never renders anything.
    (Some(Parsed { slug, common, meta }), diagnostics)
}

fn read_common(
    r: &mut FieldReader,
    kind: Kind,
    config: &SiteConfig,
) -> (Option<Spanned<String>>, Common) {
    let mut c = Common {
        search: true,
        ..Common::default()
    };
    let title_expect = Expect {
        what: "the document's title",
        example: "title: 導入キックオフの進め方",
    };
    c.title = if kind == Kind::Home {
        r.optional("title", title_expect).unwrap_or_default()
    } else {
        r.required("title", title_expect).unwrap_or_default()
    };
    c.summary = r.optional(
        "summary",
        Expect {
            what: "one or two sentences of text",
            example: "summary: 最初の30日で成果を出すための進め方です。",
        },
    );
    c.extra = r
        .raw("extra")
        .and_then(|(v, _)| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Object(Default::default()));
    c.date = read_date(r, "date", config);
    c.updated = read_date(r, "updated", config);
    c.draft = r
        .optional(
            "draft",
            Expect {
                what: "true or false",
                example: "draft: true",
            },
        )
        .unwrap_or(false);
    if kind == Kind::Home {
        return (None, c);
    }
    c.owner = r.optional(
        "owner",
        Expect {
            what: "the name of the person or team who keeps this document up to date",
            example: "owner: カスタマーサクセス部",
        },
    );
    c.cta = cta::read_cta(r, &config.cta);
    if kind == Kind::Stage {
        return (None, c);
    }
    let slug = read_placement(r, kind, &mut c);
    c.touch = read_touch(r, kind, config);
    (slug, c)
}

/// The keys only a listed document has (not a stage or the home page): its stages, its
/// address and old addresses, its related documents, and how lists and search show it.
fn read_placement(r: &mut FieldReader, kind: Kind, c: &mut Common) -> Option<Spanned<String>> {
    let stage_expect = Expect {
        what: "a stage id (the name of a file in content/stages/) or a list of them",
        example: "stage: onboarding",
    };
    c.stage_line = r.line_of("stage");
    let stages: Option<StringOrList> = if kind == Kind::Page {
        r.optional("stage", stage_expect)
    } else {
        r.required("stage", stage_expect)
    };
    c.stages = stages.map(StringOrList::into_vec).unwrap_or_default();

    let slug = r
        .optional::<String>(
            "slug",
            Expect {
                what: "the last part of the page address",
                example: "slug: kickoff",
            },
        )
        .map(|value| Spanned {
            value,
            line: r.line_of("slug"),
        });
    let aliases: Vec<String> = r
        .optional(
            "aliases",
            Expect {
                what: "a list of old addresses",
                example: "aliases: [/old/kickoff/]",
            },
        )
        .unwrap_or_default();
    let aliases_line = r.line_of("aliases");
    let text = r.origin().text;
    c.aliases = aliases
        .into_iter()
        .map(|value| Spanned {
            line: yaml::item_line(text, aliases_line, &value),
            value,
        })
        .collect();
    c.related = read_spanned_list(
        r,
        "related",
        Expect {
            what: "a list of content paths",
            example: "related: [playbooks/kickoff.md]",
        },
    );
    c.weight = r.optional(
        "weight",
        Expect {
            what: "a whole number (smaller comes first)",
            example: "weight: 10",
        },
    );
    c.featured = r
        .optional(
            "featured",
            Expect {
                what: "true or false",
                example: "featured: true",
            },
        )
        .unwrap_or(false);
    c.search = r
        .optional(
            "search",
            Expect {
                what: "true or false",
                example: "search: false",
            },
        )
        .unwrap_or(true);
    (c.drip, c.drip_line) = drip::read_document_drip(r);
    c.download = download::read_download(r);
    slug
}

/// The touch models a document names, one or a list; without `touch:` (or with an empty
/// `touch:`), its kind's default from site-config. `touch: []` names none, whatever the
/// default.
fn read_touch(r: &mut FieldReader, kind: Kind, config: &SiteConfig) -> Vec<Touch> {
    match r.raw("touch").filter(|(v, _)| !v.is_null()) {
        Some((value, line)) => read_models(r, &value, line, "touch", t("touch.document.hint")),
        None => config.touch.default_for(kind.folder()).to_vec(),
    }
}

/// A list of strings, each kept with the line of its key.
fn read_spanned_list(r: &mut FieldReader, key: &str, expect: Expect) -> Vec<Spanned<String>> {
    let values: Vec<String> = r.optional(key, expect).unwrap_or_default();
    let line = r.line_of(key);
    values
        .into_iter()
        .map(|value| Spanned { value, line })
        .collect()
}

fn read_taxonomies(r: &mut FieldReader, config: &SiteConfig, c: &mut Common, meta: &KindMeta) {
    for taxonomy in &config.taxonomies {
        let terms = match (taxonomy.as_str(), meta) {
            // `touch` and a playbook's `audience` are read first; as taxonomies they reuse them
            // (a document's touch models include its kind's default).
            ("touch", _) => Some(c.touch.iter().map(|t| t.name().to_string()).collect()),
            ("audience", KindMeta::Playbook(p)) => Some(p.audience.clone()),
            _ => match r.raw(taxonomy) {
                None | Some((Value::Null, _)) => None,
                Some((v, line)) => match yaml::from_value::<StringOrList>(v.clone()) {
                    Ok(s) => Some(s.into_vec()),
                    Err(_) => {
                        r.invalid(
                            line,
                            t("invalid-value.terms")
                                .arg("taxonomy", taxonomy)
                                .text("found", yaml::describe_text(&v)),
                            t("invalid-value.type.hint")
                                .arg("example", format!("{taxonomy}: [製造業, 小売]")),
                        );
                        None
                    }
                },
            },
        };
        let terms: Vec<String> = terms
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(allowed) = config.taxonomy_terms.get(taxonomy) {
            check_allowed_terms(r, taxonomy, &terms, allowed);
        }
        if !terms.is_empty() {
            c.terms.insert(taxonomy.clone(), terms);
        }
    }
}

/// A curated taxonomy (`taxonomy_terms:` in site-config) takes only its listed terms: any
/// other is an error where it is written, with the term it most likely meant.
fn check_allowed_terms(r: &mut FieldReader, taxonomy: &str, terms: &[String], allowed: &[String]) {
    use unicode_normalization::UnicodeNormalization;
    let nfc = |t: &str| t.nfc().collect::<String>();
    let allowed_nfc: Vec<String> = allowed.iter().map(|t| nfc(t)).collect();
    let origin = r.origin();
    let key_line = r.line_of(taxonomy);
    for term in terms {
        if allowed_nfc.contains(&nfc(term)) {
            continue;
        }
        let listed = allowed.join(", ");
        let hint =
            match crate::util::suggest::closest_term(term, allowed.iter().map(String::as_str)) {
                Some(meant) => t("unknown-term.did-you-mean").arg("meant", meant),
                None => t("unknown-term.hint"),
            }
            .arg("taxonomy", taxonomy)
            .arg("listed", &listed)
            .arg("term", term);
        let (line, column) = term_position(origin.text, key_line, term);
        r.diagnostics.push(
            Diagnostic::error(
                "unknown-term",
                origin.file,
                t("unknown-term")
                    .arg("term", term)
                    .arg("taxonomy", taxonomy),
            )
            .at(origin.text, line, column)
            .with_hint(hint),
        );
    }
}

/// Where a term of a taxonomy is written: its line (its own in a block list, the key's in
/// `[a, b]`) and its column, where it stands as a whole item rather than inside a longer one
/// (`製造` in `[製造業, 製造]`).
pub(crate) fn term_position(text: &str, key_line: usize, term: &str) -> (usize, usize) {
    let delimiter = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | ']' | ',' | ':' | '-' | '"' | '\''))
    };
    let whole_item = |written: &str| {
        written.match_indices(term).map(|(at, _)| at).find(|&at| {
            delimiter(written[..at].chars().next_back())
                && delimiter(written[at + term.len()..].chars().next())
        })
    };
    let found = text
        .lines()
        .enumerate()
        .skip(key_line.saturating_sub(1))
        .take_while(|(i, l)| *i + 1 == key_line || l.starts_with([' ', '\t', '-']))
        .find_map(|(i, l)| whole_item(l).map(|at| (i + 1, l[..at].chars().count() + 1)));
    found.unwrap_or_else(|| (yaml::item_line(text, key_line, term), 1))
}
