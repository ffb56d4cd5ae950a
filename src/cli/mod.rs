//! The command line: argument parsing, file discovery and output. Errors here
//! are `anyhow` errors with context; `main` prints them and exits with 2.

pub mod args;
pub mod cargo;
pub mod check;
pub mod fix;

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

/// What a role means, in words (`rules/roles.toml`).
fn role_phrase(role: crate::knowledge::Role) -> String {
    use crate::knowledge::Role;
    match role {
        Role::Exec => "exec: replaces the process image; ends a fork child's region".to_string(),
        Role::NoReturn => "noreturn: never returns to its caller".to_string(),
        Role::Assert => "assert: aborts when its argument is false".to_string(),
        Role::NoReturnUnlessZero { status_arg } => format!(
            "noreturn-unless-zero: does not return when argument {} is a nonzero constant",
            status_arg + 1
        ),
        Role::Fork => "fork: returns a pid like fork()".to_string(),
        Role::RawFork => "raw-fork: returns a pid like fork() but resets no libc state".to_string(),
        Role::Vfork => {
            "vfork: the child borrows the parent's memory until exec or _exit".to_string()
        }
        Role::AtforkRegister { child_arg } => format!(
            "atfork-register: argument {} runs in every fork child",
            child_arg + 1
        ),
        Role::Clone { fn_arg } => {
            format!("clone: starts a child running argument {}", fn_arg + 1)
        }
        Role::PreExecRegister { fn_arg } => format!(
            "pre-exec-register: argument {} runs in the child before exec",
            fn_arg + 1
        ),
    }
}

/// `forklint explain FUNCTION`: the knowledge base's verdicts, by C library
/// and context, with the reasons, the advice and the citations.
fn explain_function(
    out: &mut dyn Write,
    knowledge: &crate::knowledge::Knowledge,
    name: &str,
) -> std::io::Result<()> {
    use crate::knowledge::{ContextKind, LibcProfile, Safety};
    writeln!(out, "# {name}\n")?;
    if let Some(role) = knowledge.role(name) {
        writeln!(out, "Role: {}\n", role_phrase(role))?;
    }
    let contexts = [
        (ContextKind::ForkChild, "fork child"),
        (ContextKind::VforkChild, "vfork child"),
        (ContextKind::PreExec, "pre_exec closure"),
        (ContextKind::SignalHandler, "signal handler"),
    ];
    for profile in LibcProfile::ALL {
        // Contexts with the same verdict share one section.
        let mut sections: Vec<(Vec<&str>, String)> = Vec::new();
        for (context, label) in contexts {
            let Some(verdict) = knowledge.verdict(name, profile, context) else {
                continue;
            };
            let safety = match verdict.safety {
                Safety::Safe => "safe",
                Safety::Unsafe => "not async-signal-safe",
                Safety::AllocOnly => "allocates (tolerated by this libc's fork)",
            };
            let tags = if verdict.tags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", verdict.tags.join(", "))
            };
            let mut body = format!("{safety}{tags}\n\n");
            if !verdict.note.is_empty() {
                body.push_str(&format!("`{name}` {}\n", verdict.note));
            }
            if let Some(note) = &verdict.profile_note {
                body.push_str(&format!("{note}\n"));
            }
            if let Some(instead) = &verdict.instead {
                body.push_str(&format!("Instead: {instead}\n"));
            }
            body.push_str(&format!("Source: {}; {}\n", verdict.source, verdict.cite));
            match sections.iter_mut().find(|(_, existing)| *existing == body) {
                Some((labels, _)) => labels.push(label),
                None => sections.push((vec![label], body)),
            }
        }
        for (labels, body) in sections {
            writeln!(out, "## {profile}: {}: {body}", labels.join(", "))?;
        }
    }
    Ok(())
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
        Command::Explain { rule: name } => {
            if let Some(rule) = crate::lints::rule(&name) {
                write!(out, "{}", crate::lints::rule_page(rule))?;
                return Ok(ExitStatus::Clean);
            }
            let knowledge = crate::knowledge::Knowledge::builtin();
            if !knowledge.is_known(&name) && knowledge.role(&name).is_none() {
                anyhow::bail!(
                    "`{name}` is neither a rule nor a function the knowledge base knows (run `forklint rules` for the rules)"
                );
            }
            explain_function(&mut out, &knowledge, &name)?;
            Ok(ExitStatus::Clean)
        }
        Command::Lsp => {
            drop(out);
            // The protocol's exit code: 0 after `shutdown`, 1 without it.
            Ok(if crate::lsp::run()? {
                ExitStatus::Clean
            } else {
                ExitStatus::Findings
            })
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
