//! The users already in the target pool, as the checks need them: a hash
//! of each username and of each alias value (`email`, `phone_number`,
//! `preferred_username`), compared as the pool compares them.
//!
//! Each set is a sorted array of 8-byte hashes under a small directory of
//! where each leading-bits bucket starts: a million users take 8 MB per
//! set (a hash map would take about 36), and a lookup reads one bucket of
//! a few hashes.

use super::json::JsonError;
use super::list_users::{ListUsersReader, ListedUser};
use crate::engine::unique::{value_key, UniqueSet};
use crate::pool::Pool;

/// Hashes, sorted, with where each bucket of leading bits starts.
#[derive(Clone, Debug, Default)]
struct HashIndex {
    hashes: Vec<u64>,
    /// `starts[b]..starts[b + 1]`: the hashes whose leading bits are `b`.
    starts: Vec<u32>,
    /// 64 minus the directory's bits.
    shift: u32,
}

/// Hashes per bucket the directory aims at.
const BUCKET: usize = 8;

impl HashIndex {
    fn new(mut hashes: Vec<u64>) -> HashIndex {
        hashes.sort_unstable();
        hashes.dedup();
        hashes.shrink_to_fit();
        let bits = (hashes.len() / BUCKET).max(1).ilog2() + 1;
        let shift = 64 - bits;
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for bucket in 0..(1u64 << bits) {
            while at < hashes.len() && hashes[at] >> shift < bucket {
                at += 1;
            }
            starts.push(at as u32);
        }
        starts.push(hashes.len() as u32);
        HashIndex {
            hashes,
            starts,
            shift,
        }
    }

    fn contains(&self, hash: u64) -> bool {
        let bucket = (hash >> self.shift) as usize;
        let (start, end) = (
            self.starts[bucket] as usize,
            self.starts[bucket + 1] as usize,
        );
        self.hashes[start..end].contains(&hash)
    }

    fn bytes(&self) -> usize {
        self.hashes.capacity() * 8 + self.starts.capacity() * 4
    }
}

/// The users of the target pool, from its `list-users` output.
#[derive(Clone, Debug, Default)]
pub struct ExistingUsers {
    /// In the order of [`UniqueSet`]: usernames, emails, phone numbers,
    /// preferred usernames.
    sets: [HashIndex; 4],
    users: u64,
    /// Read for a pool whose usernames are case-sensitive.
    case_sensitive: bool,
}

impl ExistingUsers {
    /// Whether a user of the pool has `key` (from [`value_key`]) in `set`.
    pub(crate) fn contains(&self, set: UniqueSet, key: u64) -> bool {
        self.sets[set as usize].contains(key)
    }

    /// Whether they were read for a pool whose usernames are case-sensitive.
    pub fn case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// How many users the pool has.
    pub fn users(&self) -> u64 {
        self.users
    }

    /// The memory the sets take, in bytes.
    pub fn bytes(&self) -> usize {
        self.sets.iter().map(HashIndex::bytes).sum()
    }
}

/// Reads `list-users` output in chunks into [`ExistingUsers`], keyed as
/// `pool` compares usernames.
#[derive(Debug)]
pub struct ExistingUsersReader {
    reader: ListUsersReader,
    case_sensitive: bool,
    keys: [Vec<u64>; 4],
    /// A value folded to lower case (kept, to reuse its memory).
    lowercase: String,
}

impl ExistingUsersReader {
    /// A reader for the users of a pool like `pool`.
    pub fn new(pool: &Pool) -> ExistingUsersReader {
        ExistingUsersReader {
            reader: ListUsersReader::new(),
            case_sensitive: pool.case_sensitive,
            keys: Default::default(),
            lowercase: String::new(),
        }
    }

    /// Reads the next chunk of the output.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), JsonError> {
        let ExistingUsersReader {
            reader,
            case_sensitive,
            keys,
            lowercase,
        } = self;
        reader.push(bytes, &mut |user| {
            keep(user, *case_sensitive, keys, lowercase);
            Ok(())
        })
    }

    /// The output has ended: the users, indexed.
    pub fn finish(mut self) -> Result<ExistingUsers, JsonError> {
        let ExistingUsersReader {
            reader,
            case_sensitive,
            keys,
            lowercase,
        } = &mut self;
        let users = reader.finish(&mut |user| {
            keep(user, *case_sensitive, keys, lowercase);
            Ok(())
        })?;
        Ok(ExistingUsers {
            sets: std::mem::take(keys).map(HashIndex::new),
            users,
            case_sensitive: *case_sensitive,
        })
    }
}

/// Keeps the keys of one user.
fn keep(user: &ListedUser, case_sensitive: bool, keys: &mut [Vec<u64>; 4], lowercase: &mut String) {
    let by_username = !case_sensitive;
    keys[UniqueSet::Username as usize].push(value_key(&user.username, by_username, lowercase));
    for (set, attribute, fold_case) in [
        // Email addresses are compared without regard to case in every pool.
        (UniqueSet::Email, "email", true),
        (UniqueSet::PhoneNumber, "phone_number", by_username),
        (
            UniqueSet::PreferredUsername,
            "preferred_username",
            by_username,
        ),
    ] {
        if let Some(value) = user.attribute(attribute).filter(|value| !value.is_empty()) {
            keys[set as usize].push(value_key(value, fold_case, lowercase));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pool: &Pool, input: &[u8]) -> ExistingUsers {
        let mut reader = ExistingUsersReader::new(pool);
        for chunk in input.chunks(7) {
            reader.push(chunk).unwrap();
        }
        reader.finish().unwrap()
    }

    #[test]
    fn the_pools_users_are_found_as_the_pool_compares_them() {
        let input = std::fs::read("tests/existing/list-users.json").unwrap();
        let mut scratch = String::new();
        let mut key = |value: &str, fold: bool| value_key(value, fold, &mut scratch);
        let insensitive = read(&Pool::default(), &input);
        assert_eq!(insensitive.users(), 3);
        assert!(insensitive.contains(UniqueSet::Username, key("ana.garcia", true)));
        assert!(insensitive.contains(UniqueSet::Username, key("JÖRG", true)));
        assert!(insensitive.contains(UniqueSet::Username, key("小明", true)));
        assert!(!insensitive.contains(UniqueSet::Username, key("ana", true)));
        assert!(insensitive.contains(UniqueSet::Email, key("ana.garcia@EXAMPLE.com", true)));
        assert!(insensitive.contains(UniqueSet::PhoneNumber, key("+4915112345678", true)));
        assert!(insensitive.contains(UniqueSet::PreferredUsername, key("XiaoMing", true)));
        // A user without an email has none in the set.
        assert!(!insensitive.contains(UniqueSet::Email, key("", true)));

        let sensitive = read(
            &Pool {
                case_sensitive: true,
                ..Pool::default()
            },
            &input,
        );
        assert!(sensitive.contains(UniqueSet::Username, key("jörg", false)));
        assert!(!sensitive.contains(UniqueSet::Username, key("JÖRG", false)));
        assert!(!sensitive.contains(UniqueSet::PreferredUsername, key("XiaoMing", false)));
        // Email is case-insensitive in every pool.
        assert!(sensitive.contains(UniqueSet::Email, key("ANA.GARCIA@example.com", true)));
    }

    #[test]
    fn the_index_finds_every_hash_it_holds_and_none_other() {
        for size in [0usize, 1, 2, 7, 8, 9, 100, 10_000] {
            let hashes: Vec<u64> = (0..size as u64)
                .map(|n| xxhash_rust::xxh3::xxh3_64(&n.to_le_bytes()))
                .collect();
            let index = HashIndex::new(hashes.clone());
            assert!(
                hashes.iter().all(|&hash| index.contains(hash)),
                "size {size}"
            );
            let others = (size as u64..size as u64 + 1000)
                .map(|n| xxhash_rust::xxh3::xxh3_64(&n.to_le_bytes()));
            assert!(
                others.into_iter().all(|hash| !index.contains(hash)),
                "size {size}"
            );
            // The edges of the key space.
            let edges = HashIndex::new(vec![0, u64::MAX, 1 << 63]);
            assert!([0, u64::MAX, 1 << 63]
                .iter()
                .all(|&hash| edges.contains(hash)));
            assert!(!edges.contains(1));
        }
    }
}
