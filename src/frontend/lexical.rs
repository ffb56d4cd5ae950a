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

/// What a run of C or C++ text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    Code,
    Comment,
    /// A string or character literal, quotes included.
    Literal,
}

/// A run of text of one kind. Code runs end at each newline; `directive` is
/// the word of the preprocessor directive the run belongs to (`"define"`,
/// `"if"`, …; continued lines included), `None` outside directives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    pub start: usize,
    pub end: usize,
    pub kind: PieceKind,
    pub directive: Option<&'a str>,
}

/// Splits C or C++ text into code, comments and literals, knowing which
/// preprocessor directive each run is in: the one scanner behind attribute
/// macros, `#define` comments and `#if` fragments.
pub fn pieces<'a>(text: &'a str) -> Vec<Piece<'a>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut code_start = 0;
    let mut line_start = true;
    let mut directive: Option<&'a str> = None;
    let code = |out: &mut Vec<Piece<'a>>, start: usize, end: usize, directive: Option<&'a str>| {
        if start < end {
            out.push(Piece {
                start,
                end,
                kind: PieceKind::Code,
                directive,
            });
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        let (kind, end) = match c {
            b'\n' => {
                i += 1;
                code(&mut out, code_start, i, directive);
                code_start = i;
                if !(i >= 2 && bytes[i - 2] == b'\\') {
                    directive = None;
                }
                line_start = true;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' if line_start => {
                code(&mut out, code_start, i, directive);
                code_start = i;
                let rest = text[i + 1..].trim_start_matches([' ', '\t']);
                let word = rest
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(rest.len());
                directive = Some(&rest[..word]);
                line_start = false;
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                let mut end = i + 1;
                while end < bytes.len() && bytes[end] != c && bytes[end] != b'\n' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                if end < bytes.len() && bytes[end] == c {
                    end += 1;
                }
                (PieceKind::Literal, end.min(bytes.len()))
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => (
                PieceKind::Comment,
                text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2),
            ),
            b'/' if bytes.get(i + 1) == Some(&b'/') => (
                PieceKind::Comment,
                text[i..].find('\n').map_or(bytes.len(), |e| i + e),
            ),
            _ => {
                line_start = false;
                i += 1;
                continue;
            }
        };
        code(&mut out, code_start, i, directive);
        out.push(Piece {
            start: i,
            end,
            kind,
            directive,
        });
        if kind == PieceKind::Literal {
            line_start = false;
        }
        i = end;
        code_start = end;
    }
    code(&mut out, code_start, bytes.len(), directive);
    out
}

/// The text with what tree-sitter's C and C++ grammars cannot read around
/// `#define` replaced by spaces (newlines kept, so every offset stays), or
/// `None` when there is none:
/// - a comment inside a `#define` (`while (/* CONSTCOND */ 0)`): the
///   definition becomes an error and the macro is lost. Only `#define`:
///   tree-sitter reads comments after `#endif` or `#include` well, and
///   blanking them can upset it;
/// - a whole `#define` or `#undef` inside an initializer or argument list
///   (GNU argp's `{ … \n#define GRP 10\n { "opt", … GRP }, … }`): the
///   grammars only take a definition where a declaration or statement may
///   stand, so the list breaks, and the functions after it are read as
///   statements of a block.
pub fn blank_unreadable_directives(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut blank = |start: usize, end: usize| {
        let buf = out.get_or_insert_with(|| bytes.to_vec());
        for b in &mut buf[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    // The last two code characters outside directives and comments.
    let mut last = [b';', b';'];
    let mut in_list = false;
    for piece in pieces(text) {
        let Some(word) = piece.directive else {
            match piece.kind {
                PieceKind::Comment => {}
                PieceKind::Literal => last = [last[1], b'"'],
                PieceKind::Code => {
                    let code = &bytes[piece.start..piece.end];
                    for &b in code.iter().filter(|b| !b.is_ascii_whitespace()) {
                        last = [last[1], b];
                    }
                }
            }
            continue;
        };
        if bytes[piece.start] == b'#' {
            in_list = matches!(word, "define" | "undef")
                && matches!(last, [_, b',' | b'('] | [b'=' | b',' | b'(' | b'{', b'{']);
        }
        if in_list || (word == "define" && piece.kind == PieceKind::Comment) {
            blank(piece.start, piece.end);
        }
    }
    // Only ASCII bytes were replaced: still UTF-8.
    out.map(|buf| String::from_utf8(buf).unwrap_or_else(|_| text.to_string()))
}

/// Replaces bytes by spaces, keeping line ends so every line and offset
/// stays where it was.
pub fn blank_keeping_lines(bytes: &mut [u8]) {
    for b in bytes {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Identifiers in code outside preprocessor lines, comments and literals:
/// (start, end) byte offsets.
pub fn identifiers_in_code(text: &str) -> Vec<(usize, usize)> {
    identifiers(text)
        .into_iter()
        .filter(|&(_, _, in_directive)| !in_directive)
        .map(|(start, end, _)| (start, end))
        .collect()
}

/// Identifiers outside comments and literals: (start, end, whether in a
/// preprocessor line).
pub fn identifiers(text: &str) -> Vec<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for piece in pieces(text) {
        if piece.kind != PieceKind::Code {
            continue;
        }
        let in_directive = piece.directive.is_some();
        let mut i = piece.start;
        while i < piece.end {
            if bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' {
                let start = i;
                while i < piece.end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if !bytes[start].is_ascii_digit() {
                    out.push((start, i, in_directive));
                }
            } else {
                i += 1;
            }
        }
    }
    out
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

/// The macro names a `#define` in the texts may define under `defines`: a
/// definition inside an `#ifdef`/`#ifndef` branch that `defines` rules out
/// does not count (`#ifdef ZSH_MEM_WARNING` / `#define DEBUG 1`).
pub fn live_definitions<'t>(
    texts: impl Iterator<Item = &'t str>,
    defines: &crate::frontend::defines::Defines,
) -> std::collections::HashSet<&'t str> {
    use crate::frontend::defines::Truth;
    let mut names = std::collections::HashSet::new();
    for text in texts {
        // Per open group: whether its current branch is dead, and whether a
        // branch before it was known to be taken.
        let mut groups: Vec<(bool, bool)> = Vec::new();
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix('#') else {
                continue;
            };
            let rest = rest.trim_start();
            let word_end = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let (directive, operand) = rest.split_at(word_end);
            let operand = operand.trim();
            let name: &str = operand
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("");
            let truth = match directive {
                "ifdef" => defines.is_defined(name),
                "ifndef" => match defines.is_defined(name) {
                    Truth::True => Truth::False,
                    Truth::False => Truth::True,
                    Truth::Unknown => Truth::Unknown,
                },
                _ => Truth::Unknown,
            };
            match directive {
                "if" | "ifdef" | "ifndef" => {
                    groups.push((truth == Truth::False, truth == Truth::True));
                }
                "elif" | "else" => {
                    if let Some(group) = groups.last_mut() {
                        group.0 = group.1;
                    }
                }
                "endif" => {
                    groups.pop();
                }
                "define" if !groups.iter().any(|(dead, _)| *dead) && !name.is_empty() => {
                    names.insert(name);
                }
                _ => {}
            }
        }
    }
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
    fn pieces_know_literals_comments_and_directives() {
        let text = "#define A(x) f(x) /* c */ \\\n  g(\"/*\")\nint y; // d\n";
        let kinds: Vec<_> = pieces(text)
            .iter()
            .map(|p| (&text[p.start..p.end], p.kind, p.directive))
            .collect();
        assert!(kinds.contains(&("/* c */", PieceKind::Comment, Some("define"))));
        assert!(kinds.contains(&("\"/*\"", PieceKind::Literal, Some("define"))));
        assert!(kinds.contains(&("// d", PieceKind::Comment, None)));
        assert!(kinds.contains(&("int y; ", PieceKind::Code, None)));
    }

    #[test]
    fn blanks_comments_in_directives_only() {
        let text = "#define X(a) do { f(a); } while (/* C */ 0)\n/* code */ int y;\n";
        let out = blank_unreadable_directives(text).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("#define X(a) do { f(a); } while (        0)\n/* code */"));
        assert_eq!(blank_unreadable_directives("int x; /* c */\n"), None);
    }

    #[test]
    fn blanks_definitions_inside_lists_only() {
        let text = "int a[] = {\n#define G 1\n  { 1, G },\n#undef G\n  { 0 }\n};\nvoid f(void) {\n#define L 2\n}\n";
        let out = blank_unreadable_directives(text).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("int a[] = {\n           \n  { 1, G },\n        \n"));
        assert!(out.contains("{\n#define L 2\n}"));
        assert_eq!(
            blank_unreadable_directives("#define A 1\nint x;\n#undef A\n"),
            None
        );
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

    #[test]
    fn definitions_in_ruled_out_branches_do_not_count() {
        let mut defines = crate::frontend::defines::Defines::default();
        defines.undefine("MEM_WARNING");
        let text = "#ifdef MEM_WARNING\n# define DEBUG 1\n#else\n# define QUIET 1\n#endif\n#ifndef MEM_WARNING\n#define LOUD\n#endif\n";
        let live = live_definitions(std::iter::once(text), &defines);
        let mut live: Vec<&str> = live.into_iter().collect();
        live.sort_unstable();
        assert_eq!(live, ["LOUD", "QUIET"]);
    }
}
