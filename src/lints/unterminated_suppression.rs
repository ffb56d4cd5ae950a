//! FL903: a `begin-allow` without its `end-allow` (or the reverse).

use crate::diagnostic::Diagnostic;
use crate::lints::{comment_diagnostic, declare_rule};
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

pub(crate) fn diagnostic(span: Span) -> Diagnostic {
    comment_diagnostic(
        &UNTERMINATED_SUPPRESSION,
        span,
        "this `begin-allow` has no matching `end-allow`".to_string(),
        "unpaired suppression",
        "add `// forklint: end-allow(...)` with the same rules where the block ends",
    )
}

pub(crate) fn unmatched_end(span: Span) -> Diagnostic {
    comment_diagnostic(
        &UNTERMINATED_SUPPRESSION,
        span,
        "this `end-allow` has no matching `begin-allow`".to_string(),
        "unpaired suppression",
        "remove it, or add the `begin-allow` with the same rules",
    )
}
