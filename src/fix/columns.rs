//! The header: which line it is, how its fields are separated, and what
//! each of its columns becomes in the import files (the pool's name for
//! it, left out, or added).

use crate::engine::header::PoolIndex;
use crate::fix::fields::{split_cognito, split_rfc};
use crate::fix::table::FixCode;
use crate::pool::Pool;

/// The separators a header is tried with, the first preferred on a tie.
const SEPARATORS: [char; 4] = [',', ';', '\t', '|'];

/// The columns a rejects file (written by `fix`) has before the file's
/// own: a rejects file fed back is read without them.
pub const REJECTS_COLUMNS: [&str; 3] = ["line", "codes", "reasons"];

/// The column the rejects of `list-users` input have after
/// [`REJECTS_COLUMNS`]: the user's `Username` as listed (a pool's header
/// has `cognito:username`, never this), left out too when fed back.
pub const LISTED_USERNAME_COLUMN: &str = "Username";

/// A header line read: its separator and its names (unquoted, trimmed of
/// white space and byte order marks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderLine {
    /// The separator.
    pub separator: char,
    /// The names, as written but for quotes and white space around them.
    pub names: Vec<String>,
    /// Some names were in quotes.
    pub quoted: bool,
    /// How many names are the pool's (or rename one of its columns).
    pub known: usize,
}

/// Reads `text` as a header: with the separator under which the most of
/// its names are the pool's (`,` on a tie); `known` is 0 when none is.
pub fn read_header(index: &PoolIndex, text: &str) -> HeaderLine {
    let mut best: Option<HeaderLine> = None;
    for separator in SEPARATORS {
        // Quoted names as RFC 4180 has them; else as Cognito reads a line.
        let (fields, quoted) = match split_rfc(text, separator) {
            Some(record) if record.quoted() > 0 => (record.into_fields(), true),
            _ => {
                let mut fields = Vec::new();
                split_cognito(text, separator, &mut fields);
                (fields, false)
            }
        };
        // A byte order mark inside a header (files joined) is no name.
        let names: Vec<String> = fields
            .iter()
            .map(|name| {
                name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .to_owned()
            })
            .collect();
        let known = names
            .iter()
            .filter(|name| index.column_for(name).is_some())
            .count();
        if best.as_ref().is_none_or(|best| known > best.known) {
            best = Some(HeaderLine {
                separator,
                names,
                quoted,
                known,
            });
        }
    }
    best.expect("a separator was tried")
}

/// What a column of the input becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// The column of the import files at this place.
    Kept(usize),
    /// Left out: no column of the pool (or no name).
    Dropped,
    /// Left out: it repeats the column of the input at this place.
    Repeats(usize),
    /// One of the columns a rejects file adds, left out silently.
    RejectsColumn,
}

/// A column of the import files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutColumn {
    /// Its name.
    pub name: String,
    /// The input column it takes its values from; `None` when added.
    pub source: Option<usize>,
}

/// A change the header makes: its fix, the column, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderChange {
    /// The fix.
    pub fix: FixCode,
    /// The input's column (from 0); `None` for a column added.
    pub place: Option<usize>,
    /// The input's name (before), and the import files' (after).
    pub before: String,
    /// The name in the import files, if any.
    pub after: String,
}

/// The input's columns mapped to those of the import files.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// Each input column's fate.
    pub fates: Vec<Fate>,
    /// The import files' columns: the input's, in its order, then those
    /// the pool needs and the input lacks, in the pool's order.
    pub columns: Vec<OutColumn>,
    /// What changed, in order.
    pub changes: Vec<HeaderChange>,
    /// Columns kept that the pool does not have (`--keep-unknown-columns`).
    pub unknown_kept: Vec<String>,
}

/// Maps the input's `names` to the pool's columns.
pub fn map_columns(
    pool: &Pool,
    index: &PoolIndex,
    names: &[String],
    keep_unknown: bool,
) -> Mapping {
    let mut mapping = Mapping {
        fates: Vec::with_capacity(names.len()),
        columns: Vec::new(),
        changes: Vec::new(),
        unknown_kept: Vec::new(),
    };
    let rejects_file = names.len() >= REJECTS_COLUMNS.len()
        && names
            .iter()
            .zip(REJECTS_COLUMNS)
            .all(|(name, column)| name == column);
    // Where each pool column is taken from.
    let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let rejects_columns = match names.get(REJECTS_COLUMNS.len()) {
        Some(name) if rejects_file && name == LISTED_USERNAME_COLUMN => REJECTS_COLUMNS.len() + 1,
        _ if rejects_file => REJECTS_COLUMNS.len(),
        _ => 0,
    };
    for (place, name) in names.iter().enumerate() {
        if place < rejects_columns {
            mapping.fates.push(Fate::RejectsColumn);
            continue;
        }
        let change = |fix, after: &str| HeaderChange {
            fix,
            place: Some(place),
            before: name.clone(),
            after: after.to_owned(),
        };
        if name.is_empty() {
            mapping.changes.push(change(FixCode::EmptyColumn, ""));
            mapping.fates.push(Fate::Dropped);
            continue;
        }
        match index.column_for(name) {
            Some(target) => {
                if let Some(&first) = taken.get(target) {
                    mapping.changes.push(change(FixCode::DuplicateColumn, ""));
                    mapping.fates.push(Fate::Repeats(first));
                    continue;
                }
                if target != name {
                    mapping.changes.push(change(FixCode::Rename, target));
                }
                taken.insert(target.to_owned(), place);
                mapping.fates.push(Fate::Kept(mapping.columns.len()));
                mapping.columns.push(OutColumn {
                    name: target.to_owned(),
                    source: Some(place),
                });
            }
            None if keep_unknown && !taken.contains_key(name.as_str()) => {
                taken.insert(name.clone(), place);
                mapping.unknown_kept.push(name.clone());
                mapping.fates.push(Fate::Kept(mapping.columns.len()));
                mapping.columns.push(OutColumn {
                    name: name.clone(),
                    source: Some(place),
                });
            }
            None => {
                mapping.changes.push(change(FixCode::DroppedColumn, ""));
                mapping.fates.push(Fate::Dropped);
            }
        }
    }
    let needed = pool.header.iter().map(String::as_str).chain(
        pool.password_hash_algorithm
            .is_some()
            .then_some("password_hash"),
    );
    for name in needed {
        if !taken.contains_key(name) {
            taken.insert(name.to_owned(), usize::MAX);
            mapping.changes.push(HeaderChange {
                fix: FixCode::AddedColumn,
                place: None,
                before: String::new(),
                after: name.to_owned(),
            });
            mapping.columns.push(OutColumn {
                name: name.to_owned(),
                source: None,
            });
        }
    }
    mapping
}

/// The tool whose headerless layout `fields` (a first line with no name
/// of the pool) looks like, with the `--columns` that reads it (an empty
/// name leaves its column out).
pub fn headerless_layout(fields: &[String]) -> Option<(&'static str, String)> {
    // Firebase's `auth:export` CSV: 28 values and a trailing comma; the
    // third is emailVerified.
    let firebase = (fields.len() == 29 || fields.len() == 28)
        && matches!(fields[2].as_str(), "true" | "false");
    firebase.then(|| {
        let mut columns = vec![""; fields.len()];
        columns[0] = "cognito:username";
        columns[1] = "email";
        columns[2] = "email_verified";
        columns[5] = "name";
        columns[6] = "picture";
        columns[25] = "phone_number";
        ("Firebase's auth:export CSV", columns.join(","))
    })
}

/// A value as a header name is compared: trimmed, and without the double
/// quotes around it.
pub fn unquoted(value: &str) -> &str {
    let value = value.trim();
    match value
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(inner) => inner.trim(),
        None => value,
    }
}
