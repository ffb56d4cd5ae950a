//! A conditional expression whose branches call: `x = c ? f() : g();` is the
//! statement `if (c) x = f(); else x = g();`, so that each call's result
//! reaches `x` on its own path (`pid = is_ls ? fork () : vfork ();` binds
//! `pid` to the fork on one path and to the vfork on the other, and a
//! `switch (pid)` then narrows both). In the condition of an `if` or a
//! `switch` (`if ((mmu ? fork() : vfork()) == 0)`) the conditional expression
//! is lowered the same way before the statement, into a temporary the
//! condition then tests.

use tree_sitter::Node;

use super::{Lower, field};
use crate::ir::{Block, Effect, Place, Stmt, StmtKind, Value, push_if};

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
        if self.kind(right) != "conditional_expression" || !self.branch_calls(right) {
            return false;
        }
        let mut effects = Vec::new();
        let Value::Place(target) = self.expr(left, &mut effects) else {
            return false;
        };
        self.conditional_into(right, target, effects, self.span(expression), out)
    }

    /// Lowers the conditional expressions with a call in a branch that the
    /// condition of `statement` (an `if` or a `switch`) tests, outside any
    /// call's arguments, as `if`s assigning temporaries, and records them in
    /// `hoisted` for the condition's lowering. How many it recorded.
    pub(super) fn hoist_conditionals(&mut self, statement: Node, out: &mut Block) -> usize {
        let Some(condition) = field(statement, self.f.condition) else {
            return 0;
        };
        let mut found = Vec::new();
        self.tested_conditionals(condition, &mut found);
        let mut hoisted = 0;
        for node in found {
            let span = self.span(node);
            let target = Place(format!("(?:)@{}", span.start));
            if self.conditional_into(node, target.clone(), Vec::new(), span, out) {
                self.hoisted.push((node.id(), target));
                hoisted += 1;
            }
        }
        hoisted
    }

    fn tested_conditionals<'t>(&self, node: Node<'t>, found: &mut Vec<Node<'t>>) {
        match self.kind(node) {
            "conditional_expression" if self.branch_calls(node) => found.push(node),
            "parenthesized_expression"
            | "condition_clause"
            | "binary_expression"
            | "unary_expression" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.tested_conditionals(child, found);
                }
            }
            _ => {}
        }
    }

    /// Lowers `target = conditional` as `if (c) target = x; else target = y;`
    /// after `effects`, when a branch calls; false (nothing lowered) otherwise.
    fn conditional_into(
        &mut self,
        conditional: Node,
        target: Place,
        mut effects: Vec<Effect>,
        span: crate::source::Span,
        out: &mut Block,
    ) -> bool {
        let (Some(condition), Some(consequence), Some(alternative)) = (
            field(conditional, self.f.condition),
            field(conditional, self.f.consequence),
            field(conditional, self.f.alternative),
        ) else {
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
        push_if(out, effects, cond, [then_block, else_block], span);
        true
    }

    /// Whether a branch of the conditional expression calls.
    fn branch_calls(&self, conditional: Node) -> bool {
        [self.f.consequence, self.f.alternative]
            .into_iter()
            .filter_map(|f| field(conditional, f))
            .any(|branch| self.has_call(branch))
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
