//! The command line: argument parsing, file discovery and output. Errors here
//! are `anyhow` errors with context; `main` prints them and exits with 2.

pub mod args;
pub mod cargo;
pub mod check;

use std::io::Write;

use anyhow::Result;
use clap::Parser;

use crate::cli::args::{Cli, Command};

/// What the process should exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No findings.
    Clean,
    /// Findings were reported.
    Findings,
    /// forklint could not do its job.
    Failure,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Failure => 2,
        }
    }
}

/// Parses arguments; on failure (or `--help`, `--version`) prints clap's
/// message and returns the exit status to end with.
pub fn parse_args<T: Parser>(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> std::result::Result<T, ExitStatus> {
    T::try_parse_from(args).map_err(|err| {
        let _ = err.print();
        if err.use_stderr() {
            ExitStatus::Failure
        } else {
            ExitStatus::Clean
        }
    })
}

/// Runs the command line given in `args` (the program name first).
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<ExitStatus> {
    let cli: Cli = match parse_args(args) {
        Ok(cli) => cli,
        Err(status) => return Ok(status),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Check(args) => check::run(&args, &mut out),
        Command::Explain { rule } => {
            let Some(rule) = crate::lints::rule(&rule) else {
                anyhow::bail!("no rule named `{rule}` (run `forklint rules` for the list)");
            };
            write!(out, "{}", crate::lints::rule_page(rule))?;
            Ok(ExitStatus::Clean)
        }
        Command::Rules => {
            for rule in crate::lints::RULES {
                let state = if rule.enabled_by_default {
                    ""
                } else {
                    " (off by default)"
                };
                writeln!(
                    out,
                    "{} {:<32} {}{}",
                    rule.code,
                    rule.name,
                    rule.summary(),
                    state
                )?;
            }
            Ok(ExitStatus::Clean)
        }
    }
}
