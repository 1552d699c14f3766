//! The CSV form: one row per finding, for spreadsheets.

use crate::finding::Finding;
use crate::output::text::severity_word;
use crate::text::printable;

/// The header row.
pub const HEADER: &str = "line,column,code,severity,message";

/// One finding as a row (RFC 4180 quoting).
pub fn row(finding: &Finding) -> String {
    let line = finding
        .line
        .map(|line| line.to_string())
        .unwrap_or_default();
    let column = finding.column.as_deref().unwrap_or("");
    format!(
        "{line},{},{},{},{}",
        field(&printable(column)),
        finding.code,
        severity_word(finding.severity()),
        field(&printable(&finding.message()))
    )
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
    use crate::rules::Code;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        let finding =
            Finding::new(Code::UsernameMissing, Some(2)).in_column_named("cognito:username");
        assert_eq!(
            row(&finding),
            "2,cognito:username,username.missing,error,cognito:username is empty: give every user a username"
        );
    }
}
