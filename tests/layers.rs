//! The library's rooms follow the pipeline: each stage imports only the stages before it (and
//! the shared utilities), so there is no loop of imports between stages, and no two files
//! import each other. docs/architecture.md draws the same order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules from the bottom up. A module may import from the rows
/// below its own; modules in one row may not import each other.
const LAYERS: &[&[&str]] = &[
    &["util"],
    &["config"],
    &["content", "markdown"],
    &["link"],
    // Drip sequences are computed from the linked site; render, check, report and the
    // command line read them.
    &["drip", "theme"],
    &["render"],
    &["search"],
    &["output"],
    &["pipeline"],
    &["init", "check"],
    // The report counts stale content with check's limits and owners, so it agrees with it.
    &["report", "serve"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every library source file below `src/`, but the crate roots (lib.rs declares the modules
/// and names the library's face; main.rs is the command-line front end) and the binary's
/// process settings (tuning.rs, which the library never sees).
fn library_files() -> Vec<PathBuf> {
    let mut files = vec![];
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let root = ["lib.rs", "main.rs", "tuning.rs"]
                .iter()
                .any(|name| path == src().join(name));
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !root {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The code of a file without its unit tests, which may use anything.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("\n#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The module path of a file: `src/render/pages/home.rs` → `["render", "pages", "home"]`.
fn module_of(path: &Path) -> Vec<String> {
    let relative = path.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_str().unwrap().to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every path a file names through `crate::` or `super::`, resolved to a module path: in
/// `use` lines (braced groups included) and inline.
fn paths_named(code: &str, module: &[String], is_mod_file: bool) -> Vec<Vec<String>> {
    let mut found = vec![];
    let bytes = code.as_bytes();
    for start in [("crate::", true), ("super::", false)] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start.0) {
            let at = from + at;
            from = at + start.0.len();
            // `crate::` inside a longer name (`mycrate::`) is not the crate.
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let mut base: Vec<String> = if start.1 {
                vec![]
            } else {
                // `super` of a folder's mod.rs is the folder's parent; of a file, its folder.
                let mut m = module.to_vec();
                m.pop();
                if is_mod_file {
                    // mod.rs's module is the folder itself, so `super` is one more up.
                    m = module[..module.len().saturating_sub(1)].to_vec();
                }
                m
            };
            // Further `super::` steps.
            let mut rest = &code[from..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            let tail: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{')
                .collect();
            let tail = tail.trim_end_matches('{').trim_end_matches(':');
            let segments: Vec<String> = tail
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if rest[tail.len()..].starts_with("::{") || rest[tail.len()..].starts_with('{') {
                // A braced group: each item names a path below `tail`.
                let open = from
                    + (rest.len() - rest[tail.len()..].len())
                    + rest[tail.len()..].find('{').unwrap();
                let close = open + code[open..].find('}').unwrap();
                for item in code[open + 1..close].split(',') {
                    let item = item.trim().split(" as ").next().unwrap().trim();
                    let mut p = base.clone();
                    p.extend(segments.iter().cloned());
                    p.extend(
                        item.split("::")
                            .filter(|s| !s.is_empty() && *s != "self" && *s != "*")
                            .map(str::to_string),
                    );
                    found.push(p);
                }
            } else {
                let mut p = base.clone();
                p.extend(segments);
                found.push(p);
            }
        }
    }
    found
}

/// The longest prefix of `path` that is a file of the library.
fn file_of(path: &[String], files: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| files.contains_key(p))
}

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|row| row.contains(&module))
        .unwrap_or_else(|| panic!("src/{module} is in no layer of tests/layers.rs: add it where it belongs in the pipeline"))
}

/// Each file's imports, as the files they name.
fn imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files: BTreeMap<Vec<String>, PathBuf> = library_files()
        .into_iter()
        .map(|p| (module_of(&p), p))
        .collect();
    files
        .iter()
        .map(|(module, path)| {
            let is_mod = path.file_name().is_some_and(|n| n == "mod.rs");
            let named = paths_named(&code_of(path), module, is_mod)
                .into_iter()
                .filter_map(|p| file_of(&p, &files))
                .filter(|f| f != module)
                .collect();
            (module.clone(), named)
        })
        .collect()
}

#[test]
fn each_stage_imports_only_the_stages_before_it() {
    let mut wrong = vec![];
    for (from, named) in imports() {
        for to in named {
            let (a, b) = (&from[0], &to[0]);
            if a != b && layer_of(b) >= layer_of(a) {
                wrong.push(format!(
                    "src/{} imports src/{}",
                    from.join("/"),
                    to.join("/")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "these imports run against the pipeline (see LAYERS):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other_in_a_circle() {
    // A folder's mod.rs and the files below it are one room: the parent names its children
    // to declare and re-export them, and a child may read the parent's shared types.
    let imports = imports();
    let in_room = |a: &Vec<String>, b: &Vec<String>| b.starts_with(a) || a.starts_with(b);
    let edges: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = imports
        .iter()
        .map(|(from, to)| (from, to.iter().filter(|t| !in_room(from, t)).collect()))
        .collect();
    // Depth-first search for a path that comes back to where it started.
    fn visit<'a>(
        node: &'a Vec<String>,
        edges: &BTreeMap<&'a Vec<String>, Vec<&'a Vec<String>>>,
        path: &mut Vec<&'a Vec<String>>,
        done: &mut BTreeSet<&'a Vec<String>>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| *p == node) {
            return Some(
                path[at..]
                    .iter()
                    .map(|p| format!("src/{}", p.join("/")))
                    .collect(),
            );
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        let mut path = vec![];
        if let Some(circle) = visit(node, &edges, &mut path, &mut done) {
            panic!(
                "these files import each other in a circle: {}",
                circle.join(" → ")
            );
        }
    }
}

/// The check itself reads imports right: a known import of each kind is found.
#[test]
fn the_import_reader_finds_use_lines_groups_and_inline_paths() {
    let imports = imports();
    let of = |m: &str| imports[&m.split('/').map(str::to_string).collect::<Vec<_>>()].clone();
    let path = |m: &str| m.split('/').map(str::to_string).collect::<Vec<_>>();
    // `use crate::content::{Kind, Site};` in a braced group.
    assert!(
        of("link/stages").contains(&path("content")),
        "{:?}",
        of("link/stages")
    );
    // `use super::sort::...` from a file beside it.
    assert!(of("link/views").contains(&path("link/sort")));
    // An inline `crate::util::hash::quick(…)`.
    assert!(of("content/document").contains(&path("util/hash")));
}
