//! The header: the file's first line read against the pool's expected
//! header, into the columns the checks of each user line work with, and
//! the findings about its names (with what a wrong name probably is).

use crate::engine::limits;
use crate::engine::row::trim;
use crate::engine::split::Line;
use crate::engine::unique::{UniqueColumn, UniqueSet};
use crate::finding::{ColumnHint, Detail, Finding, NotDialect, Separator};
use crate::pool::{Alias, Attribute, DataType, Pool, Verifiable};
use crate::rules::Code;
use crate::text::edit_distance;
use std::collections::{HashMap, HashSet};
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
    /// The names as read (trimmed, without their quotes), in the file's
    /// order, for the report; the whole line as one name when it is of
    /// another dialect; `None` when the line is no names at all (JSON, not
    /// text, too long).
    pub names: Option<Vec<Arc<str>>>,
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
    /// Each column's place, by name (the first, for a repeated name).
    pub places: HashMap<Arc<str>, usize>,
    /// The header's names are in double quotes, as those of a file quoted
    /// as RFC 4180 has it: the quoting is one finding, and values are
    /// checked without their quotes, for what else is wrong.
    pub quoted: bool,
}

impl Header {
    /// A header that could not be read: its lines are counted, not checked.
    pub fn unreadable(line: u64) -> Header {
        Header {
            line,
            width: None,
            columns: Vec::new(),
            names: None,
            email: None,
            email_verified: None,
            phone_number: None,
            phone_number_verified: None,
            mfa_enabled: None,
            unique: Vec::new(),
            places: HashMap::new(),
            quoted: false,
        }
    }

    /// Reads the header `line` against `pool`, adding what is wrong with it
    /// to `findings`; `None` when the line is no header at all (PowerShell's
    /// `#TYPE` line), and the next one is to be read as the header.
    pub fn resolve(pool: &Pool, line: &Line, findings: &mut Vec<Finding>) -> Option<Header> {
        let number = line.number;
        let first = line.text.trim_start();
        if first.starts_with(['{', '[']) {
            // A JSON export given for the CSV file: its "columns" would each
            // be reported, and say nothing more than this.
            findings.push(
                Finding::new(Code::HeaderUnknownColumn, Some(number)).with(Detail::JsonHeader),
            );
            return Some(Header::unreadable(number));
        }
        if first.starts_with("#TYPE") {
            findings.push(
                Finding::new(Code::HeaderUnknownColumn, Some(number))
                    .with_value(line.text)
                    .with(Detail::NotDialect(NotDialect::TypeLine)),
            );
            return None;
        }
        let index = PoolIndex::of(pool);
        let names: Vec<&str> = (0..line.fields.len())
            .map(|field| line.field(field).trim())
            .collect();
        // A header of another dialect is one finding, not one per column.
        if let [name] = names[..] {
            if let Some((_, separator)) = Separator::ALL
                .into_iter()
                .find(|&(character, _)| name.contains(character))
            {
                // A name the pool has, or one it renames (as `fix` reads a
                // header), tells a header: `Username;Email` is one too.
                let known = name
                    .split(|c| Separator::ALL.iter().any(|&(separator, _)| c == separator))
                    .any(|part| index.column_for(part.trim().trim_matches('"')).is_some());
                if known {
                    findings.push(
                        Finding::new(Code::HeaderUnknownColumn, Some(number))
                            .with_value(name)
                            .with(Detail::NotDialect(NotDialect::Separator(separator))),
                    );
                    // Cognito reads it as this one column.
                    return Some(Header {
                        names: Some(vec![name.into()]),
                        ..Header::unreadable(number)
                    });
                }
            }
        }
        let quoted_name = names.iter().find(|name| is_quoted(name));
        let quoted = quoted_name.is_some();
        if let Some(name) = quoted_name {
            findings.push(
                Finding::new(Code::HeaderUnknownColumn, Some(number))
                    .with_value(name)
                    .with(Detail::NotDialect(NotDialect::Quoted)),
            );
        }
        // Names as the columns are checked: unquoted, and renamed where a
        // name is a pool column's but for letter case, white space or a
        // prefix.
        let given: HashSet<&str> = names.iter().map(|name| unquote(name)).collect();
        let mut columns: Vec<Column> = Vec::with_capacity(names.len());
        let mut positions: HashMap<&str, u32> = HashMap::with_capacity(names.len());
        let mut renamed = HashSet::new();
        let pool_described = pool.describe();
        for (field, &name) in names.iter().enumerate() {
            let raw = line.field(field);
            let name = unquote(name);
            let position = field as u32 + 1;
            let mut column = index.column(name);
            // What the header says of this name, unless quotes say it all.
            let mut report = |finding: Finding| {
                if !quoted {
                    findings.push(finding);
                }
            };
            if !name.is_empty() && raw.trim().len() != raw.len() {
                report(
                    Finding::new(Code::HeaderWhitespace, Some(number))
                        .in_column(&column.name)
                        .with_value(raw)
                        .with(Detail::HeaderColumn { position }),
                );
            }
            if name.is_empty() {
                report(Finding::new(Code::HeaderEmptyColumn, Some(number)).with(
                    Detail::EmptyColumn {
                        position,
                        last: field + 1 == names.len(),
                    },
                ));
            } else if let Some(&first) = positions.get(name) {
                report(
                    Finding::new(Code::HeaderDuplicateColumn, Some(number))
                        .in_column(&column.name)
                        .with(Detail::RepeatedColumn { position, first }),
                );
            } else if !index.allows(name) {
                let (hint, suggested) = index.hint(name, &given, &renamed);
                let mut finding = Finding::new(Code::HeaderUnknownColumn, Some(number))
                    .in_column(&column.name)
                    .with(Detail::UnknownColumn {
                        position,
                        hint,
                        pool: pool_described.as_str().into(),
                    });
                if let Some(suggested) = suggested {
                    if hint == ColumnHint::Rename {
                        // Checked as the column it stands for, which is
                        // then not missing.
                        renamed.insert(suggested);
                        column = Column {
                            name: column.name,
                            ..index.column(suggested)
                        };
                    }
                    finding = finding.suggesting(suggested);
                }
                report(finding);
            }
            positions.entry(name).or_insert(position);
            columns.push(column);
        }
        if !quoted {
            for name in &pool.header {
                if !given.contains(name.as_str()) && !renamed.contains(name.as_str()) {
                    findings.push(
                        Finding::new(Code::HeaderMissingColumn, Some(number)).in_column_named(name),
                    );
                }
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
        Some(Header {
            line: number,
            width: Some(columns.len()),
            names: Some(
                columns
                    .iter()
                    .map(|column| Arc::clone(&column.name))
                    .collect(),
            ),
            email: position(Kind::Email),
            email_verified: position(Kind::EmailVerified),
            phone_number: position(Kind::PhoneNumber),
            phone_number_verified: position(Kind::PhoneNumberVerified),
            mfa_enabled: position(Kind::MfaEnabled),
            unique: unique_columns(pool, &columns),
            places: columns
                .iter()
                .enumerate()
                .rev()
                .map(|(place, column)| (Arc::clone(&column.name), place))
                .collect(),
            columns,
            quoted,
        })
    }
}

impl Header {
    /// Where a finding of a user line sits in the file's column order: at
    /// its column; `verified.none` at the first of the two `*_verified`
    /// columns; a finding about no column (or one not in the header) after
    /// all columns.
    pub fn place(&self, finding: &Finding) -> usize {
        let place = match (finding.code, &finding.column) {
            (Code::VerifiedNone, _) => self
                .email_verified
                .into_iter()
                .chain(self.phone_number_verified)
                .min(),
            // Most findings share the header's own name: found without a hash.
            (_, Some(name)) => self
                .columns
                .iter()
                .position(|column| Arc::ptr_eq(&column.name, name))
                .or_else(|| self.places.get(name).copied()),
            (_, None) => None,
        };
        place.unwrap_or(usize::MAX)
    }

    /// Whether a data line repeats the header, name for name: a second
    /// header (two files joined, each with its own).
    pub fn is_repeated_by(&self, line: &Line) -> bool {
        self.width == Some(line.fields.len())
            && self
                .columns
                .iter()
                .enumerate()
                .all(|(place, column)| self.value(line, place) == &*column.name)
    }

    /// The value of `column` on `line` as it is checked: trimmed, and
    /// without its quotes in a quoted file.
    #[inline]
    pub fn value<'a>(&self, line: &'a Line, column: usize) -> &'a str {
        self.as_checked(line.field(column))
    }

    /// A value as it is checked (see [`Header::value`]), from its field.
    #[inline]
    pub fn as_checked<'a>(&self, field: &'a str) -> &'a str {
        let value = trim(field);
        if self.quoted {
            unquote(value)
        } else {
            value
        }
    }
}

/// A name or value in double quotes.
pub fn is_quoted(text: &str) -> bool {
    text.len() >= 2 && text.starts_with('"') && text.ends_with('"')
}

/// A name or value without the double quotes around it (and the white
/// space inside them).
pub fn unquote(text: &str) -> &str {
    if is_quoted(text) {
        text[1..text.len() - 1].trim()
    } else {
        text
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
                (UniqueSet::PhoneNumber, !pool.case_sensitive)
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

/// The pool's columns, indexed once per header, so that a header of any
/// width is read in linear time.
pub(crate) struct PoolIndex<'a> {
    attributes: HashMap<&'a str, &'a Attribute>,
    expected: HashSet<&'a str>,
    /// The expected names, lowered and without white space.
    folded: HashMap<String, &'a str>,
}

/// Beyond this many columns, a pool's names are not searched for one close
/// to an unknown name (a pool has at most 50 custom attributes).
const CLOSE_NAMES_SEARCHED: usize = 1_000;

/// A name lowered and without white space or control characters, for
/// renames.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

impl<'a> PoolIndex<'a> {
    /// The pool's column a header name stands for: the name itself when the
    /// pool takes it, else the column it renames (the same but for letter
    /// case, white space or a missing `cognito:` / `custom:` prefix).
    pub(crate) fn column_for(&self, name: &str) -> Option<&'a str> {
        if let Some(&known) = self.expected.get(name) {
            return Some(known);
        }
        if let Some(attribute) = self.attributes.get(name) {
            return attribute.developer_only.then_some(attribute.name.as_str());
        }
        let folded = fold(name);
        ["", "cognito:", "custom:"]
            .into_iter()
            .find_map(|prefix| self.folded.get(&format!("{prefix}{folded}")))
            .copied()
    }

    pub(crate) fn of(pool: &'a Pool) -> PoolIndex<'a> {
        let expected: HashSet<&str> = pool
            .header
            .iter()
            .map(String::as_str)
            .chain(["password_hash"])
            .collect();
        PoolIndex {
            attributes: pool
                .attributes
                .iter()
                .map(|attribute| (attribute.name.as_str(), attribute))
                .collect(),
            folded: expected.iter().map(|&name| (fold(name), name)).collect(),
            expected,
        }
    }

    /// Whether the pool takes a column of this name.
    fn allows(&self, name: &str) -> bool {
        self.expected.contains(name)
            || self
                .attributes
                .get(name)
                .is_some_and(|attribute| attribute.developer_only)
    }

    /// What a name the pool does not have probably is, and the name to write
    /// instead when that is known. `given` are the header's names, and
    /// `renamed` the pool columns other names were renamed to: a rename
    /// never makes a repeated column.
    fn hint(
        &self,
        name: &str,
        given: &HashSet<&str>,
        renamed: &HashSet<&'a str>,
    ) -> (ColumnHint, Option<&'a str>) {
        let folded = fold(name);
        let mut targets = ["", "cognito:", "custom:"]
            .into_iter()
            .filter_map(|prefix| self.folded.get(&format!("{prefix}{folded}")))
            .copied();
        if let Some(target) = targets.next() {
            // Renamed, unless that would repeat a column of the header.
            if given.contains(target) || renamed.contains(target) {
                return (ColumnHint::Repeats, Some(target));
            }
            return (ColumnHint::Rename, Some(target));
        }
        if name == "sub" || name == "identities" {
            return (ColumnHint::SetByCognito, None);
        }
        if self.expected.len() <= CLOSE_NAMES_SEARCHED {
            let lowered = name.to_lowercase();
            let close = self
                .expected
                .iter()
                .map(|&known| (edit_distance(&lowered, &known.to_lowercase()), known))
                .filter(|&(distance, _)| distance <= 2)
                .min()
                .map(|(_, known)| known)
                .or_else(|| {
                    let mut starting: Vec<&str> = self
                        .expected
                        .iter()
                        .copied()
                        .filter(|known| lowered.len() >= 4 && known.starts_with(lowered.as_str()))
                        .collect();
                    starting.sort_unstable();
                    starting.first().copied()
                });
            if let Some(known) = close {
                return (ColumnHint::Close, Some(known));
            }
        }
        if name.starts_with("custom:") || name.starts_with("dev:custom:") {
            return (ColumnHint::NoSuchCustomAttribute, None);
        }
        (ColumnHint::None, None)
    }

    /// The column `name` is, in the pool.
    fn column(&self, name: &str) -> Column {
        let attribute = self.attributes.get(name).copied();
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
                let header = Header::resolve(pool, &line, &mut findings).expect("a header");
                result = Some((header, findings));
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
        let (header, findings) =
            resolve(&pool, "cognito:username, Email,emial,cognito:username,,sub");
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
            .chain(std::iter::repeat_n("header.missing_column", 19))
            .collect::<Vec<_>>()
        );
        // Email is email but for its letter case: a rename, checked as email.
        assert_eq!(findings[1].suggested.as_deref(), Some("email"));
        assert!(matches!(
            findings[1].detail,
            Detail::UnknownColumn {
                hint: ColumnHint::Rename,
                ..
            }
        ));
        assert_eq!(header.columns[1].kind, Kind::Email);
        // The report gives the names as read, trimmed: the renamed one too.
        let names: Vec<&str> = header.names.iter().flatten().map(|name| &**name).collect();
        assert_eq!(
            names,
            [
                "cognito:username",
                "Email",
                "emial",
                "cognito:username",
                "",
                "sub"
            ]
        );
        assert!(!findings
            .iter()
            .any(|finding| finding.code == Code::HeaderMissingColumn
                && finding.column.as_deref() == Some("email")));
        // emial is only close to it.
        assert!(matches!(
            findings[2].detail,
            Detail::UnknownColumn {
                hint: ColumnHint::Close,
                ..
            }
        ));
        assert!(matches!(
            findings[5].detail,
            Detail::UnknownColumn {
                hint: ColumnHint::SetByCognito,
                ..
            }
        ));
    }

    #[test]
    fn a_missing_prefix_is_a_rename() {
        let pool = Pool::default();
        let names: Vec<&str> = pool
            .header
            .iter()
            .map(|name| match name.as_str() {
                "cognito:username" => "username",
                "cognito:mfa_enabled" => "MFA_Enabled",
                other => other,
            })
            .collect();
        let (header, findings) = resolve(&pool, &names.join(","));
        assert_eq!(
            codes(&findings),
            ["header.unknown_column", "header.unknown_column"]
        );
        assert_eq!(findings[0].suggested.as_deref(), Some("cognito:username"));
        assert_eq!(
            findings[1].suggested.as_deref(),
            Some("cognito:mfa_enabled")
        );
        assert_eq!(header.columns[0].kind, Kind::Username);
        assert_eq!(header.unique[0].set, UniqueSet::Username);
    }

    #[test]
    fn a_header_of_another_dialect_is_one_finding() {
        for (text, how) in [
            (
                "cognito:username;email;name",
                NotDialect::Separator(Separator::Semicolon),
            ),
            (
                "cognito:username\temail",
                NotDialect::Separator(Separator::Tab),
            ),
            ("\"cognito:username\",\"email\"", NotDialect::Quoted),
        ] {
            let (header, findings) = resolve(&Pool::default(), text);
            assert_eq!(findings.len(), 1, "{text}: {findings:?}");
            assert_eq!(findings[0].detail, Detail::NotDialect(how), "{text}");
            if let NotDialect::Separator(_) = how {
                // Cognito reads one column: the report's header says so.
                assert_eq!(header.names, Some(vec![text.into()]), "{text}");
            }
        }
        // A quoted header is read without its quotes.
        let (header, _) = resolve(&Pool::default(), "\"cognito:username\",\"email\"");
        assert_eq!(header.columns[1].kind, Kind::Email);
        assert_eq!(
            header.names,
            Some(vec!["cognito:username".into(), "email".into()])
        );
        // Names the pool renames tell another dialect's header too.
        let (_, findings) = resolve(&Pool::default(), "Username;E-Mail;Email_Verified");
        assert_eq!(
            findings
                .iter()
                .map(|finding| &finding.detail)
                .collect::<Vec<_>>(),
            [&Detail::NotDialect(NotDialect::Separator(
                Separator::Semicolon
            ))]
        );
        // A name with a semicolon in a comma-separated header is only unknown.
        let (_, findings) = resolve(&Pool::default(), "cognito:username,a;b");
        assert!(matches!(findings[0].detail, Detail::UnknownColumn { .. }));
    }

    #[test]
    fn a_powershell_type_line_is_no_header() {
        let mut findings = Vec::new();
        let mut splitter = Splitter::new();
        let mut resolved = Vec::new();
        splitter.push(
            b"#TYPE System.Management.Automation.PSCustomObject\n",
            &mut |event| {
                if let Event::Line(line) = event {
                    resolved
                        .push(Header::resolve(&Pool::default(), &line, &mut findings).is_some());
                }
            },
        );
        assert_eq!(resolved, [false]);
        assert_eq!(findings[0].detail, Detail::NotDialect(NotDialect::TypeLine));
    }

    #[test]
    fn a_json_line_is_no_header() {
        let (header, findings) = resolve(&Pool::default(), "{\"Users\": []}");
        assert_eq!(header.width, None);
        assert_eq!(header.names, None);
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
