//! The native command line: streams a file (or standard input) through the
//! validator and writes the report in one of four forms.

use cognito_csv_validator::cli::{self, Arguments, Command};
use cognito_csv_validator::format::{CloudWatchLog, ReportFormat, ReportWriter};
use cognito_csv_validator::pool::{parse_describe_user_pool, parse_get_csv_header, PoolInput};
use cognito_csv_validator::{Finding, JobOutcome, Pool, PoolSources, Report, Validator};
use std::io::{self, Read, Write};
use std::process::ExitCode;

/// A failure that ends the run with status 2.
struct Fatal(String);

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("cognito-csv-validator: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, Fatal> {
    let words = std::env::args_os()
        .skip(1)
        .map(|word| {
            word.into_string().map_err(|word| {
                Fatal(format!("the argument {word:?} is not valid UTF-8: rename the file, or give it on standard input"))
            })
        })
        .collect::<Result<Vec<String>, Fatal>>()?;
    let arguments = match cli::parse_arguments(words).map_err(Fatal)? {
        Command::Help => {
            println!("{}", cli::USAGE);
            return Ok(ExitCode::SUCCESS);
        }
        Command::Version => {
            println!("{}", cli::version());
            return Ok(ExitCode::SUCCESS);
        }
        Command::Validate(arguments) => arguments,
    };
    let pool = load_pool(&arguments)?;
    let from_stdin = arguments.input == "-";
    let name = if from_stdin {
        "<stdin>".to_owned()
    } else {
        arguments.input.clone()
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let write = |out: &mut io::BufWriter<io::StdoutLock>, text: &str| {
        out.write_all(text.as_bytes()).map_err(write_error)
    };
    if arguments.format == ReportFormat::CloudWatch && !from_stdin {
        // The log of a failed job is the job's errors alone, and a job's
        // fate is known at the end of the file: read it once to learn it.
        let mut log = CloudWatchLog::new();
        let mut scratch = String::new();
        let report = validate(
            open(&arguments.input)?,
            &name,
            pool.clone(),
            |validator, findings| {
                log.advance(
                    findings,
                    validator.header_line(),
                    validator.progress().lines,
                    &mut scratch,
                );
                scratch.clear();
                Ok(())
            },
        )?;
        if report.outcome.job == JobOutcome::Fails {
            let mut text = String::new();
            log.finish(report.findings.clone(), &report, &mut text);
            write(&mut out, &text)?;
            out.flush().map_err(write_error)?;
            return Ok(ExitCode::from(1));
        }
    }
    let input: Box<dyn Read> = if from_stdin {
        Box::new(io::stdin().lock())
    } else {
        open(&arguments.input)?
    };
    let mut writer = ReportWriter::new(arguments.format, name.clone(), from_stdin)
        .expect("the command line is built with JSON");
    write(&mut out, &writer.start())?;
    let mut text = String::new();
    let mut report = validate(input, &name, pool, |validator, findings| {
        text.clear();
        writer.findings(
            findings,
            validator.header_line(),
            validator.progress().lines,
            &mut text,
        );
        write(&mut out, &text)
    })?;
    let last = std::mem::take(&mut report.findings);
    text.clear();
    writer.finish(last, &report, &mut text);
    write(&mut out, &text)?;
    out.flush().map_err(write_error)?;
    let all_imported = report.outcome.job == JobOutcome::Succeeds
        && report.outcome.imported == report.outcome.users;
    Ok(if all_imported {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn open(path: &str) -> Result<Box<dyn Read>, Fatal> {
    let file = std::fs::File::open(path)
        .map_err(|error| Fatal(format!("cannot open {path}: {}", io_reason(&error))))?;
    if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        return Err(Fatal(format!("{path} is a folder: give the CSV file")));
    }
    Ok(Box::new(file))
}

/// Streams the input through a validator in 1 MiB chunks, handing each
/// batch of findings to `on_findings`.
fn validate(
    mut input: Box<dyn Read>,
    name: &str,
    pool: Pool,
    mut on_findings: impl FnMut(&Validator, Vec<Finding>) -> Result<(), Fatal>,
) -> Result<Report, Fatal> {
    let mut validator = Validator::new(pool);
    let mut buffer = vec![0; 1 << 20];
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(Fatal(format!("cannot read {name}: {}", io_reason(&error)))),
        };
        validator.push(&buffer[..read]);
        let findings = validator.take_findings();
        on_findings(&validator, findings)?;
    }
    Ok(validator.finish())
}

fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

fn load_pool(arguments: &Arguments) -> Result<Pool, Fatal> {
    let read = |path: &str, what: &str| {
        if std::fs::metadata(path).is_ok_and(|metadata| metadata.is_dir()) {
            return Err(Fatal(format!(
                "the {what} file {path} is a folder: give the JSON file"
            )));
        }
        std::fs::read_to_string(path).map_err(|error| {
            Fatal(format!(
                "cannot read the {what} file {path}: {}",
                io_reason(&error)
            ))
        })
    };
    let mut sources = PoolSources::default();
    if let Some(path) = &arguments.pool {
        let text = read(path, "pool")?;
        sources.describe_user_pool = Some(
            parse_describe_user_pool(&text).map_err(|error| Fatal(format!("{path}: {error}")))?,
        );
    }
    if let Some(path) = &arguments.header {
        let text = read(path, "header")?;
        sources.get_csv_header =
            Some(parse_get_csv_header(&text).map_err(|error| Fatal(format!("{path}: {error}")))?);
    }
    Pool::from_sources(sources, &arguments.overrides).map_err(|error| {
        let path = match error.input {
            PoolInput::DescribeUserPool => arguments.pool.as_deref(),
            PoolInput::GetCsvHeader => arguments.header.as_deref(),
        };
        Fatal(format!("{}: {error}", path.unwrap_or("pool")))
    })
}

fn write_error(error: io::Error) -> Fatal {
    if error.kind() == io::ErrorKind::BrokenPipe {
        // The reader has gone (`| head`): nothing more to say to anyone.
        std::process::exit(0);
    }
    Fatal(format!("cannot write the report: {error}"))
}
