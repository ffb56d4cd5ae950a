//! Expressions and conditions: values (integers, the standard constants,
//! places such as `bp->worker_pid`, addresses), assignments (to
//! a standard container also a call of its operator), branch conditions
//! (`Cond`: comparisons, `!`, `&&`, `||`, a declaration in a condition),
//! `new` and `delete`, and iostream insertions. Calls themselves are lowered
//! in `calls.rs`.

use tree_sitter::Node;

use super::calls::is_attribute;
use super::declarations::type_name;
use super::{Fields, Lower, field};
use crate::ir::{Call, CallKind, Callee, CmpOp, Cond, Effect, Place, StmtKind, Value};
use crate::source::Span;

impl Lower<'_> {
    /// The condition in a statement's `condition` field (unknown without one).
    pub(super) fn condition_of(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        match field(node, self.f.condition) {
            Some(condition) => self.cond(condition, effects),
            None => Cond::Unknown,
        }
    }

    pub(super) fn cond(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        if !self.enter() {
            return Cond::Unknown;
        }
        let cond = self.cond_inner(node, effects);
        self.leave();
        cond
    }

    fn cond_inner(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        match self.kind(node) {
            "parenthesized_expression" | "condition_clause" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                let Some(last) = children.last() else {
                    return Cond::Unknown;
                };
                for child in &children[..children.len() - 1] {
                    self.expr(*child, effects);
                }
                if self.kind(last) == "declaration" {
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
            "unary_expression" if self.text_of_field(node, self.f.operator) == "!" => {
                match field(node, self.f.argument) {
                    Some(argument) => Cond::Not(Box::new(self.cond(argument, effects))),
                    None => Cond::Unknown,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                let (Some(left), Some(right)) =
                    (field(node, self.f.left), field(node, self.f.right))
                else {
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

    pub(super) fn expr(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        if !self.enter() {
            return Value::Unknown;
        }
        let value = self.expr_inner(node, effects);
        self.leave();
        value
    }

    fn expr_inner(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        if let Some((_, place)) = self.hoisted.iter().find(|(id, _)| *id == node.id()) {
            return Value::Place(place.clone());
        }
        match self.kind(node) {
            _ if is_attribute(self.kind(node)) => Value::Unknown,
            "call_expression" => self.call(node, effects),
            "assignment_expression" => {
                let (Some(left), Some(right)) =
                    (field(node, self.f.left), field(node, self.f.right))
                else {
                    return Value::Unknown;
                };
                let value = self.expr(right, effects);
                let left_value = self.expr(left, effects);
                let Value::Place(place) = left_value else {
                    return value;
                };
                let operator = self.text_of_field(node, self.f.operator);
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
            // `x++`, `--x`: the place no longer holds what it held.
            "update_expression" => {
                let Some(argument) = field(node, self.f.argument) else {
                    return Value::Unknown;
                };
                if let Value::Place(place) = self.expr(argument, effects) {
                    effects.push(Effect::Assign {
                        target: place,
                        value: Value::Unknown,
                    });
                }
                Value::Unknown
            }
            // Standard macros defined in the system headers, and C++'s `nullptr`.
            "identifier" if let Some(n) = standard_constant(self.text(node)) => Value::Int(n),
            "null" | "nullptr" => Value::Int(0),
            "identifier" => Value::Place(Place(self.text(node).to_string())),
            "field_expression" => {
                // Lower the object for the calls it contains (`f()->x`).
                if let Some(argument) = field(node, self.f.argument)
                    && self.kind(argument) != "identifier"
                {
                    self.expr(argument, effects);
                }
                Value::Place(Place(normalize_place(self.text(node))))
            }
            "pointer_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                let Some(argument) = field(node, self.f.argument) else {
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
                let operator = self.text_of_field(node, self.f.operator);
                let Some(argument) = field(node, self.f.argument) else {
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
            "cast_expression" => match field(node, self.f.value) {
                Some(value) => self.expr(value, effects),
                None => Value::Unknown,
            },
            // `(pid_t)-1` reads as `(pid_t) - 1` when tree-sitter cannot
            // know that `pid_t` is a type: a `_t` name in parentheses minus
            // a number is the negative number.
            "binary_expression"
                if self.text_of_field(node, self.f.operator) == "-"
                    && field(node, self.f.left).is_some_and(|left| {
                        self.kind(left) == "parenthesized_expression"
                            && self
                                .text(left)
                                .trim_matches(['(', ')', ' '])
                                .ends_with("_t")
                    }) =>
            {
                match field(node, self.f.right).map(|right| self.expr(right, effects)) {
                    Some(Value::Int(n)) => Value::Int(-n),
                    _ => Value::Unknown,
                }
            }
            "comma_expression" => {
                if let Some(left) = field(node, self.f.left) {
                    self.expr(left, effects);
                }
                match field(node, self.f.right) {
                    Some(right) => self.expr(right, effects),
                    None => Value::Unknown,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                if matches!(operator, "<<" | ">>")
                    && let Some(stream) = leftmost_operand(self.f, node)
                    && self.kind(stream) == "qualified_identifier"
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
                        if self.kind(child) != "binary_expression" {
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
            // C code read with the C++ grammar: a variable named `new`
            // (`new->next`, `new = malloc(n)`) makes a `new_expression` with
            // no (or a missing) type, or with an error inside. It is the variable, and in
            // `new = f(args)` the "type" and arguments are the call.
            "new_expression"
                if field(node, self.f.type_).is_none_or(|ty| ty.is_missing())
                    || node
                        .children(&mut node.walk())
                        .any(|child| child.is_error()) =>
            {
                if let (Some(ty), Some(arguments)) =
                    (field(node, self.f.type_), field(node, self.f.arguments))
                    && !ty.is_missing()
                {
                    let mut args = Vec::new();
                    let mut cursor = arguments.walk();
                    let arg_nodes: Vec<Node> = arguments.named_children(&mut cursor).collect();
                    for arg in arg_nodes {
                        args.push(self.expr(arg, effects));
                    }
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(self.text(ty).to_string()),
                        kind: CallKind::Plain,
                        span: self.span(ty),
                        args,
                    }));
                }
                Value::Place(Place("new".to_string()))
            }
            "new_expression" => {
                let mut args = Vec::new();
                if let Some(arguments) = field(node, self.f.arguments) {
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
                if let Some(ty) = field(node, self.f.type_) {
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
            "string_literal"
            | "char_literal"
            | "concatenated_string"
            | "raw_string_literal"
            | "comment" => Value::Unknown,
            _ => {
                self.scan_calls_in_expr(node, effects);
                Value::Unknown
            }
        }
    }
}

fn leftmost_operand<'t>(fields: &Fields, node: Node<'t>) -> Option<Node<'t>> {
    let mut current = node;
    for _ in 0..64 {
        if current.kind() != "binary_expression" {
            return Some(current);
        }
        current = field(current, fields.left)?;
    }
    None
}

/// The value of a standard C macro whose definition is in the system headers,
/// which are not read: the null pointer (`NULL`, C11 7.19) and `<stdlib.h>`'s
/// exit statuses (7.22).
pub(super) fn standard_constant(name: &str) -> Option<i64> {
    match name {
        "NULL" | "EXIT_SUCCESS" => Some(0),
        "EXIT_FAILURE" => Some(1),
        _ => None,
    }
}

pub(crate) fn parse_int(text: &str) -> Option<i64> {
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
