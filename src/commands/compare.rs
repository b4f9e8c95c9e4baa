//! `slant compare`: read the inputs, choose lexicons, scan, tally and render.

use crate::analysis::{Comparison, analyse_document};
use crate::cli::{CompareArgs, CompareFormat};
use crate::error::{Error, Result};
use crate::input::Document;
use crate::lexicon::{Lexicon, LexiconSet, builtin, resolve};
use crate::report::{self, Format, ReportOptions, TableOptions};
use crate::scan::{Scanner, TopicDetector};

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
    let lexicons = LexiconSet::new(choose_lexicons(&args.lexicons, &inputs.documents, console)?);
    let scanner = Scanner::new(&lexicons)?;
    for shared in scanner.shared_spellings() {
        let owners: Vec<String> = shared
            .terms
            .iter()
            .map(|term| {
                let lexicon = &lexicons.lexicon(term.lexicon).id;
                format!("{lexicon}/{}", lexicons.concept(term.concept_ref()).id)
            })
            .collect();
        console.note(&format!(
            "`{}` is in several lexicons ({}); its hits count under each",
            shared.spelling,
            owners.join(", ")
        ));
    }
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

/// The lexicons asked for with `--lexicon`, or else the automatic choice (shown on stderr).
fn choose_lexicons(
    asked: &[String],
    documents: &[Document],
    console: &mut Console<'_>,
) -> Result<Vec<Lexicon>> {
    if !asked.is_empty() {
        let mut chosen: Vec<Lexicon> = Vec::new();
        for spec in asked {
            let lexicon = resolve(spec)?;
            if chosen.iter().any(|c| c.id == lexicon.id) {
                console.note(&format!(
                    "lexicon `{}` is given twice; it is used once",
                    lexicon.id
                ));
                continue;
            }
            chosen.push(lexicon);
        }
        return Ok(chosen);
    }
    let candidates = builtin::all()?;
    let mut detector = TopicDetector::new(&candidates)
        .map_err(|err| Error::Usage(format!("cannot compile topic terms: {err}")))?;
    for document in documents {
        detector.feed(&document.text[document.body.clone()]);
    }
    let found = detector.found();
    let mut reasons = Vec::new();
    let mut chosen = Vec::new();
    for (index, lexicon) in candidates.into_iter().enumerate() {
        let hits = found
            .iter()
            .find(|topic| topic.lexicon == index)
            .map(|topic| topic.count);
        match (lexicon.topic.is_empty(), hits) {
            (true, _) => reasons.push(format!("{} (generic)", lexicon.id)),
            (false, Some(count)) => reasons.push(format!("{} ({count} topic terms)", lexicon.id)),
            (false, None) => continue,
        }
        chosen.push(lexicon);
    }
    console.note(&format!(
        "lexicons: {} (choose with --lexicon)",
        reasons.join(", ")
    ));
    Ok(chosen)
}
