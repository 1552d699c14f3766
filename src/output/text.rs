//! The text form: one compiler-style line per finding, then a summary.

use crate::finding::Finding;
use crate::report::{Completion, JobOutcome, Report};
use crate::rules::Severity;
use crate::text::{plural, printable};
use std::fmt::Write;

/// One finding as a compiler-style line:
/// `users.csv:5: error[email.invalid]: email "bob@" is not a valid address: …`.
pub fn line(file_name: &str, finding: &Finding) -> String {
    let severity = severity_word(finding.severity());
    let message = finding.message();
    let message = printable(&message);
    match finding.line {
        Some(line) => format!(
            "{file_name}:{line}: {severity}[{}]: {message}",
            finding.code
        ),
        None => format!("{file_name}: {severity}[{}]: {message}", finding.code),
    }
}

/// `error` or `warning`.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The closing summary: pool, file, predicted outcome, counts per rule, and
/// what cannot be predicted.
pub fn summary(file_name: &str, report: &Report) -> String {
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
    let job = match (outcome.job, outcome.completion) {
        (JobOutcome::Succeeds, Some(Completion::TooManyFailed)) => {
            "the job runs, and most likely ends Failed (\"Too many users have failed or been skipped during \
             the import.\")"
        }
        (JobOutcome::Succeeds, _) => "the job succeeds (\"Import Job Completed Successfully.\")",
        (JobOutcome::Fails, _) => "the job FAILS (a job-level error above), so no user is imported",
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
