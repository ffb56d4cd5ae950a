//! What an autotools project's default build leaves undefined: a macro that
//! `configure.ac` defines only inside the action of an `--enable-X` or
//! `--with-X` option (`AC_ARG_ENABLE(zsh-debug, ..., [AC_DEFINE(DEBUG)])`) is
//! defined only when that option is given, so a plain `./configure` leaves it
//! undefined and its `#ifdef` branches are not compiled. A macro that the
//! script also defines anywhere else (a feature test, the action taken when
//! the option is not given) stays unknown.

use std::collections::BTreeSet;

/// The macros defined only when an option is given.
pub fn defined_only_by_options(configure: &str) -> BTreeSet<String> {
    let text = strip_comments(configure);
    let mut in_options = BTreeSet::new();
    let mut option_spans = Vec::new();
    for keyword in ["AC_ARG_ENABLE", "AC_ARG_WITH"] {
        for (start, _) in text.match_indices(keyword) {
            let open = start + keyword.len();
            if !text[open..].starts_with('(') {
                continue;
            }
            let Some(args) = arguments(&text[open + 1..]) else {
                continue;
            };
            if let Some(&(given_start, given_end)) = args.get(2) {
                let (given_start, given_end) = (open + 1 + given_start, open + 1 + given_end);
                in_options.extend(defines_in(&text[given_start..given_end]));
                option_spans.push(given_start..given_end);
            }
        }
    }
    // Every definition outside an option's action makes the macro unknown.
    let mut elsewhere = BTreeSet::new();
    // (`AC_DEFINE` also finds `AC_DEFINE_UNQUOTED`.)
    for (start, _) in text.match_indices("AC_DEFINE") {
        if option_spans.iter().any(|span| span.contains(&start)) {
            continue;
        }
        elsewhere.extend(defines_in(&text[start..]).into_iter().take(1));
    }
    in_options.difference(&elsewhere).cloned().collect()
}

/// `dnl` comments and shell `#` comments at the start of a line.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("dnl") || trimmed.starts_with('#') {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The byte ranges of an m4 macro's arguments, from just after its `(`:
/// split at commas outside brackets and parentheses (quotes kept).
fn arguments(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ')' if depth == 0 => {
                args.push((start, i));
                return Some(args);
            }
            ']' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                args.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// The names of the `AC_DEFINE`s in a piece of the script.
fn defines_in(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (start, keyword) in text.match_indices("AC_DEFINE") {
        let rest = &text[start + keyword.len()..];
        let rest = rest.strip_prefix("_UNQUOTED").unwrap_or(rest);
        let Some(rest) = rest.strip_prefix('(') else {
            continue;
        };
        let rest = rest.trim_start().trim_start_matches('[');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_only_define_is_off_by_default() {
        let configure = r#"
AC_ARG_ENABLE(zsh-debug,
AS_HELP_STRING([--enable-zsh-debug],[compile with debug code and debugger]),
[if test x$enableval = xyes; then
  AC_DEFINE(DEBUG)
fi])
AC_ARG_WITH([tcsetpgrp],
AS_HELP_STRING([--with-tcsetpgrp],[assumes that tcsetpgrp() exists]),
[AC_DEFINE([WITH_TCSETPGRP], [1], [use tcsetpgrp])],
[AC_DEFINE([WITH_TCSETPGRP_DEFAULT])])
AC_ARG_ENABLE(pcre, [  --enable-pcre], [enable_pcre=$enableval], [enable_pcre=no])
if test x$enable_pcre = xyes; then AC_DEFINE(HAVE_PCRE) fi
AC_ARG_ENABLE(cap, [  --enable-cap], [AC_DEFINE(USE_CAP)])
AC_CHECK_LIB(cap, cap_get_proc, [AC_DEFINE(USE_CAP)])
dnl AC_ARG_ENABLE(gone, [x], [AC_DEFINE(GONE)])
"#;
        let off = defined_only_by_options(configure);
        assert_eq!(
            off.into_iter().collect::<Vec<_>>(),
            ["DEBUG", "WITH_TCSETPGRP"]
        );
    }
}
