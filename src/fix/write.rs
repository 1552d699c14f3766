//! What `fix` writes: the import files in Cognito's dialect, cut into
//! parts at Cognito's limits; the rejects and the changes as RFC 4180 CSV
//! a person opens in a spreadsheet. Everything is buffered only until it
//! is taken, as chunks of each output.

use crate::fix::lines::Break;
use crate::fix::table::{FixCode, FIXES};
use serde::Serialize;

/// An output of `fix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "part")]
pub enum Output {
    /// Import file number N (from 1): `users-N.csv`.
    Part(u32),
    /// `rejects.csv`: the lines that cannot be imported, as they were, with
    /// the reasons.
    Rejects,
    /// `changes.csv`: every change, line by line.
    Changes,
    /// `subs.csv`, for `list-users` input: each user's `sub` in the pool
    /// they were listed from, and where the user went.
    Subs,
    /// `manifest.json`: the parts, the counts and the next steps.
    Manifest,
}

impl Output {
    /// The output's file name.
    pub fn file_name(self) -> String {
        match self {
            Output::Part(number) => format!("users-{number}.csv"),
            Output::Rejects => "rejects.csv".into(),
            Output::Changes => "changes.csv".into(),
            Output::Subs => "subs.csv".into(),
            Output::Manifest => "manifest.json".into(),
        }
    }
}

/// Bytes of one output, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Whose bytes they are.
    pub output: Output,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A UTF-8 byte order mark: the rejects and changes open in a spreadsheet,
/// which reads UTF-8 only with it (`fix` takes it out when fed them back).
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Buffered bytes of an output past this are handed out as a chunk.
const CHUNK_BYTES: usize = 1 << 16;

/// Appends `value` as Cognito reads it: a comma written `\,`.
pub fn push_cognito(out: &mut Vec<u8>, value: &str) {
    for (index, piece) in value.as_bytes().split(|&byte| byte == b',').enumerate() {
        if index > 0 {
            out.extend_from_slice(b"\\,");
        }
        out.extend_from_slice(piece);
    }
}

/// Appends `value` as an RFC 4180 field: in double quotes (a quote
/// doubled) when it holds a comma, a quote or a line break, or starts or
/// ends with white space.
pub fn push_rfc(out: &mut Vec<u8>, value: &str) {
    let quote = value
        .bytes()
        .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'))
        || value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace);
    if !quote {
        out.extend_from_slice(value.as_bytes());
        return;
    }
    out.push(b'"');
    out.extend_from_slice(value.replace('"', "\"\"").as_bytes());
    out.push(b'"');
}

/// Appends `fields` as one RFC 4180 record, with a CRLF (spreadsheets'
/// line break).
pub fn push_rfc_record<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        push_rfc(out, field);
    }
    out.extend_from_slice(b"\r\n");
}

/// The bytes of a buffer that holds a chunk's worth, handed out; the
/// buffer starts again with room for the next (not grown a row at a time).
fn full_chunk(buffer: &mut Vec<u8>) -> Vec<u8> {
    std::mem::replace(buffer, Vec::with_capacity(CHUNK_BYTES + CHUNK_BYTES / 2))
}

/// The bytes of a line break as written: a lone `\r` becomes `\r\n`.
fn break_bytes(ended_by: Break) -> &'static [u8] {
    match ended_by {
        Break::Lf => b"\n",
        Break::CrLf | Break::Cr => b"\r\n",
        Break::End => b"",
    }
}

/// One import file, as written so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartSummary {
    /// Its file name.
    pub file: String,
    /// Users in it.
    pub users: u64,
    /// Its bytes.
    pub bytes: u64,
    /// The input's lines it holds, as first and last of each run.
    pub lines: Vec<[u64; 2]>,
}

/// The outputs, cut into parts and chunks.
pub struct Outputs {
    max_users: u64,
    max_bytes: u64,
    /// The import files' header line, without its break.
    header: Vec<u8>,
    /// The break after the header (the input's; a line break when it
    /// had none, for the lines after it).
    header_break: Break,
    /// The input's header ended the input.
    header_ends_input: bool,
    /// The part being written: its buffer, and the break its last line
    /// ended with (written before the next, or at its end).
    part: Option<(PartSummary, Vec<u8>, Break)>,
    parts: Vec<PartSummary>,
    rejects: Vec<u8>,
    changes: Vec<u8>,
    /// `subs.csv`, written for `list-users` input only.
    subs: Option<Vec<u8>>,
    /// Rows written to each.
    pub rejected: u64,
    /// Rows of changes written.
    pub changed: u64,
    /// The first changes of each fix, by code.
    samples: Vec<Vec<Sample>>,
    chunks: Vec<Chunk>,
}

/// Changes shown per fix as examples.
const SAMPLES_PER_FIX: usize = 3;

/// A change, as an example of its fix (the first few of each).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sample {
    /// The fix.
    pub fix: FixCode,
    /// The input's line (or lines: `3-4`).
    pub lines: String,
    /// The column (empty for a change of a whole line).
    pub column: String,
    /// The value before.
    pub before: String,
    /// The value after.
    pub after: String,
}

impl Outputs {
    /// Outputs of parts of at most `max_users` users and `max_bytes`
    /// bytes, each starting with `header`; the rejects with the input's
    /// columns `input_names`.
    pub fn new(
        max_users: u64,
        max_bytes: u64,
        header: Vec<u8>,
        header_break: Break,
        input_names: &[String],
    ) -> Outputs {
        let mut rejects = BOM.to_vec();
        push_rfc_record(
            &mut rejects,
            crate::fix::columns::REJECTS_COLUMNS
                .into_iter()
                .chain(input_names.iter().map(String::as_str)),
        );
        let mut changes = BOM.to_vec();
        push_rfc_record(&mut changes, ["line", "column", "fix", "before", "after"]);
        Outputs {
            max_users,
            max_bytes,
            header,
            header_break: if header_break == Break::End {
                Break::Lf
            } else {
                header_break
            },
            header_ends_input: header_break == Break::End,
            part: None,
            parts: Vec::new(),
            rejects,
            changes,
            subs: None,
            rejected: 0,
            changed: 0,
            samples: vec![Vec::new(); FIXES.len()],
            chunks: Vec::new(),
        }
    }

    /// Whether a line of `len` bytes, ended by `ended_by`, fits `part`,
    /// whose last line ended by `last_break` (an empty part takes any line).
    fn fits(&self, part: &PartSummary, last_break: Break, len: usize, ended_by: Break) -> bool {
        let bytes =
            part.bytes + (break_bytes(last_break).len() + len + break_bytes(ended_by).len()) as u64;
        part.users == 0 || part.users < self.max_users && bytes <= self.max_bytes
    }

    /// Writes an imported line (`line`, the input's lines `first..=last`,
    /// ended by `ended_by`) to the current part, or to a new one.
    pub fn part_line(&mut self, line: &[u8], first: u64, last: u64, ended_by: Break) {
        if self
            .part
            .as_ref()
            .is_some_and(|(part, _, last)| !self.fits(part, *last, line.len(), ended_by))
        {
            self.close_part();
        }
        let (part, buffer, last_break) = self.part.get_or_insert_with(|| {
            let file = Output::Part(self.parts.len() as u32 + 1).file_name();
            let buffer = self.header.clone();
            let summary = PartSummary {
                file,
                users: 0,
                bytes: buffer.len() as u64,
                lines: Vec::new(),
            };
            (summary, buffer, self.header_break)
        });
        let separator = break_bytes(*last_break);
        buffer.extend_from_slice(separator);
        buffer.extend_from_slice(line);
        part.bytes += (separator.len() + line.len()) as u64;
        part.users += 1;
        *last_break = ended_by;
        match part.lines.last_mut() {
            Some(run) if run[1] + 1 == first => run[1] = last,
            _ => part.lines.push([first, last]),
        }
        if buffer.len() >= CHUNK_BYTES {
            let bytes = full_chunk(buffer);
            let output = Output::Part(self.parts.len() as u32 + 1);
            self.chunks.push(Chunk { output, bytes });
        }
    }

    /// Ends the current part: its last line's break (none when the input
    /// ended without one), and its bytes handed out.
    fn close_part(&mut self) {
        if let Some((mut part, mut buffer, last_break)) = self.part.take() {
            let end = break_bytes(last_break);
            buffer.extend_from_slice(end);
            part.bytes += end.len() as u64;
            let output = Output::Part(self.parts.len() as u32 + 1);
            self.chunks.push(Chunk {
                output,
                bytes: buffer,
            });
            self.parts.push(part);
        }
    }

    /// Starts the import files after this with `header`: the part being
    /// written ends, as a part of the header it began with.
    pub fn change_header(&mut self, header: Vec<u8>) {
        self.close_part();
        self.header = header;
    }

    /// Where the last line [`part_line`](Outputs::part_line) wrote is:
    /// its file, and its row there (the header is row 1).
    pub fn last_part_row(&self) -> (String, u64) {
        match &self.part {
            Some((part, _, _)) => (part.file.clone(), part.users + 1),
            None => (String::new(), 0),
        }
    }

    /// The row of the last line of the rejects (its header is row 1).
    pub fn last_rejects_row(&self) -> u64 {
        self.rejected + 1
    }

    /// Starts `subs.csv`, with `columns` for its header.
    pub fn start_subs(&mut self, columns: &[&str]) {
        let mut subs = BOM.to_vec();
        push_rfc_record(&mut subs, columns.iter().copied());
        self.subs = Some(subs);
    }

    /// Writes a row of `subs.csv` (started by [`start_subs`](Outputs::start_subs)).
    pub fn subs_row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        let subs = self.subs.as_mut().expect("subs.csv was started");
        push_rfc_record(subs, fields);
        if subs.len() >= CHUNK_BYTES {
            let bytes = full_chunk(subs);
            self.chunks.push(Chunk {
                output: Output::Subs,
                bytes,
            });
        }
    }

    /// Writes a row of the rejects: the input's lines, the codes, the
    /// reasons, then the values as they were.
    pub fn reject<'a>(
        &mut self,
        lines: &'a str,
        codes: &'a str,
        reasons: &'a str,
        values: impl IntoIterator<Item = &'a str>,
    ) {
        push_rfc_record(
            &mut self.rejects,
            [lines, codes, reasons].into_iter().chain(values),
        );
        self.rejected += 1;
        if self.rejects.len() >= CHUNK_BYTES {
            let bytes = full_chunk(&mut self.rejects);
            self.chunks.push(Chunk {
                output: Output::Rejects,
                bytes,
            });
        }
    }

    /// Writes a row of the rejects already written as one
    /// ([`reject`](Outputs::reject) writes it so).
    pub fn reject_row(&mut self, row: &[u8]) {
        self.rejects.extend_from_slice(row);
        self.rejected += 1;
        if self.rejects.len() >= CHUNK_BYTES {
            let bytes = full_chunk(&mut self.rejects);
            self.chunks.push(Chunk {
                output: Output::Rejects,
                bytes,
            });
        }
    }

    /// Writes a row of the changes.
    pub fn change(&mut self, lines: &str, column: &str, fix: FixCode, before: &str, after: &str) {
        push_rfc_record(
            &mut self.changes,
            [lines, column, fix.as_str(), before, after],
        );
        self.changed += 1;
        let samples = &mut self.samples[fix as usize];
        if samples.len() < SAMPLES_PER_FIX {
            samples.push(Sample {
                fix,
                lines: lines.into(),
                column: column.into(),
                before: before.into(),
                after: after.into(),
            });
        }
        if self.changes.len() >= CHUNK_BYTES {
            let bytes = full_chunk(&mut self.changes);
            self.chunks.push(Chunk {
                output: Output::Changes,
                bytes,
            });
        }
    }

    /// The chunks completed; `all`: also what is buffered (the current
    /// part stays open).
    pub fn take(&mut self) -> Vec<Chunk> {
        let mut none = Vec::new();
        for (output, buffer) in [
            (Output::Rejects, &mut self.rejects),
            (Output::Changes, &mut self.changes),
            (Output::Subs, self.subs.as_mut().unwrap_or(&mut none)),
        ] {
            if !buffer.is_empty() {
                self.chunks.push(Chunk {
                    output,
                    bytes: std::mem::take(buffer),
                });
            }
        }
        std::mem::take(&mut self.chunks)
    }

    /// Ends every output: the last chunks, and the parts written. An input
    /// of no user at all gives one part, its header alone, as it was.
    pub fn finish(mut self, users_in: u64) -> (Vec<Chunk>, Vec<PartSummary>, Vec<Sample>) {
        if users_in == 0 && self.parts.is_empty() && self.part.is_none() {
            let mut buffer = self.header.clone();
            if !self.header_ends_input {
                buffer.extend_from_slice(break_bytes(self.header_break));
            }
            self.part = Some((
                PartSummary {
                    file: Output::Part(1).file_name(),
                    users: 0,
                    bytes: buffer.len() as u64,
                    lines: Vec::new(),
                },
                buffer,
                Break::End,
            ));
        }
        self.close_part();
        let chunks = self.take();
        let samples = self.samples.into_iter().flatten().collect();
        (chunks, self.parts, samples)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_cognito_reads_them() {
        let mut out = Vec::new();
        push_cognito(&mut out, r"100 Main St, Apt 4, \,x");
        assert_eq!(out, br"100 Main St\, Apt 4\, \\,x");
        // Read back as the validator does.
        let mut fields = Vec::new();
        crate::fix::fields::split_cognito(std::str::from_utf8(&out).unwrap(), ',', &mut fields);
        assert_eq!(fields, [r"100 Main St, Apt 4, \,x"]);
    }

    #[test]
    fn rfc_fields_are_quoted_when_they_need_it() {
        let mut out = Vec::new();
        push_rfc_record(&mut out, ["a", "b,c", "say \"hi\"", " d", "e\nf"]);
        assert_eq!(out, b"a,\"b,c\",\"say \"\"hi\"\"\",\" d\",\"e\nf\"\r\n");
    }

    #[test]
    fn parts_are_cut_at_the_limits_and_keep_the_input_breaks() {
        let mut outputs = Outputs::new(2, 1_000, b"h".to_vec(), Break::CrLf, &[]);
        outputs.part_line(b"a", 2, 2, Break::CrLf);
        outputs.part_line(b"b", 3, 3, Break::CrLf);
        outputs.part_line(b"c", 5, 5, Break::End);
        let (chunks, parts, _) = outputs.finish(3);
        let part = |number| -> Vec<u8> {
            chunks
                .iter()
                .filter(|chunk| chunk.output == Output::Part(number))
                .flat_map(|chunk| chunk.bytes.clone())
                .collect()
        };
        assert_eq!(part(1), b"h\r\na\r\nb\r\n");
        assert_eq!(part(2), b"h\r\nc");
        assert_eq!(parts[0].lines, [[2, 3]]);
        assert_eq!(parts[1].lines, [[5, 5]]);
        assert_eq!((parts[0].users, parts[0].bytes), (2, 9));
        assert_eq!((parts[1].users, parts[1].bytes), (1, 4));
    }

    #[test]
    fn a_part_stays_within_its_bytes() {
        let mut outputs = Outputs::new(100, 12, b"h".to_vec(), Break::Lf, &[]);
        for (line, number) in [(b"aaaa", 2), (b"bbbb", 3), (b"cccc", 4)] {
            outputs.part_line(line, number, number, Break::Lf);
        }
        let (_, parts, _) = outputs.finish(3);
        assert!(parts.iter().all(|part| part.bytes <= 12), "{parts:?}");
        assert_eq!(parts.iter().map(|part| part.users).sum::<u64>(), 3);
    }
}
