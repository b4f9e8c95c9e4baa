//! Lexicons: the data model, loading from TOML or JSON, validation, and the built-ins.
//!
//! A lexicon never sees article text; the `scan` step compiles it into a matcher.

pub mod builtin;
pub mod import;
mod load;
mod locate;
mod model;
pub mod period;
mod sections;
pub mod template;
pub mod validate;

use std::path::Path;

pub use load::{Format, Loaded, load_checked, load_path, parse, parse_checked};
pub use model::{CaseMode, Concept, ConceptRef, Kind, KindGroup, Lexicon, Severity, Term, TermRef};

use crate::error::{Error, Result};

/// Resolves a `--lexicon` argument: a built-in id, else a path to a lexicon file.
pub fn resolve(spec: &str) -> Result<Lexicon> {
    if let Some(found) = builtin::get(spec) {
        return found;
    }
    let path = Path::new(spec);
    if path.exists() {
        return load_path(path);
    }
    Err(Error::UnknownLexicon {
        name: spec.to_string(),
        known: builtin::ids().collect::<Vec<_>>().join(", "),
    })
}

/// The active lexicons of one run, addressed by [`TermRef`] and [`ConceptRef`].
#[derive(Debug, Clone, Default)]
pub struct LexiconSet {
    lexicons: Vec<Lexicon>,
}

impl LexiconSet {
    /// Wraps lexicons in the order they will be reported.
    pub fn new(lexicons: Vec<Lexicon>) -> Self {
        LexiconSet { lexicons }
    }

    /// The lexicons, in order.
    pub fn lexicons(&self) -> &[Lexicon] {
        &self.lexicons
    }

    /// The lexicon a reference points into.
    pub fn lexicon(&self, index: usize) -> &Lexicon {
        &self.lexicons[index]
    }

    /// The concept a reference points to.
    pub fn concept(&self, at: ConceptRef) -> &Concept {
        &self.lexicons[at.lexicon].concepts[at.concept]
    }

    /// The term a reference points to.
    pub fn term(&self, at: TermRef) -> &Term {
        &self.concept(at.concept_ref()).terms[at.term]
    }

    /// Every term with its reference, in lexicon order.
    pub fn terms(&self) -> impl Iterator<Item = (TermRef, &Term)> {
        self.lexicons.iter().enumerate().flat_map(|(l, lexicon)| {
            lexicon
                .concepts
                .iter()
                .enumerate()
                .flat_map(move |(c, concept)| {
                    concept.terms.iter().enumerate().map(move |(t, term)| {
                        let at = TermRef {
                            lexicon: l,
                            concept: c,
                            term: t,
                        };
                        (at, term)
                    })
                })
        })
    }

    /// The lean of a term in a document of `date` (see [`period::LeanSpec::resolve`]).
    pub fn resolve_lean(
        &self,
        at: TermRef,
        date: Option<period::PartialDate>,
    ) -> period::ResolvedLean<'_> {
        match &self.term(at).lean {
            Some(spec) => spec.resolve(date, self.lexicon(at.lexicon).default_period),
            None => period::ResolvedLean {
                lean: None,
                rule: period::LeanRule::None,
            },
        }
    }

    /// True when a use of the term with `lean` is loaded: the lean is one its lexicon does
    /// not call neutral, and the term is not its concept's preferred variant.
    pub fn is_loaded(&self, at: TermRef, lean: Option<&str>) -> bool {
        let lexicon = self.lexicon(at.lexicon);
        lean.is_some_and(|lean| !lexicon.is_neutral_lean(lean))
            && !self.concept(at.concept_ref()).is_preferred(self.term(at))
    }
}
