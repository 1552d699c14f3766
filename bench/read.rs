//! What the benchmark programs share: reading a file in chunks, and the
//! machine's name. Each declares `mod read;`.

use std::io::Read;
use std::time::{Duration, Instant};

/// Streams the file through `consume` in chunks; returns the time taken.
pub fn stream(path: &str, buffer: &mut [u8], mut consume: impl FnMut(&[u8])) -> Duration {
    let started = Instant::now();
    let mut file = std::fs::File::open(path).unwrap_or_else(|error| {
        eprintln!("cannot open {path}: {error}");
        std::process::exit(2)
    });
    loop {
        let read = file.read(buffer).expect("read the file");
        if read == 0 {
            break;
        }
        consume(&buffer[..read]);
    }
    started.elapsed()
}

/// The CPU's model and the cores, for the figures' heading.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .map(str::to_owned)
        })
        .and_then(|line| line.split(':').nth(1).map(|name| name.trim().to_owned()))
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!("{cpu}, {cores} cores")
}
