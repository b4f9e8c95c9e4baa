//! Reports: rendering a [`Comparison`] as a terminal table, Markdown, CSV or JSON, with an
//! optional evidence section. Renderers write to a `&mut dyn Write` and never print.

mod cells;
pub mod csv;
pub mod diagnostics;
pub mod evidence;
pub mod html;
pub mod json;
pub mod kwic;
pub(crate) mod layout;
pub mod markdown;
pub mod per_article;
pub mod table;

use std::io::Write;

pub use evidence::Marking;
pub use table::TableOptions;

use crate::analysis::Comparison;
use crate::error::Result;
use crate::lexicon::LexiconSet;

/// The output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// A Markdown table.
    Markdown,
    /// Tidy CSV, one row per source x concept x term x voice.
    Csv,
    /// The documented JSON.
    Json,
    /// Tidy JSON Lines, one object per source x concept x term x voice.
    Jsonl,
    /// A self-contained HTML page with the articles side by side.
    Html,
}

impl Format {
    /// Whether the report names each source's files (the others show at most a count).
    pub fn lists_files(self) -> bool {
        self == Format::Json
    }
}

/// Everything about how a report is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// The format.
    pub format: Format,
    /// Table look (colour, width).
    pub table: TableOptions,
    /// Add the evidence section (table and Markdown only; JSON always has every hit).
    pub evidence: bool,
}

/// Writes the report for `comparison` to `out`.
pub fn render(
    comparison: &Comparison,
    lexicons: &LexiconSet,
    options: ReportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    match options.format {
        Format::Table => {
            writeln!(
                out,
                "{}",
                table::render(comparison, lexicons, options.table)
            )?;
            if options.evidence {
                let marking = if options.table.color {
                    Marking::Ansi
                } else {
                    Marking::Brackets
                };
                write!(out, "{}", evidence::render(comparison, lexicons, marking))?;
            }
        }
        Format::Markdown => {
            write!(out, "{}", markdown::render(comparison, lexicons))?;
            if options.evidence {
                write!(
                    out,
                    "{}",
                    evidence::render(comparison, lexicons, Marking::Markdown)
                )?;
            }
        }
        Format::Csv => csv::render(comparison, lexicons, out)?,
        Format::Json => json::render(comparison, lexicons, out)?,
        Format::Jsonl => csv::render_jsonl(comparison, lexicons, out)?,
        // The page needs the articles' text: callers render it with `html::render`.
        Format::Html => write!(out, "{}", html::render(comparison, lexicons, &[]))?,
    }
    Ok(())
}
