//! Tallies across sources: the rows of the framing table and the per-source summary.

use std::collections::{BTreeMap, BTreeSet};

use super::{DocumentAnalysis, HitRecord};
use crate::input::Document;
use crate::lexicon::{ConceptRef, KindGroup, LexiconSet, TermRef};
use crate::voice::Voice;

/// How often one source used one variant in one voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantCount {
    /// The variant.
    pub term: TermRef,
    /// The voice of these uses.
    pub voice: Voice,
    /// The lean of these uses (resolved for each document's date).
    pub lean: Option<String>,
    /// Number of uses.
    pub count: usize,
    /// How many of them were distanced (scare quotes, "so-called").
    pub distanced: usize,
    /// The forms matched, white space collapsed (several for a wildcard term such as `occup*`).
    pub forms: BTreeSet<String>,
}

/// What one source said about one concept: its variants, own voice before quoted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The variants used, ordered by voice, then by their order in the lexicon.
    pub variants: Vec<VariantCount>,
}

impl Cell {
    /// The leans of the variants this source used in its own voice.
    pub fn own_leans(&self) -> BTreeSet<&str> {
        self.variants
            .iter()
            .filter(|v| v.voice == Voice::Own)
            .filter_map(|v| v.lean.as_deref())
            .collect()
    }
}

/// One concept across all sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptRow {
    /// The concept.
    pub concept: ConceptRef,
    /// The report group it is shown in.
    pub group: KindGroup,
    /// One cell per source, in source order.
    pub cells: Vec<Cell>,
    /// True when sources chose, in their own voice, variants of different leans.
    pub divergent: bool,
}

/// One source (outlet) summed up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceSummary {
    /// The source's name.
    pub name: String,
    /// The files read for it, in input order.
    pub files: Vec<String>,
    /// Words in all its article bodies.
    pub words: usize,
    /// Own-voice hits per lean.
    pub own_by_lean: BTreeMap<String, usize>,
    /// Own-voice hits of loaded terms.
    pub loaded_own: usize,
    /// Quoted hits of loaded terms.
    pub loaded_quoted: usize,
}

impl SourceSummary {
    /// Own-voice loaded terms per 1,000 words (0 for an empty source).
    pub fn loaded_per_thousand(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.loaded_own as f64 * 1000.0 / self.words as f64
        }
    }
}

/// Everything a `compare` report shows.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The sources, in the order they first appear in the inputs.
    pub sources: Vec<SourceSummary>,
    /// Concepts that any source mentions, grouped by kind, then in lexicon order.
    pub rows: Vec<ConceptRow>,
    /// Every hit, document by document in input order.
    pub hits: Vec<HitRecord>,
    /// For each document, the index of its source.
    pub source_of: Vec<usize>,
    /// For each document, where it was read from.
    pub origins: Vec<String>,
}

impl Comparison {
    /// Tallies the analyses of `documents` (one analysis per document, same order).
    pub fn new(
        documents: &[Document],
        analyses: Vec<DocumentAnalysis>,
        lexicons: &LexiconSet,
    ) -> Self {
        let mut sources: Vec<SourceSummary> = Vec::new();
        let mut source_of = Vec::with_capacity(documents.len());
        for (document, analysis) in documents.iter().zip(&analyses) {
            let index = match sources.iter().position(|s| s.name == document.source) {
                Some(index) => index,
                None => {
                    sources.push(SourceSummary {
                        name: document.source.clone(),
                        ..SourceSummary::default()
                    });
                    sources.len() - 1
                }
            };
            sources[index].files.push(document.origin.clone());
            sources[index].words += analysis.words;
            source_of.push(index);
        }
        let hits: Vec<HitRecord> = analyses.into_iter().flat_map(|a| a.hits).collect();
        for hit in &hits {
            summarise_hit(&mut sources[source_of[hit.document]], hit, lexicons);
        }
        let rows = build_rows(&hits, &source_of, sources.len(), lexicons);
        Comparison {
            sources,
            rows,
            hits,
            source_of,
            origins: documents.iter().map(|d| d.origin.clone()).collect(),
        }
    }

    /// The source a hit belongs to.
    pub fn source_of_hit(&self, hit: &HitRecord) -> &SourceSummary {
        &self.sources[self.source_of[hit.document]]
    }
}

fn summarise_hit(source: &mut SourceSummary, hit: &HitRecord, lexicons: &LexiconSet) {
    let loaded = lexicons.is_loaded(hit.term, hit.lean.as_deref());
    match hit.voice {
        Voice::Own => {
            if let Some(lean) = &hit.lean {
                *source.own_by_lean.entry(lean.clone()).or_default() += 1;
            }
            source.loaded_own += usize::from(loaded);
        }
        Voice::Quoted => source.loaded_quoted += usize::from(loaded),
    }
}

fn build_rows(
    hits: &[HitRecord],
    source_of: &[usize],
    source_count: usize,
    lexicons: &LexiconSet,
) -> Vec<ConceptRow> {
    // concept -> source -> (voice, term, lean) -> (count, distanced, forms)
    type Tally = BTreeMap<(Voice, TermRef, Option<String>), (usize, usize, BTreeSet<String>)>;
    let mut tallies: BTreeMap<ConceptRef, Vec<Tally>> = BTreeMap::new();
    for hit in hits {
        let cells = tallies
            .entry(hit.term.concept_ref())
            .or_insert_with(|| vec![Tally::new(); source_count]);
        let entry = cells[source_of[hit.document]]
            .entry((hit.voice, hit.term, hit.lean.clone()))
            .or_default();
        entry.0 += 1;
        entry.1 += usize::from(hit.distanced);
        entry.2.insert(crate::text::collapse_space(&hit.matched));
    }
    let mut rows: Vec<ConceptRow> = tallies
        .into_iter()
        .map(|(concept, cells)| {
            let cells: Vec<Cell> = cells
                .into_iter()
                .map(|tally| Cell {
                    variants: tally
                        .into_iter()
                        .map(
                            |((voice, term, lean), (count, distanced, forms))| VariantCount {
                                term,
                                voice,
                                lean,
                                count,
                                distanced,
                                forms,
                            },
                        )
                        .collect(),
                })
                .collect();
            ConceptRow {
                concept,
                group: lexicons.concept(concept).kind().group(),
                divergent: diverges(&cells),
                cells,
            }
        })
        .collect();
    rows.sort_by_key(|row| (row.group, row.concept));
    rows
}

/// True when two sources used, in their own voice, different sets of leans.
fn diverges(cells: &[Cell]) -> bool {
    let mut seen: Option<BTreeSet<&str>> = None;
    for leans in cells.iter().map(Cell::own_leans) {
        if leans.is_empty() {
            continue;
        }
        match &seen {
            Some(first) if *first != leans => return true,
            Some(_) => {}
            None => seen = Some(leans),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse_document;
    use crate::input::{InputSpec, read_all};
    use crate::lexicon::{Format, parse};
    use crate::scan::Scanner;

    const LEXICON: &str = r#"
id = "t"
title = "T"
neutral = ["intl"]
[leans]
az = "A"
am = "B"
intl = "I"
[[concepts]]
id = "region"
kind = "territory"
label = "Region"
preferred = "Nagorno-Karabakh"
terms = [{ text = "Nagorno-Karabakh", lean = "intl" }, { text = "Upper Karabakh", lean = "az" }, { text = "Artsakh", lean = "am" }]
[[concepts]]
id = "army"
kind = "actor"
label = "Army"
terms = [{ text = "occupiers", lean = "az" }]
"#;

    fn compare(articles: &[(&str, &str)]) -> (Comparison, LexiconSet) {
        let specs: Vec<InputSpec> = articles
            .iter()
            .map(|(label, _)| InputSpec::parse(&format!("{label}=-")))
            .collect();
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "t").unwrap()]);
        let scanner = Scanner::new(&lexicons).unwrap();
        let mut documents = Vec::new();
        for (spec, (_, text)) in specs.iter().zip(articles) {
            documents.extend(read_all(std::slice::from_ref(spec), &mut text.as_bytes()).documents);
        }
        let analyses = documents
            .iter()
            .enumerate()
            .map(|(i, d)| analyse_document(i, d, &scanner, &lexicons))
            .collect();
        (Comparison::new(&documents, analyses, &lexicons), lexicons)
    }

    #[test]
    fn rows_group_by_kind_and_mark_divergence() {
        let (comparison, _) = compare(&[
            (
                "Wire",
                "Fighting in Nagorno-Karabakh. Nagorno-Karabakh again.",
            ),
            (
                "State",
                "Fighting in Upper Karabakh. “Expel the occupiers,” he said.",
            ),
        ]);
        let ids: Vec<usize> = comparison.rows.iter().map(|r| r.concept.concept).collect();
        assert_eq!(ids, [1, 0], "actors come before territory");
        let region = &comparison.rows[1];
        assert!(region.divergent);
        assert_eq!(region.cells[0].variants[0].count, 2);
        let army = &comparison.rows[0];
        assert!(!army.divergent, "a quoted use alone does not diverge");
        assert_eq!(army.cells[1].variants[0].voice, Voice::Quoted);
    }

    #[test]
    fn files_of_one_source_are_aggregated_and_summarised() {
        let (comparison, _) = compare(&[
            ("State", "Upper Karabakh is calm."),
            ("State", "Upper Karabakh and Nagorno-Karabakh."),
            ("Wire", "Nagorno-Karabakh."),
        ]);
        assert_eq!(comparison.sources.len(), 2);
        let state = &comparison.sources[0];
        assert_eq!(state.files.len(), 2);
        assert_eq!(state.words, 8);
        assert_eq!(state.own_by_lean["az"], 2);
        assert_eq!(state.own_by_lean["intl"], 1);
        assert_eq!(state.loaded_own, 2);
        assert!((state.loaded_per_thousand() - 250.0).abs() < 1e-9);
        assert!(
            comparison.rows[0].divergent,
            "State mixes az and intl, Wire only intl"
        );
    }

    #[test]
    fn sources_with_the_same_leans_do_not_diverge() {
        let (comparison, _) = compare(&[("A", "Artsakh."), ("B", "Artsakh, Artsakh.")]);
        assert!(!comparison.rows[0].divergent);
    }
}
