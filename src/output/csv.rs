//! The CSV form: one row per finding, for spreadsheets.

use crate::engine::Batch;
use crate::finding::{Finding, LineStatus};
use crate::output::text::severity_word;
use crate::text::printable;

/// The header row.
pub const HEADER: &str = "line,column,code,severity,message,line_status,value";

/// A UTF-8 byte order mark: Excel reads a CSV file as UTF-8 only with it.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// What a CSV report leaves out or adds, beyond the command line's form:
/// the page's export options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Leave the file's values out: no value, and [`message_without_values`]
    /// for the message (as the page's table shows findings with "hide
    /// values" on).
    pub hide_values: bool,
    /// Only the findings at these places among the file's findings (0 is
    /// the first), in increasing order: the rows a table's filters show.
    /// `None`: every finding.
    pub only: Option<Vec<u32>>,
    /// Start with a UTF-8 byte order mark, for a spreadsheet to read the
    /// accents right. Never for a file that goes to Cognito, which would
    /// read it as part of the first column's name.
    pub byte_order_mark: bool,
    /// A first column, `file`, with this name in every row: the rows of
    /// several files checked as one migration.
    pub file: Option<String>,
}

/// Writes the rows of a CSV report as the engine's batches come.
#[derive(Debug, Default)]
pub struct CsvWriter {
    options: CsvOptions,
    /// The place of the next finding among the file's.
    place: u64,
    /// Where in `options.only` the next place to write may be.
    next_only: usize,
}

impl CsvWriter {
    /// A writer with `options`.
    pub fn new(options: CsvOptions) -> CsvWriter {
        CsvWriter {
            options,
            ..CsvWriter::default()
        }
    }

    /// The header row, after the byte order mark if asked for.
    pub fn start(&self) -> String {
        let mark = if self.options.byte_order_mark {
            BYTE_ORDER_MARK.to_string()
        } else {
            String::new()
        };
        let file = if self.options.file.is_some() {
            "file,"
        } else {
            ""
        };
        format!("{mark}{file}{HEADER}\n")
    }

    /// Writes the rows of a batch's findings, each with its line's status
    /// as the batch gives it (as the page's table shows it).
    pub fn findings(&mut self, batch: &Batch, out: &mut String) {
        let mut statuses = batch.statuses.cursor();
        for finding in &batch.findings {
            let status = finding.line.and_then(|line| statuses.status(line));
            if self.takes_next() {
                if let Some(file) = &self.options.file {
                    out.push_str(&field(&printable(file)));
                    out.push(',');
                }
                out.push_str(&row(finding, status, self.options.hide_values));
                out.push('\n');
            }
        }
    }

    /// Whether the next finding is one to write (and counts it).
    fn takes_next(&mut self) -> bool {
        let place = self.place;
        self.place += 1;
        let Some(only) = &self.options.only else {
            return true;
        };
        while only
            .get(self.next_only)
            .is_some_and(|&shown| u64::from(shown) < place)
        {
            self.next_only += 1;
        }
        only.get(self.next_only)
            .is_some_and(|&shown| u64::from(shown) == place)
    }
}

/// One finding as a row (RFC 4180 quoting): `status` is its line's (`None`
/// for a finding with no line); with `hide_values`, no value of the file.
pub fn row(finding: &Finding, status: Option<LineStatus>, hide_values: bool) -> String {
    let line = finding
        .line
        .map(|line| line.to_string())
        .unwrap_or_default();
    let column = finding.column.as_deref().unwrap_or("");
    let (message, value) = if hide_values {
        (message_without_values(finding, status), "")
    } else {
        (finding.message(), finding.value.as_deref().unwrap_or(""))
    };
    format!(
        "{line},{},{},{},{},{},{}",
        field(&printable(column)),
        finding.code,
        severity_word(finding.severity()),
        field(&printable(&message)),
        status.map_or("", LineStatus::as_str),
        field(&printable(value))
    )
}

/// A finding's message without a value of the file: on a user line (or a
/// blank one), whose message quotes or spells the line's values, the rule's
/// summary; the header's and the whole file's messages only name columns,
/// and stay.
pub fn message_without_values(finding: &Finding, status: Option<LineStatus>) -> String {
    match status {
        None | Some(LineStatus::Header) => finding.message(),
        Some(_) => finding.code.rule().summary.replace('`', ""),
    }
}

fn field(text: &str) -> String {
    // A leading =, +, - or @ would be a formula in a spreadsheet.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::LineStatuses;
    use crate::rules::Code;
    use crate::{Pool, Validator};

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        let finding =
            Finding::new(Code::UsernameMissing, Some(2)).in_column_named("cognito:username");
        assert_eq!(
            row(&finding, Some(LineStatus::Failed), false),
            "2,cognito:username,username.missing,error,cognito:username is empty: give every user a username,failed,"
        );
    }

    #[test]
    fn a_row_has_the_value_and_its_line_status_unless_values_are_hidden() {
        let finding = Finding::new(Code::EmailInvalid, Some(3))
            .in_column_named("email")
            .with_value("bob@");
        let shown = row(&finding, Some(LineStatus::Failed), false);
        assert!(shown.starts_with("3,email,email.invalid,error,"), "{shown}");
        assert!(shown.ends_with(",failed,bob@"), "{shown}");
        let hidden = row(&finding, Some(LineStatus::Failed), true);
        assert!(!hidden.contains("bob@"), "{hidden}");
        assert!(hidden.ends_with(",failed,"), "{hidden}");
        let summary = Code::EmailInvalid.rule().summary.replace('`', "");
        assert!(hidden.contains(&summary), "{hidden}");
        // A header finding names columns only: its message stays.
        let header = Finding::new(Code::HeaderMissingColumn, Some(1)).in_column_named("email");
        assert_eq!(
            message_without_values(&header, Some(LineStatus::Header)),
            header.message()
        );
        assert_eq!(message_without_values(&header, None), header.message());
    }

    fn rows(options: CsvOptions) -> Vec<String> {
        let mut validator = Validator::new(Pool::default());
        validator.push(b"cognito:username,email\nbob,bob@\nann,ann@\n\n");
        let mut writer = CsvWriter::new(options);
        let mut out = writer.start();
        writer.findings(&validator.take(), &mut out);
        let report = validator.finish();
        writer.findings(
            &Batch {
                findings: report.findings,
                statuses: report.statuses,
            },
            &mut out,
        );
        out.lines().map(str::to_owned).collect()
    }

    #[test]
    fn only_the_places_asked_for_are_written_and_a_mark_starts_the_file_if_asked() {
        let all = rows(CsvOptions::default());
        assert_eq!(all[0], HEADER);
        assert!(all.len() > 4, "{all:?}");
        let some = rows(CsvOptions {
            only: Some(vec![1, 3]),
            byte_order_mark: true,
            ..CsvOptions::default()
        });
        assert_eq!(
            some,
            [format!("\u{feff}{HEADER}"), all[2].clone(), all[4].clone()]
        );
        let none = rows(CsvOptions {
            only: Some(Vec::new()),
            ..CsvOptions::default()
        });
        assert_eq!(none, [HEADER]);
        let named = rows(CsvOptions {
            file: Some("a,b.csv".into()),
            ..CsvOptions::default()
        });
        assert_eq!(named[0], format!("file,{HEADER}"));
        assert_eq!(
            named[1..],
            all[1..]
                .iter()
                .map(|row| format!("\"a,b.csv\",{row}"))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn each_row_gets_its_lines_status_from_the_batch() {
        let mut statuses = LineStatuses::starting_at(1);
        statuses.push(LineStatus::Header, 1);
        statuses.push(LineStatus::Imported, 1);
        statuses.push(LineStatus::Skipped, 1);
        let batch = Batch {
            findings: vec![
                Finding::new(Code::PoolNoAutoVerified, None),
                Finding::new(Code::ValueWhitespace, Some(2)).in_column_named("name"),
                Finding::new(Code::UsernameDuplicate, Some(3)),
            ],
            statuses,
        };
        let mut writer = CsvWriter::default();
        let mut out = String::new();
        writer.findings(&batch, &mut out);
        let statuses: Vec<&str> = out
            .lines()
            .map(|line| line.rsplit(',').nth(1).unwrap())
            .collect();
        assert_eq!(statuses, ["", "imported", "skipped"]);
    }
}
