//! `forklint.toml`: project configuration, found by walking up from the
//! analysed path (or given with `--config`), and `[package.metadata.forklint]`
//! / `[workspace.metadata.forklint]` for `cargo forklint`.
//!
//! ```toml
//! include = ["src/**"]            # only these files (globs, relative to the file)
//! exclude = ["src/win32/**"]
//! select = ["FL0"]                # rule codes, names or code prefixes
//! ignore = ["FL003"]
//! libc = "glibc"                  # glibc | musl | posix
//! fail-on = "warning"             # error | warning | note
//! cpp = ["src/**/*.c"]            # parse these as C++ only
//! define = ["HAVE_SETENV"]        # preprocessor, as -D
//! undefine = ["DEBUG_SNPRINTF"]   # as -U
//!
//! [severity]
//! FL002 = "note"
//!
//! [[entry]]                       # knowledge entries, the format of rules/*.toml
//! name = "my_safe_log"
//! verdict = "safe"
//! why = []
//! cite = "reviewed: only calls write(2)"
//! ```
//!
//! Unknown keys and bad values are errors with the file, line and column.
//! Command-line options win over the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file name looked for.
pub const FILE_NAME: &str = "forklint.toml";

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub libc: Option<String>,
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    #[serde(default)]
    pub cpp: Vec<String>,
    #[serde(default)]
    pub define: Vec<String>,
    #[serde(default)]
    pub undefine: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityName>,
    /// Knowledge entries; validated by the knowledge base, not here.
    #[serde(default, skip_serializing)]
    pub entry: Vec<toml::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Note,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Error,
    Warning,
    Note,
}

/// A configuration error with its position.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}{}", hint.as_ref().map(|h| format!(" (hint: {h})")).unwrap_or_default())]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    pub config: Config,
    /// The file, when there was one.
    pub path: Option<PathBuf>,
    /// The text of the file's `[[entry]]` tables as a rules file (other lines
    /// blanked, so that positions stay right), when it has entries.
    pub rules_text: Option<String>,
}

impl Loaded {
    /// The directory globs are relative to.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Finds `forklint.toml` in `start` (a file's directory or a directory) or its
/// ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let absolute = std::fs::canonicalize(&start).unwrap_or(start);
    absolute
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Parses a configuration file's text.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, ConfigError> {
    let config: Config = toml::from_str(text).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start);
        let (line, column) = line_col(text, offset);
        let message = err.message().to_string();
        let hint = message.contains("unknown field").then(|| {
            "known keys: include, exclude, select, extend-select, ignore, libc, fail-on, cpp, define, undefine, [severity], [[entry]]".to_string()
        });
        ConfigError {
            path: path.display().to_string(),
            line,
            column,
            message,
            hint,
        }
    })?;
    if let Some(libc) = &config.libc
        && libc.parse::<crate::knowledge::LibcProfile>().is_err()
    {
        let offset = text.find("libc").unwrap_or(0);
        let (line, column) = line_col(text, offset);
        return Err(ConfigError {
            path: path.display().to_string(),
            line,
            column,
            message: format!("unknown libc `{libc}`"),
            hint: Some("expected glibc, musl or posix".to_string()),
        });
    }
    for code in config.severity.keys() {
        if crate::lints::rule(code).is_none() {
            let offset = text.find(code.as_str()).unwrap_or(0);
            let (line, column) = line_col(text, offset);
            return Err(ConfigError {
                path: path.display().to_string(),
                line,
                column,
                message: format!("`{code}` in [severity] is not a rule"),
                hint: Some("run `forklint rules` for the codes and names".to_string()),
            });
        }
    }
    let rules_text = (!config.entry.is_empty()).then(|| entries_as_rules(path, text));
    Ok(Loaded {
        config,
        path: Some(path.to_path_buf()),
        rules_text,
    })
}

/// The `[[entry]]` tables of a configuration file as a rules file with the
/// same line numbers: every other line is blanked and a `[source]` table is
/// appended.
fn entries_as_rules(path: &Path, text: &str) -> String {
    let mut in_entry = false;
    let mut out = String::with_capacity(text.len() + 100);
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_entry = trimmed.starts_with("[[entry]]") || trimmed.starts_with("[entry.");
        }
        if in_entry {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "[source]\nname = \"project configuration\"\ncite = {:?}\n",
        path.display().to_string()
    ));
    out
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_positions() {
        let err = parse(
            Path::new("forklint.toml"),
            "select = [\"FL0\"]\nfial-on = \"error\"\n",
        )
        .expect_err("unknown key");
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("unknown field"), "{}", err.message);
        assert!(err.hint.is_some());
    }

    #[test]
    fn bad_values_are_errors() {
        let err = parse(Path::new("f.toml"), "fail-on = \"sometimes\"\n").expect_err("bad value");
        assert_eq!(err.line, 1);
        let err = parse(Path::new("f.toml"), "libc = \"bionic\"\n").expect_err("bad libc");
        assert!(err.message.contains("bionic"));
        let err =
            parse(Path::new("f.toml"), "[severity]\nFL999 = \"note\"\n").expect_err("bad rule");
        assert_eq!(err.line, 2);
    }

    #[test]
    fn entries_keep_their_lines() {
        let text = "select = [\"FL0\"]\n\n[[entry]]\nname = \"x\"\nverdict = \"safe\"\nwhy = []\ncite = \"c\"\n";
        let loaded = parse(Path::new("f.toml"), text).expect("valid");
        let rules = loaded.rules_text.expect("entries");
        assert_eq!(rules.lines().nth(3), Some("name = \"x\""));
        assert!(rules.lines().next().is_some_and(str::is_empty));
    }
}
