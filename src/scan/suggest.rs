//! Suggestions for lexicon authors: spellings in real text that are close to a lexicon
//! term but not in the lexicon (transliterations, typos, missing plurals), found with
//! normalised Damerau-Levenshtein similarity (strsim).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::lexicon::{LexiconSet, TermRef};
use crate::text::{Case, Normalized, fold_term};

/// Similarity at or above which a spelling is suggested, by default. 0.8 lets one edit
/// through in a five-letter word and two in a ten-letter one ("Stepanakerd" for
/// "Stepanakert" is 0.91, "Khankandi" for "Khankendi" 0.89), while different words of
/// similar shape mostly stay below.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// Spellings shorter than this (in folded characters) are never suggested: short words
/// are too often close to one another by chance.
const MIN_LENGTH: usize = 5;

/// A spelling found in the inputs that is close to a term.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The spelling as it first appears in the inputs.
    pub spelling: String,
    /// How often it appears (folded forms counted together).
    pub count: usize,
    /// The closest term.
    pub term: TermRef,
    /// The term's spelling it is closest to.
    pub close_to: String,
    /// Normalised Damerau-Levenshtein similarity, 0 to 1.
    pub similarity: f64,
}

/// One spelling of the lexicons, folded.
struct Known {
    term: TermRef,
    spelling: String,
    folded: String,
}

/// Collects n-grams from texts and compares them with the lexicons' spellings.
pub struct Suggester<'a> {
    lexicons: &'a LexiconSet,
    known: Vec<Known>,
    folded_known: HashSet<String>,
    stems: Vec<String>,
    max_words: usize,
    seen: HashMap<String, (usize, String)>,
}

impl<'a> Suggester<'a> {
    /// Prepares the spellings of `lexicons` (pattern terms are skipped).
    pub fn new(lexicons: &'a LexiconSet) -> Self {
        let mut known = Vec::new();
        let mut stems = Vec::new();
        for (at, term) in lexicons.terms().filter(|(_, t)| t.pattern.is_none()) {
            for spelling in term.spellings() {
                let folded = fold_term(spelling.trim_end_matches('*'), Case::Fold);
                if spelling.ends_with('*') {
                    stems.push(folded.clone());
                }
                known.push(Known {
                    term: at,
                    spelling: spelling.to_string(),
                    folded,
                });
            }
        }
        let folded_known = known.iter().map(|k| k.folded.clone()).collect();
        let max_words = known
            .iter()
            .map(|k| k.folded.split(' ').count())
            .max()
            .unwrap_or(1);
        Suggester {
            lexicons,
            known,
            folded_known,
            stems,
            max_words,
            seen: HashMap::new(),
        }
    }

    /// Counts the word sequences of one text; sequences never cross punctuation.
    pub fn feed(&mut self, text: &str) {
        let norm = Normalized::new(text);
        let folded = norm.as_str();
        for run in word_runs(folded) {
            for n in 1..=self.max_words {
                for window in run.windows(n) {
                    let span = window[0].start..window[n - 1].end;
                    let gram = &folded[span.clone()];
                    let entry = self.seen.entry(gram.to_string()).or_insert_with(|| {
                        let original = &text[norm.original_span(span, text)];
                        (0, crate::text::collapse_space(original).into_owned())
                    });
                    entry.0 += 1;
                }
            }
        }
    }

    /// The suggestions at or above `threshold`, most frequent first, each spelling once
    /// (for its closest term).
    pub fn suggestions(&self, threshold: f64, min_count: usize) -> Vec<Suggestion> {
        let mut found: Vec<Suggestion> = Vec::new();
        for (gram, (count, original)) in &self.seen {
            if *count < min_count || gram.chars().count() < MIN_LENGTH || self.is_known(gram) {
                continue;
            }
            let best = self
                .known
                .iter()
                .filter_map(|k| one_word_apart(gram, &k.folded).map(|score| (score, k)))
                .filter(|(score, _)| *score >= threshold)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((similarity, k)) = best {
                found.push(Suggestion {
                    spelling: original.clone(),
                    count: *count,
                    term: k.term,
                    close_to: k.spelling.clone(),
                    similarity,
                });
            }
        }
        found.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.spelling.cmp(&b.spelling))
        });
        found
    }

    /// Ready-to-paste `also = [...]` lines: each term's spellings plus the new ones.
    pub fn also_lines(&self, suggestions: &[Suggestion]) -> Vec<(TermRef, String)> {
        let mut by_term: BTreeMap<TermRef, Vec<&str>> = BTreeMap::new();
        for suggestion in suggestions {
            by_term
                .entry(suggestion.term)
                .or_default()
                .push(&suggestion.spelling);
        }
        by_term
            .into_iter()
            .map(|(at, new)| {
                let term = self.lexicons.term(at);
                let all: Vec<String> = term
                    .also
                    .iter()
                    .map(String::as_str)
                    .chain(new)
                    .map(|s| format!("{s:?}"))
                    .collect();
                (at, format!("also = [{}]", all.join(", ")))
            })
            .collect()
    }

    /// True when the lexicon already matches `gram`: a spelling, or a wildcard's word.
    fn is_known(&self, gram: &str) -> bool {
        self.folded_known.contains(gram)
            || self
                .stems
                .iter()
                .any(|stem| gram.starts_with(stem.as_str()) && !gram[stem.len()..].contains(' '))
    }
}

/// Runs of words separated only by spaces: punctuation ends a run.
fn word_runs(folded: &str) -> Vec<Vec<std::ops::Range<usize>>> {
    let mut runs = vec![Vec::new()];
    let mut start = None;
    for (i, c) in folded
        .char_indices()
        .chain(std::iter::once((folded.len(), '.')))
    {
        if crate::text::is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            runs.last_mut().expect("non-empty").push(s..i);
        }
        if c != ' ' && !runs.last().expect("non-empty").is_empty() {
            runs.push(Vec::new());
        }
    }
    runs
}

/// The similarity of the one word in which `gram` and `known` differ, when they have the
/// same number of words and differ in exactly one (a transliteration or typo of one name,
/// not a different phrase).
fn one_word_apart(gram: &str, known: &str) -> Option<f64> {
    let (a, b): (Vec<&str>, Vec<&str>) = (gram.split(' ').collect(), known.split(' ').collect());
    if a.len() != b.len() {
        return None;
    }
    let mut differing = a.iter().zip(&b).filter(|(x, y)| x != y);
    let (x, y) = differing.next()?;
    if differing.next().is_some() || !similar_length(x, y) {
        return None;
    }
    Some(strsim::normalized_damerau_levenshtein(x, y))
}

/// Lengths within a fifth of each other: anything further cannot reach the threshold.
fn similar_length(a: &str, b: &str) -> bool {
    let (a, b) = (a.chars().count(), b.chars().count());
    a.abs_diff(b) * 5 <= a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Format, parse};

    fn lexicons() -> LexiconSet {
        let text = r#"
id = "t"
title = "T"
[[concepts]]
id = "capital"
kind = "place"
label = "Capital"
terms = [{ text = "Stepanakert" }, { text = "Khankendi", also = ["Xankendi"] }]
[[concepts]]
id = "region"
kind = "territory"
label = "Region"
terms = [{ text = "Nagorno-Karabakh" }, { text = "occup*" }]
"#;
        LexiconSet::new(vec![parse(text, Format::Toml, "t").unwrap()])
    }

    #[test]
    fn near_spellings_are_suggested_with_counts() {
        let lexicons = lexicons();
        let mut suggester = Suggester::new(&lexicons);
        suggester.feed("Stepanakerd and Khankandi. Khankandi again, Nagorno-Karabagh, Stepanakert, occupation.");
        let found = suggester.suggestions(DEFAULT_THRESHOLD, 1);
        let spellings: Vec<(&str, usize, &str)> = found
            .iter()
            .map(|s| (s.spelling.as_str(), s.count, s.close_to.as_str()))
            .collect();
        assert_eq!(
            spellings,
            [
                ("Khankandi", 2, "Khankendi"),
                ("Nagorno-Karabagh", 1, "Nagorno-Karabakh"),
                ("Stepanakerd", 1, "Stepanakert")
            ]
        );
        let lines = suggester.also_lines(&found);
        assert!(
            lines
                .iter()
                .any(|(_, line)| line == r#"also = ["Xankendi", "Khankandi"]"#),
            "{lines:?}"
        );
    }

    #[test]
    fn phrases_that_differ_in_more_than_one_word_are_not_suggested() {
        assert_eq!(
            one_word_apart("nagorno karabagh", "nagorno karabakh").map(|s| s > 0.8),
            Some(true)
        );
        assert_eq!(one_word_apart("the karabagh", "nagorno karabakh"), None);
        assert_eq!(
            one_word_apart("a nagorno karabakh", "nagorno karabakh"),
            None
        );
    }

    #[test]
    fn known_spellings_and_short_words_are_not_suggested() {
        let lexicons = lexicons();
        let mut suggester = Suggester::new(&lexicons);
        suggester.feed("Stepanakert, Xankendi, occupied, the, a. Nagorno. Karabakh");
        assert!(suggester.suggestions(DEFAULT_THRESHOLD, 1).is_empty());
    }
}
