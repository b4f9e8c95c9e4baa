//! Command-line definitions (clap). Plain data: turning them into lexicons, matchers and
//! renderers happens in [`crate::commands`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Show how news sources frame the same event.
#[derive(Debug, Parser)]
#[command(name = "slant", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Side-by-side table of how each source frames actors, places and events.
    Compare(Box<CompareArgs>),
    /// Lint your own copy: file:line:col findings with neutral suggestions.
    Check(CheckArgs),
    /// Add up the per-article output of several `compare --per-article` runs.
    Merge(MergeArgs),
    /// List, show and validate lexicons.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
}

/// Options of `slant compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Articles: files, directories (read recursively), quoted glob patterns
    /// ('archive/**/*.html'), `-` for stdin, or LABEL=PATH to name the source.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Lexicon to use: a built-in id or a path to a TOML/JSON lexicon (repeatable).
    /// Without it: the generic built-ins plus each topic built-in whose topic terms occur.
    #[arg(short, long = "lexicon", value_name = "ID|PATH")]
    pub lexicons: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
    /// Under the table, print each hit's sentence with the term marked, by concept.
    #[arg(long)]
    pub evidence: bool,
    /// When to use colour (never when NO_COLOR is set, unless `always`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Table width in columns (default: the terminal's width, else 100).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Count under: source, date, month, or source,month.
    #[arg(long, value_name = "KEY", default_value = "source", value_parser = parse_group_by)]
    pub group_by: crate::analysis::group::GroupBy,
    /// Only articles dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<crate::lexicon::period::PartialDate>,
    /// Only articles dated on or before this day.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<crate::lexicon::period::PartialDate>,
    /// Threads (default: all cores); with 1, reading, analysis and tallying share one thread.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Read plain-text files larger than this many bytes in segments of about this size,
    /// so memory stays bounded; counts, lines and columns are the same either way.
    #[arg(long, value_name = "BYTES", default_value_t = crate::input::SEGMENT_BYTES as u64,
          value_parser = clap::value_parser!(u64).range(1024..))]
    pub segment_bytes: u64,
    /// Instead of the report, one JSON line per article, for `slant merge`.
    #[arg(long)]
    pub per_article: bool,
    /// Write the report to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Also write every hit with its context to FILE.csv (quanteda's kwic columns).
    #[arg(long, value_name = "FILE")]
    pub kwic: Option<std::path::PathBuf>,
    /// Add the log-odds keyness (Monroe et al. 2008) of lexicon variants between groups.
    #[arg(long)]
    pub keyness: bool,
    /// With --keyness, score every word and bigram too, not only lexicon variants.
    #[arg(long, requires = "keyness")]
    pub discover: bool,
    /// With --keyness, leave out items seen fewer times than this over both groups.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_count: u64,
    /// With --keyness, the total weight of the prior taken from the pooled counts.
    #[arg(long, value_name = "A0")]
    pub prior_scale: Option<f64>,
    /// Corpus files: the column holding the text [default: the first of text, body, content,
    /// article, full_text].
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// Corpus files: the column naming the source [default: the first of outlet, source,
    /// media_name, publisher, media, domain].
    #[arg(long, value_name = "NAME")]
    pub source_column: Option<String>,
    /// Corpus files: the column holding the date [default: the first of publish_date, date,
    /// published, publication_date, pub_date].
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Corpus files: the column holding the headline [default: the first of title, headline].
    #[arg(long, value_name = "NAME")]
    pub title_column: Option<String>,
    /// Corpus files: the column identifying a record [default: the first of id, stories_id,
    /// guid, url].
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Read `-` (stdin) as a corpus of records instead of as one article.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub stdin_format: Option<StdinFormat>,
}

/// How `compare` reads stdin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    /// One article (the default).
    Text,
    /// JSON Lines records.
    Jsonl,
    /// CSV records with a header.
    Csv,
    /// TSV records with a header.
    Tsv,
}

/// Options of `slant merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Files written by `slant compare --per-article` (`-`: stdin).
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<std::path::PathBuf>,
    /// Lexicons of the run, when they are not built-ins named in the parts.
    #[arg(short, long = "lexicon", value_name = "ID|PATH")]
    pub lexicons: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
    /// Count under: source, date, month, or source,month.
    #[arg(long, value_name = "KEY", default_value = "source", value_parser = parse_group_by)]
    pub group_by: crate::analysis::group::GroupBy,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Table width in columns.
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
}

fn parse_group_by(text: &str) -> Result<crate::analysis::group::GroupBy, String> {
    crate::analysis::group::GroupBy::parse(text)
        .ok_or_else(|| format!("`{text}` is not one of source, date, month, source,month"))
}

fn parse_date(text: &str) -> Result<crate::lexicon::period::PartialDate, String> {
    crate::lexicon::period::PartialDate::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"))
}

/// Options of `slant check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check, or `-` for stdin.
    #[arg(value_name = "FILE", required_unless_present = "print_config")]
    pub files: Vec<String>,
    /// Lexicon to use (repeatable); overrides the config file's `lexicons`.
    #[arg(short, long = "lexicon", value_name = "ID|PATH")]
    pub lexicons: Vec<String>,
    /// Lowest severity reported and failing the check [default: warning, or the config's].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<crate::lexicon::Severity>,
    /// Also flag terms inside quotations (marked as quoted).
    #[arg(long)]
    pub include_quoted: bool,
    /// Config file to use instead of the nearest .slant.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<std::path::PathBuf>,
    /// Print the settings in effect (flags, config file, defaults) and exit.
    #[arg(long)]
    pub print_config: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Replace own-voice leaning variants with the preferred term, in place.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Show the fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Report inline directives that suppressed nothing.
    #[arg(long)]
    pub report_unused_ignores: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `file:line:col: severity: message` lines and a summary.
    Human,
    /// One JSON array of findings.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A table for the terminal.
    Table,
    /// A Markdown table, for handouts.
    Markdown,
    /// Tidy CSV: one row per source, concept, term and voice.
    Csv,
    /// JSON with every hit (schema slant/compare/1).
    Json,
    /// Tidy JSON Lines: one object per source, concept, term and voice.
    Jsonl,
    /// A self-contained HTML page: the table and the articles side by side, marked.
    Html,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `slant lexicon ...`
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// List the built-in lexicons (and any given with --lexicon).
    List(ListArgs),
    /// Show every concept of a lexicon with its variants, leans and notes.
    Show(ShowArgs),
    /// Check lexicon files; exit 2 and list every problem when one is invalid.
    Validate(ValidateArgs),
    /// Write a commented starter lexicon to stdout.
    New(NewArgs),
    /// List spellings in the inputs close to a lexicon term but not in it.
    Suggest(SuggestArgs),
    /// Convert a LIWC, quanteda YAML or Lexicoder dictionary into a slant lexicon (stdout).
    Import(ImportArgs),
}

/// Options of `slant lexicon import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dictionary's format.
    #[arg(long, value_enum)]
    pub from: ImportFrom,
    /// The dictionary file.
    pub file: PathBuf,
    /// The new lexicon's id (default: the file's stem).
    #[arg(long)]
    pub id: Option<String>,
}

/// Dictionary formats `lexicon import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFrom {
    /// LIWC `.dic`.
    Liwc,
    /// quanteda's YAML dictionaries.
    Yaml,
    /// Lexicoder `.lc3`.
    Lexicoder,
}

/// Options of `slant lexicon new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new lexicon's id.
    pub id: String,
}

/// Options of `slant lexicon suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The lexicon to find near-misses of (a built-in id or a path; repeatable).
    #[arg(short, long = "lexicon", value_name = "ID|PATH", required = true)]
    pub lexicons: Vec<String>,
    /// Articles to look in: files, directories, `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Lowest normalised Damerau-Levenshtein similarity (0-1) to suggest.
    #[arg(long, default_value_t = crate::scan::suggest::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Only suggest spellings seen at least this often.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_count: usize,
}

/// Options of `slant lexicon list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Also list these lexicon files.
    #[arg(short, long = "lexicon", value_name = "PATH")]
    pub lexicons: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Options of `slant lexicon show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A built-in id or a path.
    #[arg(value_name = "ID|PATH")]
    pub lexicon: String,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    /// Table width in columns (default: the terminal's width, else 100).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
}

/// Options of `slant lexicon validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Lexicon files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Output formats of `lexicon list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Table,
    /// JSON.
    Json,
}

/// Output formats of `lexicon show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A table.
    Table,
    /// Markdown, for handouts.
    Markdown,
    /// JSON.
    Json,
}
