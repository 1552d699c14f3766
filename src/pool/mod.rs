//! The user pool a file is checked against: its model.
//!
//! A [`Pool`] is read from the output of `aws cognito-idp describe-user-pool`
//! and/or `aws cognito-idp get-csv-header` ([`PoolSources`], in `aws.rs`),
//! with [`Overrides`] on top; with nothing given it is the spec's default
//! pool. What can go wrong reading them is a [`PoolError`] (`error.rs`).

mod aws;
mod error;

pub use aws::{
    parse_describe_user_pool, parse_get_csv_header, DescribeUserPool, GetCsvHeader, PoolSources,
};
pub use error::{PoolError, PoolInput};

use serde::{Deserialize, Serialize};

/// The pool's MFA configuration (`MfaConfiguration`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Mfa {
    /// MFA is off: no user may have it enabled.
    Off,
    /// MFA is required for every user.
    On,
    /// Each user chooses.
    Optional,
}

/// A password hashing algorithm an import job can be created with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HashAlgorithm {
    /// bcrypt (`$2a$`, `$2b$`, `$2x$`, `$2y$`).
    #[serde(rename = "BCRYPT")]
    Bcrypt,
    /// scrypt (`N$r$p$hexSalt$hexHash`).
    #[serde(rename = "SCRYPT")]
    Scrypt,
    /// Argon2id (`$argon2id$v=N$m=M,t=T,p=P$salt$hash`).
    #[serde(rename = "ARGON2ID")]
    Argon2id,
    /// PBKDF2 with SHA-256 (`$pbkdf2-sha256$iterations$salt$hash`).
    #[serde(rename = "PBKDF2_SHA256")]
    Pbkdf2Sha256,
}

impl HashAlgorithm {
    /// Every algorithm, in the order of the spec.
    pub const ALL: [HashAlgorithm; 4] = [
        HashAlgorithm::Bcrypt,
        HashAlgorithm::Scrypt,
        HashAlgorithm::Argon2id,
        HashAlgorithm::Pbkdf2Sha256,
    ];

    /// The name AWS uses: `BCRYPT`, `SCRYPT`, `ARGON2ID`, `PBKDF2_SHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            HashAlgorithm::Bcrypt => "BCRYPT",
            HashAlgorithm::Scrypt => "SCRYPT",
            HashAlgorithm::Argon2id => "ARGON2ID",
            HashAlgorithm::Pbkdf2Sha256 => "PBKDF2_SHA256",
        }
    }

    /// The algorithm for its AWS name, in any letter case.
    pub fn parse(text: &str) -> Option<HashAlgorithm> {
        Self::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl Mfa {
    /// The name AWS uses: `OFF`, `ON`, `OPTIONAL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mfa::Off => "OFF",
            Mfa::On => "ON",
            Mfa::Optional => "OPTIONAL",
        }
    }

    /// The setting for `off`, `on` or `optional`, in any letter case.
    pub fn parse(text: &str) -> Option<Mfa> {
        [Mfa::Off, Mfa::On, Mfa::Optional]
            .into_iter()
            .find(|mfa| mfa.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// An attribute Cognito can auto-verify, or use as username.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verifiable {
    /// `email`
    Email,
    /// `phone_number`
    PhoneNumber,
}

impl Verifiable {
    /// The attribute's name: `email` or `phone_number`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verifiable::Email => "email",
            Verifiable::PhoneNumber => "phone_number",
        }
    }

    /// The attribute for `email` or `phone_number`.
    pub fn parse(text: &str) -> Option<Verifiable> {
        match text.trim() {
            "email" => Some(Verifiable::Email),
            "phone_number" => Some(Verifiable::PhoneNumber),
            _ => None,
        }
    }
}

/// An attribute a user can sign in with besides the username
/// (`AliasAttributes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alias {
    /// `email`
    Email,
    /// `phone_number`
    PhoneNumber,
    /// `preferred_username`
    PreferredUsername,
}

/// The data type of a schema attribute (`AttributeDataType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataType {
    /// Text.
    String,
    /// An integer, written as digits.
    Number,
    /// A date and time.
    DateTime,
    /// `true` or `false`.
    Boolean,
}

/// One attribute of the pool's schema, as a column of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    /// The column name: `email`, `custom:tier`, `dev:custom:legacy_id`.
    pub name: String,
    /// The attribute's data type.
    pub data_type: DataType,
    /// Whether every user must have a value.
    pub required: bool,
    /// A developer-only attribute: allowed in the header, not required.
    pub developer_only: bool,
    /// `StringAttributeConstraints.MinLength`.
    #[serde(serialize_with = "serialize_bound")]
    pub min_length: Option<u64>,
    /// `StringAttributeConstraints.MaxLength`.
    #[serde(serialize_with = "serialize_bound")]
    pub max_length: Option<u64>,
    /// `NumberAttributeConstraints.MinValue`.
    #[serde(serialize_with = "serialize_bound")]
    pub min_value: Option<i128>,
    /// `NumberAttributeConstraints.MaxValue`.
    #[serde(serialize_with = "serialize_bound")]
    pub max_value: Option<i128>,
}

/// A bound as a JSON number that JavaScript reads exactly: an integer when
/// within ±(2^53 − 1), else the nearest double (a bound that large is
/// approximate in any JavaScript reader anyway, and would not cross into
/// JavaScript as a number at all).
fn serialize_bound<T: Copy + Into<i128>, S: serde::Serializer>(
    bound: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    const SAFE: i128 = (1 << 53) - 1;
    match bound.map(Into::into) {
        None => serializer.serialize_none(),
        Some(value) if (-SAFE..=SAFE).contains(&value) => {
            serializer.serialize_some(&(value as i64))
        }
        Some(value) => serializer.serialize_some(&(value as f64)),
    }
}

impl Attribute {
    fn standard(name: &str) -> Attribute {
        let data_type = match name {
            "email_verified" | "phone_number_verified" => DataType::Boolean,
            "updated_at" => DataType::Number,
            _ => DataType::String,
        };
        Attribute {
            name: name.to_owned(),
            data_type,
            required: false,
            developer_only: false,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
        }
    }
}

/// Where the pool's settings came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PoolSource {
    /// Nothing was given: the spec's default pool.
    Default,
    /// `describe-user-pool` output only.
    DescribeUserPool,
    /// `get-csv-header` output only; the rest is the default pool's.
    GetCsvHeader,
    /// Both: the header from `get-csv-header`, the rest from
    /// `describe-user-pool`.
    #[serde(rename = "describe-user-pool+get-csv-header")]
    Both,
}

/// The settings a file is checked against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pool {
    /// Where the settings came from.
    pub source: PoolSource,
    /// The pool's id, when a file gave it.
    pub user_pool_id: Option<String>,
    /// The pool's name, when a file gave it.
    pub name: Option<String>,
    /// The expected header, in the order `get-csv-header` gives it.
    pub header: Vec<String>,
    /// The schema attributes the file may carry, with their constraints
    /// (developer-only ones included; `sub` and `identities` excluded).
    pub attributes: Vec<Attribute>,
    /// The MFA configuration.
    pub mfa: Mfa,
    /// The attributes the pool auto-verifies.
    pub auto_verified_attributes: Vec<Verifiable>,
    /// The attributes users can sign in with besides the username.
    pub alias_attributes: Vec<Alias>,
    /// The attributes used as username (email and/or phone number).
    pub username_attributes: Vec<Verifiable>,
    /// Whether usernames are compared case-sensitively.
    pub case_sensitive: bool,
    /// The import job's password hashing algorithm, if any.
    pub password_hash_algorithm: Option<HashAlgorithm>,
    /// The settings given as overrides, by name (`mfa`, `autoVerified`,
    /// `caseSensitive`, `passwordHashAlgorithm`).
    pub overrides: Vec<&'static str>,
}

/// The 21 columns of the AWS template, the default pool's header.
pub const DEFAULT_HEADER: [&str; 21] = [
    "cognito:username",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
    "cognito:mfa_enabled",
];

/// Columns that are part of every header but are no schema attributes.
const COGNITO_COLUMNS: [&str; 2] = ["cognito:username", "cognito:mfa_enabled"];

impl Default for Pool {
    /// The spec's default pool: the AWS template's 21 columns, MFA optional,
    /// email and phone number auto-verified, no aliases, case-insensitive
    /// usernames, no password hashes.
    fn default() -> Pool {
        Pool {
            source: PoolSource::Default,
            user_pool_id: None,
            name: None,
            header: DEFAULT_HEADER.iter().map(|name| name.to_string()).collect(),
            attributes: DEFAULT_HEADER
                .iter()
                .filter(|name| !COGNITO_COLUMNS.contains(name))
                .map(|name| Attribute::standard(name))
                .collect(),
            mfa: Mfa::Optional,
            auto_verified_attributes: vec![Verifiable::Email, Verifiable::PhoneNumber],
            alias_attributes: Vec::new(),
            username_attributes: Vec::new(),
            case_sensitive: false,
            password_hash_algorithm: None,
            overrides: Vec::new(),
        }
    }
}

/// Settings given by hand, on top of the pool files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// The MFA configuration.
    pub mfa: Option<Mfa>,
    /// The auto-verified attributes (an empty list means none).
    pub auto_verified: Option<Vec<Verifiable>>,
    /// Whether usernames are case-sensitive.
    pub case_sensitive: Option<bool>,
    /// The job's password hashing algorithm.
    pub password_hash_algorithm: Option<HashAlgorithm>,
}

/// What the validator asks of a pool.
impl Pool {
    /// The schema attribute behind a column, if the column is one.
    pub fn attribute(&self, column: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == column)
    }

    /// Whether the pool auto-verifies this attribute.
    pub fn auto_verifies(&self, attribute: Verifiable) -> bool {
        self.auto_verified_attributes.contains(&attribute)
    }

    /// A one-line description, as reports print it:
    /// `default pool` or `pool us-east-1_Example1 (example-pool)`.
    pub fn describe(&self) -> String {
        let mut text = match (&self.user_pool_id, &self.name) {
            (_, _) if self.source == PoolSource::Default => "default pool".to_owned(),
            (id, _) if self.source == PoolSource::GetCsvHeader => format!(
                "header of the pool {} (from get-csv-header) and the default pool's other settings",
                id.as_deref().unwrap_or("given")
            ),
            (Some(id), Some(name)) => format!("pool {id} ({name})"),
            (Some(id), None) => format!("pool {id}"),
            (None, Some(name)) => format!("pool {name}"),
            (None, None) => "pool from the given files".to_owned(),
        };
        if !self.overrides.is_empty() {
            text.push_str(&format!(" with overrides: {}", self.overrides.join(", ")));
        }
        text
    }
}
