//! Command-line arguments (clap). Nothing outside `cli/` reads these; they are
//! turned into validated settings in `cli::check`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "forklint",
    version,
    about = "Finds calls that are not async-signal-safe in fork children, vfork children and pthread_atfork handlers"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse C and C++ files and directories.
    Check(Box<CheckArgs>),
    /// Show a rule's documentation, or what the knowledge base says about a
    /// function (per C library and context, with citations).
    Explain {
        /// A rule code (FL001), a rule name (unsafe-call-in-fork-child) or a
        /// function (closelog).
        rule: String,
    },
    /// List the rules.
    Rules,
    /// Run the language server over standard input and output (for editors).
    Lsp,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    // SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    // GitHub Actions workflow commands: annotations on the files.
    Github,
    // A GitLab Code Quality report.
    Gitlab,
}

/// How C and C++ files are read.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Frontend {
    /// tree-sitter: no build needed, both sides of unknown `#if`s.
    TreeSitter,
    /// libclang with each file's flags from a compilation database (precise
    /// mode; see docs/precise-mode.md).
    Clang,
    /// clang when a compilation database is found and libclang loads,
    /// tree-sitter otherwise.
    Auto,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to analyse (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Number of parallel jobs (default: the number of cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// C library whose fork() behaviour to assume: glibc, musl or posix.
    #[arg(long)]
    pub libc: Option<String>,
    /// Extra knowledge-base entries (TOML, the format of rules/*.toml); repeatable.
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Run only these rules (codes, names or code prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Run these rules in addition to the default ones.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Treat a preprocessor macro as defined (`NAME` or `NAME=VALUE`) when
    /// evaluating `#if`/`#ifdef`; repeatable.
    #[arg(short = 'D', long = "define", value_name = "NAME[=VALUE]")]
    pub define: Vec<String>,
    /// Treat a preprocessor macro as undefined; repeatable. Code is read as
    /// Linux's compiler sees it: `__linux__` and `__unix__` are defined, and
    /// the macros of other platforms (`_WIN32`, `__APPLE__`, `__sun`, `VMS`,
    /// …; rules/platforms.toml) are undefined unless defined with -D.
    #[arg(short = 'U', long = "undefine", value_name = "NAME")]
    pub undefine: Vec<String>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 0 even when there are findings (forklint's own failures
    /// still exit with 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Configuration file (default: `forklint.toml` in the analysed path's
    /// directory or the nearest one above it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print the effective configuration and exit.
    #[arg(long)]
    pub show_config: bool,
    /// List every fork, vfork, clone, atfork and `pre_exec` site found, with
    /// its classification (exec child, no exec, handler, not reached) and the
    /// reason, instead of the findings.
    #[arg(long)]
    pub show_contexts: bool,
    /// Exit with 1 only for findings at or above this severity: error,
    /// warning or note (default: note, any finding).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// For pre-commit: analyse the whole tree under the current directory (so
    /// that calls across files are followed) but report only the findings
    /// that involve the files given as PATHS: the flagged call, the fork or
    /// one hop of the chain is in one of them.
    #[arg(long)]
    pub pre_commit: bool,
    /// Report findings even where a `forklint: allow(...)` comment suppresses
    /// them.
    #[arg(long)]
    pub no_suppressions: bool,
    /// Record today's findings in FILE (JSON) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings that are not in the baseline FILE.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Apply the safe fixes (and with `--unsafe-fixes` the unsafe ones) to
    /// the files, then report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Let `--fix` and `--diff` use unsafe fixes too (they change behaviour:
    /// read each one's title).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the changes `--fix` would make as a unified diff, and write
    /// nothing (exit 1 when there are changes).
    #[arg(long)]
    pub diff: bool,
    /// Front end for C and C++: tree-sitter, clang (needs libclang and a
    /// compilation database) or auto.
    #[arg(long, value_enum, default_value_t = Frontend::TreeSitter)]
    pub frontend: Frontend,
    /// Build directory holding `compile_commands.json` (for `--frontend`).
    #[arg(short = 'p', long = "build-dir", value_name = "DIR")]
    pub build_dir: Option<PathBuf>,
    /// The compilation database itself (for `--frontend`).
    #[arg(long, value_name = "FILE", conflicts_with = "build_dir")]
    pub compile_commands: Option<PathBuf>,
}
