//! The log Cognito would write to CloudWatch, in its own words and without
//! a value from the file ("No user data is written to the log"):
//! `[SUCCEEDED] Line Number 2 - The import succeeded.`

use crate::engine::Batch;
use crate::finding::{Finding, LineStatus};
use crate::report::{JobOutcome, Report};
use crate::rules::{Code, Effect, Severity, RULE_COUNT};
use crate::text::printable;
use std::collections::VecDeque;
use std::fmt::Write;

/// Cognito's sentence for a header that does not match.
const HEADER_SENTENCE: &str =
    "The header in the CSV file does not match the expected headers. Use the \
                               GetCSVHeader API to get the expected headers.";

/// Writes the log from the engine's batches: an entry for each user line
/// from its status, and for a line that fails, Cognito's sentence for its
/// first error (the engine gives a line's findings in column order).
///
/// A job that fails processes no line, and its log holds the job's lines
/// only; whether it fails is known at the end of the file. So the per-line
/// entries [`write`](CloudWatchLog::write) gives belong to a job that runs:
/// a caller that streams them must know the outcome first (the command line
/// reads a file twice for this log, and keeps the entries of standard input
/// aside until the end). [`finish`](CloudWatchLog::finish) writes, for a
/// failed job, that job's log alone.
#[derive(Debug)]
pub struct CloudWatchLog {
    /// The errors of lines whose status has not come yet.
    pending: VecDeque<Finding>,
    /// Which job-level rules were found, in the order they first were.
    job_rules: Vec<Code>,
    seen: [bool; RULE_COUNT],
}

impl Default for CloudWatchLog {
    fn default() -> Self {
        CloudWatchLog {
            pending: VecDeque::new(),
            job_rules: Vec::new(),
            seen: [false; RULE_COUNT],
        }
    }
}

impl CloudWatchLog {
    /// Writes the entries of the batch's lines.
    pub fn write(&mut self, batch: &Batch, out: &mut String) {
        for finding in &batch.findings {
            if finding.code.rule().effect == Effect::FailsJob && !self.seen[finding.code as usize] {
                self.seen[finding.code as usize] = true;
                self.job_rules.push(finding.code);
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
        let first = self
            .pending
            .front()
            .filter(|finding| finding.line == Some(line));
        let _ = writeln!(
            out,
            "[FAILED] Line Number {line} - {}",
            first.map_or_else(|| SCHEMA.into(), sentence)
        );
    }

    /// Ends the log: for a job that runs, the entries of the last lines and
    /// the job's last line; for a job that fails, its whole log: the
    /// header's sentence if the header is at fault, and a line for each
    /// other reason the job fails.
    pub fn finish(mut self, report: &Report, out: &mut String) {
        let last = Batch {
            findings: report.findings.clone(),
            statuses: report.statuses.clone(),
        };
        match (report.outcome.job, report.outcome.completion) {
            (JobOutcome::Succeeds, Some(completion)) => {
                self.write(&last, out);
                out.push_str(completion.as_str());
                out.push('\n');
            }
            _ => {
                self.write(&last, &mut String::new());
                if self
                    .job_rules
                    .iter()
                    .any(|code| code.as_str().starts_with("header."))
                {
                    out.push_str(HEADER_SENTENCE);
                    out.push('\n');
                }
                for code in self
                    .job_rules
                    .iter()
                    .filter(|code| !code.as_str().starts_with("header."))
                {
                    // The rule's summary: its words, never the file's.
                    let _ = writeln!(
                        out,
                        "The import job fails: {}",
                        code.rule().summary.replace('`', "")
                    );
                }
            }
        }
    }
}

const SCHEMA: &str = "The User Record does not match the schema.";

/// Cognito's sentence for a line that fails with `finding` as its first
/// error.
fn sentence(finding: &Finding) -> String {
    let attribute = match finding.code {
        Code::VerifiedNone | Code::VerifiedRequired => {
            return "The User Record does not set any of the auto verified attributes to true. (Example: \
                    email_verified to true)."
                .into()
        }
        // Lines Cognito cannot map to the header.
        Code::RowFieldCount | Code::LineTooLong | Code::FileNotUtf8 => return SCHEMA.into(),
        // The first column these rules name.
        Code::EmailRequired => "email_verified",
        Code::PhoneNumberRequired => "phone_number_verified",
        _ => match &finding.column {
            Some(column) => column,
            None => return SCHEMA.into(),
        },
    };
    format!(
        "The User Record contains an invalid value for {}.",
        printable(attribute)
    )
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
                Finding::new(Code::ValueWhitespace, Some(3)).in_column_named("cognito:username"),
                Finding::new(Code::UsernameMissing, Some(3)).in_column_named("cognito:username"),
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
             [FAILED] Line Number 3 - The User Record contains an invalid value for cognito:username.\n\
             [SKIPPED] Line Number 5 - The user already exists.\n"
        );
        assert!(log.pending.is_empty());
    }

    #[test]
    fn a_line_written_later_keeps_its_errors_until_then() {
        let mut log = CloudWatchLog::default();
        let mut out = String::new();
        let early = Batch {
            findings: vec![Finding::new(Code::VerifiedNone, Some(2))],
            statuses: statuses(1, &[(LineStatus::Header, 1)]),
        };
        log.write(&early, &mut out);
        assert!(out.is_empty());
        let late = Batch {
            findings: Vec::new(),
            statuses: statuses(2, &[(LineStatus::Failed, 1)]),
        };
        log.write(&late, &mut out);
        assert_eq!(
            out,
            "[FAILED] Line Number 2 - The User Record does not set any of the auto verified attributes to \
             true. (Example: email_verified to true).\n"
        );
    }
}
