//! `#if` groups whose branches are fragments of one statement:
//!
//! ```c
//! #ifdef HAVE_GETPWNAM_R
//!     if (ret || pwd == NULL)
//! #else
//!     if (pwd == NULL)
//! #endif
//!     { ... }
//! ```
//!
//! A compiler sees one branch; tree-sitter, which keeps every branch, sees
//! two `if` heads for one body and an error that can swallow the rest of the
//! function (a fork there is lost without a word). When the branches of a
//! group do not stand on their own (unbalanced parentheses, or one ends in a
//! statement head such as `if (...)`; braces balanced), only one branch is kept, the first
//! that the known macros do not rule out, and the others and the group's
//! directives are blanked (spaces, newlines kept, so offsets stay). So is a
//! group whose branches are whole statements filling the one statement of an
//! `if` followed by `else` (`if (c)` / `#if X` / `a();` / `#else` / `b();` /
//! `#endif` / `else`). A group of one branch that is an `if (...)` head followed
//! by another `if` (`#ifdef P` / `if (!p)` / `#endif` / `if (d) ...`) loses its
//! directives, or the head too when its condition is known false. Other groups
//! of whole statements keep every branch.

use crate::frontend::defines::{Defines, Truth};
use crate::frontend::lexical::{PieceKind, pieces};

/// The text with the fragmenting groups reduced to one branch, or `None`.
pub fn keep_one_branch_of_fragments(text: &str, defines: &Defines) -> Option<String> {
    let lines = line_spans(text);
    // The file's own unconditional `#define X 0` / `#undef X`, from where
    // they are written on (`#define TLS_DEBUG 0` ... `#if TLS_DEBUG`).
    let mut local: Option<Defines> = None;
    // Open groups: for each, its branches as (directive line, first code
    // line, end line exclusive, known false), and whether it has a nested group.
    struct Group {
        branches: Vec<(usize, bool)>,
        nested: bool,
    }
    let mut stack: Vec<Group> = Vec::new();
    let mut blank: Vec<(usize, usize)> = Vec::new();
    for (idx, &(start, end)) in lines.iter().enumerate() {
        let line = &text[start..end];
        let Some(directive) = directive(line) else {
            continue;
        };
        let word = directive
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        let rest = directive[word.len()..].trim();
        if stack.is_empty()
            && let Some(change) = file_define(word, rest)
        {
            let (name, value) = change;
            local
                .get_or_insert_with(|| defines.clone())
                .set(name, value);
            continue;
        }
        let defines = local.as_ref().unwrap_or(defines);
        match word {
            "if" | "ifdef" | "ifndef" => {
                if let Some(parent) = stack.last_mut() {
                    parent.nested = true;
                }
                stack.push(Group {
                    branches: vec![(idx, known_false(word, rest, defines))],
                    nested: false,
                });
            }
            "elif" | "else" => {
                if let Some(group) = stack.last_mut() {
                    group
                        .branches
                        .push((idx, word == "elif" && known_false("if", rest, defines)));
                }
            }
            "endif" => {
                let Some(group) = stack.pop() else { continue };
                if dead_branches_known(text, &lines, &group.branches, idx, defines, &mut blank) {
                    continue;
                }
                if group.nested {
                    continue;
                }
                if let [(line_idx, false_)] = group.branches[..] {
                    // `#ifdef X` / `if (a)` / `#endif` / `if (b) stmt;`: the
                    // directives go, and the head too when X is known undefined.
                    // (Other lone heads were measured to expose whole
                    // interpreters in children; not done yet.)
                    let (from, to) = (line_idx + 1, idx);
                    let head = &text
                        [lines[from.min(to)].0..lines[to.saturating_sub(1).max(from.min(to))].1];
                    let next_if = (idx + 1..lines.len())
                        .map(|l| text[lines[l].0..lines[l].1].trim())
                        .find(|l| !l.is_empty())
                        .is_some_and(|l| l.starts_with("if (") || l.starts_with("if("));
                    if from < to
                        && next_if
                        && head.trim_start().starts_with("if")
                        && is_fragment(head)
                    {
                        if false_ {
                            blank.push((lines[from].0, lines[to - 1].1));
                        }
                        blank.push(lines[line_idx]);
                        blank.push(lines[idx]);
                    }
                    continue;
                }
                // Each branch's code lines: after its directive, up to the next.
                let mut ranges = Vec::new();
                for (b, &(line_idx, false_)) in group.branches.iter().enumerate() {
                    let next = group.branches.get(b + 1).map_or(idx, |&(l, _)| l);
                    ranges.push((line_idx + 1, next, false_));
                }
                let fragment = ranges.iter().any(|&(from, to, _)| {
                    from < to && is_fragment(&text[lines[from].0..lines[to - 1].1])
                }) || is_one_statement_slot(text, &lines, group.branches[0].0, idx);
                if !fragment {
                    continue;
                }
                let keep = ranges
                    .iter()
                    .position(|&(_, _, false_)| !false_)
                    .unwrap_or(0);
                for (b, &(from, to, _)) in ranges.iter().enumerate() {
                    if b != keep && from < to {
                        blank.push((lines[from].0, lines[to - 1].1));
                    }
                }
                // The directives go too: the kept branch is plain code, and
                // the statement it begins continues after `#endif`.
                for &(line_idx, _) in &group.branches {
                    blank.push(lines[line_idx]);
                }
                blank.push(lines[idx]);
            }
            _ => {}
        }
    }
    if blank.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in blank {
        crate::frontend::lexical::blank_keeping_lines(&mut bytes[start..end]);
    }
    // Whole lines were blanked: still UTF-8.
    String::from_utf8(bytes).ok()
}

/// A group whose every branch but one (or every branch) the preprocessor
/// knows not to take
/// (`#ifdef HAVE_BRK` / `if (brk(..)) {` / `#else` / `if (sbrk(..)) {` /
/// `#endif` with `HAVE_BRK` known): the dead branches and the directives are
/// blanked, so the parser reads what the compiler would. Whether it did so.
fn dead_branches_known(
    text: &str,
    lines: &[(usize, usize)],
    branches: &[(usize, bool)],
    endif: usize,
    defines: &Defines,
    blank: &mut Vec<(usize, usize)>,
) -> bool {
    // The branch taken: the first known true after only known false ones.
    let mut taken = None;
    for (b, &(line_idx, false_)) in branches.iter().enumerate() {
        if false_ {
            continue;
        }
        let line = directive(&text[lines[line_idx].0..lines[line_idx].1]).unwrap_or("");
        let word = line
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if word == "else" || known_true(word, line[word.len()..].trim(), defines) {
            taken = Some(b);
        }
        break;
    }
    // With every branch known false (`#if DEBUG` with `DEBUG` 0 and no
    // `#else`), none is taken.
    if taken.is_none() && !branches.iter().all(|&(_, false_)| false_) {
        return false;
    }
    for (b, &(line_idx, _)) in branches.iter().enumerate() {
        let next = branches.get(b + 1).map_or(endif, |&(l, _)| l);
        if Some(b) != taken && line_idx + 1 < next {
            blank.push((lines[line_idx + 1].0, lines[next - 1].1));
        }
        blank.push(lines[line_idx]);
    }
    blank.push(lines[endif]);
    true
}

/// `#define NAME 0` (an integer, perhaps in parentheses, or nothing: 1) or
/// `#undef NAME`: the name and its value (`None`: undefined). Other
/// definitions say nothing known.
fn file_define<'t>(word: &str, rest: &'t str) -> Option<(&'t str, Option<i64>)> {
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, body) = rest.split_at(end);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match word {
        "undef" => Some((name, None)),
        "define" if !body.starts_with('(') => {
            let body = body.split("/*").next().unwrap_or("");
            let body = body.split("//").next().unwrap_or("");
            if body.trim().is_empty() {
                return Some((name, Some(1)));
            }
            Some((name, Some(crate::frontend::constants::integer(body)?)))
        }
        _ => None,
    }
}

fn name_of(s: &str) -> String {
    s.trim()
        .trim_start_matches("defined")
        .trim()
        .trim_matches(|c| c == '(' || c == ')')
        .trim()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("")
        .to_string()
}

fn simple(s: &str) -> bool {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .count()
        <= 2
}

/// Byte ranges of the lines (without their newline).
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (idx, b) in text.bytes().enumerate() {
        if b == b'\n' {
            spans.push((start, idx));
            start = idx + 1;
        }
    }
    spans.push((start, text.len()));
    spans
}

/// The directive of a preprocessor line, without `#`.
fn directive(line: &str) -> Option<&str> {
    Some(line.trim_start().strip_prefix('#')?.trim_start())
}

/// Whether a branch's condition is known not to hold.
fn known_false(word: &str, rest: &str, defines: &Defines) -> bool {
    condition(word, rest, defines) == Truth::False
}

/// Whether a branch's condition is known to hold.
fn known_true(word: &str, rest: &str, defines: &Defines) -> bool {
    condition(word, rest, defines) == Truth::True
}

/// What the defines say of a simple condition: `#ifdef X`, `#ifndef X`,
/// `#if [!]defined X`, `#if 0`, `#if 1`; anything else is unknown.
fn condition(word: &str, rest: &str, defines: &Defines) -> Truth {
    let negated = |truth: Truth| match truth {
        Truth::True => Truth::False,
        Truth::False => Truth::True,
        Truth::Unknown => Truth::Unknown,
    };
    match word {
        "ifdef" => defines.is_defined(&name_of(rest)),
        "ifndef" => negated(defines.is_defined(&name_of(rest))),
        _ if rest.starts_with("defined") && simple(rest) => defines.is_defined(&name_of(rest)),
        _ if rest.starts_with("!defined") && simple(rest) => {
            negated(defines.is_defined(&name_of(&rest[1..])))
        }
        _ => match rest.trim() {
            "0" => Truth::False,
            "1" => Truth::True,
            // `#if NAME`, `#if !NAME` with NAME's value known.
            rest => {
                let (negate, name) = match rest.strip_prefix('!') {
                    Some(name) => (true, name.trim()),
                    None => (false, rest),
                };
                let is_name = crate::frontend::constants::is_identifier(name);
                match defines.value(name).filter(|_| is_name) {
                    Some(value) if (value != 0) != negate => Truth::True,
                    Some(_) => Truth::False,
                    None => Truth::Unknown,
                }
            }
        },
    }
}

/// Whether the group fills the one statement of an `if` that has an `else`
/// after it: `if (isdir)` / `#ifdef EISDIR` / `a();` / `#else` / `b();` /
/// `#endif` / `else ...`. Kept whole, the branches make `if (c) a(); b();
/// else`, which no grammar reads.
fn is_one_statement_slot(text: &str, lines: &[(usize, usize)], first: usize, end: usize) -> bool {
    let code_line = |idx: usize| {
        let (start, stop) = lines[idx];
        let line = &text[start..stop];
        let line = line.split("//").next().unwrap_or(line);
        let line = match (line.find("/*"), line.rfind("*/")) {
            (Some(open), Some(close)) if open < close => &line[..open],
            _ => line,
        };
        let line = line.trim();
        (!line.is_empty() && !line.starts_with('#') && !line.starts_with('*')).then_some(line)
    };
    let before = (0..first).rev().find_map(code_line);
    let after = (end + 1..lines.len()).find_map(code_line);
    let opens_slot = before.is_some_and(|l| l.ends_with(')') || l.ends_with("else"));
    let else_follows = after.is_some_and(|l| {
        l.strip_prefix("else")
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
    });
    opens_slot && else_follows
}

/// Whether a branch's code is a fragment: its parentheses do not balance, or
/// it ends in a statement head (`if (...)`, `else`, an operator); braces balance.
fn is_fragment(code: &str) -> bool {
    let mut braces = 0i64;
    let mut parens = 0i64;
    let mut last = ' ';
    let mut last_word = String::new();
    let chars = pieces(code).into_iter().flat_map(|piece| {
        let text = &code[piece.start..piece.end];
        // A literal counts as one character, its quote; comments not at all.
        match piece.kind {
            PieceKind::Code => text.chars().collect::<Vec<_>>(),
            PieceKind::Literal => vec!['"'],
            PieceKind::Comment => Vec::new(),
        }
    });
    for c in chars {
        match c {
            '{' => braces += 1,
            '}' => braces -= 1,
            '(' => parens += 1,
            ')' => parens -= 1,
            _ => {}
        }
        if !c.is_whitespace() {
            if c.is_ascii_alphanumeric() || c == '_' {
                if !(last.is_ascii_alphanumeric() || last == '_') {
                    last_word.clear();
                }
                last_word.push(c);
            }
            last = c;
        }
    }
    // Unbalanced braces are left alone: the matching brace is usually in
    // another group of the same condition, which this does not pair up.
    braces == 0
        && (parens != 0
            || matches!(last, ')' | '&' | '|' | ',')
            || (last.is_ascii_alphabetic() && last_word == "else"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_branch_of_a_split_if_head() {
        let text =
            "void f(void) {\n#ifdef A\n  if (x || y)\n#else\n  if (y)\n#endif\n  { g(); }\n}\n";
        let out = keep_one_branch_of_fragments(text, &Defines::default()).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.contains("if (x || y)"));
        assert!(!out.contains("if (y)\n"));
    }

    #[test]
    fn a_known_branch_is_all_the_parser_sees() {
        let text = "#ifdef A\n  if (a()) {\n#else\n  n--;\n  if (b()) {\n#endif\n  }\n";
        let mut defines = Defines::default();
        defines.define("A");
        let out = keep_one_branch_of_fragments(text, &defines).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.contains("if (a()) {") && !out.contains("b()") && !out.contains('#'));
        defines.undefine("A");
        let out = keep_one_branch_of_fragments(text, &defines).unwrap();
        assert!(!out.contains("a()") && out.contains("n--;") && out.contains("if (b()) {"));
        // Unknown: nothing is decided here.
        let unknown = "#ifdef A\n  f();\n#else\n  g();\n#endif\n";
        assert_eq!(
            keep_one_branch_of_fragments(unknown, &Defines::default()),
            None
        );
    }

    #[test]
    fn keeps_every_branch_of_whole_statements() {
        let text = "#ifdef A\n  f();\n#else\n  g();\n#endif\n";
        assert_eq!(
            keep_one_branch_of_fragments(text, &Defines::default()),
            None
        );
    }

    #[test]
    fn keeps_one_statement_of_an_if_with_else() {
        let text = "  if (d)\n#if defined (E)\n    a (e);\n#else\n    b ();\n#endif\n  else if (x)\n    c ();\n";
        let out = keep_one_branch_of_fragments(text, &Defines::default()).unwrap();
        assert!(out.contains("a (e);") && !out.contains("b ();"), "{out}");
        let no_else = "  if (d)\n#if defined (E)\n    a (e);\n#else\n    b ();\n#endif\n  c ();\n";
        assert_eq!(
            keep_one_branch_of_fragments(no_else, &Defines::default()),
            None
        );
    }

    #[test]
    fn a_lone_statement_head_joins_the_statement_after_it() {
        let text = "#ifdef P\n  if (!p)\n#endif\n  if (d && chdir (d))\n    die ();\n";
        let out = keep_one_branch_of_fragments(text, &Defines::default()).unwrap();
        assert!(!out.contains('#') && out.contains("if (!p)"), "{out}");
        let whole = "#ifdef P\n  f ();\n#endif\n";
        assert_eq!(
            keep_one_branch_of_fragments(whole, &Defines::default()),
            None
        );
    }

    #[test]
    fn the_files_own_defines_decide_later_groups() {
        let text = "#if DBG\nint before(void);\n#endif\n#define DBG 0 /* off */\n#if DBG\n# define dbg(...) fprintf(stderr, __VA_ARGS__)\n#else\n# define dbg(...) ((void)0)\n#endif\n#undef DBG\n#if !DBG\nint after(void);\n#endif\n#define OFF (0)\n#if OFF\nint gone(void);\n#endif\n";
        let out = keep_one_branch_of_fragments(text, &Defines::default()).unwrap();
        // Unknown before the definition, 0 after it, undefined after #undef.
        assert!(out.contains("before"), "{out}");
        assert!(
            !out.contains("fprintf") && out.contains("((void)0)"),
            "{out}"
        );
        assert!(out.contains("after"), "{out}");
        // A group whose only branch is known false goes whole.
        assert!(!out.contains("gone"), "{out}");
        assert_eq!(out.len(), text.len());
    }

    #[test]
    fn skips_a_branch_known_false() {
        let text = "#ifdef __APPLE__\n  if (a)\n#else\n  if (b)\n#endif\n  { g(); }\n";
        let out = keep_one_branch_of_fragments(text, &Defines::default()).unwrap();
        assert!(out.contains("if (b)") && !out.contains("if (a)"));
    }
}
