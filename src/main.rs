//! claimtrack: a fact-check claim tracker on an embedded SQLite database.
//!
//! `main` only parses arguments, runs the command and maps errors to exit codes: 0 success,
//! 1 failure, 2 usage error.

use claimtrack::{cli, commands, output};

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let command = cli::Cli::with_desk_roles(cli::Cli::command()).long_version(format!(
        "{} ({})",
        env!("CARGO_PKG_VERSION"),
        claimtrack::store::engine_version()
    ));
    let parsed = command.try_get_matches().and_then(|m| {
        cli::Cli::from_arg_matches(&m).map(|cli| cli::Cli {
            invoked: cli::Cli::invoked(&m),
            ..cli
        })
    });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = commands::run(cli, &mut out).and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<commands::NothingMatched>().is_some() => ExitCode::FAILURE,
        Err(e) => {
            let _ = out.flush();
            eprintln!("claimtrack: error: {}", output::clean(&format!("{e:#}")));
            let refused = e
                .downcast_ref::<claimtrack::store::StoreError>()
                .is_some_and(claimtrack::store::StoreError::is_refusal);
            if refused || e.downcast_ref::<commands::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// `claimtrack list | head` closes the pipe early; that is not an error worth reporting.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let io = cause.downcast_ref::<io::Error>().or_else(|| {
            // The CSV writer wraps the pipe's error in its own.
            cause
                .downcast_ref::<csv::Error>()
                .and_then(|c| match c.kind() {
                    csv::ErrorKind::Io(io) => Some(io),
                    _ => None,
                })
        });
        // serde_json wraps it too, and keeps only the kind.
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io.map(io::Error::kind).or(json) == Some(io::ErrorKind::BrokenPipe)
    })
}
