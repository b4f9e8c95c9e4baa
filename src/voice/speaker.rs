//! Who is speaking in a quote: the "X said" / "said X" / "according to X" attribution
//! found in the same sentence, just before the opening mark or just after the closing one.
//!
//! This is pattern matching on the usual news conventions, not parsing: it finds the
//! common forms and gives up (no speaker) rather than guess.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Reporting verbs that introduce or follow a quote.
const VERBS: &str = "said|says|say|told|tells|added|adds|stated|states|wrote|writes|tweeted|\
    tweets|posted|declared|declares|announced|announces|insisted|insists|claimed|claims|\
    warned|warns|pledged|pledges|vowed|vows|noted|notes|stressed|stresses|argued|argues|\
    explained|explains|asked|asks|replied|urged|urges|accused|accuses|alleged|alleges|\
    admitted|admits|conceded|concedes|emphasi[sz]ed|underlined|continued|recalled|commented|\
    remarked|promised|threatened|demanded|denounced|condemned|called|calls|described|\
    describes|dubbed|branded";

/// A speaker: a run of capitalised words, a determiner phrase ("the defence ministry"),
/// or a pronoun (resolved later to the last named speaker).
const NAME: &str = concat!(
    r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)(?:\s+[\p{L}'’\-]+){1,4}",
    r"|\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,4}",
    r"|[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I",
);

/// A name after a closing mark may carry a lower-case title: `spokeswoman Leyla Hasanova`.
const TITLED_NAME: &str =
    r"(?:\p{Ll}[\p{L}\-]*\s+){1,2}\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,3}";

// The verbs and "according" are ASCII, so their word boundaries are ASCII ones
// (`(?-u:\b)`): a Unicode `\b` stops the lazy DFA at the first curly quote or accented
// letter, and the slower engines it falls back to cost a run of quotes in one paragraph
// a dozen times as much.

/// `, Aliyev said` or `, said the ministry` right after a closing mark.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    let name_verb = format!(r"(?P<name>{NAME}|{TITLED_NAME}),?\s+(?:{VERBS})(?-u:\b)");
    let verb_name = format!(r"(?:{VERBS})\s+(?P<name2>{NAME})");
    Regex::new(&format!(r"^[\s,—–-]*(?:{name_verb}|{verb_name})")).expect("valid regex")
});

/// `Leyla Hasanova, told reporters` anywhere: a speaker named without a quote.
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<name>{NAME}),?\s+(?:{VERBS})(?-u:\b)")).expect("valid regex")
});

/// `Aliyev said on Twitter: ` right before an opening mark (up to five words between).
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<name>{NAME})\s+(?:{VERBS})(?-u:\b)(?:\s+[^\s.!?]+){{0,5}}?[\s,:—–-]*$"
    ))
    .expect("valid regex")
});

/// `according to the ministry` anywhere in the same sentence.
static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b)[Aa]ccording to (?P<name>{NAME})")).expect("valid regex")
});

/// Compiles every pattern above.
pub(super) fn compile() {
    for pattern in [&AFTER, &MENTION, &BEFORE, &ACCORDING_TO] {
        LazyLock::force(pattern);
    }
}

/// Words that start a sentence without being part of a name.
const LEADING_NOISE: &[&str] = &[
    "On",
    "In",
    "At",
    "But",
    "And",
    "Later",
    "Then",
    "Meanwhile",
    "Earlier",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Yesterday",
    "Today",
];

/// What a speaker pattern found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Found {
    /// A name or noun phrase.
    Named(String),
    /// A pronoun: the speaker is whoever was named last.
    Pronoun,
}

/// The speaker of the quote at `quote` (marks included) in `text`, from the text of its
/// sentence before the opening mark and after the closing one, within `bounds` (the
/// paragraphs where the quote opens and closes).
pub(super) fn find(text: &str, bounds: Range<usize>, quote: Range<usize>) -> Option<Found> {
    let quote_end = quote.end.min(bounds.end);
    let floor = window_start(text, bounds.start, quote.start);
    let before = &text[sentence_start(text, floor, quote.start)..quote.start];
    let ceiling = window_end(text, quote_end, bounds.end);
    let after = &text[quote_end..sentence_end(text, quote_end, ceiling)];
    let inner_ends_sentence = text[quote.clone()]
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .ends_with('.');
    let from_after = (!inner_ends_sentence)
        .then(|| AFTER.captures(after))
        .flatten()
        .and_then(|caps| caps.name("name").or_else(|| caps.name("name2")))
        .map(|m| m.as_str());
    let from_before = || BEFORE.captures(before).map(|caps| caps["name"].to_string());
    let according = || {
        ACCORDING_TO
            .captures(before)
            .or_else(|| ACCORDING_TO.captures(after))
            .map(|caps| caps["name"].to_string())
    };
    let name = from_after
        .map(str::to_string)
        .or_else(from_before)
        .or_else(according)?;
    Some(classify(&name))
}

/// The last speaker named with a reporting verb in `text` ("Leyla Hasanova, told
/// reporters"), for resolving a pronoun in the quote that follows.
pub(super) fn last_mentioned(text: &str) -> Option<String> {
    MENTION
        .captures_iter(text)
        .filter_map(|caps| match classify(&caps["name"]) {
            Found::Named(name) => Some(name),
            Found::Pronoun => None,
        })
        .last()
}

fn classify(name: &str) -> Found {
    if matches!(
        name,
        "he" | "He" | "she" | "She" | "they" | "They" | "we" | "We" | "I"
    ) {
        return Found::Pronoun;
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1 && LEADING_NOISE.contains(&words[0]) {
        words.remove(0);
    }
    Found::Named(words.join(" "))
}

/// How far (bytes) from a quote mark its attribution is looked for: "X said" and
/// "according to X" sit next to the quote, and a bound keeps a long paragraph full of
/// quotes from costing time in the square of its length.
const ATTRIBUTION_WINDOW: usize = 400;

/// Where the attribution window before `at` starts: `ATTRIBUTION_WINDOW` bytes back, not
/// before `floor`, moved forward to a word start when it cuts into a word.
fn window_start(text: &str, floor: usize, at: usize) -> usize {
    let Some(mut start) = at.checked_sub(ATTRIBUTION_WINDOW).filter(|s| *s > floor) else {
        return floor;
    };
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..at]
        .find(char::is_whitespace)
        .map_or(at, |offset| start + offset)
}

/// Where the attribution window after `at` ends: `ATTRIBUTION_WINDOW` bytes on, not past
/// `ceiling`.
fn window_end(text: &str, at: usize, ceiling: usize) -> usize {
    let mut end = (at + ATTRIBUTION_WINDOW).min(ceiling);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Start of the sentence containing `at`: after the last `.`, `!` or `?` followed by space.
fn sentence_start(text: &str, floor: usize, at: usize) -> usize {
    let slice = &text[floor..at];
    let mut start = floor;
    let mut chars = slice.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let next_is_space = chars.peek().is_some_and(|(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?') && next_is_space {
            start = floor + offset + 1;
        }
    }
    start
}

/// End of the sentence that continues at `at`: at the first `.`, `!` or `?`, or a quote mark.
fn sentence_end(text: &str, at: usize, ceiling: usize) -> usize {
    text[at..ceiling]
        .find(['.', '!', '?', '"', '“', '„', '«', '»'])
        .map_or(ceiling, |offset| at + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(text: &str) -> Option<Found> {
        let open = text.find(['“', '"']).unwrap();
        let close_mark = text.rfind(['”', '"']).unwrap();
        let close = close_mark + text[close_mark..].chars().next().unwrap().len_utf8();
        find(text, 0..text.len(), open..close)
    }

    fn named(name: &str) -> Option<Found> {
        Some(Found::Named(name.to_string()))
    }

    #[test]
    fn attributions_after_the_quote() {
        assert_eq!(
            speaker("“We will respond,” the defence ministry said."),
            named("the defence ministry")
        );
        assert_eq!(
            speaker("“We will respond,” said Minister Karen Petrosyan."),
            named("Minister Karen Petrosyan")
        );
        assert_eq!(
            speaker("“Enough!” President Ilham Aliyev wrote on Twitter."),
            named("President Ilham Aliyev")
        );
        assert_eq!(
            speaker("“We will respond,” he added."),
            Some(Found::Pronoun)
        );
    }

    #[test]
    fn attributions_before_the_quote() {
        assert_eq!(
            speaker("Baku vowed on Sunday a “swift response” to the strike."),
            named("Baku")
        );
        assert_eq!(
            speaker("The spokeswoman told reporters: “No comment.”"),
            named("The spokeswoman")
        );
        assert_eq!(
            speaker("On Monday Pashinyan said “talks are over”."),
            named("Pashinyan")
        );
    }

    #[test]
    fn according_to_names_the_source() {
        assert_eq!(
            speaker("The shelling was “relentless”, according to the regional council."),
            named("the regional council")
        );
    }

    #[test]
    fn names_beyond_ascii_are_found_next_to_the_ascii_verbs() {
        assert_eq!(
            speaker("“Calm,” Mevlüt Çavuşoğlu said."),
            named("Mevlüt Çavuşoğlu")
        );
        assert_eq!(speaker("Łęcki wrote: “It is over.”"), named("Łęcki"));
        assert_eq!(
            speaker("It was “over”, according to Núñez."),
            named("Núñez")
        );
    }

    #[test]
    fn speakers_are_mentioned_without_quotes() {
        let text = "A spokeswoman, Leyla Hasanova, told reporters it was over. Then he said no.";
        assert_eq!(last_mentioned(text), Some("Leyla Hasanova".to_string()));
        assert_eq!(last_mentioned("Nobody spoke."), None);
    }

    #[test]
    fn no_attribution_means_no_speaker() {
        assert_eq!(
            speaker("The so-called “peace plan” was never published."),
            None
        );
        assert_eq!(
            speaker("“It is over.” The minister said nothing else."),
            None
        );
    }

    #[test]
    fn attribution_is_looked_for_next_to_the_quote_only() {
        let filler = "word ".repeat(200);
        let near = format!("{filler}Minister Arif Aliyev said: “We are ready.”");
        assert_eq!(speaker(&near), named("Minister Arif Aliyev"));
        let far = format!("According to the ministry {filler}“We are ready.”");
        assert_eq!(speaker(&far), None);
    }

    #[test]
    fn the_window_starts_at_a_word_and_ends_on_a_char_boundary() {
        let text = format!("{}Aliyev said", "ş".repeat(300));
        let at = text.len();
        let start = window_start(&text, 0, at);
        // The cut falls inside the long word, so the window skips the rest of it.
        assert_eq!(&text[start..], " said");
        let end = window_end(&text, 1, text.len());
        assert!(text.is_char_boundary(end) && end <= 1 + ATTRIBUTION_WINDOW);
    }
}
