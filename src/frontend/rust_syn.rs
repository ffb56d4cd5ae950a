//! Rust source to IR through `syn`.
//!
//! Functions, inherent and trait methods (owned by their type), functions in
//! inline modules and closures become IR functions; a closure is lowered as a
//! function of its own named `outer::{closure#N}` and passed around as a
//! function reference, so that `cmd.pre_exec(closure)` and
//! `pthread_atfork(None, None, Some(handler))` name their code. `macro_rules!`
//! macros are reduced to the calls and macro invocations in their bodies.
//!
//! Calls are named as written: paths (`libc::fork`, `io::Error::other`),
//! macros with their `!` (`println!`), and methods by name (resolved in the
//! crate, else judged as `.name`). Fork results are followed through `match`
//! and `if let` patterns: `0`, `-1`, `ForkResult::Child`, `Ok(..)`, `Err(..)`.

use std::collections::HashMap;

use proc_macro2::{Span as PmSpan, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Pat, Stmt as SynStmt};

use crate::ir::{
    Block, Call, CallKind, Callee, Case, CaseLabel, CmpOp, Cond, Effect, FileIr, Function, Macro,
    Outcomes, ParseIssue, Place, RUST_ERR, Stmt, StmtKind, Value, push_eval,
};
use crate::source::{FileId, Span};

/// Deeper nesting than this is not lowered.
const MAX_DEPTH: usize = 400;

/// Lowers one Rust file. A file `syn` cannot parse yields one parse issue and
/// no functions.
pub fn lower(file: FileId, text: &str) -> FileIr {
    let parsed = syn::parse_file(text);
    let mut ir = FileIr::default();
    match parsed {
        Ok(syntax) => {
            let mut lower = Lower {
                file,
                ir: &mut ir,
                owners: Vec::new(),
                depth: 0,
                n_closures: 0,
                current: String::new(),
                closures: Vec::new(),
                temps: 0,
                uses: HashMap::new(),
                modules: std::collections::HashSet::new(),
                owned: Vec::new(),
            };
            for item in &syntax.items {
                lower.collect_uses(item);
            }
            lower.items(&syntax.items);
        }
        Err(err) => {
            let range = err.span().byte_range();
            ir.issues.push(ParseIssue {
                span: Span::new(file, range.start, range.end),
                message: format!("Rust syntax error: {err}"),
            });
        }
    }
    // proc-macro2 keeps every parsed file's text in a per-thread map.
    proc_macro2::extra::invalidate_current_thread_spans();
    ir
}

struct Lower<'a> {
    file: FileId,
    ir: &'a mut FileIr,
    owners: Vec<String>,
    depth: usize,
    n_closures: usize,
    /// The qualified name of the function being lowered.
    current: String,
    /// Locals bound to closures, innermost scope last.
    closures: Vec<HashMap<String, String>>,
    temps: usize,
    /// `use` imports: the name in scope to the full path (`fork` to
    /// `nix::unistd::fork`).
    uses: HashMap<String, String>,
    /// Modules this file declares (`mod child;`): paths through them name
    /// functions of the crate.
    modules: std::collections::HashSet<String>,
    /// Per block scope: locals bound to the result of a call, which own what
    /// the call returned (a heap buffer, when the call allocates) and drop it
    /// when the scope ends or the function returns.
    owned: Vec<Vec<Owned>>,
}

#[derive(Debug, Clone)]
struct Owned {
    binding: String,
    /// The calls the value may come from (`CString::new(s).unwrap()`: both),
    /// as the knowledge base names them.
    from: Vec<Callee>,
}

impl Lower<'_> {
    fn span(&self, span: PmSpan) -> Span {
        let range = span.byte_range();
        Span::new(self.file, range.start, range.end)
    }

    fn collect_uses(&mut self, item: &syn::Item) {
        match item {
            syn::Item::Use(item_use) => flatten_use(&item_use.tree, String::new(), &mut self.uses),
            syn::Item::Mod(module) => {
                self.modules.insert(module.ident.to_string());
                for inner in module.content.iter().flat_map(|(_, items)| items) {
                    self.collect_uses(inner);
                }
            }
            _ => {}
        }
    }

    /// The full path of a path written in this file, through its imports. A
    /// path into the crate itself (`crate::`, `self::`, `super::`, a module the
    /// file declares) is reduced to the function's name, which is how the
    /// crate's functions are known.
    fn resolve_path(&self, path: &syn::Path) -> String {
        let name = path_name(path);
        let into_crate = |path: &str| {
            let first = path.split("::").next().unwrap_or(path);
            path.contains("::")
                && (matches!(first, "crate" | "self" | "super") || self.modules.contains(first))
        };
        if into_crate(&name) {
            return crate_local_name(&name);
        }
        let (first, rest) = match name.split_once("::") {
            Some((first, rest)) => (first, Some(rest)),
            None => (name.as_str(), None),
        };
        let full = match (self.uses.get(first), rest) {
            (Some(full), Some(rest)) => format!("{full}::{rest}"),
            (Some(full), None) => full.clone(),
            (None, _) => name,
        };
        if into_crate(&full) {
            return crate_local_name(&full);
        }
        full
    }

    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            if !cfg_may_hold(item_attrs(item)) {
                if let syn::Item::Mod(module) = item
                    && module.content.is_none()
                {
                    self.ir.disabled_modules.push(module.ident.to_string());
                }
                continue;
            }
            match item {
                syn::Item::Fn(function) => {
                    self.function(&function.sig, &function.block, None);
                }
                syn::Item::Impl(block) => {
                    let owner = type_name(&block.self_ty);
                    self.owners.push(owner.clone());
                    for impl_item in &block.items {
                        if let syn::ImplItem::Fn(method) = impl_item
                            && cfg_may_hold(&method.attrs)
                        {
                            self.function(&method.sig, &method.block, Some(owner.clone()));
                        }
                    }
                    self.owners.pop();
                }
                syn::Item::Trait(definition) => {
                    let owner = definition.ident.to_string();
                    for trait_item in &definition.items {
                        if let syn::TraitItem::Fn(method) = trait_item
                            && let Some(body) = &method.default
                        {
                            self.function(&method.sig, body, Some(owner.clone()));
                        }
                    }
                }
                syn::Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.items(items);
                    }
                }
                syn::Item::Macro(item_macro) => self.macro_rules(item_macro),
                syn::Item::Use(item_use) => {
                    flatten_use(&item_use.tree, String::new(), &mut self.uses)
                }
                _ => {}
            }
        }
    }

    fn macro_rules(&mut self, item: &syn::ItemMacro) {
        let (Some(ident), true) = (&item.ident, item.mac.path.is_ident("macro_rules")) else {
            return;
        };
        let mut effects = Vec::new();
        let span = self.span(ident.span());
        scan_tokens(self, item.mac.tokens.clone(), &mut effects);
        let body = vec![Stmt {
            kind: StmtKind::Eval(effects),
            span,
        }];
        self.ir.macros.push(Macro {
            name: format!("{ident}!"),
            span,
            params: Vec::new(),
            body,
        });
    }

    fn function(&mut self, sig: &syn::Signature, block: &syn::Block, owner: Option<String>) {
        let name = sig.ident.to_string();
        let qualified = match &owner {
            Some(owner) => format!("{owner}::{name}"),
            None => name.clone(),
        };
        let params = sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                syn::FnArg::Typed(typed) => pat_ident(&typed.pat),
                syn::FnArg::Receiver(_) => Some("self".to_string()),
            })
            .collect();
        let previous = std::mem::replace(&mut self.current, qualified.clone());
        self.closures.push(HashMap::new());
        let mut body = Vec::new();
        self.body(&block.stmts, &mut body);
        self.closures.pop();
        self.current = previous;
        self.ir.functions.push(Function {
            name,
            qualified,
            owner,
            is_static: false,
            span: self.span(sig.ident.span()),
            params,
            body,
        });
    }

    /// A function body: its tail expression is its return value.
    fn body(&mut self, stmts: &[SynStmt], out: &mut Block) {
        let outer_owned = std::mem::take(&mut self.owned);
        match stmts.split_last() {
            Some((SynStmt::Expr(tail, None), leading)) => {
                self.closures.push(HashMap::new());
                self.owned.push(Vec::new());
                for stmt in leading {
                    self.stmt(stmt, out);
                }
                let mut effects = Vec::new();
                let value = self.expr(tail, out, &mut effects);
                let span = self.span(tail.span());
                self.push_drops(&mut effects, span, self.owned.len());
                self.owned.pop();
                out.push(Stmt {
                    kind: StmtKind::Return {
                        effects,
                        value: Some(value),
                    },
                    span: self.span(tail.span()),
                });
                self.closures.pop();
            }
            _ => self.block(stmts, out),
        }
        self.owned = outer_owned;
    }

    /// Drop calls for the values owned by the innermost `n_scopes` scopes,
    /// innermost first.
    fn push_drops(&self, effects: &mut Vec<Effect>, span: Span, n_scopes: usize) {
        let first = self.owned.len().saturating_sub(n_scopes);
        for scope in self.owned[first..].iter().rev() {
            for owned in scope.iter().rev() {
                for from in &owned.from {
                    effects.push(Effect::Call(Call {
                        callee: from.clone(),
                        kind: CallKind::Drop,
                        span,
                        args: vec![Value::Place(Place(owned.binding.clone()))],
                    }));
                }
            }
        }
    }

    fn block(&mut self, stmts: &[SynStmt], out: &mut Block) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.closures.push(HashMap::new());
        self.owned.push(Vec::new());
        for stmt in stmts {
            self.stmt(stmt, out);
        }
        // Locals are dropped where the block ends, if control gets there.
        let diverges = matches!(
            out.last().map(|s| &s.kind),
            Some(StmtKind::Return { .. } | StmtKind::Break | StmtKind::Continue)
        );
        if !diverges && let Some(last) = stmts.last() {
            let mut effects = Vec::new();
            let end = self.span(last.span());
            let span = Span::new(self.file, end.end as usize, end.end as usize);
            self.push_drops(&mut effects, span, 1);
            push_eval(out, effects, span);
        }
        self.owned.pop();
        self.closures.pop();
        self.depth -= 1;
    }

    fn stmt(&mut self, stmt: &SynStmt, out: &mut Block) {
        let span = self.span(stmt.span());
        match stmt {
            SynStmt::Local(local) => {
                let mut effects = Vec::new();
                let Some(init) = &local.init else {
                    return;
                };
                let value = self.expr(&init.expr, out, &mut effects);
                let name = pat_ident(&local.pat);
                if let (Some(name), Value::FuncRef(closure)) = (&name, &value)
                    && let Some(scope) = self.closures.last_mut()
                {
                    scope.insert(name.clone(), closure.clone());
                }
                match &init.diverge {
                    Some((_, otherwise)) => {
                        // `let PAT = value else { diverge };`
                        let outcomes = pattern_labels(&local.pat);
                        let cond = labels_cond(&value, &outcomes);
                        let mut else_block = Vec::new();
                        let mut else_effects = Vec::new();
                        self.expr(otherwise, &mut else_block, &mut else_effects);
                        push_eval(&mut else_block, else_effects, span);
                        out.push(Stmt {
                            kind: StmtKind::If {
                                effects,
                                cond,
                                then_block: Vec::new(),
                                else_block,
                            },
                            span,
                        });
                    }
                    None => {
                        if let (Some(name), Value::CallResult(_)) = (&name, &value)
                            && let Some(scope) = self.owned.last_mut()
                        {
                            let from: Vec<Callee> = effects
                                .iter()
                                .filter_map(|effect| match effect {
                                    Effect::Call(call) if call.kind != CallKind::Drop => {
                                        Some(call.callee.clone())
                                    }
                                    _ => None,
                                })
                                .collect();
                            scope.push(Owned {
                                binding: name.clone(),
                                from,
                            });
                        }
                        if let Some(name) = name {
                            effects.push(Effect::Assign {
                                target: Place(name),
                                value,
                            });
                        }
                        push_eval(out, effects, span);
                    }
                }
            }
            SynStmt::Expr(expr, _) => {
                let mut effects = Vec::new();
                self.expr(expr, out, &mut effects);
                push_eval(out, effects, span);
            }
            SynStmt::Macro(stmt_macro) => {
                let mut effects = Vec::new();
                self.macro_call(&stmt_macro.mac, out, &mut effects);
                push_eval(out, effects, span);
            }
            SynStmt::Item(item) => self.items(std::slice::from_ref(item)),
        }
    }

    /// Lowers an expression: calls and assignments go to `effects`; control
    /// flow is emitted into `out` (after flushing `effects`). Returns the value.
    fn expr(&mut self, expr: &Expr, out: &mut Block, effects: &mut Vec<Effect>) -> Value {
        if self.depth >= MAX_DEPTH {
            return Value::Unknown;
        }
        self.depth += 1;
        let value = self.expr_inner(expr, out, effects);
        self.depth -= 1;
        value
    }

    fn flush(&self, out: &mut Block, effects: &mut Vec<Effect>, span: Span) {
        push_eval(out, std::mem::take(effects), span);
    }

    fn expr_inner(&mut self, expr: &Expr, out: &mut Block, effects: &mut Vec<Effect>) -> Value {
        let span = self.span(expr.span());
        match expr {
            Expr::Call(call) => {
                let args = self.args(call.args.iter(), out, effects);
                match &*call.func {
                    Expr::Path(path) => {
                        let name = self.resolve_path(&path.path);
                        // `Some(handler)` passes the handler on; `Err(e)`,
                        // `Foo(x)` and `Enum::Variant(x)` build values, they
                        // call nothing.
                        let is_constructor =
                            path.path.segments.last().is_some_and(|s| {
                                s.ident.to_string().starts_with(char::is_uppercase)
                            });
                        if path.path.is_ident("Err") {
                            return Value::Int(RUST_ERR);
                        }
                        if is_constructor {
                            return if args.len() == 1 {
                                args.into_iter().next().unwrap_or(Value::Unknown)
                            } else {
                                Value::Unknown
                            };
                        }
                        let callee_span = path
                            .path
                            .segments
                            .last()
                            .map_or(span, |s| self.span(s.ident.span()));
                        effects.push(Effect::Call(Call {
                            callee: Callee::Named(name),
                            kind: CallKind::Plain,
                            span: callee_span,
                            args,
                        }));
                        Value::CallResult(effects.len() - 1)
                    }
                    other => {
                        // An immediately invoked closure (`(|| { ... })()`)
                        // calls the function its body was lowered into.
                        let Value::FuncRef(name) = self.expr(other, out, effects) else {
                            return Value::Unknown;
                        };
                        effects.push(Effect::Call(Call {
                            callee: Callee::Named(name),
                            kind: CallKind::Plain,
                            span: self.span(other.span()),
                            args,
                        }));
                        Value::CallResult(effects.len() - 1)
                    }
                }
            }
            Expr::MethodCall(call) => {
                let receiver = self.expr(&call.receiver, out, effects);
                let args = self.args(call.args.iter(), out, effects);
                let receiver_type = match &*call.receiver {
                    Expr::Path(path) if path.path.is_ident("self") => self.owners.last().cloned(),
                    _ => None,
                };
                let _ = receiver;
                effects.push(Effect::Call(Call {
                    callee: Callee::Method {
                        name: call.method.to_string(),
                        receiver_type,
                    },
                    kind: CallKind::Method,
                    span: self.span(call.method.span()),
                    args,
                }));
                Value::CallResult(effects.len() - 1)
            }
            Expr::Macro(expr_macro) => self.macro_call(&expr_macro.mac, out, effects),
            Expr::Closure(closure) => self.closure(closure),
            Expr::Assign(assign) => {
                let value = self.expr(&assign.right, out, effects);
                if let Value::Place(place) = self.expr(&assign.left, out, effects) {
                    effects.push(Effect::Assign {
                        target: place,
                        value,
                    });
                }
                Value::Unknown
            }
            Expr::Path(path) => {
                let name = path_name(&path.path);
                match self.closure_named(&name) {
                    Some(closure) => Value::FuncRef(closure),
                    None => Value::Place(Place(name)),
                }
            }
            Expr::Field(field) => {
                let base = self.expr(&field.base, out, effects);
                match (base, &field.member) {
                    (Value::Place(place), syn::Member::Named(ident)) => {
                        Value::Place(Place(format!("{}.{ident}", place.0)))
                    }
                    _ => Value::Unknown,
                }
            }
            Expr::Reference(reference) => match self.expr(&reference.expr, out, effects) {
                Value::Place(place) => Value::AddrOf(place),
                other => other,
            },
            Expr::Paren(paren) => self.expr(&paren.expr, out, effects),
            Expr::Group(group) => self.expr(&group.expr, out, effects),
            Expr::Cast(cast) => self.expr(&cast.expr, out, effects),
            Expr::Lit(lit) => match &lit.lit {
                syn::Lit::Int(int) => int.base10_parse::<i64>().map_or(Value::Unknown, Value::Int),
                _ => Value::Unknown,
            },
            Expr::Unary(unary) => {
                let value = self.expr(&unary.expr, out, effects);
                match (&unary.op, value) {
                    (syn::UnOp::Neg(_), Value::Int(n)) => Value::Int(-n),
                    (syn::UnOp::Deref(_), Value::Place(place)) => {
                        Value::Place(Place(format!("*{}", place.0)))
                    }
                    _ => Value::Unknown,
                }
            }
            Expr::Unsafe(unsafe_block) => self.value_block(&unsafe_block.block.stmts, out, effects),
            Expr::Block(block) => self.value_block(&block.block.stmts, out, effects),
            Expr::Try(try_expr) => {
                // `value?` returns early on `Err`: bind the value to a temporary
                // the branch can test, then continue with it.
                let value = self.expr(&try_expr.expr, out, effects);
                self.temps += 1;
                let temp = Place(format!("$try{}", self.temps));
                effects.push(Effect::Assign {
                    target: temp.clone(),
                    value,
                });
                let test_effects = std::mem::take(effects);
                out.push(Stmt {
                    kind: StmtKind::If {
                        effects: test_effects,
                        cond: Cond::Matches(Value::Place(temp.clone()), Outcomes::ERROR),
                        then_block: vec![Stmt {
                            kind: StmtKind::Return {
                                effects: Vec::new(),
                                value: Some(Value::Int(RUST_ERR)),
                            },
                            span,
                        }],
                        else_block: Vec::new(),
                    },
                    span,
                });
                Value::Place(temp)
            }
            Expr::If(if_expr) => {
                self.if_expr(if_expr, out, effects, span);
                Value::Unknown
            }
            Expr::Match(match_expr) => {
                let scrutinee = self.expr(&match_expr.expr, out, effects);
                // The match's value: each arm assigns it to a temporary, so
                // a constant an arm yields (`Err(..)` in a fork's child arm)
                // is known on that arm's paths.
                self.temps += 1;
                let result = Place(format!("$match{}", self.temps));
                let mut cases = Vec::new();
                for arm in &match_expr.arms {
                    let labels = match (&arm.guard, &arm.pat) {
                        (None, pat) => pattern_labels(pat),
                        // `id if id > 0`: the guard, in terms of the scrutinee.
                        (Some((_, guard)), Pat::Ident(binding)) if binding.subpat.is_none() => {
                            let mut scratch = Vec::new();
                            let mut scratch_effects = Vec::new();
                            let cond = self.cond(guard, &mut scratch, &mut scratch_effects);
                            let name = binding.ident.to_string();
                            vec![CaseLabel::Guard(Box::new(substitute(
                                cond, &name, &scrutinee,
                            )))]
                        }
                        (Some(_), _) => vec![CaseLabel::Other],
                    };
                    let mut body = Vec::new();
                    let mut body_effects = Vec::new();
                    if let Some((_, guard)) = &arm.guard {
                        self.expr(guard, &mut body, &mut body_effects);
                    }
                    let value = self.expr(&arm.body, &mut body, &mut body_effects);
                    body_effects.push(Effect::Assign {
                        target: result.clone(),
                        value,
                    });
                    push_eval(&mut body, body_effects, self.span(arm.body.span()));
                    cases.push(Case { labels, body });
                }
                out.push(Stmt {
                    kind: StmtKind::Switch {
                        effects: std::mem::take(effects),
                        scrutinee,
                        cases,
                        fallthrough: false,
                    },
                    span,
                });
                Value::Place(result)
            }
            Expr::Loop(loop_expr) => {
                self.flush(out, effects, span);
                let mut body = Vec::new();
                self.block(&loop_expr.body.stmts, &mut body);
                out.push(Stmt {
                    kind: StmtKind::Loop {
                        effects: Vec::new(),
                        cond: Cond::True,
                        body,
                        test_first: true,
                    },
                    span,
                });
                Value::Unknown
            }
            Expr::While(while_expr) => {
                self.flush(out, effects, span);
                let mut cond_effects = Vec::new();
                let mut pre = Vec::new();
                let cond = self.cond(&while_expr.cond, &mut pre, &mut cond_effects);
                out.extend(pre);
                let mut body = Vec::new();
                self.block(&while_expr.body.stmts, &mut body);
                out.push(Stmt {
                    kind: StmtKind::Loop {
                        effects: cond_effects,
                        cond,
                        body,
                        test_first: true,
                    },
                    span,
                });
                Value::Unknown
            }
            Expr::ForLoop(for_loop) => {
                self.expr(&for_loop.expr, out, effects);
                self.flush(out, effects, span);
                let mut body = Vec::new();
                self.block(&for_loop.body.stmts, &mut body);
                out.push(Stmt {
                    kind: StmtKind::Loop {
                        effects: Vec::new(),
                        cond: Cond::Unknown,
                        body,
                        test_first: true,
                    },
                    span,
                });
                Value::Unknown
            }
            Expr::Return(ret) => {
                let value = ret.expr.as_ref().map(|e| self.expr(e, out, effects));
                let keyword = self.span(ret.return_token.span);
                self.push_drops(effects, keyword, self.owned.len());
                out.push(Stmt {
                    kind: StmtKind::Return {
                        effects: std::mem::take(effects),
                        value,
                    },
                    span,
                });
                Value::Unknown
            }
            Expr::Break(brk) => {
                if let Some(value) = &brk.expr {
                    self.expr(value, out, effects);
                }
                self.flush(out, effects, span);
                out.push(Stmt {
                    kind: StmtKind::Break,
                    span,
                });
                Value::Unknown
            }
            Expr::Continue(_) => {
                self.flush(out, effects, span);
                out.push(Stmt {
                    kind: StmtKind::Continue,
                    span,
                });
                Value::Unknown
            }
            Expr::Let(let_expr) => {
                self.expr(&let_expr.expr, out, effects);
                Value::Unknown
            }
            _ => {
                // Anything else: keep the calls inside, in order.
                let mut visitor = SubExprs::default();
                syn::visit::Visit::visit_expr(&mut visitor, expr);
                for sub in visitor.exprs {
                    self.expr(sub, out, effects);
                }
                Value::Unknown
            }
        }
    }

    /// A block used as a value: its statements are emitted, its tail
    /// expression stays in the current effects (`match unsafe { fork() } {`).
    fn value_block(
        &mut self,
        stmts: &[SynStmt],
        out: &mut Block,
        effects: &mut Vec<Effect>,
    ) -> Value {
        let Some((last, leading)) = stmts.split_last() else {
            return Value::Unknown;
        };
        self.owned.push(Vec::new());
        if !leading.is_empty() {
            let span = self.span(leading[0].span());
            self.flush(out, effects, span);
            for stmt in leading {
                self.stmt(stmt, out);
            }
        }
        let end = self.span(last.span());
        let value = match last {
            SynStmt::Expr(expr, None) => self.expr(expr, out, effects),
            other => {
                self.flush(out, effects, end);
                self.stmt(other, out);
                Value::Unknown
            }
        };
        // The block's locals are dropped once its value is computed.
        let drop_at = Span::new(self.file, end.end as usize, end.end as usize);
        self.push_drops(effects, drop_at, 1);
        self.owned.pop();
        value
    }

    fn if_expr(
        &mut self,
        if_expr: &syn::ExprIf,
        out: &mut Block,
        effects: &mut Vec<Effect>,
        span: Span,
    ) {
        let mut pre = Vec::new();
        let cond = self.cond(&if_expr.cond, &mut pre, effects);
        if !pre.is_empty() {
            let pending = std::mem::take(effects);
            out.push(Stmt {
                kind: StmtKind::Eval(pending),
                span,
            });
            out.extend(pre);
        }
        let mut then_block = Vec::new();
        self.block(&if_expr.then_branch.stmts, &mut then_block);
        let mut else_block = Vec::new();
        if let Some((_, otherwise)) = &if_expr.else_branch {
            let mut else_effects = Vec::new();
            self.expr(otherwise, &mut else_block, &mut else_effects);
            push_eval(&mut else_block, else_effects, span);
        }
        out.push(Stmt {
            kind: StmtKind::If {
                effects: std::mem::take(effects),
                cond,
                then_block,
                else_block,
            },
            span,
        });
    }

    fn cond(&mut self, expr: &Expr, out: &mut Block, effects: &mut Vec<Effect>) -> Cond {
        match expr {
            Expr::Let(let_expr) => {
                let value = self.expr(&let_expr.expr, out, effects);
                labels_cond(&value, &pattern_labels(&let_expr.pat))
            }
            Expr::Paren(paren) => self.cond(&paren.expr, out, effects),
            Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Not(_)) => {
                Cond::Not(Box::new(self.cond(&unary.expr, out, effects)))
            }
            Expr::Binary(binary) => {
                let op = match binary.op {
                    syn::BinOp::Eq(_) => Some(CmpOp::Eq),
                    syn::BinOp::Ne(_) => Some(CmpOp::Ne),
                    syn::BinOp::Lt(_) => Some(CmpOp::Lt),
                    syn::BinOp::Le(_) => Some(CmpOp::Le),
                    syn::BinOp::Gt(_) => Some(CmpOp::Gt),
                    syn::BinOp::Ge(_) => Some(CmpOp::Ge),
                    _ => None,
                };
                match (op, &binary.op) {
                    (Some(op), _) => {
                        let left = self.expr(&binary.left, out, effects);
                        let right = self.expr(&binary.right, out, effects);
                        Cond::Cmp(left, op, right)
                    }
                    (None, syn::BinOp::And(_)) => {
                        let left = self.cond(&binary.left, out, effects);
                        let right = self.cond(&binary.right, out, effects);
                        Cond::And(Box::new(left), Box::new(right))
                    }
                    (None, syn::BinOp::Or(_)) => {
                        let left = self.cond(&binary.left, out, effects);
                        let right = self.cond(&binary.right, out, effects);
                        Cond::Or(Box::new(left), Box::new(right))
                    }
                    _ => {
                        self.expr(expr, out, effects);
                        Cond::Unknown
                    }
                }
            }
            Expr::MethodCall(call)
                if call.args.is_empty()
                    && matches!(call.method.to_string().as_str(), "is_child" | "is_parent") =>
            {
                let value = self.expr(&call.receiver, out, effects);
                let outcomes = if call.method == "is_child" {
                    Outcomes::CHILD
                } else {
                    Outcomes::PARENT
                };
                Cond::Matches(value, outcomes)
            }
            Expr::Lit(lit) => match &lit.lit {
                syn::Lit::Bool(b) if b.value => Cond::True,
                syn::Lit::Bool(_) => Cond::False,
                _ => Cond::Unknown,
            },
            other => {
                self.expr(other, out, effects);
                Cond::Unknown
            }
        }
    }

    fn args<'e>(
        &mut self,
        args: impl Iterator<Item = &'e Expr>,
        out: &mut Block,
        effects: &mut Vec<Effect>,
    ) -> Vec<Value> {
        args.map(|arg| match arg {
            Expr::Path(path) if !path.path.segments.is_empty() => {
                let name = path_name(&path.path);
                let resolved = self.resolve_path(&path.path);
                // A function passed by path (`.map_err(io::Error::other)`) is
                // called by whoever receives it.
                let is_function_path = path.path.segments.len() > 1 || resolved != name;
                let starts_upper = resolved
                    .rsplit("::")
                    .next()
                    .is_some_and(|last| last.starts_with(char::is_uppercase));
                if is_function_path && !starts_upper && self.closure_named(&name).is_none() {
                    let span = path
                        .path
                        .segments
                        .last()
                        .map_or_else(|| self.span(path.span()), |s| self.span(s.ident.span()));
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(resolved.clone()),
                        kind: CallKind::Plain,
                        span,
                        args: Vec::new(),
                    }));
                    return Value::FuncRef(resolved);
                }
                match self.closure_named(&name) {
                    Some(closure) => Value::FuncRef(closure),
                    None if path.path.segments.len() == 1
                        && name.chars().next().is_some_and(char::is_lowercase) =>
                    {
                        // A local variable or a function item: both are useful.
                        Value::FuncRef(name)
                    }
                    None => Value::Place(Place(name)),
                }
            }
            other => self.expr(other, out, effects),
        })
        .collect()
    }

    fn closure_named(&self, name: &str) -> Option<String> {
        self.closures
            .iter()
            .rev()
            .find_map(|scope| scope.get(name).cloned())
    }

    fn closure(&mut self, closure: &syn::ExprClosure) -> Value {
        self.n_closures += 1;
        let name = format!("{}::{{closure#{}}}", self.current, self.n_closures);
        let params = closure.inputs.iter().filter_map(pat_ident).collect();
        let previous = std::mem::replace(&mut self.current, name.clone());
        let mut body = Vec::new();
        let mut effects = Vec::new();
        let span = self.span(closure.span());
        match &*closure.body {
            Expr::Block(block) => self.body(&block.block.stmts, &mut body),
            other => {
                let value = self.expr(other, &mut body, &mut effects);
                body.push(Stmt {
                    kind: StmtKind::Return {
                        effects: std::mem::take(&mut effects),
                        value: Some(value),
                    },
                    span,
                });
            }
        }
        self.current = previous;
        let owner = self.owners.last().cloned();
        self.ir.functions.push(Function {
            name: name.clone(),
            qualified: name.clone(),
            owner,
            is_static: true,
            span: self.span(closure.or1_token.span),
            params,
            body,
        });
        Value::FuncRef(name)
    }

    fn macro_call(
        &mut self,
        mac: &syn::Macro,
        out: &mut Block,
        effects: &mut Vec<Effect>,
    ) -> Value {
        let name = format!("{}!", self.resolve_path(&mac.path));
        // The arguments of format-like and `vec!` macros are expressions.
        if let Ok(args) = mac.parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        {
            for arg in &args {
                self.expr(arg, out, effects);
            }
        }
        let span = mac
            .path
            .segments
            .last()
            .map_or_else(|| self.span(mac.path.span()), |s| self.span(s.ident.span()));
        effects.push(Effect::Call(Call {
            callee: Callee::Named(name),
            kind: CallKind::Plain,
            span,
            args: Vec::new(),
        }));
        Value::CallResult(effects.len() - 1)
    }
}

/// Collects the direct sub-expressions of an expression we do not model.
#[derive(Default)]
struct SubExprs<'e> {
    exprs: Vec<&'e Expr>,
    depth: usize,
}

impl<'e> syn::visit::Visit<'e> for SubExprs<'e> {
    fn visit_expr(&mut self, expr: &'e Expr) {
        if self.depth == 0 {
            self.depth += 1;
            syn::visit::visit_expr(self, expr);
            self.depth -= 1;
        } else {
            self.exprs.push(expr);
        }
    }

    fn visit_stmt(&mut self, _stmt: &'e SynStmt) {}
}

/// The calls (`path(…)`) and macro invocations (`name!`) written in a macro's
/// token stream.
fn scan_tokens(lower: &Lower, tokens: TokenStream, effects: &mut Vec<Effect>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut idx = 0;
    while idx < trees.len() {
        match &trees[idx] {
            TokenTree::Ident(ident) => {
                // Gather `a::b::c`.
                let mut path = ident.to_string();
                let start = idx;
                let mut end = idx;
                while end + 3 < trees.len() + 1
                    && matches!(&trees.get(end + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    && matches!(&trees.get(end + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    && let Some(TokenTree::Ident(next)) = trees.get(end + 3)
                {
                    path.push_str("::");
                    path.push_str(&next.to_string());
                    end += 3;
                }
                let preceded_by_dollar = start > 0
                    && matches!(&trees[start - 1], TokenTree::Punct(p) if p.as_char() == '$');
                let last_span = match &trees[end] {
                    TokenTree::Ident(last) => lower.span(last.span()),
                    _ => lower.span(ident.span()),
                };
                let callee = match trees.get(end + 1) {
                    Some(TokenTree::Group(group))
                        if group.delimiter() == proc_macro2::Delimiter::Parenthesis
                            && !preceded_by_dollar =>
                    {
                        Some(path)
                    }
                    Some(TokenTree::Punct(p)) if p.as_char() == '!' && path != "macro_rules" => {
                        Some(format!("{path}!"))
                    }
                    _ => None,
                };
                if let Some(name) = callee {
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(name),
                        kind: CallKind::Plain,
                        span: last_span,
                        args: Vec::new(),
                    }));
                }
                idx = end + 1;
            }
            TokenTree::Group(group) => {
                scan_tokens(lower, group.stream(), effects);
                idx += 1;
            }
            _ => idx += 1,
        }
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Trait(t) => &t.attrs,
        syn::Item::Macro(m) => &m.attrs,
        syn::Item::Use(u) => &u.attrs,
        _ => &[],
    }
}

/// Whether the item's `#[cfg(...)]` attributes may hold on a platform that
/// has `fork()`: `windows` (and `target_os`/`target_family = "windows"`) is
/// false, `unix` true, everything else unknown (kept).
fn cfg_may_hold(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .filter_map(|attr| attr.parse_args::<syn::Meta>().ok())
        .all(|meta| cfg_value(&meta) != Some(false))
}

fn cfg_value(meta: &syn::Meta) -> Option<bool> {
    match meta {
        syn::Meta::Path(path) if path.is_ident("windows") => Some(false),
        syn::Meta::Path(path) if path.is_ident("unix") => Some(true),
        syn::Meta::NameValue(pair)
            if pair.path.is_ident("target_os") || pair.path.is_ident("target_family") =>
        {
            match &pair.value {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(value),
                    ..
                }) if value.value() == "windows" => Some(false),
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(value),
                    ..
                }) if value.value() == "unix" => Some(true),
                _ => None,
            }
        }
        syn::Meta::List(list) => {
            let inner: Vec<syn::Meta> = list
                .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                .map(|p| p.into_iter().collect())
                .unwrap_or_default();
            let values: Vec<Option<bool>> = inner.iter().map(cfg_value).collect();
            if list.path.is_ident("not") {
                values.first().copied().flatten().map(|v| !v)
            } else if list.path.is_ident("all") {
                if values.contains(&Some(false)) {
                    Some(false)
                } else if values.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            } else if list.path.is_ident("any") {
                if values.contains(&Some(true)) {
                    Some(true)
                } else if values.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Records what each name a `use` brings into scope stands for.
fn flatten_use(tree: &syn::UseTree, prefix: String, uses: &mut HashMap<String, String>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}::{name}")
        }
    };
    match tree {
        syn::UseTree::Path(path) => flatten_use(&path.tree, join(&path.ident.to_string()), uses),
        syn::UseTree::Name(name) => {
            let ident = name.ident.to_string();
            if ident != "self" {
                uses.insert(ident.clone(), join(&ident));
            } else if let Some(last) = prefix.rsplit("::").next() {
                uses.insert(last.to_string(), prefix.clone());
            }
        }
        syn::UseTree::Rename(rename) => {
            uses.insert(rename.rename.to_string(), join(&rename.ident.to_string()));
        }
        syn::UseTree::Group(group) => {
            for item in &group.items {
                flatten_use(item, prefix.clone(), uses);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

/// `a::b::<T>::c` as `a::b::c`.
fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string()),
        syn::Type::Reference(reference) => type_name(&reference.elem),
        _ => String::new(),
    }
}

fn pat_ident(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(ident) => Some(ident.ident.to_string()),
        Pat::Type(typed) => pat_ident(&typed.pat),
        Pat::Reference(reference) => pat_ident(&reference.pat),
        _ => None,
    }
}

/// The case labels a pattern stands for.
fn pattern_labels(pat: &Pat) -> Vec<CaseLabel> {
    match pat {
        Pat::Wild(_) => vec![CaseLabel::Default],
        Pat::Ident(ident) if ident.subpat.is_none() => {
            let name = ident.ident.to_string();
            match outcome_of_name(&name) {
                Some(outcomes) => vec![CaseLabel::Outcomes(outcomes)],
                None => vec![CaseLabel::Default],
            }
        }
        Pat::Lit(lit) => match &lit.lit {
            syn::Lit::Int(int) => int
                .base10_parse::<i64>()
                .map_or(vec![CaseLabel::Other], |n| vec![CaseLabel::Int(n)]),
            _ => vec![CaseLabel::Other],
        },
        Pat::Or(or) => or.cases.iter().flat_map(pattern_labels).collect(),
        Pat::Paren(paren) => pattern_labels(&paren.pat),
        Pat::Path(path) => path_outcomes(&path.path, None),
        Pat::TupleStruct(tuple) => path_outcomes(&tuple.path, tuple.elems.first()),
        Pat::Struct(structure) => path_outcomes(&structure.path, None),
        _ => vec![CaseLabel::Other],
    }
}

fn outcome_of_name(name: &str) -> Option<Outcomes> {
    match name {
        "Child" => Some(Outcomes::CHILD),
        "Parent" => Some(Outcomes::PARENT),
        _ => None,
    }
}

fn path_outcomes(path: &syn::Path, inner: Option<&Pat>) -> Vec<CaseLabel> {
    let last = path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    if let Some(outcomes) = outcome_of_name(&last) {
        return vec![CaseLabel::Outcomes(outcomes)];
    }
    match last.as_str() {
        "Err" => vec![CaseLabel::Outcomes(Outcomes::ERROR)],
        "Ok" => match inner.map(pattern_labels) {
            Some(labels) if labels.iter().all(|l| matches!(l, CaseLabel::Outcomes(_))) => labels,
            _ => vec![CaseLabel::Outcomes(Outcomes::CHILD.union(Outcomes::PARENT))],
        },
        _ => vec![CaseLabel::Other],
    }
}

/// A path into the crate as the crate's functions are named: `f`, or
/// `Type::f` for an associated function.
fn crate_local_name(path: &str) -> String {
    let segments: Vec<&str> = path.split("::").collect();
    match segments.as_slice() {
        [.., ty, function] if ty.starts_with(char::is_uppercase) => format!("{ty}::{function}"),
        [.., function] => (*function).to_string(),
        [] => String::new(),
    }
}

/// `cond` with the place `name` replaced by `value`.
fn substitute(cond: Cond, name: &str, value: &Value) -> Cond {
    let value_of = |v: Value| match v {
        Value::Place(place) if place.0 == name => value.clone(),
        other => other,
    };
    match cond {
        Cond::Cmp(left, op, right) => Cond::Cmp(value_of(left), op, value_of(right)),
        Cond::Truthy(v) => Cond::Truthy(value_of(v)),
        Cond::Matches(v, outcomes) => Cond::Matches(value_of(v), outcomes),
        Cond::Not(inner) => Cond::Not(Box::new(substitute(*inner, name, value))),
        Cond::And(l, r) => Cond::And(
            Box::new(substitute(*l, name, value)),
            Box::new(substitute(*r, name, value)),
        ),
        Cond::Or(l, r) => Cond::Or(
            Box::new(substitute(*l, name, value)),
            Box::new(substitute(*r, name, value)),
        ),
        other => other,
    }
}

/// The condition "`value` matches one of `labels`".
fn labels_cond(value: &Value, labels: &[CaseLabel]) -> Cond {
    let mut cond: Option<Cond> = None;
    for label in labels {
        let one = match label {
            CaseLabel::Int(n) => Cond::Cmp(value.clone(), CmpOp::Eq, Value::Int(*n)),
            CaseLabel::Outcomes(outcomes) => Cond::Matches(value.clone(), *outcomes),
            CaseLabel::Default => Cond::True,
            CaseLabel::Guard(cond) => (**cond).clone(),
            CaseLabel::Other => Cond::Unknown,
        };
        cond = Some(match cond {
            Some(previous) => Cond::Or(Box::new(previous), Box::new(one)),
            None => one,
        });
    }
    cond.unwrap_or(Cond::Unknown)
}
