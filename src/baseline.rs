//! Baselines: adopt forklint on a large tree without fixing everything first.
//!
//! `--write-baseline FILE` records the fingerprints of today's findings;
//! `--baseline FILE` then reports only findings whose fingerprint is not in it
//! (each baseline entry absorbs one finding) and counts the entries that no
//! longer occur. Fingerprints hash the rule, the file, the callee, the
//! enclosing function, the chain and the flagged line's text, never line
//! numbers, so unrelated edits that move code do not bring findings back.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::render::fingerprint;
use crate::source::SourceDb;

#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub code: String,
    pub path: String,
    /// For the reader of the file; matching uses only the fingerprint.
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid baseline file: {0}")]
pub struct BaselineError(String);

impl Baseline {
    pub fn from_findings(sources: &SourceDb, diagnostics: &[Diagnostic]) -> Baseline {
        let mut entries: Vec<Entry> = diagnostics
            .iter()
            .map(|diagnostic| Entry {
                fingerprint: fingerprint(sources, diagnostic),
                code: diagnostic.code.to_string(),
                path: sources.get(diagnostic.span.file).display.clone(),
                message: diagnostic.message.clone(),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint))
        });
        Baseline {
            version: env!("CARGO_PKG_VERSION").to_string(),
            entries,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        serde_json::from_str(text).map_err(|err| BaselineError(err.to_string()))
    }

    /// Removes the findings the baseline knows; returns how many baseline
    /// entries matched no finding.
    pub fn filter(&self, sources: &SourceDb, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let mut remaining: HashMap<&str, usize> = HashMap::new();
        for entry in &self.entries {
            *remaining.entry(entry.fingerprint.as_str()).or_default() += 1;
        }
        diagnostics.retain(|diagnostic| {
            let print = fingerprint(sources, diagnostic);
            match remaining.get_mut(print.as_str()) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
        remaining.values().sum()
    }
}
