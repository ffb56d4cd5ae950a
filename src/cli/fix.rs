//! `--fix` and `--diff`: the fixes of a run, written to the files or shown.
//!
//! A file is written only when it still holds exactly the text that was
//! analysed, only when the fixed text parses no worse than the original, and
//! atomically (a temporary file in the same directory, then a rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::check::Outcome;
use crate::cli::ExitStatus;
use crate::render::FileError;
use crate::source::FileId;
use crate::suggest::fixes::{self, FixMode};

/// A file's text before and after its fixes.
struct Planned {
    path: PathBuf,
    display: String,
    before: String,
    after: String,
    fixes: usize,
}

/// The fixed text of every file that has fixes the mode allows.
fn plan(outcome: &Outcome, mode: FixMode) -> Vec<Planned> {
    // Each file's fixes, in the order of its findings.
    let mut by_file: std::collections::BTreeMap<FileId, Vec<&crate::diagnostic::Fix>> =
        std::collections::BTreeMap::new();
    for diagnostic in &outcome.diagnostics {
        if diagnostic
            .fixes
            .iter()
            .any(|f| mode.allows(f.applicability))
        {
            by_file
                .entry(diagnostic.span.file)
                .or_default()
                .extend(&diagnostic.fixes);
        }
    }
    by_file
        .into_iter()
        .filter_map(|(file, fixes)| {
            let source = outcome.sources.get(file);
            let (after, n) = fixes::apply(&source.text, file, fixes.into_iter(), mode);
            (n > 0).then(|| Planned {
                path: source.path.clone(),
                display: source.display.clone(),
                before: source.text.clone(),
                after,
                fixes: n,
            })
        })
        .collect()
}

/// `--diff`: prints what `--fix` would change.
pub fn diff(outcome: &Outcome, mode: FixMode, out: &mut dyn Write) -> Result<ExitStatus> {
    let planned = plan(outcome, mode);
    for file in &planned {
        let diff = similar::TextDiff::from_lines(&file.before, &file.after);
        let (old, new) = if file.display.starts_with('/') {
            (file.display.clone(), file.display.clone())
        } else {
            (format!("a/{}", file.display), format!("b/{}", file.display))
        };
        write!(
            out,
            "{}",
            diff.unified_diff().context_radius(3).header(&old, &new)
        )?;
    }
    let n: usize = planned.iter().map(|f| f.fixes).sum();
    eprintln!(
        "forklint: {n} fixes in {} files would be applied",
        planned.len()
    );
    if mode == FixMode::Safe {
        let more = plan(outcome, FixMode::Unsafe)
            .iter()
            .map(|f| f.fixes)
            .sum::<usize>()
            - n;
        if more > 0 {
            eprintln!("forklint: {more} more with --unsafe-fixes");
        }
    }
    Ok(if planned.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

/// `--fix`: writes the fixes; returns how many were applied and the files
/// that were left alone, with the reason.
pub fn apply(outcome: &Outcome, mode: FixMode) -> (usize, Vec<FileError>) {
    let mut applied = 0;
    let mut problems = Vec::new();
    for file in plan(outcome, mode) {
        match write_fixed(&file) {
            Ok(()) => applied += file.fixes,
            Err(message) => problems.push(FileError {
                path: file.display.clone(),
                message,
            }),
        }
    }
    (applied, problems)
}

fn write_fixed(file: &Planned) -> Result<(), String> {
    let on_disk = std::fs::read(&file.path).map_err(|e| format!("not fixed: cannot read: {e}"))?;
    if on_disk != file.before.as_bytes() {
        return Err("not fixed: the file changed since it was read (or is not UTF-8)".into());
    }
    if fixes::syntax_errors(&file.path, &file.after)
        > fixes::syntax_errors(&file.path, &file.before)
    {
        return Err("not fixed: the fixed text would not parse".into());
    }
    write_atomically(&file.path, file.after.as_bytes())
        .map_err(|e| format!("not fixed: cannot write: {e}"))
}

/// Writes `bytes` to a temporary file beside `path` with the same
/// permissions, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.forklint-{}", std::process::id()));
    let result = (|| {
        std::fs::write(&temp, bytes)?;
        let permissions = std::fs::metadata(path)?.permissions();
        std::fs::set_permissions(&temp, permissions)?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
