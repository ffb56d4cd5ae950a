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

#[cfg(test)]
mod tests {
    use super::*;

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
