//! A file cut into parts at line breaks, each part validated on its own
//! (on another core), and the merge that gives the report of the whole
//! file, exactly as one pass gives it.
//!
//! Cognito's dialect has no quoting: every `\n` ends a line, so a file can
//! be cut after any `\n`. Each line's checks are the same in a part as in
//! one pass; what depends on other lines is left to the merge:
//!
//! - line numbers: a part numbers its lines from 1, the merge adds the
//!   lines of the parts before;
//! - the header: every part resolves it from the file's [`Head`]; the first
//!   part reads and reports it;
//! - the usernames and aliases taken: a part hashes each user's unique
//!   values and judges the line as if no other line had them. Each part
//!   sorts its keys (with their lines); the merge sweeps the sorted lists
//!   once to find the keys that occur more than once in the whole file (or
//!   that a user of the pool has, when the pool's users are given), and
//!   judges again, in file order, only the lines that have one. The other
//!   lines' keys are never looked up: the sequential share is that sweep
//!   and the lines that repeat. A part sent to another worker sends its
//!   keys first, and then only what the merge reads ([`Part::keeping`],
//!   [`Part::sending`]);
//! - a run of blank lines across a cut, the counts, and the findings about
//!   the file as a whole.
//!
//! Where a part goes: it is given a nominal range of the file, `start` to
//! `end` (the file's length divided evenly, say). It holds the lines that
//! start in that range, a line starting at offset 0 or after a `\n`, so
//! that ranges that tile the file give parts that hold each line once,
//! whatever the lengths of the lines. No part starts before the end of the
//! header line.

use crate::engine::columns::{self, Columns};
use crate::engine::flat::{self, u64_at, usize_at, Flat};
use crate::engine::header::Header;
use crate::engine::judge::{finish_user, NoUser};
use crate::engine::row;
use crate::engine::split::{Line, Splitter};
use crate::engine::tally::{self, Tally};
use crate::engine::unique::{value_key, KeyedValue, UniqueSet, Uniqueness};
use crate::engine::{add_cr_cr_lf, report, BlankRun, Validator};
use crate::existing::ExistingUsers;
use crate::finding::{Detail, Finding, LineStatus, LineStatuses};
use crate::pool::Pool;
use crate::report::{FileSummary, Report};
use crate::rules::Code;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// The head of a file, its first bytes through the header line: what every
/// part needs before it can check a line.
#[derive(Clone, Debug)]
pub struct Head {
    header: Header,
    /// The offset after the header line's first terminator byte: no part
    /// starts before it.
    floor: u64,
}

impl Head {
    /// Reads the head of a file from its first bytes (a megabyte holds the
    /// widest header); `None` when the header does not end within them, or
    /// the file is no text: it is then read in one pass.
    pub fn read(pool: &Pool, bytes: &[u8]) -> Option<Head> {
        let mut validator = Validator::new(pool.clone());
        // Read until the header is, not the whole megabyte.
        for piece in bytes.chunks(1 << 14) {
            validator.push(piece);
            if validator.header_line().is_some() {
                break;
            }
        }
        let checker = validator.checker;
        if checker.not_text.is_some() {
            return None;
        }
        let header = checker.header?;
        let floor = end_of_line(bytes, header.line)?;
        Some(Head { header, floor })
    }

    /// The offset a part that holds the lines from `start` on is read
    /// from: the byte before the first line it may hold.
    pub fn read_from(&self, start: u64) -> u64 {
        if start == 0 {
            0
        } else {
            start.max(self.floor) - 1
        }
    }
}

/// Bytes a part holds at least: below this, a worker's start costs more
/// than it saves.
pub const PART_BYTES_AT_LEAST: u64 = 4 << 20;

/// Where the parts of a file of `length` bytes start, for at most `most`
/// parts of about equal size (each part ends where the next starts, the
/// last at the file's end): one part for a small file.
pub fn cuts(length: u64, most: usize) -> Vec<u64> {
    let count = (length / PART_BYTES_AT_LEAST).clamp(1, most.max(1) as u64);
    (0..count).map(|part| length / count * part).collect()
}

/// The offset after line `line`'s terminator (its first byte: the `\n` of
/// a `\r\n` is the next line's business), lines numbered as the splitter
/// numbers them.
fn end_of_line(bytes: &[u8], line: u64) -> Option<u64> {
    let mut ended = 0;
    let mut after_cr = false;
    for (offset, &byte) in bytes.iter().enumerate() {
        let ends = byte == b'\r' || (byte == b'\n' && !after_cr);
        after_cr = byte == b'\r';
        if ends {
            ended += 1;
            if ended == line {
                return Some(offset as u64 + 1);
            }
        }
    }
    None
}

/// Where a part begins or ends: at the first line that starts at or after
/// an offset, sought or found.
#[derive(Clone, Copy, Debug)]
enum Edge {
    /// The first line that starts at or after this offset.
    Seeking(u64),
    /// Found.
    Found,
}

/// Validates one part of a file cut at line breaks.
///
/// Push the file's bytes from [`Head::read_from`] on, in chunks of any
/// size, while [`push`](PartValidator::push) wants more (or up to the
/// file's end), then [`finish`](PartValidator::finish) it; give the parts
/// of the whole file, in order, to [`merge`].
///
/// ```
/// use cognito_csv_validator::engine::parts::{merge, Head, PartValidator};
/// use cognito_csv_validator::{Pool, Validator};
/// let pool = Pool::default();
/// let mut file = pool.header.join(",").into_bytes();
/// for name in ["ana", "bob", "ANA", "cy"] {
///     file.extend(format!("\n{name},,,,,,,,,,{name}@example.com,true,,,,,,,,,false").as_bytes());
/// }
/// let head = Head::read(&pool, &file).expect("the header ends in the file");
/// let middle = file.len() as u64 / 2;
/// let parts = [(0, Some(middle)), (middle, None)].map(|(start, end)| {
///     let mut part = PartValidator::new(pool.clone(), &head, start, end);
///     part.push(&file[head.read_from(start) as usize..]);
///     part.finish()
/// });
/// let mut whole = Validator::new(pool.clone());
/// whole.push(&file);
/// assert_eq!(merge(pool, &head, parts.into(), None), whole.finish());
/// ```
pub struct PartValidator {
    pool: Pool,
    /// The file's first part.
    first: bool,
    header: Option<Header>,
    /// Set once the part has begun.
    validator: Option<Validator>,
    /// The file offset of the next byte pushed.
    at: u64,
    begin: Edge,
    /// `None`: the part runs to the file's end.
    end: Option<Edge>,
}

impl PartValidator {
    /// The part of a file of `head` that holds the lines that start from
    /// `start` to `end` (`None`: to the file's end).
    pub fn new(pool: Pool, head: &Head, start: u64, end: Option<u64>) -> PartValidator {
        let floor = |offset: u64| offset.max(head.floor);
        let (begin, header, validator) = if start == 0 {
            // The first part reads the header itself, and reports on it.
            (Edge::Found, None, Some(Validator::part(pool.clone(), None)))
        } else {
            (Edge::Seeking(floor(start)), Some(head.header.clone()), None)
        };
        PartValidator {
            pool,
            first: start == 0,
            header,
            validator,
            at: head.read_from(start),
            begin,
            end: end.map(|end| Edge::Seeking(floor(end))),
        }
    }

    /// The parts of a file of `length` bytes, for at most `most` workers
    /// (see [`cuts`]), in order.
    pub fn plan(pool: &Pool, head: &Head, length: u64, most: usize) -> Vec<PartValidator> {
        let starts = cuts(length, most);
        let ends = starts.iter().skip(1).map(|&end| Some(end)).chain([None]);
        starts
            .iter()
            .zip(ends)
            .map(|(&start, end)| PartValidator::new(pool.clone(), head, start, end))
            .collect()
    }

    /// The file offset of the next byte to push: at first, where the part
    /// is to be read from.
    pub fn offset(&self) -> u64 {
        self.at
    }

    /// Feeds the next bytes of the file; `false` once the part has all it
    /// needs (the rest of the chunk, and later ones, are not its).
    pub fn push(&mut self, mut chunk: &[u8]) -> bool {
        if let Edge::Seeking(start) = self.begin {
            // The part begins after the first `\n` at or after `start - 1`.
            let skip = (start - 1).saturating_sub(self.at).min(chunk.len() as u64) as usize;
            let found = memchr::memchr(b'\n', &chunk[skip..]).map(|at| skip + at + 1);
            let Some(begins) = found else {
                self.at += chunk.len() as u64;
                return true;
            };
            self.at += begins as u64;
            chunk = &chunk[begins..];
            self.begin = Edge::Found;
            let header = self.header.take();
            let mut validator = Validator::part(self.pool.clone(), header);
            validator.splitter = Splitter::at_line_start(self.at);
            self.validator = Some(validator);
            if let Some(Edge::Seeking(end)) = self.end {
                if self.at >= end {
                    // No line starts in the range: this part is empty.
                    self.end = Some(Edge::Found);
                    return false;
                }
            }
        }
        let Some(validator) = &mut self.validator else {
            return false;
        };
        match self.end {
            Some(Edge::Found) => false,
            Some(Edge::Seeking(end)) => {
                // The part ends after the first `\n` at or after `end - 1`.
                let from = (end - 1).saturating_sub(self.at).min(chunk.len() as u64) as usize;
                match memchr::memchr(b'\n', &chunk[from..]) {
                    Some(at) => {
                        let ends = from + at + 1;
                        validator.push(&chunk[..ends]);
                        self.at += ends as u64;
                        self.end = Some(Edge::Found);
                        false
                    }
                    None => {
                        validator.push(chunk);
                        self.at += chunk.len() as u64;
                        true
                    }
                }
            }
            None => {
                validator.push(chunk);
                self.at += chunk.len() as u64;
                true
            }
        }
    }

    /// The part's bytes validated so far.
    pub fn bytes(&self) -> u64 {
        self.validator
            .as_ref()
            .map_or(0, |validator| validator.checker.bytes)
    }

    /// Ends the part (at the file's end, if it still wanted bytes).
    pub fn finish(self) -> Part {
        match self.validator {
            Some(validator) => validator.finish_part(self.first),
            None => Part::default(),
        }
    }
}

/// One part of a file, validated: what the [`merge`] needs of it. It is
/// plain data, to send from the worker that read it (see
/// [`to_bytes`](Part::to_bytes)).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Part {
    /// Bytes read.
    bytes: u64,
    /// Lines read.
    lines: u64,
    /// The first part's: the header and where it was read.
    header: Option<PartHeader>,
    /// Its findings, lines numbered from 1 within the part, each user line
    /// judged as if no other line had its username or aliases.
    findings: Vec<Finding>,
    /// Its lines' statuses, from 1, so judged.
    statuses: LineStatuses,
    /// The run of blank lines at its end, which may go on in the next part.
    open_run: Option<BlankRun>,
    /// Blank lines made by `\r\r\n` terminators.
    cr_cr_lf_lines: u64,
    /// The user lines that have a username or alias value.
    log: KeyLog,
    /// Once sent with its place in the file ([`sending`](Part::sending)):
    /// the line number its first line follows, and the findings the merge
    /// leaves as they are, numbered in the file, in columns (`findings`
    /// then holds the others).
    passed: Option<(u64, Columns)>,
}

/// The first part's header, for the report.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct PartHeader {
    line: Option<u64>,
    names: Option<Vec<Arc<str>>>,
    first_header_line: Option<u64>,
}

impl Part {
    /// The part as bytes, to send to another worker.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a part is plain data")
    }

    /// A part from [`to_bytes`](Part::to_bytes); `None` when the bytes are
    /// no part (a misuse).
    pub fn from_bytes(bytes: &[u8]) -> Option<Part> {
        postcard::from_bytes(bytes)
            .ok()
            .filter(Part::holds_together)
    }

    /// Lines read: the next part's lines follow the sum of its parts'.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Whether it was sent with its findings in columns
    /// ([`sending`](Part::sending)): only [`merge_in_columns`] takes it.
    pub fn in_columns(&self) -> bool {
        self.passed.is_some()
    }

    /// Its users' keys, one per username or alias value (hashed, marked
    /// with its set), sorted: what the merge compares across parts. The
    /// keys that occur more than once in the file ([`contested_keys`]) are
    /// all the merge reads of a part's log ([`keeping`](Part::keeping)).
    pub fn keys(&self) -> Vec<u64> {
        self.log.keys.iter().map(|&(key, _)| key).collect()
    }

    /// The part with the log of only the lines that have one of the
    /// `contested` keys (sorted; this part's of [`contested_keys`]): it
    /// merges as the whole part does when no users are given from outside
    /// the file, and it is a fraction of its size to send. (Every line
    /// that has a contested key is kept, in every part, so the merge finds
    /// the same keys repeated among the kept lines.)
    pub fn keeping(mut self, contested: &[u64]) -> Part {
        let kept = having_keys(&self.log.keys, contested);
        self.log = self.log.only(&kept);
        self
    }

    /// [`keeping`](Part::keeping), for a part that follows line `offset`
    /// of the file: the findings the merge may change (those of the lines
    /// kept, the findings of no line, a blank first line's, as a run of
    /// blank lines may go on from the part before) stay findings; the
    /// others go into columns, numbered in the file, as a batch of the
    /// page carries them: the merge copies their bytes
    /// ([`merge_in_columns`]).
    pub fn sending(self, contested: &[u64], offset: u64) -> Part {
        let mut part = self.keeping(contested);
        let findings = std::mem::take(&mut part.findings);
        let mut passed = Columns::default();
        let mut statuses = part.statuses.cursor();
        let mut lines = part.log.lines.iter_mut().peekable();
        // The end of the findings of the kept line under way.
        let mut kept_until = 0;
        for (index, mut finding) in findings.into_iter().enumerate() {
            while let Some(line) = lines.next_if(|line| line.first_finding <= index) {
                kept_until = line.first_finding + line.findings as usize;
                line.first_finding = part.findings.len();
            }
            let blank_first =
                index == 0 && finding.code == Code::LineBlank && finding.line == Some(1);
            let Some(number) = finding.line.filter(|_| index >= kept_until && !blank_first) else {
                part.findings.push(finding);
                continue;
            };
            finding.line = Some(number + offset);
            passed.push(&finding, statuses.status(number));
        }
        for line in lines {
            line.first_finding = part.findings.len();
        }
        part.passed = Some((offset, passed));
        part
    }

    /// Whether this part was read under `head` (its values' columns are
    /// the header's): [`merge`] takes no other.
    pub fn fits(&self, head: &Head) -> bool {
        let columns = head.header.unique.len();
        self.log
            .values
            .iter()
            .all(|value| (value.unique as usize) < columns)
    }

    /// Whether the log's places are within the part, in order: what bytes
    /// from elsewhere must show before the merge indexes with them.
    fn holds_together(&self) -> bool {
        let log = &self.log;
        let lines_in_order = log.lines.windows(2).all(|pair| {
            pair[0].first_value < pair[1].first_value
                && pair[0].line < pair[1].line
                && pair[0].first_finding + pair[0].findings as usize <= pair[1].first_finding
        });
        let statuses: u64 = self.statuses.runs.iter().map(|&(_, lines)| lines).sum();
        let values_in_order = log
            .values
            .windows(2)
            .all(|pair| pair[0].text_start <= pair[1].text_start);
        lines_in_order
            && values_in_order
            && log.lines.first().is_none_or(|line| line.first_value == 0)
            && log.lines.iter().all(|line| {
                line.first_value < log.values.len()
                    && line.first_finding + line.findings as usize <= self.findings.len()
                    && line.line <= self.lines
            })
            && log
                .values
                .iter()
                .all(|value| log.text.is_char_boundary(value.text_start))
            && log.keys.iter().all(|&(_, line)| line < log.lines.len())
            && log.unfolded.iter().all(|&(line, _)| line < log.lines.len())
            && log.unfolded.windows(2).all(|pair| pair[0].0 < pair[1].0)
            && self
                .passed
                .as_ref()
                .is_none_or(|(_, passed)| passed.holds_together())
            && statuses == self.lines
    }
}

/// The user lines of a part that have a username or alias value: each
/// one's keys and values, for the merge to judge again if one of its keys
/// occurs elsewhere in the file. (Half a million users are logged: each
/// record is kept small, its end the next one's start.)
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct KeyLog {
    #[serde(with = "flat")]
    lines: Vec<KeyedLine>,
    #[serde(with = "flat")]
    values: Vec<StoredValue>,
    /// The values' text, one after the other.
    text: String,
    /// Every value's key, marked with its set, with its line (in `lines`),
    /// sorted once the part ends.
    #[serde(with = "flat")]
    keys: Vec<(u64, usize)>,
    /// The findings of the lines that are no user (see [`NoUser`]) before
    /// they were folded into one, by line (in `lines`).
    unfolded: Vec<(usize, Vec<Finding>)>,
}

/// A user line with unique values.
#[derive(Clone, Debug)]
struct KeyedLine {
    /// Its number within the part.
    line: u64,
    /// Its first value, in `KeyLog::values`.
    first_value: usize,
    /// Its first finding, in `Part::findings`.
    first_finding: usize,
    /// Its findings.
    findings: u32,
    /// It fails for other findings than a repeat.
    fails: bool,
    no_user: Option<NoUser>,
}

/// A unique value of a line. (Its key is not kept: the few lines the
/// merge judges again hash theirs again.)
#[derive(Clone, Debug)]
struct StoredValue {
    /// Where its text starts in `KeyLog::text`.
    text_start: usize,
    /// Its column, by its place in the header's unique columns.
    unique: u32,
}

/// A log line as a record of its own (see [`flat`]).
impl Flat for KeyedLine {
    const SIZE: usize = 30;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.line.to_le_bytes());
        out.extend_from_slice(&(self.first_value as u64).to_le_bytes());
        out.extend_from_slice(&(self.first_finding as u64).to_le_bytes());
        out.extend_from_slice(&self.findings.to_le_bytes());
        out.push(u8::from(self.fails));
        out.push(match self.no_user {
            None => 0,
            Some(NoUser::RepeatedHeader) => 1,
            Some(NoUser::EmptyRow) => 2,
        });
    }
    fn read(bytes: &[u8]) -> Option<KeyedLine> {
        Some(KeyedLine {
            line: u64_at(bytes, 0),
            first_value: usize_at(bytes, 8)?,
            first_finding: usize_at(bytes, 16)?,
            findings: u32::from_le_bytes(bytes[24..28].try_into().ok()?),
            fails: match bytes[28] {
                0 => false,
                1 => true,
                _ => return None,
            },
            no_user: match bytes[29] {
                0 => None,
                1 => Some(NoUser::RepeatedHeader),
                2 => Some(NoUser::EmptyRow),
                _ => return None,
            },
        })
    }
}

impl Flat for StoredValue {
    const SIZE: usize = 12;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.text_start as u64).to_le_bytes());
        out.extend_from_slice(&self.unique.to_le_bytes());
    }
    fn read(bytes: &[u8]) -> Option<StoredValue> {
        Some(StoredValue {
            text_start: usize_at(bytes, 0)?,
            unique: u32::from_le_bytes(bytes[8..12].try_into().ok()?),
        })
    }
}

/// A line judged in a part, before its findings are completed.
pub(crate) struct JudgedLine {
    line: KeyedLine,
    unfolded: Option<Vec<Finding>>,
}

impl KeyLog {
    /// Judges user line `line` of a part as if no other line had its
    /// username or aliases; its findings go to `findings`. Returns what
    /// the merge needs if the line has unique values, to
    /// [`keep`](KeyLog::keep) once its findings are completed. (Never
    /// inlined into the checker's loop, whose one-pass path it would bloat.)
    #[inline(never)]
    pub(crate) fn judge(
        &mut self,
        pool: &Pool,
        header: &Header,
        line: &Line,
        findings: &mut Vec<Finding>,
    ) -> Option<JudgedLine> {
        row::check_line(pool, header, line, findings);
        let mut judged = None;
        if header.width == Some(line.fields.len()) {
            let first_value = self.values.len();
            let mut lowercase = String::new();
            for (unique_index, unique) in header.unique.iter().enumerate() {
                let text = header.value(line, unique.column);
                if text.is_empty() {
                    continue;
                }
                let key = value_key(text, unique.fold_case, &mut lowercase);
                self.values.push(StoredValue {
                    text_start: self.text.len(),
                    unique: unique_index as u32,
                });
                self.text.push_str(text);
                self.keys.push((marked(key, unique.set), self.lines.len()));
            }
            if self.values.len() > first_value {
                judged = Some(JudgedLine {
                    line: KeyedLine {
                        line: line.number,
                        first_value,
                        first_finding: 0,
                        findings: 0,
                        fails: tally::user_status(findings) != LineStatus::Imported,
                        no_user: NoUser::of(header, line),
                    },
                    unfolded: None,
                });
            }
        }
        let no_user = (!findings.is_empty())
            .then(|| NoUser::of(header, line))
            .flatten();
        if let (Some(judged), Some(_)) = (&mut judged, no_user) {
            judged.unfolded = Some(findings.clone());
        }
        finish_user(header, no_user, findings);
        judged
    }

    /// Keeps a judged line, whose findings are `findings` in the part's.
    pub(crate) fn keep(&mut self, judged: JudgedLine, findings: Range<usize>) {
        if let Some(unfolded) = judged.unfolded {
            self.unfolded.push((self.lines.len(), unfolded));
        }
        self.lines.push(KeyedLine {
            first_finding: findings.start,
            // A line's findings are a few per column.
            findings: findings.len() as u32,
            ..judged.line
        });
    }

    /// The log of only lines `kept` (places in `lines`, in order).
    fn only(&self, kept: &[usize]) -> KeyLog {
        let mut log = KeyLog::default();
        for &index in kept {
            let first_value = log.values.len();
            for (value, text) in self.values_of(index) {
                log.values.push(StoredValue {
                    text_start: log.text.len(),
                    unique: value.unique,
                });
                log.text.push_str(text);
            }
            if let Some(unfolded) = self.unfolded(index) {
                log.unfolded.push((log.lines.len(), unfolded.clone()));
            }
            log.lines.push(KeyedLine {
                first_value,
                ..self.lines[index].clone()
            });
        }
        // Each line's place in the new log, if kept.
        let mut places = vec![None; self.lines.len()];
        for (place, &index) in kept.iter().enumerate() {
            places[index] = Some(place);
        }
        log.keys = self
            .keys
            .iter()
            .filter_map(|&(key, line)| Some((key, places[line]?)))
            .collect();
        log
    }

    /// The values of line `index` (in `lines`).
    fn values_of(&self, index: usize) -> impl Iterator<Item = (&StoredValue, &str)> {
        let first = self.lines[index].first_value;
        let end = self
            .lines
            .get(index + 1)
            .map_or(self.values.len(), |next| next.first_value);
        (first..end).map(move |value| {
            let text_end = self
                .values
                .get(value + 1)
                .map_or(self.text.len(), |next| next.text_start);
            let stored = &self.values[value];
            (stored, &self.text[stored.text_start..text_end])
        })
    }

    /// The findings of line `index` (in `lines`), in the part's.
    fn findings_of(&self, index: usize) -> Range<usize> {
        let line = &self.lines[index];
        line.first_finding..line.first_finding + line.findings as usize
    }

    /// The findings of line `index` before they were folded into one, if
    /// they were.
    fn unfolded(&self, index: usize) -> Option<&Vec<Finding>> {
        self.unfolded
            .binary_search_by_key(&index, |&(line, _)| line)
            .ok()
            .map(|at| &self.unfolded[at].1)
    }
}

/// A value's key marked with its set: the same value in two sets is no
/// repeat. (Two marked keys that happen to be equal only cost the lines
/// a second look.) Marking a marked key with its set again gives the key.
pub(crate) fn marked(key: u64, set: UniqueSet) -> u64 {
    key ^ (set as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Validator {
    /// A validator of a part of a file: under `header` when it is not the
    /// first part; the pool's own finding is the merge's.
    fn part(pool: Pool, header: Option<Header>) -> Validator {
        let mut validator = Validator::new(pool);
        validator.checker.tally = Tally::default();
        validator.checker.header = header;
        validator.checker.part = Some(Box::default());
        validator
    }

    /// Ends a part (`first`: the file's first).
    fn finish_part(self, first: bool) -> Part {
        let Validator {
            mut splitter,
            mut checker,
        } = self;
        splitter.finish(&mut |event| checker.on_event(event));
        // The run's finding is the merge's, once it knows where it ends.
        let open_run = checker.blank_run.take();
        let mut tally = checker.tally;
        if let Some(run) = open_run {
            tally.end_blank_lines(run.first, run.lines);
        }
        let (mut findings, statuses) = tally.take();
        // The findings of a line that never came (a byte order mark alone).
        findings.append(&mut tally.line_findings);
        let mut log = *checker.part.unwrap_or_default();
        log.keys.sort_unstable();
        Part {
            bytes: checker.bytes,
            lines: splitter.lines(),
            header: first.then(|| PartHeader {
                line: checker.header.as_ref().map(|header| header.line),
                names: checker.header.and_then(|header| header.names),
                first_header_line: checker.first_header_line,
            }),
            findings,
            statuses,
            open_run,
            cr_cr_lf_lines: checker.cr_cr_lf_lines,
            log,
            passed: None,
        }
    }
}

/// The report of a whole file from its parts, in order (see
/// [`PartValidator`]): the report one pass over the file gives. `existing`:
/// the pool's users, when given. The parts are as
/// [`finish`](PartValidator::finish) or [`keeping`](Part::keeping) give
/// them; parts [`sending`](Part::sending) their findings in columns go to
/// [`merge_in_columns`].
pub fn merge(
    pool: Pool,
    head: &Head,
    parts: Vec<Part>,
    existing: Option<Arc<ExistingUsers>>,
) -> Report {
    assert!(
        parts.iter().all(|part| part.passed.is_none()),
        "parts that send findings in columns are merged by merge_in_columns"
    );
    merge_parts(pool, head, parts, existing).report
}

/// [`merge`] of parts as [`sending`](Part::sending) gives them (or as
/// `merge` takes them): the report, its findings in columns (the report's
/// own are then empty). `None` when a part was sent for another place in
/// the file (a misuse).
pub fn merge_in_columns(
    pool: Pool,
    head: &Head,
    parts: Vec<Part>,
    existing: Option<Arc<ExistingUsers>>,
) -> Option<(Report, Columns)> {
    let mut offset = 0;
    for part in &parts {
        if part
            .passed
            .as_ref()
            .is_some_and(|&(sent, _)| sent != offset)
        {
            return None;
        }
        offset += part.lines;
    }
    let Merged {
        mut report,
        leading,
        passed,
    } = merge_parts(pool, head, parts, existing);
    let findings = std::mem::take(&mut report.findings);
    let columns = columns::interleave(&findings, leading, &report.statuses, &passed);
    Some((report, columns))
}

/// A merge: the report, with the findings the merge made or judged again
/// (its first `leading` about the pool), and the parts' findings passed in
/// columns, in order.
struct Merged {
    report: Report,
    leading: usize,
    passed: Vec<Columns>,
}

fn merge_parts(
    pool: Pool,
    head: &Head,
    parts: Vec<Part>,
    existing: Option<Arc<ExistingUsers>>,
) -> Merged {
    let existing_given = existing.is_some();
    // Only the values another line of the file has too, or a user of the
    // pool, are looked up.
    let contested = contested_lines(&parts, existing.as_deref());
    let mut uniqueness = Uniqueness::after(existing, None);
    let mut tally = Validator::new(pool.clone()).checker.tally;
    let leading = tally.completed_findings();
    let mut passed = Vec::new();
    let mut file = FileSummary {
        bytes: 0,
        lines: 0,
        header_line: None,
        header: None,
    };
    let mut first_header_line = None;
    let mut cr_cr_lf_lines = 0;
    // A run of blank lines that reaches the end of the parts so far.
    let mut open_run: Option<BlankRun> = None;
    for (index, part) in parts.into_iter().enumerate() {
        let offset = file.lines;
        let rejudged = rejudge(
            &part,
            offset,
            &head.header,
            &mut uniqueness,
            &contested[index],
        );
        let statuses = with_rejudged_statuses(&part, offset, &rejudged);
        let mut findings = with_rejudged_findings(part.findings, offset, &part.log, rejudged);
        if let Some(part_header) = part.header {
            file.header_line = part_header.line;
            file.header = part_header.names;
            first_header_line = part_header.first_header_line;
        }
        file.bytes += part.bytes;
        file.lines += part.lines;
        cr_cr_lf_lines += part.cr_cr_lf_lines;
        let mut part_run = part.open_run.map(|run| BlankRun {
            first: run.first + offset,
            ..run
        });
        if let Some(mut run) = open_run.take() {
            // It goes on in this part if its first line is blank.
            match (&mut part_run, findings.first_mut()) {
                (Some(whole), _) if whole.first == offset + 1 => {
                    run.lines += whole.lines;
                    *whole = run;
                }
                (_, Some(first))
                    if first.code == Code::LineBlank && first.line == Some(offset + 1) =>
                {
                    if let Detail::Blank { lines, .. } = first.detail {
                        run.lines += lines;
                    }
                    *first = run.finding();
                }
                _ if part.lines == 0 => part_run = Some(run),
                _ => tally.add(run.finding()),
            }
        }
        tally.append(findings, statuses);
        if let Some((_, columns)) = part.passed {
            tally.count(columns.codes());
            passed.push(columns);
        }
        open_run = part_run;
    }
    if let Some(run) = open_run {
        tally.add(run.finding());
    }
    add_cr_cr_lf(&mut tally, cr_cr_lf_lines);
    Merged {
        report: report(pool, tally, file, first_header_line, existing_given),
        leading,
        passed,
    }
}

/// A user line judged again at the merge, now that the usernames and
/// aliases of earlier lines are known: its findings and status.
struct Rejudged {
    /// The line, in its part's log.
    index: usize,
    findings: Vec<Finding>,
    status: LineStatus,
}

/// Looks up the unique values of `part`'s `lines` (in its log, in order:
/// those with a contested key; no other line of the file, nor user of the
/// pool, has the values of the others, whose judgement in the part stands)
/// in the sets of the lines before (lines numbered from `offset` on) and
/// of the pool's users; the lines that turn out to repeat one, judged
/// again.
fn rejudge(
    part: &Part,
    offset: u64,
    header: &Header,
    uniqueness: &mut Uniqueness,
    lines: &[usize],
) -> Vec<Rejudged> {
    let log = &part.log;
    let mut rejudged = Vec::new();
    for &index in lines {
        let line = &log.lines[index];
        let number = line.line + offset;
        let mut repeats = Vec::new();
        let mut lowercase = String::new();
        let keyed: Vec<KeyedValue> = log
            .values_of(index)
            .map(|(value, text)| {
                let unique = header.unique[value.unique as usize];
                KeyedValue {
                    unique,
                    text,
                    key: value_key(text, unique.fold_case, &mut lowercase),
                }
            })
            .collect();
        let pending = uniqueness.check_keyed(
            number,
            keyed,
            |column| &header.columns[column].name,
            &mut repeats,
            |repeats| !line.fails && tally::user_status(repeats) == LineStatus::Imported,
        );
        if repeats.is_empty() {
            if !line.fails {
                uniqueness.record(number, pending);
            }
            continue;
        }
        let mut findings = log
            .unfolded(index)
            .cloned()
            .unwrap_or_else(|| part.findings[log.findings_of(index)].to_vec());
        for finding in &mut findings {
            finding.line = Some(number);
        }
        findings.append(&mut repeats);
        finish_user(header, line.no_user, &mut findings);
        let status = tally::user_status(&findings);
        if status == LineStatus::Imported {
            uniqueness.record(number, pending);
        }
        rejudged.push(Rejudged {
            index,
            findings,
            status,
        });
    }
    rejudged
}

/// A part's findings, numbered from `offset`, those of the lines judged
/// again replaced.
fn with_rejudged_findings(
    findings: Vec<Finding>,
    offset: u64,
    log: &KeyLog,
    rejudged: Vec<Rejudged>,
) -> Vec<Finding> {
    let mut findings = findings;
    for finding in &mut findings {
        finding.line = finding.line.map(|line| line + offset);
    }
    if rejudged.is_empty() {
        return findings;
    }
    let mut out = Vec::with_capacity(findings.len() + rejudged.len());
    let mut findings = findings.into_iter();
    let mut at = 0;
    for line in rejudged {
        let replaced = log.findings_of(line.index);
        out.extend(findings.by_ref().take(replaced.start - at));
        findings.by_ref().take(replaced.len()).for_each(drop);
        at = replaced.end;
        out.extend(line.findings);
    }
    out.extend(findings);
    out
}

/// A part's statuses, numbered from `offset`, those of the lines judged
/// again changed.
fn with_rejudged_statuses(part: &Part, offset: u64, rejudged: &[Rejudged]) -> LineStatuses {
    let mut out = LineStatuses::starting_at(offset + 1);
    let mut changes = rejudged
        .iter()
        .map(|line| (part.log.lines[line.index].line, line.status))
        .peekable();
    let mut line = part.statuses.first;
    for &(status, lines) in &part.statuses.runs {
        let end = line + lines;
        while let Some((changed, new)) = changes.next_if(|&(changed, _)| changed < end) {
            out.push(status, changed - line);
            out.push(new, 1);
            line = changed + 1;
        }
        out.push(status, end - line);
        line = end;
    }
    out
}

/// The places (lines, records) in `keys`, sorted by key, that have one of
/// the `contested` keys (sorted), in order, each once: one walk of both.
pub(crate) fn having_keys<T: Copy + Ord>(keys: &[(u64, T)], contested: &[u64]) -> Vec<T> {
    let mut having = Vec::new();
    let mut keys = keys.iter().peekable();
    for &key in contested {
        while keys.next_if(|&&(logged, _)| logged < key).is_some() {}
        while let Some(&(_, place)) = keys.next_if(|&&(logged, _)| logged == key) {
            having.push(place);
        }
    }
    having.sort_unstable();
    having.dedup();
    having
}

/// The lines of each part that have a contested key (see [`contested`]),
/// in order.
fn contested_lines(parts: &[Part], existing: Option<&ExistingUsers>) -> Vec<Vec<usize>> {
    let lists: Vec<&[(u64, usize)]> = parts.iter().map(|part| &part.log.keys[..]).collect();
    contested(&lists, |&(key, _)| key, existing)
        .into_iter()
        .zip(&lists)
        .map(|(places, list)| {
            let mut lines: Vec<usize> = places.into_iter().map(|place| list[place].1).collect();
            // A line with two contested values is there twice.
            lines.sort_unstable();
            lines.dedup();
            lines
        })
        .collect()
}

/// For each part's sorted keys (see [`Part::keys`]), in order, those that
/// occur more than once in the whole file, or that a user of the pool has
/// (`existing`, when given), sorted: what each part is to keep for the
/// merge ([`Part::keeping`]).
pub fn contested_keys(keys: &[&[u64]], existing: Option<&ExistingUsers>) -> Vec<Vec<u64>> {
    contested(keys, |&key| key, existing)
        .into_iter()
        .zip(keys)
        .map(|(places, list)| places.into_iter().map(|place| list[place]).collect())
        .collect()
}

/// [`contested_keys`] of parts at hand (in order), read from their own
/// lists.
pub fn contested_keys_of(parts: &[Part], existing: Option<&ExistingUsers>) -> Vec<Vec<u64>> {
    let lists: Vec<&[(u64, usize)]> = parts.iter().map(|part| &part.log.keys[..]).collect();
    contested(&lists, |&(key, _)| key, existing)
        .into_iter()
        .zip(&lists)
        .map(|(places, list)| places.into_iter().map(|place| list[place].0).collect())
        .collect()
}

/// For each of `lists`, sorted by `key`, the places in it of the contested
/// keys, in order: those that occur more than once in all the lists (one
/// sweep), and those a user of the pool has (`existing`). Only the lines
/// that have one can be judged otherwise than in their part. (A marked key
/// is looked up in each set: a key of another set that happens to be there
/// only costs its line a second look.)
fn contested<T>(
    lists: &[&[T]],
    key: impl Fn(&T) -> u64,
    existing: Option<&ExistingUsers>,
) -> Vec<Vec<usize>> {
    let mut places = repeated(lists, &key);
    let Some(existing) = existing else {
        return places;
    };
    let in_pool = |marked_key: u64| {
        UniqueSet::ALL
            .iter()
            .any(|&set| existing.contains(set, marked(marked_key, set)))
    };
    for (list, places) in lists.iter().zip(&mut places) {
        let repeated = std::mem::take(places);
        let mut repeated = repeated.into_iter().peekable();
        for (place, entry) in list.iter().enumerate() {
            if repeated.next_if_eq(&place).is_some() || in_pool(key(entry)) {
                places.push(place);
            }
        }
    }
    places
}

/// For each of `lists`, sorted by `key`, the places in it of the entries
/// whose key occurs more than once in all the lists, in order: one sweep.
fn repeated<T>(lists: &[&[T]], key: impl Fn(&T) -> u64) -> Vec<Vec<usize>> {
    let mut next = vec![0; lists.len()];
    let mut repeats = vec![Vec::new(); lists.len()];
    // The key of the run of equal keys under way, its first entry (list,
    // place), and whether that entry is counted already.
    let mut run: Option<(u64, usize, usize, bool)> = None;
    loop {
        // The smallest key at the head of a list (there are few lists).
        let mut smallest: Option<(u64, usize)> = None;
        for (list, entries) in lists.iter().enumerate() {
            if let Some(entry) = entries.get(next[list]) {
                let entry_key = key(entry);
                if smallest.is_none_or(|(least, _)| entry_key < least) {
                    smallest = Some((entry_key, list));
                }
            }
        }
        let Some((smallest_key, list)) = smallest else {
            break;
        };
        let place = next[list];
        next[list] += 1;
        match &mut run {
            Some((run_key, first_list, first_place, counted)) if *run_key == smallest_key => {
                if !*counted {
                    repeats[*first_list].push(*first_place);
                    *counted = true;
                }
                repeats[list].push(place);
            }
            _ => run = Some((smallest_key, list, place, false)),
        }
    }
    repeats
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the template's header and users that repeat each other.
    fn file(pool: &Pool) -> Vec<u8> {
        let mut file = pool.header.join(",").into_bytes();
        for (name, email) in [
            ("ana", "a"),
            ("bob", "b@"),
            ("ANA", "c"),
            ("", "d"),
            ("bob", "e"),
        ] {
            let line = format!("\n{name},,,,,,,,,,{email}@example.com,true,,,,,,,,,false\n\n");
            file.extend(line.as_bytes());
        }
        file
    }

    #[test]
    fn bytes_that_are_no_part_are_refused_and_never_break_the_merge() {
        let pool = Pool::default();
        let file = file(&pool);
        let head = Head::read(&pool, &file).unwrap();
        let mut part = PartValidator::new(pool.clone(), &head, 0, None);
        part.push(&file);
        let whole = part.finish();
        // The part as `--jobs` merges it, and as the page's workers send it:
        // its repeated lines kept, its other findings in columns.
        let contested = contested_keys_of(std::slice::from_ref(&whole), None);
        let sent = whole.clone().sending(&contested[0], 0);
        assert!(!sent.log.lines.is_empty());
        assert!(sent
            .passed
            .as_ref()
            .is_some_and(|(_, columns)| !columns.is_empty()));
        for bytes in [whole.to_bytes(), sent.to_bytes()] {
            assert!(Part::from_bytes(&bytes).is_some_and(|part| part.fits(&head)));
            for cut in 0..bytes.len() {
                assert!(Part::from_bytes(&bytes[..cut]).is_none(), "cut at {cut}");
            }
            // Any byte changed: refused, or merged without a panic.
            for at in 0..bytes.len() {
                for change in [1, 0x80, 0xFF] {
                    let mut changed = bytes.clone();
                    changed[at] ^= change;
                    if let Some(part) = Part::from_bytes(&changed).filter(|part| part.fits(&head)) {
                        merge_in_columns(pool.clone(), &head, vec![part], None);
                    }
                }
            }
        }
    }
}
