//! The posix_spawn rewrite of a fork+exec child, built from what the child
//! actually does: its `dup2`/`close` calls become file actions, `setsid` and
//! friends become attributes, the exec becomes `posix_spawn`/`posix_spawnp`
//! with the same arguments, and the failed-exec path becomes `rc != 0`. The
//! table of what each call becomes is `rules/fixes.toml` (`[[spawn]]`).
//!
//! The rewrite replaces the statement that forks (and the one that tests the
//! pid, when they are separate) and keeps the parent's and the error path's
//! code as written. When the child does something posix_spawn cannot express
//! (`setuid`, a helper with arbitrary code), the rewrite is not offered and
//! the blocking step is named instead.

use crate::contexts::{Analysis, Context};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::ir::{Block, Call, CaseLabel, CmpOp, Cond, Effect, Stmt, StmtKind, Value};
use crate::program::Target;
use crate::source::{SourceDb, Span};
use crate::suggest::text::{call_arguments, indentation, line_start, reindent, split_arguments};

/// What the rewrite of one fork site came to.
pub enum Spawn {
    /// The whole replacement, as a display-only fix.
    Rewrite(Fix),
    /// posix_spawn cannot do what the child does: the first step it cannot
    /// express and where it is.
    Blocked { step: String, span: Span },
    /// The fork's shape is not one the rewrite handles.
    NotApplicable,
}

/// Which processes a branch runs in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Child,
    Parent,
    Error,
    /// Parent or error (`else` of `pid == 0`).
    NotChild,
}

/// The fork statement split into the child's block and the others' code.
struct Shape<'p> {
    /// The statements the rewrite replaces.
    replaced: Span,
    /// The place that holds the pid, as written (`bpipe->worker_pid`).
    pid: Option<String>,
    child: &'p Block,
    branches: Vec<(Who, &'p Block)>,
    /// `pid_t pid;` when the replaced statement declared the pid variable.
    declaration: Option<String>,
}

pub fn rewrite(analysis: &Analysis, sources: &SourceDb, context: &Context) -> Spawn {
    let function = analysis.program.function(context.start_function);
    let text = &sources.get(context.start.file).text;
    let Some(shape) = find_shape(&function.body, context.start, text) else {
        return Spawn::NotApplicable;
    };
    let mut child = Child {
        analysis,
        text,
        func: context.start_function,
        out: Lines::default(),
        exec: None,
        env: None,
    };
    if let Err((step, span)) = child.block(shape.child, 1) {
        return Spawn::Blocked { step, span };
    }
    let Some(exec) = child.exec.take() else {
        return Spawn::NotApplicable;
    };
    let mut others = Vec::new();
    for (who, block) in &shape.branches {
        match branch_text(block, text) {
            Some(code) => others.push((*who, code)),
            None => return Spawn::NotApplicable,
        }
    }
    let indent = indentation(text, shape.replaced.start as usize);
    let snippet = assemble(&shape, &child, &exec, &others, &indent);
    let mut edits = Vec::new();
    for header in ["errno.h", "spawn.h"] {
        if !text.contains(&format!("<{header}>")) {
            let at = include_point(text);
            edits.push(Edit {
                span: Span {
                    file: context.start.file,
                    start: at as u32,
                    end: at as u32,
                },
                replacement: format!("#include <{header}>\n"),
            });
        }
    }
    let start = line_start(text, shape.replaced.start as usize);
    edits.push(Edit {
        span: Span {
            file: context.start.file,
            start: start as u32,
            end: shape.replaced.end,
        },
        replacement: snippet,
    });
    Spawn::Rewrite(Fix {
        title: "replace the fork and the child's code with posix_spawn".to_string(),
        applicability: Applicability::DisplayOnly,
        edits,
    })
}

/// The exec call of the child, rewritten.
struct Exec {
    spawn: &'static str,
    file: String,
    argv: String,
    /// A `char *const argv[]` declaration for list-form execs.
    argv_decl: Option<String>,
    envp: Option<String>,
}

#[derive(Default)]
struct Lines {
    body: Vec<String>,
    flags: Vec<String>,
    attr: bool,
    sigdefault: bool,
    notes: Vec<String>,
}

struct Child<'a, 'p> {
    analysis: &'a Analysis<'p>,
    text: &'a str,
    func: crate::program::FnId,
    out: Lines,
    exec: Option<Exec>,
    /// The helper or call that changes the environment, if any.
    env: Option<String>,
}

type Blocked = (String, Span);

impl Child<'_, '_> {
    fn line(&mut self, depth: usize, line: String) {
        self.out
            .body
            .push(format!("{}{line}", "    ".repeat(depth)));
    }

    fn block(&mut self, block: &Block, depth: usize) -> Result<(), Blocked> {
        for stmt in block {
            if self.exec.is_some() {
                // The failed-exec path: `rc != 0` after the spawn.
                return Ok(());
            }
            self.stmt(stmt, depth)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt, depth: usize) -> Result<(), Blocked> {
        match &stmt.kind {
            StmtKind::Eval(effects) => self.effects(effects, depth),
            StmtKind::Block(block) => self.block(block, depth),
            StmtKind::If {
                effects,
                then_block,
                else_block,
                ..
            } => {
                self.effects(effects, depth)?;
                let cond = parenthesised_after(self.text, stmt.span, "if")
                    .ok_or_else(|| ("a condition forklint cannot read".to_string(), stmt.span))?;
                self.line(depth, format!("if {cond} {{"));
                self.block(then_block, depth + 1)?;
                if !else_block.is_empty() {
                    self.line(depth, "} else {".to_string());
                    self.block(else_block, depth + 1)?;
                }
                self.line(depth, "}".to_string());
                Ok(())
            }
            StmtKind::Loop { effects, body, .. } => {
                self.effects(effects, depth)?;
                let keyword = if self.text[stmt.span.start as usize..].starts_with("while") {
                    "while"
                } else {
                    "for"
                };
                let header = parenthesised_after(self.text, stmt.span, keyword)
                    .ok_or_else(|| ("a loop forklint cannot read".to_string(), stmt.span))?;
                self.line(depth, format!("{keyword} {header} {{"));
                let first = self.out.body.len();
                self.block(body, depth + 1)?;
                let closes_only = self.out.body.len() > first
                    && self.out.body[first..].iter().all(|l| {
                        l.trim_start()
                            .starts_with("posix_spawn_file_actions_addclose(")
                    });
                self.line(depth, "}".to_string());
                let from = header
                    .split(';')
                    .next()
                    .and_then(|init| init.split_once('='))
                    .map(|(_, value)| value.trim().to_string());
                if let (true, Some(from)) = (closes_only, from) {
                    self.line(
                        depth,
                        format!("/* closing every descriptor from {from} up: posix_spawn_file_actions_addclosefrom_np(&actions, {from}) (glibc >= 2.34, _GNU_SOURCE) */"),
                    );
                }
                Ok(())
            }
            StmtKind::Label(_) => Ok(()),
            _ => Err((
                "control flow that leaves the child before exec".to_string(),
                stmt.span,
            )),
        }
    }

    fn effects(&mut self, effects: &[Effect], depth: usize) -> Result<(), Blocked> {
        for effect in effects {
            if let Effect::Call(call) = effect {
                self.call(call, depth)?;
                if self.exec.is_some() {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    fn call(&mut self, call: &Call, depth: usize) -> Result<(), Blocked> {
        let blocked = |what: String| Err((what, call.span));
        let args = call_arguments(self.text, call.span.end as usize)
            .map(|(args, _)| split_arguments(args))
            .unwrap_or_default();
        let knowledge = self.analysis.knowledge;
        let name = match self.analysis.resolve(self.func, call) {
            Target::External(name) => name,
            Target::Defined(ids) => {
                let Some(&id) = ids.first() else {
                    return blocked("a call forklint cannot follow".to_string());
                };
                let helper = self.analysis.program.function(id).qualified.clone();
                return if ids.iter().all(|&id| self.only_changes_environment(id)) {
                    self.env = Some(format!("`{helper}()`"));
                    self.line(
                        depth,
                        format!("/* {helper}(): build envp before spawning */"),
                    );
                    Ok(())
                } else {
                    blocked(format!(
                        "`{helper}()`, which runs arbitrary code in the child"
                    ))
                };
            }
            _ => {
                return blocked(match &call.callee {
                    crate::ir::Callee::Named(name) => format!("`{name}()`"),
                    _ => "a call through a function pointer".to_string(),
                });
            }
        };
        let Some(rule) = knowledge.spawn_rule(&name) else {
            return blocked(format!("`{name}()`"));
        };
        let fill = |template: &str| {
            let mut out = template.to_string();
            for (idx, arg) in args.iter().enumerate() {
                out = out.replace(&format!("{{{idx}}}"), arg);
            }
            out
        };
        if let Some(kind) = &rule.exec {
            let spawn = if kind == "file" {
                "posix_spawnp"
            } else {
                "posix_spawn"
            };
            let file = args.first().cloned().unwrap_or_default();
            let (argv, argv_decl) = if rule.argv.as_deref() == Some("list") {
                let items: Vec<String> = args[1..]
                    .iter()
                    .take_while(|a| !is_null(a))
                    .map(|a| format!("(char *){a}"))
                    .collect();
                (
                    "spawn_argv".to_string(),
                    Some(format!(
                        "char *const spawn_argv[] = {{{}, NULL}};",
                        items.join(", ")
                    )),
                )
            } else {
                (args.get(1).cloned().unwrap_or_default(), None)
            };
            self.exec = Some(Exec {
                spawn,
                file,
                argv,
                argv_decl,
                envp: rule.envp.and_then(|idx| args.get(idx).cloned()),
            });
            return Ok(());
        }
        if rule.drop {
            let why = rule.why.clone().unwrap_or_default();
            self.line(depth, format!("/* {name}(): not needed: {why} */"));
            return Ok(());
        }
        if rule.env {
            self.env = Some(format!("`{name}()`"));
            self.line(depth, format!("/* {name}(): build envp before spawning */"));
            return Ok(());
        }
        if let Some(flag) = &rule.flag {
            self.out.attr = true;
            if !self.out.flags.contains(flag) {
                self.out.flags.push(flag.clone());
            }
        }
        if let Some(action) = &rule.action {
            if action.contains("&attr") {
                self.out.attr = true;
            }
            if action.contains("&sigdefault") {
                self.out.sigdefault = true;
            }
            let line = fill(action);
            match &rule.note {
                Some(note) => self.line(depth, format!("{line} /* {note} */")),
                None => self.line(depth, line),
            }
        } else if let Some(note) = &rule.note {
            self.out.notes.push(format!("{name}: {note}"));
        }
        Ok(())
    }

    /// Whether the helper `id` (with the helpers it calls) does nothing but
    /// change the environment: every library call it makes is one the table
    /// marks `env` (or `drop`).
    fn only_changes_environment(&self, id: crate::program::FnId) -> bool {
        let mut seen = vec![id];
        let mut stack = vec![id];
        let mut changes = false;
        while let Some(f) = stack.pop() {
            for call in self.analysis.reachable_calls(f) {
                match self.analysis.resolve(f, call) {
                    Target::Defined(targets) => {
                        for g in targets {
                            if !seen.contains(&g) {
                                seen.push(g);
                                stack.push(g);
                            }
                        }
                    }
                    Target::External(name) => match self.analysis.knowledge.spawn_rule(&name) {
                        Some(rule) if rule.env => changes = true,
                        Some(rule) if rule.drop => {}
                        _ => return false,
                    },
                    _ => return false,
                }
            }
        }
        changes
    }
}

/// Where `word` first occurs in `text` as a whole identifier.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        !ident(text[..at].chars().next_back()) && !ident(text[at + word.len()..].chars().next())
    })
}

fn is_null(arg: &str) -> bool {
    let compact: String = arg.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        compact.as_str(),
        "NULL" | "0" | "(char*)0" | "(char*)NULL" | "nullptr"
    )
}

/// `(…)` right after `keyword` at the start of `span`.
fn parenthesised_after(text: &str, span: Span, keyword: &str) -> Option<String> {
    let start = span.start as usize;
    let rest = text.get(start..span.end as usize)?;
    if !rest.starts_with(keyword) {
        return None;
    }
    let (inner, _) = call_arguments(text, start + keyword.len())?;
    Some(format!(
        "({})",
        inner.split_whitespace().collect::<Vec<_>>().join(" ")
    ))
}

/// The code of a branch as written, without a final `break;`. `None` when a
/// `break` elsewhere would leave the rewrite's block.
fn branch_text(block: &Block, text: &str) -> Option<String> {
    let mut stmts: &[Stmt] = block;
    // `else { … }` may come as one compound statement: its braces stay behind.
    while let [
        Stmt {
            kind: StmtKind::Block(inner),
            ..
        },
    ] = stmts
    {
        stmts = inner;
    }
    if let Some((last, rest)) = stmts.split_last()
        && matches!(last.kind, StmtKind::Break)
    {
        stmts = rest;
    }
    if stmts.iter().any(|s| matches!(s.kind, StmtKind::Break)) {
        return None;
    }
    let (Some(first), Some(last)) = (stmts.first(), stmts.last()) else {
        return Some(String::new());
    };
    let start = line_start(text, first.span.start as usize);
    Some(text[start..last.span.end as usize].to_string())
}

/// Where an `#include` can go: after the file's last `#include` line.
fn include_point(text: &str) -> usize {
    let mut at = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if line.trim_start().starts_with("#include") {
            at = offset;
        }
    }
    at
}

fn assemble(
    shape: &Shape,
    child: &Child,
    exec: &Exec,
    others: &[(Who, String)],
    indent: &str,
) -> String {
    let lines = &child.out;
    let pid = shape.pid.clone().unwrap_or_else(|| "pid".to_string());
    let attr = if lines.attr { "&attr" } else { "NULL" };
    let envp = exec.envp.clone().unwrap_or_else(|| "environ".to_string());
    let mut out: Vec<String> = shape.declaration.iter().cloned().collect();
    // Adds `code` (one line or several, as written) `depth` levels in.
    let mut add = |depth: usize, code: &str| out.push(reindent(code, &"    ".repeat(depth)));
    add(0, "{");
    add(
        1,
        "/* posix_spawn forks and execs without running code in between */",
    );
    if exec.envp.is_none() {
        add(1, "extern char **environ;");
    }
    if shape.pid.is_none() {
        add(1, "pid_t pid;");
    }
    add(1, "posix_spawn_file_actions_t actions;");
    if lines.attr {
        add(1, "posix_spawnattr_t attr;");
    }
    if lines.sigdefault {
        add(1, "sigset_t sigdefault;");
    }
    if let Some(decl) = &exec.argv_decl {
        add(1, decl);
    }
    add(1, "int rc;");
    add(0, "");
    add(1, "posix_spawn_file_actions_init(&actions);");
    if lines.attr {
        add(1, "posix_spawnattr_init(&attr);");
    }
    if lines.sigdefault {
        add(1, "sigemptyset(&sigdefault);");
    }
    if !lines.body.is_empty() {
        // The child's lines carry their own depth below the first level.
        add(1, &lines.body.join("\n"));
    }
    if lines.sigdefault {
        add(1, "posix_spawnattr_setsigdefault(&attr, &sigdefault);");
    }
    if !lines.flags.is_empty() {
        add(
            1,
            &format!(
                "posix_spawnattr_setflags(&attr, {});",
                lines.flags.join(" | ")
            ),
        );
    }
    for note in &lines.notes {
        add(1, &format!("/* {note} */"));
    }
    if let Some(env) = &child.env {
        add(
            1,
            &format!(
                "/* the child called {env}: pass an envp array built before spawning instead of {envp} */"
            ),
        );
    }
    add(
        1,
        &format!(
            "rc = {}(&{pid}, {}, &actions, {attr}, {}, {envp});",
            exec.spawn, exec.file, exec.argv
        ),
    );
    add(1, "posix_spawn_file_actions_destroy(&actions);");
    if lines.attr {
        add(1, "posix_spawnattr_destroy(&attr);");
    }
    let code = |who: Who| {
        others
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, c)| c.as_str())
            .filter(|c| !c.trim().is_empty())
    };
    add(1, "if (rc != 0) {");
    add(
        2,
        "errno = rc; /* the exec (or the fork) failed: rc is the error number */",
    );
    add(2, &format!("{pid} = -1;"));
    match code(Who::NotChild) {
        // The code after `pid == 0`'s branch handles parent and error alike.
        Some(not_child) => {
            add(1, "}");
            add(1, not_child);
        }
        None => {
            if let Some(error) = code(Who::Error) {
                add(2, error);
            }
            if let Some(parent) = code(Who::Parent) {
                add(1, "} else {");
                add(2, parent);
            }
            add(1, "}");
        }
    }
    add(0, "}");
    out.iter()
        .flat_map(|chunk| chunk.split('\n'))
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------
// Recognising the fork statement.
// ---------------------------------------------------------------------------

fn find_shape<'p>(block: &'p Block, fork: Span, text: &str) -> Option<Shape<'p>> {
    for (idx, stmt) in block.iter().enumerate() {
        if let Some(fork_idx) = fork_effect(&stmt.kind, fork) {
            let effects = stmt.kind.effects();
            let pid = assigned_place(effects, fork_idx);
            let pid_place = pid.clone();
            let fork_value = move |v: &Value| match v {
                Value::CallResult(i) => *i == fork_idx,
                Value::Place(p) => Some(&p.0) == pid_place.as_ref(),
                _ => false,
            };
            return match &stmt.kind {
                StmtKind::Switch {
                    scrutinee, cases, ..
                } if fork_value(scrutinee) => switch_shape(stmt.span, pid, cases),
                StmtKind::If { .. } => if_shape(stmt, stmt.span, pid, &fork_value),
                StmtKind::Eval(_) => {
                    let next = block.get(idx + 1)?;
                    let pid_name = pid.clone()?;
                    let tests = |v: &Value| matches!(v, Value::Place(p) if p.0 == pid_name);
                    let replaced = Span {
                        end: next.span.end,
                        ..stmt.span
                    };
                    let written = text.get(stmt.span.start as usize..stmt.span.end as usize)?;
                    // `pid_t pid = fork();`: the type may be before the
                    // statement's span on the same line.
                    let at = find_word(written, &pid_name)?;
                    let line = line_start(text, stmt.span.start as usize);
                    let prefix = format!(
                        "{} {}",
                        text[line..stmt.span.start as usize].trim(),
                        written[..at].trim()
                    );
                    let declaration = match prefix.trim() {
                        "" => None,
                        ty if pid_name.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                            Some(format!("{ty} {pid_name};"))
                        }
                        _ => return None,
                    };
                    let shape = match &next.kind {
                        StmtKind::Switch {
                            scrutinee, cases, ..
                        } if tests(scrutinee) => switch_shape(replaced, pid, cases),
                        StmtKind::If { .. } => if_shape(next, replaced, pid, &tests),
                        _ => None,
                    };
                    shape.map(|shape| Shape {
                        declaration,
                        ..shape
                    })
                }
                _ => None,
            };
        }
        for child in stmt.kind.blocks() {
            if let Some(shape) = find_shape(child, fork, text) {
                return Some(shape);
            }
        }
    }
    None
}

fn switch_shape<'p>(
    replaced: Span,
    pid: Option<String>,
    cases: &'p [crate::ir::Case],
) -> Option<Shape<'p>> {
    let mut child = None;
    let mut branches = Vec::new();
    let has_error = cases.iter().any(|c| {
        c.labels
            .iter()
            .any(|l| matches!(l, CaseLabel::Int(n) if *n < 0))
    });
    for case in cases {
        let who = match case.labels.as_slice() {
            [CaseLabel::Int(0)] => Who::Child,
            [CaseLabel::Int(n)] if *n < 0 => Who::Error,
            [CaseLabel::Default] if has_error => Who::Parent,
            [CaseLabel::Default] => Who::NotChild,
            _ => return None,
        };
        // A case that falls through into the next one is not handled.
        let ends = case.body.last().is_some_and(|s| {
            matches!(
                s.kind,
                StmtKind::Break | StmtKind::Return { .. } | StmtKind::Goto(_)
            )
        }) || who == Who::Child;
        if !ends && !std::ptr::eq(case, cases.last()?) {
            return None;
        }
        if who == Who::Child {
            child = Some(&case.body);
        } else {
            branches.push((who, &case.body));
        }
    }
    Some(Shape {
        replaced,
        pid,
        child: child?,
        branches,
        declaration: None,
    })
}

fn if_shape<'p>(
    stmt: &'p Stmt,
    replaced: Span,
    pid: Option<String>,
    is_fork: &dyn Fn(&Value) -> bool,
) -> Option<Shape<'p>> {
    let mut child = None;
    let mut branches = Vec::new();
    let mut current = stmt;
    loop {
        let StmtKind::If {
            cond,
            then_block,
            else_block,
            ..
        } = &current.kind
        else {
            return None;
        };
        let who = classify(cond, is_fork)?;
        if who == Who::Child {
            child = Some(then_block);
        } else {
            branches.push((who, then_block));
        }
        match else_block.as_slice() {
            [] => break,
            [next] if matches!(next.kind, StmtKind::If { .. }) && classify_if(next, is_fork) => {
                current = next;
            }
            _ => {
                let error_seen = branches.iter().any(|(w, _)| *w == Who::Error);
                let rest = match who {
                    Who::Child if error_seen => Who::Parent,
                    Who::Child => Who::NotChild,
                    Who::Error => Who::Parent,
                    _ if child.is_none() => Who::Child,
                    _ => return None,
                };
                if rest == Who::Child {
                    child = Some(else_block);
                } else {
                    branches.push((rest, else_block));
                }
                break;
            }
        }
    }
    // `if (pid == 0) { … }` alone: the parent and the error continue after it.
    if !branches.iter().any(|(w, _)| *w != Who::Child) {
        branches.clear();
    }
    Some(Shape {
        replaced,
        pid,
        child: child?,
        branches,
        declaration: None,
    })
}

fn classify_if(stmt: &Stmt, is_fork: &dyn Fn(&Value) -> bool) -> bool {
    matches!(&stmt.kind, StmtKind::If { cond, .. } if classify(cond, is_fork).is_some())
}

/// Which process takes the `then` branch of a test of the fork's result.
fn classify(cond: &Cond, is_fork: &dyn Fn(&Value) -> bool) -> Option<Who> {
    match cond {
        Cond::Cmp(a, op, Value::Int(n)) if is_fork(a) => match (op, n) {
            (CmpOp::Eq, 0) => Some(Who::Child),
            (CmpOp::Eq, -1) | (CmpOp::Lt, 0) | (CmpOp::Le, -1) => Some(Who::Error),
            (CmpOp::Gt, 0) | (CmpOp::Ge, 1) => Some(Who::Parent),
            (CmpOp::Ne, 0) => Some(Who::NotChild),
            _ => None,
        },
        Cond::Cmp(Value::Int(n), op, b) if is_fork(b) => {
            let flipped = match op {
                CmpOp::Lt => CmpOp::Gt,
                CmpOp::Gt => CmpOp::Lt,
                CmpOp::Le => CmpOp::Ge,
                CmpOp::Ge => CmpOp::Le,
                other => *other,
            };
            classify(&Cond::Cmp(b.clone(), flipped, Value::Int(*n)), is_fork)
        }
        Cond::Truthy(v) if is_fork(v) => Some(Who::NotChild),
        Cond::Not(inner) => match inner.as_ref() {
            Cond::Truthy(v) if is_fork(v) => Some(Who::Child),
            _ => None,
        },
        _ => None,
    }
}

fn fork_effect(kind: &StmtKind, fork: Span) -> Option<usize> {
    kind.effects()
        .iter()
        .position(|e| matches!(e, Effect::Call(c) if c.span == fork))
}

fn assigned_place(effects: &[Effect], idx: usize) -> Option<String> {
    effects.iter().find_map(|e| match e {
        Effect::Assign {
            target,
            value: Value::CallResult(i),
        } if *i == idx => Some(target.0.clone()),
        _ => None,
    })
}
