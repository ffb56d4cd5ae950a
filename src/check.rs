//! One analysis run over a set of files: decode, parse and lower in parallel,
//! link, find contexts, run the lints.
//!
//! This is the library's entry point for the CLI and the language server. It
//! does no I/O: callers hand over file contents.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::contexts::Analysis;
use crate::contexts::listing::ContextEntry;
use crate::diagnostic::Diagnostic;
use crate::frontend::attributes::AttributeMacros;
use crate::frontend::c_treesitter;
use crate::frontend::defines::Defines;
use crate::ir::FileIr;
use crate::knowledge::{Knowledge, LibcProfile};
use crate::lints::{self, RuleSelection};
use crate::program::Program;
use crate::render::FileError;
use crate::source::{FileId, SourceDb, SourceFile, display_path};

pub struct Settings {
    pub profile: LibcProfile,
    /// What the preprocessor is known to define.
    pub defines: crate::frontend::defines::Defines,
    pub selection: RuleSelection,
    pub knowledge: Knowledge,
    /// Honour `forklint: allow(...)` comments.
    pub suppressions: bool,
    /// Files parsed as C++ only (the configuration's `cpp` globs), matched
    /// relative to the base directory.
    pub cpp_only: Option<(globset::GlobSet, PathBuf)>,
    /// Severities the configuration changed, by rule code.
    pub severities: std::collections::HashMap<String, crate::diagnostic::Severity>,
    /// `--frontend clang`: C and C++ files in the compilation database (and
    /// the headers they include) are lowered through libclang.
    pub precise: Option<crate::frontend::clang::Precise>,
    /// Macros the build defines only when an option is given (`configure.ac`'s
    /// `--enable-X` actions): undefined unless a file of the tree defines them.
    pub options_off: Vec<String>,
    /// List the contexts (`--show-contexts`); otherwise `Outcome::contexts`
    /// stays empty.
    pub list_contexts: bool,
}

impl Settings {
    /// The defaults of `forklint check` with no options and no configuration.
    pub fn new(knowledge: Knowledge) -> Settings {
        Settings {
            profile: LibcProfile::default(),
            defines: crate::frontend::defines::Defines::default(),
            selection: RuleSelection::defaults(),
            knowledge,
            suppressions: true,
            cpp_only: None,
            severities: std::collections::HashMap::new(),
            precise: None,
            options_off: Vec::new(),
            list_contexts: false,
        }
    }

    /// Whether the configuration says to parse this file as C++ only.
    pub fn is_cpp_only(&self, path: &std::path::Path) -> bool {
        let Some((globs, base)) = &self.cpp_only else {
            return false;
        };
        let relative = path.strip_prefix(base).unwrap_or(path);
        globs.is_match(relative) || globs.is_match(path)
    }
}

/// A file's path and raw contents.
pub struct Input {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

pub struct Outcome {
    pub sources: SourceDb,
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<FileError>,
    /// Files that were analysed (in whole or in part).
    pub n_files: usize,
    /// Wall-clock time of each phase, for benchmarks.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Every region found and how it was classified, when
    /// `Settings::list_contexts` asks for it.
    pub contexts: Vec<crate::contexts::listing::ContextEntry>,
}

/// Turns raw bytes into text, or says why the file cannot be analysed; the
/// third element is a warning about the text (invalid UTF-8 replaced).
pub fn decode(input: Input) -> Result<(PathBuf, String, Option<String>), FileError> {
    let Input { path, bytes } = input;
    if bytes.contains(&0) {
        return Err(FileError {
            path: display_path(&path),
            message: "binary file (contains NUL bytes), not analysed".to_string(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((path, text, None)),
        Err(err) => {
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            Ok((
                path,
                text,
                Some(
                    "not valid UTF-8: invalid bytes were replaced and the rest was analysed"
                        .to_string(),
                ),
            ))
        }
    }
}

/// What the preprocessor is known to define for the whole tree: the user's
/// settings, and the build options that are off by default, unless a file of
/// the tree defines the macro itself.
pub fn tree_defines(settings: &Settings, sources: &SourceDb) -> Defines {
    let mut defines = settings.defines.clone();
    let mut off: Vec<&str> = settings
        .options_off
        .iter()
        .map(String::as_str)
        .filter(|name| defines.is_defined(name) == crate::frontend::defines::Truth::Unknown)
        .collect();
    // Undefine them all, then give back those a live `#define` in the tree
    // defines, until no more are given back.
    loop {
        let mut trial = defines.clone();
        for name in &off {
            trial.undefine(name);
        }
        let live = crate::frontend::lexical::live_definitions(
            (0..sources.len() as u32).map(|idx| sources.get(FileId(idx)).text.as_str()),
            &trial,
        );
        let before = off.len();
        off.retain(|name| !live.contains(name));
        if off.len() == before {
            defines = trial;
            break;
        }
    }
    defines
}

/// Parses and lowers one file with the front end its extension calls for.
/// `attributes`: the tree's attribute macros (`AttributeMacros::scan` over
/// every file), blanked before a C or C++ file is parsed; `defines`: from
/// `tree_defines`.
pub fn lower_file(
    file: FileId,
    source: &SourceFile,
    settings: &Settings,
    defines: &Defines,
    attributes: &AttributeMacros,
) -> FileIr {
    if source.path.extension().is_some_and(|e| e == "rs") {
        return crate::frontend::rust_syn::lower(file, &source.text);
    }
    let may_be_c = c_treesitter::may_be_c(&source.path) && !settings.is_cpp_only(&source.path);
    let uncommented = crate::frontend::lexical::blank_unreadable_directives(&source.text);
    let text = uncommented.as_deref().unwrap_or(&source.text);
    let one_branch = crate::frontend::fragments::keep_one_branch_of_fragments(text, defines);
    let text = one_branch.as_deref().unwrap_or(text);
    let blanked = attributes.blank(text);
    let text = blanked.as_deref().unwrap_or(text);
    let new_style = crate::frontend::old_style::blank_parameter_declarations(text);
    let text = new_style.as_deref().unwrap_or(text);
    match c_treesitter::parse(text, may_be_c) {
        Some((tree, grammar)) => {
            let mut ir = c_treesitter::lower(file, text, &tree, grammar, defines);
            ir.noreturn = attributes.noreturn_functions(&source.text);
            ir.includes = crate::frontend::lexical::included_names(&source.text);
            ir
        }
        None => FileIr {
            issues: vec![crate::ir::ParseIssue {
                span: crate::source::Span::default(),
                message: "the parser gave up on this file".to_string(),
            }],
            ..FileIr::default()
        },
    }
}

/// The attribute macros defined anywhere in the C and C++ files.
pub fn attribute_macros(sources: &SourceDb) -> AttributeMacros {
    AttributeMacros::scan(
        (0..sources.len() as u32)
            .map(|idx| sources.get(FileId(idx)))
            .filter(|file| file.path.extension().is_none_or(|e| e != "rs"))
            .map(|file| file.text.as_str()),
    )
}

/// Drops the functions of Rust files that belong to modules declared under a
/// `cfg` that cannot hold where `fork()` exists (`#[cfg(windows)] mod conpty;`),
/// and of the files below them.
pub fn disable_cfg_modules(sources: &SourceDb, irs: &mut [FileIr]) {
    for file in cfg_disabled_files(sources, irs) {
        let ir = &mut irs[file.0 as usize];
        ir.functions.clear();
        ir.macros.clear();
    }
}

/// The Rust files that `disable_cfg_modules` empties: those of modules
/// declared under a `cfg` that cannot hold where `fork()` exists, and below.
pub fn cfg_disabled_files(sources: &SourceDb, irs: &[FileIr]) -> Vec<FileId> {
    use std::path::PathBuf;
    let mut disabled: Vec<PathBuf> = Vec::new();
    for (idx, ir) in irs.iter().enumerate() {
        let path = &sources.get(FileId(idx as u32)).path;
        let Some(dir) = path.parent() else { continue };
        // `foo.rs` declares its modules in `foo/`; `mod.rs`, `lib.rs` and
        // `main.rs` in their own directory.
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let base = if matches!(stem, "mod" | "lib" | "main") {
            dir.to_path_buf()
        } else {
            dir.join(stem)
        };
        for module in &ir.disabled_modules {
            disabled.push(base.join(format!("{module}.rs")));
            disabled.push(base.join(module));
        }
    }
    if disabled.is_empty() {
        return Vec::new();
    }
    (0..irs.len() as u32)
        .map(FileId)
        .filter(|&file| {
            let path = &sources.get(file).path;
            disabled.iter().any(|d| path == d || path.starts_with(d))
        })
        .collect()
}

pub fn check_inputs(inputs: Vec<Input>, settings: &Settings) -> Outcome {
    let mut timings = Vec::new();
    let mut phase_start = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, phase_start.elapsed()));
        phase_start = std::time::Instant::now();
    };
    let decoded: Vec<_> = inputs.into_par_iter().map(decode).collect();
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for result in decoded {
        match result {
            Ok((path, text, warning)) => {
                if let Some(message) = warning {
                    errors.push(FileError {
                        path: display_path(&path),
                        message,
                    });
                }
                files.push(SourceFile::new(path, text));
            }
            Err(error) => errors.push(error),
        }
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    files.dedup_by(|a, b| a.display == b.display);
    let mut sources = SourceDb::default();
    for file in files {
        sources.add(file);
    }
    lap("decode");
    // (Ordering the files largest first was measured slower: rayon splits the
    // list into contiguous halves, and sorted halves are badly unbalanced.)
    let mut precise = HashMap::new();
    if let Some(setup) = &settings.precise {
        let lowered = crate::frontend::clang::lower_tree(setup, &sources);
        for (file, why) in lowered.failures {
            errors.push(FileError {
                path: sources.get(file).display.clone(),
                message: format!(
                    "libclang could not parse this file ({why}); it was analysed with tree-sitter"
                ),
            });
        }
        precise = lowered.files;
    }
    // The files libclang read keep only tree-sitter's reading of their
    // macros, for the files only tree-sitter reads (libclang's code has them
    // expanded).
    let attributes = attribute_macros(&sources);
    let defines = tree_defines(settings, &sources);
    let mut irs: Vec<FileIr> = (0..sources.len() as u32)
        .into_par_iter()
        .map(|idx| {
            let ir = lower_file(
                FileId(idx),
                sources.get(FileId(idx)),
                settings,
                &defines,
                &attributes,
            );
            if precise.contains_key(&FileId(idx)) {
                FileIr {
                    macros: ir.macros,
                    noreturn: ir.noreturn,
                    includes: ir.includes,
                    ..FileIr::default()
                }
            } else {
                ir
            }
        })
        .collect();
    for (id, mut ir) in precise.drain() {
        let slot = &mut irs[id.0 as usize];
        ir.macros = std::mem::take(&mut slot.macros);
        ir.noreturn = std::mem::take(&mut slot.noreturn);
        ir.includes = std::mem::take(&mut slot.includes);
        *slot = ir;
    }
    disable_cfg_modules(&sources, &mut irs);
    for (idx, ir) in irs.iter().enumerate() {
        if let Some(issue) = ir
            .issues
            .iter()
            .find(|i| i.message.starts_with("nesting deeper"))
        {
            errors.push(FileError {
                path: sources.get(FileId(idx as u32)).display.clone(),
                message: issue.message.clone(),
            });
        }
        let file = sources.get(FileId(idx as u32));
        let orphans: Vec<usize> = ir
            .issues
            .iter()
            .filter(|i| i.message == c_treesitter::ORPHAN_BODY)
            .map(|i| file.line_col(i.span.start).0)
            .collect();
        if !orphans.is_empty() {
            let lines: Vec<String> = orphans.iter().map(usize::to_string).collect();
            errors.push(FileError {
                path: file.display.clone(),
                message: format!("line {}: {}", lines.join(", "), c_treesitter::ORPHAN_BODY),
            });
        }
        if ir
            .issues
            .iter()
            .any(|i| i.message == "the parser gave up on this file")
        {
            errors.push(FileError {
                path: sources.get(FileId(idx as u32)).display.clone(),
                message: "the parser gave up on this file".to_string(),
            });
        }
    }
    lap("parse and lower");
    let (diagnostics, contexts, analysis_timings) = analyze(&sources, irs, settings);
    timings.extend(analysis_timings);
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    let n_files = sources.len();
    Outcome {
        sources,
        diagnostics,
        errors,
        n_files,
        timings,
        contexts,
    }
}

/// Links lowered files (one per file of `sources`, in id order), finds the
/// contexts and runs the lints, suppressions and severity overrides.
pub fn analyze(
    sources: &SourceDb,
    irs: Vec<FileIr>,
    settings: &Settings,
) -> (Vec<Diagnostic>, Vec<ContextEntry>, Timings) {
    let mut irs = irs;
    analyze_in_place(sources, &mut irs, settings)
}

type Timings = Vec<(&'static str, std::time::Duration)>;

/// `analyze` for callers that keep the lowered files between runs (the
/// language server): the program borrows them by value and hands them back.
/// Should the analysis panic, `irs` is left empty.
pub fn analyze_in_place(
    sources: &SourceDb,
    irs: &mut Vec<FileIr>,
    settings: &Settings,
) -> (Vec<Diagnostic>, Vec<ContextEntry>, Timings) {
    let mut timings = Vec::new();
    let mut phase_start = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, phase_start.elapsed()));
        phase_start = std::time::Instant::now();
    };
    let paths: Vec<&std::path::Path> = sources.iter().map(|(_, f)| f.path.as_path()).collect();
    let knowledge = &settings.knowledge;
    let program = Program::new(std::mem::take(irs), &paths, &|name| {
        knowledge.is_known(name)
    });
    lap("link");
    let analysis = Analysis::new(&program, &settings.knowledge);
    lap("contexts");
    let mut diagnostics = lints::run(&analysis, sources, settings.profile, &settings.selection);
    let contexts = if settings.list_contexts {
        analysis.listing()
    } else {
        Vec::new()
    };
    drop(analysis);
    *irs = program.files;
    if settings.suppressions {
        crate::suppress::apply(sources, &mut diagnostics, &settings.selection);
    }
    for diagnostic in &mut diagnostics {
        if let Some(severity) = settings.severities.get(diagnostic.code) {
            diagnostic.severity = *severity;
        }
    }
    lap("lints");
    (diagnostics, contexts, timings)
}
