//! Golden reports: every fixture CSV under `tests/fixtures` has its expected
//! report next to it (`x.csv` → `x.expected.json`, the JSON report without
//! the pool, which `x.options.json` gives), and gives that same report
//! whatever the chunking. `UPDATE_GOLDEN=1 cargo test` rewrites
//! the expected reports (review the diff before committing it).

mod common;

use cognito_csv_validator::finding::NotDialect;
use cognito_csv_validator::pool::{parse_describe_user_pool, parse_get_csv_header};
use cognito_csv_validator::{Code, Overrides, Pool, PoolSources, Validator, RULES};
use common::*;

#[test]
fn every_fixture_matches_its_golden_report() {
    // UPDATE_GOLDEN=1 rewrites every golden report; UPDATE_GOLDEN=text only
    // those of fixtures whose path contains the text.
    let update = std::env::var("UPDATE_GOLDEN").ok();
    let mut failures = Vec::new();
    for csv in fixtures() {
        let bytes = std::fs::read(&csv).unwrap();
        let report = to_golden(&validate(&pool_for(&csv), &bytes));
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

/// The pool each report carries, in its JSON form: one golden per pool of
/// the fixtures (`tests/pools/x.json` → `tests/pools/x.pool.expected.json`),
/// the default pool's, and the example pool's with its header.
#[test]
fn every_pool_matches_its_golden_form() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let folder = tests_dir().join("pools");
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();
    let mut pools = vec![("default".to_owned(), Pool::default())];
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json") && !name.ends_with(".expected.json"))
        .collect();
    names.sort();
    for name in names {
        let text = read(&name);
        let sources = if name.starts_with("get-csv-header") {
            PoolSources {
                get_csv_header: Some(parse_get_csv_header(&text).unwrap()),
                ..PoolSources::default()
            }
        } else {
            PoolSources {
                describe_user_pool: Some(parse_describe_user_pool(&text).unwrap()),
                ..PoolSources::default()
            }
        };
        let stem = name.trim_end_matches(".json").to_owned();
        pools.push((
            stem,
            Pool::from_sources(sources, &Overrides::default()).unwrap(),
        ));
    }
    let both = PoolSources {
        describe_user_pool: Some(
            parse_describe_user_pool(&read("describe-user-pool.json")).unwrap(),
        ),
        get_csv_header: Some(parse_get_csv_header(&read("get-csv-header.json")).unwrap()),
    };
    pools.push((
        "describe-user-pool+get-csv-header".to_owned(),
        Pool::from_sources(both, &Overrides::default()).unwrap(),
    ));
    let mut failures = Vec::new();
    for (stem, pool) in pools {
        let golden = folder.join(format!("{stem}.pool.expected.json"));
        let json = serde_json::to_value(&pool).unwrap();
        let pretty = serde_json::to_string_pretty(&json).unwrap() + "\n";
        if update {
            std::fs::write(&golden, &pretty).unwrap();
        } else if std::fs::read_to_string(&golden)
            .ok()
            .map(|text| serde_json::from_str::<serde_json::Value>(&text).unwrap())
            != Some(json)
        {
            failures.push(format!(
                "{}: differs (UPDATE_GOLDEN=1 rewrites it):\n{pretty}",
                golden.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The engine's line statuses: one for every line, in order, and the
/// outcome's counts are theirs.
#[test]
fn line_statuses_cover_every_line_and_make_the_outcome() {
    use cognito_csv_validator::{JobOutcome, LineStatus};
    for csv in fixtures() {
        let report = validate(&pool_for(&csv), &std::fs::read(&csv).unwrap());
        let name = csv.display();
        assert_eq!(report.statuses.first, 1, "{name}");
        assert_eq!(report.statuses.end(), report.file.lines + 1, "{name}");
        let count = |wanted: LineStatus| {
            report
                .statuses
                .lines()
                .filter(|&(_, status)| status == wanted)
                .count() as u64
        };
        let outcome = report.outcome;
        let (imported, failed, skipped) = (
            count(LineStatus::Imported),
            count(LineStatus::Failed),
            count(LineStatus::Skipped),
        );
        assert_eq!(imported + failed + skipped, outcome.users, "{name}");
        if outcome.job == JobOutcome::Succeeds {
            assert_eq!(
                (imported, failed, skipped),
                (outcome.imported, outcome.failed, outcome.skipped),
                "{name}"
            );
        }
        // A PowerShell type line is where Cognito reads the header; the
        // line after it is the header checked.
        let type_line = report.findings.iter().any(|finding| {
            finding.detail == cognito_csv_validator::Detail::NotDialect(NotDialect::TypeLine)
        });
        assert_eq!(
            count(LineStatus::Header),
            u64::from(report.file.header_line.is_some()) + u64::from(type_line),
            "{name}"
        );
        for finding in &report.findings {
            if let Some(line) = finding.line {
                let status = report.statuses.get(line);
                let blank = finding.code == Code::LineBlank;
                assert_eq!(
                    status == Some(LineStatus::Blank),
                    blank,
                    "{name}: line {line}"
                );
            }
        }
    }
}

/// The predicted CloudWatch log is in Cognito's own words, with no value
/// from the file: every line is one of Cognito's sentences, and an
/// attribute it names is one of the pool's.
#[test]
fn the_cloudwatch_log_holds_no_value_from_the_file() {
    use cognito_csv_validator::output::{ReportFormat, ReportWriter};
    let header = "The header in the CSV file does not match the expected headers. Use the GetCSVHeader API to get the expected headers.";
    let mut problems = Vec::new();
    for csv in fixtures() {
        let pool = pool_for(&csv);
        let mut validator = Validator::new(pool.clone());
        validator.push(&std::fs::read(&csv).unwrap());
        let mut writer = ReportWriter::new(ReportFormat::CloudWatch, "x.csv".into(), true);
        let mut log = writer.start();
        writer.write(&validator.take(), &mut log);
        writer.finish(&validator.finish(), &mut log);
        let known = |attribute: &str| {
            pool.header.iter().any(|name| name == attribute) || attribute == "password_hash"
        };
        for line in log.lines() {
            let per_user = line
                .split_once(" - ")
                .filter(|(start, _)| {
                    ["[SUCCEEDED]", "[SKIPPED]", "[FAILED]"]
                        .iter()
                        .any(|status| start.starts_with(&format!("{status} Line Number ")))
                })
                .map(|(_, sentence)| sentence);
            let fits = match per_user {
                Some(sentence) => {
                    [
                        "The import succeeded.",
                        "The user already exists.",
                        "The User Record does not match the schema.",
                        "The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).",
                    ]
                    .contains(&sentence)
                        || sentence
                            .strip_prefix("The User Record contains an invalid value for ")
                            .and_then(|rest| rest.strip_suffix('.'))
                            .is_some_and(known)
                }
                None => {
                    line == header
                        || line == "Import Job Completed Successfully."
                        || line == "Too many users have failed or been skipped during the import."
                        || line.starts_with("The import job fails: ")
                            && RULES.iter().any(|rule| line.ends_with(&rule.summary.replace('`', "")))
                }
            };
            if !fits {
                problems.push(format!("{}: {line}", csv.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
