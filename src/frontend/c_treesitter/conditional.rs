//! A conditional expression whose branches call: `x = c ? f() : g();` is the
//! statement `if (c) x = f(); else x = g();`, so that each call's result
//! reaches `x` on its own path (`pid = is_ls ? fork () : vfork ();` binds
//! `pid` to the fork on one path and to the vfork on the other, and a
//! `switch (pid)` then narrows both).

use tree_sitter::Node;

use super::{Lower, field};
use crate::ir::{Block, Effect, Stmt, StmtKind, Value, push_if};

impl Lower<'_> {
    /// Lowers `expression` (an expression statement's expression) as an `if`
    /// when it is a plain assignment of a conditional expression with a call
    /// in a branch; false (nothing lowered) otherwise.
    pub(super) fn conditional_assignment(&mut self, expression: Node, out: &mut Block) -> bool {
        if self.kind(expression) != "assignment_expression"
            || self.text_of_field(expression, self.f.operator) != "="
        {
            return false;
        }
        let (Some(left), Some(mut right)) = (
            field(expression, self.f.left),
            field(expression, self.f.right),
        ) else {
            return false;
        };
        while self.kind(right) == "parenthesized_expression" && right.named_child_count() == 1 {
            let Some(inner) = right.named_child(0) else {
                return false;
            };
            right = inner;
        }
        if self.kind(right) != "conditional_expression" {
            return false;
        }
        let (Some(condition), Some(consequence), Some(alternative)) = (
            field(right, self.f.condition),
            field(right, self.f.consequence),
            field(right, self.f.alternative),
        ) else {
            return false;
        };
        if !self.has_call(consequence) && !self.has_call(alternative) {
            return false;
        }
        let mut effects = Vec::new();
        let Value::Place(target) = self.expr(left, &mut effects) else {
            return false;
        };
        let cond = self.cond(condition, &mut effects);
        let branch = |this: &mut Self, value_node: Node| {
            let mut effects = Vec::new();
            let value = this.expr(value_node, &mut effects);
            effects.push(Effect::Assign {
                target: target.clone(),
                value,
            });
            vec![Stmt {
                kind: StmtKind::Eval(effects),
                span: this.span(value_node),
            }]
        };
        let then_block = branch(self, consequence);
        let else_block = branch(self, alternative);
        push_if(
            out,
            effects,
            cond,
            [then_block, else_block],
            self.span(expression),
        );
        true
    }

    fn has_call(&self, node: Node) -> bool {
        if self.kind(node) == "call_expression" {
            return true;
        }
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .any(|child| self.has_call(child))
    }
}
