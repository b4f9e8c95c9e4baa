//! `slant compare`: read the inputs, choose lexicons, scan, tally and render.

use crate::analysis::{Comparison, analyse_document};
use crate::cli::{CompareArgs, CompareFormat};
use crate::error::{Error, Result};
use crate::report::{self, Format, ReportOptions, TableOptions};

use super::select::prepare_lexicons;
use super::{Console, Outcome};

pub(super) fn run(args: &CompareArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let inputs = console.read_inputs(&args.inputs);
    if inputs.documents.is_empty() {
        for error in &inputs.errors {
            console.error(error);
        }
        return Err(Error::Usage(
            "no input could be read; nothing to compare".to_string(),
        ));
    }
    let (lexicons, scanner) = prepare_lexicons(&args.lexicons, &inputs.documents, console)?;
    let analyses = inputs
        .documents
        .iter()
        .enumerate()
        .map(|(index, document)| analyse_document(index, document, &scanner, &lexicons))
        .collect();
    let comparison = Comparison::new(&inputs.documents, analyses, &lexicons);
    let options = report_options(args, console);
    report::render(&comparison, &lexicons, options, console.stdout)?;
    for error in &inputs.errors {
        console.error(error);
    }
    if inputs.errors.is_empty() {
        Ok(Outcome::Success)
    } else {
        console.note(&format!(
            "{} input(s) could not be read; the table covers the rest",
            inputs.errors.len()
        ));
        Ok(Outcome::Failure)
    }
}

fn report_options(args: &CompareArgs, console: &Console<'_>) -> ReportOptions {
    let format = match args.format {
        CompareFormat::Table => Format::Table,
        CompareFormat::Markdown => Format::Markdown,
        CompareFormat::Csv => Format::Csv,
        CompareFormat::Json => Format::Json,
    };
    ReportOptions {
        format,
        table: TableOptions {
            color: format == Format::Table && console.color(args.color),
            width: console.width(args.width),
        },
        evidence: args.evidence,
    }
}
