//! `--show-contexts`: the regions forklint found, their classification and
//! the reason, one line each (or a JSON array with `--format json`).

use std::io::Write;

use serde_json::{Value, json};

use crate::contexts::listing::{Class, ContextEntry};
use crate::source::{SourceDb, Span};

fn position(sources: &SourceDb, span: Span) -> (String, usize, usize) {
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.start);
    (file.display.clone(), line, column)
}

/// What the entry's class means, with its reason.
fn explanation(sources: &SourceDb, entry: &ContextEntry) -> String {
    let mut text = match entry.class {
        Class::Exec => match &entry.exec_via {
            Some((span, callee)) => {
                let (path, line, column) = position(sources, *span);
                format!("exec child: reaches an exec through `{callee}` ({path}:{line}:{column})")
            }
            None => "exec child: std execs when the `pre_exec` closure returns".to_string(),
        },
        Class::NoExec => {
            "no exec: no path of the child reaches an exec (daemon or worker, FL003)".to_string()
        }
        Class::Handler => "runs in the child".to_string(),
        Class::Unreached => format!(
            "not reached: no path of `{}` reaches this call, so no child is analysed",
            entry.function
        ),
    };
    if let Some((span, callee)) = &entry.unread {
        let (path, line, column) = position(sources, *span);
        text.push_str(&format!(
            "; but it calls `{callee}` through a function pointer ({path}:{line}:{column}), which forklint cannot follow and may exec"
        ));
    }
    if !entry.returns_into.is_empty() {
        text.push_str(&format!(
            "; the child returns into {}",
            entry.returns_into.join(", ")
        ));
    }
    if entry.class != Class::Unreached {
        text.push_str(&format!("; {} calls in the region", entry.calls));
    }
    text
}

pub fn emit_text(
    out: &mut dyn Write,
    sources: &SourceDb,
    entries: &[ContextEntry],
) -> std::io::Result<()> {
    for entry in entries {
        let (path, line, column) = position(sources, entry.span);
        writeln!(
            out,
            "{path}:{line}:{column}: {} of `{}` in `{}`: {}",
            entry.kind,
            entry.callee,
            entry.function,
            explanation(sources, entry)
        )?;
    }
    Ok(())
}

pub fn emit_json(
    out: &mut dyn Write,
    sources: &SourceDb,
    entries: &[ContextEntry],
) -> std::io::Result<()> {
    let items: Vec<Value> = entries
        .iter()
        .map(|entry| {
            let (path, line, column) = position(sources, entry.span);
            let exec_via = entry.exec_via.as_ref().map(|(span, callee)| {
                let (path, line, column) = position(sources, *span);
                json!({ "path": path, "line": line, "column": column, "callee": callee })
            });
            let mut item = serde_json::to_value(entry).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut item {
                map.insert("path".into(), json!(path));
                map.insert("line".into(), json!(line));
                map.insert("column".into(), json!(column));
                map.insert("exec_via".into(), exec_via.unwrap_or(Value::Null));
                map.insert("reason".into(), json!(explanation(sources, entry)));
            }
            item
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &json!({ "contexts": items }))?;
    writeln!(out)
}
