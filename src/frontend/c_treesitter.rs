//! C and C++ source to IR through tree-sitter, with no build and no compile
//! database.
//!
//! Each file is parsed with the C++ grammar first, because many `.c` files are
//! really C++ (Bacula's are); a `.c` or `.h` file that leaves syntax errors is
//! parsed again with the C grammar and the parse with fewer errors wins. Unknown
//! preprocessor conditions keep both branches (`#if 0` keeps none). Function-like
//! macros are lowered from their bodies so that the call graph knows what they
//! call. Syntax errors become `ParseIssue`s; the rest of the file is still lowered.
//!
//! This module never decides what is safe: it only records calls, assignments and
//! branch conditions.

use std::collections::HashMap;

use tree_sitter::{Language, Node, Parser, Tree};

use crate::ir::{
    Block, Call, CallKind, Callee, Case, CaseLabel, CmpOp, Cond, Effect, FileIr, Function, Macro,
    ParseIssue, Place, Stmt, StmtKind, Value,
};
use crate::source::{FileId, Span};

/// Deeper nesting than this is not lowered; the file gets a parse issue instead
/// of a stack overflow.
const MAX_DEPTH: usize = 600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    C,
    Cpp,
}

pub fn language(grammar: Grammar) -> Language {
    match grammar {
        Grammar::C => tree_sitter_c::LANGUAGE.into(),
        Grammar::Cpp => tree_sitter_cpp::LANGUAGE.into(),
    }
}

/// Whether a file's extension says it may be plain C (so the C grammar is worth
/// a second try).
pub fn may_be_c(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("c" | "h" | "C" | "H")
    )
}

/// Parses `text` with the grammar that fits it best.
pub fn parse(text: &str, may_be_c: bool) -> Option<(Tree, Grammar)> {
    let cpp = parse_with(text, Grammar::Cpp)?;
    if !may_be_c || !cpp.root_node().has_error() {
        return Some((cpp, Grammar::Cpp));
    }
    let Some(c) = parse_with(text, Grammar::C) else {
        return Some((cpp, Grammar::Cpp));
    };
    if count_errors(c.root_node()) < count_errors(cpp.root_node()) {
        Some((c, Grammar::C))
    } else {
        Some((cpp, Grammar::Cpp))
    }
}

pub fn parse_with(text: &str, grammar: Grammar) -> Option<Tree> {
    thread_local! {
        static PARSERS: std::cell::RefCell<HashMap<u8, Parser>> = std::cell::RefCell::new(HashMap::new());
    }
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers.entry(grammar as u8).or_insert_with(|| {
            let mut parser = Parser::new();
            // The grammars are compiled in; a failure here is an ABI mismatch that
            // `tests/grammars.rs` catches.
            let _ = parser.set_language(&language(grammar));
            parser
        });
        parser.parse(text, None)
    })
}

/// Number of ERROR and MISSING nodes, counted without recursion.
pub fn count_errors(root: Node) -> usize {
    if !root.has_error() {
        return 0;
    }
    let mut count = 0;
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            count += 1;
            continue;
        }
        if node.has_error() {
            stack.extend(node.children(&mut cursor));
        }
    }
    count
}

/// Lowers one parsed file.
pub fn lower(file: FileId, text: &str, tree: &Tree) -> FileIr {
    let mut lower = Lower {
        file,
        src: text.as_bytes(),
        ir: FileIr::default(),
        depth: 0,
        scopes: Vec::new(),
        owners: Vec::new(),
        too_deep: false,
    };
    lower.top_level(tree.root_node());
    lower.collect_issues(tree.root_node());
    if lower.too_deep {
        lower.ir.issues.push(ParseIssue {
            span: Span::new(file, 0, 0),
            message: format!("nesting deeper than {MAX_DEPTH} levels was not analysed"),
        });
    }
    lower.ir
}

struct Scope {
    /// Local variable name to its declared type, for method calls.
    types: HashMap<String, String>,
    /// Destructors to run at the end of the scope, in declaration order.
    destructors: Vec<(String, Span)>,
}

struct Lower<'a> {
    file: FileId,
    src: &'a [u8],
    ir: FileIr,
    depth: usize,
    scopes: Vec<Scope>,
    owners: Vec<String>,
    too_deep: bool,
}

impl<'a> Lower<'a> {
    fn text(&self, node: Node) -> &'a str {
        std::str::from_utf8(&self.src[node.byte_range()]).unwrap_or("")
    }

    fn span(&self, node: Node) -> Span {
        Span::new(self.file, node.start_byte(), node.end_byte())
    }

    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn collect_issues(&mut self, root: Node) {
        if !root.has_error() {
            return;
        }
        let mut cursor = root.walk();
        let mut stack = vec![root];
        let mut n_issues = 0;
        while let Some(node) = stack.pop() {
            if node.is_error() || node.is_missing() {
                n_issues += 1;
                if n_issues <= 20 {
                    let what = if node.is_missing() {
                        format!("missing `{}`", node.kind())
                    } else {
                        "syntax not understood".to_string()
                    };
                    self.ir.issues.push(ParseIssue {
                        span: self.span(node),
                        message: what,
                    });
                }
                continue;
            }
            if node.has_error() {
                stack.extend(node.children(&mut cursor));
            }
        }
    }

    // ----- Top level -----

    fn top_level(&mut self, node: Node) {
        if !self.enter() {
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "function_definition" => self.function(child),
                "preproc_function_def" => self.macro_def(child),
                "class_specifier" | "struct_specifier" | "union_specifier" => self.class(child),
                "template_declaration"
                | "linkage_specification"
                | "declaration_list"
                | "preproc_ifdef"
                | "preproc_else"
                | "preproc_elif"
                | "preproc_elifdef"
                | "ERROR" => self.top_level(child),
                "preproc_if" => {
                    // Keep `#if 0` regions out; everything else may be compiled.
                    if !is_false_condition(self.text_of_field(child, "condition")) {
                        self.top_level(child);
                    } else if let Some(alternative) = child.child_by_field_name("alternative") {
                        self.top_level(alternative);
                    }
                }
                "namespace_definition" => {
                    if let Some(body) = child.child_by_field_name("body") {
                        self.top_level(body);
                    }
                }
                "declaration" | "field_declaration" | "type_definition" => {
                    // `struct S { ... } s;` and `typedef class C {...} C;` hold classes.
                    if let Some(ty) = child.child_by_field_name("type") {
                        if matches!(ty.kind(), "class_specifier" | "struct_specifier") {
                            self.class(ty);
                        }
                    }
                }
                _ => {}
            }
        }
        self.leave();
    }

    fn text_of_field(&self, node: Node, field: &str) -> &'a str {
        node.child_by_field_name(field)
            .map_or("", |child| self.text(child))
    }

    fn class(&mut self, node: Node) {
        let Some(body) = node.child_by_field_name("body") else {
            return;
        };
        let name = node
            .child_by_field_name("name")
            .map(|n| strip_template_args(self.text(n)).to_string())
            .unwrap_or_default();
        self.owners.push(name);
        self.top_level(body);
        self.owners.pop();
    }

    fn macro_def(&mut self, node: Node) {
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        let Some(value) = node.child_by_field_name("value") else {
            return;
        };
        let body_text = self.text(value);
        if !body_text.contains('(') {
            return;
        }
        let name_text = self.text(name).to_string();
        let span = self.span(name);
        // The body is lowered as the body of a function, then its spans are
        // moved onto the macro's definition (the body text is not in the file
        // at those offsets).
        let wrapped = format!("void __forklint_macro(void) {{ {body_text} ; }}");
        let Some(tree) = parse_with(&wrapped, Grammar::Cpp) else {
            return;
        };
        let mut sub = Lower {
            file: self.file,
            src: wrapped.as_bytes(),
            ir: FileIr::default(),
            depth: self.depth,
            scopes: Vec::new(),
            owners: Vec::new(),
            too_deep: false,
        };
        sub.top_level(tree.root_node());
        let Some(mut function) = sub.ir.functions.pop() else {
            return;
        };
        let value_span = self.span(value);
        let offset = value_span.start as i64 - "void __forklint_macro(void) { ".len() as i64;
        relocate_block(&mut function.body, offset, value_span);
        self.ir.macros.push(Macro {
            name: name_text,
            span,
            body: function.body,
        });
    }

    fn function(&mut self, node: Node) {
        let Some(declarator) = node.child_by_field_name("declarator") else {
            return;
        };
        let Some(function_declarator) = find_function_declarator(declarator) else {
            return;
        };
        let Some(name_node) = function_declarator.child_by_field_name("declarator") else {
            return;
        };
        let full_name = strip_template_args(self.text(name_node)).replace(' ', "");
        let (owner, name) = match full_name.rsplit_once("::") {
            Some((owner, name)) => (Some(owner.to_string()), name.to_string()),
            None => (
                self.owners.last().filter(|o| !o.is_empty()).cloned(),
                full_name.clone(),
            ),
        };
        let qualified = match &owner {
            Some(owner) => format!("{owner}::{name}"),
            None => name.clone(),
        };
        let is_static = has_static(node, self.src);
        let mut scope = Scope {
            types: HashMap::new(),
            destructors: Vec::new(),
        };
        let mut params = Vec::new();
        if let Some(parameters) = function_declarator.child_by_field_name("parameters") {
            let mut cursor = parameters.walk();
            for param in parameters.named_children(&mut cursor) {
                let Some(param_declarator) = param.child_by_field_name("declarator") else {
                    continue;
                };
                let Some(ident) = innermost_identifier(param_declarator) else {
                    continue;
                };
                let param_name = self.text(ident).to_string();
                if let Some(ty) = param.child_by_field_name("type") {
                    scope.types.insert(param_name.clone(), type_name(self.text(ty)));
                }
                params.push(param_name);
            }
        }
        let Some(body) = node.child_by_field_name("body") else {
            return;
        };
        self.scopes.push(scope);
        let mut block = Vec::new();
        // Constructor initialiser lists call members' constructors.
        if let Some(initializers) = node
            .children(&mut node.walk())
            .find(|c| c.kind() == "field_initializer_list")
        {
            let mut effects = Vec::new();
            self.scan_calls(initializers, &mut effects);
            if !effects.is_empty() {
                block.push(Stmt {
                    kind: StmtKind::Eval(effects),
                    span: self.span(initializers),
                });
            }
        }
        self.block_into(body, &mut block);
        self.scopes.pop();
        self.ir.functions.push(Function {
            name,
            qualified,
            owner,
            is_static,
            span: self.span(name_node),
            params,
            body: block,
        });
    }

    // ----- Statements -----

    /// Lowers a compound statement (or any statement) into `out`, running the
    /// destructors of its locals at its end.
    fn block_into(&mut self, node: Node, out: &mut Block) {
        if node.kind() != "compound_statement" {
            self.stmt(node, out);
            return;
        }
        self.scopes.push(Scope {
            types: HashMap::new(),
            destructors: Vec::new(),
        });
        self.children_into(node, out);
        let scope = self.scopes.pop().expect("pushed above");
        self.run_destructors(scope, out);
    }

    fn run_destructors(&mut self, scope: Scope, out: &mut Block) {
        if scope.destructors.is_empty() || ends_in_jump(out) {
            return;
        }
        let effects = scope
            .destructors
            .into_iter()
            .rev()
            .map(|(ty, span)| {
                let short = ty.rsplit("::").next().unwrap_or(&ty).to_string();
                Effect::Call(Call {
                    callee: Callee::Named(format!("{ty}::~{short}")),
                    kind: CallKind::Destructor,
                    span,
                    args: Vec::new(),
                })
            })
            .collect::<Vec<_>>();
        let span = match &effects[0] {
            Effect::Call(call) => call.span,
            Effect::Assign { .. } => Span::default(),
        };
        out.push(Stmt {
            kind: StmtKind::Eval(effects),
            span,
        });
    }

    fn children_into(&mut self, node: Node, out: &mut Block) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.stmt(child, out);
        }
    }

    fn stmt(&mut self, node: Node, out: &mut Block) {
        if !self.enter() {
            return;
        }
        self.stmt_inner(node, out);
        self.leave();
    }

    fn stmt_inner(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        match node.kind() {
            "compound_statement" => {
                let mut block = Vec::new();
                self.block_into(node, &mut block);
                out.push(Stmt {
                    kind: StmtKind::Block(block),
                    span,
                });
            }
            "expression_statement" => {
                let mut effects = Vec::new();
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.expr(child, &mut effects);
                }
                push_eval(out, effects, span);
            }
            "declaration" => self.declaration(node, out),
            "if_statement" => {
                let mut effects = Vec::new();
                let cond = match node.child_by_field_name("condition") {
                    Some(condition) => self.cond(condition, &mut effects),
                    None => Cond::Unknown,
                };
                let mut then_block = Vec::new();
                if let Some(consequence) = node.child_by_field_name("consequence") {
                    self.block_into(consequence, &mut then_block);
                }
                let mut else_block = Vec::new();
                if let Some(alternative) = node.child_by_field_name("alternative") {
                    // `else_clause` wraps the statement in newer grammars.
                    if alternative.kind() == "else_clause" {
                        self.children_into(alternative, &mut else_block);
                    } else {
                        self.block_into(alternative, &mut else_block);
                    }
                }
                out.push(Stmt {
                    kind: StmtKind::If {
                        effects,
                        cond,
                        then_block,
                        else_block,
                    },
                    span,
                });
            }
            "switch_statement" => self.switch(node, out),
            "case_statement" => {
                // A case label outside a switch body we understood: keep its code.
                let mut block = Vec::new();
                self.case_body(node, &mut block);
                out.push(Stmt {
                    kind: StmtKind::Block(block),
                    span,
                });
            }
            "while_statement" => {
                let mut effects = Vec::new();
                let cond = match node.child_by_field_name("condition") {
                    Some(condition) => self.cond(condition, &mut effects),
                    None => Cond::Unknown,
                };
                let mut body = Vec::new();
                if let Some(body_node) = node.child_by_field_name("body") {
                    self.block_into(body_node, &mut body);
                }
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
            "do_statement" => {
                let mut effects = Vec::new();
                let cond = match node.child_by_field_name("condition") {
                    Some(condition) => self.cond(condition, &mut effects),
                    None => Cond::Unknown,
                };
                let mut body = Vec::new();
                if let Some(body_node) = node.child_by_field_name("body") {
                    self.block_into(body_node, &mut body);
                }
                out.push(Stmt {
                    kind: StmtKind::Loop {
                        effects,
                        cond,
                        body,
                        test_first: false,
                    },
                    span,
                });
            }
            "for_statement" | "for_range_loop" => self.for_loop(node, out),
            "return_statement" => {
                let mut effects = Vec::new();
                let mut cursor = node.walk();
                let value = node
                    .named_children(&mut cursor)
                    .last()
                    .map(|child| self.expr(child, &mut effects));
                out.push(Stmt {
                    kind: StmtKind::Return { effects, value },
                    span,
                });
            }
            "break_statement" => out.push(Stmt {
                kind: StmtKind::Break,
                span,
            }),
            "continue_statement" => out.push(Stmt {
                kind: StmtKind::Continue,
                span,
            }),
            "goto_statement" => {
                let label = self.text_of_field(node, "label").to_string();
                out.push(Stmt {
                    kind: StmtKind::Goto(label),
                    span,
                });
            }
            "labeled_statement" => {
                let label = self.text_of_field(node, "label").to_string();
                out.push(Stmt {
                    kind: StmtKind::Label(label),
                    span,
                });
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children.into_iter().skip(1) {
                    self.stmt(child, out);
                }
            }
            "throw_statement" => {
                let mut effects = Vec::new();
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.expr(child, &mut effects);
                }
                let keyword_span = Span::new(self.file, node.start_byte(), node.start_byte() + 5);
                effects.push(Effect::Call(Call {
                    callee: Callee::Named("throw".to_string()),
                    kind: CallKind::Throw,
                    span: keyword_span,
                    args: Vec::new(),
                }));
                push_eval(out, effects, span);
            }
            "try_statement" => {
                let mut body = Vec::new();
                if let Some(body_node) = node.child_by_field_name("body") {
                    self.block_into(body_node, &mut body);
                }
                let mut handlers = Vec::new();
                let mut cursor = node.walk();
                let clauses: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "catch_clause")
                    .collect();
                for clause in clauses {
                    if let Some(clause_body) = clause.child_by_field_name("body") {
                        self.block_into(clause_body, &mut handlers);
                    }
                }
                out.push(Stmt {
                    kind: StmtKind::Block(body),
                    span,
                });
                out.push(Stmt {
                    kind: StmtKind::If {
                        effects: Vec::new(),
                        cond: Cond::Unknown,
                        then_block: handlers,
                        else_block: Vec::new(),
                    },
                    span,
                });
            }
            "preproc_if" | "preproc_ifdef" | "preproc_elif" | "preproc_elifdef" => {
                self.preproc_conditional(node, out)
            }
            "preproc_else" => self.children_into(node, out),
            "function_definition" => self.macro_loop(node, out),
            "attributed_statement" => self.children_into(node, out),
            "comment"
            | "preproc_def"
            | "preproc_function_def"
            | "preproc_call"
            | "preproc_include"
            | "type_definition"
            | "empty_statement" => {}
            _ => {
                // ERROR nodes and anything unknown: keep the calls they contain.
                let mut effects = Vec::new();
                self.scan_calls(node, &mut effects);
                push_eval(out, effects, span);
            }
        }
    }

    fn preproc_conditional(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let cond = if node.kind() == "preproc_if" || node.kind() == "preproc_elif" {
            let condition = self.text_of_field(node, "condition");
            if is_false_condition(condition) {
                Cond::False
            } else if is_true_condition(condition) {
                Cond::True
            } else {
                Cond::Unknown
            }
        } else {
            Cond::Unknown
        };
        let mut then_block = Vec::new();
        let mut else_block = Vec::new();
        let alternative = node.child_by_field_name("alternative");
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == alternative
                || Some(child) == node.child_by_field_name("condition")
                || Some(child) == node.child_by_field_name("name")
            {
                continue;
            }
            if cond != Cond::False {
                self.stmt(child, &mut then_block);
            }
        }
        if let Some(alternative) = alternative {
            self.stmt(alternative, &mut else_block);
        }
        out.push(Stmt {
            kind: StmtKind::If {
                effects: Vec::new(),
                cond,
                then_block,
                else_block,
            },
            span,
        });
    }

    /// A macro loop such as `foreach_dlist(x, list) { ... }` that the grammar
    /// reads as a nested function definition: its body belongs to the
    /// enclosing function, and the macro itself is called.
    fn macro_loop(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let mut effects = Vec::new();
        if let Some(declarator) = node
            .child_by_field_name("declarator")
            .and_then(find_function_declarator)
            && let Some(name) = declarator.child_by_field_name("declarator")
        {
            effects.push(Effect::Call(Call {
                callee: Callee::Named(self.text(name).to_string()),
                kind: CallKind::Plain,
                span: self.span(name),
                args: Vec::new(),
            }));
        }
        let mut body = Vec::new();
        if let Some(body_node) = node.child_by_field_name("body") {
            self.block_into(body_node, &mut body);
        }
        out.push(Stmt {
            kind: StmtKind::Loop {
                effects,
                cond: Cond::Unknown,
                body,
                test_first: true,
            },
            span,
        });
    }

    fn for_loop(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let mut init = Vec::new();
        let body_node = node.child_by_field_name("body");
        let condition_node = node.child_by_field_name("condition");
        let update_node = node.child_by_field_name("update");
        self.scopes.push(Scope {
            types: HashMap::new(),
            destructors: Vec::new(),
        });
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in &children {
            let is_other = Some(*child) == body_node
                || Some(*child) == condition_node
                || Some(*child) == update_node
                || child.kind() == "comment";
            if is_other {
                continue;
            }
            if child.kind() == "declaration" {
                self.declaration(*child, &mut init);
            } else {
                let mut effects = Vec::new();
                self.expr(*child, &mut effects);
                push_eval(&mut init, effects, self.span(*child));
            }
        }
        let mut effects = Vec::new();
        let cond = match condition_node {
            Some(condition) => self.cond(condition, &mut effects),
            None => Cond::True,
        };
        let mut body = Vec::new();
        if let Some(body_node) = body_node {
            self.block_into(body_node, &mut body);
        }
        if let Some(update) = update_node {
            let mut update_effects = Vec::new();
            self.expr(update, &mut update_effects);
            push_eval(&mut body, update_effects, self.span(update));
        }
        self.scopes.pop();
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

    fn switch(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let mut effects = Vec::new();
        let scrutinee = match node.child_by_field_name("condition") {
            Some(condition) => self.expr(condition, &mut effects),
            None => Value::Unknown,
        };
        let mut cases: Vec<Case> = Vec::new();
        let mut prelude = Vec::new();
        if let Some(body) = node.child_by_field_name("body") {
            self.collect_cases(body, &mut cases, &mut prelude);
        }
        out.push(Stmt {
            kind: StmtKind::Switch {
                effects,
                scrutinee,
                cases,
                fallthrough: true,
            },
            span,
        });
    }

    fn collect_cases(&mut self, body: Node, cases: &mut Vec<Case>, prelude: &mut Block) {
        let mut cursor = body.walk();
        let children: Vec<Node> = body.named_children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "case_statement" => {
                    let label = match child.child_by_field_name("value") {
                        Some(value) => case_label(self.text(value)),
                        None => CaseLabel::Default,
                    };
                    let mut block = Vec::new();
                    self.case_body(child, &mut block);
                    // `case 1: case 2: body` arrives as an empty case followed by
                    // another; C fall-through handles it.
                    cases.push(Case {
                        labels: vec![label],
                        body: block,
                    });
                }
                _ => match cases.last_mut() {
                    Some(case) => self.stmt(child, &mut case.body),
                    None => self.stmt(child, prelude),
                },
            }
        }
    }

    fn case_body(&mut self, node: Node, out: &mut Block) {
        let value = node.child_by_field_name("value");
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == value {
                continue;
            }
            self.stmt(child, out);
        }
    }

    fn declaration(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let type_text = node
            .child_by_field_name("type")
            .map(|ty| (ty.kind(), type_name(self.text(ty))));
        let mut effects = Vec::new();
        let mut cursor = node.walk();
        let declarators: Vec<Node> = node
            .children_by_field_name("declarator", &mut cursor)
            .collect();
        for declarator in declarators {
            let (name_node, value_node) = if declarator.kind() == "init_declarator" {
                (
                    declarator.child_by_field_name("declarator"),
                    declarator.child_by_field_name("value"),
                )
            } else {
                (Some(declarator), None)
            };
            let Some(name_node) = name_node else { continue };
            let is_object = matches!(name_node.kind(), "identifier");
            let Some(ident) = innermost_identifier(name_node) else {
                continue;
            };
            let var = self.text(ident).to_string();
            if let Some((_, ty)) = &type_text
                && let Some(scope) = self.scopes.last_mut()
            {
                scope.types.insert(var.clone(), ty.clone());
            }
            // A local object of class type runs its constructor now and its
            // destructor at the end of the scope.
            if is_object
                && let Some((kind, ty)) = &type_text
                && matches!(
                    *kind,
                    "type_identifier" | "qualified_identifier" | "template_type"
                )
            {
                let short = ty.rsplit("::").next().unwrap_or(ty).to_string();
                let mut args = Vec::new();
                let mut assigned = None;
                if let Some(value) = value_node {
                    if matches!(value.kind(), "argument_list" | "initializer_list") {
                        let mut value_cursor = value.walk();
                        let arg_nodes: Vec<Node> = value.named_children(&mut value_cursor).collect();
                        for arg in arg_nodes {
                            let arg_value = self.expr(arg, &mut effects);
                            args.push(arg_value);
                        }
                    } else {
                        let arg_value = self.expr(value, &mut effects);
                        args.push(arg_value.clone());
                        assigned = Some(arg_value);
                    }
                }
                let callee = if ty.starts_with("std::") {
                    Callee::Named(ty.clone())
                } else {
                    Callee::Named(format!("{ty}::{short}"))
                };
                effects.push(Effect::Call(Call {
                    callee,
                    kind: CallKind::Constructor,
                    span: self.span(ident),
                    args,
                }));
                if let Some(value) = assigned {
                    effects.push(Effect::Assign {
                        target: Place(var.clone()),
                        value,
                    });
                }
                let ident_span = self.span(ident);
                if !ty.starts_with("std::")
                    && let Some(scope) = self.scopes.last_mut()
                {
                    scope.destructors.push((ty.clone(), ident_span));
                }
                continue;
            }
            if let Some(value) = value_node {
                let value = self.expr(value, &mut effects);
                effects.push(Effect::Assign {
                    target: Place(var),
                    value,
                });
            }
        }
        push_eval(out, effects, span);
    }

    // ----- Expressions -----

    fn cond(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        if !self.enter() {
            return Cond::Unknown;
        }
        let cond = self.cond_inner(node, effects);
        self.leave();
        cond
    }

    fn cond_inner(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        match node.kind() {
            "parenthesized_expression" | "condition_clause" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                let Some(last) = children.last() else {
                    return Cond::Unknown;
                };
                for child in &children[..children.len() - 1] {
                    self.expr(*child, effects);
                }
                if last.kind() == "declaration" {
                    // `if (pid_t pid = fork())`
                    let mut block = Vec::new();
                    self.declaration(*last, &mut block);
                    let mut place = None;
                    for stmt in block {
                        if let StmtKind::Eval(stmt_effects) = stmt.kind {
                            for effect in stmt_effects {
                                if let Effect::Assign { target, .. } = &effect {
                                    place = Some(target.clone());
                                }
                                effects.push(effect);
                            }
                        }
                    }
                    return place.map_or(Cond::Unknown, |p| Cond::Truthy(Value::Place(p)));
                }
                self.cond(*last, effects)
            }
            "unary_expression" if self.text_of_field(node, "operator") == "!" => {
                match node.child_by_field_name("argument") {
                    Some(argument) => Cond::Not(Box::new(self.cond(argument, effects))),
                    None => Cond::Unknown,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, "operator");
                let (Some(left), Some(right)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    return Cond::Unknown;
                };
                match operator {
                    "&&" | "and" => {
                        let left = self.cond(left, effects);
                        let right = self.cond(right, effects);
                        Cond::And(Box::new(left), Box::new(right))
                    }
                    "||" | "or" => {
                        let left = self.cond(left, effects);
                        let right = self.cond(right, effects);
                        Cond::Or(Box::new(left), Box::new(right))
                    }
                    _ => {
                        let op = match operator {
                            "==" => Some(CmpOp::Eq),
                            "!=" | "not_eq" => Some(CmpOp::Ne),
                            "<" => Some(CmpOp::Lt),
                            "<=" => Some(CmpOp::Le),
                            ">" => Some(CmpOp::Gt),
                            ">=" => Some(CmpOp::Ge),
                            _ => None,
                        };
                        let left_value = self.expr(left, effects);
                        let right_value = self.expr(right, effects);
                        match op {
                            Some(op) => Cond::Cmp(left_value, op, right_value),
                            None => Cond::Unknown,
                        }
                    }
                }
            }
            "number_literal" | "true" | "false" => match self.text(node) {
                "0" | "false" => Cond::False,
                _ => Cond::True,
            },
            _ => {
                let value = self.expr(node, effects);
                Cond::Truthy(value)
            }
        }
    }

    fn expr(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        if !self.enter() {
            return Value::Unknown;
        }
        let value = self.expr_inner(node, effects);
        self.leave();
        value
    }

    fn expr_inner(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        match node.kind() {
            "call_expression" => self.call(node, effects),
            "assignment_expression" => {
                let (Some(left), Some(right)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    return Value::Unknown;
                };
                let value = self.expr(right, effects);
                let left_value = self.expr(left, effects);
                let Value::Place(place) = left_value else {
                    return value;
                };
                let operator = self.text_of_field(node, "operator");
                if let Some(ty) = self.local_type(&place.0)
                    && ty.starts_with("std::")
                {
                    // Assigning to a standard container or string (re)allocates.
                    effects.push(Effect::Call(Call {
                        callee: Callee::Method {
                            name: format!("operator{operator}"),
                            receiver_type: Some(ty),
                        },
                        kind: CallKind::Method,
                        span: self.span(left),
                        args: Vec::new(),
                    }));
                }
                let value = if operator == "=" {
                    value
                } else {
                    Value::Unknown
                };
                effects.push(Effect::Assign {
                    target: place.clone(),
                    value,
                });
                Value::Place(place)
            }
            "identifier" => Value::Place(Place(self.text(node).to_string())),
            "field_expression" => {
                // Lower the object for the calls it contains (`f()->x`).
                if let Some(argument) = node.child_by_field_name("argument")
                    && argument.kind() != "identifier"
                {
                    self.expr(argument, effects);
                }
                Value::Place(Place(normalize_place(self.text(node))))
            }
            "pointer_expression" => {
                let operator = self.text_of_field(node, "operator");
                let Some(argument) = node.child_by_field_name("argument") else {
                    return Value::Unknown;
                };
                let inner = self.expr(argument, effects);
                match (operator, inner) {
                    ("&", Value::Place(place)) => Value::AddrOf(place),
                    ("*", Value::Place(place)) => Value::Place(Place(format!("*{}", place.0))),
                    ("*", Value::AddrOf(place)) => Value::Place(place),
                    _ => Value::Unknown,
                }
            }
            "number_literal" => parse_int(self.text(node)).map_or(Value::Unknown, Value::Int),
            "unary_expression" => {
                let operator = self.text_of_field(node, "operator");
                let Some(argument) = node.child_by_field_name("argument") else {
                    return Value::Unknown;
                };
                match (operator, self.expr(argument, effects)) {
                    ("-", Value::Int(n)) => Value::Int(-n),
                    ("+", Value::Int(n)) => Value::Int(n),
                    _ => Value::Unknown,
                }
            }
            "parenthesized_expression" | "condition_clause" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                let mut value = Value::Unknown;
                for child in children {
                    value = self.expr(child, effects);
                }
                value
            }
            "cast_expression" => match node.child_by_field_name("value") {
                Some(value) => self.expr(value, effects),
                None => Value::Unknown,
            },
            "comma_expression" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.expr(left, effects);
                }
                match node.child_by_field_name("right") {
                    Some(right) => self.expr(right, effects),
                    None => Value::Unknown,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, "operator");
                if matches!(operator, "<<" | ">>")
                    && let Some(stream) = leftmost_operand(node)
                    && stream.kind() == "qualified_identifier"
                    && self.text(stream).starts_with("std::")
                {
                    // `std::cout << x`: an iostream insertion.
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(self.text(stream).replace(' ', "")),
                        kind: CallKind::Plain,
                        span: self.span(stream),
                        args: Vec::new(),
                    }));
                    let mut cursor = node.walk();
                    let children: Vec<Node> = node.named_children(&mut cursor).collect();
                    for child in children {
                        if child.kind() != "binary_expression" {
                            self.scan_calls_in_expr(child, effects);
                        } else {
                            self.scan_calls_skipping_streams(child, effects);
                        }
                    }
                    return Value::Unknown;
                }
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.expr(child, effects);
                }
                Value::Unknown
            }
            "new_expression" => {
                let mut args = Vec::new();
                if let Some(arguments) = node.child_by_field_name("arguments") {
                    let mut cursor = arguments.walk();
                    let arg_nodes: Vec<Node> = arguments.named_children(&mut cursor).collect();
                    for arg in arg_nodes {
                        args.push(self.expr(arg, effects));
                    }
                }
                let keyword_span = Span::new(self.file, node.start_byte(), node.start_byte() + 3);
                effects.push(Effect::Call(Call {
                    callee: Callee::Named("operator new".to_string()),
                    kind: CallKind::New,
                    span: keyword_span,
                    args: Vec::new(),
                }));
                if let Some(ty) = node.child_by_field_name("type") {
                    let ty = type_name(self.text(ty));
                    let short = ty.rsplit("::").next().unwrap_or(&ty).to_string();
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(format!("{ty}::{short}")),
                        kind: CallKind::Constructor,
                        span: keyword_span,
                        args,
                    }));
                }
                Value::Unknown
            }
            "delete_expression" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.expr(child, effects);
                }
                let keyword_span = Span::new(self.file, node.start_byte(), node.start_byte() + 6);
                effects.push(Effect::Call(Call {
                    callee: Callee::Named("operator delete".to_string()),
                    kind: CallKind::Delete,
                    span: keyword_span,
                    args: Vec::new(),
                }));
                Value::Unknown
            }
            "lambda_expression" => Value::Unknown,
            "qualified_identifier" => Value::Place(Place(self.text(node).replace(' ', ""))),
            "string_literal" | "char_literal" | "concatenated_string" | "raw_string_literal"
            | "comment" => Value::Unknown,
            _ => {
                self.scan_calls_in_expr(node, effects);
                Value::Unknown
            }
        }
    }

    fn scan_calls_in_expr(&mut self, node: Node, effects: &mut Vec<Effect>) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.expr(child, effects);
        }
    }

    fn scan_calls_skipping_streams(&mut self, node: Node, effects: &mut Vec<Effect>) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "binary_expression" => self.scan_calls_skipping_streams(child, effects),
                "qualified_identifier" => {}
                _ => {
                    self.expr(child, effects);
                }
            }
        }
    }

    /// Collects the calls anywhere below `node` (for code we do not model).
    fn scan_calls(&mut self, node: Node, effects: &mut Vec<Effect>) {
        if !self.enter() {
            return;
        }
        match node.kind() {
            "call_expression" | "new_expression" | "delete_expression" => {
                self.expr(node, effects);
            }
            "comment" | "string_literal" | "lambda_expression" => {}
            _ => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.scan_calls(child, effects);
                }
            }
        }
        self.leave();
    }

    fn call(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        let Some(function) = node.child_by_field_name("function") else {
            return Value::Unknown;
        };
        let (callee, kind, span) = match function.kind() {
            "identifier" => (
                Callee::Named(self.text(function).to_string()),
                CallKind::Plain,
                self.span(function),
            ),
            "qualified_identifier" | "template_function" => (
                Callee::Named(strip_template_args(self.text(function)).replace(' ', "")),
                CallKind::Plain,
                self.span(function),
            ),
            "field_expression" => {
                let field = function.child_by_field_name("field");
                let argument = function.child_by_field_name("argument");
                let name = field.map_or("", |f| self.text(f)).to_string();
                let receiver_type = argument.and_then(|argument| {
                    if argument.kind() == "identifier" {
                        self.local_type(self.text(argument))
                    } else if argument.kind() == "this" {
                        self.owners.last().cloned()
                    } else {
                        self.expr(argument, effects);
                        None
                    }
                });
                (
                    Callee::Method {
                        name: strip_template_args(&name).to_string(),
                        receiver_type,
                    },
                    CallKind::Method,
                    field.map_or(self.span(function), |f| self.span(f)),
                )
            }
            _ => {
                self.expr(function, effects);
                (Callee::Indirect, CallKind::Plain, self.span(function))
            }
        };
        let mut args = Vec::new();
        if let Some(arguments) = node.child_by_field_name("arguments") {
            let mut cursor = arguments.walk();
            let arg_nodes: Vec<Node> = arguments.named_children(&mut cursor).collect();
            for arg in arg_nodes {
                let value = match arg.kind() {
                    "identifier" => {
                        // A bare identifier argument may name a callback.
                        let name = self.text(arg).to_string();
                        if self.local_type(&name).is_some() {
                            Value::Place(Place(name))
                        } else {
                            Value::FuncRef(name)
                        }
                    }
                    _ => self.expr(arg, effects),
                };
                args.push(value);
            }
        }
        effects.push(Effect::Call(Call {
            callee,
            kind,
            span,
            args,
        }));
        Value::CallResult(effects.len() - 1)
    }

    fn local_type(&self, name: &str) -> Option<String> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.types.get(name).cloned())
    }
}

fn push_eval(out: &mut Block, effects: Vec<Effect>, span: Span) {
    if !effects.is_empty() {
        out.push(Stmt {
            kind: StmtKind::Eval(effects),
            span,
        });
    }
}

fn ends_in_jump(block: &Block) -> bool {
    matches!(
        block.last().map(|s| &s.kind),
        Some(StmtKind::Return { .. } | StmtKind::Goto(_) | StmtKind::Break | StmtKind::Continue)
    )
}

fn find_function_declarator(node: Node) -> Option<Node> {
    let mut current = node;
    for _ in 0..16 {
        if current.kind() == "function_declarator" {
            return Some(current);
        }
        current = current
            .child_by_field_name("declarator")
            .or_else(|| current.named_child(0))?;
    }
    None
}

fn innermost_identifier(node: Node) -> Option<Node> {
    let mut current = node;
    for _ in 0..16 {
        match current.kind() {
            "identifier" | "field_identifier" => return Some(current),
            _ => {
                current = current
                    .child_by_field_name("declarator")
                    .or_else(|| current.named_child(0))?;
            }
        }
    }
    None
}

fn leftmost_operand(node: Node) -> Option<Node> {
    let mut current = node;
    for _ in 0..64 {
        if current.kind() != "binary_expression" {
            return Some(current);
        }
        current = current.child_by_field_name("left")?;
    }
    None
}

fn has_static(node: Node, src: &[u8]) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor).any(|child| {
        child.kind() == "storage_class_specifier" && &src[child.byte_range()] == b"static"
    })
}

fn is_false_condition(condition: &str) -> bool {
    matches!(condition.trim(), "0" | "(0)" | "false")
}

fn is_true_condition(condition: &str) -> bool {
    matches!(condition.trim(), "1" | "(1)" | "true")
}

fn case_label(text: &str) -> CaseLabel {
    parse_int(text.trim().trim_start_matches('(').trim_end_matches(')'))
        .map_or(CaseLabel::Other, CaseLabel::Int)
}

fn parse_int(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, text),
    };
    let digits = digits.trim_end_matches(['u', 'U', 'l', 'L']);
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(hex, 16).ok()?
    } else {
        digits.parse::<i64>().ok()?
    };
    Some(if negative { -value } else { value })
}

/// `a -> b . c` becomes `a->b.c`.
fn normalize_place(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `std::vector<int>` becomes `std::vector`; `const Foo &` becomes `Foo`.
fn type_name(text: &str) -> String {
    let base = strip_template_args(text);
    base.split_whitespace()
        .filter(|word| !matches!(*word, "const" | "volatile" | "struct" | "class" | "unsigned"))
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['*', '&', ' '])
        .to_string()
}

fn strip_template_args(text: &str) -> &str {
    match text.find('<') {
        Some(index) if !text.starts_with("operator") => text[..index].trim_end(),
        _ => text,
    }
}

/// Moves spans lowered from a macro body (parsed out of place) onto the macro
/// definition's value: offsets are shifted and clamped into `within`.
fn relocate_block(block: &mut Block, offset: i64, within: Span) {
    let fix = |span: &mut Span| {
        let start = (span.start as i64 + offset).clamp(within.start as i64, within.end as i64);
        let end = (span.end as i64 + offset).clamp(start, within.end as i64);
        span.file = within.file;
        span.start = start as u32;
        span.end = end as u32;
    };
    for stmt in block {
        fix(&mut stmt.span);
        let fix_effects = |effects: &mut Vec<Effect>| {
            for effect in effects {
                if let Effect::Call(call) = effect {
                    fix(&mut call.span);
                }
            }
        };
        match &mut stmt.kind {
            StmtKind::Eval(effects) | StmtKind::Return { effects, .. } => fix_effects(effects),
            StmtKind::If {
                effects,
                then_block,
                else_block,
                ..
            } => {
                fix_effects(effects);
                relocate_block(then_block, offset, within);
                relocate_block(else_block, offset, within);
            }
            StmtKind::Switch { effects, cases, .. } => {
                fix_effects(effects);
                for case in cases {
                    relocate_block(&mut case.body, offset, within);
                }
            }
            StmtKind::Loop { effects, body, .. } => {
                fix_effects(effects);
                relocate_block(body, offset, within);
            }
            StmtKind::Block(inner) => relocate_block(inner, offset, within),
            StmtKind::Break | StmtKind::Continue | StmtKind::Goto(_) | StmtKind::Label(_) => {}
        }
    }
}
