//! The fork-outcome data flow over one function's control-flow graph.
//!
//! Each fork (or call to a function that returns a fork's result) starts a
//! *track*: the set of outcomes still possible on this path (child, parent,
//! error) and the places that hold the fork's return value. Assignments move
//! the value between variables, fields and out-parameters; branch guards on
//! those places narrow the outcomes. A call made while a track still allows the
//! child outcome runs in that fork's child.

use crate::cfg::{Cfg, ENTRY, Guard};
use crate::ir::{CaseLabel, CmpOp, Cond, Effect, Outcomes, Place, RUST_ERR, Value};

/// Temporaries (call results within one statement) are tracked in a bit set.
const MAX_TEMPS: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    pub site: u32,
    pub outcomes: Outcomes,
    /// The values the tracked result can hold, for each outcome.
    pub values: Values,
    pub aliases: Vec<Place>,
    pub temps: u64,
    /// Places holding a pointer to what holds the result (`ei` when
    /// `ei->pid` is tracked), and the values such a pointer has per outcome
    /// (a wrapper returns `NULL` when the fork failed).
    pub pointers: Vec<Place>,
    pub pointer_values: Values,
    /// The ranges of the statement's call results known from the callee
    /// alone (`execv(...) == -1` holds when `execv` returns).
    pub results: Vec<(usize, Range)>,
    /// What the function's parameters hold on this path since the track
    /// started (`type == IPC_UDP_SOCKET` on the way to a child's `return`), in
    /// the order of `Env::params`; empty while nothing is known.
    pub params: Vec<Range>,
    /// The node and effect whose call started the track: tracks started by
    /// one call are alternatives (two definitions of a wrapper), never one
    /// fork inside the other's child.
    pub started_at: (usize, usize),
    /// Some path to here did not start the track (`if (daemonize) fork();`):
    /// being in its child is then not certain.
    pub maybe_absent: bool,
    /// Flags: places assigned a constant where only one outcome was
    /// possible (`already_forked = 1;` in the child's branch), with the
    /// values they hold per outcome, so `if (already_forked)` narrows like
    /// the pid. Sorted by place.
    pub flags: Vec<(Place, Values)>,
}

/// What the flow knows of the function it runs on.
pub struct Env<'a> {
    /// Parameters never assigned in the function: a guard on one holds for
    /// the rest of the path.
    pub params: &'a [String],
    /// The value of a named constant (`IPC_UDP_SOCKET`).
    pub constant: &'a dyn Fn(&str) -> Option<Range>,
}

fn no_constant(_: &str) -> Option<Range> {
    None
}

impl Env<'static> {
    /// Nothing known: no parameter is followed, no name is a constant.
    pub const NONE: Env<'static> = Env {
        params: &[],
        constant: &no_constant,
    };
}

/// An inclusive range of integers.
pub type Range = (i64, i64);

/// Nothing is known of a value.
pub const ANY: Range = (i64::MIN, i64::MAX);

/// The smallest range that holds both.
pub fn hull(a: Range, b: Range) -> Range {
    (a.0.min(b.0), a.1.max(b.1))
}

/// The value a fork-like result holds in each outcome (child, parent, error).
/// A fork returns 0, a pid and -1; a wrapper can return what it likes, and a
/// wrapper whose child returns a constant (`return -1;` after a failed
/// `connect`) lets the caller's `if (pid < 0)` send the child down the error
/// branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Values(pub [Range; 3]);

impl Values {
    /// What `fork()` returns.
    pub const FORK: Values = Values([(0, 0), (1, i64::MAX), (-1, -1)]);
    /// No value yet (the start of a hull).
    pub const NONE: Values = Values([(i64::MAX, i64::MIN); 3]);

    pub(crate) fn slot(outcome: Outcomes) -> usize {
        match outcome {
            Outcomes::CHILD => 0,
            Outcomes::PARENT => 1,
            _ => 2,
        }
    }

    pub fn get(&self, outcome: Outcomes) -> Range {
        self.0[Self::slot(outcome)]
    }

    /// Widens the outcome's range to cover `range`; whether it changed.
    pub fn widen(&mut self, outcome: Outcomes, range: Range) -> bool {
        let slot = &mut self.0[Self::slot(outcome)];
        let widened = hull(*slot, range);
        let changed = widened != *slot;
        *slot = widened;
        changed
    }
}

/// What happens at a call, as far as the flow is concerned.
#[derive(Debug, Clone)]
pub enum CallEffect {
    Plain,
    /// The call does not return.
    NoReturn,
    /// The call starts tracks: a fork, or a function whose summary says a fork
    /// escapes from it.
    Starts(Vec<TrackStart>),
    /// The call returns what a place it is given holds (`get_pid(ei)` returns
    /// `ei->pid`): the result is tracked where that place is.
    Projects(Place),
    /// The call returns a value in this range whenever it returns (`execv`
    /// returns only to fail, with -1).
    Returns(Range),
}

#[derive(Debug, Clone)]
pub struct TrackStart {
    pub site: u32,
    pub outcomes: Outcomes,
    pub values: Values,
    pub binds_result: bool,
    /// Fields of the returned value that hold the fork's result (`->pid`
    /// when the wrapper returns a struct whose `pid` is the fork's).
    pub result_fields: Vec<String>,
    /// Places the call writes the fork's result to (out-parameters).
    pub binds: Vec<Place>,
    /// The values of the returned pointer, when `result_fields` are fields
    /// below it.
    pub pointer_values: Values,
}

/// The place standing for a field of the `n`th effect's result until it is
/// assigned somewhere (`$result2->pid`).
fn result_place(effect_idx: usize, field: &str) -> Place {
    Place(format!("{RESULT}{effect_idx}{field}"))
}

const RESULT: &str = "$result";

/// `rest` when `place` is `base` followed by a field path (`->pid`, `.pid`).
fn field_of<'a>(place: &'a str, base: &str) -> Option<&'a str> {
    let rest = place.strip_prefix(base)?;
    (rest.starts_with("->") || rest.starts_with('.')).then_some(rest)
}

pub type State = Vec<Track>;

/// Runs the flow to a fixpoint; returns the state at the entry of each node
/// (`None` for unreachable nodes).
pub fn solve(
    cfg: &Cfg,
    env: &Env,
    effect_of: &mut dyn FnMut(usize, usize) -> CallEffect,
) -> Vec<Option<State>> {
    solve_from(cfg, env, Vec::new(), effect_of)
}

/// `solve`, with tracks already in force at the entry.
pub fn solve_from(
    cfg: &Cfg,
    env: &Env,
    entry: State,
    effect_of: &mut dyn FnMut(usize, usize) -> CallEffect,
) -> Vec<Option<State>> {
    let n_nodes = cfg.nodes.len();
    let mut states: Vec<Option<State>> = vec![None; n_nodes];
    states[ENTRY] = Some(entry);
    let mut worklist = vec![ENTRY];
    let mut queued = vec![false; n_nodes];
    queued[ENTRY] = true;
    // Bound the work: the lattice is finite, but keep a hard cap for safety.
    let mut budget = n_nodes * 64 + 1024;
    while let Some(node_idx) = worklist.pop() {
        queued[node_idx] = false;
        if budget == 0 {
            break;
        }
        budget -= 1;
        let Some(input) = states[node_idx].clone() else {
            continue;
        };
        let Some(output) = transfer(cfg, node_idx, input, effect_of) else {
            continue;
        };
        for edge in &cfg.nodes[node_idx].succs {
            let Some(refined) = refine(&output, &edge.guard, env) else {
                continue;
            };
            let changed = match &mut states[edge.to] {
                slot @ None => {
                    *slot = Some(refined);
                    true
                }
                Some(existing) => join_into(existing, &refined),
            };
            if changed && !queued[edge.to] {
                queued[edge.to] = true;
                worklist.push(edge.to);
            }
        }
    }
    states
}

/// Applies a node's effects. `None` when the node does not return (a call
/// that does not return).
pub fn transfer(
    cfg: &Cfg,
    node_idx: usize,
    tracks: State,
    effect_of: &mut dyn FnMut(usize, usize) -> CallEffect,
) -> Option<State> {
    transfer_observed(cfg, node_idx, tracks, effect_of, &mut |_, _| {})
}

/// `transfer`, calling `observe` with the state in force before each effect.
pub fn transfer_observed(
    cfg: &Cfg,
    node_idx: usize,
    mut tracks: State,
    effect_of: &mut dyn FnMut(usize, usize) -> CallEffect,
    observe: &mut dyn FnMut(usize, &State),
) -> Option<State> {
    for track in &mut tracks {
        track.temps = 0;
        track.aliases.retain(|alias| !alias.0.starts_with(RESULT));
        track
            .pointers
            .retain(|pointer| !pointer.0.starts_with(RESULT));
    }
    for (effect_idx, effect) in cfg.nodes[node_idx].effects.iter().enumerate() {
        observe(effect_idx, &tracks);
        match effect {
            Effect::Call(_) => match effect_of(node_idx, effect_idx) {
                CallEffect::Plain => {}
                CallEffect::NoReturn => return None,
                CallEffect::Returns(range) => {
                    for track in &mut tracks {
                        track.results.push((effect_idx, range));
                    }
                }
                CallEffect::Projects(place) => {
                    for track in &mut tracks {
                        if effect_idx < MAX_TEMPS && track.aliases.binary_search(&place).is_ok() {
                            track.temps |= 1 << effect_idx;
                        }
                        let fields: Vec<Place> = fields_below(track, &place.0)
                            .map(|field| result_place(effect_idx, field))
                            .collect();
                        insert_aliases(&mut track.aliases, fields);
                    }
                }
                CallEffect::Starts(starts) => {
                    for start in starts {
                        tracks.retain(|t| t.site != start.site);
                        let temps = if start.binds_result && effect_idx < MAX_TEMPS {
                            1 << effect_idx
                        } else {
                            0
                        };
                        let mut aliases = start.binds;
                        aliases.extend(
                            start
                                .result_fields
                                .iter()
                                .map(|field| result_place(effect_idx, field)),
                        );
                        aliases.sort();
                        aliases.dedup();
                        let pointers = if start.result_fields.is_empty() {
                            Vec::new()
                        } else {
                            vec![result_place(effect_idx, "")]
                        };
                        tracks.push(Track {
                            site: start.site,
                            outcomes: start.outcomes,
                            values: start.values,
                            aliases,
                            temps,
                            pointers,
                            pointer_values: start.pointer_values,
                            results: Vec::new(),
                            params: Vec::new(),
                            started_at: (node_idx, effect_idx),
                            maybe_absent: false,
                            flags: Vec::new(),
                        });
                    }
                }
            },
            Effect::Assign { target, value } => {
                for track in &mut tracks {
                    let binds = refers_to(track, value);
                    // Fields of the assigned value that hold the result move
                    // with it (`ei = wrapper()` makes `ei->pid` the pid).
                    let source = match value {
                        Value::Place(place) => Some(place.0.clone()),
                        Value::CallResult(idx) => Some(format!("{RESULT}{idx}")),
                        _ => None,
                    };
                    let fields: Vec<Place> = source.map_or_else(Vec::new, |source| {
                        fields_below(track, &source)
                            .map(|field| Place(format!("{}{field}", target.0)))
                            .collect()
                    });
                    let points = match value {
                        Value::Place(place) => track.pointers.binary_search(place).is_ok(),
                        Value::CallResult(idx) => track
                            .pointers
                            .binary_search(&result_place(*idx, ""))
                            .is_ok(),
                        _ => false,
                    };
                    track.aliases.retain(|alias| !overwrites(target, alias));
                    track
                        .pointers
                        .retain(|pointer| !overwrites(target, pointer));
                    if binds {
                        insert_aliases(&mut track.aliases, [target.clone()]);
                    }
                    set_flag(track, target, value, binds);
                    if points {
                        insert_aliases(&mut track.pointers, [target.clone()]);
                    }
                    insert_aliases(&mut track.aliases, fields);
                }
            }
        }
    }
    Some(tracks)
}

/// Where `place` is (or would go) in a track's sorted flags.
fn flag_index(flags: &[(Place, Values)], place: &Place) -> Result<usize, usize> {
    flags.binary_search_by(|(other, _)| other.cmp(place))
}

/// Keeps the track's flags up to date with `target = value`: a constant
/// assigned where one outcome is possible starts a flag, a constant assigned
/// to a flag sets it for the outcomes on this path, anything else forgets it.
fn set_flag(track: &mut Track, target: &Place, value: &Value, binds: bool) {
    let constant = match value {
        Value::Int(n) if !binds => Some(*n),
        _ => None,
    };
    track
        .flags
        .retain(|(place, _)| place == target || !overwrites(target, place));
    match (flag_index(&track.flags, target), constant) {
        (Ok(idx), Some(n)) => {
            for outcome in track.outcomes.iter() {
                track.flags[idx].1.0[Values::slot(outcome)] = (n, n);
            }
        }
        (Ok(idx), None) => {
            track.flags.remove(idx);
        }
        (Err(at), Some(n)) if track.outcomes.iter().count() == 1 => {
            let mut values = Values::NONE;
            values.widen(track.outcomes, (n, n));
            track.flags.insert(at, (target.clone(), values));
        }
        _ => {}
    }
}

/// Joins the flags of a path into what is known at a node: a flag one side
/// does not have is unknown for that side's outcomes. Whether it changed.
fn join_flags(current: &mut Track, incoming: &Track) -> bool {
    let mut changed = false;
    for (place, values) in current.flags.iter_mut() {
        let theirs = flag_index(&incoming.flags, place)
            .ok()
            .map(|idx| incoming.flags[idx].1);
        for outcome in incoming.outcomes.iter() {
            let range = theirs.map_or(ANY, |v| v.get(outcome));
            changed |= values.widen(outcome, range);
        }
    }
    for (place, values) in &incoming.flags {
        let Err(at) = flag_index(&current.flags, place) else {
            continue;
        };
        let mut joined = *values;
        for outcome in current.outcomes.iter() {
            joined.widen(outcome, ANY);
        }
        current.flags.insert(at, (place.clone(), joined));
        changed = true;
    }
    changed
}

/// The values a flag holds for an outcome (anything, when no path to here
/// set it for that outcome); `None` when the place is not a flag.
fn flag_value(track: &Track, place: &Place, outcome: Outcomes) -> Option<Range> {
    let idx = flag_index(&track.flags, place).ok()?;
    let range = track.flags[idx].1.get(outcome);
    Some(if range.0 > range.1 { ANY } else { range })
}

/// The values a returned place holds when it is a flag (`return status;`
/// after `status = 127;` on the child's path).
pub(super) fn flag_range(track: &Track, value: &Value, outcome: Outcomes) -> Option<Range> {
    match value {
        Value::Place(place) => flag_value(track, place, outcome),
        _ => None,
    }
}

/// Adds places to a sorted place list; whether any was new.
fn insert_aliases(aliases: &mut Vec<Place>, places: impl IntoIterator<Item = Place>) -> bool {
    let mut added = false;
    for place in places {
        if let Err(pos) = aliases.binary_search(&place) {
            aliases.insert(pos, place);
            added = true;
        }
    }
    added
}

/// The field paths below `base` that hold the tracked result (`->pid` when
/// `base` is `e` and `e->pid` is an alias).
fn fields_below<'t>(track: &'t Track, base: &'t str) -> impl Iterator<Item = &'t str> {
    track
        .aliases
        .iter()
        .filter_map(move |alias| field_of(&alias.0, base))
}

/// Fields of `value` that hold the tracked result (`->pid` when `value` is
/// `e` and `e->pid` is tracked).
pub fn fields_holding(track: &Track, value: &Value) -> Vec<String> {
    let Value::Place(place) = value else {
        return Vec::new();
    };
    fields_below(track, &place.0).map(str::to_string).collect()
}

/// Whether `value` is the fork result tracked by `track`.
pub fn refers_to(track: &Track, value: &Value) -> bool {
    match value {
        Value::CallResult(idx) => *idx < MAX_TEMPS && track.temps & (1 << idx) != 0,
        Value::Place(place) => track.aliases.binary_search(place).is_ok(),
        _ => false,
    }
}

/// Assigning `target` invalidates `alias` when it is the same place or a part
/// of it (`bp = other` invalidates `bp->pid`).
fn overwrites(target: &Place, alias: &Place) -> bool {
    let (t, a) = (target.0.as_str(), alias.0.as_str());
    if a == t {
        return true;
    }
    let Some(rest) = a.strip_prefix(t) else {
        return a.strip_prefix('*') == Some(t);
    };
    rest.starts_with("->") || rest.starts_with('.')
}

fn join_into(existing: &mut State, incoming: &State) -> bool {
    let mut changed = false;
    for current in existing.iter_mut() {
        if !current.maybe_absent && !incoming.iter().any(|t| t.site == current.site) {
            current.maybe_absent = true;
            changed = true;
        }
    }
    for track in incoming {
        match existing.iter_mut().find(|t| t.site == track.site) {
            Some(current) => {
                // Before the outcomes widen: a flag is unknown for the
                // outcomes of the side that lacks it.
                changed |= join_flags(current, track);
                let outcomes = current.outcomes.union(track.outcomes);
                if outcomes != current.outcomes {
                    current.outcomes = outcomes;
                    changed = true;
                }
                for outcome in track.outcomes.iter() {
                    changed |= current.values.widen(outcome, track.values.get(outcome));
                }
                changed |= insert_aliases(&mut current.aliases, track.aliases.iter().cloned());
                if current.temps | track.temps != current.temps {
                    current.temps |= track.temps;
                    changed = true;
                }
                changed |= insert_aliases(&mut current.pointers, track.pointers.iter().cloned());
                for outcome in track.outcomes.iter() {
                    changed |= current
                        .pointer_values
                        .widen(outcome, track.pointer_values.get(outcome));
                }
                changed |= join_params(&mut current.params, &track.params);
                if track.maybe_absent && !current.maybe_absent {
                    current.maybe_absent = true;
                    changed = true;
                }
            }
            None => {
                let mut track = track.clone();
                track.maybe_absent = true;
                existing.push(track);
                changed = true;
            }
        }
    }
    changed
}

/// What two paths both know of the parameters: the hull of each range, and
/// nothing when either knows nothing. Whether `current` changed.
fn join_params(current: &mut Vec<Range>, incoming: &[Range]) -> bool {
    if current.is_empty() {
        return false;
    }
    if incoming.is_empty() {
        current.clear();
        return true;
    }
    let mut changed = false;
    for (range, other) in current.iter_mut().zip(incoming) {
        let widened = hull(*range, *other);
        changed |= widened != *range;
        *range = widened;
    }
    changed
}

/// Narrows each track by the guard. `None` when the edge cannot be taken.
fn refine(state: &State, guard: &Guard, env: &Env) -> Option<State> {
    if matches!(guard, Guard::Always) {
        return Some(state.clone());
    }
    let mut refined = state.clone();
    for track in &mut refined {
        let kept = track
            .outcomes
            .iter()
            .filter(|outcome| allows(guard, track, *outcome, env))
            .fold(Outcomes::NONE, Outcomes::union);
        if kept.is_empty() {
            return None;
        }
        track.outcomes = kept;
    }
    if !env.params.is_empty() {
        // A track whose path contradicts what it knows of the parameters
        // (`type != 2` after `type == 2`) does not take this edge.
        refined.retain_mut(|track| super::arguments::narrow(track, guard, env));
    }
    Some(refined)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

fn allows(guard: &Guard, track: &Track, outcome: Outcomes, env: &Env) -> bool {
    match guard {
        Guard::Always => true,
        Guard::True(cond) => eval(cond, track, outcome, env) != Truth::False,
        Guard::False(cond) => eval(cond, track, outcome, env) != Truth::True,
        Guard::Case {
            scrutinee,
            labels,
            all,
        } => {
            let range = interval(scrutinee, track, outcome, env);
            if range.is_none() && !labels.iter().any(|l| matches!(l, CaseLabel::Guard(_))) {
                return true;
            }
            let matches = |label: &CaseLabel| label_truth(label, range, track, outcome, env);
            labels.iter().any(|label| match label {
                CaseLabel::Default => !all
                    .iter()
                    .any(|other| **other != CaseLabel::Default && matches(other) == Truth::True),
                other => matches(other) != Truth::False,
            })
        }
    }
}

fn label_truth(
    label: &CaseLabel,
    range: Option<(i64, i64)>,
    track: &Track,
    outcome: Outcomes,
    env: &Env,
) -> Truth {
    if let CaseLabel::Guard(cond) = label {
        return eval(cond, track, outcome, env);
    }
    let Some(range) = range else {
        return Truth::Unknown;
    };
    match label {
        CaseLabel::Guard(_) => Truth::Unknown,
        CaseLabel::Int(n) => compare(range, CmpOp::Eq, (*n, *n)),
        CaseLabel::Outcomes(set) => {
            if set.contains(outcome) {
                Truth::True
            } else {
                Truth::False
            }
        }
        CaseLabel::Default | CaseLabel::Other => Truth::Unknown,
    }
}

fn interval(value: &Value, track: &Track, outcome: Outcomes, env: &Env) -> Option<(i64, i64)> {
    match value {
        Value::Int(n) => Some((*n, *n)),
        Value::FuncRef(name) => (env.constant)(name),
        _ if refers_to(track, value) => Some(track.values.get(outcome)),
        Value::Place(place) if track.pointers.binary_search(place).is_ok() => {
            Some(track.pointer_values.get(outcome))
        }
        // A flag, or a named constant (`IPC_UDP_SOCKET`).
        Value::Place(place) => {
            flag_value(track, place, outcome).or_else(|| (env.constant)(&place.0))
        }
        Value::CallResult(idx) => track
            .results
            .iter()
            .find_map(|(effect, range)| (effect == idx).then_some(*range)),
        _ => None,
    }
}

/// Whether the value is the tracked result or a pointer to it.
fn tracked(track: &Track, value: &Value) -> bool {
    refers_to(track, value)
        || match value {
            Value::Place(place) => {
                track.pointers.binary_search(place).is_ok()
                    || flag_index(&track.flags, place).is_ok()
            }
            Value::CallResult(idx) => track.results.iter().any(|(effect, _)| effect == idx),
            _ => false,
        }
}

fn eval(cond: &Cond, track: &Track, outcome: Outcomes, env: &Env) -> Truth {
    match cond {
        Cond::True => Truth::True,
        Cond::False => Truth::False,
        Cond::Unknown => Truth::Unknown,
        Cond::Not(inner) => eval(inner, track, outcome, env).not(),
        Cond::And(left, right) => match (
            eval(left, track, outcome, env),
            eval(right, track, outcome, env),
        ) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        },
        Cond::Or(left, right) => match (
            eval(left, track, outcome, env),
            eval(right, track, outcome, env),
        ) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        },
        Cond::Truthy(value) => match interval(value, track, outcome, env) {
            Some(range) if tracked(track, value) => compare(range, CmpOp::Ne, (0, 0)),
            _ => Truth::Unknown,
        },
        Cond::Cmp(left, op, right) => {
            let tracked = tracked(track, left) || tracked(track, right);
            match (
                interval(left, track, outcome, env),
                interval(right, track, outcome, env),
            ) {
                (Some(l), Some(r)) if tracked => compare(l, *op, r),
                _ => Truth::Unknown,
            }
        }
        // A pattern on the outcome (Rust's `Ok(None)`) holds for a result
        // that is the fork's own; `Err(_)` (and `?`) also for a wrapper's
        // result known to be `Err` (or known not to be) on this outcome.
        Cond::Matches(value, set) => {
            if !refers_to(track, value) {
                return Truth::Unknown;
            }
            let range = track.values.get(outcome);
            if range == Values::FORK.get(outcome) {
                if set.contains(outcome) {
                    Truth::True
                } else {
                    Truth::False
                }
            } else if *set == Outcomes::ERROR {
                compare(range, CmpOp::Eq, (RUST_ERR, RUST_ERR))
            } else {
                Truth::Unknown
            }
        }
    }
}

fn compare(left: (i64, i64), op: CmpOp, right: (i64, i64)) -> Truth {
    let (l_lo, l_hi) = left;
    let (r_lo, r_hi) = right;
    let lt = if l_hi < r_lo {
        Truth::True
    } else if l_lo >= r_hi {
        Truth::False
    } else {
        Truth::Unknown
    };
    let gt = if l_lo > r_hi {
        Truth::True
    } else if l_hi <= r_lo {
        Truth::False
    } else {
        Truth::Unknown
    };
    let eq = if l_lo == l_hi && r_lo == r_hi && l_lo == r_lo {
        Truth::True
    } else if l_hi < r_lo || r_hi < l_lo {
        Truth::False
    } else {
        Truth::Unknown
    };
    match op {
        CmpOp::Eq => eq,
        CmpOp::Ne => eq.not(),
        CmpOp::Lt => lt,
        CmpOp::Ge => lt.not(),
        CmpOp::Gt => gt,
        CmpOp::Le => gt.not(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_split_outcomes() {
        assert_eq!(compare((0, 0), CmpOp::Eq, (0, 0)), Truth::True);
        assert_eq!(compare((1, i64::MAX), CmpOp::Eq, (0, 0)), Truth::False);
        assert_eq!(compare((1, i64::MAX), CmpOp::Gt, (0, 0)), Truth::True);
        assert_eq!(compare((-1, -1), CmpOp::Lt, (0, 0)), Truth::True);
        assert_eq!(compare((0, 0), CmpOp::Lt, (0, 0)), Truth::False);
        assert_eq!(compare((1, i64::MAX), CmpOp::Eq, (5, 5)), Truth::Unknown);
    }

    #[test]
    fn overwriting_a_base_kills_its_fields() {
        let target = Place("bp".into());
        assert!(overwrites(&target, &Place("bp->pid".into())));
        assert!(overwrites(&target, &Place("bp.pid".into())));
        assert!(!overwrites(&target, &Place("bpx".into())));
    }
}
