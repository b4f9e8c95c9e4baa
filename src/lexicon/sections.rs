//! Splitting a TOML lexicon at its `[[concepts]]` headers, so that a large one is read in
//! parts, on every core, each part into the lexicon types through a small document.
//!
//! Read whole, a lexicon of many concepts costs either memory (the toml crate builds the
//! whole document first: 134 MB for 50,000 terms) or time (basic-toml looks for each table
//! of an array of tables from the first table of the document on, which makes a file of
//! many `[[concepts]]` quadratic to read). Read in parts (everything else, then the
//! concepts a batch at a time), each part is short. The split only looks at where lines
//! start outside strings and brackets; whatever it is unsure of (a quoted header key, a
//! concept's sub-table before any concept) it leaves to the reading of the whole text, and
//! so does any part that does not read, which keeps every error message the whole text's.

use std::ops::Range;

/// Concepts read together, at most: few enough that the quadratic lookup stays small.
const BATCH: usize = 64;

/// A TOML lexicon in parts: all but the concepts, and the concepts in order, in batches.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Parts {
    /// The text before the first header and every section that is not a concept's.
    pub(super) rest: String,
    /// Runs of whole concept sections (a `[[concepts]]` with its sub-tables), in order.
    pub(super) batches: Vec<Range<usize>>,
}

/// What a header line opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// `[[concepts]]`: the next concept.
    Concept,
    /// `[concepts.x]` or `[[concepts.x]]`: part of the concept before it.
    OfConcept,
    /// Any other table.
    Other,
}

/// `text` in parts, or `None` when it has no `[[concepts]]` header or a header the split
/// does not read with certainty.
pub(super) fn split(text: &str) -> Option<Parts> {
    let mut rest = String::new();
    let mut batches: Vec<Range<usize>> = Vec::new();
    // The batch being gathered, and how many concepts it holds.
    let mut open: Option<(Range<usize>, usize)> = None;
    let headers = headers(text)?;
    let first = headers.first().map_or(text.len(), |(at, _)| *at);
    rest.push_str(&text[..first]);
    for (index, &(start, section)) in headers.iter().enumerate() {
        let end = headers.get(index + 1).map_or(text.len(), |(at, _)| *at);
        match (section, open.as_mut()) {
            (Section::Concept, Some((batch, concepts))) if *concepts < BATCH => {
                batch.end = end;
                *concepts += 1;
            }
            (Section::Concept, _) => {
                batches.extend(open.replace((start..end, 1)).map(|(batch, _)| batch));
            }
            (Section::OfConcept, Some((batch, _))) => batch.end = end,
            (Section::OfConcept, None) => return None,
            (Section::Other, _) => {
                batches.extend(open.take().map(|(batch, _)| batch));
                rest.push_str(&text[start..end]);
            }
        }
    }
    batches.extend(open.map(|(batch, _)| batch));
    (!batches.is_empty()).then_some(Parts { rest, batches })
}

/// Where each table header starts, and what it opens; `None` for a header whose first
/// key is quoted or missing, which the split leaves alone.
fn headers(text: &str) -> Option<Vec<(usize, Section)>> {
    let mut found = Vec::new();
    let mut scanner = Scanner::default();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if scanner.at_top_level() {
            let content = line.trim_start_matches([' ', '\t']);
            if content.starts_with('[') {
                found.push((start, section(content)?));
            }
        }
        scanner.read_line(line);
        start += line.len();
    }
    Some(found)
}

/// What the header line `line` (starting with `[`) opens, by its first key.
fn section(line: &str) -> Option<Section> {
    let array = line.starts_with("[[");
    let inner = line[if array { 2 } else { 1 }..].trim_start_matches([' ', '\t']);
    let key_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    if key_len == 0 {
        return None;
    }
    if &inner[..key_len] != "concepts" {
        return Some(Section::Other);
    }
    let after = inner[key_len..].trim_start_matches([' ', '\t']);
    if after.starts_with('.') {
        Some(Section::OfConcept)
    } else if array && after.starts_with("]]") {
        Some(Section::Concept)
    } else {
        // `[concepts]`, a table where an array belongs: the whole text says what is wrong.
        None
    }
}

/// Reads TOML line by line just far enough to know whether the next line starts outside
/// every string, array and inline table.
#[derive(Debug, Default)]
struct Scanner {
    /// The closing quotes of the multi-line string open at the end of the last line.
    open_string: Option<&'static str>,
    /// Arrays and inline tables open.
    depth: usize,
}

impl Scanner {
    fn at_top_level(&self) -> bool {
        self.open_string.is_none() && self.depth == 0
    }

    fn read_line(&mut self, line: &str) {
        let bytes = line.as_bytes();
        let mut at = 0;
        if let Some(close) = self.open_string {
            match find_close(bytes, 0, close) {
                Some(end) => {
                    self.open_string = None;
                    at = end;
                }
                None => return,
            }
        }
        while let Some(skip) = bytes[at..].iter().position(|&b| SPECIAL[usize::from(b)]) {
            at += skip;
            match bytes[at] {
                b'#' => return,
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                quote @ (b'"' | b'\'') => {
                    let triple = bytes[at..].starts_with(&[quote; 3]);
                    let close = match (quote, triple) {
                        (b'"', true) => "\"\"\"",
                        (b'"', false) => "\"",
                        (_, true) => "'''",
                        (_, false) => "'",
                    };
                    match find_close(bytes, at + close.len(), close) {
                        Some(end) => {
                            at = end;
                            continue;
                        }
                        None if triple => {
                            self.open_string = Some(close);
                            return;
                        }
                        // A one-line string left open: the line is broken, and so is the
                        // text; whatever is read of it fails as a whole.
                        None => return,
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }
}

/// The bytes that [`Scanner::read_line`] acts on; it passes over the others.
static SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let mut bytes: &[u8] = b"#[]{}\"'";
    while let [byte, rest @ ..] = bytes {
        special[*byte as usize] = true;
        bytes = rest;
    }
    special
};

/// Where the string closed by `close` ends (past the quotes), searching from `from`; a
/// backslash escapes the next byte in basic strings (`"`), not in literal ones (`'`).
fn find_close(bytes: &[u8], from: usize, close: &str) -> Option<usize> {
    let close = close.as_bytes();
    let escapes = close[0] == b'"';
    let mut at = from;
    while at < bytes.len() {
        // Only a quote or, in a basic string, a backslash can end or escape anything.
        let next = if escapes {
            memchr::memchr2(close[0], b'\\', &bytes[at..])
        } else {
            memchr::memchr(close[0], &bytes[at..])
        };
        at += next?;
        if escapes && bytes[at] == b'\\' {
            at += 2;
            continue;
        }
        if bytes[at..].starts_with(close) {
            let mut end = at + close.len();
            // A multi-line string may end with one or two more quotes of its content.
            while close.len() == 3 && end < bytes.len() && bytes[end] == close[0] {
                end += 1;
            }
            return Some(end);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(id: &str) -> String {
        format!(
            "[[concepts]]\nid = \"{id}\"\nkind = \"label\"\nlabel = \"L\"\nterms = [{{ text = \"{id}\" }}]\n"
        )
    }

    #[test]
    fn the_rest_and_the_concepts_in_batches() {
        let mut text = String::from("id = \"x\"\ntitle = \"T\"\n");
        for n in 0..BATCH + 2 {
            text.push_str(&concept(&format!("c{n}")));
        }
        text.push_str("[leans]\na = \"A\"\n");
        text.push_str(&concept("last"));
        let parts = split(&text).unwrap();
        assert_eq!(
            parts.rest,
            "id = \"x\"\ntitle = \"T\"\n[leans]\na = \"A\"\n"
        );
        let batches: Vec<usize> = parts
            .batches
            .iter()
            .map(|batch| text[batch.clone()].matches("[[concepts]]").count())
            .collect();
        assert_eq!(batches, [BATCH, 2, 1]);
        let joined: String = parts.batches.iter().map(|b| &text[b.clone()]).collect();
        assert!(!joined.contains("[leans]"));
    }

    #[test]
    fn a_concepts_sub_tables_stay_with_it() {
        let text = "id = \"x\"\n[[concepts]]\nid = \"a\"\n[[concepts.terms]]\ntext = \"t\"\n[[concepts]]\nid = \"b\"\n";
        let parts = split(text).unwrap();
        assert_eq!(parts.rest, "id = \"x\"\n");
        assert_eq!(parts.batches, vec![9..text.len()]);
    }

    #[test]
    fn headers_inside_strings_and_arrays_are_not_headers() {
        let text = "a = \"\"\"\n[[concepts]]\n\"\"\"\nb = [\n  [1, 2],\n]\nc = '[[concepts]]' # [[concepts]]\nd = '''\n[x]'''\n[[concepts]]\nid = \"a\"\n";
        let parts = split(text).unwrap();
        let start = text.rfind("[[concepts]]").unwrap();
        assert_eq!(parts.rest, &text[..start]);
        assert_eq!(parts.batches, vec![start..text.len()]);
    }

    #[test]
    fn what_the_split_is_unsure_of_is_left_whole() {
        // No concepts as an array of tables.
        assert_eq!(split("id = \"x\"\nconcepts = []\n"), None);
        // A quoted header key.
        assert_eq!(split("[[\"concepts\"]]\nid = \"a\"\n"), None);
        // A concept's sub-table with no concept before it.
        assert_eq!(split("[concepts.x]\n[[concepts]]\nid = \"a\"\n"), None);
        // A table where the array belongs.
        assert_eq!(split("[concepts]\nid = \"a\"\n"), None);
    }

    #[test]
    fn escaped_quotes_do_not_close_strings() {
        let text = "a = \"say \\\"[[concepts]]\\\"\"\nb = \"\"\"x \\\"\"\" still\n[[concepts]]\n\"\"\"\n[[concepts]]\nid = \"a\"\n";
        let parts = split(text).unwrap();
        let start = text.rfind("[[concepts]]").unwrap();
        assert_eq!(parts.batches, vec![start..text.len()]);
    }
}
