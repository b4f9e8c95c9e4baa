//! Finding lexicon terms in article text.
//!
//! All spellings of all active terms compile into one [`Matcher`] over folded text;
//! `pattern` terms (the regex escape hatch) run as one [`regex::RegexSet`] over the
//! original text. The scan yields [`Hit`]s in text order, never overlapping: the earliest
//! match wins, and of those starting together the longest. Voice is not decided here.

mod matcher;
mod topics;

use std::ops::Range;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

pub use matcher::{Found, Matcher, Needle};
pub use topics::{TopicCount, TopicDetector};

use crate::error::{Error, Problem, Result};
use crate::lexicon::{CaseMode, LexiconSet, TermRef};
use crate::text::Normalized;

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
    targets: Vec<Target>,
    patterns: Option<PatternTerms>,
}

#[derive(Debug, Clone)]
struct PatternTerms {
    set: RegexSet,
    each: Vec<(Regex, TermRef)>,
}

impl Scanner {
    /// Compiles every term of every lexicon in `lexicons`.
    pub fn new(lexicons: &LexiconSet) -> Result<Self> {
        let mut targets = Vec::new();
        let mut needles = Vec::new();
        let mut pattern_terms = Vec::new();
        for (at, term) in lexicons.terms() {
            if let Some(pattern) = &term.pattern {
                pattern_terms.push((pattern.as_str(), term.case, at));
                continue;
            }
            let target = targets.len();
            targets.push(Target::Term(at));
            needles.extend(term.spellings().map(|text| Needle {
                text,
                case: term.case,
                target,
            }));
            for phrase in &term.except {
                needles.push(Needle {
                    text: phrase,
                    case: CaseMode::Insensitive,
                    target: targets.len(),
                });
                targets.push(Target::Except);
            }
        }
        let matcher = Matcher::new(&needles).map_err(|err| compile_error(err.to_string()))?;
        let patterns = compile_patterns(&pattern_terms)?;
        Ok(Scanner {
            matcher,
            targets,
            patterns,
        })
    }

    /// The hits in `text[body]`, with spans into `text`.
    pub fn scan(&self, text: &str, body: Range<usize>) -> Vec<Hit> {
        let slice = &text[body.clone()];
        let norm = Normalized::new(slice);
        let mut candidates: Vec<(Range<usize>, Target)> = self
            .matcher
            .find_all(&norm, slice)
            .into_iter()
            .map(|found| {
                (
                    norm.original_span(found.span, slice),
                    self.targets[found.target],
                )
            })
            .collect();
        if let Some(patterns) = &self.patterns {
            candidates.extend(patterns.find_all(slice));
            candidates = leftmost_longest(candidates);
        }
        candidates
            .into_iter()
            .filter_map(|(span, target)| match target {
                Target::Term(term) => Some(Hit {
                    term,
                    span: body.start + span.start..body.start + span.end,
                }),
                Target::Except => None,
            })
            .collect()
    }
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
fn leftmost_longest(mut candidates: Vec<(Range<usize>, Target)>) -> Vec<(Range<usize>, Target)> {
    candidates.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    let mut kept: Vec<(Range<usize>, Target)> = Vec::with_capacity(candidates.len());
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
    fn spans_are_offset_into_the_whole_text() {
        let lexicons = set(r#"{ text = "truce" }"#);
        let text = "---\noutlet: X\n---\nA truce.";
        let body = text.find("A truce").unwrap()..text.len();
        let hits = Scanner::new(&lexicons).unwrap().scan(text, body);
        assert_eq!(&text[hits[0].span.clone()], "truce");
    }
}
