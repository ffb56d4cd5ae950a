//! What the user told us about the preprocessor: macros defined (`-D NAME` or
//! `-D NAME=VALUE`) and undefined (`-U NAME`), and how `#if`, `#ifdef` and
//! `#elif` conditions evaluate under them. Anything not known evaluates to
//! "unknown", and both branches are analysed.
//!
//! By default the macros that name Windows are undefined: a platform without
//! `fork()` never runs a fork child, so its code is never in one.

use std::collections::HashMap;

/// Macros that only Windows toolchains (or projects' Windows builds) define.
pub const WINDOWS_MACROS: &[&str] = &["_WIN32", "_WIN64", "WIN32", "HAVE_WIN32", "_MSC_VER"];

#[derive(Debug, Clone)]
pub struct Defines {
    /// `Some(value)` when defined, `None` when known to be undefined.
    known: HashMap<String, Option<i64>>,
}

impl Default for Defines {
    fn default() -> Defines {
        Defines {
            known: WINDOWS_MACROS
                .iter()
                .map(|name| (name.to_string(), None))
                .collect(),
        }
    }
}

/// A three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Defines {
    /// `NAME` or `NAME=VALUE` (a value that is not a number counts as 1).
    pub fn define(&mut self, spec: &str) {
        let (name, value) = match spec.split_once('=') {
            Some((name, value)) => (name, value.trim().parse().unwrap_or(1)),
            None => (spec, 1),
        };
        self.known.insert(name.trim().to_string(), Some(value));
    }

    pub fn undefine(&mut self, name: &str) {
        self.known.insert(name.trim().to_string(), None);
    }

    /// `#ifdef NAME`.
    pub fn is_defined(&self, name: &str) -> Truth {
        match self.known.get(name) {
            Some(Some(_)) => Truth::True,
            Some(None) => Truth::False,
            None => Truth::Unknown,
        }
    }

    /// The value of `NAME` in an `#if` expression.
    pub fn value(&self, name: &str) -> Option<i64> {
        match self.known.get(name)? {
            Some(value) => Some(*value),
            None => Some(0),
        }
    }
}
