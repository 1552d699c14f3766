//! Users already in the target pool (`list-users` output): a file checked
//! against them has its golden report (`tests/existing/x.csv` →
//! `x.expected.json`, `UPDATE_GOLDEN=1` rewrites it), whatever the chunking
//! of the file and of the JSON. So have the files `migration-N.csv`,
//! checked as one migration into that pool (`migration.expected.json`).

mod common;

use cognito_csv_validator::engine::migration::Migration;
use cognito_csv_validator::existing::{ExistingUsers, ExistingUsersReader};
use cognito_csv_validator::{Pool, Report, Validator};
use common::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn list_users() -> Vec<u8> {
    std::fs::read(tests_dir().join("existing/list-users.json")).unwrap()
}

/// The users of `json` read for `pool`, pushed in the chunks `cuts` make.
fn existing(pool: &Pool, json: &[u8], cuts: &[usize]) -> Arc<ExistingUsers> {
    let mut reader = ExistingUsersReader::new(pool);
    let mut from = 0;
    for &cut in cuts.iter().chain(std::iter::once(&json.len())) {
        reader.push(&json[from..cut]).unwrap();
        from = cut;
    }
    Arc::new(reader.finish().unwrap())
}

/// `value` against the golden file `golden`, which `UPDATE_GOLDEN=1` rewrites.
fn assert_golden(value: &serde_json::Value, golden: &Path) {
    let pretty = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        std::fs::write(golden, &pretty).unwrap();
    }
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(golden).unwrap()).unwrap();
    assert_eq!(value, &expected, "{pretty}");
}

#[test]
fn a_file_against_the_pools_users_matches_its_golden_report() {
    let csv = tests_dir().join("existing/import.csv");
    let pool = pool_for(&csv);
    let bytes = std::fs::read(&csv).unwrap();
    let users = existing(&pool, &list_users(), &[]);
    let report = to_golden(&validate_cut_with(
        Validator::with_existing(pool, users),
        &bytes,
        &[],
    ));
    assert_golden(&report, &sibling(&csv, "expected.json"));
}

#[test]
fn a_file_cut_at_any_line_break_gives_the_report_of_one_pass() {
    let csv = tests_dir().join("existing/import.csv");
    let pool = pool_for(&csv);
    let bytes = std::fs::read(&csv).unwrap();
    let users = existing(&pool, &list_users(), &[]);
    let whole = validate_cut_with(
        Validator::with_existing(pool.clone(), users.clone()),
        &bytes,
        &[],
    );
    let starts = line_starts(&bytes);
    for pair in starts.windows(2) {
        let parts = validate_parts_with(
            &pool,
            Some(users.clone()),
            &bytes,
            &[0, pair[0], pair[1]],
            5,
        )
        .expect("a header");
        assert_eq!(whole, parts, "cut at {pair:?}");
    }
}

/// The files of the migration, `tests/existing/migration-N.csv`, in order.
fn migration_files() -> Vec<PathBuf> {
    (1..)
        .map(|file| tests_dir().join(format!("existing/migration-{file}.csv")))
        .take_while(|path| path.exists())
        .collect()
}

/// The migration's files checked in order into import.csv's pool with the
/// pool's users, each pushed in the chunks `cuts` makes of it: their
/// reports, and the summary as the golden holds them.
fn migration(cuts: impl Fn(&[u8]) -> Vec<usize>) -> (Vec<Report>, serde_json::Value) {
    let pool = pool_for(&tests_dir().join("existing/import.csv"));
    let users = existing(&pool, &list_users(), &[]);
    let mut migration = Migration::new(pool, Some(users));
    let mut reports = Vec::new();
    for csv in migration_files() {
        let bytes = std::fs::read(&csv).unwrap();
        let mut validator = migration.next_file();
        let mut findings = Vec::new();
        let mut from = 0;
        for cut in cuts(&bytes).into_iter().chain(std::iter::once(bytes.len())) {
            validator.push(&bytes[from..cut]);
            findings.extend(validator.take().findings);
            from = cut;
        }
        let mut report = migration.finish_file(validator);
        findings.append(&mut report.findings);
        report.findings = findings;
        reports.push(report);
    }
    (reports, serde_json::to_value(migration.summary()).unwrap())
}

#[test]
fn a_migration_matches_its_golden_reports_and_summary() {
    let (reports, summary) = migration(|_| Vec::new());
    assert_eq!(reports.len(), 3);
    let codes_of = |file: usize, line: u64| -> Vec<&str> {
        reports[file - 1]
            .findings
            .iter()
            .filter(|finding| finding.line == Some(line))
            .map(|finding| finding.code.as_str())
            .collect()
    };
    // What the files are for: file 2's job fails (a column is missing), so
    // file 3's erik (line 3) is new; file 1 imports bruno and carla, so file
    // 3's BRUNO is skipped and carla's email is taken; dora failed in
    // file 1, and is new in file 3.
    assert_eq!(codes_of(3, 2), ["username.duplicate"]);
    assert_eq!(codes_of(3, 3), Vec::<&str>::new());
    assert_eq!(codes_of(3, 4), Vec::<&str>::new());
    assert_eq!(codes_of(3, 5), ["alias.duplicate"]);
    assert!(reports[2].findings[0]
        .message()
        .contains("line 2 of file 1"));
    let golden = serde_json::json!({
        "files": reports.iter().map(to_golden).collect::<Vec<_>>(),
        "summary": summary,
    });
    assert_golden(
        &golden,
        &tests_dir().join("existing/migration.expected.json"),
    );
}

#[test]
fn chunking_a_migrations_files_never_changes_a_report() {
    let (whole, summary) = migration(|_| Vec::new());
    let (bytewise, bytewise_summary) = migration(|bytes| (1..bytes.len()).collect());
    assert_eq!(whole, bytewise);
    assert_eq!(summary, bytewise_summary);
}

#[test]
fn chunking_the_file_or_the_users_never_changes_a_report() {
    let csv = tests_dir().join("existing/import.csv");
    let pool = pool_for(&csv);
    let bytes = std::fs::read(&csv).unwrap();
    let json = list_users();
    let validate = |users: Arc<ExistingUsers>, cuts: &[usize]| {
        validate_cut_with(Validator::with_existing(pool.clone(), users), &bytes, cuts)
    };
    let whole = validate(existing(&pool, &json, &[]), &[]);
    let bytewise: Vec<usize> = (1..json.len()).collect();
    assert_eq!(
        whole,
        validate(existing(&pool, &json, &bytewise), &[]),
        "the users a byte at a time"
    );
    let users = existing(&pool, &json, &[]);
    let bytewise: Vec<usize> = (1..bytes.len()).collect();
    assert_eq!(
        whole,
        validate(users.clone(), &bytewise),
        "the file a byte at a time"
    );
    for cut in 0..=bytes.len() {
        assert_eq!(
            whole,
            validate(users.clone(), &[cut]),
            "the file split at {cut}"
        );
    }
}

#[test]
fn without_the_pools_users_the_report_says_they_are_unknown() {
    let csv = tests_dir().join("existing/import.csv");
    let pool = pool_for(&csv);
    let bytes = std::fs::read(&csv).unwrap();
    let without = validate(&pool, &bytes);
    assert_eq!(without.notes.len(), 1);
    assert_eq!(
        (
            without.outcome.imported,
            without.outcome.failed,
            without.outcome.skipped
        ),
        (5, 2, 1)
    );
    let users = existing(&pool, &list_users(), &[]);
    let with = validate_cut_with(Validator::with_existing(pool, users), &bytes, &[]);
    assert!(with.notes.is_empty());
}

#[test]
fn a_case_sensitive_pool_compares_usernames_as_written() {
    let csv = tests_dir().join("existing/import.csv");
    let pool = Pool {
        case_sensitive: true,
        ..pool_for(&csv)
    };
    let users = existing(&pool, &list_users(), &[]);
    let report = validate_cut_with(
        Validator::with_existing(pool, users),
        &std::fs::read(&csv).unwrap(),
        &[],
    );
    let codes_of = |line: u64| -> Vec<&str> {
        report
            .findings
            .iter()
            .filter(|finding| finding.line == Some(line))
            .map(|finding| finding.code.as_str())
            .collect()
    };
    // ANA.GARCIA is not ana.garcia here; XIAOMING not xiaoming.
    assert_eq!(codes_of(2), Vec::<&str>::new());
    assert_eq!(codes_of(4), Vec::<&str>::new());
    // Email stays case-insensitive.
    assert_eq!(codes_of(3), ["alias.duplicate"]);
}

#[test]
#[should_panic(expected = "compares usernames otherwise")]
fn users_read_for_another_pool_are_misuse() {
    let users = existing(&Pool::default(), &list_users(), &[]);
    Validator::with_existing(
        Pool {
            case_sensitive: true,
            ..Pool::default()
        },
        users,
    );
}
