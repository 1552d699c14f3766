//! The command line's flags: one table ([`FLAGS`]) that both the parser and
//! the help read, so that a flag is defined once.

use crate::output::ReportFormat;
use crate::pool::{HashAlgorithm, Mfa, Overrides, Verifiable};
use std::fmt::Write;

/// What the command line was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print the help ([`usage`]).
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

impl Default for Arguments {
    fn default() -> Self {
        Arguments {
            input: String::new(),
            pool: None,
            header: None,
            overrides: Overrides::default(),
            format: ReportFormat::Text,
        }
    }
}

/// What a flag does.
#[derive(Clone, Copy)]
pub enum Action {
    /// Prints the help.
    Help,
    /// Prints the version.
    Version,
    /// Sets an argument from the flag's value (`""` for a flag without one),
    /// or says what the flag takes.
    Set(fn(&mut Arguments, &str) -> Result<(), String>),
}

/// One flag of the command line.
#[derive(Clone, Copy)]
pub struct Flag {
    /// The long name, `--pool`.
    pub long: &'static str,
    /// The short name, `-h`, if any.
    pub short: Option<&'static str>,
    /// What the value is, as the help shows it; `None` for a switch.
    pub value: Option<&'static str>,
    /// What it is for.
    pub help: &'static str,
    /// What it does.
    pub action: Action,
}

/// Every flag, in the order the help lists them.
pub const FLAGS: &[Flag] = &[
    Flag {
        long: "--pool",
        short: None,
        value: Some("FILE"),
        help: "output of `aws cognito-idp describe-user-pool`",
        action: Action::Set(|arguments, value| {
            arguments.pool = Some(value.to_owned());
            Ok(())
        }),
    },
    Flag {
        long: "--header",
        short: None,
        value: Some("FILE"),
        help: "output of `aws cognito-idp get-csv-header`",
        action: Action::Set(|arguments, value| {
            arguments.header = Some(value.to_owned());
            Ok(())
        }),
    },
    Flag {
        long: "--mfa",
        short: None,
        value: Some("off|on|optional"),
        help: "the pool's MFA configuration",
        action: Action::Set(|arguments, value| {
            let mfa = Mfa::parse(value)
                .ok_or_else(|| format!("--mfa takes off, on or optional, not \"{value}\""))?;
            arguments.overrides.mfa = Some(mfa);
            Ok(())
        }),
    },
    Flag {
        long: "--auto-verified",
        short: None,
        value: Some("LIST"),
        help: "auto-verified attributes: email,phone_number (\"\" for none)",
        action: Action::Set(|arguments, value| {
            let mut attributes = Vec::new();
            for name in value
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
            {
                let attribute = Verifiable::parse(name).ok_or_else(|| {
                    format!(
                        "--auto-verified takes email and/or phone_number (\"\" for none), not \"{name}\""
                    )
                })?;
                if !attributes.contains(&attribute) {
                    attributes.push(attribute);
                }
            }
            arguments.overrides.auto_verified = Some(attributes);
            Ok(())
        }),
    },
    Flag {
        long: "--case-sensitive",
        short: None,
        value: None,
        help: "usernames are case-sensitive",
        action: Action::Set(|arguments, _| set_case_sensitive(arguments, true)),
    },
    Flag {
        long: "--case-insensitive",
        short: None,
        value: None,
        help: "usernames are case-insensitive",
        action: Action::Set(|arguments, _| set_case_sensitive(arguments, false)),
    },
    Flag {
        long: "--password-hash-algorithm",
        short: None,
        value: Some("BCRYPT|SCRYPT|ARGON2ID|PBKDF2_SHA256"),
        help: "the import job's password hashing algorithm",
        action: Action::Set(|arguments, value| {
            let algorithm = HashAlgorithm::parse(value).ok_or_else(|| {
                format!(
                    "--password-hash-algorithm takes BCRYPT, SCRYPT, ARGON2ID or PBKDF2_SHA256, not \"{value}\""
                )
            })?;
            arguments.overrides.password_hash_algorithm = Some(algorithm);
            Ok(())
        }),
    },
    Flag {
        long: "--format",
        short: None,
        value: Some("text|json|csv|cloudwatch"),
        help: "the report's form (default: text)",
        action: Action::Set(|arguments, value| {
            arguments.format = ReportFormat::parse(value).ok_or_else(|| {
                format!("--format takes text, json, csv or cloudwatch, not \"{value}\"")
            })?;
            Ok(())
        }),
    },
    Flag {
        long: "--help",
        short: Some("-h"),
        value: None,
        help: "this help",
        action: Action::Help,
    },
    Flag {
        long: "--version",
        short: Some("-V"),
        value: None,
        help: "the version",
        action: Action::Version,
    },
];

fn set_case_sensitive(arguments: &mut Arguments, sensitive: bool) -> Result<(), String> {
    if arguments.overrides.case_sensitive == Some(!sensitive) {
        return Err("--case-sensitive and --case-insensitive exclude each other".into());
    }
    arguments.overrides.case_sensitive = Some(sensitive);
    Ok(())
}

/// The help text, from [`FLAGS`].
pub fn usage() -> String {
    // The names of a flag take this many columns, and two spaces at least
    // part them from its help; longer names go on a line of their own.
    const NAMES: usize = 23;
    let mut out = String::from(
        "Usage: cognito-csv-validator [OPTIONS] FILE|-\n\n\
         Predicts what an Amazon Cognito user import job will do with a CSV file.\n\n\
         Options:\n",
    );
    for flag in FLAGS {
        let mut names = String::new();
        if let Some(short) = flag.short {
            names.push_str(short);
            names.push_str(", ");
        }
        names.push_str(flag.long);
        if let Some(value) = flag.value {
            names.push(' ');
            names.push_str(value);
        }
        if names.len() + 2 <= NAMES {
            let _ = writeln!(out, "  {names:<NAMES$}{}", flag.help);
        } else {
            let _ = writeln!(out, "  {names}\n  {:<NAMES$}{}", "", flag.help);
        }
    }
    out.push_str(
        "\nFILE `-` reads standard input. Without --pool or --header, the default pool\n\
         is used (see the README). Exit status: 0 when the job succeeds and every user\n\
         would be imported, 1 when anything fails or is skipped, 2 for a usage,\n\
         pool-file or I/O error.",
    );
    out
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
    let usage_error = |message: String| format!("{message}\n\n{}", usage());
    let mut input = None;
    let mut arguments = Arguments::default();
    let mut words = words.into_iter();
    let mut options_ended = false;
    while let Some(word) = words.next() {
        if word == "--" && !options_ended {
            options_ended = true;
            continue;
        }
        if options_ended || word == "-" || !word.starts_with('-') {
            if let Some(first) = &input {
                return Err(usage_error(format!(
                    "one file at a time: got {first} and {word}"
                )));
            }
            input = Some(word);
            continue;
        }
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (word.clone(), None),
        };
        let Some(flag) = FLAGS
            .iter()
            .find(|flag| flag.long == name || flag.short == Some(name.as_str()))
        else {
            return Err(usage_error(format!("unknown option {name}")));
        };
        let value = match (flag.value, inline) {
            (Some(_), Some(value)) => value,
            (Some(_), None) => match words.next() {
                Some(value) => value,
                None => return Err(usage_error(format!("{name} needs a value"))),
            },
            (None, Some(_)) => return Err(usage_error(format!("{name} takes no value"))),
            (None, None) => String::new(),
        };
        match flag.action {
            Action::Help => return Ok(Command::Help),
            Action::Version => return Ok(Command::Version),
            Action::Set(set) => set(&mut arguments, &value).map_err(usage_error)?,
        }
    }
    match input {
        Some(input) => {
            arguments.input = input;
            Ok(Command::Validate(arguments))
        }
        None => Err(usage_error(
            "no file given (use - for standard input)".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_every_flag_in_columns() {
        let help = usage();
        for flag in FLAGS {
            assert!(help.contains(flag.long), "{}", flag.long);
            assert!(help.contains(flag.help), "{}", flag.help);
        }
        assert!(help.contains(
            "\n  --pool FILE            output of `aws cognito-idp describe-user-pool`\n"
        ));
        assert!(help.contains(
            "\n  --password-hash-algorithm BCRYPT|SCRYPT|ARGON2ID|PBKDF2_SHA256\n                         the import job's password hashing algorithm\n"
        ));
        assert!(help.contains("\n  -h, --help             this help\n"));
    }

    #[test]
    fn flags_take_values_inline_or_next() {
        let parse =
            |words: &[&str]| parse_arguments(words.iter().map(|word| word.to_string()).collect());
        let Ok(Command::Validate(arguments)) = parse(&[
            "--mfa=on",
            "--auto-verified",
            "email, phone_number,email",
            "-",
            "--case-sensitive",
        ]) else {
            panic!()
        };
        assert_eq!(arguments.overrides.mfa, Some(Mfa::On));
        assert_eq!(
            arguments.overrides.auto_verified,
            Some(vec![Verifiable::Email, Verifiable::PhoneNumber])
        );
        assert_eq!(arguments.input, "-");
        assert_eq!(parse(&["-V"]), Ok(Command::Version));
        for (words, error) in [
            (&["a", "b"][..], "one file at a time: got a and b"),
            (&["--nope"], "unknown option --nope"),
            (&["--case-sensitive=yes"], "--case-sensitive takes no value"),
            (
                &["--case-sensitive", "--case-insensitive", "a"],
                "--case-sensitive and --case-insensitive exclude each other",
            ),
            (
                &["--format", "xml", "a"],
                "--format takes text, json, csv or cloudwatch, not \"xml\"",
            ),
            (&[], "no file given (use - for standard input)"),
        ] {
            let message = parse(words).unwrap_err();
            assert!(
                message.starts_with(&format!("{error}\n\nUsage:")),
                "{message}"
            );
        }
        let Ok(Command::Validate(arguments)) = parse(&["--", "--file-with-dashes.csv"]) else {
            panic!()
        };
        assert_eq!(arguments.input, "--file-with-dashes.csv");
    }
}
