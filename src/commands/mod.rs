//! Running the subcommands: turns parsed arguments into settings, wires the pipeline
//! (input -> scan/voice -> analysis -> report) and writes to the given streams.
//!
//! Errors and warnings are rendered here, in one place, for both the commands and `main`.

mod check;
mod compare;
mod keyness;
mod lexicon;
mod merge;
mod pipeline;
mod select;

use std::io::{Read, Write};

use crate::cli::{Cli, ColorChoice, Command};
use crate::error::{Error, Result, Warning};
use crate::input::{Document, Event, InputSpec, Inputs, ReadOptions, read_all, read_each};

/// The streams and terminal facts a command runs with.
pub struct Console<'a> {
    /// Standard input, for `-`.
    pub stdin: &'a mut dyn Read,
    /// Reports go here.
    pub stdout: &'a mut dyn Write,
    /// Warnings, notes and errors go here.
    pub stderr: &'a mut dyn Write,
    /// Whether stdout is a terminal (colour, width).
    pub stdout_is_terminal: bool,
    /// Whether stderr is a terminal (progress bars).
    pub stderr_is_terminal: bool,
    /// The terminal's width in columns, when known.
    pub terminal_width: Option<usize>,
    /// Whether the NO_COLOR environment variable is set.
    pub no_color: bool,
}

impl Console<'_> {
    /// Whether to colour output, by the user's choice and the environment.
    fn color(&self, choice: ColorChoice) -> bool {
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => self.stdout_is_terminal && !self.no_color,
        }
    }

    /// The width tables wrap to.
    fn width(&self, asked: Option<usize>) -> usize {
        asked
            .or(self.terminal_width)
            .unwrap_or(DEFAULT_WIDTH)
            .max(MIN_WIDTH)
    }

    /// Reads the inputs named on the command line, reporting warnings as they come.
    fn read_inputs(&mut self, args: &[String]) -> Inputs {
        let specs: Vec<InputSpec> = args.iter().map(|arg| InputSpec::parse(arg)).collect();
        let inputs = read_all(&specs, self.stdin);
        for warning in &inputs.warnings {
            self.warn(warning);
        }
        inputs
    }

    /// Reads the inputs named on the command line an article at a time, handing each to
    /// `each` and reporting warnings as they come; returns the inputs that could not be
    /// read. Nothing is kept, so memory does not grow with the inputs.
    fn each_input(&mut self, args: &[String], each: &mut dyn FnMut(Document)) -> Vec<Error> {
        let specs: Vec<InputSpec> = args.iter().map(|arg| InputSpec::parse(arg)).collect();
        let mut errors = Vec::new();
        let Console { stdin, stderr, .. } = self;
        read_each(
            &specs,
            *stdin,
            &ReadOptions::default(),
            &mut |event| match event {
                Event::Document(document) => each(document),
                Event::Warning(warning) => write_warning(stderr, &warning),
                Event::Error(error) => errors.push(error),
            },
        );
        errors
    }

    fn warn(&mut self, warning: &Warning) {
        write_warning(self.stderr, warning);
    }

    fn note(&mut self, note: &str) {
        let _ = writeln!(self.stderr, "slant: {note}");
    }

    fn error(&mut self, error: &Error) {
        let _ = writeln!(self.stderr, "{}", render_error(error));
    }
}

/// Writes a warning to `stderr`.
fn write_warning(stderr: &mut dyn Write, warning: &Warning) {
    let _ = writeln!(stderr, "slant: warning: {warning}");
}

/// Table width when neither `--width` nor the terminal says.
const DEFAULT_WIDTH: usize = 100;
/// The narrowest table slant draws.
const MIN_WIDTH: usize = 40;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went fine (exit 0).
    Success,
    /// `check` found something at or above the threshold (exit 1).
    Findings,
    /// Some input could not be used; the rest was processed (exit 2).
    Failure,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Findings => 1,
            Outcome::Failure => 2,
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli, console: &mut Console<'_>) -> Result<Outcome> {
    match cli.command {
        Command::Compare(args) => compare::run(&args, console),
        Command::Check(args) => check::run(&args, console),
        Command::Merge(args) => merge::run(&args, console),
        Command::Lexicon(command) => lexicon::run(command, console),
    }
}

/// The one rendering of an error: `slant: error: ...`, one line per problem.
pub fn render_error(error: &Error) -> String {
    error
        .to_string()
        .lines()
        .map(|line| format!("slant: error: {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
