//! What the user told us about the preprocessor: macros defined (`-D NAME` or
//! `-D NAME=VALUE`) and undefined (`-U NAME`), and how `#if`, `#ifdef` and
//! `#elif` conditions evaluate under them. Anything not known evaluates to
//! "unknown", and both branches are analysed.
//!
//! By default the code is read as the Linux compiler sees it
//! (`rules/platforms.toml`): its predefined macros (`__linux__`, `__unix__`)
//! are defined, and the macros that only other platforms define (`_WIN32`,
//! `__APPLE__`, `__sun`, `VMS`, ...) are undefined, so another platform's
//! branch is never taken for the child's code.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The platform table, embedded.
const PLATFORMS: &str = include_str!("../../rules/platforms.toml");

#[derive(serde::Deserialize)]
struct Platform {
    defined: Vec<String>,
    undefined: Vec<String>,
}

/// The Linux target's (defined, undefined) macros.
fn linux_target() -> &'static (Vec<String>, Vec<String>) {
    static TARGET: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    TARGET.get_or_init(|| {
        let mut table: HashMap<String, Platform> = toml::from_str(PLATFORMS)
            .expect("rules/platforms.toml is valid (unit test `platform_table_parses`)");
        let linux = table
            .remove("linux")
            .expect("rules/platforms.toml has [linux]");
        (linux.defined, linux.undefined)
    })
}

#[derive(Debug, Clone)]
pub struct Defines {
    /// `Some(value)` when defined, `None` when known to be undefined.
    known: HashMap<String, Option<i64>>,
}

impl Default for Defines {
    fn default() -> Defines {
        let (defined, undefined) = linux_target();
        Defines {
            known: defined
                .iter()
                .map(|name| (name.clone(), Some(1)))
                .chain(undefined.iter().map(|name| (name.clone(), None)))
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

    /// `NAME` defined with a value, or known undefined (`None`).
    pub fn set(&mut self, name: &str, value: Option<i64>) {
        self.known.insert(name.trim().to_string(), value);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_table_parses() {
        let (defined, undefined) = linux_target();
        assert!(defined.iter().any(|name| name == "__linux__"));
        assert!(undefined.iter().any(|name| name == "__APPLE__"));
    }
}
