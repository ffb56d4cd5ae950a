//! Shared precompiled headers: units that are compiled with the same flags,
//! live in the same directory and begin with the same `#include "X"` share
//! one precompiled header of `X`, built once with libclang and passed to each
//! of them with `-include-pch`. `X`'s include guard then makes the unit's own
//! `#include` a no-op, so the unit parses as before without re-parsing `X`.
//!
//! The header is built from a one-line file `#include "X"` in a fresh
//! temporary directory, with the unit's directory as the first `-iquote`
//! directory, so `X` resolves as it does from the unit. A header that does not
//! build without errors is not used, and a unit whose parse with it reports
//! errors is parsed again without it (see `parse_unit`).

use std::collections::HashMap;
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clang_sys::*;
use rayon::prelude::*;

use super::{CompileCommand, Library};
use crate::source::FileId;

/// Set to parse every unit on its own (no shared precompiled headers).
pub const DISABLE_VARIABLE: &str = "FORKLINT_NO_PCH";

/// A precompiled header several units can use.
pub struct Pch {
    /// The `.pch` file.
    pub path: PathBuf,
    /// The analysed files it read (the header and what it includes): a unit
    /// parsed with it does not list them among its own inclusions.
    pub files: Vec<FileId>,
    /// Set when a unit parsed with errors with it and without errors
    /// without it: the header is at fault, and the other units do without.
    pub broken: std::sync::atomic::AtomicBool,
}

/// The precompiled headers of a run, in a temporary directory removed when
/// this is dropped.
pub struct Pchs {
    dir: Option<PathBuf>,
    /// For each unit (by index in the run's list), the header it uses.
    pub by_unit: HashMap<usize, std::sync::Arc<Pch>>,
}

impl Drop for Pchs {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// What units must share to share a precompiled header.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    args: Vec<String>,
    dir: PathBuf,
    extension: String,
    header: String,
}

/// Builds the precompiled headers worth building for `units` (each with its
/// main file's text, as already read): one per group of at least two units
/// with the same key.
pub fn build(
    library: &Library,
    units: &[(&CompileCommand, &str)],
    known: &HashMap<PathBuf, FileId>,
) -> Pchs {
    let mut pchs = Pchs {
        dir: None,
        by_unit: HashMap::new(),
    };
    if std::env::var_os(DISABLE_VARIABLE).is_some() {
        return pchs;
    }
    let keys: Vec<Option<Key>> = units
        .par_iter()
        .map(|(command, text)| key(command, text))
        .collect();
    let mut groups: HashMap<&Key, Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            groups.entry(key).or_default().push(i);
        }
    }
    groups.retain(|_, members| members.len() >= 2);
    if groups.is_empty() {
        return pchs;
    }
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "forklint-pch-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    if std::fs::create_dir_all(&dir).is_err() {
        return pchs;
    }
    pchs.dir = Some(dir.clone());
    let groups: Vec<(&Key, Vec<usize>)> = groups.into_iter().collect();
    let built: Vec<(Vec<usize>, Option<Pch>)> = groups
        .into_par_iter()
        .enumerate()
        .map(|(n, (key, members))| {
            library.enter();
            (members, build_one(key, &dir.join(n.to_string()), known))
        })
        .collect();
    for (members, pch) in built {
        if let Some(pch) = pch {
            let pch = std::sync::Arc::new(pch);
            for i in members {
                pchs.by_unit.insert(i, pch.clone());
            }
        }
    }
    pchs
}

/// The key of a unit that can use a shared precompiled header; `text` is its
/// main file's.
fn key(command: &CompileCommand, text: &str) -> Option<Key> {
    // Options that add to or change what precedes the main file's text.
    let unsafe_option = |a: &String| {
        a.starts_with("-include")
            || a.starts_with("-imacros")
            || a.starts_with("--include")
            || a.starts_with("-emit")
            || a.starts_with("-fmodule")
            || a == "-I-"
    };
    if command.args.iter().any(unsafe_option) {
        return None;
    }
    let dir = command.file.parent()?.to_path_buf();
    if !dir.is_absolute() {
        return None;
    }
    let extension = command.file.extension()?.to_str()?.to_string();
    let header = leading_quoted_include(text)?;
    Some(Key {
        args: command.args.clone(),
        dir,
        extension,
        header,
    })
}

/// `X` when the first thing in `text` (after blank lines and comments) is
/// `#include "X"` alone on its line.
pub fn leading_quoted_include(text: &str) -> Option<String> {
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/*") {
            rest = &after[after.find("*/")? + 2..];
        } else if let Some(after) = rest.strip_prefix("//") {
            let end = after.find('\n')?;
            if after[..end].trim_end().ends_with('\\') {
                return None; // the comment goes on to the next line
            }
            rest = &after[end..];
        } else {
            break;
        }
    }
    let line = rest.lines().next()?;
    if line.ends_with('\\') {
        return None;
    }
    let directive = line.strip_prefix('#')?.trim_start();
    let operand = directive.strip_prefix("include")?.trim_start();
    let operand = operand.strip_prefix('"')?;
    let end = operand.find('"')?;
    let (header, tail) = operand.split_at(end);
    let tail = tail[1..].trim();
    let tail_is_blank = tail.is_empty()
        || (tail.starts_with("//"))
        || (tail.starts_with("/*")
            && tail.ends_with("*/")
            && !tail[2..tail.len() - 2].contains("*/"));
    (!header.is_empty() && !header.contains('\\') && tail_is_blank).then(|| header.to_string())
}

/// Builds one precompiled header in `dir`; `None` when libclang cannot or the
/// header has errors.
fn build_one(key: &Key, dir: &Path, known: &HashMap<PathBuf, FileId>) -> Option<Pch> {
    std::fs::create_dir_all(dir).ok()?;
    let main = dir.join(format!("forklint-pch.{}", key.extension));
    if key.header.starts_with("forklint-pch.") {
        return None;
    }
    std::fs::write(&main, format!("#include \"{}\"\n", key.header)).ok()?;
    let path = dir.join("header.pch");
    let mut args = vec![
        "-iquote".to_string(),
        key.dir.to_string_lossy().into_owned(),
    ];
    args.extend(key.args.iter().cloned());
    let started = std::time::Instant::now();
    let tu = super::parse(
        &main,
        &args,
        CXTranslationUnit_Incomplete
            | CXTranslationUnit_ForSerialization
            | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles,
    )
    .ok()?;
    let ok = super::errors(tu.0).is_empty() && {
        let name = CString::new(path.to_string_lossy().as_bytes()).ok()?;
        unsafe {
            clang_saveTranslationUnit(tu.0, name.as_ptr(), clang_defaultSaveOptions(tu.0))
                == CXSaveError_None
        }
    };
    let files = super::included_files(tu.0, known);
    if std::env::var_os("FORKLINT_CLANG_TIMES").is_some() {
        eprintln!(
            "pch {} for {}: {:?}, {}",
            key.header,
            key.dir.display(),
            started.elapsed(),
            if ok { "saved" } else { "not used" }
        );
    }
    drop(tu);
    ok.then_some(Pch {
        path,
        files,
        broken: false.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::leading_quoted_include as lead;

    #[test]
    fn only_a_first_quoted_include_counts() {
        assert_eq!(
            lead("/* a\n b */\n// c\n\n#include \"bacula.h\"\n#include \"x.h\"\n"),
            Some("bacula.h".into())
        );
        assert_eq!(lead("  #  include \"a.h\" // why\n"), Some("a.h".into()));
        assert_eq!(lead("#define X\n#include \"a.h\"\n"), None);
        assert_eq!(lead("#include <a.h>\n"), None);
        assert_eq!(lead("#include \"a.h\" extra\n"), None);
        assert_eq!(lead("#include \"a.h\" \\\n"), None);
        assert_eq!(lead("int x;\n"), None);
    }
}
