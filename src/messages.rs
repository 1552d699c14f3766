//! Each rule's message: a finding's data in words, rendered where a finding
//! is shown (the command lines, the bindings on request, the page for the
//! rows in view), never while validating. With the rule table
//! (`rules.rs`: code, effect, summary, fix), this is all the text a rule has.

use crate::checks::{describe_char, Placeholder};
use crate::finding::{
    AliasShape, Bound, ColumnHint, Detail, FieldCountHint, Finding, NoHeader, NotDialect, NotText,
    Separator,
};
use crate::pool::Mfa;
use crate::rules::Code;
use crate::text::{group, plural, quote, with_article};

impl Finding {
    /// [`message`](Finding::message) in this tool's words throughout, for
    /// a page that shows findings to people. The reports give
    /// `verified.none` Cognito's own log sentence (so that what CloudWatch
    /// will say can be found in them), which names the wrong columns by
    /// example and says no fix: here it is worded as the other rules'
    /// messages are.
    ///
    /// ```
    /// use cognito_csv_validator::{Code, Finding};
    /// let finding = Finding::new(Code::VerifiedNone, Some(2));
    /// assert!(finding.message().starts_with("The User Record does not set"));
    /// assert!(finding.own_message().starts_with("neither email_verified nor phone_number_verified is true"));
    /// ```
    pub fn own_message(&self) -> String {
        match self.code {
            Code::VerifiedNone => "neither email_verified nor phone_number_verified is true, but the pool \
                                   auto-verifies both, and Cognito imports only users for whom one of them is: \
                                   set email_verified (or phone_number_verified) to true, with the address (or \
                                   number) filled in"
                .into(),
            _ => self.message(),
        }
    }

    /// What is wrong, where, and how to fix it, in one sentence.
    ///
    /// ```
    /// use cognito_csv_validator::{Code, Finding};
    /// let finding = Finding::new(Code::UsernameMissing, Some(2)).in_column_named("cognito:username");
    /// assert_eq!(finding.message(), "cognito:username is empty: give every user a username");
    /// ```
    pub fn message(&self) -> String {
        let line = self.line.unwrap_or(0);
        let column = self.column.as_deref().unwrap_or("");
        let value = self.value.as_deref().unwrap_or("");
        let suggested = self.suggested.as_deref().unwrap_or("");
        match (self.code, &self.detail) {
            (code, Detail::EmptyRow) => format!(
                "line {line} is an empty row, only commas (as a spreadsheet writes one), and Cognito reads it as \
                 a user, which fails ({}): delete the line",
                code.as_str()
            ),
            (code, Detail::RepeatedHeader { header }) => format!(
                "line {line} repeats the header of line {header} (two files joined, each with its header?), and \
                 Cognito reads it as a user, which fails ({}): delete the line",
                code.as_str()
            ),
            (Code::PoolNoAutoVerified, _) => {
                "the pool auto-verifies neither email nor phone number, so Cognito will not start the import \
                 job: turn on auto-verification of email or phone_number (AutoVerifiedAttributes) first"
                    .into()
            }
            (Code::FileBom, _) => {
                "the file starts with a UTF-8 byte order mark (bytes EF BB BF), which Cognito reads as part of \
                 the first column's name: save the file as UTF-8 without BOM"
                    .into()
            }
            (Code::FileNotUtf8, Detail::NotText(not_text)) => {
                format!("{}; nothing else was checked", not_text_reason(*not_text))
            }
            (Code::FileNotUtf8, Detail::InvalidUtf8 { bytes, offset, cut_off }) => {
                let shown: Vec<String> = bytes.iter().map(|byte| format!("{byte:02X}")).collect();
                let shown = shown.join(" ");
                if *cut_off {
                    format!(
                        "line {line} is not valid UTF-8: bytes {shown} at byte offset {offset} start a character \
                         that is cut off: the file may have been cut short or saved in another encoding; export \
                         it again as UTF-8"
                    )
                } else {
                    format!(
                        "line {line} is not valid UTF-8: bytes {shown} at byte offset {offset}; the file was \
                         probably saved in another encoding (such as Windows-1252): convert it to UTF-8, for \
                         example with `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`"
                    )
                }
            }
            (Code::LineTooLong, Detail::LineLength { bytes, chars }) => {
                let (length, checked) = match chars {
                    Some(chars) => (
                        format!("{} characters ({} bytes)", group(*chars), group(*bytes)),
                        "",
                    ),
                    None => (
                        format!("{} bytes, more than 16,000 characters", group(*bytes)),
                        " (it is too long to keep: no other check was made on it)",
                    ),
                };
                format!(
                    "line {line} is {length} long; Cognito takes at most 16,000 characters a line and fails the \
                     job: shorten its values{checked}"
                )
            }
            (Code::LineBlank, Detail::Blank { above_header, lines }) => {
                let last = line + lines.saturating_sub(1);
                let what = match *lines {
                    1 => format!("line {line} is blank"),
                    _ => format!("lines {line} to {last} are blank ({})", plural(*lines, "line")),
                };
                let them = if *lines == 1 { "it" } else { "them" };
                if *above_header {
                    format!("{what}, above the header: Cognito reads the header from line 1; delete {them}")
                } else if *lines == 1 {
                    format!("{what}: it is not a user (Cognito counts it in line numbers); delete it")
                } else {
                    format!("{what}: they are not users (Cognito counts them in line numbers); delete them")
                }
            }
            (Code::LineBlank, Detail::CrCrLf { lines }) => format!(
                "the file's lines end in \\r\\r\\n, so every line is followed by a blank one ({}), as Python's \
                 csv module writes on Windows to a file not opened with newline='': Cognito reads them as blank \
                 lines: write the file again, opened with open(path, 'w', newline='')",
                plural(*lines, "blank line")
            ),
            (Code::FileEmpty, Detail::NoHeader(why)) => {
                const NEEDS: &str =
                    "Cognito needs the header on line 1 and one line per user below it";
                match why {
                    NoHeader::Empty => format!("the file is empty: {NEEDS}"),
                    NoHeader::OnlyBlankLines(lines) => {
                        format!("the file holds only {}: {NEEDS}", plural(*lines, "blank line"))
                    }
                    NoHeader::HeaderOnLine(header) => format!(
                        "line 1 is blank, and Cognito reads the header from line 1 (this file's is on line \
                         {header}): delete the blank lines above the header"
                    ),
                }
            }
            (Code::JobManyFailed, Detail::ManyFailed { failed, skipped, users }) => format!(
                "{} of the {} users would fail and {} be skipped: with more than half of its users failed or \
                 skipped, Cognito would most likely end the job Failed (\"Too many users have failed or been \
                 skipped during the import.\"), though the users it imported stay imported: fix the failing \
                 lines first",
                group(*failed),
                group(*users),
                group(*skipped)
            ),
            (Code::FileTooLarge, Detail::FileSize { bytes }) => format!(
                "the file is {} bytes, more than Cognito's limit of 100,000,000: split it into files of at most \
                 100,000,000 bytes, each with the header on line 1",
                group(*bytes)
            ),
            (Code::FileTooManyUsers, Detail::UserCount { users, first_over }) => format!(
                "the file holds {} users, more than Cognito's limit of 500,000 (user 500,001 is on line {}): split \
                 it into files of at most 500,000 users, each with the header on line 1",
                group(*users),
                group(*first_over)
            ),
            (Code::HeaderUnknownColumn, Detail::JsonHeader) => format!(
                "line {line} is JSON, not the CSV header Cognito expects (`cognito:username,name,…`): give the CSV \
                 file, with the header from `aws cognito-idp get-csv-header` on line 1; nothing else was checked"
            ),
            (Code::HeaderUnknownColumn, Detail::NotDialect(how)) => match how {
                NotDialect::Separator(separator) => format!(
                    "line {line}, the header, is separated by {}, not commas, so Cognito reads it as one \
                     column {}: save the file with commas as separators (Excel writes the system's list \
                     separator, `;` in many locales), as UTF-8 without a byte order mark",
                    match separator {
                        Separator::Semicolon => "semicolons",
                        Separator::Tab => "tabs",
                        Separator::VerticalBar => "vertical bars",
                    },
                    quote(value)
                ),
                NotDialect::Quoted => format!(
                    "line {line}, the header, has names in double quotes (such as {}), and Cognito has no \
                     quoting: it keeps quotes as part of names and values: write the file without quotes, each \
                     comma inside a value as \\, (pandas: `to_csv(quoting=csv.QUOTE_NONE, escapechar='\\\\')`; \
                     PowerShell 7: `Export-Csv -UseQuotes Never`); the lines were checked without their quotes",
                    quote(value)
                ),
                NotDialect::TypeLine => format!(
                    "line {line} is PowerShell's type line ({}), not the header, and Cognito reads the header \
                     from line 1: export with `Export-Csv -NoTypeInformation` (PowerShell 7 writes no such \
                     line), or delete it (the next line was checked as the header)",
                    quote(value)
                ),
            },
            (Code::HeaderWhitespace, Detail::HeaderColumn { position }) => format!(
                "header column {position} {} has white space around it: remove it",
                quote(column)
            ),
            (Code::HeaderEmptyColumn, Detail::EmptyColumn { position: 1, last: false }) => {
                "header column 1 has no name, as the index column pandas writes by default: write the file \
                 with to_csv(index=False), or remove the first value of every line"
                    .into()
            }
            (Code::HeaderEmptyColumn, Detail::EmptyColumn { position, last }) => {
                let hint = if *last { " (a trailing comma?)" } else { "" };
                format!(
                    "header column {position} has no name{hint}: remove the extra comma, and the matching value \
                     from every line"
                )
            }
            (Code::HeaderDuplicateColumn, Detail::RepeatedColumn { position, first }) => format!(
                "header column {position} {} repeats column {first}: keep one of them",
                quote(column)
            ),
            (Code::HeaderUnknownColumn, Detail::UnknownColumn { position, hint, pool }) => {
                let fix = match hint {
                    ColumnHint::Rename => format!(
                        "it is the pool's column {} written otherwise: rename it (it was checked as that \
                         column)",
                        quote(suggested)
                    ),
                    ColumnHint::Repeats => format!(
                        "it is the pool's column {} written otherwise, and the header has that column too: \
                         keep one of them",
                        quote(suggested)
                    ),
                    ColumnHint::SetByCognito => {
                        format!("Cognito sets {} itself: remove the column", quote(column))
                    }
                    ColumnHint::Close => format!("did you mean {}?", quote(suggested)),
                    ColumnHint::NoSuchCustomAttribute => {
                        "the pool has no such custom attribute: add it to the pool's schema, or remove the column"
                            .into()
                    }
                    ColumnHint::None => {
                        "rename it to one of the pool's columns or remove it (`aws cognito-idp get-csv-header` \
                         lists them)"
                            .into()
                    }
                };
                format!(
                    "header column {position} {} is not a column of the pool's header ({pool}): {fix}",
                    quote(column)
                )
            }
            (Code::HeaderMissingColumn, _) => format!(
                "the header has no column {}, and Cognito requires every column of the pool's header: add it \
                 ({})",
                quote(column),
                match column {
                    "cognito:username" => "with each user's username",
                    "cognito:mfa_enabled" => "with false on every line, or true where the user has MFA",
                    _ => "with empty values if you have none",
                }
            ),
            (Code::HeaderMissingPasswordHash, Detail::Algorithm(algorithm)) => format!(
                "the job imports {} password hashes but the header has no \"password_hash\" column: add it, or \
                 create the job without a hashing algorithm",
                algorithm.as_str()
            ),
            (Code::RowFieldCount, Detail::FieldCount { found, expected, hint }) => {
                let hint = match hint {
                    FieldCountHint::Quoting => {
                        "it looks like RFC 4180 quoting (\"Doe, John\"), which Cognito does not have: drop the \
                         quotes and write each comma inside a value as \\,"
                    }
                    FieldCountHint::UnescapedComma => "a value probably holds a comma: write it as \\,",
                    FieldCountHint::QuotedLineBreak => {
                        "a value in quotes holds a line break (\"12 Main St<line break>Apt 4\"), which Cognito \
                         reads as the end of the line, so that one user is split over two lines: put the value on \
                         one line, without the quotes (each comma inside it as \\,)"
                    }
                    FieldCountHint::MissingValues => {
                        "give every line one value per header column, empty ones included (as commas)"
                    }
                };
                format!(
                    "line {line} has {} but the header has {}: {hint} (the line's values were not checked)",
                    plural(*found, "field"),
                    plural(*expected, "column")
                )
            }
            (Code::ValueWhitespace, Detail::WhiteSpace { only: true }) => format!(
                "{column} holds only white space, which Cognito reads as empty: remove it"
            ),
            (Code::ValueWhitespace, _) => format!(
                "{column}{} has white space around it, which Cognito trims: remove it",
                shown(self.value.as_deref().map(str::trim))
            ),
            (Code::ValueQuoted, _) => format!(
                "{column}{} is in quotes, which Cognito keeps as part of the value (it has no quoting): remove \
                 them, and write a comma inside a value as \\,",
                shown(self.value.as_deref())
            ),
            (Code::ValueBackslash, _) => format!(
                "{column} {} has a backslash that Cognito keeps as part of the value (only \\, is an escape, for \
                 a comma; \\\\, is a backslash and then an escaped comma): check that it belongs there",
                quote(value)
            ),
            (Code::UsernameMissing, _) => "cognito:username is empty: give every user a username".into(),
            (Code::AttributeRequired, _) => format!(
                "{column} is empty, but the pool's schema requires it: fill it in for every user"
            ),
            (Code::EmailInvalid, Detail::Email(reason)) => format!(
                "email {} is not a valid address: {}",
                quote(value),
                reason.as_str()
            ),
            (Code::PhoneNumberInvalid, Detail::Phone(reason)) => format!(
                "phone_number {} is not valid: {}: {}",
                quote(value),
                reason.as_str(),
                write_it_as(
                    self.suggested.as_deref(),
                    "write + and the country code, then digits only (+12065550100)"
                )
            ),
            (Code::BooleanInvalid, _) => match &self.suggested {
                Some(meant) => format!("{column} is {}, which Cognito does not read: write {meant}", quote(value)),
                None => format!("{column} is {}: write true or false", quote(value)),
            },
            (Code::BirthdateInvalid, Detail::Birthdate(reason)) => format!(
                "birthdate {} is not valid: {}: {}",
                quote(value),
                reason.as_str(),
                write_it_as(
                    self.suggested.as_deref(),
                    "write it as mm/dd/yyyy (12/31/1985 for 31 December 1985)"
                )
            ),
            (Code::UsernameInvalidCharacter, Detail::Character { character, position }) => format!(
                "cognito:username {} has {} at character {position}, which usernames may not contain (only \
                 letters, marks, symbols, numbers and punctuation): remove or replace it",
                quote(value),
                describe_char(*character)
            ),
            (Code::UsernameTooLong, Detail::Length { chars, .. }) => format!(
                "cognito:username {} is {chars} characters long; the maximum is 128: shorten it",
                quote(value)
            ),
            (Code::UsernameAliasFormat, Detail::AliasShape(shape)) => {
                let (what, alias, column) = match shape {
                    AliasShape::Email => ("an email address", "email", "email"),
                    AliasShape::PhoneNumber => ("a phone number", "phone number", "phone_number"),
                };
                format!(
                    "cognito:username {} has the format of {what}, which Cognito refuses in a pool that uses \
                     {alias} as an alias: use another username (such as the user's id) and put the value in the \
                     {column} column",
                    quote(value)
                )
            }
            (Code::UpdatedAtInvalid, Detail::UpdatedAt(reason)) => format!(
                "updated_at {} {}: {}",
                quote(value),
                reason.as_str(),
                write_it_as(
                    self.suggested.as_deref(),
                    "write the time as whole seconds since 1970-01-01 (Unix time), or leave it empty"
                )
            ),
            (Code::UpdatedAtMilliseconds, Detail::Digits(digits)) => {
                let (unit, fix) = if *digits < 16 {
                    ("milliseconds", "divide by 1,000")
                } else {
                    ("microseconds or finer", "keep the first 10 digits")
                };
                format!(
                    "updated_at {} has {digits} digits: it is probably in {unit}, and Cognito expects seconds \
                     ({fix}{}{suggested})",
                    quote(value),
                    if suggested.is_empty() { "" } else { ": " }
                )
            }
            (Code::NumberInvalid, _) => format!(
                "{column} {} is not an integer: write a whole number, or leave it empty",
                quote(value)
            ),
            (Code::NumberOutOfRange, Detail::Bound(bound)) => {
                let bound = match bound {
                    Bound::Below(min) => format!("below the minimum of {min}"),
                    Bound::Above(max) => format!("above the maximum of {max}"),
                };
                format!(
                    "{column} {} is {bound} that the pool's schema sets: write a value within the bounds",
                    quote(value)
                )
            }
            (Code::ValueTooLong, Detail::Length { chars, limit, from_pool }) => {
                let whose = if *from_pool {
                    "the pool's schema sets"
                } else {
                    "Cognito takes"
                };
                format!("{column} is {chars} characters long, and {whose} at most {limit}: shorten it")
            }
            (Code::ValueTooShort, Detail::Length { chars, limit, .. }) => format!(
                "{column} {} is {} long, and the pool's schema sets at least {limit}: lengthen it, or leave it \
                 empty",
                quote(value),
                plural(*chars, "character")
            ),
            (Code::PasswordHashEmpty, Detail::Algorithm(algorithm)) => format!(
                "password_hash is empty while the job imports {} hashes: this user is imported in RESET_REQUIRED \
                 state and must reset the password at first sign-in",
                algorithm.as_str()
            ),
            (Code::PasswordHashNoAlgorithm, _) => {
                "password_hash has a value but the job has no hashing algorithm: create the job with the hashes' \
                 algorithm (--password-hash-algorithm), or empty the column"
                    .into()
            }
            (Code::PasswordHashOutOfBounds, Detail::HashBounds { algorithm, over }) => format!(
                "password_hash is {} hash above Cognito's maximums: {over}; Cognito cannot import it: leave it \
                 empty so that the user resets the password",
                with_article(algorithm.as_str())
            ),
            (Code::PasswordHashAlgorithmMismatch, Detail::OtherAlgorithm { job, hash, over }) => format!(
                "password_hash is {} hash, but the job imports {} hashes: import these users in a job created \
                 with {}{}",
                with_article(hash.as_str()),
                job.as_str(),
                hash.as_str(),
                match over {
                    Some(over) => format!(
                        " (this hash would fail there too, being above Cognito's maximums: {over})"
                    ),
                    None => String::new(),
                }
            ),
            (Code::PasswordHashMalformed, Detail::MalformedHash { algorithm, reason }) => format!(
                "password_hash is not a {} hash: {reason}",
                algorithm.as_str()
            ),
            (Code::EmailRequired, _) => {
                "email_verified is true but email is empty: fill in the address, or set email_verified to false"
                    .into()
            }
            (Code::PhoneNumberRequired, _) => {
                "phone_number_verified is true but phone_number is empty: fill in the number, or set \
                 phone_number_verified to false"
                    .into()
            }
            (Code::VerifiedNone, _) => {
                "The User Record does not set any of the auto verified attributes to true. (Example: \
                 email_verified to true)."
                    .into()
            }
            (Code::VerifiedRequired, Detail::Verified { attribute, found }) => {
                let attribute = attribute.as_str();
                let found = if found.is_empty() {
                    "empty".to_owned()
                } else {
                    quote(found)
                };
                format!(
                    "{attribute}_verified is {found}, but the pool auto-verifies {attribute}, and Cognito imports \
                     only users for whom it is true: set {attribute}_verified to true"
                )
            }
            (Code::MfaConflict, Detail::MfaConflict { enabled }) => format!(
                "cognito:mfa_enabled is {}: write {suggested}",
                if *enabled {
                    "true, but the pool's MFA is off"
                } else {
                    "false, but the pool requires MFA"
                }
            ),
            (Code::MfaMissing, Detail::Mfa(mfa)) => {
                let pool = match mfa {
                    Mfa::Off => "the pool's MFA is off",
                    Mfa::On => "the pool requires MFA",
                    Mfa::Optional => "the pool's MFA is optional: true for a user who has MFA set up",
                };
                format!(
                    "cognito:mfa_enabled is empty, and Cognito requires true or false on every line: write \
                     {suggested} ({pool})"
                )
            }
            (Code::ValuePlaceholder, Detail::Placeholder(placeholder)) => format!(
                "{column} is {}, which {}: Cognito imports it as this text: leave the value empty where \
                 there is nothing{}",
                quote(value),
                placeholder.writer(),
                match placeholder {
                    Placeholder::MySqlNull => " (in MySQL, select IFNULL(column, '') for each column)",
                    Placeholder::NaN => " (in pandas, df.fillna('') before to_csv)",
                    _ => "",
                }
            ),
            (Code::MfaNoFactor, _) => {
                "cognito:mfa_enabled is true but the user has neither phone_number nor email: they cannot sign in \
                 until a factor is set; add one, or set cognito:mfa_enabled to false"
                    .into()
            }
            (Code::UsernameDuplicate, Detail::Duplicate { first, fold_case, line_fails }) => {
                let outcome = skipped_as_existing(*line_fails);
                format!(
                    "cognito:username {} repeats the username of line {first}{}, a user that would be imported: \
                     {outcome}; remove it or give this user a username of their own",
                    quote(value),
                    case_note(*fold_case)
                )
            }
            (Code::AliasDuplicate, Detail::Duplicate { first, fold_case, .. }) => format!(
                "{column} {} repeats the {column} of line {first}{}, a user that would be imported; the pool needs \
                 it unique (an alias or username attribute): give each user their own",
                quote(value),
                case_note(*fold_case)
            ),
            (
                Code::UsernameDuplicate,
                Detail::Earlier {
                    file,
                    line,
                    fold_case,
                    line_fails,
                },
            ) => {
                let outcome = skipped_as_existing(*line_fails);
                format!(
                    "cognito:username {} is the username of line {line} of file {file}, whose job imports that user \
                     before this one{}: {outcome}; leave the line out, or give the user a username of their own if \
                     they are someone else",
                    quote(value),
                    case_note(*fold_case)
                )
            }
            (
                Code::AliasDuplicate,
                Detail::Earlier {
                    file,
                    line,
                    fold_case,
                    ..
                },
            ) => format!(
                "{column} {} is the {column} of line {line} of file {file}, whose job imports that user before this \
                 one{}; the pool needs it unique (an alias or username attribute): give this user their own",
                quote(value),
                case_note(*fold_case)
            ),
            (Code::UsernameDuplicate, Detail::Existing { fold_case, line_fails }) => {
                let outcome = skipped_as_existing(*line_fails);
                format!(
                    "cognito:username {} is the username of a user already in the pool{}: {outcome}; leave the line \
                     out, or give the user a username of their own if they are someone else",
                    quote(value),
                    case_note(*fold_case)
                )
            }
            (Code::AliasDuplicate, Detail::Existing { fold_case, .. }) => format!(
                "{column} {} is the {column} of a user already in the pool{}; the pool needs it unique (an alias or \
                 username attribute): give this user their own, or leave the line out if they are that user",
                quote(value),
                case_note(*fold_case)
            ),
            // A finding built without the detail its message needs: a bug,
            // but the rule's own summary still says what is wrong.
            (code, _) => code.rule().summary.replace('`', ""),
        }
    }
}

fn not_text_reason(not_text: NotText) -> &'static str {
    match not_text {
        NotText::Utf16LittleEndian => {
            "the file is UTF-16 little-endian (it starts with bytes FF FE), not UTF-8: save it as UTF-8, for \
             example with `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`"
        }
        NotText::Utf16BigEndian => {
            "the file is UTF-16 big-endian (it starts with bytes FE FF), not UTF-8: save it as UTF-8, for \
             example with `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`"
        }
        NotText::Zip => {
            "the file is a ZIP archive (it starts with PK), such as an Excel workbook (.xlsx), not CSV text: \
             export it as CSV (in Excel: Save As, \"CSV UTF-8\", then remove the byte order mark)"
        }
        NotText::NulBytes => {
            "the file is not UTF-8 text: its first line holds NUL bytes, as UTF-16 text does: save it as UTF-8, \
             for example with `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`"
        }
    }
}

/// ` "value"` when there is a value to show (hashes have none), else nothing.
fn shown(value: Option<&str>) -> String {
    value.map_or_else(String::new, |value| format!(" {}", quote(value)))
}

/// `write it as X` for a suggested value, else the general advice.
fn write_it_as(suggested: Option<&str>, otherwise: &str) -> String {
    match suggested {
        Some(suggested) => format!("write it as {suggested}"),
        None => otherwise.to_owned(),
    }
}

/// What Cognito does with a line whose username is taken: it skips it,
/// unless the line fails for its other errors first.
fn skipped_as_existing(line_fails: bool) -> &'static str {
    if line_fails {
        "this line fails for its other errors (with those fixed, Cognito would skip it: \"The user already \
         exists.\")"
    } else {
        "Cognito skips this line (\"The user already exists.\")"
    }
}

fn case_note(fold_case: bool) -> &'static str {
    if fold_case {
        " (compared without regard to letter case, as this pool does)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::EmailReason;

    #[test]
    fn a_message_quotes_the_value_and_says_the_fix() {
        let finding = Finding::new(Code::EmailInvalid, Some(3))
            .in_column_named("email")
            .with_value("john.smith@example")
            .with(Detail::Email(EmailReason::NoDotInDomain));
        assert_eq!(
            finding.message(),
            "email \"john.smith@example\" is not a valid address: the domain has no dot (expected a domain \
             such as example.com)"
        );
    }

    #[test]
    fn a_suggested_value_is_the_fix() {
        let finding = Finding::new(Code::PhoneNumberInvalid, Some(2))
            .with_value("+1 206 555 0100")
            .suggesting("+12065550100")
            .with(Detail::Phone(crate::checks::PhoneReason::NotDigits));
        assert!(finding.message().ends_with(": write it as +12065550100"));
    }

    #[test]
    fn a_hash_is_never_shown() {
        let finding = Finding::new(Code::ValueWhitespace, Some(2))
            .in_column_named("password_hash")
            .with(Detail::WhiteSpace { only: false });
        assert_eq!(
            finding.message(),
            "password_hash has white space around it, which Cognito trims: remove it"
        );
    }

    #[test]
    fn a_finding_without_its_detail_still_says_what_is_wrong() {
        let finding = Finding::new(Code::EmailInvalid, Some(2));
        assert_eq!(finding.message(), "The email value is not a valid address.");
    }
}
