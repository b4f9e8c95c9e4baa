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

/// Collects the word sequences of texts that may be near-misses of the lexicons'
/// spellings, and compares them with those spellings.
///
/// A sequence of several words is a near-miss only where all its words but one are those
/// of a spelling: each spelling is indexed by its shape with each of its words left out in
/// turn, so that a sequence is kept, and later compared, only with the spellings whose
/// shape it has. A single word is compared only with the one-word spellings of a similar
/// length. Memory grows with the distinct words of the inputs, not their word sequences,
/// and time with the inputs, not their words times the lexicons' spellings.
pub struct Suggester<'a> {
    lexicons: &'a LexiconSet,
    known: Vec<Known>,
    folded_known: HashSet<String>,
    stems: Vec<String>,
    max_words: usize,
    /// The spellings of several words, by shape: every spelling under each key
    /// [`shape`] gives it with one of its words left out.
    by_shape: HashMap<u64, Vec<usize>>,
    /// The one-word spellings by their length in characters.
    single_by_length: BTreeMap<usize, Vec<usize>>,
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
        let mut by_shape: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut single_by_length: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut max_words = 1;
        for (index, k) in known.iter().enumerate() {
            let words: Vec<&str> = k.folded.split(' ').collect();
            max_words = max_words.max(words.len());
            if let [word] = words[..] {
                let length = word.chars().count();
                single_by_length.entry(length).or_default().push(index);
                continue;
            }
            let hashes: Vec<u64> = words.into_iter().map(word_hash).collect();
            for left_out in 0..hashes.len() {
                let entry = by_shape.entry(shape(&hashes, left_out)).or_default();
                if entry.last() != Some(&index) {
                    entry.push(index);
                }
            }
        }
        let folded_known = known.iter().map(|k| k.folded.clone()).collect();
        Suggester {
            lexicons,
            known,
            folded_known,
            stems,
            max_words,
            by_shape,
            single_by_length,
            seen: HashMap::new(),
        }
    }

    /// Counts the word sequences of one text that may be near-misses; sequences never
    /// cross punctuation.
    pub fn feed(&mut self, text: &str) {
        let norm = Normalized::new(text);
        let folded = norm.as_str();
        for run in word_runs(folded) {
            let hashes: Vec<u64> = run
                .iter()
                .map(|word| word_hash(&folded[word.clone()]))
                .collect();
            for n in 1..=self.max_words.min(run.len()) {
                for (first, window) in run.windows(n).enumerate() {
                    let words = &hashes[first..first + n];
                    if n > 1 && !(0..n).any(|i| self.by_shape.contains_key(&shape(words, i))) {
                        continue;
                    }
                    let span = window[0].start..window[n - 1].end;
                    let gram = &folded[span.clone()];
                    if n == 1 && gram.chars().count() < MIN_LENGTH {
                        continue;
                    }
                    match self.seen.get_mut(gram) {
                        Some(entry) => entry.0 += 1,
                        None => {
                            let original = &text[norm.original_span(span, text)];
                            let original = crate::text::collapse_space(original).into_owned();
                            self.seen.insert(gram.to_string(), (1, original));
                        }
                    }
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
                .candidates(gram)
                .into_iter()
                .map(|index| &self.known[index])
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

    /// The spellings `gram` may be one word apart from, in lexicon order: one-word
    /// spellings of a similar length, or spellings of its shape.
    fn candidates(&self, gram: &str) -> Vec<usize> {
        let words: Vec<&str> = gram.split(' ').collect();
        let mut candidates: Vec<usize> = if let [word] = words[..] {
            let length = word.chars().count();
            let range = (length * 4).div_ceil(5)..=length * 5 / 4;
            let lengths = self.single_by_length.range(range);
            lengths.flat_map(|(_, list)| list.iter().copied()).collect()
        } else {
            let hashes: Vec<u64> = words.iter().map(|word| word_hash(word)).collect();
            (0..words.len())
                .filter_map(|i| self.by_shape.get(&shape(&hashes, i)))
                .flatten()
                .copied()
                .collect()
        };
        candidates.sort_unstable();
        candidates.dedup();
        candidates
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

/// A hash of one folded word.
fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(word)
}

/// The shape of a sequence of words (given by their hashes) with the word at
/// `left_out` left out: the same for two sequences of as many words that differ at most
/// there.
fn shape(words: &[u64], left_out: usize) -> u64 {
    let mut key = (words.len() as u64) << 32 | left_out as u64;
    for (at, &word) in words.iter().enumerate() {
        if at != left_out {
            key = (key.rotate_left(17) ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    key
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

    #[test]
    fn only_sequences_of_a_spellings_shape_are_kept() {
        let lexicons = lexicons();
        let mut suggester = Suggester::new(&lexicons);
        suggester.feed("Alpha beta gamma Karabagh, nagorno deltas; Nagorno Karabagh.");
        let mut kept: Vec<&str> = suggester.seen.keys().map(String::as_str).collect();
        kept.sort_unstable();
        // Single words of five letters or more, and the two-word sequences that keep one
        // word of "nagorno karabakh" in its place; never "alpha beta" or "gamma karabagh".
        assert_eq!(
            kept,
            [
                "alpha",
                "deltas",
                "gamma",
                "karabagh",
                "nagorno",
                "nagorno deltas",
                "nagorno karabagh"
            ]
        );
        let found = suggester.suggestions(DEFAULT_THRESHOLD, 1);
        let spellings: Vec<&str> = found.iter().map(|s| s.spelling.as_str()).collect();
        assert_eq!(spellings, ["Nagorno Karabagh"]);
    }
}
