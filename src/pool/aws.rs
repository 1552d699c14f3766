//! The pool's inputs as AWS writes them: the JSON output of
//! `aws cognito-idp describe-user-pool` and `get-csv-header`, read into a
//! [`Pool`].

use super::{
    Alias, Attribute, DataType, Mfa, Overrides, Pool, PoolError, PoolInput, PoolSource, Verifiable,
    COGNITO_COLUMNS,
};
use crate::text::truncate;
use serde::{Deserialize, Deserializer};
use std::collections::HashSet;

/// The output of `aws cognito-idp describe-user-pool`: `{"UserPool": {...}}`
/// or the inner object. Only the fields the validator uses are read.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPool {
    user_pool: Option<Box<DescribeUserPool>>,
    id: Option<String>,
    name: Option<String>,
    schema_attributes: Option<Vec<SchemaAttribute>>,
    mfa_configuration: Option<AwsName<Mfa>>,
    auto_verified_attributes: Option<Vec<AwsName<Verifiable>>>,
    username_attributes: Option<Vec<AwsName<Verifiable>>>,
    alias_attributes: Option<Vec<AwsName<Alias>>>,
    username_configuration: Option<UsernameConfiguration>,
    // Present when a get-csv-header output was given in the pool's place.
    #[serde(rename = "CSVHeader")]
    csv_header: Option<serde::de::IgnoredAny>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SchemaAttribute {
    name: String,
    attribute_data_type: Option<AwsName<DataType>>,
    developer_only_attribute: Option<bool>,
    required: Option<bool>,
    string_attribute_constraints: Option<StringConstraints>,
    number_attribute_constraints: Option<NumberConstraints>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StringConstraints {
    min_length: Option<IntegerText>,
    max_length: Option<IntegerText>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NumberConstraints {
    min_value: Option<IntegerText>,
    max_value: Option<IntegerText>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UsernameConfiguration {
    case_sensitive: Option<bool>,
}

/// One of the names AWS writes for a setting (`"OFF"`, `"email"`), read so
/// that anything else, a number included, gets a message naming what is
/// allowed, at its JSON path (never "not valid JSON").
#[derive(Clone, Copy, Debug)]
struct AwsName<T>(T);

/// A setting's values with the names AWS writes for them, in one order.
trait Named: Copy + 'static {
    const NAMES: &'static [&'static str];
    const VALUES: &'static [Self];
}

impl Named for Mfa {
    const NAMES: &'static [&'static str] = &["OFF", "ON", "OPTIONAL"];
    const VALUES: &'static [Mfa] = &[Mfa::Off, Mfa::On, Mfa::Optional];
}

impl Named for Verifiable {
    const NAMES: &'static [&'static str] = &["email", "phone_number"];
    const VALUES: &'static [Verifiable] = &[Verifiable::Email, Verifiable::PhoneNumber];
}

impl Named for Alias {
    const NAMES: &'static [&'static str] = &["email", "phone_number", "preferred_username"];
    const VALUES: &'static [Alias] = &[Alias::Email, Alias::PhoneNumber, Alias::PreferredUsername];
}

impl Named for DataType {
    const NAMES: &'static [&'static str] = &["String", "Number", "DateTime", "Boolean"];
    const VALUES: &'static [DataType] = &[
        DataType::String,
        DataType::Number,
        DataType::DateTime,
        DataType::Boolean,
    ];
}

impl<T: Named> AwsName<T> {
    /// The values of a list, none when it is absent (as AWS omits empty lists).
    fn all(names: Option<Vec<AwsName<T>>>) -> Vec<T> {
        names
            .unwrap_or_default()
            .into_iter()
            .map(|name| name.0)
            .collect()
    }
}

impl<'de, T: Named> Deserialize<'de> for AwsName<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<T: Named> serde::de::Visitor<'_> for Visitor<T> {
            type Value = AwsName<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                let names: Vec<String> = T::NAMES.iter().map(|name| format!("`{name}`")).collect();
                write!(f, "one of {}", names.join(", "))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<AwsName<T>, E> {
                T::NAMES
                    .iter()
                    .position(|name| *name == text)
                    .map(|place| AwsName(T::VALUES[place]))
                    .ok_or_else(|| E::unknown_variant(text, T::NAMES))
            }
        }
        deserializer.deserialize_any(Visitor(std::marker::PhantomData))
    }
}

/// An integer that AWS writes as a string (`"2048"`); a JSON number is
/// accepted too.
#[derive(Clone, Copy, Debug)]
struct IntegerText(i128);

impl<'de> Deserialize<'de> for IntegerText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = IntegerText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer written as a string, like \"2048\"")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<IntegerText, E> {
                text.trim().parse().map(IntegerText).map_err(|_| {
                    E::custom(format!(
                        "expected an integer written as a string, like \"2048\", found \"{text}\""
                    ))
                })
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<IntegerText, E> {
                Ok(IntegerText(value.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<IntegerText, E> {
                Ok(IntegerText(value.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<IntegerText, E> {
                if value.fract() == 0.0 && value.abs() < 1e30 {
                    Ok(IntegerText(value as i128))
                } else {
                    Err(E::custom(format!("expected an integer, found {value}")))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The output of `aws cognito-idp get-csv-header`:
/// `{"CSVHeader": [...], "UserPoolId": "..."}`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct GetCsvHeader {
    #[serde(rename = "CSVHeader")]
    csv_header: Option<Vec<String>>,
    #[serde(rename = "UserPoolId")]
    user_pool_id: Option<String>,
    // Present when a describe-user-pool output was given in the header's place.
    #[serde(rename = "UserPool")]
    user_pool: Option<serde::de::IgnoredAny>,
    #[serde(rename = "SchemaAttributes")]
    schema_attributes: Option<serde::de::IgnoredAny>,
}

/// Parses the text of a `describe-user-pool` output.
///
/// ```
/// use cognito_csv_validator::pool::parse_describe_user_pool;
/// let error = parse_describe_user_pool(r#"{"UserPool": {"MfaConfiguration": "MAYBE"}}"#)
///     .unwrap_err();
/// assert_eq!(error.path, "UserPool.MfaConfiguration");
/// ```
pub fn parse_describe_user_pool(text: &str) -> Result<DescribeUserPool, PoolError> {
    parse_json(PoolInput::DescribeUserPool, text)
}

/// Parses the text of a `get-csv-header` output.
pub fn parse_get_csv_header(text: &str) -> Result<GetCsvHeader, PoolError> {
    parse_json(PoolInput::GetCsvHeader, text)
}

/// Reads a pool input's JSON text, with the JSON path of a value that does
/// not fit in the error. A leading BOM is dropped; an empty text, or one
/// that is not a JSON object (a file given in the wrong place, or the
/// output of `--output text`), is refused with what was expected.
fn parse_json<'de, T: Deserialize<'de>>(input: PoolInput, text: &'de str) -> Result<T, PoolError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let refuse = |message: String| PoolError {
        input,
        path: String::new(),
        message,
    };
    if text.trim().is_empty() {
        return Err(refuse(format!(
            "the file is empty: expected the JSON output of `{}`",
            input.command()
        )));
    }
    if !text.trim_start().starts_with('{') {
        return Err(refuse(format!(
            "expected a JSON object, the output of `{}` (with --output json), found text starting {:?}",
            input.command(),
            truncate(text.trim_start(), 20)
        )));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        // Syntax errors mean the text is not JSON at all: no useful path.
        let syntax = matches!(
            inner.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        PoolError {
            input,
            path: if syntax || path == "." {
                String::new()
            } else {
                path
            },
            message: if syntax {
                format!("not valid JSON: {inner}")
            } else {
                inner.to_string()
            },
        }
    })?;
    deserializer.end().map_err(|error| {
        refuse(format!(
            "not valid JSON: {error} (text after the JSON object)"
        ))
    })?;
    Ok(value)
}

/// The pool inputs a user gave: either, both or neither.
#[derive(Clone, Debug, Default)]
pub struct PoolSources {
    /// `describe-user-pool` output.
    pub describe_user_pool: Option<DescribeUserPool>,
    /// `get-csv-header` output.
    pub get_csv_header: Option<GetCsvHeader>,
}

impl Pool {
    /// Builds the pool from its sources and overrides.
    ///
    /// ```
    /// use cognito_csv_validator::pool::{Overrides, Pool, PoolSources, PoolSource, Mfa};
    /// let pool = Pool::from_sources(PoolSources::default(), &Overrides::default()).unwrap();
    /// assert_eq!(pool.source, PoolSource::Default);
    /// assert_eq!(pool.mfa, Mfa::Optional);
    /// assert_eq!(pool.header.len(), 21);
    /// ```
    pub fn from_sources(sources: PoolSources, overrides: &Overrides) -> Result<Pool, PoolError> {
        let mut pool = Pool::default();
        let has_describe = sources.describe_user_pool.is_some();
        if let Some(describe) = sources.describe_user_pool {
            pool.apply_describe_user_pool(describe)?;
        }
        if let Some(header) = sources.get_csv_header {
            pool.apply_get_csv_header(header)?;
            pool.source = if has_describe {
                PoolSource::Both
            } else {
                PoolSource::GetCsvHeader
            };
        }
        pool.apply_overrides(overrides);
        Ok(pool)
    }

    fn apply_describe_user_pool(&mut self, describe: DescribeUserPool) -> Result<(), PoolError> {
        let (describe, prefix) = match describe.user_pool {
            Some(inner) => (*inner, "UserPool."),
            None => (describe, ""),
        };
        let error = |path: &str, message: String| PoolError {
            input: PoolInput::DescribeUserPool,
            path: path.to_owned(),
            message,
        };
        let Some(schema) = describe.schema_attributes else {
            let message = if describe.csv_header.is_some() {
                "this is the output of `aws cognito-idp get-csv-header`: give it as the header file, \
                 and the output of `aws cognito-idp describe-user-pool` as the pool file"
                    .to_owned()
            } else {
                "no \"SchemaAttributes\" found: expected the output of \
                 `aws cognito-idp describe-user-pool --user-pool-id ID`"
                    .to_owned()
            };
            return Err(error(prefix.trim_end_matches('.'), message));
        };
        self.source = PoolSource::DescribeUserPool;
        self.user_pool_id = describe.id;
        self.name = describe.name;
        let mut attributes = Vec::with_capacity(schema.len());
        // Names seen, so that a schema of any size is read in linear time.
        let mut seen = HashSet::with_capacity(schema.len());
        let mut header = Vec::with_capacity(schema.len() + 2);
        for (index, attribute) in schema.into_iter().enumerate() {
            let path = format!("{prefix}SchemaAttributes[{index}]");
            let name = attribute.name.trim();
            if name.is_empty() {
                return Err(error(
                    &format!("{path}.Name"),
                    "the attribute's name is empty".into(),
                ));
            }
            if name == "sub" || name == "identities" {
                continue; // Cognito fills these; they are not columns.
            }
            let developer_only = attribute.developer_only_attribute.unwrap_or(false);
            let column = if developer_only && !name.starts_with("dev:") {
                format!("dev:{name}")
            } else {
                name.to_owned()
            };
            if !seen.insert(column.clone()) {
                return Err(error(
                    &format!("{path}.Name"),
                    format!("the attribute \"{column}\" is listed twice"),
                ));
            }
            let (min_length, max_length) = match attribute.string_attribute_constraints {
                Some(constraints) => (
                    non_negative(
                        constraints.min_length,
                        &format!("{path}.StringAttributeConstraints.MinLength"),
                    )?,
                    non_negative(
                        constraints.max_length,
                        &format!("{path}.StringAttributeConstraints.MaxLength"),
                    )?,
                ),
                None => (None, None),
            };
            let (min_value, max_value) = match attribute.number_attribute_constraints {
                Some(constraints) => (
                    constraints.min_value.map(|value| value.0),
                    constraints.max_value.map(|value| value.0),
                ),
                None => (None, None),
            };
            if !developer_only {
                header.push(column.clone());
            }
            attributes.push(Attribute {
                name: column,
                data_type: attribute
                    .attribute_data_type
                    .map_or(DataType::String, |name| name.0),
                required: attribute.required.unwrap_or(false),
                developer_only,
                min_length,
                max_length,
                min_value,
                max_value,
            });
        }
        header.extend([
            "cognito:mfa_enabled".to_owned(),
            "cognito:username".to_owned(),
        ]);
        self.header = header;
        self.attributes = attributes;
        if let Some(AwsName(mfa)) = describe.mfa_configuration {
            self.mfa = mfa;
        }
        // An absent list means none: that is how the API omits empty lists.
        self.auto_verified_attributes = AwsName::all(describe.auto_verified_attributes);
        self.alias_attributes = AwsName::all(describe.alias_attributes);
        self.username_attributes = AwsName::all(describe.username_attributes);
        // Pools made before UsernameConfiguration existed are case-sensitive.
        self.case_sensitive = describe
            .username_configuration
            .and_then(|configuration| configuration.case_sensitive)
            .unwrap_or(true);
        Ok(())
    }

    fn apply_get_csv_header(&mut self, header_file: GetCsvHeader) -> Result<(), PoolError> {
        let error = |path: &str, message: String| PoolError {
            input: PoolInput::GetCsvHeader,
            path: path.to_owned(),
            message,
        };
        let Some(header) = header_file.csv_header else {
            let message = if header_file.user_pool.is_some()
                || header_file.schema_attributes.is_some()
            {
                "this is the output of `aws cognito-idp describe-user-pool`: give it as the pool file, \
                 and the output of `aws cognito-idp get-csv-header` as the header file"
            } else {
                "no \"CSVHeader\" list found: expected the output of \
                 `aws cognito-idp get-csv-header --user-pool-id ID`"
            };
            return Err(error("", message.to_owned()));
        };
        let mut columns: Vec<String> = Vec::with_capacity(header.len());
        let mut seen = HashSet::with_capacity(header.len());
        for (index, name) in header.iter().enumerate() {
            let name = name.trim();
            let path = format!("CSVHeader[{index}]");
            if name.is_empty() {
                return Err(error(&path, "the column name is empty".into()));
            }
            if !seen.insert(name) {
                return Err(error(
                    &path,
                    format!("the column \"{name}\" is listed twice"),
                ));
            }
            columns.push(name.to_owned());
        }
        if !columns.iter().any(|name| name == "cognito:username") {
            return Err(error(
                "CSVHeader",
                "the list has no \"cognito:username\": expected the output of \
                 `aws cognito-idp get-csv-header`"
                    .into(),
            ));
        }
        // Columns the schema does not describe are plain strings.
        let described: HashSet<String> = self
            .attributes
            .iter()
            .map(|attribute| attribute.name.clone())
            .collect();
        for name in &columns {
            if !described.contains(name) && !COGNITO_COLUMNS.contains(&name.as_str()) {
                self.attributes.push(Attribute::standard(name));
            }
        }
        match (&self.user_pool_id, header_file.user_pool_id) {
            (Some(pool), Some(header)) if *pool != header => {
                return Err(error(
                    "UserPoolId",
                    format!(
                        "this header is of the pool {header}, and the pool file of the pool {pool}: give the \
                         two outputs of the same pool"
                    ),
                ))
            }
            (None, header) => self.user_pool_id = header,
            _ => {}
        }
        self.header = columns;
        Ok(())
    }

    fn apply_overrides(&mut self, overrides: &Overrides) {
        if let Some(mfa) = overrides.mfa {
            self.mfa = mfa;
            self.overrides.push("mfa");
        }
        if let Some(auto_verified) = &overrides.auto_verified {
            self.auto_verified_attributes = auto_verified.clone();
            self.overrides.push("autoVerified");
        }
        if let Some(case_sensitive) = overrides.case_sensitive {
            self.case_sensitive = case_sensitive;
            self.overrides.push("caseSensitive");
        }
        if let Some(algorithm) = overrides.password_hash_algorithm {
            self.password_hash_algorithm = Some(algorithm);
            self.overrides.push("passwordHashAlgorithm");
        }
    }
}

fn non_negative(value: Option<IntegerText>, path: &str) -> Result<Option<u64>, PoolError> {
    match value {
        None => Ok(None),
        Some(IntegerText(number)) => u64::try_from(number).map(Some).map_err(|_| PoolError {
            input: PoolInput::DescribeUserPool,
            path: path.to_owned(),
            message: format!("a length must not be negative, found {number}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE_POOL: &str = include_str!("../../tests/pools/describe-user-pool.json");
    const EXAMPLE_HEADER: &str = include_str!("../../tests/pools/get-csv-header.json");

    fn pool(describe: Option<&str>, header: Option<&str>) -> Result<Pool, PoolError> {
        let sources = PoolSources {
            describe_user_pool: describe.map(parse_describe_user_pool).transpose()?,
            get_csv_header: header.map(parse_get_csv_header).transpose()?,
        };
        Pool::from_sources(sources, &Overrides::default())
    }

    #[test]
    fn reads_the_example_pool() {
        let pool = pool(Some(EXAMPLE_POOL), None).unwrap();
        assert_eq!(pool.source, PoolSource::DescribeUserPool);
        assert_eq!(pool.user_pool_id.as_deref(), Some("us-east-1_Example1"));
        assert_eq!(pool.auto_verified_attributes, vec![Verifiable::Email]);
        assert_eq!(
            pool.alias_attributes,
            vec![Alias::Email, Alias::PreferredUsername]
        );
        assert!(!pool.case_sensitive);
        assert!(pool.header.contains(&"custom:seats".to_owned()));
        assert!(!pool.header.contains(&"sub".to_owned()));
        let seats = pool.attribute("custom:seats").unwrap();
        assert_eq!((seats.min_value, seats.max_value), (Some(1), Some(500)));
        assert!(pool.attribute("email").unwrap().required);
    }

    #[test]
    fn inner_object_equals_wrapped() {
        let value: serde_json::Value = serde_json::from_str(EXAMPLE_POOL).unwrap();
        let inner = value["UserPool"].to_string();
        assert_eq!(pool(Some(EXAMPLE_POOL), None), pool(Some(&inner), None));
    }

    #[test]
    fn header_file_gives_the_header() {
        let both = pool(Some(EXAMPLE_POOL), Some(EXAMPLE_HEADER)).unwrap();
        assert_eq!(both.source, PoolSource::Both);
        assert_eq!(
            both.header.last().map(String::as_str),
            Some("cognito:username")
        );
        let only = pool(None, Some(EXAMPLE_HEADER)).unwrap();
        assert_eq!(only.source, PoolSource::GetCsvHeader);
        assert_eq!(only.mfa, Mfa::Optional);
        assert!(only.attribute("custom:tier").is_some());
    }

    #[test]
    fn errors_name_the_path() {
        let error = pool(Some(r#"{"UserPool": {"SchemaAttributes": [{"Name": "x", "AttributeDataType": "Strin"}]}}"#), None)
            .unwrap_err();
        assert_eq!(error.path, "UserPool.SchemaAttributes[0].AttributeDataType");
        assert!(error.message.contains("Strin"), "{}", error.message);

        let error = pool(Some(r#"{"SchemaAttributes": [{"Name": "x", "StringAttributeConstraints": {"MaxLength": "ten"}}]}"#), None)
            .unwrap_err();
        assert_eq!(
            error.path,
            "SchemaAttributes[0].StringAttributeConstraints.MaxLength"
        );

        let error = pool(Some("{\"UserPool\": "), None).unwrap_err();
        assert!(
            error.message.starts_with("not valid JSON"),
            "{}",
            error.message
        );

        let error = pool(Some(EXAMPLE_HEADER), None).unwrap_err();
        assert!(
            error.message.contains("get-csv-header"),
            "{}",
            error.message
        );

        let error = pool(None, Some(EXAMPLE_POOL)).unwrap_err();
        assert!(
            error.message.contains("describe-user-pool"),
            "{}",
            error.message
        );

        let error = pool(Some("[1, 2]"), None).unwrap_err();
        assert!(
            error.message.contains("describe-user-pool"),
            "{}",
            error.message
        );
    }

    #[test]
    fn header_and_pool_files_must_be_of_one_pool() {
        let other = EXAMPLE_HEADER.replace("us-east-1_Example1", "eu-west-1_Other");
        let error = pool(Some(EXAMPLE_POOL), Some(&other)).unwrap_err();
        assert_eq!(error.path, "UserPoolId");
        assert!(
            error.message.contains("eu-west-1_Other"),
            "{}",
            error.message
        );
        let only_header = pool(None, Some(EXAMPLE_HEADER)).unwrap();
        assert!(
            only_header
                .describe()
                .contains("default pool's other settings"),
            "{}",
            only_header.describe()
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_at_its_path() {
        let error = pool(
            Some(r#"{"UserPool":{"SchemaAttributes":[],"MfaConfiguration":5}}"#),
            None,
        )
        .unwrap_err();
        assert_eq!(error.path, "UserPool.MfaConfiguration");
        assert!(
            error
                .message
                .starts_with("invalid type: integer `5`, expected one of `OFF`, `ON`, `OPTIONAL`"),
            "{}",
            error.message
        );
        let error = pool(
            Some(r#"{"SchemaAttributes":[],"AutoVerifiedAttributes":["email", true]}"#),
            None,
        )
        .unwrap_err();
        assert_eq!(error.path, "AutoVerifiedAttributes[1]");
        assert!(
            error
                .message
                .contains("expected one of `email`, `phone_number`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn absent_case_sensitivity_means_sensitive() {
        let pool = pool(Some(r#"{"SchemaAttributes": [{"Name": "email"}]}"#), None).unwrap();
        assert!(pool.case_sensitive);
        assert!(pool.auto_verified_attributes.is_empty());
    }
}
