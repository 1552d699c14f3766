//! `fix` of `aws cognito-idp list-users` output: each listed user becomes
//! a line of the import files' header, which then goes the way a line of a
//! CSV goes (its values fixed, judged as the validator would judge it, to
//! an import file or to the rejects). What a CSV does not have is decided
//! here: which attributes are columns of the target pool, the username a
//! pool that signs in with email needs, MFA, `updated_at`, and the users an
//! import should not make (unconfirmed, disabled, of an identity
//! provider).

use crate::existing::ListedUser;
use crate::fix::values;
use crate::fix::FixOptions;
use crate::pool::{Pool, Verifiable};
use serde::Serialize;
use std::collections::HashMap;

/// Why a listed user goes to the rejects where no rule of the validator
/// says why. Its code is public interface, as a rule's is: it is in
/// `rejects.csv` and the manifest's `rejectedByCode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListedReject {
    /// `UserStatus` is `UNCONFIRMED`.
    Unconfirmed,
    /// `Enabled` is false.
    Disabled,
    /// `UserStatus` is `EXTERNAL_PROVIDER`.
    ExternalProvider,
    /// The target pool's usernames are email addresses or phone numbers,
    /// and the user has none.
    NoUsernameAttribute,
}

impl ListedReject {
    /// Every one, in the order a user's reasons are given.
    pub const ALL: [ListedReject; 4] = [
        ListedReject::ExternalProvider,
        ListedReject::NoUsernameAttribute,
        ListedReject::Unconfirmed,
        ListedReject::Disabled,
    ];

    /// The stable code, such as `user.unconfirmed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListedReject::Unconfirmed => "user.unconfirmed",
            ListedReject::Disabled => "user.disabled",
            ListedReject::ExternalProvider => "user.external_provider",
            ListedReject::NoUsernameAttribute => "user.no_username_attribute",
        }
    }

    /// The reject of a code.
    pub fn from_str_code(code: &str) -> Option<ListedReject> {
        Self::ALL.into_iter().find(|reject| reject.as_str() == code)
    }
}

/// Users listed with an attribute the target pool does not have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttributeCount {
    /// The attribute's name.
    pub name: String,
    /// Users listed with it.
    pub users: u64,
}

/// What `list-users` input held that a CSV does not: the manifest's
/// `listUsers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListUsersSummary {
    /// The file that maps each user's `sub` in the pool listed to where
    /// the user went: `subs.csv`.
    pub subs: String,
    /// Users whose `UserStatus` is `UNCONFIRMED`.
    pub unconfirmed: u64,
    /// Users not `Enabled`.
    pub disabled: u64,
    /// Users of an identity provider (`EXTERNAL_PROVIDER`).
    pub external_provider: u64,
    /// The attributes the target pool does not have, in the order first
    /// met: left out, or kept as columns with `--keep-unknown-columns`.
    pub unknown_attributes: Vec<AttributeCount>,
}

/// The columns of `subs.csv`: the `sub` and `Username` listed, the file
/// the user went to and their row there (its header is row 1), the
/// `cognito:username` the import gives them, and a note (the reasons,
/// for the rejects).
pub const SUBS_COLUMNS: [&str; 6] = ["sub", "Username", "file", "row", "cognito:username", "note"];

/// The most attribute names the target pool lacks that a file may bring:
/// a pool has at most 50 custom attributes, so past this the file is no
/// pool's, and counting its names would hold memory without end.
pub const MOST_UNKNOWN_ATTRIBUTES: usize = 1_000;

/// The attributes no import file carries: Cognito makes a new `sub` for
/// every user (`subs.csv` keeps the old one), and `identities` is made by
/// sign-ins through identity providers.
const NOT_IMPORTED: [&str; 2] = ["sub", "identities"];

/// A listed user as a line of the import files.
#[derive(Debug, Default)]
pub struct Row {
    /// Attributes first met in this user that become columns
    /// (`--keep-unknown-columns`): the header grows by them, in order.
    pub new_columns: Vec<String>,
    /// Why the user is not to be imported, with the reasons.
    pub rejects: Vec<(ListedReject, String)>,
    /// A note for `subs.csv` about a user imported all the same.
    pub note: &'static str,
}

/// Turns listed users into lines of the import files' header.
pub struct Listed {
    /// The place of each column of the import files that takes an
    /// attribute's value, by the attribute's name.
    places: HashMap<String, usize>,
    /// Columns of the import files.
    width: usize,
    username: Option<usize>,
    mfa_enabled: Option<usize>,
    updated_at: Option<usize>,
    /// `UsernameAttributes` of the target pool.
    username_attributes: Vec<Verifiable>,
    keep_unknown: bool,
    keep_unconfirmed: bool,
    keep_disabled: bool,
    /// Where each unknown attribute is in the summary, by name.
    unknown: HashMap<String, usize>,
    /// What the input held.
    pub summary: ListUsersSummary,
}

impl Listed {
    /// A reader of users into lines of the columns `names` (the target
    /// pool's header, and `password_hash` when the pool's job hashes).
    pub fn new(names: &[String], pool: &Pool, options: &FixOptions) -> Listed {
        let place = |name: &str| names.iter().position(|column| column == name);
        let places = names
            .iter()
            .enumerate()
            .filter(|(_, name)| {
                !matches!(
                    name.as_str(),
                    "cognito:username" | "cognito:mfa_enabled" | "password_hash"
                )
            })
            .map(|(place, name)| (name.clone(), place))
            .collect();
        Listed {
            places,
            width: names.len(),
            username: place("cognito:username"),
            mfa_enabled: place("cognito:mfa_enabled"),
            updated_at: place("updated_at"),
            username_attributes: pool.username_attributes.clone(),
            keep_unknown: options.keep_unknown_columns,
            keep_unconfirmed: options.keep_unconfirmed,
            keep_disabled: options.keep_disabled,
            unknown: HashMap::new(),
            summary: ListUsersSummary {
                subs: crate::fix::Output::Subs.file_name(),
                unconfirmed: 0,
                disabled: 0,
                external_provider: 0,
                unknown_attributes: Vec::new(),
            },
        }
    }

    /// The place of `cognito:username` among the import files' columns.
    pub fn username_column(&self) -> Option<usize> {
        self.username
    }

    /// Writes `user` into `fields`, one value a column of the import
    /// files (the columns it brings first, with `--keep-unknown-columns`);
    /// an error when the file brings too many attributes the pool lacks.
    pub fn row(&mut self, user: &ListedUser, fields: &mut Vec<String>) -> Result<Row, String> {
        let mut row = Row::default();
        for (name, _) in &user.attributes {
            if let Some(&at) = self.unknown.get(name) {
                self.summary.unknown_attributes[at].users += 1;
                continue;
            }
            if self.places.contains_key(name) || NOT_IMPORTED.contains(&name.as_str()) {
                continue;
            }
            let next = self.summary.unknown_attributes.len();
            if next == MOST_UNKNOWN_ATTRIBUTES {
                return Err(format!(
                    "the users have more than {MOST_UNKNOWN_ATTRIBUTES} attribute names the target pool does not have ({name:?} is one more): a user pool has at most 50 custom attributes, so this is no pool's list-users output"
                ));
            }
            self.unknown.insert(name.clone(), next);
            self.summary.unknown_attributes.push(AttributeCount {
                name: name.clone(),
                users: 1,
            });
            if self.keep_unknown {
                self.places.insert(name.clone(), self.width);
                self.width += 1;
                row.new_columns.push(name.clone());
            }
        }
        fields.iter_mut().for_each(String::clear);
        fields.resize(self.width, String::new());
        for (name, value) in &user.attributes {
            if let Some(&place) = self.places.get(name) {
                fields[place].clone_from(value);
            }
        }
        if let Some(place) = self.mfa_enabled {
            fields[place].push_str(if user.mfa_options { "true" } else { "false" });
        }
        // The attribute when the user has one; else when the user last
        // changed, in seconds (the CLI writes a date, others seconds as a
        // number, some in milliseconds).
        if let (Some(place), Some(modified)) = (self.updated_at, &user.last_modified) {
            if fields[place].is_empty() {
                fields[place] = match values::updated_at(modified) {
                    Some((_, seconds)) => seconds,
                    None => modified.clone(),
                };
            }
        }
        if let Some(place) = self.username {
            match self.username_of(user) {
                Some(username) => fields[place].push_str(username),
                None => row
                    .rejects
                    .push((ListedReject::NoUsernameAttribute, self.no_username_reason())),
            }
        }
        let status = user.status.as_deref();
        if status == Some("EXTERNAL_PROVIDER") {
            self.summary.external_provider += 1;
            row.rejects.push((
                ListedReject::ExternalProvider,
                "the user signs in through an identity provider (UserStatus EXTERNAL_PROVIDER): Cognito makes them again, linked to it, at their first sign-in through it, and an import would make a second user who signs in with a password".to_owned(),
            ));
        }
        if status == Some("UNCONFIRMED") {
            self.summary.unconfirmed += 1;
            if self.keep_unconfirmed {
                row.note = "UNCONFIRMED in the pool listed: imported as every user is, to set a password at first sign-in";
            } else {
                row.rejects.push((
                    ListedReject::Unconfirmed,
                    "the user is UNCONFIRMED in the pool listed (they never confirmed their sign-up): to import them as well, run fix with --keep-unconfirmed".to_owned(),
                ));
            }
        }
        if user.enabled == Some(false) {
            self.summary.disabled += 1;
            if self.keep_disabled {
                row.note = "disabled in the pool listed, and imported enabled: disable them again after the import (aws cognito-idp admin-disable-user)";
            } else {
                row.rejects.push((
                    ListedReject::Disabled,
                    "the user is disabled in the pool listed (Enabled false), and an import makes every user enabled: to import them and disable them again after, run fix with --keep-disabled".to_owned(),
                ));
            }
        }
        row.rejects.sort_by_key(|(reject, _)| {
            ListedReject::ALL.iter().position(|listed| listed == reject)
        });
        Ok(row)
    }

    /// The username the target pool gives `user`: `Username` as listed;
    /// where the pool's usernames are email addresses or phone numbers,
    /// the first of those the user has (in the pool listed, `Username`
    /// was then a generated id).
    fn username_of<'a>(&self, user: &'a ListedUser) -> Option<&'a str> {
        if self.username_attributes.is_empty() {
            return Some(&user.username);
        }
        self.username_attributes.iter().find_map(|attribute| {
            user.attribute(attribute.as_str())
                .map(str::trim)
                .filter(|value| !value.is_empty())
        })
    }

    fn no_username_reason(&self) -> String {
        let names: Vec<&str> = self
            .username_attributes
            .iter()
            .map(|attribute| attribute.as_str())
            .collect();
        let what = match self.username_attributes[..] {
            [Verifiable::Email] => "email addresses",
            [Verifiable::PhoneNumber] => "phone numbers",
            _ => "email addresses or phone numbers",
        };
        format!(
            "the target pool's usernames are {what} (UsernameAttributes {}), and the user has no {}: give them one in this line, and give the rejects to fix again",
            names.join(", "),
            names.join(" or ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(username: &str, attributes: &[(&str, &str)]) -> ListedUser {
        ListedUser {
            username: username.into(),
            attributes: attributes
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
            enabled: Some(true),
            status: Some("CONFIRMED".into()),
            ..ListedUser::default()
        }
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn attributes_go_to_their_columns_by_name() {
        let columns = names(&[
            "cognito:username",
            "email",
            "custom:tier",
            "updated_at",
            "cognito:mfa_enabled",
        ]);
        let mut listed = Listed::new(&columns, &Pool::default(), &FixOptions::default());
        let mut fields = Vec::new();
        let mut ana = user(
            "ana",
            &[
                ("sub", "s-1"),
                ("email", "ana@example.com"),
                ("custom:tier", "gold"),
                ("custom:old", "x"),
                ("identities", "[]"),
            ],
        );
        ana.mfa_options = true;
        ana.last_modified = Some("2024-03-02T10:00:00.5+00:00".into());
        let row = listed.row(&ana, &mut fields).unwrap();
        assert_eq!(
            fields,
            ["ana", "ana@example.com", "gold", "1709373600", "true"]
        );
        assert!(row.rejects.is_empty() && row.new_columns.is_empty());
        // The attribute, not the date; seconds as a number; no MFA.
        let mut bo = user("bo", &[("updated_at", "1700000000"), ("custom:old", "y")]);
        bo.last_modified = Some("1718211669.5".into());
        listed.row(&bo, &mut fields).unwrap();
        assert_eq!(fields, ["bo", "", "", "1700000000", "false"]);
        bo.attributes.clear();
        listed.row(&bo, &mut fields).unwrap();
        assert_eq!(fields[3], "1718211669");
        assert_eq!(
            listed.summary.unknown_attributes,
            [AttributeCount {
                name: "custom:old".into(),
                users: 2
            }]
        );
    }

    #[test]
    fn kept_attributes_become_columns_as_they_come() {
        let columns = names(&["cognito:username", "email"]);
        let options = FixOptions {
            keep_unknown_columns: true,
            ..FixOptions::default()
        };
        let mut listed = Listed::new(&columns, &Pool::default(), &options);
        let mut fields = Vec::new();
        let row = listed
            .row(
                &user("a", &[("custom:b", "1"), ("email", "a@example.com")]),
                &mut fields,
            )
            .unwrap();
        assert_eq!(row.new_columns, ["custom:b"]);
        assert_eq!(fields, ["a", "a@example.com", "1"]);
        let row = listed
            .row(
                &user("c", &[("custom:c", "2"), ("custom:b", "3")]),
                &mut fields,
            )
            .unwrap();
        assert_eq!(row.new_columns, ["custom:c"]);
        assert_eq!(fields, ["c", "", "3", "2"]);
        let users: Vec<(&str, u64)> = listed
            .summary
            .unknown_attributes
            .iter()
            .map(|attribute| (attribute.name.as_str(), attribute.users))
            .collect();
        assert_eq!(users, [("custom:b", 2), ("custom:c", 1)]);
    }

    #[test]
    fn a_pool_that_signs_in_with_email_takes_the_email_as_username() {
        let pool = Pool {
            username_attributes: vec![Verifiable::Email, Verifiable::PhoneNumber],
            ..Pool::default()
        };
        let columns = names(&["cognito:username", "email", "phone_number"]);
        let mut listed = Listed::new(&columns, &pool, &FixOptions::default());
        let mut fields = Vec::new();
        listed
            .row(
                &user(
                    "0c9a-sub",
                    &[("email", "ana@example.com"), ("phone_number", "+1")],
                ),
                &mut fields,
            )
            .unwrap();
        assert_eq!(fields[0], "ana@example.com");
        listed
            .row(
                &user("5e2f-sub", &[("phone_number", "+4915112345678")]),
                &mut fields,
            )
            .unwrap();
        assert_eq!(fields[0], "+4915112345678");
        let row = listed.row(&user("9d8c-sub", &[]), &mut fields).unwrap();
        assert_eq!(fields[0], "");
        assert_eq!(row.rejects[0].0, ListedReject::NoUsernameAttribute);
        assert!(
            row.rejects[0].1.contains("(UsernameAttributes email, phone_number), and the user has no email or phone_number"),
            "{}",
            row.rejects[0].1
        );
    }

    #[test]
    fn unconfirmed_disabled_and_federated_users_are_told_and_rejected_unless_kept() {
        let columns = names(&["cognito:username"]);
        let mut fields = Vec::new();
        let mut listed = Listed::new(&columns, &Pool::default(), &FixOptions::default());
        let mut cy = user("cy", &[]);
        cy.status = Some("UNCONFIRMED".into());
        cy.enabled = Some(false);
        let row = listed.row(&cy, &mut fields).unwrap();
        let codes: Vec<&str> = row
            .rejects
            .iter()
            .map(|(reject, _)| reject.as_str())
            .collect();
        assert_eq!(codes, ["user.unconfirmed", "user.disabled"]);
        let mut google = user("Google_1234", &[]);
        google.status = Some("EXTERNAL_PROVIDER".into());
        let row = listed.row(&google, &mut fields).unwrap();
        assert_eq!(row.rejects[0].0, ListedReject::ExternalProvider);
        let options = FixOptions {
            keep_unconfirmed: true,
            keep_disabled: true,
            ..FixOptions::default()
        };
        let mut kept = Listed::new(&columns, &Pool::default(), &options);
        let row = kept.row(&cy, &mut fields).unwrap();
        assert!(row.rejects.is_empty());
        assert!(row.note.starts_with("disabled"), "{}", row.note);
        for summary in [&listed.summary, &kept.summary] {
            assert_eq!((summary.unconfirmed, summary.disabled), (1, 1));
        }
        assert_eq!(listed.summary.external_provider, 1);
    }

    #[test]
    fn too_many_unknown_attributes_are_no_pool_s() {
        let mut listed = Listed::new(
            &names(&["cognito:username"]),
            &Pool::default(),
            &FixOptions::default(),
        );
        let mut fields = Vec::new();
        let attributes: Vec<(String, String)> = (0..=MOST_UNKNOWN_ATTRIBUTES)
            .map(|index| (format!("custom:a{index}"), String::new()))
            .collect();
        let many = ListedUser {
            username: "a".into(),
            attributes,
            ..ListedUser::default()
        };
        let error = listed.row(&many, &mut fields).unwrap_err();
        assert!(
            error.starts_with("the users have more than 1000 attribute names"),
            "{error}"
        );
    }

    #[test]
    fn codes_are_unique_and_read_back() {
        for reject in ListedReject::ALL {
            assert_eq!(ListedReject::from_str_code(reject.as_str()), Some(reject));
            assert!(crate::rules::Code::from_str_code(reject.as_str()).is_none());
        }
    }
}
