//! A JSON reader that takes its input in chunks of any size and hands out
//! its tokens as they end, holding at most one string or number at a time:
//! `aws cognito-idp list-users` writes hundreds of megabytes for a large
//! pool, and none of it needs to be held whole.
//!
//! It checks the grammar of RFC 8259 as it goes (a broken file is told at
//! its line and column, never half read) and hands strings out unescaped.

use std::fmt;

/// A token, as [`JsonReader::push`] hands it to its sink.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Token<'a> {
    /// `{`
    ObjectStart,
    /// `}`
    ObjectEnd,
    /// `[`
    ArrayStart,
    /// `]`
    ArrayEnd,
    /// An object's key, unescaped.
    Key(&'a str),
    /// A string value, unescaped.
    String(&'a str),
    /// A number, as written.
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// Where in the input: 1-based line and column (in bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: u64,
    /// The byte in the line, from 1.
    pub column: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why the input is not JSON, or not what the sink wanted, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Where the reader was.
    pub at: Position,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// The longest string or number held, in bytes: far over any attribute
/// value (2,048 characters) or username Cognito takes.
pub const LONGEST_TOKEN: usize = 1 << 20;

/// What a UTF-16 file is told.
const UTF_16: &str = "the file is UTF-16 (as PowerShell's > writes it), not UTF-8: save it as UTF-8, for \
                      example with `| Out-File -Encoding utf8`, or run the command in another shell";

/// Containers deeper than this are refused (list-users output is 4 deep).
pub const DEEPEST: usize = 64;

/// What the reader waits for next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// A value (the document's, an array element, or after a key's `:`).
    Value,
    /// A value or `]` (just after `[`).
    ValueOrArrayEnd,
    /// A key or `}` (just after `{`).
    KeyOrObjectEnd,
    /// A key (after a `,` in an object).
    Key,
    /// The `:` after a key.
    Colon,
    /// `,` or the end of the container, or the end of the input at the top.
    Separator,
    /// Inside a string: its bytes until `"`.
    InString { key: bool },
    /// After `\` in a string.
    Escape { key: bool },
    /// Inside `\uXXXX`: the hex digits read so far and their value.
    Unicode { key: bool, digits: u8, value: u16 },
    /// After a high surrogate's `\uXXXX`: a low one's `\uXXXX` must
    /// follow (`seen`: its bytes read; `low`: its digits' value so far).
    LowSurrogate {
        key: bool,
        high: u16,
        seen: u8,
        low: u16,
    },
    /// Inside a number.
    InNumber,
    /// Inside `true`, `false` or `null`: the word and how much was read.
    InWord { word: &'static [u8], read: u8 },
}

/// A JSON reader fed in chunks. The sink gets each token and may refuse it
/// with a message (which becomes a [`JsonError`] at the token's place).
#[derive(Debug)]
pub struct JsonReader {
    expect: Expect,
    /// The open containers, innermost last: `true` for an object.
    open: Vec<bool>,
    /// The string or number being read.
    held: Vec<u8>,
    /// A complete document was read: only whitespace may follow.
    done: bool,
    /// The first byte of the input is next.
    at_start: bool,
    /// Bytes of a UTF-8 byte order mark read at the start (3 once past it).
    byte_order_mark: u8,
    at: Position,
    /// Where the token being read began.
    token_at: Position,
    failed: Option<JsonError>,
}

impl Default for JsonReader {
    fn default() -> Self {
        JsonReader::new()
    }
}

impl JsonReader {
    /// A reader at the start of its input.
    pub fn new() -> JsonReader {
        JsonReader {
            expect: Expect::Value,
            open: Vec::new(),
            held: Vec::new(),
            done: false,
            at_start: true,
            byte_order_mark: 0,
            at: Position { line: 1, column: 0 },
            token_at: Position::default(),
            failed: None,
        }
    }

    /// Reads `bytes`, handing each token that ends in them to `sink`. After
    /// an error, every later push returns it again.
    pub fn push<F>(&mut self, bytes: &[u8], sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        for &byte in bytes {
            if byte == b'\n' {
                self.at.line += 1;
                self.at.column = 0;
            } else {
                self.at.column += 1;
            }
            if let Err(error) =
                self.first_bytes(byte)
                    .and_then(|taken| if taken { Ok(()) } else { self.byte(byte, sink) })
            {
                self.failed = Some(error.clone());
                return Err(error);
            }
        }
        Ok(())
    }

    /// Where the reader is: the last byte read.
    pub fn position(&self) -> Position {
        self.at
    }

    /// The input has ended: a document must have been read whole.
    pub fn finish<F>(&mut self, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        // A number at the very end has no byte after it to end it.
        if self.expect == Expect::InNumber {
            self.end_number(sink)?;
        }
        if self.done {
            return Ok(());
        }
        let what = if self.at_start {
            "the input is empty".to_owned()
        } else if matches!(
            self.expect,
            Expect::InString { .. } | Expect::Escape { .. } | Expect::Unicode { .. }
        ) {
            format!(
                "a string that begins at {} is not closed with \"",
                self.token_at
            )
        } else {
            format!(
                "the input ends inside {} (an unclosed {{ or [ or a missing value): it was cut short",
                if self.open.last() == Some(&true) {
                    "an object"
                } else {
                    "an array"
                }
            )
        };
        Err(self.error(what))
    }

    /// Reads a byte order mark at the start, byte by byte (it may be split
    /// over pushes); whether `byte` was taken by it.
    fn first_bytes(&mut self, byte: u8) -> Result<bool, JsonError> {
        const MARK: &[u8] = b"\xEF\xBB\xBF";
        if self.at_start && matches!(byte, 0xFF | 0xFE) {
            return Err(self.error(UTF_16.to_owned()));
        }
        self.at_start = false;
        let read = usize::from(self.byte_order_mark);
        if read < MARK.len() && byte == MARK[read] {
            self.byte_order_mark += 1;
            return Ok(true);
        }
        if read > 0 && read < MARK.len() {
            return Err(self.unexpected(byte, "the rest of a UTF-8 byte order mark"));
        }
        self.byte_order_mark = MARK.len() as u8;
        Ok(false)
    }

    fn error(&self, message: String) -> JsonError {
        JsonError {
            at: self.at,
            message,
        }
    }

    fn byte<F>(&mut self, byte: u8, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        match self.expect {
            Expect::InString { key } => self.string_byte(byte, key, sink),
            Expect::Escape { key } => self.escape(byte, key),
            Expect::Unicode { key, digits, value } => self.unicode_digit(byte, key, digits, value),
            Expect::LowSurrogate {
                key,
                high,
                seen,
                low,
            } => self.low_surrogate(byte, key, high, seen, low),
            Expect::InNumber => {
                if matches!(byte, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    self.hold(byte)
                } else {
                    self.end_number(sink)?;
                    self.byte(byte, sink)
                }
            }
            Expect::InWord { word, read } => {
                if byte != word[usize::from(read)] {
                    return Err(
                        self.error(format!("expected `{}` here", String::from_utf8_lossy(word)))
                    );
                }
                if usize::from(read) + 1 < word.len() {
                    self.expect = Expect::InWord {
                        word,
                        read: read + 1,
                    };
                    return Ok(());
                }
                let token = match word {
                    b"true" => Token::Bool(true),
                    b"false" => Token::Bool(false),
                    _ => Token::Null,
                };
                self.emit(token, sink)?;
                self.value_ended();
                Ok(())
            }
            _ if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') => Ok(()),
            Expect::Separator => self.separator(byte, sink),
            Expect::Colon => {
                if byte == b':' {
                    self.expect = Expect::Value;
                    Ok(())
                } else {
                    Err(self.unexpected(byte, "`:` after a key"))
                }
            }
            Expect::KeyOrObjectEnd | Expect::Key => {
                if byte == b'"' {
                    self.start_token(Expect::InString { key: true });
                    Ok(())
                } else if byte == b'}' && self.expect == Expect::KeyOrObjectEnd {
                    self.close(true, sink)
                } else {
                    Err(self.unexpected(byte, "a key in double quotes"))
                }
            }
            Expect::Value | Expect::ValueOrArrayEnd => {
                if byte == b']' && self.expect == Expect::ValueOrArrayEnd {
                    return self.close(false, sink);
                }
                self.value_start(byte, sink)
            }
        }
    }

    fn value_start<F>(&mut self, byte: u8, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        if self.done {
            return Err(self.unexpected(byte, "nothing after the end of the JSON document"));
        }
        match byte {
            b'{' | b'[' => {
                if self.open.len() == DEEPEST {
                    return Err(self.error(format!("more than {DEEPEST} nested {{ or [")));
                }
                self.token_at = self.at;
                let object = byte == b'{';
                self.emit(
                    if object {
                        Token::ObjectStart
                    } else {
                        Token::ArrayStart
                    },
                    sink,
                )?;
                self.open.push(object);
                self.expect = if object {
                    Expect::KeyOrObjectEnd
                } else {
                    Expect::ValueOrArrayEnd
                };
                Ok(())
            }
            b'"' => {
                self.start_token(Expect::InString { key: false });
                Ok(())
            }
            b'-' | b'0'..=b'9' => {
                self.start_token(Expect::InNumber);
                self.hold(byte)
            }
            b't' | b'f' | b'n' => {
                self.token_at = self.at;
                let word: &'static [u8] = match byte {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                self.expect = Expect::InWord { word, read: 1 };
                Ok(())
            }
            _ => Err(self.unexpected(byte, "a value")),
        }
    }

    fn separator<F>(&mut self, byte: u8, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        match (byte, self.open.last()) {
            (b',', Some(&true)) => {
                self.expect = Expect::Key;
                Ok(())
            }
            (b',', Some(&false)) => {
                self.expect = Expect::Value;
                Ok(())
            }
            (b'}', Some(&true)) => self.close(true, sink),
            (b']', Some(&false)) => self.close(false, sink),
            (_, None) => Err(self.unexpected(byte, "nothing after the end of the JSON document")),
            (_, Some(&true)) => Err(self.unexpected(byte, "`,` or `}` in an object")),
            (_, Some(&false)) => Err(self.unexpected(byte, "`,` or `]` in an array")),
        }
    }

    fn close<F>(&mut self, object: bool, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        self.token_at = self.at;
        self.open.pop();
        self.emit(
            if object {
                Token::ObjectEnd
            } else {
                Token::ArrayEnd
            },
            sink,
        )?;
        self.value_ended();
        Ok(())
    }

    fn value_ended(&mut self) {
        self.expect = Expect::Separator;
        if self.open.is_empty() {
            self.done = true;
        }
    }

    fn start_token(&mut self, expect: Expect) {
        self.token_at = self.at;
        self.held.clear();
        self.expect = expect;
    }

    fn hold(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.held.len() == LONGEST_TOKEN {
            return Err(JsonError {
                at: self.token_at,
                message: format!(
                    "a string or number longer than {} MiB: this is no list-users output",
                    LONGEST_TOKEN >> 20
                ),
            });
        }
        self.held.push(byte);
        Ok(())
    }

    fn string_byte<F>(&mut self, byte: u8, key: bool, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        match byte {
            b'"' => {
                let held = std::mem::take(&mut self.held);
                let result = match std::str::from_utf8(&held) {
                    Ok(text) if key => {
                        self.expect = Expect::Colon;
                        self.emit(Token::Key(text), sink)
                    }
                    Ok(text) => self.emit(Token::String(text), sink).map(|()| self.value_ended()),
                    Err(_) => Err(JsonError {
                        at: self.token_at,
                        message: "a string is not UTF-8: save the file as UTF-8".to_owned(),
                    }),
                };
                self.held = held;
                result
            }
            b'\\' => {
                self.expect = Expect::Escape { key };
                Ok(())
            }
            0..=0x1F => Err(self.error(
                "a control character (a line break or tab) inside a string: JSON writes it as \\n or \\t"
                    .to_owned(),
            )),
            _ => self.hold(byte),
        }
    }

    fn escape(&mut self, byte: u8, key: bool) -> Result<(), JsonError> {
        let unescaped = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0C,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                self.expect = Expect::Unicode {
                    key,
                    digits: 0,
                    value: 0,
                };
                return Ok(());
            }
            _ => {
                return Err(self.unexpected(
                    byte,
                    "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                ))
            }
        };
        self.expect = Expect::InString { key };
        self.hold(unescaped)
    }

    fn unicode_digit(
        &mut self,
        byte: u8,
        key: bool,
        digits: u8,
        value: u16,
    ) -> Result<(), JsonError> {
        let digit = match (byte as char).to_digit(16) {
            Some(digit) => digit as u16,
            None => return Err(self.unexpected(byte, "a hex digit of \\uXXXX")),
        };
        let value = value << 4 | digit;
        if digits < 3 {
            self.expect = Expect::Unicode {
                key,
                digits: digits + 1,
                value,
            };
            return Ok(());
        }
        match value {
            0xD800..=0xDBFF => {
                self.expect = Expect::LowSurrogate {
                    key,
                    high: value,
                    seen: 0,
                    low: 0,
                };
                Ok(())
            }
            0xDC00..=0xDFFF => Err(self.error(
                "a \\u escape of a lone low surrogate: the text was cut inside a character"
                    .to_owned(),
            )),
            _ => self.hold_char(key, u32::from(value)),
        }
    }

    /// After a high surrogate: `\`, `u`, then the four hex digits of a
    /// low one, which make one character with it.
    fn low_surrogate(
        &mut self,
        byte: u8,
        key: bool,
        high: u16,
        seen: u8,
        low: u16,
    ) -> Result<(), JsonError> {
        let lone = || {
            "a \\u escape of a lone high surrogate: the text was cut inside a character".to_owned()
        };
        let low = match seen {
            0 if byte == b'\\' => low,
            1 if byte == b'u' => low,
            0 | 1 => return Err(self.error(lone())),
            _ => match (byte as char).to_digit(16) {
                Some(digit) => low << 4 | digit as u16,
                None => return Err(self.unexpected(byte, "a hex digit of \\uXXXX")),
            },
        };
        if seen < 5 {
            self.expect = Expect::LowSurrogate {
                key,
                high,
                seen: seen + 1,
                low,
            };
            return Ok(());
        }
        if !(0xDC00..=0xDFFF).contains(&low) {
            return Err(self.error(lone()));
        }
        let scalar = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
        self.hold_char(key, scalar)
    }

    fn hold_char(&mut self, key: bool, scalar: u32) -> Result<(), JsonError> {
        self.expect = Expect::InString { key };
        let character = char::from_u32(scalar).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut buffer = [0; 4];
        for &byte in character.encode_utf8(&mut buffer).as_bytes() {
            self.hold(byte)?;
        }
        Ok(())
    }

    fn end_number<F>(&mut self, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        let held = std::mem::take(&mut self.held);
        let result = if is_json_number(&held) {
            // Only ASCII was held.
            let text = std::str::from_utf8(&held).unwrap_or_default();
            self.emit(Token::Number(text), sink)
                .map(|()| self.value_ended())
        } else {
            Err(JsonError {
                at: self.token_at,
                message: format!("`{}` is not a JSON number", String::from_utf8_lossy(&held)),
            })
        };
        self.held = held;
        result
    }

    fn emit<F>(&self, token: Token<'_>, sink: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(Token<'_>) -> Result<(), String>,
    {
        sink(token).map_err(|message| JsonError {
            at: self.token_at,
            message,
        })
    }

    fn unexpected(&self, byte: u8, expected: &str) -> JsonError {
        if byte == 0 {
            return self.error(UTF_16.to_owned());
        }
        let found = match byte {
            0x21..=0x7E => format!("`{}`", byte as char),
            _ => format!("byte 0x{byte:02X}"),
        };
        self.error(format!("expected {expected}, found {found}"))
    }
}

/// RFC 8259's number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_json_number(bytes: &[u8]) -> bool {
    let digits = |bytes: &[u8]| {
        bytes
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count()
    };
    let mut rest = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let integer = digits(rest);
    if integer == 0 || (integer > 1 && rest[0] == b'0') {
        return false;
    }
    rest = &rest[integer..];
    if let Some(after) = rest.strip_prefix(b".") {
        let fraction = digits(after);
        if fraction == 0 {
            return false;
        }
        rest = &after[fraction..];
    }
    if let Some(after) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let after = after
            .strip_prefix(b"+")
            .or_else(|| after.strip_prefix(b"-"))
            .unwrap_or(after);
        let exponent = digits(after);
        if exponent == 0 {
            return false;
        }
        rest = &after[exponent..];
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token as owned text, to compare.
    fn owned(token: Token<'_>) -> String {
        match token {
            Token::ObjectStart => "{".into(),
            Token::ObjectEnd => "}".into(),
            Token::ArrayStart => "[".into(),
            Token::ArrayEnd => "]".into(),
            Token::Key(key) => format!("key {key}"),
            Token::String(text) => format!("string {text}"),
            Token::Number(number) => format!("number {number}"),
            Token::Bool(value) => format!("bool {value}"),
            Token::Null => "null".into(),
        }
    }

    /// The tokens of `input` pushed in `pieces`, or the error.
    fn read(pieces: &[&[u8]]) -> Result<Vec<String>, JsonError> {
        let mut tokens = Vec::new();
        let mut sink = |token: Token<'_>| {
            tokens.push(owned(token));
            Ok(())
        };
        let mut reader = JsonReader::new();
        for piece in pieces {
            reader.push(piece, &mut sink)?;
        }
        reader.finish(&mut sink)?;
        Ok(tokens)
    }

    /// The tokens of `input`, the same whole, a byte at a time and split at
    /// every offset.
    fn tokens(input: &str) -> Result<Vec<String>, JsonError> {
        let bytes = input.as_bytes();
        let whole = read(&[bytes]);
        let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(read(&bytewise), whole, "{input:?} a byte at a time");
        for cut in 0..=bytes.len() {
            assert_eq!(
                read(&[&bytes[..cut], &bytes[cut..]]),
                whole,
                "{input:?} cut at {cut}"
            );
        }
        whole
    }

    fn error(input: &str) -> String {
        tokens(input).expect_err(input).to_string()
    }

    #[test]
    fn reads_every_kind_of_token() {
        let input = "\u{FEFF}{\"a\": [1, -2.5e+3, true, false, null, \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"], \"b\": {}}\n";
        assert_eq!(
            tokens(input).unwrap(),
            [
                "{",
                "key a",
                "[",
                "number 1",
                "number -2.5e+3",
                "bool true",
                "bool false",
                "null",
                "string x\"\\/\u{8}\u{c}\n\r\té😀",
                "]",
                "key b",
                "{",
                "}",
                "}"
            ]
        );
        assert_eq!(tokens("[]").unwrap(), ["[", "]"]);
        assert_eq!(tokens(" 12 ").unwrap(), ["number 12"]);
        assert_eq!(tokens("\"\"").unwrap(), ["string "]);
    }

    #[test]
    fn agrees_with_serde_json_on_random_documents() {
        use proptest::prelude::*;
        fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
            use serde_json::Value;
            match value {
                Value::Null => out.push("null".into()),
                Value::Bool(value) => out.push(format!("bool {value}")),
                Value::Number(number) => out.push(format!("number {number}")),
                Value::String(text) => out.push(format!("string {text}")),
                Value::Array(items) => {
                    out.push("[".into());
                    items.iter().for_each(|item| walk(item, out));
                    out.push("]".into());
                }
                Value::Object(members) => {
                    out.push("{".into());
                    for (key, item) in members {
                        out.push(format!("key {key}"));
                        walk(item, out);
                    }
                    out.push("}".into());
                }
            }
        }
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
        ];
        let document = leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
            ]
        });
        proptest!(|(value in document)| {
            let mut expected = Vec::new();
            walk(&value, &mut expected);
            for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
                let bytes = text.as_bytes();
                prop_assert_eq!(read(&[bytes]).unwrap(), expected.clone());
                let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
                prop_assert_eq!(read(&bytewise).unwrap(), expected.clone());
            }
        });
    }

    #[test]
    fn says_what_is_wrong_and_where() {
        assert_eq!(error(""), "line 1, column 0: the input is empty");
        assert_eq!(
            error("{\"Users\": [\n{}"),
            "line 2, column 2: the input ends inside an array (an unclosed { or [ or a missing value): it was cut short"
        );
        assert_eq!(
            error("{\"a\": \"b"),
            "line 1, column 8: a string that begins at line 1, column 7 is not closed with \""
        );
        assert_eq!(
            error("{} x"),
            "line 1, column 4: expected nothing after the end of the JSON document, found `x`"
        );
        assert_eq!(
            error("{\"a\" 1}"),
            "line 1, column 6: expected `:` after a key, found `1`"
        );
        assert_eq!(
            error("{a: 1}"),
            "line 1, column 2: expected a key in double quotes, found `a`"
        );
        assert_eq!(
            error("[1,]"),
            "line 1, column 4: expected a value, found `]`"
        );
        assert_eq!(
            error("[1 2]"),
            "line 1, column 4: expected `,` or `]` in an array, found `2`"
        );
        assert_eq!(
            error("{\"a\": 1]"),
            "line 1, column 8: expected `,` or `}` in an object, found `]`"
        );
        assert_eq!(error("[tru]"), "line 1, column 5: expected `true` here");
        assert_eq!(error("[01]"), "line 1, column 2: `01` is not a JSON number");
        assert_eq!(error("[1.]"), "line 1, column 2: `1.` is not a JSON number");
        assert_eq!(error("\"a\\x\""), "line 1, column 4: expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found `x`");
        assert_eq!(error("\"a\nb\""), "line 2, column 0: a control character (a line break or tab) inside a string: JSON writes it as \\n or \\t");
        assert_eq!(error("\"\\ud83d\""), "line 1, column 8: a \\u escape of a lone high surrogate: the text was cut inside a character");
        assert_eq!(error("\"\\ude00\""), "line 1, column 7: a \\u escape of a lone low surrogate: the text was cut inside a character");
        assert_eq!(
            error("\"\\u00zz\""),
            "line 1, column 6: expected a hex digit of \\uXXXX, found `z`"
        );
        let mut reader = JsonReader::new();
        let mut sink = |_: Token<'_>| Ok(());
        assert_eq!(
            reader.push(b"\"\xFF\"", &mut sink).unwrap_err().to_string(),
            "line 1, column 1: a string is not UTF-8: save the file as UTF-8"
        );
        assert_eq!(
            JsonReader::new().push(b"\xFF\xFE{\0", &mut sink).unwrap_err().message,
            "the file is UTF-16 (as PowerShell's > writes it), not UTF-8: save it as UTF-8, for example with \
             `| Out-File -Encoding utf8`, or run the command in another shell"
        );
        let deep = "[".repeat(DEEPEST + 1);
        assert_eq!(
            error(&deep),
            format!(
                "line 1, column {}: more than {DEEPEST} nested {{ or [",
                DEEPEST + 1
            )
        );
    }

    #[test]
    fn an_error_stays_and_a_sink_can_refuse() {
        let mut reader = JsonReader::new();
        let mut refuse = |token: Token<'_>| match token {
            Token::Key("b") => Err("no b here".to_owned()),
            _ => Ok(()),
        };
        let error = reader
            .push(b"{\"a\": 1,\n \"b\": 2}", &mut refuse)
            .unwrap_err();
        assert_eq!(error.to_string(), "line 2, column 2: no b here");
        assert_eq!(reader.push(b"", &mut refuse), Err(error.clone()));
        assert_eq!(reader.finish(&mut refuse), Err(error));
    }

    #[test]
    fn holds_one_token_at_most() {
        let mut reader = JsonReader::new();
        let mut sink = |_: Token<'_>| Ok(());
        reader.push(b"[\"", &mut sink).unwrap();
        let long = vec![b'a'; LONGEST_TOKEN];
        reader.push(&long, &mut sink).unwrap();
        assert_eq!(
            reader.push(b"a", &mut sink).unwrap_err().to_string(),
            "line 1, column 2: a string or number longer than 1 MiB: this is no list-users output"
        );
    }
}
