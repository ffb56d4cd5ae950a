//! Reading C, C++ and Rust text around a call the IR points at: argument
//! lists, paths, indentation. Only suggestions use this; the analysis never
//! reads text.

use crate::frontend::lexical::CodeChars;

/// Where the path ending with the segment at `start` begins: `io::Error::other`
/// for a callee span that covers only `other`.
pub fn path_start(text: &str, mut start: usize) -> usize {
    let bytes = text.as_bytes();
    while start >= 2 && &bytes[start - 2..start] == b"::" {
        let segment_end = start - 2;
        let mut segment_start = segment_end;
        while segment_start > 0
            && (bytes[segment_start - 1].is_ascii_alphanumeric()
                || bytes[segment_start - 1] == b'_')
        {
            segment_start -= 1;
        }
        if segment_start == segment_end {
            break;
        }
        start = segment_start;
    }
    start
}

/// After a callee ending at `from`: the text between the parentheses and the
/// offset just past the closing one. String and character literals are skipped.
pub fn call_arguments(text: &str, from: usize) -> Option<(&str, usize)> {
    let rest = &text[from..];
    let open = from + (rest.len() - rest.trim_start().len());
    if !text[open..].starts_with('(') {
        return None;
    }
    let mut depth = 0usize;
    for (at, c) in CodeChars::new(&text[open..]) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[open + 1..open + at], open + at + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits an argument list at its top-level commas, trimming each argument.
pub fn split_arguments(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (at, c) in CodeChars::new(args) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(args[start..at].trim().to_string());
                start = at + 1;
            }
            _ => {}
        }
    }
    if !args[start..].trim().is_empty() {
        out.push(args[start..].trim().to_string());
    }
    out
}

/// The offset where the line holding `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// The white space that starts the line holding `at`.
pub fn indentation(text: &str, at: usize) -> String {
    let start = line_start(text, at);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// `code` with its common indentation replaced by `indent`.
pub fn reindent(code: &str, indent: &str) -> String {
    let common = code
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    code.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!(
                    "{indent}{}",
                    &l[common.min(l.len() - l.trim_start().len())..]
                )
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_arguments_skip_literals() {
        let text = r#"exit(f(")", ')') + 1); x"#;
        let (args, end) = call_arguments(text, 4).unwrap();
        assert_eq!(args, r#"f(")", ')') + 1"#);
        assert_eq!(&text[end..], "; x");
    }

    #[test]
    fn path_start_covers_the_whole_path() {
        let text = "Err(io::Error::other(x))";
        assert_eq!(
            &text[path_start(text, text.find("other").unwrap())..],
            "io::Error::other(x))"
        );
        assert_eq!(path_start("::exit", 2), 2);
    }

    #[test]
    fn arguments_split_at_top_level_commas() {
        assert_eq!(
            split_arguments(r#" a[1], f(b, c), "x,y", 'z' "#),
            vec!["a[1]", "f(b, c)", r#""x,y""#, "'z'"]
        );
    }

    #[test]
    fn reindent_keeps_relative_indentation() {
        assert_eq!(reindent("  a;\n    b;", "\t"), "\ta;\n\t  b;");
    }
}
