//! Attribute macros: object-like macros whose body is only attributes or
//! nothing (`#define ATTR_NORETURN __attribute__((noreturn))`,
//! `#define FAST_FUNC __attribute__((regparm(3)))`, `#define EXPORT`).
//!
//! tree-sitter does not expand macros, so `static void ATTR_NORETURN die(void)`
//! reads as a declaration of `ATTR_NORETURN` and the function `die` vanishes.
//! The macros are learnt from the whole tree before parsing, and their uses
//! outside preprocessor lines are blanked (replaced by spaces, so every offset
//! stays the same) in the text the C and C++ parsers read.
//!
//! The same pass finds the functions declared not to return: with a noreturn
//! attribute macro, `__attribute__((noreturn))`, `[[noreturn]]` or
//! `_Noreturn`, on a prototype or a definition. The analysis ends a path at a
//! call to one of them even when its definition is elsewhere or nowhere.

use std::collections::HashMap;

use crate::frontend::lexical::{blank_keeping_lines, identifiers, identifiers_in_code};

/// The attribute macros of a tree.
#[derive(Debug, Default, Clone)]
pub struct AttributeMacros {
    /// Name → whether its body says `noreturn`.
    names: HashMap<String, bool>,
    /// Block macros (`block_macros.rs`), blanked the same way: name →
    /// whether function-like (its argument list goes too).
    blocks: HashMap<String, bool>,
    /// `#define STMT_START do`: written as the keyword, in macro bodies too.
    keywords: HashMap<String, &'static str>,
}

impl AttributeMacros {
    /// Learns the attribute macros defined in `texts`. A name with any
    /// definition that is not attribute-only is not one.
    pub fn scan<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> AttributeMacros {
        let crate::frontend::block_macros::Learnt { blocks, keywords } =
            crate::frontend::block_macros::scan(texts.clone());
        let mut bodies: HashMap<String, Vec<String>> = HashMap::new();
        for text in texts {
            for (name, body) in object_like_defines(text) {
                bodies.entry(name).or_default().push(body);
            }
        }
        let mut names: HashMap<String, bool> = HashMap::new();
        // Bodies may use other attribute macros: iterate until nothing changes.
        loop {
            let mut changed = false;
            for (name, defs) in &bodies {
                if names.contains_key(name) {
                    continue;
                }
                let verdicts: Option<Vec<bool>> = defs
                    .iter()
                    .map(|body| attribute_only(body, &names))
                    .collect();
                if let Some(verdicts) = verdicts {
                    names.insert(name.clone(), verdicts.iter().any(|&n| n));
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        AttributeMacros {
            names,
            blocks,
            keywords,
        }
    }

    /// The text with every use of an attribute macro outside preprocessor
    /// lines replaced by spaces; `None` when there is none.
    pub fn blank(&self, text: &str) -> Option<String> {
        if self.names.is_empty() && self.blocks.is_empty() && self.keywords.is_empty() {
            return None;
        }
        let mut bytes = text.as_bytes().to_vec();
        let mut changed = false;
        for (start, end, in_directive) in identifiers(text) {
            let name = &text[start..end];
            if let Some(keyword) = self.keywords.get(name) {
                // Not the name a `#define` defines.
                if !text[..start].trim_end().ends_with("define") {
                    bytes[start..end].fill(b' ');
                    bytes[start..start + keyword.len()].copy_from_slice(keyword.as_bytes());
                    changed = true;
                }
                continue;
            }
            if in_directive {
                continue;
            }
            if self.names.contains_key(name) {
                bytes[start..end].fill(b' ');
                changed = true;
            } else if let Some(&function_like) = self.blocks.get(name) {
                let end = if function_like {
                    skip_group(text.as_bytes(), skip_space(text.as_bytes(), end)).max(end)
                } else {
                    end
                };
                blank_keeping_lines(&mut bytes[start..end]);
                changed = true;
            }
        }
        // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
        changed.then(|| String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
    }

    /// The functions `text` declares or defines as not returning.
    pub fn noreturn_functions(&self, text: &str) -> Vec<String> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut markers: Vec<(usize, usize)> = Vec::new();
        for (start, end) in identifiers_in_code(text) {
            let word = &text[start..end];
            if self.names.get(word) == Some(&true)
                || matches!(word, "_Noreturn" | "__dead" | "__dead2")
            {
                markers.push((start, end));
            } else if word == "__attribute__" || word == "__attribute" {
                let close = skip_group(bytes, skip_space(bytes, end));
                if text[end..close].contains("noreturn") {
                    markers.push((start, close));
                }
            }
        }
        let mut idx = 0;
        while let Some(pos) = text[idx..].find("[[") {
            let start = idx + pos;
            let Some(len) = text[start..].find("]]") else {
                break;
            };
            if text[start..start + len].contains("noreturn") {
                markers.push((start, start + len + 2));
            }
            idx = start + len + 2;
        }
        for (start, end) in markers {
            // Other attributes after the marker (`... ATTR_NORETURN ATTR_COLD;`)
            // do not decide which side the name is on.
            let mut after = skip_space(bytes, end);
            loop {
                let word_end = ident_end(bytes, after);
                let word = &text[after..word_end];
                if word == "__attribute__" || word == "__attribute" {
                    after = skip_space(bytes, skip_group(bytes, skip_space(bytes, word_end)));
                } else if !word.is_empty() && self.names.contains_key(word) {
                    after = skip_space(bytes, word_end);
                } else {
                    break;
                }
            }
            let name = match bytes.get(after) {
                Some(b';' | b'{' | b',') | None => name_before(text, start),
                _ => name_after(text, end),
            };
            if let Some(name) = name {
                found.push(name);
            }
        }
        found.sort();
        found.dedup();
        found
    }
}

/// `#define NAME BODY` lines (object-like only; continued lines skipped).
pub(crate) fn object_like_defines(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let rest = line.trim_start();
        let Some(rest) = rest.strip_prefix('#') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("define") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) || line.trim_end().ends_with('\\') {
            continue;
        }
        let rest = rest.trim_start();
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name_len == 0 || rest[name_len..].starts_with('(') {
            continue;
        }
        let mut body = &rest[name_len..];
        if let Some(comment) = body.find("/*").or_else(|| body.find("//")) {
            body = &body[..comment];
        }
        out.push((rest[..name_len].to_string(), body.trim().to_string()));
    }
    out
}

/// `Some(noreturn)` when `body` is only attributes (or empty).
fn attribute_only(body: &str, known: &HashMap<String, bool>) -> Option<bool> {
    let bytes = body.as_bytes();
    let mut noreturn = false;
    let mut i = skip_space(bytes, 0);
    while i < bytes.len() {
        if body[i..].starts_with("[[") {
            let len = body[i..].find("]]")?;
            noreturn |= body[i..i + len].contains("noreturn");
            i = skip_space(bytes, i + len + 2);
            continue;
        }
        let end = ident_end(bytes, i);
        if end == i {
            return None;
        }
        let word = &body[i..end];
        match word {
            "__attribute__" | "__attribute" | "__declspec" => {
                let close = skip_group(bytes, skip_space(bytes, end));
                if close == end {
                    return None;
                }
                noreturn |= body[end..close].contains("noreturn");
                i = close;
            }
            "_Noreturn" => {
                noreturn = true;
                i = end;
            }
            "inline" | "__inline" | "__inline__" => i = end,
            _ => {
                noreturn |= *known.get(word)?;
                i = end;
            }
        }
        i = skip_space(bytes, i);
    }
    Some(noreturn)
}

fn ident_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    i
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The end of the balanced `( ... )` group at `i` (or `i` when there is none).
fn skip_group(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i) != Some(&b'(') {
        return i;
    }
    let mut depth = 0usize;
    for (j, &c) in bytes.iter().enumerate().skip(i) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            b';' | b'{' | b'}' => return i,
            _ => {}
        }
    }
    i
}

/// `void ATTR_NORETURN die(...)`: the identifier before the first `(` after
/// the marker, with no statement or initialiser in between.
fn name_after(text: &str, from: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut last: Option<(usize, usize)> = None;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => {
                let (start, end) = last?;
                let word = &text[start..end];
                if word == "__attribute__" || word == "__attribute" || is_macro_like(word) {
                    i = skip_group(bytes, i).max(i + 1);
                    last = None;
                    continue;
                }
                return Some(word.to_string());
            }
            b';' | b'{' | b'}' | b'=' | b'#' => return None,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = ident_end(bytes, i);
                last = Some((i, end));
                i = end;
            }
            _ => i += 1,
        }
    }
    None
}

/// `void die(const char *, ...) ATTR_FORMAT(1, 2) __attribute__((noreturn));`:
/// the function named before the marker's parameter list.
fn name_before(text: &str, marker: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = marker;
    loop {
        while i > 0 && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        if i == 0 {
            return None;
        }
        if bytes[i - 1] != b')' {
            // `Panic __P((int, ...)) __attribute__((noreturn))`: the name
            // before a macro that wraps the parameter list.
            let end = i;
            let mut start = end;
            while start > 0
                && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_')
            {
                start -= 1;
            }
            let word = &text[start..end];
            return (!word.is_empty() && !is_macro_like(word) && word != marker_word(text, marker))
                .then(|| word.to_string());
        }
        // Back to the matching `(`.
        let mut depth = 0usize;
        let mut j = i;
        loop {
            if j == 0 {
                return None;
            }
            j -= 1;
            match bytes[j] {
                b')' => depth += 1,
                b'(' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b';' | b'{' | b'}' => return None,
                _ => {}
            }
        }
        let mut end = j;
        while end > 0 && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            start -= 1;
        }
        let word = &text[start..end];
        if word.is_empty() {
            return None;
        }
        if word == "__attribute__" || word == "__attribute" || is_macro_like(word) {
            i = start;
            continue;
        }
        return Some(word.to_string());
    }
}

/// The identifier a marker starts with.
fn marker_word(text: &str, marker: usize) -> &str {
    &text[marker..ident_end(text.as_bytes(), marker)]
}

/// An all-capitals name (`ATTR_FORMAT`, `PRINTF_LIKE`): an attribute macro
/// with arguments, not the function.
fn is_macro_like(word: &str) -> bool {
    word.len() > 1
        && word.bytes().any(|b| b.is_ascii_uppercase())
        && !word.bytes().any(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn macros(text: &str) -> AttributeMacros {
        AttributeMacros::scan(std::iter::once(text))
    }

    #[test]
    fn learns_attribute_only_macros() {
        let m = macros(
            "#define ATTR_NORETURN __attribute__((noreturn))\n#define NR2 ATTR_NORETURN\n\
             #define FAST __attribute__((regparm(3)))\n#define EXPORT\n#define N 3\n#define F(x) x\n",
        );
        assert_eq!(m.names.get("ATTR_NORETURN"), Some(&true));
        assert_eq!(m.names.get("NR2"), Some(&true));
        assert_eq!(m.names.get("FAST"), Some(&false));
        assert_eq!(m.names.get("EXPORT"), Some(&false));
        assert!(!m.names.contains_key("N") && !m.names.contains_key("F"));
    }

    #[test]
    fn a_name_with_another_definition_is_not_blanked() {
        let m = macros("#ifdef X\n#define DEBUG\n#else\n#define DEBUG 1\n#endif\n");
        assert!(!m.names.contains_key("DEBUG"));
    }

    #[test]
    fn blanks_uses_outside_directives_keeping_offsets() {
        let text = "#define ATTR_NORETURN __attribute__((noreturn))\nstatic void ATTR_NORETURN die(void);\n";
        let blanked = macros(text).blank(text).unwrap();
        assert_eq!(blanked.len(), text.len());
        assert!(blanked.contains("static void               die(void);"));
        assert!(blanked.starts_with("#define ATTR_NORETURN"));
    }

    #[test]
    fn finds_noreturn_declarations_in_every_form() {
        let text = "#define NORETURN __attribute__((__noreturn__))\n\
            #define COLD __attribute__((cold))\n\
            void a(const char *f, ...) __attribute__((noreturn));\n\
            void h(const char *f, ...) FMT(1, 2) NORETURN COLD;\n\
            void i(int) NORETURN __attribute__((cold)) COLD;\n\
            void b(int) FMT(1, 2) NORETURN;\n\
            static void NORETURN c(int x) { for (;;); }\n\
            [[noreturn]] void d();\n\
            _Noreturn void e(void);\n\
            extern void g __P((int, const char *, ...)) __attribute__((__noreturn__));\n\
            void f(void) __attribute__((format(printf, 1, 2)));\n";
        let m = macros(text);
        assert_eq!(
            m.noreturn_functions(text),
            ["a", "b", "c", "d", "e", "g", "h", "i"]
        );
    }
}
