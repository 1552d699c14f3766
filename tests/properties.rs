//! Property tests on random and adversarial input: the validator never
//! panics, chunking never changes a report, and the counts add up.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use cognito_csv_validator::{JobOutcome, Pool, RULES};
use common::*;
use proptest::prelude::*;

const HEADER: &[u8] =
    b"cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,\
profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,\
phone_number_verified,address,updated_at,cognito:mfa_enabled\n";

/// Bytes that matter to the dialect and the rules, plus pieces of UTF-8
/// (whole and cut) and of a BOM.
fn adversarial_byte() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => Just(b",".to_vec()),
        2 => Just(b"\\".to_vec()),
        2 => Just(b"\n".to_vec()),
        2 => Just(b"\r".to_vec()),
        1 => Just(b"\r\n".to_vec()),
        1 => Just(b"\"".to_vec()),
        1 => Just(b" ".to_vec()),
        1 => Just(b"\t".to_vec()),
        2 => Just(b"a".to_vec()),
        1 => Just(b"@example.com".to_vec()),
        1 => Just(b"true".to_vec()),
        1 => Just(b"FALSE".to_vec()),
        1 => Just(b"+1206555".to_vec()),
        1 => Just("é".as_bytes().to_vec()),
        1 => Just(vec![0xC3]),
        1 => Just(vec![0xE9]),
        1 => Just(b"\xEF\xBB\xBF".to_vec()),
        1 => Just(b",,,,,,,,,,".to_vec()),
        1 => Just(b"\\,".to_vec()),
    ]
}

fn adversarial_file() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        prop::collection::vec(adversarial_byte(), 0..200),
    )
        .prop_map(|(with_header, pieces)| {
            let mut bytes = if with_header {
                HEADER.to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(pieces.concat());
            bytes
        })
}

/// Physical lines, counted independently of the engine: `\r\n`, `\r` and
/// `\n` end a line; a last line without terminator counts.
fn physical_lines(bytes: &[u8]) -> u64 {
    let mut lines = 0;
    let mut index = 0;
    let mut open = false;
    while index < bytes.len() {
        match bytes[index] {
            b'\r' => {
                lines += 1;
                open = false;
                if bytes.get(index + 1) == Some(&b'\n') {
                    index += 1;
                }
            }
            b'\n' => {
                lines += 1;
                open = false;
            }
            _ => open = true,
        }
        index += 1;
    }
    // A leading BOM alone on the last line is no content.
    lines + u64::from(open && bytes != b"\xEF\xBB\xBF")
}

fn check(bytes: &[u8], cuts: &mut [usize]) -> Result<(), TestCaseError> {
    let pool = Pool::default();
    let whole = validate(&pool, bytes);
    cuts.iter_mut().for_each(|cut| *cut %= bytes.len() + 1);
    cuts.sort_unstable();
    let chunked = validate_cut(&pool, bytes, cuts);
    prop_assert_eq!(&whole, &chunked);
    prop_assert_eq!(whole.file.bytes, bytes.len() as u64);
    prop_assert_eq!(whole.file.lines, physical_lines(bytes));
    let outcome = whole.outcome;
    prop_assert_eq!(
        outcome.imported + outcome.failed + outcome.skipped,
        outcome.users
    );
    if outcome.job == JobOutcome::Fails {
        prop_assert_eq!(outcome.failed, outcome.users);
    }
    let total: u64 = RULES
        .iter()
        .map(|rule| whole.counts_by_code.get(rule.code))
        .sum();
    prop_assert_eq!(total, whole.findings.len() as u64);
    let mut previous = 0;
    for finding in whole.findings.iter().filter_map(|finding| finding.line) {
        prop_assert!(
            finding >= previous && finding <= whole.file.lines.max(1),
            "line order"
        );
        previous = finding;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_and_chunking_never_matters(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        mut cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        check(&bytes, &mut cuts)?;
    }

    #[test]
    fn adversarial_files_never_panic_and_chunking_never_matters(
        bytes in adversarial_file(),
        mut cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        check(&bytes, &mut cuts)?;
    }
}
