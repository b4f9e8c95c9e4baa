//! The terminal table: one column per source, one row per concept, grouped by kind, with
//! the per-source summary below, wrapped to the terminal's width.

use anstyle::{AnsiColor, Style};
use tabled::builder::Builder;
use tabled::settings::{Span, Style as TableStyle};

use super::cells::{concept_label, summary_rows, variant_line};
use super::layout::fit_records;
use crate::analysis::{Comparison, ConceptRow};
use crate::lexicon::{KindGroup, LexiconSet};

/// How the terminal table looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// The widest the table may be, in columns.
    pub width: usize,
}

const DIVERGENT: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const LOADED: Style = Style::new().bold();
const QUOTED: Style = Style::new()
    .italic()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const HEADING: Style = Style::new().bold().underline();

/// Renders the comparison as a table for the terminal.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet, options: TableOptions) -> String {
    let paint = |style: Style, text: &str| {
        if options.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut section_rows = Vec::new();
    let mut header = vec![paint(HEADING, "Concept")];
    header.extend(comparison.sources.iter().map(|source| {
        let files = source.file_count;
        let name = if files > 1 {
            format!("{} ({files} files)", source.name)
        } else {
            source.name.clone()
        };
        paint(HEADING, &name)
    }));
    records.push(header);
    let mut section = |records: &mut Vec<Vec<String>>, title: String| {
        section_rows.push(records.len());
        records.push(vec![title]);
    };
    let mut group: Option<KindGroup> = None;
    for row in &comparison.rows {
        if group != Some(row.group) {
            group = Some(row.group);
            section(&mut records, paint(HEADING, row.group.title()));
        }
        records.push(concept_record(row, lexicons, &paint));
    }
    if comparison.rows.is_empty() {
        section(
            &mut records,
            "No lexicon term found in any source.".to_string(),
        );
    }
    section(&mut records, paint(HEADING, "Summary"));
    for (title, cells) in summary_rows(comparison) {
        records.push(std::iter::once(title.to_string()).chain(cells).collect());
    }
    fit_records(&mut records, &section_rows, options.width);
    let mut table = Builder::from(records).build();
    table.with(TableStyle::modern_rounded());
    for row in section_rows {
        table.modify((row, 0), Span::column(0));
    }
    table.to_string()
}

fn concept_record(
    row: &ConceptRow,
    lexicons: &LexiconSet,
    paint: &dyn Fn(Style, &str) -> String,
) -> Vec<String> {
    let label = concept_label(row, lexicons);
    let mut record = vec![if row.divergent {
        paint(DIVERGENT, &label)
    } else {
        label
    }];
    for cell in &row.cells {
        if cell.variants.is_empty() {
            record.push("—".to_string());
            continue;
        }
        let lines: Vec<String> = cell
            .variants
            .iter()
            .map(|variant| {
                let line = variant_line(variant, lexicons);
                match (line.loaded_own, line.quoted) {
                    (true, _) => paint(LOADED, &line.text),
                    (_, true) => paint(QUOTED, &line.text),
                    _ => line.text,
                }
            })
            .collect();
        record.push(lines.join("\n"));
    }
    record
}
