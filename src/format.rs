//! The report's text forms: compiler-style lines, CSV rows, and the log
//! Cognito would write to CloudWatch. Each works on findings as they come,
//! so that a caller can write them out without holding them all.

use crate::report::{is_blank_line, Finding, JobOutcome, LineStatus, Report};
use crate::rules::{Effect, Severity};
use std::borrow::Cow;
use std::fmt::Write;

/// Text with its control characters written as escapes (`\u{1b}`), so that
/// a value from a file can't drive the terminal it is shown on.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// One finding as a compiler-style line:
/// `users.csv:5: error[email.invalid]: email "bob@" is not a valid address: …`.
pub fn text_line(file_name: &str, finding: &Finding) -> String {
    let severity = severity_word(finding.severity());
    let message = printable(&finding.message);
    match finding.line {
        Some(line) => format!(
            "{file_name}:{line}: {severity}[{}]: {message}",
            finding.code
        ),
        None => format!("{file_name}: {severity}[{}]: {message}", finding.code),
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The closing summary of the text form: pool, file, predicted outcome,
/// counts per rule, and what cannot be predicted.
pub fn text_summary(file_name: &str, report: &Report) -> String {
    let mut out = String::new();
    let outcome = &report.outcome;
    let (errors, warnings) = report.counts_by_code.by_severity();
    let _ = writeln!(
        out,
        "{file_name}: checked against the {}",
        report.pool.describe()
    );
    let _ = writeln!(
        out,
        "{}, {}, {}; {}, {}",
        plural(report.file.bytes, "byte"),
        plural(report.file.lines, "line"),
        plural(outcome.users, "user"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    let job = match outcome.job {
        JobOutcome::Succeeds => "the job succeeds",
        JobOutcome::Fails => "the job FAILS (a job-level error above), so no user is imported",
    };
    let _ = writeln!(
        out,
        "Predicted outcome: {job}: {} imported, {} failed, {} skipped",
        outcome.imported, outcome.failed, outcome.skipped
    );
    let counts: Vec<String> = report
        .counts_by_code
        .iter()
        .map(|(code, count)| format!("{code} {count}"))
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(out, "By rule: {}", counts.join(", "));
    }
    for note in &report.notes {
        let _ = writeln!(out, "Note: {note}");
    }
    out
}

/// The header row of the CSV form.
pub const CSV_HEADER: &str = "line,column,code,severity,message";

/// One finding as a CSV row (RFC 4180 quoting, for spreadsheets).
pub fn csv_row(finding: &Finding) -> String {
    let line = finding
        .line
        .map(|line| line.to_string())
        .unwrap_or_default();
    let column = finding.column.as_deref().unwrap_or("");
    format!(
        "{line},{},{},{},{}",
        csv_field(&printable(column)),
        finding.code,
        severity_word(finding.severity()),
        csv_field(&printable(&finding.message))
    )
}

fn csv_field(text: &str) -> String {
    // A leading =, +, - or @ would be a formula in a spreadsheet.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Writes the log Cognito would write to CloudWatch, line by line, as
/// findings come: `[SUCCEEDED] Line Number 2 - The import succeeded.`
///
/// Feed it each batch of findings with the number of lines completed so
/// far ([`Progress::lines`](crate::Progress::lines)) and the header line
/// once known, then the report.
///
/// A job that fails imports nobody, and its log holds the job's errors only;
/// whether it fails is known at the end of the file. So the per-line entries
/// [`advance`](CloudWatchLog::advance) writes belong to a job that succeeds:
/// a caller that streams them must know the outcome first (the command line
/// reads a file twice for this log, and holds the entries of standard input
/// until the end). [`finish`](CloudWatchLog::finish) writes, for a failed
/// job, that job's log alone.
#[derive(Debug, Default)]
pub struct CloudWatchLog {
    /// The next line to write.
    next_line: u64,
    /// Findings of lines not written yet.
    pending: Vec<Finding>,
    /// The job-level errors seen, for the log of a failed job.
    job_errors: Vec<Finding>,
    /// Job-level errors seen beyond those kept.
    more_job_errors: u64,
}

/// How many job-level errors the log of a failed job lists.
const JOB_ERRORS_LISTED: usize = 100;

impl CloudWatchLog {
    /// A log that starts after the header line.
    pub fn new() -> CloudWatchLog {
        CloudWatchLog::default()
    }

    /// Takes a batch of findings, and writes the entry of every user line
    /// up to `completed`.
    pub fn advance(
        &mut self,
        findings: Vec<Finding>,
        header_line: Option<u64>,
        completed: u64,
        out: &mut String,
    ) {
        for finding in findings {
            if finding.code.rule().effect == Effect::FailsJob {
                if self.job_errors.len() < JOB_ERRORS_LISTED {
                    self.job_errors.push(finding.clone());
                } else {
                    self.more_job_errors += 1;
                }
            }
            if finding.line.is_some() {
                self.pending.push(finding);
            }
        }
        let Some(header_line) = header_line else {
            return;
        };
        // Findings of the header (and of blank lines above it) are no user's.
        self.next_line = self.next_line.max(header_line + 1);
        let first_user_line = self.next_line;
        self.pending
            .retain(|finding| finding.line.is_some_and(|line| line >= first_user_line));
        let mut taken = 0;
        while self.next_line <= completed {
            let line = self.next_line;
            let count = self.pending[taken..]
                .iter()
                .take_while(|finding| finding.line == Some(line))
                .count();
            write_line(line, &self.pending[taken..taken + count], out);
            taken += count;
            self.next_line += 1;
        }
        self.pending.drain(..taken);
    }

    /// Ends the log: for a job that succeeds, the entries of the last lines
    /// (`findings` are those not yet given to
    /// [`advance`](CloudWatchLog::advance)) and the end of the job; for a
    /// job that fails, its whole log: the job-level errors and the end.
    pub fn finish(mut self, findings: Vec<Finding>, report: &Report, out: &mut String) {
        match report.outcome.job {
            JobOutcome::Succeeds => {
                self.advance(findings, report.file.header_line, report.file.lines, out);
                out.push_str("Import Job Completed Successfully.\n");
            }
            JobOutcome::Fails => {
                self.advance(
                    findings,
                    report.file.header_line,
                    report.file.lines,
                    &mut String::new(),
                );
                for finding in &self.job_errors {
                    let message = printable(&finding.message);
                    let _ = match finding.line {
                        Some(line) => writeln!(out, "[FAILED] Line Number {line} - {message}"),
                        None => writeln!(out, "[FAILED] {message}"),
                    };
                }
                if self.more_job_errors > 0 {
                    let _ = writeln!(
                        out,
                        "[FAILED] … and {} more job-level errors",
                        self.more_job_errors
                    );
                }
                out.push_str("Import Job Failed: a job-level error stops the job, and no user is imported.\n");
            }
        }
    }
}

/// The forms a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Compiler-style lines, then a summary.
    Text,
    /// The [`Report`] as JSON, findings first.
    Json,
    /// One CSV row per finding, under [`CSV_HEADER`].
    Csv,
    /// The log Cognito would write to CloudWatch.
    CloudWatch,
}

impl ReportFormat {
    /// The format's name on the command line: `text`, `json`, `csv`,
    /// `cloudwatch`.
    pub fn parse(name: &str) -> Option<ReportFormat> {
        match name {
            "text" => Some(ReportFormat::Text),
            "json" => Some(ReportFormat::Json),
            "csv" => Some(ReportFormat::Csv),
            "cloudwatch" => Some(ReportFormat::CloudWatch),
            _ => None,
        }
    }

    /// The format's name, as [`ReportFormat::parse`] reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::CloudWatch => "cloudwatch",
        }
    }
}

/// Writes a report in one of its forms as the findings come:
/// [`start`](ReportWriter::start), [`findings`](ReportWriter::findings) for
/// each batch, then [`finish`](ReportWriter::finish). The command lines (the
/// native one and the npm package's) write their output with it.
///
/// ```
/// use cognito_csv_validator::format::{ReportFormat, ReportWriter};
/// use cognito_csv_validator::{Pool, Validator};
/// let mut validator = Validator::new(Pool::default());
/// validator.push(b"cognito:username,email\nbob,bob@\n");
/// let mut writer = ReportWriter::new(ReportFormat::Csv, "users.csv".into(), false).unwrap();
/// let mut out = writer.start();
/// writer.findings(validator.take_findings(), None, 0, &mut out);
/// let mut report = validator.finish();
/// let last = std::mem::take(&mut report.findings);
/// writer.finish(last, &report, &mut out);
/// assert!(out.starts_with("line,column,code,"));
/// ```
#[derive(Debug)]
pub struct ReportWriter {
    format: ReportFormat,
    /// The file's name, as the text form shows it.
    name: String,
    log: CloudWatchLog,
    /// Whether a finding was written to the JSON array already (a comma goes
    /// before the next one).
    #[cfg(feature = "json")]
    json_started: bool,
    /// Whether any finding was written (the text summary then stands apart).
    findings_written: bool,
    /// CloudWatch entries held until the job's fate is known (for input
    /// that can't be read twice).
    held: Option<String>,
}

impl ReportWriter {
    /// A writer of `format` for the file `name`. With `hold_log`, the
    /// CloudWatch form holds its per-line entries until
    /// [`finish`](ReportWriter::finish) and drops them if the job fails
    /// (see [`CloudWatchLog`]); without it, the caller has learned the
    /// outcome from a first reading. `None` for JSON in a build without the
    /// `json` feature (a caller there serializes the [`Report`] itself).
    pub fn new(format: ReportFormat, name: String, hold_log: bool) -> Option<ReportWriter> {
        if format == ReportFormat::Json && !cfg!(feature = "json") {
            return None;
        }
        Some(ReportWriter {
            format,
            name,
            log: CloudWatchLog::new(),
            #[cfg(feature = "json")]
            json_started: false,
            findings_written: false,
            held: (format == ReportFormat::CloudWatch && hold_log).then(String::new),
        })
    }

    /// What goes before the first finding.
    pub fn start(&self) -> String {
        match self.format {
            ReportFormat::Json => "{\"findings\":[".to_owned(),
            ReportFormat::Csv => format!("{CSV_HEADER}\n"),
            ReportFormat::Text | ReportFormat::CloudWatch => String::new(),
        }
    }

    /// Writes a batch of findings; `header_line` and `completed` (the lines
    /// read so far) are the validator's, for the CloudWatch form.
    pub fn findings(
        &mut self,
        findings: Vec<Finding>,
        header_line: Option<u64>,
        completed: u64,
        out: &mut String,
    ) {
        let before = out.len();
        match self.format {
            ReportFormat::Text => {
                for finding in &findings {
                    out.push_str(&text_line(&self.name, finding));
                    out.push('\n');
                }
            }
            ReportFormat::Csv => {
                for finding in &findings {
                    out.push_str(&csv_row(finding));
                    out.push('\n');
                }
            }
            ReportFormat::Json =>
            {
                #[cfg(feature = "json")]
                for finding in &findings {
                    if self.json_started {
                        out.push(',');
                    }
                    self.json_started = true;
                    out.push_str(&serde_json::to_string(finding).expect("findings serialize"));
                }
            }
            ReportFormat::CloudWatch => match &mut self.held {
                Some(held) => self.log.advance(findings, header_line, completed, held),
                None => self.log.advance(findings, header_line, completed, out),
            },
        }
        self.findings_written |= out.len() > before;
    }

    /// Writes the last findings (those left in the report) and the end: the
    /// text summary, the rest of the JSON report, or the end of the log.
    pub fn finish(mut self, findings: Vec<Finding>, report: &Report, out: &mut String) {
        match self.format {
            ReportFormat::CloudWatch => {
                let log = std::mem::take(&mut self.log);
                // A failed job's log is its errors alone: held entries go.
                if let Some(held) = self.held.take() {
                    if report.outcome.job == JobOutcome::Succeeds {
                        out.push_str(&held);
                    }
                }
                log.finish(findings, report, out);
            }
            ReportFormat::Json => {
                self.findings(findings, None, 0, out);
                #[cfg(feature = "json")]
                {
                    let mut rest = serde_json::to_value(report).expect("reports serialize");
                    let object = rest.as_object_mut().expect("a report is an object");
                    object.remove("findings");
                    let rest = serde_json::to_string(&rest).expect("reports serialize");
                    out.push_str("],");
                    out.push_str(&rest[1..]);
                    out.push('\n');
                }
            }
            ReportFormat::Text => {
                self.findings(findings, None, 0, out);
                if self.findings_written {
                    out.push('\n');
                }
                out.push_str(&text_summary(&self.name, report));
            }
            ReportFormat::Csv => self.findings(findings, None, 0, out),
        }
    }
}

fn write_line(line: u64, findings: &[Finding], out: &mut String) {
    if is_blank_line(findings) {
        return;
    }
    let _ = match LineStatus::of(findings) {
        LineStatus::Imported => writeln!(
            out,
            "[SUCCEEDED] Line Number {line} - The import succeeded."
        ),
        LineStatus::Skipped => writeln!(
            out,
            "[SKIPPED] Line Number {line} - The user already exists."
        ),
        LineStatus::Failed => {
            let mut errors = findings
                .iter()
                .filter(|finding| finding.severity() == Severity::Error);
            let first = printable(errors.next().map_or("", |finding| finding.message.as_str()));
            match errors.count() {
                0 => writeln!(out, "[FAILED] Line Number {line} - {first}"),
                more => writeln!(
                    out,
                    "[FAILED] Line Number {line} - {first} (and {})",
                    plural(more as u64, "more problem")
                ),
            }
        }
    };
}

/// `1234567` as `1,234,567`.
pub(crate) fn group(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 character`, `2 characters`.
pub(crate) fn plural(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", group(count))
    }
}
