//! Finding lexicon terms in article text.
//!
//! All spellings of all active terms compile into one [`Matcher`] over folded text;
//! `pattern` terms (the regex escape hatch) run as one [`regex::RegexSet`] over the
//! original text. The scan yields [`Hit`]s in text order, never overlapping: the earliest
//! match wins, and of those starting together the longest. Voice is not decided here.

mod matcher;
pub mod suggest;
mod topics;

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

pub use matcher::{Found, Matcher, Needle};
pub use topics::{TopicCount, TopicCounts, TopicDetector};

use crate::error::{Error, Problem, Result};
use crate::lexicon::{CaseMode, LexiconSet, TermRef};
use crate::text::{Case, Normalized, fold_term};

/// One occurrence of a lexicon term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The term found.
    pub term: TermRef,
    /// Half-open byte range in the original text.
    pub span: Range<usize>,
}

/// What a compiled spelling stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    Term(TermRef),
    /// A phrase listed in a term's `except`: where it matches, nothing is reported.
    Except,
}

/// The compiled form of a set of lexicons.
#[derive(Debug, Clone)]
pub struct Scanner {
    matcher: Matcher,
    /// What each compiled spelling stands for: usually one term, several when lexicons
    /// share a spelling.
    targets: Targets,
    patterns: Option<PatternTerms>,
    shared: Vec<SharedSpelling>,
}

#[derive(Debug, Clone)]
struct PatternTerms {
    set: RegexSet,
    each: Vec<(Regex, TermRef)>,
}

/// A spelling that terms of several lexicons share; each of them gets every hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSpelling {
    /// The spelling, as the first lexicon writes it.
    pub spelling: String,
    /// The terms that share it.
    pub terms: Vec<TermRef>,
}

impl Scanner {
    /// Compiles every term of every lexicon in `lexicons`.
    pub fn new(lexicons: &LexiconSet) -> Result<Self> {
        // Every spelling and `except` phrase, in lexicon order, with what it stands for.
        let mut texts: Vec<(&str, CaseMode, Target)> = Vec::new();
        let mut pattern_terms = Vec::new();
        for (at, term) in lexicons.terms() {
            if let Some(pattern) = &term.pattern {
                pattern_terms.push((pattern.as_str(), term.case, at));
                continue;
            }
            for text in term.spellings() {
                texts.push((text, term.case, Target::Term(at)));
            }
            for phrase in &term.except {
                texts.push((phrase, CaseMode::Insensitive, Target::Except));
            }
        }
        let Spellings {
            distinct: spellings,
            targets,
        } = distinct_spellings(texts);
        let needles: Vec<Needle<'_>> = spellings
            .iter()
            .enumerate()
            .map(|(target, (text, case))| Needle {
                text: text.as_str(),
                case: *case,
                target,
            })
            .collect();
        let matcher = Matcher::new(&needles);
        let patterns = compile_patterns(&pattern_terms)?;
        let targets = Targets::new(spellings.len(), targets);
        let shared = shared_spellings(&targets, &spellings);
        Ok(Scanner {
            matcher,
            targets,
            patterns,
            shared,
        })
    }

    /// Spellings that terms of more than one lexicon share.
    pub fn shared_spellings(&self) -> &[SharedSpelling] {
        &self.shared
    }

    /// The hits in `text[body]`, with spans into `text`, in text order. A spelling that
    /// several lexicons share gives one hit per term.
    pub fn scan(&self, text: &str, body: Range<usize>) -> Vec<Hit> {
        let slice = &text[body.clone()];
        let norm = Normalized::new(slice);
        let pattern_hits = self
            .patterns
            .as_ref()
            .map(|patterns| patterns.find_all(slice))
            .unwrap_or_default();
        let mut candidates: Vec<(Range<usize>, &[Target])> = self
            .matcher
            .find_all(&norm, slice)
            .into_iter()
            .map(|found| {
                (
                    norm.original_span(found.span, slice),
                    self.targets.of(found.target),
                )
            })
            .collect();
        if !pattern_hits.is_empty() {
            candidates.extend(
                pattern_hits
                    .iter()
                    .map(|(span, target)| (span.clone(), std::slice::from_ref(target))),
            );
            candidates = leftmost_longest(candidates);
        }
        let mut hits = Vec::with_capacity(candidates.len());
        for (span, targets) in candidates {
            for &target in targets {
                if let Target::Term(term) = target {
                    hits.push(Hit {
                        term,
                        span: body.start + span.start..body.start + span.end,
                    });
                }
            }
        }
        hits
    }
}

/// What each compiled spelling stands for, in one flat list (a large lexicon has tens of
/// thousands of spellings, nearly all with one target): spelling `i`'s targets are
/// `all[starts[i]..starts[i + 1]]`, in the order the lexicons list them.
#[derive(Debug, Clone)]
struct Targets {
    starts: Vec<u32>,
    all: Vec<Target>,
}

impl Targets {
    /// Flattens `(spelling, target)` pairs, listed in lexicon order, for `spellings` spellings.
    fn new(spellings: usize, mut pairs: Vec<(usize, Target)>) -> Self {
        // A stable sort keeps each spelling's targets in lexicon order.
        pairs.sort_by_key(|(spelling, _)| *spelling);
        let mut starts = Vec::with_capacity(spellings + 1);
        let mut all = Vec::with_capacity(pairs.len());
        for (spelling, target) in pairs {
            while starts.len() <= spelling {
                starts.push(Self::offset(all.len()));
            }
            all.push(target);
        }
        starts.resize(spellings + 1, Self::offset(all.len()));
        Targets { starts, all }
    }

    fn offset(at: usize) -> u32 {
        u32::try_from(at).expect("fewer than 2^32 spellings in the active lexicons")
    }

    /// The targets of spelling `spelling`.
    fn of(&self, spelling: usize) -> &[Target] {
        &self.all[self.starts[spelling] as usize..self.starts[spelling + 1] as usize]
    }

    /// The targets of each spelling, in order.
    fn each(&self) -> impl Iterator<Item = &[Target]> {
        (0..self.starts.len() - 1).map(|spelling| self.of(spelling))
    }
}

fn shared_spellings(targets: &Targets, spellings: &[(String, CaseMode)]) -> Vec<SharedSpelling> {
    targets
        .each()
        .zip(spellings)
        .filter_map(|(targets, (spelling, _))| {
            let terms: Vec<TermRef> = targets
                .iter()
                .filter_map(|t| match t {
                    Target::Term(term) => Some(*term),
                    Target::Except => None,
                })
                .collect();
            let lexicons: std::collections::BTreeSet<usize> =
                terms.iter().map(|t| t.lexicon).collect();
            (lexicons.len() > 1).then(|| SharedSpelling {
                spelling: spelling.clone(),
                terms,
            })
        })
        .collect()
}

impl PatternTerms {
    fn find_all(&self, text: &str) -> Vec<(Range<usize>, Target)> {
        let mut found = Vec::new();
        for index in self.set.matches(text).iter() {
            let (regex, term) = &self.each[index];
            for m in regex.find_iter(text).filter(|m| !m.is_empty()) {
                found.push((m.range(), Target::Term(*term)));
            }
        }
        found
    }
}

/// The spellings of some texts, each once, and what each text stands for.
struct Spellings {
    /// Each distinct spelling, as first written, with its case mode.
    distinct: Vec<(String, CaseMode)>,
    /// Each text's target with the number of its spelling, in the order of the texts.
    targets: Vec<(usize, Target)>,
}

/// The spellings of `texts`: texts that fold alike are one spelling, the first one's.
fn distinct_spellings(texts: Vec<(&str, CaseMode, Target)>) -> Spellings {
    // Folding is most of the work here: on all cores.
    let keys: Vec<String> = texts
        .par_iter()
        .map(|(text, _, _)| fold_term(text.trim().trim_end_matches('*'), Case::Fold))
        .collect();
    let mut targets = Vec::with_capacity(texts.len());
    let mut spellings: Vec<(String, CaseMode)> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::with_capacity(keys.len());
    for ((text, case, target), key) in texts.into_iter().zip(keys) {
        let spelling = *by_key.entry(key).or_insert_with(|| {
            spellings.push((text.to_string(), case));
            spellings.len() - 1
        });
        targets.push((spelling, target));
    }
    Spellings {
        distinct: spellings,
        targets,
    }
}

fn compile_patterns(terms: &[(&str, CaseMode, TermRef)]) -> Result<Option<PatternTerms>> {
    if terms.is_empty() {
        return Ok(None);
    }
    let insensitive = |case: CaseMode| case == CaseMode::Insensitive;
    let mut each = Vec::with_capacity(terms.len());
    for (pattern, case, at) in terms {
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(insensitive(*case))
            .build()
            .map_err(|err| compile_error(format!("invalid pattern `{pattern}`: {err}")))?;
        each.push((regex, *at));
    }
    // The set only says which patterns occur at all; case folding must agree with `each`.
    let set_patterns = terms.iter().map(|(pattern, case, _)| {
        if insensitive(*case) {
            format!("(?i:{pattern})")
        } else {
            pattern.to_string()
        }
    });
    let set = RegexSetBuilder::new(set_patterns)
        .build()
        .map_err(|err| compile_error(err.to_string()))?;
    Ok(Some(PatternTerms { set, each }))
}

/// Keeps the earliest of overlapping candidates, and the longest of those starting together.
fn leftmost_longest<T>(mut candidates: Vec<(Range<usize>, T)>) -> Vec<(Range<usize>, T)> {
    candidates.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    let mut kept: Vec<(Range<usize>, T)> = Vec::with_capacity(candidates.len());
    for (span, target) in candidates {
        if kept.last().is_none_or(|(last, _)| span.start >= last.end) {
            kept.push((span, target));
        }
    }
    kept
}

fn compile_error(message: String) -> Error {
    Error::lexicon("active lexicons", Problem::new(message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Format, parse};

    fn set(terms: &str) -> LexiconSet {
        let text = format!(
            "id = \"t\"\ntitle = \"T\"\n[leans]\na = \"A\"\n[[concepts]]\nid = \"c\"\nkind = \"label\"\nlabel = \"C\"\nterms = [{terms}]\n"
        );
        LexiconSet::new(vec![parse(&text, Format::Toml, "t.toml").unwrap()])
    }

    fn found(lexicons: &LexiconSet, text: &str) -> Vec<(usize, String)> {
        let scanner = Scanner::new(lexicons).unwrap();
        scanner
            .scan(text, 0..text.len())
            .into_iter()
            .map(|hit| (hit.term.term, text[hit.span].to_string()))
            .collect()
    }

    #[test]
    fn except_phrases_hide_the_term_inside_them() {
        let lexicons = set(r#"{ text = "regime", except = ["visa regime", "regime of silence"] }"#);
        let hits = found(
            &lexicons,
            "The visa regime, the regime, a regime of silence.",
        );
        assert_eq!(hits, [(0, "regime".to_string())]);
    }

    #[test]
    fn also_spellings_count_as_the_term() {
        let lexicons = set(r#"{ text = "Khankendi", also = ["Xankəndi"] }"#);
        let hits = found(&lexicons, "Xankəndi and Xankendi and Khankendi");
        assert_eq!(hits.len(), 3);
        assert!(hits.iter().all(|(term, _)| *term == 0));
    }

    #[test]
    fn pattern_terms_run_on_the_original_text_and_merge_by_position() {
        let lexicons =
            set(r#"{ text = "N.K.R.", pattern = "\\bN\\.?K\\.?R\\.?" }, { text = "republic" }"#);
        let hits = found(&lexicons, "the N.K.R. republic and NKR");
        assert_eq!(
            hits,
            [
                (0, "N.K.R.".to_string()),
                (1, "republic".to_string()),
                (0, "NKR".to_string())
            ]
        );
    }

    #[test]
    fn pattern_terms_lose_to_longer_literal_matches_at_the_same_place() {
        let lexicons = set(r#"{ text = "war", pattern = "\\bwar\\b" }, { text = "war crimes" }"#);
        let hits = found(&lexicons, "war crimes of war");
        assert_eq!(
            hits,
            [(1, "war crimes".to_string()), (0, "war".to_string())]
        );
    }

    #[test]
    fn a_spelling_shared_by_two_lexicons_reports_under_both() {
        let lexicon = |id: &str| {
            let text = format!(
                "id = \"{id}\"\ntitle = \"T\"\n[[concepts]]\nid = \"c\"\nkind = \"label\"\nlabel = \"C\"\nterms = [{{ text = \"regime\" }}]\n"
            );
            parse(&text, Format::Toml, "t.toml").unwrap()
        };
        let lexicons = LexiconSet::new(vec![lexicon("a"), lexicon("b")]);
        let scanner = Scanner::new(&lexicons).unwrap();
        let hits = scanner.scan("the regime", 0.."the regime".len());
        let owners: Vec<usize> = hits.iter().map(|h| h.term.lexicon).collect();
        assert_eq!(owners, [0, 1]);
        assert_eq!(scanner.shared_spellings().len(), 1);
        assert_eq!(scanner.shared_spellings()[0].spelling, "regime");
    }

    #[test]
    fn targets_are_listed_per_spelling_in_lexicon_order() {
        let term = |term| {
            Target::Term(TermRef {
                lexicon: 0,
                concept: 0,
                term,
            })
        };
        let terms = |targets: &[Target]| -> Vec<Option<usize>> {
            targets
                .iter()
                .map(|target| match target {
                    Target::Term(at) => Some(at.term),
                    Target::Except => None,
                })
                .collect()
        };
        let pairs = vec![
            (1, term(0)),
            (0, term(1)),
            (1, Target::Except),
            (1, term(2)),
        ];
        let targets = Targets::new(3, pairs);
        assert_eq!(terms(targets.of(0)), [Some(1)]);
        assert_eq!(terms(targets.of(1)), [Some(0), None, Some(2)]);
        assert!(targets.of(2).is_empty());
        assert_eq!(targets.each().count(), 3);
    }

    #[test]
    fn spans_are_offset_into_the_whole_text() {
        let lexicons = set(r#"{ text = "truce" }"#);
        let text = "---\noutlet: X\n---\nA truce.";
        let body = text.find("A truce").unwrap()..text.len();
        let hits = Scanner::new(&lexicons).unwrap().scan(text, body);
        assert_eq!(&text[hits[0].span.clone()], "truce");
    }
}
