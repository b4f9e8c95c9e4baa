//! Word and bigram counts of article text, for `--keyness --discover`: the framing words a
//! lexicon does not list yet.

use std::collections::BTreeMap;

use crate::text::Normalized;

/// Counts of words and bigrams ("armenian forces") in one text, case and diacritics
/// folded; tokens are runs of two or more letters (digits and punctuation split them).
pub fn count(text: &str) -> BTreeMap<String, u64> {
    let folded = Normalized::new(text);
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut previous: Option<&str> = None;
    for token in folded.as_str().split(|c: char| !c.is_alphabetic()) {
        if token.is_empty() {
            continue;
        }
        if token.chars().nth(1).is_none() {
            previous = None;
            continue;
        }
        *counts.entry(token.to_string()).or_default() += 1;
        if let Some(previous) = previous {
            *counts.entry(format!("{previous} {token}")).or_default() += 1;
        }
        previous = Some(token);
    }
    counts
}

/// Adds `more` into `into`.
pub fn add(into: &mut BTreeMap<String, u64>, more: BTreeMap<String, u64>) {
    for (item, count) in more {
        *into.entry(item).or_default() += count;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_bigrams_are_folded_and_counted() {
        let counts = count("Armenian forces; armenian Forces. Şuşa a b");
        assert!(!counts.contains_key("a") && !counts.contains_key("susa a"));
        assert_eq!(counts["armenian"], 2);
        assert_eq!(counts["armenian forces"], 2);
        assert_eq!(counts["forces armenian"], 1);
        assert_eq!(counts["susa"], 1);
    }
}
