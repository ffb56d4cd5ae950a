//! Functions that always return the same constant: `ipcCloseAllFD()` closes
//! the descriptors and returns -1, so a fork wrapper whose child ends in
//! `return ipcCloseAllFD(...)` hands -1 to its caller, and the caller's
//! `if (pid < 0)` takes the child down the error branch.
//!
//! Functions that return what a parameter points to: `get_pid(e)` returns
//! `e->pid`, so a caller that tracks `ei->pid` tracks `get_pid(ei)` too.

use crate::contexts::Analysis;
use crate::contexts::flow::{CallEffect, Range, hull};
use crate::ir::{Block, Call, Effect, Place, StmtKind, Value};
use crate::program::{FnId, Target};

/// A function is followed through at most this many calls that return a
/// callee's result.
const MAX_ROUNDS: usize = 8;

/// A `return` statement: its effects and its value.
pub(super) type Return<'p> = (&'p [Effect], Option<&'p Value>);

impl<'p> Analysis<'p> {
    /// Every function's `return` statements, by function id.
    pub(super) fn returns(&self) -> Vec<Vec<Return<'p>>> {
        self.program
            .function_ids()
            .map(|id| {
                let mut returns = Vec::new();
                collect_returns(&self.program.function(id).body, &mut returns);
                returns
            })
            .collect()
    }

    /// For each function, the range of every value it returns, when all of
    /// them are integer constants or results of such functions.
    pub(super) fn constant_returns(&self, returns: &[Vec<Return<'p>>]) -> Vec<Option<Range>> {
        let mut known: Vec<Option<Range>> = vec![None; self.program.n_functions()];
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            for id in self.program.function_ids() {
                if known[id.0 as usize].is_some() {
                    continue;
                }
                let range = returns[id.0 as usize].iter().try_fold(
                    None,
                    |acc: Option<Range>, (effects, value)| {
                        let range = self.value_range(id, effects, (*value)?, &known)?;
                        Some(Some(acc.map_or(range, |acc| hull(acc, range))))
                    },
                );
                if let Some(Some(range)) = range {
                    known[id.0 as usize] = Some(range);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        known
    }

    /// For each function that returns a parameter or a field below one on
    /// every path that does not return a constant (`return e->pid;`, with
    /// `return -1;` when `e` is null): the parameter's index and the path.
    pub(super) fn projections(&self, returns: &[Vec<Return<'p>>]) -> Vec<Option<(usize, String)>> {
        self.program
            .function_ids()
            .map(|id| {
                let function = self.program.function(id);
                let mut found: Option<(usize, String)> = None;
                for (_, value) in &returns[id.0 as usize] {
                    match value {
                        Some(Value::Int(_)) => {}
                        Some(Value::Place(place)) => {
                            let projected =
                                function.params.iter().enumerate().find_map(|(i, param)| {
                                    let rest = place.0.strip_prefix(param.as_str())?;
                                    (rest.is_empty()
                                        || rest.starts_with("->")
                                        || rest.starts_with('.'))
                                    .then(|| (i, rest.to_string()))
                                })?;
                            if found.as_ref().is_some_and(|f| *f != projected) {
                                return None;
                            }
                            found = Some(projected);
                        }
                        _ => return None,
                    }
                }
                found
            })
            .collect()
    }

    /// The range of a returned value: a constant, or the result of a call to
    /// functions that return constants.
    pub(super) fn value_range(
        &self,
        func: FnId,
        effects: &[Effect],
        value: &Value,
        known: &[Option<Range>],
    ) -> Option<Range> {
        match value {
            Value::Int(n) => Some((*n, *n)),
            Value::CallResult(idx) => {
                let Some(Effect::Call(call)) = effects.get(*idx) else {
                    return None;
                };
                let Target::Defined(ids) = self.resolve(func, call) else {
                    return None;
                };
                ids.iter().try_fold(None, |acc: Option<Range>, id| {
                    let range = known[id.0 as usize]?;
                    Some(Some(acc.map_or(range, |acc| hull(acc, range))))
                })?
            }
            _ => None,
        }
    }
}

/// Every `return` of the block, at any depth: its effects and its value.
fn collect_returns<'b>(block: &'b Block, out: &mut Vec<Return<'b>>) {
    for stmt in block {
        if let StmtKind::Return { effects, value } = &stmt.kind {
            out.push((effects, value.as_ref()));
        }
        for inner in stmt.kind.blocks() {
            collect_returns(inner, out);
        }
    }
}

/// What a call to a projecting function does to the flow: its result is the
/// place it projects from the argument.
pub(super) fn projection(
    call: &Call,
    ids: &[FnId],
    projections: &[Option<(usize, String)>],
) -> CallEffect {
    let [id] = ids else {
        return CallEffect::Plain;
    };
    let Some((index, path)) = &projections[id.0 as usize] else {
        return CallEffect::Plain;
    };
    match call.args.get(*index) {
        Some(Value::Place(place)) => CallEffect::Projects(Place(format!("{}{path}", place.0))),
        _ => CallEffect::Plain,
    }
}
