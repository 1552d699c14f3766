//! Measures a file checked against the users already in its pool (issue
//! 15): `list-users` output of a million users read (time, heap peak, the
//! heap the users keep), then the 100 MB benchmark file validated with and
//! without them, in the same run (best of the runs).
//!
//!   cargo run --release --example bench-existing -- bench/out/users-100mb.csv [USERS] [RUNS]
//!
//! The users' JSON is written once to bench/out/list-users-USERS.json as
//! the AWS CLI writes it: every tenth user of the file (so that a tenth of
//! its lines are skipped), then made-up users up to USERS.

mod heap;
mod read;

use cognito_csv_validator::existing::{ExistingUsers, ExistingUsersReader};
use cognito_csv_validator::{Pool, Validator};
use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let Some(csv) = arguments.first() else {
        eprintln!("usage: bench-existing FILE.csv [USERS] [RUNS]");
        std::process::exit(2)
    };
    let users: u64 = arguments
        .get(1)
        .map_or(1_000_000, |users| users.parse().expect("USERS"));
    let runs: usize = arguments
        .get(2)
        .map_or(3, |runs| runs.parse().expect("RUNS"));
    let json = format!("bench/out/list-users-{users}.json");
    if !std::path::Path::new(&json).exists() {
        write_list_users(csv, &json, users);
    }
    let json_bytes = std::fs::metadata(&json).expect("the users' JSON").len();
    let pool = Pool::default();
    let mut buffer = vec![0; 1 << 20];

    println!("# {}, {runs} runs, best counts", read::machine());
    let mut read_time = Duration::MAX;
    let mut read_peak = 0;
    let mut existing: Option<Arc<ExistingUsers>> = None;
    for _ in 0..runs {
        // The last run's users go first: the peak is this run's alone.
        drop(existing.take());
        let before = heap::start();
        let mut reader = ExistingUsersReader::new(&pool);
        let elapsed = read::stream(&json, &mut buffer, |chunk| {
            reader.push(chunk).expect("list-users JSON")
        });
        existing = Some(Arc::new(reader.finish().expect("list-users JSON")));
        read_time = read_time.min(elapsed);
        read_peak = heap::grown_since(before);
    }
    let existing = existing.expect("a run");
    println!(
        "list-users JSON: {:.0} MB, {} users: read in {:.3} s ({:.0} MB/s); heap peak {:.1} MB, kept {:.1} MB",
        json_bytes as f64 / 1e6,
        existing.users(),
        read_time.as_secs_f64(),
        json_bytes as f64 / 1e6 / read_time.as_secs_f64(),
        read_peak as f64 / 1e6,
        existing.bytes() as f64 / 1e6
    );

    let csv_bytes = std::fs::metadata(csv).expect("the CSV").len();
    for (what, with) in [("plain", None), ("with the pool's users", Some(existing))] {
        let mut best = Duration::MAX;
        let mut peak = 0;
        let mut outcome = None;
        for _ in 0..runs {
            let before = heap::start();
            let mut validator = match &with {
                Some(existing) => Validator::with_existing(pool.clone(), existing.clone()),
                None => Validator::new(pool.clone()),
            };
            let elapsed = read::stream(csv, &mut buffer, |chunk| {
                validator.push(chunk);
                validator.take();
            });
            let report = validator.finish();
            best = best.min(elapsed);
            peak = heap::grown_since(before);
            outcome = Some(report.outcome);
        }
        let outcome = outcome.expect("a run");
        println!(
            "{csv} {what}: {:.3} s ({:.0} MB/s), heap peak {:.1} MB above the users; {} imported, {} failed, {} skipped",
            best.as_secs_f64(),
            csv_bytes as f64 / 1e6 / best.as_secs_f64(),
            peak as f64 / 1e6,
            outcome.imported,
            outcome.failed,
            outcome.skipped
        );
    }
}

/// Writes `users` users as `aws cognito-idp list-users` does: every tenth
/// user of `csv` (its username and email, under the default header), then
/// made-up ones.
fn write_list_users(csv: &str, path: &str, users: u64) {
    let file = std::fs::File::create(path).expect("bench/out is writable");
    let mut out = std::io::BufWriter::new(file);
    let mut written = 0u64;
    let user = |out: &mut std::io::BufWriter<std::fs::File>,
                written: &mut u64,
                username: &str,
                email: &str| {
        let separator = if *written == 0 { "" } else { "," };
        *written += 1;
        write!(
            out,
            "{separator}\n        {{\n            \"Username\": \"{username}\",\n            \"Attributes\": [\n                {{\n                    \"Name\": \"sub\",\n                    \"Value\": \"{:08x}-0000-4000-8000-{:012x}\"\n                }},\n                {{\n                    \"Name\": \"email\",\n                    \"Value\": \"{email}\"\n                }},\n                {{\n                    \"Name\": \"email_verified\",\n                    \"Value\": \"true\"\n                }}\n            ],\n            \"UserCreateDate\": \"2024-03-01T09:12:44.112000+00:00\",\n            \"UserLastModifiedDate\": \"2025-06-12T17:01:09.500000+00:00\",\n            \"Enabled\": true,\n            \"UserStatus\": \"CONFIRMED\"\n        }}",
            *written, *written
        )
        .expect("write");
    };
    out.write_all(b"{\n    \"Users\": [").expect("write");
    let lines = std::io::BufReader::new(std::fs::File::open(csv).expect("the CSV")).lines();
    for (index, line) in lines.enumerate().skip(1) {
        let line = line.expect("a line of UTF-8");
        if index % 10 != 0 || written >= users {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        if let (Some(username), Some(email)) = (fields.first(), fields.get(10)) {
            if !username.contains(['"', '\\']) && !email.contains(['"', '\\']) {
                user(&mut out, &mut written, username, email);
            }
        }
    }
    while written < users {
        let made_up = format!("pool-user-{written}");
        let email = format!("{made_up}@example.org");
        user(&mut out, &mut written, &made_up, &email);
    }
    out.write_all(b"\n    ]\n}\n").expect("write");
}
