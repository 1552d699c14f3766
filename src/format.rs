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
