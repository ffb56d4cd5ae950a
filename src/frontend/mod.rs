//! Front ends: source text to the language-neutral IR.
//!
//! Each front end returns a `FileIr` and never fails: parse problems become
//! `ParseIssue`s and the rest of the file is still lowered.

pub mod attributes;
pub mod autoconf;
pub mod block_macros;
pub mod c_treesitter;
pub mod clang;
pub mod constants;
pub mod defines;
pub mod fragments;
pub mod lexical;
pub mod not_a_call;
pub mod old_style;
pub mod rust_syn;
