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
    candidates: usize,
}

/// Topic-term occurrences per candidate lexicon, over the texts counted so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicCounts {
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
            candidates: candidates.len(),
        }
    }

    /// Counts the topic terms in one text.
    pub fn count(&self, text: &str) -> TopicCounts {
        let mut counts = vec![0; self.candidates];
        let norm = Normalized::new(text);
        for found in self.matcher.find_all(&norm, text) {
            counts[found.target] += 1;
        }
        TopicCounts { counts, texts: 1 }
    }
}

impl TopicCounts {
    /// Adds the counts of other texts.
    pub fn add(&mut self, other: &TopicCounts) {
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (total, count) in self.counts.iter_mut().zip(&other.counts) {
            *total += count;
        }
        self.texts += other.texts;
    }

    /// How many texts were counted.
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
        let detector = TopicDetector::new(&candidates);
        let counts = detector.count("Shelling hit Stepanakert and Azerbaijani positions.");
        assert_eq!(
            counts.found(),
            [TopicCount {
                lexicon: karabakh,
                count: 2
            }]
        );
        assert_eq!(counts.texts(), 1);
        let unrelated = detector.count("The city council met on Tuesday.");
        assert!(unrelated.found().is_empty());
    }

    #[test]
    fn counts_of_texts_add_up() {
        let candidates = builtin::all().unwrap();
        let detector = TopicDetector::new(&candidates);
        let mut total = TopicCounts::default();
        assert!(total.found().is_empty());
        for text in ["Stepanakert.", "Nothing here.", "Karabakh and Stepanakert."] {
            total.add(&detector.count(text));
        }
        assert_eq!(total.texts(), 3);
        let found = total.found();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].count, 3);
    }
}
