//! Paragraphs, sentences and words of an article body.
//!
//! Paragraphs are blocks separated by blank lines. A body with no blank line at all is
//! written one paragraph per line (the usual form of copied wire stories), so there every
//! line is a paragraph. A Markdown heading line is a paragraph of its own either way.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::swar;

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

/// The sentence of paragraph `paragraph` that contains byte `at`, trimmed.
///
/// Line breaks inside the paragraph do not end sentences.
pub fn sentence_at(text: &str, paragraph: Range<usize>, at: usize) -> Range<usize> {
    let flat: String = text[paragraph.clone()]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let offset = at.saturating_sub(paragraph.start);
    let mut found = 0..flat.len();
    for (start, sentence) in flat.split_sentence_bound_indices() {
        if offset < start + sentence.len() {
            found = start..start + sentence.len();
            break;
        }
    }
    trim_span(
        text,
        paragraph.start + found.start..paragraph.start + found.end,
    )
}

/// The number of words in `text`: white-space separated tokens with a letter or digit, so
/// "Nagorno-Karabakh" is one word and a lone dash is none (as most word counters do).
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    // Whether the token being read already has a letter or digit, and so is counted.
    let mut counted = false;
    let mut at = 0;
    while at < bytes.len() {
        // Most of a text is eight-byte blocks of ASCII.
        let Some(word) = swar::word_at(bytes, at) else {
            break;
        };
        if let Some((words, still_counted)) = count_ascii_block(word, counted) {
            count += words;
            counted = still_counted;
            at += 8;
            continue;
        }
        // A block with a non-ASCII character: one character at a time up to and
        // including it, then blocks again.
        let after = at + swar::first(word & swar::HIGH_BITS);
        let wide = text[after..]
            .chars()
            .next()
            .expect("a non-ASCII byte starts a char");
        let after = after + wide.len_utf8();
        count += count_chars(&text[at..after], &mut counted);
        at = after;
    }
    count + count_chars(&text[at..], &mut counted)
}

/// [`count_words`] a character at a time, from and updating the `counted` state.
fn count_chars(text: &str, counted: &mut bool) -> usize {
    let mut count = 0;
    for c in text.chars() {
        let class = match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => ASCII_CLASSES[usize::from(byte)],
            _ => char_class(c),
        };
        // A space ends a token; the first letter or digit of a token counts it.
        *counted &= class != SPACE;
        count += usize::from(class == WORD && !*counted);
        *counted |= class == WORD;
    }
    count
}

/// [`count_words`] over eight ASCII bytes: the words that start in them, and whether the
/// token open at their end is counted. `None` when a byte is not ASCII.
fn count_ascii_block(word: u64, counted: bool) -> Option<(usize, bool)> {
    if word & swar::HIGH_BITS != 0 {
        return None;
    }
    let spaces = swar::equal_to(word, b' ')
        | swar::in_range(word, b'\t', b'\n')
        | swar::in_range(word, 0x0C, b'\r');
    let letters = swar::ascii_alphanumeric(word);
    let others = !(spaces | letters) & swar::HIGH_BITS;
    // The bytes before which the open token has no letter or digit yet: those after a
    // space, or after punctuation that itself had none before it (or, for the first
    // byte, when the token open before the block is not counted).
    let mut fresh = (spaces << 8) | (u64::from(!counted) << 7);
    loop {
        let next = fresh | ((fresh & others) << 8);
        if next == fresh {
            break;
        }
        fresh = next;
    }
    let last = |mask: u64| mask >> 63 != 0;
    let fresh_after = last(spaces) || (last(others) && last(fresh));
    Some((swar::count(letters & fresh), !fresh_after))
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

/// The class of each ASCII byte for [`count_words`].
const ASCII_CLASSES: [u8; 128] = {
    let mut classes = [OTHER; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        classes[byte] = if b.is_ascii_whitespace() {
            SPACE
        } else if b.is_ascii_alphanumeric() {
            WORD
        } else {
            OTHER
        };
        byte += 1;
    }
    classes
};

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
        let span = sentence_at(text, 0..text.len(), at);
        assert_eq!(&text[span], "Another one\nspans lines.");
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
    }

    #[test]
    fn words_are_counted_by_unicode_rules() {
        assert_eq!(count_words("Turkey’s foreign ministry — said 9 things."), 6);
    }
}
