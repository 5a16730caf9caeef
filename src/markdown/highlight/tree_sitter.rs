//! Tree-sitter grammars for the languages most code samples on a customer hub are written in:
//! API calls in Python, JavaScript, TypeScript and the shell, configuration in JSON and YAML,
//! reporting in SQL. Tree-sitter parses these three to four times faster than syntect's regex
//! grammars (docs/benchmarks.md, fifteenth pass), and syntect has no grammar for TypeScript,
//! TSX or JSX at all; every other language stays with syntect.
//!
//! Colours come from the same two syntect themes either way: each tree-sitter capture
//! (`keyword`, `string`, `function`, ...) is given the TextMate scope a syntect grammar
//! would give such a token, and the theme styles that scope. syntax.css is unchanged.

use std::cell::RefCell;
use std::sync::OnceLock;
use syntect::parsing::Scope;
use tree_sitter::{Language, Parser, Query, QueryCursor, StreamingIterator};

/// A language highlighted with tree-sitter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Grammar {
    Python,
    JavaScript,
    TypeScript,
    /// TypeScript or JavaScript with JSX elements.
    Tsx,
    Bash,
    Json,
    Yaml,
    Sql,
}

const GRAMMARS: [Grammar; 8] = [
    Grammar::Python,
    Grammar::JavaScript,
    Grammar::TypeScript,
    Grammar::Tsx,
    Grammar::Bash,
    Grammar::Json,
    Grammar::Yaml,
    Grammar::Sql,
];

/// Captures the grammars' highlight queries use, with the scope their tokens get. A capture
/// not listed takes the nearest listed parent (`function.method` → `function`); `None`
/// keeps the default colour, as syntect's grammars leave plain names and punctuation.
const CAPTURE_SCOPES: &[(&str, Option<&str>)] = &[
    ("attribute", Some("entity.other.attribute-name")),
    ("boolean", Some("constant.language")),
    ("comment", Some("comment.line")),
    ("conditional", Some("keyword.control")),
    ("constant", Some("variable.other.constant")),
    ("constant.builtin", Some("constant.language")),
    ("constructor", Some("support.class")),
    ("embedded", None),
    ("escape", Some("constant.character.escape")),
    ("field", None),
    ("float", Some("constant.numeric")),
    ("function", Some("entity.name.function")),
    ("function.builtin", Some("support.function.builtin")),
    ("function.call", Some("support.function")),
    ("keyword", Some("keyword.control")),
    ("keyword.operator", Some("keyword.operator")),
    ("label", Some("entity.name.label")),
    ("number", Some("constant.numeric")),
    ("operator", Some("keyword.operator")),
    ("parameter", Some("variable.parameter")),
    ("property", None),
    ("punctuation", None),
    ("storageclass", Some("storage.modifier")),
    ("string", Some("string.quoted")),
    ("string.special", Some("string.regexp")),
    ("string.special.key", Some("support.type.property-name")),
    ("tag", Some("entity.name.tag")),
    ("type", Some("support.class")),
    ("type.builtin", Some("storage.type")),
    ("type.qualifier", Some("storage.modifier")),
    ("variable", None),
    ("variable.builtin", Some("variable.language")),
    ("variable.parameter", Some("variable.parameter")),
];

impl Grammar {
    /// The grammar for a code block's language, as written after the opening fence
    /// (`py`, `Python`, `shell`, `yml`, ...).
    pub fn for_language(lang: &str) -> Option<Grammar> {
        let lang = lang.to_ascii_lowercase();
        Some(match lang.as_str() {
            "python" | "py" | "python3" | "py3" => Grammar::Python,
            "javascript" | "js" | "mjs" | "cjs" | "node" => Grammar::JavaScript,
            "typescript" | "ts" | "mts" | "cts" => Grammar::TypeScript,
            "tsx" | "jsx" => Grammar::Tsx,
            "bash" | "sh" | "shell" | "zsh" | "shellscript" => Grammar::Bash,
            "json" | "jsonc" | "json5" => Grammar::Json,
            "yaml" | "yml" => Grammar::Yaml,
            "sql" => Grammar::Sql,
            _ => return None,
        })
    }

    /// The scope of the whole source, as syntect's grammar for the language names it.
    fn root_scope(self) -> &'static str {
        match self {
            Grammar::Python => "source.python",
            Grammar::JavaScript => "source.js",
            Grammar::TypeScript => "source.ts",
            Grammar::Tsx => "source.tsx",
            Grammar::Bash => "source.shell.bash",
            Grammar::Json => "source.json",
            Grammar::Yaml => "source.yaml",
            Grammar::Sql => "source.sql",
        }
    }

    /// The scope of a capture's tokens. Some differ by language, as its syntect grammar has
    /// them: a YAML key is a tag name, a shell command a function call, and SQL leaves table
    /// names plain. JSON keys are coloured as YAML keys, so configuration reads alike in both.
    fn scope_of(self, capture: &str) -> Option<&'static str> {
        match (self, capture) {
            (Grammar::Yaml, "property") | (Grammar::Json, "string.special.key") => {
                Some("entity.name.tag")
            }
            (Grammar::Yaml, "type") => Some("storage.type.tag-handle"),
            (Grammar::Bash, "function") => Some("variable.function"),
            (Grammar::Bash, "property") => Some("variable.other"),
            (Grammar::Sql, "type") => None,
            _ => CAPTURE_SCOPES
                .iter()
                .find(|(name, _)| *name == capture)
                .and_then(|(_, scope)| *scope),
        }
    }

    fn index(self) -> usize {
        GRAMMARS.iter().position(|g| *g == self).unwrap_or(0)
    }

    /// Compiles the grammar's highlight query now, if it is not yet.
    pub fn prepare(self) {
        self.loaded();
    }

    fn loaded(self) -> &'static Loaded {
        static LOADED: [OnceLock<Loaded>; GRAMMARS.len()] =
            [const { OnceLock::new() }; GRAMMARS.len()];
        LOADED[self.index()].get_or_init(|| Loaded::new(self))
    }
}

/// A grammar's compiled highlight query, and the class attribute of each capture.
struct Loaded {
    language: Language,
    query: Query,
    /// By the query's capture index: the class of its tokens (0, the empty class, for
    /// default colours), or none for a capture that colours nothing, not even as default.
    class_of_capture: Vec<Option<u32>>,
    /// Distinct class attributes, the empty one first.
    classes: Vec<Box<str>>,
}

impl Loaded {
    fn new(grammar: Grammar) -> Loaded {
        let (language, query) = query_source(grammar);
        let query = Query::new(&language, &query)
            .expect("the highlight queries shipped with the grammar crates compile");
        let names = listed_names();
        let (class_of_name, classes) = listed_classes(grammar);
        let class_of_capture = query
            .capture_names()
            .iter()
            .map(|capture| listed_capture(capture, &names).map(|i| class_of_name[i]))
            .collect();
        Loaded {
            language,
            query,
            class_of_capture,
            classes,
        }
    }
}

/// The captures of [`CAPTURE_SCOPES`], by name.
fn listed_names() -> Vec<&'static str> {
    CAPTURE_SCOPES.iter().map(|(name, _)| *name).collect()
}

/// The class of each listed capture in `grammar` (0 for default colours), and the distinct
/// class attributes, the empty one first.
fn listed_classes(grammar: Grammar) -> (Vec<u32>, Vec<Box<str>>) {
    let root = Scope::new(grammar.root_scope()).expect("a valid scope");
    let mut classes = super::ClassCache::default();
    let class_of_name = listed_names()
        .iter()
        .map(|capture| match grammar.scope_of(capture) {
            Some(scope) => classes.id(&[root, Scope::new(scope).expect("a valid scope")]),
            None => 0,
        })
        .collect();
    (class_of_name, classes.names)
}

/// The grammar's language and the source of its highlight query.
fn query_source(grammar: Grammar) -> (Language, String) {
    use tree_sitter_javascript::{HIGHLIGHT_QUERY as JS, JSX_HIGHLIGHT_QUERY as JSX};
    use tree_sitter_typescript::HIGHLIGHTS_QUERY as TS;
    // TypeScript's query only adds to JavaScript's, as tree-sitter's own configuration
    // for the grammar layers them.
    let (language, query): (tree_sitter::Language, String) = match grammar {
        Grammar::Python => (
            tree_sitter_python::LANGUAGE.into(),
            tree_sitter_python::HIGHLIGHTS_QUERY.into(),
        ),
        Grammar::JavaScript => (tree_sitter_javascript::LANGUAGE.into(), JS.into()),
        Grammar::TypeScript => (
            tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            format!("{JS}\n{TS}"),
        ),
        Grammar::Tsx => (
            tree_sitter_typescript::LANGUAGE_TSX.into(),
            format!("{JS}\n{JSX}\n{TS}"),
        ),
        Grammar::Bash => (
            tree_sitter_bash::LANGUAGE.into(),
            tree_sitter_bash::HIGHLIGHT_QUERY.into(),
        ),
        Grammar::Json => (
            tree_sitter_json::LANGUAGE.into(),
            tree_sitter_json::HIGHLIGHTS_QUERY.into(),
        ),
        Grammar::Yaml => (
            tree_sitter_yaml::LANGUAGE.into(),
            tree_sitter_yaml::HIGHLIGHTS_QUERY.into(),
        ),
        Grammar::Sql => (
            tree_sitter_sequel::LANGUAGE.into(),
            tree_sitter_sequel::HIGHLIGHTS_QUERY.into(),
        ),
    };
    // When several patterns capture one node, the last one wins (as tree-sitter's
    // highlighters have it). The JSON and SQL queries were written for the first to win:
    // their key and comment patterns come before ones that would hide them, so they are
    // repeated at the end.
    let winning_patterns = match grammar {
        Grammar::Json => "\n(pair key: (_) @string.special.key)\n",
        Grammar::Sql => "\n(comment) @comment\n",
        _ => "",
    };
    (language, format!("{query}{winning_patterns}"))
}

/// The listed capture a query's capture takes: the one with the most dot-separated parts,
/// all of which the query's capture has (`function.method.builtin` takes
/// `function.builtin`), as tree-sitter's highlighters choose.
fn listed_capture(capture: &str, listed: &[&str]) -> Option<usize> {
    let parts: Vec<&str> = capture.split('.').collect();
    let mut best = None;
    let mut best_parts = 0;
    for (i, name) in listed.iter().enumerate() {
        let count = name.split('.').count();
        if count > best_parts && name.split('.').all(|part| parts.contains(&part)) {
            best = Some(i);
            best_parts = count;
        }
    }
    best
}

/// Appends `code` highlighted with `grammar`: one flat span per run of text that looks the
/// same, as syntect's blocks are written. False when tree-sitter gives up (it only does on a
/// range that is not text), with `out` possibly half-written.
///
/// The captures are read straight from tree-sitter's query cursor, as
/// tree-sitter-highlight reads them when there are no injections and no local variables:
/// that crate compiles a second, empty query for injections, and a query's analysis of the
/// grammar's parse table took as long empty as full (a third of a 1,000-document build's
/// highlighting).
pub fn push_highlighted(out: &mut String, code: &str, grammar: Grammar) -> bool {
    thread_local! {
        static TOOLS: RefCell<(Parser, QueryCursor)> =
            RefCell::new((Parser::new(), QueryCursor::new()));
    }
    let loaded = grammar.loaded();
    TOOLS.with_borrow_mut(|(parser, cursor)| {
        if parser.set_language(&loaded.language).is_err() {
            return false;
        }
        let Some(tree) = parser.parse(code, None) else {
            return false;
        };
        let mut captures = cursor.captures(&loaded.query, tree.root_node(), code.as_bytes());
        let mut next = || {
            captures.next().map(|(m, i)| {
                let capture = m.captures()[*i];
                (capture.node.id(), capture.node.byte_range(), capture.index)
            })
        };
        let mut spans = super::FlatSpans::default();
        // Captures nest (a name inside an f-string); the innermost one colours the text.
        let mut nested: Vec<(u32, usize)> = vec![];
        let mut written = 0;
        let mut write_to = |end: usize, nested: &[(u32, usize)]| {
            if written < end {
                let Some(text) = code.get(written..end) else {
                    return false;
                };
                let class = nested.last().map_or(0, |(class, _)| *class);
                spans.push(out, text, class, &loaded.classes);
                written = end;
            }
            true
        };
        let mut peeked = next();
        while let Some((mut node, range, mut index)) = peeked.clone() {
            if let Some(&(_, end)) = nested.last()
                && end <= range.start
            {
                if !write_to(end, &nested) {
                    return false;
                }
                nested.pop();
                continue;
            }
            // When several patterns capture one node, the last one colours it.
            peeked = next();
            while let Some((next_node, _, next_index)) = peeked.clone()
                && next_node == node
            {
                (node, index) = (next_node, next_index);
                peeked = next();
            }
            if let Some(class) = loaded.class_of_capture[index as usize] {
                if !write_to(range.start, &nested) {
                    return false;
                }
                nested.push((class, range.end));
            }
        }
        while let Some((_, end)) = nested.last().copied() {
            if !write_to(end, &nested) {
                return false;
            }
            nested.pop();
        }
        if !write_to(code.len(), &nested) {
            return false;
        }
        spans.close(out);
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_names_find_their_grammar_whatever_the_case() {
        assert_eq!(Grammar::for_language("Python"), Some(Grammar::Python));
        assert_eq!(Grammar::for_language("yml"), Some(Grammar::Yaml));
        assert_eq!(Grammar::for_language("shell"), Some(Grammar::Bash));
        assert_eq!(Grammar::for_language("TSX"), Some(Grammar::Tsx));
        assert_eq!(Grammar::for_language("rust"), None);
    }

    /// Every grammar loads, and its keywords, strings and comments are coloured.
    #[test]
    fn every_grammar_colours_keywords_strings_and_comments() {
        for grammar in GRAMMARS {
            let loaded = grammar.loaded();
            let names = loaded.query.capture_names();
            let mut coloured = 0;
            for capture in ["comment", "string", "keyword", "number"] {
                let Some(i) = names.iter().position(|n| *n == capture) else {
                    continue;
                };
                assert!(
                    loaded.class_of_capture[i].is_some_and(|class| class != 0),
                    "{grammar:?}: {capture} has a colour"
                );
                coloured += 1;
            }
            assert!(coloured >= 2, "{grammar:?}: {names:?}");
        }
    }

    /// One sample per grammar with text HTML must escape, Japanese, and a token of each
    /// common kind.
    const SAMPLES: [(&str, &str); 8] = [
        (
            "python",
            "# 週次 <集計>\ndef f(team_id):\n    return f\"a&b {team_id}\" if team_id > 3 else None\n",
        ),
        (
            "js",
            "// 計算 <例>\nexport function f(a) { return a.x > 3 ? `t ${a.y}` : 'b&c'; }\n",
        ),
        (
            "sh",
            "# 招待\ncurl -sf -H \"Authorization: Bearer $TOKEN\" https://x.test/?a=1&b=2 > out.json\n",
        ),
        ("json", "{\"名前\": \"a<b\", \"n\": 3, \"ok\": true}\n"),
        (
            "yaml",
            "# 承認 <flow>\nworkflow:\n  name: 'a&b'\n  steps: [1, 2]\n",
        ),
        (
            "sql",
            "-- 部署別 <集計>\nSELECT team, COUNT(*) FROM t WHERE x <> 'a&b';\n",
        ),
        (
            "ts",
            "// 型 <例>\ninterface Account { id: string }\nconst n: number = 3 > 2 ? 1 : 0; let s = 'a&b';\n",
        ),
        (
            "jsx",
            "// 部品 <例>\nexport const Card = ({ title }) => <div className=\"card\">{title} &amp; 'x'</div>;\n",
        ),
    ];

    /// The text of a highlighted block, and the class of each span with its text.
    fn parse(html: &str) -> (String, Vec<(String, String)>) {
        let fragment = scraper::Html::parse_fragment(html);
        let code = fragment
            .select(&scraper::Selector::parse("pre > code").unwrap())
            .next()
            .expect("a code element");
        let spans = code
            .select(&scraper::Selector::parse("span").unwrap())
            .map(|s| {
                let class = s.value().attr("class").unwrap_or("").to_string();
                (class, s.text().collect())
            })
            .collect();
        (code.text().collect(), spans)
    }

    /// The class syntect's themes give a token with this scope in this language.
    fn class_of(grammar: Grammar, scope: &str) -> String {
        let stack = [
            Scope::new(grammar.root_scope()).unwrap(),
            Scope::new(scope).unwrap(),
        ];
        crate::markdown::highlight::token_class(&stack).into()
    }

    #[test]
    fn every_grammar_keeps_the_text_and_writes_flat_spans() {
        for (lang, code) in SAMPLES {
            let grammar = Grammar::for_language(lang).unwrap();
            let html = crate::markdown::highlight::highlight(code, lang);
            let (text, spans) = parse(&html);
            assert_eq!(
                text, code,
                "{lang}: every character once, unescaped by the parser"
            );
            assert!(!spans.is_empty(), "{lang}: {html}");
            let nested = scraper::Html::parse_fragment(&html)
                .select(&scraper::Selector::parse("span span").unwrap())
                .count();
            assert_eq!(nested, 0, "{lang}: spans never nest: {html}");
            let comment = class_of(grammar, "comment.line");
            let string = class_of(grammar, "string.quoted");
            if lang != "json" {
                assert!(
                    spans
                        .iter()
                        .any(|(c, t)| *c == comment && t.starts_with(['#', '/', '-'])),
                    "{lang}: the comment is coloured as syntect colours comments: {spans:?}"
                );
            }
            assert!(
                spans.iter().any(|(c, _)| *c == string),
                "{lang}: a string is coloured as syntect colours strings: {spans:?}"
            );
        }
    }

    /// Code with the tokens where readings of a query's captures could part: nested
    /// captures, several patterns on one node, patterns with several captures (f-string and
    /// template braces), predicates (`#match?`), and text that is not ASCII.
    const TRICKY: [(&str, &str); 10] = [
        (
            "python",
            "@dataclass\nclass Team(Base):\n    \"\"\"チーム\"\"\"\n    def __init__(self, n: int = 3):\n        self.n = f\"{n!r:>{w}} {{x}} {self.f(1)}\"\n        print(len([x for x in range(n) if x % 2]), True, None)\n",
        ),
        (
            "js",
            "const re = /a+b/g; class A extends B { #p = 1; get x() { return this.#p; } }\nconst t = `a ${`b ${c}`} d`; console.log(JSON.parse('{}'), undefined, NaN);\nasync () => { await fetch(url, { method: 'POST' }); };\n",
        ),
        (
            "ts",
            "enum E { A = 1 }\n@Component({ s: 'x' })\nexport class C<T extends object> implements I { private readonly m: Map<string, T[]> = new Map(); }\ntype U = keyof typeof o | null;\n",
        ),
        (
            "tsx",
            "function F<T>(p: { items: T[] }) { return <ul>{p.items.map((i) => <li key={String(i)} data-x=\"y\">{`${i}`}</li>)}</ul>; }\n",
        ),
        (
            "bash",
            "#!/usr/bin/env bash\nset -euo pipefail\nfor f in \"${FILES[@]}\"; do echo \"$(basename \"$f\")\" | tr a-z A-Z >> out.txt; done\ncat <<'EOF'\n本文 $HOME\nEOF\nexport A=1 B=\"x ${A:-2}\"\n",
        ),
        (
            "json",
            "{\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\\\"d\": \"\\u3042\"}}\n",
        ),
        (
            "yaml",
            "%YAML 1.2\n---\nbase: &base\n  retries: 3\nprod:\n  <<: *base\n  note: |\n    複数行\n    の文\n  list: [a, \"b\", 'c', 1.5, ~]\n...\n",
        ),
        (
            "sql",
            "/* 月次 */ WITH t AS (SELECT id, CAST(x AS INT) AS n FROM a WHERE d >= $1)\nSELECT n, ROW_NUMBER() OVER (PARTITION BY id ORDER BY n DESC) AS r -- 順位\nFROM t LEFT JOIN b ON b.id = t.id WHERE n BETWEEN 1 AND 10 AND s LIKE 'a%';\n",
        ),
        (
            "sql",
            "INSERT INTO accounts (id, name) VALUES (1, 'Acme'), (2, NULL) ON CONFLICT DO NOTHING;\nCREATE INDEX i ON accounts USING btree (name);\n",
        ),
        ("python", ""),
    ];

    /// What tree-sitter-highlight makes of the code, written as `push_highlighted` writes.
    fn by_tree_sitter_highlight(code: &str, grammar: Grammar) -> String {
        use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};
        let (language, query) = query_source(grammar);
        let mut config = HighlightConfiguration::new(language, "code", &query, "", "").unwrap();
        config.configure(&listed_names());
        let (class_of_name, classes) = listed_classes(grammar);
        let mut highlighter = Highlighter::new();
        let events = highlighter
            .highlight(&config, code.as_bytes(), None, None, |_| None)
            .unwrap();
        let (mut out, mut nested) = (String::new(), vec![]);
        let mut spans = crate::markdown::highlight::FlatSpans::default();
        for event in events {
            match event.unwrap() {
                HighlightEvent::HighlightStart(h) => nested.push(class_of_name[h.0]),
                HighlightEvent::HighlightEnd => {
                    nested.pop();
                }
                HighlightEvent::Source { start, end } => {
                    let class = nested.last().copied().unwrap_or(0);
                    spans.push(&mut out, &code[start..end], class, &classes);
                }
            }
        }
        spans.close(&mut out);
        out
    }

    #[test]
    fn captures_are_read_as_tree_sitter_highlight_reads_them() {
        for (lang, code) in SAMPLES.iter().chain(TRICKY.iter()) {
            let grammar = Grammar::for_language(lang).unwrap();
            let mut ours = String::new();
            assert!(push_highlighted(&mut ours, code, grammar), "{lang}");
            assert_eq!(
                ours,
                by_tree_sitter_highlight(code, grammar),
                "{lang}: {code}"
            );
            assert!(
                ours.matches("<span").count() > 2 || code.is_empty(),
                "{lang}: {ours}"
            );
        }
    }

    #[test]
    fn tokens_are_coloured_by_kind() {
        let html = crate::markdown::highlight::highlight(SAMPLES[0].1, "python");
        let (_, spans) = parse(&html);
        let class = |text: &str| {
            spans
                .iter()
                .find(|(_, t)| t == text)
                .map(|(c, _)| c.clone())
                .unwrap_or_default()
        };
        let python = Grammar::Python;
        assert_eq!(class("def"), class_of(python, "keyword.control"));
        assert_eq!(class("f"), class_of(python, "entity.name.function"));
        assert_eq!(class("3"), class_of(python, "constant.numeric"));
        assert_eq!(class("None"), class_of(python, "constant.language"));
        // Inside an f-string's braces is code, not string.
        assert!(
            spans.iter().all(|(_, t)| !t.contains("team_id}")),
            "{spans:?}"
        );
        let yaml = parse(&crate::markdown::highlight::highlight(SAMPLES[4].1, "yaml")).1;
        assert!(
            yaml.iter()
                .any(|(c, t)| t == "workflow" && *c == class_of(Grammar::Yaml, "entity.name.tag")),
            "a YAML key is coloured as a tag: {yaml:?}"
        );
        let json = parse(&crate::markdown::highlight::highlight(SAMPLES[3].1, "json")).1;
        assert!(
            json.iter()
                .any(|(c, t)| t == "\"名前\"" && *c == class_of(Grammar::Json, "entity.name.tag")),
            "a JSON key is coloured as a YAML key: {json:?}"
        );
        let ts = parse(&crate::markdown::highlight::highlight(SAMPLES[6].1, "ts")).1;
        let ts_class = |text: &str| ts.iter().find(|(_, t)| t == text).map(|(c, _)| c.clone());
        let typescript = Grammar::TypeScript;
        assert_eq!(
            ts_class("interface"),
            Some(class_of(typescript, "keyword.control")),
            "{ts:?}"
        );
        assert_eq!(
            ts_class("number"),
            Some(class_of(typescript, "storage.type")),
            "a built-in type is coloured as syntect colours `int` in C: {ts:?}"
        );
        assert_eq!(
            ts_class("Account"),
            Some(class_of(typescript, "support.class")),
            "a declared type is coloured as a class: {ts:?}"
        );
        let jsx = parse(&crate::markdown::highlight::highlight(SAMPLES[7].1, "jsx")).1;
        assert!(
            jsx.iter()
                .any(|(c, t)| t == "div" && *c == class_of(Grammar::Tsx, "entity.name.tag")),
            "a JSX element is coloured as a tag: {jsx:?}"
        );
    }
}
