//! The checks of one user line: each value against its column, then the
//! rules across columns. Uniqueness is not here (`unique.rs`): it depends
//! on the lines before.

use crate::checks::{self, HashCheck};
use crate::engine::header::{self, Column, Header, Kind};
use crate::engine::limits;
use crate::engine::split::{Line, Marks};
use crate::finding::{AliasShape, Bound, Detail, FieldCountHint, Finding};
use crate::pool::{Alias, HashAlgorithm, Mfa, Pool, Verifiable};
use crate::rules::Code;

/// Checks the values of user line `line` against `header`, adding what is
/// wrong to `findings`. A line of the wrong number of fields is reported
/// as such, its values unchecked; so are the lines of an unreadable header.
/// (Inlined into both its callers, the checker's line loop and a part's:
/// called from two places, it was not, and one pass lost 1% of its speed.)
#[inline(always)]
pub fn check_line(pool: &Pool, header: &Header, line: &Line, findings: &mut Vec<Finding>) {
    let Some(width) = header.width else {
        return;
    };
    if line.fields.len() != width {
        return findings.push(field_count(line, width));
    }
    let mut checks = Checks {
        pool,
        line: line.number,
        findings,
    };
    let bytes = line.text.as_bytes();
    let marks = line.marks;
    // The values that checks across columns need, kept as the loop trims them.
    let mut across = Across::default();
    for (index, (column, &(start, end))) in header.columns.iter().zip(line.fields).enumerate() {
        // Most values of plain text columns need a glance at their ends only.
        if column.plain && !marks.backslash {
            let value = &bytes[start..end];
            let (Some(&first), Some(&last)) = (value.first(), value.last()) else {
                continue;
            };
            let ends_plain = |byte: u8| byte.is_ascii_graphic() && !(marks.quote && byte == b'"');
            if ends_plain(first)
                && ends_plain(last)
                && value.len() <= column.max_chars
                && !checks::might_be_placeholder(value)
            {
                continue;
            }
        }
        let raw = &line.text[start..end];
        let value = header.as_checked(raw);
        let kept = match column.kind {
            Kind::Email if header.email == Some(index) => &mut across.email,
            Kind::PhoneNumber if header.phone_number == Some(index) => &mut across.phone_number,
            Kind::EmailVerified if header.email_verified == Some(index) => {
                &mut across.email_verified
            }
            Kind::PhoneNumberVerified if header.phone_number_verified == Some(index) => {
                &mut across.phone_number_verified
            }
            Kind::MfaEnabled if header.mfa_enabled == Some(index) => &mut across.mfa_enabled,
            _ => &mut "",
        };
        *kept = value;
        checks.value(column, raw, value, marks, header.quoted);
    }
    checks.across(&across);
}

/// `str::trim`, quick for the common value that starts and ends with a
/// printable ASCII character (Unicode white space is never ASCII but for
/// the ASCII white space `is_ascii_graphic` excludes).
pub fn trim(value: &str) -> &str {
    match value.as_bytes() {
        [] => value,
        [first, .., last] | [first @ last]
            if first.is_ascii_graphic() && last.is_ascii_graphic() =>
        {
            value
        }
        _ => value.trim(),
    }
}

#[cold]
fn field_count(line: &Line, width: usize) -> Finding {
    let found = line.fields.len();
    let quotes = memchr::memchr_iter(b'"', line.text.as_bytes()).count();
    let hint = if quotes % 2 == 1 {
        // A quote opened and not closed: a value that runs over a line break.
        FieldCountHint::QuotedLineBreak
    } else if quotes > 0 {
        FieldCountHint::Quoting
    } else if found > width {
        FieldCountHint::UnescapedComma
    } else {
        FieldCountHint::MissingValues
    };
    Finding::new(Code::RowFieldCount, Some(line.number)).with(Detail::FieldCount {
        found: found as u64,
        expected: width as u64,
        hint,
    })
}

/// The values of a line that checks across columns need.
#[derive(Default)]
struct Across<'a> {
    email: &'a str,
    phone_number: &'a str,
    email_verified: &'a str,
    phone_number_verified: &'a str,
    mfa_enabled: &'a str,
}

/// The checks of one line's values, adding to its findings.
struct Checks<'a> {
    pool: &'a Pool,
    line: u64,
    findings: &'a mut Vec<Finding>,
}

impl Checks<'_> {
    /// Adds a finding of `code` about `column` (the value, if given, shown).
    #[cold]
    #[inline(never)]
    fn add(&mut self, code: Code, column: &Column, value: Option<&str>, detail: Detail) {
        let mut finding = Finding::new(code, Some(self.line)).in_column(&column.name);
        if let Some(value) = value {
            finding = finding.with_value(value);
        }
        self.findings.push(finding.with(detail));
    }

    /// Checks one value (`raw` as the line has it, `value` as it is checked);
    /// in a quoted file (`unquoted`), the quotes are the header's one finding.
    #[inline(always)]
    fn value(&mut self, column: &Column, raw: &str, value: &str, marks: Marks, unquoted: bool) {
        let quoted = marks.quote && !unquoted && header::is_quoted(value);
        // In a quoted file, `value` is also without its quotes.
        let trimmed = if unquoted {
            raw.len() != trim(raw).len()
        } else {
            raw.len() != value.len()
        };
        if trimmed || quoted || marks.backslash && value.contains('\\') {
            self.surroundings(column, raw, value, quoted);
        }
        if column.kind == Kind::PasswordHash {
            return self.password_hash(column, value);
        }
        if value.is_empty() {
            if column.kind == Kind::Username || column.kind == Kind::MfaEnabled || column.required {
                self.empty(column);
            }
            return;
        }
        if checks::might_be_placeholder(value.as_bytes()) {
            self.placeholder(column, value);
        }
        if !matches!(column.kind, Kind::Text | Kind::PreferredUsername) {
            self.kind(column, value);
        }
        // Characters are at most as many as bytes: most values need no
        // count. A value that fails its format is still measured: both are
        // in the way of its import.
        let near_limits = value.len() > column.max_chars || column.min_length.is_some();
        if near_limits && column.kind != Kind::Username {
            self.length(column, value);
        }
    }

    /// An empty value where one is needed.
    #[cold]
    fn empty(&mut self, column: &Column) {
        if column.kind == Kind::Username {
            self.add(Code::UsernameMissing, column, None, Detail::None);
        } else if column.kind == Kind::MfaEnabled {
            self.add(Code::MfaMissing, column, None, Detail::Mfa(self.pool.mfa));
            let suggested = if self.pool.mfa == Mfa::On {
                "true"
            } else {
                "false"
            };
            self.suggest(Some(suggested.to_owned()));
        } else {
            self.add(Code::AttributeRequired, column, None, Detail::None);
        }
    }

    /// A value that may be a tool's placeholder for nothing (`NULL`, `\N`).
    #[cold]
    fn placeholder(&mut self, column: &Column, value: &str) {
        if let Some(placeholder) = checks::placeholder(value) {
            self.add(
                Code::ValuePlaceholder,
                column,
                Some(value),
                Detail::Placeholder(placeholder),
            );
        }
    }

    /// White space around a value, quotes, backslashes: what most values lack.
    #[cold]
    fn surroundings(&mut self, column: &Column, raw: &str, value: &str, quoted: bool) {
        // Hashes are secrets: findings never show them.
        let secret = column.kind == Kind::PasswordHash;
        let shown = |text| (!secret).then_some(text);
        if raw.len() != trim(raw).len() {
            let only = trim(raw).is_empty();
            self.add(
                Code::ValueWhitespace,
                column,
                shown(raw),
                Detail::WhiteSpace { only },
            );
        }
        if quoted {
            self.add(Code::ValueQuoted, column, shown(value), Detail::None);
        }
        // MySQL's `\N` is a placeholder, said as such.
        if value.contains('\\') && !secret && value != "\\N" {
            self.add(Code::ValueBackslash, column, Some(value), Detail::None);
        }
    }

    /// The checks of the column's kind.
    #[inline(never)]
    fn kind(&mut self, column: &Column, value: &str) {
        match column.kind {
            Kind::Username => self.username(column, value),
            Kind::Email => {
                if let Some(reason) = checks::email_problem(value) {
                    self.add(
                        Code::EmailInvalid,
                        column,
                        Some(value),
                        Detail::Email(reason),
                    );
                }
            }
            Kind::PhoneNumber => {
                if let Some(problem) = checks::phone_problem(value) {
                    self.add(
                        Code::PhoneNumberInvalid,
                        column,
                        Some(value),
                        Detail::Phone(problem.reason),
                    );
                    self.suggest(problem.corrected);
                }
            }
            Kind::EmailVerified | Kind::PhoneNumberVerified | Kind::MfaEnabled | Kind::Boolean => {
                if checks::parse_bool(value).is_none() {
                    self.add(Code::BooleanInvalid, column, Some(value), Detail::None);
                    let meant = checks::boolean_meant(header::unquote(value));
                    self.suggest(meant.map(|meant| meant.to_string()));
                }
            }
            Kind::Birthdate => {
                if let Some(problem) = checks::birthdate_problem(value) {
                    self.add(
                        Code::BirthdateInvalid,
                        column,
                        Some(value),
                        Detail::Birthdate(problem.reason),
                    );
                    self.suggest(problem.corrected);
                }
            }
            Kind::UpdatedAt => self.updated_at(column, value),
            Kind::Number => self.number(column, value),
            Kind::PasswordHash | Kind::PreferredUsername | Kind::Text => {}
        }
    }

    /// Sets the value the last finding suggests.
    fn suggest(&mut self, suggested: Option<String>) {
        if let (Some(suggested), Some(last)) = (suggested, self.findings.last_mut()) {
            last.suggested = Some(suggested.into());
        }
    }

    fn username(&mut self, column: &Column, value: &str) {
        if let Some((position, character)) = checks::invalid_username_char(value) {
            self.add(
                Code::UsernameInvalidCharacter,
                column,
                Some(value),
                Detail::Character {
                    character,
                    position: position as u64,
                },
            );
        }
        if checks::exceeds_chars(value, limits::USERNAME_CHARS) {
            self.add(
                Code::UsernameTooLong,
                column,
                Some(value),
                Detail::Length {
                    chars: value.chars().count() as u64,
                    limit: limits::USERNAME_CHARS as u64,
                    from_pool: false,
                },
            );
        }
        let alias = &self.pool.alias_attributes;
        let shape = if alias.contains(&Alias::Email) && checks::email_problem(value).is_none() {
            Some(AliasShape::Email)
        } else if alias.contains(&Alias::PhoneNumber) && checks::phone_problem(value).is_none() {
            Some(AliasShape::PhoneNumber)
        } else {
            None
        };
        if let Some(shape) = shape {
            self.add(
                Code::UsernameAliasFormat,
                column,
                Some(value),
                Detail::AliasShape(shape),
            );
        }
    }

    fn updated_at(&mut self, column: &Column, value: &str) {
        if let Some(problem) = checks::updated_at_problem(value) {
            self.add(
                Code::UpdatedAtInvalid,
                column,
                Some(value),
                Detail::UpdatedAt(problem.reason),
            );
            self.suggest(problem.corrected);
        } else if value.len() >= 13 {
            self.add(
                Code::UpdatedAtMilliseconds,
                column,
                Some(value),
                Detail::Digits(value.len() as u64),
            );
            self.suggest(checks::seconds_of_finer_time(value));
        }
    }

    fn number(&mut self, column: &Column, value: &str) {
        match checks::parse_integer(value) {
            None => self.add(Code::NumberInvalid, column, Some(value), Detail::None),
            Some(number) => {
                let below = column
                    .min_value
                    .filter(|&min| number < min)
                    .map(Bound::Below);
                let above = column
                    .max_value
                    .filter(|&max| number > max)
                    .map(Bound::Above);
                if let Some(bound) = below.or(above) {
                    self.add(
                        Code::NumberOutOfRange,
                        column,
                        Some(value),
                        Detail::Bound(bound),
                    );
                }
            }
        }
    }

    fn length(&mut self, column: &Column, value: &str) {
        let max = column.max_chars;
        if checks::exceeds_chars(value, max) {
            self.add(
                Code::ValueTooLong,
                column,
                Some(value),
                Detail::Length {
                    chars: value.chars().count() as u64,
                    limit: max as u64,
                    from_pool: max < limits::VALUE_CHARS,
                },
            );
        }
        if let Some(min) = column.min_length {
            let chars = value.chars().count() as u64;
            if chars < min {
                self.add(
                    Code::ValueTooShort,
                    column,
                    Some(value),
                    Detail::Length {
                        chars,
                        limit: min,
                        from_pool: true,
                    },
                );
            }
        }
    }

    fn password_hash(&mut self, column: &Column, value: &str) {
        let algorithm = self.pool.password_hash_algorithm;
        // Hashes are secrets: findings never show them.
        let (code, detail) = match (algorithm, value.is_empty()) {
            (None, true) => return,
            (Some(algorithm), true) => (Code::PasswordHashEmpty, Detail::Algorithm(algorithm)),
            (None, false) => (Code::PasswordHashNoAlgorithm, Detail::None),
            (Some(algorithm), false) => match checks::check_hash(algorithm, value) {
                HashCheck::Valid => return,
                HashCheck::OutOfBounds(over) => (
                    Code::PasswordHashOutOfBounds,
                    Detail::HashBounds {
                        algorithm,
                        over: over.into(),
                    },
                ),
                HashCheck::Malformed(reason) => match other_algorithm(algorithm, value) {
                    Some((other, check)) => (
                        Code::PasswordHashAlgorithmMismatch,
                        Detail::OtherAlgorithm {
                            job: algorithm,
                            hash: other,
                            over: match check {
                                HashCheck::OutOfBounds(over) => Some(over.into()),
                                _ => None,
                            },
                        },
                    ),
                    None => (
                        Code::PasswordHashMalformed,
                        Detail::MalformedHash {
                            algorithm,
                            reason: reason.into(),
                        },
                    ),
                },
            },
        };
        self.add(code, column, None, detail);
    }

    /// The rules across columns: verification, MFA.
    fn across(&mut self, values: &Across) {
        let line = Some(self.line);
        // A `*_verified` value another tool's way (`1`, `t`, `VRAI`) is
        // already reported with what it means: read so here, the rules across
        // columns do not report it a second time.
        let read = |value: &str| {
            checks::parse_bool(value).or_else(|| checks::boolean_meant(header::unquote(value)))
        };
        let email_verified = read(values.email_verified);
        let phone_verified = read(values.phone_number_verified);
        let mut add = |finding: Finding| self.findings.push(finding);
        if email_verified == Some(true) && values.email.is_empty() {
            add(Finding::new(Code::EmailRequired, line).in_column_named("email"));
        }
        if phone_verified == Some(true) && values.phone_number.is_empty() {
            add(Finding::new(Code::PhoneNumberRequired, line).in_column_named("phone_number"));
        }
        let auto_email = self.pool.auto_verifies(Verifiable::Email);
        let auto_phone = self.pool.auto_verifies(Verifiable::PhoneNumber);
        if auto_email && auto_phone {
            if email_verified != Some(true) && phone_verified != Some(true) {
                add(Finding::new(Code::VerifiedNone, line));
            }
        } else {
            let single = if auto_email {
                Some((Verifiable::Email, email_verified, values.email_verified))
            } else if auto_phone {
                Some((
                    Verifiable::PhoneNumber,
                    phone_verified,
                    values.phone_number_verified,
                ))
            } else {
                None
            };
            if let Some((attribute, verified, found)) = single {
                if verified != Some(true) {
                    add(Finding::new(Code::VerifiedRequired, line)
                        .in_column_named(&format!("{}_verified", attribute.as_str()))
                        .with(Detail::Verified {
                            attribute,
                            found: found.into(),
                        }));
                }
            }
        }
        let mfa = checks::parse_bool(values.mfa_enabled);
        let conflict = match (mfa, self.pool.mfa) {
            (Some(true), Mfa::Off) | (Some(false), Mfa::On) => mfa,
            _ => None,
        };
        if let Some(enabled) = conflict {
            add(Finding::new(Code::MfaConflict, line)
                .in_column_named("cognito:mfa_enabled")
                .with_value(values.mfa_enabled)
                .suggesting(if enabled { "false" } else { "true" })
                .with(Detail::MfaConflict { enabled }));
        }
        if mfa == Some(true) && values.email.is_empty() && values.phone_number.is_empty() {
            add(Finding::new(Code::MfaNoFactor, line).in_column_named("cognito:mfa_enabled"));
        }
    }
}

/// The supported algorithm other than `algorithm` that `hash` is well
/// formed for, with what its check found.
fn other_algorithm(algorithm: HashAlgorithm, hash: &str) -> Option<(HashAlgorithm, HashCheck)> {
    HashAlgorithm::ALL
        .into_iter()
        .filter(|&other| other != algorithm)
        .map(|other| (other, checks::check_hash(other, hash)))
        .find(|(_, check)| !matches!(check, HashCheck::Malformed(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::split::{Event, Splitter};

    /// The findings of the user line `user` under the default pool's header.
    fn check(pool: &Pool, user: &str) -> Vec<Finding> {
        let text = format!("{}\n{user}\n", pool.header.join(","));
        let mut header = None;
        let mut findings = Vec::new();
        let mut splitter = Splitter::new();
        let mut on_event = |event: Event| {
            if let Event::Line(line) = event {
                match &header {
                    None => header = Header::resolve(pool, &line, &mut Vec::new()),
                    Some(header) => check_line(pool, header, &line, &mut findings),
                }
            }
        };
        splitter.push(text.as_bytes(), &mut on_event);
        splitter.finish(&mut on_event);
        findings
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings
            .iter()
            .map(|finding| finding.code.as_str())
            .collect()
    }

    /// A template line with `email`, `email_verified` and `birthdate` set,
    /// and `cognito:mfa_enabled` false.
    fn user(email: &str, verified: &str, birthdate: &str) -> String {
        format!("ann,,,,,,,,,,{email},{verified},,{birthdate},,,,,,,false")
    }

    #[test]
    fn a_valid_line_has_no_finding() {
        let findings = check(
            &Pool::default(),
            &user("ann@example.com", "true", "02/01/1985"),
        );
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn each_value_is_checked_against_its_column() {
        let findings = check(&Pool::default(), &user("ann@", "yes", "1985-02-01"));
        assert_eq!(
            codes(&findings),
            ["email.invalid", "boolean.invalid", "birthdate.invalid"]
        );
        assert_eq!(findings[0].value.as_deref(), Some("ann@"));
        assert_eq!(findings[2].suggested.as_deref(), Some("02/01/1985"));
        // "yes" is read as the true it means: not verified.none too.
        assert_eq!(findings[1].suggested.as_deref(), Some("true"));
    }

    #[test]
    fn values_are_trimmed_and_their_surroundings_reported() {
        let findings = check(&Pool::default(), &user(" ann@example.com ", "\"true\"", ""));
        assert_eq!(
            codes(&findings),
            [
                "value.whitespace",
                "value.quoted",
                "boolean.invalid",
                "verified.none"
            ]
        );
    }

    #[test]
    fn the_wrong_number_of_fields_is_one_finding() {
        let findings = check(&Pool::default(), "ann,\"Doe, Ann\"");
        assert_eq!(codes(&findings), ["row.field_count"]);
        assert!(matches!(
            findings[0].detail,
            Detail::FieldCount {
                found: 3,
                expected: 21,
                hint: FieldCountHint::Quoting
            }
        ));
    }

    #[test]
    fn mfa_must_agree_with_the_pool() {
        let pool = Pool {
            mfa: Mfa::Off,
            ..Pool::default()
        };
        // The template line's last value is cognito:mfa_enabled.
        let line = user("ann@example.com", "true", "");
        assert!(check(&pool, &line).is_empty());
        let enabled = line.replace(",false", ",true");
        assert_eq!(codes(&check(&pool, &enabled)), ["mfa.conflict"]);
        let empty = line.trim_end_matches("false").to_owned();
        let findings = check(&pool, &empty);
        assert_eq!(codes(&findings), ["mfa.missing"]);
        assert_eq!(findings[0].suggested.as_deref(), Some("false"));
    }

    #[test]
    fn trimming_is_str_trim() {
        for value in ["", " ", "a", " a ", "\u{a0}a", "a\t", "ab"] {
            assert_eq!(trim(value), value.trim(), "{value:?}");
        }
    }
}
