//! `slant compare`: read the inputs as a stream, choose lexicons, analyse articles in
//! parallel, tally by group, and render the report (or per-article lines, kwic rows and
//! keyness alongside).

use std::collections::BTreeMap;

use crate::analysis::group::{GroupBy, group_key};
use crate::analysis::vocabulary;
use crate::analysis::{
    Builder, Detail, DocumentAnalysis, DocumentCounts, DocumentInfo, analyse_visible,
};
use crate::cli::{CompareArgs, CompareFormat, StdinFormat};
use crate::error::{Error, Result};
use crate::input::corpus::{Columns, CorpusKind};
use crate::input::{Document, ReadOptions};
use crate::lexicon::LexiconSet;
use crate::report::html::{self, ArticleView};
use crate::report::kwic::{self, KwicRow, KwicWriter};
use crate::report::{self, Format, ReportOptions, TableOptions, per_article};
use crate::scan::{Scanner, TopicCounts, TopicDetector};

use super::keyness::{self, Vocabularies};
use super::pipeline::{self, Inputs, PassReport, Summing};
use super::select::{compile_speaker_patterns_beside, prepare_lexicons};
use super::{Console, Outcome};

/// What the parallel stage computes for one article.
struct Analysed {
    analysis: DocumentAnalysis,
    /// The analysis tallied, here rather than in the serial sink.
    counts: DocumentCounts,
    kwic: Vec<KwicRow>,
    vocabulary: Option<BTreeMap<String, u64>>,
}

/// What the articles of a run add up to: the tallies, and the words for `--discover`.
struct Totals<'a> {
    builder: Builder<'a>,
    vocabularies: Vocabularies,
}

impl<'a> Totals<'a> {
    /// Adds one analysed article.
    fn add(&mut self, document: &Document, analysed: Analysed, group_by: GroupBy) {
        if let Some(words) = analysed.vocabulary {
            let key = group_key(
                group_by,
                &document.source,
                document.meta.get("date").map(String::as_str),
            );
            self.vocabularies.add(key, words);
        }
        self.builder
            .add_counted(document, analysed.analysis, &analysed.counts);
    }

    /// Adds the totals of the articles that follow.
    fn absorb(&mut self, later: &Totals<'a>) {
        self.builder.absorb(&later.builder);
        self.vocabularies.absorb(&later.vocabularies);
    }
}

/// Counts the topic terms of every article, in parallel like the main pass. The inputs'
/// warnings and errors are left to the main pass to report.
fn count_topics(inputs: &Inputs, detector: &TopicDetector) -> TopicCounts {
    let summing = Summing {
        empty: &TopicCounts::default,
        add: &|total, document| total.add(&detector.count(&document.text[document.body.clone()])),
        merge: &|total, later| total.add(later),
    };
    let (total, _pass) = pipeline::fold(inputs, false, &summing);
    total
}

pub(super) fn run(args: &CompareArgs, console: &mut Console<'_>) -> Result<Outcome> {
    set_threads(args.threads)?;
    let inputs = Inputs::new(
        &args.inputs,
        read_options(args),
        args.since,
        args.until,
        console,
    )?;
    compile_speaker_patterns_beside(rayon::current_num_threads());
    let (lexicons, scanner) = prepare_lexicons(
        &args.lexicons,
        &mut |detector| count_topics(&inputs, detector),
        console,
    )?;
    let options = report_options(args, console);
    let keep_hits = !args.per_article && (options.format == Format::Json || options.evidence);
    let empty = || Totals {
        builder: Builder::new(&lexicons, args.group_by, keep_hits)
            .list_files(options.format.lists_files()),
        vocabularies: Vocabularies::default(),
    };
    let keep_articles = options.format == Format::Html;
    let detail = if keep_hits || keep_articles {
        Detail::Full
    } else {
        Detail::Counts
    };
    let analyse = |document: &Document| analyse_one(document, &scanner, &lexicons, args, detail);
    let progress = console.stderr_is_terminal;
    if !args.per_article && args.kwic.is_none() && detail == Detail::Counts {
        // Nothing is kept per article: each thread adds up articles of its own.
        let summing = Summing {
            empty: &empty,
            add: &|totals, document| totals.add(document, analyse(document), args.group_by),
            merge: &Totals::absorb,
        };
        let (totals, pass) = pipeline::fold(&inputs, progress, &summing);
        return finish_run(args, console, &lexicons, scanner, totals, &[], pass);
    }
    let mut totals = empty();
    let mut kwic_out = match &args.kwic {
        Some(path) => Some(KwicWriter::new(std::fs::File::create(path).map_err(
            |source| Error::Read {
                path: path.clone(),
                source,
            },
        )?)?),
        None => None,
    };
    let mut articles: Vec<ArticleView> = Vec::new();
    if args.per_article {
        per_article::write_header(&lexicons, console.stdout)?;
    }
    let mut pending_line: Option<(String, DocumentInfo, DocumentCounts)> = None;
    let pass = {
        let stdout = &mut *console.stdout;
        pipeline::run(&inputs, progress, &analyse, &mut |document, analysed| {
            if let Some(writer) = kwic_out.as_mut() {
                writer.write(&analysed.kwic)?;
            }
            if keep_articles {
                articles.push(ArticleView {
                    source: document.source.clone(),
                    origin: document.origin.clone(),
                    text: document.text.clone(),
                    body: document.body.clone(),
                    hits: analysed.analysis.hits.clone(),
                    quotes: analysed.analysis.quotes.clone(),
                });
            }
            if args.per_article {
                // The segments of a large file make one article line.
                match pending_line.as_mut() {
                    Some((_, _, counts)) if document.segment.continues() => {
                        counts.absorb(&analysed.counts);
                    }
                    _ => {
                        let next = (
                            document.origin.clone(),
                            DocumentInfo::of(document),
                            analysed.counts,
                        );
                        if let Some((origin, info, counts)) = pending_line.replace(next) {
                            per_article::write_article(&origin, &info, &counts, &lexicons, stdout)?;
                        }
                    }
                }
            } else {
                totals.add(document, analysed, args.group_by);
            }
            Ok(())
        })?
    };
    if let Some((origin, info, counts)) = pending_line {
        per_article::write_article(&origin, &info, &counts, &lexicons, console.stdout)?;
    }
    if let Some(writer) = kwic_out {
        writer.finish()?;
    }
    finish_run(args, console, &lexicons, scanner, totals, &articles, pass)
}

/// Reports the pass, and renders the report of what the articles added up to.
fn finish_run(
    args: &CompareArgs,
    console: &mut Console<'_>,
    lexicons: &LexiconSet,
    scanner: Scanner,
    totals: Totals<'_>,
    articles: &[ArticleView],
    pass: PassReport,
) -> Result<Outcome> {
    report_pass(&pass, console);
    if pass.articles == 0 {
        for error in &pass.errors {
            console.error(error);
        }
        return Err(Error::Usage(
            "no article could be read; nothing to compare".to_string(),
        ));
    }
    // Matching is over: the trie's memory goes to the report's rows instead.
    drop(scanner);
    if !args.per_article {
        let options = report_options(args, console);
        let comparison = totals.builder.finish();
        let mut file = match &args.output {
            Some(path) => Some(std::fs::File::create(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?),
            None => None,
        };
        let out: &mut dyn std::io::Write = match file.as_mut() {
            Some(file) => file,
            None => &mut *console.stdout,
        };
        if options.format == Format::Html {
            write!(out, "{}", html::render(&comparison, lexicons, articles))?;
        } else if args.keyness {
            let prior = keyness::prior(args.prior_scale);
            let section = keyness::compute(
                &comparison,
                lexicons,
                &totals.vocabularies,
                &prior,
                args.min_count,
            );
            keyness::render(&comparison, lexicons, options, &section, out)?;
        } else {
            report::render(&comparison, lexicons, options, out)?;
        }
    }
    finish(&pass, console)
}

fn analyse_one(
    document: &Document,
    scanner: &Scanner,
    lexicons: &LexiconSet,
    args: &CompareArgs,
    detail: Detail,
) -> Analysed {
    let mut analysis = analyse_visible(0, document, &document.text, scanner, lexicons, detail);
    let kwic = if args.kwic.is_some() {
        kwic::rows(document, &analysis.hits, lexicons)
    } else {
        Vec::new()
    };
    let counts = if detail == Detail::Counts {
        // Tallies are all that is left to make: the hits need not wait for the sink, and
        // their strings go into the counts.
        DocumentCounts::from_hits(analysis.words, std::mem::take(&mut analysis.hits))
    } else {
        DocumentCounts::of(&analysis)
    };
    let vocabulary = args
        .discover
        .then(|| vocabulary::count(&document.text[document.body.clone()]));
    Analysed {
        counts,
        analysis,
        kwic,
        vocabulary,
    }
}

/// Warnings and date-filter notes of a pass.
fn report_pass(pass: &PassReport, console: &mut Console<'_>) {
    for warning in &pass.warnings {
        console.warn(warning);
    }
    if pass.out_of_range > 0 {
        console.note(&format!(
            "{} article(s) outside --since/--until left out",
            pass.out_of_range
        ));
    }
    if pass.undated > 0 {
        console.note(&format!(
            "{} undated article(s) kept: the date filter cannot tell",
            pass.undated
        ));
    }
}

/// How many inputs and records `errors` say could not be read, in words.
fn unread(errors: &[Error]) -> String {
    let records = errors
        .iter()
        .filter(|error| matches!(error, Error::Record { .. }))
        .count();
    let inputs = errors.len() - records;
    match (inputs, records) {
        (inputs, 0) => format!("{inputs} input(s)"),
        (0, records) => format!("{records} record(s)"),
        (inputs, records) => format!("{inputs} input(s) and {records} record(s)"),
    }
}

/// Errors last, and the exit code.
fn finish(pass: &PassReport, console: &mut Console<'_>) -> Result<Outcome> {
    for error in &pass.errors {
        console.error(error);
    }
    if pass.errors.is_empty() {
        Ok(Outcome::Success)
    } else {
        console.note(&format!(
            "{} could not be read; the report covers the rest",
            unread(&pass.errors)
        ));
        Ok(Outcome::Failure)
    }
}

fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(threads) = threads {
        if threads == 0 {
            return Err(Error::Usage("--threads must be at least 1".into()));
        }
        // A pool that exists already (a second run in one process) keeps its size.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    Ok(())
}

fn read_options(args: &CompareArgs) -> ReadOptions {
    ReadOptions {
        segment_bytes: Some(usize::try_from(args.segment_bytes).unwrap_or(usize::MAX)),
        columns: Columns {
            text: args.text_column.clone(),
            source: args.source_column.clone(),
            date: args.date_column.clone(),
            title: args.title_column.clone(),
            id: args.id_column.clone(),
        },
        stdin_corpus: match args.stdin_format {
            None | Some(StdinFormat::Text) => None,
            Some(StdinFormat::Jsonl) => Some(CorpusKind::JsonLines),
            Some(StdinFormat::Csv) => Some(CorpusKind::Csv),
            Some(StdinFormat::Tsv) => Some(CorpusKind::Tsv),
        },
    }
}

/// The report format for a `compare`-style format flag.
pub(super) fn format_of(format: CompareFormat) -> Format {
    match format {
        CompareFormat::Table => Format::Table,
        CompareFormat::Markdown => Format::Markdown,
        CompareFormat::Csv => Format::Csv,
        CompareFormat::Json => Format::Json,
        CompareFormat::Jsonl => Format::Jsonl,
        CompareFormat::Html => Format::Html,
    }
}

fn report_options(args: &CompareArgs, console: &Console<'_>) -> ReportOptions {
    let format = format_of(args.format);
    ReportOptions {
        format,
        table: TableOptions {
            color: format == Format::Table && console.color(args.color),
            width: console.width(args.width),
        },
        evidence: args.evidence,
    }
}
