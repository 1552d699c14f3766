//! Where a fixer's output goes: to the files ([`Outputs`]), or, for a
//! part of a file fixed on another core, to a log of what it would write
//! ([`PartLog`]), replayed into the files in file order by the merge
//! (`parts.rs`). The log is one stream of bytes, taken as it grows (to a
//! temporary file or a `Blob`), so that a part holds no more than one
//! pass does; what it keeps is a span and the keys of each user line it
//! judged, for the merge to judge again the lines whose keys repeat.

use crate::fix::lines::Break;
use crate::fix::table::{FixCode, FIXES};
use crate::fix::write::{push_rfc_record, Outputs};

/// The fixer's outputs: the files, or a part's log.
pub(super) enum Sink {
    Files(Outputs),
    Log(PartLog),
}

impl Sink {
    /// Writes an imported line (see [`Outputs::part_line`]).
    pub fn part_line(&mut self, line: &[u8], first: u64, last: u64, ended_by: Break) {
        match self {
            Sink::Files(outputs) => outputs.part_line(line, first, last, ended_by),
            Sink::Log(log) => log.event(Event::Import {
                line,
                first,
                last,
                ended_by,
            }),
        }
    }

    /// Writes a row of the changes (see [`Outputs::change`]).
    pub fn change(&mut self, lines: &str, column: &str, fix: FixCode, before: &str, after: &str) {
        match self {
            Sink::Files(outputs) => outputs.change(lines, column, fix, before, after),
            Sink::Log(log) => log.event(Event::Change {
                lines,
                column,
                fix,
                before,
                after,
            }),
        }
    }

    /// Writes a row of the rejects (see [`Outputs::reject`]).
    pub fn reject<'a>(
        &mut self,
        lines: &'a str,
        codes: &'a str,
        reasons: &'a str,
        values: impl IntoIterator<Item = &'a str>,
    ) {
        match self {
            Sink::Files(outputs) => outputs.reject(lines, codes, reasons, values),
            Sink::Log(log) => {
                let mut row = std::mem::take(&mut log.row);
                row.clear();
                push_rfc_record(&mut row, [lines, codes, reasons].into_iter().chain(values));
                log.event(Event::Reject { row: &row, codes });
                log.row = row;
            }
        }
    }

    /// The files, which only a whole input's fixer writes (`list-users`
    /// input is never cut into parts).
    pub fn files(&mut self) -> &mut Outputs {
        match self {
            Sink::Files(outputs) => outputs,
            Sink::Log(_) => unreachable!("list-users input is fixed in one pass"),
        }
    }

    /// The part's log, when this is one.
    pub fn log(&mut self) -> Option<&mut PartLog> {
        match self {
            Sink::Files(_) => None,
            Sink::Log(log) => Some(log),
        }
    }
}

/// A user line (or record of lines) that a part judged: where it is in
/// the file, to read it again, and how it was read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Its first byte's offset in the file.
    pub start: u64,
    /// The offset after its last line's break.
    pub end: u64,
    /// Its first line.
    pub first: u64,
    /// Its last line (a quoted value may run over line breaks).
    pub last: u64,
}

/// A part's outputs as events, in the order one pass writes them.
#[derive(Default)]
pub struct PartLog {
    /// The events not yet taken.
    bytes: Vec<u8>,
    /// The user lines judged, in order: a [`Event::RecordStart`] names one.
    pub spans: Vec<Span>,
    /// The keys of each line judged (its username's and aliases'
    /// hashes, marked with their sets), with its place in `spans`.
    pub keys: Vec<(u64, u32)>,
    /// The keys of the lines that may take them (see
    /// [`LineJudge::may_take`](crate::engine::judge::LineJudge::may_take)):
    /// a key no such line has is never taken, and no line is judged
    /// otherwise for having it.
    pub taking: Vec<u64>,
    /// A reject's row (a buffer kept).
    row: Vec<u8>,
}

impl PartLog {
    pub(super) fn event(&mut self, event: Event) {
        event.write(&mut self.bytes);
    }

    /// Starts the events of the user line `span`, judged with `keys`
    /// (`taking`: which it may take).
    pub(super) fn record_start(&mut self, span: Span, keys: &[u64], taking: bool) {
        let record = self.spans.len() as u32;
        self.spans.push(span);
        self.keys.extend(keys.iter().map(|&key| (key, record)));
        if taking {
            self.taking.extend_from_slice(keys);
        }
        self.event(Event::RecordStart { record });
    }

    /// The events logged since last taken.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }
}

/// One thing a part's fixer did, as the merge replays it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Event<'a> {
    /// A line written to the import files.
    Import {
        line: &'a [u8],
        first: u64,
        last: u64,
        ended_by: Break,
    },
    /// A row of the changes.
    Change {
        lines: &'a str,
        column: &'a str,
        fix: FixCode,
        before: &'a str,
        after: &'a str,
    },
    /// A fix made `count` times (apart from its rows: a run of blank lines
    /// is one row, and files read as RFC 4180 say so once).
    Count { fix: FixCode, count: u64 },
    /// A row of the rejects, written, and the codes it gives.
    Reject { row: &'a [u8], codes: &'a str },
    /// A run of blank lines: one row of the changes, unless the run goes
    /// on in the next part.
    Blank { first: u64, count: u64 },
    /// The row saying the file is read as RFC 4180, at the part's first
    /// record read so: the merge keeps the file's first.
    QuotingTold { lines: &'a str },
    /// The events of a user line judged start: `spans[record]` of the
    /// part's log.
    RecordStart { record: u32 },
    /// They end.
    RecordEnd,
}

impl Event<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        // Each event: its length (to know one is whole), its tag, its fields.
        let at = out.len();
        out.extend_from_slice(&[0; 4]);
        let text = |out: &mut Vec<u8>, bytes: &[u8]| {
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(bytes);
        };
        let number = |out: &mut Vec<u8>, number: u64| out.extend_from_slice(&number.to_le_bytes());
        match *self {
            Event::Import {
                line,
                first,
                last,
                ended_by,
            } => {
                out.push(0);
                number(out, first);
                number(out, last);
                out.push(ended_by as u8);
                text(out, line);
            }
            Event::Change {
                lines,
                column,
                fix,
                before,
                after,
            } => {
                out.push(1);
                out.push(fix as u8);
                for field in [lines, column, before, after] {
                    text(out, field.as_bytes());
                }
            }
            Event::Count { fix, count } => {
                out.push(2);
                out.push(fix as u8);
                number(out, count);
            }
            Event::Reject { row, codes } => {
                out.push(3);
                text(out, row);
                text(out, codes.as_bytes());
            }
            Event::Blank { first, count } => {
                out.push(4);
                number(out, first);
                number(out, count);
            }
            Event::QuotingTold { lines } => {
                out.push(5);
                text(out, lines.as_bytes());
            }
            Event::RecordStart { record } => {
                out.push(6);
                number(out, u64::from(record));
            }
            Event::RecordEnd => out.push(7),
        }
        let length = (out.len() - at - 4) as u32;
        out[at..at + 4].copy_from_slice(&length.to_le_bytes());
    }

    /// The event that `bytes` start with and the bytes it takes; `Ok(None)`
    /// when they hold only its start.
    pub(super) fn read(bytes: &[u8]) -> Result<Option<(Event<'_>, usize)>, String> {
        let Some(length) = bytes.get(..4) else {
            return Ok(None);
        };
        let length = u32::from_le_bytes(length.try_into().expect("4 bytes")) as usize;
        let Some(body) = bytes.get(4..4 + length) else {
            return Ok(None);
        };
        let mut reader = Reader { bytes: body };
        let event = reader
            .event()
            .ok_or("an event of a part's log is garbled")?;
        if !reader.bytes.is_empty() {
            return Err("an event of a part's log is longer than its fields".into());
        }
        Ok(Some((event, 4 + length)))
    }
}

/// Reads an event's fields.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let (taken, rest) = (self.bytes.get(..count)?, &self.bytes[count..]);
        self.bytes = rest;
        Some(taken)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|bytes| bytes[0])
    }

    fn number(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let length = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        self.take(length)
    }

    fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn fix(&mut self) -> Option<FixCode> {
        FIXES.get(usize::from(self.byte()?)).map(|fix| fix.code)
    }

    fn event(&mut self) -> Option<Event<'a>> {
        Some(match self.byte()? {
            0 => {
                let (first, last) = (self.number()?, self.number()?);
                let ended_by = match self.byte()? {
                    0 => Break::Lf,
                    1 => Break::CrLf,
                    2 => Break::Cr,
                    3 => Break::End,
                    _ => return None,
                };
                Event::Import {
                    line: self.bytes()?,
                    first,
                    last,
                    ended_by,
                }
            }
            1 => Event::Change {
                fix: self.fix()?,
                lines: self.text()?,
                column: self.text()?,
                before: self.text()?,
                after: self.text()?,
            },
            2 => Event::Count {
                fix: self.fix()?,
                count: self.number()?,
            },
            3 => Event::Reject {
                row: self.bytes()?,
                codes: self.text()?,
            },
            4 => Event::Blank {
                first: self.number()?,
                count: self.number()?,
            },
            5 => Event::QuotingTold {
                lines: self.text()?,
            },
            6 => Event::RecordStart {
                record: u32::try_from(self.number()?).ok()?,
            },
            7 => Event::RecordEnd,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_back_as_written_and_a_cut_one_waits_for_its_rest() {
        let events = [
            Event::Import {
                line: b"ana,x",
                first: 7,
                last: 8,
                ended_by: Break::CrLf,
            },
            Event::Change {
                lines: "7-8",
                column: "email",
                fix: FixCode::Quoting,
                before: "A",
                after: "a",
            },
            Event::Count {
                fix: FixCode::BlankLine,
                count: 3,
            },
            Event::Reject {
                row: b"9,email.invalid,...\r\n",
                codes: "email.invalid",
            },
            Event::Blank {
                first: 10,
                count: 2,
            },
            Event::QuotingTold { lines: "12" },
            Event::RecordStart { record: 4 },
            Event::RecordEnd,
        ];
        let mut bytes = Vec::new();
        for event in &events {
            event.write(&mut bytes);
        }
        let mut read = Vec::new();
        let mut rest = &bytes[..];
        while let Some((event, used)) = Event::read(rest).unwrap() {
            read.push(event);
            rest = &rest[used..];
        }
        assert_eq!(read, events);
        assert!(Event::read(&bytes[..bytes.len() - 1]).unwrap().is_some());
        let last_start = bytes.len() - 5;
        assert_eq!(Event::read(&bytes[last_start..bytes.len() - 1]), Ok(None));
        let mut garbled = bytes.clone();
        garbled[4] = 99;
        assert!(Event::read(&garbled).is_err());
    }
}
