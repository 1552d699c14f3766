//! `fix`: golden outputs for its fixtures (`tests/fix-fixtures/<fix code>/
//! x.csv` → `x.fixed.txt`, every file it writes), a trigger and a near miss
//! for every fix, and its promises on every fixture, the validator's too:
//! no chunking changes an output, every import file validates with no
//! error, the users add up, a file with no finding comes out byte for byte
//! the same, and fixing an import file again changes nothing.
//! `UPDATE_GOLDEN=1 cargo test --test fix` rewrites the golden outputs.

mod common;

use cognito_csv_validator::fix::{FixOptions, Manifest, Output, FIXES};
use cognito_csv_validator::{JobOutcome, Pool, Severity, Validator};
use common::*;
use std::path::{Path, PathBuf};

/// The golden form: each file (`manifest.json` among them; a byte order
/// mark that starts a file shown as `<BOM>`), or why fix stopped.
fn render(fixed: &Fixed) -> String {
    let mut out = String::new();
    for (name, bytes) in &fixed.files {
        let text = String::from_utf8(bytes.clone()).expect("fix writes UTF-8");
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => format!("<BOM>{rest}"),
            None => text,
        };
        out.push_str(&format!("==> {name} <==\n{text}"));
        if !text.ends_with('\n') {
            out.push_str("\n(no line break at the end)\n");
        }
    }
    if let Err(error) = &fixed.manifest {
        out.push_str(&format!("==> stopped <==\n{error}\n"));
    }
    out
}

/// Every input of fix's fixtures: the CSV files, and the `list-users`
/// outputs (JSON files that are no fixture's options).
fn fix_fixtures() -> Vec<PathBuf> {
    let folder = tests_dir().join("fix-fixtures");
    let mut inputs = csv_files_under(&folder);
    inputs.extend(list_users_files_under(&folder));
    inputs.sort();
    inputs
}

/// Every fixture, the validator's and fix's.
fn all_fixtures() -> Vec<PathBuf> {
    let mut all = fixtures();
    all.extend(fix_fixtures());
    all
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn every_fix_fixture_matches_its_golden_output() {
    let update = std::env::var("UPDATE_GOLDEN").ok();
    let mut failures = Vec::new();
    for csv in fix_fixtures() {
        let fixed = fix_whole(&pool_for(&csv), &fix_options_for(&csv), &read(&csv));
        let rendered = render(&fixed);
        let golden = sibling(&csv, "fixed.txt");
        if let Some(filter) = &update {
            if filter == "1" || csv.to_str().unwrap().contains(filter.as_str()) {
                std::fs::write(&golden, &rendered).unwrap();
            }
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Err(_) => failures.push(format!(
                "{}: no golden output (UPDATE_GOLDEN=1)",
                csv.display()
            )),
            Ok(expected) if expected != rendered => failures.push(format!(
                "{}: differs from {}:\n{rendered}",
                csv.display(),
                golden.display()
            )),
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fix_has_a_trigger_and_a_near_miss() {
    let mut problems = Vec::new();
    for fix_row in FIXES {
        let code = fix_row.code.as_str();
        let folder = tests_dir().join("fix-fixtures").join(code);
        let files: Vec<PathBuf> = fix_fixtures()
            .into_iter()
            .filter(|path| path.starts_with(&folder))
            .collect();
        let named = |prefix: &str| -> Vec<&PathBuf> {
            files
                .iter()
                .filter(|path| {
                    path.file_name()
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .starts_with(prefix)
                })
                .collect()
        };
        let (triggers, near_misses) = (named("trigger"), named("near-miss"));
        if triggers.is_empty() || near_misses.is_empty() {
            problems.push(format!(
                "{code}: needs trigger*.csv and near-miss*.csv in {}",
                folder.display()
            ));
        }
        let made = |path: &Path| {
            let fixed = fix_whole(&pool_for(path), &fix_options_for(path), &read(path));
            let manifest = fixed.manifest(&path.display().to_string()).clone();
            manifest
                .fixes
                .iter()
                .find(|made| made.code == fix_row.code)
                .map_or(0, |made| made.count)
        };
        for path in triggers {
            if made(path) == 0 {
                problems.push(format!("{}: does not make {code}", path.display()));
            }
        }
        for path in near_misses {
            if made(path) != 0 {
                problems.push(format!("{}: makes {code}", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The errors the validator finds in an import file, but those the
/// manifest says `fix` could not take away (`blockers`: the pool's, and
/// the header's columns kept on request).
fn errors_in(pool: &Pool, part: &[u8], manifest: &Manifest) -> Vec<String> {
    let mut validator = Validator::new(pool.clone());
    validator.push(part);
    let report = validator.finish();
    let blocked = !manifest.blockers.is_empty();
    let mut errors: Vec<String> = report
        .findings
        .iter()
        .filter(|finding| finding.severity() == Severity::Error)
        .filter(|finding| {
            !blocked || finding.line.is_some() && !manifest.blockers.contains(&finding.message())
        })
        .map(|finding| format!("{}: {}", finding.code.as_str(), finding.message()))
        .collect();
    if !blocked
        && (report.outcome.job != JobOutcome::Succeeds
            || report.outcome.imported != report.outcome.users)
    {
        errors.push(format!("{:?}", report.outcome));
    }
    errors
}

#[test]
fn every_import_file_validates_and_the_users_add_up() {
    let mut problems = Vec::new();
    for csv in all_fixtures() {
        let (pool, options) = (pool_for(&csv), fix_options_for(&csv));
        let fixed = fix_whole(&pool, &options, &read(&csv));
        let Ok(manifest) = &fixed.manifest else {
            continue;
        };
        let what = csv.display();
        for part in fixed.parts() {
            let errors = errors_in(&pool, part, manifest);
            if !errors.is_empty() {
                problems.push(format!("{what}: an import file has errors: {errors:#?}"));
            }
        }
        if manifest.input.users != manifest.imported + manifest.rejected {
            problems.push(format!("{what}: {:?}", manifest.input));
        }
        let in_parts: u64 = manifest.parts.iter().map(|part| part.users).sum();
        if in_parts != manifest.imported || fixed.rows(Output::Rejects) as u64 != manifest.rejected
        {
            problems.push(format!(
                "{what}: parts and rejects do not hold the users counted"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_file_with_no_finding_comes_out_the_same() {
    let mut unchanged = 0;
    for csv in all_fixtures() {
        let (pool, options) = (pool_for(&csv), fix_options_for(&csv));
        let bytes = read(&csv);
        if !validate(&pool, &bytes).findings.is_empty() || options != FixOptions::default() {
            continue;
        }
        let fixed = fix_whole(&pool, &options, &bytes);
        let manifest = fixed.manifest(&csv.display().to_string());
        assert_eq!(fixed.parts(), [&bytes], "{}", csv.display());
        assert_eq!(
            (manifest.rejected, manifest.changes),
            (0, 0),
            "{}",
            csv.display()
        );
        unchanged += 1;
    }
    assert!(unchanged >= 30, "only {unchanged} fixtures have no finding");
}

/// An import file fixed again, with the same options but those that say
/// how to read the input (a date order, the columns of a file without a
/// header): they describe the input, not the import files, which have
/// Cognito's dates and a header.
#[test]
fn fixing_an_import_file_again_changes_nothing() {
    for csv in all_fixtures() {
        let (pool, options) = (pool_for(&csv), fix_options_for(&csv));
        let fixed = fix_whole(&pool, &options, &read(&csv));
        if fixed.manifest.is_err() {
            continue;
        }
        let options = FixOptions {
            date_order: None,
            columns: None,
            ..options
        };
        for part in fixed.parts() {
            let again = fix_whole(&pool, &options, part);
            let manifest = again.manifest(&csv.display().to_string());
            assert_eq!(again.parts(), [part], "{}", csv.display());
            assert_eq!(
                (manifest.rejected, manifest.changes),
                (0, 0),
                "{}: {:?}",
                csv.display(),
                manifest.fixes
            );
        }
    }
}

#[test]
fn chunking_never_changes_an_output() {
    for csv in all_fixtures() {
        let (pool, options) = (pool_for(&csv), fix_options_for(&csv));
        let bytes = read(&csv);
        let whole = fix_whole(&pool, &options, &bytes);
        let byte_by_byte: Vec<usize> = (1..bytes.len()).collect();
        assert_eq!(
            whole,
            fix_cut(&pool, &options, &bytes, &byte_by_byte),
            "{}: 1-byte chunks",
            csv.display()
        );
        for cut in 0..=bytes.len() {
            assert_eq!(
                whole,
                fix_cut(&pool, &options, &bytes, &[cut]),
                "{}: split at {cut}",
                csv.display()
            );
        }
    }
}

/// The `list-users` fixtures that `fix` reads to the end.
fn list_users_fixtures() -> Vec<(PathBuf, Fixed)> {
    let folder = tests_dir().join("fix-fixtures").join("list-users");
    let mut inputs = list_users_files_under(&folder);
    inputs.extend(csv_files_under(&folder));
    inputs
        .into_iter()
        .map(|input| {
            let fixed = fix_whole(&pool_for(&input), &fix_options_for(&input), &read(&input));
            (input, fixed)
        })
        .collect()
}

/// The records of an RFC 4180 output (its byte order mark and header
/// left out), each as its fields.
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !records.is_empty() {
        records.remove(0);
    }
    records
}

#[test]
fn every_listed_user_is_in_subs_csv_at_the_row_it_went_to() {
    let mut checked = 0;
    for (input, fixed) in list_users_fixtures() {
        let manifest = fixed.manifest(&input.display().to_string());
        let subs = records(fixed.file(Output::Subs));
        assert_eq!(
            subs.len() as u64,
            manifest.input.users,
            "{}",
            input.display()
        );
        for row in &subs {
            let [_sub, username, file, number, cognito_username, note] = &row[..] else {
                panic!("{}: {row:?}", input.display());
            };
            let number: usize = number.parse().unwrap();
            let bytes = &fixed.files[file];
            if file == "rejects.csv" {
                // Row 1 is the header; the Username follows line, codes, reasons.
                let reject = &records(bytes)[number - 2];
                assert_eq!(
                    (&reject[3], &reject[2]),
                    (username, note),
                    "{}",
                    input.display()
                );
                assert!(cognito_username.is_empty());
            } else {
                let text = String::from_utf8(bytes.clone()).unwrap();
                let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
                let place = header
                    .iter()
                    .position(|name| *name == "cognito:username")
                    .unwrap();
                let line = text.lines().nth(number - 1).unwrap();
                assert_eq!(
                    line.split(',').nth(place),
                    Some(cognito_username.as_str()),
                    "{}",
                    input.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} listed users");
}

#[test]
fn every_reason_a_listed_user_is_not_imported_has_a_fixture() {
    let made: Vec<&'static str> = list_users_fixtures()
        .iter()
        .flat_map(|(input, fixed)| {
            fixed
                .manifest(&input.display().to_string())
                .rejected_by_code
                .clone()
        })
        .map(|count| count.code)
        .collect();
    for reject in cognito_csv_validator::fix::ListedReject::ALL {
        assert!(
            made.contains(&reject.as_str()),
            "no list-users fixture rejects a user for {}",
            reject.as_str()
        );
    }
}

/// The mistakes of the tools that export a pool to a CSV (quoted values,
/// a blank cognito:mfa_enabled, updated_at in milliseconds) are not made:
/// the import files of list-users input are Cognito's dialect.
#[test]
fn the_import_files_of_a_pool_s_users_are_cognito_s_dialect() {
    use cognito_csv_validator::Code;
    let mistakes = [
        Code::ValueQuoted,
        Code::MfaMissing,
        Code::UpdatedAtMilliseconds,
        Code::ValueWhitespace,
        Code::ValuePlaceholder,
    ];
    for (input, fixed) in list_users_fixtures() {
        for part in fixed.parts() {
            let report = validate(&pool_for(&input), part);
            let made: Vec<&str> = report
                .findings
                .iter()
                .filter(|finding| mistakes.contains(&finding.code))
                .map(|finding| finding.code.as_str())
                .collect();
            assert!(made.is_empty(), "{}: {made:?}", input.display());
        }
    }
}

/// The package's `ListedRejectCode` type names every reason a listed user
/// is not imported, as its `RuleCode` and `FixCode` name the tables'.
#[test]
fn the_package_types_name_every_reason_a_listed_user_is_not_imported() {
    let types = std::fs::read_to_string(tests_dir().join("../src/npm/index.d.ts")).unwrap();
    let start = types
        .find("// listed-rejects:start")
        .expect("the start marker");
    let end = types.find("// listed-rejects:end").expect("the end marker");
    let named: Vec<&str> = types[start..end]
        .lines()
        .skip(1)
        .map(|line| {
            line.trim()
                .trim_start_matches("| ")
                .trim_end_matches(';')
                .trim_matches('\'')
        })
        .collect();
    let codes: Vec<&str> = cognito_csv_validator::fix::ListedReject::ALL
        .iter()
        .map(|reject| reject.as_str())
        .collect();
    assert_eq!(named, codes, "src/npm/index.d.ts's ListedRejectCode");
}
