//! A file cut into parts at line breaks, each part validated on its own,
//! gives once merged the report of one pass: every fixture cut at each of
//! its line breaks, into every line, at every nominal offset; random files
//! cut anywhere into 1 to 16 parts, with users that repeat each other's
//! usernames and aliases across the cuts.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use cognito_csv_validator::pool::Alias;
use cognito_csv_validator::{LineStatus, Pool};
use common::*;
use proptest::prelude::*;

/// Every fixture with a header it can be cut after.
fn cuttable_fixtures() -> Vec<(std::path::PathBuf, Pool, Vec<u8>)> {
    fixtures()
        .into_iter()
        .map(|csv| {
            let pool = pool_for(&csv);
            let bytes = std::fs::read(&csv).unwrap();
            (csv, pool, bytes)
        })
        .collect()
}

#[test]
fn every_fixture_cut_at_any_line_break_gives_its_report() {
    let mut cut = 0;
    for (csv, pool, bytes) in cuttable_fixtures() {
        let whole = validate(&pool, &bytes);
        let starts = line_starts(&bytes);
        for &start in &starts {
            let Some(parts) = validate_parts(&pool, &bytes, &[0, start], 1 << 16) else {
                continue;
            };
            cut += 1;
            assert_eq!(whole, parts, "{} cut at {start}", csv.display());
        }
        // Every line a part of its own, fed a byte at a time.
        let every_line: Vec<u64> = std::iter::once(0).chain(starts).collect();
        if let Some(parts) = validate_parts(&pool, &bytes, &every_line, 1) {
            assert_eq!(whole, parts, "{} cut at every line", csv.display());
        }
    }
    assert!(cut > 1000, "only {cut} cuts were made");
}

#[test]
fn every_fixture_cut_at_any_offset_gives_its_report() {
    for (csv, pool, bytes) in cuttable_fixtures() {
        let whole = validate(&pool, &bytes);
        // Every offset of a small file; about 400 of a larger one.
        let step = (bytes.len() / 400).max(1);
        for offset in (1..bytes.len() as u64).step_by(step) {
            if let Some(parts) = validate_parts(&pool, &bytes, &[0, offset], 7) {
                assert_eq!(whole, parts, "{} cut at offset {offset}", csv.display());
            }
        }
    }
}

/// A pool where email and phone number are aliases: three unique sets.
fn alias_pool() -> Pool {
    Pool {
        alias_attributes: vec![Alias::Email, Alias::PhoneNumber],
        ..Pool::default()
    }
}

/// A user line whose username, email and phone come from a few values, so
/// that lines repeat each other; some fail for another error.
fn user_line() -> impl Strategy<Value = String> {
    (0..6u8, 0..6u8, 0..4u8, 0..5u8, any::<bool>()).prop_map(
        |(name, email, phone, fault, upper)| {
            let name = if upper {
                format!("User{name}")
            } else {
                format!("user{name}")
            };
            let email = match fault {
                0 => format!("u{email}@"),
                1 => String::new(),
                _ => format!("u{email}@example.com"),
            };
            let phone = if phone == 0 {
                String::new()
            } else {
                format!("+1206555000{phone}")
            };
            let mfa = if fault == 4 { "maybe" } else { "false" };
            format!("{name},,,,,,,,,,{email},true,,,,,{phone},false,,,{mfa}")
        },
    )
}

/// Lines between users: blank runs, lines of another width, repeated
/// headers, `\r\r\n`.
fn other_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        Just("\r".to_string()),
        Just("user1;u1@example.com".to_string()),
        Just(",,,,,,,,,,,,,,,,,,,,".to_string()),
        Just(template_header()),
    ]
}

fn template_header() -> String {
    Pool::default().header.join(",")
}

fn users_file() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop_oneof![6 => user_line(), 1 => other_line()], 0..60).prop_map(
        |lines| {
            let mut file = template_header();
            for line in lines {
                file.push('\n');
                file.push_str(&line);
            }
            file.into_bytes()
        },
    )
}

/// Nominal offsets: 1 to 16 parts, anywhere in the file.
fn starts(len: usize, offsets: &[usize]) -> Vec<u64> {
    let mut starts: Vec<u64> = offsets
        .iter()
        .map(|offset| (offset % (len + 1)) as u64)
        .filter(|&offset| offset > 0)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts.insert(0, 0);
    starts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn users_that_repeat_each_other_across_cuts_are_judged_as_in_one_pass(
        bytes in users_file(),
        offsets in prop::collection::vec(any::<usize>(), 0..16),
        chunk in 1..64usize,
    ) {
        let pool = alias_pool();
        let whole = validate(&pool, &bytes);
        let starts = starts(bytes.len(), &offsets);
        // A file of its header alone, unterminated, is read in one pass.
        if let Some(parts) = validate_parts(&pool, &bytes, &starts, chunk) {
            prop_assert_eq!(whole, parts, "cut at {:?}", starts);
        } else {
            prop_assert!(!bytes.contains(&b'\n'));
        }
    }

    #[test]
    fn users_cut_at_their_line_breaks_are_judged_as_in_one_pass(
        bytes in users_file(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..16),
    ) {
        let pool = alias_pool();
        let whole = validate(&pool, &bytes);
        let breaks = line_starts(&bytes);
        let mut starts: Vec<u64> = if breaks.is_empty() {
            Vec::new()
        } else {
            picks.iter().map(|pick| breaks[pick.index(breaks.len())]).collect()
        };
        starts.push(0);
        starts.sort_unstable();
        starts.dedup();
        if let Some(parts) = validate_parts(&pool, &bytes, &starts, 1 << 16) {
            prop_assert_eq!(whole, parts, "cut at {:?}", starts);
        } else {
            prop_assert!(breaks.is_empty());
        }
    }

    #[test]
    fn random_bytes_cut_anywhere_give_the_report_of_one_pass(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        offsets in prop::collection::vec(any::<usize>(), 0..16),
        chunk in 1..64usize,
    ) {
        let mut file = template_header().into_bytes();
        file.push(b'\n');
        file.extend(bytes);
        let pool = Pool::default();
        let whole = validate(&pool, &file);
        let starts = starts(file.len(), &offsets);
        let parts = validate_parts(&pool, &file, &starts, chunk).expect("a header");
        prop_assert_eq!(whole, parts, "cut at {:?}", starts);
    }
}

#[test]
fn a_repeat_across_a_cut_frees_the_username_of_a_line_that_fails() {
    // Cut before line 3. Alone, the second part imports line 3 ("cy"),
    // which takes "cy" from line 4. In the file, line 3 repeats line 2's
    // email across the cut: it fails, and line 4 is imported.
    let pool = alias_pool();
    let header = template_header();
    let line = |name: &str, email: &str| format!("{name},,,,,,,,,,{email},true,,,,,,false,,,false");
    let file = [
        header,
        line("ana", "a@example.com"),
        line("cy", "A@example.com"),
        line("cy", "c@example.com"),
    ]
    .join("\n")
    .into_bytes();
    let whole = validate(&pool, &file);
    assert_eq!(whole.statuses.get(3), Some(LineStatus::Failed));
    assert_eq!(whole.statuses.get(4), Some(LineStatus::Imported));
    let cut = line_starts(&file)[1];
    let parts = validate_parts(&pool, &file, &[0, cut], 1 << 16).unwrap();
    assert_eq!(whole, parts);
}
