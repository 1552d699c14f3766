//! The engine's memory stays bounded whatever the input. This file holds a
//! single test, so that nothing else allocates while it measures.

use cognito_csv_validator::engine::parts::{merge, Head, PartValidator};
use cognito_csv_validator::{Code, Pool, Report, Validator};

const HEADER: &str =
    "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,\
profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,\
phone_number_verified,address,updated_at,cognito:mfa_enabled\n";

#[path = "../bench/heap.rs"]
mod heap;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

/// Feeds `chunks` after the header, taking findings and statuses after
/// each chunk as a caller does, and gives the report and how far the heap
/// grew.
fn measure<'a>(chunks: impl Iterator<Item = &'a [u8]>) -> (cognito_csv_validator::Report, usize) {
    let before = heap::start();
    let mut validator = Validator::new(Pool::default());
    validator.push(HEADER.as_bytes());
    for chunk in chunks {
        validator.push(chunk);
        drop(validator.take());
    }
    let report = validator.finish();
    (report, heap::grown_since(before))
}

/// Feeds the header and `chunks` to the first part of a file, merges it,
/// and gives the report and how far the heap grew.
fn measure_part<'a>(chunks: impl Iterator<Item = &'a [u8]>) -> (Report, usize) {
    let pool = Pool::default();
    let head = Head::read(&pool, HEADER.as_bytes()).expect("the header");
    let before = heap::start();
    let mut part = PartValidator::new(pool.clone(), &head, 0, None);
    part.push(HEADER.as_bytes());
    for chunk in chunks {
        part.push(chunk);
    }
    let report = merge(pool, &head, vec![part.finish()], None);
    (report, heap::grown_since(before))
}

/// One test, its cases in turn: 100 MB of a long line, of line breaks, of a
/// line of white space, of a line with invalid UTF-8 at its end; a part of
/// a file, of a long line, of line breaks, and of users whose lines are
/// long (its log grows with the users, not with their lines).
#[test]
fn the_engine_holds_a_line_at_most_whatever_the_input() {
    const MIB: usize = 1 << 20;
    let (letters, breaks, spaces) = (vec![b'x'; MIB], vec![b'\n'; MIB], vec![b' '; MIB]);
    let hundred = |chunk: &'static [u8]| std::iter::repeat_n(chunk, 100);
    let (letters, breaks, spaces) = (letters.leak(), breaks.leak(), spaces.leak());
    let (report, grown) = measure(hundred(letters).chain([&b"\n"[..]]));
    assert_eq!(report.counts_by_code.get(Code::LineTooLong), 1);
    assert!(grown < MIB, "a 100 MB line grew the heap by {grown} bytes");

    let (report, grown) = measure(hundred(breaks));
    assert_eq!(report.file.lines, 1 + 100 * MIB as u64);
    assert_eq!(
        report.counts_by_code.get(Code::LineBlank),
        1,
        "one finding for the run"
    );
    assert!(
        grown < MIB,
        "100 MB of line breaks grew the heap by {grown} bytes"
    );

    let (report, grown) = measure(hundred(spaces).chain([&b"\nu\n"[..]]));
    assert_eq!(
        report.outcome.users, 1,
        "a line of white space is blank at any length"
    );
    assert!(
        grown < MIB,
        "a 100 MB blank line grew the heap by {grown} bytes"
    );

    let (report, grown) = measure(hundred(letters).chain([&b"\xFF\n"[..]]));
    assert_eq!(
        report.counts_by_code.get(Code::FileNotUtf8),
        1,
        "invalid UTF-8 at any length"
    );
    assert!(grown < MIB, "a 100 MB line grew the heap by {grown} bytes");

    let (report, grown) = measure_part(hundred(letters).chain([&b"\n"[..]]));
    assert_eq!(report.counts_by_code.get(Code::LineTooLong), 1);
    assert!(
        grown < MIB,
        "a part: a 100 MB line grew the heap by {grown} bytes"
    );

    let (report, grown) = measure_part(hundred(breaks));
    assert_eq!(report.counts_by_code.get(Code::LineBlank), 1);
    assert!(
        grown < MIB,
        "a part: 100 MB of line breaks grew the heap by {grown} bytes"
    );

    // 10,000 users of 2,000 characters each: 20 MB.
    let users: Vec<u8> = (0..10_000)
        .flat_map(|user| {
            format!(
                "user{user},{},,,,,,,,,user{user}@example.com,true,,,,,,,,,false\n",
                "n".repeat(2_000)
            )
            .into_bytes()
        })
        .collect();
    let (report, grown) = measure_part(users.chunks(MIB));
    assert_eq!(report.outcome.imported, 10_000);
    assert!(
        grown < 2 * MIB,
        "a part of 10,000 users in 20 MB grew the heap by {grown} bytes"
    );
}
