//! Tests for the knowledge base: the shape of every `rules/*.toml` file, the
//! verdicts the lints rely on, user rules, error positions, and that the
//! generated files match `scripts/gen_rules.py`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use forklint::knowledge::{ContextKind, Knowledge, LibcProfile, Role, Safety, Verdict};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn knowledge() -> Knowledge {
    Knowledge::builtin()
}

fn verdict(
    knowledge: &Knowledge,
    name: &str,
    profile: LibcProfile,
    context: ContextKind,
) -> Verdict {
    match knowledge.verdict(name, profile, context) {
        Some(verdict) => verdict,
        None => panic!("`{name}` is not in the knowledge base"),
    }
}

fn safety(knowledge: &Knowledge, name: &str, profile: LibcProfile, context: ContextKind) -> Safety {
    verdict(knowledge, name, profile, context).safety
}

/// The closed tag set, read from `rules/TAGS.md` (bullets of the `## Tags` section).
fn tags_from_tags_md() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(repo().join("rules/TAGS.md")).expect("rules/TAGS.md is readable");
    let mut in_tags = false;
    let mut tags = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with("## ") {
            in_tags = line == "## Tags";
            continue;
        }
        if !in_tags {
            continue;
        }
        if let Some(rest) = line.strip_prefix("- `")
            && let Some((tag, _)) = rest.split_once('`')
        {
            tags.insert(tag.to_owned());
        }
    }
    tags
}

fn rules_files() -> Vec<(&'static str, &'static str)> {
    Knowledge::builtin_sources()
        .into_iter()
        .filter(|(name, _)| *name != "advice.toml")
        .collect()
}

#[test]
fn builtin_knowledge_loads() {
    if let Err(error) = Knowledge::try_builtin() {
        panic!("built-in rules do not load: {error} ({:?})", error.hint());
    }
}

#[test]
fn embedded_files_are_the_files_on_disk() {
    for (name, text) in Knowledge::builtin_sources() {
        let on_disk = std::fs::read_to_string(repo().join("rules").join(name))
            .expect("rules file is readable");
        assert_eq!(text, on_disk, "rules/{name} differs from the embedded copy");
    }
}

#[test]
fn every_rules_file_is_sorted_unique_cited_and_tagged() {
    let known_tags = tags_from_tags_md();
    assert!(
        known_tags.contains("heap") && known_tags.contains("lock"),
        "TAGS.md lists the tags"
    );
    for (file, text) in rules_files() {
        let table: toml::Table =
            toml::from_str(text).unwrap_or_else(|error| panic!("{file} does not parse: {error}"));
        let source = table.get("source").and_then(toml::Value::as_table);
        let source_cite = source
            .and_then(|source| source.get("cite"))
            .and_then(toml::Value::as_str);
        assert!(
            source_cite.is_some_and(|cite| !cite.trim().is_empty()),
            "{file}: [source] has no cite"
        );

        let entries = table
            .get("entry")
            .and_then(toml::Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert!(!entries.is_empty(), "{file}: no entries");
        let mut previous: Option<String> = None;
        let mut all_names = BTreeSet::new();
        for entry in &entries {
            let name = entry
                .get("name")
                .and_then(toml::Value::as_str)
                .unwrap_or_default()
                .to_owned();
            assert!(!name.is_empty(), "{file}: entry without a name");
            if let Some(previous) = &previous {
                assert!(
                    previous < &name,
                    "{file}: `{name}` is out of order or duplicated after `{previous}`"
                );
            }
            previous = Some(name.clone());
            assert!(
                all_names.insert(name.clone()),
                "{file}: `{name}` is defined twice"
            );
            for alias in entry
                .get("aliases")
                .and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
            {
                let alias = alias.as_str().unwrap_or_default().to_owned();
                assert!(
                    all_names.insert(alias.clone()),
                    "{file}: alias `{alias}` is not unique"
                );
            }

            check_entry(file, &name, entry, &known_tags);
        }
    }
}

/// Checks one entry's citation, verdict or role, tags and wording.
fn check_entry(file: &str, name: &str, entry: &toml::Value, known_tags: &BTreeSet<String>) {
    let cite = entry
        .get("cite")
        .and_then(toml::Value::as_str)
        .unwrap_or_default();
    assert!(!cite.trim().is_empty(), "{file}: `{name}` has no cite");

    let has_verdict = entry.get("verdict").is_some() || entry.get("libc").is_some();
    let has_role = entry.get("role").is_some();
    if file == "roles.toml" {
        assert!(has_role, "{file}: `{name}` has no role");
    } else {
        assert!(has_verdict, "{file}: `{name}` has no verdict");
        assert!(entry.get("why").is_some(), "{file}: `{name}` has no `why`");
    }

    let mut tag_lists = vec![entry.get("why")];
    let rows = entry.get("libc").and_then(toml::Value::as_table);
    for (libc, row) in rows.into_iter().flatten() {
        assert!(
            ["glibc", "musl", "posix", "any"].contains(&libc.as_str()),
            "{file}: `{name}`: libc `{libc}`"
        );
        let row_cite = row
            .get("cite")
            .and_then(toml::Value::as_str)
            .unwrap_or_default();
        assert!(
            !row_cite.trim().is_empty(),
            "{file}: `{name}` ({libc}) has no cite"
        );
        tag_lists.push(row.get("why"));
    }
    for tag in tag_lists
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_array)
        .flatten()
    {
        let tag = tag.as_str().unwrap_or_default();
        assert!(
            known_tags.contains(tag),
            "{file}: `{name}` uses tag `{tag}`, which TAGS.md does not list"
        );
    }

    for field in ["note", "instead"] {
        if let Some(value) = entry.get(field).and_then(toml::Value::as_str) {
            assert!(
                !value.contains('\n'),
                "{file}: `{name}`: {field} is not one line"
            );
            assert!(
                !value.ends_with('.'),
                "{file}: `{name}`: {field} ends with a period"
            );
        }
    }
}

#[test]
fn tags_md_lists_exactly_the_tags_forklint_knows() {
    let knowledge = knowledge();
    let known: BTreeSet<String> = knowledge.tag_names().map(str::to_owned).collect();
    assert_eq!(known, tags_from_tags_md());
    for tag in &known {
        assert!(
            knowledge
                .tag_summary(tag)
                .is_some_and(|summary| !summary.is_empty())
        );
    }
}

#[test]
fn entry_counts_are_plausible() {
    let summary = knowledge().files_summary();
    let count = |label: &str| {
        summary
            .iter()
            .find(|file| file.label == label)
            .map_or(0, |file| file.n_entries)
    };
    assert!(
        count("glibc.toml") > 1900,
        "glibc.toml has {}",
        count("glibc.toml")
    );
    assert!(count("posix.toml") > 190);
    assert!(count("fork-notes.toml") > 50);
    assert!(count("linux.toml") >= 20);
    assert!(count("cxx.toml") >= 25);
    let roles = summary
        .iter()
        .find(|file| file.label == "roles.toml")
        .map_or(0, |file| file.n_roles);
    assert!(roles >= 25);
}

#[test]
fn unsafe_verdicts_always_explain_and_advise() {
    let knowledge = knowledge();
    let mut names = BTreeSet::new();
    for (_, text) in rules_files() {
        let table: toml::Table = toml::from_str(text).expect("rules parse");
        for entry in table
            .get("entry")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = entry.get("name").and_then(toml::Value::as_str) {
                names.insert(name.to_owned());
            }
        }
    }
    for name in &names {
        for profile in LibcProfile::ALL {
            for context in ContextKind::ALL {
                let Some(verdict) = knowledge.verdict(name, profile, context) else {
                    continue;
                };
                assert!(
                    !verdict.cite.is_empty(),
                    "{name}/{profile}/{context}: no cite"
                );
                assert!(
                    !verdict.source.is_empty(),
                    "{name}/{profile}/{context}: no source"
                );
                if verdict.safety != Safety::Safe {
                    assert!(
                        !verdict.note.is_empty(),
                        "{name}/{profile}/{context}: no note"
                    );
                    assert!(
                        verdict.instead.is_some(),
                        "{name}/{profile}/{context}: no advice"
                    );
                    assert!(
                        !verdict.tags.is_empty(),
                        "{name}/{profile}/{context}: no tags"
                    );
                }
                if verdict.safety == Safety::AllocOnly {
                    assert_eq!(
                        verdict.tags,
                        ["heap"],
                        "{name}: AllocOnly with other reasons"
                    );
                    assert!(
                        verdict.profile_note.is_some(),
                        "{name}: AllocOnly without a profile note"
                    );
                    assert_ne!(profile, LibcProfile::Posix, "{name}: AllocOnly under posix");
                    assert!(
                        matches!(context, ContextKind::ForkChild | ContextKind::AtforkChild),
                        "{name}: AllocOnly in {context}"
                    );
                }
            }
        }
    }
}

#[test]
fn closelog_takes_the_syslog_lock_under_glibc() {
    let knowledge = knowledge();
    let closelog = verdict(
        &knowledge,
        "closelog",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(closelog.safety, Safety::Unsafe);
    assert!(
        closelog.tags.iter().any(|tag| tag == "lock"),
        "{closelog:?}"
    );
    assert!(closelog.note.contains("syslog"), "{closelog:?}");
    assert!(
        closelog
            .instead
            .as_deref()
            .is_some_and(|instead| instead.contains("syslog"))
    );
}

#[test]
fn syslog_family_is_safe_on_musl_in_fork_children_only() {
    let knowledge = knowledge();
    for name in ["syslog", "openlog", "closelog"] {
        let musl = verdict(&knowledge, name, LibcProfile::Musl, ContextKind::ForkChild);
        assert_eq!(musl.safety, Safety::Safe, "{name}: {musl:?}");
        assert!(
            musl.profile_note.is_some(),
            "{name}: safe on musl without saying why"
        );
        assert_eq!(musl.source, "fork-notes.toml (musl)");
        assert_eq!(
            safety(
                &knowledge,
                name,
                LibcProfile::Musl,
                ContextKind::SignalHandler
            ),
            Safety::Unsafe
        );
        assert_eq!(
            safety(&knowledge, name, LibcProfile::Posix, ContextKind::ForkChild),
            Safety::Unsafe
        );
    }
}

#[test]
fn malloc_is_alloc_only_after_glibc_and_musl_fork_and_unsafe_elsewhere() {
    let knowledge = knowledge();
    for name in [
        "malloc",
        "calloc",
        "realloc",
        "free",
        "strdup",
        "operator new",
        "std::string",
    ] {
        for profile in [LibcProfile::Glibc, LibcProfile::Musl] {
            for context in [ContextKind::ForkChild, ContextKind::AtforkChild] {
                let alloc = verdict(&knowledge, name, profile, context);
                assert_eq!(
                    alloc.safety,
                    Safety::AllocOnly,
                    "{name}/{profile}/{context}: {alloc:?}"
                );
                assert!(
                    alloc
                        .profile_note
                        .as_deref()
                        .is_some_and(|note| note.contains("malloc"))
                );
            }
        }
        for context in [
            ContextKind::RawForkChild,
            ContextKind::VforkChild,
            ContextKind::CloneChild,
            ContextKind::PreExec,
            ContextKind::SignalHandler,
        ] {
            assert_eq!(
                safety(&knowledge, name, LibcProfile::Glibc, context),
                Safety::Unsafe,
                "{name}/{context}"
            );
        }
        assert_eq!(
            safety(&knowledge, name, LibcProfile::Posix, ContextKind::ForkChild),
            Safety::Unsafe,
            "{name}"
        );
    }
    let malloc = verdict(
        &knowledge,
        "malloc",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(malloc.tags, ["heap"]);
    assert!(
        malloc
            .profile_note
            .as_deref()
            .is_some_and(|note| note.contains("glibc"))
    );
}

#[test]
fn plain_system_calls_are_safe_everywhere() {
    let knowledge = knowledge();
    for name in [
        "write",
        "read",
        "_exit",
        "_Exit",
        "dup2",
        "execve",
        "execv",
        "close",
        "closefrom",
        "close_range",
    ] {
        for profile in LibcProfile::ALL {
            for context in ContextKind::ALL {
                let result = verdict(&knowledge, name, profile, context);
                assert_eq!(
                    result.safety,
                    Safety::Safe,
                    "{name}/{profile}/{context}: {result:?}"
                );
            }
        }
    }
}

#[test]
fn exec_family_is_safe_except_path_search_under_posix() {
    let knowledge = knowledge();
    for name in ["execl", "execle", "execv", "execve", "fexecve"] {
        for profile in LibcProfile::ALL {
            assert_eq!(
                safety(&knowledge, name, profile, ContextKind::ForkChild),
                Safety::Safe,
                "{name}/{profile}"
            );
        }
    }
    for context in ContextKind::ALL {
        assert_eq!(
            safety(&knowledge, "execvp", LibcProfile::Glibc, context),
            Safety::Safe,
            "{context}"
        );
        assert_eq!(
            safety(&knowledge, "execvp", LibcProfile::Posix, context),
            Safety::Unsafe,
            "{context}"
        );
    }
    assert_eq!(
        safety(
            &knowledge,
            "execvp",
            LibcProfile::Musl,
            ContextKind::ForkChild
        ),
        Safety::Safe
    );
}

#[test]
fn getenv_is_safe_on_glibc_but_not_portable() {
    let knowledge = knowledge();
    assert_eq!(
        safety(
            &knowledge,
            "getenv",
            LibcProfile::Glibc,
            ContextKind::ForkChild
        ),
        Safety::Safe
    );
    assert_eq!(
        safety(
            &knowledge,
            "getenv",
            LibcProfile::Glibc,
            ContextKind::SignalHandler
        ),
        Safety::Safe
    );
    let posix = verdict(
        &knowledge,
        "getenv",
        LibcProfile::Posix,
        ContextKind::ForkChild,
    );
    assert_eq!(posix.safety, Safety::Unsafe);
    assert!(posix.tags.iter().any(|tag| tag == "not-posix"));
}

#[test]
fn setenv_takes_the_environment_lock() {
    let knowledge = knowledge();
    for profile in LibcProfile::ALL {
        let setenv = verdict(&knowledge, "setenv", profile, ContextKind::ForkChild);
        assert_eq!(setenv.safety, Safety::Unsafe, "{profile}");
        assert!(
            setenv.tags.iter().any(|tag| tag == "lock"),
            "{profile}: {setenv:?}"
        );
    }
    let glibc = verdict(
        &knowledge,
        "setenv",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert!(
        glibc
            .instead
            .as_deref()
            .is_some_and(|instead| instead.contains("envp"))
    );
}

#[test]
fn exit_runs_atexit_handlers() {
    let knowledge = knowledge();
    for profile in LibcProfile::ALL {
        let exit = verdict(&knowledge, "exit", profile, ContextKind::ForkChild);
        assert_eq!(exit.safety, Safety::Unsafe);
        assert!(exit.note.contains("atexit"), "{profile}: {exit:?}");
        assert!(
            exit.instead
                .as_deref()
                .is_some_and(|instead| instead.contains("_exit"))
        );
    }
}

#[test]
fn printf_uses_stdio() {
    let knowledge = knowledge();
    for profile in LibcProfile::ALL {
        let printf = verdict(&knowledge, "printf", profile, ContextKind::ForkChild);
        assert_eq!(printf.safety, Safety::Unsafe, "{profile}");
        assert!(
            printf
                .instead
                .as_deref()
                .is_some_and(|instead| instead.contains("write(2)"))
        );
    }
}

#[test]
fn fork_is_safe_in_a_fork_child_but_not_in_a_signal_handler() {
    let knowledge = knowledge();
    for profile in LibcProfile::ALL {
        assert_eq!(
            safety(&knowledge, "fork", profile, ContextKind::ForkChild),
            Safety::Safe,
            "{profile}"
        );
        assert_eq!(
            safety(&knowledge, "forkpty", profile, ContextKind::ForkChild),
            Safety::Safe,
            "{profile}"
        );
        assert_eq!(
            safety(&knowledge, "fork", profile, ContextKind::SignalHandler),
            Safety::Unsafe,
            "{profile}"
        );
        assert_eq!(
            safety(&knowledge, "_Fork", profile, ContextKind::SignalHandler),
            Safety::Safe,
            "{profile}"
        );
    }
}

#[test]
fn roles() {
    let knowledge = knowledge();
    for name in [
        "execve", "execv", "execvp", "execvpe", "execl", "execle", "execlp", "fexecve",
    ] {
        assert_eq!(knowledge.role(name), Some(Role::Exec), "{name}");
    }
    for name in [
        "exit",
        "_exit",
        "_Exit",
        "abort",
        "quick_exit",
        "pthread_exit",
        "longjmp",
        "siglongjmp",
    ] {
        assert_eq!(knowledge.role(name), Some(Role::NoReturn), "{name}");
    }
    for name in ["__assert_fail", "err", "errx", "verr", "verrx"] {
        assert_eq!(knowledge.role(name), Some(Role::NoReturn), "{name}");
    }
    assert_eq!(knowledge.role("fork"), Some(Role::Fork));
    assert_eq!(knowledge.role("forkpty"), Some(Role::Fork));
    assert_eq!(knowledge.role("_Fork"), Some(Role::RawFork));
    assert_eq!(knowledge.role("vfork"), Some(Role::Vfork));
    assert_eq!(
        knowledge.role("pthread_atfork"),
        Some(Role::AtforkRegister { child_arg: 2 })
    );
    assert_eq!(knowledge.role("clone"), Some(Role::Clone { fn_arg: 0 }));
    assert_eq!(knowledge.role("std::exit"), Some(Role::NoReturn));
    assert_eq!(knowledge.role("write"), None);
    assert!(knowledge.is_known("pthread_atfork"));
}

#[test]
fn names_are_normalized_before_lookup() {
    let knowledge = knowledge();
    let profile = LibcProfile::Glibc;
    let context = ContextKind::ForkChild;
    let push_back = verdict(&knowledge, "std::vector::push_back", profile, context);
    assert_eq!(push_back.safety, Safety::AllocOnly);
    assert!(push_back.source.starts_with("cxx.toml"), "{push_back:?}");
    let libclang_spelling =
        "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char>>::append";
    for (name, expected) in [
        (libclang_spelling, Safety::AllocOnly),
        ("::exit", Safety::Unsafe),
        ("std::exit", Safety::Unsafe),
        ("std::printf", Safety::Unsafe),
        ("operator new [ ]", Safety::AllocOnly),
        ("__builtin_memcpy", Safety::Safe),
        ("__builtin___memcpy_chk", Safety::Safe),
        ("__printf_chk", Safety::Unsafe),
        ("__assert_fail", Safety::Unsafe),
    ] {
        assert_eq!(
            safety(&knowledge, name, profile, context),
            expected,
            "{name}"
        );
    }
    assert!(
        knowledge
            .verdict("__builtin_expect", profile, context)
            .is_none()
    );
    assert!(
        knowledge
            .verdict("my_project_helper", profile, context)
            .is_none()
    );
    assert!(!knowledge.is_known("my_project_helper"));
    assert!(knowledge.is_known("std::vector::size"));
}

#[test]
fn throw_allocates_and_std_cout_uses_stdio() {
    let knowledge = knowledge();
    let throw = verdict(
        &knowledge,
        "throw",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(throw.safety, Safety::AllocOnly);
    assert_eq!(throw.tags, ["heap"]);
    let in_handler = verdict(
        &knowledge,
        "throw",
        LibcProfile::Glibc,
        ContextKind::SignalHandler,
    );
    assert_eq!(in_handler.safety, Safety::Unsafe);
    let cout = verdict(
        &knowledge,
        "std::cout",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(cout.safety, Safety::Unsafe);
    assert!(cout.tags.iter().any(|tag| tag == "lock"));
}

#[test]
fn glibc_deviations_from_posix_apply_outside_fork_children() {
    let knowledge = knowledge();
    // glibc's setuid() takes a lock that its fork() resets.
    assert_eq!(
        safety(
            &knowledge,
            "setuid",
            LibcProfile::Glibc,
            ContextKind::ForkChild
        ),
        Safety::Safe
    );
    assert_eq!(
        safety(
            &knowledge,
            "setuid",
            LibcProfile::Glibc,
            ContextKind::SignalHandler
        ),
        Safety::Unsafe
    );
    assert_eq!(
        safety(
            &knowledge,
            "setuid",
            LibcProfile::Posix,
            ContextKind::SignalHandler
        ),
        Safety::Safe
    );
    assert_eq!(
        safety(
            &knowledge,
            "aio_suspend",
            LibcProfile::Glibc,
            ContextKind::SignalHandler
        ),
        Safety::Unsafe
    );
    assert_eq!(
        safety(
            &knowledge,
            "aio_suspend",
            LibcProfile::Musl,
            ContextKind::SignalHandler
        ),
        Safety::Safe
    );
}

#[test]
fn unannotated_glibc_functions_are_unsafe() {
    let knowledge = knowledge();
    let spin = verdict(
        &knowledge,
        "pthread_spin_lock",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(spin.safety, Safety::Unsafe);
    assert_eq!(spin.tags, ["unannotated"]);
    assert!(spin.note.contains("annotation"), "{spin:?}");
    // POSIX lists these although the manual does not annotate them.
    assert_eq!(
        safety(
            &knowledge,
            "pthread_sigmask",
            LibcProfile::Glibc,
            ContextKind::ForkChild
        ),
        Safety::Safe
    );
    assert_eq!(
        safety(
            &knowledge,
            "poll",
            LibcProfile::Glibc,
            ContextKind::ForkChild
        ),
        Safety::Safe
    );
}

#[test]
fn a_glibc_verdict_under_another_profile_says_so() {
    let knowledge = knowledge();
    let musl = verdict(
        &knowledge,
        "gettext",
        LibcProfile::Musl,
        ContextKind::ForkChild,
    );
    assert_eq!(musl.source, "glibc.toml");
    assert!(
        musl.profile_note
            .as_deref()
            .is_some_and(|note| note.contains("glibc") && note.contains("musl"))
    );
    let glibc = verdict(
        &knowledge,
        "gettext",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert!(glibc.profile_note.is_none());
}

#[test]
fn profiles_parse_and_print() {
    for profile in LibcProfile::ALL {
        assert_eq!(profile.to_string().parse::<LibcProfile>(), Ok(profile));
    }
    assert_eq!(LibcProfile::default(), LibcProfile::Glibc);
    assert!("uclibc".parse::<LibcProfile>().is_err());
}

#[test]
fn user_rules_override_builtin_entries() {
    let mut knowledge = knowledge();
    let user = r#"
[source]
name = "our project"
cite = "docs/fork-safety.md"

[[entry]]
name = "closelog"
verdict = "safe"
why = []
cite = "we never log from other threads (docs/fork-safety.md)"

[[entry]]
name = "my_log"
verdict = "unsafe"
why = ["lock"]
cite = "src/log.c:12"
note = "takes the project's log mutex"

[[entry]]
name = "die"
role = "noreturn"
cite = "src/die.c:3"
"#;
    knowledge
        .add_user_rules(Path::new("forklint-rules.toml"), user)
        .expect("user rules load");
    let closelog = verdict(
        &knowledge,
        "closelog",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(closelog.safety, Safety::Safe);
    assert_eq!(closelog.source, "forklint-rules.toml");
    let my_log = verdict(
        &knowledge,
        "my_log",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(my_log.safety, Safety::Unsafe);
    assert_eq!(my_log.note, "takes the project's log mutex");
    assert!(
        my_log.instead.is_some(),
        "the lock tag supplies default advice"
    );
    assert_eq!(knowledge.role("die"), Some(Role::NoReturn));
    // Untouched entries still come from the built-in files.
    assert_eq!(
        safety(
            &knowledge,
            "syslog",
            LibcProfile::Glibc,
            ContextKind::ForkChild
        ),
        Safety::Unsafe
    );

    // A later file overrides an earlier one.
    let later = "[source]\nname = \"later\"\ncite = \"x\"\n\n[[entry]]\nname = \"my_log\"\nverdict = \"safe\"\ncite = \"y\"\n";
    knowledge
        .add_user_rules(Path::new("later.toml"), later)
        .expect("second file loads");
    assert_eq!(
        safety(
            &knowledge,
            "my_log",
            LibcProfile::Glibc,
            ContextKind::ForkChild
        ),
        Safety::Safe
    );
}

#[test]
fn user_heap_only_entries_follow_the_allocation_rule() {
    let mut knowledge = knowledge();
    let user = "[source]\nname = \"p\"\ncite = \"p\"\n\n[[entry]]\nname = \"xstrdup\"\nverdict = \"unsafe\"\nwhy = [\"heap\"]\ncite = \"src/x.c:1\"\n";
    knowledge
        .add_user_rules(Path::new("p.toml"), user)
        .expect("loads");
    let xstrdup = verdict(
        &knowledge,
        "xstrdup",
        LibcProfile::Glibc,
        ContextKind::ForkChild,
    );
    assert_eq!(xstrdup.safety, Safety::AllocOnly);
    assert!(!xstrdup.note.is_empty());
    assert_eq!(
        safety(
            &knowledge,
            "xstrdup",
            LibcProfile::Glibc,
            ContextKind::VforkChild
        ),
        Safety::Unsafe
    );
}

#[test]
fn malformed_user_rules_report_line_and_column() {
    let mut knowledge = knowledge();
    // Line 6 has an unterminated string.
    let broken =
        "[source]\nname = \"p\"\ncite = \"p\"\n\n[[entry]]\nname = \"oops\nverdict = \"safe\"\n";
    let error = knowledge
        .add_user_rules(Path::new("broken.toml"), broken)
        .expect_err("broken TOML is rejected");
    assert_eq!(error.file(), Path::new("broken.toml"));
    assert_eq!(error.line(), 6, "{error}");
    assert!(error.column() >= 1);
    assert!(error.to_string().starts_with("broken.toml:6:"), "{error}");
    assert!(error.hint().is_some());

    let unknown_tag = "[source]\nname = \"p\"\ncite = \"p\"\n\n[[entry]]\nname = \"f\"\nverdict = \"unsafe\"\nwhy = [\"lock\", \"deadlock\"]\ncite = \"c\"\n";
    let error = knowledge
        .add_user_rules(Path::new("tags.toml"), unknown_tag)
        .expect_err("unknown tags are rejected");
    assert_eq!((error.line(), error.column()), (8, 16), "{error}");
    assert!(error.message().contains("deadlock"));
    assert!(error.hint().is_some_and(|hint| hint.contains("heap")));

    let unknown_field = "[source]\nname = \"p\"\ncite = \"p\"\n\n[[entry]]\nname = \"f\"\nverdcit = \"safe\"\ncite = \"c\"\n";
    let error = knowledge
        .add_user_rules(Path::new("field.toml"), unknown_field)
        .expect_err("unknown fields are rejected");
    assert_eq!(error.line(), 7, "{error}");
    assert!(error.message().contains("verdcit"), "{error}");

    let no_cite = "[source]\nname = \"p\"\ncite = \"p\"\n\n[[entry]]\nname = \"f\"\nverdict = \"safe\"\ncite = \"  \"\n";
    let error = knowledge
        .add_user_rules(Path::new("cite.toml"), no_cite)
        .expect_err("empty citations are rejected");
    assert_eq!(error.line(), 8, "{error}");

    let duplicate = "[source]\nname = \"p\"\ncite = \"p\"\n\n[[entry]]\nname = \"f\"\nverdict = \"safe\"\ncite = \"c\"\n\n[[entry]]\nname = \"f\"\nverdict = \"safe\"\ncite = \"c\"\n";
    let error = knowledge
        .add_user_rules(Path::new("dup.toml"), duplicate)
        .expect_err("duplicates are rejected");
    assert_eq!(error.line(), 11, "{error}");

    let bad_role = "[source]\nname = \"p\"\ncite = \"p\"\n\n[[entry]]\nname = \"reg\"\nrole = \"atfork-register\"\ncite = \"c\"\n";
    let error = knowledge
        .add_user_rules(Path::new("role.toml"), bad_role)
        .expect_err("atfork-register without child_arg is rejected");
    assert_eq!(error.line(), 7, "{error}");

    // Rejected files leave the knowledge base unchanged.
    assert!(
        knowledge
            .verdict("f", LibcProfile::Glibc, ContextKind::ForkChild)
            .is_none()
    );
}

#[test]
fn builtin_knowledge_is_cheap_to_load() {
    let start = std::time::Instant::now();
    let knowledge = knowledge();
    let elapsed = start.elapsed();
    // The budget is 20 ms in release builds; debug builds get a wide margin.
    eprintln!("Knowledge::builtin() took {elapsed:?}");
    assert!(
        elapsed.as_secs() < 5,
        "Knowledge::builtin() took {elapsed:?}"
    );
    assert!(knowledge.is_known("write"));
}

#[test]
fn generated_rules_are_up_to_date() {
    let data_dir = repo().join("../shared/data");
    if !data_dir.join("fork-notes.tsv").is_file() {
        eprintln!("skipped: {} is missing", data_dir.display());
        return;
    }
    let has_python = Command::new("python3")
        .args(["-c", "import tomllib"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !has_python {
        eprintln!("skipped: python3 (3.11 or later) is not available");
        return;
    }
    let output = Command::new("python3")
        .arg("scripts/gen_rules.py")
        .arg("--check")
        .current_dir(repo())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "generated rules are stale; run `python3 scripts/gen_rules.py`\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
