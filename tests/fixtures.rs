//! Golden reports: every fixture CSV under `tests/fixtures` has its expected
//! report next to it (`x.csv` → `x.expected.json`), and gives that same
//! report whatever the chunking. `UPDATE_GOLDEN=1 cargo test` rewrites
//! the expected reports (review the diff before committing it).

mod common;

use cognito_csv_validator::{Code, RULES};
use common::*;

#[test]
fn every_fixture_matches_its_golden_report() {
    // UPDATE_GOLDEN=1 rewrites every golden report; UPDATE_GOLDEN=text only
    // those of fixtures whose path contains the text.
    let update = std::env::var("UPDATE_GOLDEN").ok();
    let mut failures = Vec::new();
    for csv in fixtures() {
        let bytes = std::fs::read(&csv).unwrap();
        let report = to_json(&validate(&pool_for(&csv), &bytes));
        let golden = sibling(&csv, "expected.json");
        let pretty = serde_json::to_string_pretty(&report).unwrap() + "\n";
        if let Some(filter) = &update {
            if filter == "1" || csv.to_str().unwrap().contains(filter.as_str()) {
                std::fs::write(&golden, &pretty).unwrap();
            }
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Err(_) => failures.push(format!(
                "{}: no golden report (run with UPDATE_GOLDEN=1)",
                csv.display()
            )),
            Ok(expected) => {
                let expected: serde_json::Value = serde_json::from_str(&expected).unwrap();
                if expected != report {
                    failures.push(format!(
                        "{}: report differs from {}:\n{pretty}",
                        csv.display(),
                        golden.display()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn chunking_never_changes_a_report() {
    for csv in fixtures() {
        let bytes = std::fs::read(&csv).unwrap();
        let pool = pool_for(&csv);
        let whole = validate(&pool, &bytes);
        let byte_by_byte: Vec<usize> = (1..bytes.len()).collect();
        assert_eq!(
            whole,
            validate_cut(&pool, &bytes, &byte_by_byte),
            "{}: 1-byte chunks",
            csv.display()
        );
        for cut in 0..=bytes.len() {
            assert_eq!(
                whole,
                validate_cut(&pool, &bytes, &[cut]),
                "{}: split at {cut}",
                csv.display()
            );
        }
    }
}

/// Rules whose trigger is a file too large to keep in the repository: the
/// tests in `limits.rs` generate their trigger and near miss.
const GENERATED: [Code; 2] = [Code::FileTooLarge, Code::FileTooManyUsers];

#[test]
fn every_rule_has_a_trigger_and_a_near_miss() {
    let mut problems = Vec::new();
    for rule in RULES.iter().filter(|rule| !GENERATED.contains(&rule.code)) {
        let code = rule.code;
        let folder = tests_dir().join("fixtures").join(code.as_str());
        let files: Vec<_> = fixtures()
            .into_iter()
            .filter(|path| path.starts_with(&folder))
            .collect();
        let named = |prefix: &str| {
            files
                .iter()
                .filter(|path| {
                    path.file_name()
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .starts_with(prefix)
                })
                .collect::<Vec<_>>()
        };
        let (triggers, near_misses) = (named("trigger"), named("near-miss"));
        if triggers.is_empty() || near_misses.is_empty() {
            problems.push(format!(
                "{code}: needs trigger*.csv and near-miss*.csv in {}",
                folder.display()
            ));
        }
        for path in triggers {
            let report = validate(&pool_for(path), &std::fs::read(path).unwrap());
            if report.counts_by_code.get(code) == 0 {
                problems.push(format!("{}: does not trigger {code}", path.display()));
            }
        }
        for path in near_misses {
            let report = validate(&pool_for(path), &std::fs::read(path).unwrap());
            if report.counts_by_code.get(code) != 0 {
                problems.push(format!("{}: triggers {code}", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
