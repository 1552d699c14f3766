//! One user line judged as Cognito would: its findings, in the file's
//! column order, and its status. The checker judges each line of a file;
//! [`LineJudge`] judges lines one at a time for a tool that writes them
//! (`fix`), which must know before it writes a line whether it imports.

use crate::engine::header::Header;
use crate::engine::limits;
use crate::engine::row;
use crate::engine::split::{Event, Line, Splitter};
use crate::engine::tally;
use crate::engine::unique::{PendingKeys, UniqueSet, Uniqueness};
use crate::finding::{Detail, Finding, LineStatus};
use crate::pool::Pool;
use crate::rules::{Code, Severity};
use serde::{Deserialize, Serialize};

/// Judges user line `line` against `header`: its findings go to
/// `findings`, in the file's column order. The username is taken at once
/// when the line imports; the aliases it would take are returned, to
/// record if it does (`None` when its fields do not match the header).
pub fn judge_user(
    pool: &Pool,
    header: &Header,
    uniqueness: &mut Uniqueness,
    line: &Line,
    findings: &mut Vec<Finding>,
) -> Option<PendingKeys> {
    row::check_line(pool, header, line, findings);
    let pending = if header.width == Some(line.fields.len()) {
        Some(uniqueness.check(
            line.number,
            &header.unique,
            |column| &header.columns[column].name,
            |column| header.value(line, column),
            findings,
            |findings| tally::user_status(findings) == LineStatus::Imported,
        ))
    } else {
        None
    };
    let no_user = (!findings.is_empty())
        .then(|| NoUser::of(header, line))
        .flatten();
    finish_user(header, no_user, findings);
    pending
}

/// What a line that is no user at all is: it fails once, for its cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoUser {
    /// A second header (two files joined).
    RepeatedHeader,
    /// A spreadsheet's empty row.
    EmptyRow,
}

impl NoUser {
    /// What `line` is, if it is no user.
    pub fn of(header: &Header, line: &Line) -> Option<NoUser> {
        if header.is_repeated_by(line) {
            Some(NoUser::RepeatedHeader)
        } else if line.is_empty_row() {
            Some(NoUser::EmptyRow)
        } else {
            None
        }
    }
}

/// Ends the judgement of a user line, all of whose findings are in
/// `findings`: puts them in the file's column order (Cognito's log gives
/// the first error so; those about no column last), makes a line that is
/// no user (`no_user`) fail once for its cause, and marks the repeats of a
/// line that fails for other errors.
pub fn finish_user(header: &Header, no_user: Option<NoUser>, findings: &mut Vec<Finding>) {
    if findings.len() > 1 {
        findings.sort_by_key(|finding| header.place(finding));
    }
    let cause = match no_user {
        _ if findings.is_empty() => None,
        Some(NoUser::RepeatedHeader) => Some(Detail::RepeatedHeader {
            header: header.line,
        }),
        Some(NoUser::EmptyRow) => Some(Detail::EmptyRow),
        None => None,
    };
    if let Some(cause) = cause {
        if let Some(first) = findings
            .iter()
            .find(|finding| finding.severity() == Severity::Error)
        {
            let once = Finding {
                value: None,
                suggested: None,
                detail: cause,
                ..first.clone()
            };
            findings.clear();
            findings.push(once);
        }
    }
    if tally::user_status(findings) == LineStatus::Failed {
        // Not skipped as a repeat: the line fails for its other errors.
        for finding in findings.iter_mut() {
            if let Detail::Duplicate { line_fails, .. }
            | Detail::Existing { line_fails, .. }
            | Detail::Earlier { line_fails, .. } = &mut finding.detail
            {
                *line_fails = true;
            }
        }
    }
}

/// Judges lines written in Cognito's dialect one at a time, against a
/// header, as the checker would judge them in a file of that header that
/// holds the lines judged imported so far.
///
/// ```ignore
/// let (mut judge, header_findings) = LineJudge::new(pool, b"cognito:username,email,...");
/// let status = judge.judge(7, b"ana,ana@example.com,...");
/// ```
pub struct LineJudge {
    pool: Pool,
    header: Header,
    uniqueness: Uniqueness,
    splitter: Splitter,
    findings: Vec<Finding>,
    /// The line last judged is UTF-8 text.
    clean_text: bool,
    /// The line being judged and its break (a buffer kept).
    ended: Vec<u8>,
    /// The status of the line last judged.
    status: LineStatus,
}

impl LineJudge {
    /// A judge of lines under the header `header` (one line, in the
    /// dialect, without its terminator), with what is wrong with that
    /// header.
    pub fn new(pool: Pool, header: &[u8]) -> (LineJudge, Vec<Finding>) {
        let mut judge = LineJudge {
            pool,
            header: Header::unreadable(1),
            uniqueness: Uniqueness::default(),
            splitter: Splitter::new(),
            findings: Vec::new(),
            clean_text: false,
            ended: Vec::new(),
            status: LineStatus::Failed,
        };
        let findings = judge.change_header(header);
        (judge, findings)
    }

    /// Judges the lines after this under `header` (as [`new`](LineJudge::new)
    /// takes it), as in a new file that goes to the same pool after the
    /// lines judged so far: the usernames and aliases they took stay
    /// taken. Returns what is wrong with that header.
    pub fn change_header(&mut self, header: &[u8]) -> Vec<Finding> {
        let mut splitter = Splitter::new();
        let mut findings = Vec::new();
        let mut resolved = None;
        let pool = &self.pool;
        let mut on_event = |event: Event| {
            if let Event::Line(line) = event {
                resolved = Header::resolve(pool, &line, &mut findings);
            }
        };
        splitter.push(header, &mut on_event);
        splitter.push(b"\n", &mut on_event);
        self.header = resolved.unwrap_or_else(|| Header::unreadable(1));
        self.splitter = splitter;
        findings
    }

    /// Judges `line` (in the dialect, without its terminator) as line
    /// `number` of a file: its status, and its findings (see
    /// [`findings`](LineJudge::findings)). A line judged imported takes
    /// its username and aliases.
    pub fn judge(&mut self, number: u64, line: &[u8]) -> LineStatus {
        self.judge_taking(number, line, false)
    }

    /// Judges `line` as [`judge`](LineJudge::judge) does, but takes its
    /// username and aliases only if it imports with no finding at all:
    /// whether it does.
    pub fn judge_clean(&mut self, number: u64, line: &[u8]) -> bool {
        self.judge_taking(number, line, true) == LineStatus::Imported
            && self.findings.is_empty()
            && self.clean_text
    }

    /// Judges `line`; a line that imports takes its keys, unless `clean`
    /// and it has a finding.
    fn judge_taking(&mut self, number: u64, line: &[u8], clean: bool) -> LineStatus {
        let LineJudge {
            pool,
            header,
            uniqueness,
            splitter,
            findings,
            clean_text,
            ended,
            status: last_status,
        } = self;
        *clean_text = false;
        findings.clear();
        // (A line of the wrong width looks up none.)
        if let Some(keys) = uniqueness.looked_up.as_mut() {
            keys.clear();
        }
        let mut status = LineStatus::Failed;
        let mut on_event = |event: Event| match event {
            Event::Line(line) => {
                let line = Line { number, ..line };
                if line
                    .chars
                    .is_some_and(|chars| chars > limits::LINE_CHARS as u64)
                {
                    findings.push(Finding::new(Code::LineTooLong, Some(number)).with(
                        Detail::LineLength {
                            bytes: line.bytes,
                            chars: line.chars,
                        },
                    ));
                }
                let pending = judge_user(pool, header, uniqueness, &line, findings);
                status = tally::user_status(findings);
                // Text that is no UTF-8 fails the job, not the line: no
                // finding of the line's says so.
                *clean_text = line.invalid_utf8.is_none();
                if clean && !(findings.is_empty() && *clean_text) {
                    // Judged again once fixed: the username is not taken yet.
                    let username = header.unique.iter().find(|u| u.set == UniqueSet::Username);
                    // (A line of the wrong width took nothing.)
                    if let Some(unique) = username.filter(|u| u.column < line.fields.len()) {
                        let value = header.value(&line, unique.column);
                        uniqueness.release_username(number, value, unique.fold_case);
                    }
                } else if let (LineStatus::Imported, Some(pending)) = (status, pending) {
                    uniqueness.record(number, pending);
                }
            }
            Event::Overlong { bytes, .. } => {
                findings.push(
                    Finding::new(Code::LineTooLong, Some(number))
                        .with(Detail::LineLength { bytes, chars: None }),
                );
            }
            Event::Empty { .. } | Event::Start(_) => {}
        };
        // One push of the line and its break: a push costs more than a copy.
        ended.clear();
        ended.extend_from_slice(line);
        ended.push(b'\n');
        splitter.push(ended, &mut on_event);
        *last_status = status;
        status
    }

    /// Collects the keys of each line judged from now on
    /// ([`keys`](LineJudge::keys)).
    pub fn collect_keys(&mut self) {
        self.uniqueness.looked_up = Some(Vec::new());
    }

    /// The keys of the line last judged, if they are collected: its
    /// username's and aliases' hashes, marked with their sets, as a part of
    /// a validated file gives them ([`crate::engine::parts::Part::keys`]).
    pub fn keys(&self) -> &[u64] {
        self.uniqueness.looked_up.as_deref().unwrap_or_default()
    }

    /// Whether the line last judged is imported, or would be if no other
    /// line had its username or aliases: whether it may take them, in a
    /// file whose other lines are judged otherwise.
    pub fn may_take(&self) -> bool {
        let own = self
            .findings
            .iter()
            .filter(|finding| !matches!(finding.detail, Detail::Duplicate { .. }));
        self.status == LineStatus::Imported || tally::user_status_of(own) == LineStatus::Imported
    }

    /// The status of the line last judged.
    pub fn status(&self) -> LineStatus {
        self.status
    }

    /// The findings of the line last judged, in the file's column order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The header lines are judged under.
    pub fn header(&self) -> &Header {
        &self.header
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> (LineJudge, Vec<Finding>) {
        let pool = Pool::default();
        let header = pool.header.join(",");
        LineJudge::new(pool, header.as_bytes())
    }

    #[test]
    fn a_template_header_has_no_finding() {
        let (_, findings) = template();
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn lines_are_judged_as_in_a_file_of_the_lines_imported() {
        let (mut judge, _) = template();
        let line = |name: &str, email: &str| {
            format!("{name},,,,,,,,,,{email},true,,,,,,,,,false").into_bytes()
        };
        assert_eq!(
            judge.judge(2, &line("ana", "ana@example.com")),
            LineStatus::Imported
        );
        assert!(judge.findings().is_empty());
        // Failed: its username stays free.
        assert_eq!(judge.judge(5, &line("bob", "bob@")), LineStatus::Failed);
        assert_eq!(judge.findings()[0].code, Code::EmailInvalid);
        assert_eq!(judge.findings()[0].line, Some(5));
        assert_eq!(
            judge.judge(6, &line("bob", "bob@example.com")),
            LineStatus::Imported
        );
        // Ana again: skipped, naming the line that took the name.
        assert_eq!(
            judge.judge(9, &line("ANA", "a@example.com")),
            LineStatus::Skipped
        );
        assert!(matches!(
            judge.findings()[0].detail,
            Detail::Duplicate { first: 2, .. }
        ));
    }

    #[test]
    fn a_new_header_keeps_the_usernames_and_aliases_taken() {
        let pool = Pool {
            alias_attributes: vec![crate::pool::Alias::Email],
            ..Pool::default()
        };
        let (mut judge, _) = LineJudge::new(pool, b"cognito:username,email,email_verified");
        assert_eq!(
            judge.judge(2, b"ana,ana@example.com,true"),
            LineStatus::Imported
        );
        let findings = judge.change_header(b"email,cognito:username,email_verified,custom:tier");
        assert_eq!(findings[0].code, Code::HeaderUnknownColumn);
        // Judged under the new header: the columns are where it has them.
        assert_eq!(
            judge.judge(2, b"bo@example.com,bo,true,gold"),
            LineStatus::Imported
        );
        assert_eq!(
            judge.judge(3, b"cy@example.com,ANA,true,"),
            LineStatus::Skipped
        );
        assert_eq!(
            judge.judge(4, b"ANA@example.com,cy,true,"),
            LineStatus::Failed
        );
        assert_eq!(judge.findings()[0].code, Code::AliasDuplicate);
    }

    #[test]
    fn a_line_too_long_fails() {
        let (mut judge, _) = template();
        let long = format!(
            "ana,{},,,,,,,,,ana@example.com,true,,,,,,,,,false",
            "é".repeat(16_001)
        );
        assert_eq!(judge.judge(2, long.as_bytes()), LineStatus::Failed);
        assert!(judge
            .findings()
            .iter()
            .any(|finding| finding.code == Code::LineTooLong));
        let longer = format!("ana,{}", "x".repeat(70_000));
        assert_eq!(judge.judge(3, longer.as_bytes()), LineStatus::Failed);
        assert_eq!(judge.findings()[0].code, Code::LineTooLong);
    }

    #[test]
    fn a_clean_judgement_takes_nothing_from_a_line_with_a_finding() {
        let (mut judge, _) = template();
        let line = |name: &str, email: &str| {
            format!("{name},,,,,,,,,,{email},true,,,,,,,,,false").into_bytes()
        };
        assert!(judge.judge_clean(2, &line("ana", "ana@example.com")));
        // A warning (white space around the email): not clean, and the
        // username stays free for the line once fixed.
        assert!(!judge.judge_clean(3, &line("bob", " bob@example.com")));
        assert_eq!(
            judge.judge(3, &line("bob", "bob@example.com")),
            LineStatus::Imported
        );
        // Bytes that are no UTF-8 fail the job, with no finding of the line.
        let mut bytes = line("cy", "cy@example.com");
        bytes.insert(2, 0xE9);
        assert!(!judge.judge_clean(4, &bytes));
        assert!(judge.judge_clean(4, &line("cy", "cy@example.com")));
        // A line already imported is skipped, as in the file.
        assert!(!judge.judge_clean(5, &line("ana", "ana2@example.com")));
        // A line of the wrong width, which took nothing.
        assert!(!judge.judge_clean(6, b"dan;dan@example.com"));
    }
}
