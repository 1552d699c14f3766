//! `fix`: from the file a user has to files Cognito imports.
//!
//! A [`Fixer`] reads any CSV of users as it streams in (Cognito's dialect,
//! or RFC 4180 as spreadsheets write it, separated by `,`, `;`, tabs or
//! `|`), maps its header to the pool's, fixes each value where the result
//! is certain, and judges each line it would write as the validator would
//! judge it in the file being written. A line that imports goes to an
//! import file (cut into parts at Cognito's limits); one that does not
//! goes to the rejects, as it was, with the reasons; every change goes to
//! the changes. Nothing is held but the current line (or the few lines of
//! a quoted value that runs over line breaks, up to 64 KB), the usernames
//! and aliases taken, and the output until it is taken (push at most
//! [`PUSH_BYTES`] at a time to bound it).
//!
//! An input whose first character (after a byte order mark and white
//! space) is `{` or `[` is read as `aws cognito-idp list-users` output
//! instead, a user at a time: each user becomes a line of the pool's
//! header (`listed.rs`) that goes the way of a CSV line, and `subs.csv`
//! says where each user's `sub` went.
//!
//! Its parts, each a file with one job:
//!
//! - `lines.rs`: physical lines and their breaks;
//! - `fields.rs`: a line's fields, as Cognito reads them and as RFC 4180
//!   has them;
//! - `columns.rs`: the header, its separator, and each column's fate;
//! - `listed.rs`: the users of `list-users` output as lines;
//! - `values.rs` and `country.rs`: the fixes of one value;
//! - `table.rs`: every fix, with its stable code;
//! - `write.rs`: the import files, cut into parts, the rejects and the
//!   changes, as chunks;
//! - `log.rs` and `parts.rs`: a file fixed in parts on several cores, each
//!   part's output logged, the logs replayed into the files one pass
//!   writes.
//!
//! ```
//! use cognito_csv_validator::fix::{FixOptions, Fixer, Output};
//! use cognito_csv_validator::Pool;
//! let mut fixer = Fixer::new(Pool::default(), FixOptions::default()).unwrap();
//! fixer.push(b"Username;Email;email_verified\nana;ana@example.com;1\n");
//! let fixed = fixer.finish().unwrap();
//! let part: Vec<u8> = fixed
//!     .chunks
//!     .iter()
//!     .filter(|chunk| chunk.output == Output::Part(1))
//!     .flat_map(|chunk| chunk.bytes.clone())
//!     .collect();
//! let text = String::from_utf8(part).unwrap();
//! assert!(text.starts_with("cognito:username,email,email_verified,name,"));
//! assert!(text.ends_with("\nana,ana@example.com,true,,,,,,,,,,,,,,,,,,false\n"));
//! assert_eq!(fixed.manifest.imported, 1);
//! ```

mod columns;
mod country;
mod fields;
mod lines;
mod listed;
mod log;
pub mod parts;
mod table;
mod values;
mod write;

pub use country::{Country, COUNTRIES};
pub use listed::{AttributeCount, ListUsersSummary, ListedReject};
pub use table::{Fix, FixCode, FIXES};
pub use values::DateOrder;
pub use write::{Chunk, Output, PartSummary, Sample};

use crate::checks;
use crate::engine::header::{Kind, PoolIndex};
use crate::engine::judge::LineJudge;
use crate::engine::limits;
use crate::engine::split::LINE_BYTES_KEPT;
use crate::existing::{ListUsersReader, ListedUser};
use crate::finding::{Detail, FieldCountHint, Finding, LineStatus};
use crate::pool::{Mfa, Pool, Verifiable};
use crate::rules::{Code, Severity};
use columns::{Fate, Mapping, OutColumn};
use fields::{split_cognito, RfcRecord};
use lines::{Break, LineReader, PhysicalLine};
use listed::Listed;
use log::{Event, Sink, Span};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use values::{Step, ValueFixer};
use write::Outputs;

/// What `fix` may do beyond what is certain from the file alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FixOptions {
    /// Users in one import file (at most 500,000).
    pub max_users: u64,
    /// Bytes in one import file (at most 100,000,000).
    pub max_bytes: u64,
    /// How dates written day or month first are read.
    pub date_order: Option<DateOrder>,
    /// The country of phone numbers written without one (ISO code).
    pub default_country: Option<String>,
    /// The addresses known to be verified: their `*_verified` is set to
    /// true where the address is present.
    pub assume_verified: Vec<Verifiable>,
    /// Columns the pool does not have are kept (the job then fails until
    /// the pool has them), not left out.
    pub keep_unknown_columns: bool,
    /// The columns of a file that has no header line.
    pub columns: Option<Vec<String>>,
    /// `list-users` input: users `UNCONFIRMED` in the pool listed are
    /// imported, not rejected.
    pub keep_unconfirmed: bool,
    /// `list-users` input: users disabled in the pool listed are imported
    /// (enabled, as an import makes every user), not rejected.
    pub keep_disabled: bool,
}

impl Default for FixOptions {
    fn default() -> Self {
        FixOptions {
            max_users: limits::USERS,
            max_bytes: limits::FILE_BYTES,
            date_order: None,
            default_country: None,
            assume_verified: Vec::new(),
            keep_unknown_columns: false,
            columns: None,
            keep_unconfirmed: false,
            keep_disabled: false,
        }
    }
}

/// The most bytes to push at a time, taking the output after each push,
/// for memory bounded whatever the input: the output is held until it is
/// taken, and a line of a byte can become a reject of a few hundred bytes
/// (16 KB of such lines: some 5 MB of rejects).
pub const PUSH_BYTES: usize = 16 * 1024;

/// The fewest bytes an import file may be limited to: a header and the
/// longest line Cognito takes fit.
pub const MIN_PART_BYTES: u64 = 100_000;

/// Why `fix` cannot go on: what, where, and how to get past it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixError(pub String);

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FixError {}

/// What the input held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputSummary {
    /// Bytes read.
    pub bytes: u64,
    /// Physical lines.
    pub lines: u64,
    /// Users: lines that are neither the header, blank, empty rows nor a
    /// repeated header (of `list-users` output, the users listed).
    pub users: u64,
}

/// How many times a fix was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixCount {
    /// The fix.
    pub code: FixCode,
    /// Times made (in the import files; the header's, once per column).
    pub count: u64,
}

/// How many rejected lines break a rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectCount {
    /// The rule's code.
    pub code: &'static str,
    /// Lines in the rejects that break it.
    pub count: u64,
}

/// What `fix` did, and what to do next: `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// What the input held.
    pub input: InputSummary,
    /// The import files' header.
    pub header: Vec<String>,
    /// The import files, in the order to import them: one job at a time
    /// (Cognito runs one import job per account at a time).
    pub parts: Vec<PartSummary>,
    /// Users in the import files.
    pub imported: u64,
    /// Users in the rejects.
    pub rejected: u64,
    /// The rules the rejected lines break: lines per rule code, most
    /// first (a line may break several).
    pub rejected_by_code: Vec<RejectCount>,
    /// Rows of the changes.
    pub changes: u64,
    /// Each fix made, with its count, in the table's order.
    pub fixes: Vec<FixCount>,
    /// What still fails every import job of these files, which `fix`
    /// cannot change (the pool's settings, columns kept on request).
    pub blockers: Vec<String>,
    /// The commands that import the files, part after part: the AWS CLI's
    /// and `curl`'s, with the pool's id when it is known (words in capitals
    /// are to be filled in), and `#` comments.
    pub next_steps: Vec<String>,
    /// The options the files were made with.
    pub options: FixOptions,
    /// For `list-users` input: the users' statuses, the attributes the pool
    /// lacks, and the file of their `sub`s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_users: Option<ListUsersSummary>,
}

/// The end of a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The outputs' last chunks, `manifest.json` last.
    pub chunks: Vec<Chunk>,
    /// What was done, and what to do next.
    pub manifest: Manifest,
    /// The first changes of each fix made, as examples.
    pub samples: Vec<Sample>,
}

/// Fixes a file of users as it streams in: [`push`](Fixer::push) chunks of
/// any size, [`take`](Fixer::take) the output's chunks as often as you
/// like, then [`finish`](Fixer::finish). No chunking changes any output.
pub struct Fixer {
    pool: Pool,
    options: FixOptions,
    values: ValueFixer,
    input: Input,
    stage: Stage,
    bytes: u64,
    /// Lines to read again: those a quoted value seemed to run over, when
    /// it turned out not to.
    again: VecDeque<PhysicalLine>,
    /// Times each fix was made, by code.
    counts: Vec<u64>,
    /// Blank lines in a row, not yet written to the changes: first, count.
    blank_run: Option<(u64, u64)>,
    /// Changes before the header, written once the changes start: lines,
    /// fix.
    before_header: Vec<(String, FixCode)>,
    /// Rejected lines per rule code, in the order first met.
    rejected_by_code: Vec<RejectCount>,
    /// The outputs' last chunks when fix stopped after writing users, not
    /// yet taken.
    written_before_stop: Vec<Chunk>,
    /// A part of a file cut at line breaks: its output is logged for the
    /// merge ([`parts`]), not written.
    part: bool,
}

/// What the input is: known from its first byte that is neither a byte
/// order mark nor white space.
enum Input {
    /// Not known yet: the bytes so far, a byte order mark and white space.
    Unknown(Vec<u8>),
    /// CSV, read a line at a time.
    Csv(LineReader),
    /// `list-users` output, read a user at a time.
    ListUsers(Box<ListUsersReader>),
}

impl Default for Input {
    fn default() -> Self {
        Input::Unknown(Vec::new())
    }
}

/// The most bytes of white space held before the first character says
/// what the input is; past them it is read as CSV (of blank lines so far).
const WHITE_SPACE_HELD: usize = 1 << 16;

impl Input {
    /// What `bytes`, the input's first, say it is: `None` while they are a
    /// byte order mark (or the start of one) and white space.
    fn of(bytes: &[u8]) -> Option<Input> {
        let bom = b"\xEF\xBB\xBF";
        if bytes.len() < bom.len() && bom.starts_with(bytes) {
            return None;
        }
        let text = bytes.strip_prefix(bom).unwrap_or(bytes);
        let first = text
            .iter()
            .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
        match first {
            Some(b'{' | b'[') => Some(Input::ListUsers(Box::default())),
            Some(_) => Some(Input::Csv(LineReader::default())),
            None if bytes.len() > WHITE_SPACE_HELD => Some(Input::Csv(LineReader::default())),
            None => None,
        }
    }
}

enum Stage {
    /// Before the header: whether line 1 was seen.
    Header,
    Data(Box<Data>),
    Stopped(FixError),
}

/// How a record's fields were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    /// As Cognito reads a line.
    Cognito,
    /// As RFC 4180 has it, with values in quotes; `stray`: text came after
    /// a closing quote.
    Rfc { stray: bool },
}

/// What reading the lines after the header needs.
struct Data {
    /// The import files have the input's header, so a line that imports
    /// with no finding at all is written as it is (see
    /// [`LineJudge::judge_clean`]).
    as_is: bool,
    separator: char,
    /// The input's column names.
    names: Vec<String>,
    mapping: Mapping,
    /// The kind of each column of the import files.
    kinds: Vec<Kind>,
    judge: LineJudge,
    outputs: Sink,
    blockers: Vec<String>,
    /// The header's line and its break: what a part after the first
    /// starts from.
    header_line: u64,
    header_break: Break,
    /// The user line (or record of lines) being read.
    span: Span,
    users: u64,
    imported: u64,
    /// A record whose quoted value runs over line breaks: its reading and
    /// its lines so far.
    open: Option<(RfcRecord, Vec<PhysicalLine>, u64)>,
    /// Whether the changes already say the file is read as RFC 4180.
    quoting_told: bool,
    /// The last line a record that did not close held: lines up to it are
    /// read again one at a time.
    tried_up_to: u64,
    /// The line being read, as it was judged as it is, and its status,
    /// when it failed or was skipped (it took nothing).
    judged: Option<(u64, LineStatus)>,
    judged_bytes: Vec<u8>,
    /// The import files' values of the line being written.
    out: Vec<String>,
    /// For `list-users` input: its users as lines, the columns of its
    /// rejects (the pool's), and the reasons of the last user rejected.
    listed: Option<Box<Listed>>,
    rejects_width: usize,
    last_reasons: String,
    // Buffers, kept to reuse their memory.
    fields: Vec<String>,
    line: Vec<u8>,
    steps: Vec<(usize, Step)>,
}

impl Fixer {
    /// A fixer of files for `pool`; an error when the options cannot be
    /// taken.
    pub fn new(pool: Pool, options: FixOptions) -> Result<Fixer, FixError> {
        if !(1..=limits::USERS).contains(&options.max_users) {
            return Err(FixError(format!(
                "max users is {}: it must be 1 to {} (Cognito's limit)",
                options.max_users,
                limits::USERS
            )));
        }
        if !(MIN_PART_BYTES..=limits::FILE_BYTES).contains(&options.max_bytes) {
            return Err(FixError(format!(
                "max bytes is {}: it must be {MIN_PART_BYTES} to {} (Cognito's limit), so that the longest line fits",
                options.max_bytes,
                limits::FILE_BYTES
            )));
        }
        let country = match &options.default_country {
            None => None,
            Some(code) => Some(Country::find(code).ok_or_else(|| {
                FixError(format!(
                    "default country {code:?} is not one whose numbers fix knows: use one of {}",
                    Country::codes()
                ))
            })?),
        };
        Ok(Fixer {
            values: ValueFixer {
                date_order: options.date_order,
                country,
            },
            pool,
            options,
            input: Input::default(),
            stage: Stage::Header,
            bytes: 0,
            again: VecDeque::new(),
            counts: vec![0; FIXES.len()],
            blank_run: None,
            before_header: Vec::new(),
            rejected_by_code: Vec::new(),
            written_before_stop: Vec::new(),
            part: false,
        })
    }

    /// Feeds the next chunk of the input. Its output is held until
    /// [`take`](Fixer::take)n: push at most [`PUSH_BYTES`] at a time to
    /// bound it.
    pub fn push(&mut self, chunk: &[u8]) {
        if matches!(self.stage, Stage::Stopped(_)) {
            return;
        }
        self.bytes += chunk.len() as u64;
        let mut input = std::mem::take(&mut self.input);
        if let Input::Unknown(held) = &mut input {
            held.extend_from_slice(chunk);
            let Some(known) = Input::of(held) else {
                self.input = input;
                return;
            };
            let held = std::mem::take(held);
            input = known;
            self.read(&mut input, &held);
        } else {
            self.read(&mut input, chunk);
        }
        self.input = input;
    }

    /// Reads `bytes` of the input, now known.
    fn read(&mut self, input: &mut Input, bytes: &[u8]) {
        match input {
            Input::Unknown(_) => unreachable!("the input is known"),
            Input::Csv(reader) => reader.push(bytes, &mut |line| self.on_line(line)),
            Input::ListUsers(reader) => {
                let read = reader.push(bytes, &mut |user| self.listed_user(user));
                if let Err(error) = read {
                    self.stop_listing(error);
                }
            }
        }
    }

    /// Starts the outputs of `list-users` input, at its first user (or its
    /// end): the import files have the pool's header.
    fn start_listed(&mut self) {
        let mut names = self.pool.header.clone();
        if self.pool.password_hash_algorithm.is_some()
            && !names.iter().any(|name| name == "password_hash")
        {
            names.push("password_hash".to_owned());
        }
        let listed = Listed::new(&names, &self.pool, &self.options);
        self.start_data(0, Break::Lf, names, ',', Some(Box::new(listed)), true);
    }

    /// `list-users` output that cannot be read, or has too many attributes
    /// the pool lacks: what and where, and what of it was written.
    fn stop_listing(&mut self, error: crate::existing::json::JsonError) {
        let written = match &self.stage {
            Stage::Data(data) if data.users > 0 => format!(
                "; the files written hold its first {} only: correct the file and run fix again",
                crate::text::plural(data.users, "user")
            ),
            _ => String::new(),
        };
        self.stop(format!(
            "the file was read as list-users output (JSON, as its first character is {{ or [): {error}{written}"
        ));
    }

    /// Why `fix` stopped, if it did: the rest of the input is not read.
    pub fn stopped(&self) -> Option<&FixError> {
        match &self.stage {
            Stage::Stopped(error) => Some(error),
            _ => None,
        }
    }

    /// The pool it fixes for.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Its options.
    pub fn options(&self) -> &FixOptions {
        &self.options
    }

    /// Bytes pushed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The output's chunks completed so far, not yet taken.
    pub fn take(&mut self) -> Vec<Chunk> {
        match &mut self.stage {
            Stage::Data(data) => match &mut data.outputs {
                Sink::Files(outputs) => outputs.take(),
                Sink::Log(_) => Vec::new(),
            },
            Stage::Stopped(_) => std::mem::take(&mut self.written_before_stop),
            Stage::Header => Vec::new(),
        }
    }

    /// Ends the input: the last chunks and the manifest, or why the input
    /// could not be fixed.
    pub fn finish(mut self) -> Result<Fixed, FixError> {
        let mut input = std::mem::take(&mut self.input);
        // Nothing but white space: CSV of blank lines.
        if let Input::Unknown(held) = &mut input {
            let held = std::mem::take(held);
            input = Input::Csv(LineReader::default());
            self.read(&mut input, &held);
        }
        let lines = match &mut input {
            Input::Unknown(_) => unreachable!("the input is known"),
            Input::Csv(reader) => {
                reader.finish(&mut |line| self.on_line(line));
                // Lines read again may open a quote that does not close either.
                while matches!(&self.stage, Stage::Data(data) if data.open.is_some()) {
                    self.give_up_quotes();
                    self.read_again();
                }
                self.end_blank_run();
                reader.lines()
            }
            Input::ListUsers(reader) => {
                if !matches!(self.stage, Stage::Stopped(_)) {
                    match reader.finish(&mut |user| self.listed_user(user)) {
                        Err(error) => self.stop_listing(error),
                        // A pool with no user.
                        Ok(_) if matches!(self.stage, Stage::Header) => self.start_listed(),
                        Ok(_) => {}
                    }
                }
                // The line of the last byte, unless it ended a line.
                let at = reader.position();
                if at.column == 0 {
                    at.line - 1
                } else {
                    at.line
                }
            }
        };
        self.conclude(lines)
    }

    /// The last chunks and the manifest of an input of `lines` lines, all
    /// read.
    fn conclude(mut self, lines: u64) -> Result<Fixed, FixError> {
        let data = match self.stage {
            Stage::Stopped(error) => return Err(error),
            Stage::Header => {
                return Err(FixError(if lines == 0 {
                    "the file is empty: there is no header line and no user".into()
                } else {
                    format!("the file has no header line: its {lines} lines are blank")
                }))
            }
            Stage::Data(data) => *data,
        };
        let Data {
            mapping,
            outputs,
            blockers,
            users,
            imported,
            listed,
            ..
        } = data;
        let Sink::Files(outputs) = outputs else {
            unreachable!("a part ends in its merge")
        };
        let (rejected, changes) = (outputs.rejected, outputs.changed);
        let (mut chunks, parts, samples) = outputs.finish(users);
        let fixes = FIXES
            .iter()
            .zip(&self.counts)
            .filter(|(_, &count)| count > 0)
            .map(|(fix, &count)| FixCount {
                code: fix.code,
                count,
            })
            .collect();
        let list_users = listed.map(|listed| listed.summary);
        let kept_disabled = list_users
            .as_ref()
            .filter(|_| self.options.keep_disabled)
            .map_or(0, |summary| summary.disabled);
        let next_steps = next_steps(&parts, &self.pool, list_users.as_ref(), kept_disabled);
        let manifest = Manifest {
            next_steps,
            input: InputSummary {
                bytes: self.bytes,
                lines,
                users,
            },
            header: mapping
                .columns
                .iter()
                .map(|column| column.name.clone())
                .collect(),
            parts,
            imported,
            rejected,
            rejected_by_code: {
                let mut counts = std::mem::take(&mut self.rejected_by_code);
                counts.sort_by_key(|count| std::cmp::Reverse(count.count));
                counts
            },
            changes,
            fixes,
            blockers,
            options: self.options,
            list_users,
        };
        let mut json = serde_json::to_vec_pretty(&manifest).expect("a manifest is JSON");
        json.push(b'\n');
        chunks.push(Chunk {
            output: Output::Manifest,
            bytes: json,
        });
        Ok(Fixed {
            chunks,
            manifest,
            samples,
        })
    }

    fn on_line(&mut self, line: &PhysicalLine) {
        self.step(line);
        self.read_again();
    }

    fn read_again(&mut self) {
        while let Some(line) = self.again.pop_front() {
            self.step(&line);
        }
    }

    fn step(&mut self, line: &PhysicalLine) {
        match &self.stage {
            Stage::Stopped(_) => {}
            Stage::Header => self.header_step(line),
            Stage::Data(_) => self.data_step(line),
        }
    }

    fn stop(&mut self, message: String) {
        let stage = std::mem::replace(&mut self.stage, Stage::Stopped(FixError(message)));
        // Users already written (list-users output broken past its start)
        // stay in whole files, whatever the chunks taken so far.
        if let Stage::Data(data) = stage {
            if data.users > 0 {
                if let Sink::Files(outputs) = data.outputs {
                    self.written_before_stop = outputs.finish(data.users).0;
                }
            }
        }
    }

    fn count(&mut self, fix: FixCode) {
        self.count_times(fix, 1);
    }

    /// Counts a fix made `times` times (a part logs the count).
    fn count_times(&mut self, fix: FixCode, times: u64) {
        match &mut self.stage {
            Stage::Data(data) if self.part => {
                let log = data.outputs.log().expect("a part logs");
                log.event(Event::Count { fix, count: times });
            }
            _ => self.counts[fix as usize] += times,
        }
    }

    /// A line before the header, or the header.
    fn header_step(&mut self, line: &PhysicalLine) {
        let number = line.number;
        if line.overlong {
            return self.stop(format!(
                "line {number}, where the header should be, is {} bytes long: this is no CSV header (a header is a line of column names, such as cognito:username,email,...)",
                line.len
            ));
        }
        let mut bytes = &line.bytes[..];
        if number == 1 {
            if let Some(reason) = not_text(bytes) {
                return self.stop(reason.into());
            }
        }
        // (After blank lines too: a file written after a blank line, or
        // two files joined.)
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            bytes = rest;
            self.file_change(number, FixCode::FileBom);
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return self.stop(format!(
                "line {number}, the header, is not UTF-8 text: save the file as UTF-8 (in Excel, \"CSV UTF-8\") and run fix again"
            ));
        };
        if text.trim().is_empty() {
            self.blank(number);
            return;
        }
        self.end_blank_run();
        let first = text.trim_start();
        if first.starts_with("#TYPE") {
            self.file_change(number, FixCode::TypeLine);
            return;
        }
        if first.starts_with(['{', '[']) {
            return self.stop(format!(
                "line {number} starts a JSON document, but the file does not (fix reads list-users output when its first character is {{ or [): give fix the JSON alone, or a CSV file"
            ));
        }
        let index = PoolIndex::of(&self.pool);
        let header = columns::read_header(&index, text);
        let (names, separator, data_from_here) = match (&self.options.columns, header.known) {
            (Some(_), known) if known > 0 => {
                return self.stop(format!(
                    "line {number} is a header ({}): --columns is for a file without one; run fix without it",
                    header.names.join(",")
                ))
            }
            (Some(columns), _) => (
                columns.iter().map(|name| name.trim().to_owned()).collect(),
                header.separator,
                true,
            ),
            (None, 0) => {
                let mut fields = Vec::new();
                split_cognito(text, ',', &mut fields);
                return self.stop(match columns::headerless_layout(&fields) {
                    Some((tool, columns)) => format!(
                        "line {number} is not a header but a user: this looks like {tool}, which has no header line; run fix again with --columns {columns}"
                    ),
                    None => format!(
                        "line {number} is not a header: none of its names is a column of the pool ({}); put the header line first, or name the columns with --columns",
                        self.pool.describe()
                    ),
                });
            }
            (None, _) => (header.names, header.separator, false),
        };
        if separator != ',' {
            self.file_change(number, FixCode::Separator);
        }
        if header.quoted && !data_from_here {
            self.file_change(number, FixCode::Quoting);
        }
        self.start_data(
            number,
            line.ended_by.unwrap_or(Break::End),
            names,
            separator,
            None,
            true,
        );
        if data_from_here && matches!(self.stage, Stage::Data(_)) {
            self.data_step(line);
        }
    }

    /// Starts reading users, under the header of line `header_line` (of
    /// `list-users` output, `listed`: the pool's header); `tell_header`:
    /// the header's changes are written (not by a part after the first).
    fn start_data(
        &mut self,
        header_line: u64,
        header_break: Break,
        names: Vec<String>,
        separator: char,
        listed: Option<Box<Listed>>,
        tell_header: bool,
    ) {
        let index = PoolIndex::of(&self.pool);
        let mapping = columns::map_columns(
            &self.pool,
            &index,
            &names,
            self.options.keep_unknown_columns,
        );
        let last = mapping.columns.len().saturating_sub(1);
        if let Some(place) = mapping.columns[..last]
            .iter()
            .position(|column| column.name.ends_with('\\'))
        {
            return self.stop(format!(
                "the header's column {:?} ends with a backslash, which Cognito reads with the comma after it as \\, (a comma in the name): rename the column, or run fix without --keep-unknown-columns",
                mapping.columns[place].name
            ));
        }
        let mut header = Vec::new();
        for (place, column) in mapping.columns.iter().enumerate() {
            if place > 0 {
                header.push(b',');
            }
            write::push_cognito(&mut header, &column.name);
        }
        let (judge, header_findings) = LineJudge::new(self.pool.clone(), &header);
        let mut blockers = Vec::new();
        if self.pool.auto_verified_attributes.is_empty() {
            blockers.push(Finding::new(Code::PoolNoAutoVerified, None).message());
        }
        blockers.extend(
            header_findings
                .iter()
                .filter(|finding| finding.severity() == Severity::Error)
                .map(Finding::message),
        );
        let kinds = judge
            .header()
            .columns
            .iter()
            .map(|column| column.kind)
            .collect();
        // The rejects of listed users say which user each is.
        let rejects_names: Vec<String> = listed
            .is_some()
            .then(|| columns::LISTED_USERNAME_COLUMN.to_owned())
            .into_iter()
            .chain(names.iter().cloned())
            .collect();
        let mut outputs = if self.part {
            Sink::Log(Default::default())
        } else {
            Sink::Files(Outputs::new(
                self.options.max_users,
                self.options.max_bytes,
                header,
                header_break,
                &rejects_names,
            ))
        };
        if listed.is_some() {
            outputs.files().start_subs(&listed::SUBS_COLUMNS);
        }
        for (lines, fix) in self.before_header.drain(..) {
            outputs.change(&lines, "", fix, "", "");
        }
        let header_changes = if tell_header {
            &mapping.changes[..]
        } else {
            &[]
        };
        // The header's line; none when it is --columns.
        let header_line_text = if self.options.columns.is_some() {
            String::new()
        } else {
            header_line.to_string()
        };
        for change in header_changes {
            let column = match (change.before.as_str(), change.place) {
                ("", Some(place)) => format!("column {}", place + 1),
                ("", None) => change.after.clone(),
                (before, _) => before.to_owned(),
            };
            outputs.change(
                &header_line_text,
                &column,
                change.fix,
                &change.before,
                &change.after,
            );
            self.counts[change.fix as usize] += 1;
        }
        // The input's lines are already the import files' when the header
        // is theirs, read as Cognito reads it, and no option changes a
        // line the validator finds nothing in.
        let as_is = listed.is_none()
                && separator == ','
                && mapping.columns.len() == names.len()
                && mapping.columns.iter().enumerate().all(|(place, column)| {
                    column.source == Some(place) && column.name == names[place]
                })
                && self.options.assume_verified.is_empty()
            // Day first changes dates the validator takes month first.
            && self.options.date_order != Some(DateOrder::Dmy);
        let mut judge = judge;
        if self.part {
            judge.collect_keys();
        }
        self.stage = Stage::Data(Box::new(Data {
            as_is,
            separator,
            names,
            mapping,
            kinds,
            judge,
            outputs,
            blockers,
            header_line,
            header_break,
            span: Span::default(),
            users: 0,
            imported: 0,
            open: None,
            quoting_told: false,
            tried_up_to: 0,
            judged: None,
            judged_bytes: Vec::new(),
            out: Vec::new(),
            listed,
            rejects_width: rejects_names.len(),
            last_reasons: String::new(),
            fields: Vec::new(),
            line: Vec::new(),
            steps: Vec::new(),
        }));
        if self.part {
            // The header's fixes, counted so far, are the log's too.
            let counts = std::mem::replace(&mut self.counts, vec![0; FIXES.len()]);
            let log = self.data().outputs.log().expect("a part logs");
            for (fix, count) in FIXES.iter().zip(counts) {
                if count > 0 {
                    log.event(Event::Count {
                        fix: fix.code,
                        count,
                    });
                }
            }
        }
    }

    /// A user of `list-users` output: a line of the import files' header,
    /// fixed, judged and written as a line of a CSV is (to the rejects
    /// at once when it is a user an import should not make), and its row
    /// of `subs.csv`.
    fn listed_user(&mut self, user: &ListedUser) -> Result<(), String> {
        if matches!(self.stage, Stage::Header) {
            self.start_listed();
        }
        let Stage::Data(data) = &mut self.stage else {
            return Ok(());
        };
        let mut listed = data.listed.take().expect("list-users input is listed");
        let mut fields = std::mem::take(&mut data.fields);
        let row = listed.row(user, &mut fields);
        self.data().listed = Some(listed);
        let row = row?;
        for name in &row.new_columns {
            self.keep_column(name);
            if matches!(self.stage, Stage::Stopped(_)) {
                return Ok(());
            }
        }
        let data = self.data();
        data.users += 1;
        let number = data.users;
        let lines = number.to_string();
        // The rejects have the columns of the header the input started
        // with: the user's Username, then the pool's.
        let mut values: Vec<&str> = Vec::with_capacity(data.rejects_width);
        values.push(&user.username);
        values.extend(fields.iter().map(String::as_str));
        values.truncate(data.rejects_width);
        let imported = data.imported;
        if row.rejects.is_empty() {
            self.write_user(&lines, number, number, &fields, false, Break::Lf, &values);
        } else {
            let codes: Vec<&str> = row
                .rejects
                .iter()
                .map(|(reject, _)| reject.as_str())
                .collect();
            let reasons: Vec<&str> = row
                .rejects
                .iter()
                .map(|(_, reason)| reason.as_str())
                .collect();
            self.reject(&lines, &codes.join(" "), &reasons.join(" | "), &values);
        }
        let data = self.data();
        let sub = user.attribute("sub").unwrap_or_default();
        if data.imported > imported {
            let (file, row_number) = data.outputs.files().last_part_row();
            let listed = data.listed.as_ref().expect("list-users input is listed");
            let username = listed
                .username_column()
                .map_or(String::new(), |place| data.out[place].clone());
            data.outputs.files().subs_row([
                sub,
                &user.username,
                &file,
                &row_number.to_string(),
                &username,
                row.note,
            ]);
        } else {
            let row_number = data.outputs.files().last_rejects_row().to_string();
            let reasons = std::mem::take(&mut data.last_reasons);
            data.outputs.files().subs_row([
                sub,
                &user.username,
                &Output::Rejects.file_name(),
                &row_number,
                "",
                &reasons,
            ]);
        }
        self.data().fields = fields;
        Ok(())
    }

    /// `--keep-unknown-columns` of `list-users` input: an attribute the
    /// pool lacks, first met after the header was written, becomes the
    /// last column; the import files after this have it (a new part
    /// starts), and the job fails until the pool has it.
    fn keep_column(&mut self, name: &str) {
        if name.ends_with('\\') {
            return self.stop(format!(
                "the attribute {name:?} ends with a backslash, which Cognito reads with the comma after it as \\, (a comma in the name): run fix without --keep-unknown-columns"
            ));
        }
        let data = self.data();
        let place = data.names.len();
        data.names.push(name.to_owned());
        data.mapping
            .fates
            .push(Fate::Kept(data.mapping.columns.len()));
        data.mapping.columns.push(OutColumn {
            name: name.to_owned(),
            source: Some(place),
        });
        data.mapping.unknown_kept.push(name.to_owned());
        let mut header = Vec::new();
        for (place, column) in data.mapping.columns.iter().enumerate() {
            if place > 0 {
                header.push(b',');
            }
            write::push_cognito(&mut header, &column.name);
        }
        let findings = data.judge.change_header(&header);
        data.outputs.files().change_header(header);
        data.kinds = data
            .judge
            .header()
            .columns
            .iter()
            .map(|column| column.kind)
            .collect();
        for finding in findings {
            let message = finding.message();
            if finding.severity() == Severity::Error && !data.blockers.contains(&message) {
                data.blockers.push(message);
            }
        }
    }

    fn data(&mut self) -> &mut Data {
        match &mut self.stage {
            Stage::Data(data) => data,
            _ => unreachable!("lines after the header are read in the data stage"),
        }
    }

    /// A line after the header.
    fn data_step(&mut self, line: &PhysicalLine) {
        if self.data().open.is_some() {
            return self.continue_quotes(line);
        }
        let number = line.number;
        if line.overlong {
            self.end_blank_run();
            self.data().users += 1;
            let finding = Finding::new(Code::LineTooLong, Some(number)).with(Detail::LineLength {
                bytes: line.len,
                chars: None,
            });
            return self.reject_findings(&number.to_string(), &[finding], &[]);
        }
        // Most lines of most files need nothing: judged once (the judge
        // reads their text), written as they are. A quote may be RFC
        // 4180's, which the judge does not read.
        let data = self.data();
        data.judged = None;
        if data.as_is && !line.bytes.contains(&b'"') {
            if data.judge.judge_clean(number, &line.bytes) {
                data.users += 1;
                data.imported += 1;
                let ended_by = line.ended_by.unwrap_or(Break::End);
                if let Some(log) = data.outputs.log() {
                    log.record_start(span_of(line, line), data.judge.keys(), true);
                }
                data.outputs
                    .part_line(&line.bytes, number, number, ended_by);
                if let Some(log) = data.outputs.log() {
                    log.event(Event::RecordEnd);
                }
                return self.end_blank_run();
            }
            // A line that fails or is skipped as it is took nothing: if
            // fixing it changes nothing, that judgement stands.
            let status = data.judge.status();
            if status != LineStatus::Imported {
                data.judged = Some((number, status));
                data.judged_bytes.clear();
                data.judged_bytes.extend_from_slice(&line.bytes);
            }
        }
        let text = match std::str::from_utf8(&line.bytes) {
            Ok(text) => text,
            Err(error) => {
                self.end_blank_run();
                self.data().users += 1;
                let at = error.valid_up_to();
                let length = error.error_len().unwrap_or(line.bytes.len() - at);
                let finding =
                    Finding::new(Code::FileNotUtf8, Some(number)).with(Detail::InvalidUtf8 {
                        bytes: line.bytes[at..at + length.min(4)].to_vec(),
                        offset: line.start + at as u64,
                        cut_off: error.error_len().is_none(),
                    });
                let lossy = String::from_utf8_lossy(&line.bytes).into_owned();
                let separator = self.data().separator;
                let mut fields = Vec::new();
                split_cognito(&lossy, separator, &mut fields);
                let values: Vec<&str> = fields.iter().map(String::as_str).collect();
                return self.reject_findings(&number.to_string(), &[finding], &values);
            }
        };
        if text.trim().is_empty() {
            self.blank(number);
            return;
        }
        self.end_blank_run();
        let ended_by = line.ended_by.unwrap_or(Break::End);
        let data = self.data();
        data.span = span_of(line, line);
        let separator = data.separator;
        let width = data.names.len();
        let mut fields = std::mem::take(&mut data.fields);
        split_cognito(text, separator, &mut fields);
        // Quotes are read as RFC 4180 has them only where Cognito's reading
        // does not fit the header, or a value is in quotes (a quote within a
        // value, `"Johnny" D`, is a character to Cognito, and imports so).
        let rfc = text.contains('"')
            && (fields.len() != width
                || fields.iter().any(|field| {
                    let field = field.trim();
                    field.len() >= 2 && field.starts_with('"') && field.ends_with('"')
                }));
        if rfc {
            let mut record = RfcRecord::new(separator);
            if !record.feed(text) {
                // A line read again after a quote that did not close is
                // read on its own: the lines after it were already tried,
                // and trying them from each line again would take time
                // squared in the lines a quote can hold.
                if number > data.tried_up_to {
                    data.fields = fields;
                    data.open = Some((record, vec![line.clone()], held_size(line)));
                    return;
                }
                self.record(number, number, &mut fields, Reading::Cognito, ended_by);
                self.data().fields = fields;
                return;
            }
            let reading = Reading::Rfc {
                stray: record.stray_text(),
            };
            let quoted = record.quoted() > 0;
            let mut rfc_fields = record.into_fields();
            if fits(&rfc_fields, width) {
                data.fields = fields;
                let reading = if quoted { reading } else { Reading::Cognito };
                return self.record(number, number, &mut rfc_fields, reading, ended_by);
            }
        }
        self.record(number, number, &mut fields, Reading::Cognito, ended_by);
        self.data().fields = fields;
    }

    /// A line of a record whose quoted value runs over line breaks.
    fn continue_quotes(&mut self, line: &PhysicalLine) {
        let data = self.data();
        let (record, held, bytes) = data.open.as_mut().expect("a record is open");
        held.push(line.clone());
        *bytes += held_size(line);
        let text = (!line.overlong && *bytes <= LINE_BYTES_KEPT as u64)
            .then(|| std::str::from_utf8(&line.bytes).ok())
            .flatten();
        let Some(text) = text else {
            return self.give_up_quotes();
        };
        if !record.feed(text) {
            return;
        }
        let (record, held, _) = data.open.take().expect("a record is open");
        let width = data.names.len();
        let first = held[0].number;
        let ended_by = line.ended_by.unwrap_or(Break::End);
        let reading = Reading::Rfc {
            stray: record.stray_text(),
        };
        let fields = record.into_fields();
        if !fits(&fields, width) {
            data.open = Some((RfcRecord::new(data.separator), held, 0));
            return self.give_up_quotes();
        }
        data.span = span_of(&held[0], line);
        let mut fields = fields;
        self.record(first, line.number, &mut fields, reading, ended_by);
    }

    /// A quote opened and did not close where a record could end: its
    /// first line is read as Cognito reads it, alone, and the lines after
    /// it are read again.
    fn give_up_quotes(&mut self) {
        let data = self.data();
        let Some((_, held, _)) = data.open.take() else {
            return;
        };
        data.tried_up_to = held.last().map_or(0, |line| line.number);
        let first = &held[0];
        let mut fields = Vec::new();
        let text = String::from_utf8_lossy(&first.bytes).into_owned();
        split_cognito(&text, data.separator, &mut fields);
        let ended_by = first.ended_by.unwrap_or(Break::End);
        data.span = span_of(first, first);
        self.record(
            first.number,
            first.number,
            &mut fields,
            Reading::Cognito,
            ended_by,
        );
        self.again.extend(held.into_iter().skip(1));
    }

    /// One record of the input (lines `first..=last`): dropped, written to
    /// an import file, or to the rejects.
    fn record(
        &mut self,
        first: u64,
        last: u64,
        fields: &mut [String],
        reading: Reading,
        ended_by: Break,
    ) {
        let quotes_read = matches!(reading, Reading::Rfc { .. });
        let lines = if first == last {
            first.to_string()
        } else {
            format!("{first}-{last}")
        };
        let width = self.data().names.len();
        if fields.iter().all(|field| field.trim().is_empty()) {
            self.line_change(&lines, FixCode::EmptyRow);
            return;
        }
        let data = self.data();
        if fields.len() == width
            && fields
                .iter()
                .zip(&data.names)
                // A second file's byte order mark, when two were joined.
                .all(|(field, name)| {
                    columns::unquoted(field.trim_start_matches('\u{feff}')) == name.as_str()
                })
        {
            self.line_change(&lines, FixCode::RepeatedHeader);
            return;
        }
        data.users += 1;
        let values: Vec<&str> = fields.iter().map(String::as_str).collect();
        if fields.len() != width {
            let hint = if quotes_read {
                if fields.len() > width {
                    FieldCountHint::UnescapedComma
                } else {
                    FieldCountHint::MissingValues
                }
            } else {
                field_count_hint(fields, width)
            };
            let finding = Finding::new(Code::RowFieldCount, Some(first)).with(Detail::FieldCount {
                found: fields.len() as u64,
                expected: width as u64,
                hint,
            });
            return self.reject_findings(&lines, &[finding], &values);
        }
        if quotes_read && !data.quoting_told {
            data.quoting_told = true;
            match data.outputs.log() {
                Some(log) => log.event(Event::QuotingTold { lines: &lines }),
                None => data.outputs.change(&lines, "", FixCode::Quoting, "", ""),
            }
        }
        if quotes_read {
            self.count(FixCode::Quoting);
        }
        // Quotes read where what they hold is not certain.
        if reading == (Reading::Rfc { stray: true }) {
            let reason = "a value in quotes is followed by more text before the next separator (as in \"William \\\"Bill\\\" Jones\", a quote escaped with a backslash): what the value holds is not certain; write each quote inside a quoted value twice (\"\"), or the value without quotes";
            return self.reject(&lines, Code::ValueQuoted.as_str(), reason, &values);
        }
        if quotes_read
            && self.data().separator == ','
            && fields.iter().any(|field| field.contains("\\,"))
        {
            let reason = "a value in quotes holds \\, as well: a comma in quotes needs no backslash, and whether the backslash is meant is not certain; write the comma either in quotes or as \\, (Cognito's way), not both";
            return self.reject(&lines, Code::ValueBackslash.as_str(), reason, &values);
        }
        // A column repeated in the header holds a second value: where the
        // two differ, which one is meant is not certain.
        let data = self.data();
        for (place, fate) in data.mapping.fates.iter().enumerate() {
            if let Fate::Repeats(kept) = *fate {
                let (kept_value, repeat) = (fields[kept].trim(), fields[place].trim());
                if !repeat.is_empty() && repeat != kept_value {
                    let name = data
                        .mapping
                        .columns
                        .iter()
                        .find(|column| column.source == Some(kept))
                        .map_or(&data.names[kept], |column| &column.name);
                    let reason = format!(
                        "the header has {name} twice (columns {} and {}), and this line gives it two values, {kept_value:?} and {repeat:?}: keep one",
                        kept + 1,
                        place + 1
                    );
                    return self.reject(
                        &lines,
                        Code::HeaderDuplicateColumn.as_str(),
                        &reason,
                        &values,
                    );
                }
            }
        }
        self.write_user(&lines, first, last, fields, quotes_read, ended_by, &values);
    }

    /// A user's line of the input (lines `first..=last`, its `fields` in
    /// the input's columns; `quotes_read`: read as RFC 4180 has it): its
    /// values fixed, then written to an import file if it imports, else to
    /// the rejects (as `values`).
    #[allow(clippy::too_many_arguments)]
    fn write_user(
        &mut self,
        lines: &str,
        first: u64,
        last: u64,
        fields: &[String],
        quotes_read: bool,
        ended_by: Break,
        values: &[&str],
    ) {
        // The import files' values, fixed.
        let fixer = self.values;
        let data = self.data();
        let mut steps = std::mem::take(&mut data.steps);
        steps.clear();
        let mut out = std::mem::take(&mut data.out);
        out.resize(data.mapping.columns.len(), String::new());
        for (place, column) in data.mapping.columns.iter().enumerate() {
            let raw = column.source.map_or("", |source| fields[source].as_str());
            let line_break = raw.contains(['\n', '\r']);
            if !line_break && fixer.unchanged(data.kinds[place], raw) {
                out[place].clear();
                out[place].push_str(raw);
                continue;
            }
            let mut raw = raw.to_owned();
            if line_break {
                let after = raw.replace("\r\n", " ").replace(['\r', '\n'], " ");
                steps.push((
                    place,
                    Step {
                        fix: FixCode::LineBreak,
                        before: std::mem::replace(&mut raw, after.clone()),
                        after,
                    },
                ));
            }
            let mut value_steps = Vec::new();
            let value = fixer.fix(data.kinds[place], &raw, quotes_read, &mut value_steps);
            steps.extend(value_steps.into_iter().map(|step| (place, step)));
            out[place] = value;
        }
        self.line_fixes(&mut out, &mut steps);
        // Written in Cognito's dialect, if it can be.
        let data = self.data();
        let mut line = std::mem::take(&mut data.line);
        line.clear();
        let last_place = out.len().saturating_sub(1);
        let backslash = out[..last_place]
            .iter()
            .position(|value| value.ends_with('\\'));
        if let Some(place) = backslash {
            let reason = format!(
                "{} ends with a backslash, which Cognito would read with the comma after it as \\, (a comma in the value): take the backslash out, or put the column last",
                data.mapping.columns[place].name
            );
            data.line = line;
            data.steps = steps;
            data.out = out;
            return self.reject(lines, Code::ValueBackslash.as_str(), &reason, values);
        }
        for (place, value) in out.iter().enumerate() {
            if place > 0 {
                line.push(b',');
            }
            write::push_cognito(&mut line, value);
        }
        data.out = out;
        let status = match data.judged.take() {
            Some((judged, status)) if judged == first && line[..] == *data.judged_bytes => status,
            _ => data.judge.judge(first, &line),
        };
        if let Some(log) = data.outputs.log() {
            log.record_start(data.span, data.judge.keys(), data.judge.may_take());
        }
        if status == LineStatus::Imported {
            data.imported += 1;
            data.outputs.part_line(&line, first, last, ended_by);
            for (place, step) in &steps {
                let column = &data.mapping.columns[*place].name;
                data.outputs
                    .change(lines, column, step.fix, &step.before, &step.after);
            }
            for (_, step) in &steps {
                self.count(step.fix);
            }
            let data = self.data();
            data.line = line;
            data.steps = steps;
        } else {
            let findings: Vec<Finding> = data
                .judge
                .findings()
                .iter()
                .filter(|finding| finding.severity() == Severity::Error)
                .cloned()
                .collect();
            data.line = line;
            data.steps = steps;
            self.reject_findings(lines, &findings, values);
        }
        if let Some(log) = self.data().outputs.log() {
            log.event(Event::RecordEnd);
        }
    }

    /// The fixes of a line that look across its values: MFA from the
    /// pool, and the verified flags the options assert.
    fn line_fixes(&self, out: &mut [String], steps: &mut Vec<(usize, Step)>) {
        let Stage::Data(data) = &self.stage else {
            return;
        };
        let header = data.judge.header();
        let set = |out: &mut [String],
                   steps: &mut Vec<(usize, Step)>,
                   place: usize,
                   fix: FixCode,
                   after: &str| {
            let before = std::mem::replace(&mut out[place], after.to_owned());
            steps.push((
                place,
                Step {
                    fix,
                    before,
                    after: after.to_owned(),
                },
            ));
        };
        if let Some(place) = header.mfa_enabled {
            let allowed = match self.pool.mfa {
                Mfa::On => "true",
                Mfa::Off | Mfa::Optional => "false",
            };
            let fix = match checks::parse_bool(&out[place]) {
                _ if out[place].is_empty() => Some(FixCode::MfaFilled),
                Some(true) if self.pool.mfa == Mfa::Off => Some(FixCode::MfaConflict),
                Some(false) if self.pool.mfa == Mfa::On => Some(FixCode::MfaConflict),
                _ => None,
            };
            if let Some(fix) = fix {
                set(out, steps, place, fix, allowed);
            }
        }
        for attribute in &self.options.assume_verified {
            let (address, verified) = match attribute {
                Verifiable::Email => (header.email, header.email_verified),
                Verifiable::PhoneNumber => (header.phone_number, header.phone_number_verified),
            };
            if let (Some(address), Some(verified)) = (address, verified) {
                if !out[address].is_empty() && checks::parse_bool(&out[verified]) != Some(true) {
                    set(out, steps, verified, FixCode::VerifiedAssumed, "true");
                }
            }
        }
    }

    /// Writes a reject whose reasons are findings of the rules.
    fn reject_findings(&mut self, lines: &str, findings: &[Finding], values: &[&str]) {
        let mut codes: Vec<&str> = Vec::new();
        for finding in findings {
            if !codes.contains(&finding.code.as_str()) {
                codes.push(finding.code.as_str());
            }
        }
        let reasons: Vec<String> = findings.iter().map(Finding::message).collect();
        self.reject(lines, &codes.join(" "), &reasons.join(" | "), values);
    }

    fn reject(&mut self, lines: &str, codes: &str, reasons: &str, values: &[&str]) {
        if !self.part {
            count_rejected(&mut self.rejected_by_code, codes);
        }
        let data = self.data();
        data.outputs
            .reject(lines, codes, reasons, values.iter().copied());
        if data.listed.is_some() {
            reasons.clone_into(&mut data.last_reasons);
        }
    }

    /// A change of a whole line (taken out, or read another way).
    fn line_change(&mut self, lines: &str, fix: FixCode) {
        self.count(fix);
        self.data().outputs.change(lines, "", fix, "", "");
    }

    /// A change of how the whole file is read, told once, on its line (it
    /// comes before the header's, or with it).
    fn file_change(&mut self, line: u64, fix: FixCode) {
        self.count(fix);
        self.before_header.push((line.to_string(), fix));
    }

    fn blank(&mut self, line: u64) {
        match &mut self.blank_run {
            Some((first, count)) if *first + *count == line => *count += 1,
            _ => {
                self.end_blank_run();
                self.blank_run = Some((line, 1));
            }
        }
    }

    fn end_blank_run(&mut self) {
        let Some((first, count)) = self.blank_run.take() else {
            return;
        };
        if let Stage::Data(data) = &mut self.stage {
            if let Some(log) = data.outputs.log() {
                // The run may go on in the next part: the merge writes it.
                return log.event(Event::Blank { first, count });
            }
        }
        self.counts[FixCode::BlankLine as usize] += count;
        let lines = if count == 1 {
            first.to_string()
        } else {
            format!("{first}-{}", first + count - 1)
        };
        match &mut self.stage {
            Stage::Data(data) => data.outputs.change(&lines, "", FixCode::BlankLine, "", ""),
            _ => self.before_header.push((lines, FixCode::BlankLine)),
        }
    }
}

/// Counts a reject's `codes` (rule codes, or why a listed user is not
/// imported, each once, separated by spaces) into `counts`.
fn count_rejected(counts: &mut Vec<RejectCount>, codes: &str) {
    for code in codes.split(' ') {
        // A code already counted is found among the few counted.
        if let Some(count) = counts.iter_mut().find(|count| count.code == code) {
            count.count += 1;
            continue;
        }
        let code = Code::from_str_code(code)
            .map(Code::as_str)
            .or_else(|| ListedReject::from_str_code(code).map(ListedReject::as_str))
            .expect("rejects name rules, or why a listed user is not imported");
        counts.push(RejectCount { code, count: 1 });
    }
}

/// Where the record of lines `first` to `last` is in the file.
fn span_of(first: &PhysicalLine, last: &PhysicalLine) -> Span {
    let break_bytes = match last.ended_by {
        Some(Break::CrLf) => 2,
        Some(Break::Lf | Break::Cr) => 1,
        Some(Break::End) | None => 0,
    };
    Span {
        start: first.start,
        end: last.start + last.len + break_bytes,
        first: first.number,
        last: last.number,
    }
}

/// The commands that import `parts` into `pool`, one job after another;
/// for `list-users` input, then how to find each user's new `sub`, and
/// (`kept_disabled` of them) to disable the users that were.
fn next_steps(
    parts: &[PartSummary],
    pool: &Pool,
    list_users: Option<&ListUsersSummary>,
    kept_disabled: u64,
) -> Vec<String> {
    let mut steps = Vec::new();
    for part in parts {
        steps.extend(import_commands(&part.file, part.users, pool));
        steps.push("# wait for Status Succeeded before the next file".to_owned());
    }
    let Some(summary) = list_users else {
        return steps;
    };
    let subs = &summary.subs;
    let pool_id = pool_id_words(pool);
    steps.extend([
        format!("# {subs}: each user's sub in the pool listed, the file and row the user went to, and the cognito:username the import gives them; Cognito gives every user imported a new sub, which this gives once the import succeeded:"),
        format!("aws cognito-idp admin-get-user --user-pool-id {pool_id} --username COGNITO_USERNAME --query \"UserAttributes[?Name=='sub'].Value\" --output text"),
    ]);
    if kept_disabled > 0 {
        steps.extend([
            format!(
                "# {} disabled in the pool listed, imported enabled ({subs} notes them): after the import, for each",
                crate::text::plural(kept_disabled, "user")
            ),
            format!("aws cognito-idp admin-disable-user --user-pool-id {pool_id} --username COGNITO_USERNAME"),
        ]);
    }
    steps
}

/// The value of `--user-pool-id` in the commands: the pool's id and
/// `--region`, or `POOL_ID` to fill in.
fn pool_id_words(pool: &Pool) -> String {
    // A pool's id starts with its region (us-east-1_AbC123): the
    // commands then work whatever the AWS CLI's default region is.
    match pool.user_pool_id.as_deref() {
        Some(id) => match id.split_once('_') {
            Some((region, _)) => format!("{} --region {}", shell_word(id), shell_word(region)),
            None => shell_word(id),
        },
        None => "POOL_ID".to_owned(),
    }
}

/// The commands that import the file `file` of `users` users into `pool`
/// with one import job: the AWS CLI's and `curl`'s, with the pool's id
/// (and region) when it is known; words in capitals are to be filled in,
/// and `#` lines are comments. A file name the shell would split is quoted.
///
/// ```
/// use cognito_csv_validator::fix::import_commands;
/// use cognito_csv_validator::Pool;
/// let commands = import_commands("my users.csv", 2, &Pool::default());
/// assert_eq!(commands[0], "# my users.csv: 2 users");
/// assert!(commands[1].contains("--user-pool-id POOL_ID --job-name my-users "));
/// assert!(commands[3].starts_with("curl -v -T 'my users.csv' "));
/// ```
pub fn import_commands(file: &str, users: u64, pool: &Pool) -> Vec<String> {
    let pool_id = pool_id_words(pool);
    let algorithm = pool
        .password_hash_algorithm
        .map(|algorithm| format!(" --password-hashing-algorithm {}", algorithm.as_str()))
        .unwrap_or_default();
    let job = job_name(file);
    vec![
        format!("# {}: {}", crate::text::printable(file), crate::text::plural(users, "user")),
        format!(
            "aws cognito-idp create-user-import-job --user-pool-id {pool_id} --job-name {job} --cloud-watch-logs-role-arn ROLE_ARN{algorithm}"
        ),
        "# its output gives UserImportJob.JobId (JOB_ID) and .PreSignedUrl (PRE_SIGNED_URL, valid 15 minutes)".to_owned(),
        format!("curl -v -T {} -H \"x-amz-server-side-encryption:aws:kms\" \"PRE_SIGNED_URL\"", shell_word(file)),
        format!("aws cognito-idp start-user-import-job --user-pool-id {pool_id} --job-id JOB_ID"),
        format!("aws cognito-idp describe-user-import-job --user-pool-id {pool_id} --job-id JOB_ID"),
    ]
}

/// An import job's name from its file's: the name without `.csv`, each
/// character Cognito or the shell would not take as it is written `-`
/// (Cognito's names are 1 to 128 characters).
fn job_name(file: &str) -> String {
    let stem = file.strip_suffix(".csv").unwrap_or(file);
    let name: String = stem
        .chars()
        .take(128)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "users".to_owned()
    } else {
        name
    }
}

/// `word` as one word of a POSIX shell's command line: as it is when it
/// holds nothing the shell reads, in single quotes otherwise.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '.' | '-' | '/' | '@' | '%' | '+' | '=' | ':' | ',')
        });
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// What a line held for a quoted record costs: its bytes, its break and
/// its place in the list (so that many blank lines count too).
fn held_size(line: &PhysicalLine) -> u64 {
    line.len + 1 + std::mem::size_of::<PhysicalLine>() as u64
}

/// Whether `fields` are a record of `width` columns. (An empty field past
/// the last is no certain trailing separator: a comma in a value shifts
/// the values after it as well.)
fn fits(fields: &[String], width: usize) -> bool {
    fields.len() == width
}

/// The likely cause of a line of the wrong number of fields, read as
/// Cognito reads it.
fn field_count_hint(fields: &[String], width: usize) -> FieldCountHint {
    let quotes: usize = fields.iter().map(|field| field.matches('"').count()).sum();
    if quotes % 2 == 1 {
        FieldCountHint::QuotedLineBreak
    } else if quotes > 0 {
        FieldCountHint::Quoting
    } else if fields.len() > width {
        FieldCountHint::UnescapedComma
    } else {
        FieldCountHint::MissingValues
    }
}

/// Why a file's first bytes say it is no text `fix` reads.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("the file is UTF-16 text (as Excel's \"Unicode Text\" and PowerShell 5's Out-File write it): save it as UTF-8 and run fix again");
    }
    if crate::engine::looks_utf16(bytes) {
        return Some("the file looks like UTF-16 text without a byte order mark (every other byte is 0): save it as UTF-8 and run fix again");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("the file is an Excel workbook or a ZIP archive, not CSV: save it as \"CSV UTF-8 (comma delimited)\" and give fix that file");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::HashAlgorithm;

    #[test]
    fn import_commands_name_the_pool_and_region_and_quote_what_the_shell_would_split() {
        let pool = Pool {
            user_pool_id: Some("eu-west-1_AbC123".into()),
            password_hash_algorithm: Some(HashAlgorithm::Bcrypt),
            ..Pool::default()
        };
        let commands = import_commands("users.csv", 1, &pool);
        assert_eq!(commands[0], "# users.csv: 1 user");
        assert_eq!(
            commands[1],
            "aws cognito-idp create-user-import-job --user-pool-id eu-west-1_AbC123 --region eu-west-1 --job-name users \
             --cloud-watch-logs-role-arn ROLE_ARN --password-hashing-algorithm BCRYPT"
        );
        assert!(commands[3].starts_with("curl -v -T users.csv "));
        assert!(commands[4]
            .ends_with("--user-pool-id eu-west-1_AbC123 --region eu-west-1 --job-id JOB_ID"));
        let odd = import_commands("Kunden (März) it's.csv", 2, &Pool::default());
        assert!(
            odd[1].contains("--user-pool-id POOL_ID --job-name Kunden--M-rz--it-s "),
            "{}",
            odd[1]
        );
        assert!(
            odd[3].starts_with("curl -v -T 'Kunden (März) it'\\''s.csv' "),
            "{}",
            odd[3]
        );
        assert_eq!(job_name(".csv"), "users");
        assert_eq!(job_name(&"a".repeat(200)).len(), 128);
    }
}
