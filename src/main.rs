//! The `slant` binary: parse the command line, run it, map the outcome to an exit code.

use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use slant::cli::Cli;
use slant::commands::{self, Console, Outcome};
use slant::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let mut stderr = std::io::stderr();
    let mut console = Console {
        stdin: &mut std::io::stdin(),
        stdout: &mut stdout,
        stderr: &mut stderr,
        stdout_is_terminal: std::io::stdout().is_terminal(),
        stderr_is_terminal: std::io::stderr().is_terminal(),
        terminal_width: terminal_size::terminal_size().map(|(width, _)| usize::from(width.0)),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    };
    let result = commands::run(cli, &mut console);
    let flushed = stdout.flush();
    let outcome = match (result, flushed) {
        (Err(Error::Output(err)), _) | (Ok(_), Err(err)) if err.kind() == ErrorKind::BrokenPipe => {
            Outcome::Success
        }
        (Ok(outcome), Ok(())) => outcome,
        (Ok(_), Err(err)) => report(&Error::Output(err)),
        (Err(err), _) => report(&err),
    };
    ExitCode::from(outcome.code())
}

fn report(error: &Error) -> Outcome {
    let _ = writeln!(std::io::stderr(), "{}", commands::render_error(error));
    Outcome::Failure
}
