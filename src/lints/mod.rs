//! The rules. Start here to add one: write `src/lints/<name>.rs` with
//! `declare_rule!` and a `check` function, then add it to `RULES` (sorted by
//! code) and call it from `run`.
//!
//! Lints see contexts and calls from the IR, never parser nodes, and ask the
//! knowledge base about functions; no function name appears in a rule.

pub mod allocation_in_fork_child;
pub mod fork_without_exec;
pub mod non_exec_call_in_vfork_child;
pub mod panic_in_fork_child;
pub mod unknown_rule_in_suppression;
pub mod unsafe_call_in_fork_child;
pub mod unterminated_suppression;
pub mod unused_suppression;
pub mod unverified_call_in_fork_child;

use std::collections::{BTreeSet, HashSet};

use crate::callgraph::{self, Reached};
use crate::contexts::{Analysis, Context, HopKind};
use crate::diagnostic::{ContextInfo, Diagnostic, Severity};
use crate::knowledge::{ContextKind, LibcProfile, Safety, Verdict};
use crate::program::Target;
use crate::source::{SourceDb, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// A rule: its identity, defaults and documentation.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub enabled_by_default: bool,
    pub fix: FixAvailability,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`, …
    pub docs: &'static str,
    pub file: &'static str,
    pub line: u32,
}

impl Rule {
    /// The first sentence of the docs, on one line, for summaries.
    pub fn summary(&self) -> String {
        let body = self
            .docs
            .split("## What it does")
            .nth(1)
            .unwrap_or(self.docs);
        let paragraph = body.trim_start().split("\n\n").next().unwrap_or("");
        let words = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        match words.find(". ") {
            Some(end) => words[..=end].to_string(),
            None => words,
        }
    }
}

/// Declares a rule with its docs, as clippy's `declare_clippy_lint!` does.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $ident:ident: $code:literal, $name:literal,
        severity = $severity:ident, enabled = $enabled:literal, fix = $fix:ident $(,)?
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::lints::Rule = $crate::lints::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            enabled_by_default: $enabled,
            fix: $crate::lints::FixAvailability::$fix,
            docs: concat!($($doc, "\n"),*),
            file: file!(),
            line: line!(),
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, sorted by code.
pub static RULES: &[&Rule] = &[
    &unsafe_call_in_fork_child::UNSAFE_CALL_IN_FORK_CHILD,
    &unverified_call_in_fork_child::UNVERIFIED_CALL_IN_FORK_CHILD,
    &fork_without_exec::FORK_WITHOUT_EXEC,
    &allocation_in_fork_child::ALLOCATION_IN_FORK_CHILD,
    &panic_in_fork_child::PANIC_IN_FORK_CHILD,
    &non_exec_call_in_vfork_child::NON_EXEC_CALL_IN_VFORK_CHILD,
    &unused_suppression::UNUSED_SUPPRESSION,
    &unknown_rule_in_suppression::UNKNOWN_RULE_IN_SUPPRESSION,
    &unterminated_suppression::UNTERMINATED_SUPPRESSION,
];

/// The rule's page in `docs/rules/`, generated from its docs.
pub fn rule_page(rule: &Rule) -> String {
    let default = if rule.enabled_by_default {
        "on by default"
    } else {
        "off by default"
    };
    let docs: String = rule
        .docs
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "<!-- Generated from {} by `FORKLINT_BLESS=1 cargo test --test docs`; do not edit. -->\n# {} ({})\n\nSeverity: {}; {}.\n\n{}\n",
        rule.file,
        rule.name,
        rule.code,
        rule.severity.as_str(),
        default,
        docs.trim()
    )
}

/// The file name of a rule's page: `FL001-unsafe-call-in-fork-child.md`.
pub fn rule_page_name(rule: &Rule) -> String {
    format!("{}-{}.md", rule.code, rule.name)
}

/// Finds a rule by code or name.
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Which rules run, by code.
#[derive(Debug, Clone)]
pub struct RuleSelection {
    enabled: BTreeSet<&'static str>,
}

impl RuleSelection {
    pub fn defaults() -> RuleSelection {
        RuleSelection {
            enabled: RULES
                .iter()
                .filter(|r| r.enabled_by_default)
                .map(|r| r.code)
                .collect(),
        }
    }

    /// Rules matching a code, a name or a code prefix (`FL0`).
    pub fn matching(selector: &str) -> Vec<&'static Rule> {
        let upper = selector.to_ascii_uppercase();
        RULES
            .iter()
            .copied()
            .filter(|r| r.name == selector || r.code.starts_with(&upper) && !upper.is_empty())
            .collect()
    }

    pub fn set(&mut self, rules: &[&'static Rule]) {
        self.enabled = rules.iter().map(|r| r.code).collect();
    }

    pub fn enable(&mut self, rules: &[&'static Rule]) {
        self.enabled.extend(rules.iter().map(|r| r.code));
    }

    pub fn disable(&mut self, rules: &[&'static Rule]) {
        for rule in rules {
            self.enabled.remove(rule.code);
        }
    }

    pub fn is_enabled(&self, rule: &Rule) -> bool {
        self.enabled.contains(rule.code)
    }
}

/// What every lint may look at.
pub struct LintCtx<'a, 'p> {
    pub analysis: &'a Analysis<'p>,
    pub profile: LibcProfile,
    pub context: &'a Context<'p>,
    pub context_info: ContextInfo,
    /// The files' text, for fixes (which must know exactly what to replace).
    pub sources: &'a SourceDb,
    selection: &'a RuleSelection,
    diagnostics: &'a mut Vec<Diagnostic>,
    seen: &'a mut HashSet<(&'static str, Span, Span, Option<String>)>,
}

impl LintCtx<'_, '_> {
    pub fn report(&mut self, rule: &Rule, diagnostic: Diagnostic) {
        if !self.selection.is_enabled(rule) {
            return;
        }
        if self.seen.insert((
            diagnostic.code,
            diagnostic.span,
            self.context.start,
            diagnostic.callee.clone(),
        )) {
            self.diagnostics.push(diagnostic);
        }
    }

    pub fn verdict(&self, name: &str) -> Option<Verdict> {
        self.analysis
            .knowledge
            .verdict(name, self.profile, self.context.kind)
    }

    pub fn function_name(&self, reached: &Reached) -> String {
        self.analysis
            .program
            .function(reached.func)
            .qualified
            .clone()
    }
}

/// How a context is named in messages: "the child of `fork()`".
pub fn context_phrase(kind: ContextKind, start_callee: &str) -> String {
    match kind {
        ContextKind::AtforkChild => format!("a `{start_callee}` child handler"),
        ContextKind::CloneChild => format!("the child of `{start_callee}()`"),
        ContextKind::PreExec => "a `pre_exec` closure".to_string(),
        ContextKind::SignalHandler => "a signal handler".to_string(),
        _ => format!("the child of `{start_callee}()`"),
    }
}

fn context_info(analysis: &Analysis, context: &Context) -> ContextInfo {
    let label = match context.kind {
        ContextKind::AtforkChild => "child handler registered here".to_string(),
        ContextKind::CloneChild => "child function started here".to_string(),
        ContextKind::PreExec => "closure registered to run in the child here".to_string(),
        _ => "child process starts here".to_string(),
    };
    let _ = analysis;
    ContextInfo {
        kind: context.kind,
        span: context.start,
        callee: context.start_callee.clone(),
        label,
    }
}

/// Runs every enabled rule over every context.
pub fn run(
    analysis: &Analysis,
    sources: &SourceDb,
    profile: LibcProfile,
    selection: &RuleSelection,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen = HashSet::new();
    for context in &analysis.contexts {
        let first_of_context = diagnostics.len();
        let mut ctx = LintCtx {
            analysis,
            profile,
            context,
            context_info: context_info(analysis, context),
            sources,
            selection,
            diagnostics: &mut diagnostics,
            seen: &mut seen,
        };
        if context.daemon {
            fork_without_exec::check(&mut ctx);
            continue;
        }
        let reached = callgraph::reach(analysis, context);
        // A local dropped at one place is one finding, whichever of the calls
        // that produced it allocated.
        let mut drops_reported: HashSet<(Span, String)> = HashSet::new();
        for call in &reached {
            non_exec_call_in_vfork_child::check(&mut ctx, call);
            let (Target::External(name) | Target::Drop(name)) = &call.target else {
                continue;
            };
            let verdict = ctx.verdict(name);
            // A dropped value matters only when what owns it is heap memory.
            if matches!(call.target, Target::Drop(_)) {
                let owns_heap = verdict
                    .as_ref()
                    .is_some_and(|v| v.tags.iter().any(|tag| tag == "heap"));
                let binding = dropped_binding(call).unwrap_or_default();
                if !owns_heap || !drops_reported.insert((call.span, binding)) {
                    continue;
                }
            }
            match verdict.as_ref().map(|v| v.safety) {
                None => unverified_call_in_fork_child::check(&mut ctx, call, name),
                Some(Safety::Safe) => {}
                Some(Safety::Unsafe) => {
                    let Some(verdict) = verdict else { continue };
                    if verdict.tags.iter().all(|tag| tag == "panic") && !verdict.tags.is_empty() {
                        panic_in_fork_child::check(&mut ctx, call, name, &verdict);
                    } else {
                        unsafe_call_in_fork_child::check(&mut ctx, call, name, &verdict);
                    }
                }
                Some(Safety::AllocOnly) => {
                    if let Some(verdict) = verdict {
                        allocation_in_fork_child::check(&mut ctx, call, name, &verdict);
                    }
                }
            }
        }
        suggest_spawn(
            analysis,
            sources,
            context,
            &mut diagnostics[first_of_context..],
        );
    }
    diagnostics.sort_by_key(Diagnostic::sort_key);
    diagnostics
}

/// Offers the posix_spawn rewrite of a fork+exec child (or says what blocks
/// it) on the first of the context's findings.
fn suggest_spawn(
    analysis: &Analysis,
    sources: &SourceDb,
    context: &Context,
    found: &mut [Diagnostic],
) {
    let forks = matches!(
        context.kind,
        ContextKind::ForkChild | ContextKind::RawForkChild
    );
    if !forks || context.daemon || analysis.program.is_rust(context.start.file) {
        return;
    }
    // The first finding in the forking file, so the rewrite shows next to the fork.
    let Some(first) = found
        .iter_mut()
        .min_by_key(|d| (d.span.file != context.start.file, d.span))
    else {
        return;
    };
    match crate::suggest::spawn::rewrite(analysis, sources, context) {
        crate::suggest::spawn::Spawn::Rewrite(fix) => first.fixes.push(fix),
        crate::suggest::spawn::Spawn::Blocked { step, span } => {
            let file = sources.get(span.file);
            let (line, _) = file.line_col(span.start);
            first.notes.push(format!(
                "posix_spawn cannot replace this fork: the child calls {step} ({}:{line}); prepare everything the child needs before `fork()` and keep only async-signal-safe calls between `fork()` and `exec`",
                file.display
            ));
        }
        crate::suggest::spawn::Spawn::NotApplicable => {}
    }
}

/// What a rule says about a call it flags, in its own words.
pub struct CallWording {
    pub message: String,
    pub label: &'static str,
}

/// A finding about a call the knowledge base judged: the reason, the chain,
/// what the libc profile changed and the advice come from the verdict; the
/// wording from the rule.
pub fn call_diagnostic(
    ctx: &LintCtx,
    rule: &Rule,
    reached: &Reached,
    name: &str,
    verdict: &Verdict,
    wording: CallWording,
) -> Diagnostic {
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
    if let Some(advice) = crate::suggest::prepare::advice(
        ctx.analysis,
        reached,
        name,
        ctx.context.kind,
        &ctx.context.start_callee,
    ) {
        notes.push(advice);
    }
    Diagnostic {
        code: rule.code,
        rule: rule.name,
        severity: rule.severity,
        message: wording.message,
        span: reached.span,
        label: wording.label.to_string(),
        callee: Some(name.to_string()),
        context: Some(ctx.context_info.clone()),
        chain: reached.chain.clone(),
        function: ctx.function_name(reached),
        reasons: verdict.tags.clone(),
        notes,
        help: verdict.instead.clone(),
        fixes: crate::suggest::fixes::for_call(
            ctx.analysis.knowledge,
            ctx.analysis.program,
            ctx.sources,
            reached,
            name,
            ctx.context.kind,
        ),
    }
}

/// A finding about a `forklint:` comment rather than about code in a child.
pub fn comment_diagnostic(
    rule: &Rule,
    span: Span,
    message: String,
    label: &str,
    help: &str,
) -> Diagnostic {
    Diagnostic {
        code: rule.code,
        rule: rule.name,
        severity: rule.severity,
        message,
        span,
        label: label.to_string(),
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

/// For a value dropped in the child (a destructor call the front end made for
/// a local that owns what a call returned): the local's name.
pub fn dropped_binding(reached: &Reached) -> Option<String> {
    if reached.call.kind != crate::ir::CallKind::Drop {
        return None;
    }
    match reached.call.args.first() {
        Some(crate::ir::Value::Place(place)) => Some(place.0.clone()),
        _ => None,
    }
}

/// The chain's wording for notes: "`child_main` → `log_it`".
pub fn chain_summary(reached: &Reached) -> Option<String> {
    if reached.chain.len() < 2 {
        return None;
    }
    let mut parts = Vec::new();
    for hop in &reached.chain[..reached.chain.len() - 1] {
        match hop.kind {
            HopKind::ReturnTo => parts.push(format!("returns into `{}`", hop.caller)),
            HopKind::Macro => parts.push(format!("`{}` (macro)", hop.callee)),
            HopKind::Call => parts.push(format!("`{}`", hop.callee)),
        }
    }
    Some(format!("reached through {}", parts.join(" → ")))
}
