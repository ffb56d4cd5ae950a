//! FL005: a call that may panic in a fork child or `pre_exec` closure.

use crate::callgraph::Reached;
use crate::diagnostic::Diagnostic;
use crate::knowledge::Verdict;
use crate::lints::{CallWording, LintCtx, call_diagnostic, context_phrase, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks for calls that panic on failure (`unwrap`, `expect`, `panic!`,
    /// `assert!`) in Rust code that runs in a fork child before exec or in a
    /// `CommandExt::pre_exec` closure.
    ///
    /// ## Why is this bad?
    /// A panic runs the panic hook, which read-locks a global lock and formats the
    /// message on the heap; in a fork child that lock may be held forever by a
    /// thread that no longer exists. In a `pre_exec` closure std aborts the child
    /// instead, so the parent sees a crash rather than an error. It is reported at
    /// a lower severity than a known-unsafe call because the panic path is the
    /// failure path.
    ///
    /// ## Example
    /// ```rust
    /// cmd.pre_exec(|| {
    ///     let fd = std::num::NonZeroI32::new(3).unwrap();
    ///     libc::close(fd.get());
    ///     Ok(())
    /// });
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// cmd.pre_exec(|| {
    ///     if libc::close(3) == -1 {
    ///         return Err(std::io::Error::last_os_error());
    ///     }
    ///     Ok(())
    /// });
    /// ```
    pub PANIC_IN_FORK_CHILD: "FL005", "panic-in-fork-child",
        severity = Warning, enabled = true, fix = None,
}

fn panic_diagnostic(ctx: &LintCtx, reached: &Reached, name: &str, verdict: &Verdict) -> Diagnostic {
    let phrase = context_phrase(ctx.context.kind, &ctx.context.start_callee);
    let wording = CallWording {
        message: format!("`{name}` may panic, and it runs in {phrase}"),
        label: "may panic in the child process",
    };
    call_diagnostic(ctx, &PANIC_IN_FORK_CHILD, reached, name, verdict, wording)
}

/// FL005
pub(crate) fn check(ctx: &mut LintCtx, reached: &Reached, name: &str, verdict: &Verdict) {
    let diagnostic = panic_diagnostic(ctx, reached, name, verdict);
    ctx.report(&PANIC_IN_FORK_CHILD, diagnostic);
}
