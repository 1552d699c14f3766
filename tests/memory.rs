//! The engine's memory stays bounded whatever the input. This file holds a
//! single test, so that nothing else allocates while it measures.

use cognito_csv_validator::{Code, Pool, Validator};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const HEADER: &str =
    "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,\
profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,\
phone_number_verified,address,updated_at,cognito:mfa_enabled\n";

/// Counts the heap the test process holds, and its peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(held, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Relaxed);
        System.dealloc(pointer, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn a_100_mb_line_does_not_make_the_engine_allocate_100_mb() {
    let chunk = vec![b'x'; 1 << 20];
    let before = HELD.load(Relaxed);
    PEAK.store(before, Relaxed);
    let mut validator = Validator::new(Pool::default());
    validator.push(HEADER.as_bytes());
    for _ in 0..100 {
        validator.push(&chunk);
    }
    validator.push(b"\n");
    let report = validator.finish();
    let grown = PEAK.load(Relaxed) - before;
    assert_eq!(report.counts_by_code.get(Code::LineTooLong), 1);
    assert!(grown < 1 << 20, "the engine grew the heap by {grown} bytes");
}
