//! `compile_commands.json`: finding it and turning each entry into the
//! arguments libclang parses that translation unit with.
//!
//! Each entry's `arguments` (or its `command`, split as a POSIX shell would)
//! loses the compiler, the source file and the options that only matter for
//! output (`-c`, `-o FILE`, dependency files); relative paths stay relative to
//! the entry's `directory`, which is passed on as `-working-directory`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name a build system writes (CMake, Meson, Bear).
pub const FILE_NAME: &str = "compile_commands.json";

/// One translation unit.
#[derive(Debug, Clone)]
pub struct CompileCommand {
    /// The source file, absolute (as written when the entry's path is).
    pub file: PathBuf,
    /// Arguments for libclang: no compiler, no source file, no output options.
    pub args: Vec<String>,
}

#[derive(Debug)]
pub struct Database {
    pub path: PathBuf,
    pub commands: Vec<CompileCommand>,
}

#[derive(Deserialize)]
struct Entry {
    directory: PathBuf,
    file: PathBuf,
    #[serde(default)]
    arguments: Option<Vec<String>>,
    #[serde(default)]
    command: Option<String>,
}

/// Options followed by a value that only concern the output.
const DROPPED_WITH_VALUE: &[&str] = &["-o", "-MF", "-MT", "-MQ"];
/// Options without a value that only concern the output.
const DROPPED: &[&str] = &["-c", "-M", "-MM", "-MD", "-MMD", "-MP", "-pipe"];

impl Database {
    /// Reads a compilation database. A file listed twice (built for two
    /// targets) keeps its first entry.
    pub fn read(path: &Path) -> Result<Database, String> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            format!(
                "cannot read the compilation database {}: {err}",
                path.display()
            )
        })?;
        Database::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Database, String> {
        let entries: Vec<Entry> = serde_json::from_str(text)
            .map_err(|err| format!("{} is not a compilation database: {err}", path.display()))?;
        let mut seen = std::collections::HashSet::new();
        let mut commands = Vec::new();
        for entry in entries {
            let argv = match (entry.arguments, entry.command) {
                (Some(arguments), _) => arguments,
                (None, Some(command)) => split_command(&command),
                (None, None) => continue,
            };
            let file = entry.directory.join(&entry.file);
            if !seen.insert(file.clone()) {
                continue;
            }
            commands.push(CompileCommand {
                args: clang_args(&argv, &entry.file, &file, &entry.directory),
                file,
            });
        }
        Ok(Database {
            path: path.to_path_buf(),
            commands,
        })
    }
}

/// The arguments libclang needs from a compiler command line.
fn clang_args(argv: &[String], file: &Path, absolute: &Path, directory: &Path) -> Vec<String> {
    let mut args = vec![format!("-working-directory={}", directory.display())];
    let mut iter = argv.iter().skip(1);
    while let Some(arg) = iter.next() {
        if DROPPED_WITH_VALUE.contains(&arg.as_str()) {
            iter.next();
            continue;
        }
        let names_the_file = Path::new(arg) == file || directory.join(arg) == absolute;
        if DROPPED.contains(&arg.as_str()) || names_the_file {
            continue;
        }
        args.push(arg.clone());
    }
    args
}

/// Splits a command line as a POSIX shell would (quotes and backslashes; no
/// expansions).
pub fn split_command(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('"'), '\\') => match chars.next() {
                Some(next @ ('"' | '\\' | '$' | '`')) => word.push(next),
                Some(next) => {
                    word.push('\\');
                    word.push(next);
                }
                None => word.push('\\'),
            },
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The compilation database for a run: `-p DIR` or `--compile-commands FILE`
/// when given, else a `compile_commands.json` in `start`, its `build/`, or a
/// directory above.
pub fn locate(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(current) = dir {
        for candidate in [
            current.join(FILE_NAME),
            current.join("build").join(FILE_NAME),
        ] {
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        dir = current.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_like_a_shell() {
        assert_eq!(
            split_command(r#"cc -DNAME="\"x y\"" -I 'a b' -c f.c"#),
            vec!["cc", r#"-DNAME="x y""#, "-I", "a b", "-c", "f.c"]
        );
    }

    #[test]
    fn output_options_and_the_file_are_dropped() {
        let db = Database::parse(
            Path::new("db.json"),
            r#"[{"directory": "/src", "file": "/src/a.c", "command": "gcc -Iinc -c a.c -o a.o -MD -MF a.d"},
                {"directory": "/src", "file": "a.c", "command": "gcc -DOTHER -c a.c"}]"#,
        )
        .unwrap();
        assert_eq!(db.commands.len(), 1);
        assert_eq!(db.commands[0].file, Path::new("/src/a.c"));
        assert_eq!(
            db.commands[0].args,
            vec!["-working-directory=/src", "-Iinc"]
        );
    }
}
