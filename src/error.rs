//! The library's one error type. Findings are data, not errors: errors are for input that
//! cannot be read and lexicons that cannot be used. Each carries the file, and where it is
//! known the line and column, so the binary can render it once, readably.

use std::fmt;
use std::path::PathBuf;

/// A problem found in a lexicon file, with its place when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column in the lexicon file, when the format reports them.
    pub location: Option<(usize, usize)>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Problem {
    /// A problem without a known line and column.
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            location: None,
            message: message.into(),
        }
    }

    /// A problem at a 1-based line and column.
    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        Problem {
            location: Some((line, column)),
            message: message.into(),
        }
    }
}

/// Renders `path:line:col: message` lines, one per problem.
fn render_problems(path: &str, problems: &[Problem]) -> String {
    let mut lines = Vec::with_capacity(problems.len());
    for problem in problems {
        lines.push(match problem.location {
            Some((line, column)) => format!("{path}:{line}:{column}: {}", problem.message),
            None => format!("{path}: {}", problem.message),
        });
    }
    lines.join("\n")
}

/// Everything that can stop `slant` from doing its job.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// An input path names nothing slant can read.
    #[error("{}: {reason}", path.display())]
    Input {
        /// The path given.
        path: PathBuf,
        /// Why it cannot be used, and what to do.
        reason: String,
    },
    /// One record of a corpus file could not be read, and was left out; the rest of the
    /// file was read.
    #[error("{origin}, record {record}: {reason}")]
    Record {
        /// The corpus file (or `-` for stdin).
        origin: String,
        /// The 1-based number of the record.
        record: usize,
        /// What is wrong with it, and what to do.
        reason: String,
    },
    /// A lexicon file has one or more problems.
    #[error("{}", render_problems(origin, problems))]
    Lexicon {
        /// The lexicon's path, or `builtin:<id>`.
        origin: String,
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },
    /// A `.slant.toml` cannot be used.
    #[error("{}", render_problems(origin, std::slice::from_ref(problem)))]
    Config {
        /// The config file's path.
        origin: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// `--lexicon` names neither a built-in lexicon nor a file.
    #[error(
        "no built-in lexicon is called `{name}` and no file has that path; \
         run `slant lexicon list` for the built-ins: {known}"
    )]
    UnknownLexicon {
        /// What was asked for.
        name: String,
        /// The built-in ids, comma-separated.
        known: String,
    },
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// Writing the report failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// The error, its record (if it is about one) numbered on by `records`, as
    /// [`Warning::records_on`].
    pub fn records_on(self, records: usize) -> Error {
        match self {
            Error::Record {
                origin,
                record,
                reason,
            } => Error::Record {
                origin,
                record: record + records,
                reason,
            },
            error => error,
        }
    }

    /// A lexicon error with a single problem.
    pub fn lexicon(origin: impl fmt::Display, problem: Problem) -> Self {
        Error::Lexicon {
            origin: origin.to_string(),
            problems: vec![problem],
        }
    }
}

/// serde_json's message for `err` without the " at line L column C" it appends, for
/// callers that show the position their own way.
pub(crate) fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something worth telling the user that does not stop the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file (or `-` for stdin) it is about.
    pub origin: String,
    /// The 1-based record of a corpus file, when the warning is about one.
    pub record: Option<usize>,
    /// The 1-based line, when the warning is about one.
    pub line: Option<usize>,
    /// What happened and what slant did about it.
    pub message: String,
}

impl Warning {
    /// The warning, its record (if any) numbered on by `records`: for a part of a corpus
    /// file read on its own, whose records were numbered from its start.
    pub fn records_on(self, records: usize) -> Warning {
        Warning {
            record: self.record.map(|record| record + records),
            ..self
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(record) = self.record {
            write!(f, ", record {record}")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}
