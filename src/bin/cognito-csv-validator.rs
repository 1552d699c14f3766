//! The native command line: it moves bytes for [`Run`], which decides
//! everything else (the same run as the npm package's `bin`).

use cognito_csv_validator::cli::parts::{
    fix_parts, keep_contested, read_parts, FixPartsError, TempFile,
};
use cognito_csv_validator::cli::{file_chunks, FileChunk, Folder, IoError, Run, Step, HEAD_BYTES};
use cognito_csv_validator::fix::PUSH_BYTES;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut words = Vec::new();
    for word in std::env::args_os().skip(1) {
        match word.into_string() {
            Ok(word) => words.push(word),
            Err(word) => return exit(Run::not_utf8_argument(&format!("{word:?}"))),
        }
    }
    let (mut run, mut step) = Run::start(words);
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    // Where what the run puts aside goes: removed when it drops.
    let mut aside: Option<TempFile> = None;
    loop {
        step = match step {
            Step::ReadPoolFile { path } => run.pool_file(read_file(&path)),
            Step::ReadExisting { path } => read_existing(&mut run, &path),
            Step::ReadInput { path, aside: false } => {
                read_input(&mut run, path.as_deref(), &mut stdout)
                    .map_or_else(|step| step, |()| end_input(&mut run, &mut stdout))
            }
            Step::ReadInput { path, aside: true } => match TempFile::new("log") {
                Err(error) => run.cannot_write(&format!("cannot make a temporary file: {error}")),
                Ok(file) => {
                    let file = aside.insert(file);
                    let mut writer = io::BufWriter::new(&file.file);
                    let read = read_input(&mut run, path.as_deref(), &mut writer).and_then(|()| {
                        writer.flush().map_err(|error| {
                            run.cannot_write(&format!("cannot write a temporary file: {error}"))
                        })
                    });
                    match read {
                        Err(step) => step,
                        Ok(()) => end_input(&mut run, &mut stdout),
                    }
                }
            },
            Step::ReadInParts { path, jobs } => read_in_parts(&mut run, &path, jobs, &mut stdout),
            Step::WriteAside => {
                let copied = match aside.as_mut() {
                    Some(file) => copy_aside(file, &mut stdout),
                    None => Ok(()),
                };
                match copied {
                    Err(error) => write_failed(&mut run, error),
                    Ok(()) => {
                        let (text, next) = run.aside_written();
                        match stdout.write_all(text.as_bytes()) {
                            Ok(()) => next,
                            Err(error) => write_failed(&mut run, error),
                        }
                    }
                }
            }
            Step::InspectFolder { folder, input } => run.output_folder(
                inspect(&folder),
                input.and_then(|input| in_folder(&input, &folder)),
            ),
            Step::FixInput {
                path,
                folder,
                remove,
                jobs,
            } => fix(&mut run, path.as_deref(), Path::new(&folder), &remove, jobs),
            Step::Exit {
                stdout: text,
                stderr,
                status,
            } => {
                let written = stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush());
                return match written {
                    Ok(()) => end(&stderr, status),
                    Err(error) => exit(write_failed(&mut run, error)),
                };
            }
        };
    }
}

/// Copies the temporary file's content to `out`, from its start.
fn copy_aside(aside: &mut TempFile, out: &mut impl Write) -> io::Result<()> {
    aside.file.rewind()?;
    io::copy(&mut aside.file, out).map(|_| ())
}

/// Streams the input through the run in 1 MiB chunks, writing what it
/// says to `out`; a failure is the step that ends the run.
fn read_input(run: &mut Run, path: Option<&str>, out: &mut impl Write) -> Result<(), Step> {
    let mut input = open(path).map_err(|error| run.cannot_open(error))?;
    let mut buffer = vec![0; 1 << 20];
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(run.cannot_read(io_error(&error))),
        };
        out.write_all(run.push(&buffer[..read]).as_bytes())
            .map_err(|error| write_failed(run, error))?;
    }
}

/// Reads the input file in parts, a thread each (at most `jobs`, or one
/// per core), or in one pass when the run does not cut it.
fn read_in_parts(run: &mut Run, path: &str, jobs: Option<usize>, stdout: &mut impl Write) -> Step {
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let opened = read_head(path);
    // A file that cannot be opened or read is told by the one-pass read.
    let parts = opened.map_or_else(
        |_| Vec::new(),
        |(length, head)| run.cut_input(&head, length, jobs),
    );
    if parts.is_empty() {
        return read_input(run, Some(path), stdout)
            .map_or_else(|step| step, |()| end_input(run, stdout));
    }
    match read_parts(Path::new(path), parts) {
        Err(error) => run.cannot_read(io_error(&error)),
        Ok(parts) => {
            let parts = keep_contested(parts, run.existing_users());
            let (text, next) = run.end_parts(parts);
            match stdout.write_all(text.as_bytes()) {
                Ok(()) => next,
                Err(error) => write_failed(run, error),
            }
        }
    }
}

/// Streams the target pool's users (`--existing`) through the run.
fn read_existing(run: &mut Run, path: &str) -> Step {
    let mut input = match open(Some(path)) {
        Ok(input) => input,
        Err(error) => return run.existing_unreadable(error),
    };
    let mut buffer = vec![0; 1 << 20];
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => return run.end_existing(),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return run.existing_unreadable(io_error(&error)),
        };
        if let Some(step) = run.push_existing(&buffer[..read]) {
            return step;
        }
    }
}

/// What is at `folder`.
fn inspect(folder: &str) -> Folder {
    match std::fs::metadata(folder) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Folder::Missing,
        Err(error) => Folder::Unreadable(io_error(&error)),
        Ok(metadata) if !metadata.is_dir() => Folder::NotAFolder,
        Ok(_) => match std::fs::read_dir(folder) {
            Err(error) => Folder::Unreadable(io_error(&error)),
            Ok(entries) => Folder::Holding(
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect(),
            ),
        },
    }
}

/// The input's file name, if it is in `folder`.
fn in_folder(input: &str, folder: &str) -> Option<String> {
    let input = std::fs::canonicalize(input).ok()?;
    let folder = std::fs::canonicalize(folder).ok()?;
    (input.parent() == Some(folder.as_path()))
        .then(|| {
            input
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .flatten()
}

/// `fix`: streams the input through the run, appending what it returns to
/// the files of `folder`; a file in parts, a thread each (at most `jobs`,
/// or one per core), when the run cuts it.
fn fix(
    run: &mut Run,
    path: Option<&str>,
    folder: &Path,
    remove: &[String],
    jobs: Option<usize>,
) -> Step {
    let shown = folder.display().to_string();
    if let Err(error) = std::fs::create_dir_all(folder) {
        return run.cannot_write_file(&shown, io_error(&error));
    }
    for name in remove {
        if let Err(error) = std::fs::remove_file(folder.join(name)) {
            return run.cannot_write_file(name, io_error(&error));
        }
    }
    let mut files = HashMap::new();
    if let Some(path) = path.filter(|_| jobs != Some(1)) {
        if let Some(step) = fix_in_parts(run, path, folder, &mut files, jobs) {
            return step;
        }
    }
    let mut input = match open(path) {
        Ok(input) => input,
        Err(error) => return run.cannot_open(error),
    };
    let mut buffer = vec![0; 1 << 20];
    while run.wants_input() {
        let read = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return run.cannot_read(io_error(&error)),
        };
        // Each piece's output is written before the next piece is read.
        for piece in buffer[..read].chunks(PUSH_BYTES) {
            let chunks = run.push_fix(piece);
            if let Err((name, error)) = write_files(&mut files, folder, chunks) {
                return run.cannot_write_file(&name, io_error(&error));
            }
        }
    }
    let (chunks, step) = run.end_fix();
    end_files(run, &mut files, folder, chunks, step)
}

/// `fix` of the file at `path` in parts, a thread each (see
/// [`fix_parts`]); `None` when it is to be fixed in one pass.
fn fix_in_parts(
    run: &mut Run,
    path: &str,
    folder: &Path,
    files: &mut HashMap<String, io::BufWriter<File>>,
    jobs: Option<usize>,
) -> Option<Step> {
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    // A file that cannot be opened or read is told by the one-pass read.
    let (length, head) = read_head(path).ok()?;
    let (head, starts) = run.fix_head(&head, length, jobs)?;
    // The files are written on a thread of their own while the merge
    // replays the parts' logs.
    let writing = &mut *files;
    let (fixed, written) = std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<FileChunk>>(16);
        let writer = scope.spawn(move || {
            receive
                .into_iter()
                .try_for_each(|chunks| write_files(writing, folder, chunks))
        });
        let fixed = fix_parts(Path::new(path), length, &head, &starts, |chunks| {
            // A writer that stopped has failed: its error is told below.
            send.send(file_chunks(chunks)).map_err(|_| ())
        });
        drop(send);
        (fixed, writer.join().expect("the writer does not panic"))
    });
    if let Err((name, error)) = written {
        return Some(run.cannot_write_file(&name, io_error(&error)));
    }
    let fixed = match fixed {
        Ok(None) => return None,
        Ok(Some(fixed)) => fixed,
        Err(FixPartsError::Read(error)) => return Some(run.cannot_read(io_error(&error))),
        Err(FixPartsError::Temporary(error)) => {
            let folder = std::env::temp_dir().display().to_string();
            return Some(run.cannot_write_temporary(&folder, io_error(&error)));
        }
        Err(FixPartsError::Write(())) => unreachable!("a writer that stopped said why"),
    };
    let (chunks, step) = run.end_fix_in_parts(fixed);
    Some(end_files(run, files, folder, chunks, step))
}

/// Writes the last chunks of `fix`'s files and closes them; then `step`.
fn end_files(
    run: &mut Run,
    files: &mut HashMap<String, io::BufWriter<File>>,
    folder: &Path,
    chunks: Vec<FileChunk>,
    step: Step,
) -> Step {
    let written = write_files(files, folder, chunks).and_then(|()| {
        files
            .iter_mut()
            .try_for_each(|(name, file)| file.flush().map_err(|error| (name.clone(), error)))
    });
    match written {
        Ok(()) => step,
        Err((name, error)) => run.cannot_write_file(&name, io_error(&error)),
    }
}

/// The length of the file at `path`, and its first [`HEAD_BYTES`].
fn read_head(path: &str) -> io::Result<(u64, Vec<u8>)> {
    let mut file = File::open(path)?;
    let length = file.metadata()?.len();
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    Ok((length, head))
}

/// Appends each chunk to its file in `folder`, made empty at its first bytes.
fn write_files(
    files: &mut HashMap<String, io::BufWriter<File>>,
    folder: &Path,
    chunks: Vec<FileChunk>,
) -> Result<(), (String, io::Error)> {
    for FileChunk { name, bytes } in chunks {
        let file = match files.entry(name.clone()) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let file =
                    File::create(folder.join(&name)).map_err(|error| (name.clone(), error))?;
                entry.insert(io::BufWriter::new(file))
            }
        };
        file.write_all(&bytes).map_err(|error| (name, error))?;
    }
    Ok(())
}

/// Ends the input and writes what the run says, to standard output.
fn end_input(run: &mut Run, stdout: &mut impl Write) -> Step {
    let (text, next) = run.end_input();
    match stdout.write_all(text.as_bytes()) {
        Ok(()) => next,
        Err(error) => write_failed(run, error),
    }
}

/// A failed write: a reader that has gone (`| head`) ends the run quietly.
fn write_failed(run: &mut Run, error: io::Error) -> Step {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return Step::Exit {
            stdout: String::new(),
            stderr: String::new(),
            status: 0,
        };
    }
    run.cannot_write(&error.to_string())
}

fn open(path: Option<&str>) -> Result<Box<dyn Read>, IoError> {
    let Some(path) = path else {
        return Ok(Box::new(io::stdin().lock()));
    };
    let file = File::open(path).map_err(|error| io_error(&error))?;
    if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        return Err(IoError::IsFolder);
    }
    Ok(Box::new(file))
}

fn read_file(path: &str) -> Result<Vec<u8>, IoError> {
    if std::fs::metadata(path).is_ok_and(|metadata| metadata.is_dir()) {
        return Err(IoError::IsFolder);
    }
    std::fs::read(path).map_err(|error| io_error(&error))
}

fn io_error(error: &io::Error) -> IoError {
    match error.kind() {
        io::ErrorKind::NotFound => IoError::NotFound,
        io::ErrorKind::PermissionDenied => IoError::PermissionDenied,
        _ => IoError::Other(error.to_string()),
    }
}

/// Ends with a step that is an exit, with nothing for standard output.
fn exit(step: Step) -> ExitCode {
    match step {
        Step::Exit { stderr, status, .. } => end(&stderr, status),
        _ => unreachable!("only an exit step ends the run"),
    }
}

fn end(stderr: &str, status: u8) -> ExitCode {
    let _ = io::stderr().write_all(stderr.as_bytes());
    ExitCode::from(status)
}
