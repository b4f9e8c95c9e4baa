//! Voice: whose words a hit is.
//!
//! Builds a [`VoiceMap`] of one document's quoted speech (quotation marks of every style,
//! and Markdown `>` blockquotes), names the speaker of each quote where the sentence says
//! who it is, and answers, for any span, whether it is the outlet's own voice or quoted,
//! and whether the outlet distances itself from the words (scare quotes, "so-called").

mod quotes;
mod speaker;

use std::ops::Range;

use serde::Serialize;

pub use quotes::{QuotedSpan, find_quotes};

/// Compiles the speaker patterns now rather than at the first quote that needs them
/// (about 15 ms): a caller with a core to spare runs this beside its own start-up.
pub fn prepare() {
    speaker::compile();
}

/// Whose words a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// The outlet's own words.
    Own,
    /// Words the outlet quotes.
    Quoted,
}

impl Voice {
    /// `own` or `quoted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Quoted => "quoted",
        }
    }
}

/// One top-level quote of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Byte range, quotation marks included.
    pub span: Range<usize>,
    /// Who is quoted, when the sentence says so.
    pub speaker: Option<String>,
    /// A short quote with no speaker: the outlet distancing itself from a word.
    pub scare: bool,
}

/// The voice of one span of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution<'a> {
    /// Own voice or quoted.
    pub voice: Voice,
    /// The quote's speaker, when known.
    pub speaker: Option<&'a str>,
    /// True for scare quotes and for words after "so-called" or "self-styled".
    pub distanced: bool,
}

/// Longest quote, in words, that counts as a scare quote when nobody is named as saying it.
const SCARE_QUOTE_WORDS: usize = 4;

/// Words after which a term is the outlet's own but held at a distance (folded forms).
const DISTANCING_PREFIXES: &[&str] = &["so called", "self styled", "self proclaimed"];

/// The quoted speech of one document.
#[derive(Debug, Clone, Default)]
pub struct VoiceMap {
    quotes: Vec<Quote>,
}

impl VoiceMap {
    /// Finds the quotes in `text`, given its paragraphs in order, and the speaker of each.
    pub fn new(text: &str, paragraphs: &[Range<usize>]) -> Self {
        Self::build(text, paragraphs, None)
    }

    /// Like [`VoiceMap::new`], but only for the voice and distance of spans starting at
    /// `starts` (sorted): no speaker is named, and speaker patterns run only where they
    /// decide whether a short quote holding a start is a scare quote (its own sentence,
    /// and the earlier quotes a pronoun or a continued quote leads back to).
    /// `attribute` gives the same voice and distance as with `new` for those spans.
    pub fn for_distance_of(text: &str, paragraphs: &[Range<usize>], starts: &[usize]) -> Self {
        Self::build(text, paragraphs, Some(starts))
    }

    fn build(text: &str, paragraphs: &[Range<usize>], starts: Option<&[usize]>) -> Self {
        let blockquotes: Vec<Range<usize>> = paragraphs
            .iter()
            .filter(|p| text[(*p).clone()].starts_with('>'))
            .cloned()
            .collect();
        let inside_blockquote = |at: usize| blockquotes.iter().any(|b| b.contains(&at));
        let marked: Vec<Range<usize>> = find_quotes(text, paragraphs)
            .into_iter()
            .filter(|q| q.depth == 0 && !inside_blockquote(q.span.start))
            .map(|q| q.span)
            .collect();
        let mut quotes = match starts {
            None => attribute_speakers(text, paragraphs, &marked),
            Some(starts) => mark_scare_quotes(text, paragraphs, &marked, starts),
        };
        quotes.extend(blockquotes.into_iter().map(|span| Quote {
            span,
            speaker: None,
            scare: false,
        }));
        quotes.sort_by_key(|quote| quote.span.start);
        VoiceMap { quotes }
    }

    /// The top-level quotes, in text order.
    pub fn quotes(&self) -> &[Quote] {
        &self.quotes
    }

    /// The voice of `span` in `text`: quoted when it starts inside a quote.
    pub fn attribute(&self, text: &str, span: Range<usize>) -> Attribution<'_> {
        let index = self.quotes.partition_point(|q| q.span.start <= span.start);
        let enclosing = index
            .checked_sub(1)
            .map(|i| &self.quotes[i])
            .filter(|q| span.start < q.span.end);
        match enclosing {
            Some(quote) => Attribution {
                voice: Voice::Quoted,
                speaker: quote.speaker.as_deref(),
                distanced: quote.scare,
            },
            None => Attribution {
                voice: Voice::Own,
                speaker: None,
                distanced: follows_distancing_word(text, span.start),
            },
        }
    }
}

/// The quotes `marked` with speakers left unnamed, and `scare` set for each short quote
/// that holds one of `starts` (sorted): a speaker is looked for only as far as telling
/// whether such a quote has one needs.
fn mark_scare_quotes(
    text: &str,
    paragraphs: &[Range<usize>],
    marked: &[Range<usize>],
    starts: &[usize],
) -> Vec<Quote> {
    let mut speakers = LazySpeakers::new(text, paragraphs, marked);
    marked
        .iter()
        .enumerate()
        .map(|(index, span)| {
            let first = starts.partition_point(|at| *at < span.start);
            let holds_start = starts.get(first).is_some_and(|at| *at < span.end);
            let scare = holds_start
                && crate::text::count_words(&text[span.clone()]) <= SCARE_QUOTE_WORDS
                && !speakers.has_speaker(index);
            Quote {
                span: span.clone(),
                speaker: None,
                scare,
            }
        })
        .collect()
}

/// Whether quotes have a speaker, by the rules of [`attribute_speakers`], running the
/// speaker patterns only on the quotes the answer depends on, each at most once.
struct LazySpeakers<'t> {
    text: &'t str,
    paragraphs: &'t [Range<usize>],
    marked: &'t [Range<usize>],
    found: Vec<Option<Option<speaker::Found>>>,
    /// What [`LazySpeakers::has_speaker`] answered for each quote, once asked.
    answered: Vec<Option<bool>>,
    /// Quotes before this index have been looked at for a named speaker.
    searched_for_named: usize,
    first_named: Option<usize>,
}

impl<'t> LazySpeakers<'t> {
    fn new(text: &'t str, paragraphs: &'t [Range<usize>], marked: &'t [Range<usize>]) -> Self {
        LazySpeakers {
            text,
            paragraphs,
            marked,
            found: vec![None; marked.len()],
            answered: vec![None; marked.len()],
            searched_for_named: 0,
            first_named: None,
        }
    }

    /// What the speaker patterns find around quote `index`.
    fn find(&mut self, index: usize) -> &Option<speaker::Found> {
        let (text, paragraphs, span) = (self.text, self.paragraphs, &self.marked[index]);
        self.found[index].get_or_insert_with(|| {
            speaker::find(text, quote_bounds(paragraphs, span), span.clone())
        })
    }

    /// True when [`attribute_speakers`] would give quote `index` a speaker.
    ///
    /// A quote without a speaker of its own takes the answer of the quote before it in
    /// its paragraph, and so on back; each answer is kept, so that a paragraph of many
    /// quotes is walked back once, not once per quote.
    fn has_speaker(&mut self, index: usize) -> bool {
        let mut at = index;
        let answer = loop {
            if let Some(known) = self.answered[at] {
                break known;
            }
            match self.find(at) {
                Some(speaker::Found::Named(_)) => break true,
                Some(speaker::Found::Pronoun) => {
                    let previous_end = at.checked_sub(1).map(|i| self.marked[i].end);
                    let window = pronoun_window(self.text, previous_end, self.marked[at].start);
                    break speaker::last_mentioned(window).is_some() || self.named_before(at);
                }
                None => {
                    let start = self.marked[at].start;
                    let paragraph = crate::text::paragraph_containing(self.paragraphs, start);
                    match at.checked_sub(1) {
                        Some(previous) if paragraph.contains(&self.marked[previous].start) => {
                            at = previous;
                        }
                        _ => break false,
                    }
                }
            }
        };
        // Every quote walked over, `at` to `index`, shares the answer.
        self.answered[at..=index].fill(Some(answer));
        answer
    }

    /// True when a quote before `index` names its speaker.
    fn named_before(&mut self, index: usize) -> bool {
        while self.first_named.is_none() && self.searched_for_named < index {
            let at = self.searched_for_named;
            if matches!(self.find(at), Some(speaker::Found::Named(_))) {
                self.first_named = Some(at);
            }
            self.searched_for_named += 1;
        }
        self.first_named.is_some_and(|at| at < index)
    }
}

/// Where the speaker of the quote at `span` is looked for: the paragraphs where it opens
/// and closes.
fn quote_bounds(paragraphs: &[Range<usize>], span: &Range<usize>) -> Range<usize> {
    let paragraph = crate::text::paragraph_containing(paragraphs, span.start);
    let closing = crate::text::paragraph_containing(paragraphs, span.end.saturating_sub(1));
    paragraph.start..closing.end.max(paragraph.end)
}

/// The text before a quote opening at `start` where a pronoun's speaker may have been
/// named: back to the previous quote's end, at most [`PRONOUN_LOOKBACK`] bytes.
fn pronoun_window(text: &str, previous_end: Option<usize>, start: usize) -> &str {
    let since = previous_end.unwrap_or(0);
    let from = floor_char_boundary(text, since.max(start.saturating_sub(PRONOUN_LOOKBACK)));
    &text[from..start]
}

/// Names the speaker of each quote; a pronoun means whoever was named last, and a quote
/// with no attribution of its own continues the previous quote of its paragraph.
fn attribute_speakers(
    text: &str,
    paragraphs: &[Range<usize>],
    marked: &[Range<usize>],
) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::with_capacity(marked.len());
    let mut last_named: Option<String> = None;
    for span in marked {
        let paragraph = crate::text::paragraph_containing(paragraphs, span.start);
        let speaker = match speaker::find(text, quote_bounds(paragraphs, span), span.clone()) {
            Some(speaker::Found::Named(name)) => {
                last_named = Some(name.clone());
                Some(name)
            }
            Some(speaker::Found::Pronoun) => {
                let previous_end = quotes.last().map(|previous| previous.span.end);
                let window = pronoun_window(text, previous_end, span.start);
                speaker::last_mentioned(window).or_else(|| last_named.clone())
            }
            None => quotes
                .last()
                .filter(|previous| paragraph.contains(&previous.span.start))
                .and_then(|previous| previous.speaker.clone()),
        };
        let words = crate::text::count_words(&text[span.clone()]);
        quotes.push(Quote {
            span: span.clone(),
            scare: speaker.is_none() && words <= SCARE_QUOTE_WORDS,
            speaker,
        });
    }
    quotes
}

/// How far back (bytes) a pronoun speaker is looked for among names mentioned without quotes.
const PRONOUN_LOOKBACK: usize = 600;

/// The largest char boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// True when the words just before byte `at` are "so-called", "self-styled" and the like.
fn follows_distancing_word(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    // Every distancing word ends in "d": most hits are ruled out without folding.
    let last_letter = before
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next_back();
    if !matches!(last_letter, Some('d' | 'D')) {
        return false;
    }
    let tail_start = before
        .char_indices()
        .rev()
        .nth(20)
        .map_or(0, |(offset, _)| offset);
    let tail: String = before[tail_start..]
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let tail = crate::text::collapse_space(&tail);
    DISTANCING_PREFIXES.iter().any(|prefix| {
        tail.strip_suffix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::paragraphs;

    fn attribution_of(text: &str, word: &str) -> (Voice, Option<String>, bool) {
        let paras = paragraphs(text, 0..text.len());
        let map = VoiceMap::new(text, &paras);
        let at = text.find(word).unwrap();
        let found = map.attribute(text, at..at + word.len());
        (
            found.voice,
            found.speaker.map(str::to_string),
            found.distanced,
        )
    }

    #[test]
    fn words_outside_quotes_are_own_voice() {
        let text = "The army shelled the town. “It was a massacre,” the mayor said.";
        assert_eq!(attribution_of(text, "shelled"), (Voice::Own, None, false));
        assert_eq!(
            attribution_of(text, "massacre"),
            (Voice::Quoted, Some("the mayor".to_string()), false)
        );
    }

    #[test]
    fn a_pronoun_speaker_is_the_last_named_one() {
        let text = "Officials toured the “liberated” villages.\n\n“We are ready,” Minister Arif Aliyev said. Later: “The occupiers will leave,” he added.";
        assert_eq!(
            attribution_of(text, "occupiers"),
            (
                Voice::Quoted,
                Some("Minister Arif Aliyev".to_string()),
                false
            )
        );
    }

    #[test]
    fn a_pronoun_speaker_can_be_named_outside_quotes() {
        let text = "“Calm,” the envoy said. The spokeswoman, Leyla Hasanova, told reporters it was over. “No provocation goes unanswered,” she said.";
        assert_eq!(
            attribution_of(text, "provocation").1,
            Some("Leyla Hasanova".to_string())
        );
    }

    #[test]
    fn a_quote_over_two_paragraphs_takes_its_speaker_from_the_end() {
        let text = "“The first part of the aggression,\n\n“and the second,” ombudsman Narek Avetisyan said.";
        assert_eq!(
            attribution_of(text, "aggression").1,
            Some("ombudsman Narek Avetisyan".to_string())
        );
    }

    #[test]
    fn short_unattributed_quotes_are_scare_quotes() {
        let text = "Officials toured the “liberated” villages.";
        assert_eq!(
            attribution_of(text, "liberated"),
            (Voice::Quoted, None, true)
        );
    }

    #[test]
    fn so_called_distances_own_voice() {
        let text = "Talks with the so-called republic stalled. The republic said no.";
        assert_eq!(
            attribution_of(text, "republic stalled"),
            (Voice::Own, None, true)
        );
        assert_eq!(
            attribution_of(text, "republic said"),
            (Voice::Own, None, false)
        );
        let spaced = "the self styled regime";
        assert_eq!(attribution_of(spaced, "regime"), (Voice::Own, None, true));
    }

    #[test]
    fn markdown_blockquotes_are_quoted() {
        let text = "Own words here.\n\n> Quoted words about the junta.\n\nOwn again.";
        assert_eq!(attribution_of(text, "junta").0, Voice::Quoted);
        assert_eq!(attribution_of(text, "again").0, Voice::Own);
    }

    #[test]
    fn a_quote_continued_over_paragraphs_keeps_its_voice() {
        let text = "“The first part,\n\n“and the aggressor in the second,” the envoy said.";
        assert_eq!(attribution_of(text, "aggressor").0, Voice::Quoted);
    }

    #[test]
    fn a_second_quote_in_a_paragraph_inherits_its_speaker() {
        let text = "“We struck back,” the ministry said. “The enemy retreated in disarray.”";
        assert_eq!(
            attribution_of(text, "enemy").1,
            Some("the ministry".to_string())
        );
    }

    #[test]
    fn speakers_for_distance_only_give_the_same_voice_and_distance() {
        let text = "Officials toured the “liberated” villages.\n\n“We are ready,” Minister Arif Aliyev said. The “liberated” villages. \
            “The occupiers will leave,” he added. “Terrorists” was all.\n\n\
            “Calm,” the envoy said. She called it “a truce”. “Aggression,” they said.";
        let paras = paragraphs(text, 0..text.len());
        let full = VoiceMap::new(text, &paras);
        let starts: Vec<usize> = text
            .char_indices()
            .filter(|(at, c)| c.is_alphabetic() && !text[..*at].ends_with(char::is_alphabetic))
            .map(|(at, _)| at)
            .collect();
        for chosen in [&starts[..], &starts[..3], &starts[starts.len() - 2..]] {
            let lazy = VoiceMap::for_distance_of(text, &paras, chosen);
            for &at in chosen {
                let (a, b) = (
                    full.attribute(text, at..at + 1),
                    lazy.attribute(text, at..at + 1),
                );
                assert_eq!((a.voice, a.distanced), (b.voice, b.distanced), "at {at}");
            }
        }
        assert!(full.quotes().iter().any(|q| q.scare));
    }

    /// Pieces of news prose whose order decides speakers: named and pronoun attributions,
    /// quotes short and long, names mentioned without quotes, and paragraph breaks.
    const PIECES: &[&str] = &[
        "“Liberated”",
        "“We are ready,”",
        "“The occupiers will leave.”",
        "“A truce”",
        "Minister Arif Aliyev said.",
        "he added.",
        "she said:",
        "The spokeswoman, Leyla Hasanova, told reporters it was over.",
        "the so-called regime",
        "villages were quiet.",
        "\n\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Working out speakers only where a scare quote depends on them gives every word
        /// the voice and distance that naming every speaker gives.
        #[test]
        fn speakers_for_distance_only_agree_with_all_speakers_on_generated_prose(
            picks in proptest::collection::vec(0..PIECES.len(), 1..24),
            every in 1..4usize,
        ) {
            let text = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
            let paras = paragraphs(&text, 0..text.len());
            let starts: Vec<usize> = text
                .char_indices()
                .filter(|(at, c)| c.is_alphabetic() && !text[..*at].ends_with(char::is_alphabetic))
                .map(|(at, _)| at)
                .step_by(every)
                .collect();
            let full = VoiceMap::new(&text, &paras);
            let lazy = VoiceMap::for_distance_of(&text, &paras, &starts);
            for &at in &starts {
                let (a, b) = (full.attribute(&text, at..at + 1), lazy.attribute(&text, at..at + 1));
                proptest::prop_assert_eq!((a.voice, a.distanced), (b.voice, b.distanced), "at {} in {:?}", at, text);
            }
        }
    }

    #[test]
    fn every_distancing_word_ends_in_d_as_the_quick_check_assumes() {
        assert!(DISTANCING_PREFIXES.iter().all(|p| p.ends_with('d')));
    }
}
