//! A file read in parts, a thread each: the native command line's
//! `--jobs`. (The npm package does the same with workers.)

use crate::engine::parts::{contested_keys_of, Part, PartValidator};
use crate::existing::ExistingUsers;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Reads the parts of the file at `path` at once, a thread each, in 1 MiB
/// chunks; the parts in order, or the first error met. (Then
/// [`keep_contested`], before the merge.)
pub fn read_parts(path: &Path, parts: Vec<PartValidator>) -> io::Result<Vec<Part>> {
    on_threads(parts, |part| read_part(path, part))
        .into_iter()
        .collect()
}

/// The parts, in order, each kept to the lines whose keys occur elsewhere
/// in the file or among the pool's users (`existing`, when given)
/// ([`Part::keeping`]), on a thread of its own: the merge reads no more,
/// and the rest is let go on the parts' threads, not in the merge.
pub fn keep_contested(parts: Vec<Part>, existing: Option<&ExistingUsers>) -> Vec<Part> {
    let contested = contested_keys_of(&parts, existing);
    on_threads(
        parts.into_iter().zip(contested).collect(),
        |(part, keys)| part.keeping(&keys),
    )
}

/// `work` done on each of `items` at once, a thread each; the results in
/// order.
fn on_threads<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let work = &work;
    std::thread::scope(|scope| {
        let threads: Vec<_> = items
            .into_iter()
            .map(|item| scope.spawn(move || work(item)))
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
