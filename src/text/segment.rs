//! Paragraphs, sentences and words of an article body.
//!
//! Paragraphs are blocks separated by blank lines. A body with no blank line at all is
//! written one paragraph per line (the usual form of copied wire stories), so there every
//! line is a paragraph. A Markdown heading line is a paragraph of its own either way.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::blocks::{BLOCK, ByteClasses, offsets};

/// Byte ranges (into `text`) of the paragraphs inside `body`, trimmed of white space.
pub fn paragraphs(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let lines = line_spans(text, body.clone());
    let has_blank_line = lines
        .iter()
        .skip_while(|line| text[(*line).clone()].trim().is_empty())
        .any(|line| text[line.clone()].trim().is_empty());
    let mut paragraphs = Vec::with_capacity(lines.len());
    let mut current: Option<Range<usize>> = None;
    for line in lines {
        let content = text[line.clone()].trim();
        if content.is_empty() {
            paragraphs.extend(current.take());
            continue;
        }
        let stands_alone = !has_blank_line || content.starts_with('#');
        if stands_alone {
            paragraphs.extend(current.take());
            paragraphs.push(line);
        } else {
            current = Some(match current {
                Some(open) => open.start..line.end,
                None => line,
            });
        }
    }
    paragraphs.extend(current);
    paragraphs
        .into_iter()
        .map(|span| trim_span(text, span))
        .collect()
}

/// The sentences of one paragraph at a time: a paragraph is split once, however many
/// hits it holds, and each lookup is a binary search.
///
/// Line breaks inside a paragraph do not end sentences.
#[derive(Debug, Default)]
pub struct Sentences {
    /// The paragraph split last, and its sentences as byte ranges into the text, untrimmed.
    split: Option<(Range<usize>, Vec<Range<usize>>)>,
}

impl Sentences {
    /// The sentence of paragraph `paragraph` that contains byte `at`, trimmed.
    pub fn at(&mut self, text: &str, paragraph: Range<usize>, at: usize) -> Range<usize> {
        let sentences = match &mut self.split {
            Some((split, sentences)) if *split == paragraph => sentences,
            split => {
                &mut split
                    .insert((paragraph.clone(), split_sentences(text, &paragraph)))
                    .1
            }
        };
        let at = at.max(paragraph.start);
        let found = sentences.partition_point(|sentence| sentence.end <= at);
        let sentence = sentences.get(found).cloned().unwrap_or(paragraph);
        trim_span(text, sentence)
    }
}

/// The sentences of `text[paragraph]`, untrimmed, as byte ranges into `text`.
fn split_sentences(text: &str, paragraph: &Range<usize>) -> Vec<Range<usize>> {
    // Line breaks become spaces, which take one byte as they do.
    let flat: String = text[paragraph.clone()]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    flat.split_sentence_bound_indices()
        .map(|(start, sentence)| paragraph.start + start..paragraph.start + start + sentence.len())
        .collect()
}

/// The number of words in `text`: white-space separated tokens with a letter or digit, so
/// "Nagorno-Karabakh" is one word and a lone dash is none (as most word counters do).
pub fn count_words(text: &str) -> usize {
    let mut count = 0;
    // Whether the token open at the end of the blocks read so far has a letter or digit,
    // and so is counted.
    let mut counted = false;
    for (index, block) in text.as_bytes().chunks(BLOCK).enumerate() {
        let mut classes = ByteClasses::of(block);
        let start = index * BLOCK;
        for lead in offsets(classes.lead) {
            classify_wide_char(&mut classes, lead, &text[start + lead..]);
        }
        let (words, still_counted) = count_block(classes, counted);
        count += words;
        counted = still_counted;
    }
    count
}

/// Marks the character of two or more bytes at the start of `rest`, whose first byte is
/// byte `lead` of the block, as white space or a word character. Its other bytes, and the
/// bytes of other characters, stay in neither class and are passed over like punctuation.
fn classify_wide_char(classes: &mut ByteClasses, lead: usize, rest: &str) {
    let c = rest.chars().next().expect("a lead byte starts a char");
    match char_class(c) {
        SPACE => classes.space |= 1 << lead,
        WORD => classes.word |= 1 << lead,
        _ => {}
    }
}

/// [`count_words`] over one block: the words that start in it, and whether the token open
/// at its end is counted, given whether the token open at its start is.
fn count_block(classes: ByteClasses, counted: bool) -> (usize, bool) {
    let ByteClasses { space, word, .. } = classes;
    let others = !(space | word);
    // A byte is fresh when the token it belongs to has no letter or digit before it: the
    // byte after a space, and (by the carry of an addition) every byte of a run of
    // punctuation that starts fresh, and the byte after that run.
    let seeds = (space << 1) | u64::from(!counted);
    let run_starts = seeds & others;
    let fresh = seeds | (run_starts.wrapping_add(others) ^ others);
    let last = |mask: u64| mask >> 63 != 0;
    let fresh_after = last(space) || (last(others) && last(fresh));
    ((word & fresh).count_ones() as usize, !fresh_after)
}

fn char_class(c: char) -> u8 {
    if c.is_whitespace() {
        SPACE
    } else if super::is_word_char(c) {
        WORD
    } else {
        OTHER
    }
}

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const WORD: u8 = 2;

/// The paragraph of `paragraphs` (sorted, disjoint) containing byte `at`, or an empty
/// range at `at` when none does.
pub fn paragraph_containing(paragraphs: &[Range<usize>], at: usize) -> Range<usize> {
    let index = paragraphs.partition_point(|p| p.start <= at);
    index
        .checked_sub(1)
        .map(|i| paragraphs[i].clone())
        .filter(|p| at < p.end)
        .unwrap_or(at..at)
}

/// Collapses every run of white space in `text` into one space and trims both ends;
/// `text` itself when there is nothing to change (the common case for a matched term).
pub fn collapse_space(text: &str) -> Cow<'_, str> {
    let mut previous = ' ';
    let collapsed = text.chars().all(|c| {
        let lone = !c.is_whitespace() || (c == ' ' && previous != ' ');
        previous = c;
        lone
    }) && !text.ends_with(' ');
    if collapsed {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Lines of `text[body]`, ending at `\n`, `\r\n` or a lone `\r`.
fn line_spans(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let bytes = &text.as_bytes()[..body.end];
    // Room for a line every hundred bytes or so, as in news text, so that the list is
    // seldom regrown.
    let mut spans = Vec::with_capacity(2 + body.len() / 100);
    let mut start = body.start;
    for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[body.start..]) {
        let at = body.start + at;
        if at < start {
            // The `\n` of a `\r\n` already taken.
            continue;
        }
        spans.push(start..at);
        let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
        start = at + 1 + usize::from(crlf);
    }
    if start < body.end {
        spans.push(start..body.end);
    }
    spans
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.start + slice.trim_end().len();
    start..end.max(start)
}

/// True when a paragraph's first character is an opening quotation mark.
pub fn opens_with_quote(paragraph: &str) -> bool {
    paragraph.trim_start().chars().next().is_some_and(|c| {
        matches!(
            c,
            '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2018}' | '\''
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_space_borrows_what_needs_no_change() {
        for (text, collapsed) in [
            ("Upper Karabakh", "Upper Karabakh"),
            ("", ""),
            ("Upper  Karabakh", "Upper Karabakh"),
            (" Upper Karabakh", "Upper Karabakh"),
            ("Upper Karabakh ", "Upper Karabakh"),
            ("Upper\nKarabakh", "Upper Karabakh"),
            ("Upper\u{a0}Karabakh", "Upper Karabakh"),
            ("\t", ""),
        ] {
            let got = collapse_space(text);
            assert_eq!(got, collapsed, "{text:?}");
            assert_eq!(
                matches!(got, Cow::Borrowed(_)),
                text == collapsed,
                "{text:?}"
            );
        }
    }

    fn paragraph_texts(text: &str) -> Vec<&str> {
        paragraphs(text, 0..text.len())
            .into_iter()
            .map(|span| &text[span])
            .collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_wrapped_lines_stay_together() {
        let text = "First line\nstill first.\n\nSecond.\n";
        assert_eq!(
            paragraph_texts(text),
            ["First line\nstill first.", "Second."]
        );
    }

    #[test]
    fn without_blank_lines_every_line_is_a_paragraph() {
        let text = "Headline\nBody one.\r\nBody two.";
        assert_eq!(
            paragraph_texts(text),
            ["Headline", "Body one.", "Body two."]
        );
    }

    #[test]
    fn markdown_headings_stand_alone() {
        let text = "# Title\nFirst para\ncontinues.\n\nNext.";
        assert_eq!(
            paragraph_texts(text),
            ["# Title", "First para\ncontinues.", "Next."]
        );
    }

    #[test]
    fn sentence_at_finds_the_enclosing_sentence_across_a_line_break() {
        let text = "One sentence here. Another one\nspans lines. Last.";
        let at = text.find("spans").unwrap();
        let span = Sentences::default().at(text, 0..text.len(), at);
        assert_eq!(&text[span], "Another one\nspans lines.");
    }

    #[test]
    fn sentences_are_found_in_any_order_and_across_paragraphs() {
        let text = "One here.  Two there.\n\nThree. Four and\nmore.";
        let paragraphs = paragraphs(text, 0..text.len());
        let mut sentences = Sentences::default();
        let mut sentence_of = |word: &str| {
            let at = text.find(word).unwrap();
            let paragraph = paragraph_containing(&paragraphs, at);
            &text[sentences.at(text, paragraph, at)]
        };
        assert_eq!(sentence_of("Two"), "Two there.");
        assert_eq!(sentence_of("One"), "One here.");
        assert_eq!(sentence_of("more"), "Four and\nmore.");
        assert_eq!(sentence_of("Three"), "Three.");
        assert_eq!(sentence_of("there"), "Two there.");
    }

    /// [`count_words`] a character at a time: the definition its fast paths must match.
    fn count_words_by_chars(text: &str) -> usize {
        let mut count = 0;
        let mut counted = false;
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{b}' {
                counted = false;
            } else if c.is_alphanumeric() && !counted {
                count += 1;
                counted = true;
            }
        }
        count
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Words, words after a single space (so that whole blocks of letters, digits and
        /// spaces occur), and runs of white space, punctuation and non-ASCII characters
        /// (so that blocks hold punctuation between, before and after words).
        #[test]
        fn counting_by_blocks_counts_like_a_char_at_a_time(
            text in r#"([a-zA-Z0-9]{1,12}| [a-z0-9]{1,8}|[ \n\r\t\x{0B}\x{0C}.,;'"\-\x{E9}\x{2014}\x{A0}]{1,3}){0,16}"#
        ) {
            proptest::prop_assert_eq!(count_words(&text), count_words_by_chars(&text), "{:?}", text);
        }

        /// Long texts, counted from every character, so that each kind of character falls
        /// at every place in a block, and words and runs of punctuation cross blocks.
        #[test]
        fn counting_from_any_character_counts_like_a_char_at_a_time(
            text in r#"([a-zA-Z0-9]{1,70}|[ \n\x{0B}.,'"\-\x{E9}\x{2014}\x{A0}\x{1F600}]{1,3}){20,40}"#
        ) {
            for (start, _) in text.char_indices() {
                let suffix = &text[start..];
                proptest::prop_assert_eq!(count_words(suffix), count_words_by_chars(suffix), "{:?}", suffix);
            }
        }
    }

    #[test]
    fn words_are_counted_by_unicode_rules() {
        assert_eq!(count_words("Turkey’s foreign ministry — said 9 things."), 6);
    }
}
