//! The analysis side of the server: every file of the workspace with its
//! current text and its lowered IR, on a thread of its own.
//!
//! A file keeps its `FileId` for the life of the server (its spans embed it):
//! new files are appended, and a deleted file is emptied, not removed. An edit
//! lowers the changed files again, then links and analyses the whole program
//! from the cached IR, so that findings across files stay right. Tasks that
//! arrive while a run is under way are applied together before the next run.
//! Only the findings of files that changed are sent, including empty lists for
//! findings that went away. A panic while lowering a file or analysing is
//! logged and the server goes on.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_types::{MessageType, Url};
use rayon::prelude::*;

use crate::check::{Input, Settings, analyze_in_place, cfg_disabled_files, decode, lower_file};
use crate::ir::FileIr;
use crate::lsp::convert::{self, Finding};
use crate::source::{FileId, SourceDb, SourceFile};

/// What the server asks of the analysis thread.
pub enum Task {
    /// Adds every file under these roots that is not known yet.
    Index(Vec<PathBuf>),
    /// The editor's text for a file (opened or changed).
    SetText {
        path: PathBuf,
        text: String,
        version: Option<i32>,
    },
    /// The editor no longer holds the file, or it changed on disk: read it.
    Reload(PathBuf),
    /// The file was deleted.
    Remove(PathBuf),
    /// New settings (the configuration changed): everything is lowered again.
    Configure(Box<Discovery>),
}

/// What the analysis thread reports.
pub enum Event {
    Publish(Vec<FileReport>),
    Log(MessageType, String),
    /// The first index is done.
    Indexed {
        n_files: usize,
        elapsed: Duration,
    },
}

/// A file's findings, replacing those sent before.
pub struct FileReport {
    pub uri: Url,
    pub version: Option<i32>,
    pub findings: Vec<Finding>,
}

/// The settings and which files of a workspace to analyse.
pub struct Discovery {
    pub settings: Settings,
    pub exclude: Vec<String>,
    /// The configuration's `include` globs and the directory they are
    /// relative to.
    pub include: Option<(globset::GlobSet, PathBuf)>,
}

type Timings = Vec<(&'static str, Duration)>;

/// Threads get a large stack: deeply nested input is lowered recursively (to
/// a bounded depth), as in `forklint check`.
pub const STACK_SIZE: usize = 64 * 1024 * 1024;

/// Starts the analysis thread.
pub fn spawn(discovery: Discovery, tasks: Receiver<Task>, events: Sender<Event>) {
    std::thread::Builder::new()
        .name("forklint-lsp-analysis".to_string())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .stack_size(STACK_SIZE)
                .build()
                .expect("failed to start worker threads");
            let mut world = World::new(discovery, events);
            while let Ok(task) = tasks.recv() {
                let mut batch = vec![task];
                batch.extend(tasks.try_iter());
                // Lowering and analysis catch their own panics; this is the
                // last line, for the rest of a run.
                let run = catch_unwind(AssertUnwindSafe(|| pool.install(|| world.run(batch))));
                if let Err(panic) = run {
                    world.irs.clear();
                    world.log(
                        MessageType::ERROR,
                        format!("forklint panicked: {}", panic_message(&panic)),
                    );
                }
            }
        })
        .expect("failed to start the analysis thread");
}

#[derive(Default)]
struct FileState {
    /// Its IR must be made again.
    stale: bool,
    /// Deleted: empty, never published.
    removed: bool,
    /// The editor's version of the text, while the editor holds it.
    version: Option<i32>,
    /// What was last sent for it.
    published: Vec<lsp_types::Diagnostic>,
}

struct World {
    discovery: Discovery,
    events: Sender<Event>,
    sources: SourceDb,
    /// One per file of `sources` while intact; emptied by a panic.
    irs: Vec<FileIr>,
    states: Vec<FileState>,
    ids: HashMap<PathBuf, FileId>,
    indexed: bool,
}

impl World {
    fn new(discovery: Discovery, events: Sender<Event>) -> World {
        World {
            discovery,
            events,
            sources: SourceDb::default(),
            irs: Vec::new(),
            states: Vec::new(),
            ids: HashMap::new(),
            indexed: false,
        }
    }

    fn log(&self, kind: MessageType, message: String) {
        let _ = self.events.send(Event::Log(kind, message));
    }

    /// Applies a batch of tasks, analyses and reports.
    fn run(&mut self, batch: Vec<Task>) {
        let started = Instant::now();
        let mut edited: Vec<FileId> = Vec::new();
        let mut indexing = false;
        for task in batch {
            match task {
                Task::Index(roots) => {
                    indexing = true;
                    self.index(&roots);
                }
                Task::SetText {
                    path,
                    text,
                    version,
                } => {
                    let id = self.set_text(path, text);
                    self.states[id.0 as usize].version = version;
                    edited.push(id);
                }
                Task::Reload(path) => {
                    if let Some(id) = self.reload(path) {
                        edited.push(id);
                    }
                }
                Task::Remove(path) => self.remove(&path),
                Task::Configure(discovery) => {
                    self.discovery = *discovery;
                    for state in &mut self.states {
                        state.stale = true;
                    }
                }
            }
        }
        let reports = self.analyze(&edited);
        if !reports.is_empty() {
            let _ = self.events.send(Event::Publish(reports));
        }
        if indexing && !self.indexed {
            self.indexed = true;
            let n_files = self.states.iter().filter(|s| !s.removed).count();
            let _ = self.events.send(Event::Indexed {
                n_files,
                elapsed: started.elapsed(),
            });
        }
    }

    fn index(&mut self, roots: &[PathBuf]) {
        let (mut paths, errors) = match crate::cli::check::discover(roots, &self.discovery.exclude)
        {
            Ok(found) => found,
            Err(err) => {
                self.log(MessageType::ERROR, format!("cannot index: {err:#}"));
                return;
            }
        };
        for error in errors {
            self.log(
                MessageType::WARNING,
                format!("{}: {}", error.path, error.message),
            );
        }
        if let Some((globs, base)) = &self.discovery.include {
            paths.retain(|path| {
                let relative = path.strip_prefix(base).unwrap_or(path);
                globs.is_match(relative)
            });
        }
        paths.retain(|path| !self.ids.contains_key(path));
        // Reading, decoding and finding the lines of 800 files is worth
        // spreading over the cores, as `forklint check` does.
        let loaded: Vec<(Option<SourceFile>, Option<String>)> =
            paths.into_par_iter().map(load).collect();
        for (file, problem) in loaded {
            if let Some(problem) = problem {
                self.log(MessageType::WARNING, problem);
            }
            if let Some(file) = file {
                self.set_file(file);
            }
        }
    }

    fn set_text(&mut self, path: PathBuf, text: String) -> FileId {
        self.set_file(SourceFile::new(path, text))
    }

    fn set_file(&mut self, file: SourceFile) -> FileId {
        let id = match self.ids.get(&file.path) {
            Some(&id) => {
                self.sources.replace(id, file);
                id
            }
            None => {
                let path = file.path.clone();
                let id = self.sources.add(file);
                self.ids.insert(path, id);
                self.states.push(FileState::default());
                id
            }
        };
        let state = &mut self.states[id.0 as usize];
        state.stale = true;
        state.removed = false;
        state.version = None;
        id
    }

    fn reload(&mut self, path: PathBuf) -> Option<FileId> {
        if !path.exists() {
            self.remove(&path);
            return None;
        }
        let (file, problem) = load(path);
        if let Some(problem) = problem {
            self.log(MessageType::WARNING, problem);
        }
        Some(self.set_file(file?))
    }
    fn remove(&mut self, path: &Path) {
        let Some(&id) = self.ids.get(path) else {
            return;
        };
        self.sources
            .replace(id, SourceFile::new(path.to_path_buf(), String::new()));
        let state = &mut self.states[id.0 as usize];
        state.stale = true;
        state.removed = true;
        state.version = None;
    }

    /// Lowers the stale files, analyses everything, and returns the reports of
    /// the files whose findings changed, and of the `edited` ones.
    fn analyze(&mut self, edited: &[FileId]) -> Vec<FileReport> {
        if self.irs.len() != self.sources.len() {
            // New files (already stale), or the IR was lost to a panic.
            if self.irs.is_empty() {
                for state in &mut self.states {
                    state.stale = true;
                }
            }
            self.irs.resize_with(self.sources.len(), FileIr::default);
        }
        let started = Instant::now();
        let n_lowered = self.lower_stale();
        let mut timings = vec![("lower", started.elapsed())];
        let Some((diagnostics, analysis_timings)) = self.analyze_all() else {
            return Vec::new();
        };
        timings.extend(analysis_timings);
        let report_started = Instant::now();
        let mut by_file: Vec<Vec<&crate::diagnostic::Diagnostic>> =
            vec![Vec::new(); self.sources.len()];
        for diagnostic in &diagnostics {
            by_file[diagnostic.span.file.0 as usize].push(diagnostic);
        }
        let mut reports = Vec::new();
        for (idx, found) in by_file.into_iter().enumerate() {
            let id = FileId(idx as u32);
            let state = &mut self.states[idx];
            let lsp: Vec<lsp_types::Diagnostic> = found
                .iter()
                .map(|d| convert::diagnostic(&self.sources, d))
                .collect();
            if lsp == state.published && !edited.contains(&id) {
                continue;
            }
            if state.removed && state.published.is_empty() {
                continue;
            }
            let Some(uri) = convert::uri(&self.sources.get(id).path) else {
                continue;
            };
            let findings = found
                .iter()
                .zip(&lsp)
                .map(|(d, converted)| convert::finding_with(&self.sources, d, converted.clone()))
                .collect();
            state.published = lsp;
            reports.push(FileReport {
                uri,
                version: state.version,
                findings,
            });
        }
        timings.push(("report", report_started.elapsed()));
        let phases: Vec<String> = timings
            .iter()
            .map(|(name, time)| format!("{name} {:.1} ms", time.as_secs_f64() * 1e3))
            .collect();
        self.log(
            MessageType::LOG,
            format!(
                "analysed {} files ({n_lowered} parsed) in {} ms: {}",
                self.sources.len(),
                started.elapsed().as_millis(),
                phases.join(", ")
            ),
        );
        reports
    }

    /// Returns the number of files lowered.
    fn lower_stale(&mut self) -> usize {
        let stale: Vec<FileId> = (0..self.states.len())
            .filter(|&idx| self.states[idx].stale)
            .map(|idx| FileId(idx as u32))
            .collect();
        let sources = &self.sources;
        let settings = &self.discovery.settings;
        let attributes = crate::check::attribute_macros(sources);
        let defines = crate::check::tree_defines(settings, sources);
        let lowered: Vec<(FileId, Result<FileIr, String>)> = stale
            .into_par_iter()
            .map(|id| {
                let file = sources.get(id);
                let ir = catch_unwind(AssertUnwindSafe(|| {
                    panic_for_tests(file);
                    lower_file(id, file, settings, &defines, &attributes)
                }))
                .map_err(|panic| format!("{}: {}", file.display, panic_message(&panic)));
                (id, ir)
            })
            .collect();
        let n_lowered = lowered.len();
        for (id, ir) in lowered {
            let ir = ir.unwrap_or_else(|message| {
                self.log(
                    MessageType::ERROR,
                    format!("forklint panicked while parsing {message}; the file is skipped"),
                );
                FileIr::default()
            });
            self.irs[id.0 as usize] = ir;
            self.states[id.0 as usize].stale = false;
        }
        n_lowered
    }

    /// Links and analyses the cached IR, with the functions of files that a
    /// `cfg` disables set aside (and put back after). `None` after a panic.
    fn analyze_all(&mut self) -> Option<(Vec<crate::diagnostic::Diagnostic>, Timings)> {
        let disabled = cfg_disabled_files(&self.sources, &self.irs);
        let set_aside: Vec<_> = disabled
            .iter()
            .map(|id| {
                let ir = &mut self.irs[id.0 as usize];
                (
                    *id,
                    std::mem::take(&mut ir.functions),
                    std::mem::take(&mut ir.macros),
                )
            })
            .collect();
        let (sources, irs, settings) = (&self.sources, &mut self.irs, &self.discovery.settings);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let (diagnostics, _, timings) = analyze_in_place(sources, irs, settings);
            (diagnostics, timings)
        }));
        match result {
            Ok(analysed) => {
                for (id, functions, macros) in set_aside {
                    let ir = &mut self.irs[id.0 as usize];
                    ir.functions = functions;
                    ir.macros = macros;
                }
                Some(analysed)
            }
            Err(panic) => {
                self.irs.clear();
                self.log(
                    MessageType::ERROR,
                    format!(
                        "forklint panicked while analysing the workspace: {}",
                        panic_message(&panic)
                    ),
                );
                None
            }
        }
    }
}

/// Reads a file from disk: its text, and what went wrong, if anything (it
/// cannot be read, is binary, or is not valid UTF-8).
fn load(path: PathBuf) -> (Option<SourceFile>, Option<String>) {
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return (
                None,
                Some(format!("{}: cannot read: {err}", path.display())),
            );
        }
    };
    match decode(Input { path, bytes }) {
        Ok((path, text, warning)) => {
            let warning = warning.map(|warning| format!("{}: {warning}", path.display()));
            (Some(SourceFile::new(path, text)), warning)
        }
        Err(error) => (None, Some(format!("{}: {}", error.path, error.message))),
    }
}

/// The test suite checks that a panic in one file leaves the server running:
/// with `FORKLINT_LSP_TEST_PANIC` set, a file containing its value panics.
/// The variable is read once, not per file lowered.
fn panic_for_tests(file: &SourceFile) {
    static MARKER: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let marker = MARKER.get_or_init(|| {
        std::env::var("FORKLINT_LSP_TEST_PANIC")
            .ok()
            .filter(|marker| !marker.is_empty())
    });
    if let Some(marker) = marker
        && file.text.contains(marker.as_str())
    {
        panic!("the test marker `{marker}` was found");
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        return (*text).to_string();
    }
    if let Some(text) = panic.downcast_ref::<String>() {
        return text.clone();
    }
    "unknown panic".to_string()
}
