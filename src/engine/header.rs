//! The header: the file's first line read against the pool's expected
//! header, into the columns the checks of each user line work with, and
//! the findings about its names (with what a wrong name probably is).

use crate::engine::limits;
use crate::engine::split::Line;
use crate::engine::unique::{UniqueColumn, UniqueSet};
use crate::finding::{ColumnHint, Detail, Finding, Separator};
use crate::pool::{Alias, DataType, Pool, Verifiable};
use crate::rules::Code;
use crate::text::edit_distance;
use std::sync::Arc;

/// What a column is, for the checks its values get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `cognito:username`
    Username,
    /// `cognito:mfa_enabled`
    MfaEnabled,
    /// `password_hash`
    PasswordHash,
    /// `email`
    Email,
    /// `email_verified`
    EmailVerified,
    /// `phone_number`
    PhoneNumber,
    /// `phone_number_verified`
    PhoneNumberVerified,
    /// `preferred_username`
    PreferredUsername,
    /// `birthdate`
    Birthdate,
    /// `updated_at`
    UpdatedAt,
    /// A Boolean custom attribute.
    Boolean,
    /// A Number attribute.
    Number,
    /// Any other text.
    Text,
}

/// One column of the header, with what its values must be.
#[derive(Clone, Debug)]
pub struct Column {
    /// The name, trimmed.
    pub name: Arc<str>,
    /// What the column is.
    pub kind: Kind,
    /// The most characters a value may have: the schema's MaxLength, at
    /// most Cognito's 2,048.
    pub max_chars: usize,
    /// Text that may be empty and has no minimum length: only the value's
    /// ends and length need checking.
    pub plain: bool,
    /// Every user must have a value.
    pub required: bool,
    /// The schema's MinLength.
    pub min_length: Option<u64>,
    /// The schema's MinValue.
    pub min_value: Option<i128>,
    /// The schema's MaxValue.
    pub max_value: Option<i128>,
}

/// The header as read from the file, resolved against the pool.
#[derive(Clone, Debug)]
pub struct Header {
    /// The line it was read from.
    pub line: u64,
    /// Number of fields every line must have; `None` when the header could
    /// not be read (too long, not text, JSON), and lines are not checked.
    pub width: Option<usize>,
    /// The columns, in the file's order.
    pub columns: Vec<Column>,
    /// Where the columns that checks across columns read are.
    pub email: Option<usize>,
    /// `email_verified`
    pub email_verified: Option<usize>,
    /// `phone_number`
    pub phone_number: Option<usize>,
    /// `phone_number_verified`
    pub phone_number_verified: Option<usize>,
    /// `cognito:mfa_enabled`
    pub mfa_enabled: Option<usize>,
    /// Columns whose values must be unique among imported users, the
    /// username last.
    pub unique: Vec<UniqueColumn>,
}

impl Header {
    /// A header that could not be read: its lines are counted, not checked.
    pub fn unreadable(line: u64) -> Header {
        Header {
            line,
            width: None,
            columns: Vec::new(),
            email: None,
            email_verified: None,
            phone_number: None,
            phone_number_verified: None,
            mfa_enabled: None,
            unique: Vec::new(),
        }
    }

    /// Reads the header `line` against `pool`, adding what is wrong with it
    /// to `findings`.
    pub fn resolve(pool: &Pool, line: &Line, findings: &mut Vec<Finding>) -> Header {
        let number = line.number;
        if line.text.trim_start().starts_with(['{', '[']) {
            // A JSON export given for the CSV file: its "columns" would each
            // be reported, and say nothing more than this.
            findings.push(
                Finding::new(Code::HeaderUnknownColumn, Some(number)).with(Detail::JsonHeader),
            );
            return Header::unreadable(number);
        }
        let mut columns: Vec<Column> = Vec::with_capacity(line.fields.len());
        for index in 0..line.fields.len() {
            let raw = line.field(index);
            let name = raw.trim();
            let position = index as u32 + 1;
            let column = column(pool, name);
            if name.len() != raw.len() && !name.is_empty() {
                findings.push(
                    Finding::new(Code::HeaderWhitespace, Some(number))
                        .in_column(&column.name)
                        .with_value(raw)
                        .with(Detail::HeaderColumn { position }),
                );
            }
            if name.is_empty() {
                findings.push(Finding::new(Code::HeaderEmptyColumn, Some(number)).with(
                    Detail::EmptyColumn {
                        position,
                        last: index + 1 == line.fields.len(),
                    },
                ));
            } else if let Some(first) = columns.iter().position(|known| *known.name == *name) {
                findings.push(
                    Finding::new(Code::HeaderDuplicateColumn, Some(number))
                        .in_column(&column.name)
                        .with(Detail::RepeatedColumn {
                            position,
                            first: first as u32 + 1,
                        }),
                );
            } else if !column_allowed(pool, name) {
                let (hint, suggested) = unknown_column_hint(pool, name);
                let mut finding = Finding::new(Code::HeaderUnknownColumn, Some(number))
                    .in_column(&column.name)
                    .with(Detail::UnknownColumn {
                        position,
                        hint,
                        pool: pool.describe().into(),
                    });
                if let Some(suggested) = suggested {
                    finding = finding.suggesting(suggested);
                }
                findings.push(finding);
            }
            columns.push(column);
        }
        for name in &pool.header {
            if !columns.iter().any(|column| *column.name == **name) {
                findings.push(
                    Finding::new(Code::HeaderMissingColumn, Some(number)).in_column_named(name),
                );
            }
        }
        if let Some(algorithm) = pool.password_hash_algorithm {
            if !columns
                .iter()
                .any(|column| column.kind == Kind::PasswordHash)
            {
                findings.push(
                    Finding::new(Code::HeaderMissingPasswordHash, Some(number))
                        .with(Detail::Algorithm(algorithm)),
                );
            }
        }
        let position = |kind: Kind| columns.iter().position(|column| column.kind == kind);
        Header {
            line: number,
            width: Some(columns.len()),
            email: position(Kind::Email),
            email_verified: position(Kind::EmailVerified),
            phone_number: position(Kind::PhoneNumber),
            phone_number_verified: position(Kind::PhoneNumberVerified),
            mfa_enabled: position(Kind::MfaEnabled),
            unique: unique_columns(pool, &columns),
            columns,
        }
    }
}

/// The columns whose values must be unique: the username, and the alias
/// and username attributes of the pool; the username last, so that it is
/// looked up once the line's other findings are known.
fn unique_columns(pool: &Pool, columns: &[Column]) -> Vec<UniqueColumn> {
    let alias = |attribute: Alias, verifiable: Option<Verifiable>| {
        pool.alias_attributes.contains(&attribute)
            || verifiable.is_some_and(|verifiable| pool.username_attributes.contains(&verifiable))
    };
    let mut unique = Vec::new();
    let mut username = None;
    for (index, column) in columns.iter().enumerate() {
        let (set, fold_case) = match column.kind {
            Kind::Username => {
                // A repeated column fails the job; the last one is checked.
                username = Some(UniqueColumn {
                    column: index,
                    set: UniqueSet::Username,
                    fold_case: !pool.case_sensitive,
                });
                continue;
            }
            Kind::Email if alias(Alias::Email, Some(Verifiable::Email)) => (UniqueSet::Email, true),
            Kind::PhoneNumber if alias(Alias::PhoneNumber, Some(Verifiable::PhoneNumber)) => {
                (UniqueSet::PhoneNumber, false)
            }
            Kind::PreferredUsername if alias(Alias::PreferredUsername, None) => {
                (UniqueSet::PreferredUsername, !pool.case_sensitive)
            }
            _ => continue,
        };
        unique.push(UniqueColumn {
            column: index,
            set,
            fold_case,
        });
    }
    unique.extend(username);
    unique
}

fn column_allowed(pool: &Pool, name: &str) -> bool {
    name == "password_hash"
        || pool.header.iter().any(|expected| expected == name)
        || pool
            .attribute(name)
            .is_some_and(|attribute| attribute.developer_only)
}

/// What a name the pool does not have probably is, and the name to write
/// instead when that is known.
fn unknown_column_hint(pool: &Pool, name: &str) -> (ColumnHint, Option<String>) {
    let known = || {
        pool.header
            .iter()
            .map(String::as_str)
            .chain(["password_hash"])
    };
    let unquoted = name.trim_matches('"').trim();
    let lowered = name.to_lowercase();
    if name.contains("cognito:username") {
        if let Some((_, separator)) = Separator::ALL
            .into_iter()
            .find(|&(character, _)| name.contains(character))
        {
            return (ColumnHint::Separator(separator), None);
        }
    }
    if unquoted != name && known().any(|known| known == unquoted) {
        return (ColumnHint::Quoted, Some(unquoted.to_owned()));
    }
    if let Some(known) = known().find(|known| known.to_lowercase() == lowered) {
        return (ColumnHint::LetterCase, Some(known.to_owned()));
    }
    if name == "sub" || name == "identities" {
        return (ColumnHint::SetByCognito, None);
    }
    let close = known()
        .map(|known| (edit_distance(&lowered, &known.to_lowercase()), known))
        .filter(|&(distance, _)| distance <= 2)
        .min()
        .map(|(_, known)| known)
        .or_else(|| {
            known().find(|known| lowered.len() >= 4 && known.starts_with(lowered.as_str()))
        });
    if let Some(known) = close {
        return (ColumnHint::Close, Some(known.to_owned()));
    }
    if name.starts_with("custom:") {
        return (ColumnHint::NoSuchCustomAttribute, None);
    }
    (ColumnHint::None, None)
}

/// The column `name` is, in `pool`.
fn column(pool: &Pool, name: &str) -> Column {
    let attribute = pool.attribute(name);
    let kind = match name {
        "cognito:username" => Kind::Username,
        "cognito:mfa_enabled" => Kind::MfaEnabled,
        "password_hash" => Kind::PasswordHash,
        "email" => Kind::Email,
        "email_verified" => Kind::EmailVerified,
        "phone_number" => Kind::PhoneNumber,
        "phone_number_verified" => Kind::PhoneNumberVerified,
        "preferred_username" => Kind::PreferredUsername,
        "birthdate" => Kind::Birthdate,
        "updated_at" => Kind::UpdatedAt,
        _ => match attribute.map(|attribute| attribute.data_type) {
            Some(DataType::Boolean) => Kind::Boolean,
            Some(DataType::Number) => Kind::Number,
            _ => Kind::Text,
        },
    };
    let max_length = attribute.and_then(|attribute| attribute.max_length);
    let max_chars = max_length.map_or(limits::VALUE_CHARS, |max| {
        max.min(limits::VALUE_CHARS as u64) as usize
    });
    let required = attribute.is_some_and(|attribute| attribute.required);
    let min_length = attribute.and_then(|attribute| attribute.min_length);
    Column {
        name: name.into(),
        kind,
        max_chars,
        plain: matches!(kind, Kind::Text | Kind::PreferredUsername)
            && !required
            && min_length.is_none(),
        required,
        min_length,
        min_value: attribute.and_then(|attribute| attribute.min_value),
        max_value: attribute.and_then(|attribute| attribute.max_value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::split::{Event, Splitter};

    /// The header `text` resolved against `pool`, with its findings' codes.
    fn resolve(pool: &Pool, text: &str) -> (Header, Vec<Finding>) {
        let mut result = None;
        let mut splitter = Splitter::new();
        let mut on_event = |event: Event| {
            if let Event::Line(line) = event {
                let mut findings = Vec::new();
                result = Some((Header::resolve(pool, &line, &mut findings), findings));
            }
        };
        splitter.push(text.as_bytes(), &mut on_event);
        splitter.finish(&mut on_event);
        result.expect("a line")
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings
            .iter()
            .map(|finding| finding.code.as_str())
            .collect()
    }

    #[test]
    fn the_template_header_is_the_default_pool() {
        let pool = Pool::default();
        let (header, findings) = resolve(&pool, &pool.header.join(","));
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(header.width, Some(21));
        assert_eq!(header.columns[0].kind, Kind::Username);
        assert_eq!(header.email, Some(10));
        // No aliases in the default pool: the username alone is unique.
        assert_eq!(header.unique.len(), 1);
        assert_eq!(header.unique[0].set, UniqueSet::Username);
    }

    #[test]
    fn wrong_names_are_each_reported_with_a_hint() {
        let pool = Pool::default();
        let (_, findings) = resolve(&pool, "cognito:username, Email,emial,cognito:username,,sub");
        assert_eq!(
            codes(&findings),
            [
                "header.whitespace",
                "header.unknown_column",
                "header.unknown_column",
                "header.duplicate_column",
                "header.empty_column",
                "header.unknown_column",
            ]
            .into_iter()
            .chain(std::iter::repeat_n("header.missing_column", 20))
            .collect::<Vec<_>>()
        );
        assert_eq!(findings[1].suggested.as_deref(), Some("email"));
        assert!(matches!(
            findings[1].detail,
            Detail::UnknownColumn {
                hint: ColumnHint::LetterCase,
                ..
            }
        ));
        assert_eq!(findings[2].suggested.as_deref(), Some("email"));
        assert!(matches!(
            findings[5].detail,
            Detail::UnknownColumn {
                hint: ColumnHint::SetByCognito,
                ..
            }
        ));
    }

    #[test]
    fn a_header_of_another_separator_is_named() {
        let (_, findings) = resolve(&Pool::default(), "cognito:username;email;name");
        assert!(matches!(
            findings[0].detail,
            Detail::UnknownColumn {
                hint: ColumnHint::Separator(Separator::Semicolon),
                ..
            }
        ));
    }

    #[test]
    fn a_json_line_is_no_header() {
        let (header, findings) = resolve(&Pool::default(), "{\"Users\": []}");
        assert_eq!(header.width, None);
        assert_eq!(findings[0].detail, Detail::JsonHeader);
    }

    #[test]
    fn alias_columns_must_be_unique() {
        let pool = Pool {
            alias_attributes: vec![Alias::Email, Alias::PreferredUsername],
            username_attributes: vec![Verifiable::PhoneNumber],
            ..Pool::default()
        };
        let (header, _) = resolve(&pool, &pool.header.join(","));
        let sets: Vec<UniqueSet> = header.unique.iter().map(|unique| unique.set).collect();
        assert_eq!(
            sets,
            [
                UniqueSet::PreferredUsername,
                UniqueSet::Email,
                UniqueSet::PhoneNumber,
                UniqueSet::Username
            ]
        );
    }
}
