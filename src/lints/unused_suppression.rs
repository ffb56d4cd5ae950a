//! FL901: a `forklint: allow(...)` comment that suppresses nothing.

use crate::diagnostic::Diagnostic;
use crate::lints::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks for `forklint:` suppression comments that suppress no finding.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and its
    /// justification no longer describes the code.
    ///
    /// ## Example
    /// ```c
    /// write(2, msg, len);  // forklint: allow(FL001) -- was printf
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// write(2, msg, len);
    /// ```
    pub UNUSED_SUPPRESSION: "FL901", "unused-suppression",
        severity = Warning, enabled = true, fix = None,
}

pub(crate) fn diagnostic(span: Span, selectors: &str) -> Diagnostic {
    Diagnostic {
        code: UNUSED_SUPPRESSION.code,
        rule: UNUSED_SUPPRESSION.name,
        severity: UNUSED_SUPPRESSION.severity,
        message: format!("this suppression of `{selectors}` suppresses nothing"),
        span,
        label: "no finding here to suppress".to_string(),
        callee: None,
        context: None,
        chain: Vec::new(),
        function: String::new(),
        reasons: Vec::new(),
        notes: Vec::new(),
        help: Some("remove the comment".to_string()),
        fixes: Vec::new(),
    }
}
