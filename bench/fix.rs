//! Measures `fix` against validating the same files, in the same run, and
//! prints the figures; then, for files as tools write them, the share of
//! their users that `fix` makes importable.
//!
//! ```text
//! cargo run --release --example bench-fix -- FILE.csv... [LIST-USERS.json...] [--tools DIR]
//! ```
//!
//! (`npm run bench` makes the standard files and runs this on them.)
//!
//! Method: each file is read from the page cache in 1 MiB chunks (read once
//! first to warm the cache); validation takes its findings after every
//! chunk, and `fix` is given each chunk in pieces of `PUSH_BYTES`, its
//! output taken after each, as the command line does. Validation counts its findings; `fix` counts the
//! bytes of its outputs (the import files, the rejects, the changes and the
//! manifest) without writing them, so that the disk is not measured. The
//! two take turns, `BENCH_RUNS` times each (3 unless set), and the fastest
//! run of each counts. Heap peak: the most heap each held during its run (a
//! counting allocator).
//!
//! A `*.json` file is `list-users` output (`generate --list-users`): it is
//! fixed alone, `BENCH_RUNS` times, with the same method (there is nothing
//! to validate it against).
//!
//! With `--tools DIR`, every `*.csv` in DIR is validated and fixed with the
//! default pool: its users, those imported as it is (none when its job
//! fails), and those `fix` puts in import files.

mod heap;
mod read;

use cognito_csv_validator::fix::{FixOptions, Fixer, Output, PUSH_BYTES};
use cognito_csv_validator::{JobOutcome, Pool, Validator};
use read::{machine, stream};
use std::time::{Duration, Instant};

const CHUNK: usize = 1 << 20;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(3)
}

struct Measured {
    elapsed: Duration,
    heap_peak: usize,
}

fn validate(path: &str, buffer: &mut [u8]) -> (Measured, u64) {
    let before = heap::start();
    let mut validator = Validator::new(Pool::default());
    let mut findings = 0;
    let started = Instant::now();
    stream(path, buffer, |chunk| {
        validator.push(chunk);
        findings += validator.take().findings.len() as u64;
    });
    let report = validator.finish();
    findings += report.findings.len() as u64;
    let measured = Measured {
        elapsed: started.elapsed(),
        heap_peak: heap::grown_since(before),
    };
    (measured, findings)
}

/// What `fix` wrote: users imported and rejected, bytes of the import
/// files and of the other outputs.
struct FixFigures {
    imported: u64,
    rejected: u64,
    part_bytes: u64,
    other_bytes: u64,
}

fn fix(path: &str, buffer: &mut [u8]) -> (Measured, FixFigures) {
    let before = heap::start();
    let mut fixer = Fixer::new(Pool::default(), FixOptions::default()).expect("default options");
    let (mut part_bytes, mut other_bytes) = (0, 0);
    let mut count = |chunks: Vec<cognito_csv_validator::fix::Chunk>| {
        for chunk in chunks {
            match chunk.output {
                Output::Part(_) => part_bytes += chunk.bytes.len() as u64,
                _ => other_bytes += chunk.bytes.len() as u64,
            }
        }
    };
    let started = Instant::now();
    stream(path, buffer, |chunk| {
        for piece in chunk.chunks(PUSH_BYTES) {
            fixer.push(piece);
            count(fixer.take());
        }
    });
    let fixed = fixer.finish().unwrap_or_else(|error| {
        eprintln!("{path}: fix stopped: {error}");
        std::process::exit(1)
    });
    count(fixed.chunks);
    let measured = Measured {
        elapsed: started.elapsed(),
        heap_peak: heap::grown_since(before),
    };
    let figures = FixFigures {
        imported: fixed.manifest.imported,
        rejected: fixed.manifest.rejected,
        part_bytes,
        other_bytes,
    };
    (measured, figures)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_owned(), |name| name.to_string_lossy().into())
}

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    let tools = files.iter().position(|word| word == "--tools").map(|at| {
        files.remove(at);
        (at < files.len()).then(|| files.remove(at))
    });
    let tools = match tools {
        Some(None) => {
            eprintln!("--tools takes a folder");
            std::process::exit(2)
        }
        Some(Some(folder)) => Some(folder),
        None => None,
    };
    if files.is_empty() && tools.is_none() {
        eprintln!("usage: bench-fix FILE.csv... [LIST-USERS.json...] [--tools DIR]");
        std::process::exit(2);
    }
    let (listed, files): (Vec<String>, Vec<String>) =
        files.into_iter().partition(|path| path.ends_with(".json"));
    println!("machine: {}", machine());
    if !files.is_empty() {
        println!(
            "method: 1 MiB chunks from the page cache, default pool and options, validation and fix taking turns, best of {} runs each",
            runs()
        );
        println!(
            "{:<28} {:>6} {:>8} {:>11} {:>8} {:>7} {:>12} {:>9} {:>10} {:>10}",
            "file",
            "MB",
            "users",
            "validate s",
            "fix s",
            "ratio",
            "imported",
            "rejected",
            "heap val.",
            "heap fix"
        );
    }
    let mut buffer = vec![0; CHUNK];
    for path in &files {
        let bytes = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
        stream(path, &mut buffer, |_| {}); // warm the page cache
        let mut best_validate: Option<Measured> = None;
        let mut best_fix: Option<(Measured, FixFigures)> = None;
        for _ in 0..runs() {
            let (measured, _) = validate(path, &mut buffer);
            if best_validate
                .as_ref()
                .is_none_or(|best| measured.elapsed < best.elapsed)
            {
                best_validate = Some(measured);
            }
            let (measured, figures) = fix(path, &mut buffer);
            if best_fix
                .as_ref()
                .is_none_or(|(best, _)| measured.elapsed < best.elapsed)
            {
                best_fix = Some((measured, figures));
            }
        }
        let validated = best_validate.expect("at least one run");
        let (fixed, figures) = best_fix.expect("at least one run");
        println!(
            "{:<28} {:>6.1} {:>8} {:>11.3} {:>8.3} {:>6.2}x {:>12} {:>9} {:>8.1}MB {:>8.1}MB",
            file_name(path),
            bytes as f64 / 1e6,
            figures.imported + figures.rejected,
            validated.elapsed.as_secs_f64(),
            fixed.elapsed.as_secs_f64(),
            fixed.elapsed.as_secs_f64() / validated.elapsed.as_secs_f64(),
            figures.imported,
            figures.rejected,
            validated.heap_peak as f64 / 1e6,
            fixed.heap_peak as f64 / 1e6,
        );
        println!(
            "{:<28} outputs: import files {:.1} MB, rejects + changes + manifest {:.1} MB",
            "",
            figures.part_bytes as f64 / 1e6,
            figures.other_bytes as f64 / 1e6
        );
    }
    if !listed.is_empty() {
        fix_list_users(&listed, &mut buffer);
    }
    if let Some(folder) = tools {
        share_made_importable(&folder);
    }
}

/// `fix` of `list-users` output, alone: the fastest of the runs, and the
/// most heap it held.
fn fix_list_users(paths: &[String], buffer: &mut [u8]) {
    println!();
    println!(
        "list-users output, fixed for the default pool (1 MiB chunks from the page cache, best of {} runs):",
        runs()
    );
    println!(
        "{:<28} {:>6} {:>8} {:>8} {:>7} {:>9} {:>9} {:>10}",
        "file", "MB", "users", "fix s", "MB/s", "imported", "rejected", "heap fix"
    );
    for path in paths {
        let bytes = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
        stream(path, buffer, |_| {}); // warm the page cache
        let mut best: Option<(Measured, FixFigures)> = None;
        for _ in 0..runs() {
            let (measured, figures) = fix(path, buffer);
            if best
                .as_ref()
                .is_none_or(|(best, _)| measured.elapsed < best.elapsed)
            {
                best = Some((measured, figures));
            }
        }
        let (fixed, figures) = best.expect("at least one run");
        println!(
            "{:<28} {:>6.1} {:>8} {:>8.3} {:>7.0} {:>9} {:>9} {:>8.1}MB",
            file_name(path),
            bytes as f64 / 1e6,
            figures.imported + figures.rejected,
            fixed.elapsed.as_secs_f64(),
            bytes as f64 / 1e6 / fixed.elapsed.as_secs_f64(),
            figures.imported,
            figures.rejected,
            fixed.heap_peak as f64 / 1e6,
        );
        println!(
            "{:<28} outputs: import files {:.1} MB, rejects + changes + subs + manifest {:.1} MB",
            "",
            figures.part_bytes as f64 / 1e6,
            figures.other_bytes as f64 / 1e6
        );
    }
}

/// For each CSV of `folder`: users, imported as it is, imported after fix
/// with the default options, and with the options a file from the United
/// States calls for (`--date-order mdy --default-country US`).
fn share_made_importable(folder: &str) {
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .unwrap_or_else(|error| {
            eprintln!("cannot read {folder}: {error}");
            std::process::exit(2)
        })
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "csv"))
        .collect();
    paths.sort();
    let american = FixOptions {
        date_order: Some(cognito_csv_validator::fix::DateOrder::Mdy),
        default_country: Some("US".into()),
        ..FixOptions::default()
    };
    println!();
    println!("files as tools write them ({folder}), default pool:");
    println!(
        "{:<28} {:>6} {:>14} {:>16} {:>22}",
        "file", "users", "imported as is", "after fix", "with mdy and US"
    );
    let (mut total, mut as_is_total, mut fixed_total, mut american_total) = (0, 0, 0, 0);
    for path in paths {
        let bytes = std::fs::read(&path).expect("read the file");
        let mut validator = Validator::new(Pool::default());
        validator.push(&bytes);
        let outcome = validator.finish().outcome;
        let as_is = match outcome.job {
            JobOutcome::Succeeds => outcome.imported,
            JobOutcome::Fails => 0,
        };
        let name = path
            .file_name()
            .map_or(String::new(), |name| name.to_string_lossy().into());
        let imported = |options: &FixOptions| {
            let mut fixer = Fixer::new(Pool::default(), options.clone()).expect("good options");
            fixer.push(&bytes);
            fixer
                .finish()
                .map(|fixed| (fixed.manifest.input.users, fixed.manifest.imported))
        };
        match (imported(&FixOptions::default()), imported(&american)) {
            (Ok((users, fixed)), Ok((_, with_options))) => {
                let share = |imported: u64| {
                    format!(
                        "{imported} ({:.0}%)",
                        100.0 * imported as f64 / users.max(1) as f64
                    )
                };
                println!(
                    "{name:<28} {users:>6} {:>14} {:>16} {:>22}",
                    share(as_is),
                    share(fixed),
                    share(with_options)
                );
                total += users;
                as_is_total += as_is;
                fixed_total += fixed;
                american_total += with_options;
            }
            (Err(error), _) | (_, Err(error)) => println!("{name:<28} fix stopped: {error}"),
        }
    }
    let share = |imported: u64| {
        format!(
            "{imported} ({:.0}%)",
            100.0 * imported as f64 / total.max(1) as f64
        )
    };
    println!(
        "{:<28} {total:>6} {:>14} {:>16} {:>22}",
        "all",
        share(as_is_total),
        share(fixed_total),
        share(american_total)
    );
}
