//! Output formats. One emitter per format; each takes the finished `Report`
//! and writes to a `&mut dyn Write`. Only this module formats text for users.

pub mod concise;
pub mod contexts;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod lsp;
pub mod sarif;

use crate::contexts::{Hop, HopKind};
use crate::diagnostic::Diagnostic;
use crate::lints::{Rule, rule_page_name};
use crate::source::SourceDb;

/// Where `docs/rules/` is published; a rule's page name is appended.
const RULE_DOCS_URI: &str = "https://github.com/forklint/forklint/blob/main/docs/rules/";

/// A file forklint could not analyse, or analysed only in part.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Everything one run produced.
pub struct Report<'a> {
    pub sources: &'a SourceDb,
    pub diagnostics: &'a [Diagnostic],
    pub errors: &'a [FileError],
    pub n_files: usize,
    pub duration_ms: u128,
}

/// 1-based line and column of a span's start and end.
pub fn line_col(sources: &SourceDb, span: crate::source::Span) -> (usize, usize, usize, usize) {
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    (line, column, end_line, end_column)
}

/// A fingerprint that survives line shifts: rule, callee, enclosing function,
/// the chain's callees and the flagged line's text without white space. FNV-1a
/// keeps it stable across Rust versions.
pub fn fingerprint(sources: &SourceDb, diagnostic: &Diagnostic) -> String {
    let file = sources.get(diagnostic.span.file);
    let (line, _) = file.line_col(diagnostic.span.start);
    let line_text: String = file
        .line_text(line)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut parts = vec![
        diagnostic.code.to_string(),
        file.display.clone(),
        diagnostic.callee.clone().unwrap_or_default(),
        diagnostic.function.clone(),
        line_text,
    ];
    parts.extend(diagnostic.chain.iter().map(|hop| hop.callee.clone()));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.join("\u{1f}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The address of a rule's page in the published `docs/rules/`.
pub fn rule_docs_url(rule: &Rule) -> String {
    format!("{RULE_DOCS_URI}{}", rule_page_name(rule))
}

/// What one step of a call chain says at its place.
pub fn hop_message(hop: &Hop) -> String {
    match hop.kind {
        HopKind::Call => format!("`{}` called here from `{}`", hop.callee, hop.caller),
        HopKind::ReturnTo => format!(
            "the child returns from `{}` into `{}` here",
            hop.callee, hop.caller
        ),
        HopKind::Macro => format!("in this expansion of the macro `{}`", hop.callee),
    }
}
