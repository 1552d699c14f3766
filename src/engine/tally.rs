//! The tally: each line's status from its findings, the counts of users and
//! findings, and the findings about the job and the file as a whole.

use crate::engine::limits;
use crate::finding::{Detail, Finding, LineStatus, LineStatuses, NoHeader};
use crate::report::{CodeCounts, Completion, JobOutcome, Outcome};
use crate::rules::{Code, Effect, RULE_COUNT};

/// What a line turned out to be, for the tally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The header.
    Header,
    /// A blank line.
    Blank,
    /// A user.
    User,
}

/// Counts, statuses and findings, line after line.
pub struct Tally {
    /// The current line's findings, until its status is known.
    pub line_findings: Vec<Finding>,
    /// Completed findings not taken yet.
    findings: Vec<Finding>,
    statuses: LineStatuses,
    counts: [u64; RULE_COUNT],
    users: u64,
    imported: u64,
    failed: u64,
    skipped: u64,
    job_fails: bool,
    /// The line of the first user over the limit.
    first_user_over_limit: Option<u64>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            line_findings: Vec::new(),
            findings: Vec::new(),
            statuses: LineStatuses::starting_at(1),
            counts: [0; RULE_COUNT],
            users: 0,
            imported: 0,
            failed: 0,
            skipped: 0,
            job_fails: false,
            first_user_over_limit: None,
        }
    }
}

/// A line's status from its findings: failed on any error but
/// `username.duplicate`, skipped on that one alone, imported otherwise.
pub fn user_status(findings: &[Finding]) -> LineStatus {
    user_status_of(findings)
}

/// [`user_status`] of some findings of a line.
pub fn user_status_of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> LineStatus {
    let mut status = LineStatus::Imported;
    for finding in findings {
        match finding.code.rule().effect {
            Effect::FailsLine | Effect::FailsJob => return LineStatus::Failed,
            Effect::SkipsLine => status = LineStatus::Skipped,
            Effect::None => {}
        }
    }
    status
}

impl Tally {
    /// Users so far.
    pub fn users(&self) -> u64 {
        self.users
    }

    /// Findings completed so far and not taken.
    pub fn completed_findings(&self) -> usize {
        self.findings.len()
    }

    /// A finding about the pool or the file, outside any line's.
    pub fn add(&mut self, finding: Finding) {
        self.counts[finding.code as usize] += 1;
        if finding.code.rule().effect == Effect::FailsJob {
            self.job_fails = true;
        }
        self.findings.push(finding);
    }

    /// Ends line `line`: its status from its kind and findings, counted;
    /// its findings moved to the output.
    pub fn end_line(&mut self, line: u64, kind: LineKind) -> LineStatus {
        let status = match kind {
            LineKind::Header => LineStatus::Header,
            LineKind::Blank => LineStatus::Blank,
            LineKind::User => {
                self.users += 1;
                if self.users == limits::USERS + 1 {
                    self.first_user_over_limit = Some(line);
                }
                let status = user_status(&self.line_findings);
                match status {
                    LineStatus::Imported => self.imported += 1,
                    LineStatus::Failed => self.failed += 1,
                    _ => self.skipped += 1,
                }
                status
            }
        };
        debug_assert_eq!(line, self.statuses.end(), "lines end in order");
        self.statuses.push(status, 1);
        self.move_line_findings();
        status
    }

    /// Ends `lines` blank lines in a row from `first` on: their status,
    /// and the current findings (the run's) moved out.
    pub fn end_blank_lines(&mut self, first: u64, lines: u64) {
        debug_assert_eq!(first, self.statuses.end(), "lines end in order");
        self.statuses.push(LineStatus::Blank, lines);
        self.move_line_findings();
    }

    #[inline]
    fn move_line_findings(&mut self) {
        if self.line_findings.is_empty() {
            return;
        }
        let mut line_findings = std::mem::take(&mut self.line_findings);
        for finding in line_findings.drain(..) {
            self.add(finding);
        }
        self.line_findings = line_findings;
    }

    /// Adds lines completed elsewhere (a part of the file, merged): their
    /// findings, in order, and their statuses, which start where these end.
    pub fn append(&mut self, mut findings: Vec<Finding>, statuses: LineStatuses) {
        debug_assert_eq!(statuses.first, self.statuses.end(), "lines end in order");
        for finding in &findings {
            self.counts[finding.code as usize] += 1;
            self.job_fails |= finding.code.rule().effect == Effect::FailsJob;
        }
        if self.findings.is_empty() {
            // The first part's findings: kept where they are.
            std::mem::swap(&mut self.findings, &mut findings);
        }
        self.findings.append(&mut findings);
        let mut line = statuses.first;
        for (status, lines) in statuses.runs {
            let counter = match status {
                LineStatus::Imported => &mut self.imported,
                LineStatus::Failed => &mut self.failed,
                LineStatus::Skipped => &mut self.skipped,
                LineStatus::Header | LineStatus::Blank => {
                    self.statuses.push(status, lines);
                    line += lines;
                    continue;
                }
            };
            *counter += lines;
            let over = limits::USERS + 1;
            if self.users < over && self.users + lines >= over {
                self.first_user_over_limit = Some(line + (over - self.users - 1));
            }
            self.users += lines;
            self.statuses.push(status, lines);
            line += lines;
        }
    }

    /// Counts findings kept elsewhere (a part's, in columns): `codes`.
    pub fn count(&mut self, codes: impl Iterator<Item = Code>) {
        for code in codes {
            self.counts[code as usize] += 1;
            self.job_fails |= code.rule().effect == Effect::FailsJob;
        }
    }

    /// The findings and statuses completed since the last call.
    pub fn take(&mut self) -> (Vec<Finding>, LineStatuses) {
        (std::mem::take(&mut self.findings), self.statuses.take())
    }

    /// Ends the file of `lines` lines and `bytes` bytes, whose header Cognito
    /// reads from `header_line` (its first line that is not blank): the
    /// file-level findings, the counts and the outcome.
    pub fn finish(
        mut self,
        bytes: u64,
        lines: u64,
        header_line: Option<u64>,
    ) -> (Vec<Finding>, LineStatuses, CodeCounts, Outcome) {
        // Findings of a line that never came (a byte order mark alone).
        for finding in std::mem::take(&mut self.line_findings) {
            self.add(finding);
        }
        let no_header = match header_line {
            None if lines == 0 => Some(NoHeader::Empty),
            None => Some(NoHeader::OnlyBlankLines(lines)),
            Some(header) if header > 1 => Some(NoHeader::HeaderOnLine(header)),
            Some(_) => None,
        };
        if let Some(why) = no_header {
            self.add(Finding::new(Code::FileEmpty, None).with(Detail::NoHeader(why)));
        }
        if bytes > limits::FILE_BYTES {
            self.add(Finding::new(Code::FileTooLarge, None).with(Detail::FileSize { bytes }));
        }
        if let Some(first_over) = self.first_user_over_limit {
            let users = self.users;
            self.add(
                Finding::new(Code::FileTooManyUsers, None)
                    .with(Detail::UserCount { users, first_over }),
            );
        }
        // Cognito ends a job `Failed` when "too many" users fail or are
        // skipped; the threshold is not published: more than half (choice).
        let many_failed = !self.job_fails && (self.failed + self.skipped) * 2 > self.users;
        if many_failed {
            let (failed, skipped, users) = (self.failed, self.skipped, self.users);
            self.add(
                Finding::new(Code::JobManyFailed, None).with(Detail::ManyFailed {
                    failed,
                    skipped,
                    users,
                }),
            );
        }
        let outcome = if self.job_fails {
            Outcome {
                job: JobOutcome::Fails,
                users: self.users,
                imported: 0,
                failed: self.users,
                skipped: 0,
                completion: None,
            }
        } else {
            Outcome {
                job: JobOutcome::Succeeds,
                users: self.users,
                imported: self.imported,
                failed: self.failed,
                skipped: self.skipped,
                completion: Some(if many_failed {
                    Completion::TooManyFailed
                } else {
                    Completion::Successful
                }),
            }
        };
        (
            self.findings,
            self.statuses,
            CodeCounts(self.counts),
            outcome,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: Code, line: u64) -> Finding {
        Finding::new(code, Some(line))
    }

    #[test]
    fn a_line_fails_on_any_error_and_is_skipped_on_a_repeated_username_alone() {
        assert_eq!(user_status(&[]), LineStatus::Imported);
        assert_eq!(
            user_status(&[finding(Code::ValueWhitespace, 2)]),
            LineStatus::Imported
        );
        assert_eq!(
            user_status(&[finding(Code::UsernameDuplicate, 2)]),
            LineStatus::Skipped
        );
        assert_eq!(
            user_status(&[
                finding(Code::UsernameDuplicate, 2),
                finding(Code::EmailInvalid, 2)
            ]),
            LineStatus::Failed
        );
    }

    #[test]
    fn statuses_and_counts_follow_the_lines() {
        let mut tally = Tally::default();
        tally.end_line(1, LineKind::Header);
        tally.end_line(2, LineKind::User);
        tally.line_findings.push(finding(Code::EmailInvalid, 3));
        tally.end_line(3, LineKind::User);
        tally.end_line(4, LineKind::Blank);
        let (findings, statuses) = tally.take();
        assert_eq!(findings.len(), 1);
        assert_eq!(
            statuses.runs,
            vec![
                (LineStatus::Header, 1),
                (LineStatus::Imported, 1),
                (LineStatus::Failed, 1),
                (LineStatus::Blank, 1)
            ]
        );
        let (findings, statuses, counts, outcome) = tally.finish(100, 4, Some(1));
        assert!(findings.is_empty());
        assert_eq!(statuses.first, 5);
        assert_eq!(counts.get(Code::EmailInvalid), 1);
        assert_eq!((outcome.users, outcome.imported, outcome.failed), (2, 1, 1));
        assert_eq!(outcome.job, JobOutcome::Succeeds);
    }

    #[test]
    fn a_job_level_error_fails_every_user() {
        let mut tally = Tally::default();
        tally.end_line(1, LineKind::Header);
        tally.end_line(2, LineKind::User);
        tally.add(Finding::new(Code::PoolNoAutoVerified, None));
        let (_, _, _, outcome) = tally.finish(10, 2, Some(1));
        assert_eq!(outcome.job, JobOutcome::Fails);
        assert_eq!((outcome.imported, outcome.failed), (0, 1));
    }

    #[test]
    fn the_file_level_findings_come_at_the_end() {
        let (findings, ..) = Tally::default().finish(0, 0, None);
        assert_eq!(findings[0].detail, Detail::NoHeader(NoHeader::Empty));
        let (findings, ..) = Tally::default().finish(limits::FILE_BYTES + 1, 3, Some(3));
        let codes: Vec<Code> = findings.iter().map(|finding| finding.code).collect();
        assert_eq!(codes, [Code::FileEmpty, Code::FileTooLarge]);
    }
}
