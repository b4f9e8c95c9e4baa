//! Importing researchers' dictionaries as slant lexicons: LIWC `.dic` files, quanteda YAML
//! dictionaries and Lexicoder `.lc3` files, and writing the result as an editable TOML
//! lexicon.
//!
//! Each category becomes a concept of kind `label` and a lean of the same id, and every
//! term gets its category's lean. What slant cannot express (wildcards inside a word,
//! conditional entries, one spelling in several categories) is reported in notes with its
//! line, never dropped silently. This module reads text and returns values; it never
//! touches the file system.
//!
//! This file owns the public API, the `Builder` that every reader feeds categories and
//! terms into, and the helpers the readers share; one submodule reads each format (`liwc`,
//! `yaml`, `lexicoder`) and `toml_out` writes TOML.

mod lexicoder;
mod liwc;
mod toml_out;
mod yaml;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Problem, Result, Warning};
use crate::lexicon::period::LeanSpec;
use crate::lexicon::validate::MIN_WILDCARD_STEM;
use crate::lexicon::{CaseMode, Concept, Kind, Lexicon, Term};
use crate::text::{Case, fold_term};

pub use toml_out::to_toml;

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
        ImportFormat::Liwc => liwc::read(text, &mut builder),
        ImportFormat::Yaml => yaml::read(text, &mut builder),
        ImportFormat::Lexicoder => lexicoder::read(text, &mut builder),
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

    /// The label of category `index`, as written.
    fn label(&self, index: usize) -> &str {
        &self.categories[index].label
    }

    /// The category named `name` at the top level, its id made by [`id_of`].
    fn named_category(&mut self, name: &str, line: usize) -> usize {
        self.category(id_of(name), name, line)
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
        let label = self.label(index).to_string();
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
        let (leans, concepts) = self.take_concepts();
        if concepts.is_empty() {
            return Err(Error::lexicon(
                self.origin,
                Problem::new(format!(
                    "found no category with a term slant can use; is this a {}?",
                    format.name()
                )),
            ));
        }
        let title = format!("Imported from {} {}", format.name(), self.origin);
        let notes = self.rendered_notes();
        let lexicon = Lexicon {
            id: id.trim().to_string(),
            title,
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

    /// Takes the categories as leans and concepts, noting each category that kept no term.
    fn take_concepts(&mut self) -> (BTreeMap<String, String>, Vec<Concept>) {
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
        (leans, concepts)
    }

    /// The notes in line order, each rendered as `origin:line: message`.
    fn rendered_notes(mut self) -> Vec<String> {
        self.notes.sort_by_key(|(line, _)| *line);
        self.notes
            .into_iter()
            .map(|(line, message)| {
                Warning {
                    origin: self.origin.to_string(),
                    record: None,
                    line: Some(line),
                    message,
                }
                .to_string()
            })
            .collect()
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

#[cfg(test)]
mod testing;

#[cfg(test)]
mod tests {
    use super::testing::{assert_import, assert_round_trips, problems};
    use super::*;

    #[test]
    fn categories_whose_ids_collide_get_numbered_ids() {
        let lexicon = assert_import(
            "+Pos\ngood\n+pos\nfine\n+Pos\ngreat\n",
            ImportFormat::Lexicoder,
            "c.lc3",
            &[
                ("pos", "Pos", vec!["good", "great"]),
                ("pos-2", "pos", vec!["fine"]),
            ],
            &[
                "c.lc3:3: category `pos` would get the id `pos` of category `Pos`; it becomes `pos-2`",
            ],
        );
        assert_round_trips(&lexicon);
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
        assert_import(
            "\u{feff}%\r\n1\tposemo\r\n%\r\nlove\t1\r\n",
            ImportFormat::Liwc,
            "w.dic",
            &[("posemo", "posemo", vec!["love"])],
            &[],
        );
    }

    #[test]
    fn ids_are_lower_case_with_hyphens() {
        assert_eq!(id_of("Social  Words"), "social-words");
        assert_eq!(id_of(" Posemo "), "posemo");
    }
}
