//! Control-flow graphs built from the IR's structured statements.
//!
//! Nodes hold the effects they evaluate; edges carry the guard under which they
//! are taken (a condition's truth, a switch case). The graph knows nothing about
//! fork or safety: `contexts` runs its data flow over it.

use std::collections::HashMap;

use crate::ir::{Block, CaseLabel, Cond, Effect, Stmt, StmtKind, Value};

pub const ENTRY: usize = 0;
pub const EXIT: usize = 1;

#[derive(Debug)]
pub struct Cfg<'a> {
    pub nodes: Vec<Node<'a>>,
}

#[derive(Debug, Default)]
pub struct Node<'a> {
    pub effects: &'a [Effect],
    /// Set on the node of a `return` statement.
    pub returns: Option<Option<&'a Value>>,
    pub succs: Vec<Edge<'a>>,
}

#[derive(Debug, Clone)]
pub struct Edge<'a> {
    pub to: usize,
    pub guard: Guard<'a>,
}

#[derive(Debug, Clone)]
pub enum Guard<'a> {
    Always,
    True(&'a Cond),
    False(&'a Cond),
    /// A switch case: taken when the scrutinee matches one of `labels`
    /// (`CaseLabel::Default` matches what no label of `all` matches).
    Case {
        scrutinee: &'a Value,
        labels: &'a [CaseLabel],
        all: Vec<&'a CaseLabel>,
    },
}

impl<'a> Cfg<'a> {
    pub fn build(body: &'a Block) -> Cfg<'a> {
        let mut builder = Builder {
            nodes: vec![Node::default(), Node::default()],
            breaks: Vec::new(),
            continues: Vec::new(),
            labels: HashMap::new(),
        };
        let end = builder.block(body, Some(ENTRY));
        if let Some(end) = end {
            builder.edge(end, EXIT, Guard::Always);
        }
        Cfg {
            nodes: builder.nodes,
        }
    }

    /// Predecessor lists, for joins.
    pub fn predecessors(&self) -> Vec<Vec<usize>> {
        let mut preds = vec![Vec::new(); self.nodes.len()];
        for (from, node) in self.nodes.iter().enumerate() {
            for edge in &node.succs {
                preds[edge.to].push(from);
            }
        }
        preds
    }
}

struct Builder<'a> {
    nodes: Vec<Node<'a>>,
    breaks: Vec<usize>,
    continues: Vec<usize>,
    labels: HashMap<&'a str, usize>,
}

impl<'a> Builder<'a> {
    fn node(&mut self, effects: &'a [Effect]) -> usize {
        self.nodes.push(Node {
            effects,
            returns: None,
            succs: Vec::new(),
        });
        self.nodes.len() - 1
    }

    fn edge(&mut self, from: usize, to: usize, guard: Guard<'a>) {
        self.nodes[from].succs.push(Edge { to, guard });
    }

    fn link(&mut self, current: Option<usize>, to: usize) {
        if let Some(from) = current {
            self.edge(from, to, Guard::Always);
        }
    }

    fn label(&mut self, name: &'a str) -> usize {
        if let Some(&node) = self.labels.get(name) {
            return node;
        }
        let node = self.node(&[]);
        self.labels.insert(name, node);
        node
    }

    /// Builds `block` starting from `current`; returns the node that falls
    /// through to the next statement, if control can get there.
    fn block(&mut self, block: &'a Block, mut current: Option<usize>) -> Option<usize> {
        for stmt in block {
            current = self.stmt(stmt, current);
        }
        current
    }

    fn stmt(&mut self, stmt: &'a Stmt, current: Option<usize>) -> Option<usize> {
        match &stmt.kind {
            StmtKind::Eval(effects) => {
                let node = self.node(effects);
                self.link(current, node);
                Some(node)
            }
            StmtKind::If {
                effects,
                cond,
                then_block,
                else_block,
            } => {
                let test = self.node(effects);
                self.link(current, test);
                let then_start = self.node(&[]);
                self.edge(test, then_start, Guard::True(cond));
                let else_start = self.node(&[]);
                self.edge(test, else_start, Guard::False(cond));
                let then_end = self.block(then_block, Some(then_start));
                let else_end = self.block(else_block, Some(else_start));
                self.join(&[then_end, else_end])
            }
            StmtKind::Switch {
                effects,
                scrutinee,
                cases,
                fallthrough,
            } => {
                let test = self.node(effects);
                self.link(current, test);
                let join = self.node(&[]);
                let all: Vec<&CaseLabel> = cases.iter().flat_map(|c| c.labels.iter()).collect();
                let has_default = all.contains(&&CaseLabel::Default);
                self.breaks.push(join);
                let mut previous_end: Option<usize> = None;
                for case in cases {
                    let start = self.node(&[]);
                    self.edge(
                        test,
                        start,
                        Guard::Case {
                            scrutinee,
                            labels: &case.labels,
                            all: all.clone(),
                        },
                    );
                    if *fallthrough {
                        self.link(previous_end, start);
                    } else {
                        self.link(previous_end, join);
                    }
                    previous_end = self.block(&case.body, Some(start));
                }
                self.link(previous_end, join);
                self.breaks.pop();
                if !has_default {
                    self.edge(
                        test,
                        join,
                        Guard::Case {
                            scrutinee,
                            labels: DEFAULT_LABEL,
                            all,
                        },
                    );
                }
                Some(join)
            }
            StmtKind::Loop {
                effects,
                cond,
                body,
                test_first,
            } => {
                let test = self.node(effects);
                let body_start = self.node(&[]);
                let exit = self.node(&[]);
                if *test_first {
                    self.link(current, test);
                } else {
                    self.link(current, body_start);
                }
                self.edge(test, body_start, Guard::True(cond));
                self.edge(test, exit, Guard::False(cond));
                self.breaks.push(exit);
                self.continues.push(test);
                let body_end = self.block(body, Some(body_start));
                self.continues.pop();
                self.breaks.pop();
                self.link(body_end, test);
                Some(exit)
            }
            StmtKind::Return { effects, value } => {
                let node = self.node(effects);
                self.nodes[node].returns = Some(value.as_ref());
                self.link(current, node);
                self.edge(node, EXIT, Guard::Always);
                None
            }
            StmtKind::Break => {
                if let Some(&target) = self.breaks.last() {
                    self.link(current, target);
                }
                None
            }
            StmtKind::Continue => {
                if let Some(&target) = self.continues.last() {
                    self.link(current, target);
                }
                None
            }
            StmtKind::Goto(label) => {
                let target = self.label(label);
                self.link(current, target);
                None
            }
            StmtKind::Label(label) => {
                let node = self.label(label);
                self.link(current, node);
                Some(node)
            }
            StmtKind::Block(block) => self.block(block, current),
        }
    }

    fn join(&mut self, ends: &[Option<usize>]) -> Option<usize> {
        if ends.iter().all(Option::is_none) {
            return None;
        }
        let join = self.node(&[]);
        for end in ends {
            self.link(*end, join);
        }
        Some(join)
    }
}

static DEFAULT_LABEL: &[CaseLabel] = &[CaseLabel::Default];
