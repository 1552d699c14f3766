//! The report's text forms: compiler-style lines, CSV rows, and the log
//! Cognito would write to CloudWatch. Each works on findings as they come,
//! so that a caller can write them out without holding them all.

use crate::report::{is_blank_line, Finding, JobOutcome, LineStatus, Report};
use crate::rules::{Effect, Severity};
use std::fmt::Write;

/// One finding as a compiler-style line:
/// `users.csv:5: error[email.invalid]: email "bob@" is not a valid address: …`.
pub fn text_line(file_name: &str, finding: &Finding) -> String {
    let severity = severity_word(finding.severity());
    match finding.line {
        Some(line) => format!(
            "{file_name}:{line}: {severity}[{}]: {}",
            finding.code, finding.message
        ),
        None => format!(
            "{file_name}: {severity}[{}]: {}",
            finding.code, finding.message
        ),
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
        "\n{file_name}: checked against the {}",
        report.pool.describe()
    );
    let _ = writeln!(
        out,
        "{} bytes, {} lines, {} users; {} errors, {} warnings",
        report.file.bytes, report.file.lines, outcome.users, errors, warnings
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
        csv_field(column),
        finding.code,
        severity_word(finding.severity()),
        csv_field(&finding.message)
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
/// far ([`Progress::lines`](crate::Progress::lines)), and the header line
/// once known; then the report.
#[derive(Debug, Default)]
pub struct CloudWatchLog {
    /// The next line to write.
    next_line: u64,
    /// Findings of lines not written yet.
    pending: Vec<Finding>,
    /// Findings without a line, for the end of the log.
    job_findings: Vec<Finding>,
}

impl CloudWatchLog {
    /// A log that starts after the header line.
    pub fn new() -> CloudWatchLog {
        CloudWatchLog::default()
    }

    /// Takes a batch of findings, and writes every line up to `completed`
    /// that comes after `header_line`.
    pub fn advance(
        &mut self,
        findings: Vec<Finding>,
        header_line: Option<u64>,
        completed: u64,
        out: &mut String,
    ) {
        for finding in findings {
            match finding.line {
                Some(_) => self.pending.push(finding),
                None => self.job_findings.push(finding),
            }
        }
        let Some(header_line) = header_line else {
            return;
        };
        self.next_line = self.next_line.max(header_line + 1);
        // Findings of the header (and of blank lines above it) are no user's.
        let first_user_line = self.next_line;
        let (before, users): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|finding| finding.line.is_some_and(|line| line < first_user_line));
        self.pending = users;
        self.job_findings.extend(
            before
                .into_iter()
                .filter(|finding| finding.code.rule().effect == Effect::FailsJob),
        );
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

    /// Writes the rest (the last findings, those not yet given to
    /// [`advance`](CloudWatchLog::advance)) and the end of the job.
    pub fn finish(mut self, findings: Vec<Finding>, report: &Report, out: &mut String) {
        self.advance(findings, report.file.header_line, report.file.lines, out);
        match report.outcome.job {
            JobOutcome::Succeeds => out.push_str("Import Job Completed Successfully.\n"),
            JobOutcome::Fails => {
                for finding in &self.job_findings {
                    if finding.code.rule().effect == Effect::FailsJob {
                        let _ = writeln!(out, "[FAILED] {}", finding.message);
                    }
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
            let first = errors.next().map_or("", |finding| finding.message.as_str());
            match errors.count() {
                0 => writeln!(out, "[FAILED] Line Number {line} - {first}"),
                more => writeln!(
                    out,
                    "[FAILED] Line Number {line} - {first} (and {more} more problems)"
                ),
            }
        }
    };
}
