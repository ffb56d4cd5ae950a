//! FL903: a `begin-allow` without its `end-allow` (or the reverse).

use crate::diagnostic::Diagnostic;
use crate::lints::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks for `forklint: begin-allow(...)` comments with no matching
    /// `forklint: end-allow(...)` later in the file, and for `end-allow`
    /// comments with no `begin-allow` before them.
    ///
    /// ## Why is this bad?
    /// An unterminated block suppression silently covers the rest of the file.
    ///
    /// ## Example
    /// ```c
    /// // forklint: begin-allow(FL004) -- allocation is fine with our allocator
    /// child_setup();
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// // forklint: begin-allow(FL004) -- allocation is fine with our allocator
    /// child_setup();
    /// // forklint: end-allow(FL004)
    /// ```
    pub UNTERMINATED_SUPPRESSION: "FL903", "unterminated-suppression",
        severity = Warning, enabled = true, fix = None,
}

fn suppression_diagnostic(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic {
        code: UNTERMINATED_SUPPRESSION.code,
        rule: UNTERMINATED_SUPPRESSION.name,
        severity: UNTERMINATED_SUPPRESSION.severity,
        message,
        span,
        label: "unpaired suppression".to_string(),
        callee: None,
        context: None,
        chain: Vec::new(),
        function: String::new(),
        reasons: Vec::new(),
        notes: Vec::new(),
        help: Some(help.to_string()),
        fixes: Vec::new(),
    }
}

pub(crate) fn diagnostic(span: Span) -> Diagnostic {
    suppression_diagnostic(
        span,
        "this `begin-allow` has no matching `end-allow`".to_string(),
        "add `// forklint: end-allow(...)` with the same rules where the block ends",
    )
}

pub(crate) fn unmatched_end(span: Span) -> Diagnostic {
    suppression_diagnostic(
        span,
        "this `end-allow` has no matching `begin-allow`".to_string(),
        "remove it, or add the `begin-allow` with the same rules",
    )
}
