//! The TOML format of `rules/*.toml`, and its validation into the in-memory
//! form that [`crate::knowledge::Knowledge`] queries.
//!
//! Parsing is strict: unknown fields, unknown tags, duplicate names, missing
//! citations and multi-line notes are errors that point at a line and column,
//! because user rule files go through the same code as the built-in ones.
//! This module decides nothing about safety; it only checks shape.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::knowledge::{ContextKind, KnowledgeError, LibcProfile, Role};

/// Hint attached to TOML syntax and shape errors.
const FORMAT_HINT: &str = "the rules format is described in rules/README.md";

// ---------------------------------------------------------------------------
// Raw serde types: exactly what a rules file may contain.
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRulesFile {
    source: RawSource,
    #[serde(default)]
    lookup: RawLookup,
    #[serde(default)]
    entry: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    cite: String,
    /// Informational: the revision the facts were read from.
    #[serde(default)]
    #[allow(dead_code)] // Read by serde for validation only.
    commit: Option<String>,
    /// Informational: the script that wrote the file.
    #[serde(default)]
    #[allow(dead_code)] // Read by serde for validation only.
    generated_by: Option<String>,
    /// The libc the whole file describes, if it describes only one.
    #[serde(default)]
    libc: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLookup {
    #[serde(default)]
    ignore_segments: Vec<String>,
    #[serde(default)]
    c_namespaces: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    verdict: Option<FileVerdict>,
    #[serde(default)]
    why: Vec<Spanned<String>>,
    cite: Spanned<String>,
    #[serde(default)]
    note: Option<Spanned<String>>,
    #[serde(default)]
    instead: Option<Spanned<String>>,
    #[serde(default)]
    libc: BTreeMap<LibcKey, Spanned<RawRow>>,
    #[serde(default)]
    role: Option<Spanned<RoleName>>,
    #[serde(default)]
    child_arg: Option<usize>,
    #[serde(default)]
    fn_arg: Option<usize>,
    #[serde(default)]
    status_arg: Option<usize>,
    /// Informational: headers that declare the function.
    #[serde(default)]
    #[allow(dead_code)] // Read by serde for validation only; no query uses it yet.
    headers: Vec<String>,
    /// Informational: the language the name belongs to.
    #[serde(default)]
    #[allow(dead_code)] // Read by serde for validation only; no query uses it yet.
    lang: Option<Lang>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    verdict: RowVerdict,
    #[serde(default)]
    scope: Option<Spanned<Scope>>,
    #[serde(default)]
    why: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    note: Option<Spanned<String>>,
    #[serde(default)]
    instead: Option<Spanned<String>>,
    cite: Spanned<String>,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum RoleName {
    Exec,
    Noreturn,
    NoreturnUnlessZero,
    Assert,
    Fork,
    RawFork,
    Vfork,
    AtforkRegister,
    Clone,
    PreExecRegister,
}

#[derive(Deserialize, Clone, Copy, Debug)]
enum Lang {
    #[serde(rename = "c")]
    C,
    #[serde(rename = "c++")]
    Cxx,
    #[serde(rename = "rust")]
    Rust,
}

/// The `[advice]`-file subset that forklint reads at run time. The generator's
/// tables (`[[function]]`, `[[row]]`, `[[posix_deviation]]`) are ignored here.
#[derive(Deserialize)]
struct RawAdviceFile {
    #[allow(dead_code)] // Required so that the file is self-describing.
    source: RawSource,
    tag: Vec<RawTag>,
    fallback: RawFallback,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTag {
    name: String,
    #[allow(dead_code)] // Only TAGS.md uses it.
    origin: String,
    summary: String,
    phrase: String,
    #[serde(default)]
    instead: Option<String>,
    #[serde(default)]
    reset_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFallback {
    phrase: String,
    instead: String,
    other_libc: String,
}

// ---------------------------------------------------------------------------
// Validated types.
// ---------------------------------------------------------------------------

/// A top-level verdict as written in a rules file.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FileVerdict {
    Safe,
    Unsafe,
}

/// The verdict of one per-libc row.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RowVerdict {
    Safe,
    Unsafe,
    /// Safe with this libc (in the row's scope) although POSIX does not promise it.
    SafeOnThisLibc,
}

/// Where a `safe-on-this-libc` row holds.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    /// Only where this libc's own `fork()` ran: fork children and atfork child handlers.
    Fork,
    /// In every context: the implementation itself is async-signal-safe.
    Always,
}

impl Scope {
    pub(crate) fn holds_in(self, context: ContextKind) -> bool {
        match self {
            Scope::Always => true,
            Scope::Fork => matches!(context, ContextKind::ForkChild | ContextKind::AtforkChild),
        }
    }
}

/// The key of a per-libc row: `[entry.libc.<key>]`.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LibcKey {
    Glibc,
    Musl,
    Posix,
    Any,
}

impl LibcKey {
    pub(crate) fn for_profile(profile: LibcProfile) -> LibcKey {
        match profile {
            LibcProfile::Glibc => LibcKey::Glibc,
            LibcProfile::Musl => LibcKey::Musl,
            LibcProfile::Posix => LibcKey::Posix,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LibcKey::Glibc => "glibc",
            LibcKey::Musl => "musl",
            LibcKey::Posix => "posix",
            LibcKey::Any => "any",
        }
    }
}

/// One per-libc row of an entry.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) verdict: RowVerdict,
    pub(crate) scope: Scope,
    pub(crate) why: Option<Vec<String>>,
    pub(crate) note: Option<String>,
    pub(crate) instead: Option<String>,
    pub(crate) cite: String,
}

/// One function's facts from one rules file.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) verdict: Option<FileVerdict>,
    pub(crate) why: Vec<String>,
    pub(crate) cite: String,
    pub(crate) note: Option<String>,
    pub(crate) instead: Option<String>,
    pub(crate) rows: Vec<(LibcKey, Row)>,
}

impl Entry {
    pub(crate) fn row(&self, key: LibcKey) -> Option<&Row> {
        self.rows
            .iter()
            .find(|(row_key, _)| *row_key == key)
            .map(|(_, row)| row)
    }

    fn has_verdict(&self) -> bool {
        self.verdict.is_some() || !self.rows.is_empty()
    }
}

/// A role entry: what the analyser must know about a function besides safety.
#[derive(Clone, Debug)]
pub(crate) struct RoleInfo {
    pub(crate) role: Role,
    pub(crate) cite: String,
    pub(crate) note: Option<String>,
    pub(crate) source: String,
}

/// A parsed and validated rules file.
#[derive(Debug)]
pub(crate) struct RulesFile {
    /// How verdicts name this file, e.g. `glibc.toml` or a user path.
    pub(crate) label: String,
    pub(crate) source_name: String,
    pub(crate) source_cite: String,
    /// The libc the whole file describes (`[source] libc`), if any.
    pub(crate) libc: Option<String>,
    /// Entries that carry a verdict (top-level or per-libc).
    pub(crate) entries: Vec<Entry>,
    /// Entry names and aliases to indexes into `entries`.
    pub(crate) index: HashMap<String, usize>,
    /// Role entries by name and alias.
    pub(crate) roles: HashMap<String, RoleInfo>,
    pub(crate) ignore_segments: Vec<String>,
    pub(crate) c_namespaces: Vec<String>,
}

impl RulesFile {
    pub(crate) fn get(&self, name: &str) -> Option<&Entry> {
        self.index
            .get(name)
            .map(|&entry_idx| &self.entries[entry_idx])
    }
}

/// One reason tag from `rules/advice.toml`.
#[derive(Debug)]
pub(crate) struct TagInfo {
    pub(crate) name: String,
    pub(crate) summary: String,
    pub(crate) phrase: String,
    pub(crate) instead: Option<String>,
    pub(crate) reset_by: Option<String>,
}

/// The closed, ordered tag set plus the fallback wording.
#[derive(Debug)]
pub(crate) struct TagSet {
    pub(crate) tags: Vec<TagInfo>,
    pub(crate) fallback_phrase: String,
    pub(crate) fallback_instead: String,
    /// Template with `{libc}` and `{profile}` placeholders.
    pub(crate) other_libc: String,
}

impl TagSet {
    pub(crate) fn position(&self, tag: &str) -> Option<usize> {
        self.tags.iter().position(|info| info.name == tag)
    }

    pub(crate) fn get(&self, tag: &str) -> Option<&TagInfo> {
        self.tags.iter().find(|info| info.name == tag)
    }

    fn known_list(&self) -> String {
        let names: Vec<&str> = self.tags.iter().map(|info| info.name.as_str()).collect();
        names.join(", ")
    }
}

// ---------------------------------------------------------------------------
// Parsing.
// ---------------------------------------------------------------------------

/// Parses `rules/advice.toml`.
pub(crate) fn parse_tags(path: &Path, text: &str) -> Result<TagSet, KnowledgeError> {
    let raw: RawAdviceFile =
        toml::from_str(text).map_err(|error| syntax_error(path, text, &error))?;
    let mut tags: Vec<TagInfo> = Vec::with_capacity(raw.tag.len());
    for tag in raw.tag {
        if tags.iter().any(|known| known.name == tag.name) {
            return Err(invalid(
                path,
                text,
                0..0,
                format!("tag `{}` is defined twice", tag.name),
                None,
            ));
        }
        tags.push(TagInfo {
            name: tag.name,
            summary: tag.summary,
            phrase: tag.phrase,
            instead: tag.instead,
            reset_by: tag.reset_by,
        });
    }
    Ok(TagSet {
        tags,
        fallback_phrase: raw.fallback.phrase,
        fallback_instead: raw.fallback.instead,
        other_libc: raw.fallback.other_libc,
    })
}

/// Parses and validates one rules file.
pub(crate) fn parse_rules(
    label: &str,
    path: &Path,
    text: &str,
    tags: &TagSet,
) -> Result<RulesFile, KnowledgeError> {
    let raw: RawRulesFile =
        toml::from_str(text).map_err(|error| syntax_error(path, text, &error))?;
    let checker = Checker { path, text, tags };
    let mut file = RulesFile {
        label: label.to_owned(),
        source_name: raw.source.name,
        source_cite: raw.source.cite,
        libc: raw.source.libc,
        entries: Vec::with_capacity(raw.entry.len()),
        index: HashMap::with_capacity(raw.entry.len()),
        roles: HashMap::new(),
        ignore_segments: raw.lookup.ignore_segments,
        c_namespaces: raw.lookup.c_namespaces,
    };
    let mut seen: HashMap<String, Range<usize>> = HashMap::with_capacity(raw.entry.len());
    for spanned_entry in raw.entry {
        let entry_span = spanned_entry.span();
        let raw_entry = spanned_entry.into_inner();
        let names = checker.names(&raw_entry, &mut seen)?;
        let role = checker.role(&raw_entry)?;
        let entry = checker.entry(raw_entry, entry_span)?;

        if let Some(role) = role {
            let info = RoleInfo {
                role,
                cite: entry.cite.clone(),
                note: entry.note.clone(),
                source: label.to_owned(),
            };
            for name in &names {
                file.roles.insert(name.clone(), info.clone());
            }
        }
        if entry.has_verdict() {
            let entry_idx = file.entries.len();
            for name in names {
                file.index.insert(name, entry_idx);
            }
            file.entries.push(entry);
        }
    }
    Ok(file)
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    tags: &'a TagSet,
}

impl Checker<'_> {
    fn error(&self, span: Range<usize>, message: String, hint: Option<String>) -> KnowledgeError {
        invalid(self.path, self.text, span, message, hint)
    }

    /// Checks the name and aliases, returning them all.
    fn names(
        &self,
        raw: &RawEntry,
        seen: &mut HashMap<String, Range<usize>>,
    ) -> Result<Vec<String>, KnowledgeError> {
        let mut names = Vec::with_capacity(1 + raw.aliases.len());
        for spanned in std::iter::once(&raw.name).chain(raw.aliases.iter()) {
            let name = spanned.get_ref().trim();
            if name.is_empty() {
                return Err(self.error(spanned.span(), "empty function name".to_owned(), None));
            }
            if let Some(first) = seen.get(name) {
                let (line, _) = line_column(self.text, first.start);
                return Err(self.error(
                    spanned.span(),
                    format!("duplicate entry `{name}`"),
                    Some(format!("`{name}` is already defined on line {line}")),
                ));
            }
            seen.insert(name.to_owned(), spanned.span());
            names.push(name.to_owned());
        }
        Ok(names)
    }

    fn role(&self, raw: &RawEntry) -> Result<Option<Role>, KnowledgeError> {
        let Some(spanned) = &raw.role else {
            if raw.child_arg.is_some() || raw.fn_arg.is_some() || raw.status_arg.is_some() {
                return Err(self.error(
                    raw.name.span(),
                    "`child_arg`, `fn_arg` and `status_arg` need a `role`".to_owned(),
                    None,
                ));
            }
            return Ok(None);
        };
        let span = spanned.span();
        let role_name = *spanned.get_ref();
        if raw.status_arg.is_some() != (role_name == RoleName::NoreturnUnlessZero) {
            return Err(self.error(
                span,
                "role `noreturn-unless-zero`, and only it, takes `status_arg`".to_owned(),
                Some("`status_arg` is the index, from 0, of the exit status argument".to_owned()),
            ));
        }
        let role = match (*spanned.get_ref(), raw.child_arg, raw.fn_arg) {
            (RoleName::AtforkRegister, Some(child_arg), None) => Role::AtforkRegister { child_arg },
            (RoleName::AtforkRegister, _, _) => {
                return Err(self.error(
                    span,
                    "role `atfork-register` needs `child_arg` (and no `fn_arg`)".to_owned(),
                    Some(
                        "`child_arg` is the index, from 0, of the child handler argument"
                            .to_owned(),
                    ),
                ));
            }
            (RoleName::Clone, None, Some(fn_arg)) => Role::Clone { fn_arg },
            (RoleName::PreExecRegister, None, Some(fn_arg)) => Role::PreExecRegister { fn_arg },
            (RoleName::PreExecRegister, _, _) => {
                return Err(self.error(
                    span,
                    "role `pre-exec-register` needs `fn_arg` (and no `child_arg`)".to_owned(),
                    Some(
                        "`fn_arg` is the index, from 0, of the closure run in the child".to_owned(),
                    ),
                ));
            }
            (RoleName::Clone, _, _) => {
                return Err(self.error(
                    span,
                    "role `clone` needs `fn_arg` (and no `child_arg`)".to_owned(),
                    Some(
                        "`fn_arg` is the index, from 0, of the function run in the child"
                            .to_owned(),
                    ),
                ));
            }
            (_, Some(_), _) | (_, _, Some(_)) => {
                return Err(self.error(
                    span,
                    "only roles `atfork-register`, `clone` and `pre-exec-register` take an argument index".to_owned(),
                    None,
                ));
            }
            (RoleName::Exec, None, None) => Role::Exec,
            (RoleName::Noreturn, None, None) => Role::NoReturn,
            (RoleName::Assert, None, None) => Role::Assert,
            (RoleName::NoreturnUnlessZero, None, None) => Role::NoReturnUnlessZero {
                status_arg: raw.status_arg.unwrap_or_default(),
            },
            (RoleName::Fork, None, None) => Role::Fork,
            (RoleName::RawFork, None, None) => Role::RawFork,
            (RoleName::Vfork, None, None) => Role::Vfork,
        };
        Ok(Some(role))
    }

    fn entry(&self, raw: RawEntry, entry_span: Range<usize>) -> Result<Entry, KnowledgeError> {
        let name = raw.name.get_ref().trim().to_owned();
        if raw.verdict.is_none() && raw.libc.is_empty() && raw.role.is_none() {
            return Err(self.error(
                entry_span,
                format!("entry `{name}` has no `verdict`, `[entry.libc.*]` row or `role`"),
                Some("add `verdict = \"safe\"` or `verdict = \"unsafe\"`".to_owned()),
            ));
        }
        let cite = self.non_empty(raw.cite, "cite")?;
        let why = self.tags(raw.why)?;
        let note = self.one_line(raw.note, "note")?;
        let instead = self.one_line(raw.instead, "instead")?;
        let mut rows = Vec::with_capacity(raw.libc.len());
        for (key, spanned_row) in raw.libc {
            let row_span = spanned_row.span();
            rows.push((key, self.row(key, spanned_row.into_inner(), row_span)?));
        }
        Ok(Entry {
            name,
            verdict: raw.verdict,
            why,
            cite,
            note,
            instead,
            rows,
        })
    }

    fn row(
        &self,
        key: LibcKey,
        raw: RawRow,
        row_span: Range<usize>,
    ) -> Result<Row, KnowledgeError> {
        let scope = match (raw.verdict, raw.scope) {
            (RowVerdict::SafeOnThisLibc, _) if matches!(key, LibcKey::Posix | LibcKey::Any) => {
                return Err(self.error(
                    row_span,
                    format!(
                        "`safe-on-this-libc` needs a libc row (glibc or musl), not `{}`",
                        key.as_str()
                    ),
                    Some("use `verdict = \"safe\"` for something every libc guarantees".to_owned()),
                ));
            }
            (RowVerdict::SafeOnThisLibc, scope) => {
                scope.map_or(Scope::Fork, |scope| *scope.get_ref())
            }
            (_, Some(scope)) => {
                return Err(self.error(
                    scope.span(),
                    "`scope` applies only to `safe-on-this-libc` rows".to_owned(),
                    None,
                ));
            }
            (_, None) => Scope::Always,
        };
        let why = match raw.why {
            Some(why) => Some(self.tags(why)?),
            None => None,
        };
        Ok(Row {
            verdict: raw.verdict,
            scope,
            why,
            note: self.one_line(raw.note, "note")?,
            instead: self.one_line(raw.instead, "instead")?,
            cite: self.non_empty(raw.cite, "cite")?,
        })
    }

    fn tags(&self, why: Vec<Spanned<String>>) -> Result<Vec<String>, KnowledgeError> {
        let mut tags = Vec::with_capacity(why.len());
        for spanned in why {
            let span = spanned.span();
            let tag = spanned.into_inner();
            if self.tags.position(&tag).is_none() {
                return Err(self.error(
                    span,
                    format!("unknown reason tag `{tag}`"),
                    Some(format!("known tags: {}", self.tags.known_list())),
                ));
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        Ok(tags)
    }

    fn non_empty(&self, spanned: Spanned<String>, field: &str) -> Result<String, KnowledgeError> {
        let span = spanned.span();
        let value = spanned.into_inner();
        if value.trim().is_empty() {
            return Err(self.error(
                span,
                format!("`{field}` is empty"),
                Some("every entry cites its source, e.g. repo@commit:path:line".to_owned()),
            ));
        }
        Ok(value)
    }

    fn one_line(
        &self,
        spanned: Option<Spanned<String>>,
        field: &str,
    ) -> Result<Option<String>, KnowledgeError> {
        let Some(spanned) = spanned else {
            return Ok(None);
        };
        let span = spanned.span();
        let value = spanned.into_inner();
        if value.contains('\n') {
            return Err(self.error(span, format!("`{field}` must be one line"), None));
        }
        if value.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(value))
    }
}

// ---------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------

pub(crate) fn syntax_error(path: &Path, text: &str, error: &toml::de::Error) -> KnowledgeError {
    let (line, column) = error
        .span()
        .map_or((1, 1), |span| line_column(text, span.start));
    KnowledgeError::Syntax {
        file: PathBuf::from(path),
        line,
        column,
        message: error.message().trim().to_owned(),
        hint: Some(FORMAT_HINT.to_owned()),
    }
}

pub(crate) fn invalid(
    path: &Path,
    text: &str,
    span: Range<usize>,
    message: String,
    hint: Option<String>,
) -> KnowledgeError {
    let (line, column) = line_column(text, span.start);
    KnowledgeError::Invalid {
        file: PathBuf::from(path),
        line,
        column,
        message,
        hint,
    }
}

/// Converts a byte offset into a 1-based line and a 1-based column counted in
/// characters. Rules files are small, so a linear scan is fine.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}
