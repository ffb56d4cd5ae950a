//! `forklint check`: settings from arguments, file discovery, the run, output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

use crate::baseline::Baseline;
use crate::check::{Input, Settings, check_inputs};
use crate::cli::ExitStatus;
use crate::cli::args::{CheckArgs, Color, Format};
use crate::config::{self, Config, FailOn, Loaded, SeverityName};
use crate::diagnostic::Severity;
use crate::knowledge::{Knowledge, LibcProfile};
use crate::lints::RuleSelection;
use crate::render::{self, FileError, Report};
use crate::source::display_path;

/// File extensions analysed: C, C++ and Rust.
const SOURCE_EXTENSIONS: &[&str] = &[
    "c", "h", "cc", "cpp", "cxx", "hh", "hpp", "hxx", "C", "H", "rs",
];

/// Threads get a large stack: deeply nested input is lowered recursively (to a
/// bounded depth).
const STACK_SIZE: usize = 64 * 1024 * 1024;

fn selection(args: &CheckArgs, config: &Config) -> Result<RuleSelection> {
    let resolve = |selectors: &[String]| -> Result<Vec<&'static crate::lints::Rule>> {
        let mut rules = Vec::new();
        for selector in selectors.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            let matched = RuleSelection::matching(selector);
            if matched.is_empty() {
                bail!("unknown rule selector `{selector}` (run `forklint rules` for the list)");
            }
            rules.extend(matched);
        }
        Ok(rules)
    };
    let mut selection = RuleSelection::defaults();
    if !args.select.is_empty() {
        selection.set(&resolve(&args.select)?);
    } else if let Some(select) = &config.select {
        selection.set(&resolve(select)?);
    }
    selection.enable(&resolve(&config.extend_select)?);
    selection.enable(&resolve(&args.extend_select)?);
    selection.disable(&resolve(&config.ignore)?);
    selection.disable(&resolve(&args.ignore)?);
    Ok(selection)
}

/// The configuration for a run: `--config FILE`, else the `forklint.toml`
/// nearest to the first analysed path (or the current directory).
pub fn load_config(args: &CheckArgs) -> Result<Loaded> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => {
            // Under --pre-commit the tree analysed is `.`, whatever files are
            // named.
            let start = match args.paths.first() {
                Some(path) if !args.pre_commit => path.clone(),
                _ => PathBuf::from("."),
            };
            config::find(&start)
        }
    };
    let Some(path) = path else {
        return Ok(Loaded::default());
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("failed to read the configuration {}", path.display()))?;
    Ok(config::parse(&path, &text)?)
}

pub fn settings(args: &CheckArgs) -> Result<Settings> {
    settings_with(args, &load_config(args)?)
}

/// Settings from the command line over a configuration.
pub fn settings_with(args: &CheckArgs, loaded: &Loaded) -> Result<Settings> {
    let config = &loaded.config;
    let libc = args
        .libc
        .clone()
        .or_else(|| config.libc.clone())
        .unwrap_or_else(|| "glibc".to_string());
    let profile: LibcProfile = libc
        .parse()
        .map_err(|_| anyhow::anyhow!("unknown --libc `{libc}` (expected glibc, musl or posix)"))?;
    let mut knowledge = Knowledge::builtin();
    if let (Some(text), Some(path)) = (&loaded.rules_text, &loaded.path) {
        knowledge
            .add_user_rules(path, text)
            .with_context(|| format!("invalid knowledge entries in {}", path.display()))?;
    }
    for path in &args.rules {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read rules file {}", path.display()))?;
        knowledge
            .add_user_rules(path, &text)
            .with_context(|| format!("invalid rules file {}", path.display()))?;
    }
    let mut defines = crate::frontend::defines::Defines::default();
    for name in config.undefine.iter().chain(&args.undefine) {
        defines.undefine(name);
    }
    for spec in config.define.iter().chain(&args.define) {
        defines.define(spec);
    }
    let cpp_only = if config.cpp.is_empty() {
        None
    } else {
        Some((glob_set(&config.cpp)?, loaded.base_dir()))
    };
    let mut severities = std::collections::HashMap::new();
    for (selector, severity) in &config.severity {
        for rule in RuleSelection::matching(selector) {
            severities.insert(
                rule.code.to_string(),
                match severity {
                    SeverityName::Error => Severity::Error,
                    SeverityName::Warning => Severity::Warning,
                    SeverityName::Note => Severity::Note,
                },
            );
        }
    }
    Ok(Settings {
        suppressions: !args.no_suppressions,
        profile,
        defines,
        selection: selection(args, config)?,
        knowledge,
        cpp_only,
        severities,
        precise: precise_frontend(args)?,
        options_off: options_off(&args.paths),
        list_contexts: args.show_contexts,
    })
}

/// The macros an autotools project's `configure.ac` (or `configure.in`)
/// defines only when an option is given, read from the nearest one at or above
/// the first path analysed.
fn options_off(paths: &[PathBuf]) -> Vec<String> {
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let Ok(first) = std::fs::canonicalize(&first) else {
        return Vec::new();
    };
    let start = if first.is_dir() {
        first.as_path()
    } else {
        first.parent().unwrap_or(&first)
    };
    for dir in start.ancestors() {
        for name in ["configure.ac", "configure.in"] {
            if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                return crate::frontend::autoconf::defined_only_by_options(&text)
                    .into_iter()
                    .collect();
            }
        }
    }
    Vec::new()
}

/// `--frontend`: libclang and the compilation database, when C and C++ are
/// to be read through them.
fn precise_frontend(args: &CheckArgs) -> Result<Option<crate::frontend::clang::Precise>> {
    use crate::cli::args::Frontend;
    use crate::frontend::clang::{self, database};
    let explicit = (args.compile_commands.clone()).or_else(|| {
        args.build_dir
            .as_ref()
            .map(|dir| dir.join(database::FILE_NAME))
    });
    let start = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let mode = match args.frontend {
        Frontend::TreeSitter => return Ok(None),
        Frontend::Clang => clang::Mode::Required,
        Frontend::Auto => clang::Mode::IfAvailable,
    };
    let choice = clang::select(mode, explicit, &start).map_err(anyhow::Error::msg)?;
    if let Some(note) = choice.note {
        eprintln!("{note}");
    }
    Ok(choice.precise)
}

/// The configuration's globs (`include`, `cpp`) as one set; also read by the
/// language server.
pub(crate) fn glob_set(globs: &[String]) -> Result<globset::GlobSet> {
    let mut builder = globset::GlobSetBuilder::new();
    for glob in globs {
        builder.add(globset::Glob::new(glob).with_context(|| format!("invalid glob `{glob}`"))?);
    }
    Ok(builder.build()?)
}

/// The lowest severity that fails the run.
fn fail_on(args: &CheckArgs, config: &Config) -> Result<Severity> {
    let name = match &args.fail_on {
        Some(name) => name.as_str(),
        None => match config.fail_on {
            Some(FailOn::Error) => "error",
            Some(FailOn::Warning) => "warning",
            Some(FailOn::Note) | None => "note",
        },
    };
    match name {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "note" => Ok(Severity::Note),
        other => bail!("unknown --fail-on `{other}` (expected error, warning or note)"),
    }
}

/// Finds the files to analyse; unreadable paths become errors.
pub fn discover(paths: &[PathBuf], exclude: &[String]) -> Result<(Vec<PathBuf>, Vec<FileError>)> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for root in roots {
        if !root.exists() && root.symlink_metadata().is_err() {
            errors.push(FileError {
                path: display_path(root),
                message: "no such file or directory".to_string(),
            });
            continue;
        }
        let mut overrides = OverrideBuilder::new(root);
        for glob in exclude {
            overrides
                .add(&format!("!{glob}"))
                .with_context(|| format!("invalid --exclude glob `{glob}`"))?;
        }
        let overrides = overrides.build().context("invalid --exclude globs")?;
        let walker = WalkBuilder::new(root)
            .follow_links(true)
            .overrides(overrides)
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    let is_file = entry
                        .file_type()
                        .is_some_and(|t| t.is_file() || t.is_symlink());
                    let explicit = entry.depth() == 0;
                    if is_file && (explicit || has_c_extension(path)) {
                        files.push(path.to_path_buf());
                    }
                }
                Err(err) => errors.push(FileError {
                    path: walk_error_path(&err).unwrap_or_else(|| display_path(root)),
                    message: walk_error_message(&err),
                }),
            }
        }
    }
    files.sort();
    files.dedup();
    Ok((files, errors))
}

fn has_c_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
}

fn walk_error_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(display_path(path)),
        ignore::Error::WithDepth { err, .. } => walk_error_path(err),
        ignore::Error::Loop { child, .. } => Some(display_path(child)),
        _ => None,
    }
}

fn walk_error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            walk_error_message(err)
        }
        ignore::Error::Loop { ancestor, .. } => {
            format!(
                "symbolic link loop (points back to {})",
                display_path(ancestor)
            )
        }
        other => other.to_string(),
    }
}

pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    run_with(args, &load_config(args)?, out)
}

/// `forklint check` with a configuration already loaded (`cargo forklint`
/// reads it from the package metadata).
pub fn run_with(args: &CheckArgs, loaded: &Loaded, out: &mut dyn Write) -> Result<ExitStatus> {
    let started = Instant::now();
    if args.show_config {
        let path = loaded
            .path
            .as_ref()
            .map_or_else(|| "(none)".to_string(), |p| p.display().to_string());
        writeln!(out, "# configuration: {path}")?;
        let mut effective = loaded.config.clone();
        if let Some(libc) = &args.libc {
            effective.libc = Some(libc.clone());
        }
        effective.exclude.extend(args.exclude.iter().cloned());
        effective
            .extend_select
            .extend(args.extend_select.iter().cloned());
        effective.ignore.extend(args.ignore.iter().cloned());
        if !args.select.is_empty() {
            effective.select = Some(args.select.clone());
        }
        effective.define.extend(args.define.iter().cloned());
        effective.undefine.extend(args.undefine.iter().cloned());
        write!(
            out,
            "{}",
            toml::to_string(&effective).context("failed to print the configuration")?
        )?;
        return Ok(ExitStatus::Clean);
    }
    let settings = settings_with(args, loaded)?;
    let threshold = fail_on(args, &loaded.config)?;
    let mut exclude = loaded.config.exclude.clone();
    exclude.extend(args.exclude.iter().cloned());
    let include = if loaded.config.include.is_empty() {
        None
    } else {
        Some((glob_set(&loaded.config.include)?, loaded.base_dir()))
    };
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(STACK_SIZE);
    if let Some(jobs) = args.jobs {
        pool = pool.num_threads(jobs.max(1));
    }
    let pool = pool.build().context("failed to start worker threads")?;
    let roots = if args.pre_commit {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let analyse = || -> Result<(crate::check::Outcome, Vec<FileError>)> {
        let (mut outcome, errors) =
            pool.install(|| analyse_paths(&roots, &exclude, include.as_ref(), &settings))?;
        if args.pre_commit {
            focus(&mut outcome, &args.paths);
        }
        Ok((outcome, errors))
    };
    let (mut outcome, mut walk_errors) = analyse()?;
    if args.diff {
        return crate::cli::fix::diff(&outcome, fix_mode(args), out);
    }
    if args.fix {
        let mut fixed = 0;
        // Each round re-analyses the fixed files; fixes converge in one or two.
        for _ in 0..10 {
            let (applied, problems) = crate::cli::fix::apply(&outcome, fix_mode(args));
            for problem in &problems {
                eprintln!("warning: {}: {}", problem.path, problem.message);
            }
            if applied == 0 {
                break;
            }
            fixed += applied;
            (outcome, walk_errors) = analyse()?;
        }
        eprintln!("forklint: fixed {fixed} findings");
    }
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::from_findings(&outcome.sources, &outcome.diagnostics);
        std::fs::write(path, baseline.to_json())
            .with_context(|| format!("failed to write the baseline {}", path.display()))?;
        eprintln!(
            "forklint: wrote {} findings to the baseline {}",
            baseline.entries.len(),
            path.display()
        );
        return Ok(ExitStatus::Clean);
    }
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read the baseline {}", path.display()))?;
        let baseline = Baseline::parse(&text)
            .with_context(|| format!("failed to read the baseline {}", path.display()))?;
        let gone = baseline.filter(&outcome.sources, &mut outcome.diagnostics);
        if gone > 0 {
            eprintln!(
                "forklint: {gone} baseline entries no longer occur; `--write-baseline` refreshes the file"
            );
        }
    }
    let mut errors = walk_errors;
    errors.extend(outcome.errors.iter().cloned());
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    if args.show_contexts {
        for error in &errors {
            eprintln!("error: {}: {}", error.path, error.message);
        }
        let (sources, contexts) = (&outcome.sources, &outcome.contexts);
        if args.format == Format::Json {
            render::contexts::emit_json(out, sources, contexts)?;
        } else {
            render::contexts::emit_text(out, sources, contexts)?;
        }
        return Ok(if outcome.n_files == 0 && !errors.is_empty() {
            ExitStatus::Failure
        } else {
            ExitStatus::Clean
        });
    }
    let report = Report {
        sources: &outcome.sources,
        diagnostics: &outcome.diagnostics,
        errors: &errors,
        n_files: outcome.n_files,
        duration_ms: started.elapsed().as_millis(),
    };
    if matches!(args.format, Format::Human | Format::Concise) {
        for error in &errors {
            eprintln!("error: {}: {}", error.path, error.message);
        }
    }
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("failed to create the report file {}", path.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            emit(args, &report, &mut writer, false)
                .and_then(|()| writer.flush())
                .with_context(|| format!("failed to write the report to {}", path.display()))?;
        }
        None => emit(args, &report, out, std::io::stdout().is_terminal())?,
    }
    if outcome.n_files == 0 && !errors.is_empty() {
        return Ok(ExitStatus::Failure);
    }
    if args.format == Format::Human {
        let count = |severity| {
            outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        eprintln!(
            "forklint: {} errors, {} warnings, {} notes in {} files ({} ms)",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Note),
            outcome.n_files,
            started.elapsed().as_millis()
        );
    }
    if outcome.n_files == 0 {
        eprintln!(
            "warning: no C, C++ or Rust files found (check the paths and the include/exclude globs)"
        );
    }
    let gating = outcome.diagnostics.iter().any(|d| d.severity <= threshold);
    Ok(if !gating || args.exit_zero {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

/// Finds, reads and analyses the files under `roots`.
fn analyse_paths(
    roots: &[PathBuf],
    exclude: &[String],
    include: Option<&(globset::GlobSet, PathBuf)>,
    settings: &Settings,
) -> Result<(crate::check::Outcome, Vec<FileError>)> {
    let (mut paths, mut errors) = discover(roots, exclude)?;
    if let Some((globs, base)) = include {
        let base = std::fs::canonicalize(base).unwrap_or_else(|_| base.clone());
        paths.retain(|path| {
            let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let relative = absolute.strip_prefix(&base).unwrap_or(&absolute);
            globs.is_match(relative)
        });
    }
    let inputs: Vec<Result<Input, FileError>> = {
        use rayon::prelude::*;
        paths
            .into_par_iter()
            .map(|path| match std::fs::read(&path) {
                Ok(bytes) => Ok(Input { path, bytes }),
                Err(err) => Err(FileError {
                    path: display_path(&path),
                    message: format!("cannot read: {err}"),
                }),
            })
            .collect()
    };
    let mut readable = Vec::new();
    for input in inputs {
        match input {
            Ok(input) => readable.push(input),
            Err(error) => errors.push(error),
        }
    }
    Ok((check_inputs(readable, settings), errors))
}

fn fix_mode(args: &CheckArgs) -> crate::suggest::fixes::FixMode {
    if args.unsafe_fixes {
        crate::suggest::fixes::FixMode::Unsafe
    } else {
        crate::suggest::fixes::FixMode::Safe
    }
}

/// Keeps the findings that involve one of `files`: the flagged call, the
/// context's start or a hop of the chain is in one of them.
fn focus(outcome: &mut crate::check::Outcome, files: &[PathBuf]) {
    let wanted: std::collections::HashSet<String> = files.iter().map(|f| display_path(f)).collect();
    let sources = &outcome.sources;
    let in_focus = |span: crate::source::Span| wanted.contains(&sources.get(span.file).display);
    outcome.diagnostics.retain(|diagnostic| {
        in_focus(diagnostic.span)
            || diagnostic
                .context
                .as_ref()
                .is_some_and(|c| in_focus(c.span))
            || diagnostic.chain.iter().any(|hop| in_focus(hop.span))
    });
}

/// Writes the report in the chosen format; `is_terminal` says whether `out`
/// is a terminal (for `--color auto`).
fn emit(
    args: &CheckArgs,
    report: &Report,
    out: &mut dyn Write,
    is_terminal: bool,
) -> std::io::Result<()> {
    match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => is_terminal,
            };
            render::human::emit(out, report, color)
        }
        Format::Concise => render::concise::emit(out, report),
        Format::Json => render::json::emit(out, report),
        Format::Sarif => render::sarif::emit(out, report),
        Format::Github => render::github::emit(out, report),
        Format::Gitlab => render::gitlab::emit(out, report),
    }
}
