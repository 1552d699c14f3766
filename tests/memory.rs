//! The engine's memory stays bounded whatever the input. This file holds a
//! single test, so that nothing else allocates while it measures.

use cognito_csv_validator::{Code, Pool, Validator};

const HEADER: &str =
    "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,\
profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,\
phone_number_verified,address,updated_at,cognito:mfa_enabled\n";

#[path = "../bench/heap.rs"]
mod heap;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

#[test]
fn a_100_mb_line_does_not_make_the_engine_allocate_100_mb() {
    let chunk = vec![b'x'; 1 << 20];
    let before = heap::start();
    let mut validator = Validator::new(Pool::default());
    validator.push(HEADER.as_bytes());
    for _ in 0..100 {
        validator.push(&chunk);
    }
    validator.push(b"\n");
    let report = validator.finish();
    let grown = heap::grown_since(before);
    assert_eq!(report.counts_by_code.get(Code::LineTooLong), 1);
    assert!(grown < 1 << 20, "the engine grew the heap by {grown} bytes");
}
