//! A file read in parts, a thread each: the native command line's
//! `--jobs`. (The npm package does the same with workers.)

use crate::engine::parts::{Part, PartValidator};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Reads the parts of the file at `path` at once, a thread each, in 1 MiB
/// chunks; the parts in order, or the first error met.
pub fn read_parts(path: &Path, parts: Vec<PartValidator>) -> io::Result<Vec<Part>> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || read_part(path, part)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a part's thread does not panic"))
            .collect()
    })
}

fn read_part(path: &Path, mut part: PartValidator) -> io::Result<Part> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(part.offset()))?;
    let mut buffer = vec![0; 1 << 20];
    loop {
        let read = match file.read(&mut buffer) {
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if read == 0 || !part.push(&buffer[..read]) {
            return Ok(part.finish());
        }
    }
}
