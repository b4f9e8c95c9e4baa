//! The lexicon data model, exactly as written in TOML or JSON lexicon files.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::period::{LeanSpec, PartialDate};

/// A lexicon: competing names for the actors, places and acts of one topic (or, for a
/// generic lexicon, of any story), each tagged with the perspective it signals.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Short identifier, such as `nagorno-karabakh`.
    pub id: String,
    /// Human-readable title.
    pub title: String,
    /// Optional longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Terms whose presence in the inputs selects this lexicon automatically.
    /// A lexicon without topic terms is generic and always selected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic: Vec<String>,
    /// The perspectives (leans) this lexicon distinguishes, with a description each.
    #[serde(default)]
    pub leans: BTreeMap<String, String>,
    /// Leans that mark a plain, unloaded usage (such as `intl` or `neutral`); a term with
    /// another lean, unless it is its concept's preferred variant, counts as loaded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neutral: Vec<String>,
    /// The period assumed for documents without a date, when leans change with time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_period: Option<PartialDate>,
    /// Another lexicon (a built-in id or a path) whose concepts this one starts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Concepts of the extended lexicon to leave out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<String>,
    /// The concepts, each with its competing terms.
    #[serde(default)]
    pub concepts: Vec<Concept>,
}

/// One thing that sources name differently: an actor, a place, an act.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Identifier, unique within the lexicon.
    pub id: String,
    /// What sort of thing the concept is (required, unless the concept adds terms to one
    /// of the same id in an extended lexicon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Human-readable name of the concept (required like `kind`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The variant suggested instead of a leaning one, where style guides agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred: Option<String>,
    /// Why the concept is contested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The competing variants.
    pub terms: Vec<Term>,
}

/// One variant of a concept.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Canonical text; a trailing `*` matches any word ending.
    pub text: String,
    /// The lean this variant signals (one of the lexicon's `[leans]`), or one lean per
    /// period as a list of `{ lean, since, until }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lean: Option<LeanSpec>,
    /// Other spellings counted as this variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// Whether case matters when matching.
    #[serde(default, skip_serializing_if = "CaseMode::is_default")]
    pub case: CaseMode,
    /// A regular expression matched against the original text instead of `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Longer phrases in which the term is not loaded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// How `check` reports the term, overriding the default for its concept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Why the term leans the way it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A reference for the note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What sort of thing a concept is; reports group rows by it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person, group, force or institution.
    Actor,
    /// A disputed territory.
    Territory,
    /// A town, road or other named place.
    Place,
    /// Something done: attacking, occupying, liberating.
    Action,
    /// Something that happened: a war, a ceasefire.
    Event,
    /// An emotive or condemning label.
    Label,
    /// A reporting verb or hedge.
    Attribution,
}

/// The groups in which reports show concepts, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KindGroup {
    /// Actors.
    Actors,
    /// Territory and places.
    Places,
    /// Actions and events.
    Actions,
    /// Labels.
    Labels,
    /// Attribution.
    Attribution,
}

impl Kind {
    /// The report group this kind belongs to.
    pub fn group(self) -> KindGroup {
        match self {
            Kind::Actor => KindGroup::Actors,
            Kind::Territory | Kind::Place => KindGroup::Places,
            Kind::Action | Kind::Event => KindGroup::Actions,
            Kind::Label => KindGroup::Labels,
            Kind::Attribution => KindGroup::Attribution,
        }
    }

    /// The kind as written in lexicon files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Territory => "territory",
            Kind::Place => "place",
            Kind::Action => "action",
            Kind::Event => "event",
            Kind::Label => "label",
            Kind::Attribution => "attribution",
        }
    }
}

impl KindGroup {
    /// The heading reports print above the group.
    pub fn title(self) -> &'static str {
        match self {
            KindGroup::Actors => "Actors",
            KindGroup::Places => "Territory and places",
            KindGroup::Actions => "Actions and events",
            KindGroup::Labels => "Labels",
            KindGroup::Attribution => "Attribution",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a term matches regardless of case.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CaseMode {
    /// Case does not matter (the default).
    #[default]
    Insensitive,
    /// Case must match as written.
    Sensitive,
}

impl CaseMode {
    fn is_default(&self) -> bool {
        *self == CaseMode::Insensitive
    }
}

/// How seriously `check` reports a finding.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Attribution verbs and hedges.
    Info,
    /// Leaning variants.
    Warning,
    /// Loaded labels.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl Concept {
    /// What sort of thing the concept is; validation guarantees it is set.
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Label)
    }

    /// True when `term` is the concept's preferred (neutral) variant.
    pub fn is_preferred(&self, term: &Term) -> bool {
        self.preferred.as_deref().is_some_and(|preferred| {
            term.text == preferred || term.also.iter().any(|also| also == preferred)
        })
    }
}

impl Lexicon {
    /// True when `lean` is one of the lexicon's neutral leans.
    pub fn is_neutral_lean(&self, lean: &str) -> bool {
        self.neutral.iter().any(|neutral| neutral == lean)
    }
}

impl Term {
    /// Every lean the term names, for any period.
    pub fn leans(&self) -> Vec<&str> {
        self.lean.as_ref().map(LeanSpec::all).unwrap_or_default()
    }

    /// The lean as written, for display: `az`, or `am 1992..1994, az 2020..` for dated leans.
    pub fn lean_text(&self) -> Option<String> {
        match self.lean.as_ref()? {
            LeanSpec::Fixed(lean) => Some(lean.clone()),
            LeanSpec::Dated(ranges) => Some(
                ranges
                    .iter()
                    .map(|r| {
                        let end =
                            |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
                        if r.since.is_none() && r.until.is_none() {
                            r.lean.clone()
                        } else {
                            format!("{} {}..{}", r.lean, end(r.since), end(r.until))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }

    /// Every spelling of the term: its text, then its `also` variants.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.also.iter().map(String::as_str))
    }
}

/// Identifies one term of one concept of one lexicon in a loaded set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermRef {
    /// Index of the lexicon in the active set.
    pub lexicon: usize,
    /// Index of the concept in its lexicon.
    pub concept: usize,
    /// Index of the term in its concept.
    pub term: usize,
}

impl TermRef {
    /// The concept part of the reference.
    pub fn concept_ref(self) -> ConceptRef {
        ConceptRef {
            lexicon: self.lexicon,
            concept: self.concept,
        }
    }
}

/// Identifies one concept of one lexicon in a loaded set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConceptRef {
    /// Index of the lexicon in the active set.
    pub lexicon: usize,
    /// Index of the concept in its lexicon.
    pub concept: usize,
}
