//! A conditional expression whose branches call is lowered as an `if`
//! assigning its value: `x = c ? f() : g();` is `if (c) x = f(); else x =
//! g();`, and a conditional tested by an `if` or a `switch` (`if ((mmu ?
//! fork() : vfork()) == 0)`) is assigned to a temporary before the statement,
//! which the condition then tests. Each call's result reaches the tested
//! place on its own path, so the fork's and the vfork's children both narrow.

use clang_sys::*;

use super::Lower;
use crate::frontend::clang::cursor::{self as cx, Cursor};
use crate::ir::{Block, Effect, Place, Value, push_eval, push_if};
use crate::source::Span;

impl Lower<'_> {
    /// Lowers `target = test ? yes : no` as an `if` after `effects`.
    pub(super) fn conditional_into(
        &mut self,
        [test, yes, no]: [Cursor; 3],
        target: &Place,
        mut effects: Vec<Effect>,
        span: Span,
        out: &mut Block,
    ) {
        let cond = self.cond(test, &mut effects);
        let mut branches = [Vec::new(), Vec::new()];
        for (branch, side) in branches.iter_mut().zip([yes, no]) {
            let mut effects = Vec::new();
            let value = self.expr(side, &mut effects);
            effects.push(Effect::Assign {
                target: target.clone(),
                value,
            });
            push_eval(branch, effects, span);
        }
        let [then_block, else_block] = branches;
        push_if(out, effects, cond, [then_block, else_block], span);
    }

    /// Lowers the conditionals with a call in a branch that `condition`
    /// tests (outside any call's arguments) before the statement, and records
    /// them in `hoisted` for the condition's lowering. How many it recorded.
    pub(super) fn hoist_conditionals(
        &mut self,
        condition: Cursor,
        span: Span,
        out: &mut Block,
    ) -> usize {
        let mut found = Vec::new();
        tested_conditionals(condition, &mut found);
        let mut hoisted = 0;
        for conditional in found {
            let [test, yes, no] = cx::children(conditional)[..] else {
                continue;
            };
            if !has_call(yes) && !has_call(no) {
                continue;
            }
            let target = Place(format!("(?:)@{}#{}", span.start, self.hoisted.len()));
            self.conditional_into([test, yes, no], &target, Vec::new(), span, out);
            self.hoisted.push((conditional, target));
            hoisted += 1;
        }
        hoisted
    }

    /// `hoist_conditionals` for the condition of an `if` or a `switch`
    /// (after any condition variable, as `condition_declaration` reads it).
    pub(super) fn hoist_tested(
        &mut self,
        children: &[Cursor],
        span: Span,
        out: &mut Block,
    ) -> usize {
        let mut rest = children;
        while rest.len() > 2 && matches!(cx::kind(rest[0]), CXCursor_DeclStmt | CXCursor_VarDecl) {
            rest = &rest[1..];
        }
        match rest.first() {
            Some(condition) => self.hoist_conditionals(*condition, span, out),
            None => 0,
        }
    }

    /// The temporary a hoisted conditional was assigned to.
    pub(super) fn hoisted_value(&self, cursor: Cursor) -> Option<Value> {
        self.hoisted
            .iter()
            .find(|(hoisted, _)| unsafe { clang_equalCursors(*hoisted, cursor) } != 0)
            .map(|(_, place)| Value::Place(place.clone()))
    }
}

fn tested_conditionals(cursor: Cursor, found: &mut Vec<Cursor>) {
    match cx::kind(cursor) {
        CXCursor_ConditionalOperator => found.push(cursor),
        CXCursor_ParenExpr
        | CXCursor_UnexposedExpr
        | CXCursor_BinaryOperator
        | CXCursor_UnaryOperator => {
            for child in cx::children(cursor) {
                tested_conditionals(child, found);
            }
        }
        _ => {}
    }
}

fn has_call(cursor: Cursor) -> bool {
    cx::kind(cursor) == CXCursor_CallExpr || cx::children(cursor).into_iter().any(has_call)
}
