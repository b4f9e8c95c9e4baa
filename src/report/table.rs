//! The terminal table: one column per source, one row per concept, grouped by kind, with
//! the per-source summary below, wrapped to the terminal's width.

use anstyle::{AnsiColor, Style};
use tabled::builder::Builder;
use tabled::grid::util::string::get_text_width;
use tabled::settings::{Span, Style as TableStyle};

use super::cells::{concept_label, summary_rows, variant_line};
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
        let files = source.files.len();
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
    let widths = fit_columns(&natural_widths(&records, &section_rows), options.width);
    for record in &mut records {
        if record.len() == widths.len() {
            for (cell, width) in record.iter_mut().zip(&widths) {
                *cell = wrap(cell, *width);
            }
        }
    }
    let mut table = Builder::from(records).build();
    table.with(TableStyle::modern_rounded());
    for row in section_rows {
        table.modify((row, 0), Span::column(0));
    }
    table.to_string()
}

/// Wraps each line of `cell` at word boundaries to `width` columns (colour codes take none).
fn wrap(cell: &str, width: usize) -> String {
    cell.lines()
        .flat_map(|line| textwrap::wrap(line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The widest line of each column, section rows left out (they span the table).
fn natural_widths(records: &[Vec<String>], section_rows: &[usize]) -> Vec<usize> {
    let columns = records.first().map_or(0, Vec::len);
    let mut widths = vec![0; columns];
    for (index, record) in records.iter().enumerate() {
        if section_rows.contains(&index) {
            continue;
        }
        for (column, cell) in record.iter().enumerate() {
            widths[column] = widths[column].max(get_text_width(cell));
        }
    }
    widths
}

/// Column content widths that fit `total` columns of terminal: every column gets its
/// natural width if all fit; otherwise narrow columns keep theirs and the wide ones share
/// what is left equally (max-min fairness), never below [`MIN_COLUMN`].
fn fit_columns(natural: &[usize], total: usize) -> Vec<usize> {
    let borders = 3 * natural.len() + 1;
    let mut available = total.saturating_sub(borders);
    let mut widths = vec![0; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    open.sort_by_key(|&column| natural[column]);
    let mut remaining = open.len();
    for column in open {
        let share = (available / remaining.max(1)).max(MIN_COLUMN);
        widths[column] = natural[column].min(share).max(1);
        available = available.saturating_sub(widths[column]);
        remaining -= 1;
    }
    widths
}

/// The narrowest a column is wrapped to, however many sources there are.
const MIN_COLUMN: usize = 10;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_that_fit_keep_their_width() {
        assert_eq!(fit_columns(&[10, 20, 30], 100), [10, 20, 30]);
    }

    #[test]
    fn wide_columns_share_what_narrow_ones_leave() {
        // 100 - 10 border columns = 90; the 10 fits, the others split 80.
        assert_eq!(fit_columns(&[10, 60, 90], 100), [10, 40, 40]);
    }

    #[test]
    fn columns_never_shrink_below_the_minimum() {
        assert!(
            fit_columns(&[50, 50, 50, 50, 50, 50, 50], 40)
                .iter()
                .all(|w| *w >= MIN_COLUMN)
        );
    }
}
