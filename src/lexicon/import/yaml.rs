//! The quanteda YAML reader: a mapping of category names to terms, lists of terms, or
//! nested categories, which become dotted ids and labels. The YAML is parsed into
//! `Node`s that keep their place, so that notes and errors can name a line.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use crate::error::Problem;

use super::{Builder, id_of};

/// How deep YAML may nest before the reader gives up.
const MAX_YAML_DEPTH: usize = 32;

/// A YAML value with the place it starts.
enum Node {
    /// A single value; `null` for `~`, `null` or nothing.
    Scalar {
        text: String,
        null: bool,
        at: Marker,
    },
    /// A sequence.
    List { items: Vec<Node>, at: Marker },
    /// A mapping, in input order.
    Map {
        entries: Vec<(Node, Node)>,
        at: Marker,
    },
    /// A `*name` alias.
    Alias { at: Marker },
}

impl Node {
    fn at(&self) -> Marker {
        match self {
            Node::Scalar { at, .. } | Node::List { at, .. } | Node::Map { at, .. } => *at,
            Node::Alias { at } => *at,
        }
    }

    fn line(&self) -> usize {
        self.at().line()
    }

    /// A problem placed at the start of the node.
    fn problem(&self, message: String) -> Problem {
        problem_at(self.at(), message)
    }

    /// What the node is, for messages.
    fn describe(&self) -> String {
        match self {
            Node::Scalar { null: true, .. } => "empty".into(),
            Node::Scalar { text, .. } => format!("the single value `{text}`"),
            Node::List { .. } => "a list".into(),
            Node::Map { .. } => "a mapping".into(),
            Node::Alias { .. } => "an alias".into(),
        }
    }
}

/// A problem at `at`, whose column counts from 0.
fn problem_at(at: Marker, message: impl Into<String>) -> Problem {
    Problem::at(at.line(), at.col() + 1, message)
}

/// Reads a quanteda YAML dictionary: a mapping of categories to terms or subcategories.
pub(super) fn read(text: &str, builder: &mut Builder<'_>) -> Result<(), Problem> {
    let mut documents = parse(text)?.into_iter();
    let Some(root) = documents.next() else {
        return Err(Problem::at(
            1,
            1,
            "the file holds no YAML document; a quanteda dictionary maps category names to lists of terms",
        ));
    };
    if let Some(extra) = documents.next() {
        builder.note(
            extra.line(),
            "the file holds more than one YAML document; only the first is read".into(),
        );
    }
    match &root {
        Node::Map { entries, .. } => read_categories(builder, entries, None),
        other => Err(other.problem(format!(
            "a quanteda dictionary is a mapping of category names to terms; this document is {}",
            other.describe()
        ))),
    }
}

/// Every document in `text`, as nodes.
fn parse(text: &str) -> Result<Vec<Node>, Problem> {
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    loop {
        match next_event(&mut parser)? {
            (Event::StreamEnd, _) => return Ok(documents),
            (
                Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing,
                _,
            ) => {}
            (event, at) => documents.push(node(&mut parser, event, at, 0)?),
        }
    }
}

fn next_event(parser: &mut Parser<std::str::Chars<'_>>) -> Result<(Event, Marker), Problem> {
    parser.next_token().map_err(|err| scan_problem(&err))
}

fn scan_problem(err: &ScanError) -> Problem {
    problem_at(*err.marker(), format!("YAML syntax: {}", err.info()))
}

/// The node that `event` starts, reading the rest of it from `parser`.
fn node(
    parser: &mut Parser<std::str::Chars<'_>>,
    event: Event,
    at: Marker,
    depth: usize,
) -> Result<Node, Problem> {
    if depth > MAX_YAML_DEPTH {
        return Err(problem_at(
            at,
            format!("the YAML nests more than {MAX_YAML_DEPTH} levels deep"),
        ));
    }
    match event {
        Event::Scalar(text, style, _, _) => Ok(Node::Scalar {
            null: style == TScalarStyle::Plain
                && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"),
            text,
            at,
        }),
        Event::Alias(_) => Ok(Node::Alias { at }),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                match next_event(parser)? {
                    (Event::SequenceEnd, _) => return Ok(Node::List { items, at }),
                    (event, mark) => items.push(node(parser, event, mark, depth + 1)?),
                }
            }
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let key = match next_event(parser)? {
                    (Event::MappingEnd, _) => return Ok(Node::Map { entries, at }),
                    (event, mark) => node(parser, event, mark, depth + 1)?,
                };
                let (event, mark) = next_event(parser)?;
                entries.push((key, node(parser, event, mark, depth + 1)?));
            }
        }
        other => Err(problem_at(
            at,
            format!("unexpected YAML structure ({other:?})"),
        )),
    }
}

/// A category as a mapping key names it: dotted below its parent.
struct Named {
    id: String,
    label: String,
    /// The line of its key.
    line: usize,
}

impl Named {
    /// The category in `builder`, declared if it is new.
    fn open(&self, builder: &mut Builder<'_>) -> usize {
        builder.category(self.id.clone(), &self.label, self.line)
    }
}

/// Reads a mapping of category names, nested in `parent` if there is one.
fn read_categories(
    builder: &mut Builder<'_>,
    entries: &[(Node, Node)],
    parent: Option<&Named>,
) -> Result<(), Problem> {
    for (key, value) in entries {
        let name = match key {
            Node::Scalar {
                text, null: false, ..
            } if !text.trim().is_empty() => text.trim(),
            other => {
                return Err(other.problem(format!(
                    "a category name must be plain text; this one is {}",
                    other.describe()
                )));
            }
        };
        let (id, label) = match parent {
            Some(parent) => (
                format!("{}.{}", parent.id, id_of(name)),
                format!("{}.{name}", parent.label),
            ),
            None => (id_of(name), name.to_string()),
        };
        let line = key.line();
        read_category(builder, &Named { id, label, line }, value)?;
    }
    Ok(())
}

/// Reads one category's value: a term, a list of terms and subcategories, or a mapping of
/// subcategories. The category itself is declared with its first term.
fn read_category(builder: &mut Builder<'_>, named: &Named, value: &Node) -> Result<(), Problem> {
    match value {
        Node::Scalar { null: true, .. } => {
            named.open(builder);
        }
        Node::Scalar { text, at, .. } => {
            let index = named.open(builder);
            read_term(builder, index, text, at.line());
        }
        Node::Map { entries, .. } => read_categories(builder, entries, Some(named))?,
        Node::List { items, .. } => {
            if items.is_empty() {
                named.open(builder);
            }
            for item in items {
                read_item(builder, named, item)?;
            }
        }
        Node::Alias { at } => builder.note(
            at.line(),
            format!(
                "a YAML alias (`*name`) in category `{}` is not followed; skipped",
                named.label
            ),
        ),
    }
    Ok(())
}

/// Reads one item of a category's list: a term, subcategories or an alias as if it were
/// the category's whole value; an empty item or a list inside the list is noted instead.
fn read_item(builder: &mut Builder<'_>, named: &Named, item: &Node) -> Result<(), Problem> {
    let label = &named.label;
    match item {
        Node::Scalar { null: true, at, .. } => builder.note(
            at.line(),
            format!("an empty entry in category `{label}`; skipped"),
        ),
        Node::List { at, .. } => builder.note(
            at.line(),
            format!(
                "category `{label}` holds a list inside its list; quanteda lists terms or \
                 names subcategories, so it is skipped"
            ),
        ),
        other => return read_category(builder, named, other),
    }
    Ok(())
}

/// Adds one YAML term; quanteda's `?` (any one character) has no slant equivalent.
fn read_term(builder: &mut Builder<'_>, index: usize, text: &str, line: usize) {
    if text.contains('?') {
        let message = format!(
            "`{}` (category `{}`) uses `?`, quanteda's one-character wildcard, which slant \
             cannot express; skipped",
            text.trim(),
            builder.label(index)
        );
        builder.note(line, message);
    } else {
        builder.term(index, text, line);
    }
}

#[cfg(test)]
mod tests {
    use super::super::ImportFormat;
    use super::super::testing::{YAML, assert_import, assert_problems, one_problem};

    #[test]
    fn a_quanteda_dictionary_keeps_nesting_as_dotted_ids() {
        YAML.assert_lexicon(
            "Imported from quanteda YAML dictionary sample.yml",
            &[
                (
                    "economy.positive",
                    "economy.positive",
                    vec!["growth", "boom*"],
                ),
                (
                    "economy.negative",
                    "economy.negative",
                    vec!["recession", "crisis", "slump*"],
                ),
                ("politics", "politics", vec!["reform"]),
                (
                    "politics.scandal",
                    "politics.scandal",
                    vec!["cover-up", "leak*"],
                ),
                ("health-care", "Health Care", vec!["hospital waiting list"]),
            ],
        );
    }

    #[test]
    fn quanteda_entries_that_cannot_be_carried_over_are_noted_at_their_lines() {
        YAML.assert_notes(&[
            "sample.yml:9: `crisis` (category `politics`) is already in category `economy.negative` as `crisis` (line 6); slant lists a spelling in one concept only, so it stays there",
            "sample.yml:10: `*gate` (category `politics`) has a `*` that does not end the term, and slant's wildcards only stand for a word ending; skipped",
            "sample.yml:16: `nurse?` (category `Health Care`) uses `?`, quanteda's one-character wildcard, which slant cannot express; skipped",
            "sample.yml:17: `ab*` (category `Health Care`) is a wildcard with fewer than 3 letters before `*`, which would match almost every word; skipped",
            "sample.yml:18: `growth` (category `Health Care`) is already in category `economy.positive` as `growth` (line 4); slant lists a spelling in one concept only, so it stays there",
            "sample.yml:19: category `empty` has no term slant can use; it is left out",
        ]);
    }

    #[test]
    fn quanteda_single_values_aliases_and_extra_documents() {
        assert_import(
            "a: alpha\nb: &x [beta]\nc: *x\nd:\n  - [gamma]\n---\nz: [zeta]\n",
            ImportFormat::Yaml,
            "d.yml",
            &[("a", "a", vec!["alpha"]), ("b", "b", vec!["beta"])],
            &[
                "d.yml:3: a YAML alias (`*name`) in category `c` is not followed; skipped",
                "d.yml:5: category `d` holds a list inside its list; quanteda lists terms or names subcategories, so it is skipped",
                "d.yml:7: the file holds more than one YAML document; only the first is read",
            ],
        );
    }

    #[test]
    fn yaml_errors_are_placed_at_their_lines() {
        assert_problems(
            ImportFormat::Yaml,
            &[
                (
                    "# terms\n- growth\n- boom*\n",
                    (2, 1),
                    "this document is a list",
                ),
                ("just words\n", (1, 1), "the single value `just words`"),
                ("a: [x]\n[b]: [y]\n", (2, 1), "must be plain text"),
                ("# nothing\n", (1, 1), "no YAML document"),
            ],
        );
        // The scanner places syntax errors; only their line is pinned here.
        let (at, message) = one_problem("a:\n  - b\n   c: [\n", ImportFormat::Yaml);
        assert_eq!(at.0, 3);
        assert!(message.starts_with("YAML syntax: "), "{message}");
    }
}
