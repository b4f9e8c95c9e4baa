//! The table in tidy long form, one row per group x concept x term x voice, as CSV or
//! JSON Lines: ready for pandas, R and DuckDB.

use std::io::Write;

use serde::Serialize;

use crate::analysis::Comparison;
use crate::error::Result;
use crate::lexicon::LexiconSet;

/// One row of the tidy output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TidyRow<'a> {
    /// The source (or `--group-by` group).
    pub source: &'a str,
    /// The lexicon id.
    pub lexicon: &'a str,
    /// The concept id.
    pub concept: &'a str,
    /// The concept's kind.
    pub kind: &'static str,
    /// The variant's canonical text.
    pub term: &'a str,
    /// The variant's lean for these uses.
    pub lean: &'a str,
    /// `own` or `quoted`.
    pub voice: &'static str,
    /// Uses.
    pub count: usize,
    /// Uses in scare quotes or after "so-called".
    pub distanced: usize,
    /// Whether the variant is loaded.
    pub loaded: bool,
    /// Whether sources diverge on the concept.
    pub divergent: bool,
    /// Articles in the group.
    pub articles: usize,
    /// Words in the group.
    pub words: usize,
    /// Uses per 1,000 words of the group.
    pub per_1000_words: f64,
    /// Uses per article of the group.
    pub per_article: f64,
}

/// Every tidy row, in table order.
pub fn rows<'a>(
    comparison: &'a Comparison,
    lexicons: &'a LexiconSet,
) -> impl Iterator<Item = TidyRow<'a>> + 'a {
    comparison.rows.iter().flat_map(move |row| {
        let concept = lexicons.concept(row.concept);
        let lexicon = lexicons.lexicon(row.concept.lexicon);
        comparison
            .sources
            .iter()
            .zip(&row.cells)
            .flat_map(move |(source, cell)| {
                cell.variants.iter().map(move |variant| TidyRow {
                    source: &source.name,
                    lexicon: &lexicon.id,
                    concept: &concept.id,
                    kind: concept.kind().as_str(),
                    term: &lexicons.term(variant.term).text,
                    lean: variant.lean.as_deref().unwrap_or(""),
                    voice: variant.voice.as_str(),
                    count: variant.count,
                    distanced: variant.distanced,
                    loaded: lexicons.is_loaded(variant.term, variant.lean.as_deref()),
                    divergent: row.divergent,
                    articles: source.articles,
                    words: source.words,
                    per_1000_words: round(rate(variant.count * 1000, source.words)),
                    per_article: round(rate(variant.count, source.articles)),
                })
            })
    })
}

/// The CSV header of [`TidyRow`]: its fields, in order.
pub const TIDY_HEADER: &[&str] = &[
    "source",
    "lexicon",
    "concept",
    "kind",
    "term",
    "lean",
    "voice",
    "count",
    "distanced",
    "loaded",
    "divergent",
    "articles",
    "words",
    "per_1000_words",
    "per_article",
];

/// Writes the tidy rows as CSV with a header.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet, out: &mut dyn Write) -> Result<()> {
    let mut writer = Rows::new(out, TIDY_HEADER)?;
    for row in rows(comparison, lexicons) {
        writer.write(&row)?;
    }
    writer.finish()
}

/// A CSV writer whose header comes first, rows or none: a run that finds nothing still
/// gives a table, with no rows, that pandas, R and DuckDB read, where an empty file is an
/// error to them.
pub struct Rows<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> Rows<W> {
    /// A writer over `out`, the `header` (the row type's fields, in order) written.
    pub fn new(out: W, header: &[&str]) -> Result<Self> {
        let mut writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        writer.write_record(header).map_err(csv_error)?;
        Ok(Rows { writer })
    }

    /// Writes one row.
    pub fn write(&mut self, row: &impl Serialize) -> Result<()> {
        self.writer.serialize(row).map_err(csv_error)
    }

    /// Flushes what is buffered.
    pub fn finish(mut self) -> Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// Writes the tidy rows as JSON Lines.
pub fn render_jsonl(
    comparison: &Comparison,
    lexicons: &LexiconSet,
    out: &mut dyn Write,
) -> Result<()> {
    for row in rows(comparison, lexicons) {
        serde_json::to_writer(&mut *out, &row).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}

fn rate(count: usize, per: usize) -> f64 {
    if per == 0 {
        0.0
    } else {
        count as f64 / per as f64
    }
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// The crate's error for a CSV failure.
pub(crate) fn csv_error(err: csv::Error) -> crate::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => crate::Error::Output(io),
        other => crate::Error::Output(std::io::Error::other(format!("{other:?}"))),
    }
}

/// The header a serde CSV writer derives from `row`'s fields, for checking a header
/// constant against its row type.
#[cfg(test)]
pub(crate) fn derived_header(row: &impl Serialize) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.serialize(row).expect("a row serializes");
    let bytes = writer.into_inner().expect("written to memory");
    let text = String::from_utf8(bytes).expect("UTF-8");
    text.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_fields_of_a_tidy_row_and_comes_without_rows() {
        let row = TidyRow {
            source: "S",
            lexicon: "l",
            concept: "c",
            kind: "place",
            term: "t",
            lean: "",
            voice: "own",
            count: 1,
            distanced: 0,
            loaded: false,
            divergent: false,
            articles: 1,
            words: 1,
            per_1000_words: 1000.0,
            per_article: 1.0,
        };
        assert_eq!(derived_header(&row), TIDY_HEADER.join(","));
        let mut out = Vec::new();
        Rows::new(&mut out, TIDY_HEADER).unwrap().finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            TIDY_HEADER.join(",") + "\n"
        );
    }
}
