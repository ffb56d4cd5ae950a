//! The characters of C, C++ or Rust code outside string and character
//! literals: what bracket matching and argument splitting need, shared by the
//! tree-sitter front end (macro bodies) and the suggestions (argument lists).

use std::str::CharIndices;

/// Yields `(byte offset, char)` for every character of `text` except those
/// inside string and character literals (the quotes themselves are yielded;
/// a backslash escapes the next character inside a literal).
pub struct CodeChars<'a> {
    chars: CharIndices<'a>,
    quote: Option<char>,
}

impl<'a> CodeChars<'a> {
    pub fn new(text: &'a str) -> CodeChars<'a> {
        CodeChars {
            chars: text.char_indices(),
            quote: None,
        }
    }

    /// Whether the text read so far ends inside a literal.
    pub fn in_literal(&self) -> bool {
        self.quote.is_some()
    }
}

impl Iterator for CodeChars<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        loop {
            let (at, c) = self.chars.next()?;
            match self.quote {
                Some(_) if c == '\\' => {
                    self.chars.next();
                }
                Some(q) if c == q => {
                    self.quote = None;
                    return Some((at, c));
                }
                Some(_) => {}
                None => {
                    if c == '"' || c == '\'' {
                        self.quote = Some(c);
                    }
                    return Some((at, c));
                }
            }
        }
    }
}

/// The text with the comments inside `#define` directives replaced by
/// spaces (newlines kept, so every offset stays), or `None` when there are
/// none. tree-sitter's C and C++ grammars cannot read a `#define` whose body
/// holds a comment (`while (/* CONSTCOND */ 0)`): the definition becomes an
/// error and the macro is lost.
pub fn blank_directive_comments(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    let mut line_start = true;
    let mut in_directive = false;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == q || c == b'\n' {
                quote = None;
            }
            if c == b'\n' {
                in_directive = false;
                line_start = true;
            }
            i += 1;
            continue;
        }
        match c {
            b'\n' => {
                if !(i > 0 && bytes[i - 1] == b'\\') {
                    in_directive = false;
                }
                line_start = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' if line_start => {
                // Only `#define`: tree-sitter reads comments after `#endif`
                // or `#include` well, and blanking them can upset it.
                let rest = text[i + 1..].trim_start_matches([' ', '\t']);
                in_directive = rest.starts_with("define");
                line_start = false;
                i += 1;
            }
            b'"' | b'\'' => {
                quote = Some(c);
                line_start = false;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                if in_directive {
                    let buf = out.get_or_insert_with(|| bytes.to_vec());
                    for b in &mut buf[i..end] {
                        if *b != b'\n' {
                            *b = b' ';
                        }
                    }
                }
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {
                line_start = false;
                i += 1;
            }
        }
    }
    // Only ASCII bytes of comments were replaced: still UTF-8.
    out.map(|buf| String::from_utf8(buf).unwrap_or_else(|_| text.to_string()))
}

/// The names (last path component) of the files `#include`d by `text`.
pub fn included_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('#')?.trim_start();
            let rest = rest.strip_prefix("include")?.trim_start();
            let (open, close) = match rest.chars().next()? {
                '"' => ('"', '"'),
                '<' => ('<', '>'),
                _ => return None,
            };
            let inner = rest.strip_prefix(open)?;
            let path = &inner[..inner.find(close)?];
            Some(path.rsplit('/').next().unwrap_or(path).to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_names_are_last_components() {
        let text = "#include <sys/types.h>\n# include \"lib/buffer.h\"\nint x;\n";
        assert_eq!(included_names(text), ["buffer.h", "types.h"]);
    }

    #[test]
    fn blanks_comments_in_directives_only() {
        let text = "#define X(a) do { f(a); } while (/* C */ 0)\n/* code */ int y;\n";
        let out = blank_directive_comments(text).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("#define X(a) do { f(a); } while (        0)\n/* code */"));
        assert_eq!(blank_directive_comments("int x; /* c */\n"), None);
    }

    #[test]
    fn literals_are_skipped_but_their_quotes_are_not() {
        let code: String = CodeChars::new(r#"f("a)\"b", ')') x"#)
            .map(|(_, c)| c)
            .collect();
        assert_eq!(code, r#"f("", '') x"#);
        let mut open = CodeChars::new(r#"f("abc"#);
        open.by_ref().for_each(drop);
        assert!(open.in_literal());
    }
}
