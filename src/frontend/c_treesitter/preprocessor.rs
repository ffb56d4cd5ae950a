//! Preprocessor conditions left in the tree: `#if`, `#ifdef`, `#ifndef` and
//! `#elif` are evaluated with the defines (`-D`/`-U`, the platform's macros).
//! Code the preprocessor removes is left out and a condition that cannot be
//! decided keeps both branches: at file scope both are walked, inside a
//! function they become an `if` on an unknown condition. `#if 0` keeps none.

use tree_sitter::Node;

use super::{Lower, field, parse_int};
use crate::frontend::defines::Truth;
use crate::ir::{Block, Cond, Stmt, StmtKind};

impl Lower<'_> {
    /// Lowers the file-scope code of an `#if`, `#ifdef` or `#elif` group:
    /// regions the preprocessor removes are left out, and both sides of a
    /// condition that cannot be evaluated are kept.
    pub(super) fn top_level_conditional(&mut self, node: Node) {
        let truth = self.preproc_truth(node);
        if truth != Truth::False {
            self.top_level(node);
        }
        if truth != Truth::True
            && let Some(alternative) = field(node, self.f.alternative)
        {
            self.top_level(alternative);
        }
    }

    /// Evaluates the condition of `#if`, `#elif`, `#ifdef`, `#ifndef`.
    fn preproc_truth(&self, node: Node) -> Truth {
        match self.kind(node) {
            "preproc_ifdef" | "preproc_elifdef" => {
                let Some(name) = field(node, self.f.name) else {
                    return Truth::Unknown;
                };
                let defined = self.defines.is_defined(self.text(name));
                let negated = node
                    .child(0)
                    .is_some_and(|keyword| self.text(keyword).contains("ndef"));
                match (defined, negated) {
                    (Truth::Unknown, _) => Truth::Unknown,
                    (Truth::True, false) | (Truth::False, true) => Truth::True,
                    _ => Truth::False,
                }
            }
            _ => match field(node, self.f.condition) {
                Some(condition) => match self.preproc_value(condition) {
                    Some(0) => Truth::False,
                    Some(_) => Truth::True,
                    None => Truth::Unknown,
                },
                None => Truth::Unknown,
            },
        }
    }

    /// The value of a preprocessor expression, when it is known.
    fn preproc_value(&self, node: Node) -> Option<i64> {
        match self.kind(node) {
            "number_literal" => parse_int(self.text(node)),
            "true" => Some(1),
            "false" => Some(0),
            "identifier" => self.defines.value(self.text(node)),
            "preproc_defined" => {
                let mut cursor = node.walk();
                let name = node.named_children(&mut cursor).next()?;
                match self.defines.is_defined(self.text(name)) {
                    Truth::True => Some(1),
                    Truth::False => Some(0),
                    Truth::Unknown => None,
                }
            }
            "parenthesized_expression" => {
                let mut cursor = node.walk();
                let inner = node.named_children(&mut cursor).next()?;
                self.preproc_value(inner)
            }
            "unary_expression" => {
                let argument = field(node, self.f.argument)?;
                let operator = self.text_of_field(node, self.f.operator);
                let value = self.preproc_value(argument);
                match operator {
                    "!" => value.map(|v| i64::from(v == 0)),
                    "-" => value.map(|v| -v),
                    _ => value,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                let left = field(node, self.f.left).and_then(|n| self.preproc_value(n));
                let right = field(node, self.f.right).and_then(|n| self.preproc_value(n));
                match operator {
                    // Short circuits decide with one side unknown.
                    "&&" => match (left, right) {
                        (Some(0), _) | (_, Some(0)) => Some(0),
                        (Some(_), Some(_)) => Some(1),
                        _ => None,
                    },
                    "||" => match (left, right) {
                        (Some(l), _) if l != 0 => Some(1),
                        (_, Some(r)) if r != 0 => Some(1),
                        (Some(_), Some(_)) => Some(0),
                        _ => None,
                    },
                    _ => {
                        let (l, r) = (left?, right?);
                        Some(match operator {
                            "==" => i64::from(l == r),
                            "!=" => i64::from(l != r),
                            "<" => i64::from(l < r),
                            "<=" => i64::from(l <= r),
                            ">" => i64::from(l > r),
                            ">=" => i64::from(l >= r),
                            "+" => l.wrapping_add(r),
                            "-" => l.wrapping_sub(r),
                            "*" => l.wrapping_mul(r),
                            _ => return None,
                        })
                    }
                }
            }
            _ => None,
        }
    }

    pub(super) fn preproc_conditional(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let cond = match self.preproc_truth(node) {
            Truth::True => Cond::True,
            Truth::False => Cond::False,
            Truth::Unknown => Cond::Unknown,
        };
        let mut then_block = Vec::new();
        let mut else_block = Vec::new();
        let alternative = field(node, self.f.alternative);
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == alternative
                || Some(child) == field(node, self.f.condition)
                || Some(child) == field(node, self.f.name)
            {
                continue;
            }
            if cond != Cond::False {
                self.stmt(child, &mut then_block);
            }
        }
        if let Some(alternative) = alternative
            && cond != Cond::True
        {
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
}
