//! `slant check`: settings from flags, `.slant.toml` and defaults; findings per file;
//! `--fix` and `--diff`; output in the chosen format; the exit code.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::check::{Settings, check_document};
use crate::cli::{CheckArgs, CheckFormat};
use crate::config::{self, Config, Found};
use crate::error::{Error, Result};
use crate::fix;
use crate::input::Document;
use crate::lexicon::{LexiconSet, Severity, builtin};
use crate::report::diagnostics::{self, CheckReport};
use crate::scan::Scanner;

use super::select::{compile_speaker_patterns_beside, count_topics_in, prepare_lexicons};
use super::{Console, Outcome};

pub(super) fn run(args: &CheckArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let found = config::find(args.config.as_deref(), &cwd)?;
    let effective = effective_config(args, &found);
    if args.print_config {
        print_config(&found, &effective, console)?;
        return Ok(Outcome::Success);
    }
    let ignore = ignore_set(&effective.ignore)?;
    let mut inputs = console.read_inputs(&args.files);
    inputs
        .documents
        .retain(|d| !is_ignored(&ignore, &d.origin, found.base_dir()));
    if inputs.documents.is_empty() && !inputs.errors.is_empty() {
        for error in &inputs.errors {
            console.error(error);
        }
        return Err(Error::Usage(
            "no file could be read; nothing to check".into(),
        ));
    }
    compile_speaker_patterns_beside(std::thread::available_parallelism().map_or(1, usize::from));
    let lexicon_specs = lexicon_specs(&effective, found.base_dir());
    let mut count_topics = count_topics_in(&inputs.documents);
    let (lexicons, scanner) = prepare_lexicons(&lexicon_specs, &mut count_topics, console)?;
    let settings = Settings {
        min_severity: effective.min_severity.unwrap_or(Severity::Warning),
        include_quoted: effective.include_quoted.unwrap_or(false),
        accept_leans: effective.accept_leans.clone(),
        allow: effective.allow.clone(),
    };
    let mut report = CheckReport {
        files: inputs.documents.len(),
        ..CheckReport::default()
    };
    let mut failed = !inputs.errors.is_empty();
    for document in &inputs.documents {
        failed |= check_one(
            document,
            &scanner,
            &lexicons,
            &settings,
            args,
            &mut report,
            console,
        )?;
    }
    let stdout_taken = args.diff || (args.fix && inputs.documents.iter().any(|d| d.origin == "-"));
    render(args, &report, stdout_taken, console)?;
    for error in &inputs.errors {
        console.error(error);
    }
    Ok(if failed {
        Outcome::Failure
    } else if report.findings.is_empty() && report.unused.is_empty() {
        Outcome::Success
    } else {
        Outcome::Findings
    })
}

/// Checks one document, fixing or diffing when asked; true when a fix could not be written.
fn check_one(
    document: &Document,
    scanner: &Scanner,
    lexicons: &LexiconSet,
    settings: &Settings,
    args: &CheckArgs,
    report: &mut CheckReport,
    console: &mut Console<'_>,
) -> Result<bool> {
    let checked = check_document(document, scanner, lexicons, settings);
    report.below_threshold += checked.below_threshold;
    if args.report_unused_ignores {
        report.unused.extend(
            checked
                .unused_directives
                .into_iter()
                .map(|d| (document.origin.clone(), d)),
        );
    }
    let edits = if args.fix || args.diff {
        fix::edits(&document.text, &checked.findings)
    } else {
        Vec::new()
    };
    if edits.is_empty() {
        report.findings.extend(checked.findings);
        return Ok(false);
    }
    let fixed = fix::apply(&document.text, &edits);
    if args.diff {
        write!(
            console.stdout,
            "{}",
            fix::unified_diff(&document.origin, &document.text, &fixed)
        )?;
        report.findings.extend(checked.findings);
        return Ok(false);
    }
    if document.origin == "-" {
        write!(console.stdout, "{fixed}")?;
    } else if let Err(error) = fix::write_atomically(
        Path::new(&document.origin),
        document.text.as_bytes(),
        &fixed,
    ) {
        console.error(&error);
        report.findings.extend(checked.findings);
        return Ok(true);
    }
    console.note(&format!(
        "{}: fixed {} term(s)",
        document.origin,
        edits.len()
    ));
    report
        .findings
        .extend(checked.findings.into_iter().filter(|f| !f.is_fixable()));
    Ok(false)
}

/// Writes the report; when the diff or the fixed text of stdin fills stdout, the human
/// report goes to stderr so stdout stays usable.
fn render(
    args: &CheckArgs,
    report: &CheckReport,
    stdout_taken: bool,
    console: &mut Console<'_>,
) -> Result<()> {
    let color = console.color(args.color);
    let out = &mut *console.stdout;
    match args.format {
        CheckFormat::Human if stdout_taken => diagnostics::human(report, false, console.stderr),
        CheckFormat::Human => diagnostics::human(report, color, out),
        CheckFormat::Json => diagnostics::json(report, out),
        CheckFormat::Github => diagnostics::github(report, out),
        CheckFormat::Sarif => diagnostics::sarif(report, out),
    }
}

/// Flags over the config file over the defaults.
fn effective_config(args: &CheckArgs, found: &Found) -> Config {
    let mut config = found.config.clone();
    if !args.lexicons.is_empty() {
        config.lexicons = Some(args.lexicons.clone());
    }
    if args.min_severity.is_some() {
        config.min_severity = args.min_severity;
    }
    if args.include_quoted {
        config.include_quoted = Some(true);
    }
    config
}

/// Lexicon specs with config-relative paths resolved (flags are relative to the cwd).
fn lexicon_specs(config: &Config, base: Option<&Path>) -> Vec<String> {
    let specs = config.lexicons.clone().unwrap_or_default();
    specs
        .into_iter()
        .map(|spec| match base {
            Some(base) if builtin::get(&spec).is_none() && !Path::new(&spec).exists() => {
                base.join(&spec).display().to_string()
            }
            _ => spec,
        })
        .collect()
}

fn print_config(found: &Found, effective: &Config, console: &mut Console<'_>) -> Result<()> {
    let from = found.path.as_ref().map_or(
        "no .slant.toml found; defaults and flags".to_string(),
        |p| format!("{} with flags applied", p.display()),
    );
    let mut shown = effective.clone();
    shown.min_severity.get_or_insert(Severity::Warning);
    shown.include_quoted.get_or_insert(false);
    writeln!(console.stdout, "# settings in effect: {from}")?;
    if shown.lexicons.is_none() {
        writeln!(
            console.stdout,
            "# lexicons: chosen per run (generic built-ins plus topic matches)"
        )?;
    }
    write!(console.stdout, "{}", config::render(&shown))?;
    Ok(())
}

fn ignore_set(globs: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let parsed = Glob::new(glob)
            .map_err(|err| Error::Usage(format!("`ignore` pattern `{glob}`: {err}")))?;
        builder.add(parsed);
    }
    builder
        .build()
        .map_err(|err| Error::Usage(format!("`ignore` patterns: {err}")))
}

/// True when `origin` matches an ignore glob, taken relative to the config's directory.
fn is_ignored(set: &GlobSet, origin: &str, base: Option<&Path>) -> bool {
    if set.is_empty() || origin == "-" {
        return false;
    }
    let path = Path::new(origin);
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let base = base.and_then(|b| std::fs::canonicalize(b).ok());
    let relative = base.as_deref().and_then(|b| absolute.strip_prefix(b).ok());
    set.is_match(path) || relative.is_some_and(|r| set.is_match(r))
}
