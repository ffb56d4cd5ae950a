//! `docs/rules/` is generated from the rules' doc comments; this test fails
//! when a page is missing, stale or left over. `FORKLINT_BLESS=1` rewrites the
//! pages instead.

use std::path::Path;

use forklint::lints::{RULES, rule_page, rule_page_name};

#[test]
fn rule_pages_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let bless = std::env::var_os("FORKLINT_BLESS").is_some();
    let mut problems = Vec::new();
    let mut expected_names = Vec::new();
    for rule in RULES {
        let name = rule_page_name(rule);
        let path = dir.join(&name);
        let page = rule_page(rule);
        expected_names.push(name.clone());
        if bless {
            std::fs::create_dir_all(&dir).expect("create docs/rules");
            std::fs::write(&path, &page).expect("write rule page");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == page => {}
            Ok(_) => problems.push(format!("{name} is out of date")),
            Err(_) => problems.push(format!("{name} is missing")),
        }
    }
    for entry in std::fs::read_dir(&dir).expect("docs/rules exists") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".md") && name != "README.md" && !expected_names.contains(&name) {
            problems.push(format!("{name} belongs to no rule"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nrun `FORKLINT_BLESS=1 cargo test --test docs` to regenerate docs/rules/",
        problems.join("\n")
    );
}

#[test]
fn rules_are_sorted_and_documented() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "RULES must be sorted by code, without duplicates"
    );
    for rule in RULES {
        for heading in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(
                rule.docs.contains(heading),
                "{} lacks `{heading}`",
                rule.code
            );
        }
        assert!(!rule.summary().is_empty());
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            rule.name
        );
    }
}
