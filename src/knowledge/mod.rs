//! The knowledge base: which functions are safe to call in a fork child, a
//! vfork child, a `pthread_atfork` child handler, a clone child, a Rust
//! `pre_exec` closure or a signal handler, why, and what to write instead.
//!
//! The facts live in `rules/*.toml` (embedded with `include_str!`), one file
//! per source of truth, each entry with a citation; `rules/README.md` describes
//! the format. This module loads and validates those files and user rule files,
//! normalizes callee names, and combines the files into one [`Verdict`] per
//! query, following the precedence documented in `rules/README.md`:
//!
//! 1. user rules (the most recently added file first);
//! 2. the row of `fork-notes.toml` for the chosen libc, then its `any` row;
//! 3. `posix.toml`, then `linux.toml`, then `cxx.toml`, then `glibc.toml`.
//!
//! It deliberately knows no function names and prints nothing: every name,
//! note and piece of advice comes from the rules files, and callers decide how
//! to show a verdict. It does no I/O besides what `include_str!` embeds;
//! callers read user rule files and pass their text in.

mod fixes;
mod names;
mod schema;

pub use fixes::{FixAction, FixRule, PrepareRule, SpawnRule};

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

use crate::knowledge::schema::{
    Entry, FileVerdict, LibcKey, RoleInfo, Row, RowVerdict, RulesFile, TagSet,
};

/// Which C library's behaviour to assume.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LibcProfile {
    /// GNU libc: trusts glibc-specific guarantees such as its `fork()`
    /// resetting malloc's locks in the child.
    #[default]
    Glibc,
    /// musl libc (1.2.2 or later).
    Musl,
    /// Only what POSIX promises; no libc-specific leniency.
    Posix,
}

impl LibcProfile {
    /// Every profile, in a fixed order.
    pub const ALL: [LibcProfile; 3] = [LibcProfile::Glibc, LibcProfile::Musl, LibcProfile::Posix];

    /// The name used on the command line and in rules files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            LibcProfile::Glibc => "glibc",
            LibcProfile::Musl => "musl",
            LibcProfile::Posix => "posix",
        }
    }
}

impl fmt::Display for LibcProfile {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// The error returned when parsing an unknown [`LibcProfile`] name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown libc profile `{0}` (expected glibc, musl or posix)")]
pub struct UnknownProfile(pub String);

impl FromStr for LibcProfile {
    type Err = UnknownProfile;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "glibc" => Ok(LibcProfile::Glibc),
            "musl" => Ok(LibcProfile::Musl),
            "posix" => Ok(LibcProfile::Posix),
            _ => Err(UnknownProfile(text.to_owned())),
        }
    }
}

/// A restricted region a call can sit in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContextKind {
    /// The child of `fork()` (or `forkpty()`) before it calls `exec*()` or `_exit()`.
    ForkChild,
    /// The child of `_Fork()`, which resets no libc locks.
    RawForkChild,
    /// The child of `vfork()`, which borrows the parent's memory.
    VforkChild,
    /// A `pthread_atfork` child handler (runs after the libc's own fork handling).
    AtforkChild,
    /// The function a `clone()` child runs.
    CloneChild,
    /// A Rust `CommandExt::pre_exec` closure.
    PreExec,
    /// A signal handler.
    SignalHandler,
}

impl ContextKind {
    /// Every context, in a fixed order.
    pub const ALL: [ContextKind; 7] = [
        ContextKind::ForkChild,
        ContextKind::RawForkChild,
        ContextKind::VforkChild,
        ContextKind::AtforkChild,
        ContextKind::CloneChild,
        ContextKind::PreExec,
        ContextKind::SignalHandler,
    ];

    /// The kebab-case name used in JSON output and documentation.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ContextKind::ForkChild => "fork-child",
            ContextKind::RawForkChild => "raw-fork-child",
            ContextKind::VforkChild => "vfork-child",
            ContextKind::AtforkChild => "atfork-child",
            ContextKind::CloneChild => "clone-child",
            ContextKind::PreExec => "pre-exec",
            ContextKind::SignalHandler => "signal-handler",
        }
    }
}

impl fmt::Display for ContextKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What a function does to control flow or to the set of processes, beyond
/// its safety.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Replaces the process image (`execve` and friends).
    Exec,
    /// Never returns (`_exit`, `abort`, `longjmp`, ...).
    NoReturn,
    /// `assert`: aborts when its argument is false. The C front end reads
    /// `assert(e);` as `if (!(e)) assert(e);`, so the call never returns.
    Assert,
    /// Never returns when argument `status_arg` (from 0) is not zero (glibc's
    /// `error()`: `exit(status)` unless `status` is 0).
    NoReturnUnlessZero { status_arg: usize },
    /// Returns a pid like `fork()`; the libc resets its malloc and stdio locks in the child.
    Fork,
    /// Returns a pid like `fork()` but resets nothing (`_Fork`).
    RawFork,
    /// `vfork()`: the child borrows the parent's memory until exec or `_exit`.
    Vfork,
    /// Registers fork handlers; argument `child_arg` (from 0) runs in every fork child.
    AtforkRegister { child_arg: usize },
    /// Starts a child running argument `fn_arg` (from 0).
    Clone { fn_arg: usize },
    /// Registers argument `fn_arg` (from 0) to run in the child just before exec
    /// (Rust's `CommandExt::pre_exec`).
    PreExecRegister { fn_arg: usize },
}

/// How safe a call is in a context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    /// Async-signal-safe, or safe in this context with this libc.
    Safe,
    /// Not safe in this context.
    Unsafe,
    /// Its only problem is allocation, and this libc's `fork()` resets the
    /// allocator's locks in the child: usually fine, but not portable and not
    /// with an interposed allocator.
    AllocOnly,
}

/// The answer to "is this call safe here, and why".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub safety: Safety,
    /// Reason tags from `rules/TAGS.md`, most serious first; empty when safe.
    pub tags: Vec<String>,
    /// One line: what goes wrong in this context. Never empty unless `safety` is `Safe`.
    pub note: String,
    /// One line of replacement advice.
    pub instead: Option<String>,
    /// Where the facts come from: `repo@commit:path:line`, `; `-separated.
    pub cite: String,
    /// What the libc profile changed, when it changed the outcome.
    pub profile_note: Option<String>,
    /// Which rules file decided, e.g. `fork-notes.toml (glibc)`.
    pub source: String,
}

impl Verdict {
    /// True for [`Safety::Safe`].
    #[must_use]
    pub fn is_safe(&self) -> bool {
        self.safety == Safety::Safe
    }
}

/// A rules file that failed to load.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// Not valid TOML, or not the rules format (unknown field, wrong type, missing `cite`).
    #[error("{}:{line}:{column}: {message}", file.display())]
    Syntax {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
        hint: Option<String>,
    },
    /// Valid format, invalid content (unknown tag, duplicate name, empty citation).
    #[error("{}:{line}:{column}: {message}", file.display())]
    Invalid {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
        hint: Option<String>,
    },
}

impl KnowledgeError {
    /// The file that failed.
    #[must_use]
    pub fn file(&self) -> &Path {
        match self {
            KnowledgeError::Syntax { file, .. } | KnowledgeError::Invalid { file, .. } => file,
        }
    }

    /// The 1-based line of the problem.
    #[must_use]
    pub fn line(&self) -> usize {
        match self {
            KnowledgeError::Syntax { line, .. } | KnowledgeError::Invalid { line, .. } => *line,
        }
    }

    /// The 1-based column (in characters) of the problem.
    #[must_use]
    pub fn column(&self) -> usize {
        match self {
            KnowledgeError::Syntax { column, .. } | KnowledgeError::Invalid { column, .. } => {
                *column
            }
        }
    }

    /// The message without the location.
    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            KnowledgeError::Syntax { message, .. } | KnowledgeError::Invalid { message, .. } => {
                message
            }
        }
    }

    /// How to fix it, when there is something useful to say.
    #[must_use]
    pub fn hint(&self) -> Option<&str> {
        match self {
            KnowledgeError::Syntax { hint, .. } | KnowledgeError::Invalid { hint, .. } => {
                hint.as_deref()
            }
        }
    }
}

/// One loaded rules file, for `forklint rules` and similar listings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RulesFileSummary {
    /// `glibc.toml`, or the path of a user rules file.
    pub label: String,
    /// The `[source] name`.
    pub source_name: String,
    /// The `[source] cite`.
    pub source_cite: String,
    /// Entries with a verdict.
    pub n_entries: usize,
    /// Entries with a role.
    pub n_roles: usize,
}

/// The built-in rules files in precedence order (roles last: they decide no verdicts).
const BUILTIN_RULES: [(&str, &str); 7] = [
    (
        "fork-notes.toml",
        include_str!("../../rules/fork-notes.toml"),
    ),
    ("posix.toml", include_str!("../../rules/posix.toml")),
    ("linux.toml", include_str!("../../rules/linux.toml")),
    ("cxx.toml", include_str!("../../rules/cxx.toml")),
    ("rust.toml", include_str!("../../rules/rust.toml")),
    ("glibc.toml", include_str!("../../rules/glibc.toml")),
    ("roles.toml", include_str!("../../rules/roles.toml")),
];

/// The tag set and default wording.
const ADVICE: (&str, &str) = ("advice.toml", include_str!("../../rules/advice.toml"));

/// The machine-applicable rewrites.
const FIXES: (&str, &str) = ("fixes.toml", include_str!("../../rules/fixes.toml"));

/// The merged knowledge base.
#[derive(Debug)]
pub struct Knowledge {
    tags: TagSet,
    /// User files, most recent first.
    user_files: Vec<RulesFile>,
    /// Built-in files in precedence order.
    builtin_files: Vec<RulesFile>,
    /// Roles by name; user entries replace built-in ones.
    roles: HashMap<String, RoleInfo>,
    ignore_segments: Vec<String>,
    c_namespaces: Vec<String>,
    /// `rules/fixes.toml`.
    fixes: fixes::FixTables,
}

/// How one rules-file entry decides for a profile and context, before
/// wording and the allocation rule are applied.
#[derive(Clone, Copy)]
struct Decision<'k> {
    file: &'k RulesFile,
    entry: &'k Entry,
    row: Option<(LibcKey, &'k Row)>,
    outcome: Outcome,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Safe,
    Unsafe,
    SafeOnThisLibc,
}

impl Knowledge {
    /// The built-in knowledge base.
    ///
    /// # Panics
    ///
    /// If the embedded rules files are invalid. `tests/knowledge.rs` loads
    /// them, so this cannot happen in a tested build.
    #[must_use]
    pub fn builtin() -> Knowledge {
        match Knowledge::try_builtin() {
            Ok(knowledge) => knowledge,
            Err(error) => panic!("built-in rules are invalid: {error}"),
        }
    }

    /// Like [`Knowledge::builtin`], but returns the error instead of panicking.
    ///
    /// # Errors
    ///
    /// A [`KnowledgeError`] naming the embedded file, line and column.
    pub fn try_builtin() -> Result<Knowledge, KnowledgeError> {
        let (advice_label, advice_text) = ADVICE;
        let tags = schema::parse_tags(&builtin_path(advice_label), advice_text)?;
        let mut knowledge = Knowledge {
            tags,
            user_files: Vec::new(),
            builtin_files: Vec::with_capacity(BUILTIN_RULES.len()),
            roles: HashMap::new(),
            ignore_segments: Vec::new(),
            c_namespaces: Vec::new(),
            fixes: fixes::parse_fixes(&builtin_path(FIXES.0), FIXES.1)?,
        };
        for (label, text) in BUILTIN_RULES {
            let file = schema::parse_rules(label, &builtin_path(label), text, &knowledge.tags)?;
            knowledge.absorb_lookup_and_roles(&file);
            knowledge.builtin_files.push(file);
        }
        Ok(knowledge)
    }

    /// The embedded rules files as `(file name, text)`, in precedence order,
    /// followed by `advice.toml`.
    #[must_use]
    pub fn builtin_sources() -> Vec<(&'static str, &'static str)> {
        let mut sources = BUILTIN_RULES.to_vec();
        sources.push(ADVICE);
        sources
    }

    /// Adds a user rules file (same format as `rules/*.toml`). Its entries take
    /// precedence over the built-in ones and over earlier user files.
    ///
    /// # Errors
    ///
    /// A [`KnowledgeError`] with the line and column of the first problem:
    /// invalid TOML, an unknown field, an unknown reason tag, a duplicate
    /// name, or a missing citation. The knowledge base is unchanged then.
    pub fn add_user_rules(&mut self, path: &Path, text: &str) -> Result<(), KnowledgeError> {
        let label = path.display().to_string();
        let file = schema::parse_rules(&label, path, text, &self.tags)?;
        self.absorb_lookup_and_roles(&file);
        self.user_files.insert(0, file);
        Ok(())
    }

    /// The role of a function, if it has one.
    #[must_use]
    pub fn role(&self, name: &str) -> Option<Role> {
        self.candidates(name)
            .into_iter()
            .find_map(|candidate| self.roles.get(&candidate))
            .map(|info| info.role)
    }

    /// True if any rules file (or role) mentions the function.
    #[must_use]
    pub fn is_known(&self, name: &str) -> bool {
        self.candidates(name)
            .iter()
            .any(|candidate| self.mentions(candidate))
    }

    /// Whether calling `name` is safe in `context` with `profile`; `None` if
    /// the knowledge base does not know the function.
    #[must_use]
    pub fn verdict(
        &self,
        name: &str,
        profile: LibcProfile,
        context: ContextKind,
    ) -> Option<Verdict> {
        // The most specific spelling that any file knows decides, even if
        // only as a role: `clone` has no verdict, and that is the answer.
        let candidates = self.candidates(name);
        let key = candidates
            .iter()
            .find(|candidate| self.mentions(candidate))?;

        for file in &self.user_files {
            if let Some(decision) = decide(file, key, profile, context) {
                return Some(self.finish(decision, profile, context));
            }
        }
        if let Some(verdict) = self.role_verdict(key, context) {
            return Some(verdict);
        }
        self.builtin_files
            .iter()
            .find_map(|file| decide(file, key, profile, context))
            .map(|decision| self.finish(decision, profile, context))
    }

    /// The rewrite `rules/fixes.toml` offers for a call to `name`, if any.
    #[must_use]
    pub fn fix_rule(&self, name: &str) -> Option<&FixRule> {
        self.table_entry(name, &self.fixes.fixes, |rule| &rule.functions)
    }

    /// What a call to `name` becomes in the posix_spawn rewrite, if the
    /// table knows it.
    #[must_use]
    pub fn spawn_rule(&self, name: &str) -> Option<&SpawnRule> {
        self.table_entry(name, &self.fixes.spawn, |rule| &rule.functions)
    }

    /// The `[[prepare]]` entry for `name`: a call that only prepares data.
    #[must_use]
    pub fn prepare_rule(&self, name: &str) -> Option<&PrepareRule> {
        self.table_entry(name, &self.fixes.prepare, |rule| &rule.functions)
    }

    /// The first entry of a `fixes.toml` table that lists `name` under any
    /// of its lookup spellings.
    fn table_entry<'k, T>(
        &self,
        name: &str,
        entries: &'k [T],
        functions: impl Fn(&T) -> &[String],
    ) -> Option<&'k T> {
        let candidates = self.candidates(name);
        entries.iter().find(|entry| {
            functions(entry).iter().any(|function| {
                let function = names::normalize(function, &self.ignore_segments);
                candidates.contains(&function)
            })
        })
    }

    /// The one-line summary of a reason tag, from `rules/TAGS.md`.
    #[must_use]
    pub fn tag_summary(&self, tag: &str) -> Option<&str> {
        self.tags.get(tag).map(|info| info.summary.as_str())
    }

    /// Every reason tag, most serious first.
    pub fn tag_names(&self) -> impl Iterator<Item = &str> {
        self.tags.tags.iter().map(|info| info.name.as_str())
    }

    /// The loaded rules files in precedence order (user files first).
    #[must_use]
    pub fn files_summary(&self) -> Vec<RulesFileSummary> {
        self.files()
            .map(|file| RulesFileSummary {
                label: file.label.clone(),
                source_name: file.source_name.clone(),
                source_cite: file.source_cite.clone(),
                n_entries: file.entries.len(),
                n_roles: file.roles.len(),
            })
            .collect()
    }

    fn mentions(&self, name: &str) -> bool {
        self.roles.contains_key(name) || self.files().any(|file| file.get(name).is_some())
    }

    fn files(&self) -> impl Iterator<Item = &RulesFile> {
        self.user_files.iter().chain(self.builtin_files.iter())
    }

    fn absorb_lookup_and_roles(&mut self, file: &RulesFile) {
        for segment in &file.ignore_segments {
            if !self.ignore_segments.contains(segment) {
                self.ignore_segments.push(segment.clone());
            }
        }
        for namespace in &file.c_namespaces {
            if !self.c_namespaces.contains(namespace) {
                self.c_namespaces.push(namespace.clone());
            }
        }
        for (name, info) in &file.roles {
            self.roles.insert(name.clone(), info.clone());
        }
    }

    fn candidates(&self, name: &str) -> Vec<String> {
        let normalized = names::normalize(name, &self.ignore_segments);
        names::candidates(&normalized, &self.c_namespaces)
    }

    /// A nested `fork()` in a fork child (or a `pre_exec` closure, which runs in
    /// one) is safe: the child has one thread.
    fn role_verdict(&self, key: &str, context: ContextKind) -> Option<Verdict> {
        let info = self.roles.get(key)?;
        let single_threaded = matches!(context, ContextKind::ForkChild | ContextKind::PreExec);
        if info.role != Role::Fork || !single_threaded {
            return None;
        }
        Some(Verdict {
            safety: Safety::Safe,
            tags: Vec::new(),
            note: info.note.clone().unwrap_or_default(),
            instead: None,
            cite: info.cite.clone(),
            profile_note: None,
            source: format!("{} (role fork)", info.source),
        })
    }

    /// Turns a decision into a verdict: picks the wording, applies the
    /// allocation rule (see [`Safety::AllocOnly`]), and notes when a file about
    /// one libc answered for another profile.
    fn finish(
        &self,
        decision: Decision<'_>,
        profile: LibcProfile,
        context: ContextKind,
    ) -> Verdict {
        let mut verdict = self.word(decision, profile, context);
        if verdict.profile_note.is_none()
            && let Some(libc) = &decision.file.libc
            && libc != profile.as_str()
        {
            let caveat = self
                .tags
                .other_libc
                .replace("{libc}", libc)
                .replace("{profile}", profile.as_str());
            verdict.profile_note = Some(caveat);
        }
        verdict
    }

    fn word(&self, decision: Decision<'_>, profile: LibcProfile, context: ContextKind) -> Verdict {
        let Decision {
            file,
            entry,
            row,
            outcome,
        } = decision;
        let row_ref = row.map(|(_, row)| row);
        let source = match row {
            Some((key, _)) => format!("{} ({})", file.label, key.as_str()),
            None => file.label.clone(),
        };
        let cite = row_ref.map_or(&entry.cite, |row| &row.cite).clone();
        let row_note = row_ref.and_then(|row| row.note.clone());
        let tags = self.sorted_tags(
            row_ref
                .and_then(|row| row.why.as_deref())
                .unwrap_or(&entry.why),
        );

        if outcome == Outcome::Safe {
            return Verdict {
                safety: Safety::Safe,
                tags: Vec::new(),
                note: row_note.or_else(|| entry.note.clone()).unwrap_or_default(),
                instead: None,
                cite,
                profile_note: None,
                source,
            };
        }

        let reset = self.allocation_reset(&tags, profile, context);
        if outcome == Outcome::SafeOnThisLibc && reset.is_none() {
            return Verdict {
                safety: Safety::Safe,
                tags: Vec::new(),
                note: row_note.clone().unwrap_or_default(),
                instead: None,
                cite,
                profile_note: row_note,
                source,
            };
        }

        let note = match outcome {
            // The row says why this libc makes it work; the entry says what the hazard is.
            Outcome::SafeOnThisLibc => entry.note.clone(),
            Outcome::Safe | Outcome::Unsafe => row_note.or_else(|| entry.note.clone()),
        }
        .unwrap_or_else(|| self.default_note(&tags));
        let instead = row_ref
            .and_then(|row| row.instead.clone())
            .or_else(|| entry.instead.clone())
            .unwrap_or_else(|| self.default_instead(&tags));

        match reset {
            Some(reset) => {
                let reset_row = reset.row.map(|(_, row)| row);
                let reset_cite = reset_row.map_or(&reset.entry.cite, |row| &row.cite);
                let reset_source = match reset.row {
                    Some((key, _)) => format!("{} ({})", reset.file.label, key.as_str()),
                    None => reset.file.label.clone(),
                };
                let (cite, source) = if std::ptr::eq(reset.entry, entry) {
                    (cite, source)
                } else {
                    (
                        format!("{cite}; {reset_cite}"),
                        format!("{source}; {} in {reset_source}", reset.entry.name),
                    )
                };
                Verdict {
                    safety: Safety::AllocOnly,
                    tags,
                    note,
                    instead: Some(instead),
                    cite,
                    profile_note: reset_row.and_then(|row| row.note.clone()),
                    source,
                }
            }
            None => Verdict {
                safety: Safety::Unsafe,
                tags,
                note,
                instead: Some(instead),
                cite,
                profile_note: None,
                source,
            },
        }
    }

    /// If every tag is one the libc's `fork()` may reset (tags with
    /// `reset_by` in `advice.toml`), and the `reset_by` function's rule says
    /// `safe-on-this-libc` for this profile and context, returns that rule.
    fn allocation_reset(
        &self,
        tags: &[String],
        profile: LibcProfile,
        context: ContextKind,
    ) -> Option<Decision<'_>> {
        if tags.is_empty() {
            return None;
        }
        let mut reset = None;
        for tag in tags {
            let reset_by = self.tags.get(tag)?.reset_by.as_deref()?;
            let decision = self
                .files()
                .find_map(|file| decide(file, reset_by, profile, context))?;
            if decision.outcome != Outcome::SafeOnThisLibc {
                return None;
            }
            reset = Some(decision);
        }
        reset
    }

    fn sorted_tags(&self, tags: &[String]) -> Vec<String> {
        let mut sorted = tags.to_vec();
        sorted.sort_by_key(|tag| self.tags.position(tag).unwrap_or(usize::MAX));
        sorted
    }

    fn default_note(&self, sorted_tags: &[String]) -> String {
        sorted_tags
            .first()
            .and_then(|tag| self.tags.get(tag))
            .map_or_else(
                || self.tags.fallback_phrase.clone(),
                |info| info.phrase.clone(),
            )
    }

    fn default_instead(&self, sorted_tags: &[String]) -> String {
        sorted_tags
            .iter()
            .find_map(|tag| self.tags.get(tag).and_then(|info| info.instead.clone()))
            .unwrap_or_else(|| self.tags.fallback_instead.clone())
    }
}

/// How `file`'s entry for `key` decides for `profile` and `context`: the
/// profile's row, then the `any` row, then the top-level verdict. A
/// `safe-on-this-libc` row outside its scope is skipped. `None` means the file
/// has nothing to say, and the next file is asked.
fn decide<'k>(
    file: &'k RulesFile,
    key: &str,
    profile: LibcProfile,
    context: ContextKind,
) -> Option<Decision<'k>> {
    let entry = file.get(key)?;
    for libc_key in [LibcKey::for_profile(profile), LibcKey::Any] {
        let Some(row) = entry.row(libc_key) else {
            continue;
        };
        let outcome = match row.verdict {
            RowVerdict::Safe => Outcome::Safe,
            RowVerdict::Unsafe => Outcome::Unsafe,
            RowVerdict::SafeOnThisLibc if row.scope.holds_in(context) => Outcome::SafeOnThisLibc,
            RowVerdict::SafeOnThisLibc => continue,
        };
        return Some(Decision {
            file,
            entry,
            row: Some((libc_key, row)),
            outcome,
        });
    }
    let outcome = match entry.verdict? {
        FileVerdict::Safe => Outcome::Safe,
        FileVerdict::Unsafe => Outcome::Unsafe,
    };
    Some(Decision {
        file,
        entry,
        row: None,
        outcome,
    })
}

/// The path reported in errors about an embedded file.
fn builtin_path(label: &str) -> PathBuf {
    Path::new("rules").join(label)
}
