//! One multi-pattern automaton over folded text, with the whole-word, wildcard and case
//! rules of the lexicon format applied to what it finds.
//!
//! Every spelling is folded like article text (see [`crate::text::Normalized`]); a spelling
//! of several words is also looked for without its spaces, so `Nagorno-Karabakh` finds
//! `Nagorno Karabakh`, `Nagorno-Karabakh` and `NagornoKarabakh`. The automaton runs
//! leftmost-longest. A candidate that fails a boundary check does not hide a shorter valid
//! match at the same place: the search retries there, anchored, for shorter patterns.
//!
//! A spelling written together that is one whole word (`nagornokarabakh`) is not compiled
//! into the automaton, where these would nearly double its size and its build time. It
//! goes into [`JoinedWords`], and the automaton gets only a short trigger for it (its
//! first word and the next character), so it stops wherever such a word may start; there
//! the word is looked up, with the result a single automaton holding both would give.

use std::collections::BTreeSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind, StartKind};
use foldhash::{HashMap, HashSet, HashSetExt};
use rayon::prelude::*;

use crate::lexicon::CaseMode;
use crate::text::{Case, Normalized, fold_term, is_word_char, word_end};

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
    joined: JoinedWords,
}

/// Up to this many patterns the search automaton is a DFA: several times faster than
/// the NFA while its table stays small (a few MiB at 5,000 multi-word terms). Beyond it
/// the DFA outgrows the caches and the contiguous NFA is faster and far smaller.
const DFA_MAX_PATTERNS: usize = 20_000;

/// What the automaton's pattern stands for, and the checks a match of it must pass: 24
/// bytes, since a large lexicon compiles tens of thousands.
#[derive(Debug, Clone)]
struct PatternInfo {
    /// The needle's target.
    target: u32,
    wildcard: bool,
    /// For case-sensitive spellings: the spelling folded with case kept, without spaces.
    cased: Option<Box<str>>,
    word_start: bool,
    word_end: bool,
}

impl Matcher {
    /// Compiles needles into one automaton and a table of joined whole words.
    pub fn new(needles: &[Needle<'_>]) -> Result<Self, aho_corasick::BuildError> {
        Self::build(needles, Joined::LookedUp)
    }

    fn build(needles: &[Needle<'_>], joined: Joined) -> Result<Self, aho_corasick::BuildError> {
        // Folding every spelling is most of the work before the automaton: on all cores.
        let spellings: Vec<Option<Spelling>> = needles
            .par_iter()
            .map(|needle| Spelling::new(needle, joined))
            .collect();
        let mut patterns = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut words = JoinedWords::default();
        let mut triggers = BTreeSet::new();
        let mut seen = HashSet::new();
        // Taken apart as they are used, so that nothing is held twice while the automaton
        // is built.
        for spelling in spellings.into_iter().flatten() {
            let Spelling {
                folded,
                info,
                together,
                trigger,
            } = spelling;
            if seen.insert(folded.clone()) {
                texts.push(folded);
                patterns.push(info.clone());
            }
            if let Some(together) = together.filter(|together| seen.insert(together.clone())) {
                match trigger {
                    Some(trigger) => {
                        triggers.insert(trigger);
                        words.insert(together, info);
                    }
                    None => {
                        texts.push(together);
                        patterns.push(info);
                    }
                }
            }
        }
        // Triggers come after the patterns, so a pattern id past `patterns` is a trigger.
        texts.extend(
            triggers
                .into_iter()
                .filter(|trigger| !seen.contains(trigger)),
        );
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
        // Grown a push at a time, the table would keep up to half its size spare.
        patterns.shrink_to_fit();
        Ok(Matcher {
            automaton,
            patterns,
            joined: words,
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
            let start = candidate.start();
            let longest = self.accept_at(norm, original, candidate);
            match self.or_joined_word(norm, original, start, longest) {
                Some(hit) => {
                    at = hit.span.end.max(start + 1);
                    found.push(hit);
                }
                None => at = start + 1,
            }
        }
        found
    }

    /// `longest`, the longest acceptable pattern at `start`, or the written-together word
    /// starting there where that is listed and longer, as one automaton holding both
    /// would find. (An accepted pattern ending inside the word is a wildcard extended to
    /// its end, and shorter than the word in the automaton.) Every listed word has a
    /// trigger pattern, so the automaton stops wherever one starts.
    fn or_joined_word(
        &self,
        norm: &Normalized,
        original: &str,
        start: usize,
        longest: Option<Found>,
    ) -> Option<Found> {
        let hay = norm.as_str();
        if self.joined.is_empty() || follows_word_char(hay, start) {
            return longest;
        }
        let word = start..word_end(hay, start);
        let joined = self
            .joined
            .get(&hay[word.clone()])
            .and_then(|info| self.accept_found(norm, original, info, word));
        match joined {
            Some(joined)
                if longest
                    .as_ref()
                    .is_none_or(|m| m.span.end <= joined.span.end) =>
            {
                Some(joined)
            }
            _ => longest,
        }
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
        // has no boundary to check), so there is nothing shorter to try. Triggers begin
        // with a word.
        if follows_word_char(hay, start)
            && hay[start..].chars().next().is_some_and(is_word_char)
            && self
                .patterns
                .get(candidate.pattern().as_usize())
                .is_none_or(|info| info.word_start)
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
        // A trigger only marks where a written-together word may start.
        let info = self.patterns.get(m.pattern().as_usize())?;
        self.accept_found(norm, original, info, m.range())
    }

    /// The match of the pattern `info` at `span`, if it passes the boundary and case
    /// checks; a wildcard's span is extended to the end of its word.
    fn accept_found(
        &self,
        norm: &Normalized,
        original: &str,
        info: &PatternInfo,
        span: Range<usize>,
    ) -> Option<Found> {
        let hay = norm.as_str();
        if info.word_start && follows_word_char(hay, span.start) {
            return None;
        }
        let mut end = span.end;
        let next_is_word = hay[end..].chars().next().is_some_and(is_word_char);
        if info.wildcard {
            end = word_end(hay, end);
        } else if info.word_end && next_is_word {
            return None;
        }
        if let Some(cased) = &info.cased {
            let original_span = norm.original_span(span.clone(), original);
            if *without_spaces(&fold_term(&original[original_span], Case::Keep)) != **cased {
                return None;
            }
        }
        Some(Found {
            target: info.target as usize,
            span: span.start..end,
        })
    }
}

/// One needle folded for the automaton: what [`Matcher::build`] prepares on all cores.
struct Spelling {
    folded: String,
    info: PatternInfo,
    /// The spelling without its spaces, where that differs.
    together: Option<String>,
    /// Where the automaton stops for `together`, looked up as a whole word.
    trigger: Option<String>,
}

impl Spelling {
    /// `None` for a needle that folds to nothing.
    fn new(needle: &Needle<'_>, joined: Joined) -> Option<Self> {
        let raw = needle.text.trim();
        let wildcard = raw.ends_with('*');
        let stem = raw.trim_end_matches('*');
        let folded = fold_term(stem, Case::Fold);
        let (first, last) = (folded.chars().next()?, folded.chars().last()?);
        let info = PatternInfo {
            target: u32::try_from(needle.target).expect("fewer than 2^32 needles"),
            wildcard,
            cased: (needle.case == CaseMode::Sensitive)
                .then(|| without_spaces(&fold_term(stem, Case::Keep)).into_boxed_str()),
            word_start: is_word_char(first),
            word_end: is_word_char(last),
        };
        let together = Some(without_spaces(&folded)).filter(|together| *together != folded);
        // Written together, a spelling of letters and digits is one whole word.
        let trigger = together
            .as_ref()
            .filter(|together| {
                joined == Joined::LookedUp && !wildcard && together.chars().all(is_word_char)
            })
            .and_then(|_| trigger(&folded));
        Some(Spelling {
            folded,
            info,
            together,
            trigger,
        })
    }
}

/// Whether spellings written together are compiled into the automaton or looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joined {
    LookedUp,
    #[cfg(test)]
    Compiled,
}

/// Spellings of several words written together as one word (`nagornokarabakh`), looked up
/// where the automaton stops at a word start.
#[derive(Debug, Clone, Default)]
struct JoinedWords {
    by_text: HashMap<Box<str>, PatternInfo>,
    /// The length in bytes of the longest listed word.
    longest: usize,
}

impl JoinedWords {
    fn insert(&mut self, word: String, info: PatternInfo) {
        self.longest = self.longest.max(word.len());
        self.by_text.insert(word.into_boxed_str(), info);
    }

    fn get(&self, word: &str) -> Option<&PatternInfo> {
        (word.len() <= self.longest)
            .then(|| self.by_text.get(word))
            .flatten()
    }

    fn is_empty(&self) -> bool {
        self.by_text.is_empty()
    }
}

/// Where the automaton stops for the spelling `folded` written together: its first word
/// and the next character (`governmentt` for `government toris`), the shortest prefix that
/// a word of its own (`government`) does not start with.
fn trigger(folded: &str) -> Option<String> {
    let (first, rest) = folded.split_once(' ')?;
    let next = rest.chars().next()?;
    Some(format!("{first}{next}"))
}

/// True when the character before byte `at` of `hay` is a word character.
fn follows_word_char(hay: &str, at: usize) -> bool {
    hay[..at].chars().next_back().is_some_and(is_word_char)
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
    fn a_pattern_takes_24_bytes() {
        assert!(std::mem::size_of::<PatternInfo>() <= 24);
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

    #[test]
    fn words_written_together_are_found_in_place_of_shorter_matches() {
        let needles = insensitive(&["cease fire", "cease*", "ceasefire talks", "fire"]);
        let found = run(
            &needles,
            "Ceasefire, ceasefires, ceasefire talks; cease fire.",
        );
        assert_eq!(
            found,
            [
                (0, "Ceasefire".into()),
                (1, "ceasefires".into()),
                (2, "ceasefire talks".into()),
                (0, "cease fire".into())
            ]
        );
    }

    /// Words that share beginnings, so that spellings written together, wildcards and
    /// longer terms compete for the same place.
    const WORDS: &[&str] = &["cease", "fire", "ceasefire", "fires", "war", "time", "nkr"];

    /// A spelling of one to three words, perhaps a wildcard, and whether case matters.
    fn needle_strategy() -> impl proptest::strategy::Strategy<Value = (String, bool)> {
        use proptest::prelude::*;
        (
            proptest::collection::vec(proptest::sample::select(WORDS), 1..4),
            any::<bool>(),
            proptest::bool::weighted(0.2),
        )
            .prop_map(|(words, wildcard, sensitive)| {
                let text = words.join(" ");
                let text = if wildcard { text + "*" } else { text };
                let text = if sensitive { text.to_uppercase() } else { text };
                (text, sensitive)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Looking written-together words up finds what one automaton holding them finds.
        #[test]
        fn looked_up_words_match_like_compiled_ones(
            needles in proptest::collection::vec(needle_strategy(), 1..8),
            text in r"((cease|fire|ceasefire|fires|war|time|wartime|firewar|NKR|nkr|Cease)[ ,.\-]{0,2}){0,12}",
        ) {
            let needles: Vec<Needle<'_>> = needles
                .iter()
                .enumerate()
                .map(|(target, (text, sensitive))| Needle {
                    text,
                    case: if *sensitive { CaseMode::Sensitive } else { CaseMode::Insensitive },
                    target,
                })
                .collect();
            let norm = Normalized::new(&text);
            let looked_up = Matcher::build(&needles, Joined::LookedUp).unwrap();
            let compiled = Matcher::build(&needles, Joined::Compiled).unwrap();
            proptest::prop_assert_eq!(
                looked_up.find_all(&norm, &text),
                compiled.find_all(&norm, &text),
                "{:?} in {:?}", needles.iter().map(|n| n.text).collect::<Vec<_>>(), text
            );
        }
    }
}
