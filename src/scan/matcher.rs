//! One multi-pattern automaton over folded text, with the whole-word, wildcard and case
//! rules of the lexicon format applied to what it finds.
//!
//! Every spelling is folded like article text (see [`crate::text::Normalized`]); a spelling
//! of several words is also compiled without its spaces, so `Nagorno-Karabakh` finds
//! `Nagorno Karabakh`, `Nagorno-Karabakh` and `NagornoKarabakh`. The automaton runs
//! leftmost-longest. A candidate that fails a boundary check does not hide a shorter valid
//! match at the same place: the search retries there, anchored, for shorter patterns.

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind, StartKind};

use crate::lexicon::CaseMode;
use crate::text::{Case, Normalized, fold_term, is_word_char};

/// One spelling to look for, and what a match of it stands for.
#[derive(Debug, Clone)]
pub struct Needle<'a> {
    /// The spelling as written in the lexicon; a trailing `*` matches any word ending.
    pub text: &'a str,
    /// Whether case must match.
    pub case: CaseMode,
    /// Caller's identifier, returned with every match.
    pub target: usize,
}

/// A match in folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The needle's target.
    pub target: usize,
    /// Byte range in the folded text, extended to the word's end for wildcards.
    pub span: Range<usize>,
}

/// Compiled needles.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Unanchored leftmost-longest search; also retries shorter patterns where a
    /// candidate failed a check at its end.
    automaton: AhoCorasick,
    patterns: Vec<PatternInfo>,
}

/// Up to this many patterns the search automaton is a DFA: several times faster than
/// the NFA while its table stays small (about 10 MiB at 5,000 multi-word terms). Beyond
/// it the DFA outgrows the caches and the contiguous NFA is faster and far smaller.
const DFA_MAX_PATTERNS: usize = 20_000;

#[derive(Debug, Clone)]
struct PatternInfo {
    target: usize,
    wildcard: bool,
    /// For case-sensitive spellings: the spelling folded with case kept, without spaces.
    cased: Option<String>,
    word_start: bool,
    word_end: bool,
}

impl Matcher {
    /// Compiles needles into one automaton.
    pub fn new(needles: &[Needle<'_>]) -> Result<Self, aho_corasick::BuildError> {
        let mut patterns = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for needle in needles {
            let raw = needle.text.trim();
            let wildcard = raw.ends_with('*');
            let stem = raw.trim_end_matches('*');
            let folded = fold_term(stem, Case::Fold);
            let (Some(first), Some(last)) = (folded.chars().next(), folded.chars().last()) else {
                continue;
            };
            let cased = (needle.case == CaseMode::Sensitive)
                .then(|| without_spaces(&fold_term(stem, Case::Keep)));
            let joined = without_spaces(&folded);
            let variants = if joined != folded {
                vec![folded.clone(), joined]
            } else {
                vec![folded.clone()]
            };
            for variant in variants {
                if !seen.insert(variant.clone()) {
                    continue;
                }
                texts.push(variant);
                patterns.push(PatternInfo {
                    target: needle.target,
                    wildcard,
                    cased: cased.clone(),
                    word_start: is_word_char(first),
                    word_end: is_word_char(last),
                });
            }
        }
        let kind = if texts.len() <= DFA_MAX_PATTERNS {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Unanchored)
            .kind(Some(kind))
            .build(&texts)?;
        Ok(Matcher {
            automaton,
            patterns,
        })
    }

    /// Every accepted match in `norm`, left to right, never overlapping.
    ///
    /// `original` is the text `norm` was folded from; it is read only to check
    /// case-sensitive spellings.
    pub fn find_all(&self, norm: &Normalized, original: &str) -> Vec<Found> {
        let hay = norm.as_str();
        let mut found = Vec::new();
        let mut at = 0;
        while at < hay.len() {
            let Some(candidate) = self.automaton.find(Input::new(hay).range(at..)) else {
                break;
            };
            match self.accept_at(norm, original, candidate) {
                Some(hit) => {
                    at = hit.span.end.max(candidate.start() + 1);
                    found.push(hit);
                }
                None => at = candidate.start() + 1,
            }
        }
        found
    }

    /// The longest acceptable match starting where `candidate` starts, trying shorter
    /// patterns there when the longest one fails a check.
    fn accept_at(
        &self,
        norm: &Normalized,
        original: &str,
        candidate: aho_corasick::Match,
    ) -> Option<Found> {
        let hay = norm.as_str();
        let start = candidate.start();
        // Inside a word no spelling can start (each begins with a word character or
        // has no boundary to check), so there is nothing shorter to try.
        if hay[..start].chars().next_back().is_some_and(is_word_char)
            && hay[start..].chars().next().is_some_and(is_word_char)
            && self.patterns[candidate.pattern().as_usize()].word_start
        {
            return None;
        }
        let mut current = candidate;
        loop {
            if let Some(found) = self.accept(norm, original, &current) {
                return Some(found);
            }
            if current.end() <= start + 1 {
                return None;
            }
            // Leftmost-longest over the shorter range finds the longest pattern that
            // starts here if any does, and otherwise one starting later.
            let shorter = Input::new(hay).range(start..current.end() - 1);
            current = self
                .automaton
                .find(shorter)
                .filter(|m| m.start() == start)?;
        }
    }

    fn accept(&self, norm: &Normalized, original: &str, m: &aho_corasick::Match) -> Option<Found> {
        let hay = norm.as_str();
        let info = &self.patterns[m.pattern().as_usize()];
        if info.word_start
            && hay[..m.start()]
                .chars()
                .next_back()
                .is_some_and(is_word_char)
        {
            return None;
        }
        let mut end = m.end();
        let next_is_word = hay[end..].chars().next().is_some_and(is_word_char);
        if info.wildcard {
            end += hay[end..]
                .find(|c: char| !is_word_char(c))
                .unwrap_or(hay.len() - end);
        } else if info.word_end && next_is_word {
            return None;
        }
        if let Some(cased) = &info.cased {
            let span = norm.original_span(m.start()..m.end(), original);
            if without_spaces(&fold_term(&original[span], Case::Keep)) != *cased {
                return None;
            }
        }
        Some(Found {
            target: info.target,
            span: m.start()..end,
        })
    }
}

fn without_spaces(text: &str) -> String {
    text.replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs needles (target = index) over `text`, returning (target, matched original text).
    fn run(needles: &[(&str, CaseMode)], text: &str) -> Vec<(usize, String)> {
        let needles: Vec<Needle<'_>> = needles
            .iter()
            .enumerate()
            .map(|(target, (text, case))| Needle {
                text,
                case: *case,
                target,
            })
            .collect();
        let matcher = Matcher::new(&needles).unwrap();
        let norm = Normalized::new(text);
        matcher
            .find_all(&norm, text)
            .into_iter()
            .map(|f| (f.target, text[norm.original_span(f.span, text)].to_string()))
            .collect()
    }

    fn insensitive<'a>(texts: &[&'a str]) -> Vec<(&'a str, CaseMode)> {
        texts.iter().map(|t| (*t, CaseMode::Insensitive)).collect()
    }

    #[test]
    fn whole_words_only() {
        let found = run(&insensitive(&["war"]), "toward the war, warfare; WAR");
        assert_eq!(found, [(0, "war".into()), (0, "WAR".into())]);
    }

    #[test]
    fn case_insensitive_by_default_and_sensitive_on_request() {
        let found = run(&[("NKR", CaseMode::Sensitive)], "the NKR and the nkr");
        assert_eq!(found, [(0, "NKR".into())]);
    }

    #[test]
    fn trailing_star_matches_any_word_ending() {
        let found = run(
            &insensitive(&["occup*"]),
            "occupied, occupying; preoccupied occup",
        );
        let texts: Vec<_> = found.into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts, ["occupied", "occupying", "occup"]);
    }

    #[test]
    fn hyphen_space_and_no_space_are_equivalent() {
        let text = "Nagorno-Karabakh, Nagorno Karabakh, NagornoKarabakh, Nagorno–\nKarabakh";
        let found = run(&insensitive(&["Nagorno-Karabakh"]), text);
        assert_eq!(found.len(), 4, "{found:?}");
        let found = run(
            &insensitive(&["cease fire"]),
            "a ceasefire and a cease-fire",
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn typography_and_diacritics_fold() {
        let found = run(
            &insensitive(&["Cavusoglu", "people's"]),
            "Çavuşoğlu met the people’s envoy",
        );
        assert_eq!(found, [(0, "Çavuşoğlu".into()), (1, "people’s".into())]);
    }

    #[test]
    fn longest_match_wins_where_terms_overlap() {
        let needles = insensitive(&["occupied", "occupied territories", "territories"]);
        let found = run(&needles, "the occupied territories and territories");
        assert_eq!(
            found,
            [
                (1, "occupied territories".into()),
                (2, "territories".into())
            ]
        );
    }

    #[test]
    fn a_failed_longest_candidate_falls_back_to_a_shorter_one() {
        let needles = insensitive(&["armenian forces", "armenian"]);
        let found = run(&needles, "Armenian forcesque");
        assert_eq!(found, [(1, "Armenian".into())]);
    }

    #[test]
    fn a_match_that_fails_at_the_left_still_lets_later_matches_through() {
        let needles = insensitive(&["regime change", "change"]);
        let found = run(&needles, "xregime change");
        assert_eq!(found, [(1, "change".into())]);
    }

    #[test]
    fn possessives_and_punctuation_end_words() {
        let found = run(
            &insensitive(&["Azerbaijan"]),
            "Azerbaijan’s army; Azerbaijan.",
        );
        assert_eq!(found.len(), 2);
    }
}
