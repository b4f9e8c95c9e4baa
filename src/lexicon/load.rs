//! Reading lexicons from TOML or JSON text, with syntax errors placed at a line and column.

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Problem, Result};
use crate::lexicon::{Concept, Lexicon, locate, sections, validate};
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

/// A lexicon that loaded, with the warnings its check found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The lexicon, composed with the one it extends.
    pub lexicon: Lexicon,
    /// Problems that do not stop it from being used (shadowed terms).
    pub warnings: Vec<Problem>,
}

/// How deep `extends` chains may go before slant suspects a loop.
const MAX_EXTENDS_DEPTH: usize = 8;

/// Parses lexicon `text` and checks it; every error found is returned at once.
///
/// `origin` names the lexicon in messages (a path, or `builtin:<id>`).
pub fn parse(text: &str, format: Format, origin: &str) -> Result<Lexicon> {
    parse_checked(text, format, origin, None, 0).map(|loaded| loaded.lexicon)
}

/// Reads and parses the lexicon file at `path`.
pub fn load_path(path: &Path) -> Result<Lexicon> {
    load_checked(path).map(|loaded| loaded.lexicon)
}

/// Reads, parses and checks the lexicon file at `path`, keeping the warnings.
pub fn load_checked(path: &Path) -> Result<Loaded> {
    load_at_depth(path, 0)
}

fn load_at_depth(path: &Path, depth: usize) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_checked(
        &text,
        Format::of_path(path),
        &path.display().to_string(),
        path.parent(),
        depth,
    )
}

/// Parses, composes with the extended lexicon (a built-in id, or a path relative to
/// `dir`), checks, and places every finding at its line and column.
pub fn parse_checked(
    text: &str,
    format: Format,
    origin: &str,
    dir: Option<&Path>,
    depth: usize,
) -> Result<Loaded> {
    let mut lexicon =
        deserialize(text, format).map_err(|problem| Error::lexicon(origin, problem))?;
    if let Some(base) = lexicon.extends.clone() {
        let base = load_base(&base, dir, depth).map_err(|err| match err {
            Error::Lexicon {
                problems,
                origin: base_origin,
            } => Error::Lexicon {
                origin: origin.to_string(),
                problems: problems
                    .into_iter()
                    .map(|p| {
                        Problem::new(format!("in `extends = \"{base_origin}\"`: {}", p.message))
                    })
                    .collect(),
            },
            other => other,
        })?;
        lexicon = compose(base, lexicon).map_err(|problem| Error::lexicon(origin, problem))?;
    }
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let findings = validate::check(&lexicon);
    // Placing findings indexes the whole text: only done when there are some.
    let locator = (!findings.is_empty()).then(|| locate::Locator::new(text, &lexicon));
    for finding in findings {
        let problem = match locator.as_ref().and_then(|locator| locator.find(&finding)) {
            Some((line, column)) => Problem::at(line, column, finding.message),
            None => Problem::new(finding.message),
        };
        match finding.level {
            validate::Level::Error => errors.push(problem),
            validate::Level::Warning => warnings.push(problem),
        }
    }
    if errors.is_empty() {
        Ok(Loaded { lexicon, warnings })
    } else {
        Err(Error::Lexicon {
            origin: origin.to_string(),
            problems: errors,
        })
    }
}

fn load_base(spec: &str, dir: Option<&Path>, depth: usize) -> Result<Lexicon> {
    if depth >= MAX_EXTENDS_DEPTH {
        return Err(Error::lexicon(
            spec,
            Problem::new("`extends` goes too deep; is there a loop?"),
        ));
    }
    if let Some(found) = super::builtin::get(spec) {
        return found;
    }
    let path = dir.map_or_else(|| Path::new(spec).to_path_buf(), |dir| dir.join(spec));
    if path.exists() {
        return load_at_depth(&path, depth + 1).map(|loaded| loaded.lexicon);
    }
    Err(Error::UnknownLexicon {
        name: spec.to_string(),
        known: super::builtin::ids().collect::<Vec<_>>().join(", "),
    })
}

/// `own` laid over `base`: base concepts minus `disable`, own concepts added, and own
/// concepts with a base concept's id adding their terms to it.
fn compose(base: Lexicon, own: Lexicon) -> Result<Lexicon, Problem> {
    for id in &own.disable {
        if !base.concepts.iter().any(|c| &c.id == id) {
            return Err(Problem::new(format!(
                "`disable` names concept `{id}`, which `{}` does not have",
                base.id
            )));
        }
    }
    let mut concepts: Vec<Concept> = base
        .concepts
        .into_iter()
        .filter(|c| !own.disable.contains(&c.id))
        .collect();
    for concept in own.concepts {
        match concepts.iter_mut().find(|c| c.id == concept.id) {
            Some(existing) => {
                existing.terms.extend(concept.terms);
                existing.kind = concept.kind.or(existing.kind);
                if !concept.label.is_empty() {
                    existing.label = concept.label;
                }
                existing.preferred = concept.preferred.or(existing.preferred.take());
                existing.note = concept.note.or(existing.note.take());
            }
            None => concepts.push(concept),
        }
    }
    let mut leans = base.leans;
    leans.extend(own.leans);
    let mut neutral = base.neutral;
    for lean in own.neutral {
        if !neutral.contains(&lean) {
            neutral.push(lean);
        }
    }
    Ok(Lexicon {
        topic: if own.topic.is_empty() {
            base.topic
        } else {
            own.topic
        },
        default_period: own.default_period.or(base.default_period),
        leans,
        neutral,
        concepts,
        ..own
    })
}

fn deserialize(text: &str, format: Format) -> Result<Lexicon, Problem> {
    match format {
        // A lexicon whose concepts are `[[concepts]]` tables is read in parts (see
        // `sections`), each by the toml crate, on every core: the parts are small, so the
        // document the crate builds before the lexicon types stays small too. A text that
        // does not split is read whole by basic-toml, straight into the lexicon types, where
        // the toml crate's whole document peaks at 134 MB for 50,000 terms (against 35 MB).
        // What neither reads goes whole to the toml crate, which places every error at its
        // line and column: every error message and position is the toml crate's.
        Format::Toml => match sections::split(text).and_then(|parts| read_parts(text, &parts)) {
            Some(lexicon) => Ok(lexicon),
            None => basic_toml::from_str(text).or_else(|_| deserialize_toml(text)),
        },
        Format::Json => serde_json::from_str(text).map_err(|err| {
            let message = crate::error::json_message(&err);
            Problem::at(err.line(), err.column(), message)
        }),
    }
}

/// The lexicon read from its parts, or `None` when a part does not read (or the concepts
/// are also given outside the parts): the whole text then says what is wrong.
fn read_parts(text: &str, parts: &sections::Parts) -> Option<Lexicon> {
    /// One batch of `[[concepts]]`.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Batch {
        concepts: Vec<Concept>,
    }
    let mut lexicon: Lexicon = toml::from_str(&parts.rest).ok()?;
    if !lexicon.concepts.is_empty() {
        return None;
    }
    // The batches are independent: read on every core there is, then joined in order.
    let batches: Vec<Batch> = parts
        .batches
        .par_iter()
        .map(|batch| toml::from_str(&text[batch.clone()]).ok())
        .collect::<Option<_>>()?;
    lexicon.concepts = batches
        .into_iter()
        .flat_map(|batch| batch.concepts)
        .collect();
    Some(lexicon)
}

/// Reads a TOML lexicon with the toml crate, its errors placed at line and column.
fn deserialize_toml(text: &str) -> Result<Lexicon, Problem> {
    toml::from_str(text).map_err(|err| {
        let message = err.message().trim().to_string();
        match err.span() {
            Some(span) => {
                let at = LineIndex::new(text).position(text, span.start);
                Problem::at(at.line, at.column, message)
            }
            None => Problem::new(message),
        }
    })
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
    fn lean_periods_may_give_dates_unquoted_whether_the_text_splits_or_not() {
        let dated = r#"[{ lean = "a", since = 2020-10-11 }, { lean = "a", since = 1992, until = "1994-05" }]"#;
        let split = MINIMAL.replace(r#"lean = "a""#, &format!("lean = {dated}"));
        // The same lexicon with its concepts in an inline array: it does not split, and
        // basic-toml, which has no dates, hands it to the toml crate.
        let whole = split
            .replace("[leans]\na = \"Side A\"", "leans = { a = \"Side A\" }")
            .replace("[[concepts]]\n", "concepts = [{ ")
            .replace("\"\nkind", "\", kind")
            .replace("\"\nlabel", "\", label")
            .replace("\"\nterms", "\", terms")
            + " }]\n";
        assert!(sections::split(&whole).is_none(), "{whole}");
        for text in [&split, &whole] {
            let lexicon = parse(text, Format::Toml, "demo.toml").unwrap();
            let Some(crate::lexicon::period::LeanSpec::Dated(ranges)) =
                &lexicon.concepts[0].terms[0].lean
            else {
                panic!("dated leans expected: {lexicon:?}");
            };
            assert_eq!(ranges.len(), 2, "{text}");
            assert_eq!(
                (
                    ranges[0].since.map(|d| d.to_string()),
                    ranges[1].until.map(|d| d.to_string())
                ),
                (Some("2020-10-11".to_string()), Some("1994-05".to_string())),
                "{text}"
            );
        }
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

    /// A lexicon of `concepts` concepts, some with terms as sub-tables, a table and
    /// header-like text among them.
    fn many_concepts(concepts: usize) -> String {
        let mut text = String::from(
            "id = \"many\"\ntitle = \"Many\"\ndescription = \"\"\"\n[[concepts]]\n\"\"\"\n",
        );
        for n in 0..concepts {
            if n == concepts / 2 {
                text.push_str("[leans] # [[concepts]]\na = \"Side A\"\n");
            }
            text.push_str(&format!(
                "\n[[concepts]]\nid = \"c{n}\"\nkind = \"label\"\nlabel = 'C [[concepts]]'\n"
            ));
            if n % 3 == 0 {
                text.push_str(&format!(
                    "[[concepts.terms]]\ntext = \"t{n}\"\nlean = \"a\"\n"
                ));
            } else {
                text.push_str(&format!("terms = [\n  {{ text = \"t{n}\" }},\n]\n"));
            }
        }
        text
    }

    /// Every built-in (start-up reads them all) and a lexicon of many concepts split at
    /// their headers, and each part is read: by the toml crate, checked against basic-toml
    /// reading the whole text.
    #[test]
    fn a_lexicon_read_in_parts_is_the_lexicon_read_whole() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect();
        texts.push(many_concepts(200));
        for text in &texts {
            let parts = sections::split(text).expect("concepts as an array of tables");
            let whole: Lexicon = basic_toml::from_str(text).unwrap();
            assert_eq!(read_parts(text, &parts), Some(whole));
        }
        // 100 concepts before `[leans]` and 100 after: 64 + 36 twice.
        assert_eq!(
            texts
                .last()
                .map(|text| sections::split(text).unwrap().batches.len()),
            Some(4)
        );
    }

    #[test]
    fn an_error_in_a_later_part_is_placed_in_the_whole_text() {
        let text = many_concepts(150).replace("id = \"c140\"", "id = \"c140\"\nid = \"again\"");
        let line = text.lines().position(|l| l == "id = \"again\"").unwrap() + 1;
        let found = problems(&text, Format::Toml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].location.map(|(at, _)| at), Some(line), "{found:?}");
    }

    #[test]
    fn toml_1_1_lexicons_load_through_the_toml_crate() {
        // An inline table over several lines is TOML 1.1, which basic-toml does not read.
        let text = MINIMAL.replace(
            "terms = [{ text = \"Alpha\", lean = \"a\" }]",
            "terms = [{\n  text = \"Alpha\",\n  lean = \"a\",\n}]",
        );
        assert!(basic_toml::from_str::<Lexicon>(&text).is_err(), "{text}");
        let lexicon = parse(&text, Format::Toml, "demo.toml").unwrap();
        assert_eq!(lexicon.concepts[0].terms[0].text, "Alpha");
        assert_eq!(lexicon.concepts[0].terms[0].leans(), ["a"]);
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
