//! Negation: a hit right after "not", "never", "no longer" or "denied that" still counts
//! (a denial repeats the frame), but researchers can filter on it.

/// Negation cues, as lower-case word sequences.
const CUES: &[&[&str]] = &[
    &["not"],
    &["never"],
    &["no"],
    &["nor"],
    &["no", "longer"],
    &["denied", "that"],
    &["denies", "that"],
    &["deny", "that"],
    &["rejected", "claims", "that"],
];

/// How many words before a hit a cue may end: at most three words stand between them.
const WINDOW: usize = 4;

/// True when a negation cue stands within three words before the hit: `before` is the
/// text of the sentence up to the hit. Contractions such as "didn't" count as "not".
pub(super) fn is_negated(before: &str) -> bool {
    let words: Vec<String> = before
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    let start = words.len().saturating_sub(WINDOW);
    (start..words.len()).any(|end| {
        let word = &words[end];
        word.ends_with("n't")
            || CUES.iter().any(|cue| {
                end + 1 >= cue.len()
                    && words[end + 1 - cue.len()..=end]
                        .iter()
                        .zip(cue.iter())
                        .all(|(w, c)| w == c)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_within_three_words_negate() {
        for before in [
            "Baku did not call it ",
            "It was never an ",
            "The army is no longer an ",
            "The ministry denied that it was a ",
            "They didn’t describe an ",
            "Officials didn't call it ",
        ] {
            assert!(is_negated(before), "{before:?}");
        }
    }

    #[test]
    fn distant_or_absent_cues_do_not() {
        for before in [
            "Not everyone agreed that the long and bloody ",
            "The army entered the ",
            "Notably, the ",
        ] {
            assert!(!is_negated(before), "{before:?}");
        }
    }
}
