//! The native command line: exit codes, formats, standard input, bad flags
//! and bad pool files.

mod common;

use cognito_csv_validator::text::printable;
use common::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_cognito-csv-validator");

fn run(arguments: &[&str]) -> Output {
    Command::new(BINARY)
        .args(arguments)
        .current_dir(tests_dir())
        .output()
        .unwrap()
}

fn run_with_stdin(arguments: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BINARY)
        .args(arguments)
        .current_dir(tests_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const FAILING: &str = "fixtures/email.invalid/trigger.csv";

#[test]
fn exit_code_is_0_when_every_user_is_imported() {
    let output = run(&["aws-template-example.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(
            "Predicted outcome: the job succeeds (\"Import Job Completed Successfully.\"): 2 imported, 0 failed, 0 \
             skipped"
        ),
        "{text}"
    );
    assert!(text.contains("default pool"), "{text}");
}

#[test]
fn exit_code_is_1_when_a_user_fails_or_the_job_fails() {
    assert_eq!(run(&[FAILING]).status.code(), Some(1));
    let job_fails = run(&[
        "--pool",
        "pools/describe-user-pool.json",
        "aws-template-example.csv",
    ]);
    assert_eq!(job_fails.status.code(), Some(1));
    assert!(stdout(&job_fails).contains("error[header.missing_column]"));
}

#[test]
fn text_lines_are_compiler_style() {
    let text = stdout(&run(&[FAILING]));
    let line = text
        .lines()
        .find(|line| line.contains("[email.invalid]"))
        .unwrap();
    assert!(line.starts_with(&format!("{FAILING}:")), "{line}");
    let rest = &line[FAILING.len() + 1..];
    let (number, rest) = rest.split_once(": ").unwrap();
    assert!(number.parse::<u64>().unwrap() >= 2, "{line}");
    assert!(rest.starts_with("error[email.invalid]: "), "{line}");
}

#[test]
fn json_equals_the_library_report() {
    for fixture in [
        FAILING,
        "aws-template-example.csv",
        "fixtures/line.blank/trigger.csv",
    ] {
        let output = run(&["--format", "json", fixture]);
        let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let path = tests_dir().join(fixture);
        let expected = to_json(&validate(&pool_for(&path), &std::fs::read(&path).unwrap()));
        assert_eq!(printed, expected, "{fixture}");
    }
}

#[test]
fn csv_has_one_row_per_finding() {
    let output = run(&["--format=csv", FAILING]);
    let text = stdout(&output);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("line,column,code,severity,message,line_status,value")
    );
    let path = tests_dir().join(FAILING);
    let report = validate(&pool_for(&path), &std::fs::read(&path).unwrap());
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), report.findings.len());
    for (row, finding) in rows.iter().zip(&report.findings) {
        let prefix = format!(
            "{},{},{},",
            finding.line.unwrap(),
            finding.column.as_deref().unwrap_or(""),
            finding.code
        );
        assert!(row.starts_with(&prefix), "{row} / {prefix}");
    }
}

/// The fields of a CSV row as RFC 4180 quotes them (no line breaks).
fn csv_fields(row: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn csv_rows_have_the_value_and_the_line_status_the_report_gives() {
    let mut values = 0;
    // The fixtures of the default pool: no pool flag to give.
    let fixtures = fixtures()
        .into_iter()
        .filter(|path| !sibling(path, "options.json").exists());
    for path in fixtures {
        let fixture = path.display();
        let text = stdout(&run(&["--format", "csv", &path.to_string_lossy()]));
        let report = validate(&pool_for(&path), &std::fs::read(&path).unwrap());
        let rows: Vec<Vec<String>> = text.lines().skip(1).map(csv_fields).collect();
        assert_eq!(rows.len(), report.findings.len(), "{fixture}");
        for (row, finding) in rows.iter().zip(&report.findings) {
            assert_eq!(row.len(), 7, "{fixture}: {row:?}");
            let status = finding
                .line
                .and_then(|line| report.statuses.get(line))
                .map_or("", |status| status.as_str());
            assert_eq!(row[5], status, "{fixture}: {row:?}");
            let value = printable(finding.value.as_deref().unwrap_or(""));
            // Spreadsheets would read a leading = + - @ as a formula.
            let value = if value.starts_with(['=', '+', '-', '@']) {
                format!("'{value}")
            } else {
                value.into_owned()
            };
            assert_eq!(row[6], value, "{fixture}: {row:?}");
        }
        values += rows.iter().filter(|row| !row[6].is_empty()).count();
        // Standard output is for other programs: no byte order mark.
        assert!(text.starts_with("line,"), "{fixture}");
    }
    assert!(values > 0, "the fixtures have values");
}

#[test]
fn cloudwatch_has_one_line_per_user_then_the_end() {
    let text = stdout(&run(&[
        "--format",
        "cloudwatch",
        "aws-template-example.csv",
    ]));
    assert_eq!(
        text,
        "[SUCCEEDED] Line Number 2 - The import succeeded.\n\
         [SUCCEEDED] Line Number 3 - The import succeeded.\n\
         Import Job Completed Successfully.\n"
    );
    let text = stdout(&run(&[
        "--format",
        "cloudwatch",
        "fixtures/username.duplicate/trigger.csv",
    ]));
    assert!(text.contains("[SKIPPED] Line Number "), "{text}");
    assert!(
        text.ends_with("Import Job Completed Successfully.\n"),
        "{text}"
    );
    // A failed job imports nobody: its log is its errors alone, for a file
    // as for standard input.
    let failing = [
        "--format",
        "cloudwatch",
        "--pool",
        "pools/describe-user-pool.json",
    ];
    let from_file = stdout(&run(&[&failing[..], &["aws-template-example.csv"]].concat()));
    let bytes = std::fs::read(tests_dir().join("aws-template-example.csv")).unwrap();
    let from_stdin = stdout(&run_with_stdin(&[&failing[..], &["-"]].concat(), &bytes));
    // And in Cognito's words: no value of the file, no line processed.
    for text in [&from_file, &from_stdin] {
        assert_eq!(
            text,
            "The header in the CSV file does not match the expected headers. Use the GetCSVHeader API to \
             get the expected headers.\n"
        );
    }
}

#[test]
fn standard_input_streams_like_a_file() {
    let bytes = std::fs::read(tests_dir().join(FAILING)).unwrap();
    let from_stdin = run_with_stdin(&["--format", "json", "-"], &bytes);
    let from_file = run(&["--format", "json", FAILING]);
    assert_eq!(from_stdin.status.code(), Some(1));
    assert_eq!(from_stdin.stdout, from_file.stdout);
    assert!(stdout(&run_with_stdin(&["-"], &bytes)).contains("<stdin>:"));
}

#[test]
fn overrides_change_the_pool() {
    let output = run(&[
        "--auto-verified",
        "",
        "--format",
        "json",
        "aws-template-example.csv",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["countsByCode"]["pool.no_auto_verified"], 1);
    assert_eq!(
        report["pool"]["overrides"],
        serde_json::json!(["autoVerified"])
    );
    let output = run(&[
        "--mfa",
        "ON",
        "--case-sensitive",
        "--password-hash-algorithm",
        "bcrypt",
        "--format",
        "json",
        "aws-template-example.csv",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["pool"]["mfa"], "ON");
    assert_eq!(report["pool"]["caseSensitive"], true);
    assert_eq!(report["countsByCode"]["mfa.conflict"], 2);
    assert_eq!(report["countsByCode"]["header.missing_password_hash"], 1);
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    for (arguments, expected) in [
        (
            &["--format", "xml", "x.csv"][..],
            "--format takes text, json, csv or cloudwatch, not \"xml\"",
        ),
        (
            &["--mfa", "sometimes", "x.csv"],
            "--mfa takes off, on or optional",
        ),
        (
            &["--auto-verified", "email,name", "x.csv"],
            "--auto-verified takes email and/or phone_number",
        ),
        (
            &["--password-hash-algorithm", "MD5", "x.csv"],
            "not \"MD5\"",
        ),
        (
            &["--case-sensitive", "--case-insensitive", "x.csv"],
            "exclude each other",
        ),
        (&["--bogus", "x.csv"], "unknown option --bogus"),
        (&["--pool"], "--pool needs a value"),
        (&[], "no file given"),
        (
            &["fix", "a.csv", "b.csv", "--out", "x"],
            "fix takes one file at a time",
        ),
        (
            &["aws-template-example.csv", "-"],
            "standard input (-) can't be one of several files",
        ),
        (
            &["no-such-file.csv"],
            "cannot open no-such-file.csv: no such file",
        ),
        (&["fixtures"], "fixtures is a folder"),
    ] {
        let output = run(arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        assert!(
            stderr(&output).contains(expected),
            "{arguments:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{arguments:?}");
    }
}

#[test]
fn bad_pool_files_name_the_file_and_the_json_path() {
    let folder = std::env::temp_dir().join(format!("ccv-cli-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let write = |name: &str, text: &str| {
        let path = folder.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let cases = [
        (
            write("syntax.json", "{\"UserPool\": {"),
            "--pool",
            "not valid JSON",
        ),
        (
            write(
                "type.json",
                r#"{"UserPool": {"SchemaAttributes": [{"Name": "email", "Required": "yes"}]}}"#,
            ),
            "--pool",
            "at UserPool.SchemaAttributes[0].Required: invalid type",
        ),
        (
            write(
                "mfa.json",
                r#"{"UserPool": {"SchemaAttributes": [], "MfaConfiguration": "SOMETIMES"}}"#,
            ),
            "--pool",
            "at UserPool.MfaConfiguration: unknown variant",
        ),
        (write("empty.json", ""), "--pool", "the file is empty"),
        (
            write("header.json", r#"{"CSVHeader": ["name"]}"#),
            "--header",
            "no \"cognito:username\"",
        ),
        (
            tests_dir()
                .join("pools/get-csv-header.json")
                .to_str()
                .unwrap()
                .to_owned(),
            "--pool",
            "give it as the header file",
        ),
    ];
    for (path, flag, expected) in cases {
        let output = run(&[flag, &path, "aws-template-example.csv"]);
        assert_eq!(output.status.code(), Some(2), "{path}");
        let message = stderr(&output);
        assert!(
            message.contains(&path) && message.contains(expected),
            "{path}: {message}"
        );
    }
    let output = run(&["--pool", "missing.json", "aws-template-example.csv"]);
    assert!(stderr(&output).contains("cannot read the pool file missing.json: no such file"));
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn control_characters_from_the_file_never_reach_the_terminal() {
    // (The CloudWatch log holds no value from the file at all.)
    for format in ["text", "csv"] {
        let output = run(&[
            "--format",
            format,
            "fixtures/examples/control-characters.csv",
        ]);
        let printed = stdout(&output);
        assert!(printed.contains("\\u{1b}"), "{format}: {printed}");
        assert!(
            !printed.contains('\u{1b}') && !printed.contains('\u{7}'),
            "{format}: {printed}"
        );
    }
}

#[test]
fn existing_users_skip_their_lines_and_a_bad_users_file_is_named() {
    let pool = [
        "--pool",
        "pools/describe-user-pool.json",
        "--header",
        "pools/get-csv-header.json",
    ];
    let with = |extra: &[&str]| {
        let mut arguments = pool.to_vec();
        arguments.extend_from_slice(extra);
        arguments.push("existing/import.csv");
        run(&arguments)
    };
    // The JSON report is the library's, users included.
    let output = with(&["--existing", "existing/list-users.json", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let mut report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report.as_object_mut().unwrap().remove("pool");
    let golden: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tests_dir().join("existing/import.expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report, golden);
    // The CloudWatch log reads the file twice, with the users both times.
    let log = stdout(&with(&[
        "--existing",
        "existing/list-users.json",
        "--format",
        "cloudwatch",
    ]));
    assert!(
        log.contains("[SKIPPED] Line Number 2 - The user already exists."),
        "{log}"
    );

    let folder = std::env::temp_dir().join(format!("ccv-cli-existing-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let write = |name: &str, text: &str| {
        let path = folder.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let cases = [
        (write("table.txt", "------\n|ListUsers|\n"), "this is not JSON; give the output of `aws cognito-idp list-users --user-pool-id ID --output json`"),
        (write("cut.json", "{\"Users\": [{\"Username\": \"a\""), "line 1, column 27: the input ends inside an object"),
        (write("no-users.json", "{\"UserPool\": {}}"), "the JSON has no \"Users\""),
        ("pools".to_owned(), "is a folder: give the JSON file of `aws cognito-idp list-users`"),
        ("missing.json".to_owned(), "cannot read the users file missing.json: no such file"),
    ];
    for (path, expected) in cases {
        let output = with(&["--existing", &path]);
        assert_eq!(output.status.code(), Some(2), "{path}");
        let message = stderr(&output);
        assert!(
            message.contains(&path) && message.contains(expected),
            "{path}: {message}"
        );
    }
    std::fs::remove_dir_all(&folder).unwrap();
    // fix does not take it (yet): a usage error, not a silent skip.
    let output = run(&[
        "fix",
        "--existing",
        "existing/list-users.json",
        "existing/import.csv",
        "--out",
        "x",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn several_files_are_one_migration_with_one_summary() {
    let arguments = [
        "--pool",
        "pools/describe-user-pool.json",
        "--header",
        "pools/get-csv-header.json",
        "--existing",
        "existing/list-users.json",
        "migration/first.csv",
        "migration/second.csv",
    ];
    let with_format = |format: &str| {
        let mut words = arguments.to_vec();
        words.extend(["--format", format]);
        run(&words)
    };
    // The JSON form: each file's report, then the migration.
    let output = with_format("json");
    assert_eq!(output.status.code(), Some(1));
    let mut json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for file in json["files"].as_array_mut().unwrap() {
        file["report"].as_object_mut().unwrap().remove("pool");
    }
    let golden = tests_dir().join("migration/migration.expected.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, serde_json::to_string_pretty(&json).unwrap() + "\n").unwrap();
    }
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&golden).unwrap()).unwrap();
    assert_eq!(json, expected);
    // The second file's report is the engine's, after the first file's job.
    let pool = pool_for(&tests_dir().join("existing/import.csv"));
    let mut reader = cognito_csv_validator::existing::ExistingUsersReader::new(&pool);
    reader
        .push(&std::fs::read(tests_dir().join("existing/list-users.json")).unwrap())
        .unwrap();
    let mut migration = cognito_csv_validator::engine::migration::Migration::new(
        pool,
        Some(std::sync::Arc::new(reader.finish().unwrap())),
    );
    let mut reports = Vec::new();
    for name in ["first.csv", "second.csv"] {
        let mut validator = migration.next_file();
        validator.push(&std::fs::read(tests_dir().join("migration").join(name)).unwrap());
        reports.push(to_golden(&migration.finish_file(validator)));
    }
    assert_eq!(json["files"][1]["report"], reports[1]);
    assert_eq!(json["migration"]["imported"], 3);

    // The text form: each file's report, then the summary; the CSV form
    // names each row's file.
    let text = stdout(&with_format("text"));
    assert!(
        text.ends_with(
            "Migration of 2 files, their jobs run in this order: 7 users; 3 imported, 2 failed, 2 skipped\n  \
             file 1, migration/first.csv: 2 imported, 1 failed, 1 skipped\n  \
             file 2, migration/second.csv: 1 imported, 1 failed, 1 skipped\n"
        ),
        "{text}"
    );
    let csv = stdout(&with_format("csv"));
    assert!(
        csv.starts_with("file,line,column,code,severity,message,line_status,value\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nmigration/second.csv,2,cognito:username,username.duplicate,"),
        "{csv}"
    );
    assert_eq!(csv.matches("file,line,").count(), 1, "one header row");

    // What several files can't be.
    for (extra, message) in [
        (
            &["-"][..],
            "standard input (-) can't be one of several files",
        ),
        (
            &["--format", "cloudwatch"],
            "--format cloudwatch writes one job's log",
        ),
    ] {
        let mut words = arguments.to_vec();
        words.extend_from_slice(extra);
        let output = run(&words);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
}
