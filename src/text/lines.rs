//! Line and column numbers for byte offsets, computed from one index per document.

/// Start offsets of every line of a text, for turning byte offsets into positions.
///
/// `\n`, `\r\n` and a lone `\r` all end a line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + found;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        LineIndex { starts }
    }

    /// The line and column of byte `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        self.position_on(text, self.line_of(offset), offset)
    }

    /// The position of byte `offset`, which lies on 0-based `line`.
    fn position_on(&self, text: &str, line: usize, offset: usize) -> Position {
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// A cursor for positions in `text` asked for in text order.
    pub fn cursor<'t>(&'t self, text: &'t str) -> Cursor<'t> {
        Cursor {
            index: self,
            text,
            last: None,
        }
    }

    /// The 0-based line that byte `offset` lies on.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte range of 1-based `line`, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        let trimmed = text[start..end].trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }
}

/// Positions of offsets mostly asked for in text order: a column is counted on from the
/// last offset asked for when that lies earlier on the same line, so that many hits on
/// one long line cost one pass over it, not one pass each.
#[derive(Debug)]
pub struct Cursor<'t> {
    index: &'t LineIndex,
    text: &'t str,
    /// The last offset asked for, and its position.
    last: Option<(usize, Position)>,
}

impl Cursor<'_> {
    /// The line and column of byte `offset`, as [`LineIndex::position`] gives them.
    pub fn position(&mut self, offset: usize) -> Position {
        let line = self.index.line_of(offset);
        let position = match self.last {
            Some((from, last)) if last.line == line + 1 && from <= offset => Position {
                line: last.line,
                column: last.column + self.text[from..offset].chars().count(),
            },
            _ => self.index.position_on(self.text, line, offset),
        };
        self.last = Some((offset, position));
        position
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_every_kind_of_line_ending() {
        let text = "ab\ncd\r\nef\rgh";
        let index = LineIndex::new(text);
        let at = |needle: &str| index.position(text, text.find(needle).unwrap());
        assert_eq!(at("a"), Position { line: 1, column: 1 });
        assert_eq!(at("d"), Position { line: 2, column: 2 });
        assert_eq!(at("e"), Position { line: 3, column: 1 });
        assert_eq!(at("h"), Position { line: 4, column: 2 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "“Çavuşoğlu” said";
        let index = LineIndex::new(text);
        let said = text.find("said").unwrap();
        assert_eq!(index.position(text, said).column, 13);
    }

    #[test]
    fn line_span_excludes_the_line_ending() {
        let text = "one\r\ntwo\n";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_span(text, 1)], "one");
        assert_eq!(&text[index.line_span(text, 2)], "two");
    }

    #[test]
    fn a_cursor_gives_the_positions_the_index_gives_in_any_order() {
        let text = "“Çavuşoğlu” said\r\nab  cd\n\nÿ€ end\rlast line";
        let index = LineIndex::new(text);
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&at| text.is_char_boundary(at))
            .collect();
        let backwards = boundaries.iter().rev();
        let jumping = boundaries
            .iter()
            .step_by(3)
            .chain(boundaries.iter().step_by(2));
        for offsets in [
            boundaries.iter().collect::<Vec<_>>(),
            backwards.collect(),
            jumping.collect(),
        ] {
            let mut cursor = index.cursor(text);
            for &at in offsets {
                assert_eq!(cursor.position(at), index.position(text, at), "at {at}");
            }
        }
    }
}
