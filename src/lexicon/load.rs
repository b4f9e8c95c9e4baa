//! Reading lexicons from TOML or JSON text, with syntax errors placed at a line and column.

use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::lexicon::{Lexicon, validate};
use crate::text::LineIndex;

/// The formats a lexicon file may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, the usual form.
    Toml,
    /// JSON with the same structure.
    Json,
}

impl Format {
    /// The format a path's extension implies: `.json` is JSON, anything else TOML.
    pub fn of_path(path: &Path) -> Format {
        match path.extension().and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// Parses lexicon `text` and checks it; every problem found is returned at once.
///
/// `origin` names the lexicon in messages (a path, or `builtin:<id>`).
pub fn parse(text: &str, format: Format, origin: &str) -> Result<Lexicon> {
    let lexicon = deserialize(text, format).map_err(|problem| Error::lexicon(origin, problem))?;
    let problems = validate::errors(&lexicon);
    if problems.is_empty() {
        Ok(lexicon)
    } else {
        Err(Error::Lexicon {
            origin: origin.to_string(),
            problems,
        })
    }
}

/// Reads and parses the lexicon file at `path`.
pub fn load_path(path: &Path) -> Result<Lexicon> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, Format::of_path(path), &path.display().to_string())
}

fn deserialize(text: &str, format: Format) -> Result<Lexicon, Problem> {
    match format {
        Format::Toml => toml::from_str(text).map_err(|err| {
            let message = err.message().trim().to_string();
            match err.span() {
                Some(span) => {
                    let at = LineIndex::new(text).position(text, span.start);
                    Problem::at(at.line, at.column, message)
                }
                None => Problem::new(message),
            }
        }),
        Format::Json => serde_json::from_str(text).map_err(|err| {
            let message = strip_json_position(&err.to_string());
            Problem::at(err.line(), err.column(), message)
        }),
    }
}

/// serde_json appends " at line L column C" to its messages; the position is shown apart.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
id = "demo"
title = "Demo"
[leans]
a = "Side A"
[[concepts]]
id = "place"
kind = "place"
label = "A place"
terms = [{ text = "Alpha", lean = "a" }]
"#;

    fn problems(text: &str, format: Format) -> Vec<Problem> {
        match parse(text, format, "demo.toml") {
            Err(Error::Lexicon { problems, .. }) => problems,
            other => panic!("expected lexicon problems, got {other:?}"),
        }
    }

    #[test]
    fn a_minimal_toml_lexicon_parses() {
        let lexicon = parse(MINIMAL, Format::Toml, "demo.toml").unwrap();
        assert_eq!(lexicon.concepts[0].terms[0].text, "Alpha");
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line() {
        let text = MINIMAL.replace(
            "label = \"A place\"",
            "label = \"A place\"\nprefered = \"x\"",
        );
        let found = problems(&text, Format::Toml);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("prefered"), "{found:?}");
        assert_eq!(found[0].location.map(|(line, _)| line), Some(10));
    }

    #[test]
    fn toml_syntax_errors_carry_line_and_column() {
        let found = problems("id = \"x\"\ntitle = \n", Format::Toml);
        assert_eq!(found[0].location.map(|(line, _)| line), Some(2));
    }

    #[test]
    fn json_lexicons_parse_and_report_positions() {
        let json = r#"{"id": "demo", "title": "Demo", "leans": {"a": "Side A"},
            "concepts": [{"id": "p", "kind": "place", "label": "P",
                          "terms": [{"text": "Alpha", "lean": "a"}]}]}"#;
        assert!(parse(json, Format::Json, "demo.json").is_ok());
        let broken = problems("{\"id\": \"demo\",\n \"title\": }", Format::Json);
        assert_eq!(broken[0].location.map(|(line, _)| line), Some(2));
    }
}
