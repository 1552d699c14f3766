//! Measures a file validated in parts, a thread each, against one pass and
//! against a bare csv-core record count of the same file, in one process,
//! and prints the figures: the time of each, the merge's (what stays
//! sequential), the scaling from 1 part to N, and a projection to 8 cores.
//!
//! ```text
//! cargo run --release --example bench-parts -- [--jobs N] [--fix] FILE.csv...
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
//!
//! With `--fix`, the same for `fix`: one pass is `Fixer` given the 1 MiB
//! chunks in pieces of `PUSH_BYTES`, its output taken after each; parts are
//! what `fix --jobs` does (`cli::parts::fix_parts`: the line breaks counted,
//! the parts fixed on their threads, each logging to a temporary file, the
//! contested lines read again, the logs replayed). The files are not
//! written: each output's bytes are counted and hashed (so that the disk
//! is not measured, as in `bench-fix`), and the parts' must equal one
//! pass's. "merge" is the time from the first chunk the replay hands out
//! to the end; there is no bare count to divide by.

mod baseline;
mod heap;
mod read;

use baseline::bare_count;
use cognito_csv_validator::cli::parts::{fix_parts, keep_contested, read_parts};
use cognito_csv_validator::engine::parts::{cuts, merge, Head, PartValidator};
use cognito_csv_validator::fix::parts::FixHead;
use cognito_csv_validator::fix::{Chunk, FixOptions, Fixer, PUSH_BYTES};
use cognito_csv_validator::{Pool, Report, Validator};
use read::{machine, stream};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
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

/// The timed runs with their heap peaks, from one more counted run each:
/// one pass (`single`, run by `one`) and 1 to N parts (`parts`, run by
/// `in_parts(jobs)`).
fn with_heap_peaks<A, B>(
    single: Timed,
    parts: &mut [Option<Timed>],
    one: impl FnOnce() -> A,
    in_parts: impl Fn(usize) -> B,
) -> Timed {
    let single = Timed {
        heap_peak: heap_peak(one),
        ..single
    };
    for (index, timed) in parts.iter_mut().enumerate() {
        let peak = heap_peak(|| in_parts(index + 1));
        *timed = timed.map(|timed| Timed {
            heap_peak: peak,
            ..timed
        });
    }
    single
}

/// What `fix` wrote: each output's bytes and their hash.
#[derive(Default)]
struct Written(BTreeMap<String, (u64, DefaultHasher)>);

impl Written {
    fn add(&mut self, chunks: Vec<Chunk>) {
        for chunk in chunks {
            let (bytes, hash) = self.0.entry(chunk.output.file_name()).or_default();
            *bytes += chunk.bytes.len() as u64;
            hash.write(&chunk.bytes);
        }
    }

    fn sums(&self) -> Vec<(String, u64, u64)> {
        self.0
            .iter()
            .map(|(name, (bytes, hash))| (name.clone(), *bytes, hash.finish()))
            .collect()
    }
}

fn fix_one_pass(path: &str, buffer: &mut [u8]) -> (Timed, Vec<(String, u64, u64)>) {
    let mut fixer = Fixer::new(Pool::default(), FixOptions::default()).expect("the options");
    let mut written = Written::default();
    let started = Instant::now();
    stream(path, buffer, |chunk| {
        for piece in chunk.chunks(PUSH_BYTES) {
            fixer.push(piece);
            written.add(fixer.take());
        }
    });
    let fixed = fixer.finish().expect("the file is fixed");
    written.add(fixed.chunks);
    let timed = Timed {
        total: started.elapsed(),
        merge: Duration::ZERO,
        heap_peak: 0,
    };
    (timed, written.sums())
}

fn fix_in_parts(path: &str, jobs: usize) -> (Timed, Vec<(String, u64, u64)>) {
    let started = Instant::now();
    let mut file = std::fs::File::open(path).expect("the file opens");
    let length = file.metadata().expect("the file's length").len();
    let mut head = Vec::with_capacity(CHUNK);
    (&mut file)
        .take(CHUNK as u64)
        .read_to_end(&mut head)
        .expect("the file's head");
    let head = FixHead::read(&Pool::default(), &FixOptions::default(), &head)
        .expect("a file fixed in parts");
    let mut written = Written::default();
    let mut merging = None;
    let fixed = fix_parts(
        path.as_ref(),
        length,
        &head,
        &cuts(length, jobs),
        |chunks| {
            merging.get_or_insert_with(Instant::now);
            written.add(chunks);
            Ok::<(), ()>(())
        },
    )
    .expect("the parts are fixed")
    .expect("no quoted value across a cut")
    .expect("the file is fixed");
    written.add(fixed.chunks);
    let timed = Timed {
        total: started.elapsed(),
        merge: merging.map_or(Duration::ZERO, |merging| merging.elapsed()),
        heap_peak: 0,
    };
    (timed, written.sums())
}

/// `--fix`: `fix` of `path` in one pass and in 1 to `most` parts.
fn bench_fix(path: &str, most: usize, buffer: &mut [u8]) {
    let megabytes = std::fs::metadata(path).map_or(0, |metadata| metadata.len()) as f64 / 1e6;
    stream(path, buffer, |_| {});
    let mut single: Option<Timed> = None;
    let mut parts: Vec<Option<Timed>> = vec![None; most];
    for _ in 0..runs() {
        let (timed, whole) = fix_one_pass(path, buffer);
        single = Some(timed.best(single));
        for jobs in 1..=most {
            let (timed, written) = fix_in_parts(path, jobs);
            assert!(written == whole, "{path}: {jobs} parts write other files");
            parts[jobs - 1] = Some(timed.best(parts[jobs - 1]));
        }
    }
    let single = with_heap_peaks(
        single.expect("measured"),
        &mut parts,
        || fix_one_pass(path, buffer),
        |jobs| fix_in_parts(path, jobs),
    );
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_owned(), |name| name.to_string_lossy().into());
    println!("\nfix {name} ({megabytes:.1} MB)");
    print_runs(megabytes, single, &parts, None, "fix");
}

/// Prints a row per run (one pass, then 1 to N parts), the scaling from 1
/// part to N, and the projection to 8 cores; `baseline`: the bare count's
/// time, to divide by; `work`: what the parts do before the merge.
fn print_runs(
    megabytes: f64,
    single: Timed,
    parts: &[Option<Timed>],
    baseline: Option<Duration>,
    work: &str,
) {
    let over_baseline = |seconds: f64| match baseline {
        Some(baseline) => format!("{:>12.2}×", baseline.as_secs_f64() / seconds),
        None => format!("{:>13}", "-"),
    };
    println!(
        "{:<12} {:>8} {:>8} {:>9} {:>13} {:>10} {:>10}",
        "run", "seconds", "MB/s", "merge s", "÷ csv-core", "vs 1 pass", "heap peak"
    );
    let row = |label: &str, timed: Timed| {
        let seconds = timed.total.as_secs_f64();
        println!(
            "{:<12} {:>8.3} {:>8.0} {:>9.3} {} {:>9.2}× {:>8.1}MB",
            label,
            seconds,
            megabytes / seconds,
            timed.merge.as_secs_f64(),
            over_baseline(seconds),
            single.total.as_secs_f64() / seconds,
            timed.heap_peak as f64 / 1e6,
        );
    };
    row("one pass", single);
    for (index, timed) in parts.iter().enumerate() {
        row(
            &format!("{} part{}", index + 1, if index == 0 { "" } else { "s" }),
            timed.expect("measured"),
        );
    }
    let most = parts.len();
    let one = parts[0].expect("measured");
    let last = parts[most - 1].expect("measured");
    let work_one = one.total - one.merge;
    let projected = work_one / 8 + last.merge;
    println!(
        "scaling 1 → {most} parts: {:.2}×; sequential share (merge) at 1 part {:.1}%, at {most} {:.1}%",
        one.total.as_secs_f64() / last.total.as_secs_f64(),
        100.0 * one.merge.as_secs_f64() / one.total.as_secs_f64(),
        100.0 * last.merge.as_secs_f64() / last.total.as_secs_f64(),
    );
    println!(
        "projection to 8 cores: {work}(1) / 8 + merge({most}) = {:.3} / 8 + {:.3} = {:.3} s ({}{:.1}× one pass)",
        work_one.as_secs_f64(),
        last.merge.as_secs_f64(),
        projected.as_secs_f64(),
        baseline.map_or(String::new(), |baseline| format!(
            "{:.2}× the bare count, ",
            baseline.as_secs_f64() / projected.as_secs_f64()
        )),
        single.total.as_secs_f64() / projected.as_secs_f64(),
    );
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
    let fix = match arguments.iter().position(|argument| argument == "--fix") {
        Some(at) => {
            arguments.remove(at);
            true
        }
        None => false,
    };
    if arguments.is_empty() {
        eprintln!("usage: bench-parts [--jobs N] [--fix] FILE.csv...");
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
        if fix {
            bench_fix(path, most, &mut buffer);
            continue;
        }
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
        let single = with_heap_peaks(
            single.expect("measured"),
            &mut parts,
            || one_pass(path, &mut buffer),
            |jobs| in_parts(path, jobs),
        );
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.clone(), |name| name.to_string_lossy().into());
        println!(
            "\n{name} ({megabytes:.1} MB): bare csv-core count {:.3} s ({:.0} MB/s)",
            baseline.as_secs_f64(),
            megabytes / baseline.as_secs_f64()
        );
        print_runs(megabytes, single, &parts, Some(baseline), "read");
    }
}
