//! Folding text into the form that lexicon terms are matched against.
//!
//! The folded form is lower case, transliterated to ASCII where a letter has an ASCII
//! reading (`Çavuşoğlu` becomes `cavusoglu`), with typographic quotes, apostrophes and
//! dashes replaced by their plain forms, and with every run of white space and hyphens
//! collapsed into one space, so that `Nagorno-Karabakh`, `Nagorno Karabakh` and
//! `Nagorno -\n Karabakh` all read `nagorno karabakh`. A byte map leads from each folded
//! byte back to the original text, so a match in the folded form is reported at its true
//! place in the article.

use std::ops::Range;

use super::blocks::{BLOCK, Block};
use super::swar;

/// Text folded for matching, with a map back to the original byte offsets.
///
/// The map is sparse: folded and original offsets move together through runs of plain
/// ASCII, so only the places where they part (a collapsed space, a folded accent) are
/// stored, and a lookup is a binary search.
#[derive(Debug, Clone)]
pub struct Normalized {
    folded: String,
    /// `(folded offset, original offset)` where a new linear stretch of the map starts;
    /// the first entry is `(0, 0)`.
    breaks: Vec<(u32, u32)>,
    /// The original text's length, where the folded text's end maps.
    original_len: usize,
}

/// Whether folding lowers the case of letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Lower-case every letter (the form used for case-insensitive matching).
    Fold,
    /// Keep letters as they are (used to check case-sensitive terms).
    Keep,
}

impl Normalized {
    /// Folds `original` (lower case) and records where every folded byte came from.
    pub fn new(original: &str) -> Self {
        Self::with_case(original, Case::Fold)
    }

    /// Folds `original`, lowering the case of letters or not.
    pub fn with_case(original: &str, case: Case) -> Self {
        // News text breaks the linear map every hundred bytes or so (line breaks,
        // typographic quotes, dashes); starting with room for that avoids regrowing.
        let mut breaks = Vec::with_capacity(1 + original.len() / 64);
        breaks.push((0, 0));
        let mut out = Folder {
            folded: String::with_capacity(original.len()),
            breaks,
            case,
            pending_space: None,
        };
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let run = ascii_word_run(&bytes[at..]);
            if run > 0 {
                out.push_ascii_run(at, &original[at..at + run]);
                at += run;
                continue;
            }
            let c = original[at..]
                .chars()
                .next()
                .expect("at is a char boundary");
            out.push_char(at, c);
            at += c.len_utf8();
        }
        out.flush_space();
        let folded = out.folded;
        Normalized {
            folded,
            breaks: out.breaks,
            original_len: original.len(),
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.folded
    }

    /// The original offset of folded byte `at` (the original length at the end).
    fn origin(&self, at: usize) -> usize {
        if at >= self.folded.len() {
            return self.original_len;
        }
        let index = self
            .breaks
            .partition_point(|(folded, _)| *folded as usize <= at)
            - 1;
        let (folded, original) = self.breaks[index];
        original as usize + (at - folded as usize)
    }

    /// Maps a byte range of the folded text back to the original text.
    ///
    /// The result covers every original character that produced a byte of `span`,
    /// including characters that folded to nothing (combining accents) inside it.
    pub fn original_span(&self, span: Range<usize>, original: &str) -> Range<usize> {
        let start = self.origin(span.start);
        if span.is_empty() {
            return start..start;
        }
        let last = self.origin(span.end - 1);
        let mut end = self.origin(span.end);
        if end <= last {
            // The span ends inside the expansion of one character (`ß` -> `ss`).
            end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        }
        start..end
    }
}

/// The length of the run of ASCII bytes at the start of `bytes` that fold one to one:
/// everything but white space, hyphens and non-ASCII, except that a single space between
/// two such bytes folds to itself too and stays in the run.
///
/// This is the hot loop of folding, so it reads eight bytes at a time: a run ends at the
/// first byte that is not plain ASCII or a space, or at the first of two spaces, and a
/// space at its very end is left to the caller.
fn ascii_word_run(bytes: &[u8]) -> usize {
    if !bytes.first().copied().is_some_and(folds_to_itself) {
        return 0;
    }
    let end = first_stop(bytes);
    if end > 0 && bytes[end - 1] == b' ' {
        end - 1
    } else {
        end
    }
}

/// The offset of the first byte that ends a run: one that folding changes (non-ASCII,
/// white space other than a space, a hyphen) or the first of two spaces in a row; the
/// length of `bytes` when there is none.
fn first_stop(bytes: &[u8]) -> usize {
    let mut at = 0;
    while at < bytes.len() {
        let block = Block::load(&bytes[at..]);
        let spaces = block.mask(&[(b' ', b' ')]);
        // A space whose next byte is a space too, in this block or the next.
        let next_is_space = bytes.get(at + BLOCK) == Some(&b' ');
        let doubled = spaces & ((spaces >> 1) | u64::from(next_is_space) << 63);
        let stops = block.high() | block.mask(&[(b'\t', b'\r'), (b'-', b'-')]) | doubled;
        if stops != 0 {
            return at + stops.trailing_zeros() as usize;
        }
        at += BLOCK;
    }
    bytes.len()
}

/// ASCII that folding leaves in place (but for its case): not white space, not a hyphen.
fn folds_to_itself(byte: u8) -> bool {
    byte.is_ascii() && !byte.is_ascii_whitespace() && byte != b'-' && byte != 0x0B
}

/// Folds a lexicon term the same way article text is folded, without the offset map.
pub fn fold_term(term: &str, case: Case) -> String {
    // Most terms are plain ASCII with single spaces, which folding only lower-cases.
    if ascii_word_run(term.as_bytes()) == term.len() {
        return match case {
            Case::Fold => term.to_ascii_lowercase(),
            Case::Keep => term.to_string(),
        };
    }
    Normalized::with_case(term, case)
        .folded
        .trim_matches(' ')
        .to_string()
}

/// True for characters that make up words when checking whole-word boundaries: letters
/// and digits.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Typographic quotes and dashes are most of the non-ASCII characters of news text.
    // They lie in General Punctuation, which has no letter or digit: no need to search
    // the Unicode tables for them.
    !GENERAL_PUNCTUATION.contains(&c) && c.is_alphanumeric()
}

/// The Unicode block of dashes, quotation marks and other punctuation, none of which is
/// a letter or digit.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// The word of ASCII letters and digits at byte `at`, when an ASCII character follows it:
/// its length, and its first eight bytes as a little-endian `u64`, zero after the word's
/// end. `None` for a word that may go on with a letter beyond ASCII, for one that starts or
/// runs on into the text's last seven bytes, and where no word starts at `at`.
#[inline]
pub fn ascii_word(bytes: &[u8], at: usize) -> Option<(usize, u64)> {
    let first = swar::word_at(bytes, at)?;
    // Only an ASCII byte other than a letter or digit surely ends the word.
    let end = match run_in_block(first) {
        8 => {
            let end = ascii_run_end(bytes, at + 8);
            bytes
                .get(end)
                .filter(|byte| byte.is_ascii() && !byte.is_ascii_alphanumeric())?;
            end
        }
        run if (first >> (8 * run)) & 0x80 != 0 => return None,
        run => at + run,
    };
    match end - at {
        0 => None,
        len @ 1..8 => Some((len, first & ((1 << (8 * len)) - 1))),
        len => Some((len, first)),
    }
}

/// Where the run of word characters at byte `at` (a char boundary) ends.
pub fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        at = ascii_run_end(bytes, at);
        match bytes.get(at) {
            Some(byte) if byte.is_ascii_alphanumeric() => at += 1,
            Some(byte) if !byte.is_ascii() => match text[at..].chars().next() {
                Some(c) if is_word_char(c) => at += c.len_utf8(),
                _ => return at,
            },
            _ => return at,
        }
    }
}

/// Where the run of ASCII letters and digits at `at` ends, read eight bytes at a time; or,
/// when it reaches the last seven bytes, where those begin.
#[inline]
fn ascii_run_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(block) = swar::word_at(bytes, at) {
        let run = run_in_block(block);
        at += run;
        if run < 8 {
            break;
        }
    }
    at
}

/// How many of the eight bytes of `block` are ASCII letters and digits before any other.
#[inline]
fn run_in_block(block: u64) -> usize {
    swar::first(!swar::ascii_alphanumeric(block) & swar::HIGH_BITS)
}

fn offset_u32(at: usize) -> u32 {
    u32::try_from(at).expect("texts over 4 GiB are split before folding")
}

struct Folder {
    folded: String,
    breaks: Vec<(u32, u32)>,
    case: Case,
    /// Start of a run of white space and hyphens not yet written out.
    pending_space: Option<usize>,
}

impl Folder {
    /// Plain ASCII, folded byte for byte: one break at most, at its start.
    fn push_ascii_run(&mut self, at: usize, run: &str) {
        self.flush_space();
        self.mark(at);
        let start = self.folded.len();
        self.folded.push_str(run);
        self.fold_ascii_case(start);
    }

    fn push_char(&mut self, at: usize, c: char) {
        if is_space_or_hyphen(c) {
            self.pending_space.get_or_insert(at);
            return;
        }
        self.flush_space();
        if c.is_ascii() {
            let c = match self.case {
                Case::Fold => c.to_ascii_lowercase(),
                Case::Keep => c,
            };
            self.push_str(at, c.encode_utf8(&mut [0; 4]));
        } else if let Some(plain) = plain_punctuation(c) {
            self.push_str(at, plain);
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            self.push_letter(at, c);
        } else {
            self.push_str(at, c.encode_utf8(&mut [0; 4]));
        }
    }

    fn push_letter(&mut self, at: usize, c: char) {
        let ascii = match c {
            // deunicode reads the schwa as `@`; Azerbaijani spelling reads it as `e`.
            'ə' | 'Ə' => Some(if c == 'ə' { "e" } else { "E" }),
            _ => deunicode::deunicode_char(c).filter(|s| s.chars().all(is_letter_or_digit)),
        };
        match (ascii, self.case) {
            (Some(s), _) => {
                let start = self.folded.len();
                self.push_str(at, s);
                self.fold_ascii_case(start);
            }
            (None, Case::Fold) => {
                // At most three characters of at most four bytes.
                let mut lower = [0; 12];
                let mut len = 0;
                for l in c.to_lowercase() {
                    len += l.encode_utf8(&mut lower[len..]).len();
                }
                let lower = std::str::from_utf8(&lower[..len]).expect("encoded chars");
                self.push_str(at, lower);
            }
            (None, Case::Keep) => self.push_str(at, c.encode_utf8(&mut [0; 4])),
        }
    }

    fn flush_space(&mut self) {
        if let Some(at) = self.pending_space.take() {
            self.push_str(at, " ");
        }
    }

    /// Lower-cases the ASCII letters written from folded offset `start` on, when folding
    /// lowers case.
    fn fold_ascii_case(&mut self, start: usize) {
        if self.case == Case::Fold {
            self.folded[start..].make_ascii_lowercase();
        }
    }

    /// Every byte of `s` comes from the character at `at`.
    fn push_str(&mut self, at: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        self.mark(at);
        // Later bytes of an expansion map back to the same character.
        let start = self.folded.len();
        let later = (start + 1..start + s.len()).map(|folded| (offset_u32(folded), offset_u32(at)));
        self.breaks.extend(later);
        self.folded.push_str(s);
    }

    /// Records that the next folded byte comes from original offset `at`, unless the map
    /// already says so.
    fn mark(&mut self, at: usize) {
        let (folded, original) = *self.breaks.last().expect("starts with (0, 0)");
        let expected = original as usize + (self.folded.len() - folded as usize);
        if expected != at {
            let entry = (offset_u32(self.folded.len()), offset_u32(at));
            match self.breaks.last_mut() {
                // Two breaks at one folded offset: the later one wins.
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => self.breaks.push(entry),
            }
        }
    }
}

fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_space_or_hyphen(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{00AD}' | '\u{2010}'
                ..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
        )
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The plain form of typographic quotes, apostrophes and ellipses (dashes fold with hyphens).
fn plain_punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{2039}' | '\u{203A}' => "\"",
        '\u{2026}' => "...",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_are_read_eight_bytes_at_once() {
        let first = |bytes: &[u8; 8]| u64::from_le_bytes(*bytes);
        assert_eq!(
            ascii_word(b"war, and more", 0),
            Some((3, first(b"war\0\0\0\0\0")))
        );
        assert_eq!(
            ascii_word(b"a war, and more", 2),
            Some((3, first(b"war\0\0\0\0\0")))
        );
        assert_eq!(ascii_word(b"Abc123 x", 0), Some((6, first(b"Abc123\0\0"))));
        assert_eq!(
            ascii_word(b"occupied lands, and", 0),
            Some((8, first(b"occupied")))
        );
        assert_eq!(
            ascii_word(b"internationally, said", 0),
            Some((15, first(b"internat")))
        );
        // A word that ends where the last seven bytes begin is still known to end.
        assert_eq!(
            ascii_word(b"occupied war", 0),
            Some((8, first(b"occupied")))
        );
        // A letter beyond ASCII next, too few bytes left, no word.
        assert_eq!(ascii_word("Xank\u{259}ndi is here".as_bytes(), 0), None);
        assert_eq!(ascii_word(b"occupiedterritory", 0), None);
        assert_eq!(ascii_word(b"war", 0), None);
        assert_eq!(ascii_word(b" war and", 0), None);
    }

    #[test]
    fn word_characters_are_letters_and_digits_everywhere() {
        // The shortcut past General Punctuation must not change what is a word character.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn folded(text: &str) -> String {
        Normalized::new(text).as_str().to_string()
    }

    #[test]
    fn folds_case_diacritics_and_typography() {
        let cases = [
            ("Mevlüt Çavuşoğlu", "mevlut cavusoglu"),
            ("Xankəndi", "xankendi"),
            ("Turkey’s “war”", "turkey's \"war\""),
            ("«Artsakh»", "\"artsakh\""),
            ("Nagorno-Karabakh", "nagorno karabakh"),
            ("Nagorno – \n Karabakh", "nagorno karabakh"),
            ("cease\u{2011}fire", "cease fire"),
            ("Cafe\u{301}", "cafe"),
            // Letters that spell out as more than one, and a letter with no ASCII spelling.
            ("ÆSIR ŒUVRE", "aesir oeuvre"),
            ("Ʌ", "ʌ"),
        ];
        for (text, expected) in cases {
            assert_eq!(folded(text), expected, "folding {text:?}");
        }
    }

    #[test]
    fn keeping_case_still_folds_everything_else() {
        let norm = Normalized::with_case("NKR’s Şuşa", Case::Keep);
        assert_eq!(norm.as_str(), "NKR's Susa");
    }

    #[test]
    fn spans_map_back_to_the_original_text() {
        let text = "The “Çavuşoğlu” visit to Nagorno–Karabakh";
        let norm = Normalized::new(text);
        for needle in ["cavusoglu", "nagorno karabakh", "visit", "\"cavusoglu\""] {
            let at = norm.as_str().find(needle).unwrap();
            let span = norm.original_span(at..at + needle.len(), text);
            let back = fold_term(&text[span.clone()], Case::Fold);
            assert_eq!(back, needle, "span {span:?} of {text:?}");
        }
    }

    #[test]
    fn every_folded_offset_maps_to_a_char_boundary() {
        let text = "Ağdərə, “Straße” — Şuşa’s Ünye\u{301}!";
        let norm = Normalized::new(text);
        for start in 0..=norm.as_str().len() {
            for end in start..=norm.as_str().len() {
                let span = norm.original_span(start..end, text);
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                assert!(span.start <= span.end && span.end <= text.len());
            }
        }
    }

    #[test]
    fn a_span_inside_an_expansion_covers_the_whole_character() {
        let text = "Straße";
        let norm = Normalized::new(text);
        assert_eq!(norm.as_str(), "strasse");
        let span = norm.original_span(0..5, text);
        assert_eq!(&text[span], "Straß");
    }

    /// The byte-at-a-time definition of a run that `ascii_word_run` reads word by word.
    fn ascii_word_run_by_bytes(bytes: &[u8]) -> usize {
        let mut at = 0;
        while at < bytes.len() {
            if folds_to_itself(bytes[at]) {
                at += 1;
            } else if bytes[at] == b' '
                && at > 0
                && bytes.get(at + 1).copied().is_some_and(folds_to_itself)
            {
                at += 2;
            } else {
                break;
            }
        }
        at
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Words of letters, long enough to cross blocks, between runs of the bytes that
        /// end a run (spaces, hyphens, control white space, non-ASCII).
        #[test]
        fn runs_read_by_blocks_end_where_byte_by_byte_runs_do(
            text in r"([a-zA-Z]{1,70}|[ \-\n\t\x{0B}\x{7F}\x{E9}]{1,2}){0,16}"
        ) {
            let bytes = text.as_bytes();
            for start in 0..bytes.len() {
                proptest::prop_assert_eq!(
                    ascii_word_run(&bytes[start..]),
                    ascii_word_run_by_bytes(&bytes[start..]),
                    "run at {} of {:?}", start, text
                );
            }
        }

        /// Plain terms take a shortcut; every term folds as text folds, outer spaces dropped.
        #[test]
        fn terms_fold_as_their_text_does(
            term in r"([a-zA-Z'.]{1,9}|[ \-\n\x{0B}\x{E9}\x{2019}]{1,2}){0,6}"
        ) {
            for case in [Case::Fold, Case::Keep] {
                let text = Normalized::with_case(&term, case);
                proptest::prop_assert_eq!(
                    fold_term(&term, case),
                    text.as_str().trim_matches(' '),
                    "{:?} {:?}", term, case
                );
            }
        }
    }

    #[test]
    fn terms_fold_like_text_and_lose_outer_spaces() {
        assert_eq!(fold_term(" Upper  Karabakh ", Case::Fold), "upper karabakh");
        assert_eq!(fold_term("NKR", Case::Keep), "NKR");
    }
}
