//! Block macros: macros whose body opens a brace it does not close, or closes
//! one it did not open (dovecot's `T_BEGIN` is `do { frame = t_push(...);`,
//! `T_END` ends with `} while (0)`).
//!
//! `T_BEGIN { ... } T_END;` reads as an identifier before a block, which
//! neither grammar takes: the function around it is lost ("a function body
//! whose header was not understood"). The uses of such macros are blanked
//! before parsing (with the argument list of a function-like one, offsets
//! kept), leaving `{ ... } ;`: a block and an empty statement, so the calls
//! written between them are read. The calls in the macros' own bodies are
//! not (a data-stack push and pop).
//!
//! A name is a block macro only when every definition of it in the tree is
//! unbalanced (`G_BEGIN_DECLS` is `extern "C" {` for C++ and empty for C: not
//! one).

use std::collections::HashMap;

/// `#define NAME BODY` and `#define NAME(params) BODY`, continued lines
/// joined: (name, whether function-like, body).
pub fn defines(text: &str) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("define") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let mut full = rest.trim_start().to_string();
        while full.ends_with('\\') {
            full.pop();
            match lines.next() {
                Some(next) => {
                    full.push(' ');
                    full.push_str(next);
                }
                None => break,
            }
        }
        let name_len = full
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(full.len());
        if name_len == 0 {
            continue;
        }
        let function_like = full[name_len..].starts_with('(');
        let body_start = if function_like {
            match full[name_len..].find(')') {
                Some(close) => name_len + close + 1,
                None => continue,
            }
        } else {
            name_len
        };
        out.push((
            full[..name_len].to_string(),
            function_like,
            full[body_start..].to_string(),
        ));
    }
    out
}

/// Whether a macro body's braces do not balance (outside strings, character
/// literals and comments).
pub fn unbalanced(body: &str) -> bool {
    let bytes = body.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += body[i..].find("*/").map_or(bytes.len(), |end| end + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => break,
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    depth != 0
}

/// What the tree's definitions say: the block macros (name → whether
/// function-like) and the statement keyword macros: object-like macros whose
/// every definition is `do` or `while (0)` (`STMT_START`/`STMT_END`, glib's
/// `G_STMT_START`), with what they are written as in place: the keyword,
/// when the name is at least as long (offsets are kept). Macro bodies use
/// them too (`#define i_assert(e) STMT_START { if (!(e)) i_panic(...); }
/// STMT_END`), where `STMT_START {` would read as a braced initializer and
/// lose the `if`.
pub struct Learnt {
    pub blocks: HashMap<String, bool>,
    pub keywords: HashMap<String, &'static str>,
}

/// Learns the block and keyword macros defined in `texts`, each kept only
/// when every definition of its name agrees.
pub fn scan<'a>(texts: impl Iterator<Item = &'a str>) -> Learnt {
    let mut blocks: HashMap<String, Option<bool>> = HashMap::new();
    let mut keywords: HashMap<String, Option<&'static str>> = HashMap::new();
    for text in texts {
        for (name, function_like, body) in defines(text) {
            let words: Vec<&str> = body.split_whitespace().collect();
            let keyword = match words.join(" ").as_str() {
                "do" if !function_like => Some("do"),
                "while (0)" | "while(0)" | "while ( 0 )" if !function_like => Some("while(0)"),
                _ => None,
            }
            .filter(|keyword| keyword.len() <= name.len());
            agree(&mut keywords, &name, keyword);
            agree(
                &mut blocks,
                &name,
                unbalanced(&body).then_some(function_like),
            );
        }
    }
    Learnt {
        blocks: agreed(blocks),
        keywords: agreed(keywords),
    }
}

/// Records one definition's verdict: a name keeps a verdict only while every
/// definition gives the same one.
fn agree<T: PartialEq>(verdicts: &mut HashMap<String, Option<T>>, name: &str, verdict: Option<T>) {
    match verdicts.get_mut(name) {
        Some(entry) if *entry != verdict => *entry = None,
        Some(_) => {}
        None => {
            verdicts.insert(name.to_string(), verdict);
        }
    }
}

fn agreed<T>(verdicts: HashMap<String, Option<T>>) -> HashMap<String, T> {
    verdicts
        .into_iter()
        .filter_map(|(name, verdict)| Some((name, verdict?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_macros_that_open_or_close_a_block() {
        let header = "#define T_BEGIN \\\n\tSTMT_START { \\\n\t\tframe_t id = t_push(\"{\");\n#define T_END \\\n\t} STMT_END\n#define T_END_PASS(s) \\\n\tt_pop(s); } STMT_END\n#define BALANCED do { f(); } while (0)\n#ifdef __cplusplus\n#define BEGIN_DECLS extern \"C\" {\n#else\n#define BEGIN_DECLS\n#endif\n";
        let blocks = scan([header].into_iter()).blocks;
        assert_eq!(blocks.get("T_BEGIN"), Some(&false));
        assert_eq!(blocks.get("T_END"), Some(&false));
        assert_eq!(blocks.get("T_END_PASS"), Some(&true));
        assert!(!blocks.contains_key("BALANCED"));
        assert!(!blocks.contains_key("BEGIN_DECLS"));
    }

    #[test]
    fn learns_statement_keyword_macros() {
        let header = "#define STMT_START do\n#define STMT_END while (0)\n#define END while (0)\n#ifdef X\n#define MAYBE do\n#else\n#define MAYBE\n#endif\n";
        let found = scan([header].into_iter()).keywords;
        assert_eq!(found.get("STMT_START"), Some(&"do"));
        assert_eq!(found.get("STMT_END"), Some(&"while(0)"));
        // Too short to hold `while(0)` in place, and not always `do`.
        assert!(!found.contains_key("END"));
        assert!(!found.contains_key("MAYBE"));
    }
}
