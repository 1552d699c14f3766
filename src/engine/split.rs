//! The splitter: Cognito's dialect read from a stream of bytes, as line
//! events. It knows nothing of the pool or the rules.
//!
//! csv-core reads the records, with quoting off (Cognito has none). Around
//! it, the splitter keeps what csv-core does not say: the file's first
//! bytes (a byte order mark), physical line numbers (csv-core skips empty
//! lines), lines too long to keep, the `\,` escapes joined back into one
//! field, and whether the text is UTF-8. Memory is bounded: one line of up
//! to [`LINE_BYTES_KEPT`] bytes; longer lines are scanned, not kept.

use crate::engine::limits;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder, Terminator};

/// A line of more bytes than this has more than 16,000 characters (a
/// character is at most 4 bytes): lines up to here are kept whole.
pub const LINE_BYTES_KEPT: usize = limits::LINE_CHARS * 4;
/// A line of more fields than this has more than 16,000 commas.
const LINE_FIELDS_KEPT: usize = limits::LINE_CHARS + 1;
const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// What the splitter reads, in the order of the file.
#[derive(Debug)]
pub enum Event<'a> {
    /// What the file's first bytes say; once, before any line.
    Start(Signature),
    /// A line without a byte (csv-core skips them; they keep their number).
    Empty {
        /// The line's number.
        line: u64,
        /// It ends in a `\r` right after a line that ended in a lone `\r`:
        /// the blank line of every `\r\r\n` (Python's `csv` writing on
        /// Windows to a file not opened with `newline=''`).
        after_lone_cr: bool,
    },
    /// A line, split into fields.
    Line(Line<'a>),
    /// A line too long to keep ([`LINE_BYTES_KEPT`]): scanned to its end,
    /// for what any line is judged by besides its values.
    Overlong {
        /// The line's number.
        line: u64,
        /// Its bytes, terminator excluded.
        bytes: u64,
        /// It holds nothing but white space, in one field.
        blank: bool,
        /// Its first bytes that are no UTF-8, if any.
        invalid_utf8: Option<InvalidUtf8>,
    },
}

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signature {
    /// Anything else: text, as far as its first bytes tell.
    Text,
    /// A UTF-8 byte order mark (EF BB BF), which is skipped.
    ByteOrderMark,
    /// UTF-16, little-endian (FF FE).
    Utf16LittleEndian,
    /// UTF-16, big-endian (FE FF).
    Utf16BigEndian,
    /// A ZIP archive (`PK` 3), such as a workbook.
    Zip,
}

/// A line of the file, split into its fields, `\,` escapes joined.
#[derive(Debug)]
pub struct Line<'a> {
    /// The 1-based physical line.
    pub number: u64,
    /// The line's fields, end to end, without delimiters (invalid UTF-8
    /// replaced with U+FFFD).
    pub text: &'a str,
    /// Each field's span in `text`.
    pub fields: &'a [(usize, usize)],
    /// Whether `text` holds a backslash or a double quote at all.
    pub marks: Marks,
    /// The line's bytes, terminator excluded.
    pub bytes: u64,
    /// Its characters, counted when its bytes are more than 16,000.
    pub chars: Option<u64>,
    /// The first bytes of the line that are no UTF-8, if any.
    pub invalid_utf8: Option<InvalidUtf8>,
}

impl Line<'_> {
    /// Field `index`'s text.
    pub fn field(&self, index: usize) -> &str {
        let (start, end) = self.fields[index];
        &self.text[start..end]
    }

    /// A line of white space only: not a user.
    pub fn is_blank(&self) -> bool {
        self.fields.len() == 1 && self.text.trim().is_empty()
    }

    /// A line of several fields, all empty or white space: a row of only
    /// commas, as spreadsheets write empty rows.
    pub fn is_empty_row(&self) -> bool {
        // Most lines start with a printable character: no trim for them.
        let may_be_empty = self
            .text
            .as_bytes()
            .first()
            .is_none_or(|byte| !byte.is_ascii_graphic());
        self.fields.len() > 1 && may_be_empty && self.text.trim().is_empty()
    }
}

/// Bytes of a line that are no UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// The bytes, up to 4.
    pub bytes: Vec<u8>,
    /// Their offset in the file.
    pub offset: u64,
    /// They start a character that the line ends before.
    pub cut_off: bool,
}

/// What is learned of a line too long to keep while it is scanned: whether
/// it is white space only, and where its first invalid UTF-8 is.
#[derive(Debug)]
struct OverlongScan {
    blank: bool,
    /// The bytes of a character cut at the end of the last scan.
    carry: Vec<u8>,
    /// The first invalid bytes: their offset in the line, and themselves.
    invalid: Option<(u64, Vec<u8>)>,
}

impl Default for OverlongScan {
    fn default() -> Self {
        OverlongScan {
            blank: true,
            carry: Vec::new(),
            invalid: None,
        }
    }
}

impl OverlongScan {
    /// Scans `bytes`, csv-core's output for the line (its fields ending at
    /// `ends`, counted from the line's first byte of output), which come
    /// after `before` bytes and `fields_before` fields of it; `known_utf8`
    /// when they came from chunks known to be UTF-8.
    fn scan(
        &mut self,
        bytes: &[u8],
        ends: &[usize],
        before: u64,
        fields_before: u64,
        known_utf8: bool,
    ) {
        if self.invalid.is_some() && !self.blank {
            return;
        }
        if known_utf8
            && (!self.blank || self.carry.is_empty() && bytes.iter().all(u8::is_ascii_whitespace))
        {
            // Nothing to learn but where the last character ends, should a
            // later part of the line need decoding.
            self.carry = cut_character(bytes).to_vec();
            return;
        }
        let mut text = std::mem::take(&mut self.carry);
        let carried = text.len();
        text.extend_from_slice(bytes);
        let mut rest: &[u8] = &text;
        // Where `rest` starts in `text`.
        let mut at = 0;
        loop {
            let (valid, error) = match std::str::from_utf8(rest) {
                Ok(valid) => (valid, None),
                Err(error) => {
                    // SAFETY: the bytes up to valid_up_to are UTF-8.
                    let valid =
                        unsafe { std::str::from_utf8_unchecked(&rest[..error.valid_up_to()]) };
                    (valid, Some(error))
                }
            };
            self.blank &= valid.chars().all(char::is_whitespace);
            let Some(error) = error else { break };
            let start = error.valid_up_to();
            let Some(length) = error.error_len() else {
                // A character cut at the buffer's end: read on with it.
                self.carry = rest[start..].to_vec();
                break;
            };
            self.blank = false;
            if self.invalid.is_none() {
                // Its place in the line: bytes of output before it, and a
                // delimiter for each field ended before it.
                let in_text = at + start;
                let in_bytes = in_text.saturating_sub(carried);
                let in_line = before + in_bytes as u64;
                let delimiters = fields_before
                    + ends.iter().filter(|&&end| end as u64 <= in_line).count() as u64;
                let offset = (before + in_text as u64).saturating_sub(carried as u64) + delimiters;
                self.invalid = Some((offset, rest[start..start + length].to_vec()));
            }
            rest = &rest[start + length..];
            at += start + length;
        }
    }

    /// The line's first invalid bytes, with their offset in the file, the
    /// line of `line_bytes` bytes starting at `line_start`.
    fn invalid_utf8(&self, line_start: u64, line_bytes: u64) -> Option<InvalidUtf8> {
        if let Some((offset, bytes)) = &self.invalid {
            return Some(InvalidUtf8 {
                bytes: bytes.clone(),
                offset: line_start + offset,
                cut_off: false,
            });
        }
        // A character that the line ends before.
        (!self.carry.is_empty()).then(|| InvalidUtf8 {
            bytes: self.carry.clone(),
            offset: line_start + line_bytes - self.carry.len() as u64,
            cut_off: true,
        })
    }
}

/// The bytes of a character that `bytes` (valid UTF-8 but for its end)
/// ends before it ends.
fn cut_character(bytes: &[u8]) -> &[u8] {
    for back in 1..=bytes.len().min(3) {
        let byte = bytes[bytes.len() - back];
        if byte & 0xC0 != 0x80 {
            // A lead byte: complete when its sequence is as long as what follows it.
            let length = match byte {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            return if length > back {
                &bytes[bytes.len() - back..]
            } else {
                &[]
            };
        }
    }
    &[]
}

/// Whether a line holds any backslash or double quote at all.
#[derive(Clone, Copy, Debug)]
pub struct Marks {
    /// A `\` (an escape was joined, or a backslash stays in a value).
    pub backslash: bool,
    /// A `"`.
    pub quote: bool,
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

/// Splits a stream of bytes, fed in chunks of any size, into line events.
///
/// ```
/// use cognito_csv_validator::split::{Event, Splitter};
/// let mut splitter = Splitter::new();
/// let mut lines = Vec::new();
/// let mut collect = |event: Event| match event {
///     Event::Line(line) => lines.push((line.number, line.field(1).to_owned())),
///     Event::Empty { line, .. } => lines.push((line, String::new())),
///     _ => {}
/// };
/// splitter.push(b"a,b\\,c\n\nd,", &mut collect);
/// splitter.push(b"e", &mut collect);
/// splitter.finish(&mut collect);
/// assert_eq!(lines, [(1, "b,c".into()), (2, "".into()), (3, "e".into())]);
/// ```
pub struct Splitter {
    reader: Reader,
    /// The current line's field bytes, without delimiters (csv-core's output).
    record: Vec<u8>,
    /// End offsets of the current line's fields in `record`.
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    /// The current line outgrew the buffers: it is only scanned.
    overflow: bool,
    /// Bytes and fields of the current line, including those not kept.
    record_bytes: u64,
    record_fields: u64,
    /// The fields after joining `\,` escapes, as spans of `record`.
    spans: Vec<(usize, usize)>,
    /// Holds the first bytes until it is known whether they are a BOM.
    start: Option<([u8; 3], usize)>,
    /// File offset up to which csv-core has consumed the input.
    consumed: u64,
    /// Every chunk the current line's bytes came from is valid UTF-8.
    record_from_utf8_chunks: bool,
    /// Line terminators consumed (`\r\n` counts once).
    terminators: u64,
    after_cr: bool,
    /// The last line handed out.
    last_line: u64,
    /// What is known of the current line when it is too long to keep.
    overlong: OverlongScan,
    /// A line with invalid UTF-8, as text (kept, to reuse its memory).
    lossy: String,
    lossy_spans: Vec<(usize, usize)>,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter::new()
    }
}

impl Splitter {
    /// A splitter at the start of a file.
    pub fn new() -> Splitter {
        let reader = ReaderBuilder::new()
            .delimiter(b',')
            .quoting(false)
            .double_quote(false)
            .escape(None)
            .comment(None)
            .terminator(Terminator::CRLF)
            .build();
        Splitter {
            reader,
            record: vec![0; LINE_BYTES_KEPT],
            ends: vec![0; LINE_FIELDS_KEPT],
            out_len: 0,
            ends_len: 0,
            overflow: false,
            record_bytes: 0,
            record_fields: 0,
            spans: Vec::new(),
            start: Some(([0; 3], 0)),
            consumed: 0,
            record_from_utf8_chunks: true,
            terminators: 0,
            after_cr: false,
            last_line: 0,
            overlong: OverlongScan::default(),
            lossy: String::new(),
            lossy_spans: Vec::new(),
        }
    }

    /// A splitter at the start of a line `offset` bytes into a file (a part
    /// of a file cut at line breaks): no signature is looked for, and lines
    /// are numbered from 1 within the part.
    pub fn at_line_start(offset: u64) -> Splitter {
        let mut splitter = Splitter::new();
        splitter.start = None;
        splitter.mark_started();
        splitter.consumed = offset;
        splitter
    }

    /// Marks csv-core's reader as started: it strips a BOM only at a
    /// reader's start, and the splitter decides on BOMs itself.
    fn mark_started(&mut self) {
        // A one-byte read with no room for output reads nothing.
        let _ = self.reader.read_record(b"x", &mut [], &mut self.ends);
    }

    /// The lines handed out so far.
    pub fn lines(&self) -> u64 {
        self.last_line
    }

    /// Reads the next chunk, handing each event to `on_event`. Chunks may
    /// split lines, fields and characters anywhere.
    pub fn push(&mut self, mut chunk: &[u8], on_event: &mut impl FnMut(Event<'_>)) {
        if let Some((mut first, mut len)) = self.start {
            let take = chunk.len().min(3 - len);
            first[len..len + take].copy_from_slice(&chunk[..take]);
            len += take;
            chunk = &chunk[take..];
            if len < 3 {
                self.start = Some((first, len));
                return;
            }
            self.begin(&first[..len], on_event);
        }
        self.feed(chunk, on_event);
    }

    /// Ends the file: hands out its last line, and the empty lines at its end.
    pub fn finish(&mut self, on_event: &mut impl FnMut(Event<'_>)) {
        if let Some((first, len)) = self.start {
            self.begin(&first[..len], on_event);
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
                ReadRecordResult::Record => self.complete_record(false, on_event),
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {
                    self.discard_output()
                }
                ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
            }
        }
        let lines = self.terminators.max(self.last_line);
        self.empty_lines_until(lines + 1, on_event);
    }

    /// Decides on the first (up to) three bytes: a BOM is skipped, anything
    /// else is read on.
    fn begin(&mut self, first: &[u8], on_event: &mut impl FnMut(Event<'_>)) {
        self.start = None;
        // csv-core strips a BOM itself, but only when the first chunk holds
        // all three bytes: marked as started, it never does, and the result
        // cannot depend on the chunking.
        self.mark_started();
        let signature = match first {
            [0xFF, 0xFE, ..] => Signature::Utf16LittleEndian,
            [0xFE, 0xFF, ..] => Signature::Utf16BigEndian,
            [b'P', b'K', 3] => Signature::Zip,
            _ if first == BOM => Signature::ByteOrderMark,
            _ => Signature::Text,
        };
        on_event(Event::Start(signature));
        if signature == Signature::ByteOrderMark {
            self.consumed = 3;
        } else {
            self.feed(first, on_event);
        }
    }

    fn feed(&mut self, mut input: &[u8], on_event: &mut impl FnMut(Event<'_>)) {
        // One check of the whole chunk is much cheaper than one per line.
        let chunk_is_utf8 = simdutf8::basic::from_utf8(input).is_ok();
        while !input.is_empty() {
            // Terminators read before a line starts end empty lines.
            let in_line = self.record_bytes > 0 || self.record_fields > 0 || self.overflow;
            let (result, read, written, ended) = self.reader.read_record(
                input,
                &mut self.record[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.count_terminators(&input[..read], in_line, on_event);
            self.record_from_utf8_chunks &= chunk_is_utf8 || read == 0;
            self.consumed += read as u64;
            input = &input[read..];
            self.note_output(written, ended);
            match result {
                ReadRecordResult::Record => self.complete_record(true, on_event),
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

    /// The line is longer than any line Cognito accepts: scan what is kept
    /// (white space only? UTF-8?), forget it, and go on to the line's end.
    fn discard_output(&mut self) {
        if !self.overflow {
            self.overflow = true;
            self.overlong = OverlongScan::default();
        }
        self.overlong.scan(
            &self.record[..self.out_len],
            &self.ends[..self.ends_len],
            self.record_bytes - self.out_len as u64,
            self.record_fields - self.ends_len as u64,
            self.record_from_utf8_chunks,
        );
        self.out_len = 0;
        self.ends_len = 0;
    }

    /// Counts the line terminators among the bytes one `read_record` call
    /// consumed, handing out the empty lines they end as they come (a run
    /// of line breaks is never held). Without quoting, any terminator ends
    /// a record, so they can only be a run at the start (empty lines, unless
    /// a line was under way (`in_line`): then the first ends it; the `\n` of
    /// a `\r\n`) and the last byte (the record's own terminator).
    fn count_terminators(
        &mut self,
        bytes: &[u8],
        in_line: bool,
        on_event: &mut impl FnMut(Event<'_>),
    ) {
        let is_terminator = |byte: u8| byte == b'\r' || byte == b'\n';
        let leading = bytes
            .iter()
            .take_while(|&&byte| is_terminator(byte))
            .count();
        let mut line_open = in_line;
        for &byte in &bytes[..leading] {
            // A `\n` right after a `\r` ends the same line.
            if !(byte == b'\n' && self.after_cr) {
                self.terminators += 1;
                if line_open {
                    // The end of the line under way: it is handed out whole.
                    line_open = false;
                } else {
                    self.empty_lines_until(self.terminators, on_event);
                    self.last_line = self.terminators;
                    on_event(Event::Empty {
                        line: self.terminators,
                        after_lone_cr: byte == b'\r' && self.after_cr,
                    });
                }
            }
            self.after_cr = byte == b'\r';
        }
        if leading < bytes.len() {
            let last = bytes[bytes.len() - 1];
            self.terminators += u64::from(is_terminator(last));
            self.after_cr = last == b'\r';
        }
    }

    /// csv-core has handed out a line: hand it on, then get ready for the next.
    fn complete_record(&mut self, terminated: bool, on_event: &mut impl FnMut(Event<'_>)) {
        // A terminated record's terminator is the last byte consumed, and is
        // counted; a last line without one is the line after the count.
        let line = self.terminators + u64::from(!terminated);
        // csv-core skips empty lines: they are the ones between two records.
        self.empty_lines_until(line, on_event);
        self.last_line = line;
        let raw_len = self.record_bytes + self.record_fields.saturating_sub(1);
        if self.overflow {
            self.discard_output();
            let line_start = self.consumed - u64::from(terminated) - raw_len;
            let scan = std::mem::take(&mut self.overlong);
            on_event(Event::Overlong {
                line,
                bytes: raw_len,
                blank: scan.blank && self.record_fields <= 1,
                invalid_utf8: scan.invalid_utf8(line_start, raw_len),
            });
        } else {
            let raw_start = self.consumed - u64::from(terminated) - raw_len;
            self.hand_out(line, raw_len, raw_start, on_event);
        }
        self.out_len = 0;
        self.ends_len = 0;
        self.overflow = false;
        self.record_from_utf8_chunks = true;
        self.record_bytes = 0;
        self.record_fields = 0;
    }

    /// Hands out the empty lines before `line` that are not yet (the last
    /// of a file, which no terminator ends).
    fn empty_lines_until(&mut self, line: u64, on_event: &mut impl FnMut(Event<'_>)) {
        for empty in self.last_line + 1..line {
            self.last_line = empty;
            on_event(Event::Empty {
                line: empty,
                after_lone_cr: false,
            });
        }
    }

    /// Joins the `\,` escapes of the kept line, checks its text, and hands
    /// it out.
    fn hand_out(
        &mut self,
        number: u64,
        raw_len: u64,
        raw_start: u64,
        on_event: &mut impl FnMut(Event<'_>),
    ) {
        let bytes = &mut self.record[..self.out_len];
        let ends = &self.ends[..self.ends_len];
        let chars = (raw_len > limits::LINE_CHARS as u64).then(|| {
            // Continuation bytes (10xxxxxx) do not start a character.
            let delimiters = ends.len() as u64 - 1;
            bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u64 + delimiters
        });
        // Join `\,` escapes: a field that ends in a backslash was cut at an
        // escaped comma. csv-core writes fields back to back, so the joined
        // field is the two spans together, with the backslash's byte turned
        // into the comma it stands for.
        self.spans.clear();
        let mut marks = Marks::of(bytes);
        if marks.backslash {
            let mut start = 0;
            for (index, &end) in ends.iter().enumerate() {
                if index + 1 < ends.len() && end > start && bytes[end - 1] == b'\\' {
                    bytes[end - 1] = b',';
                    continue;
                }
                self.spans.push((start, end));
                start = end;
            }
            // The joins may have turned every backslash into a comma.
            marks = Marks::of(bytes);
        } else {
            // Nothing to join (most lines): the fields are csv-core's.
            let mut start = 0;
            self.spans.extend(
                ends.iter()
                    .map(|&end| (std::mem::replace(&mut start, end), end)),
            );
        }
        let bytes: &[u8] = bytes;
        let checked = if self.record_from_utf8_chunks {
            // SAFETY: every chunk this line's bytes came from is valid UTF-8,
            // and so is their concatenation; the line is a part of it less
            // ASCII delimiters and terminators (and with `\` turned into `,`),
            // which keeps it valid, with every field boundary at a character
            // boundary.
            Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
        } else {
            // Field by field: taking the delimiters out of invalid text can
            // make it valid (`C2 , 80`), with a field boundary inside a
            // character.
            match self.spans.iter().find_map(|&(start, end)| {
                std::str::from_utf8(&bytes[start..end])
                    .err()
                    .map(|error| (start, end, error))
            }) {
                // Valid fields make a valid line.
                None => std::str::from_utf8(bytes).map_err(|error| (0, bytes.len(), error)),
                Some(invalid) => Err(invalid),
            }
        };
        match checked {
            Ok(text) => on_event(Event::Line(Line {
                number,
                text,
                fields: &self.spans,
                marks,
                bytes: raw_len,
                chars,
                invalid_utf8: None,
            })),
            Err((start, end, error)) => {
                let at = start + error.valid_up_to();
                let delimiters_before = ends.iter().filter(|&&end| end <= at).count() as u64;
                let bad_len = error.error_len().unwrap_or(end - at).min(4);
                let invalid = InvalidUtf8 {
                    bytes: bytes[at..at + bad_len].to_vec(),
                    offset: raw_start + at as u64 + delimiters_before,
                    cut_off: error.error_len().is_none(),
                };
                // The text as far as it reads, so that every other problem
                // of the line is found too.
                self.lossy.clear();
                self.lossy_spans.clear();
                for &(start, end) in &self.spans {
                    let from = self.lossy.len();
                    self.lossy
                        .push_str(&String::from_utf8_lossy(&bytes[start..end]));
                    self.lossy_spans.push((from, self.lossy.len()));
                }
                on_event(Event::Line(Line {
                    number,
                    text: &self.lossy,
                    fields: &self.lossy_spans,
                    marks,
                    bytes: raw_len,
                    chars,
                    invalid_utf8: Some(invalid),
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the splitter hands out, as text: `1:a|b`, `2:empty`, `3:overlong 70000`.
    fn split(chunks: &[&[u8]]) -> Vec<String> {
        let mut out = Vec::new();
        let mut collect = |event: Event| {
            out.push(match event {
                Event::Start(signature) => format!("start {signature:?}"),
                Event::Empty {
                    line,
                    after_lone_cr,
                } => {
                    format!(
                        "{line}:empty{}",
                        if after_lone_cr { " after cr" } else { "" }
                    )
                }
                Event::Overlong {
                    line,
                    bytes,
                    blank,
                    invalid_utf8,
                } => {
                    let bad = invalid_utf8
                        .map(|bad| format!(" bad {:?} at {}", bad.bytes, bad.offset))
                        .unwrap_or_default();
                    format!(
                        "{line}:overlong {bytes}{}{bad}",
                        if blank { " blank" } else { "" }
                    )
                }
                Event::Line(line) => {
                    let fields: Vec<&str> = (0..line.fields.len()).map(|i| line.field(i)).collect();
                    let bad = line
                        .invalid_utf8
                        .as_ref()
                        .map(|bad| format!(" bad {:?} at {}", bad.bytes, bad.offset))
                        .unwrap_or_default();
                    format!("{}:{}{bad}", line.number, fields.join("|"))
                }
            })
        };
        let mut splitter = Splitter::new();
        for chunk in chunks {
            splitter.push(chunk, &mut collect);
        }
        splitter.finish(&mut collect);
        out
    }

    /// Splits `bytes` whole, byte by byte and at every offset, and checks
    /// that the events are the same each time.
    fn split_every_way(bytes: &[u8]) -> Vec<String> {
        let whole = split(&[bytes]);
        let single: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(split(&single), whole, "byte by byte");
        for cut in 0..=bytes.len() {
            assert_eq!(
                split(&[&bytes[..cut], &bytes[cut..]]),
                whole,
                "cut at {cut}"
            );
        }
        whole
    }

    #[test]
    fn lines_are_numbered_physically() {
        assert_eq!(
            split_every_way(b"a,b\n\r\n\nc\r\rd"),
            [
                "start Text",
                "1:a|b",
                "2:empty",
                "3:empty",
                "4:c",
                "5:empty after cr",
                "6:d"
            ]
        );
        assert_eq!(split_every_way(b"a\n\n"), ["start Text", "1:a", "2:empty"]);
        assert_eq!(split_every_way(b""), ["start Text"]);
    }

    #[test]
    fn blank_lines_and_empty_rows_are_told_apart() {
        let shapes = |bytes: &[u8]| {
            let mut shapes = Vec::new();
            let mut splitter = Splitter::new();
            let mut collect = |event: Event| {
                if let Event::Line(line) = event {
                    shapes.push((line.is_blank(), line.is_empty_row()));
                }
            };
            splitter.push(bytes, &mut collect);
            splitter.finish(&mut collect);
            shapes
        };
        assert_eq!(
            shapes(" \t\n,,\n , ,\u{3000}\n,a\n a,\n".as_bytes()),
            [
                (true, false),
                (false, true),
                (false, true),
                (false, false),
                (false, false)
            ]
        );
    }

    #[test]
    fn escaped_commas_join_fields() {
        assert_eq!(
            split_every_way(b"a\\,b,c\\\\,d,e\\x"),
            ["start Text", "1:a,b|c\\,d|e\\x"]
        );
    }

    #[test]
    fn quotes_are_characters() {
        assert_eq!(
            split_every_way(b"\"Doe, John\",x"),
            ["start Text", "1:\"Doe| John\"|x"]
        );
    }

    #[test]
    fn first_bytes_are_recognised() {
        assert_eq!(
            split_every_way(b"\xEF\xBB\xBFa,b"),
            ["start ByteOrderMark", "1:a|b"]
        );
        assert_eq!(split_every_way(b"\xFF\xFEa")[0], "start Utf16LittleEndian");
        assert_eq!(split_every_way(b"\xFE\xFFa")[0], "start Utf16BigEndian");
        assert_eq!(split_every_way(b"PK\x03\x04")[0], "start Zip");
        // A lone BOM byte pair is text.
        assert_eq!(split_every_way(b"\xEF\xBB")[0], "start Text");
    }

    #[test]
    fn invalid_utf8_is_located_and_replaced() {
        assert_eq!(
            split_every_way(b"ok\nx,a\xFFb"),
            ["start Text", "1:ok", "2:x|a\u{fffd}b bad [255] at 6"]
        );
        // Valid once the delimiter is out, and still invalid.
        assert_eq!(
            split_every_way(b"\xC2,\x80"),
            ["start Text", "1:\u{fffd}|\u{fffd} bad [194] at 0"]
        );
    }

    #[test]
    fn python_on_windows_is_seen() {
        assert_eq!(
            split_every_way(b"a\r\r\nb\r\r\n"),
            [
                "start Text",
                "1:a",
                "2:empty after cr",
                "3:b",
                "4:empty after cr"
            ]
        );
        assert_eq!(
            split_every_way(b"a\r\n\r\nb\n\n"),
            ["start Text", "1:a", "2:empty", "3:b", "4:empty"]
        );
    }

    #[test]
    fn empty_lines_come_as_they_are_read() {
        let mut events = 0;
        let mut splitter = Splitter::new();
        splitter.push(b"a\n", &mut |_| {});
        splitter.push(&[b'\n'; 1000], &mut |event| {
            if let Event::Empty { .. } = event {
                events += 1;
            }
        });
        assert_eq!(events, 1000, "held until the next line");
    }

    #[test]
    fn long_lines_are_judged_by_their_bytes() {
        let blank = [b" ".repeat(70_000), b"\n".to_vec()].concat();
        assert_eq!(
            split_every_way_large(&blank),
            ["start Text", "1:overlong 70000 blank"]
        );
        let commas = [b" ,".repeat(35_000), b"\n".to_vec()].concat();
        assert_eq!(split_every_way_large(&commas)[1], "1:overlong 70000");
        let mut invalid = b"x".repeat(70_000);
        invalid[65_000] = 0xFF;
        assert_eq!(
            split_every_way_large(&invalid)[1],
            "1:overlong 70000 bad [255] at 65000"
        );
        let mut cut = "é".repeat(35_000).into_bytes();
        cut.pop();
        assert_eq!(
            split_every_way_large(&cut)[1],
            "1:overlong 69999 bad [195] at 69998"
        );
        let mut split_invalid = b"a,".repeat(35_000);
        split_invalid[68_001] = 0xC3;
        assert_eq!(
            split_every_way_large(&split_invalid)[1],
            "1:overlong 70000 bad [195] at 68001"
        );
    }

    /// Splits a large input whole, byte by byte, and at a few offsets.
    fn split_every_way_large(bytes: &[u8]) -> Vec<String> {
        let whole = split(&[bytes]);
        let single: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(split(&single), whole, "byte by byte");
        for cut in [1, 65_535, 65_536, 65_537, bytes.len() - 1] {
            assert_eq!(
                split(&[&bytes[..cut], &bytes[cut..]]),
                whole,
                "cut at {cut}"
            );
        }
        whole
    }

    #[test]
    fn long_lines_are_counted_or_only_scanned() {
        let kept = [b"x".repeat(16_001), b"\n".to_vec()].concat();
        let mut chars = Vec::new();
        Splitter::new().push(&kept, &mut |event| {
            if let Event::Line(line) = event {
                chars.push(line.chars)
            }
        });
        assert_eq!(chars, [Some(16_001)]);
        let overlong = [b"a,".repeat(40_000), b"\nb".to_vec()].concat();
        assert_eq!(
            split(&[&overlong]),
            ["start Text", "1:overlong 80000", "2:b"]
        );
    }
}
