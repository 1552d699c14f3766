//! The users of `aws cognito-idp list-users` output, one at a time, from
//! its JSON in chunks of any size.
//!
//! The AWS CLI merges the pages into one document, `{"Users": [...]}`,
//! each user with its `Username`, its `Attributes` as `{"Name", "Value"}`
//! pairs, `Enabled`, `UserStatus`, `UserLastModifiedDate` and whether it
//! has `MFAOptions` (the rest is read past). A bare array of users (`jq
//! .Users`) is read too.

use super::json::{JsonError, JsonReader, Position, Token};

/// A user as `list-users` lists it, as far as an import needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListedUser {
    /// `Username`: in a pool that signs in with email or phone number,
    /// the user's `sub`.
    pub username: String,
    /// `Attributes`, as listed.
    pub attributes: Vec<(String, String)>,
    /// `Enabled`, when listed.
    pub enabled: Option<bool>,
    /// `UserStatus` (`CONFIRMED`, `UNCONFIRMED`, `FORCE_CHANGE_PASSWORD`…),
    /// when listed.
    pub status: Option<String>,
    /// `UserLastModifiedDate` as written: an ISO 8601 date and time (the
    /// AWS CLI v2), or a number of seconds since 1970 (v1, and other
    /// writers), when listed.
    pub last_modified: Option<String>,
    /// `MFAOptions` lists a factor (SMS MFA set for the user).
    pub mfa_options: bool,
}

impl ListedUser {
    /// The value of attribute `name`, if listed.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(listed, _)| listed == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Where in the document the reader is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Before the document.
    Start,
    /// In the top object, between its members.
    Root,
    /// After the top object's `"Users"` key.
    UsersKey,
    /// In the users' array.
    Users,
    /// In a user's object, between its members.
    User,
    /// After a user's key: the value of that field.
    UserField(Field),
    /// In a user's `Attributes` array.
    Attributes,
    /// Just inside a user's `MFAOptions` array, before its first element.
    MfaOptions,
    /// In an attribute's object, between its members.
    Attribute,
    /// After an attribute's `Name` or `Value` key (`true` for `Name`).
    AttributeField(bool),
    /// Past a value nobody reads, `depth` containers deep in it, then back
    /// to `then`.
    Skipping { depth: u32, then: Resume },
    /// After the document.
    End,
}

/// A user's fields that are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Username,
    Attributes,
    Enabled,
    UserStatus,
    UserLastModifiedDate,
    MfaOptions,
}

/// Where a skipped value was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resume {
    Root,
    User,
    Attribute,
}

impl From<Resume> for Place {
    fn from(resume: Resume) -> Place {
        match resume {
            Resume::Root => Place::Root,
            Resume::User => Place::User,
            Resume::Attribute => Place::Attribute,
        }
    }
}

/// Reads `list-users` output pushed in chunks, handing each user to a
/// callback as its object ends. Holds one user at a time.
#[derive(Debug, Default)]
pub struct ListUsersReader {
    json: JsonReader,
    state: State,
}

#[derive(Debug)]
struct State {
    place: Place,
    /// The user being read.
    user: ListedUser,
    /// The attribute being read: its name and value so far.
    name: Option<String>,
    value: Option<String>,
    /// Users handed out.
    users: u64,
    /// The document had a users array.
    found_users: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            place: Place::Start,
            user: ListedUser::default(),
            name: None,
            value: None,
            users: 0,
            found_users: false,
        }
    }
}

/// How to get the file this reads, said in every message about a file that
/// is something else.
pub const HOW_TO_LIST: &str =
    "give the output of `aws cognito-idp list-users --user-pool-id ID --output json`";

impl ListUsersReader {
    /// A reader at the start of its input.
    pub fn new() -> ListUsersReader {
        ListUsersReader::default()
    }

    /// Reads `bytes`, calling `on_user` for each user that ends in them.
    /// `on_user` may refuse a user with a message.
    pub fn push<F>(&mut self, bytes: &[u8], on_user: &mut F) -> Result<(), JsonError>
    where
        F: FnMut(&ListedUser) -> Result<(), String>,
    {
        let ListUsersReader { json, state } = self;
        let read = json.push(bytes, &mut |token| state.token(token, on_user));
        read.map_err(|error| state.not_json(error))
    }

    /// Where the reader is in its input: the last byte read.
    pub fn position(&self) -> Position {
        self.json.position()
    }

    /// The input has ended; returns how many users it listed.
    pub fn finish<F>(&mut self, on_user: &mut F) -> Result<u64, JsonError>
    where
        F: FnMut(&ListedUser) -> Result<(), String>,
    {
        let ListUsersReader { json, state } = self;
        let read = json.finish(&mut |token| state.token(token, on_user));
        read.map_err(|error| state.not_json(error))?;
        if !state.found_users {
            return Err(JsonError {
                at: json.position(),
                message: format!("the JSON has no \"Users\": {HOW_TO_LIST}"),
            });
        }
        Ok(state.users)
    }
}

impl State {
    /// A JSON error before the document's first token: the file is no JSON
    /// at all (the CLI's `--output table` or `text`, a CSV), and says so.
    fn not_json(&self, mut error: JsonError) -> JsonError {
        if self.place == Place::Start && !error.message.contains(HOW_TO_LIST) {
            error.message = format!("{}: this is not JSON; {HOW_TO_LIST}", error.message);
        }
        error
    }

    fn token<F>(&mut self, token: Token<'_>, on_user: &mut F) -> Result<(), String>
    where
        F: FnMut(&ListedUser) -> Result<(), String>,
    {
        use Token::*;
        self.place = match (self.place, token) {
            (Place::Skipping { depth, then }, _) => skip(depth, then, token),
            (Place::Start, ObjectStart) => Place::Root,
            (Place::Start, ArrayStart) => {
                self.found_users = true;
                Place::Users
            }
            (Place::Start, _) => return Err(format!("this JSON is not an object: {HOW_TO_LIST}")),
            (Place::Root, Key("Users")) => Place::UsersKey,
            (Place::Root, Key(_)) => skip_value(Resume::Root),
            (Place::Root, ObjectEnd) => Place::End,
            (Place::UsersKey, ArrayStart) => {
                self.found_users = true;
                Place::Users
            }
            (Place::UsersKey, _) => return Err("\"Users\" is not an array".to_owned()),
            (Place::Users, ObjectStart) => {
                self.user.username.clear();
                self.user.attributes.clear();
                self.user.enabled = None;
                self.user.status = None;
                self.user.last_modified = None;
                self.user.mfa_options = false;
                Place::User
            }
            (Place::Users, ArrayEnd) => Place::Root,
            (Place::Users, _) => {
                return Err(format!(
                    "user {} of \"Users\" is not an object",
                    self.users + 1
                ))
            }
            (Place::User, Key(key)) => match key {
                "Username" => Place::UserField(Field::Username),
                "Attributes" => Place::UserField(Field::Attributes),
                "Enabled" => Place::UserField(Field::Enabled),
                "UserStatus" => Place::UserField(Field::UserStatus),
                "UserLastModifiedDate" => Place::UserField(Field::UserLastModifiedDate),
                "MFAOptions" => Place::UserField(Field::MfaOptions),
                _ => skip_value(Resume::User),
            },
            (Place::User, ObjectEnd) => {
                self.users += 1;
                if self.user.username.is_empty() {
                    return Err(format!("user {} has no \"Username\"", self.users));
                }
                on_user(&self.user)?;
                Place::Users
            }
            (Place::UserField(Field::Username), String(text)) => {
                text.clone_into(&mut self.user.username);
                Place::User
            }
            (Place::UserField(Field::UserStatus), String(text)) => {
                self.user.status = Some(text.to_owned());
                Place::User
            }
            (Place::UserField(Field::Enabled), Bool(enabled)) => {
                self.user.enabled = Some(enabled);
                Place::User
            }
            (Place::UserField(Field::UserLastModifiedDate), String(text) | Number(text)) => {
                self.user.last_modified = Some(text.to_owned());
                Place::User
            }
            (Place::UserField(Field::UserLastModifiedDate | Field::MfaOptions), Null) => Place::User,
            (Place::UserField(Field::MfaOptions), ArrayStart) => Place::MfaOptions,
            (Place::MfaOptions, ArrayEnd) => Place::User,
            // A factor listed: what it is does not matter.
            (Place::MfaOptions, token) => {
                self.user.mfa_options = true;
                skip(1, Resume::User, token)
            }
            (Place::UserField(Field::Attributes), ArrayStart) => Place::Attributes,
            (Place::UserField(field), _) => {
                return Err(format!(
                    "user {}'s \"{}\" is not {}",
                    self.users + 1,
                    field.name(),
                    field.kind()
                ))
            }
            (Place::Attributes, ObjectStart) => {
                self.name = None;
                self.value = None;
                Place::Attribute
            }
            (Place::Attributes, ArrayEnd) => Place::User,
            (Place::Attributes, _) => {
                return Err(format!(
                    "user {}'s \"Attributes\" holds something other than {{\"Name\", \"Value\"}} objects",
                    self.users + 1
                ))
            }
            (Place::Attribute, Key("Name")) => Place::AttributeField(true),
            (Place::Attribute, Key("Value")) => Place::AttributeField(false),
            (Place::Attribute, Key(_)) => skip_value(Resume::Attribute),
            (Place::Attribute, ObjectEnd) => {
                let Some(name) = self.name.take() else {
                    return Err(format!(
                        "user {} has an attribute without \"Name\"",
                        self.users + 1
                    ));
                };
                // An attribute listed without a value has none.
                let value = self.value.take().unwrap_or_default();
                self.user.attributes.push((name, value));
                Place::Attributes
            }
            (Place::AttributeField(is_name), String(text)) => {
                let slot = if is_name { &mut self.name } else { &mut self.value };
                *slot = Some(text.to_owned());
                Place::Attribute
            }
            (Place::AttributeField(is_name), _) => {
                return Err(format!(
                    "user {}'s attribute {} is not a string",
                    self.users + 1,
                    if is_name { "Name" } else { "Value" }
                ))
            }
            // The grammar is the JSON reader's: nothing else comes here.
            (place, token) => return Err(format!("unexpected {token:?} in {place:?}")),
        };
        Ok(())
    }
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Username => "Username",
            Field::Attributes => "Attributes",
            Field::Enabled => "Enabled",
            Field::UserStatus => "UserStatus",
            Field::UserLastModifiedDate => "UserLastModifiedDate",
            Field::MfaOptions => "MFAOptions",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Field::Username | Field::UserStatus => "a string",
            Field::Attributes => "an array",
            Field::MfaOptions => "an array (or null)",
            Field::UserLastModifiedDate => "a date (a string or a number)",
            Field::Enabled => "true or false",
        }
    }
}

/// The place after a key whose value is not read.
fn skip_value(then: Resume) -> Place {
    Place::Skipping { depth: 0, then }
}

/// One token of a skipped value (`depth`: the containers of it open).
fn skip(depth: u32, then: Resume, token: Token<'_>) -> Place {
    let depth = match token {
        Token::ObjectStart | Token::ArrayStart => depth + 1,
        Token::ObjectEnd | Token::ArrayEnd => depth - 1,
        // A key inside a skipped object, or a scalar inside a skipped container.
        _ if depth > 0 => depth,
        // The skipped value was a scalar.
        _ => 0,
    };
    if depth == 0 {
        then.into()
    } else {
        Place::Skipping { depth, then }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The users of `input` pushed in `pieces`, or the error's text.
    fn read(pieces: &[&[u8]]) -> Result<Vec<ListedUser>, String> {
        let mut users = Vec::new();
        let mut keep = |user: &ListedUser| {
            users.push(user.clone());
            Ok(())
        };
        let mut reader = ListUsersReader::new();
        for piece in pieces {
            reader
                .push(piece, &mut keep)
                .map_err(|error| error.to_string())?;
        }
        let listed = reader
            .finish(&mut keep)
            .map_err(|error| error.to_string())?;
        assert_eq!(listed, users.len() as u64);
        Ok(users)
    }

    /// The same whole, a byte at a time, and split at every offset.
    fn users(input: &[u8]) -> Result<Vec<ListedUser>, String> {
        let whole = read(&[input]);
        let bytewise: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(read(&bytewise), whole, "a byte at a time");
        for cut in 0..=input.len() {
            assert_eq!(read(&[&input[..cut], &input[cut..]]), whole, "cut at {cut}");
        }
        whole
    }

    #[test]
    fn reads_the_aws_clis_output() {
        let listed = users(&std::fs::read("tests/existing/list-users.json").unwrap()).unwrap();
        let names: Vec<&str> = listed.iter().map(|user| user.username.as_str()).collect();
        assert_eq!(names, ["ana.garcia", "jörg", "小明"]);
        assert_eq!(listed[0].attribute("email"), Some("Ana.Garcia@example.com"));
        assert_eq!(listed[0].attribute("name"), Some("Ana García"));
        assert_eq!(listed[0].attribute("custom:tier"), Some("gold"));
        assert_eq!(listed[0].attributes.len(), 5);
        assert_eq!(
            (listed[0].enabled, listed[0].status.as_deref()),
            (Some(true), Some("CONFIRMED"))
        );
        assert_eq!(listed[1].attribute("email"), None);
        assert_eq!(listed[1].attribute("phone_number"), Some("+4915112345678"));
        assert_eq!(
            (listed[1].enabled, listed[1].status.as_deref()),
            (Some(false), Some("UNCONFIRMED"))
        );
        assert_eq!(listed[2].attribute("preferred_username"), Some("xiaoming"));
        assert_eq!(
            listed[0].last_modified.as_deref(),
            Some("2025-06-12T17:01:09.500000+00:00")
        );
        let mfa: Vec<bool> = listed.iter().map(|user| user.mfa_options).collect();
        assert_eq!(mfa, [false, true, false]);
    }

    #[test]
    fn reads_dates_as_other_writers_write_them_and_empty_mfa_options() {
        // The AWS CLI v1 writes seconds as a number; SDKs write null for
        // what is not set, and an empty list of factors is none.
        let listed = users(
            br#"[{"Username": "a", "UserLastModifiedDate": 1718211669.5, "MFAOptions": []},
                {"Username": "b", "UserLastModifiedDate": null, "MFAOptions": null},
                {"Username": "c", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}, {}]}]"#,
        )
        .unwrap();
        let read: Vec<(Option<&str>, bool)> = listed
            .iter()
            .map(|user| (user.last_modified.as_deref(), user.mfa_options))
            .collect();
        assert_eq!(
            read,
            [(Some("1718211669.5"), false), (None, false), (None, true)]
        );
        assert_eq!(
            users(br#"[{"Username": "a", "MFAOptions": {}}]"#).unwrap_err(),
            "line 1, column 34: user 1's \"MFAOptions\" is not an array (or null)"
        );
        assert_eq!(
            users(br#"[{"Username": "a", "UserLastModifiedDate": true}]"#).unwrap_err(),
            "line 1, column 44: user 1's \"UserLastModifiedDate\" is not a date (a string or a number)"
        );
    }

    #[test]
    fn reads_past_what_it_does_not_need() {
        let input = br#"{"PaginationToken": {"a": [1, {"b": null}]}, "Users": [
            {"MFAOptions": [{"DeliveryMedium": "SMS"}], "Username": "a", "Extra": [[], {}],
             "Attributes": [{"Name": "email", "Other": [1], "Value": "a@example.com"}, {"Name": "x"}]},
            {"Username": "b"}], "NextToken": "abc"}"#;
        let listed = users(input).unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed[0].mfa_options);
        assert_eq!(
            listed[0].attributes,
            [
                ("email".to_owned(), "a@example.com".to_owned()),
                ("x".to_owned(), String::new())
            ]
        );
        assert_eq!(
            listed[1],
            ListedUser {
                username: "b".into(),
                ..ListedUser::default()
            }
        );
        // `jq .Users` writes the array alone; an empty pool lists none.
        assert_eq!(users(br#"[{"Username": "a"}]"#).unwrap().len(), 1);
        assert_eq!(users(br#"{"Users": []}"#).unwrap().len(), 0);
    }

    #[test]
    fn anything_else_is_told() {
        let error = |input: &[u8]| users(input).unwrap_err();
        assert_eq!(
            error(b"{}"),
            "line 1, column 2: the JSON has no \"Users\": give the output of `aws cognito-idp list-users --user-pool-id ID --output json`"
        );
        assert_eq!(
            error(b"\"Users\""),
            "line 1, column 1: this JSON is not an object: give the output of `aws cognito-idp list-users --user-pool-id ID --output json`"
        );
        assert_eq!(
            error(b"{\"Users\": {}}"),
            "line 1, column 11: \"Users\" is not an array"
        );
        assert_eq!(
            error(b"{\"Users\": [1]}"),
            "line 1, column 12: user 1 of \"Users\" is not an object"
        );
        assert_eq!(
            error(b"{\"Users\": [{\"Username\": \"a\"}, {}]}"),
            "line 1, column 32: user 2 has no \"Username\""
        );
        assert_eq!(
            error(b"{\"Users\": [{\"Username\": 7}]}"),
            "line 1, column 25: user 1's \"Username\" is not a string"
        );
        assert_eq!(
            error(b"{\"Users\": [{\"Username\": \"a\", \"Enabled\": \"yes\"}]}"),
            "line 1, column 41: user 1's \"Enabled\" is not true or false"
        );
        assert_eq!(error(b"{\"Users\": [{\"Username\": \"a\", \"Attributes\": [[]]}]}"), "line 1, column 45: user 1's \"Attributes\" holds something other than {\"Name\", \"Value\"} objects");
        assert_eq!(
            error(b"{\"Users\": [{\"Username\": \"a\", \"Attributes\": [{\"Value\": \"x\"}]}]}"),
            "line 1, column 58: user 1 has an attribute without \"Name\""
        );
        assert_eq!(
            error(b"{\"Users\": [{\"Username\": \"a\", \"Attributes\": [{\"Name\": 1}]}]}"),
            "line 1, column 54: user 1's attribute Name is not a string"
        );
        // The table and text outputs of the CLI.
        assert_eq!(
            error(b"-----\n|  ListUsers |"),
            format!(
                "line 1, column 1: `-----` is not a JSON number: this is not JSON; {HOW_TO_LIST}"
            )
        );
        assert_eq!(
            error(b"USERS\tTrue\t2024"),
            format!(
                "line 1, column 1: expected a value, found `U`: this is not JSON; {HOW_TO_LIST}"
            )
        );
        assert_eq!(
            error(b""),
            format!("line 1, column 0: the input is empty: this is not JSON; {HOW_TO_LIST}")
        );
    }
}
