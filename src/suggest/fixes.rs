//! Machine-applicable fixes for flagged calls: `rules/fixes.toml` says which
//! calls have one; this module finds the exact text to change.
//!
//! A fix is offered only for a call written in the restricted region itself
//! (a helper that the parent also calls must not change behaviour), spelled
//! out at the call (not produced by a macro), and only when the text around
//! it has the expected shape; otherwise the finding has no fix.

use crate::callgraph::Reached;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::ir::{Block, Call, Cond, Effect, StmtKind, Value};
use crate::knowledge::{ContextKind, FixAction, FixRule, Knowledge, Role};
use crate::program::Program;
use crate::source::{FileId, SourceDb, Span};
use crate::suggest::text::{call_arguments, path_start};

/// The fixes for the flagged call `reached` to `name` in a `context` region.
pub fn for_call(
    knowledge: &Knowledge,
    program: &Program,
    sources: &SourceDb,
    reached: &Reached,
    name: &str,
    context: ContextKind,
) -> Vec<Fix> {
    let Some(rule) = knowledge.fix_rule(name) else {
        return Vec::new();
    };
    if !reached.direct || reached.span != reached.call.span || !rule.contexts.contains(&context) {
        return Vec::new();
    }
    if !rule.after_failure_of.is_empty() {
        let body = &program.function(reached.func).body;
        if !after_failure(knowledge, body, reached.call, &rule.after_failure_of) {
            return Vec::new();
        }
    }
    let text = &sources.get(reached.span.file).text;
    match edit(rule, text, reached.span) {
        Some(edit) => vec![Fix {
            title: rule.title.clone(),
            applicability: rule.applicability,
            edits: vec![edit],
        }],
        None => Vec::new(),
    }
}

/// The edit a rule makes at a call whose callee is written at `callee`.
fn edit(rule: &FixRule, text: &str, callee: Span) -> Option<Edit> {
    let written = text.get(callee.start as usize..callee.end as usize)?;
    let last = |name: &str| name.rsplit("::").next().unwrap_or(name).to_string();
    if !rule.functions.iter().any(|f| last(f) == last(written)) {
        return None;
    }
    let (args, call_end) = call_arguments(text, callee.end as usize)?;
    let at = |start: usize, end: usize, replacement: String| Edit {
        span: Span {
            file: callee.file,
            start: start as u32,
            end: end as u32,
        },
        replacement,
    };
    match rule.action {
        FixAction::Rename => Some(at(
            callee.start as usize,
            callee.end as usize,
            rule.replacement.clone(),
        )),
        FixAction::ReplaceCall => Some(at(
            path_start(text, callee.start as usize),
            call_end,
            rule.replacement.replace("{args}", args.trim()),
        )),
        FixAction::RemoveStatement => {
            let (start, end) = statement_extent(text, callee.start as usize, call_end)?;
            Some(at(start, end, String::new()))
        }
    }
}

/// The statement that is the call from `start` to `call_end` and its `;`, when
/// removing it leaves valid code: it must follow a `;`, `{`, `}` or label, not
/// be the body of an `if` or loop. A statement alone on its line takes the line.
fn statement_extent(text: &str, start: usize, call_end: usize) -> Option<(usize, usize)> {
    let after = &text[call_end..];
    let semicolon = call_end + after.find(|c: char| !c.is_whitespace())?;
    if text.as_bytes()[semicolon] != b';' {
        return None;
    }
    let before = text[..start].trim_end();
    if !(before.is_empty() || before.ends_with([';', '{', '}', ':'])) || before.ends_with("::") {
        return None;
    }
    let end = semicolon + 1;
    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
    let own_line = text[line_start..start].trim().is_empty();
    let rest = &text[end..line_end];
    if own_line && rest.trim().is_empty() {
        return Some((line_start, line_end));
    }
    // A comment after the statement stays, where the statement was.
    let comment = rest.trim_start();
    if own_line && (comment.starts_with("//") || comment.starts_with("/*")) {
        return Some((start, end + rest.len() - comment.len()));
    }
    Some((start, end))
}

/// Whether `call` sits in a branch chosen on the result of a call whose name
/// starts with one of `prefixes` (directly, or through a variable it was
/// assigned to in the same function). A branch on a fork's result says which
/// process runs, not that something failed, so forks do not count.
fn after_failure(knowledge: &Knowledge, body: &Block, call: &Call, prefixes: &[String]) -> bool {
    let matches = |callee: &crate::ir::Callee| match callee {
        crate::ir::Callee::Named(name) => {
            prefixes.iter().any(|p| name.starts_with(p.as_str()))
                && !matches!(
                    knowledge.role(name),
                    Some(Role::Fork | Role::RawFork | Role::Vfork)
                )
        }
        _ => false,
    };
    let mut places = Vec::new();
    collect_result_places(body, &matches, &mut places);
    let tests_result = |effects: &[Effect], values: &[&Value]| {
        values.iter().any(|value| match value {
            Value::CallResult(idx) => {
                matches!(effects.get(*idx), Some(Effect::Call(c)) if matches(&c.callee))
            }
            Value::Place(place) => places.contains(&place.0),
            _ => false,
        })
    };
    contains_guarded(body, call, &tests_result, false)
}

/// Places assigned the result of a matching call anywhere in `block`.
fn collect_result_places(
    block: &Block,
    matches: &dyn Fn(&crate::ir::Callee) -> bool,
    places: &mut Vec<String>,
) {
    for stmt in block {
        let effects = stmt.kind.effects();
        for effect in effects {
            if let Effect::Assign {
                target,
                value: Value::CallResult(idx),
            } = effect
                && matches!(effects.get(*idx), Some(Effect::Call(c)) if matches(&c.callee))
            {
                places.push(target.0.clone());
            }
        }
        for child in stmt.kind.blocks() {
            collect_result_places(child, matches, places);
        }
    }
}

/// Whether `call` is in `block` below a branch that `tests` accepts (or
/// `guarded` is already true).
fn contains_guarded(
    block: &Block,
    call: &Call,
    tests: &dyn Fn(&[Effect], &[&Value]) -> bool,
    guarded: bool,
) -> bool {
    block.iter().any(|stmt| {
        let here = stmt
            .kind
            .effects()
            .iter()
            .any(|effect| matches!(effect, Effect::Call(c) if std::ptr::eq(c, call)));
        if here {
            return guarded;
        }
        let guard = guarded
            || match &stmt.kind {
                StmtKind::If { effects, cond, .. } => tests(effects, &cond_values(cond)),
                StmtKind::Switch {
                    effects, scrutinee, ..
                } => tests(effects, &[scrutinee]),
                _ => false,
            };
        stmt.kind
            .blocks()
            .into_iter()
            .any(|child| contains_guarded(child, call, tests, guard))
    })
}

fn cond_values(cond: &Cond) -> Vec<&Value> {
    match cond {
        Cond::Cmp(a, _, b) => vec![a, b],
        Cond::Truthy(v) | Cond::Matches(v, _) => vec![v],
        Cond::Not(c) => cond_values(c),
        Cond::And(a, b) | Cond::Or(a, b) => {
            let mut values = cond_values(a);
            values.extend(cond_values(b));
            values
        }
        Cond::True | Cond::False | Cond::Unknown => Vec::new(),
    }
}

/// Which fixes `--fix` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only.
    Safe,
    /// Safe and unsafe fixes (`--unsafe-fixes`).
    Unsafe,
}

impl FixMode {
    pub fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self == FixMode::Unsafe,
            Applicability::DisplayOnly => false,
        }
    }
}

/// Applies to `text` (the file `file`) every fix the mode allows whose edits
/// are all in this file and overlap no edit taken before; returns the new text
/// and how many fixes were applied.
pub fn apply<'d>(
    text: &str,
    file: FileId,
    fixes: impl Iterator<Item = &'d Fix>,
    mode: FixMode,
) -> (String, usize) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let usable = mode.allows(fix.applicability)
            && fix.edits.iter().all(|edit| {
                edit.span.file == file
                    && text.is_char_boundary(edit.span.start as usize)
                    && text.is_char_boundary(edit.span.end as usize)
                    && taken
                        .iter()
                        .all(|t| edit.span.end <= t.span.start || t.span.end <= edit.span.start)
            });
        if usable && !fix.edits.is_empty() {
            taken.extend(fix.edits.iter());
            applied += 1;
        }
    }
    taken.sort_by_key(|edit| edit.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for edit in taken {
        out.push_str(&text[at..edit.span.start as usize]);
        out.push_str(&edit.replacement);
        at = edit.span.end as usize;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// How many syntax errors the front end finds in `text` (for checking that a
/// fixed file still parses as well as it did).
pub fn syntax_errors(path: &std::path::Path, text: &str) -> usize {
    use crate::frontend::c_treesitter;
    if path.extension().is_some_and(|e| e == "rs") {
        return usize::from(syn::parse_file(text).is_err());
    }
    match c_treesitter::parse(text, c_treesitter::may_be_c(path)) {
        Some((tree, _)) => c_treesitter::count_errors(tree.root_node()),
        None => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_alone_on_its_line_takes_the_line() {
        let text = "{\n    closelog();\n    x();\n}";
        let start = text.find("closelog").unwrap();
        let (_, end) = call_arguments(text, start + 8).unwrap();
        let (a, b) = statement_extent(text, start, end).unwrap();
        assert_eq!(&text[a..b], "    closelog();\n");
    }

    #[test]
    fn statement_that_is_a_branch_body_is_not_removed() {
        let text = "if (x) closelog();";
        let start = text.find("closelog").unwrap();
        let (_, end) = call_arguments(text, start + 8).unwrap();
        assert_eq!(statement_extent(text, start, end), None);
        let text = "} else closelog();";
        let start = text.find("closelog").unwrap();
        let (_, end) = call_arguments(text, start + 8).unwrap();
        assert_eq!(statement_extent(text, start, end), None);
    }
}
