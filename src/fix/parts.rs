//! `fix` of a file cut into parts at line breaks, each part fixed on its
//! own (on another core), and the merge that writes the files one pass
//! writes, byte for byte.
//!
//! A part is fixed as one pass fixes its lines, but writes nothing: its
//! outputs are logged as events (`log.rs`), taken as they grow.
//! What depends on other lines is left to the merge:
//!
//! - line numbers: the caller counts each part's line breaks first
//!   ([`BreakCount`], a fast pass), so that a part numbers its lines as
//!   the file does and its rows are written once;
//! - the header: the first part reads it (and logs its changes); the
//!   others start from the file's [`FixHead`];
//! - the usernames and aliases taken: a part judges each user line as if
//!   no other part had its values, and keeps the line's span and keys.
//!   The keys that occur more than once in the file, and that a line may
//!   take, are found in one sweep of the parts' sorted keys
//!   ([`contested_keys`]);
//!   each part reads its lines that have one again ([`FixPartEnd::keeping`],
//!   [`FixPartEnd::read_again`]), and the merge fixes those lines again in
//!   file order, with a judge that has seen only them (the only lines
//!   whose values they share), putting their outputs where the part's
//!   were;
//! - where the import files are cut (500,000 users, 100 MB), the counts,
//!   a run of blank lines across a cut, and the one row that says the
//!   file is read as RFC 4180: the merge replays every part's events into
//!   the files, in order.
//!
//! A quoted value (RFC 4180) may run over line breaks: a part that ends
//! inside one ([`FixPart::end`] says so) was cut where one pass does not
//! cut, and the file is fixed in one pass instead. `list-users` output has
//! no lines to cut at: it is fixed in one pass.

use super::lines::LineReader;
use super::log::{Event, Sink, Span};
use super::{count_rejected, Chunk, FixError, FixOptions, Fixed, Fixer, Input, Stage};
use crate::engine::parts::having_keys;
use crate::pool::Pool;

/// The head of a file, its first bytes through the header line: what
/// every part but the first starts from.
pub struct FixHead {
    /// A fixer that read the header.
    fixer: Fixer,
    /// The offset after the header line: no part but the first starts
    /// before it.
    floor: u64,
}

impl FixHead {
    /// Reads the head of a file from its first bytes (a megabyte holds the
    /// widest header); `None` when the file is to be fixed in one pass:
    /// `list-users` output, a header that does not end within them, a file
    /// `fix` cannot read (one pass says why).
    pub fn read(pool: &Pool, options: &FixOptions, bytes: &[u8]) -> Option<FixHead> {
        let mut fixer = Fixer::new(pool.clone(), options.clone()).ok()?;
        for piece in bytes.chunks(super::PUSH_BYTES) {
            fixer.push(piece);
            fixer.take();
            if !matches!(fixer.stage, Stage::Header) {
                break;
            }
        }
        if !matches!(fixer.input, Input::Csv(_)) {
            return None;
        }
        let Stage::Data(data) = &fixer.stage else {
            return None;
        };
        let header_line = data.header_line;
        let mut floor = None;
        let mut reader = LineReader::default();
        reader.push(bytes, &mut |line| {
            if line.number == header_line {
                floor = Some(super::span_of(line, line).end);
            }
        });
        Some(FixHead {
            fixer,
            floor: floor?,
        })
    }

    /// The offset from which to look for the start of a part that starts
    /// at `start` or after: the part starts after the first `\n` from
    /// there (see [`line_start_after`]).
    pub fn seek_from(&self, start: u64) -> u64 {
        start.max(self.floor) - 1
    }

    /// A fixer of the same pool, header and options, in its data stage,
    /// that writes nothing of the header; `part`: it logs.
    fn fork(&self, part: bool) -> Fixer {
        let Stage::Data(data) = &self.fixer.stage else {
            unreachable!("a head has read its header")
        };
        let mut fixer = self.first_part().fixer;
        fixer.part = part;
        fixer.start_data(
            data.header_line,
            data.header_break,
            data.names.clone(),
            data.separator,
            None,
            false,
        );
        fixer
    }

    /// The file's first part, from its first byte: it reads the header
    /// itself, and logs its changes.
    pub fn first_part(&self) -> FixPart {
        let mut fixer = Fixer::new(self.fixer.pool.clone(), self.fixer.options.clone())
            .expect("the head took these options");
        fixer.part = true;
        FixPart { fixer }
    }

    /// The part of the file that starts at offset `start`, a line's first
    /// byte past the header, after `lines` lines.
    pub fn part(&self, lines: u64, start: u64) -> FixPart {
        let mut fixer = self.fork(true);
        fixer.input = Input::Csv(LineReader::starting_at(lines, start));
        FixPart { fixer }
    }
}

/// Where the first line that starts in `bytes`, read from an offset,
/// starts: after their first `\n`; `None` when they have none.
pub fn line_start_after(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes).map(|at| at + 1)
}

/// Counts the line breaks of the bytes from one line's start to
/// another's (a `\n`, a `\r\n` or a lone `\r`, as `fix` reads them), as
/// they stream in.
#[derive(Clone, Copy, Debug, Default)]
pub struct BreakCount {
    /// The breaks counted.
    pub breaks: u64,
    /// The last byte was a `\r`.
    after_cr: bool,
}

impl BreakCount {
    /// Counts the breaks of `chunk`.
    pub fn push(&mut self, chunk: &[u8]) {
        if chunk.is_empty() {
            return;
        }
        let crs = memchr::memchr_iter(b'\r', chunk).count() as u64;
        let lfs = memchr::memchr_iter(b'\n', chunk).count() as u64;
        // A `\n` after a `\r` ends the line the `\r` ended.
        let mut pairs = u64::from(self.after_cr && chunk[0] == b'\n');
        if crs > 0 {
            pairs += memchr::memmem::find_iter(chunk, b"\r\n").count() as u64;
        }
        self.breaks += crs + lfs - pairs;
        self.after_cr = chunk[chunk.len() - 1] == b'\r';
    }
}

/// Fixes one part of a file cut at line breaks: push its bytes (at most
/// [`PUSH_BYTES`](super::PUSH_BYTES) at a time), [`take`](FixPart::take)
/// its log as it grows, then [`end`](FixPart::end) it.
pub struct FixPart {
    fixer: Fixer,
}

impl FixPart {
    /// Fixes the part's next bytes.
    pub fn push(&mut self, chunk: &[u8]) {
        self.fixer.push(chunk);
    }

    /// The log's bytes since last taken, to give the merge in order.
    pub fn take(&mut self) -> Vec<u8> {
        match &mut self.fixer.stage {
            Stage::Data(data) => data.outputs.log().map(|log| log.take()),
            _ => None,
        }
        .unwrap_or_default()
    }

    /// Ends the part (`last`: at the file's end). An error when it ends
    /// inside a quoted value that runs over line breaks, or the part is no
    /// part of a file `fix` reads in parts: fix the file in one pass.
    pub fn end(self, last: bool) -> Result<FixPartEnd, FixError> {
        let mut fixer = self.fixer;
        let mut input = std::mem::take(&mut fixer.input);
        let Input::Csv(reader) = &mut input else {
            return Err(FixError("the file is fixed in one pass".into()));
        };
        if last {
            reader.finish(&mut |line| fixer.on_line(line));
        }
        let Stage::Data(data) = &mut fixer.stage else {
            return Err(FixError("the part ends before the header".into()));
        };
        if data.open.is_some() {
            if !last {
                return Err(FixError(
                    "a quoted value runs over the line break the file was cut at".into(),
                ));
            }
            while matches!(&fixer.stage, Stage::Data(data) if data.open.is_some()) {
                fixer.give_up_quotes();
                fixer.read_again();
            }
        }
        fixer.end_blank_run();
        let lines = reader.lines();
        let data = fixer.data();
        let users = data.users;
        let mut log = match std::mem::replace(&mut data.outputs, Sink::Log(Default::default())) {
            Sink::Log(log) => log,
            Sink::Files(_) => unreachable!("a part logs"),
        };
        log.keys.sort_unstable();
        log.taking.sort_unstable();
        log.taking.dedup();
        Ok(FixPartEnd {
            log: log.take(),
            users,
            lines,
            spans: log.spans,
            keys: log.keys,
            taking: log.taking,
            contested: Vec::new(),
        })
    }
}

/// A part, fixed: the rest of its log, and what the merge needs of it.
pub struct FixPartEnd {
    /// The log's last bytes (after those taken).
    pub log: Vec<u8>,
    /// Its users.
    pub users: u64,
    /// The lines of the file up to its end.
    pub lines: u64,
    spans: Vec<Span>,
    /// Sorted.
    keys: Vec<(u64, u32)>,
    /// The keys of its lines that may take them, sorted.
    taking: Vec<u64>,
    /// The lines to fix again, in order: their place among the spans, their
    /// span, and their bytes once read again.
    contested: Vec<(u32, Span, Vec<u8>)>,
}

impl FixPartEnd {
    /// Its user lines' keys, sorted (hashes of their usernames and aliases),
    /// and those of the lines that may take them: what [`contested_keys`]
    /// compares.
    pub fn keys(&self) -> (Vec<u64>, &[u64]) {
        (
            self.keys.iter().map(|&(key, _)| key).collect(),
            &self.taking,
        )
    }

    /// Keeps the lines that have one of the `contested` keys (sorted; this
    /// part's): the spans of the file to read again, in order, for
    /// [`read_again`](FixPartEnd::read_again).
    pub fn keeping(&mut self, contested: &[u64]) -> Vec<Span> {
        self.contested = having_keys(&self.keys, contested)
            .into_iter()
            .map(|record| (record, self.spans[record as usize], Vec::new()))
            .collect();
        self.keys = Vec::new();
        self.spans = Vec::new();
        self.contested.iter().map(|&(_, span, _)| span).collect()
    }

    /// The bytes of the spans [`keeping`](FixPartEnd::keeping) gave, in
    /// its order.
    pub fn read_again(&mut self, bytes: Vec<Vec<u8>>) -> Result<(), FixError> {
        if bytes.len() != self.contested.len() {
            return Err(FixError(format!(
                "{} lines were read again for {} to fix again",
                bytes.len(),
                self.contested.len()
            )));
        }
        for (line, bytes) in self.contested.iter_mut().zip(bytes) {
            line.2 = bytes;
        }
        Ok(())
    }
}

/// For each part's keys ([`FixPartEnd::keys`]: all, and those its lines
/// may take), in order, those its lines must be fixed again for, sorted:
/// the keys that occur more than once in the file and that some line may
/// take. (A value that no line may take, say the same wrong address on
/// many failing lines, is never taken, and no line is judged otherwise for
/// having it.)
pub fn contested_keys(keys: &[(Vec<u64>, &[u64])]) -> Vec<Vec<u64>> {
    let all: Vec<&[u64]> = keys.iter().map(|(all, _)| all.as_slice()).collect();
    let taken = |key: &u64| {
        keys.iter()
            .any(|(_, taking)| taking.binary_search(key).is_ok())
    };
    crate::engine::parts::contested_keys(&all, None)
        .into_iter()
        .map(|repeated| repeated.into_iter().filter(taken).collect())
        .collect()
}

/// A part's log that cannot be read: what, and what to do.
fn damaged(error: String) -> FixError {
    FixError(format!(
        "{error} (a part's temporary log was damaged while fix read the file): fix it again, or with --jobs 1"
    ))
}

/// Writes the files of a file fixed in parts: give it each part's end
/// ([`part`](FixMerge::part)) then its log, in the parts' order; take the
/// files' chunks as they come, then [`finish`](FixMerge::finish).
pub struct FixMerge {
    /// Writes the files.
    out: Fixer,
    /// Fixes again, in file order, the lines whose keys repeat.
    contested: Fixer,
    /// The part being merged: its lines to fix again, the next first.
    lines_again: std::vec::IntoIter<(u32, Span, Vec<u8>)>,
    /// Its log's bytes that do not make a whole event yet.
    held: Vec<u8>,
    /// Within the events of a line fixed again: the part's are left out.
    skipping: bool,
    users: u64,
    lines: u64,
}

impl FixMerge {
    /// The merge of the parts of the file of `head`.
    pub fn new(head: &FixHead) -> FixMerge {
        FixMerge {
            out: head.fork(false),
            contested: head.fork(true),
            lines_again: Vec::new().into_iter(),
            held: Vec::new(),
            skipping: false,
            users: 0,
            lines: 0,
        }
    }

    /// Starts the next part, its lines to fix again read: its log follows
    /// ([`push`](FixMerge::push)): the bytes taken from it, then its end's
    /// `log`, which must be taken out first.
    pub fn part(&mut self, part: FixPartEnd) -> Result<(), FixError> {
        self.end_part()?;
        if !part.log.is_empty() {
            return Err(FixError(
                "a part's end still holds its log's last bytes: push them after the rest".into(),
            ));
        }
        self.users += part.users;
        self.lines = part.lines;
        self.lines_again = part.contested.into_iter();
        Ok(())
    }

    /// The part's log's next bytes.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), FixError> {
        let mut held = std::mem::take(&mut self.held);
        let joined;
        let mut rest = if held.is_empty() {
            bytes
        } else {
            held.extend_from_slice(bytes);
            joined = held;
            &joined[..]
        };
        while let Some((event, used)) = Event::read(rest).map_err(damaged)? {
            self.event(event)?;
            rest = &rest[used..];
        }
        self.held = rest.to_vec();
        Ok(())
    }

    /// The files' chunks completed so far.
    pub fn take(&mut self) -> Vec<Chunk> {
        self.out.take()
    }

    /// Ends the files of a file of `bytes` bytes: the last chunks and the
    /// manifest.
    pub fn finish(mut self, bytes: u64) -> Result<Fixed, FixError> {
        self.end_part()?;
        self.out.end_blank_run();
        self.out.bytes = bytes;
        self.out.data().users = self.users;
        let lines = self.lines;
        self.out.conclude(lines)
    }

    /// Checks that the part under way was merged whole.
    fn end_part(&mut self) -> Result<(), FixError> {
        if !self.held.is_empty() || self.skipping || self.lines_again.len() > 0 {
            return Err(FixError(
                "a part's log was not merged to its end: fix the file again".into(),
            ));
        }
        Ok(())
    }

    /// Replays an event of a part.
    fn event(&mut self, event: Event) -> Result<(), FixError> {
        match event {
            Event::RecordStart { record } => {
                let again = self.lines_again.as_slice().first();
                if again.is_some_and(|&(again, _, _)| again == record) {
                    let (_, span, bytes) = self.lines_again.next().expect("a line to fix again");
                    self.skipping = true;
                    return self.fix_again(span, &bytes);
                }
                Ok(())
            }
            Event::RecordEnd => {
                self.skipping = false;
                Ok(())
            }
            _ if self.skipping => Ok(()),
            event => {
                self.apply(event);
                Ok(())
            }
        }
    }

    /// Fixes again a line whose keys repeat in the file (`span`, its
    /// `bytes`), after the others that have one: its events replace the
    /// part's.
    fn fix_again(&mut self, span: Span, bytes: &[u8]) -> Result<(), FixError> {
        let fixer = &mut self.contested;
        // Read as the part read it: a quote that opens and does not close
        // within the span is given up at its end, and its line read alone.
        let mut reader = LineReader::starting_at(span.first - 1, span.start);
        reader.push(bytes, &mut |line| fixer.on_line(line));
        reader.finish(&mut |line| fixer.on_line(line));
        while matches!(&fixer.stage, Stage::Data(data) if data.open.is_some()) {
            fixer.give_up_quotes();
            fixer.read_again();
        }
        fixer.end_blank_run();
        let log = fixer
            .data()
            .outputs
            .log()
            .expect("the lines fixed again are logged")
            .take();
        // Only the events of the line judged: the rest (its quotes'
        // count) the part has logged already.
        let mut rest = &log[..];
        let mut within = None;
        while let Some((event, used)) = Event::read(rest).map_err(damaged)? {
            rest = &rest[used..];
            match (event, within) {
                (Event::RecordStart { .. }, None) => within = Some(true),
                (Event::RecordEnd, Some(true)) => within = Some(false),
                (event, Some(true)) => self.apply(event),
                _ => {}
            }
        }
        if within != Some(false) {
            return Err(FixError(format!(
                "line {} is not what it was when fix read it: the file changed while it was read; fix it again",
                span.first
            )));
        }
        Ok(())
    }

    /// Writes what an event says to the files.
    fn apply(&mut self, event: Event) {
        let out = &mut self.out;
        // A run of blank lines is one row of the changes, written before
        // the next (it may go on in the next part).
        if matches!(event, Event::Change { .. } | Event::QuotingTold { .. }) {
            out.end_blank_run();
        }
        match event {
            Event::Import {
                line,
                first,
                last,
                ended_by,
            } => {
                let data = out.data();
                data.imported += 1;
                data.outputs.part_line(line, first, last, ended_by);
            }
            Event::Change {
                lines,
                column,
                fix,
                before,
                after,
            } => out.data().outputs.change(lines, column, fix, before, after),
            Event::Count { fix, count } => out.counts[fix as usize] += count,
            Event::Reject { row, codes } => {
                out.data().outputs.files().reject_row(row);
                count_rejected(&mut out.rejected_by_code, codes);
            }
            Event::Blank { first, count } => match &mut out.blank_run {
                // A run that goes on from the part before.
                Some((run, length)) if *run + *length == first => *length += count,
                _ => {
                    out.end_blank_run();
                    out.blank_run = Some((first, count));
                }
            },
            Event::QuotingTold { lines } => {
                let data = out.data();
                if !data.quoting_told {
                    data.quoting_told = true;
                    data.outputs
                        .change(lines, "", super::FixCode::Quoting, "", "");
                }
            }
            Event::RecordStart { .. } | Event::RecordEnd => {}
        }
    }
}
