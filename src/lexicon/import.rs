//! Importing researchers' dictionaries as slant lexicons: LIWC `.dic` files, quanteda YAML
//! dictionaries and Lexicoder `.lc3` files, and writing the result as an editable TOML
//! lexicon.
//!
//! Each category becomes a concept of kind `label` and a lean of the same id, and every
//! term gets its category's lean. What slant cannot express (wildcards inside a word,
//! conditional entries, one spelling in several categories) is reported in notes with its
//! line, never dropped silently. This module reads text and returns values; it never
//! touches the file system.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use crate::error::{Error, Problem, Result, Warning};
use crate::lexicon::period::LeanSpec;
use crate::lexicon::validate::MIN_WILDCARD_STEM;
use crate::lexicon::{CaseMode, Concept, Kind, Lexicon, Term};
use crate::text::{Case, fold_term};

/// The dictionary formats slant can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// LIWC `.dic`: `%`, one `number<TAB>name` line per category, `%`, then one
    /// `word<TAB>number<TAB>number...` line per entry.
    Liwc,
    /// quanteda YAML: a mapping of category names to lists of terms, or to nested
    /// categories.
    Yaml,
    /// Lexicoder `.lc3`: a `+category` line, then that category's terms, one per line.
    Lexicoder,
}

impl ImportFormat {
    /// How titles name the format.
    fn name(self) -> &'static str {
        match self {
            ImportFormat::Liwc => "LIWC dictionary",
            ImportFormat::Yaml => "quanteda YAML dictionary",
            ImportFormat::Lexicoder => "Lexicoder dictionary",
        }
    }
}

/// A lexicon converted from another format, with what could not be carried over.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The converted lexicon; it passes validation.
    pub lexicon: Lexicon,
    /// One line per entry that was skipped or changed, in input order, each reading
    /// `origin:line: message`.
    pub notes: Vec<String>,
}

/// Converts dictionary `text` into a lexicon with id `id`; `origin` names the file in messages.
///
/// Input that cannot be read as `format` is an [`Error::Lexicon`] placed at its line and
/// column; entries that can be read but not carried over are [`Imported::notes`].
pub fn import(text: &str, format: ImportFormat, id: &str, origin: &str) -> Result<Imported> {
    if id.trim().is_empty() {
        return Err(Error::Usage(
            "an imported lexicon needs an id; give it a short name".into(),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder::new(origin);
    let read = match format {
        ImportFormat::Liwc => read_liwc(text, &mut builder),
        ImportFormat::Yaml => read_yaml(text, &mut builder),
        ImportFormat::Lexicoder => read_lexicoder(text, &mut builder),
    };
    read.map_err(|problem| Error::lexicon(origin, problem))?;
    builder.finish(format, id)
}

/// A concept id made from a category name: lower-case, runs of white space as `-`.
fn id_of(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}

/// The lines of `text`, numbered from 1.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
}

/// The 1-based column at which `part`, a piece of `line`, first occurs.
fn column(line: &str, part: &str) -> usize {
    let offset = line.find(part).unwrap_or(0);
    line[..offset].chars().count() + 1
}

/// Why slant cannot match `text` as a term, if it cannot.
fn unconvertible(text: &str) -> Option<String> {
    let stem = text.trim_end_matches('*');
    let letters = fold_term(stem, Case::Fold)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count();
    if stem.contains('*') || text.len() - stem.len() > 1 {
        Some("has a `*` that does not end the term, and slant's wildcards only stand for a word ending".into())
    } else if letters == 0 {
        Some("has no letter or digit slant can match".into())
    } else if text.ends_with('*') && letters < MIN_WILDCARD_STEM {
        Some(format!(
            "is a wildcard with fewer than {MIN_WILDCARD_STEM} letters before `*`, which would match almost every word"
        ))
    } else {
        None
    }
}

/// A category read so far.
struct Category {
    /// The concept and lean id.
    id: String,
    /// The name as written (dotted for nested YAML categories).
    label: String,
    /// Where the category is declared.
    line: usize,
    /// Its terms, in input order.
    terms: Vec<String>,
}

/// Where a spelling was first kept.
struct First {
    /// Index of the category that has it.
    category: usize,
    /// The term as written there.
    text: String,
    /// Where it was read.
    line: usize,
}

/// Collects categories and terms from any format, keeping each spelling once and noting
/// everything it leaves out.
struct Builder<'a> {
    origin: &'a str,
    categories: Vec<Category>,
    spellings: HashMap<String, First>,
    notes: Vec<(usize, String)>,
}

impl<'a> Builder<'a> {
    fn new(origin: &'a str) -> Self {
        Builder {
            origin,
            categories: Vec::new(),
            spellings: HashMap::new(),
            notes: Vec::new(),
        }
    }

    fn note(&mut self, line: usize, message: String) {
        self.notes.push((line, message));
    }

    /// The category named `label`, declared at `line` if it is new. A new category whose
    /// id another category already has gets a numbered id, with a note.
    fn category(&mut self, id: String, label: &str, line: usize) -> usize {
        if let Some(index) = self.categories.iter().position(|c| c.label == label) {
            return index;
        }
        let taken =
            |candidate: &str, categories: &[Category]| categories.iter().any(|c| c.id == candidate);
        let mut id = id;
        if let Some(other) = self.categories.iter().find(|c| c.id == id) {
            let other = other.label.clone();
            let unique = (2..)
                .map(|n| format!("{id}-{n}"))
                .find(|candidate| !taken(candidate, &self.categories))
                .expect("some numbered id is free");
            self.note(
                line,
                format!(
                    "category `{label}` would get the id `{id}` of category `{other}`; it becomes `{unique}`"
                ),
            );
            id = unique;
        }
        self.categories.push(Category {
            id,
            label: label.to_string(),
            line,
            terms: Vec::new(),
        });
        self.categories.len() - 1
    }

    /// Adds `text` to category `index` unless slant cannot match it or another entry
    /// already has its spelling, in which case a note says so. True when it was kept.
    fn term(&mut self, index: usize, text: &str, line: usize) -> bool {
        let text = text.trim();
        let label = self.categories[index].label.clone();
        if let Some(reason) = unconvertible(text) {
            self.note(
                line,
                format!("`{text}` (category `{label}`) {reason}; skipped"),
            );
            return false;
        }
        let key = fold_term(text.trim_end_matches('*'), Case::Fold);
        match self.spellings.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(First {
                    category: index,
                    text: text.to_string(),
                    line,
                });
                self.categories[index].terms.push(text.to_string());
                true
            }
            Entry::Occupied(slot) => {
                let first = slot.get();
                let message = if first.category == index {
                    format!(
                        "`{text}` is listed twice in category `{label}` (first as `{}` on line {}); kept once",
                        first.text, first.line
                    )
                } else {
                    format!(
                        "`{text}` (category `{label}`) is already in category `{}` as `{}` (line {}); \
                         slant lists a spelling in one concept only, so it stays there",
                        self.categories[first.category].label, first.text, first.line
                    )
                };
                self.note(line, message);
                false
            }
        }
    }

    /// The lexicon: one concept and one lean per category that kept a term.
    fn finish(mut self, format: ImportFormat, id: &str) -> Result<Imported> {
        let mut leans = BTreeMap::new();
        let mut concepts = Vec::new();
        for category in std::mem::take(&mut self.categories) {
            if category.terms.is_empty() {
                self.note(
                    category.line,
                    format!(
                        "category `{}` has no term slant can use; it is left out",
                        category.label
                    ),
                );
                continue;
            }
            leans.insert(
                category.id.clone(),
                format!("Terms of the imported category `{}`.", category.label),
            );
            concepts.push(concept_of(category));
        }
        if concepts.is_empty() {
            return Err(Error::lexicon(
                self.origin,
                Problem::new(format!(
                    "found no category with a term slant can use; is this a {}?",
                    format.name()
                )),
            ));
        }
        self.notes.sort_by_key(|(line, _)| *line);
        let notes = self
            .notes
            .into_iter()
            .map(|(line, message)| {
                Warning {
                    origin: self.origin.to_string(),
                    line: Some(line),
                    message,
                }
                .to_string()
            })
            .collect();
        let lexicon = Lexicon {
            id: id.trim().to_string(),
            title: format!("Imported from {} {}", format.name(), self.origin),
            description: None,
            topic: Vec::new(),
            leans,
            neutral: Vec::new(),
            default_period: None,
            extends: None,
            disable: Vec::new(),
            concepts,
        };
        Ok(Imported { lexicon, notes })
    }
}

/// The concept for a category: kind `label`, every term leaning to the category.
fn concept_of(category: Category) -> Concept {
    let terms = category
        .terms
        .into_iter()
        .map(|text| Term {
            text,
            lean: Some(LeanSpec::Fixed(category.id.clone())),
            also: Vec::new(),
            case: CaseMode::Insensitive,
            pattern: None,
            except: Vec::new(),
            severity: None,
            note: None,
            source: None,
        })
        .collect();
    Concept {
        id: category.id,
        kind: Some(Kind::Label),
        label: category.label,
        preferred: None,
        note: None,
        terms,
    }
}

/// Reads a LIWC `.dic`: `%`, numbered categories, `%`, then words with category numbers.
fn read_liwc(text: &str, builder: &mut Builder<'_>) -> Result<(), Problem> {
    let mut lines = numbered_lines(text).filter(|(_, line)| !line.trim().is_empty());
    let open = match lines.next() {
        None => {
            return Err(Problem::at(
                1,
                1,
                "the file is empty; a LIWC dictionary starts with a `%` line",
            ));
        }
        Some((number, line)) if line.trim() == "%" => number,
        Some((number, line)) => {
            return Err(Problem::at(
                number,
                column(line, line.trim()),
                "a LIWC dictionary starts with a `%` line, then one `number<TAB>name` line \
                 per category, then another `%`",
            ));
        }
    };
    let categories = read_liwc_categories(&mut lines, open, builder)?;
    for (number, line) in lines {
        read_liwc_word(number, line, &categories, builder);
    }
    Ok(())
}

/// Reads the category block up to its closing `%`: category number to category index.
fn read_liwc_categories<'t>(
    lines: &mut impl Iterator<Item = (usize, &'t str)>,
    open: usize,
    builder: &mut Builder<'_>,
) -> Result<HashMap<u32, usize>, Problem> {
    let mut categories = HashMap::new();
    for (number, line) in lines {
        let trimmed = line.trim();
        if trimmed == "%" {
            return Ok(categories);
        }
        let (code, name) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        let name = name.trim();
        let Ok(value) = code.parse::<u32>() else {
            return Err(Problem::at(
                number,
                column(line, code),
                format!(
                    "`{code}` is not a category number; each line between the `%` lines reads `number<TAB>name`"
                ),
            ));
        };
        if name.is_empty() {
            return Err(Problem::at(
                number,
                line.trim_end().chars().count() + 1,
                format!("category {code} has no name"),
            ));
        }
        if categories.contains_key(&value) {
            return Err(Problem::at(
                number,
                column(line, code),
                format!("category number {code} is declared twice"),
            ));
        }
        categories.insert(value, builder.category(id_of(name), name, number));
    }
    Err(Problem::at(
        open,
        1,
        "the category block this `%` opens is never closed by a second `%` line",
    ))
}

/// True for LIWC's conditional entries (`(02 134)125/464`) and `<...>` entries.
fn is_liwc_special(word: &str, codes: &str) -> bool {
    (word.contains('<') && word.contains('>')) || codes.contains(['(', ')', '<', '>', '/'])
}

/// Reads one `word<TAB>number...` line: the word goes to its first declared category.
fn read_liwc_word(
    number: usize,
    line: &str,
    categories: &HashMap<u32, usize>,
    builder: &mut Builder<'_>,
) {
    let (word, codes) = match line.split_once('\t') {
        Some((word, codes)) => (word.trim(), codes),
        None => line
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((line.trim(), "")),
    };
    if is_liwc_special(word, codes) {
        builder.note(
            number,
            format!(
                "`{}` is a LIWC conditional entry, which slant cannot express; skipped",
                line.trim()
            ),
        );
        return;
    }
    let mut found: Vec<usize> = Vec::new();
    for code in codes.split_whitespace() {
        match code.parse::<u32>().ok().and_then(|v| categories.get(&v)) {
            Some(&index) if !found.contains(&index) => found.push(index),
            Some(_) => {}
            None => builder.note(
                number,
                format!(
                    "`{word}` names category `{code}`, which the category block does not declare; ignored"
                ),
            ),
        }
    }
    let Some((&first, others)) = found.split_first() else {
        builder.note(
            number,
            format!("`{word}` names no declared category; skipped"),
        );
        return;
    };
    if builder.term(first, word, number) && !others.is_empty() {
        let labels = |indexes: &[usize]| {
            indexes
                .iter()
                .map(|&i| format!("`{}`", builder.categories[i].label))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let message = format!(
            "`{word}` is also in category {}; slant lists a spelling in one concept only, so it is kept in {} alone",
            labels(others),
            labels(&[first])
        );
        builder.note(number, message);
    }
}

/// Reads a Lexicoder `.lc3`: `+category` lines, each followed by its terms.
fn read_lexicoder(text: &str, builder: &mut Builder<'_>) -> Result<(), Problem> {
    let mut current = None;
    for (number, line) in numbered_lines(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('+') {
            let name = name.trim();
            if name.is_empty() {
                return Err(Problem::at(
                    number,
                    column(line, trimmed),
                    "a `+` line must name a category, as in `+negative`",
                ));
            }
            current = Some(builder.category(id_of(name), name, number));
        } else {
            let Some(index) = current else {
                return Err(Problem::at(
                    number,
                    column(line, trimmed),
                    format!(
                        "`{trimmed}` comes before any `+category` line; a Lexicoder dictionary \
                         names a category, as in `+negative`, before its terms"
                    ),
                ));
            };
            builder.term(index, trimmed, number);
        }
    }
    Ok(())
}

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
        Problem::at(self.line(), self.at().col() + 1, message)
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

/// Reads a quanteda YAML dictionary: a mapping of categories to terms or subcategories.
fn read_yaml(text: &str, builder: &mut Builder<'_>) -> Result<(), Problem> {
    let mut documents = parse_yaml(text)?.into_iter();
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
        Node::Map { entries, .. } => read_yaml_categories(builder, entries, None),
        other => Err(other.problem(format!(
            "a quanteda dictionary is a mapping of category names to terms; this document is {}",
            other.describe()
        ))),
    }
}

/// Every document in `text`, as nodes.
fn parse_yaml(text: &str) -> Result<Vec<Node>, Problem> {
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    loop {
        match next_event(&mut parser)? {
            (Event::StreamEnd, _) => return Ok(documents),
            (
                Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing,
                _,
            ) => {}
            (event, at) => documents.push(yaml_node(&mut parser, event, at, 0)?),
        }
    }
}

fn next_event(parser: &mut Parser<std::str::Chars<'_>>) -> Result<(Event, Marker), Problem> {
    parser.next_token().map_err(|err| scan_problem(&err))
}

fn scan_problem(err: &ScanError) -> Problem {
    let at = err.marker();
    Problem::at(
        at.line(),
        at.col() + 1,
        format!("YAML syntax: {}", err.info()),
    )
}

/// The node that `event` starts, reading the rest of it from `parser`.
fn yaml_node(
    parser: &mut Parser<std::str::Chars<'_>>,
    event: Event,
    at: Marker,
    depth: usize,
) -> Result<Node, Problem> {
    if depth > MAX_YAML_DEPTH {
        return Err(Problem::at(
            at.line(),
            at.col() + 1,
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
                    (event, mark) => items.push(yaml_node(parser, event, mark, depth + 1)?),
                }
            }
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let key = match next_event(parser)? {
                    (Event::MappingEnd, _) => return Ok(Node::Map { entries, at }),
                    (event, mark) => yaml_node(parser, event, mark, depth + 1)?,
                };
                let (event, mark) = next_event(parser)?;
                entries.push((key, yaml_node(parser, event, mark, depth + 1)?));
            }
        }
        other => Err(Problem::at(
            at.line(),
            at.col() + 1,
            format!("unexpected YAML structure ({other:?})"),
        )),
    }
}

/// Reads a mapping of category names; `parent` is the enclosing category's id and label.
fn read_yaml_categories(
    builder: &mut Builder<'_>,
    entries: &[(Node, Node)],
    parent: Option<(&str, &str)>,
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
            Some((id, label)) => (format!("{id}.{}", id_of(name)), format!("{label}.{name}")),
            None => (id_of(name), name.to_string()),
        };
        read_yaml_category(builder, &id, &label, key.line(), value)?;
    }
    Ok(())
}

/// Reads one category's value: a term, a list of terms and subcategories, or a mapping of
/// subcategories. The category itself is created with its first term.
fn read_yaml_category(
    builder: &mut Builder<'_>,
    id: &str,
    label: &str,
    line: usize,
    value: &Node,
) -> Result<(), Problem> {
    match value {
        Node::Scalar { null: true, .. } => {
            builder.category(id.to_string(), label, line);
        }
        Node::Scalar { text, at, .. } => {
            let index = builder.category(id.to_string(), label, line);
            read_yaml_term(builder, index, text, at.line());
        }
        Node::Map { entries, .. } => read_yaml_categories(builder, entries, Some((id, label)))?,
        Node::List { items, .. } => {
            let mut index = items
                .is_empty()
                .then(|| builder.category(id.to_string(), label, line));
            for item in items {
                match item {
                    Node::Scalar { null: true, at, .. } => builder.note(
                        at.line(),
                        format!("an empty entry in category `{label}`; skipped"),
                    ),
                    Node::Scalar { text, at, .. } => {
                        let category = *index
                            .get_or_insert_with(|| builder.category(id.to_string(), label, line));
                        read_yaml_term(builder, category, text, at.line());
                    }
                    Node::Map { entries, .. } => {
                        read_yaml_categories(builder, entries, Some((id, label)))?;
                    }
                    Node::List { at, .. } => builder.note(
                        at.line(),
                        format!(
                            "category `{label}` holds a list inside its list; quanteda lists terms or \
                             names subcategories, so it is skipped"
                        ),
                    ),
                    Node::Alias { at } => builder.note(at.line(), alias_note(label)),
                }
            }
        }
        Node::Alias { at } => builder.note(at.line(), alias_note(label)),
    }
    Ok(())
}

fn alias_note(label: &str) -> String {
    format!("a YAML alias (`*name`) in category `{label}` is not followed; skipped")
}

/// Adds one YAML term; quanteda's `?` (any one character) has no slant equivalent.
fn read_yaml_term(builder: &mut Builder<'_>, index: usize, text: &str, line: usize) {
    if text.contains('?') {
        let label = &builder.categories[index].label;
        let message = format!(
            "`{}` (category `{label}`) uses `?`, quanteda's one-character wildcard, which slant \
             cannot express; skipped",
            text.trim()
        );
        builder.note(line, message);
    } else {
        builder.term(index, text, line);
    }
}

/// Keys written first, in this order, at the top of a lexicon; others follow by name.
const LEXICON_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "topic",
    "neutral",
    "default_period",
    "extends",
    "disable",
];
/// Keys written first in a concept; `terms` always comes last.
const CONCEPT_KEYS: &[&str] = &["id", "kind", "label", "preferred", "note"];
/// Keys written first in a term's inline table.
const TERM_KEYS: &[&str] = &["text", "lean", "also"];

/// Renders a lexicon as TOML a person can read and edit: a comment header, `[leans]`, then
/// one `[[concepts]]` per concept with `terms` as an inline-table array, one term per line.
/// The output parses back with [`crate::lexicon::parse`] to an equal lexicon.
///
/// Every line of `header` becomes a `#` comment at the top; an empty header writes none.
pub fn to_toml(lexicon: &Lexicon, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        out.push_str(&if line.is_empty() {
            "#\n".to_string()
        } else {
            format!("# {line}\n")
        });
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let mut table = match toml::Value::try_from(lexicon) {
        Ok(toml::Value::Table(table)) => table,
        other => unreachable!("a lexicon serialises to a TOML table, not {other:?}"),
    };
    let leans = table.remove("leans");
    let concepts = table.remove("concepts");
    write_pairs(&mut out, &table, LEXICON_KEYS);
    out.push_str("\n[leans]\n");
    if let Some(toml::Value::Table(leans)) = &leans {
        write_pairs(&mut out, leans, &[]);
    }
    if let Some(toml::Value::Array(concepts)) = concepts {
        for concept in concepts {
            if let toml::Value::Table(concept) = concept {
                write_concept(&mut out, concept);
            }
        }
    }
    out
}

/// One `[[concepts]]` block, its terms one inline table per line.
fn write_concept(out: &mut String, mut concept: toml::Table) {
    let terms = concept.remove("terms");
    out.push_str("\n[[concepts]]\n");
    write_pairs(out, &concept, CONCEPT_KEYS);
    out.push_str("terms = [\n");
    if let Some(toml::Value::Array(terms)) = &terms {
        for term in terms {
            let rendered = match term {
                toml::Value::Table(term) => inline_table(term, TERM_KEYS),
                other => other.to_string(),
            };
            out.push_str(&format!("  {rendered},\n"));
        }
    }
    out.push_str("]\n");
}

/// `table`'s entries, those named in `first` first and in that order, then the rest.
fn ordered<'t>(table: &'t toml::Table, first: &[&str]) -> Vec<(&'t str, &'t toml::Value)> {
    let mut pairs: Vec<(&str, &toml::Value)> = first
        .iter()
        .filter_map(|key| table.get_key_value(*key))
        .map(|(key, value)| (key.as_str(), value))
        .collect();
    pairs.extend(
        table
            .iter()
            .filter(|(key, _)| !first.contains(&key.as_str()))
            .map(|(key, value)| (key.as_str(), value)),
    );
    pairs
}

/// `key = value` lines.
fn write_pairs(out: &mut String, table: &toml::Table, first: &[&str]) {
    for (key, value) in ordered(table, first) {
        out.push_str(&format!("{} = {value}\n", toml_key(key)));
    }
}

/// `{ key = value, ... }` on one line.
fn inline_table(table: &toml::Table, first: &[&str]) -> String {
    let pairs: Vec<String> = ordered(table, first)
        .into_iter()
        .map(|(key, value)| format!("{} = {value}", toml_key(key)))
        .collect();
    if pairs.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", pairs.join(", "))
    }
}

/// A key as TOML writes it: bare when it can be, quoted otherwise (`"economy.positive"`).
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        toml::Value::String(key.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::validate;
    use crate::lexicon::{Format, builtin, parse};

    const DIC: &str = include_str!("../../tests/fixtures/import/sample.dic");
    const YAML: &str = include_str!("../../tests/fixtures/import/sample.yml");
    const LC3: &str = include_str!("../../tests/fixtures/import/sample.lc3");

    /// Each concept as `(id, label, [term texts])`.
    fn shape(lexicon: &Lexicon) -> Vec<(&str, &str, Vec<&str>)> {
        lexicon
            .concepts
            .iter()
            .map(|c| {
                let terms = c.terms.iter().map(|t| t.text.as_str()).collect();
                (c.id.as_str(), c.label.as_str(), terms)
            })
            .collect()
    }

    /// Every concept is a label whose terms all lean to the concept's own declared lean.
    fn assert_leans_follow_concepts(lexicon: &Lexicon) {
        let ids: Vec<&str> = lexicon.concepts.iter().map(|c| c.id.as_str()).collect();
        let mut declared: Vec<&str> = lexicon.leans.keys().map(String::as_str).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        declared.sort_unstable();
        assert_eq!(declared, sorted);
        for concept in &lexicon.concepts {
            assert_eq!(concept.kind, Some(Kind::Label));
            assert_eq!(
                lexicon.leans[&concept.id],
                format!("Terms of the imported category `{}`.", concept.label)
            );
            for term in &concept.terms {
                assert_eq!(term.lean, Some(LeanSpec::Fixed(concept.id.clone())));
            }
        }
    }

    /// The lexicon validates, and its TOML parses back to the same lexicon.
    fn assert_round_trips(lexicon: &Lexicon) {
        assert_eq!(validate::errors(lexicon), Vec::new());
        let text = to_toml(lexicon, "Imported for a test.\nEdit freely.");
        let parsed = parse(&text, Format::Toml, "round-trip.toml")
            .unwrap_or_else(|err| panic!("{err}\n---\n{text}"));
        assert_eq!(&parsed, lexicon, "{text}");
    }

    fn problems(result: Result<Imported>) -> Vec<Problem> {
        match result {
            Err(Error::Lexicon { problems, .. }) => problems,
            other => panic!("expected lexicon problems, got {other:?}"),
        }
    }

    fn one_problem(text: &str, format: ImportFormat) -> ((usize, usize), String) {
        let found = problems(import(text, format, "demo", "bad"));
        assert_eq!(found.len(), 1, "{found:?}");
        let problem = found.into_iter().next().unwrap();
        (problem.location.expect("a placed problem"), problem.message)
    }

    #[test]
    fn a_liwc_dictionary_becomes_one_concept_and_lean_per_category() {
        let imported = import(DIC, ImportFormat::Liwc, "liwc-sample", "sample.dic").unwrap();
        let lexicon = &imported.lexicon;
        assert_eq!(lexicon.id, "liwc-sample");
        assert_eq!(lexicon.title, "Imported from LIWC dictionary sample.dic");
        assert_eq!(
            shape(lexicon),
            vec![
                ("posemo", "posemo", vec!["admir*", "love", "thank you"]),
                ("negemo", "negemo", vec!["abandon*", "hate"]),
                ("social-words", "Social Words", vec!["friend*"]),
            ]
        );
        assert_leans_follow_concepts(lexicon);
        assert_round_trips(lexicon);
    }

    #[test]
    fn liwc_entries_that_cannot_be_carried_over_are_noted_at_their_lines() {
        let imported = import(DIC, ImportFormat::Liwc, "liwc-sample", "sample.dic").unwrap();
        let expected = [
            "sample.dic:5: category `unused` has no term slant can use; it is left out",
            "sample.dic:9: `love` is also in category `Social Words`; slant lists a spelling in one concept only, so it is kept in `posemo` alone",
            "sample.dic:10: `hate` names category `9`, which the category block does not declare; ignored",
            "sample.dic:12: `ab*` (category `negemo`) is a wildcard with fewer than 3 letters before `*`, which would match almost every word; skipped",
            "sample.dic:13: `like\t(02 134)1/3\t1` is a LIWC conditional entry, which slant cannot express; skipped",
            "sample.dic:14: `:)` (category `posemo`) has no letter or digit slant can match; skipped",
            "sample.dic:15: `*ness` (category `negemo`) has a `*` that does not end the term, and slant's wildcards only stand for a word ending; skipped",
            "sample.dic:16: `admir*` is listed twice in category `posemo` (first as `admir*` on line 8); kept once",
            "sample.dic:18: `abandon` is listed twice in category `negemo` (first as `abandon*` on line 7); kept once",
            "sample.dic:19: `<kind>\t3` is a LIWC conditional entry, which slant cannot express; skipped",
            "sample.dic:20: `Love` (category `Social Words`) is already in category `posemo` as `love` (line 9); slant lists a spelling in one concept only, so it stays there",
        ];
        assert_eq!(imported.notes, expected);
    }

    #[test]
    fn a_quanteda_dictionary_keeps_nesting_as_dotted_ids() {
        let imported = import(YAML, ImportFormat::Yaml, "yaml-sample", "sample.yml").unwrap();
        let lexicon = &imported.lexicon;
        assert_eq!(
            lexicon.title,
            "Imported from quanteda YAML dictionary sample.yml"
        );
        assert_eq!(
            shape(lexicon),
            vec![
                (
                    "economy.positive",
                    "economy.positive",
                    vec!["growth", "boom*"]
                ),
                (
                    "economy.negative",
                    "economy.negative",
                    vec!["recession", "crisis", "slump*"]
                ),
                ("politics", "politics", vec!["reform"]),
                (
                    "politics.scandal",
                    "politics.scandal",
                    vec!["cover-up", "leak*"]
                ),
                ("health-care", "Health Care", vec!["hospital waiting list"]),
            ]
        );
        assert_leans_follow_concepts(lexicon);
        assert_round_trips(lexicon);
    }

    #[test]
    fn quanteda_entries_that_cannot_be_carried_over_are_noted_at_their_lines() {
        let imported = import(YAML, ImportFormat::Yaml, "yaml-sample", "sample.yml").unwrap();
        let expected = [
            "sample.yml:9: `crisis` (category `politics`) is already in category `economy.negative` as `crisis` (line 6); slant lists a spelling in one concept only, so it stays there",
            "sample.yml:10: `*gate` (category `politics`) has a `*` that does not end the term, and slant's wildcards only stand for a word ending; skipped",
            "sample.yml:16: `nurse?` (category `Health Care`) uses `?`, quanteda's one-character wildcard, which slant cannot express; skipped",
            "sample.yml:17: `ab*` (category `Health Care`) is a wildcard with fewer than 3 letters before `*`, which would match almost every word; skipped",
            "sample.yml:18: `growth` (category `Health Care`) is already in category `economy.positive` as `growth` (line 4); slant lists a spelling in one concept only, so it stays there",
            "sample.yml:19: category `empty` has no term slant can use; it is left out",
        ];
        assert_eq!(imported.notes, expected);
    }

    #[test]
    fn quanteda_single_values_aliases_and_extra_documents() {
        let text = "a: alpha\nb: &x [beta]\nc: *x\nd:\n  - [gamma]\n---\nz: [zeta]\n";
        let imported = import(text, ImportFormat::Yaml, "demo", "d.yml").unwrap();
        assert_eq!(
            shape(&imported.lexicon),
            vec![("a", "a", vec!["alpha"]), ("b", "b", vec!["beta"])]
        );
        assert_eq!(
            imported.notes,
            [
                "d.yml:3: a YAML alias (`*name`) in category `c` is not followed; skipped",
                "d.yml:5: category `d` holds a list inside its list; quanteda lists terms or names subcategories, so it is skipped",
                "d.yml:7: the file holds more than one YAML document; only the first is read",
            ]
        );
    }

    #[test]
    fn a_lexicoder_dictionary_keeps_terms_as_written() {
        let imported = import(LC3, ImportFormat::Lexicoder, "lsd", "sample.lc3").unwrap();
        let lexicon = &imported.lexicon;
        assert_eq!(
            lexicon.title,
            "Imported from Lexicoder dictionary sample.lc3"
        );
        assert_eq!(
            shape(lexicon),
            vec![
                ("negative", "negative", vec!["ABANDON*", "abas*", "crisis"]),
                ("positive", "positive", vec!["ABLE*"]),
            ]
        );
        assert_leans_follow_concepts(lexicon);
        assert_round_trips(lexicon);
    }

    #[test]
    fn lexicoder_entries_that_cannot_be_carried_over_are_noted_at_their_lines() {
        let imported = import(LC3, ImportFormat::Lexicoder, "lsd", "sample.lc3").unwrap();
        let expected = [
            "sample.lc3:5: `ab*` (category `negative`) is a wildcard with fewer than 3 letters before `*`, which would match almost every word; skipped",
            "sample.lc3:9: `Crisis` (category `positive`) is already in category `negative` as `crisis` (line 4); slant lists a spelling in one concept only, so it stays there",
            "sample.lc3:10: `a*b` (category `positive`) has a `*` that does not end the term, and slant's wildcards only stand for a word ending; skipped",
            "sample.lc3:11: `abandon*` (category `positive`) is already in category `negative` as `ABANDON*` (line 2); slant lists a spelling in one concept only, so it stays there",
            "sample.lc3:12: category `Neutral Words` has no term slant can use; it is left out",
            "sample.lc3:13: `:-)` (category `Neutral Words`) has no letter or digit slant can match; skipped",
        ];
        assert_eq!(imported.notes, expected);
    }

    #[test]
    fn categories_whose_ids_collide_get_numbered_ids() {
        let text = "+Pos\ngood\n+pos\nfine\n+Pos\ngreat\n";
        let imported = import(text, ImportFormat::Lexicoder, "demo", "c.lc3").unwrap();
        assert_eq!(
            shape(&imported.lexicon),
            vec![
                ("pos", "Pos", vec!["good", "great"]),
                ("pos-2", "pos", vec!["fine"]),
            ]
        );
        assert_eq!(
            imported.notes,
            [
                "c.lc3:3: category `pos` would get the id `pos` of category `Pos`; it becomes `pos-2`"
            ]
        );
        assert_round_trips(&imported.lexicon);
    }

    #[test]
    fn liwc_errors_are_placed_at_their_lines() {
        let (at, message) = one_problem("\nabandon*\t1\n", ImportFormat::Liwc);
        assert_eq!(at, (2, 1));
        assert!(message.contains("starts with a `%` line"), "{message}");

        let (at, message) = one_problem("%\n1\tposemo\n2\tnegemo\n", ImportFormat::Liwc);
        assert_eq!(at, (1, 1));
        assert!(message.contains("never closed"), "{message}");

        let (at, message) = one_problem("%\n1\tposemo\n x\tnegemo\n%\n", ImportFormat::Liwc);
        assert_eq!(at, (3, 2));
        assert!(
            message.contains("`x` is not a category number"),
            "{message}"
        );

        let (at, message) = one_problem("%\n1\tposemo\n1\tnegemo\n%\n", ImportFormat::Liwc);
        assert_eq!(at, (3, 1));
        assert!(message.contains("declared twice"), "{message}");

        let (at, message) = one_problem("%\n7\n%\n", ImportFormat::Liwc);
        assert_eq!(at, (2, 2));
        assert!(message.contains("category 7 has no name"), "{message}");

        let (at, _) = one_problem("", ImportFormat::Liwc);
        assert_eq!(at, (1, 1));
    }

    #[test]
    fn yaml_errors_are_placed_at_their_lines() {
        let (at, message) = one_problem("# terms\n- growth\n- boom*\n", ImportFormat::Yaml);
        assert_eq!(at, (2, 1));
        assert!(message.contains("this document is a list"), "{message}");

        let (at, message) = one_problem("a:\n  - b\n   c: [\n", ImportFormat::Yaml);
        assert_eq!(at.0, 3);
        assert!(message.starts_with("YAML syntax: "), "{message}");

        let (at, message) = one_problem("just words\n", ImportFormat::Yaml);
        assert_eq!(at, (1, 1));
        assert!(
            message.contains("the single value `just words`"),
            "{message}"
        );

        let (at, message) = one_problem("a: [x]\n[b]: [y]\n", ImportFormat::Yaml);
        assert_eq!(at.0, 2);
        assert!(message.contains("must be plain text"), "{message}");

        let (at, message) = one_problem("# nothing\n", ImportFormat::Yaml);
        assert_eq!(at, (1, 1));
        assert!(message.contains("no YAML document"), "{message}");
    }

    #[test]
    fn lexicoder_errors_are_placed_at_their_lines() {
        let (at, message) = one_problem("\n  abandon*\n+negative\n", ImportFormat::Lexicoder);
        assert_eq!(at, (2, 3));
        assert!(message.contains("before any `+category` line"), "{message}");

        let (at, message) = one_problem("+negative\nbad\n+ \n", ImportFormat::Lexicoder);
        assert_eq!(at, (3, 1));
        assert!(message.contains("must name a category"), "{message}");
    }

    #[test]
    fn a_dictionary_without_usable_terms_or_id_is_refused() {
        let found = problems(import(
            "+empty\n:-)\n",
            ImportFormat::Lexicoder,
            "d",
            "e.lc3",
        ));
        assert_eq!(found[0].location, None);
        assert!(
            found[0].message.contains("no category with a term"),
            "{found:?}"
        );
        assert!(matches!(
            import("+a\nalpha\n", ImportFormat::Lexicoder, " ", "e.lc3"),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
        let text = "\u{feff}%\r\n1\tposemo\r\n%\r\nlove\t1\r\n";
        let imported = import(text, ImportFormat::Liwc, "demo", "w.dic").unwrap();
        assert_eq!(
            shape(&imported.lexicon),
            vec![("posemo", "posemo", vec!["love"])]
        );
        assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    }

    #[test]
    fn to_toml_writes_a_header_leans_and_one_term_per_line() {
        let imported = import(YAML, ImportFormat::Yaml, "yaml-sample", "sample.yml").unwrap();
        let text = to_toml(&imported.lexicon, "Imported by slant.\n\nReview the leans.");
        assert!(
            text.starts_with(
                "# Imported by slant.\n#\n# Review the leans.\n\nid = \"yaml-sample\"\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("\n[leans]\n\"economy.negative\" = \"Terms of the imported category `economy.negative`.\"\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "\n[[concepts]]\nid = \"economy.positive\"\nkind = \"label\"\nlabel = \"economy.positive\"\nterms = [\n  \
                 { text = \"growth\", lean = \"economy.positive\" },\n  \
                 { text = \"boom*\", lean = \"economy.positive\" },\n]\n"
            ),
            "{text}"
        );
        assert_eq!(text.matches("[[concepts]]").count(), 5);
    }

    #[test]
    fn to_toml_round_trips_every_field_of_the_builtins() {
        for id in builtin::ids() {
            let lexicon = builtin::get(id).unwrap().unwrap();
            if lexicon.extends.is_some() {
                continue;
            }
            let text = to_toml(&lexicon, "");
            assert!(text.starts_with("id = "), "{text}");
            let parsed = parse(&text, Format::Toml, id).unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(parsed, lexicon, "{text}");
        }
    }

    #[test]
    fn ids_are_lower_case_with_hyphens() {
        assert_eq!(id_of("Social  Words"), "social-words");
        assert_eq!(id_of(" Posemo "), "posemo");
        assert_eq!(toml_key("economy.positive"), "\"economy.positive\"");
        assert_eq!(toml_key("social-words"), "social-words");
    }
}
