//! Measures the engine against a bare csv-core record count of the same
//! files, in the same process, and prints the figures.
//!
//! ```text
//! cargo run --release --example bench -- [--json] FILE.csv...
//! ```
//!
//! With `--json`, each file's figures are one JSON line (seconds and bytes),
//! for `bench/wasm.mjs`, which compares the WebAssembly build with them.
//!
//! (`npm run bench` generates the standard files and runs this on them.)
//!
//! Method: each file is read from the page cache in 1 MiB chunks (it is read
//! once first to warm the cache). The baseline splits it into records with
//! csv-core (the same reader settings as the engine) and counts them; the
//! engine validates it with the default pool, taking the findings after
//! every chunk as the command line does. Each is run 3 times (`BENCH_RUNS`
//! sets another number), and the fastest run counts. Peak memory is the highest heap the engine held
//! during its run (a counting allocator), and the process's peak resident
//! size (VmHWM) after the file.

mod baseline;
mod heap;
mod read;

use baseline::bare_count;
use cognito_csv_validator::{Pool, Validator};
use read::{machine, stream};
use std::time::{Duration, Instant};

/// Runs of each measurement; the fastest counts. `BENCH_RUNS` overrides.
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(3)
}
const CHUNK: usize = 1 << 20;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

struct EngineRun {
    elapsed: Duration,
    users: u64,
    findings: u64,
    heap_peak: usize,
}

fn engine(path: &str, buffer: &mut [u8]) -> EngineRun {
    let before = heap::start();
    let mut validator = Validator::new(Pool::default());
    let mut findings = 0;
    let elapsed = stream(path, buffer, |chunk| {
        validator.push(chunk);
        findings += validator.take().findings.len() as u64;
    });
    let started = Instant::now();
    let report = validator.finish();
    let elapsed = elapsed + started.elapsed();
    findings += report.findings.len() as u64;
    EngineRun {
        elapsed,
        users: report.outcome.users,
        findings,
        heap_peak: heap::grown_since(before),
    }
}

fn peak_resident() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        .unwrap_or_else(|| "n/a".into())
}

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    let json = files.first().is_some_and(|first| first == "--json");
    if json {
        files.remove(0);
    }
    if files.is_empty() {
        eprintln!(
            "usage: bench [--json] FILE.csv... (`npm run bench` makes and measures the standard files)"
        );
        std::process::exit(2);
    }
    if !json {
        println!("machine: {}", machine());
        println!("method: 1 MiB chunks from the page cache, best of {} runs, default pool, findings taken per chunk", runs());
        print_heading();
    }
    let mut buffer = vec![0; CHUNK];
    for path in &files {
        let bytes = std::fs::metadata(path)
            .map(|metadata| metadata.len())
            .unwrap_or(0);
        stream(path, &mut buffer, |_| {}); // warm the page cache
        let mut baseline = Duration::MAX;
        let mut best: Option<EngineRun> = None;
        for _ in 0..runs() {
            baseline = baseline.min(bare_count(path, &mut buffer));
            let run = engine(path, &mut buffer);
            if best.as_ref().is_none_or(|best| run.elapsed < best.elapsed) {
                best = Some(run);
            }
        }
        let run = best.expect("at least one run");
        if json {
            println!(
                "{{\"file\":{:?},\"bytes\":{bytes},\"users\":{},\"findings\":{},\"baselineSeconds\":{},\"engineSeconds\":{},\"heapPeak\":{}}}",
                path,
                run.users,
                run.findings,
                baseline.as_secs_f64(),
                run.elapsed.as_secs_f64(),
                run.heap_peak
            );
        } else {
            print_row(path, bytes, baseline, &run);
        }
    }
}

fn print_heading() {
    println!(
        "{:<24} {:>7} {:>8} {:>8} {:>13} {:>11} {:>10} {:>6} {:>9} {:>10}",
        "file",
        "MB",
        "users",
        "findings",
        "csv-core MB/s",
        "engine MB/s",
        "users/s",
        "ratio",
        "heap peak",
        "VmHWM"
    );
}

fn print_row(path: &str, bytes: u64, baseline: Duration, run: &EngineRun) {
    let megabytes = bytes as f64 / 1e6;
    let baseline_speed = megabytes / baseline.as_secs_f64();
    let engine_speed = megabytes / run.elapsed.as_secs_f64();
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_owned(), |name| name.to_string_lossy().into());
    println!(
        "{:<24} {:>7.1} {:>8} {:>8} {:>13.0} {:>11.0} {:>10.0} {:>5.2}x {:>7.1}MB {:>10}",
        name,
        megabytes,
        run.users,
        run.findings,
        baseline_speed,
        engine_speed,
        run.users as f64 / run.elapsed.as_secs_f64(),
        engine_speed / baseline_speed,
        run.heap_peak as f64 / 1e6,
        peak_resident()
    );
}
