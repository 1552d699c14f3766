//! The command line's arguments, shared by the native command line and the
//! npm package's, so that both take the same flags and say the same things.

use crate::format::ReportFormat;
use crate::pool::{HashAlgorithm, Mfa, Overrides, Verifiable};

/// The help text.
pub const USAGE: &str = "\
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

/// What the command line was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print the help ([`USAGE`]).
    Help,
    /// Print the version.
    Version,
    /// Validate a file.
    Validate(Arguments),
}

/// The arguments of a validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arguments {
    /// The file to read, `-` for standard input.
    pub input: String,
    /// The `describe-user-pool` output file (`--pool`).
    pub pool: Option<String>,
    /// The `get-csv-header` output file (`--header`).
    pub header: Option<String>,
    /// The settings given by flags.
    pub overrides: Overrides,
    /// The report's form (`--format`).
    pub format: ReportFormat,
}

/// The line `--version` prints.
pub fn version() -> String {
    format!("cognito-csv-validator {}", env!("CARGO_PKG_VERSION"))
}

/// Reads the command line's words (the program's name left out). An error
/// is a usage error: what is wrong, then the help.
///
/// ```
/// use cognito_csv_validator::cli::{parse_arguments, Command};
/// let words = ["users.csv", "--format", "json"].map(String::from).to_vec();
/// let Ok(Command::Validate(arguments)) = parse_arguments(words) else { panic!() };
/// assert_eq!(arguments.input, "users.csv");
/// assert!(parse_arguments(vec!["--format".into()]).unwrap_err().starts_with("--format needs a value"));
/// ```
pub fn parse_arguments(words: Vec<String>) -> Result<Command, String> {
    let usage = |message: String| format!("{message}\n\n{USAGE}");
    let mut input = None;
    let mut arguments = Arguments {
        input: String::new(),
        pool: None,
        header: None,
        overrides: Overrides::default(),
        format: ReportFormat::Text,
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
                return Ok(Command::Help);
            }
            "-V" | "--version" => {
                return Ok(Command::Version);
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
                arguments.format = ReportFormat::parse(&value).ok_or_else(|| {
                    usage(format!(
                        "--format takes text, json, csv or cloudwatch, not \"{value}\""
                    ))
                })?
            }
            _ => return Err(usage(format!("unknown option {flag}"))),
        }
    }
    match input {
        Some(input) => {
            arguments.input = input;
            Ok(Command::Validate(arguments))
        }
        None => Err(usage("no file given (use - for standard input)".into())),
    }
}
