//! Cognito's file-wide limits, with generated files (too large to keep in
//! the repository).

use cognito_csv_validator::{limits, Code, JobOutcome, Pool, Validator};

const HEADER: &str =
    "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,\
profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,\
phone_number_verified,address,updated_at,cognito:mfa_enabled\n";

/// A valid user line of exactly `length` bytes (terminator included).
fn user_line(index: u64, length: usize) -> String {
    let start = format!("user{index},,,,,,,,,,user{index}@example.com,true,,,,,,,");
    let end = ",,false\n";
    let padding = length - start.len() - end.len();
    format!("{start}{}{end}", "a".repeat(padding))
}

/// Validates a header and `users` generated lines of (nearly) equal length,
/// so that the file has `total` bytes.
fn generated(users: u64, total: u64) -> cognito_csv_validator::Report {
    let mut validator = Validator::new(Pool::default());
    validator.push(HEADER.as_bytes());
    let mut bytes = HEADER.len() as u64;
    for index in 1..=users {
        let line = user_line(index, ((total - bytes) / (users - index + 1)) as usize);
        bytes += line.len() as u64;
        validator.push(line.as_bytes());
        let findings = validator.take().findings;
        assert!(
            findings.iter().all(|finding| finding.line.is_none()),
            "line {index}: {findings:?}"
        );
    }
    validator.finish()
}

#[test]
fn file_of_exactly_100_000_000_bytes_is_accepted() {
    let report = generated(450_000, limits::FILE_BYTES);
    assert_eq!(report.file.bytes, 100_000_000);
    assert_eq!(report.counts_by_code.get(Code::FileTooLarge), 0);
    assert_eq!(report.outcome.job, JobOutcome::Succeeds);
    assert_eq!(report.outcome.imported, 450_000);
}

#[test]
fn file_of_100_000_001_bytes_is_too_large() {
    let report = generated(450_000, limits::FILE_BYTES + 1);
    assert_eq!(report.counts_by_code.get(Code::FileTooLarge), 1);
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.code == Code::FileTooLarge)
        .unwrap();
    assert!(
        finding.message().contains("100,000,001 bytes"),
        "{}",
        finding.message()
    );
    assert_eq!(report.outcome.job, JobOutcome::Fails);
    assert_eq!(
        (report.outcome.imported, report.outcome.failed),
        (0, 450_000)
    );
}

#[test]
fn five_hundred_thousand_users_are_accepted_and_one_more_is_too_many() {
    let length = 72;
    let at_limit = generated(500_000, HEADER.len() as u64 + 500_000 * length);
    assert_eq!(at_limit.counts_by_code.get(Code::FileTooManyUsers), 0);
    assert_eq!(at_limit.outcome.imported, 500_000);

    let over = generated(500_001, HEADER.len() as u64 + 500_001 * length);
    assert_eq!(over.counts_by_code.get(Code::FileTooManyUsers), 1);
    let finding = over
        .findings
        .iter()
        .find(|finding| finding.code == Code::FileTooManyUsers)
        .unwrap();
    assert!(
        finding
            .message()
            .contains("user 500,001 is on line 500,002"),
        "{}",
        finding.message()
    );
    assert_eq!(over.outcome.job, JobOutcome::Fails);
}

#[test]
fn blank_lines_are_not_users() {
    let mut validator = Validator::new(Pool::default());
    validator.push(HEADER.as_bytes());
    validator.push(user_line(1, 60).as_bytes());
    validator.push(b"\n \n\t\n");
    let report = validator.finish();
    assert_eq!(report.outcome.users, 1);
    assert_eq!(report.file.lines, 5);
    // Blank lines in a row are one finding.
    assert_eq!(report.counts_by_code.get(Code::LineBlank), 1);
    assert!(report.findings[0]
        .message()
        .starts_with("lines 3 to 5 are blank (3 lines)"));
}

/// Loading a pool's header, and reading a file's header against it, take
/// time linear in their width: four times the columns take about four
/// times as long, where a search per column took sixteen (a pool header of
/// 100,000 columns took 41 s).
#[test]
fn wide_headers_are_read_in_linear_time() {
    use cognito_csv_validator::pool::parse_get_csv_header;
    use cognito_csv_validator::{Overrides, PoolSources};
    // Best of 5: the time to load a pool header of `columns` columns, and
    // to read a file's header of as many (when it fits a kept line). Linear
    // is 4 times for 4 times the columns, quadratic 16: the bound, 10,
    // leaves room for a machine that is busy (a run of 7 ms against 55
    // failed a bound of 8 while other builds ran).
    let time = |columns: usize, read_header: bool| {
        let names: Vec<String> = [
            "cognito:username",
            "email",
            "email_verified",
            "cognito:mfa_enabled",
        ]
        .into_iter()
        .map(String::from)
        .chain((0..columns).map(|index| format!("custom:{index}")))
        .collect();
        let json = serde_json::json!({ "CSVHeader": names }).to_string();
        let line = format!("{}\n", names.join(","));
        (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                let sources = PoolSources {
                    get_csv_header: Some(parse_get_csv_header(&json).unwrap()),
                    ..PoolSources::default()
                };
                let pool = Pool::from_sources(sources, &Overrides::default()).unwrap();
                if read_header {
                    let mut validator = Validator::new(pool);
                    validator.push(line.as_bytes());
                    let report = validator.finish();
                    assert_eq!(report.file.header_line, Some(1));
                    assert_eq!(report.counts_by_code.get(Code::HeaderMissingColumn), 0);
                    assert_eq!(report.counts_by_code.get(Code::LineTooLong), 1);
                }
                start.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let (small, large) = (time(25_000, false), time(100_000, false));
    assert!(
        large < small * 10.0,
        "pool headers: 25,000 columns {small:.3} s, 100,000 {large:.3} s"
    );
    // A line of up to 64 KB is read whole: some 7,000 such columns.
    let (small, large) = (time(1_700, true), time(6_800, true));
    assert!(
        large < small * 10.0,
        "file headers: 1,700 columns {small:.4} s, 6,800 {large:.4} s"
    );
}
