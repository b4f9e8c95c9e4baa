//! Evidence: every hit's sentence with the term marked, grouped by concept, so each count
//! in the table can be traced to the words behind it.

use std::fmt::Write as _;

use super::cells::concept_label;
use crate::analysis::{Comparison, HitRecord};
use crate::lexicon::LexiconSet;

/// How the matched words are marked in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marking {
    /// `[[term]]`, for plain text.
    Brackets,
    /// Bold and underlined with ANSI codes, for a terminal.
    Ansi,
    /// `**term**`, for Markdown.
    Markdown,
}

impl Marking {
    fn wrap(self, text: &str) -> String {
        match self {
            Marking::Brackets => format!("[[{text}]]"),
            Marking::Ansi => {
                let style = anstyle::Style::new().bold().underline();
                format!("{style}{text}{style:#}")
            }
            Marking::Markdown => format!("**{text}**"),
        }
    }
}

/// Renders the evidence section.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet, marking: Marking) -> String {
    let mut out = String::new();
    out.push_str(if marking == Marking::Markdown {
        "\n## Evidence\n"
    } else {
        "\nEvidence\n========\n"
    });
    for row in &comparison.rows {
        let lexicon = &lexicons.lexicon(row.concept.lexicon).id;
        let id = &lexicons.concept(row.concept).id;
        let title = format!("{} ({lexicon}/{id})", concept_label(row, lexicons));
        let _ = match marking {
            Marking::Markdown => writeln!(out, "\n### {title}\n"),
            _ => writeln!(out, "\n{title}"),
        };
        let mut hits: Vec<&HitRecord> = comparison
            .hits
            .iter()
            .filter(|hit| hit.term.concept_ref() == row.concept)
            .collect();
        hits.sort_by_key(|hit| {
            (
                comparison.source_of[hit.document],
                hit.document,
                hit.span.start,
            )
        });
        for hit in hits {
            out.push_str(&hit_line(comparison, hit, marking));
        }
    }
    out
}

fn hit_line(comparison: &Comparison, hit: &HitRecord, marking: Marking) -> String {
    let source = &comparison.source_of_hit(hit).name;
    let place = format!(
        "{}:{}:{}",
        comparison.origins[hit.document], hit.line, hit.column
    );
    let mut voice = hit.voice.as_str().to_string();
    if let Some(speaker) = &hit.speaker {
        let _ = write!(voice, ", {speaker}");
    }
    if hit.distanced {
        voice.push_str(", distanced");
    }
    if hit.negated {
        voice.push_str(", negated");
    }
    let marked = format!(
        "{}{}{}",
        &hit.sentence[..hit.in_sentence.start],
        marking.wrap(&hit.sentence[hit.in_sentence.clone()]),
        &hit.sentence[hit.in_sentence.end..]
    );
    match marking {
        Marking::Markdown => format!("- {source} ({voice}), `{place}`: {marked}\n"),
        _ => format!("  {source} ({voice}) {place}\n      {marked}\n"),
    }
}
