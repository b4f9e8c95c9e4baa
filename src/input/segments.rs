//! Reading a plain-text article too large to hold at once.
//!
//! `compare` reads such a file in segments of about
//! [`ReadOptions::segment_bytes`](super::ReadOptions::segment_bytes) that end at a line end,
//! or at a space when one line is longer than a segment. Each segment is handed on as a
//! [`Document`] whose [`Segment`] says which part of the article it is and where it starts,
//! so lines, columns and word positions are reported for the whole file and the article is
//! counted once. A file is memory-mapped a segment at a time ([`split_file`]), so memory
//! holds one segment, whatever the file's size.

use std::io::Read;
use std::path::Path;

use super::Document;
use crate::error::{Error, Warning};
use crate::text::{count_words, opens_with_quote};

/// The segment size `compare` reads large plain-text files in.
pub const SEGMENT_BYTES: usize = 1 << 20;

/// Where a document stands in the article it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// 0 for a whole article or its first segment; 1, 2, ... for the segments after it.
    pub index: usize,
    /// Lines of the file before this segment.
    pub line_offset: usize,
    /// Characters of the segment's first line that lie in the segments before it.
    pub column_offset: usize,
    /// Words of the article before this segment.
    pub word_offset: usize,
}

impl Segment {
    /// True for the second and later segments of an article.
    pub fn continues(&self) -> bool {
        self.index > 0
    }

    /// Where the segment after this one starts, given this segment's text.
    fn next(&self, text: &str, words: usize) -> Segment {
        let breaks = line_breaks(text);
        let tail = text.rfind(['\n', '\r']).map_or(text, |at| &text[at + 1..]);
        let tail_chars = tail.chars().count();
        Segment {
            index: self.index + 1,
            line_offset: self.line_offset + breaks,
            column_offset: if breaks == 0 {
                self.column_offset + tail_chars
            } else {
                tail_chars
            },
            word_offset: self.word_offset + words,
        }
    }
}

/// Line breaks in `text` as [`crate::text::LineIndex`] counts them: `\n`, `\r\n` and a
/// lone `\r`.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let feeds = memchr::memchr_iter(b'\n', bytes).count();
    let lone_returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| bytes.get(at + 1) != Some(&b'\n'))
        .count();
    feeds + lone_returns
}

/// What the first segment decided for the whole article.
pub(super) struct Article {
    /// The source (outlet) every segment belongs to.
    pub(super) source: String,
    /// Front matter of the first segment, repeated on every segment.
    pub(super) meta: std::collections::BTreeMap<String, String>,
}

/// One read segment, before decoding.
pub(super) struct RawSegment {
    pub(super) bytes: Vec<u8>,
    /// Offset of its first byte in the file.
    pub(super) file_offset: usize,
}

/// Reads `reader` in segments of about `size` bytes and hands each to `each`; stops at the
/// end of the input or when `each` returns false. An empty input is one empty segment, as
/// an empty file is one empty article.
pub(super) fn split(
    reader: &mut dyn Read,
    path: &Path,
    size: usize,
    each: &mut dyn FnMut(RawSegment) -> bool,
) -> Result<(), Error> {
    let mut pending: Vec<u8> = Vec::with_capacity(size);
    let mut file_offset = 0;
    loop {
        let wanted = size.saturating_sub(pending.len()).max(1);
        // `read_to_end` stops only at the limit or at the end of the input.
        let read = reader
            .take(wanted as u64)
            .read_to_end(&mut pending)
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
        let at_end = read < wanted;
        // Ended right after a segment: nothing more to hand on.
        if pending.is_empty() && file_offset > 0 {
            return Ok(());
        }
        let cut = if at_end {
            pending.len()
        } else {
            cut_point(&pending)
        };
        let rest = pending.split_off(cut);
        let bytes = std::mem::replace(&mut pending, rest);
        let length = bytes.len();
        if !each(RawSegment { bytes, file_offset }) || at_end {
            return Ok(());
        }
        file_offset += length;
    }
}

/// Like [`split`], over a regular file of `len` bytes whose first bytes, read already,
/// are `head`. The file is memory-mapped a segment at a time, and each mapping is dropped
/// once its segment is copied out, so resident memory holds about one segment however
/// large the file; the segments are the ones [`split`] makes. A file that cannot be
/// mapped is read as a stream.
///
/// The mapping shows the file as it is while it is read: slant never writes to an input,
/// but a file that another program shortens meanwhile may end the process (`SIGBUS`), as
/// it would for any tool that maps its inputs.
pub(super) fn split_file(
    file: std::fs::File,
    len: u64,
    head: Vec<u8>,
    path: &Path,
    size: usize,
    each: &mut dyn FnMut(RawSegment) -> bool,
) -> Result<(), Error> {
    let mut offset: u64 = 0;
    while offset < len {
        let left = len - offset;
        let window = usize::try_from(left).map_or(size, |left| left.min(size));
        let map = match map_window(&file, offset, window) {
            Ok(map) => map,
            Err(_) if offset == 0 => {
                let mut reader = std::io::Cursor::new(head).chain(file);
                return split(&mut reader, path, size, each);
            }
            Err(source) => {
                return Err(Error::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        // As in `split`: the last segment is whatever is left once less than a segment is.
        let at_end = left < size as u64;
        let cut = if at_end { map.len() } else { cut_point(&map) };
        let bytes = map[..cut].to_vec();
        drop(map);
        // Only messages use the offset: past `usize::MAX` (a 32-bit system), they say so.
        let file_offset = usize::try_from(offset).unwrap_or(usize::MAX);
        if !each(RawSegment { bytes, file_offset }) || at_end {
            break;
        }
        offset += cut as u64;
    }
    Ok(())
}

/// Maps `len` bytes of `file` from `offset`, read-only.
fn map_window(file: &std::fs::File, offset: u64, len: usize) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: the map is only read, and lives no longer than the segment it is cut into;
    // see `split_file` for a file changed by another program meanwhile.
    unsafe {
        memmap2::MmapOptions::new()
            .offset(offset)
            .len(len)
            .map(file)
    }
}

/// Where to end a segment of `bytes`, looking in its second half: after the last blank
/// line not followed by a paragraph that opens with a quotation mark (which may continue
/// a quote), else after the last line end, else after the last space or tab outside
/// double quotation marks, else after the last space or tab, else at the last character
/// boundary.
fn cut_point(bytes: &[u8]) -> usize {
    let half = bytes.len() / 2;
    let tail = &bytes[half..];
    if let Some(at) = paragraph_break(tail) {
        return half + at;
    }
    if let Some(at) = memchr::memrchr(b'\n', tail) {
        return half + at + 1;
    }
    // After a sentence end first: a space inside a phrase may be inside a term.
    let quotes = quotation_changes(bytes);
    for after_stop in [true, false] {
        if let Some(at) = space_outside_quotes(bytes, &quotes, half, after_stop) {
            return at + 1;
        }
    }
    if let Some(at) = memchr::memrchr2(b' ', b'\t', tail) {
        return half + at + 1;
    }
    // No white space at all: cut before the last UTF-8 lead byte.
    (half..bytes.len())
        .rev()
        .find(|&at| bytes[at] & 0xC0 != 0x80)
        .filter(|&at| at > 0)
        .unwrap_or(bytes.len())
}

/// Where `bytes` goes into or out of double quotation marks (`"`, `“ ”`, `„`, `« »`),
/// counting from its start: the offset of each such mark, and whether the text after it
/// is outside them, in text order. The marks are found by their first byte.
fn quotation_changes(bytes: &[u8]) -> Vec<(usize, bool)> {
    let mut changes = Vec::new();
    let (mut open, mut straight_open) = (0usize, false);
    for at in memchr::memchr3_iter(b'"', 0xE2, 0xC2, bytes) {
        let was_outside = open == 0 && !straight_open;
        match bytes[at..] {
            [b'"', ..] => straight_open = !straight_open,
            [0xE2, 0x80, 0x9C | 0x9E, ..] | [0xC2, 0xAB, ..] => open += 1,
            [0xE2, 0x80, 0x9D, ..] | [0xC2, 0xBB, ..] => open = open.saturating_sub(1),
            _ => continue,
        }
        let outside = open == 0 && !straight_open;
        if outside != was_outside {
            changes.push((at, outside));
        }
    }
    changes
}

/// The offset of the last space or tab of `bytes`, at `from` or later, outside the
/// quotations `quotes` ([`quotation_changes`]) marks; with `after_stop`, only one right
/// after a full stop, question or exclamation mark. In a line longer than a segment, a cut
/// there leaves quotations and terms whole. A mark that cannot be told opening from
/// closing can only make this find nothing, or a worse place.
fn space_outside_quotes(
    bytes: &[u8],
    quotes: &[(usize, bool)],
    from: usize,
    after_stop: bool,
) -> Option<usize> {
    // From the end, the last space; inside a quotation, the last space before it opened.
    let mut end = bytes.len();
    while end > from {
        let mut spaces = memchr::memrchr2_iter(b' ', b'\t', &bytes[from..end]).map(|at| from + at);
        let at = spaces
            .find(|&at| !after_stop || at > 0 && matches!(bytes[at - 1], b'.' | b'!' | b'?'))?;
        let before = quotes.partition_point(|&(mark, _)| mark < at);
        match before.checked_sub(1).map(|index| quotes[index]) {
            Some((opened, false)) => end = opened,
            _ => return Some(at),
        }
    }
    None
}

/// The offset just after the last blank line of `bytes` whose next paragraph does not
/// open with a quotation mark.
fn paragraph_break(bytes: &[u8]) -> Option<usize> {
    let is_blank = |line: &[u8]| line.iter().all(u8::is_ascii_whitespace);
    let mut line_end = None;
    for at in memchr::memrchr_iter(b'\n', bytes) {
        if let Some(end) = line_end
            && is_blank(&bytes[at + 1..end])
        {
            let next = String::from_utf8_lossy(&bytes[end + 1..bytes.len().min(end + 64)]);
            if !opens_with_quote(&next) {
                return Some(end + 1);
            }
        }
        line_end = Some(at);
    }
    None
}

/// A later segment as a document of `article`, decoded lossily; `warn` gets a warning
/// for the first invalid UTF-8 sequence.
pub(super) fn continuation(
    raw: RawSegment,
    article: &Article,
    origin: &str,
    segment: Segment,
    warn: &mut dyn FnMut(Warning),
) -> Document {
    let text = match String::from_utf8(raw.bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = raw.file_offset + err.utf8_error().valid_up_to();
            warn(Warning {
                origin: origin.to_string(),
                record: None,
                line: None,
                message: format!(
                    "invalid UTF-8 at byte {offset}; bad sequences were replaced with U+FFFD"
                ),
            });
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    Document {
        source: article.source.clone(),
        origin: origin.to_string(),
        body: 0..text.len(),
        text,
        meta: article.meta.clone(),
        segment,
    }
}

/// The segment after `document`.
pub(super) fn after(document: &Document) -> Segment {
    let body = &document.text[document.body.clone()];
    document.segment.next(&document.text, count_words(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str, size: usize) -> Vec<String> {
        let mut found = Vec::new();
        split(&mut text.as_bytes(), Path::new("t"), size, &mut |raw| {
            found.push(String::from_utf8(raw.bytes).unwrap());
            true
        })
        .unwrap();
        found
    }

    /// The segments of `text` read from a file through [`split_file`], whose first two
    /// bytes are read beforehand as `read_segmented` does.
    fn mapped_segments(text: &str, size: usize) -> Vec<String> {
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        std::io::Seek::rewind(&mut file).unwrap();
        let mut head = Vec::new();
        (&mut file).take(2).read_to_end(&mut head).unwrap();
        let mut found = Vec::new();
        let len = text.len() as u64;
        split_file(file, len, head, Path::new("t"), size, &mut |raw| {
            found.push(String::from_utf8(raw.bytes).unwrap());
            true
        })
        .unwrap();
        found
    }

    #[test]
    fn a_mapped_file_is_cut_where_a_stream_is() {
        let text = "a b c\nd e f\n\n“quote goes on\n\nplain paragraph\nnext line\n\
                    şşş "
            .repeat(9)
            + &"word ".repeat(40);
        for size in [5, 12, 16, 40, 41, 64, 200, text.len() - 1, text.len(), 4096] {
            let mapped = mapped_segments(&text, size);
            assert_eq!(mapped, segments(&text, size), "segments of {size} bytes");
            assert_eq!(mapped.concat(), text);
        }
        assert!(mapped_segments("", 8).is_empty());
    }

    #[test]
    fn segments_end_at_line_ends_and_cover_the_text() {
        let text = "one line\ntwo line\nthree line\nfour line\n";
        let parts = segments(text, 12);
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| p.ends_with('\n')), "{parts:?}");
    }

    #[test]
    fn segments_prefer_paragraph_ends_where_no_quote_continues() {
        let text = "a b c\nd e f\n\n“quote goes on\n\nplain paragraph\nnext line\n";
        let parts = segments(text, 40);
        assert_eq!(parts.concat(), text);
        assert!(parts[0].ends_with("goes on\n\n"), "{parts:?}");
    }

    #[test]
    fn a_line_longer_than_a_segment_is_cut_at_spaces() {
        let text = "word ".repeat(100);
        let parts = segments(&text, 32);
        assert_eq!(parts.concat(), text);
        assert!(parts.len() > 10);
        assert!(parts.iter().all(|p| p.ends_with(' ')), "{parts:?}");
    }

    #[test]
    fn a_long_line_is_cut_outside_quotations_where_it_can_be() {
        let outside = |text: &str, from, after_stop| {
            let bytes = text.as_bytes();
            space_outside_quotes(bytes, &quotation_changes(bytes), from, after_stop)
        };
        let find = |text: &str, from| outside(text, from, false);
        assert_eq!(find("a “b c” d e", 0), Some("a “b c” d".len()));
        assert_eq!(find("x y “a b c", 0), Some(3));
        assert_eq!(find("a \"b c\" d", 0), Some("a \"b c\"".len()));
        assert_eq!(find("« a b » c „d e", 0), Some("« a b » c".len()));
        assert_eq!(find("x y “a b c", 4), None);
        let stop = |text: &str| outside(text, 0, true);
        assert_eq!(stop("One. Two “Three. Four” five six"), Some(4));
        assert_eq!(stop("no stop here"), None);
        // Each segment of a line of short quotations ends outside them.
        let text = "Forces said, “the regime” left. ".repeat(40);
        let parts = segments(&text, 100);
        assert_eq!(parts.concat(), text);
        assert!(parts.len() > 10);
        for part in &parts {
            assert_eq!(
                part.matches('“').count(),
                part.matches('”').count(),
                "{part:?}"
            );
        }
    }

    #[test]
    fn an_empty_input_is_one_empty_segment() {
        assert_eq!(segments("", 8), [""]);
        assert_eq!(segments("x", 8), ["x"]);
    }

    #[test]
    fn text_without_spaces_is_cut_on_char_boundaries() {
        let text = "ş".repeat(100);
        let parts = segments(&text, 15);
        assert_eq!(parts.concat(), text);
    }

    #[test]
    fn offsets_carry_lines_columns_and_words_into_the_next_segment() {
        let first = Segment::default();
        let next = first.next("a b\r\nc d\re f", 6);
        assert_eq!(
            next,
            Segment {
                index: 1,
                line_offset: 2,
                column_offset: 3,
                word_offset: 6
            }
        );
        let third = next.next("gh ", 1);
        assert_eq!((third.line_offset, third.column_offset), (2, 6));
    }

    #[test]
    fn invalid_utf8_in_a_later_segment_is_placed_in_the_file() {
        let article = Article {
            source: "Wire".into(),
            meta: Default::default(),
        };
        let raw = RawSegment {
            bytes: b"abc\xFFdef".to_vec(),
            file_offset: 1000,
        };
        let mut warnings = Vec::new();
        let segment = Segment {
            index: 3,
            ..Segment::default()
        };
        let document = continuation(raw, &article, "big.txt", segment, &mut |w| warnings.push(w));
        assert_eq!(document.text, "abc\u{FFFD}def");
        assert_eq!(document.source, "Wire");
        assert!(document.segment.continues());
        assert!(
            warnings[0].message.contains("byte 1003"),
            "{:?}",
            warnings[0]
        );
    }
}
