//! Measures a file validated in parts, a thread each, against one pass and
//! against a bare csv-core record count of the same file, in one process,
//! and prints the figures: the time of each, the merge's (what stays
//! sequential), the scaling from 1 part to N, and a projection to 8 cores.
//!
//! ```text
//! cargo run --release --example bench-parts -- [--jobs N] FILE.csv...
//! ```
//!
//! Method: each file is read from the page cache (read once first to warm
//! it). The baseline counts csv-core's records in 1 MiB chunks. One pass is
//! `Validator` on 1 MiB chunks. Parts are what `--jobs` does: the file's
//! first MiB read for its head, the parts read at once, a thread each,
//! each opening the file and reading its part in 1 MiB chunks
//! (`cli::parts::read_parts`), then merged: the parts' keys swept, each part
//! kept to the lines whose keys repeat (`keep_contested`, on the parts'
//! threads) and the merge, timed together as "merge". Each measurement is run 3 times
//! (`BENCH_RUNS` sets another number), taking turns, and the fastest run
//! counts. Heap peak: the highest heap held during one more run of each,
//! counted (a counting allocator, every thread's; the timed runs do without
//! it, whose shared counters slow the threads down), the report included.
//!
//! Projection: the merge is the sequential share; the rest divides among
//! the cores. With `read(1)` the time of the parts' reading in one part and
//! `merge(N)` the merge of N parts measured here, 8 cores would take about
//! `read(1) / 8 + merge(N)`, if the memory bandwidth kept up (it need not:
//! the projection is an upper bound on the speed-up).

mod baseline;
mod heap;
mod read;

use baseline::bare_count;
use cognito_csv_validator::cli::parts::{keep_contested, read_parts};
use cognito_csv_validator::engine::parts::{merge, Head, PartValidator};
use cognito_csv_validator::{Pool, Report, Validator};
use read::{machine, stream};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The counting allocator, switched off for the timed runs: its shared
/// counters, touched by every allocation of every thread, slow the parts'
/// threads down. What a timed run allocates, it frees before counting
/// starts again.
struct Switchable;

static COUNTING: AtomicBool = AtomicBool::new(true);

unsafe impl GlobalAlloc for Switchable {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            heap::Counting.alloc(layout)
        } else {
            System.alloc(layout)
        }
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        if COUNTING.load(Relaxed) {
            heap::Counting.dealloc(pointer, layout)
        } else {
            System.dealloc(pointer, layout)
        }
    }
}

#[global_allocator]
static ALLOCATOR: Switchable = Switchable;

/// Runs `measure` with the heap counted, and returns the peak it reached.
fn heap_peak<T>(measure: impl FnOnce() -> T) -> usize {
    COUNTING.store(true, Relaxed);
    let before = heap::start();
    drop(measure());
    let peak = heap::grown_since(before);
    COUNTING.store(false, Relaxed);
    peak
}

const CHUNK: usize = 1 << 20;

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(3)
}

/// One measured run: its time, the merge's share of it, the heap's peak.
#[derive(Clone, Copy)]
struct Timed {
    total: Duration,
    merge: Duration,
    heap_peak: usize,
}

impl Timed {
    fn best(self, other: Option<Timed>) -> Timed {
        match other {
            Some(other) if other.total < self.total => other,
            _ => self,
        }
    }
}

fn one_pass(path: &str, buffer: &mut [u8]) -> (Timed, Report) {
    let mut validator = Validator::new(Pool::default());
    let started = Instant::now();
    stream(path, buffer, |chunk| validator.push(chunk));
    let report = validator.finish();
    let timed = Timed {
        total: started.elapsed(),
        merge: Duration::ZERO,
        heap_peak: 0,
    };
    (timed, report)
}

fn in_parts(path: &str, jobs: usize) -> (Timed, Report) {
    let pool = Pool::default();
    let started = Instant::now();
    let mut file = std::fs::File::open(path).expect("the file opens");
    let length = file.metadata().expect("the file's length").len();
    let mut head = Vec::with_capacity(CHUNK);
    (&mut file)
        .take(CHUNK as u64)
        .read_to_end(&mut head)
        .expect("the file's head");
    let head = Head::read(&pool, &head).expect("a file that can be cut");
    let parts = PartValidator::plan(&pool, &head, length, jobs);
    let parts = read_parts(path.as_ref(), parts).expect("the parts are read");
    // What follows the parts' reading, as `--jobs` does it: the keys
    // swept, each part kept to its contested lines (on its thread), the
    // merge.
    let merging = Instant::now();
    let report = merge(pool, &head, keep_contested(parts, None), None);
    let timed = Timed {
        total: started.elapsed(),
        merge: merging.elapsed(),
        heap_peak: 0,
    };
    (timed, report)
}

fn main() {
    let mut arguments: Vec<String> = std::env::args().skip(1).collect();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let most = match arguments.iter().position(|argument| argument == "--jobs") {
        Some(at) => {
            arguments.remove(at);
            arguments.remove(at).parse().expect("--jobs N")
        }
        None => cores,
    };
    if arguments.is_empty() {
        eprintln!("usage: bench-parts [--jobs N] FILE.csv...");
        std::process::exit(2);
    }
    println!("machine: {}", machine());
    println!(
        "method: page cache, 1 MiB chunks, best of {} runs taking turns, default pool (see bench/parts.rs)",
        runs()
    );
    let mut buffer = vec![0; CHUNK];
    COUNTING.store(false, Relaxed);
    for path in &arguments {
        let megabytes = std::fs::metadata(path).map_or(0, |metadata| metadata.len()) as f64 / 1e6;
        stream(path, &mut buffer, |_| {});
        let mut baseline = Duration::MAX;
        let mut single: Option<Timed> = None;
        let mut parts: Vec<Option<Timed>> = vec![None; most];
        for _ in 0..runs() {
            baseline = baseline.min(bare_count(path, &mut buffer));
            let (timed, whole) = one_pass(path, &mut buffer);
            single = Some(timed.best(single));
            for jobs in 1..=most {
                let (timed, report) = in_parts(path, jobs);
                assert!(report == whole, "{path}: {jobs} parts give another report");
                parts[jobs - 1] = Some(timed.best(parts[jobs - 1]));
            }
        }
        // The heap, each way once, counted.
        let mut buffer = vec![0; CHUNK];
        let single_heap = heap_peak(|| one_pass(path, &mut buffer));
        single = single.map(|timed| Timed {
            heap_peak: single_heap,
            ..timed
        });
        for (index, timed) in parts.iter_mut().enumerate() {
            let peak = heap_peak(|| in_parts(path, index + 1));
            *timed = timed.map(|timed| Timed {
                heap_peak: peak,
                ..timed
            });
        }
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.clone(), |name| name.to_string_lossy().into());
        println!(
            "\n{name} ({megabytes:.1} MB): bare csv-core count {:.3} s ({:.0} MB/s)",
            baseline.as_secs_f64(),
            megabytes / baseline.as_secs_f64()
        );
        println!(
            "{:<12} {:>8} {:>8} {:>9} {:>13} {:>10} {:>10}",
            "run", "seconds", "MB/s", "merge s", "÷ csv-core", "vs 1 pass", "heap peak"
        );
        let row = |label: &str, timed: Timed| {
            let speed = megabytes / timed.total.as_secs_f64();
            println!(
                "{:<12} {:>8.3} {:>8.0} {:>9.3} {:>12.2}× {:>9.2}× {:>8.1}MB",
                label,
                timed.total.as_secs_f64(),
                speed,
                timed.merge.as_secs_f64(),
                baseline.as_secs_f64() / timed.total.as_secs_f64(),
                single.expect("measured").total.as_secs_f64() / timed.total.as_secs_f64(),
                timed.heap_peak as f64 / 1e6,
            );
        };
        row("one pass", single.expect("measured"));
        for (index, timed) in parts.iter().enumerate() {
            row(
                &format!("{} part{}", index + 1, if index == 0 { "" } else { "s" }),
                timed.expect("measured"),
            );
        }
        let one = parts[0].expect("measured");
        let last = parts[most - 1].expect("measured");
        let read_one = one.total - one.merge;
        let projected = read_one / 8 + last.merge;
        println!(
            "scaling 1 → {most} parts: {:.2}×; sequential share (merge) at 1 part {:.1}%, at {most} {:.1}%",
            one.total.as_secs_f64() / last.total.as_secs_f64(),
            100.0 * one.merge.as_secs_f64() / one.total.as_secs_f64(),
            100.0 * last.merge.as_secs_f64() / last.total.as_secs_f64(),
        );
        println!(
            "projection to 8 cores: read(1) / 8 + merge({most}) = {:.3} / 8 + {:.3} = {:.3} s ({:.2}× the bare count, {:.1}× one pass)",
            read_one.as_secs_f64(),
            last.merge.as_secs_f64(),
            projected.as_secs_f64(),
            baseline.as_secs_f64() / projected.as_secs_f64(),
            single.expect("measured").total.as_secs_f64() / projected.as_secs_f64(),
        );
    }
}
