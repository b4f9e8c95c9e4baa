//! Deciding which topic lexicons apply to a set of inputs, from their `topic` terms.

use crate::lexicon::{CaseMode, Lexicon};
use crate::scan::{Matcher, Needle};
use crate::text::Normalized;

/// How often one lexicon's topic terms occur in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicCount {
    /// Index of the lexicon in the candidates given to [`TopicDetector::new`].
    pub lexicon: usize,
    /// Number of topic-term occurrences.
    pub count: usize,
}

/// A matcher for the topic terms of candidate lexicons.
#[derive(Debug, Clone)]
pub struct TopicDetector {
    matcher: Matcher,
    counts: Vec<usize>,
    texts: usize,
}

impl TopicDetector {
    /// Compiles the topic terms of `candidates`; generic lexicons contribute none.
    pub fn new(candidates: &[Lexicon]) -> Self {
        let needles: Vec<Needle<'_>> = candidates
            .iter()
            .enumerate()
            .flat_map(|(target, lexicon)| {
                lexicon.topic.iter().map(move |text| Needle {
                    text,
                    case: CaseMode::Insensitive,
                    target,
                })
            })
            .collect();
        TopicDetector {
            matcher: Matcher::new(&needles),
            counts: vec![0; candidates.len()],
            texts: 0,
        }
    }

    /// Counts the topic terms in one text.
    pub fn feed(&mut self, text: &str) {
        self.texts += 1;
        let norm = Normalized::new(text);
        for found in self.matcher.find_all(&norm, text) {
            self.counts[found.target] += 1;
        }
    }

    /// How many texts were fed.
    pub fn texts(&self) -> usize {
        self.texts
    }

    /// The lexicons whose topic terms occurred, in candidate order.
    pub fn found(&self) -> Vec<TopicCount> {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(lexicon, count)| TopicCount {
                lexicon,
                count: *count,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::builtin;

    #[test]
    fn topic_terms_select_only_the_matching_lexicon() {
        let candidates = builtin::all().unwrap();
        let karabakh = candidates
            .iter()
            .position(|l| l.id == "nagorno-karabakh")
            .unwrap();
        let mut detector = TopicDetector::new(&candidates);
        detector.feed("Shelling hit Stepanakert and Azerbaijani positions.");
        assert_eq!(
            detector.found(),
            [TopicCount {
                lexicon: karabakh,
                count: 2
            }]
        );
        assert_eq!(detector.texts(), 1);
        let mut unrelated = TopicDetector::new(&candidates);
        unrelated.feed("The city council met on Tuesday.");
        assert!(unrelated.found().is_empty());
    }
}
