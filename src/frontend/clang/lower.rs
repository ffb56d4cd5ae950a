//! One parsed translation unit to IR: the functions defined in the analysed
//! files (the main file and the project's headers), in exactly the shapes the
//! tree-sitter front end produces, so that the analysis cannot tell them apart.
//!
//! What libclang adds: macros arrive expanded (with `#ifdef`s decided by the
//! build's flags), every named call carries the callee's USR (overloads,
//! methods and the same function seen from several units are told apart by
//! it), constructors and operator calls are explicit, and a call through a
//! local function pointer assigned a function in the same function calls that
//! function. Spans are expansion locations: code from a macro points at the
//! macro's invocation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clang_sys::*;

use super::cursor::{self as cx, Cursor};

mod conditional;
mod pointers;
use crate::frontend::c_treesitter::{parse_int, type_name};
use crate::ir::{
    Block, Call, CallKind, Callee, Case, CaseLabel, CmpOp, Cond, Effect, Function, Place, Stmt,
    StmtKind, Value, push_call, push_eval, push_if,
};
use crate::source::{FileId, Span};

/// Deeper nesting than this is not lowered (as in the tree-sitter front end).
const MAX_DEPTH: usize = 600;

/// What one translation unit contributes.
#[derive(Default)]
pub struct UnitIr {
    /// Functions defined in analysed files, with their USRs.
    pub functions: Vec<(String, Function)>,
    /// A call's span and callee name, and the USR of what it calls.
    pub calls: Vec<((Span, String), String)>,
    /// Analysed files this unit read (its main file and included headers).
    pub files: Vec<FileId>,
    /// libclang's errors.
    pub issues: Vec<crate::ir::ParseIssue>,
}

/// Maps libclang's files to the run's file ids.
pub struct Files<'a> {
    pub known: &'a HashMap<PathBuf, FileId>,
    cache: HashMap<usize, Option<FileId>>,
}

impl<'a> Files<'a> {
    pub fn new(known: &'a HashMap<PathBuf, FileId>) -> Files<'a> {
        Files {
            known,
            cache: HashMap::new(),
        }
    }

    pub fn id(&mut self, file: CXFile) -> Option<FileId> {
        if file.is_null() {
            return None;
        }
        let known = self.known;
        *self.cache.entry(file as usize).or_insert_with(|| {
            let name = cx::string(unsafe { clang_getFileName(file) });
            let path = std::fs::canonicalize(&name).unwrap_or_else(|_| PathBuf::from(&name));
            known.get(Path::new(&path)).copied()
        })
    }
}

struct Scope {
    /// Destructors to run at the end of the scope: name, USR, span.
    destructors: Vec<(String, String, Span)>,
}

pub struct Lower<'a> {
    tu: CXTranslationUnit,
    files: Files<'a>,
    pub out: UnitIr,
    scopes: Vec<Scope>,
    /// Local function pointers and the functions assigned to them in the
    /// function being lowered: variable → (name, USR).
    fn_pointers: HashMap<String, Vec<(String, String)>>,
    /// Functions named as values in the function being lowered: name → USR.
    func_refs: HashMap<String, String>,
    depth: usize,
    /// Conditionals of the condition being lowered that were assigned to
    /// temporaries before it (see `conditional`).
    hoisted: Vec<(Cursor, Place)>,
}

impl<'a> Lower<'a> {
    pub fn new(tu: CXTranslationUnit, files: Files<'a>) -> Lower<'a> {
        Lower {
            tu,
            files,
            out: UnitIr::default(),
            scopes: Vec::new(),
            fn_pointers: HashMap::new(),
            func_refs: HashMap::new(),
            depth: 0,
            hoisted: Vec::new(),
        }
    }

    // ----- Locations -----

    fn file_offset(&mut self, location: CXSourceLocation) -> Option<(FileId, u32)> {
        let mut file: CXFile = std::ptr::null_mut();
        let mut offset: u32 = 0;
        unsafe {
            clang_getExpansionLocation(
                location,
                &mut file,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut offset,
            );
        }
        Some((self.files.id(file)?, offset))
    }

    /// The analysed file a cursor is in, if any.
    fn file_of(&mut self, cursor: Cursor) -> Option<FileId> {
        let location = unsafe { clang_getCursorLocation(cursor) };
        self.file_offset(location).map(|(file, _)| file)
    }

    /// A span of `len` bytes at the cursor's location.
    fn point(&mut self, cursor: Cursor, len: usize) -> Span {
        let location = unsafe { clang_getCursorLocation(cursor) };
        match self.file_offset(location) {
            Some((file, offset)) => Span::new(file, offset as usize, offset as usize + len),
            None => Span::default(),
        }
    }

    /// The cursor's whole extent.
    fn span(&mut self, cursor: Cursor) -> Span {
        let range = cx::extent(cursor);
        let start = self.file_offset(unsafe { clang_getRangeStart(range) });
        let end = self.file_offset(unsafe { clang_getRangeEnd(range) });
        match (start, end) {
            (Some((file, start)), Some((end_file, end))) if file == end_file && end >= start => {
                Span::new(file, start as usize, end as usize)
            }
            (Some((file, start)), _) => Span::new(file, start as usize, start as usize),
            _ => Span::default(),
        }
    }

    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        self.depth += 1;
        true
    }

    // ----- Top level -----

    /// Lowers the definitions under a translation unit, namespace, class or
    /// `extern "C"` block that lie in analysed files.
    pub fn top_level(&mut self, parent: Cursor) {
        for child in cx::children(parent) {
            if self.file_of(child).is_none() {
                continue;
            }
            match cx::kind(child) {
                CXCursor_FunctionDecl
                | CXCursor_CXXMethod
                | CXCursor_Constructor
                | CXCursor_Destructor
                | CXCursor_ConversionFunction
                | CXCursor_FunctionTemplate
                    if cx::is_definition(child) =>
                {
                    self.function(child)
                }
                CXCursor_Namespace | CXCursor_LinkageSpec | CXCursor_UnexposedDecl => {
                    self.top_level(child)
                }
                _ if cx::is_class(child) => self.top_level(child),
                _ => {}
            }
        }
    }

    fn function(&mut self, cursor: Cursor) {
        let children = cx::children(cursor);
        let Some(body) = children
            .iter()
            .copied()
            .find(|c| cx::kind(*c) == CXCursor_CompoundStmt)
        else {
            return;
        };
        let name = cx::spelling(cursor);
        let name = name.split('<').next().unwrap_or("").trim().to_string();
        let owner = cx::semantic_parent(cursor)
            .filter(|p| cx::is_class(*p))
            .map(|p| {
                let scope = cx::scope_name(p);
                let class = cx::spelling(p);
                let class = class.split('<').next().unwrap_or("").trim().to_string();
                if scope.is_empty() {
                    class
                } else {
                    format!("{scope}::{class}")
                }
            });
        let qualified = match &owner {
            Some(owner) => format!("{owner}::{name}"),
            None => name.clone(),
        };
        let span = self.point(cursor, name.len());
        let params = children
            .iter()
            .filter(|c| cx::kind(**c) == CXCursor_ParmDecl)
            .map(|c| cx::spelling(*c))
            .collect();
        self.fn_pointers.clear();
        self.func_refs.clear();
        self.depth = 0;
        let mut block = Vec::new();
        // Constructor initialiser lists: the member initialisers' calls.
        let mut effects = Vec::new();
        for child in &children {
            if cx::is_expression(*child) {
                self.scan_calls(*child, &mut effects);
            }
        }
        if !effects.is_empty() {
            let span = self.point(cursor, 0);
            block.push(Stmt {
                kind: StmtKind::Eval(effects),
                span,
            });
        }
        self.block_into(body, &mut block);
        let function = Function {
            name,
            qualified,
            owner,
            is_static: cx::has_internal_linkage(cursor),
            span,
            params,
            body: block,
        };
        self.out.functions.push((cx::usr(cursor), function));
    }

    // ----- Statements -----

    fn block_into(&mut self, cursor: Cursor, out: &mut Block) {
        if cx::kind(cursor) != CXCursor_CompoundStmt {
            self.stmt(cursor, out);
            return;
        }
        self.scopes.push(Scope {
            destructors: Vec::new(),
        });
        for child in cx::children(cursor) {
            self.stmt(child, out);
        }
        let scope = self.scopes.pop().expect("pushed above");
        for (name, usr, span) in &scope.destructors {
            self.out.calls.push(((*span, name.clone()), usr.clone()));
        }
        run_destructors(scope, out);
    }

    fn stmt(&mut self, cursor: Cursor, out: &mut Block) {
        if !self.enter() {
            return;
        }
        self.stmt_inner(cursor, out);
        self.depth -= 1;
    }

    fn stmt_inner(&mut self, cursor: Cursor, out: &mut Block) {
        let span = self.span(cursor);
        let children = cx::children(cursor);
        let push = |out: &mut Block, kind| out.push(Stmt { kind, span });
        match cx::kind(cursor) {
            CXCursor_CompoundStmt => {
                let mut block = Vec::new();
                self.block_into(cursor, &mut block);
                push(out, StmtKind::Block(block));
            }
            CXCursor_DeclStmt => {
                let mut effects = Vec::new();
                self.declarations(&children, &mut effects);
                push_eval(out, effects, span);
            }
            CXCursor_IfStmt => {
                let hoisted = self.hoist_tested(&children, span, out);
                let (effects, cond, blocks) = self.conditional(&children);
                self.hoisted.truncate(self.hoisted.len() - hoisted);
                let mut blocks = blocks.into_iter();
                push(
                    out,
                    StmtKind::If {
                        effects,
                        cond,
                        then_block: blocks.next().unwrap_or_default(),
                        else_block: blocks.next().unwrap_or_default(),
                    },
                );
            }
            CXCursor_SwitchStmt => {
                let hoisted = self.hoist_tested(&children, span, out);
                let mut effects = Vec::new();
                let rest = self.condition_declaration(&children, &mut effects);
                let scrutinee = match rest.first() {
                    Some(value) => self.expr(*value, &mut effects),
                    None => Value::Unknown,
                };
                self.hoisted.truncate(self.hoisted.len() - hoisted);
                let mut cases = Vec::new();
                let mut prelude = Vec::new();
                if let Some(body) = rest.get(1) {
                    self.scopes.push(Scope {
                        destructors: Vec::new(),
                    });
                    for child in cx::children(*body) {
                        self.case_item(child, &mut cases, &mut prelude);
                    }
                    self.scopes.pop();
                }
                push(
                    out,
                    StmtKind::Switch {
                        effects,
                        scrutinee,
                        cases,
                        fallthrough: true,
                    },
                );
            }
            CXCursor_CaseStmt | CXCursor_DefaultStmt => {
                let mut cases = Vec::new();
                let mut prelude = Vec::new();
                self.case_item(cursor, &mut cases, &mut prelude);
                let block = cases.into_iter().flat_map(|c| c.body).collect();
                push(out, StmtKind::Block(block));
            }
            CXCursor_WhileStmt => {
                let (effects, cond, blocks) = self.conditional(&children);
                push(
                    out,
                    StmtKind::Loop {
                        effects,
                        cond,
                        body: blocks.into_iter().next().unwrap_or_default(),
                        test_first: true,
                    },
                );
            }
            CXCursor_DoStmt => {
                let mut body = Vec::new();
                if let Some(body_cursor) = children.first() {
                    self.block_into(*body_cursor, &mut body);
                }
                let mut effects = Vec::new();
                let cond = match children.get(1) {
                    Some(cond) => self.cond(*cond, &mut effects),
                    None => Cond::Unknown,
                };
                push(
                    out,
                    StmtKind::Loop {
                        effects,
                        cond,
                        body,
                        test_first: false,
                    },
                );
            }
            CXCursor_ForStmt => self.for_loop(cursor, &children, span, out),
            CXCursor_CXXForRangeStmt => {
                // `for (x : range) body`: the range's calls, then the body.
                let mut effects = Vec::new();
                let mut body = Vec::new();
                for (idx, child) in children.iter().enumerate() {
                    if idx + 1 == children.len() {
                        self.block_into(*child, &mut body);
                    } else {
                        self.scan_calls(*child, &mut effects);
                    }
                }
                push(
                    out,
                    StmtKind::Loop {
                        effects,
                        cond: Cond::Unknown,
                        body,
                        test_first: true,
                    },
                );
            }
            CXCursor_ReturnStmt => {
                let mut effects = Vec::new();
                let value = children.last().map(|c| self.expr(*c, &mut effects));
                push(out, StmtKind::Return { effects, value });
            }
            CXCursor_BreakStmt => push(out, StmtKind::Break),
            CXCursor_ContinueStmt => push(out, StmtKind::Continue),
            CXCursor_GotoStmt => {
                let label = children
                    .first()
                    .map(|c| cx::spelling(*c))
                    .unwrap_or_default();
                push(out, StmtKind::Goto(label));
            }
            CXCursor_LabelStmt => {
                push(out, StmtKind::Label(cx::spelling(cursor)));
                for child in children {
                    self.stmt(child, out);
                }
            }
            CXCursor_CXXTryStmt => {
                let mut body = Vec::new();
                let mut handlers = Vec::new();
                for child in children {
                    if cx::kind(child) == CXCursor_CXXCatchStmt {
                        if let Some(handler) = cx::children(child)
                            .into_iter()
                            .find(|c| cx::kind(*c) == CXCursor_CompoundStmt)
                        {
                            self.block_into(handler, &mut handlers);
                        }
                    } else {
                        self.block_into(child, &mut body);
                    }
                }
                push(out, StmtKind::Block(body));
                push(
                    out,
                    StmtKind::If {
                        effects: Vec::new(),
                        cond: Cond::Unknown,
                        then_block: handlers,
                        else_block: Vec::new(),
                    },
                );
            }
            CXCursor_NullStmt => {}
            CXCursor_CXXThrowExpr => {
                let mut effects = Vec::new();
                self.expr(cursor, &mut effects);
                push_eval(out, effects, span);
            }
            _ if cx::is_expression(cursor) => self.expr_stmt(cursor, span, out),
            _ => {
                // Statements not modelled (attributes, asm): keep their calls.
                let mut effects = Vec::new();
                for child in children {
                    if cx::is_statement(child) && !cx::is_expression(child) {
                        let mut block = Vec::new();
                        self.stmt(child, &mut block);
                        out.extend(block);
                    } else {
                        self.scan_calls(child, &mut effects);
                    }
                }
                push_eval(out, effects, span);
            }
        }
    }

    /// `if` and `while`: the condition (after any condition variable) and the
    /// statements after it, each lowered as a block.
    fn conditional(&mut self, children: &[Cursor]) -> (Vec<Effect>, Cond, Vec<Block>) {
        let mut effects = Vec::new();
        let rest = self.condition_declaration(children, &mut effects);
        let cond = match rest.first() {
            Some(cond) => self.cond(*cond, &mut effects),
            None => Cond::Unknown,
        };
        let blocks = rest
            .iter()
            .skip(1)
            .map(|statement| {
                let mut block = Vec::new();
                self.block_into(*statement, &mut block);
                block
            })
            .collect();
        (effects, cond, blocks)
    }

    /// Lowers a leading condition variable (`if (pid_t pid = fork())`) into
    /// `effects` and returns the remaining children.
    fn condition_declaration(
        &mut self,
        children: &[Cursor],
        effects: &mut Vec<Effect>,
    ) -> Vec<Cursor> {
        let mut rest = children.to_vec();
        while rest.len() > 2 && matches!(cx::kind(rest[0]), CXCursor_DeclStmt | CXCursor_VarDecl) {
            let first = rest.remove(0);
            let declarations = if cx::kind(first) == CXCursor_DeclStmt {
                cx::children(first)
            } else {
                vec![first]
            };
            self.declarations(&declarations, effects);
        }
        rest
    }

    fn case_item(&mut self, cursor: Cursor, cases: &mut Vec<Case>, prelude: &mut Block) {
        match cx::kind(cursor) {
            CXCursor_CaseStmt | CXCursor_DefaultStmt => {
                let children = cx::children(cursor);
                let (label, body) = if cx::kind(cursor) == CXCursor_DefaultStmt {
                    (CaseLabel::Default, children.first().copied())
                } else {
                    let label = children
                        .first()
                        .map_or(CaseLabel::Other, |value| self.case_label(*value));
                    (
                        label,
                        children.last().copied().filter(|_| children.len() > 1),
                    )
                };
                cases.push(Case {
                    labels: vec![label],
                    body: Vec::new(),
                });
                if let Some(body) = body {
                    self.case_item(body, cases, prelude);
                }
            }
            _ => match cases.last_mut() {
                Some(case) => {
                    let mut body = std::mem::take(&mut case.body);
                    self.stmt(cursor, &mut body);
                    if let Some(case) = cases.last_mut() {
                        case.body = body;
                    }
                }
                None => self.stmt(cursor, prelude),
            },
        }
    }

    /// A case label as the tree-sitter front end reads it: an integer literal
    /// (possibly negated), otherwise not understood.
    fn case_label(&mut self, value: Cursor) -> CaseLabel {
        let value = strip(value);
        let text = cx::tokens(self.tu, cx::extent(value)).concat();
        parse_int(text.trim_start_matches('(').trim_end_matches(')'))
            .map_or(CaseLabel::Other, CaseLabel::Int)
    }

    fn for_loop(&mut self, cursor: Cursor, children: &[Cursor], span: Span, out: &mut Block) {
        // Which child is the initialiser, the condition and the increment is
        // only visible from where the `;`s of the header are.
        let Some((&body_cursor, header)) = children.split_last() else {
            return;
        };
        let semicolons = self.header_semicolons(cursor, body_cursor);
        let mut init = Vec::new();
        let mut cond_cursor = None;
        let mut update = None;
        for child in header {
            let start = self.span(*child).start;
            match semicolons {
                Some((first, _)) if start < first => {
                    let mut effects = Vec::new();
                    if cx::kind(*child) == CXCursor_DeclStmt {
                        self.declarations(&cx::children(*child), &mut effects);
                    } else {
                        self.expr(*child, &mut effects);
                    }
                    let child_span = self.span(*child);
                    push_eval(&mut init, effects, child_span);
                }
                Some((_, second)) if start < second => cond_cursor = Some(*child),
                Some(_) => update = Some(*child),
                None => {
                    let mut effects = Vec::new();
                    self.scan_calls(*child, &mut effects);
                    let child_span = self.span(*child);
                    push_eval(&mut init, effects, child_span);
                }
            }
        }
        let mut effects = Vec::new();
        let cond = match (cond_cursor, semicolons) {
            (Some(cond), _) => self.cond(cond, &mut effects),
            (None, Some(_)) => Cond::True,
            (None, None) => Cond::Unknown,
        };
        let mut body = Vec::new();
        self.block_into(body_cursor, &mut body);
        if let Some(update) = update {
            let mut update_effects = Vec::new();
            self.expr(update, &mut update_effects);
            let update_span = self.span(update);
            push_eval(&mut body, update_effects, update_span);
        }
        out.extend(init);
        out.push(Stmt {
            kind: StmtKind::Loop {
                effects,
                cond,
                body,
                test_first: true,
            },
            span,
        });
    }

    /// Offsets of the two `;` of a `for` header, when the header is in the
    /// file as written (not produced by a macro).
    fn header_semicolons(&mut self, cursor: Cursor, body: Cursor) -> Option<(u32, u32)> {
        let range = unsafe {
            clang_getRange(
                clang_getRangeStart(cx::extent(cursor)),
                clang_getRangeStart(cx::extent(body)),
            )
        };
        let mut tokens: *mut CXToken = std::ptr::null_mut();
        let mut count: u32 = 0;
        let mut found = Vec::new();
        unsafe {
            clang_tokenize(self.tu, range, &mut tokens, &mut count);
            for i in 0..count as usize {
                let token = *tokens.add(i);
                if cx::string(clang_getTokenSpelling(self.tu, token)) == ";" {
                    let location = clang_getRangeStart(clang_getTokenExtent(self.tu, token));
                    found.push(location);
                }
            }
            if !tokens.is_null() {
                clang_disposeTokens(self.tu, tokens, count);
            }
        }
        let offsets: Vec<u32> = found
            .into_iter()
            .filter_map(|location| self.file_offset(location).map(|(_, offset)| offset))
            .collect();
        match offsets[..] {
            [first, second] if first < second => Some((first, second)),
            _ => None,
        }
    }

    // ----- Declarations -----

    fn declarations(&mut self, declarations: &[Cursor], effects: &mut Vec<Effect>) {
        for declaration in declarations {
            if cx::kind(*declaration) == CXCursor_VarDecl {
                self.variable(*declaration, effects);
            }
        }
    }

    fn variable(&mut self, var: Cursor, effects: &mut Vec<Effect>) {
        let name = cx::spelling(var);
        let ty = cx::type_of(var);
        let init = cx::initializer(var);
        if let Some(class) = cx::record_declaration(ty) {
            // A local object: its constructor now, its destructor at the end
            // of the scope.
            let type_text = type_name(&cx::type_spelling(ty));
            if let Some(init) = init {
                let before = effects.len();
                let value = self.expr(init, effects);
                let constructed = effects[before..]
                    .iter()
                    .any(|e| matches!(e, Effect::Call(call) if call.kind == CallKind::Constructor));
                if !constructed {
                    effects.push(Effect::Assign {
                        target: Place(name.clone()),
                        value,
                    });
                }
            }
            if !type_text.starts_with("std::")
                && let Some(destructor) = cx::children(class)
                    .into_iter()
                    .find(|c| cx::kind(*c) == CXCursor_Destructor)
            {
                let span = self.point(var, name.len());
                let short = type_text.rsplit("::").next().unwrap_or(&type_text);
                let callee = format!("{type_text}::~{short}");
                if let Some(scope) = self.scopes.last_mut() {
                    scope.destructors.push((callee, cx::usr(destructor), span));
                }
            }
            return;
        }
        let Some(init) = init else { return };
        let value = self.expr(init, effects);
        self.note_function_pointer(&name, init, &value);
        effects.push(Effect::Assign {
            target: Place(name),
            value,
        });
    }

    /// Remembers that a local now holds a function (`fp = &foo`, or `fp =
    /// dlsym(handle, "foo")`).
    fn note_function_pointer(&mut self, var: &str, assigned: Cursor, value: &Value) {
        let held = match value {
            Value::FuncRef(function) => self
                .func_refs
                .get(function)
                .map(|usr| (function.clone(), usr.clone())),
            _ => pointers::looked_up_symbol(assigned),
        };
        if let Some(held) = held {
            self.fn_pointers
                .entry(var.to_string())
                .or_default()
                .push(held);
        }
    }

    /// An expression statement. Control flow written as an expression is
    /// read as such: `c ? a : b;` is a branch, `a, b;` two statements, and a
    /// GNU statement expression its statements (glibc's `assert(e)` is
    /// `((void) sizeof (...), __extension__ ({ if (e) ; else __assert_fail (...); }))`).
    fn expr_stmt(&mut self, cursor: Cursor, span: Span, out: &mut Block) {
        let inner = statement_core(cursor);
        let children = cx::children(inner);
        match (cx::kind(inner), &children[..]) {
            (CXCursor_ConditionalOperator, [test, yes, no]) => {
                let mut effects = Vec::new();
                let cond = self.cond(*test, &mut effects);
                let mut branches = [Vec::new(), Vec::new()];
                for (branch, side) in branches.iter_mut().zip([yes, no]) {
                    self.expr_stmt(*side, span, branch);
                }
                let [then_block, else_block] = branches;
                push_if(out, effects, cond, [then_block, else_block], span);
            }
            // `x = c ? f() : g();` is `if (c) x = f(); else x = g();`: each
            // call's result reaches `x` on its own path.
            (CXCursor_BinaryOperator, [left, right])
                if cx::kind(statement_core(*right)) == CXCursor_ConditionalOperator
                    && let [test, yes, no] = cx::children(statement_core(*right))[..]
                    && self.infix(inner, *left, *right) == "=" =>
            {
                let mut effects = Vec::new();
                let Value::Place(target) = self.expr(*left, &mut effects) else {
                    let mut effects = Vec::new();
                    self.expr(cursor, &mut effects);
                    push_eval(out, effects, span);
                    return;
                };
                self.conditional_into([test, yes, no], &target, effects, span, out);
            }
            // Only a comma gives a binary expression the type `void` (its
            // tokens cannot be read when a macro wrote it).
            (CXCursor_BinaryOperator, [left, right])
                if cx::type_spelling(cx::type_of(inner)) == "void"
                    || self.infix(inner, *left, *right) == "," =>
            {
                self.expr_stmt(*left, span, out);
                self.expr_stmt(*right, span, out);
            }
            (CXCursor_StmtExpr, [body]) => self.stmt(*body, out),
            (CXCursor_UnaryOperator, [operand])
                if cx::kind(statement_core(*operand)) == CXCursor_StmtExpr =>
            {
                self.expr_stmt(*operand, span, out);
            }
            _ => {
                let mut effects = Vec::new();
                self.expr(cursor, &mut effects);
                push_eval(out, effects, span);
            }
        }
    }

    // ----- Conditions -----

    fn cond(&mut self, cursor: Cursor, effects: &mut Vec<Effect>) -> Cond {
        if !self.enter() {
            return Cond::Unknown;
        }
        let cond = self.cond_inner(strip(cursor), effects);
        self.depth -= 1;
        cond
    }

    fn cond_inner(&mut self, cursor: Cursor, effects: &mut Vec<Effect>) -> Cond {
        let children = cx::children(cursor);
        match (cx::kind(cursor), &children[..]) {
            (CXCursor_UnaryOperator, [operand]) if self.prefix(cursor, *operand) == "!" => {
                Cond::Not(Box::new(self.cond(*operand, effects)))
            }
            (CXCursor_BinaryOperator, [left, right]) => {
                let operator = self.infix(cursor, *left, *right);
                match operator.as_str() {
                    "&&" | "and" => {
                        let left = self.cond(*left, effects);
                        let right = self.cond(*right, effects);
                        Cond::And(Box::new(left), Box::new(right))
                    }
                    "||" | "or" => {
                        let left = self.cond(*left, effects);
                        let right = self.cond(*right, effects);
                        Cond::Or(Box::new(left), Box::new(right))
                    }
                    _ => match compare_op(&operator) {
                        Some(op) => {
                            let left = self.expr(*left, effects);
                            let right = self.expr(*right, effects);
                            Cond::Cmp(left, op, right)
                        }
                        None => Cond::Truthy(self.expr(cursor, effects)),
                    },
                }
            }
            (CXCursor_IntegerLiteral | CXCursor_CXXBoolLiteralExpr, _) => {
                // A literal written by a macro (`while (0)` in
                // `do { ... } while (0)`) has the invocation's tokens: its
                // value is unknown here, never "always true".
                let text = cx::tokens(self.tu, cx::extent(cursor)).concat();
                match text.as_str() {
                    "0" | "false" => Cond::False,
                    "true" => Cond::True,
                    _ if text.bytes().all(|b| b.is_ascii_alphanumeric())
                        && text.starts_with(|c: char| c.is_ascii_digit()) =>
                    {
                        Cond::True
                    }
                    _ => Cond::Unknown,
                }
            }
            _ => Cond::Truthy(self.expr(cursor, effects)),
        }
    }

    /// The operator between two operands, or "" when macros hide it.
    fn infix(&self, cursor: Cursor, left: Cursor, right: Cursor) -> String {
        match &cx::tokens_between(self.tu, left, right)[..] {
            [operator] => operator.clone(),
            [operator, _] => operator.clone(),
            // The right operand is a macro (`e == NULL`): its extent starts
            // in the macro's definition. The operator is the first token of
            // the whole expression after the left operand's.
            [] => {
                let skip = cx::tokens(self.tu, cx::extent(left)).len();
                cx::tokens(self.tu, cx::extent(cursor))
                    .into_iter()
                    .nth(skip)
                    .unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    /// The prefix operator of a unary expression ("" for postfix ones).
    fn prefix(&self, cursor: Cursor, operand: Cursor) -> String {
        cx::tokens_before(self.tu, cursor, operand)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    // ----- Expressions -----

    fn expr(&mut self, cursor: Cursor, effects: &mut Vec<Effect>) -> Value {
        if !self.enter() {
            return Value::Unknown;
        }
        let value = self.expr_inner(cursor, effects);
        self.depth -= 1;
        value
    }

    fn expr_inner(&mut self, cursor: Cursor, effects: &mut Vec<Effect>) -> Value {
        if let Some(value) = self.hoisted_value(cursor) {
            return value;
        }
        let children = cx::children(cursor);
        match (cx::kind(cursor), &children[..]) {
            (CXCursor_CallExpr, _) => self.call(cursor, &children, effects),
            (CXCursor_ParenExpr | CXCursor_UnexposedExpr, [inner]) => self.expr(*inner, effects),
            (
                CXCursor_CStyleCastExpr
                | CXCursor_CXXStaticCastExpr
                | CXCursor_CXXFunctionalCastExpr
                | CXCursor_CXXReinterpretCastExpr
                | CXCursor_CXXConstCastExpr,
                [.., inner],
            ) => self.expr(*inner, effects),
            (CXCursor_DeclRefExpr, _) => match cx::referenced(cursor) {
                Some(target) if is_function(target) => {
                    let name = cx::qualified_name(target);
                    self.func_refs.insert(name.clone(), cx::usr(target));
                    Value::FuncRef(name)
                }
                // An enumerator is its value.
                Some(target) if cx::kind(target) == CXCursor_EnumConstantDecl => {
                    Value::Int(cx::enum_value(target))
                }
                _ => Value::Place(Place(cx::spelling(cursor))),
            },
            (CXCursor_MemberRefExpr, _) => self.member(cursor, &children, effects),
            (CXCursor_IntegerLiteral, _) => {
                let text = cx::tokens(self.tu, cx::extent(cursor)).concat();
                // A literal written by a macro (`NULL`) has the invocation's
                // tokens: ask clang for its value.
                parse_int(&text)
                    .or_else(|| cx::integer_value(cursor))
                    .map_or(Value::Unknown, Value::Int)
            }
            // `__null` (C++'s NULL with GCC's headers) and `nullptr`.
            (CXCursor_GNUNullExpr | CXCursor_CXXNullPtrLiteralExpr, _) => Value::Int(0),
            (CXCursor_UnaryOperator, [operand]) => {
                let operator = self.prefix(cursor, *operand);
                let inner = self.expr(*operand, effects);
                match (operator.as_str(), inner) {
                    ("&", Value::Place(place)) => Value::AddrOf(place),
                    ("&", Value::FuncRef(name)) => Value::FuncRef(name),
                    ("*", Value::Place(place)) => Value::Place(Place(format!("*{}", place.0))),
                    ("*", Value::AddrOf(place)) => Value::Place(place),
                    ("-", Value::Int(n)) => Value::Int(-n),
                    ("+", Value::Int(n)) => Value::Int(n),
                    // `++x`, `--x`, and `x++`/`x--` (the last token): the
                    // place no longer holds what it held.
                    (op, Value::Place(place))
                        if matches!(op, "++" | "--")
                            || cx::tokens(self.tu, cx::extent(cursor))
                                .last()
                                .is_some_and(|last| last == "++" || last == "--") =>
                    {
                        effects.push(Effect::Assign {
                            target: place,
                            value: Value::Unknown,
                        });
                        Value::Unknown
                    }
                    _ => Value::Unknown,
                }
            }
            (CXCursor_BinaryOperator, [left, right]) => {
                let operator = self.infix(cursor, *left, *right);
                match operator.as_str() {
                    "=" => {
                        let value = self.expr(*right, effects);
                        let Value::Place(place) = self.expr(*left, effects) else {
                            return value;
                        };
                        self.note_function_pointer(&place.0, *right, &value);
                        effects.push(Effect::Assign {
                            target: place.clone(),
                            value,
                        });
                        Value::Place(place)
                    }
                    "," => {
                        self.expr(*left, effects);
                        self.expr(*right, effects)
                    }
                    _ => {
                        self.expr(*left, effects);
                        self.expr(*right, effects);
                        Value::Unknown
                    }
                }
            }
            (CXCursor_CompoundAssignOperator, [left, right]) => {
                self.expr(*right, effects);
                if let Value::Place(place) = self.expr(*left, effects) {
                    effects.push(Effect::Assign {
                        target: place.clone(),
                        value: Value::Unknown,
                    });
                    return Value::Place(place);
                }
                Value::Unknown
            }
            (CXCursor_CXXNewExpr, _) => {
                self.keyword_call(cursor, children, effects, "new", CallKind::New)
            }
            (CXCursor_CXXDeleteExpr, _) => {
                self.keyword_call(cursor, children, effects, "delete", CallKind::Delete)
            }
            (CXCursor_CXXThrowExpr, _) => {
                self.keyword_call(cursor, children, effects, "throw", CallKind::Throw)
            }
            (CXCursor_LambdaExpr | CXCursor_StringLiteral | CXCursor_CharacterLiteral, _) => {
                Value::Unknown
            }
            _ => {
                for child in children {
                    self.scan_calls(child, effects);
                }
                Value::Unknown
            }
        }
    }

    /// `new`, `delete` and `throw`: a call named by the keyword, at the
    /// keyword, as the tree-sitter front end makes it. The operand's calls
    /// come first, except for `new`, whose constructor runs after it.
    fn keyword_call(
        &mut self,
        cursor: Cursor,
        operands: Vec<Cursor>,
        effects: &mut Vec<Effect>,
        keyword: &str,
        kind: CallKind,
    ) -> Value {
        let name = match kind {
            CallKind::Throw => keyword.to_string(),
            _ => format!("operator {keyword}"),
        };
        let call = Effect::Call(Call {
            callee: Callee::Named(name),
            kind,
            span: self.point(cursor, keyword.len()),
            args: Vec::new(),
        });
        let mut operand_effects = Vec::new();
        for operand in operands {
            self.expr(operand, &mut operand_effects);
        }
        if kind == CallKind::New {
            effects.push(call);
            effects.append(&mut operand_effects);
        } else {
            effects.append(&mut operand_effects);
            effects.push(call);
        }
        Value::Unknown
    }

    /// Lowers the calls anywhere below a cursor (code not modelled).
    fn scan_calls(&mut self, cursor: Cursor, effects: &mut Vec<Effect>) {
        if cx::is_expression(cursor) {
            self.expr(cursor, effects);
            return;
        }
        if !self.enter() {
            return;
        }
        for child in cx::children(cursor) {
            if cx::kind(child) == CXCursor_VarDecl {
                self.variable(child, effects);
            } else {
                self.scan_calls(child, effects);
            }
        }
        self.depth -= 1;
    }

    /// `base->field` / `base.field` (the base lowered for its calls).
    fn member(&mut self, cursor: Cursor, children: &[Cursor], effects: &mut Vec<Effect>) -> Value {
        let field = cx::spelling(cursor);
        let Some(base) = children.first() else {
            return Value::Place(Place(field));
        };
        let base_kind = cx::kind(strip(*base));
        if base_kind == CXCursor_CXXThisExpr
            && self.span(*base).start == self.point(cursor, 0).start
        {
            // An implicit `this->`.
            return Value::Place(Place(field));
        }
        let arrow = cx::is_pointer(cx::type_of(*base));
        match self.expr(*base, effects) {
            Value::Place(place) => Value::Place(Place(format!(
                "{}{}{field}",
                place.0,
                if arrow { "->" } else { "." }
            ))),
            _ if base_kind == CXCursor_CXXThisExpr => Value::Place(Place(format!("this->{field}"))),
            _ => Value::Place(Place(field)),
        }
    }

    // ----- Calls -----

    fn call(&mut self, cursor: Cursor, children: &[Cursor], effects: &mut Vec<Effect>) -> Value {
        let target = cx::referenced(cursor);
        let target_kind = target.map(cx::kind);
        if target_kind == Some(CXCursor_Constructor) {
            // Children are the arguments.
            let args = children.iter().map(|a| self.expr(*a, effects)).collect();
            let ty = type_name(&cx::type_spelling(cx::type_of(cursor)));
            let short = ty.rsplit("::").next().unwrap_or(&ty).to_string();
            let name = if ty.starts_with("std::") {
                ty.clone()
            } else {
                format!("{ty}::{short}")
            };
            let span = self.point(cursor, short.len());
            return self.push_call(effects, name, target, CallKind::Constructor, span, args);
        }
        let name = target.map(cx::spelling).unwrap_or_default();
        if (name == "operator<<" || name == "operator>>")
            && let Some(value) = self.stream_insertion(children, effects)
        {
            return value;
        }
        // An operator call lists its operands around the operator's name, in
        // source order (`a += b`: `a`, `operator+=`, `b`); the first operand of
        // an operator method is its receiver.
        let operator_position = children.iter().position(|c| is_operator_name(*c));
        let is_operator = name.starts_with("operator") && operator_position.is_some();
        let (callee_expr, arguments): (Cursor, Vec<Cursor>) = match operator_position {
            Some(position) if is_operator => {
                let mut operands = children.to_vec();
                let callee = operands.remove(position);
                (strip(callee), operands)
            }
            _ => match children.split_first() {
                Some((callee, arguments)) => (strip(*callee), arguments.to_vec()),
                None => return Value::Unknown,
            },
        };
        let arguments = &arguments[..];
        match target {
            Some(target)
                if target_kind == Some(CXCursor_CXXMethod)
                    || target_kind == Some(CXCursor_Destructor)
                    || target_kind == Some(CXCursor_ConversionFunction) =>
            {
                // `obj.method()`, `p->method()`, `obj += x` (an operator
                // method: the first operand is the receiver).
                let (receiver, rest): (Option<Cursor>, &[Cursor]) = if is_operator {
                    match arguments.split_first() {
                        Some((first, rest)) => (Some(*first), rest),
                        None => (None, arguments),
                    }
                } else if cx::kind(callee_expr) == CXCursor_MemberRefExpr {
                    (cx::children(callee_expr).first().copied(), arguments)
                } else {
                    (None, arguments)
                };
                let receiver_type = receiver.map(|r| {
                    let ty = cx::pointee(cx::type_of(strip(r)));
                    type_name(&cx::type_spelling(ty))
                });
                if let Some(receiver) = receiver
                    && !matches!(
                        cx::kind(strip(receiver)),
                        CXCursor_DeclRefExpr | CXCursor_CXXThisExpr
                    )
                {
                    self.expr(receiver, effects);
                }
                let args = rest.iter().map(|a| self.expr(*a, effects)).collect();
                let kind = if target_kind == Some(CXCursor_Destructor) {
                    CallKind::Destructor
                } else {
                    CallKind::Method
                };
                let span = if is_operator {
                    match receiver {
                        Some(receiver) => self.span(receiver),
                        None => self.point(cursor, 0),
                    }
                } else {
                    self.point(callee_expr, name.len())
                };
                if receiver.is_none() {
                    // `Class::method()` or an unqualified call in a method.
                    return self.push_call(
                        effects,
                        name,
                        Some(target),
                        CallKind::Plain,
                        span,
                        args,
                    );
                }
                let callee = Callee::Method {
                    name: name.clone(),
                    receiver_type,
                };
                self.push_callee(effects, callee, name, Some(target), kind, span, args)
            }
            Some(target) if is_function(target) => {
                let args = arguments.iter().map(|a| self.expr(*a, effects)).collect();
                let qualified = cx::qualified_name(target);
                let span = self.point(callee_expr, name.len());
                self.push_call(
                    effects,
                    qualified,
                    Some(target),
                    CallKind::Plain,
                    span,
                    args,
                )
            }
            _ => {
                // A call through a pointer: a local assigned a function in
                // this function calls that function.
                let args: Vec<Value> = arguments.iter().map(|a| self.expr(*a, effects)).collect();
                let pointer = self.pointer_variable(callee_expr);
                let span = self.point(callee_expr, pointer.as_deref().map_or(0, str::len));
                let targets = pointer
                    .and_then(|var| self.fn_pointers.get(&var).cloned())
                    .unwrap_or_default();
                if targets.is_empty() {
                    if !matches!(cx::kind(callee_expr), CXCursor_DeclRefExpr) {
                        self.expr(callee_expr, effects);
                    }
                    effects.push(Effect::Call(Call {
                        callee: Callee::Indirect,
                        kind: CallKind::Plain,
                        span,
                        args,
                    }));
                    return Value::CallResult(effects.len() - 1);
                }
                for (name, usr) in targets {
                    self.out.calls.push(((span, name.clone()), usr));
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(name),
                        kind: CallKind::Plain,
                        span,
                        args: args.clone(),
                    }));
                }
                Value::CallResult(effects.len() - 1)
            }
        }
    }

    /// The local a call goes through: `fp(...)` or `(*fp)(...)`.
    fn pointer_variable(&self, callee: Cursor) -> Option<String> {
        let mut current = strip(callee);
        loop {
            let children = cx::children(current);
            match (cx::kind(current), &children[..]) {
                (CXCursor_UnaryOperator, [inner]) => current = strip(*inner),
                // `((execve_fn) fn)(...)`: the cast's last child is its operand.
                (CXCursor_CStyleCastExpr, [.., inner]) => current = strip(*inner),
                (CXCursor_DeclRefExpr, _) => return Some(cx::spelling(current)),
                _ => return None,
            }
        }
    }

    /// `std::cout << x << y`: one call of the stream (as the tree-sitter front
    /// end reads it), plus the calls in the operands.
    fn stream_insertion(
        &mut self,
        children: &[Cursor],
        effects: &mut Vec<Effect>,
    ) -> Option<Value> {
        let mut operands = Vec::new();
        let stream = self.leftmost_stream(children, &mut operands)?;
        let target = cx::referenced(stream)?;
        let name = cx::qualified_name(target);
        if !name.starts_with("std::") {
            return None;
        }
        let span = self.span(stream);
        effects.push(Effect::Call(Call {
            callee: Callee::Named(name),
            kind: CallKind::Plain,
            span,
            args: Vec::new(),
        }));
        for operand in operands {
            self.scan_calls(operand, effects);
        }
        Some(Value::Unknown)
    }

    /// The stream at the left of a chain of `<<` calls, collecting the other
    /// operands.
    fn leftmost_stream(&self, children: &[Cursor], operands: &mut Vec<Cursor>) -> Option<Cursor> {
        // Children: the operator's name, then the two operands (libclang
        // lists the callee first for operator calls).
        let exprs: Vec<Cursor> = children
            .iter()
            .copied()
            .filter(|c| !is_operator_name(*c))
            .collect();
        let (left, rest) = exprs.split_first()?;
        operands.extend_from_slice(rest);
        let left = strip(*left);
        match cx::kind(left) {
            CXCursor_DeclRefExpr => Some(left),
            CXCursor_CallExpr
                if cx::referenced(left).is_some_and(|t| {
                    matches!(cx::spelling(t).as_str(), "operator<<" | "operator>>")
                }) =>
            {
                self.leftmost_stream(&cx::children(left), operands)
            }
            _ => None,
        }
    }

    fn push_call(
        &mut self,
        effects: &mut Vec<Effect>,
        name: String,
        target: Option<Cursor>,
        kind: CallKind,
        span: Span,
        args: Vec<Value>,
    ) -> Value {
        if crate::frontend::not_a_call::not_a_call(&name).is_some() {
            return Value::Unknown;
        }
        self.push_callee(
            effects,
            Callee::Named(name.clone()),
            name,
            target,
            kind,
            span,
            args,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn push_callee(
        &mut self,
        effects: &mut Vec<Effect>,
        callee: Callee,
        key: String,
        target: Option<Cursor>,
        kind: CallKind,
        span: Span,
        args: Vec<Value>,
    ) -> Value {
        if let Some(target) = target {
            let usr = cx::usr(target);
            if !usr.is_empty() {
                self.out.calls.push(((span, key), usr));
            }
        }
        push_call(effects, callee, kind, span, args)
    }
}

/// The name of the operator in an operator call's children.
fn is_operator_name(cursor: Cursor) -> bool {
    let cursor = strip(cursor);
    cx::kind(cursor) == CXCursor_DeclRefExpr && cx::spelling(cursor).starts_with("operator")
}

fn is_function(cursor: Cursor) -> bool {
    matches!(
        cx::kind(cursor),
        CXCursor_FunctionDecl | CXCursor_FunctionTemplate
    )
}

/// An expression statement under its parentheses and casts (to `void`).
fn statement_core(cursor: Cursor) -> Cursor {
    let mut current = strip(cursor);
    while matches!(
        cx::kind(current),
        CXCursor_CStyleCastExpr | CXCursor_CXXStaticCastExpr
    ) {
        match cx::children(current).last() {
            Some(inner) => current = strip(*inner),
            None => break,
        }
    }
    current
}

/// Skips the implicit casts, parentheses and temporaries libclang wraps
/// expressions in.
fn strip(cursor: Cursor) -> Cursor {
    let mut current = cursor;
    loop {
        if !matches!(
            cx::kind(current),
            CXCursor_UnexposedExpr | CXCursor_ParenExpr
        ) {
            return current;
        }
        let children = cx::children(current);
        match &children[..] {
            [inner] => current = *inner,
            _ => return current,
        }
    }
}

fn compare_op(operator: &str) -> Option<CmpOp> {
    Some(match operator {
        "==" => CmpOp::Eq,
        "!=" | "not_eq" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        _ => return None,
    })
}

/// The destructors of a scope's locals, in reverse order, unless the scope
/// ends in a jump (as the tree-sitter front end does).
fn run_destructors(scope: Scope, out: &mut Block) {
    let ends_in_jump = matches!(
        out.last().map(|s| &s.kind),
        Some(StmtKind::Return { .. } | StmtKind::Goto(_) | StmtKind::Break | StmtKind::Continue)
    );
    if scope.destructors.is_empty() || ends_in_jump {
        return;
    }
    let span = scope.destructors[scope.destructors.len() - 1].2;
    let effects = scope
        .destructors
        .into_iter()
        .rev()
        .map(|(name, _usr, span)| {
            Effect::Call(Call {
                callee: Callee::Named(name),
                kind: CallKind::Destructor,
                span,
                args: Vec::new(),
            })
        })
        .collect();
    out.push(Stmt {
        kind: StmtKind::Eval(effects),
        span,
    });
}
