//! FL004: heap allocation in a fork child, tolerated by the chosen libc.

use crate::callgraph::Reached;
use crate::diagnostic::Diagnostic;
use crate::knowledge::Verdict;
use crate::lints::{LintCtx, chain_summary, context_phrase, declare_rule, dropped_binding};

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
    /// ## References
    /// - glibc `posix/fork.c` and `malloc/arena.c` (malloc's fork handlers)
    pub ALLOCATION_IN_FORK_CHILD: "FL004", "allocation-in-fork-child",
        severity = Warning, enabled = true, fix = None,
}

fn allocation_diagnostic(
    ctx: &LintCtx,
    reached: &Reached,
    name: &str,
    verdict: &Verdict,
) -> Diagnostic {
    let phrase = context_phrase(ctx.context.kind, &ctx.context.start_callee);
    let mut notes = vec![format!("`{name}` {}", verdict.note)];
    if let Some(binding) = dropped_binding(reached) {
        notes.insert(
            0,
            format!("`{binding}` owns what `{name}` returned; dropping it frees that memory with `free()`"),
        );
    }
    if let Some(chain) = chain_summary(reached) {
        notes.push(chain);
    }
    if let Some(profile_note) = &verdict.profile_note {
        notes.push(profile_note.clone());
    }
    Diagnostic {
        code: ALLOCATION_IN_FORK_CHILD.code,
        rule: ALLOCATION_IN_FORK_CHILD.name,
        severity: ALLOCATION_IN_FORK_CHILD.severity,
        message: match dropped_binding(reached) {
            Some(binding) => format!("dropping `{binding}` frees heap memory in {phrase}"),
            None => format!("`{name}` allocates on the heap in {phrase}"),
        },
        span: reached.span,
        label: match dropped_binding(reached) {
            Some(_) => "dropped here in the child process".to_string(),
            None => "allocates in the child process".to_string(),
        },
        callee: Some(name.to_string()),
        context: Some(ctx.context_info.clone()),
        chain: reached.chain.clone(),
        function: ctx.function_name(reached),
        reasons: verdict.tags.clone(),
        notes,
        help: verdict.instead.clone(),
        fixes: Vec::new(),
    }
}

/// FL004
pub(crate) fn check(ctx: &mut LintCtx, reached: &Reached, name: &str, verdict: &Verdict) {
    let diagnostic = allocation_diagnostic(ctx, reached, name, verdict);
    ctx.report(&ALLOCATION_IN_FORK_CHILD, diagnostic);
}
