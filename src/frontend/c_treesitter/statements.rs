//! Statements and control flow: blocks (running the destructors of their
//! locals at their end), `if`, `switch` and its cases, `while`/`do`/`for`
//! loops, `return`, `break`, `continue`, `goto` and labels, `throw` and `try`,
//! `assert(e);` as a branch to the assertion, and macro loops such as
//! `foreach_dlist(x, l) { ... }`, which the grammars read as a function
//! definition nested in the function. Conditions and expressions are lowered
//! in `expressions.rs`.

use std::collections::HashMap;

use tree_sitter::Node;

use super::declarations::find_function_declarator;
use super::{Lower, Scope, field, parse_int};
use crate::ir::{
    Block, Call, CallKind, Callee, Case, CaseLabel, Cond, Effect, Stmt, StmtKind, Value, push_eval,
    push_if,
};
use crate::source::Span;

impl Lower<'_> {
    /// Lowers a compound statement (or any statement) into `out`, running the
    /// destructors of its locals at its end.
    pub(super) fn block_into(&mut self, node: Node, out: &mut Block) {
        if self.kind(node) != "compound_statement" {
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

    pub(super) fn stmt(&mut self, node: Node, out: &mut Block) {
        if !self.enter() {
            return;
        }
        self.stmt_inner(node, out);
        self.leave();
    }

    fn stmt_inner(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        match self.kind(node) {
            "compound_statement" => {
                let mut block = Vec::new();
                self.block_into(node, &mut block);
                out.push(Stmt {
                    kind: StmtKind::Block(block),
                    span,
                });
            }
            "expression_statement" => {
                if self.assertion(node, out) {
                    return;
                }
                if node.named_child_count() == 1
                    && let Some(expression) = node.named_child(0)
                    && self.conditional_assignment(expression, out)
                {
                    return;
                }
                let mut effects = Vec::new();
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.expr(child, &mut effects);
                }
                push_eval(out, effects, span);
            }
            "declaration" => self.declaration(node, out),
            "if_statement" => {
                let hoisted = self.hoist_conditionals(node, out);
                let mut effects = Vec::new();
                let cond = self.condition_of(node, &mut effects);
                self.hoisted.truncate(self.hoisted.len() - hoisted);
                let mut then_block = Vec::new();
                if let Some(consequence) = field(node, self.f.consequence) {
                    self.block_into(consequence, &mut then_block);
                }
                let mut else_block = Vec::new();
                if let Some(alternative) = field(node, self.f.alternative) {
                    // `else_clause` wraps the statement in newer grammars.
                    if self.kind(alternative) == "else_clause" {
                        self.children_into(alternative, &mut else_block);
                    } else {
                        self.block_into(alternative, &mut else_block);
                    }
                }
                push_if(out, effects, cond, [then_block, else_block], span);
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
            "while_statement" => self.while_loop(node, out, true),
            "do_statement" => self.while_loop(node, out, false),
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
                let label = self.text_of_field(node, self.f.label).to_string();
                out.push(Stmt {
                    kind: StmtKind::Goto(label),
                    span,
                });
            }
            "labeled_statement" => {
                let label = self.text_of_field(node, self.f.label).to_string();
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
                if let Some(body_node) = field(node, self.f.body) {
                    self.block_into(body_node, &mut body);
                }
                let mut handlers = Vec::new();
                let mut cursor = node.walk();
                let clauses: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|c| self.kind(c) == "catch_clause")
                    .collect();
                for clause in clauses {
                    if let Some(clause_body) = field(clause, self.f.body) {
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
            // A definition with a return type inside a body is a function of
            // its own that a recovering parse nested here (or a GNU C nested
            // function): lowered as one, not as statements of this body.
            // Without a type it is a macro loop, `foreach_dlist(x, l) { ... }`.
            "function_definition" if node.child_by_field_name("type").is_some() => {
                self.function(node)
            }
            "function_definition" => self.macro_loop(node, out),
            "attributed_statement" => self.children_into(node, out),
            // A macro defined inside a function (`#define VA(type)
            // va_arg(args, type)`) is a macro like any other.
            "preproc_function_def" => self.macro_def(node),
            "comment" | "preproc_def" | "preproc_call" | "preproc_include" | "type_definition"
            | "empty_statement" => {}
            _ => {
                // ERROR nodes and anything unknown: keep the calls they contain.
                let mut effects = Vec::new();
                self.scan_calls(node, &mut effects);
                push_eval(out, effects, span);
            }
        }
    }

    /// `assert(e);` reads as `if (!(e)) assert(e);`: the assertion only does
    /// something (abort, through a message) when `e` is false, and then does
    /// not return. Whether the statement was one.
    fn assertion(&mut self, node: Node, out: &mut Block) -> bool {
        let Some(call) = node.named_child(0) else {
            return false;
        };
        let (Some(function), Some(arguments)) =
            (field(call, self.f.function), field(call, self.f.arguments))
        else {
            return false;
        };
        if self.kind(call) != "call_expression"
            || self.kind(function) != "identifier"
            || self.text(function) != "assert"
            || arguments.named_child_count() != 1
        {
            return false;
        }
        let Some(argument) = arguments.named_child(0) else {
            return false;
        };
        let mut effects = Vec::new();
        let cond = self.cond(argument, &mut effects);
        let abort = Stmt {
            kind: StmtKind::Eval(vec![Effect::Call(Call {
                callee: Callee::Named("assert".to_string()),
                kind: CallKind::Plain,
                span: self.span(function),
                args: Vec::new(),
            })]),
            span: self.span(node),
        };
        out.push(Stmt {
            kind: StmtKind::If {
                effects,
                cond: Cond::Not(Box::new(cond)),
                then_block: vec![abort],
                else_block: Vec::new(),
            },
            span: self.span(node),
        });
        true
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
            && let Some(name) = field(declarator, self.f.declarator)
            && crate::frontend::not_a_call::not_a_call(self.text(name)).is_none()
        {
            effects.push(Effect::Call(Call {
                callee: Callee::Named(self.text(name).to_string()),
                kind: CallKind::Plain,
                span: self.span(name),
                args: Vec::new(),
            }));
        }
        let mut body = Vec::new();
        if let Some(body_node) = field(node, self.f.body) {
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

    /// `while (cond) body` (`test_first`) and `do body while (cond);`.
    fn while_loop(&mut self, node: Node, out: &mut Block, test_first: bool) {
        let mut effects = Vec::new();
        let cond = self.condition_of(node, &mut effects);
        let mut body = Vec::new();
        if let Some(body_node) = field(node, self.f.body) {
            self.block_into(body_node, &mut body);
        }
        out.push(Stmt {
            kind: StmtKind::Loop {
                effects,
                cond,
                body,
                test_first,
            },
            span: self.span(node),
        });
    }

    fn for_loop(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let mut init = Vec::new();
        let body_node = field(node, self.f.body);
        let condition_node = field(node, self.f.condition);
        let update_node = field(node, self.f.update);
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
                || self.kind(child) == "comment";
            if is_other {
                continue;
            }
            if self.kind(child) == "declaration" {
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
        let hoisted = self.hoist_conditionals(node, out);
        let mut effects = Vec::new();
        let scrutinee = match field(node, self.f.condition) {
            Some(condition) => self.expr(condition, &mut effects),
            None => Value::Unknown,
        };
        self.hoisted.truncate(self.hoisted.len() - hoisted);
        let mut cases: Vec<Case> = Vec::new();
        let mut prelude = Vec::new();
        if let Some(body) = field(node, self.f.body) {
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
            match self.kind(child) {
                "case_statement" => {
                    let label = match field(child, self.f.value) {
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
        let value = field(node, self.f.value);
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == value {
                continue;
            }
            self.stmt(child, out);
        }
    }
}

fn ends_in_jump(block: &Block) -> bool {
    matches!(
        block.last().map(|s| &s.kind),
        Some(StmtKind::Return { .. } | StmtKind::Goto(_) | StmtKind::Break | StmtKind::Continue)
    )
}

fn case_label(text: &str) -> CaseLabel {
    parse_int(text.trim().trim_start_matches('(').trim_end_matches(')'))
        .map_or(CaseLabel::Other, CaseLabel::Int)
}
