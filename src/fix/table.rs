//! The fix table: every change `fix` makes, with its stable code. A fix is
//! named after the rule whose finding it resolves, where there is one.
//! Codes are public interface, as rule codes are: they appear in
//! `changes.csv`, the manifest, the page and tests.

use serde::{Serialize, Serializer};

/// One fix of the table.
#[derive(Clone, Copy, Debug)]
pub struct Fix {
    /// The fix's stable code.
    pub code: FixCode,
    /// One sentence: what it changes.
    pub summary: &'static str,
}

macro_rules! fix_table {
    ($( $variant:ident = $code:literal, $summary:literal; )*) => {
        /// A fix's stable code, such as `phone_number.invalid`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FixCode {
            $( #[doc = $summary] $variant, )*
        }

        /// Every fix: reading the file, its header, then its values.
        /// `FIXES[code as usize].code == code`.
        pub const FIXES: &[Fix] = &[
            $( Fix { code: FixCode::$variant, summary: $summary }, )*
        ];

        impl FixCode {
            /// The stable code, such as `value.placeholder`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( FixCode::$variant => $code, )*
                }
            }
        }
    };
}

fix_table! {
    FileBom = "file.bom",
        "The byte order mark at the start of the file is taken out.";
    TypeLine = "file.type_line",
        "PowerShell's #TYPE line before the header is taken out.";
    Separator = "file.separator",
        "Values separated by ;, tabs or | are read so, and written with commas.";
    Quoting = "file.quoting",
        "Values in double quotes (RFC 4180: separators, \"\" and line breaks inside them) are read so, and written in Cognito's dialect.";
    LineBreak = "value.line_break",
        "A line break inside a quoted value becomes a space: Cognito's dialect cannot carry one.";
    BlankLine = "line.blank",
        "Blank lines are taken out (those of \\r\\r\\n line breaks too).";
    EmptyRow = "line.empty_row",
        "Rows of only separators (a spreadsheet's empty rows) are taken out.";
    RepeatedHeader = "line.repeated_header",
        "A line that repeats the header (two files joined) is taken out.";
    Rename = "header.rename",
        "A column is renamed to the pool's name for it (letter case, white space, a missing cognito: or custom: prefix).";
    AddedColumn = "header.missing_column",
        "A column of the pool that the file lacks is added, empty.";
    DroppedColumn = "header.unknown_column",
        "A column the pool does not have is left out (kept with --keep-unknown-columns, and the job then fails).";
    DuplicateColumn = "header.duplicate_column",
        "A repeated column is left out: the first is kept; a line where the two disagree goes to the rejects.";
    EmptyColumn = "header.empty_column",
        "A column with no name (pandas' index, a trailing comma) is left out.";
    Trim = "value.whitespace",
        "White space around a value is taken out.";
    Unquote = "value.quoted",
        "Double quotes around a value are taken out.";
    Placeholder = "value.placeholder",
        "A placeholder for nothing (null, None, undefined, NaN, N/A, #N/A, MySQL's \\N) is emptied.";
    Boolean = "boolean.invalid",
        "1/0, yes/no, y/n, t/f, VRAI/FAUX, WAHR/FALSCH (any letter case) become true or false.";
    Birthdate = "birthdate.invalid",
        "A birthdate written year first or as a timestamp (day or month first with --date-order) is written mm/dd/yyyy.";
    PhoneNumber = "phone_number.invalid",
        "A phone number loses its formatting and a (0) trunk prefix, 00 becomes +; a national number takes its country's code with --default-country.";
    UpdatedAt = "updated_at.invalid",
        "An updated_at written as an ISO 8601 date and time with its zone, or as float seconds, becomes whole seconds.";
    Milliseconds = "updated_at.milliseconds",
        "An updated_at in milliseconds (or finer) becomes whole seconds.";
    MfaFilled = "mfa.missing",
        "An empty cognito:mfa_enabled is filled from the pool's MFA: false, or true when MFA is on.";
    MfaConflict = "mfa.conflict",
        "A cognito:mfa_enabled the pool's MFA does not allow is set to what it allows.";
    VerifiedAssumed = "verified.assumed",
        "With --assume-verified, email_verified or phone_number_verified is set to true where the address is present.";
}

impl FixCode {
    /// The fix's row of the table.
    pub fn fix(self) -> &'static Fix {
        &FIXES[self as usize]
    }
}

impl Serialize for FixCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Fix {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Fix", 2)?;
        state.serialize_field("code", &self.code)?;
        state.serialize_field("summary", self.summary)?;
        state.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_code_order_and_codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (index, fix) in FIXES.iter().enumerate() {
            assert_eq!(fix.code as usize, index);
            assert!(
                seen.insert(fix.code.as_str()),
                "{} twice",
                fix.code.as_str()
            );
            assert!(fix.summary.ends_with('.'), "{}", fix.code.as_str());
        }
    }
}
