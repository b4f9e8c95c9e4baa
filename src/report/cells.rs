//! The words in the table's cells, shared by the terminal table and Markdown.

use crate::analysis::{Comparison, ConceptRow, VariantCount};
use crate::lexicon::LexiconSet;
use crate::voice::Voice;

/// Marks a row where sources chose variants of different leans.
pub(crate) const DIVERGENT_MARK: &str = "≠";

/// What a variant line says, and how it should look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VariantLine {
    /// `Upper Karabakh 2 [az]` or `"liberated territories" 1 [az] (quoted)`.
    pub(crate) text: String,
    /// A loaded variant in the outlet's own voice.
    pub(crate) loaded_own: bool,
    /// Quoted speech.
    pub(crate) quoted: bool,
}

/// The line for one variant count.
pub(crate) fn variant_line(variant: &VariantCount, lexicons: &LexiconSet) -> VariantLine {
    let term = lexicons.term(variant.term);
    // A wildcard term shows the forms actually found ("occupied/occupation").
    let name = if term.text.ends_with('*') {
        let mut forms: Vec<&str> = Vec::new();
        for form in &variant.forms {
            if !forms.iter().any(|seen| seen.eq_ignore_ascii_case(form)) {
                forms.push(form);
            }
        }
        forms.join("/")
    } else {
        term.text.clone()
    };
    let lean = variant
        .lean
        .as_deref()
        .map(|lean| format!(" [{lean}]"))
        .unwrap_or_default();
    let count = variant.count;
    let all_distanced = variant.distanced == count;
    let text = match variant.voice {
        Voice::Own if variant.distanced > 0 => {
            format!("{name} {count}{lean} ({} distanced)", variant.distanced)
        }
        Voice::Own => format!("{name} {count}{lean}"),
        Voice::Quoted if all_distanced => format!("\"{name}\" {count}{lean} (scare quotes)"),
        Voice::Quoted if variant.distanced > 0 => format!(
            "\"{name}\" {count}{lean} (quoted, {} in scare quotes)",
            variant.distanced
        ),
        Voice::Quoted => format!("\"{name}\" {count}{lean} (quoted)"),
    };
    VariantLine {
        text,
        loaded_own: variant.voice == Voice::Own
            && lexicons.is_loaded(variant.term, variant.lean.as_deref()),
        quoted: variant.voice == Voice::Quoted,
    }
}

/// The first column of a concept row: the divergence mark and the concept's label.
pub(crate) fn concept_label(row: &ConceptRow, lexicons: &LexiconSet) -> String {
    let label = &lexicons.concept(row.concept).label;
    if row.divergent {
        format!("{DIVERGENT_MARK} {label}")
    } else {
        label.clone()
    }
}

/// The summary rows under the table: a title and one text per source.
pub(crate) fn summary_rows(comparison: &Comparison) -> Vec<(&'static str, Vec<String>)> {
    let per_source = |f: &dyn Fn(&crate::analysis::SourceSummary) -> String| {
        comparison.sources.iter().map(f).collect::<Vec<_>>()
    };
    vec![
        ("Words", per_source(&|s| s.words.to_string())),
        (
            "Own voice, hits per lean",
            per_source(&|s| {
                if s.own_by_lean.is_empty() {
                    "none".to_string()
                } else {
                    s.own_by_lean
                        .iter()
                        .map(|(lean, count)| format!("{lean} {count}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            }),
        ),
        (
            "Loaded terms, own voice",
            per_source(&|s| {
                format!(
                    "{} ({:.1} per 1,000 words)",
                    s.loaded_own,
                    s.loaded_per_thousand()
                )
            }),
        ),
        (
            "Loaded terms, quoted",
            per_source(&|s| s.loaded_quoted.to_string()),
        ),
    ]
}
