//! A file read in parts, a thread each: the native command line's
//! `--jobs`. (The npm package does the same with workers.)

use crate::engine::parts::{contested_keys_of, Part, PartValidator};
use crate::existing::ExistingUsers;
use crate::fix::parts::{
    contested_keys as fix_contested_keys, line_start_after, BreakCount, FixHead, FixMerge,
    FixPartEnd,
};
use crate::fix::{Chunk, FixError, Fixed, PUSH_BYTES};
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

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

/// A temporary file, removed when it drops.
pub struct TempFile {
    path: PathBuf,
    /// The file, open to read and write.
    pub file: File,
}

impl TempFile {
    /// A new, empty temporary file, named for what it holds (`what`).
    pub fn new(what: &str) -> io::Result<TempFile> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |time| time.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "cognito-csv-validator-{}-{nanos}-{what}",
            std::process::id()
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(TempFile { path, file })
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Why a file fixed in parts was not.
#[derive(Debug)]
pub enum FixPartsError<E> {
    /// The input could not be read.
    Read(io::Error),
    /// A part's temporary log could not be written or read back.
    Temporary(io::Error),
    /// The files could not be written.
    Write(E),
}

/// A temporary log that failed (the input's reading fails with
/// [`FixPartsError::Read`]).
fn temporary<E>(error: io::Error) -> FixPartsError<E> {
    FixPartsError::Temporary(error)
}

/// Fixes the file at `path` (`length` bytes) in parts that start at the
/// line breaks after the nominal offsets `starts` (the first 0), a thread
/// each: each part counts its line breaks, then fixes its lines, logging to
/// a temporary file; the parts then read again their lines whose keys
/// repeat, and the merge replays the logs into the files, giving each
/// chunk to `write`. `Ok(None)`: a quoted value runs across a cut, and the
/// file is to be fixed in one pass.
pub fn fix_parts<E>(
    path: &Path,
    length: u64,
    head: &FixHead,
    starts: &[u64],
    mut write: impl FnMut(Vec<Chunk>) -> Result<(), E>,
) -> Result<Option<Result<Fixed, FixError>>, FixPartsError<E>> {
    let ranges = part_ranges(path, length, head, starts).map_err(FixPartsError::Read)?;
    let breaks: Vec<io::Result<u64>> = on_threads(ranges.clone(), |(start, end)| {
        let mut count = BreakCount::default();
        read_range(path, start, end, |bytes| count.push(bytes))?;
        Ok(count.breaks)
    });
    let mut lines_before = Vec::with_capacity(ranges.len());
    let mut lines = 0;
    for counted in breaks {
        lines_before.push(lines);
        lines += counted.map_err(FixPartsError::Read)?;
    }
    let count = ranges.len();
    let jobs: Vec<(usize, (u64, u64), u64)> = ranges
        .into_iter()
        .zip(lines_before)
        .enumerate()
        .map(|(index, (range, lines))| (index, range, lines))
        .collect();
    type Fixing = Result<Result<(FixPartEnd, TempFile), FixError>, FixPartsError<()>>;
    let fixed: Vec<Fixing> = on_threads(jobs, |(index, (start, end), lines)| {
        let mut part = if index == 0 {
            head.first_part()
        } else {
            head.part(lines, start)
        };
        let log = TempFile::new(&format!("fix-part-{}.log", index + 1)).map_err(temporary)?;
        let mut writer = BufWriter::with_capacity(1 << 20, &log.file);
        let mut written = Ok(());
        read_range(path, start, end, |bytes| {
            for piece in bytes.chunks(PUSH_BYTES) {
                part.push(piece);
                if written.is_ok() {
                    written = writer.write_all(&part.take());
                }
            }
        })
        .map_err(FixPartsError::Read)?;
        written.map_err(temporary)?;
        let mut end = match part.end(index + 1 == count) {
            Ok(end) => end,
            Err(error) => return Ok(Err(error)),
        };
        writer
            .write_all(&std::mem::take(&mut end.log))
            .and_then(|()| writer.flush())
            .map_err(temporary)?;
        drop(writer);
        Ok(Ok((end, log)))
    });
    let mut parts = Vec::with_capacity(fixed.len());
    for part in fixed {
        let part = part.map_err(|error| match error {
            FixPartsError::Read(error) => FixPartsError::Read(error),
            FixPartsError::Temporary(error) => FixPartsError::Temporary(error),
            FixPartsError::Write(()) => unreachable!("the parts write no file"),
        });
        match part? {
            Ok(part) => parts.push(part),
            // A quoted value across a cut: one pass reads it whole.
            Err(_) => return Ok(None),
        }
    }
    let keys: Vec<_> = parts.iter().map(|(end, _)| end.keys()).collect();
    let contested = fix_contested_keys(&keys);
    drop(keys);
    let read_again: Vec<io::Result<(FixPartEnd, TempFile)>> = on_threads(
        parts.into_iter().zip(contested).collect(),
        |((mut end, log), contested)| {
            let mut file = File::open(path)?;
            let mut lines = Vec::new();
            for span in end.keeping(&contested) {
                let mut bytes = vec![0; (span.end - span.start) as usize];
                file.seek(SeekFrom::Start(span.start))?;
                file.read_exact(&mut bytes)?;
                lines.push(bytes);
            }
            end.read_again(lines)
                .map_err(|error| io::Error::other(error.0))?;
            Ok((end, log))
        },
    );
    let mut merge = FixMerge::new(head);
    let mut buffer = vec![0; 1 << 20];
    for part in read_again {
        let (end, mut log) = part.map_err(FixPartsError::Read)?;
        if let Err(error) = merge.part(end) {
            return Ok(Some(Err(error)));
        }
        log.file.rewind().map_err(temporary)?;
        loop {
            let read = match log.file.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(temporary(error)),
            };
            if let Err(error) = merge.push(&buffer[..read]) {
                return Ok(Some(Err(error)));
            }
            write(merge.take()).map_err(FixPartsError::Write)?;
        }
    }
    Ok(Some(merge.finish(length)))
}

/// Where the parts that start after the nominal offsets `starts` begin and
/// end: each begins at the first line that starts at or after its offset,
/// past the header, and ends where the next begins. (A part with no line of
/// its own is left out.)
fn part_ranges(
    path: &Path,
    length: u64,
    head: &FixHead,
    starts: &[u64],
) -> io::Result<Vec<(u64, u64)>> {
    let mut file = File::open(path)?;
    let mut begins = vec![0];
    let mut window = vec![0; 1 << 16];
    for &start in &starts[1..] {
        let mut at = head
            .seek_from(start)
            .max(*begins.last().expect("the first part"));
        file.seek(SeekFrom::Start(at))?;
        let begin = loop {
            let read = file.read(&mut window)?;
            if read == 0 {
                break None;
            }
            if let Some(after) = line_start_after(&window[..read]) {
                break Some(at + after as u64);
            }
            at += read as u64;
        };
        match begin {
            Some(begin) if begin < length && begin > *begins.last().expect("the first part") => {
                begins.push(begin)
            }
            _ => {}
        }
    }
    let ends = begins
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(length));
    Ok(begins.iter().copied().zip(ends).collect())
}

/// Reads the bytes of the file at `path` from `start` to `end`, in 1 MiB
/// chunks, giving each to `take`.
fn read_range(path: &Path, start: u64, end: u64, mut take: impl FnMut(&[u8])) -> io::Result<()> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut rest = file.take(end - start);
    let mut buffer = vec![0; 1 << 20];
    loop {
        let read = match rest.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        take(&buffer[..read]);
    }
}
