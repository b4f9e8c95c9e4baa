//! The documented JSON output (schema `slant/compare/1`): lexicons, sources, every hit,
//! and per-concept aggregates.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::analysis::Comparison;
use crate::error::Result;
use crate::lexicon::LexiconSet;
use crate::voice::Voice;

/// The schema name written in every document.
pub const SCHEMA: &str = "slant/compare/1";

#[derive(Serialize)]
struct Output<'a> {
    schema: &'static str,
    lexicons: Vec<LexiconOut<'a>>,
    sources: Vec<SourceOut<'a>>,
    concepts: Vec<ConceptOut<'a>>,
    hits: Vec<HitOut<'a>>,
}

#[derive(Serialize)]
struct LexiconOut<'a> {
    id: &'a str,
    title: &'a str,
    leans: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    name: &'a str,
    files: &'a [String],
    words: usize,
    own_hits_by_lean: &'a BTreeMap<String, usize>,
    loaded_own: usize,
    loaded_quoted: usize,
    loaded_own_per_1000_words: f64,
}

#[derive(Serialize)]
struct ConceptOut<'a> {
    lexicon: &'a str,
    concept: &'a str,
    kind: &'static str,
    label: &'a str,
    preferred: Option<&'a str>,
    divergent: bool,
    /// Per source name, the variants it used.
    sources: BTreeMap<&'a str, Vec<VariantOut<'a>>>,
}

#[derive(Serialize)]
struct VariantOut<'a> {
    term: &'a str,
    forms: Vec<&'a str>,
    lean: Option<&'a str>,
    voice: Voice,
    count: usize,
    distanced: usize,
}

#[derive(Serialize)]
struct HitOut<'a> {
    source: &'a str,
    lexicon: &'a str,
    concept: &'a str,
    kind: &'static str,
    term: &'a str,
    matched: &'a str,
    lean: Option<&'a str>,
    lean_rule: &'a str,
    loaded: bool,
    negated: bool,
    voice: Voice,
    distanced: bool,
    speaker: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    sentence: &'a str,
}

/// Writes the comparison as pretty-printed JSON.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet, out: &mut dyn Write) -> Result<()> {
    let output = Output {
        schema: SCHEMA,
        lexicons: lexicons
            .lexicons()
            .iter()
            .map(|l| LexiconOut {
                id: &l.id,
                title: &l.title,
                leans: &l.leans,
            })
            .collect(),
        sources: comparison
            .sources
            .iter()
            .map(|s| SourceOut {
                name: &s.name,
                files: &s.files,
                words: s.words,
                own_hits_by_lean: &s.own_by_lean,
                loaded_own: s.loaded_own,
                loaded_quoted: s.loaded_quoted,
                loaded_own_per_1000_words: (s.loaded_per_thousand() * 1000.0).round() / 1000.0,
            })
            .collect(),
        concepts: concepts(comparison, lexicons),
        hits: hits(comparison, lexicons),
    };
    serde_json::to_writer_pretty(&mut *out, &output).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

fn concepts<'a>(comparison: &'a Comparison, lexicons: &'a LexiconSet) -> Vec<ConceptOut<'a>> {
    comparison
        .rows
        .iter()
        .map(|row| {
            let concept = lexicons.concept(row.concept);
            let sources = comparison
                .sources
                .iter()
                .zip(&row.cells)
                .filter(|(_, cell)| !cell.variants.is_empty())
                .map(|(source, cell)| {
                    let variants = cell
                        .variants
                        .iter()
                        .map(|v| {
                            let term = lexicons.term(v.term);
                            VariantOut {
                                term: &term.text,
                                forms: v.forms.iter().map(AsRef::as_ref).collect(),
                                lean: v.lean.as_deref(),
                                voice: v.voice,
                                count: v.count,
                                distanced: v.distanced,
                            }
                        })
                        .collect();
                    (source.name.as_str(), variants)
                })
                .collect();
            ConceptOut {
                lexicon: &lexicons.lexicon(row.concept.lexicon).id,
                concept: &concept.id,
                kind: concept.kind().as_str(),
                label: &concept.label,
                preferred: concept.preferred.as_deref(),
                divergent: row.divergent,
                sources,
            }
        })
        .collect()
}

fn hits<'a>(comparison: &'a Comparison, lexicons: &'a LexiconSet) -> Vec<HitOut<'a>> {
    comparison
        .hits
        .iter()
        .map(|hit| {
            let concept = lexicons.concept(hit.term.concept_ref());
            let term = lexicons.term(hit.term);
            HitOut {
                source: &comparison.source_of_hit(hit).name,
                lexicon: &lexicons.lexicon(hit.term.lexicon).id,
                concept: &concept.id,
                kind: concept.kind().as_str(),
                term: &term.text,
                matched: &hit.matched,
                lean: hit.lean.as_deref(),
                lean_rule: &hit.lean_rule,
                loaded: lexicons.is_loaded(hit.term, hit.lean.as_deref()),
                negated: hit.negated,
                voice: hit.voice,
                distanced: hit.distanced,
                speaker: hit.speaker.as_deref(),
                file: &comparison.origins[hit.document],
                line: hit.line,
                column: hit.column,
                sentence: &hit.sentence,
            }
        })
        .collect()
}
