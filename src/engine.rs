//! The streaming validator: bytes in, findings out.

use crate::checks::{self, HashCheck};
use crate::format::{group, plural};
use crate::pool::{Alias, DataType, HashAlgorithm, Mfa, Pool, Verifiable};
use crate::report::{
    CodeCounts, FileSummary, Finding, JobOutcome, LineStatus, Outcome, Report, NOTES,
};
use crate::rules::{Code, Effect, RULE_COUNT};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder, Terminator};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// A line of more bytes than this has more than 16,000 characters: a
/// character is at most 4 bytes. Lines up to here are buffered whole.
const RECORD_BYTES: usize = limits::LINE_CHARS * 4;
/// A line of more fields than this has more than 16,000 commas.
const RECORD_FIELDS: usize = limits::LINE_CHARS + 1;
/// How much of a value a finding shows.
const VALUE_SHOWN: usize = 200;
/// How much of a value a message quotes.
const VALUE_QUOTED: usize = 60;
const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// Checks a Cognito import file as it streams in.
///
/// Feed the file with [`push`](Validator::push) in chunks of any size, then
/// call [`finish`](Validator::finish). The report is the same whatever the
/// chunking. Memory stays bounded: the current line (at most 64 KB; longer
/// lines are scanned, not kept), one hash per username and alias value for
/// duplicate detection, and the findings not yet taken.
///
/// ```
/// use cognito_csv_validator::{Pool, Validator, JobOutcome};
/// let mut validator = Validator::new(Pool::default());
/// validator.push(b"cognito:username,name,given_name,family_name,middle_name,nickname,");
/// validator.push(b"preferred_username,profile,picture,website,email,email_verified,gender,");
/// validator.push(b"birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,");
/// validator.push(b"updated_at,cognito:mfa_enabled\n");
/// validator.push(b"bob,,,,,,,,,,bob@,true,,,,,,,,,\n");
/// let report = validator.finish();
/// assert_eq!(report.outcome.job, JobOutcome::Succeeds);
/// assert_eq!(report.outcome.failed, 1);
/// assert_eq!(report.findings[0].code.as_str(), "email.invalid");
/// assert_eq!(report.findings[0].line, Some(2));
/// ```
pub struct Validator {
    pool: Pool,
    reader: Reader,
    /// The current line's field bytes, without delimiters (csv-core's output).
    record: Vec<u8>,
    /// End offsets of the current line's fields in `record`.
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    /// The current line outgrew the buffers: it is too long, and only scanned.
    overflow: bool,
    /// Bytes and fields of the current line, including those not kept.
    record_bytes: u64,
    record_fields: u64,
    /// The fields after joining `\,` escapes, as spans of `record`.
    spans: Vec<(usize, usize)>,
    /// Holds the first bytes until it is known whether they are a BOM.
    start: Option<([u8; 3], usize)>,
    bytes: u64,
    /// File offset up to which csv-core has consumed the input.
    consumed: u64,
    /// Every chunk the current line's bytes came from is valid UTF-8.
    record_from_utf8_chunks: bool,
    /// Line terminators consumed (`\r\n` counts once).
    terminators: u64,
    after_cr: bool,
    /// The last line accounted for (a record or a blank line).
    last_line: u64,
    header: Option<Header>,
    /// The file is no UTF-8 text at all (UTF-16, a ZIP archive): why.
    unreadable: Option<&'static str>,
    counts: [u64; RULE_COUNT],
    users: u64,
    imported: u64,
    failed: u64,
    skipped: u64,
    job_fails: bool,
    /// The line of the first user over the limit.
    first_user_over_limit: Option<u64>,
    findings: Vec<Finding>,
    line_findings: Vec<Finding>,
    seen: Seen,
    lowercase: String,
}

/// Hashes of the usernames and alias values of users that would be imported,
/// each with the line that imports it.
#[derive(Default)]
struct Seen {
    usernames: HashMap<u64, u64, BuildHasherDefault<PrehashedKey>>,
    emails: HashMap<u64, u64, BuildHasherDefault<PrehashedKey>>,
    phone_numbers: HashMap<u64, u64, BuildHasherDefault<PrehashedKey>>,
    preferred_usernames: HashMap<u64, u64, BuildHasherDefault<PrehashedKey>>,
}

/// The keys are already xxh3 hashes: use them as they are.
#[derive(Default)]
struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// What a column is, for the checks its values get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Username,
    MfaEnabled,
    PasswordHash,
    Email,
    EmailVerified,
    PhoneNumber,
    PhoneNumberVerified,
    PreferredUsername,
    Birthdate,
    UpdatedAt,
    Boolean,
    Number,
    Text,
}

#[derive(Clone, Debug)]
struct Column {
    name: String,
    kind: Kind,
    /// The most characters a value may have: the schema's MaxLength, at
    /// most Cognito's 2,048.
    max_chars: usize,
    /// Text that may be empty and has no minimum length: only the value's
    /// ends and length need checking.
    plain: bool,
    required: bool,
    min_length: Option<u64>,
    min_value: Option<i128>,
    max_value: Option<i128>,
}

/// The header as read from the file, resolved against the pool.
struct Header {
    /// The line it was read from.
    line: u64,
    /// Number of fields every line must have; `None` when the header could
    /// not be read (too long, not text, JSON), and lines are not checked.
    width: Option<usize>,
    columns: Vec<Column>,
    email_verified: Option<usize>,
    phone_number_verified: Option<usize>,
    email: Option<usize>,
    phone_number: Option<usize>,
    mfa_enabled: Option<usize>,
    /// Columns whose values must be unique among imported users.
    unique: Vec<Unique>,
}

/// A column whose values must be unique: the username, or an alias or
/// username attribute of the pool.
#[derive(Clone, Copy, Debug)]
struct Unique {
    column: usize,
    /// Which set of `Seen` holds its values.
    slot: usize,
    fold_case: bool,
}

impl Header {
    fn unreadable(line: u64) -> Header {
        Header {
            line,
            width: None,
            columns: Vec::new(),
            email_verified: None,
            phone_number_verified: None,
            email: None,
            phone_number: None,
            mfa_enabled: None,
            unique: Vec::new(),
        }
    }

    fn position(&self, kind: Kind) -> Option<usize> {
        self.columns.iter().position(|column| column.kind == kind)
    }
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

impl Validator {
    /// A validator for files of this pool.
    pub fn new(pool: Pool) -> Validator {
        let reader = ReaderBuilder::new()
            .delimiter(b',')
            .quoting(false)
            .double_quote(false)
            .escape(None)
            .comment(None)
            .terminator(Terminator::CRLF)
            .build();
        let mut validator = Validator {
            pool,
            reader,
            record: vec![0; RECORD_BYTES],
            ends: vec![0; RECORD_FIELDS],
            out_len: 0,
            ends_len: 0,
            overflow: false,
            record_bytes: 0,
            record_fields: 0,
            spans: Vec::new(),
            start: Some(([0; 3], 0)),
            bytes: 0,
            consumed: 0,
            record_from_utf8_chunks: true,
            terminators: 0,
            after_cr: false,
            last_line: 0,
            header: None,
            unreadable: None,
            counts: [0; RULE_COUNT],
            users: 0,
            imported: 0,
            failed: 0,
            skipped: 0,
            job_fails: false,
            first_user_over_limit: None,
            findings: Vec::new(),
            line_findings: Vec::new(),
            seen: Seen::default(),
            lowercase: String::new(),
        };
        if validator.pool.auto_verified_attributes.is_empty() {
            validator.add_finding(Finding {
                line: None,
                column: None,
                code: Code::PoolNoAutoVerified,
                message:
                    "the pool auto-verifies neither email nor phone number, so Cognito will not \
                          start the import job: turn on auto-verification of email or phone_number \
                          (AutoVerifiedAttributes) first"
                        .into(),
                value: None,
            });
        }
        validator
    }

    /// The pool this validator checks against.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Feeds the next chunk of the file. Chunks may split lines, fields
    /// and characters anywhere.
    pub fn push(&mut self, mut chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        if let Some((mut first, mut len)) = self.start {
            let take = chunk.len().min(3 - len);
            first[len..len + take].copy_from_slice(&chunk[..take]);
            len += take;
            chunk = &chunk[take..];
            if len < 3 {
                self.start = Some((first, len));
                return;
            }
            self.begin(&first[..len]);
        }
        self.feed(chunk);
    }

    /// Findings completed so far and not yet taken, in order; later calls
    /// return only newer ones. A caller that takes findings as they come
    /// never holds more than one batch.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    /// How far the validation has got.
    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.bytes,
            lines: self.last_line,
            users: self.users,
        }
    }

    /// The line the header was read from, once it has been read.
    pub fn header_line(&self) -> Option<u64> {
        self.header.as_ref().map(|header| header.line)
    }

    /// Ends the input and returns the report. Its findings are those not
    /// taken with [`take_findings`](Validator::take_findings).
    pub fn finish(mut self) -> Report {
        if let Some((first, len)) = self.start {
            self.begin(&first[..len]);
        }
        // An empty input tells csv-core the data has ended; it then hands
        // out a last record without terminator, if there is one.
        loop {
            let (result, _, written, ended) = self.reader.read_record(
                &[],
                &mut self.record[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.note_output(written, ended);
            match result {
                ReadRecordResult::Record => self.complete_record(false),
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {
                    self.discard_output()
                }
                ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
            }
        }
        let lines = self.terminators.max(self.last_line);
        self.blank_lines_until(lines + 1);
        self.finish_file_checks();
        let job = if self.job_fails {
            JobOutcome::Fails
        } else {
            JobOutcome::Succeeds
        };
        let outcome = match job {
            JobOutcome::Succeeds => Outcome {
                job,
                users: self.users,
                imported: self.imported,
                failed: self.failed,
                skipped: self.skipped,
            },
            JobOutcome::Fails => Outcome {
                job,
                users: self.users,
                imported: 0,
                failed: self.users,
                skipped: 0,
            },
        };
        Report {
            file: FileSummary {
                bytes: self.bytes,
                lines,
                header_line: self.header.as_ref().map(|header| header.line),
            },
            pool: self.pool,
            outcome,
            counts_by_code: CodeCounts(self.counts),
            findings: self.findings,
            notes: NOTES.to_vec(),
        }
    }
}

// Splitting the stream into lines and fields.
impl Validator {
    /// Decides on the first (up to) three bytes: a BOM is reported and
    /// skipped, anything else is fed on.
    fn begin(&mut self, first: &[u8]) {
        self.start = None;
        // csv-core strips a BOM itself, but only when the first chunk holds
        // all three bytes: a one-byte read marks the reader as started so
        // that it never does, and the result cannot depend on the chunking.
        let _ = self.reader.read_record(b"x", &mut [], &mut self.ends);
        self.unreadable = match first {
            [0xFF, 0xFE, ..] => Some(
                "the file is UTF-16 little-endian (it starts with bytes FF FE), not UTF-8: save it as UTF-8, \
                 for example with `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`",
            ),
            [0xFE, 0xFF, ..] => Some(
                "the file is UTF-16 big-endian (it starts with bytes FE FF), not UTF-8: save it as UTF-8, \
                 for example with `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`",
            ),
            [b'P', b'K', 3] => Some(
                "the file is a ZIP archive (it starts with PK), such as an Excel workbook (.xlsx), not CSV \
                 text: export it as CSV (in Excel: Save As, \"CSV UTF-8\", then remove the byte order mark)",
            ),
            _ => None,
        };
        if first == BOM {
            self.consumed = 3;
            self.add_finding(Finding {
                line: Some(1),
                column: None,
                code: Code::FileBom,
                message: "the file starts with a UTF-8 byte order mark (bytes EF BB BF), which Cognito \
                          reads as part of the first column's name: save the file as UTF-8 without BOM"
                    .into(),
                value: None,
            });
        } else {
            self.feed(first);
        }
    }

    fn feed(&mut self, mut input: &[u8]) {
        // One check of the whole chunk is much cheaper than one per line.
        let chunk_is_utf8 = simdutf8::basic::from_utf8(input).is_ok();
        while !input.is_empty() {
            let (result, read, written, ended) = self.reader.read_record(
                input,
                &mut self.record[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.count_terminators(&input[..read]);
            self.record_from_utf8_chunks &= chunk_is_utf8 || read == 0;
            self.consumed += read as u64;
            input = &input[read..];
            self.note_output(written, ended);
            match result {
                ReadRecordResult::Record => self.complete_record(true),
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {
                    self.discard_output()
                }
                ReadRecordResult::InputEmpty | ReadRecordResult::End => {}
            }
        }
    }

    fn note_output(&mut self, written: usize, ended: usize) {
        self.out_len += written;
        self.ends_len += ended;
        self.record_bytes += written as u64;
        self.record_fields += ended as u64;
    }

    /// The line is longer than any line Cognito accepts: forget what is
    /// buffered and go on scanning to its end.
    fn discard_output(&mut self) {
        self.overflow = true;
        self.out_len = 0;
        self.ends_len = 0;
    }

    /// Counts the line terminators among the bytes one `read_record` call
    /// consumed. Without quoting, any terminator ends a record, so they can
    /// only be a run at the start (empty lines skipped, the `\n` of a
    /// `\r\n`) and the last byte (the record's own terminator).
    fn count_terminators(&mut self, bytes: &[u8]) {
        let is_terminator = |byte: u8| byte == b'\r' || byte == b'\n';
        let leading = bytes
            .iter()
            .take_while(|&&byte| is_terminator(byte))
            .count();
        for &byte in &bytes[..leading] {
            // A `\n` right after a `\r` ends the same line.
            self.terminators += u64::from(!(byte == b'\n' && self.after_cr));
            self.after_cr = byte == b'\r';
        }
        if leading < bytes.len() {
            let last = bytes[bytes.len() - 1];
            self.terminators += u64::from(is_terminator(last));
            self.after_cr = last == b'\r';
        }
    }

    /// csv-core has handed out a line: check it, then get ready for the next.
    fn complete_record(&mut self, terminated: bool) {
        // A terminated record's terminator is the last byte consumed, and is
        // counted; a last line without one is the line after the count.
        let line = self.terminators + u64::from(!terminated);
        // csv-core skips empty lines: they are the ones between two records.
        self.blank_lines_until(line);
        self.last_line = line;
        let raw_len = self.record_bytes + self.record_fields.saturating_sub(1);
        let raw_end = self.consumed - u64::from(terminated);
        let raw_start = raw_end - raw_len;
        if self.overflow {
            self.too_long_line(line, raw_len);
        } else {
            let mut record = std::mem::take(&mut self.record);
            let mut spans = std::mem::take(&mut self.spans);
            self.check_record(line, &mut record, raw_start, &mut spans);
            self.record = record;
            self.spans = spans;
        }
        self.out_len = 0;
        self.ends_len = 0;
        self.overflow = false;
        self.record_from_utf8_chunks = true;
        self.record_bytes = 0;
        self.record_fields = 0;
        self.flush_line();
    }

    fn blank_lines_until(&mut self, line: u64) {
        for blank in self.last_line + 1..line {
            self.blank_line(blank);
            self.last_line = blank;
        }
    }

    fn check_record(
        &mut self,
        line: u64,
        record: &mut [u8],
        raw_start: u64,
        spans: &mut Vec<(usize, usize)>,
    ) {
        let bytes = &mut record[..self.out_len];
        if self.header.is_none() && self.unreadable.is_none() && bytes.contains(&0) {
            self.unreadable = Some(
                "the file is not UTF-8 text: its first line holds NUL bytes, as UTF-16 text does: save it as \
                 UTF-8, for example with `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`",
            );
        }
        if let Some(reason) = self.unreadable {
            return self.unreadable_line(line, reason);
        }
        let raw_len = bytes.len() + self.ends_len - 1;
        if raw_len > limits::LINE_CHARS {
            // Continuation bytes (10xxxxxx) do not start a character.
            let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() + self.ends_len - 1;
            if chars > limits::LINE_CHARS {
                self.too_long_finding(line, raw_len as u64, Some(chars));
            }
        }
        let ends = &self.ends[..self.ends_len];
        // Join `\,` escapes: a field that ends in a backslash was cut at an
        // escaped comma. csv-core writes fields back to back, so the joined
        // field is the two spans together, with the backslash's byte
        // turned into the comma it stands for.
        spans.clear();
        let mut marks = Marks::of(bytes);
        if marks.backslash {
            let mut start = 0;
            for (index, &end) in ends.iter().enumerate() {
                if index + 1 < ends.len() && end > start && bytes[end - 1] == b'\\' {
                    bytes[end - 1] = b',';
                    continue;
                }
                spans.push((start, end));
                start = end;
            }
            // The joins may have turned every backslash into a comma.
            marks = Marks::of(bytes);
        } else {
            // Nothing to join (most lines): the fields are csv-core's.
            let mut start = 0;
            spans.extend(
                ends.iter()
                    .map(|&end| (std::mem::replace(&mut start, end), end)),
            );
        }
        let text_bytes: &[u8] = bytes;
        let checked = if self.record_from_utf8_chunks {
            // SAFETY: every chunk this line's bytes came from is valid UTF-8,
            // and so is their concatenation; the line is a part of it less
            // ASCII delimiters and terminators (and with `\` turned into `,`),
            // which keeps it valid, with every field boundary at a character
            // boundary.
            Ok(unsafe { std::str::from_utf8_unchecked(text_bytes) })
        } else {
            // Field by field: taking the delimiters out of invalid text can
            // make it valid (`C2 , 80`), with a field boundary inside a
            // character.
            match spans.iter().find_map(|&(start, end)| {
                std::str::from_utf8(&text_bytes[start..end])
                    .err()
                    .map(|error| (start, end, error))
            }) {
                // Valid fields make a valid line.
                None => {
                    std::str::from_utf8(text_bytes).map_err(|error| (0, text_bytes.len(), error))
                }
                Some(invalid) => Err(invalid),
            }
        };
        match checked {
            Ok(text) => self.check_line(line, text, spans, marks),
            Err((start, end, error)) => {
                let at = start + error.valid_up_to();
                let delimiters_before = ends.iter().filter(|&&end| end <= at).count() as u64;
                let offset = raw_start + at as u64 + delimiters_before;
                let bad_len = error.error_len().unwrap_or(end - at).min(4);
                let shown: Vec<String> = text_bytes[at..at + bad_len]
                    .iter()
                    .map(|byte| format!("{byte:02X}"))
                    .collect();
                let shown = shown.join(" ");
                let message = match error.error_len() {
                    // The bytes start a character that the line ends before.
                    None => format!(
                        "line {line} is not valid UTF-8: bytes {shown} at byte offset {offset} start a character \
                         that is cut off: the file may have been cut short or saved in another encoding; export \
                         it again as UTF-8"
                    ),
                    Some(_) => format!(
                        "line {line} is not valid UTF-8: bytes {shown} at byte offset {offset}; the file was \
                         probably saved in another encoding (such as Windows-1252): convert it to UTF-8, for \
                         example with `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`"
                    ),
                };
                self.line_finding(line, None, Code::FileNotUtf8, || message, None);
                // Go on with the text as far as it reads, so that every
                // other problem of the line is reported too.
                let mut text = String::with_capacity(text_bytes.len());
                let mut lossy_spans = Vec::with_capacity(spans.len());
                for &(start, end) in spans.iter() {
                    let from = text.len();
                    text.push_str(&String::from_utf8_lossy(&text_bytes[start..end]));
                    lossy_spans.push((from, text.len()));
                }
                self.check_line(line, &text, &lossy_spans, marks);
            }
        }
    }

    /// A line too long to keep: reported, and not checked further.
    fn too_long_line(&mut self, line: u64, raw_len: u64) {
        self.too_long_finding(line, raw_len, None);
        self.no_checks_on(line);
    }

    /// A file that is not text: one finding on its first line, and no
    /// checks on any line, which would only repeat that.
    fn unreadable_line(&mut self, line: u64, reason: &'static str) {
        if self.header.is_none() {
            self.line_finding(
                line,
                None,
                Code::FileNotUtf8,
                || format!("{reason}; nothing else was checked"),
                None,
            );
        }
        self.no_checks_on(line);
    }

    /// Accounts for a line whose values cannot be read.
    fn no_checks_on(&mut self, line: u64) {
        if self.header.is_none() {
            self.header = Some(Header::unreadable(line));
        } else {
            self.users += 1;
            self.note_user_limit(line);
            self.count_user(line, [None; 4]);
        }
    }

    fn too_long_finding(&mut self, line: u64, raw_len: u64, chars: Option<usize>) {
        let length = match chars {
            Some(chars) => format!(
                "{} characters ({} bytes)",
                group(chars as u64),
                group(raw_len)
            ),
            None => format!("{} bytes, more than 16,000 characters", group(raw_len)),
        };
        self.line_finding(
            line,
            None,
            Code::LineTooLong,
            || {
                let checked = if chars.is_some() { "" } else { " (it is too long to keep: no other check was made on it)" };
                format!(
                    "line {line} is {length} long; Cognito takes at most 16,000 characters a line and fails the \
                     job: shorten its values{checked}"
                )
            },
            None,
        );
    }

    fn blank_line(&mut self, line: u64) {
        let message = if self.header.is_none() {
            format!("line {line} is blank, above the header: Cognito reads the header from line 1; delete the blank line")
        } else {
            format!("line {line} is blank: it is not a user (Cognito counts it in line numbers); delete it")
        };
        self.line_finding(line, None, Code::LineBlank, || message, None);
        self.flush_line();
    }

    fn note_user_limit(&mut self, line: u64) {
        if self.users == limits::USERS + 1 {
            self.first_user_over_limit = Some(line);
        }
    }

    fn finish_file_checks(&mut self) {
        match &self.header {
            None => {
                let message = if self.last_line == 0 {
                    "the file is empty: Cognito needs the header on line 1 and one line per user below it"
                        .to_owned()
                } else {
                    format!(
                        "the file holds only {}: Cognito needs the header on line 1 and one line per user \
                         below it",
                        plural(self.last_line, "blank line")
                    )
                };
                self.add_finding(Finding {
                    line: None,
                    column: None,
                    code: Code::FileEmpty,
                    message,
                    value: None,
                });
            }
            Some(header) if header.line > 1 => {
                let line = header.line;
                self.add_finding(Finding {
                    line: None,
                    column: None,
                    code: Code::FileEmpty,
                    message: format!(
                        "line 1 is blank, and Cognito reads the header from line 1 (this file's is on line \
                         {line}): delete the blank lines above the header"
                    ),
                    value: None,
                });
            }
            Some(_) => {}
        }
        if self.bytes > limits::FILE_BYTES {
            let message = format!(
                "the file is {} bytes, more than Cognito's limit of 100,000,000: split it into files of at \
                 most 100,000,000 bytes, each with the header on line 1",
                group(self.bytes)
            );
            self.add_finding(Finding {
                line: None,
                column: None,
                code: Code::FileTooLarge,
                message,
                value: None,
            });
        }
        if let Some(line) = self.first_user_over_limit {
            let message = format!(
                "the file holds {} users, more than Cognito's limit of 500,000 (user 500,001 is on line {}): \
                 split it into files of at most 500,000 users, each with the header on line 1",
                group(self.users),
                group(line)
            );
            self.add_finding(Finding {
                line: None,
                column: None,
                code: Code::FileTooManyUsers,
                message,
                value: None,
            });
        }
    }

    fn add_finding(&mut self, finding: Finding) {
        self.counts[finding.code as usize] += 1;
        if finding.code.rule().effect == Effect::FailsJob {
            self.job_fails = true;
        }
        self.findings.push(finding);
    }

    /// Records a finding of the current line. Out of line and cold: most
    /// values pass, and the hot checks stay small without the formatting.
    #[cold]
    #[inline(never)]
    fn line_finding(
        &mut self,
        line: u64,
        column: Option<&str>,
        code: Code,
        message: impl FnOnce() -> String,
        value: Option<&str>,
    ) {
        self.line_findings.push(Finding {
            line: Some(line),
            column: column.map(str::to_owned),
            code,
            message: message(),
            value: value.map(|value| checks::truncate(value, VALUE_SHOWN).into_owned()),
        });
    }

    /// Moves the current line's findings to the output, counting them.
    fn flush_line(&mut self) {
        if self.line_findings.is_empty() {
            return;
        }
        let mut line_findings = std::mem::take(&mut self.line_findings);
        for finding in line_findings.drain(..) {
            self.add_finding(finding);
        }
        self.line_findings = line_findings;
    }
}

// The header.
impl Validator {
    /// Checks a line; `marks` are those of `text`.
    fn check_line(&mut self, line: u64, text: &str, spans: &[(usize, usize)], marks: Marks) {
        let blank = spans.len() == 1 && text.trim().is_empty();
        if blank {
            self.blank_line(line);
        } else if self.header.is_none() {
            self.read_header(line, text, spans);
        } else {
            self.check_user(line, text, spans, marks);
        }
    }

    fn read_header(&mut self, line: u64, text: &str, spans: &[(usize, usize)]) {
        if text.trim_start().starts_with(['{', '[']) {
            // A JSON export given for the CSV file: its "columns" would each
            // be reported, and say nothing more than this.
            self.line_finding(
                line,
                None,
                Code::HeaderUnknownColumn,
                || {
                    format!(
                        "line {line} is JSON, not the CSV header Cognito expects (`cognito:username,name,…`): give \
                         the CSV file, with the header from `aws cognito-idp get-csv-header` on line 1; nothing \
                         else was checked"
                    )
                },
                None,
            );
            self.header = Some(Header::unreadable(line));
            return;
        }
        let mut columns: Vec<Column> = Vec::with_capacity(spans.len());
        for (index, &(start, end)) in spans.iter().enumerate() {
            let raw = &text[start..end];
            let name = raw.trim();
            let position = index + 1;
            if name.len() != raw.len() && !name.is_empty() {
                self.line_finding(
                    line,
                    Some(name),
                    Code::HeaderWhitespace,
                    || {
                        format!(
                            "header column {position} {} has white space around it: remove it",
                            quote(name)
                        )
                    },
                    Some(raw),
                );
            }
            if name.is_empty() {
                let hint = if position == spans.len() {
                    " (a trailing comma?)"
                } else {
                    ""
                };
                self.line_finding(
                    line,
                    None,
                    Code::HeaderEmptyColumn,
                    || format!("header column {position} has no name{hint}: remove the extra comma, and the matching value from every line"),
                    None,
                );
            } else if let Some(first) = columns.iter().position(|column| column.name == name) {
                self.line_finding(
                    line,
                    Some(name),
                    Code::HeaderDuplicateColumn,
                    || {
                        format!(
                            "header column {position} {} repeats column {}: keep one of them",
                            quote(name),
                            first + 1
                        )
                    },
                    None,
                );
            } else if !self.column_allowed(name) {
                let message = self.unknown_column_message(name, position);
                self.line_finding(
                    line,
                    Some(name),
                    Code::HeaderUnknownColumn,
                    || message,
                    None,
                );
            }
            columns.push(self.column(name));
        }
        let missing: Vec<String> = self
            .pool
            .header
            .iter()
            .filter(|expected| !columns.iter().any(|column| &column.name == *expected))
            .cloned()
            .collect();
        for name in missing {
            self.line_finding(
                line,
                Some(&name),
                Code::HeaderMissingColumn,
                || format!(
                    "the header has no column {}, and Cognito requires every column of the pool's header: \
                     add it (with empty values if you have none)",
                    quote(&name)
                ),
                None,
            );
        }
        if let Some(algorithm) = self.pool.password_hash_algorithm {
            if !columns
                .iter()
                .any(|column| column.kind == Kind::PasswordHash)
            {
                self.line_finding(
                    line,
                    None,
                    Code::HeaderMissingPasswordHash,
                    || format!(
                        "the job imports {} password hashes but the header has no \"password_hash\" column: add \
                         it, or create the job without a hashing algorithm",
                        algorithm.as_str()
                    ),
                    None,
                );
            }
        }
        let mut header = Header::unreadable(line);
        header.width = Some(columns.len());
        header.columns = columns;
        header.email = header.position(Kind::Email);
        header.email_verified = header.position(Kind::EmailVerified);
        header.phone_number = header.position(Kind::PhoneNumber);
        header.phone_number_verified = header.position(Kind::PhoneNumberVerified);
        header.mfa_enabled = header.position(Kind::MfaEnabled);
        header.unique = self.unique_columns(&header);
        self.header = Some(header);
    }

    fn unique_columns(&self, header: &Header) -> Vec<Unique> {
        let pool = &self.pool;
        let alias = |attribute: Alias, verifiable: Option<Verifiable>| {
            pool.alias_attributes.contains(&attribute)
                || verifiable
                    .is_some_and(|verifiable| pool.username_attributes.contains(&verifiable))
        };
        let mut unique = Vec::new();
        for (column, kind) in header.columns.iter().map(|column| column.kind).enumerate() {
            let (slot, fold_case) = match kind {
                Kind::Username => (0, !pool.case_sensitive),
                Kind::Email if alias(Alias::Email, Some(Verifiable::Email)) => (1, true),
                Kind::PhoneNumber if alias(Alias::PhoneNumber, Some(Verifiable::PhoneNumber)) => {
                    (2, false)
                }
                Kind::PreferredUsername if alias(Alias::PreferredUsername, None) => {
                    (3, !pool.case_sensitive)
                }
                _ => continue,
            };
            unique.push(Unique {
                column,
                slot,
                fold_case,
            });
        }
        unique
    }

    fn column_allowed(&self, name: &str) -> bool {
        name == "password_hash"
            || self.pool.header.iter().any(|expected| expected == name)
            || self
                .pool
                .attribute(name)
                .is_some_and(|attribute| attribute.developer_only)
    }

    fn unknown_column_message(&self, name: &str, position: usize) -> String {
        let known = || {
            self.pool
                .header
                .iter()
                .map(String::as_str)
                .chain(["password_hash"])
        };
        let unquoted = name.trim_matches('"').trim();
        let lowered = name.to_lowercase();
        let separator = [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")]
            .into_iter()
            .find(|&(separator, _)| name.contains(separator) && name.contains("cognito:username"));
        let suggestion = if let Some((_, separators)) = separator {
            Some(format!(
                "the file's columns are separated by {separators}, and Cognito needs commas: save it as CSV with \
                 commas (in Excel: \"CSV UTF-8 (Comma delimited)\")"
            ))
        } else if unquoted != name && known().any(|known| known == unquoted) {
            Some(format!(
                "Cognito has no quoting, so the quotes are part of the name: write {unquoted} without quotes"
            ))
        } else if let Some(known) = known().find(|known| known.to_lowercase() == lowered) {
            Some(format!(
                "column names are case-sensitive: did you mean {}?",
                quote(known)
            ))
        } else if name == "sub" || name == "identities" {
            Some(format!(
                "Cognito sets {} itself: remove the column",
                quote(name)
            ))
        } else if let Some(known) = known()
            .map(|known| (edit_distance(&lowered, &known.to_lowercase()), known))
            .filter(|&(distance, _)| distance <= 2)
            .min()
            .map(|(_, known)| known)
            .or_else(|| {
                known().find(|known| lowered.len() >= 4 && known.starts_with(lowered.as_str()))
            })
        {
            Some(format!("did you mean {}?", quote(known)))
        } else if name.starts_with("custom:") {
            Some("the pool has no such custom attribute: add it to the pool's schema, or remove the column".into())
        } else {
            None
        };
        let fix = suggestion.unwrap_or_else(|| {
            "rename it to one of the pool's columns or remove it (`aws cognito-idp get-csv-header` lists them)".into()
        });
        format!(
            "header column {position} {} is not a column of the pool's header ({}): {fix}",
            quote(name),
            self.pool.describe()
        )
    }

    fn column(&self, name: &str) -> Column {
        let attribute = self.pool.attribute(name);
        let kind = match name {
            "cognito:username" => Kind::Username,
            "cognito:mfa_enabled" => Kind::MfaEnabled,
            "password_hash" => Kind::PasswordHash,
            "email" => Kind::Email,
            "email_verified" => Kind::EmailVerified,
            "phone_number" => Kind::PhoneNumber,
            "phone_number_verified" => Kind::PhoneNumberVerified,
            "preferred_username" => Kind::PreferredUsername,
            "birthdate" => Kind::Birthdate,
            "updated_at" => Kind::UpdatedAt,
            _ => match attribute.map(|attribute| attribute.data_type) {
                Some(DataType::Boolean) => Kind::Boolean,
                Some(DataType::Number) => Kind::Number,
                _ => Kind::Text,
            },
        };
        let max_length = attribute.and_then(|attribute| attribute.max_length);
        let max_chars = max_length.map_or(limits::VALUE_CHARS, |max| {
            max.min(limits::VALUE_CHARS as u64) as usize
        });
        let required = attribute.is_some_and(|attribute| attribute.required);
        let min_length = attribute.and_then(|attribute| attribute.min_length);
        Column {
            name: name.to_owned(),
            kind,
            max_chars,
            plain: matches!(kind, Kind::Text | Kind::PreferredUsername)
                && !required
                && min_length.is_none(),
            required,
            min_length,
            min_value: attribute.and_then(|attribute| attribute.min_value),
            max_value: attribute.and_then(|attribute| attribute.max_value),
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Whether a line holds any backslash or double quote at all.
#[derive(Clone, Copy)]
struct Marks {
    backslash: bool,
    quote: bool,
}

impl Marks {
    /// Most lines have neither: one search of the line spares one per value.
    fn of(bytes: &[u8]) -> Marks {
        match memchr::memchr2(b'\\', b'"', bytes) {
            None => Marks {
                backslash: false,
                quote: false,
            },
            Some(_) => Marks {
                backslash: memchr::memchr(b'\\', bytes).is_some(),
                quote: memchr::memchr(b'"', bytes).is_some(),
            },
        }
    }
}

/// `str::trim`, quick for the common value that starts and ends with a
/// printable ASCII character (Unicode white space is never ASCII but for
/// the ASCII white space `is_ascii_graphic` excludes).
fn trim(value: &str) -> &str {
    match value.as_bytes() {
        [] => value,
        [first, .., last] | [first @ last]
            if first.is_ascii_graphic() && last.is_ascii_graphic() =>
        {
            value
        }
        _ => value.trim(),
    }
}

/// The values of a line that checks across columns need.
struct CrossValues<'a> {
    email: &'a str,
    phone_number: &'a str,
    email_verified: &'a str,
    phone_number_verified: &'a str,
    mfa_enabled: &'a str,
}

// The users.
impl Validator {
    fn check_user(&mut self, line: u64, text: &str, spans: &[(usize, usize)], marks: Marks) {
        self.users += 1;
        self.note_user_limit(line);
        let header = self
            .header
            .take()
            .expect("a user line comes after the header");
        self.check_user_with(line, text, spans, marks, &header);
        self.header = Some(header);
    }

    fn check_user_with(
        &mut self,
        line: u64,
        text: &str,
        spans: &[(usize, usize)],
        marks: Marks,
        header: &Header,
    ) {
        let Some(width) = header.width else {
            return self.count_user(line, [None; 4]);
        };
        if spans.len() != width {
            self.field_count(line, text, spans.len(), width);
            return self.count_user(line, [None; 4]);
        }
        let field = |index: usize| {
            let (start, end) = spans[index];
            &text[start..end]
        };
        let bytes = text.as_bytes();
        // The values that checks across columns need, kept as the loop
        // trims them.
        let mut cross = CrossValues {
            email: "",
            phone_number: "",
            email_verified: "",
            phone_number_verified: "",
            mfa_enabled: "",
        };
        for (index, (column, &(start, end))) in header.columns.iter().zip(spans).enumerate() {
            // Most values of plain text columns need a glance at their ends only.
            if column.plain && !marks.backslash {
                let ends_plain =
                    |byte: &u8| byte.is_ascii_graphic() && !(marks.quote && *byte == b'"');
                match &bytes[start..end] {
                    [] => continue,
                    value @ ([first, .., last] | [first @ last])
                        if ends_plain(first)
                            && ends_plain(last)
                            && value.len() <= column.max_chars =>
                    {
                        continue
                    }
                    _ => {}
                }
            }
            let raw = &text[start..end];
            let value = trim(raw);
            let cross_value = match column.kind {
                Kind::Email if header.email == Some(index) => &mut cross.email,
                Kind::PhoneNumber if header.phone_number == Some(index) => &mut cross.phone_number,
                Kind::EmailVerified if header.email_verified == Some(index) => {
                    &mut cross.email_verified
                }
                Kind::PhoneNumberVerified if header.phone_number_verified == Some(index) => {
                    &mut cross.phone_number_verified
                }
                Kind::MfaEnabled if header.mfa_enabled == Some(index) => &mut cross.mfa_enabled,
                _ => &mut "",
            };
            *cross_value = value;
            self.check_value(line, column, raw, value, marks);
        }
        self.check_across(line, &cross);
        // Aliases are looked up first, so that the username takes a single
        // probe of its set, knowing by then whether the line is imported.
        let mut keys = [None; 4];
        let mut username = None;
        for &unique in &header.unique {
            let value = trim(field(unique.column));
            if value.is_empty() {
                continue;
            }
            let key = self.key(value, unique.fold_case);
            let column = &header.columns[unique.column];
            if unique.slot == 0 {
                username = Some((key, value, column, unique));
                continue;
            }
            keys[unique.slot] = Some(key);
            if let Some(&first) = self.seen.set(unique.slot).get(&key) {
                self.duplicate(line, column, value, unique, first);
            }
        }
        if let Some((key, value, column, unique)) = username {
            let imported = LineStatus::of(&self.line_findings) == LineStatus::Imported;
            let first = match self.seen.usernames.entry(key) {
                Entry::Occupied(entry) => Some(*entry.get()),
                Entry::Vacant(entry) => {
                    if imported {
                        entry.insert(line);
                    }
                    None
                }
            };
            if let Some(first) = first {
                self.duplicate(line, column, value, unique, first);
            }
        }
        self.count_user(line, keys)
    }

    fn field_count(&mut self, line: u64, text: &str, found: usize, expected: usize) {
        let hint = if text.contains('"') {
            "it looks like RFC 4180 quoting (\"Doe, John\"), which Cognito does not have: drop the quotes and \
             write each comma inside a value as \\,"
        } else if found > expected {
            "a value probably holds a comma: write it as \\,"
        } else {
            "give every line one value per header column, empty ones included (as commas)"
        };
        self.line_finding(
            line,
            None,
            Code::RowFieldCount,
            || format!(
                "line {line} has {} but the header has {}: {hint} (the line's values were not checked)",
                plural(found as u64, "field"),
                plural(expected as u64, "column")
            ),
            None,
        );
    }

    /// White space around a value, quotes, backslashes: what most values lack.
    #[cold]
    fn check_surroundings(
        &mut self,
        line: u64,
        column: &Column,
        raw: &str,
        value: &str,
        quoted: bool,
    ) {
        let name = column.name.as_str();
        // Hashes are secrets: findings never show them.
        let secret = column.kind == Kind::PasswordHash;
        let shown = |text: &'_ str| {
            if secret {
                String::new()
            } else {
                format!(" {}", quote(text))
            }
        };
        if raw.len() != value.len() {
            let message = if value.is_empty() {
                format!("{name} holds only white space, which Cognito reads as empty: leave the value empty")
            } else {
                format!(
                    "{name}{} has white space around it, which Cognito trims: remove it",
                    shown(value)
                )
            };
            self.line_finding(
                line,
                Some(name),
                Code::ValueWhitespace,
                || message,
                (!secret).then_some(raw),
            );
        }
        if quoted {
            self.line_finding(
                line,
                Some(name),
                Code::ValueQuoted,
                || format!(
                    "{name}{} is in quotes, which Cognito keeps as part of the value (it has no quoting): \
                     remove them, and write a comma inside a value as \\,",
                    shown(value)
                ),
                (!secret).then_some(value),
            );
        }
        if value.contains('\\') && !secret {
            self.line_finding(
                line,
                Some(name),
                Code::ValueBackslash,
                || format!(
                    "{name} {} has a backslash that Cognito keeps as part of the value (only \\, is an escape, for \
                     a comma; \\\\, is a backslash and then an escaped comma): check that it belongs there",
                    quote(value)
                ),
                Some(value),
            );
        }
    }

    #[inline(always)]
    fn check_value(&mut self, line: u64, column: &Column, raw: &str, value: &str, marks: Marks) {
        let quoted =
            marks.quote && value.len() >= 2 && value.starts_with('"') && value.ends_with('"');
        if raw.len() != value.len() || quoted || marks.backslash && value.contains('\\') {
            self.check_surroundings(line, column, raw, value, quoted);
        }
        let name = column.name.as_str();
        if column.kind == Kind::PasswordHash {
            return self.check_password_hash(line, name, value);
        }
        if value.is_empty() {
            if column.kind == Kind::Username {
                self.line_finding(
                    line,
                    Some(name),
                    Code::UsernameMissing,
                    || "cognito:username is empty: give every user a username".into(),
                    None,
                );
            } else if column.required {
                self.line_finding(
                    line,
                    Some(name),
                    Code::AttributeRequired,
                    || format!("{name} is empty, but the pool's schema requires it: fill it in for every user"),
                    None,
                );
            }
            return;
        }
        let passes = matches!(column.kind, Kind::Text | Kind::PreferredUsername)
            || self.check_kind(line, column, value);
        // Characters are at most as many as bytes: most values need no count.
        let near_limits = value.len() > column.max_chars || column.min_length.is_some();
        if passes && near_limits && column.kind != Kind::Username {
            self.check_length(line, column, value);
        }
    }

    /// The checks of the column's kind; `true` when the value passes them.
    #[inline(never)]
    fn check_kind(&mut self, line: u64, column: &Column, value: &str) -> bool {
        let name = column.name.as_str();
        let before = self.line_findings.len();
        match column.kind {
            Kind::Username => self.check_username(line, value),
            Kind::Email => {
                if let Some(reason) = checks::email_problem(value) {
                    self.line_finding(
                        line,
                        Some(name),
                        Code::EmailInvalid,
                        || format!("email {} is not a valid address: {reason}", quote(value)),
                        Some(value),
                    );
                }
            }
            Kind::PhoneNumber => {
                if let Some(problem) = checks::phone_problem(value) {
                    let fix = match problem.corrected {
                        Some(corrected) => format!("write it as {corrected}"),
                        None => {
                            "write + and the country code, then digits only (+12065550100)".into()
                        }
                    };
                    self.line_finding(
                        line,
                        Some(name),
                        Code::PhoneNumberInvalid,
                        || {
                            format!(
                                "phone_number {} is not valid: {}: {fix}",
                                quote(value),
                                problem.reason
                            )
                        },
                        Some(value),
                    );
                }
            }
            Kind::EmailVerified | Kind::PhoneNumberVerified | Kind::MfaEnabled | Kind::Boolean => {
                if checks::parse_bool(value).is_none() {
                    self.line_finding(
                        line,
                        Some(name),
                        Code::BooleanInvalid,
                        || {
                            format!(
                                "{name} is {}: write true or false, or leave it empty",
                                quote(value)
                            )
                        },
                        Some(value),
                    );
                }
            }
            Kind::Birthdate => {
                if let Some(problem) = checks::birthdate_problem(value) {
                    let fix = match problem.corrected {
                        Some(corrected) => format!("write it as {corrected}"),
                        None => "write it as mm/dd/yyyy (12/31/1985 for 31 December 1985)".into(),
                    };
                    self.line_finding(
                        line,
                        Some(name),
                        Code::BirthdateInvalid,
                        || {
                            format!(
                                "birthdate {} is not valid: {}: {fix}",
                                quote(value),
                                problem.reason
                            )
                        },
                        Some(value),
                    );
                }
            }
            Kind::UpdatedAt => self.check_updated_at(line, name, value),
            Kind::Number => self.check_number(line, column, value),
            Kind::PasswordHash | Kind::PreferredUsername | Kind::Text => {}
        }
        self.line_findings.len() == before
    }

    fn check_username(&mut self, line: u64, value: &str) {
        let name = Some("cognito:username");
        if let Some((position, c)) = checks::invalid_username_char(value) {
            self.line_finding(
                line,
                name,
                Code::UsernameInvalidCharacter,
                || format!(
                    "cognito:username {} has {} at character {position}, which usernames may not contain \
                     (only letters, marks, symbols, numbers and punctuation): remove or replace it",
                    quote(value),
                    checks::describe_char(c)
                ),
                Some(value),
            );
        }
        if checks::exceeds_chars(value, limits::USERNAME_CHARS) {
            self.line_finding(
                line,
                name,
                Code::UsernameTooLong,
                || {
                    format!(
                        "cognito:username {} is {} characters long; the maximum is 128: shorten it",
                        quote(value),
                        value.chars().count()
                    )
                },
                Some(value),
            );
        }
        let alias = &self.pool.alias_attributes;
        let shape = if alias.contains(&Alias::Email) && checks::email_problem(value).is_none() {
            Some(("an email address", "email", "email"))
        } else if alias.contains(&Alias::PhoneNumber) && checks::phone_problem(value).is_none() {
            Some(("a phone number", "phone number", "phone_number"))
        } else {
            None
        };
        if let Some((what, alias_name, column)) = shape {
            self.line_finding(
                line,
                name,
                Code::UsernameAliasFormat,
                || format!(
                    "cognito:username {} has the format of {what}, which Cognito refuses in a pool that uses \
                     {alias_name} as an alias: use another username (such as the user's id) and put the value in \
                     the {column} column",
                    quote(value)
                ),
                Some(value),
            );
        }
    }

    fn check_updated_at(&mut self, line: u64, name: &str, value: &str) {
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            let reason = if checks::parse_integer(value).is_some() {
                "is negative"
            } else {
                "is not a whole number of seconds"
            };
            self.line_finding(
                line,
                Some(name),
                Code::UpdatedAtInvalid,
                || format!(
                    "updated_at {} {reason}: write the Unix time in seconds (1700000000), or leave it empty",
                    quote(value)
                ),
                Some(value),
            );
        } else if value.len() >= 13 {
            let (unit, fix) = if value.len() < 16 {
                ("milliseconds", "divide by 1,000")
            } else {
                ("microseconds or finer", "keep the first 10 digits")
            };
            self.line_finding(
                line,
                Some(name),
                Code::UpdatedAtMilliseconds,
                || format!(
                    "updated_at {} has {} digits: it is probably in {unit}, and Cognito expects seconds \
                     ({fix})",
                    quote(value),
                    value.len()
                ),
                Some(value),
            );
        }
    }

    fn check_number(&mut self, line: u64, column: &Column, value: &str) {
        let name = column.name.as_str();
        match checks::parse_integer(value) {
            None => self.line_finding(
                line,
                Some(name),
                Code::NumberInvalid,
                || {
                    format!(
                        "{name} {} is not an integer: write a whole number, or leave it empty",
                        quote(value)
                    )
                },
                Some(value),
            ),
            Some(number) => {
                let below = column.min_value.filter(|&min| number < min);
                let above = column.max_value.filter(|&max| number > max);
                let bound = match (below, above) {
                    (Some(min), _) => Some(format!("below the minimum of {min}")),
                    (_, Some(max)) => Some(format!("above the maximum of {max}")),
                    _ => None,
                };
                if let Some(bound) = bound {
                    self.line_finding(
                        line,
                        Some(name),
                        Code::NumberOutOfRange,
                        || format!(
                            "{name} {} is {bound} that the pool's schema sets: write a value within the bounds",
                            quote(value)
                        ),
                        Some(value),
                    );
                }
            }
        }
    }

    fn check_length(&mut self, line: u64, column: &Column, value: &str) {
        let name = column.name.as_str();
        let max = column.max_chars;
        if checks::exceeds_chars(value, max) {
            let whose = if max < limits::VALUE_CHARS {
                "the pool's schema sets"
            } else {
                "Cognito takes"
            };
            self.line_finding(
                line,
                Some(name),
                Code::ValueTooLong,
                || {
                    format!(
                        "{name} is {} characters long, and {whose} at most {max}: shorten it",
                        value.chars().count()
                    )
                },
                Some(value),
            );
        }
        if let Some(min) = column.min_length {
            let length = value.chars().count();
            if (length as u64) < min {
                self.line_finding(
                    line,
                    Some(name),
                    Code::ValueTooShort,
                    || {
                        format!(
                            "{name} {} is {} long, and the pool's schema sets at least {min}: \
                         lengthen it, or leave it empty",
                            quote(value),
                            plural(length as u64, "character")
                        )
                    },
                    Some(value),
                );
            }
        }
    }

    fn check_password_hash(&mut self, line: u64, name: &str, value: &str) {
        let algorithm = self.pool.password_hash_algorithm;
        let (code, message) = match (algorithm, value.is_empty()) {
            (None, true) => return,
            (Some(algorithm), true) => (
                Code::PasswordHashEmpty,
                format!(
                    "password_hash is empty while the job imports {} hashes: this user is imported in \
                     RESET_REQUIRED state and must reset the password at first sign-in",
                    algorithm.as_str()
                ),
            ),
            (None, false) => (
                Code::PasswordHashNoAlgorithm,
                "password_hash has a value but the job has no hashing algorithm: create the job with the \
                 hashes' algorithm (--password-hash-algorithm), or empty the column"
                    .into(),
            ),
            (Some(algorithm), false) => match checks::check_hash(algorithm, value) {
                HashCheck::Valid => return,
                HashCheck::OutOfBounds(reason) => (
                    Code::PasswordHashOutOfBounds,
                    format!(
                        "password_hash is {} hash above Cognito's maximums: {reason}; Cognito cannot import it: \
                         leave it empty so that the user resets the password",
                        with_article(algorithm)
                    ),
                ),
                HashCheck::Malformed(reason) => match other_algorithm(algorithm, value) {
                    Some((other, check)) => (
                        Code::PasswordHashAlgorithmMismatch,
                        format!(
                            "password_hash is {} hash, but the job imports {} hashes: import these users in a \
                             job created with {}{}",
                            with_article(other),
                            algorithm.as_str(),
                            other.as_str(),
                            match check {
                                HashCheck::OutOfBounds(reason) => format!(
                                    " (this hash would fail there too, being above Cognito's maximums: {reason})"
                                ),
                                _ => String::new(),
                            }
                        ),
                    ),
                    None => (
                        Code::PasswordHashMalformed,
                        format!("password_hash is not a {} hash: {reason}", algorithm.as_str()),
                    ),
                },
            },
        };
        // Hashes are secrets: findings never show them.
        self.line_finding(line, Some(name), code, || message, None);
    }

    fn check_across(&mut self, line: u64, values: &CrossValues) {
        let email_verified = checks::parse_bool(values.email_verified);
        let phone_verified = checks::parse_bool(values.phone_number_verified);
        if email_verified == Some(true) && values.email.is_empty() {
            self.line_finding(
                line,
                Some("email"),
                Code::EmailRequired,
                || "email_verified is true but email is empty: fill in the address, or set email_verified to false".into(),
                None,
            );
        }
        if phone_verified == Some(true) && values.phone_number.is_empty() {
            self.line_finding(
                line,
                Some("phone_number"),
                Code::PhoneNumberRequired,
                || "phone_number_verified is true but phone_number is empty: fill in the number, or set \
                 phone_number_verified to false"
                    .into(),
                None,
            );
        }
        let auto_email = self.pool.auto_verifies(Verifiable::Email);
        let auto_phone = self.pool.auto_verifies(Verifiable::PhoneNumber);
        if auto_email && auto_phone {
            if email_verified != Some(true) && phone_verified != Some(true) {
                self.line_finding(
                    line,
                    None,
                    Code::VerifiedNone,
                    || {
                        "The User Record does not set any of the auto verified attributes to true. \
                     (Example: email_verified to true)."
                            .into()
                    },
                    None,
                );
            }
        } else {
            let single = if auto_email {
                Some(("email", email_verified, values.email_verified))
            } else if auto_phone {
                Some(("phone_number", phone_verified, values.phone_number_verified))
            } else {
                None
            };
            if let Some((attribute, verified, text)) = single {
                if verified != Some(true) {
                    let shown = if text.is_empty() {
                        "empty".to_owned()
                    } else {
                        quote(text)
                    };
                    self.line_finding(
                        line,
                        Some(&format!("{attribute}_verified")),
                        Code::VerifiedRequired,
                        || format!(
                            "{attribute}_verified is {shown}, but the pool auto-verifies {attribute}, and Cognito \
                             imports only users for whom it is true: set {attribute}_verified to true"
                        ),
                        None,
                    );
                }
            }
        }
        let mfa = checks::parse_bool(values.mfa_enabled);
        let conflict = match (mfa, self.pool.mfa) {
            (Some(true), Mfa::Off) => Some("true, but the pool's MFA is off"),
            (Some(false), Mfa::On) => Some("false, but the pool requires MFA"),
            _ => None,
        };
        if let Some(conflict) = conflict {
            self.line_finding(
                line,
                Some("cognito:mfa_enabled"),
                Code::MfaConflict,
                || format!("cognito:mfa_enabled is {conflict}: leave it empty so that the user takes the pool's setting"),
                None,
            );
        }
        if mfa == Some(true) && values.email.is_empty() && values.phone_number.is_empty() {
            self.line_finding(
                line,
                Some("cognito:mfa_enabled"),
                Code::MfaNoFactor,
                || "cognito:mfa_enabled is true but the user has neither phone_number nor email: they cannot sign in \
                 until a factor is set; add one, or set cognito:mfa_enabled to false"
                    .into(),
                None,
            );
        }
    }

    /// Looks up a username or alias value among those of earlier imported
    /// users; remembers its key so that an imported line can record it.
    /// Reports a username or alias value that an earlier imported user has.
    #[cold]
    fn duplicate(&mut self, line: u64, column: &Column, value: &str, unique: Unique, first: u64) {
        let Unique {
            slot, fold_case, ..
        } = unique;
        let case = if fold_case {
            " (compared without regard to letter case, as this pool does)"
        } else {
            ""
        };
        let (code, message) = if slot == 0 {
            (
                Code::UsernameDuplicate,
                format!(
                    "cognito:username {} repeats the username of line {first}{case}, a user that would be imported: Cognito skips this line (\"The user already exists.\"); remove it or give this \
                     user a username of their own",
                    quote(value)
                ),
            )
        } else {
            (
                Code::AliasDuplicate,
                format!(
                    "{} {} repeats the {} of line {first}{case}, a user that would be imported; the \
                     pool needs it unique (an alias or username attribute): give each user their own",
                    column.name,
                    quote(value),
                    column.name
                ),
            )
        };
        self.line_finding(line, Some(&column.name), code, || message, Some(value));
    }

    fn key(&mut self, value: &str, fold_case: bool) -> u64 {
        if !fold_case {
            return xxhash_rust::xxh3::xxh3_64(value.as_bytes());
        }
        fold_case_into(value, &mut self.lowercase);
        xxhash_rust::xxh3::xxh3_64(self.lowercase.as_bytes())
    }

    /// Counts the user by the status its findings give, and records the
    /// alias keys of an imported user (the username's key is recorded where
    /// it is looked up).
    fn count_user(&mut self, line: u64, keys: [Option<u64>; 4]) {
        match LineStatus::of(&self.line_findings) {
            LineStatus::Imported => {
                self.imported += 1;
                for (slot, key) in keys.into_iter().enumerate().skip(1) {
                    if let Some(key) = key {
                        self.seen.set(slot).insert(key, line);
                    }
                }
            }
            LineStatus::Failed => self.failed += 1,
            LineStatus::Skipped => self.skipped += 1,
        }
    }
}

impl Seen {
    fn set(&mut self, slot: usize) -> &mut HashMap<u64, u64, BuildHasherDefault<PrehashedKey>> {
        match slot {
            0 => &mut self.usernames,
            1 => &mut self.emails,
            2 => &mut self.phone_numbers,
            _ => &mut self.preferred_usernames,
        }
    }
}

/// Writes `value` lowercased, as `str::to_lowercase` does, into `out`.
fn fold_case_into(value: &str, out: &mut String) {
    out.clear();
    // Runs of ASCII and of lowercase letters are copied as they are, and
    // the ASCII lowercased in one go at the end (no lowercase mapping gives
    // an ASCII capital); other characters are mapped one by one.
    let bytes = value.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(ascii) = bytes[at..].iter().position(|byte| !byte.is_ascii()) {
        at += ascii;
        let c = value[at..].chars().next().expect("a character starts here");
        let next = at + c.len_utf8();
        if !c.is_lowercase() {
            if c == 'Σ' {
                // Capital sigma lowercases by its place in a word (σ or ς):
                // leave the whole value to std.
                out.clear();
                out.push_str(&value.to_lowercase());
                return;
            }
            out.push_str(&value[copied..at]);
            out.extend(c.to_lowercase());
            copied = next;
        }
        at = next;
    }
    out.push_str(&value[copied..]);
    out.make_ascii_lowercase();
}

/// The supported algorithm other than `algorithm` that `hash` is well
/// formed for, with what its check found.
fn other_algorithm(algorithm: HashAlgorithm, hash: &str) -> Option<(HashAlgorithm, HashCheck)> {
    HashAlgorithm::ALL
        .into_iter()
        .filter(|&other| other != algorithm)
        .map(|other| (other, checks::check_hash(other, hash)))
        .find(|(_, check)| !matches!(check, HashCheck::Malformed(_)))
}

/// `a BCRYPT`, `an ARGON2ID`.
fn with_article(algorithm: HashAlgorithm) -> String {
    let name = algorithm.as_str();
    let article = if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// A value as a message quotes it: shortened, in double quotes, or in
/// single quotes when it holds a double quote itself.
fn quote(value: &str) -> String {
    let shown = crate::format::printable(&checks::truncate(value, VALUE_QUOTED)).into_owned();
    if value.contains('"') {
        format!("'{shown}'")
    } else {
        format!("\"{shown}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_mappings_give_no_ascii_capitals() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !c.is_ascii() {
                assert!(!c.to_lowercase().any(|c| c.is_ascii_uppercase()), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn case_folding_is_lowercasing(value in "[aZ Σσİ\u{212a}éÉ山\u{1e9e}]{0,8}|\\PC{0,8}") {
            let mut out = String::from("left over");
            fold_case_into(&value, &mut out);
            proptest::prop_assert_eq!(out, value.to_lowercase());
        }
    }
}
