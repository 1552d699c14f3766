//! The uniqueness sets: the usernames and alias values of the users that
//! would be imported, each as a hash with the line that imports it.
//!
//! Cognito works through the file in order, and a value is taken only once
//! a line creates its user: a line that fails takes nothing, so a later
//! line may use its username.

use crate::engine::parts::marked;
use crate::existing::ExistingUsers;
use crate::finding::{Detail, Finding};
use crate::rules::Code;
use crate::text::fold_case_into;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Which set a unique column's values go in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UniqueSet {
    /// `cognito:username`: a repeat is skipped (`username.duplicate`).
    Username,
    /// `email` as an alias or username attribute.
    Email,
    /// `phone_number` as an alias or username attribute.
    PhoneNumber,
    /// `preferred_username` as an alias.
    PreferredUsername,
}

impl UniqueSet {
    /// Every set, in order.
    pub const ALL: [UniqueSet; 4] = [
        UniqueSet::Username,
        UniqueSet::Email,
        UniqueSet::PhoneNumber,
        UniqueSet::PreferredUsername,
    ];
}

/// A column whose values must be unique among imported users.
#[derive(Clone, Copy, Debug)]
pub struct UniqueColumn {
    /// Its place in the header.
    pub column: usize,
    /// The set its values go in.
    pub set: UniqueSet,
    /// Values are compared without regard to letter case.
    pub fold_case: bool,
}

/// Hashes of values, each with the line of the user that has it.
type Set = HashMap<u64, u64, BuildHasherDefault<PrehashedKey>>;

/// The keys are already xxh3 hashes: use them as they are.
#[derive(Default)]
struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A unique column's value in a line, with its key in the sets.
#[derive(Clone, Copy, Debug)]
pub struct KeyedValue<'a> {
    /// The column.
    pub unique: UniqueColumn,
    /// Its trimmed value, not empty.
    pub text: &'a str,
    /// The value's key ([`value_key`]).
    pub key: u64,
}

/// The alias values of a line, to record if it turns out imported (one
/// per set: a header that repeats a column fails the job anyway).
#[derive(Clone, Copy, Debug, Default)]
pub struct PendingKeys([Option<u64>; 3]);

/// The sets of aliases, in the order of [`PendingKeys`].
const ALIAS_SETS: [UniqueSet; 3] = [
    UniqueSet::Email,
    UniqueSet::PhoneNumber,
    UniqueSet::PreferredUsername,
];

/// Where an earlier file of a migration imports a user: the file's place
/// in the migration (from 1) and the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportedAt {
    /// The file, from 1.
    pub file: u32,
    /// Its line.
    pub line: u64,
}

type EarlierSet = HashMap<u64, ImportedAt, BuildHasherDefault<PrehashedKey>>;

/// The usernames and alias values the jobs of a migration's earlier files
/// import, in the order of [`UniqueSet`].
#[derive(Clone, Debug, Default)]
pub struct EarlierImports {
    sets: [EarlierSet; 4],
}

impl EarlierImports {
    fn get(&self, set: UniqueSet, key: u64) -> Option<ImportedAt> {
        self.sets[set as usize].get(&key).copied()
    }

    /// Adds what file `file`'s job imports (its sets once it was read).
    pub(crate) fn add(&mut self, file: u32, imported: Uniqueness) {
        let Uniqueness {
            usernames,
            emails,
            phone_numbers,
            preferred_usernames,
            ..
        } = imported;
        for (set, values) in
            self.sets
                .iter_mut()
                .zip([usernames, emails, phone_numbers, preferred_usernames])
        {
            set.reserve(values.len());
            for (key, line) in values {
                set.entry(key).or_insert(ImportedAt { file, line });
            }
        }
    }
}

/// The values taken by imported users so far, by the users already in the
/// pool when they are given, and by the users of a migration's earlier
/// files.
#[derive(Default)]
pub struct Uniqueness {
    existing: Option<Arc<ExistingUsers>>,
    earlier: Option<Arc<EarlierImports>>,
    usernames: Set,
    emails: Set,
    phone_numbers: Set,
    preferred_usernames: Set,
    /// A value folded to lower case (kept, to reuse its memory).
    lowercase: String,
    /// When collected: the keys of the values [`check`](Uniqueness::check)
    /// looked up last, marked with their sets (see
    /// [`crate::engine::judge::LineJudge::keys`]).
    pub(crate) looked_up: Option<Vec<u64>>,
}

impl Uniqueness {
    /// The sets of a file imported into a pool that has these users (when
    /// given), after the jobs of a migration's earlier files (when any).
    pub fn after(
        existing: Option<Arc<ExistingUsers>>,
        earlier: Option<Arc<EarlierImports>>,
    ) -> Uniqueness {
        Uniqueness {
            existing,
            earlier,
            ..Uniqueness::default()
        }
    }

    fn set(&mut self, set: UniqueSet) -> &mut Set {
        match set {
            UniqueSet::Username => &mut self.usernames,
            UniqueSet::Email => &mut self.emails,
            UniqueSet::PhoneNumber => &mut self.phone_numbers,
            UniqueSet::PreferredUsername => &mut self.preferred_usernames,
        }
    }

    /// Looks up the unique values of line `line` (`value(column)` gives a
    /// column's trimmed value), adding a finding for each taken by an
    /// earlier imported user. The username comes last: by then
    /// `imported()` says whether the line's other findings let it be
    /// imported, and if so the username is taken at once. The aliases are
    /// taken by [`record`](Uniqueness::record) once the line is known to be
    /// imported.
    pub fn check<'a>(
        &mut self,
        line: u64,
        unique: &[UniqueColumn],
        names: impl Fn(usize) -> &'a Arc<str>,
        value: impl Fn(usize) -> &'a str,
        findings: &mut Vec<Finding>,
        imported: impl FnOnce(&[Finding]) -> bool,
    ) -> PendingKeys {
        // The scratch space is lent to the keys' iterator while the sets
        // are looked up.
        let mut lowercase = std::mem::take(&mut self.lowercase);
        let mut looked_up = self.looked_up.take();
        let keyed = unique.iter().filter_map(|unique| {
            let text = value(unique.column);
            (!text.is_empty()).then(|| {
                let key = value_key(text, unique.fold_case, &mut lowercase);
                if let Some(looked_up) = looked_up.as_mut() {
                    looked_up.push(marked(key, unique.set));
                }
                KeyedValue {
                    unique: *unique,
                    text,
                    key,
                }
            })
        });
        let pending = self.check_keyed(line, keyed, names, findings, imported);
        self.lowercase = lowercase;
        self.looked_up = looked_up;
        pending
    }

    /// [`check`](Uniqueness::check) of values whose keys are known (hashed
    /// where the line was read, on another core), in the header's order of
    /// unique columns.
    pub fn check_keyed<'a>(
        &mut self,
        line: u64,
        values: impl IntoIterator<Item = KeyedValue<'a>>,
        names: impl Fn(usize) -> &'a Arc<str>,
        findings: &mut Vec<Finding>,
        imported: impl FnOnce(&[Finding]) -> bool,
    ) -> PendingKeys {
        let mut pending = PendingKeys::default();
        let mut imported = Some(imported);
        for KeyedValue { unique, text, key } in values {
            let unique = &unique;
            if self
                .existing
                .as_ref()
                .is_some_and(|existing| existing.contains(unique.set, key))
            {
                if unique.set == UniqueSet::Username {
                    // The line is that user, skipped as existing: its
                    // aliases are theirs, not another user's.
                    findings.retain(|finding| !matches!(finding.detail, Detail::Existing { .. }));
                } else {
                    pending.0[alias_slot(unique.set)] = Some(key);
                }
                findings.push(taken(
                    line,
                    unique,
                    names(unique.column),
                    text,
                    Detail::Existing {
                        fold_case: unique.fold_case,
                        line_fails: false,
                    },
                ));
                continue;
            }
            if let Some(at) = self
                .earlier
                .as_ref()
                .and_then(|earlier| earlier.get(unique.set, key))
            {
                if unique.set == UniqueSet::Username {
                    // That user, imported by an earlier job: its aliases are theirs.
                    findings.retain(|finding| {
                        !matches!(finding.detail, Detail::Earlier { file, line, .. } if ImportedAt { file, line } == at)
                    });
                } else {
                    pending.0[alias_slot(unique.set)] = Some(key);
                }
                findings.push(taken(
                    line,
                    unique,
                    names(unique.column),
                    text,
                    Detail::Earlier {
                        file: at.file,
                        line: at.line,
                        fold_case: unique.fold_case,
                        line_fails: false,
                    },
                ));
                continue;
            }
            let first = if unique.set == UniqueSet::Username {
                let taking = imported.take().is_some_and(|imported| imported(findings));
                match self.usernames.entry(key) {
                    Entry::Occupied(entry) => Some(*entry.get()),
                    Entry::Vacant(entry) => {
                        if taking {
                            entry.insert(line);
                        }
                        None
                    }
                }
            } else {
                pending.0[alias_slot(unique.set)] = Some(key);
                self.set(unique.set).get(&key).copied()
            };
            let Some(first) = first else {
                continue;
            };
            if unique.set == UniqueSet::Username {
                // The same user as that line's, skipped as existing: its
                // aliases are no repeats of another user's.
                findings.retain(|finding| {
                    finding.code != Code::AliasDuplicate
                        || !matches!(finding.detail, Detail::Duplicate { first: of, .. } if of == first)
                });
            }
            findings.push(taken(
                line,
                unique,
                names(unique.column),
                text,
                Detail::Duplicate {
                    first,
                    fold_case: unique.fold_case,
                    line_fails: false,
                },
            ));
        }
        pending
    }

    /// Gives back the username `value` if line `line` took it (for a
    /// judge that takes back its verdict on a line).
    pub fn release_username(&mut self, line: u64, value: &str, fold_case: bool) {
        let key = self.key(value, fold_case);
        if self.usernames.get(&key) == Some(&line) {
            self.usernames.remove(&key);
        }
    }

    /// Takes the alias values of a line that is imported.
    pub fn record(&mut self, line: u64, pending: PendingKeys) {
        for (set, key) in ALIAS_SETS.into_iter().zip(pending.0) {
            if let Some(key) = key {
                self.set(set).insert(key, line);
            }
        }
    }

    fn key(&mut self, value: &str, fold_case: bool) -> u64 {
        value_key(value, fold_case, &mut self.lowercase)
    }
}

/// The hash a value is kept as in the sets, folded to lower case first
/// when the set compares without regard to case (`lowercase`: scratch
/// space, kept between calls).
#[inline]
pub fn value_key(value: &str, fold_case: bool, lowercase: &mut String) -> u64 {
    if !fold_case {
        return xxhash_rust::xxh3::xxh3_64(value.as_bytes());
    }
    fold_case_into(value, lowercase);
    xxhash_rust::xxh3::xxh3_64(lowercase.as_bytes())
}

/// Where an alias set's key goes in [`PendingKeys`].
fn alias_slot(set: UniqueSet) -> usize {
    ALIAS_SETS
        .iter()
        .position(|&alias| alias == set)
        .expect("an alias set")
}

/// A username or alias value that is taken already: `detail` says by whom
/// (an earlier line, a user already in the pool, an earlier file's job).
#[cold]
fn taken(
    line: u64,
    unique: &UniqueColumn,
    column: &Arc<str>,
    value: &str,
    detail: Detail,
) -> Finding {
    let code = match unique.set {
        UniqueSet::Username => Code::UsernameDuplicate,
        _ => Code::AliasDuplicate,
    };
    Finding::new(code, Some(line))
        .in_column(column)
        .with_value(value)
        .with(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    const USERNAME: UniqueColumn = UniqueColumn {
        column: 1,
        set: UniqueSet::Username,
        fold_case: true,
    };
    const EMAIL: UniqueColumn = UniqueColumn {
        column: 0,
        set: UniqueSet::Email,
        fold_case: true,
    };

    /// Checks one line of `[email, username]`, imported unless `fails`;
    /// returns the codes found.
    fn line(
        uniqueness: &mut Uniqueness,
        number: u64,
        values: [&str; 2],
        fails: bool,
    ) -> Vec<&'static str> {
        let names: [Arc<str>; 2] = ["email".into(), "cognito:username".into()];
        let mut findings = Vec::new();
        let pending = uniqueness.check(
            number,
            &[EMAIL, USERNAME],
            |column| &names[column],
            |column| values[column],
            &mut findings,
            |findings| !fails && findings.is_empty(),
        );
        if !fails && findings.is_empty() {
            uniqueness.record(number, pending);
        }
        findings
            .iter()
            .map(|finding| finding.code.as_str())
            .collect()
    }

    #[test]
    fn a_value_is_taken_by_an_imported_line_only() {
        let mut uniqueness = Uniqueness::default();
        assert!(line(&mut uniqueness, 2, ["a@x.com", "ann"], true).is_empty());
        // Line 2 failed: its username and email are free.
        assert!(line(&mut uniqueness, 3, ["a@x.com", "ann"], false).is_empty());
        // The same user again: skipped as existing, its alias no repeat.
        assert_eq!(
            line(&mut uniqueness, 4, ["A@X.com", "ANN"], false),
            ["username.duplicate"]
        );
        // Another user with that address: a repeat.
        assert_eq!(
            line(&mut uniqueness, 5, ["a@x.com", "bea"], false),
            ["alias.duplicate"]
        );
        assert!(line(&mut uniqueness, 6, ["b@x.com", "bob"], false).is_empty());
    }

    #[test]
    fn a_duplicate_names_the_first_line() {
        let mut uniqueness = Uniqueness::default();
        let names: [Arc<str>; 2] = ["email".into(), "cognito:username".into()];
        let mut findings = Vec::new();
        for number in [2, 3] {
            uniqueness.check(
                number,
                &[USERNAME],
                |column| &names[column],
                |_| "ann",
                &mut findings,
                |_| true,
            );
        }
        assert_eq!(
            findings[0].detail,
            Detail::Duplicate {
                first: 2,
                fold_case: true,
                line_fails: false
            }
        );
    }
}
