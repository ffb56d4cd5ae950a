//! FL004: heap allocation in a fork child, tolerated by the chosen libc.

use crate::callgraph::Reached;
use crate::diagnostic::Diagnostic;
use crate::knowledge::Verdict;
use crate::lints::{
    CallWording, LintCtx, call_diagnostic, context_phrase, declare_rule, dropped_binding,
};

declare_rule! {
    /// ## What it does
    /// Checks for calls whose only hazard is heap allocation (`malloc`, `free`,
    /// `strdup`, C++ `new`, `delete`, `throw`, `std::string`, containers) in the
    /// child of `fork()` before exec, when the selected C library makes that work.
    ///
    /// ## Why is this bad?
    /// `malloc` is not async-signal-safe. glibc's and musl's (1.2.2 and later)
    /// `fork()` take and reset the allocator's locks, so allocation in the child
    /// usually works with those allocators, but not with an interposed allocator
    /// (tcmalloc, jemalloc) without fork handlers, not after `_Fork()`, `vfork()`
    /// or `clone()`, and not on other C libraries. With `--libc posix` these calls
    /// are reported as `unsafe-call-in-fork-child` instead.
    ///
    /// ## Example
    /// ```c
    /// if (fork() == 0) {
    ///     char *path = strdup(dir);
    ///     execl(path, path, NULL);
    ///     _exit(127);
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// char *path = strdup(dir);
    /// if (fork() == 0) {
    ///     execl(path, path, NULL);
    ///     _exit(127);
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// In Rust, `io::Error::other(..)`/`io::Error::new(..)` after a failed libc
    /// or nix call has an unsafe fix to `io::Error::last_os_error()`; calls
    /// that only prepare data come with the advice to make them before the
    /// fork. See FL001 for the posix_spawn rewrite.
    ///
    /// ## References
    /// - glibc `posix/fork.c` and `malloc/arena.c` (malloc's fork handlers)
    pub ALLOCATION_IN_FORK_CHILD: "FL004", "allocation-in-fork-child",
        severity = Warning, enabled = true, fix = Sometimes,
}

fn allocation_diagnostic(
    ctx: &LintCtx,
    reached: &Reached,
    name: &str,
    verdict: &Verdict,
) -> Diagnostic {
    let phrase = context_phrase(ctx.context.kind, &ctx.context.start_callee);
    let wording = match dropped_binding(reached) {
        Some(binding) => CallWording {
            message: format!("dropping `{binding}` frees heap memory in {phrase}"),
            label: "dropped here in the child process",
        },
        None => CallWording {
            message: format!("`{name}` allocates on the heap in {phrase}"),
            label: "allocates in the child process",
        },
    };
    call_diagnostic(
        ctx,
        &ALLOCATION_IN_FORK_CHILD,
        reached,
        name,
        verdict,
        wording,
    )
}

/// FL004
pub(crate) fn check(ctx: &mut LintCtx, reached: &Reached, name: &str, verdict: &Verdict) {
    let diagnostic = allocation_diagnostic(ctx, reached, name, verdict);
    ctx.report(&ALLOCATION_IN_FORK_CHILD, diagnostic);
}
