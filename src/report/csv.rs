//! The table in tidy long form: one CSV row per source x concept x term x voice.

use std::io::Write;

use crate::analysis::Comparison;
use crate::error::Result;
use crate::lexicon::LexiconSet;

const HEADER: [&str; 13] = [
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
    "words",
    "per_1000_words",
];

/// Writes one row per source, concept, variant and voice, with the source's word count.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet, out: &mut dyn Write) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER).map_err(csv_error)?;
    for row in &comparison.rows {
        let concept = lexicons.concept(row.concept);
        let lexicon = lexicons.lexicon(row.concept.lexicon);
        for (source, cell) in comparison.sources.iter().zip(&row.cells) {
            for variant in &cell.variants {
                let term = lexicons.term(variant.term);
                let rate = per_thousand(variant.count, source.words);
                writer
                    .write_record([
                        source.name.as_str(),
                        &lexicon.id,
                        &concept.id,
                        concept.kind().as_str(),
                        &term.text,
                        variant.lean.as_deref().unwrap_or(""),
                        variant.voice.as_str(),
                        &variant.count.to_string(),
                        &variant.distanced.to_string(),
                        &lexicons
                            .is_loaded(variant.term, variant.lean.as_deref())
                            .to_string(),
                        &row.divergent.to_string(),
                        &source.words.to_string(),
                        &format!("{rate:.3}"),
                    ])
                    .map_err(csv_error)?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

fn per_thousand(count: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        count as f64 * 1000.0 / words as f64
    }
}

fn csv_error(err: csv::Error) -> crate::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => crate::Error::Output(io),
        other => crate::Error::Output(std::io::Error::other(format!("{other:?}"))),
    }
}
