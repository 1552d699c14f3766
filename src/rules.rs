//! The rule table: every check the validator makes, with its stable code.
//!
//! This table is the single source the engine, the command line, the README's
//! rule catalogue and the tests read from. Codes are public interface: they
//! appear in reports, exports and tests, and are never renamed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The job or the line fails (or the line is skipped).
    Error,
    /// Worth knowing; the line keeps its status.
    Warning,
}

/// What a finding of a rule does to the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Effect {
    /// The whole job fails (or never starts): no user is imported.
    FailsJob,
    /// The line's user is not imported: `[FAILED]` in Cognito's log.
    FailsLine,
    /// The line's user is skipped: `[SKIPPED]` in Cognito's log.
    SkipsLine,
    /// Nothing changes: a warning.
    None,
}

/// One rule of the table.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The rule's stable code.
    pub code: Code,
    /// What a finding of this rule does to the import.
    pub effect: Effect,
    /// One sentence: when the rule reports.
    pub summary: &'static str,
    /// How to fix what it reports.
    pub help: &'static str,
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Rule", 5)?;
        state.serialize_field("code", &self.code)?;
        state.serialize_field("severity", &self.severity())?;
        state.serialize_field("effect", &self.effect)?;
        state.serialize_field("summary", self.summary)?;
        state.serialize_field("help", self.help)?;
        state.end()
    }
}

impl Rule {
    /// The severity of this rule's findings.
    pub fn severity(&self) -> Severity {
        match self.effect {
            Effect::None => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

macro_rules! rule_table {
    ($( $variant:ident = $code:literal, $effect:ident,
        $summary:literal, $help:literal; )*) => {
        /// A rule's stable code, such as `email.invalid`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( #[doc = $summary] $variant, )*
        }

        /// Every rule, in the order of the catalogue (job-level errors, line
        /// errors, warnings). `RULES[code as usize].code == code`.
        pub const RULES: &[Rule] = &[
            $( Rule { code: Code::$variant, effect: Effect::$effect,
                      summary: $summary, help: $help }, )*
        ];

        impl Code {
            /// The code as it appears in reports: `"email.invalid"`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }
        }
    };
}

rule_table! {
    FileEmpty = "file.empty", FailsJob,
        "The file has no header line: it is empty, or line 1 is blank.",
        "Put the header on line 1: download it with `aws cognito-idp get-csv-header` and add one line per user below it.";
    FileBom = "file.bom", FailsJob,
        "The file starts with a UTF-8 byte order mark (EF BB BF), which becomes part of the first column's name.",
        "Save the file as \"UTF-8\" without BOM (in Excel: \"CSV UTF-8\" adds one; use a text editor, or `sed -i '1s/^\\xEF\\xBB\\xBF//' users.csv`).";
    FileNotUtf8 = "file.not_utf8", FailsJob,
        "A line holds bytes that are not valid UTF-8.",
        "Convert the file to UTF-8, for example `iconv -f WINDOWS-1252 -t UTF-8 users.csv > users-utf8.csv`, naming the encoding it was saved in.";
    FileTooLarge = "file.too_large", FailsJob,
        "The file is larger than 100,000,000 bytes.",
        "Split the file into parts of at most 100,000,000 bytes, each with the header on line 1, and import them as separate jobs.";
    FileTooManyUsers = "file.too_many_users", FailsJob,
        "The file holds more than 500,000 users (data lines that are not blank).",
        "Split the file into parts of at most 500,000 users, each with the header on line 1, and import them as separate jobs.";
    LineTooLong = "line.too_long", FailsJob,
        "A line is longer than 16,000 characters; the line fails, and so does the job.",
        "Shorten the line's values: no single value may be longer than 2,048 characters, and a line 16,000.";
    HeaderUnknownColumn = "header.unknown_column", FailsJob,
        "A column of the header is not in the pool's expected header.",
        "Rename the column to the pool's attribute name (custom attributes are `custom:NAME`), or remove it; `aws cognito-idp get-csv-header` lists the expected columns.";
    HeaderMissingColumn = "header.missing_column", FailsJob,
        "A column of the pool's expected header is absent: all columns must be present, even when every value is empty.",
        "Add the column to the header (and an empty value for it on every line); order does not matter.";
    HeaderDuplicateColumn = "header.duplicate_column", FailsJob,
        "A column name appears more than once in the header.",
        "Keep one of the columns and move its values into it.";
    HeaderEmptyColumn = "header.empty_column", FailsJob,
        "A column name in the header is empty, often because of a trailing comma.",
        "Remove the extra comma from the header (and the matching empty value from every line).";
    PoolNoAutoVerified = "pool.no_auto_verified", FailsJob,
        "The pool auto-verifies neither email nor phone number: Cognito will not start the import job.",
        "Turn on auto-verification of email or phone number for the pool (AutoVerifiedAttributes) before importing.";
    HeaderMissingPasswordHash = "header.missing_password_hash", FailsJob,
        "The job has a password hashing algorithm but the file has no `password_hash` column.",
        "Add a `password_hash` column with each user's hash, or create the job without a hashing algorithm.";
    RowFieldCount = "row.field_count", FailsLine,
        "The line has a different number of fields than the header.",
        "Write every comma inside a value as `\\,` (Cognito has no quoting: `\"Doe, John\"` is two fields), and give every line one value per header column.";
    UsernameMissing = "username.missing", FailsLine,
        "The `cognito:username` value is empty.",
        "Give every user a username.";
    UsernameInvalidCharacter = "username.invalid_character", FailsLine,
        "The username contains white space, a control character or another character outside letters, marks, symbols, numbers and punctuation.",
        "Remove or replace the character: usernames match `[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+`.";
    UsernameTooLong = "username.too_long", FailsLine,
        "The username is longer than 128 characters.",
        "Shorten the username to at most 128 characters.";
    UsernameDuplicate = "username.duplicate", SkipsLine,
        "The username equals that of an earlier line that would be imported (case-insensitively unless the pool is case-sensitive): Cognito skips the line.",
        "Remove the repeated line, or give this user a username of its own.";
    UsernameAliasFormat = "username.alias_format", FailsLine,
        "The pool uses email (or phone number) as an alias, and the username has the format of an email address (or phone number).",
        "Use a username that is not an email address or phone number (for example the user's id), and put the address in the `email` (or `phone_number`) column.";
    VerifiedNone = "verified.none", FailsLine,
        "The pool auto-verifies email and phone number, and neither `email_verified` nor `phone_number_verified` is true.",
        "Set `email_verified` (or `phone_number_verified`) to `true` for the user, with the matching address or number filled in.";
    VerifiedRequired = "verified.required", FailsLine,
        "The pool auto-verifies one attribute, and its `*_verified` value is not true.",
        "Set the auto-verified attribute's `*_verified` column to `true` (and fill in the attribute).";
    BooleanInvalid = "boolean.invalid", FailsLine,
        "A Boolean value (`email_verified`, `phone_number_verified`, `cognito:mfa_enabled`, a Boolean custom attribute) is neither empty, `true` nor `false`.",
        "Write `true` or `false` (any letter case); the value may be empty but for `cognito:mfa_enabled`.";
    EmailRequired = "email.required", FailsLine,
        "`email_verified` is true but `email` is empty.",
        "Fill in the user's email address, or set `email_verified` to `false`.";
    PhoneNumberRequired = "phone_number.required", FailsLine,
        "`phone_number_verified` is true but `phone_number` is empty.",
        "Fill in the user's phone number, or set `phone_number_verified` to `false`.";
    EmailInvalid = "email.invalid", FailsLine,
        "The `email` value is not a valid address.",
        "Write one address of the form `name@example.com`: one `@`, a domain with a dot, no white space, at most 254 characters.";
    PhoneNumberInvalid = "phone_number.invalid", FailsLine,
        "The `phone_number` value is not `+` followed by 1 to 15 digits.",
        "Write the number in E.164 form: `+`, the country code and the number, digits only (`+12065550100`).";
    MfaMissing = "mfa.missing", FailsLine,
        "The file has a `cognito:mfa_enabled` column and the line's value is empty: Cognito requires `true` or `false` on every line.",
        "Write `false` when the pool's MFA is off or optional, `true` when it is on (or when the user has MFA with an optional pool).";
    MfaConflict = "mfa.conflict", FailsLine,
        "`cognito:mfa_enabled` is true while the pool's MFA is off, or false while it is required.",
        "Write `false` when the pool's MFA is off, `true` when it is on.";
    AttributeRequired = "attribute.required", FailsLine,
        "An attribute that the pool marks as required is empty.",
        "Fill in the attribute for every user: the pool's schema requires it.";
    BirthdateInvalid = "birthdate.invalid", FailsLine,
        "The `birthdate` value is not `mm/dd/yyyy`, or not a real calendar date.",
        "Write the date as `mm/dd/yyyy` (`12/31/1985` for 31 December 1985), or leave it empty.";
    UpdatedAtInvalid = "updated_at.invalid", FailsLine,
        "The `updated_at` value is not a non-negative whole number of seconds.",
        "Write the time as seconds since 1970-01-01 (Unix time, such as `1700000000`), or leave it empty.";
    NumberInvalid = "number.invalid", FailsLine,
        "A Number attribute's value is not an integer.",
        "Write a whole number (digits, optionally after a `-`), or leave the value empty.";
    NumberOutOfRange = "number.out_of_range", FailsLine,
        "A Number attribute's value is outside the schema's `MinValue` / `MaxValue`.",
        "Write a value within the attribute's bounds, or change the bounds of the pool's schema.";
    ValueTooLong = "value.too_long", FailsLine,
        "A value is longer than 2,048 characters, or than the schema's `MaxLength` for its attribute.",
        "Shorten the value to the attribute's maximum length.";
    ValueTooShort = "value.too_short", FailsLine,
        "A value is shorter than the schema's `MinLength` for its attribute.",
        "Lengthen the value to the attribute's minimum length, or leave it empty if the attribute is optional.";
    AliasDuplicate = "alias.duplicate", FailsLine,
        "An alias or username attribute (`email`, `phone_number`, `preferred_username`) repeats the value of an earlier line that would be imported.",
        "Give each user a value of their own: aliases must be unique in the pool.";
    PasswordHashMalformed = "password_hash.malformed", FailsLine,
        "The `password_hash` value does not have the format of the job's hashing algorithm.",
        "Export the hash exactly as the old system stored it, in the algorithm's standard format: BCRYPT `$2b$` (or `$2a$`, `$2x$`, `$2y$`), a two-digit cost, `$`, then 53 characters of salt and hash; SCRYPT `N$r$p$salt$hash`, salt and hash in hexadecimal; ARGON2ID `$argon2id$v=19$m=M,t=T,p=P$salt$hash`, salt and hash in base64 without padding; PBKDF2_SHA256 `$pbkdf2-sha256$iterations$salt$hash`, salt and hash in base64. The message says which part of this hash is wrong.";
    PasswordHashOutOfBounds = "password_hash.out_of_bounds", FailsLine,
        "The hash's parameters exceed Cognito's maximums (bcrypt cost 12; scrypt N 65536, r 8, p 1; Argon2id m 19456, t 2, p 1; PBKDF2 600,000 iterations).",
        "Import this user without a hash (empty `password_hash`: they reset their password), or re-hash with parameters within the limits at their next sign-in elsewhere.";
    PasswordHashAlgorithmMismatch = "password_hash.algorithm_mismatch", FailsLine,
        "The hash is well formed for a different supported algorithm than the job's.",
        "Import users of each algorithm in a separate job created with that algorithm.";
    PasswordHashNoAlgorithm = "password_hash.no_algorithm", FailsLine,
        "A `password_hash` value is given but the job has no hashing algorithm.",
        "Create the job with the hashes' algorithm (`--password-hash-algorithm`), or empty the `password_hash` column.";
    ValueQuoted = "value.quoted", None,
        "A value starts and ends with `\"`: Cognito has no quoting and keeps the quotes as part of the value.",
        "Remove the quotes; write a comma inside a value as `\\,`.";
    ValueWhitespace = "value.whitespace", None,
        "A value has leading or trailing white space, which Cognito trims.",
        "Remove the white space around the value (nothing changes for Cognito, but the file says what it means).";
    ValueBackslash = "value.backslash", None,
        "A backslash is not followed by a comma: only `\\,` is an escape, any other backslash is kept as it is.",
        "Check the value: write `\\,` for a comma; a backslash before anything else stays in the value.";
    ValuePlaceholder = "value.placeholder", None,
        "A value is a placeholder another tool wrote for nothing (`null`, `None`, `undefined`, `NaN`, `N/A`, `#N/A`, MySQL's `\\N`): Cognito imports it as that text.",
        "Leave the value empty where there is nothing to give.";
    LineBlank = "line.blank", None,
        "A blank line: not a user; it keeps its line number.",
        "Remove the blank line (Cognito's line numbers count it, so removing it shifts the numbers of the lines below).";
    HeaderWhitespace = "header.whitespace", None,
        "A header name has surrounding white space.",
        "Remove the white space around the column name.";
    UpdatedAtMilliseconds = "updated_at.milliseconds", None,
        "`updated_at` has 13 or more digits: probably milliseconds, not seconds.",
        "Divide the value by 1000 to get seconds.";
    PasswordHashEmpty = "password_hash.empty", None,
        "The job has a hashing algorithm and the user's hash is empty: the user is imported in `RESET_REQUIRED` state.",
        "Give the user's hash, or let them reset their password at first sign-in.";
    MfaNoFactor = "mfa.no_factor", None,
        "`cognito:mfa_enabled` is true but the line has neither a phone number nor an email: the user cannot sign in until a factor is set.",
        "Give the user a phone number or an email, or set `cognito:mfa_enabled` to `false`.";
    JobManyFailed = "job.many_failed", None,
        "The job runs, but more than half of its users would fail or be skipped: Cognito would most likely end it `Failed` (\"Too many users have failed or been skipped during the import.\"); the users it imports stay imported.",
        "Fix the failing lines first (the report lists them), so that the job ends well.";
}

/// The number of rules in [`RULES`].
pub const RULE_COUNT: usize = RULES.len();

impl Code {
    /// The rule behind this code.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The severity of this code's findings.
    pub fn severity(self) -> Severity {
        self.rule().severity()
    }

    /// The code for its text, such as `"email.invalid"`.
    ///
    /// ```
    /// use cognito_csv_validator::Code;
    /// assert_eq!(Code::from_str_code("email.invalid"), Some(Code::EmailInvalid));
    /// assert_eq!(Code::from_str_code("email.bogus"), None);
    /// ```
    pub fn from_str_code(text: &str) -> Option<Code> {
        RULES
            .iter()
            .map(|rule| rule.code)
            .find(|code| code.as_str() == text)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As its text in JSON; as its place in the table in compact binary forms
/// (the findings the page keeps).
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(self.as_str())
        } else {
            serializer.serialize_u8(*self as u8)
        }
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            Code::from_str_code(&text)
                .ok_or_else(|| D::Error::custom(format!("no rule has the code {text:?}")))
        } else {
            let index = u8::deserialize(deserializer)?;
            RULES
                .get(usize::from(index))
                .map(|rule| rule.code)
                .ok_or_else(|| D::Error::custom(format!("no rule has the number {index}")))
        }
    }
}

/// The rule catalogue as a Markdown table, as the README shows it.
pub fn catalogue_markdown() -> String {
    let mut out =
        String::from("| code | severity | effect | when | how to fix |\n|---|---|---|---|---|\n");
    for rule in RULES {
        let effect = match rule.effect {
            Effect::FailsJob => "job fails",
            Effect::FailsLine => "line fails",
            Effect::SkipsLine => "line skipped",
            Effect::None => "none",
        };
        let severity = match rule.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            rule.code.as_str(),
            severity,
            effect,
            rule.summary.replace('|', "\\|"),
            rule.help.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_code() {
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.code as usize, index, "{}", rule.code);
        }
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let code = rule.code.as_str();
            assert!(seen.insert(code), "{code} twice");
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'),
                "{code}"
            );
            assert_eq!(Code::from_str_code(code), Some(rule.code));
        }
    }

    /// A rule's words are read where a README is not at hand (the page,
    /// the command line's output): they must say all they mean themselves.
    #[test]
    fn texts_never_send_the_reader_to_the_readme() {
        for rule in RULES {
            for text in [rule.summary, rule.help] {
                assert!(
                    !text.to_lowercase().contains("readme"),
                    "{}: {text}",
                    rule.code
                );
            }
        }
    }
}
