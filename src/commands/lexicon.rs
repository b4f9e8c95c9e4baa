//! `slant lexicon list | show | validate`.

use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::Style;

use crate::cli::{
    ImportArgs, ImportFrom, LexiconCommand, ListArgs, ListFormat, ShowArgs, ShowFormat,
    SuggestArgs, ValidateArgs,
};
use crate::error::Result;
use crate::lexicon::import::{self, ImportFormat};
use crate::lexicon::{Lexicon, builtin, load_checked, resolve};
use crate::lexicon::{LexiconSet, template};
use crate::scan::suggest::Suggester;

use super::{Console, Outcome};

pub(super) fn run(command: LexiconCommand, console: &mut Console<'_>) -> Result<Outcome> {
    match command {
        LexiconCommand::List(args) => list(&args, console),
        LexiconCommand::Show(args) => show(&args, console),
        LexiconCommand::Validate(args) => validate(&args, console),
        LexiconCommand::New(args) => {
            write!(console.stdout, "{}", template::starter(&args.id))?;
            Ok(Outcome::Success)
        }
        LexiconCommand::Suggest(args) => suggest(&args, console),
        LexiconCommand::Import(args) => import_dictionary(&args, console),
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    origin: String,
    topic: &'a [String],
    concepts: usize,
    terms: usize,
    leans: Vec<&'a str>,
}

fn summary(lexicon: &Lexicon, origin: String) -> Summary<'_> {
    Summary {
        id: &lexicon.id,
        title: &lexicon.title,
        origin,
        topic: &lexicon.topic,
        concepts: lexicon.concepts.len(),
        terms: lexicon.concepts.iter().map(|c| c.terms.len()).sum(),
        leans: lexicon.leans.keys().map(String::as_str).collect(),
    }
}

fn list(args: &ListArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let mut lexicons: Vec<(Lexicon, String)> = builtin::all()?
        .into_iter()
        .map(|l| (l, "built-in".to_string()))
        .collect();
    for path in &args.lexicons {
        lexicons.push((resolve(path)?, path.clone()));
    }
    let summaries: Vec<Summary<'_>> = lexicons
        .iter()
        .map(|(l, o)| summary(l, o.clone()))
        .collect();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *console.stdout, &summaries)
                .map_err(std::io::Error::from)?;
            writeln!(console.stdout)?;
        }
        ListFormat::Table => {
            let mut builder = Builder::default();
            builder.push_record([
                "id", "title", "chosen", "concepts", "terms", "leans", "from",
            ]);
            for s in &summaries {
                let selected = if s.topic.is_empty() {
                    "always"
                } else {
                    "by topic"
                };
                builder.push_record([
                    s.id.to_string(),
                    s.title.to_string(),
                    selected.to_string(),
                    s.concepts.to_string(),
                    s.terms.to_string(),
                    s.leans.join(", "),
                    s.origin.clone(),
                ]);
            }
            let table = fitted(builder, console.width(None))
                .with(Style::rounded())
                .to_string();
            writeln!(console.stdout, "{table}")?;
        }
    }
    Ok(Outcome::Success)
}

fn show(args: &ShowArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let lexicon = resolve(&args.lexicon)?;
    match args.format {
        ShowFormat::Json => {
            serde_json::to_writer_pretty(&mut *console.stdout, &lexicon)
                .map_err(std::io::Error::from)?;
            writeln!(console.stdout)?;
        }
        ShowFormat::Markdown => write!(console.stdout, "{}", show_markdown(&lexicon))?,
        ShowFormat::Table => {
            writeln!(console.stdout, "{} ({})", lexicon.title, lexicon.id)?;
            for (lean, description) in &lexicon.leans {
                writeln!(console.stdout, "  [{lean}] {description}")?;
            }
            let mut builder = Builder::default();
            builder.push_record(["concept", "kind", "preferred", "variants"]);
            for concept in &lexicon.concepts {
                builder.push_record([
                    format!("{}\n{}", concept.label, concept.id),
                    concept.kind().to_string(),
                    concept.preferred.clone().unwrap_or_else(|| "—".to_string()),
                    variant_lines(concept).join("\n"),
                ]);
            }
            let table = fitted(builder, console.width(args.width))
                .with(Style::modern_rounded())
                .to_string();
            writeln!(console.stdout, "{table}")?;
        }
    }
    Ok(Outcome::Success)
}

/// The table of `builder`, wrapped to `width` columns.
fn fitted(builder: Builder, width: usize) -> tabled::Table {
    let mut records: Vec<Vec<String>> = builder.into();
    crate::report::layout::fit_records(&mut records, &[], width);
    Builder::from(records).build()
}

fn variant_lines(concept: &crate::lexicon::Concept) -> Vec<String> {
    concept
        .terms
        .iter()
        .map(|term| {
            let lean = term
                .lean_text()
                .map(|l| format!(" [{l}]"))
                .unwrap_or_default();
            let also = if term.also.is_empty() {
                String::new()
            } else {
                format!(" (also {})", term.also.join(", "))
            };
            let note = term
                .note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default();
            format!("{}{lean}{also}{note}", term.text)
        })
        .collect()
}

fn show_markdown(lexicon: &Lexicon) -> String {
    let mut out = format!("# {} (`{}`)\n\n", lexicon.title, lexicon.id);
    if let Some(description) = &lexicon.description {
        out.push_str(&format!("{description}\n\n"));
    }
    for (lean, description) in &lexicon.leans {
        out.push_str(&format!("- **{lean}**: {description}\n"));
    }
    for concept in &lexicon.concepts {
        out.push_str(&format!(
            "\n## {} (`{}`, {})\n\n",
            concept.label,
            concept.id,
            concept.kind()
        ));
        if let Some(preferred) = &concept.preferred {
            out.push_str(&format!("Preferred: **{preferred}**\n\n"));
        }
        if let Some(note) = &concept.note {
            out.push_str(&format!("{note}\n\n"));
        }
        for line in variant_lines(concept) {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}

fn validate(args: &ValidateArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let mut outcome = Outcome::Success;
    for path in &args.paths {
        match load_checked(path) {
            Ok(loaded) => {
                let origin = path.display().to_string();
                for warning in &loaded.warnings {
                    let at = warning
                        .location
                        .map(|(line, column)| format!("{origin}:{line}:{column}"))
                        .unwrap_or_else(|| origin.clone());
                    writeln!(console.stderr, "{at}: warning: {}", warning.message)?;
                }
                let s = summary(&loaded.lexicon, origin);
                writeln!(
                    console.stdout,
                    "{}: ok ({} concepts, {} terms, {})",
                    s.origin,
                    s.concepts,
                    s.terms,
                    match loaded.warnings.len() {
                        0 => "no warnings".to_string(),
                        1 => "1 warning".to_string(),
                        n => format!("{n} warnings"),
                    }
                )?;
            }
            Err(error) => {
                console.error(&error);
                outcome = Outcome::Failure;
            }
        }
    }
    Ok(outcome)
}

fn suggest(args: &SuggestArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let lexicons = LexiconSet::new(
        args.lexicons
            .iter()
            .map(|spec| resolve(spec))
            .collect::<Result<_>>()?,
    );
    let mut suggester = Suggester::new(&lexicons);
    let errors = console.each_input(&args.inputs, &mut |document| {
        suggester.feed(&document.text[document.body.clone()]);
    });
    let found = suggester.suggestions(args.threshold, args.min_count);
    if found.is_empty() {
        writeln!(
            console.stdout,
            "No spelling close to a lexicon term (similarity >= {}).",
            args.threshold
        )?;
    } else {
        let mut builder = Builder::default();
        builder.push_record(["in the text", "count", "close to", "concept", "similarity"]);
        for s in &found {
            let concept = &lexicons.concept(s.term.concept_ref()).id;
            let lexicon = &lexicons.lexicon(s.term.lexicon).id;
            builder.push_record([
                s.spelling.clone(),
                s.count.to_string(),
                s.close_to.clone(),
                format!("{lexicon}/{concept}"),
                format!("{:.2}", s.similarity),
            ]);
        }
        let mut table = builder.build();
        table.with(Style::rounded());
        writeln!(
            console.stdout,
            "{table}\n\nTo add them, paste into the term's entry:"
        )?;
        for (at, line) in suggester.also_lines(&found) {
            let concept = &lexicons.concept(at.concept_ref()).id;
            writeln!(
                console.stdout,
                "# {concept}, term \"{}\"\n{line}",
                lexicons.term(at).text
            )?;
        }
    }
    for error in &errors {
        console.error(error);
    }
    Ok(if errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

fn import_dictionary(args: &ImportArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let text = std::fs::read_to_string(&args.file).map_err(|source| crate::Error::Read {
        path: args.file.clone(),
        source,
    })?;
    let format = match args.from {
        ImportFrom::Liwc => ImportFormat::Liwc,
        ImportFrom::Yaml => ImportFormat::Yaml,
        ImportFrom::Lexicoder => ImportFormat::Lexicoder,
    };
    let stem = args
        .file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("imported");
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| stem.to_lowercase().replace(' ', "-"));
    let origin = args.file.display().to_string();
    let imported = import::import(&text, format, &id, &origin)?;
    for note in &imported.notes {
        writeln!(console.stderr, "slant: note: {note}")?;
    }
    let header = format!(
        "Imported from {origin} by `slant lexicon import`.\n\
         Every concept has kind = \"label\": change it where another kind fits, describe the\n\
         leans, and list the neutral ones in `neutral`, before use."
    );
    write!(
        console.stdout,
        "{}",
        import::to_toml(&imported.lexicon, &header)
    )?;
    if !imported.notes.is_empty() {
        console.note(&format!(
            "{} entr{} could not be carried over; see the notes above",
            imported.notes.len(),
            if imported.notes.len() == 1 {
                "y"
            } else {
                "ies"
            }
        ));
    }
    Ok(Outcome::Success)
}
