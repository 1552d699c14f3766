//! The users already in the target pool, from `aws cognito-idp list-users`
//! output: read in chunks ([`list_users`], over the streaming JSON reader
//! [`json`]).

pub mod json;
pub mod list_users;

pub use list_users::{ListUsersReader, ListedUser};
pub mod users;

pub use users::{ExistingUsers, ExistingUsersReader};
