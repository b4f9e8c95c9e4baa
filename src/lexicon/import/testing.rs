//! Test support for the import readers: the fixture dictionaries and the checks every
//! format's tests share.

use crate::error::{Error, Problem, Result};
use crate::lexicon::period::LeanSpec;
use crate::lexicon::{Format, Kind, Lexicon, parse, validate};

use super::{ImportFormat, Imported, import, to_toml};

/// A fixture dictionary and the id and origin its tests import it with.
pub(super) struct Sample {
    text: &'static str,
    format: ImportFormat,
    id: &'static str,
    origin: &'static str,
}

/// `tests/fixtures/import/sample.dic`.
pub(super) const LIWC: Sample = Sample {
    text: include_str!("../../../tests/fixtures/import/sample.dic"),
    format: ImportFormat::Liwc,
    id: "liwc-sample",
    origin: "sample.dic",
};

/// `tests/fixtures/import/sample.yml`.
pub(super) const YAML: Sample = Sample {
    text: include_str!("../../../tests/fixtures/import/sample.yml"),
    format: ImportFormat::Yaml,
    id: "yaml-sample",
    origin: "sample.yml",
};

/// `tests/fixtures/import/sample.lc3`.
pub(super) const LEXICODER: Sample = Sample {
    text: include_str!("../../../tests/fixtures/import/sample.lc3"),
    format: ImportFormat::Lexicoder,
    id: "lsd",
    origin: "sample.lc3",
};

impl Sample {
    /// The fixture, imported.
    pub(super) fn import(&self) -> Imported {
        import(self.text, self.format, self.id, self.origin).unwrap()
    }

    /// The import has the sample's id, `title` and `expected` concepts as
    /// `(id, label, [term texts])`; its leans follow its concepts and it round-trips.
    pub(super) fn assert_lexicon(&self, title: &str, expected: &[(&str, &str, Vec<&str>)]) {
        let imported = self.import();
        let lexicon = &imported.lexicon;
        assert_eq!(lexicon.id, self.id);
        assert_eq!(lexicon.title, title);
        assert_eq!(shape(lexicon), expected);
        assert_leans_follow_concepts(lexicon);
        assert_round_trips(lexicon);
    }

    /// The import's notes are `expected`, in order.
    pub(super) fn assert_notes(&self, expected: &[&str]) {
        assert_eq!(self.import().notes, expected);
    }
}

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
pub(super) fn assert_round_trips(lexicon: &Lexicon) {
    assert_eq!(validate::errors(lexicon), Vec::new());
    let text = to_toml(lexicon, "Imported for a test.\nEdit freely.");
    let parsed = parse(&text, Format::Toml, "round-trip.toml")
        .unwrap_or_else(|err| panic!("{err}\n---\n{text}"));
    assert_eq!(&parsed, lexicon, "{text}");
}

/// Importing `text` as `format` from `origin` gives `expected` concepts, as
/// `(id, label, [term texts])`, and `notes`; the lexicon is returned for further checks.
pub(super) fn assert_import(
    text: &str,
    format: ImportFormat,
    origin: &str,
    expected: &[(&str, &str, Vec<&str>)],
    notes: &[&str],
) -> Lexicon {
    let imported = import(text, format, "demo", origin).unwrap();
    assert_eq!(shape(&imported.lexicon), expected);
    assert_eq!(imported.notes, notes);
    imported.lexicon
}

/// The problems of a failed import.
pub(super) fn problems(result: Result<Imported>) -> Vec<Problem> {
    match result {
        Err(Error::Lexicon { problems, .. }) => problems,
        other => panic!("expected lexicon problems, got {other:?}"),
    }
}

/// The place and message of the one problem importing `text` as `format` finds.
pub(super) fn one_problem(text: &str, format: ImportFormat) -> ((usize, usize), String) {
    let found = problems(import(text, format, "demo", "bad"));
    assert_eq!(found.len(), 1, "{found:?}");
    let problem = found.into_iter().next().unwrap();
    (problem.location.expect("a placed problem"), problem.message)
}

/// Importing each `(text, at, fragment)` as `format` fails with one problem, placed `at`
/// (line, column), whose message contains `fragment`.
pub(super) fn assert_problems(format: ImportFormat, cases: &[(&str, (usize, usize), &str)]) {
    for &(text, at, fragment) in cases {
        let (found, message) = one_problem(text, format);
        assert_eq!(found, at, "{text:?}: {message}");
        assert!(message.contains(fragment), "{text:?}: {message}");
    }
}
