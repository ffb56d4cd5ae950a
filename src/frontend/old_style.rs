//! K&R ("old-style") function definitions, as bash, screen and expect still
//! write them:
//!
//! ```c
//! char *
//! savestr (s, n)
//!      register const char *s;
//!      int n;
//! {
//! ```
//!
//! The C++ grammar has no such definition, and tree-sitter's C grammar reads
//! only the simplest (not one returning a pointer, nor one with `register` or
//! `const` in its declarations): the header becomes a declaration and the body
//! is left at file scope, so every call in it would be lost. The parameter
//! declarations between the `)` and the `{` are blanked (replaced by spaces,
//! newlines and preprocessor lines kept, so every offset stays) in the text the
//! parsers read; `savestr (s, n) {` then parses as a definition in both
//! grammars, whose parameters are named by the identifier list.

use crate::frontend::lexical::{PieceKind, pieces};

/// A token of code outside comments, literals and preprocessor lines.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

/// The text with the parameter declarations of every old-style definition
/// blanked, or `None` when it has none.
pub fn blank_parameter_declarations(text: &str) -> Option<String> {
    let tokens = tokens(text);
    let bytes = text.as_bytes();
    let word = |t: &Token| &text[t.start..t.end];
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((close, body)) = old_style_header(&tokens, i, &word) {
            blanks.push((tokens[close].end, tokens[body].start));
            i = body;
        } else {
            i += 1;
        }
    }
    if blanks.is_empty() {
        return None;
    }
    let code: Vec<(usize, usize)> = pieces(text)
        .into_iter()
        .filter(|p| p.kind != PieceKind::Literal && p.directive.is_none())
        .map(|p| (p.start, p.end))
        .collect();
    let mut out = bytes.to_vec();
    for (start, end) in blanks {
        for &(piece_start, piece_end) in &code {
            let (from, to) = (piece_start.max(start), piece_end.min(end));
            for b in out.iter_mut().take(to).skip(from) {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
    }
    // Only ASCII bytes of code and comments were replaced: still UTF-8.
    Some(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// Whether an old-style definition's header starts at `tokens[i]` (its name):
/// `name ( a , b )` followed by one or more declarations, each ending in `;`
/// and naming one of the parameters, and then `{`. Returns the indices of the
/// `)` and of the `{`.
fn old_style_header<'t>(
    tokens: &[Token],
    i: usize,
    word: &impl Fn(&Token) -> &'t str,
) -> Option<(usize, usize)> {
    let name = word(&tokens[i]);
    if !is_identifier(name) || is_keyword(name) || word(tokens.get(i + 1)?) != "(" {
        return None;
    }
    // The name follows its return type, or starts the definition (implicit
    // `int`); a call inside an expression follows an operator or a bracket.
    if let Some(before) = i.checked_sub(1).map(|b| word(&tokens[b]))
        && !(is_identifier(before) && !is_keyword(before) || matches!(before, "*" | ";" | "}"))
    {
        return None;
    }
    let mut params: Vec<&str> = Vec::new();
    let mut j = i + 2;
    loop {
        let name = word(tokens.get(j)?);
        if !is_identifier(name) {
            return None;
        }
        params.push(name);
        match word(tokens.get(j + 1)?) {
            "," => j += 2,
            ")" => break,
            _ => return None,
        }
    }
    let close = j + 1;
    // The first declaration starts with its type (or storage class).
    if !is_identifier(word(tokens.get(close + 1)?)) {
        return None;
    }
    let mut k = close + 1;
    loop {
        // One declaration: up to its `;`, naming a parameter, holding no brace.
        let mut names_param = false;
        loop {
            let token = word(tokens.get(k)?);
            match token {
                ";" => break,
                "{" | "}" => return None,
                _ => names_param |= params.contains(&token),
            }
            k += 1;
        }
        if !names_param {
            return None;
        }
        k += 1;
        if word(tokens.get(k)?) == "{" {
            return Some((close, k));
        }
    }
}

/// Statement and expression keywords: `if (a) f (b); {` is not a definition.
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "if" | "while"
            | "for"
            | "switch"
            | "return"
            | "sizeof"
            | "else"
            | "do"
            | "case"
            | "goto"
            | "throw"
            | "new"
            | "delete"
            | "catch"
            | "defined"
            | "typeof"
            | "__typeof__"
            | "decltype"
            | "alignof"
            | "_Alignof"
            | "_Generic"
    )
}

fn is_identifier(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

/// Identifiers, numbers and single punctuation characters of the code outside
/// comments, literals and preprocessor lines; literals are kept as one token
/// (so that a string cannot pass for punctuation).
fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for piece in pieces(text) {
        if piece.directive.is_some() || piece.kind == PieceKind::Comment {
            continue;
        }
        if piece.kind == PieceKind::Literal {
            out.push(Token {
                start: piece.start,
                end: piece.end,
            });
            continue;
        }
        let mut i = piece.start;
        while i < piece.end {
            let c = bytes[i];
            if c.is_ascii_whitespace() {
                i += 1;
            } else if c.is_ascii_alphanumeric() || c == b'_' {
                let start = i;
                while i < piece.end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                out.push(Token { start, end: i });
            } else {
                let len = text[i..].chars().next().map_or(1, char::len_utf8);
                out.push(Token {
                    start: i,
                    end: i + len,
                });
                i += len;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(text: &str) -> String {
        blank_parameter_declarations(text).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn declarations_between_header_and_body_are_blanked() {
        let text = "char *\nsavestr (s, n)\n  register const char *s; /* the text */\n  int n;\n{\n  return 0;\n}\n";
        let out = blanked(text);
        assert_eq!(out.len(), text.len());
        assert!(out.contains("savestr (s, n)\n"), "{out}");
        assert!(!out.contains("register") && !out.contains("int n"), "{out}");
        assert!(out.contains("{\n  return 0;"), "{out}");
    }

    #[test]
    fn preprocessor_lines_inside_are_kept() {
        let text = "int f (a)\n#ifdef X\n  long a;\n#else\n  int a;\n#endif\n{ }\n";
        let out = blanked(text);
        assert!(
            out.contains("#ifdef X\n") && out.contains("#endif\n"),
            "{out}"
        );
        assert!(!out.contains("long a") && !out.contains("int a"), "{out}");
    }

    #[test]
    fn prototypes_calls_and_cpp_are_not_old_style() {
        for text in [
            "int f (int a, char *b) { return 0; }\n",
            "int f (a, b);\nint a;\n",
            "void g (void) { h (a, b); c = 1; { } }\n",
            "A::A (a, b) : x (a), y (b) { }\n",
            "int C::get (a) const { return a; }\n",
            "DECLARE (a, b)\nint c;\n{ }\n",
            "void g (void) {\n if (!valid (t, n)) FREE (t);\n#if X\n }\n#endif\n {\n",
            "\u{feff}int é (a) { }\n",
            "void g (void) {\n if (lsa)\n  bind (s, lsa);\n {\n  int x;\n }\n}\n",
            "int g (int n) {\n if (n) return f (n, s);\n { int h; }\n}\n",
            "int f ()\n{ }\n",
        ] {
            assert_eq!(blank_parameter_declarations(text), None, "{text}");
        }
    }
}
