//! A local assigned what the dynamic linker finds by a literal name (`fn =
//! dlsym(RTLD_NEXT, "execve");`) holds that function: a call through it is a
//! call to it (sudo's intercept wrapper execs this way). Locals assigned a
//! function directly (`fp = &foo`) are `note_function_pointer`'s.

use clang_sys::*;

use super::strip;
use crate::frontend::clang::cursor::{self as cx, Cursor};

/// Functions that look a symbol up by name and return its address.
const SYMBOL_LOOKUPS: &[&str] = &["dlsym", "dlvsym"];

/// The function a symbol lookup by a literal name returns, with its USR as
/// a C function's.
pub(super) fn looked_up_symbol(value: Cursor) -> Option<(String, String)> {
    let mut call = strip(value);
    // A cast to the pointer's type (`(execve_fn) dlsym(...)`).
    while cx::kind(call) == CXCursor_CStyleCastExpr {
        call = strip(*cx::children(call).last()?);
    }
    if cx::kind(call) != CXCursor_CallExpr || !SYMBOL_LOOKUPS.contains(&cx::spelling(call).as_str())
    {
        return None;
    }
    let symbol = strip(*cx::children(call).get(2)?);
    if cx::kind(symbol) != CXCursor_StringLiteral {
        return None;
    }
    let name = cx::spelling(symbol).trim_matches('"').to_string();
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    is_name
        .then(|| (format!("c:@F@{name}"), name))
        .map(|(usr, name)| (name, usr))
}
