//! FL902: a suppression comment names a rule that does not exist.

use crate::diagnostic::Diagnostic;
use crate::lints::{comment_diagnostic, declare_rule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks for `forklint:` suppression comments that name no known rule
    /// (by code, name or code prefix).
    ///
    /// ## Why is this bad?
    /// A misspelt rule suppresses nothing, so the finding it was meant for is
    /// still reported, or, worse, the author believes it is handled.
    ///
    /// ## Example
    /// ```c
    /// closelog();  // forklint: allow(FL01) -- typo for FL001
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// closelog();  // forklint: allow(FL001) -- single-threaded here
    /// ```
    pub UNKNOWN_RULE_IN_SUPPRESSION: "FL902", "unknown-rule-in-suppression",
        severity = Warning, enabled = true, fix = None,
}

pub(crate) fn diagnostic(span: Span, selector: &str) -> Diagnostic {
    comment_diagnostic(
        &UNKNOWN_RULE_IN_SUPPRESSION,
        span,
        format!("`{selector}` is not a forklint rule code, name or code prefix"),
        "unknown rule",
        "run `forklint rules` for the list",
    )
}
