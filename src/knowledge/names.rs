//! Function-name normalization and the fallback chain used for lookups.
//!
//! Front ends spell the same callee in several ways (`::exit`, `std::exit`,
//! `std::__cxx11::basic_string<char>::push_back`, `__builtin___memcpy_chk`).
//! This module turns a spelling into the list of names to try, most specific
//! first. It knows C and C++ name syntax, but no function names: the
//! namespaces it may drop come from the rules files' `[lookup]` tables.

/// Canonical spelling: whitespace compacted, template arguments and a leading
/// `::` removed, and ignorable namespace segments (such as `__cxx11`) dropped.
pub(crate) fn normalize(name: &str, ignore_segments: &[String]) -> String {
    let compact = compact_whitespace(name);
    let stripped = strip_template_arguments(&compact);
    let rooted = stripped.strip_prefix("::").unwrap_or(&stripped);
    if ignore_segments.is_empty() || !rooted.contains("::") {
        return rooted.to_owned();
    }
    rooted
        .split("::")
        .filter(|segment| !ignore_segments.iter().any(|ignored| ignored == segment))
        .collect::<Vec<_>>()
        .join("::")
}

/// Names to try for a normalized name, most specific first:
///
/// 1. the name itself;
/// 2. the libc function behind a compiler builtin or a `_FORTIFY_SOURCE`
///    wrapper (`__builtin_memcpy`, `__builtin___memcpy_chk` and `__memcpy_chk`
///    all become `memcpy`): the builtin is either expanded inline or compiled
///    into a call to that function, and the checking wrapper only adds a bounds
///    check that aborts;
/// 3. each enclosing scope that still has two segments (`std::vector::push_back`
///    becomes `std::vector`), so an entry for a class covers its methods;
/// 4. for `ns::f` where `ns` is listed in a `[lookup] c_namespaces` table, the C
///    function `f` (`std::exit` becomes `exit`).
pub(crate) fn candidates(name: &str, c_namespaces: &[String]) -> Vec<String> {
    let mut names = vec![name.to_owned()];
    if let Some(plain) = builtin_target(name) {
        push_unique(&mut names, plain);
    }
    let segments: Vec<&str> = name.split("::").collect();
    for n_segments in (2..segments.len()).rev() {
        push_unique(&mut names, &segments[..n_segments].join("::"));
    }
    if let [namespace, function] = segments.as_slice()
        && c_namespaces.iter().any(|known| known == namespace)
    {
        push_unique(&mut names, function);
    }
    names
}

fn push_unique(names: &mut Vec<String>, name: &str) {
    if !name.is_empty() && !names.iter().any(|known| known == name) {
        names.push(name.to_owned());
    }
}

fn builtin_target(name: &str) -> Option<&str> {
    let target = if let Some(rest) = name.strip_prefix("__builtin___") {
        rest.strip_suffix("_chk")?
    } else if let Some(rest) = name.strip_prefix("__builtin_") {
        rest
    } else {
        name.strip_prefix("__")?.strip_suffix("_chk")?
    };
    let is_plain = !target.is_empty() && !target.starts_with('_') && !target.contains("::");
    is_plain.then_some(target)
}

fn is_identifier_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Drops whitespace, keeping one space only between two identifier characters
/// (`operator new [ ]` becomes `operator new[]`).
fn compact_whitespace(name: &str) -> String {
    let mut compact = String::with_capacity(name.len());
    let mut pending_space = false;
    for ch in name.trim().chars() {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        let previous_is_identifier = compact.chars().next_back().is_some_and(is_identifier_char);
        if pending_space && previous_is_identifier && is_identifier_char(ch) {
            compact.push(' ');
        }
        pending_space = false;
        compact.push(ch);
    }
    compact
}

/// Removes balanced `<...>` groups, keeping the angle brackets that belong to
/// an operator name (`operator<<`, `operator->`). Unbalanced input is returned
/// unchanged.
fn strip_template_arguments(name: &str) -> String {
    if !name.contains('<') {
        return name.to_owned();
    }
    let mut stripped = String::with_capacity(name.len());
    let mut depth = 0_usize;
    for ch in name.chars() {
        match ch {
            '<' if depth == 0 && ends_with_operator_keyword(&stripped) => stripped.push(ch),
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => stripped.push(ch),
        }
    }
    if depth == 0 {
        stripped
    } else {
        name.to_owned()
    }
}

fn ends_with_operator_keyword(text: &str) -> bool {
    text.trim_end_matches('<')
        .strip_suffix("operator")
        .is_some_and(|before| !before.chars().next_back().is_some_and(is_identifier_char))
}
