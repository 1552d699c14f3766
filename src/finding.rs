//! What the engine finds, as data: a [`Finding`] carries its rule's code,
//! where it is, the value it is about and typed details. Its words come
//! from the rule table ([`Finding::message`], in `rules/messages.rs`) where
//! a finding is shown, never in the engine's hot path.

use crate::checks::{DateReason, EmailReason, PhoneReason};
use crate::pool::HashAlgorithm;
use crate::rules::{Code, Severity};
use crate::text::truncate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How much of a value a finding keeps.
const VALUE_KEPT: usize = 200;

/// One problem found, on a line of the file or in the pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule.
    pub code: Code,
    /// The 1-based physical line (the header is line 1), or `None` for a
    /// finding about the pool or the file as a whole.
    pub line: Option<u64>,
    /// The header name of the column the finding is about, if any.
    pub column: Option<Arc<str>>,
    /// The offending value (shortened to 200 characters), when there is one
    /// to show. Never a password hash.
    pub value: Option<Box<str>>,
    /// The value or name to write instead, when it is certain.
    pub suggested: Option<Box<str>>,
    /// What the message needs besides the above.
    pub detail: Detail,
}

impl Finding {
    /// A finding of `code` with nothing but its place.
    pub fn new(code: Code, line: Option<u64>) -> Finding {
        Finding {
            code,
            line,
            column: None,
            value: None,
            suggested: None,
            detail: Detail::None,
        }
    }

    /// The same finding about `column`.
    pub fn in_column(mut self, column: &Arc<str>) -> Finding {
        self.column = Some(Arc::clone(column));
        self
    }

    /// The same finding about the column named `column`.
    pub fn in_column_named(mut self, column: &str) -> Finding {
        self.column = Some(column.into());
        self
    }

    /// The same finding showing `value` (shortened).
    pub fn with_value(mut self, value: &str) -> Finding {
        self.value = Some(truncate(value, VALUE_KEPT).into());
        self
    }

    /// The same finding suggesting `suggested`.
    pub fn suggesting(mut self, suggested: impl Into<Box<str>>) -> Finding {
        self.suggested = Some(suggested.into());
        self
    }

    /// The same finding with `detail`.
    pub fn with(mut self, detail: Detail) -> Finding {
        self.detail = detail;
        self
    }

    /// The finding's severity, from the rule table.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// What a finding's message needs besides its code, line, column, value
/// and suggestion: one variant per shape of message, named for what it
/// holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Detail {
    /// Nothing more.
    None,
    /// `file.not_utf8`: the file is no UTF-8 text at all.
    NotText(NotText),
    /// `file.not_utf8`: bytes that are no UTF-8, at a byte offset of the
    /// file; `cut_off` when they start a character the line ends before.
    InvalidUtf8 {
        /// The bytes (up to 4).
        bytes: Vec<u8>,
        /// Their offset in the file.
        offset: u64,
        /// Whether they begin a character that is cut off.
        cut_off: bool,
    },
    /// `line.too_long`: the line's length; `chars` is `None` for a line too
    /// long to keep, which was only scanned.
    LineLength {
        /// Bytes, terminator excluded.
        bytes: u64,
        /// Characters, when counted.
        chars: Option<u64>,
    },
    /// `line.blank`: blank lines in a row, from the finding's line.
    Blank {
        /// The lines come before the header.
        above_header: bool,
        /// How many.
        lines: u64,
    },
    /// `line.blank`, for the file: its lines end in `\r\r\n`, each followed
    /// by a blank line (Python's `csv` module on Windows).
    CrCrLf {
        /// The blank lines made so.
        lines: u64,
    },
    /// A data line that repeats the header: its first error, worded so.
    RepeatedHeader {
        /// The header's line.
        header: u64,
    },
    /// A data line of only commas (a spreadsheet's empty row): its first
    /// error, worded so.
    EmptyRow,
    /// `file.empty`: why the file has no header on line 1.
    NoHeader(NoHeader),
    /// `job.many_failed`: the users that would fail and be skipped, of all.
    ManyFailed {
        /// Users that would fail.
        failed: u64,
        /// Users that would be skipped.
        skipped: u64,
        /// Users in the file.
        users: u64,
    },
    /// `file.too_large`: the file's size.
    FileSize {
        /// Bytes in the file.
        bytes: u64,
    },
    /// `file.too_many_users`: the users, and the line of the first over the limit.
    UserCount {
        /// Users in the file.
        users: u64,
        /// The line of user 500,001.
        first_over: u64,
    },
    /// `header.unknown_column`: line 1 is JSON, not a header.
    JsonHeader,
    /// `header.unknown_column`: the header is not of Cognito's dialect
    /// (one finding for the whole header).
    NotDialect(NotDialect),
    /// `header.*`: a column of the header, by its 1-based position.
    HeaderColumn {
        /// The column's position.
        position: u32,
    },
    /// `header.empty_column`: a column without a name.
    EmptyColumn {
        /// The column's position.
        position: u32,
        /// Whether it is the last column (a trailing comma).
        last: bool,
    },
    /// `header.duplicate_column`: the column repeats an earlier one.
    RepeatedColumn {
        /// The column's position.
        position: u32,
        /// The position of the column it repeats.
        first: u32,
    },
    /// `header.unknown_column`: a name the pool does not have, what it
    /// probably is (the finding suggests the right name where certain), and
    /// the pool's description.
    UnknownColumn {
        /// The column's position.
        position: u32,
        /// What the name probably is.
        hint: ColumnHint,
        /// The pool, as reports describe it.
        pool: Box<str>,
    },
    /// `header.missing_password_hash`, `password_hash.empty`: the job's
    /// algorithm.
    Algorithm(HashAlgorithm),
    /// `row.field_count`: the fields found and the columns of the header.
    FieldCount {
        /// Fields on the line.
        found: u64,
        /// Columns in the header.
        expected: u64,
        /// The likely cause.
        hint: FieldCountHint,
    },
    /// `value.whitespace`: whether the value is only white space.
    WhiteSpace {
        /// Only white space: empty for Cognito.
        only: bool,
    },
    /// `email.invalid`.
    Email(EmailReason),
    /// `phone_number.invalid`.
    Phone(PhoneReason),
    /// `birthdate.invalid`.
    Birthdate(DateReason),
    /// `username.invalid_character`: the character and its 1-based position.
    Character {
        /// The character.
        character: char,
        /// Its position in the value.
        position: u64,
    },
    /// `username.too_long`, `value.too_long`, `value.too_short`: the value's
    /// length and the limit it passes; `from_pool` when the pool's schema
    /// sets the limit (rather than Cognito).
    Length {
        /// The value's length in characters.
        chars: u64,
        /// The limit.
        limit: u64,
        /// The pool's schema sets the limit.
        from_pool: bool,
    },
    /// `username.alias_format`: what the username looks like.
    AliasShape(AliasShape),
    /// `updated_at.invalid`: what the value is instead.
    UpdatedAt(crate::checks::UpdatedAtReason),
    /// `updated_at.milliseconds`: the value's digits.
    Digits(u64),
    /// `number.out_of_range`: the bound passed.
    Bound(Bound),
    /// `password_hash.out_of_bounds`: the algorithm and the parameters above
    /// Cognito's maximums.
    HashBounds {
        /// The job's algorithm.
        algorithm: HashAlgorithm,
        /// Which parameters are too high, in words.
        over: Box<str>,
    },
    /// `password_hash.algorithm_mismatch`: the job's algorithm, the one the
    /// hash is of, and that one's parameters above Cognito's maximums, if any.
    OtherAlgorithm {
        /// The job's algorithm.
        job: HashAlgorithm,
        /// The hash's algorithm.
        hash: HashAlgorithm,
        /// Parameters of the hash above the maximums, in words.
        over: Option<Box<str>>,
    },
    /// `password_hash.malformed`: the job's algorithm and what is wrong.
    MalformedHash {
        /// The job's algorithm.
        algorithm: HashAlgorithm,
        /// What is wrong, in words.
        reason: Box<str>,
    },
    /// `verified.required`: the auto-verified attribute, and its
    /// `*_verified` value (empty or not true).
    Verified {
        /// `email` or `phone_number`.
        attribute: crate::pool::Verifiable,
        /// The `*_verified` value found.
        found: Box<str>,
    },
    /// `mfa.missing`: the pool's MFA configuration.
    Mfa(crate::pool::Mfa),
    /// `value.placeholder`: what the value is a placeholder of.
    Placeholder(crate::checks::Placeholder),
    /// `mfa.conflict`: the user's setting against the pool's.
    MfaConflict {
        /// The user's `cognito:mfa_enabled`.
        enabled: bool,
    },
    /// `username.duplicate`, `alias.duplicate`: the line that has the value
    /// first, and whether values are compared without regard to case.
    Duplicate {
        /// The earlier line.
        first: u64,
        /// Compared case-insensitively.
        fold_case: bool,
        /// The line fails for other errors (a repeated username alone is
        /// skipped).
        line_fails: bool,
    },
    /// A username or alias value that a user imported by an earlier file's
    /// job has (files checked as one migration).
    Earlier {
        /// That file's place in the migration, from 1.
        file: u32,
        /// Its line.
        line: u64,
        /// Compared case-insensitively.
        fold_case: bool,
        /// The line fails for other errors (a username imported earlier
        /// alone is skipped).
        line_fails: bool,
    },
    /// A username or alias value that a user already in the pool has (the
    /// pool's users given as `list-users` output).
    Existing {
        /// Compared case-insensitively.
        fold_case: bool,
        /// The line fails for other errors (a username in the pool alone
        /// is skipped).
        line_fails: bool,
    },
}

/// Why a file is no UTF-8 text at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotText {
    /// It starts with FF FE.
    Utf16LittleEndian,
    /// It starts with FE FF.
    Utf16BigEndian,
    /// It starts with `PK` and 3: a ZIP archive, such as a workbook.
    Zip,
    /// Its first line holds NUL bytes, as UTF-16 text does.
    NulBytes,
}

/// Why a file has no header on line 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoHeader {
    /// No line at all.
    Empty,
    /// Only blank lines, this many.
    OnlyBlankLines(u64),
    /// Blank lines above it: the header is on this line.
    HeaderOnLine(u64),
}

/// How a header is not of Cognito's dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotDialect {
    /// Its names are separated by another character than a comma.
    Separator(Separator),
    /// Its names (or one of them) are in double quotes.
    Quoted,
    /// Line 1 is PowerShell's `#TYPE` line, not a header.
    TypeLine,
}

/// What a name missing from the pool's header probably is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnHint {
    /// A pool's column but for letter case, white space or a missing
    /// `cognito:` / `custom:` prefix (suggested): the column is checked as
    /// that one, which is then not missing.
    Rename,
    /// A pool's column but for letter case, white space or a prefix
    /// (suggested), which the header has too.
    Repeats,
    /// `sub` or `identities`, which Cognito sets itself.
    SetByCognito,
    /// Close to a pool's column (suggested).
    Close,
    /// A custom attribute the pool does not have.
    NoSuchCustomAttribute,
    /// Nothing known.
    None,
}

/// A separator a header used in place of commas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Separator {
    /// `;`
    Semicolon,
    /// A tab.
    Tab,
    /// `|`
    VerticalBar,
}

impl Separator {
    /// Every separator, with its character.
    pub const ALL: [(char, Separator); 3] = [
        (';', Separator::Semicolon),
        ('\t', Separator::Tab),
        ('|', Separator::VerticalBar),
    ];
}

/// The likely cause of a line with the wrong number of fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldCountHint {
    /// The line holds `"`s: RFC 4180 quoting.
    Quoting,
    /// The line holds an odd number of `"`: a quoted value with a line break
    /// in it, which makes two lines of one.
    QuotedLineBreak,
    /// More fields than columns: a comma in a value.
    UnescapedComma,
    /// Fewer fields than columns.
    MissingValues,
}

/// What a username looks like, in a pool that uses it as an alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AliasShape {
    /// An email address.
    Email,
    /// A phone number.
    PhoneNumber,
}

/// A bound of a Number attribute that a value passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bound {
    /// Below `MinValue`.
    Below(i128),
    /// Above `MaxValue`.
    Above(i128),
}

/// The predicted status of one physical line, as Cognito's log would give
/// it (for the header and blank lines, which get none, what they are).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineStatus {
    /// The header line.
    Header,
    /// A blank line: not a user.
    Blank,
    /// `[SUCCEEDED] Line Number N - The import succeeded.`
    Imported,
    /// `[FAILED] Line Number N - <reason>`
    Failed,
    /// `[SKIPPED] Line Number N - The user already exists.`
    Skipped,
}

impl LineStatus {
    /// Every status, in the order of their numbers (`status as u8`).
    pub const ALL: [LineStatus; 5] = [
        LineStatus::Header,
        LineStatus::Blank,
        LineStatus::Imported,
        LineStatus::Failed,
        LineStatus::Skipped,
    ];

    /// The status's name: `imported`, `failed`...
    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::Header => "header",
            LineStatus::Blank => "blank",
            LineStatus::Imported => "imported",
            LineStatus::Failed => "failed",
            LineStatus::Skipped => "skipped",
        }
    }
}

/// The statuses of consecutive lines, run-length encoded: `runs` of equal
/// statuses, the first starting at line `first`. A batch of lines that are
/// mostly imported is a few runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineStatuses {
    /// The line of the first run.
    pub first: u64,
    /// Each run: a status and its number of lines.
    pub runs: Vec<(LineStatus, u64)>,
}

impl LineStatuses {
    /// Statuses starting at line `first`.
    pub fn starting_at(first: u64) -> LineStatuses {
        LineStatuses {
            first,
            runs: Vec::new(),
        }
    }

    /// Adds the next `lines` lines, of one status.
    pub fn push(&mut self, status: LineStatus, lines: u64) {
        if lines == 0 {
            return;
        }
        match self.runs.last_mut() {
            Some((last, count)) if *last == status => *count += lines,
            _ => self.runs.push((status, lines)),
        }
    }

    /// The line after the last one.
    pub fn end(&self) -> u64 {
        self.first + self.runs.iter().map(|&(_, lines)| lines).sum::<u64>()
    }

    /// Takes the runs so far, leaving an empty set that starts after them.
    pub fn take(&mut self) -> LineStatuses {
        let end = self.end();
        std::mem::replace(self, LineStatuses::starting_at(end))
    }

    /// Adds the runs of `later`, which start where these end.
    pub fn append(&mut self, later: LineStatuses) {
        debug_assert_eq!(later.first, self.end());
        for (status, lines) in later.runs {
            self.push(status, lines);
        }
    }

    /// Each line with its status, in order.
    pub fn lines(&self) -> impl Iterator<Item = (u64, LineStatus)> + '_ {
        let mut line = self.first;
        self.runs.iter().flat_map(move |&(status, lines)| {
            let start = line;
            line += lines;
            (start..start + lines).map(move |line| (line, status))
        })
    }

    /// The status of `line`, if these statuses cover it.
    pub fn get(&self, line: u64) -> Option<LineStatus> {
        let mut start = self.first;
        for &(status, lines) in &self.runs {
            if line >= start && line < start + lines {
                return Some(status);
            }
            start += lines;
        }
        None
    }

    /// The statuses of lines asked in increasing order: a batch's findings
    /// come in line order, and each is given its line's status in one pass.
    pub fn cursor(&self) -> StatusCursor<'_> {
        StatusCursor {
            statuses: self,
            run: 0,
            start: self.first,
        }
    }
}

/// The status of lines in increasing order, from [`LineStatuses`] that
/// cover them ([`LineStatuses::cursor`]).
#[derive(Debug)]
pub struct StatusCursor<'a> {
    statuses: &'a LineStatuses,
    run: usize,
    start: u64,
}

impl StatusCursor<'_> {
    /// The status of `line`, no lower than the line asked before; `None`
    /// for a line the statuses do not cover.
    pub fn status(&mut self, line: u64) -> Option<LineStatus> {
        while let Some(&(status, lines)) = self.statuses.runs.get(self.run) {
            if line < self.start {
                return None;
            }
            if line < self.start + lines {
                return Some(status);
            }
            self.start += lines;
            self.run += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_run_length_encoded() {
        let mut statuses = LineStatuses::starting_at(1);
        statuses.push(LineStatus::Header, 1);
        statuses.push(LineStatus::Imported, 2);
        statuses.push(LineStatus::Imported, 3);
        statuses.push(LineStatus::Failed, 0);
        statuses.push(LineStatus::Failed, 1);
        assert_eq!(
            statuses.runs,
            vec![
                (LineStatus::Header, 1),
                (LineStatus::Imported, 5),
                (LineStatus::Failed, 1)
            ]
        );
        assert_eq!(statuses.end(), 8);
        assert_eq!(statuses.get(6), Some(LineStatus::Imported));
        assert_eq!(statuses.get(7), Some(LineStatus::Failed));
        assert_eq!(statuses.get(8), None);
        let lines: Vec<_> = statuses.lines().map(|(line, _)| line).collect();
        assert_eq!(lines, (1..8).collect::<Vec<_>>());
    }

    #[test]
    fn taking_statuses_continues_the_numbering() {
        let mut statuses = LineStatuses::starting_at(1);
        statuses.push(LineStatus::Header, 1);
        statuses.push(LineStatus::Blank, 2);
        let taken = statuses.take();
        assert_eq!(taken.end(), 4);
        assert_eq!(statuses.first, 4);
        statuses.push(LineStatus::Blank, 1);
        let mut all = taken;
        all.append(statuses);
        assert_eq!(
            all.runs,
            vec![(LineStatus::Header, 1), (LineStatus::Blank, 3)]
        );
    }

    #[test]
    fn findings_keep_at_most_200_characters_of_a_value() {
        let finding = Finding::new(Code::EmailInvalid, Some(2)).with_value(&"é".repeat(300));
        assert_eq!(finding.value.unwrap().chars().count(), 201);
    }
}
