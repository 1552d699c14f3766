//! The native command line: streams a file (or standard input) through the
//! validator and writes the report in one of four forms.

use cognito_csv_validator::format::{self, CloudWatchLog};
use cognito_csv_validator::pool::{
    parse_describe_user_pool, parse_get_csv_header, HashAlgorithm, Mfa, Verifiable,
};
use cognito_csv_validator::{Finding, JobOutcome, Overrides, Pool, PoolSources, Report, Validator};
use std::io::{self, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
Usage: cognito-csv-validator [OPTIONS] FILE|-

Predicts what an Amazon Cognito user import job will do with a CSV file.

Options:
  --pool FILE            output of `aws cognito-idp describe-user-pool`
  --header FILE          output of `aws cognito-idp get-csv-header`
  --mfa off|on|optional  the pool's MFA configuration
  --auto-verified LIST   auto-verified attributes: email,phone_number (\"\" for none)
  --case-sensitive       usernames are case-sensitive
  --case-insensitive     usernames are case-insensitive
  --password-hash-algorithm BCRYPT|SCRYPT|ARGON2ID|PBKDF2_SHA256
                         the import job's password hashing algorithm
  --format text|json|csv|cloudwatch
                         the report's form (default: text)
  -h, --help             this help
  -V, --version          the version

FILE `-` reads standard input. Without --pool or --header, the default pool
is used (see the README). Exit status: 0 when the job succeeds and every user
would be imported, 1 when anything fails or is skipped, 2 for a usage,
pool-file or I/O error.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Csv,
    CloudWatch,
}

struct Arguments {
    input: String,
    pool: Option<String>,
    header: Option<String>,
    overrides: Overrides,
    format: Format,
}

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
    let Some(arguments) = parse_arguments(words)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let pool = load_pool(&arguments)?;
    let from_stdin = arguments.input == "-";
    let name = if from_stdin {
        "<stdin>".to_owned()
    } else {
        arguments.input.clone()
    };
    let stdout = io::stdout();
    let mut out = Output {
        writer: io::BufWriter::new(stdout.lock()),
        format: arguments.format,
        name,
        log: CloudWatchLog::new(),
        json_written: false,
        findings_written: false,
        held: (arguments.format == Format::CloudWatch && from_stdin).then(String::new),
    };
    if arguments.format == Format::CloudWatch && !from_stdin {
        // The log of a failed job is the job's errors alone, and a job's
        // fate is known at the end of the file: read it once to learn it.
        let mut log = CloudWatchLog::new();
        let mut scratch = String::new();
        let report = validate(
            open(&arguments.input)?,
            &out.name,
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
            out.write(&text)?;
            out.flush()?;
            return Ok(ExitCode::from(1));
        }
    }
    let input: Box<dyn Read> = if from_stdin {
        Box::new(io::stdin().lock())
    } else {
        open(&arguments.input)?
    };
    out.start()?;
    let name = out.name.clone();
    let mut report = validate(input, &name, pool, |validator, findings| {
        out.findings(
            findings,
            validator.header_line(),
            validator.progress().lines,
        )
    })?;
    let last = std::mem::take(&mut report.findings);
    out.finish(last, &report)?;
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

fn parse_arguments(words: Vec<String>) -> Result<Option<Arguments>, Fatal> {
    let usage = |message: String| Fatal(format!("{message}\n\n{USAGE}"));
    let mut input = None;
    let mut arguments = Arguments {
        input: String::new(),
        pool: None,
        header: None,
        overrides: Overrides::default(),
        format: Format::Text,
    };
    let mut words = words.into_iter();
    let mut options_ended = false;
    while let Some(word) = words.next() {
        if word == "--" && !options_ended {
            options_ended = true;
            continue;
        }
        if options_ended || word == "-" || !word.starts_with('-') {
            if let Some(first) = &input {
                return Err(usage(format!("one file at a time: got {first} and {word}")));
            }
            input = Some(word);
            continue;
        }
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (word.clone(), None),
        };
        let takes_value = matches!(
            flag.as_str(),
            "--pool"
                | "--header"
                | "--mfa"
                | "--auto-verified"
                | "--password-hash-algorithm"
                | "--format"
        );
        let value = if takes_value {
            match inline.or_else(|| words.next()) {
                Some(value) => value,
                None => return Err(usage(format!("{flag} needs a value"))),
            }
        } else if inline.is_some() {
            return Err(usage(format!("{flag} takes no value")));
        } else {
            String::new()
        };
        match flag.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("cognito-csv-validator {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--pool" => arguments.pool = Some(value),
            "--header" => arguments.header = Some(value),
            "--mfa" => {
                arguments.overrides.mfa = Some(
                    Mfa::parse(&value)
                        .ok_or_else(|| usage(format!("--mfa takes off, on or optional, not \"{value}\"")))?,
                )
            }
            "--auto-verified" => {
                let mut attributes = Vec::new();
                for name in value.split(',').map(str::trim).filter(|name| !name.is_empty()) {
                    let attribute = Verifiable::parse(name).ok_or_else(|| {
                        usage(format!("--auto-verified takes email and/or phone_number (\"\" for none), not \"{name}\""))
                    })?;
                    if !attributes.contains(&attribute) {
                        attributes.push(attribute);
                    }
                }
                arguments.overrides.auto_verified = Some(attributes);
            }
            "--case-sensitive" | "--case-insensitive" => {
                let sensitive = flag == "--case-sensitive";
                if arguments.overrides.case_sensitive == Some(!sensitive) {
                    return Err(usage("--case-sensitive and --case-insensitive exclude each other".into()));
                }
                arguments.overrides.case_sensitive = Some(sensitive);
            }
            "--password-hash-algorithm" => {
                arguments.overrides.password_hash_algorithm =
                    Some(HashAlgorithm::parse(&value).ok_or_else(|| {
                        usage(format!(
                            "--password-hash-algorithm takes BCRYPT, SCRYPT, ARGON2ID or PBKDF2_SHA256, not \"{value}\""
                        ))
                    })?)
            }
            "--format" => {
                arguments.format = match value.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    "cloudwatch" => Format::CloudWatch,
                    _ => return Err(usage(format!("--format takes text, json, csv or cloudwatch, not \"{value}\""))),
                }
            }
            _ => return Err(usage(format!("unknown option {flag}"))),
        }
    }
    match input {
        Some(input) => {
            arguments.input = input;
            Ok(Some(arguments))
        }
        None => Err(usage("no file given (use - for standard input)".into())),
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
            cognito_csv_validator::pool::PoolInput::DescribeUserPool => arguments.pool.as_deref(),
            cognito_csv_validator::pool::PoolInput::GetCsvHeader => arguments.header.as_deref(),
        };
        Fatal(format!("{}: {error}", path.unwrap_or("pool")))
    })
}

/// Writes the report in its format as findings come.
struct Output<W: Write> {
    writer: W,
    format: Format,
    name: String,
    log: CloudWatchLog,
    json_written: bool,
    /// Whether any finding was written (the text summary then stands apart).
    findings_written: bool,
    /// The CloudWatch entries of standard input, held until the job's fate
    /// is known (a file is read twice instead).
    held: Option<String>,
}

impl<W: Write> Output<W> {
    fn write(&mut self, text: &str) -> Result<(), Fatal> {
        self.writer.write_all(text.as_bytes()).map_err(write_error)
    }

    fn flush(&mut self) -> Result<(), Fatal> {
        self.writer.flush().map_err(write_error)
    }

    fn start(&mut self) -> Result<(), Fatal> {
        match self.format {
            Format::Json => self.write("{\"findings\":["),
            Format::Csv => self.write(&format!("{}\n", format::CSV_HEADER)),
            Format::Text | Format::CloudWatch => Ok(()),
        }
    }

    fn findings(
        &mut self,
        findings: Vec<Finding>,
        header_line: Option<u64>,
        completed: u64,
    ) -> Result<(), Fatal> {
        let mut text = String::new();
        match self.format {
            Format::Text => {
                for finding in &findings {
                    text.push_str(&format::text_line(&self.name, finding));
                    text.push('\n');
                }
            }
            Format::Csv => {
                for finding in &findings {
                    text.push_str(&format::csv_row(finding));
                    text.push('\n');
                }
            }
            Format::Json => {
                for finding in &findings {
                    if self.json_started() {
                        text.push(',');
                    }
                    text.push_str(&serde_json::to_string(finding).expect("findings serialize"));
                }
            }
            Format::CloudWatch => {
                self.log
                    .advance(findings, header_line, completed, &mut text);
                if let Some(held) = &mut self.held {
                    held.push_str(&text);
                    return Ok(());
                }
            }
        }
        self.findings_written |= !text.is_empty();
        self.write(&text)
    }

    /// Whether a finding was written to the JSON array already (a comma
    /// goes before the next one).
    fn json_started(&mut self) -> bool {
        let started = self.json_written;
        self.json_written = true;
        started
    }

    fn finish(mut self, findings: Vec<Finding>, report: &Report) -> Result<(), Fatal> {
        match self.format {
            Format::CloudWatch => {
                let mut text = String::new();
                let log = std::mem::take(&mut self.log);
                log.finish(findings, report, &mut text);
                // A failed job's log is its errors alone: the held entries go.
                if let Some(held) = self
                    .held
                    .take()
                    .filter(|_| report.outcome.job == JobOutcome::Succeeds)
                {
                    self.write(&held)?;
                }
                self.write(&text)?;
            }
            Format::Json => {
                self.findings(findings, None, 0)?;
                let mut rest = serde_json::to_value(report).expect("reports serialize");
                let object = rest.as_object_mut().expect("a report is an object");
                object.remove("findings");
                let rest = serde_json::to_string(&rest).expect("reports serialize");
                self.write("],")?;
                self.write(&rest[1..])?;
                self.write("\n")?;
            }
            Format::Text => {
                self.findings(findings, None, 0)?;
                if self.findings_written {
                    self.write("\n")?;
                }
                let summary = format::text_summary(&self.name, report);
                self.write(&summary)?;
            }
            Format::Csv => self.findings(findings, None, 0)?,
        }
        self.flush()
    }
}

fn write_error(error: io::Error) -> Fatal {
    if error.kind() == io::ErrorKind::BrokenPipe {
        // The reader has gone (`| head`): nothing more to say to anyone.
        std::process::exit(0);
    }
    Fatal(format!("cannot write the report: {error}"))
}
