//! The log Cognito would write to CloudWatch, line by line:
//! `[SUCCEEDED] Line Number 2 - The import succeeded.`

use crate::engine::Batch;
use crate::finding::{Finding, LineStatus};
use crate::report::{JobOutcome, Report};
use crate::rules::{Effect, Severity};
use crate::text::{plural, printable};
use std::collections::VecDeque;
use std::fmt::Write;

/// How many job-level errors the log of a failed job lists.
const JOB_ERRORS_LISTED: usize = 100;

/// Writes the log from the engine's batches: an entry for each user line
/// from its status (and its first error, for a line that fails).
///
/// A job that fails imports nobody, and its log holds the job's errors only;
/// whether it fails is known at the end of the file. So the per-line entries
/// [`write`](CloudWatchLog::write) gives belong to a job that succeeds: a
/// caller that streams them must know the outcome first (the command line
/// reads a file twice for this log, and holds the entries of standard input
/// until the end). [`finish`](CloudWatchLog::finish) writes, for a failed
/// job, that job's log alone.
#[derive(Debug, Default)]
pub struct CloudWatchLog {
    /// The errors of lines whose status has not come yet.
    pending: VecDeque<Finding>,
    /// The job-level errors seen, for the log of a failed job.
    job_errors: Vec<Finding>,
    /// Job-level errors seen beyond those kept.
    more_job_errors: u64,
}

impl CloudWatchLog {
    /// Writes the entries of the batch's lines.
    pub fn write(&mut self, batch: &Batch, out: &mut String) {
        for finding in &batch.findings {
            if finding.code.rule().effect == Effect::FailsJob {
                if self.job_errors.len() < JOB_ERRORS_LISTED {
                    self.job_errors.push(finding.clone());
                } else {
                    self.more_job_errors += 1;
                }
            }
            if finding.line.is_some() && finding.severity() == Severity::Error {
                self.pending.push_back(finding.clone());
            }
        }
        let mut line = batch.statuses.first;
        for &(status, lines) in &batch.statuses.runs {
            let end = line + lines;
            match status {
                LineStatus::Header | LineStatus::Blank => {}
                LineStatus::Imported => {
                    for line in line..end {
                        let _ = writeln!(
                            out,
                            "[SUCCEEDED] Line Number {line} - The import succeeded."
                        );
                    }
                }
                LineStatus::Skipped => {
                    for line in line..end {
                        let _ = writeln!(
                            out,
                            "[SKIPPED] Line Number {line} - The user already exists."
                        );
                    }
                }
                LineStatus::Failed => {
                    for line in line..end {
                        self.failed(line, out);
                    }
                }
            }
            line = end;
            // The errors of lines written are no longer needed.
            while self
                .pending
                .front()
                .is_some_and(|finding| finding.line < Some(line))
            {
                self.pending.pop_front();
            }
        }
    }

    fn failed(&mut self, line: u64, out: &mut String) {
        while self
            .pending
            .front()
            .is_some_and(|finding| finding.line < Some(line))
        {
            self.pending.pop_front();
        }
        let errors = self
            .pending
            .iter()
            .take_while(|finding| finding.line == Some(line))
            .count();
        let first = self
            .pending
            .front()
            .filter(|_| errors > 0)
            .map(Finding::message)
            .unwrap_or_default();
        let first = printable(&first);
        let _ = match errors.saturating_sub(1) {
            0 => writeln!(out, "[FAILED] Line Number {line} - {first}"),
            more => writeln!(
                out,
                "[FAILED] Line Number {line} - {first} (and {})",
                plural(more as u64, "more problem")
            ),
        };
    }

    /// Ends the log: for a job that succeeds, the entries of the last lines
    /// and the end of the job; for a job that fails, its whole log: the
    /// job-level errors and the end.
    pub fn finish(mut self, report: &Report, out: &mut String) {
        let last = Batch {
            findings: report.findings.clone(),
            statuses: report.statuses.clone(),
        };
        match report.outcome.job {
            JobOutcome::Succeeds => {
                self.write(&last, out);
                out.push_str("Import Job Completed Successfully.\n");
            }
            JobOutcome::Fails => {
                self.write(&last, &mut String::new());
                for finding in &self.job_errors {
                    let message = finding.message();
                    let message = printable(&message);
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
                out.push_str(
                    "Import Job Failed: a job-level error stops the job, and no user is imported.\n",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::LineStatuses;
    use crate::rules::Code;

    fn statuses(first: u64, runs: &[(LineStatus, u64)]) -> LineStatuses {
        let mut statuses = LineStatuses::starting_at(first);
        for &(status, lines) in runs {
            statuses.push(status, lines);
        }
        statuses
    }

    #[test]
    fn each_user_line_gets_its_entry_from_its_status() {
        let mut log = CloudWatchLog::default();
        let mut out = String::new();
        let batch = Batch {
            findings: vec![
                Finding::new(Code::ValueWhitespace, Some(3)),
                Finding::new(Code::UsernameMissing, Some(3)),
                Finding::new(Code::VerifiedNone, Some(3)),
                Finding::new(Code::UsernameDuplicate, Some(5)),
            ],
            statuses: statuses(
                1,
                &[
                    (LineStatus::Header, 1),
                    (LineStatus::Imported, 1),
                    (LineStatus::Failed, 1),
                    (LineStatus::Blank, 1),
                    (LineStatus::Skipped, 1),
                ],
            ),
        };
        log.write(&batch, &mut out);
        assert_eq!(
            out,
            "[SUCCEEDED] Line Number 2 - The import succeeded.\n\
             [FAILED] Line Number 3 - cognito:username is empty: give every user a username (and 1 more problem)\n\
             [SKIPPED] Line Number 5 - The user already exists.\n"
        );
        assert!(log.pending.is_empty());
    }

    #[test]
    fn a_line_written_later_keeps_its_errors_until_then() {
        let mut log = CloudWatchLog::default();
        let mut out = String::new();
        let early = Batch {
            findings: vec![Finding::new(Code::UsernameMissing, Some(2))],
            statuses: statuses(1, &[(LineStatus::Header, 1)]),
        };
        log.write(&early, &mut out);
        assert!(out.is_empty());
        let late = Batch {
            findings: Vec::new(),
            statuses: statuses(2, &[(LineStatus::Failed, 1)]),
        };
        log.write(&late, &mut out);
        assert!(
            out.starts_with("[FAILED] Line Number 2 - cognito:username is empty"),
            "{out}"
        );
    }
}
