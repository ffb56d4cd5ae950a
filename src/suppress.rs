//! Inline suppressions: `forklint:` directives in C, C++ and Rust comments.
//!
//! ```c
//! closelog();  // forklint: allow(FL001) -- the child runs before any thread exists
//! // forklint: allow(unsafe-call-in-fork-child) -- on its own line: covers the next line
//! // forklint: allow-next-line(FL0)
//! // forklint: begin-allow(FL004) -- a block … // forklint: end-allow(FL004)
//! ```
//!
//! Rules are named by code, name or code prefix. The text after `--` is the
//! justification. A suppression that suppresses nothing, names no rule, or
//! opens a block it never closes is itself reported (FL901–FL903).

use crate::diagnostic::Diagnostic;
use crate::lints::{self, Rule, RuleSelection};
use crate::source::{SourceDb, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The comment's line, and the next line when the comment stands alone.
    Line,
    NextLine,
    Begin,
    End,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    span: Span,
    /// 1-based lines it covers (for blocks: filled in when the end is found).
    first_line: usize,
    last_line: usize,
    selectors: Vec<String>,
    rules: Vec<&'static Rule>,
    used: bool,
}

/// Removes the suppressed diagnostics and adds the findings about the
/// suppressions themselves. Returns the number of suppressed diagnostics.
pub fn apply(
    sources: &SourceDb,
    diagnostics: &mut Vec<Diagnostic>,
    selection: &RuleSelection,
) -> usize {
    let mut directives: Vec<Directive> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for (file_id, file) in sources.iter() {
        if !file.text.contains("forklint:") {
            continue;
        }
        let mut open: Vec<Directive> = Vec::new();
        let mut offset = 0;
        for (line_idx, line) in file.text.split_inclusive('\n').enumerate() {
            let line_start = offset;
            offset += line.len();
            let Some((kind, selectors, comment_at)) = parse_line(line) else {
                continue;
            };
            let line_no = line_idx + 1;
            let span = Span::new(
                file_id,
                line_start + comment_at,
                line_start + line.trim_end().len(),
            );
            let mut rules = Vec::new();
            for selector in &selectors {
                let matched = RuleSelection::matching(selector);
                if matched.is_empty() {
                    problems.push(lints::unknown_rule_in_suppression::diagnostic(
                        span, selector,
                    ));
                }
                rules.extend(matched);
            }
            let alone = line[..comment_at].trim().is_empty();
            let directive = |first_line, last_line| Directive {
                kind,
                span,
                first_line,
                last_line,
                selectors: selectors.clone(),
                rules: rules.clone(),
                used: false,
            };
            match kind {
                Kind::Line => {
                    let last = if alone { line_no + 1 } else { line_no };
                    directives.push(directive(line_no, last));
                }
                Kind::NextLine => directives.push(directive(line_no + 1, line_no + 1)),
                Kind::Begin => open.push(directive(line_no, usize::MAX)),
                Kind::End => {
                    let position = open.iter().rposition(|d| d.selectors == selectors);
                    match position {
                        Some(idx) => {
                            let mut begin = open.remove(idx);
                            begin.last_line = line_no;
                            directives.push(begin);
                        }
                        None => problems.push(lints::unterminated_suppression::unmatched_end(span)),
                    }
                }
            }
        }
        for begin in open {
            problems.push(lints::unterminated_suppression::diagnostic(begin.span));
        }
    }
    let before = diagnostics.len();
    diagnostics.retain(|diagnostic| {
        let file = sources.get(diagnostic.span.file);
        let (line, _) = file.line_col(diagnostic.span.start);
        let mut suppressed = false;
        for directive in directives.iter_mut() {
            let covers = directive.span.file == diagnostic.span.file
                && directive.first_line <= line
                && line <= directive.last_line
                && directive
                    .rules
                    .iter()
                    .any(|rule| rule.code == diagnostic.code);
            if covers {
                directive.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    let n_suppressed = before - diagnostics.len();
    for directive in &directives {
        let enabled = directive
            .rules
            .iter()
            .any(|rule| selection.is_enabled(rule));
        if !directive.used && enabled && directive.kind != Kind::End {
            problems.push(lints::unused_suppression::diagnostic(
                directive.span,
                &directive.selectors.join(", "),
            ));
        }
    }
    problems
        .retain(|problem| lints::rule(problem.code).is_some_and(|rule| selection.is_enabled(rule)));
    diagnostics.extend(problems);
    diagnostics.sort_by_key(Diagnostic::sort_key);
    n_suppressed
}

/// Where the selector list of a line's `forklint: allow(...)` directive ends
/// (its `)`), so that another code can join it.
pub fn allow_list_end(line: &str) -> Option<usize> {
    let (kind, _, _) = parse_line(line)?;
    if kind != Kind::Line {
        return None;
    }
    let marker = line.find("forklint:")?;
    Some(marker + line[marker..].find(')')?)
}

/// Finds a directive in a line: its kind, its selectors and where its comment
/// starts.
fn parse_line(line: &str) -> Option<(Kind, Vec<String>, usize)> {
    let marker = line.find("forklint:")?;
    let comment_at = [line.find("//"), line.find("/*")]
        .into_iter()
        .flatten()
        .filter(|pos| *pos < marker)
        .min()?;
    let rest = line[marker + "forklint:".len()..].trim_start();
    let (kind, rest) = [
        ("allow-next-line", Kind::NextLine),
        ("begin-allow", Kind::Begin),
        ("end-allow", Kind::End),
        ("allow", Kind::Line),
    ]
    .into_iter()
    .find_map(|(word, kind)| rest.strip_prefix(word).map(|rest| (kind, rest)))?;
    let rest = rest.trim_start().strip_prefix('(')?;
    let (list, _) = rest.split_once(')')?;
    let selectors = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some((kind, selectors, comment_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_allow_list() {
        let line = "    f(); // forklint: allow(FL002) -- why";
        assert_eq!(
            allow_list_end(line),
            Some(line.find("FL002)").unwrap() + "FL002".len())
        );
        assert_eq!(allow_list_end("// forklint: allow-next-line(FL0)"), None);
        assert_eq!(allow_list_end("f();"), None);
        // Not a directive: not in a comment.
        assert_eq!(allow_list_end("s = \"forklint: allow(FL001)\";"), None);
    }

    #[test]
    fn parses_directives() {
        let (kind, selectors, at) =
            parse_line("    closelog(); // forklint: allow(FL001, exit-in-child) -- reason\n")
                .expect("directive");
        assert_eq!(kind, Kind::Line);
        assert_eq!(selectors, vec!["FL001", "exit-in-child"]);
        assert_eq!(at, 16);
        assert_eq!(
            parse_line("/* forklint: begin-allow(FL0) */").map(|d| d.0),
            Some(Kind::Begin)
        );
        assert_eq!(
            parse_line("// forklint: end-allow(FL0)").map(|d| d.0),
            Some(Kind::End)
        );
        assert_eq!(
            parse_line("// forklint: allow-next-line(FL004)").map(|d| d.0),
            Some(Kind::NextLine)
        );
        assert!(parse_line("forklint: allow(FL001) outside a comment").is_none());
        assert!(parse_line("// forklint: nothing").is_none());
    }
}
