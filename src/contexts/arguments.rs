//! What a forking function's parameters hold on the way to its child's
//! `return`, and what its callers pass.
//!
//! squid's `ipcCreate(type, ...)` forks, and its child returns (instead of
//! exec'ing) only when `type == IPC_UDP_SOCKET` and a connect fails. A caller
//! passing `IPC_STREAM` never sees the child come back; a caller passing
//! `IPC_UDP_SOCKET` does. The flow narrows the parameters a track's path
//! guards on (`narrow`), the summary records their ranges per outcome at each
//! `return`, and a call whose argument cannot be in the range does not get
//! that outcome back (`possible`).
//!
//! An argument is known when it is an integer, a named constant
//! (`Program::constant`), or a field that the whole program only ever assigns
//! constants (`hlp->ipc_type`: field-based, every struct's field of that name
//! together, and 0 for zero-initialised storage). Positional aggregate
//! initializers (`{ "name", IPC_UDP_SOCKET }`) are not seen
//! (docs/known-limitations.md).

use std::collections::HashMap;

use crate::cfg::Guard;
use crate::contexts::flow::{ANY, Env, Range, Track, Values};
use crate::ir::{
    Block, Call, CallKind, CaseLabel, CmpOp, Cond, Effect, Function, Outcomes, StmtKind, Value,
};
use crate::program::Program;

/// The parameters of `function` that the body never assigns nor takes the
/// address of: what a guard says of them holds for the rest of the path.
pub(super) fn fixed_params(function: &Function) -> Vec<String> {
    let mut written: Vec<&str> = Vec::new();
    visit_values(&function.body, &mut |value| {
        if let Value::AddrOf(place) = value {
            written.push(&place.0);
        }
    });
    visit_effects(&function.body, &mut |effect| {
        if let Effect::Assign { target, .. } = effect {
            written.push(&target.0);
        }
    });
    function
        .params
        .iter()
        .filter(|param| !param.is_empty() && !written.contains(&param.as_str()))
        .cloned()
        .collect()
}

/// Narrows what the track knows of the parameters by the guard of the edge
/// it takes; `false` when the path contradicts it.
pub(super) fn narrow(track: &mut Track, guard: &Guard, env: &Env) -> bool {
    let mut facts = Vec::new();
    match guard {
        Guard::Always => return true,
        Guard::True(cond) => cond_facts(cond, true, env, &mut facts),
        Guard::False(cond) => cond_facts(cond, false, env, &mut facts),
        Guard::Case {
            scrutinee, labels, ..
        } => {
            if let Some(idx) = param_index(scrutinee, env) {
                let values: Option<Vec<i64>> = labels
                    .iter()
                    .map(|label| match label {
                        CaseLabel::Int(n) => Some(*n),
                        _ => None,
                    })
                    .collect();
                if let Some(values) = values.filter(|v| !v.is_empty()) {
                    let lo = *values.iter().min().unwrap_or(&0);
                    let hi = *values.iter().max().unwrap_or(&0);
                    facts.push((idx, CmpOp::Eq, (lo, hi)));
                }
            }
        }
    }
    if facts.is_empty() {
        return true;
    }
    if track.params.is_empty() {
        track.params = vec![ANY; env.params.len()];
    }
    for (idx, op, constant) in facts {
        let range = apply(track.params[idx], op, constant);
        if range.0 > range.1 {
            return false;
        }
        track.params[idx] = range;
    }
    true
}

fn param_index(value: &Value, env: &Env) -> Option<usize> {
    let Value::Place(place) = value else {
        return None;
    };
    env.params.iter().position(|param| *param == place.0)
}

fn constant(value: &Value, env: &Env) -> Option<Range> {
    match value {
        Value::Int(n) => Some((*n, *n)),
        Value::Place(place) => (env.constant)(&place.0),
        Value::FuncRef(name) => (env.constant)(name),
        _ => None,
    }
}

/// What `cond` being `holds` says of parameters: (parameter, operator,
/// constant) facts.
fn cond_facts(cond: &Cond, holds: bool, env: &Env, out: &mut Vec<(usize, CmpOp, Range)>) {
    match cond {
        Cond::Cmp(left, op, right) => {
            let (idx, op, value) = match (param_index(left, env), param_index(right, env)) {
                (Some(idx), None) => (idx, *op, right),
                (None, Some(idx)) => (idx, swapped(*op), left),
                _ => return,
            };
            if let Some(value) = constant(value, env) {
                out.push((idx, if holds { op } else { negated(op) }, value));
            }
        }
        Cond::Truthy(value) => {
            if let Some(idx) = param_index(value, env) {
                out.push((idx, if holds { CmpOp::Ne } else { CmpOp::Eq }, (0, 0)));
            }
        }
        Cond::Not(inner) => cond_facts(inner, !holds, env, out),
        Cond::And(left, right) if holds => {
            cond_facts(left, true, env, out);
            cond_facts(right, true, env, out);
        }
        Cond::Or(left, right) if !holds => {
            cond_facts(left, false, env, out);
            cond_facts(right, false, env, out);
        }
        _ => {}
    }
}

fn negated(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Le => CmpOp::Gt,
    }
}

/// `c < p` is `p > c`.
fn swapped(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// The values of `range` for which `value op constant` can hold (empty when
/// `lo > hi`).
fn apply(range: Range, op: CmpOp, (lo, hi): Range) -> Range {
    let (mut r_lo, mut r_hi) = range;
    match op {
        CmpOp::Eq => {
            r_lo = r_lo.max(lo);
            r_hi = r_hi.min(hi);
        }
        CmpOp::Ne if lo == hi => {
            if r_lo == lo {
                r_lo = r_lo.saturating_add(1);
            }
            if r_hi == lo {
                r_hi = r_hi.saturating_sub(1);
            }
        }
        CmpOp::Ne => {}
        CmpOp::Lt => r_hi = r_hi.min(hi.saturating_sub(1)),
        CmpOp::Le => r_hi = r_hi.min(hi),
        CmpOp::Gt => r_lo = r_lo.max(lo.saturating_add(1)),
        CmpOp::Ge => r_lo = r_lo.max(lo),
    }
    (r_lo, r_hi)
}

/// Per parameter position (one entry per `Env::params`, in order), what it
/// holds at the returns of each outcome.
pub(super) type ParamRanges = Vec<(usize, Values)>;

/// Adds what a returning track knows of the parameters to a summary's ranges.
pub(super) fn record(ranges: &mut ParamRanges, function: &Function, env: &Env, track: &Track) {
    if ranges.is_empty() {
        *ranges = env
            .params
            .iter()
            .filter_map(|name| function.params.iter().position(|p| p == name))
            .map(|pos| (pos, Values::NONE))
            .collect();
    }
    for (k, (_, values)) in ranges.iter_mut().enumerate() {
        let range = track.params.get(k).copied().unwrap_or(ANY);
        for outcome in track.outcomes.iter() {
            values.widen(outcome, range);
        }
    }
}

/// The outcomes of a summary that can come back from a call with these
/// argument values (`arg` gives an argument's range when known).
pub(super) fn possible(
    outcomes: Outcomes,
    ranges: &ParamRanges,
    args: &[Value],
    arg: &dyn Fn(&Value) -> Option<Vec<Range>>,
) -> Outcomes {
    let mut kept = outcomes;
    for (pos, values) in ranges {
        let Some(passed) = args.get(*pos).and_then(arg) else {
            continue;
        };
        for outcome in outcomes.iter() {
            let needed = values.get(outcome);
            if passed
                .iter()
                .all(|value| value.1 < needed.0 || needed.1 < value.0)
            {
                kept = Outcomes(kept.0 & !outcome.0);
            }
        }
    }
    kept
}

/// More distinct values than this make a field's values unknown.
const MAX_FIELD_VALUES: usize = 32;

/// The values an argument may have at a call: an integer, a named constant's
/// values, or those of a field only ever assigned constants.
pub(super) fn passed(
    program: &Program,
    fields: &HashMap<String, Option<Vec<Range>>>,
    call: &Call,
    value: &Value,
) -> Option<Vec<Range>> {
    if call.kind != CallKind::Plain || program.is_rust(call.span.file) {
        return None;
    }
    if let Some(values) = constant_values(program, value) {
        return Some(values.iter().map(|v| (*v, *v)).collect());
    }
    let Value::Place(place) = value else {
        return None;
    };
    fields.get(field_name(&place.0)?)?.clone()
}

/// The values of an integer or a named constant.
fn constant_values<'v>(program: &'v Program, value: &'v Value) -> Option<&'v [i64]> {
    match value {
        Value::Int(n) => Some(std::slice::from_ref(n)),
        Value::Place(place) => program.constant_values(&place.0),
        Value::FuncRef(name) => program.constant_values(name),
        _ => None,
    }
}

/// The values each field name is assigned anywhere in the C and C++ code,
/// when they are all constants (zero included, for zeroed storage); `None`
/// for a field assigned anything else or whose address is taken.
pub(super) fn field_values(program: &Program) -> HashMap<String, Option<Vec<Range>>> {
    let mut fields: HashMap<String, Option<Vec<Range>>> = HashMap::new();
    let mut add = |field: &str, values: Option<&[i64]>| {
        let entry = fields
            .entry(field.to_string())
            .or_insert_with(|| Some(vec![(0, 0)]));
        match (entry.as_mut(), values) {
            (Some(known), Some(values)) => {
                for value in values {
                    if !known.contains(&(*value, *value)) {
                        known.push((*value, *value));
                    }
                }
                if known.len() > MAX_FIELD_VALUES {
                    *entry = None;
                }
            }
            _ => *entry = None,
        }
    };
    let mut scan = |body: &Block| {
        visit_effects(body, &mut |effect| {
            if let Effect::Assign { target, value } = effect
                && let Some(field) = field_name(&target.0)
            {
                add(field, constant_values(program, value));
            }
        });
        visit_values(body, &mut |value| {
            if let Value::AddrOf(place) = value
                && let Some(field) = field_name(&place.0)
            {
                add(field, None);
            }
        });
    };
    for id in program.function_ids() {
        let function = program.function(id);
        if !program.is_rust(function.span.file) {
            scan(&function.body);
        }
    }
    for id in program.macro_ids() {
        scan(&program.macro_def(id).body);
    }
    fields
}

/// `ipc_type` for `hlp->ipc_type` or `p.ipc_type`.
pub(super) fn field_name(place: &str) -> Option<&str> {
    let cut = place
        .rfind("->")
        .map(|i| i + 2)
        .or_else(|| place.rfind('.').map(|i| i + 1))?;
    let name = &place[cut..];
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some(name)
}

fn visit_effects<'b>(block: &'b Block, f: &mut dyn FnMut(&'b Effect)) {
    for stmt in block {
        stmt.kind.effects().iter().for_each(&mut *f);
        for inner in stmt.kind.blocks() {
            visit_effects(inner, f);
        }
    }
}

/// Every value the block evaluates: call arguments, assigned values,
/// conditions, switch scrutinees and returned values.
fn visit_values<'b>(block: &'b Block, f: &mut dyn FnMut(&'b Value)) {
    fn cond<'b>(c: &'b Cond, f: &mut dyn FnMut(&'b Value)) {
        match c {
            Cond::Cmp(left, _, right) => {
                f(left);
                f(right);
            }
            Cond::Truthy(value) | Cond::Matches(value, _) => f(value),
            Cond::Not(inner) => cond(inner, f),
            Cond::And(left, right) | Cond::Or(left, right) => {
                cond(left, f);
                cond(right, f);
            }
            Cond::True | Cond::False | Cond::Unknown => {}
        }
    }
    for stmt in block {
        for effect in stmt.kind.effects() {
            match effect {
                Effect::Call(call) => call.args.iter().for_each(&mut *f),
                Effect::Assign { value, .. } => f(value),
            }
        }
        match &stmt.kind {
            StmtKind::If { cond: c, .. } | StmtKind::Loop { cond: c, .. } => cond(c, f),
            StmtKind::Switch { scrutinee, .. } => f(scrutinee),
            StmtKind::Return {
                value: Some(value), ..
            } => f(value),
            _ => {}
        }
        for inner in stmt.kind.blocks() {
            visit_values(inner, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards_narrow_ranges() {
        assert_eq!(apply(ANY, CmpOp::Eq, (2, 2)), (2, 2));
        assert_eq!(apply((2, 2), CmpOp::Ne, (2, 2)), (3, 1));
        assert_eq!(apply((1, 3), CmpOp::Ne, (1, 1)), (2, 3));
        assert_eq!(apply(ANY, CmpOp::Lt, (0, 0)), (i64::MIN, -1));
        assert_eq!(apply((5, 9), CmpOp::Ge, (7, 7)), (7, 9));
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("hlp->ipc_type"), Some("ipc_type"));
        assert_eq!(field_name("a.b->c"), Some("c"));
        assert_eq!(field_name("type"), None);
        assert_eq!(field_name("a[i]"), None);
    }
}
