//! The precise front end: C and C++ through libclang, with each translation
//! unit of a compilation database parsed with its own flags.
//!
//! libclang is loaded at run time (`clang-sys`'s `runtime` feature), so
//! neither the build nor a run with the tree-sitter front end needs it. The
//! loaded library is per thread in `clang-sys`: every worker that parses sets
//! the shared one first. Units are parsed in parallel; a function defined in a
//! header that several units include is lowered once per unit and kept once,
//! by its USR. Only functions in the run's files (the main files and the
//! analysed headers) are lowered; system headers are parsed but not walked.
//!
//! Files the database does not list, and headers no listed unit includes, are
//! left to the tree-sitter front end by the caller.

// libclang's constants keep their C names.
#[allow(non_upper_case_globals)]
mod cursor;
pub mod database;
#[allow(non_upper_case_globals)]
mod lower;
mod pch;

use std::collections::{HashMap, HashSet};
use std::ffi::CString;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use clang_sys::*;
use rayon::prelude::*;

pub use database::{CompileCommand, Database};

use crate::ir::{FileIr, ParseIssue};
use crate::source::{FileId, SourceDb, Span};

/// The oldest libclang whose API this front end uses.
pub const MINIMUM_VERSION: &str = "12";

/// How to get libclang, for error messages.
pub const INSTALL_HINT: &str = "install libclang (Debian/Ubuntu: `apt-get install libclang-dev`) or set LIBCLANG_PATH to the directory that holds libclang.so";

/// A loaded libclang.
#[derive(Clone)]
pub struct Library {
    shared: Arc<SharedLibrary>,
    /// `clang version 14.0.6` or the like.
    pub version: String,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("version", &self.version)
            .finish()
    }
}

impl Library {
    /// Loads libclang once per process; says why when it cannot be used.
    pub fn load() -> Result<Library, String> {
        static LOADED: OnceLock<Result<Library, String>> = OnceLock::new();
        LOADED.get_or_init(load_library).clone()
    }

    /// Makes the library usable on the current thread.
    fn enter(&self) {
        clang_sys::set_library(Some(self.shared.clone()));
    }
}

/// Set to make libclang count as missing (to try the fallbacks).
pub const DISABLE_VARIABLE: &str = "FORKLINT_NO_LIBCLANG";

fn load_library() -> Result<Library, String> {
    if std::env::var_os(DISABLE_VARIABLE).is_some() {
        return Err(format!(
            "libclang could not be loaded ({DISABLE_VARIABLE} is set); {INSTALL_HINT}"
        ));
    }
    let previous = clang_sys::get_library();
    clang_sys::load().map_err(|err| {
        format!(
            "libclang could not be loaded ({}); {INSTALL_HINT}",
            err.trim()
        )
    })?;
    let shared = clang_sys::get_library()
        .ok_or_else(|| format!("libclang could not be loaded; {INSTALL_HINT}"))?;
    clang_sys::set_library(previous);
    let too_old = shared
        .version()
        .is_none_or(|v| v < clang_sys::Version::V12_0);
    let library = Library {
        shared,
        version: String::new(),
    };
    library.enter();
    let version = cursor::string(unsafe { clang_getClangVersion() });
    if too_old {
        return Err(format!(
            "libclang is too old ({version}; forklint needs {MINIMUM_VERSION} or newer); {INSTALL_HINT}"
        ));
    }
    Ok(Library { version, ..library })
}

/// What `--frontend clang` needs: the library and the database.
#[derive(Debug, Clone)]
pub struct Precise {
    pub library: Library,
    pub database: Arc<Database>,
}

/// The files the precise front end lowered, and what it could not do.
pub struct Lowered {
    /// IR of the files it covered (main files and the headers they include).
    pub files: HashMap<FileId, FileIr>,
    /// Translation units parsed.
    pub n_units: usize,
    /// Main files of the units libclang could not parse, and why; they are
    /// left to tree-sitter.
    pub failures: Vec<(FileId, String)>,
}

/// Parses every unit of the database whose main file is in `sources` and
/// lowers the functions defined in `sources`' files.
pub fn lower_tree(precise: &Precise, sources: &SourceDb) -> Lowered {
    let known: HashMap<PathBuf, FileId> = sources
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .filter_map(|(id, file)| Some((std::fs::canonicalize(&file.path).ok()?, *id)))
        .collect();
    let units: Vec<(&CompileCommand, FileId)> = precise
        .database
        .commands
        .iter()
        .filter_map(|command| {
            let path = std::fs::canonicalize(&command.file).ok()?;
            Some((command, *known.get(&path)?))
        })
        .collect();
    let commands: Vec<(&CompileCommand, &str)> = units
        .iter()
        .map(|(command, main)| (*command, sources.get(*main).text.as_str()))
        .collect();
    let pchs = pch::build(&precise.library, &commands, &known);
    let results: Vec<(FileId, Result<lower::UnitIr, String>)> = units
        .par_iter()
        .enumerate()
        .map(|(i, (command, main))| {
            precise.library.enter();
            (
                *main,
                parse_unit(command, &known, pchs.by_unit.get(&i).map(|p| &**p)),
            )
        })
        .collect();
    drop(pchs);
    let n_units = results.len();
    let mut files: HashMap<FileId, FileIr> = HashMap::new();
    let mut seen_functions = HashSet::new();
    let mut failures = Vec::new();
    for (main, result) in results {
        let unit = match result {
            Ok(unit) => unit,
            Err(message) => {
                failures.push((main, message));
                continue;
            }
        };
        for file in unit.files {
            files.entry(file).or_default();
        }
        let main_ir = files.entry(main).or_default();
        main_ir
            .issues
            .extend(unit.issues.into_iter().map(|issue| ParseIssue {
                span: Span::new(main, 0, 0),
                ..issue
            }));
        for ((span, name), usr) in unit.calls {
            let ir = files.entry(span.file).or_default();
            ir.identities.calls.insert((span, name), usr);
        }
        // A definition every unit sees (a header's inline function) is kept
        // once; two programs' own `main` or `cleanup_exit` share a USR but
        // are two functions.
        for (usr, function) in unit.functions {
            if !seen_functions.insert((usr.clone(), function.span)) {
                continue;
            }
            let ir = files.entry(function.span.file).or_default();
            ir.identities.functions.insert(ir.functions.len(), usr);
            ir.functions.push(function);
        }
    }
    for (main, _) in &failures {
        files.remove(main);
    }
    Lowered {
        files,
        n_units,
        failures,
    }
}

/// A parsed translation unit and its index, disposed of together.
struct Tu(CXTranslationUnit, CXIndex);

impl Drop for Tu {
    fn drop(&mut self) {
        unsafe {
            clang_disposeTranslationUnit(self.0);
            clang_disposeIndex(self.1);
        }
    }
}

/// Parses `file` with `args` (libclang's error, worded, when it cannot).
#[allow(non_upper_case_globals)] // libclang's error codes keep their C names.
fn parse(file: &std::path::Path, args: &[String], flags: i32) -> Result<Tu, String> {
    let file = CString::new(file.to_string_lossy().as_bytes()).map_err(|e| e.to_string())?;
    let args: Vec<CString> = args
        .iter()
        .filter_map(|a| CString::new(a.as_bytes()).ok())
        .collect();
    let arg_ptrs: Vec<*const std::os::raw::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    unsafe {
        let index = clang_createIndex(0, 0);
        let mut tu: CXTranslationUnit = std::ptr::null_mut();
        let code = clang_parseTranslationUnit2(
            index,
            file.as_ptr(),
            arg_ptrs.as_ptr(),
            arg_ptrs.len() as i32,
            std::ptr::null_mut(),
            0,
            flags,
            &mut tu,
        );
        if code != CXError_Success || tu.is_null() {
            clang_disposeIndex(index);
            let why = match code {
                CXError_Crashed => "libclang crashed",
                CXError_InvalidArguments => "invalid arguments",
                CXError_ASTReadError => "the compiler arguments do not make one translation unit",
                _ => "failure",
            };
            return Err(format!("{why}, error {code}"));
        }
        Ok(Tu(tu, index))
    }
}

/// Parses one translation unit and lowers it. With a shared precompiled
/// header, a unit whose parse with it fails or reports errors is parsed again
/// without it.
fn parse_unit(
    command: &CompileCommand,
    known: &HashMap<PathBuf, FileId>,
    pch: Option<&pch::Pch>,
) -> Result<lower::UnitIr, String> {
    let flags = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    let started = std::time::Instant::now();
    let mut used_pch = None;
    let mut tu = None;
    let mut pch_failed = false;
    if let Some(pch) = pch.filter(|pch| !pch.broken.load(Ordering::Relaxed)) {
        let mut args = command.args.clone();
        args.push("-include-pch".to_string());
        args.push(pch.path.to_string_lossy().into_owned());
        match parse(&command.file, &args, flags) {
            Ok(parsed) if errors(parsed.0).is_empty() => {
                tu = Some(parsed);
                used_pch = Some(pch);
            }
            _ => pch_failed = true,
        }
    }
    let tu = match tu {
        Some(tu) => tu,
        None => parse(&command.file, &command.args, flags)?,
    };
    if let Some(pch) = pch.filter(|_| pch_failed && errors(tu.0).is_empty()) {
        pch.broken.store(true, Ordering::Relaxed);
    }
    let parsed = started.elapsed();
    let mut lower = lower::Lower::new(tu.0, lower::Files::new(known));
    let root = unsafe { clang_getTranslationUnitCursor(tu.0) };
    if std::env::var_os("FORKLINT_CLANG_DUMP").is_some() {
        let mut text = String::new();
        cursor::dump(root, 0, &mut text);
        eprintln!("{text}");
    }
    lower.top_level(root);
    let mut out = lower.out;
    out.files = included_files(tu.0, known);
    if let Some(pch) = used_pch {
        out.files.extend(pch.files.iter().copied());
        out.files.sort();
        out.files.dedup();
    }
    out.functions
        .iter_mut()
        .for_each(|(_, f)| f.body.shrink_to_fit());
    out.issues = errors(tu.0);
    if std::env::var_os("FORKLINT_CLANG_TIMES").is_some() {
        eprintln!(
            "{}: parse {parsed:?}{}, total {:?}, {} errors{}",
            command.file.display(),
            if used_pch.is_some() {
                " (with pch)"
            } else {
                ""
            },
            started.elapsed(),
            out.issues.len(),
            out.issues.first().map_or(String::new(), |issue| format!(
                " (first: {})",
                issue.message
            ))
        );
    }
    Ok(out)
}

/// The analysed files a unit read.
fn included_files(tu: CXTranslationUnit, known: &HashMap<PathBuf, FileId>) -> Vec<FileId> {
    extern "C" fn visit(
        file: CXFile,
        _stack: *mut CXSourceLocation,
        _depth: u32,
        data: CXClientData,
    ) {
        // SAFETY: `included_files` passes a `Vec<String>` that outlives the visit.
        let names = unsafe { &mut *(data as *mut Vec<String>) };
        names.push(cursor::string(unsafe { clang_getFileName(file) }));
    }
    let mut names: Vec<String> = Vec::new();
    unsafe {
        clang_getInclusions(tu, visit, &mut names as *mut Vec<String> as CXClientData);
    }
    let mut files: Vec<FileId> = names
        .iter()
        .filter_map(|name| known.get(&std::fs::canonicalize(name).ok()?).copied())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// The unit's error diagnostics, as parse issues of no particular place.
fn errors(tu: CXTranslationUnit) -> Vec<ParseIssue> {
    let mut issues = Vec::new();
    unsafe {
        for i in 0..clang_getNumDiagnostics(tu) {
            let diagnostic = clang_getDiagnostic(tu, i);
            if clang_getDiagnosticSeverity(diagnostic) >= CXDiagnostic_Error {
                issues.push(ParseIssue {
                    span: Span::default(),
                    message: cursor::string(clang_getDiagnosticSpelling(diagnostic)),
                });
            }
            clang_disposeDiagnostic(diagnostic);
        }
    }
    issues
}

/// Whether the precise front end must be used (`--frontend clang`) or only
/// when it can be (`--frontend auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Required,
    IfAvailable,
}

/// The front end chosen for a run, and what to tell the user about the
/// choice (under `auto`).
pub struct Choice {
    pub precise: Option<Precise>,
    pub note: Option<String>,
}

/// Chooses the front end for a run. `database` is the one named on the
/// command line; otherwise one is looked for from `start` up.
pub fn select(
    mode: Mode,
    database: Option<PathBuf>,
    start: &std::path::Path,
) -> Result<Choice, String> {
    let path = database.or_else(|| database::locate(start));
    let tree_sitter = |note: String| {
        Ok(Choice {
            precise: None,
            note: Some(note),
        })
    };
    let fall_back =
        |why: String| tree_sitter(format!("warning: {why}; using the tree-sitter front end"));
    let Some(path) = path else {
        return match mode {
            Mode::Required => Err(format!(
                "--frontend clang needs a compilation database: none found in {} or above; name it with -p BUILD_DIR or --compile-commands FILE",
                start.display()
            )),
            Mode::IfAvailable => tree_sitter(format!(
                "forklint: front end: tree-sitter (no {} found)",
                database::FILE_NAME
            )),
        };
    };
    let library = match (Library::load(), mode) {
        (Ok(library), _) => library,
        (Err(why), Mode::Required) => return Err(why),
        (Err(why), Mode::IfAvailable) => return fall_back(why),
    };
    let database = match (Database::read(&path), mode) {
        (Ok(database), _) => database,
        (Err(why), Mode::Required) => return Err(why),
        (Err(why), Mode::IfAvailable) => return fall_back(why),
    };
    let note = (mode == Mode::IfAvailable).then(|| {
        format!(
            "forklint: front end: clang ({}; {} translation units in {})",
            library.version,
            database.commands.len(),
            path.display()
        )
    });
    Ok(Choice {
        precise: Some(Precise {
            library,
            database: Arc::new(database),
        }),
        note,
    })
}
