//! forklint: finds calls that are not async-signal-safe in code that runs in a
//! fork child before `exec`, in `vfork` children, `pthread_atfork` child handlers
//! and (for Rust) `pre_exec` closures.
//!
//! Modules are listed in reading order: source loading and the IR, the front
//! ends that produce it, the knowledge base, the program (linked IR), control
//! flow, contexts, the lints, diagnostics and their renderers, and the driver.

pub mod baseline;
pub mod callgraph;
pub mod cfg;
pub mod check;
pub mod cli;
pub mod config;
pub mod contexts;
pub mod diagnostic;
pub mod frontend;
pub mod ir;
pub mod knowledge;
pub mod lints;
pub mod lsp;
pub mod program;
pub mod render;
pub mod source;
pub mod suggest;
pub mod suppress;
