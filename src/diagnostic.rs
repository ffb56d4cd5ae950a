//! Findings as data: what a lint reports, with no rendering.
//!
//! Renderers (`render/`) and, later, fixes and the language server read these;
//! lints build them through the constructors in their own files.

use serde::Serialize;

use crate::contexts::Hop;
use crate::knowledge::ContextKind;
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Where the restricted region starts.
#[derive(Debug, Clone)]
pub struct ContextInfo {
    pub kind: ContextKind,
    pub span: Span,
    /// The function named at the start: `fork`, `vfork`, `pthread_atfork`.
    pub callee: String,
    /// The label shown at `span`.
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    Safe,
    Unsafe,
    DisplayOnly,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    /// One line, lowercase, no final period.
    pub message: String,
    pub span: Span,
    pub label: String,
    /// The function called at `span`, when the finding is about a call.
    pub callee: Option<String>,
    pub context: Option<ContextInfo>,
    /// From the context's start to the flagged call (the flagged call last).
    pub chain: Vec<Hop>,
    /// The function the flagged code is written in.
    pub function: String,
    pub reasons: Vec<String>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// The order of output: path, line, column, code.
    pub fn sort_key(&self) -> (Span, &'static str, String) {
        (self.span, self.code, self.message.clone())
    }
}
