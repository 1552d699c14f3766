//! A line's fields, read two ways: as Cognito reads it (no quoting, `\,`
//! for a comma in a comma-separated file), and as RFC 4180 has it
//! (values in double quotes may hold separators, `""` and line breaks),
//! which is how spreadsheets and most tools write CSV.

/// Splits `line` at `separator` as Cognito does: with `,`, a `\,` is a
/// comma in the value (any other backslash is kept). The strings `fields`
/// holds are reused.
pub fn split_cognito(line: &str, separator: char, fields: &mut Vec<String>) {
    debug_assert!(separator.is_ascii(), "separators are ASCII");
    let separator = separator as u8;
    let bytes = line.as_bytes();
    let mut count = 0;
    let mut joining = false;
    let mut start = 0;
    loop {
        // An ASCII byte found in UTF-8 text is a character of its own.
        let end = bytes[start..]
            .iter()
            .position(|&byte| byte == separator)
            .map(|at| start + at);
        let piece = &line[start..end.unwrap_or(bytes.len())];
        if !joining {
            if count == fields.len() {
                fields.push(String::new());
            }
            fields[count].clear();
            count += 1;
        }
        let field = &mut fields[count - 1];
        // A backslash at the line's end is no escape: no comma follows.
        match piece.strip_suffix('\\') {
            Some(before) if separator == b',' && end.is_some() => {
                field.push_str(before);
                field.push(',');
                joining = true;
            }
            _ => {
                field.push_str(piece);
                joining = false;
            }
        }
        match end {
            Some(end) => start = end + 1,
            None => break,
        }
    }
    fields.truncate(count);
}

/// Where an RFC 4180 reading is, within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a field: white space so far.
    Start,
    /// In a field without quotes.
    Plain,
    /// Inside quotes.
    Quoted,
    /// Just after a `"` inside quotes: the end of the quotes, or the first
    /// half of a `""`.
    QuoteInQuoted,
    /// After the closing quote: whatever follows is kept as it is.
    AfterQuotes,
}

/// An RFC 4180 reading of one record, fed a line at a time: a value in
/// quotes may run over line breaks.
#[derive(Debug)]
pub struct RfcRecord {
    separator: char,
    state: State,
    field: String,
    /// White space before a possible opening quote.
    leading: String,
    fields: Vec<String>,
    /// Fields that were in quotes.
    quoted: usize,
    /// Text other than white space came after a closing quote.
    stray: bool,
}

impl RfcRecord {
    /// A reading of a record separated by `separator`.
    pub fn new(separator: char) -> RfcRecord {
        RfcRecord {
            separator,
            state: State::Start,
            field: String::new(),
            leading: String::new(),
            fields: Vec::new(),
            quoted: 0,
            stray: false,
        }
    }

    /// Reads the next line of the record; `true` when the record ends with
    /// it, `false` when a quote is still open (the line break is then part
    /// of the value, and the next line continues it).
    pub fn feed(&mut self, line: &str) -> bool {
        if self.state == State::Quoted {
            self.field.push('\n');
        }
        for c in line.chars() {
            self.state = match (self.state, c) {
                (State::Start | State::Plain | State::AfterQuotes, c) if c == self.separator => {
                    self.end_field();
                    State::Start
                }
                (State::Start, '"') => {
                    self.leading.clear();
                    self.quoted += 1;
                    State::Quoted
                }
                (State::Start, c) if c.is_whitespace() => {
                    self.leading.push(c);
                    State::Start
                }
                (State::Start, c) => {
                    self.field.push_str(&std::mem::take(&mut self.leading));
                    self.field.push(c);
                    State::Plain
                }
                (State::Plain, c) => {
                    self.field.push(c);
                    State::Plain
                }
                (State::AfterQuotes, c) => {
                    self.stray |= !c.is_whitespace();
                    self.field.push(c);
                    State::AfterQuotes
                }
                (State::Quoted, '"') => State::QuoteInQuoted,
                (State::Quoted, c) => {
                    self.field.push(c);
                    State::Quoted
                }
                (State::QuoteInQuoted, '"') => {
                    self.field.push('"');
                    State::Quoted
                }
                (State::QuoteInQuoted, c) if c == self.separator => {
                    self.end_field();
                    State::Start
                }
                (State::QuoteInQuoted, c) => {
                    // Text after the closing quote (white space, mostly).
                    if !c.is_whitespace() {
                        self.stray = true;
                        self.field.push(c);
                    }
                    State::AfterQuotes
                }
            };
        }
        if self.state == State::Quoted {
            return false;
        }
        self.end_field();
        true
    }

    fn end_field(&mut self) {
        self.field.push_str(&std::mem::take(&mut self.leading));
        self.fields.push(std::mem::take(&mut self.field));
    }

    /// The record's fields (once [`feed`](RfcRecord::feed) said it ended).
    pub fn into_fields(self) -> Vec<String> {
        self.fields
    }

    /// How many fields were in quotes.
    pub fn quoted(&self) -> usize {
        self.quoted
    }

    /// Whether text other than white space came after a closing quote
    /// (`"William \"Bill\" Jones"`, a quote escaped as MySQL does): what
    /// the value holds is then not certain.
    pub fn stray_text(&self) -> bool {
        self.stray
    }
}

/// Reads `line` as one RFC 4180 record, if it is one (its quotes close).
pub fn split_rfc(line: &str, separator: char) -> Option<RfcRecord> {
    let mut record = RfcRecord::new(separator);
    record.feed(line).then_some(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cognito(line: &str) -> Vec<String> {
        let mut fields = Vec::new();
        split_cognito(line, ',', &mut fields);
        fields
    }

    #[test]
    fn cognito_reads_escaped_commas_and_keeps_quotes() {
        assert_eq!(cognito(r"a\,b,c\\,d,e\x"), [r"a,b", r"c\,d", r"e\x"]);
        assert_eq!(cognito(r#""Doe, John",x"#), [r#""Doe"#, r#" John""#, "x"]);
        assert_eq!(cognito(""), [""]);
        assert_eq!(cognito(",,"), ["", "", ""]);
        let mut fields = Vec::new();
        split_cognito(r"a\;b;c", ';', &mut fields);
        assert_eq!(fields, [r"a\", "b", "c"]);
        // A backslash that ends the line escapes nothing; the strings of
        // a longer line before are reused, none of their text kept.
        split_cognito(r"x,y\", ',', &mut fields);
        assert_eq!(fields, ["x", r"y\"]);
    }

    #[test]
    fn cognito_reads_as_the_validator_does() {
        use crate::engine::split::{Event, Splitter};
        for line in [
            r"a\,b,c",
            r"a\\,b",
            r"\,\,,x\",
            r"q,\,",
            r#""a,"b""#,
            "é\\,ü,,",
        ] {
            let mut splitter = Splitter::new();
            let mut expected = Vec::new();
            splitter.push(line.as_bytes(), &mut |event| {
                if let Event::Line(read) = event {
                    expected = (0..read.fields.len())
                        .map(|i| read.field(i).to_owned())
                        .collect();
                }
            });
            splitter.finish(&mut |event| {
                if let Event::Line(read) = event {
                    expected = (0..read.fields.len())
                        .map(|i| read.field(i).to_owned())
                        .collect();
                }
            });
            assert_eq!(cognito(line), expected, "{line}");
        }
    }

    #[test]
    fn rfc_reads_quotes() {
        assert_eq!(
            split_rfc(r#""Doe, John",x,"say ""hi""",  "y" ,"#, ',')
                .unwrap()
                .into_fields(),
            ["Doe, John", "x", r#"say "hi""#, "y", ""]
        );
        // Quotes inside a plain value are characters.
        assert_eq!(
            split_rfc(r#"a "b" c,d"#, ',').unwrap().into_fields(),
            [r#"a "b" c"#, "d"]
        );
        // Leading white space stays with a plain value.
        assert_eq!(
            split_rfc("  a ;b", ';').unwrap().into_fields(),
            ["  a ", "b"]
        );
        assert!(split_rfc(r#""open,x"#, ',').is_none());
    }

    #[test]
    fn a_quoted_value_runs_over_lines() {
        let mut record = RfcRecord::new(',');
        assert!(!record.feed(r#"a,"12 Main St"#));
        assert!(!record.feed(""));
        assert!(record.feed(r#"Apt 4",b"#));
        assert_eq!(record.quoted(), 1);
        assert_eq!(record.into_fields(), ["a", "12 Main St\n\nApt 4", "b"]);
    }
}
