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

/// Writes the tidy rows as CSV with a header.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet, out: &mut dyn Write) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for row in rows(comparison, lexicons) {
        writer.serialize(row).map_err(csv_error)?;
    }
    writer.flush()?;
    Ok(())
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
