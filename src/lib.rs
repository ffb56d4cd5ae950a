//! forklint: finds calls that are not async-signal-safe in code that runs in a
//! fork child before `exec`, in `vfork` children, `pthread_atfork` child handlers
//! and (for Rust) `pre_exec` closures.
//!
//! Modules are listed in reading order: source loading and the IR, the front
//! ends that produce it, the knowledge base, the program (linked IR), control
//! flow, contexts, the lints, diagnostics and their renderers, and the driver.

pub mod source;
pub mod ir;
pub mod frontend;
pub mod knowledge;
pub mod program;
pub mod cfg;
pub mod contexts;
pub mod callgraph;
pub mod lints;
pub mod diagnostic;
pub mod render;
pub mod check;
pub mod cli;
