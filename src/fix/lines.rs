//! Physical lines: the input split at its line breaks (`\n`, `\r\n`, a
//! lone `\r`), each with its number and the break that ended it. Chunks
//! may cut a line, or a `\r\n`, anywhere. A line is kept up to
//! [`LINE_BYTES_KEPT`] bytes; a longer one is counted to its end and
//! handed out as overlong, without its bytes.

use crate::engine::split::LINE_BYTES_KEPT;

/// What ended a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Break {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// A `\r` alone.
    Cr,
    /// The end of the input.
    End,
}

/// One physical line.
#[derive(Clone, Debug, Default)]
pub struct PhysicalLine {
    /// 1-based.
    pub number: u64,
    /// Its first byte's offset in the input.
    pub start: u64,
    /// Its bytes, break excluded (empty when `overlong`).
    pub bytes: Vec<u8>,
    /// How many bytes it has.
    pub len: u64,
    /// Longer than [`LINE_BYTES_KEPT`]: its bytes were not kept.
    pub overlong: bool,
    /// What ended it (`None` only before it ends).
    pub ended_by: Option<Break>,
}

/// Splits input into physical lines as it streams in.
#[derive(Default)]
pub struct LineReader {
    line: PhysicalLine,
    /// The last chunk ended in a `\r`: whether a `\n` follows is not known.
    pending_cr: bool,
    /// Lines handed out.
    lines: u64,
    /// Bytes read.
    position: u64,
}

impl LineReader {
    /// A reader of input that starts at byte `position` of a file, after
    /// its first `lines` lines.
    pub fn starting_at(lines: u64, position: u64) -> LineReader {
        LineReader {
            line: PhysicalLine {
                start: position,
                ..PhysicalLine::default()
            },
            pending_cr: false,
            lines,
            position,
        }
    }

    /// Reads `chunk`, handing out each line it ends.
    pub fn push(&mut self, mut chunk: &[u8], on_line: &mut impl FnMut(&PhysicalLine)) {
        while !chunk.is_empty() {
            if self.pending_cr {
                self.pending_cr = false;
                if chunk[0] == b'\n' {
                    chunk = &chunk[1..];
                    self.position += 1;
                    self.end(Break::CrLf, on_line);
                } else {
                    self.end(Break::Cr, on_line);
                }
                continue;
            }
            match memchr::memchr2(b'\r', b'\n', chunk) {
                None => {
                    self.append(chunk);
                    return;
                }
                Some(at) => {
                    self.append(&chunk[..at]);
                    if chunk[at] == b'\n' {
                        chunk = &chunk[at + 1..];
                        self.position += 1;
                        self.end(Break::Lf, on_line);
                    } else if at + 1 == chunk.len() {
                        self.pending_cr = true;
                        self.position += 1;
                        chunk = &[];
                    } else if chunk[at + 1] == b'\n' {
                        chunk = &chunk[at + 2..];
                        self.position += 2;
                        self.end(Break::CrLf, on_line);
                    } else {
                        chunk = &chunk[at + 1..];
                        self.position += 1;
                        self.end(Break::Cr, on_line);
                    }
                }
            }
        }
    }

    /// Ends the input: the last line, if it has any byte (a break at the
    /// end of the input starts no line).
    pub fn finish(&mut self, on_line: &mut impl FnMut(&PhysicalLine)) {
        if self.pending_cr {
            self.pending_cr = false;
            self.end(Break::Cr, on_line);
        } else if self.line.len > 0 {
            self.end(Break::End, on_line);
        }
    }

    /// Lines handed out so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    fn append(&mut self, bytes: &[u8]) {
        self.position += bytes.len() as u64;
        self.line.len += bytes.len() as u64;
        if self.line.overlong {
            return;
        }
        if self.line.bytes.len() + bytes.len() > LINE_BYTES_KEPT {
            self.line.overlong = true;
            self.line.bytes.clear();
        } else {
            self.line.bytes.extend_from_slice(bytes);
        }
    }

    fn end(&mut self, ended_by: Break, on_line: &mut impl FnMut(&PhysicalLine)) {
        self.lines += 1;
        self.line.number = self.lines;
        self.line.ended_by = Some(ended_by);
        on_line(&self.line);
        self.line.start = self.position;
        self.line.bytes.clear();
        self.line.len = 0;
        self.line.overlong = false;
        self.line.ended_by = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(chunks: &[&[u8]]) -> Vec<(u64, String, Break)> {
        let mut out = Vec::new();
        let mut reader = LineReader::default();
        let mut on_line = |line: &PhysicalLine| {
            out.push((
                line.number,
                String::from_utf8_lossy(&line.bytes).into_owned(),
                line.ended_by.unwrap(),
            ))
        };
        for chunk in chunks {
            reader.push(chunk, &mut on_line);
        }
        reader.finish(&mut on_line);
        out
    }

    /// Whole, byte by byte and cut at every offset: the same lines.
    fn every_way(bytes: &[u8]) -> Vec<(u64, String, Break)> {
        let whole = lines(&[bytes]);
        let single: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(lines(&single), whole);
        for cut in 0..=bytes.len() {
            assert_eq!(
                lines(&[&bytes[..cut], &bytes[cut..]]),
                whole,
                "cut at {cut}"
            );
        }
        whole
    }

    #[test]
    fn every_break_ends_a_line() {
        let s = |text: &str| text.to_owned();
        assert_eq!(
            every_way(b"a\nb\r\nc\rd\r\r\n\ne"),
            [
                (1, s("a"), Break::Lf),
                (2, s("b"), Break::CrLf),
                (3, s("c"), Break::Cr),
                (4, s("d"), Break::Cr),
                (5, s(""), Break::CrLf),
                (6, s(""), Break::Lf),
                (7, s("e"), Break::End),
            ]
        );
        assert_eq!(every_way(b"a\n"), [(1, s("a"), Break::Lf)]);
        assert_eq!(every_way(b"a\r"), [(1, s("a"), Break::Cr)]);
        assert!(every_way(b"").is_empty());
    }

    #[test]
    fn a_long_line_is_counted_not_kept() {
        let mut out = Vec::new();
        let mut reader = LineReader::default();
        let long = vec![b'x'; LINE_BYTES_KEPT + 1];
        reader.push(&long, &mut |line| out.push(line.clone()));
        reader.push(b"\nok\n", &mut |line| out.push(line.clone()));
        assert!(out[0].overlong && out[0].bytes.is_empty());
        assert_eq!(out[0].len, LINE_BYTES_KEPT as u64 + 1);
        assert_eq!(out[1].bytes, b"ok");
        assert_eq!(out[1].start, LINE_BYTES_KEPT as u64 + 2);
        assert!(!out[1].overlong);
    }
}
