//! `--kwic FILE.csv`: every hit with the words around it, in quanteda's kwic columns
//! (document, from, to, pre, keyword, post) plus slant's own, for coding by hand.

use std::io::Write;

use serde::Serialize;

use crate::analysis::HitRecord;
use crate::error::Result;
use crate::input::Document;
use crate::lexicon::LexiconSet;

/// Words of context on each side.
pub const WINDOW: usize = 5;

/// One keyword-in-context row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicRow {
    /// The document (file, or corpus file `#id`).
    pub document: String,
    /// Index (1-based) of the first word of the hit in the document's body.
    pub from: usize,
    /// Index of its last word.
    pub to: usize,
    /// Up to five words before.
    pub pre: String,
    /// The hit as written.
    pub keyword: String,
    /// Up to five words after.
    pub post: String,
    /// The source.
    pub source: String,
    /// The concept id.
    pub concept: String,
    /// The variant's canonical text.
    pub term: String,
    /// The lean of this use.
    pub lean: String,
    /// `own` or `quoted`.
    pub voice: String,
}

/// The kwic rows of one document's hits.
pub fn rows(document: &Document, hits: &[HitRecord], lexicons: &LexiconSet) -> Vec<KwicRow> {
    let body = &document.text[document.body.clone()];
    let words: Vec<(usize, &str)> = words_with_offsets(body);
    hits.iter()
        .map(|hit| {
            let start = hit.span.start - document.body.start;
            let end = hit.span.end - document.body.start;
            let first = words.partition_point(|(at, w)| at + w.len() <= start);
            let after = words.partition_point(|(at, _)| *at < end);
            let join = |range: &[(usize, &str)]| {
                range.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ")
            };
            KwicRow {
                document: document.origin.clone(),
                from: document.segment.word_offset + first + 1,
                to: document.segment.word_offset + after.max(first + 1),
                pre: join(&words[first.saturating_sub(WINDOW)..first]),
                keyword: crate::text::collapse_space(&hit.matched).into_owned(),
                post: join(&words[after.min(words.len())..(after + WINDOW).min(words.len())]),
                source: document.source.clone(),
                concept: lexicons.concept(hit.term.concept_ref()).id.clone(),
                term: lexicons.term(hit.term).text.clone(),
                lean: hit.lean.clone().unwrap_or_default(),
                voice: hit.voice.as_str().to_string(),
            }
        })
        .collect()
}

fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
    words
}

/// The CSV header of [`KwicRow`]: quanteda's kwic columns, then slant's codes.
pub const KWIC_HEADER: &[&str] = &[
    "document", "from", "to", "pre", "keyword", "post", "source", "concept", "term", "lean",
    "voice",
];

/// Writes kwic rows as CSV, streaming, under the header (written even if no row follows).
pub struct KwicWriter<W: Write> {
    rows: super::csv::Rows<W>,
}

impl<W: Write> KwicWriter<W> {
    /// A writer over `out`, the header written.
    pub fn new(out: W) -> Result<Self> {
        Ok(KwicWriter {
            rows: super::csv::Rows::new(out, KWIC_HEADER)?,
        })
    }

    /// Writes rows.
    pub fn write(&mut self, rows: &[KwicRow]) -> Result<()> {
        rows.iter().try_for_each(|row| self.rows.write(row))
    }

    /// Flushes what is buffered.
    pub fn finish(self) -> Result<()> {
        self.rows.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse_document;
    use crate::lexicon::{Format, parse};
    use crate::scan::Scanner;

    #[test]
    fn rows_give_word_positions_and_context() {
        let lexicon = "id = \"k\"\ntitle = \"K\"\n[[concepts]]\nid = \"region\"\nkind = \"territory\"\nlabel = \"R\"\nterms = [{ text = \"Upper Karabakh\" }]\n";
        let lexicons = LexiconSet::new(vec![parse(lexicon, Format::Toml, "k").unwrap()]);
        let text = "one two three four five six Upper\nKarabakh seven eight";
        let document = Document::whole("S", "a.txt", text);
        let analysis = analyse_document(0, &document, &Scanner::new(&lexicons).unwrap(), &lexicons);
        let rows = rows(&document, &analysis.hits, &lexicons);
        assert_eq!((rows[0].from, rows[0].to), (7, 8));
        assert_eq!(rows[0].pre, "two three four five six");
        assert_eq!(rows[0].keyword, "Upper Karabakh");
        assert_eq!(rows[0].post, "seven eight");
        let mut out = Vec::new();
        let mut writer = KwicWriter::new(&mut out).unwrap();
        writer.write(&rows).unwrap();
        writer.finish().unwrap();
        let csv = String::from_utf8(out).unwrap();
        assert!(
            csv.starts_with("document,from,to,pre,keyword,post,source,concept,term,lean,voice\n"),
            "{csv}"
        );
        assert_eq!(
            super::super::csv::derived_header(&rows[0]),
            KWIC_HEADER.join(",")
        );
    }
}
