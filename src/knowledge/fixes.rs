//! `rules/fixes.toml`: which flagged calls have a machine-applicable rewrite,
//! as data. The rewrite itself (finding the text to change) is in
//! `crate::fixes`; this module only reads and checks the table.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Applicability;
use crate::knowledge::schema::{invalid, syntax_error};
use crate::knowledge::{ContextKind, KnowledgeError};

/// What a fix does to the flagged call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAction {
    /// Replace the callee's name.
    Rename,
    /// Replace the whole call; `{args}` in the replacement is the argument text.
    ReplaceCall,
    /// Delete the statement that consists of this call alone.
    RemoveStatement,
}

/// One entry of `rules/fixes.toml`.
#[derive(Debug, Clone)]
pub struct FixRule {
    pub functions: Vec<String>,
    pub action: FixAction,
    pub replacement: String,
    pub applicability: Applicability,
    pub contexts: Vec<ContextKind>,
    /// When not empty, the call must sit in a branch taken on the result of
    /// a call whose name starts with one of these prefixes.
    pub after_failure_of: Vec<String>,
    pub title: String,
    pub why: String,
    pub cite: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[allow(dead_code)] // Read by serde for validation only.
    source: RawSource,
    fix: Vec<Spanned<RawFix>>,
    #[serde(default)]
    spawn: Vec<Spanned<SpawnRule>>,
    #[serde(default)]
    prepare: Vec<PrepareRule>,
}

/// A call that only prepares data for the child (`[[prepare]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepareRule {
    pub functions: Vec<String>,
    /// The argument the call writes its result into, from 0.
    #[serde(default)]
    pub writes_arg: Option<usize>,
    #[allow(dead_code)] // Read by serde for validation only.
    pub cite: String,
}

/// What a call of a fork child becomes in the posix_spawn rewrite (`[[spawn]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpawnRule {
    pub functions: Vec<String>,
    /// A file-action or attribute call; `{0}`, `{1}`, … are the arguments.
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub flag: Option<String>,
    /// `path` or `file`: the call is the exec.
    #[serde(default)]
    pub exec: Option<String>,
    /// `vector` or `list`.
    #[serde(default)]
    pub argv: Option<String>,
    /// Which argument is the environment.
    #[serde(default)]
    pub envp: Option<usize>,
    #[serde(default)]
    pub drop: bool,
    #[serde(default)]
    pub env: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub why: Option<String>,
    pub cite: String,
}

/// `rules/fixes.toml`: the fixes and the posix_spawn table.
#[derive(Debug, Clone, Default)]
pub struct FixTables {
    pub fixes: Vec<FixRule>,
    pub spawn: Vec<SpawnRule>,
    pub prepare: Vec<PrepareRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Read by serde for validation only.
struct RawSource {
    name: String,
    cite: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFix {
    functions: Vec<String>,
    action: FixAction,
    #[serde(default)]
    replacement: String,
    applicability: String,
    contexts: Vec<String>,
    #[serde(default)]
    after_failure_of: Vec<String>,
    title: String,
    why: String,
    cite: String,
}

/// Parses and checks `fixes.toml`.
pub(crate) fn parse_fixes(path: &Path, text: &str) -> Result<FixTables, KnowledgeError> {
    let raw: RawFile = toml::from_str(text).map_err(|error| syntax_error(path, text, &error))?;
    let mut rules = Vec::with_capacity(raw.fix.len());
    for spanned in raw.fix {
        let span = spanned.span();
        let fix = spanned.into_inner();
        let bad = |message: String| invalid(path, text, span.clone(), message, None);
        let applicability = match fix.applicability.as_str() {
            "safe" => Applicability::Safe,
            "unsafe" => Applicability::Unsafe,
            "display-only" => Applicability::DisplayOnly,
            other => return Err(bad(format!("unknown applicability `{other}`"))),
        };
        let mut contexts = Vec::new();
        for name in &fix.contexts {
            match ContextKind::ALL.iter().find(|kind| kind.as_str() == name) {
                Some(kind) => contexts.push(*kind),
                None => return Err(bad(format!("unknown context `{name}`"))),
            }
        }
        if fix.cite.trim().is_empty() || fix.functions.is_empty() {
            return Err(bad("a fix needs `functions` and a `cite`".to_string()));
        }
        if fix.action != FixAction::RemoveStatement && fix.replacement.is_empty() {
            return Err(bad("this action needs a `replacement`".to_string()));
        }
        rules.push(FixRule {
            functions: fix.functions,
            action: fix.action,
            replacement: fix.replacement,
            applicability,
            contexts,
            after_failure_of: fix.after_failure_of,
            title: fix.title,
            why: fix.why,
            cite: fix.cite,
        });
    }
    for spanned in &raw.spawn {
        let rule = spanned.get_ref();
        let kinds = [
            rule.action.is_some() || rule.flag.is_some(),
            rule.exec.is_some(),
            rule.drop,
            rule.env,
        ];
        if kinds.iter().filter(|k| **k).count() != 1 || rule.cite.trim().is_empty() {
            return Err(invalid(
                path,
                text,
                spanned.span(),
                "a [[spawn]] entry needs a `cite` and exactly one of action/flag, exec, drop, env"
                    .to_string(),
                None,
            ));
        }
    }
    Ok(FixTables {
        fixes: rules,
        spawn: raw.spawn.into_iter().map(Spanned::into_inner).collect(),
        prepare: raw.prepare,
    })
}
