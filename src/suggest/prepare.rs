//! Pre-fork preparation: a call in the child that only prepares data
//! (`[[prepare]]` in `rules/fixes.toml`) can be made before the fork, and the
//! child can use its result. The advice names the variables that would move.

use crate::callgraph::Reached;
use crate::contexts::Analysis;
use crate::ir::{Block, Call, Effect, Value};
use crate::knowledge::ContextKind;

/// The advice for the flagged call `reached` to `name`, when the call is
/// written in the region itself and only prepares data.
pub fn advice(
    analysis: &Analysis,
    reached: &Reached,
    name: &str,
    context: ContextKind,
    start_callee: &str,
) -> Option<String> {
    let rule = analysis.knowledge.prepare_rule(name)?;
    let drop = reached.call.kind == crate::ir::CallKind::Drop;
    if drop || !reached.direct || reached.span != reached.call.span {
        return None;
    }
    let before = match context {
        ContextKind::ForkChild | ContextKind::RawForkChild | ContextKind::VforkChild => {
            format!("`{start_callee}()`")
        }
        ContextKind::PreExec => "`spawn()` and move the result into the closure".to_string(),
        _ => return None,
    };
    let body = &analysis.program.function(reached.func).body;
    let mut moved: Vec<String> = assigned_from(body, reached.call).unwrap_or_default();
    if let Some(Value::Place(place)) = rule.writes_arg.and_then(|i| reached.call.args.get(i)) {
        moved.push(place.0.clone());
    }
    moved.dedup();
    let what = if moved.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = moved.iter().map(|m| format!("`{m}`")).collect();
        format!("; what would move: {}", names.join(", "))
    };
    Some(format!(
        "`{name}` only prepares what the child uses: make the call before {before}{what}"
    ))
}

/// The places the result of `call` is assigned to in the statement that makes it.
fn assigned_from(block: &Block, call: &Call) -> Option<Vec<String>> {
    let effects = crate::ir::stmt_making(block, call)?.kind.effects();
    let idx = effects
        .iter()
        .position(|e| matches!(e, Effect::Call(c) if std::ptr::eq(c, call)))?;
    Some(
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Assign {
                    target,
                    value: Value::CallResult(i),
                } if *i == idx => Some(target.0.clone()),
                _ => None,
            })
            .collect(),
    )
}
