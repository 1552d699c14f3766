//! The native command line: it moves bytes for [`Run`], which decides
//! everything else (the same run as the npm package's `bin`).

use cognito_csv_validator::cli::{IoError, Run, Step};
use std::fs::File;
use std::io::{self, Read, Write};
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
    loop {
        step = match step {
            Step::ReadPoolFile { path } => run.pool_file(read_file(&path)),
            Step::ReadInput { path } => read_input(&mut run, path.as_deref(), &mut stdout),
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

/// Streams the input through the run in 1 MiB chunks, writing what it says.
fn read_input(run: &mut Run, path: Option<&str>, stdout: &mut impl Write) -> Step {
    let mut input = match open(path) {
        Err(error) => return run.cannot_open(error),
        Ok(input) => input,
    };
    let mut buffer = vec![0; 1 << 20];
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return run.cannot_read(io_error(&error)),
        };
        if let Err(error) = stdout.write_all(run.push(&buffer[..read]).as_bytes()) {
            return write_failed(run, error);
        }
    }
    let (text, next) = run.end_input();
    match stdout.write_all(text.as_bytes()) {
        Ok(()) => next,
        Err(error) => write_failed(run, error),
    }
}

/// A failed write: a reader that has gone (`| head`) ends the run quietly.
fn write_failed(run: &mut Run, error: io::Error) -> Step {
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
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
