//! The command line's flags: one table ([`FLAGS`]) that both the parser and
//! the help read, so that a flag is defined once.

use crate::fix::{Country, DateOrder, FixOptions};
use crate::output::ReportFormat;
use crate::pool::{HashAlgorithm, Mfa, Overrides, Verifiable};
use std::fmt::Write;

/// What the command line was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print the help of a subcommand ([`usage`]).
    Help(Subcommand),
    /// Print the version.
    Version,
    /// Validate a file.
    Validate(Arguments),
    /// Fix a file (`fix`).
    Fix(Arguments),
}

/// The command line's two jobs: `cognito-csv-validator FILE` validates,
/// `cognito-csv-validator fix FILE --out DIR` fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subcommand {
    /// Validate a file (no subcommand word).
    Validate,
    /// `fix`.
    Fix,
}

/// The arguments of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arguments {
    /// The file to read, `-` for standard input.
    pub input: String,
    /// Validation: the files after `input`, checked with it as one
    /// migration (their jobs run in this order).
    pub later: Vec<String>,
    /// The `describe-user-pool` output file (`--pool`).
    pub pool: Option<String>,
    /// The `get-csv-header` output file (`--header`).
    pub header: Option<String>,
    /// The `list-users` output file of the target pool (`--existing`).
    pub existing: Option<String>,
    /// The settings given by flags.
    pub overrides: Overrides,
    /// The report's form (`--format`).
    pub format: ReportFormat,
    /// The parts to read a file in at once, at most (`--jobs`); `None`:
    /// one per core.
    pub jobs: Option<usize>,
    /// `fix`: the folder the files go to (`--out`).
    pub out: Option<String>,
    /// `fix`: a folder that is not empty may take the files (`--force`).
    pub force: bool,
    /// `fix`: what it may do.
    pub fix: FixOptions,
}

impl Default for Arguments {
    fn default() -> Self {
        Arguments {
            input: String::new(),
            later: Vec::new(),
            pool: None,
            header: None,
            existing: None,
            overrides: Overrides::default(),
            format: ReportFormat::Text,
            jobs: None,
            out: None,
            force: false,
            fix: FixOptions::default(),
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

/// Which subcommands take a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// Both.
    Both,
    /// Validation only.
    Validate,
    /// `fix` only.
    Fix,
}

impl Takes {
    fn includes(self, subcommand: Subcommand) -> bool {
        match self {
            Takes::Both => true,
            Takes::Validate => subcommand == Subcommand::Validate,
            Takes::Fix => subcommand == Subcommand::Fix,
        }
    }
}

/// One flag of the command line.
#[derive(Clone, Copy)]
pub struct Flag {
    /// The long name, `--pool`.
    pub long: &'static str,
    /// The subcommands that take it.
    pub takes: Takes,
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
        takes: Takes::Both,
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
        takes: Takes::Both,
        short: None,
        value: Some("FILE"),
        help: "output of `aws cognito-idp get-csv-header`",
        action: Action::Set(|arguments, value| {
            arguments.header = Some(value.to_owned());
            Ok(())
        }),
    },
    Flag {
        long: "--existing",
        takes: Takes::Validate,
        short: None,
        value: Some("FILE"),
        help: "`aws cognito-idp list-users` output: users in the pool",
        action: Action::Set(|arguments, value| {
            arguments.existing = Some(value.to_owned());
            Ok(())
        }),
    },
    Flag {
        long: "--mfa",
        takes: Takes::Both,
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
        takes: Takes::Both,
        short: None,
        value: Some("LIST"),
        help: "auto-verified attributes: email,phone_number (\"\" for none)",
        action: Action::Set(|arguments, value| {
            arguments.overrides.auto_verified = Some(verifiable_list("--auto-verified", value)?);
            Ok(())
        }),
    },
    Flag {
        long: "--case-sensitive",
        takes: Takes::Both,
        short: None,
        value: None,
        help: "usernames are case-sensitive",
        action: Action::Set(|arguments, _| set_case_sensitive(arguments, true)),
    },
    Flag {
        long: "--case-insensitive",
        takes: Takes::Both,
        short: None,
        value: None,
        help: "usernames are case-insensitive",
        action: Action::Set(|arguments, _| set_case_sensitive(arguments, false)),
    },
    Flag {
        long: "--password-hash-algorithm",
        takes: Takes::Both,
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
        takes: Takes::Validate,
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
        long: "--jobs",
        takes: Takes::Both,
        short: Some("-j"),
        value: Some("N"),
        help: "read a file in N parts at once (default: one per core)",
        action: Action::Set(|arguments, value| {
            let jobs = value.parse().ok().filter(|&jobs: &usize| jobs > 0);
            arguments.jobs = Some(jobs.ok_or_else(|| {
                format!("--jobs takes a number of parts, 1 or more, not \"{value}\"")
            })?);
            Ok(())
        }),
    },
    Flag {
        long: "--out",
        takes: Takes::Fix,
        short: Some("-o"),
        value: Some("DIR"),
        help: "the folder the files go to (made if missing; empty unless --force)",
        action: Action::Set(|arguments, value| {
            arguments.out = Some(value.to_owned());
            Ok(())
        }),
    },
    Flag {
        long: "--force",
        takes: Takes::Fix,
        short: None,
        value: None,
        help: "replace the files of an earlier fix in a folder that is not empty",
        action: Action::Set(|arguments, _| {
            arguments.force = true;
            Ok(())
        }),
    },
    Flag {
        long: "--max-users",
        takes: Takes::Fix,
        short: None,
        value: Some("N"),
        help: "users per import file (default and most: 500000)",
        action: Action::Set(|arguments, value| {
            arguments.fix.max_users = number("--max-users", value)?;
            Ok(())
        }),
    },
    Flag {
        long: "--max-bytes",
        takes: Takes::Fix,
        short: None,
        value: Some("N"),
        help: "bytes per import file (default and most: 100000000)",
        action: Action::Set(|arguments, value| {
            arguments.fix.max_bytes = number("--max-bytes", value)?;
            Ok(())
        }),
    },
    Flag {
        long: "--date-order",
        takes: Takes::Fix,
        short: None,
        value: Some("mdy|dmy"),
        help: "how dates such as 1/2/1985 are read (else left to the rejects)",
        action: Action::Set(|arguments, value| {
            let order = DateOrder::parse(value)
                .ok_or_else(|| format!("--date-order takes mdy or dmy, not \"{value}\""))?;
            arguments.fix.date_order = Some(order);
            Ok(())
        }),
    },
    Flag {
        long: "--default-country",
        takes: Takes::Fix,
        short: None,
        value: Some("CC"),
        help: "the country of phone numbers written without one (ISO code: US, GB...)",
        action: Action::Set(|arguments, value| {
            let country = Country::find(value).ok_or_else(|| {
                format!(
                    "--default-country takes a country whose numbers fix knows ({}), not \"{value}\"",
                    Country::codes()
                )
            })?;
            arguments.fix.default_country = Some(country.code.to_owned());
            Ok(())
        }),
    },
    Flag {
        long: "--assume-verified",
        takes: Takes::Fix,
        short: None,
        value: Some("LIST"),
        help: "email,phone_number: those present were verified (sets *_verified to true)",
        action: Action::Set(|arguments, value| {
            arguments.fix.assume_verified = verifiable_list("--assume-verified", value)?;
            Ok(())
        }),
    },
    Flag {
        long: "--keep-unknown-columns",
        takes: Takes::Fix,
        short: None,
        value: None,
        help: "keep columns the pool lacks (the job fails until it has them)",
        action: Action::Set(|arguments, _| {
            arguments.fix.keep_unknown_columns = true;
            Ok(())
        }),
    },
    Flag {
        long: "--keep-unconfirmed",
        takes: Takes::Fix,
        short: None,
        value: None,
        help: "list-users input: import users UNCONFIRMED in the pool listed (else rejected)",
        action: Action::Set(|arguments, _| {
            arguments.fix.keep_unconfirmed = true;
            Ok(())
        }),
    },
    Flag {
        long: "--keep-disabled",
        takes: Takes::Fix,
        short: None,
        value: None,
        help: "list-users input: import disabled users, enabled (else rejected)",
        action: Action::Set(|arguments, _| {
            arguments.fix.keep_disabled = true;
            Ok(())
        }),
    },
    Flag {
        long: "--columns",
        takes: Takes::Fix,
        short: None,
        value: Some("LIST"),
        help: "the columns of a file without a header line (\"\" leaves one out)",
        action: Action::Set(|arguments, value| {
            arguments.fix.columns = Some(
                value
                    .split(',')
                    .map(|name| name.trim().to_owned())
                    .collect(),
            );
            Ok(())
        }),
    },
    Flag {
        long: "--help",
        takes: Takes::Both,
        short: Some("-h"),
        value: None,
        help: "this help",
        action: Action::Help,
    },
    Flag {
        long: "--version",
        takes: Takes::Both,
        short: Some("-V"),
        value: None,
        help: "the version",
        action: Action::Version,
    },
];

/// `email` and/or `phone_number`, comma-separated (`""` for none).
fn verifiable_list(flag: &str, value: &str) -> Result<Vec<Verifiable>, String> {
    let mut attributes = Vec::new();
    for name in value
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        let attribute = Verifiable::parse(name).ok_or_else(|| {
            format!("{flag} takes email and/or phone_number (\"\" for none), not \"{name}\"")
        })?;
        if !attributes.contains(&attribute) {
            attributes.push(attribute);
        }
    }
    Ok(attributes)
}

/// A whole number given to `flag`.
fn number(flag: &str, value: &str) -> Result<u64, String> {
    value
        .trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{flag} takes a whole number, not \"{value}\""))
}

fn set_case_sensitive(arguments: &mut Arguments, sensitive: bool) -> Result<(), String> {
    if arguments.overrides.case_sensitive == Some(!sensitive) {
        return Err("--case-sensitive and --case-insensitive exclude each other".into());
    }
    arguments.overrides.case_sensitive = Some(sensitive);
    Ok(())
}

/// The help text of a subcommand, from [`FLAGS`].
pub fn usage(subcommand: Subcommand) -> String {
    // The names of a flag take this many columns, and two spaces at least
    // part them from its help; longer names go on a line of their own.
    const NAMES: usize = 23;
    let mut out = String::from(match subcommand {
        Subcommand::Validate => {
            "Usage: cognito-csv-validator [OPTIONS] FILE|- [FILE...]\n       cognito-csv-validator fix [OPTIONS] FILE|- --out DIR\n\n\
             Predicts what an Amazon Cognito user import job will do with a CSV file\n\
             (`fix --help`: how to make files it imports). Several files are checked as\n\
             one migration: their jobs run in the order given, and a user imported by an\n\
             earlier file is in the pool for the later ones.\n\n\
             Options:\n"
        }
        Subcommand::Fix => {
            "Usage: cognito-csv-validator fix [OPTIONS] FILE|- --out DIR\n\n\
             Makes, from a CSV of users, files Cognito imports: DIR/users-1.csv... (the\n\
             users who import, in parts at Cognito's limits), DIR/rejects.csv (the lines\n\
             that cannot be imported, as they were, with the reasons), DIR/changes.csv\n\
             (every change) and DIR/manifest.json (the parts and the commands to import\n\
             them). A value is changed only where the result is certain. FILE may also\n\
             be the JSON of `aws cognito-idp list-users` (another pool's users): then\n\
             DIR/subs.csv says where each user's sub went.\n\n\
             Options:\n"
        }
    });
    for flag in FLAGS.iter().filter(|flag| flag.takes.includes(subcommand)) {
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
    out.push_str(match subcommand {
        Subcommand::Validate => {
            "\nFILE `-` reads standard input. Without --pool or --header, the default pool\n\
             is used (see the README). Exit status: 0 when the job succeeds and every user\n\
             would be imported, 1 when anything fails or is skipped, 2 for a usage,\n\
             pool-file or I/O error."
        }
        Subcommand::Fix => {
            "\nFILE `-` reads standard input. Without --pool or --header, the default pool\n\
             is used (see the README). Exit status: 0 when every user is in the import\n\
             files and nothing else stops the job, 1 when any user is in the rejects (or\n\
             the pool stops the job), 2 for a usage, pool-file or I/O error, or a file\n\
             fix cannot read."
        }
    });
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
    let mut words = words.into_iter().peekable();
    let subcommand = if words.peek().is_some_and(|word| word == "fix") {
        words.next();
        Subcommand::Fix
    } else {
        Subcommand::Validate
    };
    let usage_error = |message: String| format!("{message}\n\n{}", usage(subcommand));
    let mut inputs: Vec<String> = Vec::new();
    let mut arguments = Arguments::default();
    let mut options_ended = false;
    while let Some(word) = words.next() {
        if word == "--" && !options_ended {
            options_ended = true;
            continue;
        }
        if options_ended || word == "-" || !word.starts_with('-') {
            if let (Subcommand::Fix, Some(first)) = (subcommand, inputs.first()) {
                return Err(usage_error(format!(
                    "fix takes one file at a time: got {first} and {word}"
                )));
            }
            inputs.push(word);
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
        if !flag.takes.includes(subcommand) {
            return Err(usage_error(match subcommand {
                Subcommand::Fix => format!("fix takes no {name}: it writes files, not a report"),
                Subcommand::Validate => {
                    format!("{name} is an option of fix (cognito-csv-validator fix FILE --out DIR)")
                }
            }));
        }
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
            Action::Help => return Ok(Command::Help(subcommand)),
            Action::Version => return Ok(Command::Version),
            Action::Set(set) => set(&mut arguments, &value).map_err(usage_error)?,
        }
    }
    let mut inputs = inputs.into_iter();
    let Some(input) = inputs.next() else {
        return Err(usage_error(
            "no file given (use - for standard input)".into(),
        ));
    };
    arguments.input = input;
    arguments.later = inputs.collect();
    if !arguments.later.is_empty() {
        if arguments.input == "-" || arguments.later.iter().any(|input| input == "-") {
            return Err(usage_error(
                "standard input (-) can't be one of several files: give them all by name".into(),
            ));
        }
        if arguments.format == ReportFormat::CloudWatch {
            return Err(usage_error(
                "--format cloudwatch writes one job's log: give one file (several files are checked as one \
                 migration in the text, json and csv forms)"
                    .into(),
            ));
        }
    }
    match subcommand {
        Subcommand::Validate => Ok(Command::Validate(arguments)),
        Subcommand::Fix if arguments.out.is_none() => Err(usage_error(
            "fix needs --out DIR: the folder its files go to".into(),
        )),
        Subcommand::Fix => Ok(Command::Fix(arguments)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_every_flag_in_columns() {
        let help = usage(Subcommand::Validate);
        let fix = usage(Subcommand::Fix);
        for flag in FLAGS {
            let (shown, other) = match flag.takes {
                Takes::Validate => (&help, Some(&fix)),
                Takes::Fix => (&fix, Some(&help)),
                Takes::Both => (&help, None),
            };
            assert!(shown.contains(flag.long), "{}", flag.long);
            assert!(shown.contains(flag.help), "{}", flag.help);
            if let Some(other) = other {
                assert!(
                    !other.contains(&format!("  {}", flag.long)),
                    "{}",
                    flag.long
                );
            }
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
        assert_eq!(parse(&["fix", "-h"]), Ok(Command::Help(Subcommand::Fix)));
        let Ok(Command::Fix(arguments)) = parse(&[
            "fix",
            "a.csv",
            "-o",
            "out",
            "--max-users=1_000",
            "--assume-verified",
            "email",
            "--default-country",
            "gb",
        ]) else {
            panic!()
        };
        assert_eq!(
            (arguments.out.as_deref(), arguments.fix.max_users),
            (Some("out"), 1_000)
        );
        assert_eq!(arguments.fix.assume_verified, [Verifiable::Email]);
        assert_eq!(arguments.fix.default_country.as_deref(), Some("GB"));
        for (words, error) in [
            (
                &["fix", "a", "b"][..],
                "fix takes one file at a time: got a and b",
            ),
            (
                &["a", "-"],
                "standard input (-) can't be one of several files: give them all by name",
            ),
            (
                &["a", "b", "--format", "cloudwatch"],
                "--format cloudwatch writes one job's log: give one file (several files are checked as one \
                 migration in the text, json and csv forms)",
            ),
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
            (
                &["fix", "a.csv"],
                "fix needs --out DIR: the folder its files go to",
            ),
            (
                &["fix", "a.csv", "--format", "json"],
                "fix takes no --format: it writes files, not a report",
            ),
            (
                &["a.csv", "--out", "x"],
                "--out is an option of fix (cognito-csv-validator fix FILE --out DIR)",
            ),
            (
                &["fix", "a", "-o", "x", "--date-order", "ymd"],
                "--date-order takes mdy or dmy, not \"ymd\"",
            ),
            (
                &["fix", "a", "-o", "x", "--max-users", "lots"],
                "--max-users takes a whole number, not \"lots\"",
            ),
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
