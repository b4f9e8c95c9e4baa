//! The table as GitHub-flavoured Markdown, for handouts.

use std::fmt::Write as _;

use super::cells::{concept_label, summary_rows, variant_line};
use crate::analysis::Comparison;
use crate::lexicon::{KindGroup, LexiconSet};

/// Renders the comparison as a Markdown table, with the summary as a second table.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet) -> String {
    let mut out = String::new();
    let sources: Vec<String> = comparison.sources.iter().map(|s| escape(&s.name)).collect();
    header(&mut out, "Concept", &sources);
    let mut group: Option<KindGroup> = None;
    for row in &comparison.rows {
        if group != Some(row.group) {
            group = Some(row.group);
            line(
                &mut out,
                &format!("**{}**", row.group.title()),
                &vec![String::new(); sources.len()],
            );
        }
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| {
                if cell.variants.is_empty() {
                    return "—".to_string();
                }
                let lines: Vec<String> = cell
                    .variants
                    .iter()
                    .map(|variant| {
                        let line = variant_line(variant, lexicons);
                        let text = escape(&line.text);
                        if line.loaded_own {
                            format!("**{text}**")
                        } else if line.quoted {
                            format!("*{text}*")
                        } else {
                            text
                        }
                    })
                    .collect();
                lines.join("<br>")
            })
            .collect();
        line(&mut out, &escape(&concept_label(row, lexicons)), &cells);
    }
    out.push('\n');
    header(&mut out, "Summary", &sources);
    for (title, cells) in summary_rows(comparison) {
        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        line(&mut out, title, &cells);
    }
    out.push_str(
        "\n≠ marks concepts where sources chose variants of different leans in their own voice; \
                  **bold**: loaded term in the outlet's own voice; *italic*: quoted speech.\n",
    );
    out
}

fn header(out: &mut String, first: &str, sources: &[String]) {
    line(out, first, sources);
    line(out, "---", &vec!["---".to_string(); sources.len()]);
}

fn line(out: &mut String, first: &str, cells: &[String]) {
    let _ = write!(out, "| {first} |");
    for cell in cells {
        let _ = write!(out, " {cell} |");
    }
    out.push('\n');
}

/// Escapes the characters that would break a Markdown table cell.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('\n', " ")
}
