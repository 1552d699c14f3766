//! The streaming validator: bytes in, findings and line statuses out.
//!
//! It is made of parts, each a file with one job:
//!
//! - [`split`]: Cognito's dialect, bytes to line events (no pool, no rules);
//!   public, for other tools of the dialect;
//! - `header.rs`: the header line against the pool's expected header;
//! - `row.rs`: the checks of one user line;
//! - `unique.rs`: the usernames and aliases taken by earlier lines;
//! - `tally.rs`: each line's status, the counts, the file-level findings;
//! - `judge.rs`: one user line's findings and status, for the checker and
//!   for `fix`, which judges each line it would write.
//!
//! [`Validator`] feeds the splitter's events through the others.

pub mod columns;
mod flat;
pub(crate) mod header;
pub(crate) mod judge;
pub mod migration;
pub mod parts;
mod row;
pub mod split;
mod tally;
pub(crate) mod unique;

use crate::existing::ExistingUsers;
use crate::finding::{Detail, Finding, LineStatus, LineStatuses, NotText};
use crate::pool::Pool;
use crate::report::{FileSummary, Report, NOTES};
use crate::rules::Code;
use header::Header;
use split::{Event, InvalidUtf8, Line, Signature, Splitter};
use std::sync::Arc;
use tally::{LineKind, Tally};
use unique::{EarlierImports, Uniqueness};

/// Cognito's limits.
pub mod limits {
    /// Bytes in a file.
    pub const FILE_BYTES: u64 = 100_000_000;
    /// Users (non-blank data lines) in a file.
    pub const USERS: u64 = 500_000;
    /// Characters in a line, terminator excluded.
    pub const LINE_CHARS: usize = 16_000;
    /// Characters in a value.
    pub const VALUE_CHARS: usize = 2_048;
    /// Characters in a username.
    pub const USERNAME_CHARS: usize = 128;
}

/// Checks a Cognito import file as it streams in.
///
/// Feed the file with [`push`](Validator::push) in chunks of any size, take
/// what is complete with [`take`](Validator::take) as often as you like,
/// then call [`finish`](Validator::finish). The result is the same whatever
/// the chunking. Memory stays bounded: the current line (at most 64 KB;
/// longer lines are scanned, not kept), one hash per username and alias
/// value for duplicate detection, and what has not been taken.
///
/// ```
/// use cognito_csv_validator::{JobOutcome, LineStatus, Pool, Validator};
/// let mut validator = Validator::new(Pool::default());
/// validator.push(b"cognito:username,name,given_name,family_name,middle_name,nickname,");
/// validator.push(b"preferred_username,profile,picture,website,email,email_verified,gender,");
/// validator.push(b"birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,");
/// validator.push(b"updated_at,cognito:mfa_enabled\n");
/// validator.push(b"bob,,,,,,,,,,bob@,true,,,,,,,,,\n");
/// let batch = validator.take();
/// assert_eq!(batch.findings[0].code.as_str(), "email.invalid");
/// assert_eq!(batch.findings[0].line, Some(2));
/// assert_eq!(batch.statuses.get(2), Some(LineStatus::Failed));
/// let report = validator.finish();
/// assert_eq!(report.outcome.job, JobOutcome::Succeeds);
/// assert_eq!(report.outcome.failed, 1);
/// ```
pub struct Validator {
    splitter: Splitter,
    checker: Checker,
}

/// What a [`Validator`] has completed since it was last taken: findings in
/// file order, and the statuses of the lines completed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// The findings.
    pub findings: Vec<Finding>,
    /// The statuses of the lines.
    pub statuses: LineStatuses,
}

/// How far a validation has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes pushed.
    pub bytes: u64,
    /// Lines completed.
    pub lines: u64,
    /// Users (non-blank data lines) completed.
    pub users: u64,
}

/// Everything but the splitter: what each line event does.
struct Checker {
    pool: Pool,
    bytes: u64,
    header: Option<Header>,
    /// The line Cognito reads the header from: the first that is not blank
    /// (the header is read from the next when it is no header at all).
    first_header_line: Option<u64>,
    /// The file is no UTF-8 text at all (UTF-16, a ZIP archive): why.
    not_text: Option<NotText>,
    /// The blank lines in a row not yet reported.
    blank_run: Option<BlankRun>,
    /// Blank lines made by `\r\r\n` terminators.
    cr_cr_lf_lines: u64,
    uniqueness: Uniqueness,
    /// The pool's users were given: they are no longer unknown.
    existing_given: bool,
    tally: Tally,
    /// A part of a file cut at line breaks: the users' unique values are
    /// kept for the merge, not looked up.
    part: Option<Box<parts::KeyLog>>,
}

impl Validator {
    /// A validator for files of this pool.
    pub fn new(pool: Pool) -> Validator {
        let mut tally = Tally::default();
        if pool.auto_verified_attributes.is_empty() {
            tally.add(Finding::new(Code::PoolNoAutoVerified, None));
        }
        Validator {
            splitter: Splitter::new(),
            checker: Checker {
                pool,
                bytes: 0,
                header: None,
                first_header_line: None,
                not_text: None,
                blank_run: None,
                cr_cr_lf_lines: 0,
                uniqueness: Uniqueness::default(),
                existing_given: false,
                tally,
                part: None,
            },
        }
    }

    /// A validator for a file imported into a pool that already has these
    /// users (its `list-users` output, read with
    /// [`ExistingUsersReader`](crate::existing::ExistingUsersReader) for
    /// this pool): a line whose username one of them has is skipped, and one
    /// whose alias one of them has fails.
    ///
    /// # Panics
    ///
    /// If the users were read for a pool that compares usernames otherwise
    /// (their keys would not match the file's).
    pub fn with_existing(pool: Pool, existing: Arc<ExistingUsers>) -> Validator {
        assert_eq!(
            existing.case_sensitive(),
            pool.case_sensitive,
            "the existing users were read for a pool that compares usernames otherwise"
        );
        Validator::after(pool, Some(existing), None)
    }

    /// A validator of a file imported after the jobs of earlier files
    /// (`earlier`), into a pool that has `existing` users when given.
    pub(crate) fn after(
        pool: Pool,
        existing: Option<Arc<ExistingUsers>>,
        earlier: Option<Arc<EarlierImports>>,
    ) -> Validator {
        let mut validator = Validator::new(pool);
        validator.checker.existing_given = existing.is_some();
        validator.checker.uniqueness = Uniqueness::after(existing, earlier);
        validator
    }

    /// The pool this validator checks against.
    pub fn pool(&self) -> &Pool {
        &self.checker.pool
    }

    /// Feeds the next chunk of the file. Chunks may split lines, fields
    /// and characters anywhere.
    pub fn push(&mut self, chunk: &[u8]) {
        let Validator { splitter, checker } = self;
        checker.bytes += chunk.len() as u64;
        splitter.push(chunk, &mut |event| checker.on_event(event));
    }

    /// The findings and line statuses completed so far and not yet taken,
    /// in order; later calls return only newer ones. A caller that takes
    /// them as they come never holds more than one batch.
    pub fn take(&mut self) -> Batch {
        let (findings, statuses) = self.checker.tally.take();
        Batch { findings, statuses }
    }

    /// How far the validation has got.
    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.checker.bytes,
            lines: self.splitter.lines(),
            users: self.checker.tally.users(),
        }
    }

    /// The line the header was read from, once it has been read.
    pub fn header_line(&self) -> Option<u64> {
        self.checker.header.as_ref().map(|header| header.line)
    }

    /// Ends the input and returns the report. Its findings and statuses
    /// are those not taken with [`take`](Validator::take).
    pub fn finish(self) -> Report {
        self.finish_keeping_sets().0
    }

    /// [`finish`](Validator::finish), and the usernames and aliases the
    /// file's imported users take.
    pub(crate) fn finish_keeping_sets(self) -> (Report, Uniqueness) {
        let Validator {
            mut splitter,
            mut checker,
        } = self;
        splitter.finish(&mut |event| checker.on_event(event));
        checker.end_blank_run();
        add_cr_cr_lf(&mut checker.tally, checker.cr_cr_lf_lines);
        let lines = splitter.lines();
        let header_line = checker.header.as_ref().map(|header| header.line);
        let file = FileSummary {
            bytes: checker.bytes,
            lines,
            header_line,
            header: checker.header.and_then(|header| header.names),
        };
        let report = report(
            checker.pool,
            checker.tally,
            file,
            checker.first_header_line,
            checker.existing_given,
        );
        (report, checker.uniqueness)
    }
}

/// The one finding on the blank lines `\r\r\n` terminators make, if any.
fn add_cr_cr_lf(tally: &mut Tally, lines: u64) {
    if lines > 0 {
        tally.add(Finding::new(Code::LineBlank, None).with(Detail::CrCrLf { lines }));
    }
}

/// The report of a file read whole: `tally` has every line's findings
/// and statuses.
fn report(
    pool: Pool,
    tally: Tally,
    file: FileSummary,
    first_header_line: Option<u64>,
    existing_given: bool,
) -> Report {
    let (findings, statuses, counts_by_code, outcome) =
        tally.finish(file.bytes, file.lines, first_header_line);
    Report {
        pool,
        file,
        outcome,
        counts_by_code,
        findings,
        statuses,
        // The one note says the pool's users are unknown.
        notes: if existing_given {
            Vec::new()
        } else {
            NOTES.to_vec()
        },
    }
}

/// Blank lines in a row, reported as one finding when the run ends: a run
/// of any length is held as these few numbers.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
struct BlankRun {
    first: u64,
    lines: u64,
    above_header: bool,
}

impl BlankRun {
    /// The run's finding.
    fn finding(self) -> Finding {
        Finding::new(Code::LineBlank, Some(self.first)).with(Detail::Blank {
            above_header: self.above_header,
            lines: self.lines,
        })
    }
}

impl Checker {
    fn on_event(&mut self, event: Event) {
        match event {
            Event::Start(signature) => self.start(signature),
            Event::Empty {
                line,
                after_lone_cr,
            } => {
                if after_lone_cr {
                    // One finding for the file says why (see `finish`).
                    self.end_blank_run();
                    self.cr_cr_lf_lines += 1;
                    self.tally.end_line(line, LineKind::Blank);
                } else {
                    self.blank(line);
                }
            }
            Event::Overlong {
                line,
                bytes,
                blank,
                invalid_utf8,
            } => {
                self.end_blank_run();
                self.line_finding(
                    Finding::new(Code::LineTooLong, Some(line))
                        .with(Detail::LineLength { bytes, chars: None }),
                );
                if let (Some(invalid), None) = (invalid_utf8, self.not_text) {
                    self.line_finding(invalid_utf8_finding(line, &invalid));
                }
                if blank {
                    self.blank(line);
                    self.end_blank_run();
                } else {
                    self.unchecked(line);
                }
            }
            Event::Line(line) => self.line(&line),
        }
    }

    fn start(&mut self, signature: Signature) {
        self.not_text = match signature {
            Signature::Utf16LittleEndian => Some(NotText::Utf16LittleEndian),
            Signature::Utf16BigEndian => Some(NotText::Utf16BigEndian),
            Signature::Zip => Some(NotText::Zip),
            Signature::ByteOrderMark | Signature::Text => None,
        };
        if signature == Signature::ByteOrderMark {
            // Line 1's finding: it comes out with that line, and its status.
            self.line_finding(Finding::new(Code::FileBom, Some(1)));
        }
    }

    /// A finding of the current line.
    #[cold]
    fn line_finding(&mut self, finding: Finding) {
        self.tally.line_findings.push(finding);
    }

    fn line(&mut self, line: &Line) {
        let number = line.number;
        let other_findings = line.invalid_utf8.is_some()
            || line
                .chars
                .is_some_and(|chars| chars > limits::LINE_CHARS as u64);
        if line.is_blank() && !other_findings && self.not_text.is_none() {
            return self.blank(number);
        }
        self.end_blank_run();
        if self.header.is_none() && self.not_text.is_none() && looks_utf16(line.text.as_bytes()) {
            self.not_text = Some(NotText::NulBytes);
        }
        if let Some(not_text) = self.not_text {
            // One finding on the first line: a check of each line would
            // only repeat it.
            if self.header.is_none() {
                self.line_finding(
                    Finding::new(Code::FileNotUtf8, Some(number)).with(Detail::NotText(not_text)),
                );
            }
            return self.unchecked(number);
        }
        if let Some(chars) = line
            .chars
            .filter(|&chars| chars > limits::LINE_CHARS as u64)
        {
            self.line_finding(Finding::new(Code::LineTooLong, Some(number)).with(
                Detail::LineLength {
                    bytes: line.bytes,
                    chars: Some(chars),
                },
            ));
        }
        if let Some(invalid) = &line.invalid_utf8 {
            self.line_finding(invalid_utf8_finding(number, invalid));
        }
        if line.is_blank() {
            self.blank(number);
            self.end_blank_run();
        } else if self.header.is_none() {
            self.first_header_line.get_or_insert(number);
            self.header = Header::resolve(&self.pool, line, &mut self.tally.line_findings);
            self.tally.end_line(number, LineKind::Header);
        } else {
            self.user(line);
        }
    }

    /// A blank line: it joins the run of blank lines it follows, or starts one.
    fn blank(&mut self, line: u64) {
        let above_header = self.header.is_none();
        match &mut self.blank_run {
            Some(run) if run.first + run.lines == line && run.above_header == above_header => {
                run.lines += 1;
            }
            _ => {
                self.end_blank_run();
                self.blank_run = Some(BlankRun {
                    first: line,
                    lines: 1,
                    above_header,
                });
            }
        }
    }

    /// Reports the run of blank lines under way, if any: one finding, and
    /// the lines' status.
    #[inline]
    fn end_blank_run(&mut self) {
        if let Some(run) = self.blank_run.take() {
            self.report_blank_run(run);
        }
    }

    #[cold]
    fn report_blank_run(&mut self, run: BlankRun) {
        self.tally.line_findings.push(run.finding());
        self.tally.end_blank_lines(run.first, run.lines);
    }

    /// A line whose values cannot be read: the header that could not be
    /// read, or a user that is only counted.
    fn unchecked(&mut self, line: u64) {
        if self.header.is_none() {
            self.first_header_line.get_or_insert(line);
            self.header = Some(Header::unreadable(line));
            self.tally.end_line(line, LineKind::Header);
        } else {
            self.tally.end_line(line, LineKind::User);
        }
    }

    fn user(&mut self, line: &Line) {
        let header = self
            .header
            .as_ref()
            .expect("a user line comes after the header");
        if let Some(log) = &mut self.part {
            let judged = log.judge(&self.pool, header, line, &mut self.tally.line_findings);
            let first_finding = self.tally.completed_findings();
            self.tally.end_line(line.number, LineKind::User);
            if let Some(judged) = judged {
                log.keep(judged, first_finding..self.tally.completed_findings());
            }
            return;
        }
        let pending = judge::judge_user(
            &self.pool,
            header,
            &mut self.uniqueness,
            line,
            &mut self.tally.line_findings,
        );
        let status = self.tally.end_line(line.number, LineKind::User);
        if let (LineStatus::Imported, Some(pending)) = (status, pending) {
            self.uniqueness.record(line.number, pending);
        }
    }
}

fn invalid_utf8_finding(line: u64, invalid: &InvalidUtf8) -> Finding {
    Finding::new(Code::FileNotUtf8, Some(line)).with(Detail::InvalidUtf8 {
        bytes: invalid.bytes.clone(),
        offset: invalid.offset,
        cut_off: invalid.cut_off,
    })
}

/// Whether a first line is UTF-16 text read as bytes: NULs between its
/// ASCII letters (a NUL alone is a character like any other).
pub(crate) fn looks_utf16(bytes: &[u8]) -> bool {
    let bytes = &bytes[..bytes.len().min(200)];
    let nuls = bytes.iter().filter(|&&byte| byte == 0).count();
    let pairs = bytes
        .windows(2)
        .filter(|pair| match pair {
            [0, other] | [other, 0] => other.is_ascii_alphanumeric(),
            _ => false,
        })
        .count();
    pairs >= 4 && nuls * 3 >= bytes.len()
}
