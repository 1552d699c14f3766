//! One run of the command line, without its input and output: the host
//! (the native binary, the npm package's `bin`) does what each [`Step`]
//! asks and hands back bytes; everything else (the arguments, the pool
//! files, the two readings of a CloudWatch log, the report, the exit
//! status, every message) is decided here, once.

use crate::cli::flags::{parse_arguments, usage, version, Arguments, Command};
use crate::engine::migration::Migration;
use crate::engine::parts::{self, Head, Part, PartValidator};
use crate::engine::Batch;
use crate::existing::json::JsonError;
use crate::existing::{ExistingUsers, ExistingUsersReader};
use crate::fix::parts::FixHead;
use crate::fix::{FixError, Fixed, Fixer, Manifest, Output};
use crate::output::csv::CsvOptions;
use crate::output::{self, ReportFormat, ReportWriter};
use crate::pool::{parse_describe_user_pool, parse_get_csv_header, Pool, PoolInput, PoolSources};
use crate::report::{JobOutcome, Report};
use crate::Validator;
use serde::Serialize;
use std::sync::Arc;

/// What the host is to do next. (As JSON, as the WebAssembly bindings hand
/// it to JavaScript: `{"kind": "readInput", "path": null}`.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Step {
    /// Read the whole file at `path` and give its bytes to
    /// [`Run::pool_file`].
    ReadPoolFile {
        /// The file's path, as given.
        path: String,
    },
    /// Read the file at `path` (the target pool's `list-users` output)
    /// from its start, giving each chunk to [`Run::push_existing`] (and
    /// taking the step it returns, if any, in place of reading on), then
    /// call [`Run::end_existing`]. On a failure, [`Run::existing_unreadable`].
    ReadExisting {
        /// The file's path, as given.
        path: String,
    },
    /// Read the input from its start, `path` or standard input when `None`,
    /// giving each chunk to [`Run::push`] and writing what it returns (to a
    /// temporary file when `aside`), then call [`Run::end_input`]. On a
    /// failure, [`Run::cannot_open`] or [`Run::cannot_read`].
    ReadInput {
        /// The file's path; `None` for standard input.
        path: Option<String>,
        /// What [`Run::push`] returns goes to a temporary file, not to
        /// standard output: the CloudWatch log of standard input, whose
        /// entries stand only if the job runs, which its end tells.
        aside: bool,
    },
    /// Read the input file `path` in parts, at once: give its first bytes
    /// ([`HEAD_BYTES`], or the whole file when smaller) and its length to
    /// [`Run::cut_input`], with the parts to make at most (`jobs`, or one
    /// per core when `None`). If it returns parts, read each from its
    /// [`offset`](PartValidator::offset) on, on a thread of its own,
    /// pushing until it wants no more (see
    /// [`read_parts`](crate::cli::parts::read_parts)), finish them
    /// ([`keep_contested`](crate::cli::parts::keep_contested), or as they
    /// are), and give them in order to [`Run::end_parts`]. If it returns
    /// none, read the input as
    /// [`Step::ReadInput`] does, not aside. (A host that reads in one pass
    /// may do that at once.)
    ReadInParts {
        /// The file's path.
        path: String,
        /// The parts to make at most (`--jobs`); `None`: one per core.
        jobs: Option<usize>,
    },
    /// Write the temporary file's content to standard output, then call
    /// [`Run::aside_written`].
    WriteAside,
    /// `fix`: tell [`Run::output_folder`] what is at `folder`, and the
    /// input's file name if the input (`None`: standard input) is in it.
    InspectFolder {
        /// The folder, as given.
        folder: String,
        /// The input's path; `None` for standard input.
        input: Option<String>,
    },
    /// `fix`: make `folder` (and its parents), delete the files `remove`
    /// in it, then read the input as [`Step::ReadInput`] does, giving each
    /// chunk to [`Run::push_fix`] and appending the bytes of each file it
    /// returns to that file in `folder` (made empty at its first bytes),
    /// then do the same with [`Run::end_fix`]. While
    /// [`Run::wants_input`] is false, the rest of the input can be left
    /// unread.
    FixInput {
        /// The input's path; `None` for standard input.
        path: Option<String>,
        /// The folder the files go to.
        folder: String,
        /// Files of an earlier fix in the folder, to delete first.
        remove: Vec<String>,
        /// The parts to fix a file in at most (`--jobs`; `None`: one per
        /// core): a host that can ([`Run::fix_head`]) fixes them at once,
        /// and ends with [`Run::end_fix_in_parts`].
        jobs: Option<usize>,
    },
    /// Write `stdout` and `stderr`, and end with `status`.
    Exit {
        /// For standard output.
        stdout: String,
        /// For standard error.
        stderr: String,
        /// The exit status: 0 when every user would be imported, 1 when
        /// any would not, 2 for a usage, pool-file or I/O error.
        status: u8,
    },
}

/// What is at the folder `fix` writes to, as the host finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Folder {
    /// Nothing: it is to be made.
    Missing,
    /// A folder holding these names.
    Holding(Vec<String>),
    /// A file, not a folder.
    NotAFolder,
    /// It could not be read.
    Unreadable(IoError),
}

/// Bytes for a file of `fix`'s folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChunk {
    /// The file's name in the folder.
    pub name: String,
    /// Bytes to append.
    pub bytes: Vec<u8>,
}

/// Why a file could not be read, as the host's system says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IoError {
    /// No file at the path.
    NotFound,
    /// The file can't be read by this user.
    PermissionDenied,
    /// The path is a folder.
    IsFolder,
    /// Anything else, in the system's words.
    Other(String),
}

impl IoError {
    fn reason(&self) -> &str {
        match self {
            IoError::NotFound => "no such file",
            IoError::PermissionDenied => "permission denied",
            IoError::IsFolder => "it is a folder",
            IoError::Other(reason) => reason,
        }
    }
}

/// A command line's run: made by [`Run::start`], driven by the host.
///
/// ```
/// use cognito_csv_validator::cli::{Run, Step};
/// let words = ["--format", "csv", "-"].map(String::from).to_vec();
/// let (mut run, step) = Run::start(words);
/// assert_eq!(step, Step::ReadInput { path: None, aside: false });
/// let mut out = run.push(b"cognito:username,email\nbob,bob@\n");
/// let (end, step) = run.end_input();
/// out.push_str(&end);
/// assert!(out.starts_with("line,column,code,severity,message,line_status,value\n"));
/// assert!(matches!(step, Step::Exit { status: 1, .. }));
/// ```
pub struct Run {
    arguments: Arguments,
    /// The pool files still to read: the pool's, then the header's.
    pool_files: Vec<PoolInput>,
    sources: PoolSources,
    pool: Option<Pool>,
    /// The target pool's users, once read (`--existing`).
    existing: Option<Arc<ExistingUsers>>,
    /// The files validated, as one migration (one file is a migration of one).
    migration: Option<Migration>,
    /// Several files were given, to check as one migration.
    several: bool,
    /// The names of the files validated so far.
    validated: Vec<String>,
    /// Every file so far would have every user imported.
    all_imported: bool,
    stage: Stage,
    /// Output to hand out with the next call.
    pending: String,
    /// What comes after the entries put aside: the end of the log, and the exit.
    after_aside: Option<(String, Step)>,
    /// The input's head, once it is cut into parts.
    head: Option<Head>,
}

/// The bytes of the input a host gives [`Run::cut_input`]: they hold any
/// header Cognito reads.
pub const HEAD_BYTES: usize = 1 << 20;

enum Stage {
    /// Reading the pool files.
    Pool,
    /// Reading the target pool's users.
    Existing(ExistingUsersReader),
    /// Reading a file for the first time, to learn whether the job fails
    /// (its CloudWatch log is then the job's errors alone).
    LearnOutcome(ReportWriter, Validator),
    /// Reading the input and writing the report.
    Report(ReportWriter, Validator),
    /// `fix`: reading the input and writing the files.
    Fix(Box<Fixer>),
    /// Done.
    Ended,
}

/// The program's name, before its messages.
const PROGRAM: &str = "cognito-csv-validator";

impl Run {
    /// A run of the command line's `words` (the program's name left out),
    /// and its first step.
    pub fn start(words: Vec<String>) -> (Run, Step) {
        let mut run = Run {
            arguments: Arguments::default(),
            pool_files: Vec::new(),
            sources: PoolSources::default(),
            pool: None,
            existing: None,
            migration: None,
            several: false,
            validated: Vec::new(),
            all_imported: true,
            stage: Stage::Ended,
            pending: String::new(),
            after_aside: None,
            head: None,
        };
        let step = match parse_arguments(words) {
            Err(message) => run.fail(&message),
            Ok(Command::Help(subcommand)) => run.exit(format!("{}\n", usage(subcommand)), 0),
            Ok(Command::Version) => run.exit(format!("{}\n", version()), 0),
            Ok(Command::Validate(arguments) | Command::Fix(arguments)) => {
                if arguments.pool.is_some() {
                    run.pool_files.push(PoolInput::DescribeUserPool);
                }
                if arguments.header.is_some() {
                    run.pool_files.push(PoolInput::GetCsvHeader);
                }
                run.several = !arguments.later.is_empty();
                run.arguments = arguments;
                run.stage = Stage::Pool;
                run.next_pool_file()
            }
        };
        (run, step)
    }

    /// The step for a command-line word that is not UTF-8 (only native
    /// programs get such words), shown as `word`.
    pub fn not_utf8_argument(word: &str) -> Step {
        Step::Exit {
            stdout: String::new(),
            stderr: format!(
                "{PROGRAM}: error: the argument {word} is not valid UTF-8: rename the file, or give it on \
                 standard input\n"
            ),
            status: 2,
        }
    }

    fn path_of(&self, input: PoolInput) -> &str {
        let path = match input {
            PoolInput::DescribeUserPool => &self.arguments.pool,
            PoolInput::GetCsvHeader => &self.arguments.header,
        };
        path.as_deref().unwrap_or("pool")
    }

    fn next_pool_file(&mut self) -> Step {
        match self.pool_files.first() {
            Some(&input) => Step::ReadPoolFile {
                path: self.path_of(input).to_owned(),
            },
            None => self.build_pool(),
        }
    }

    /// The bytes of the pool file [`Step::ReadPoolFile`] asked for, or why
    /// they could not be read.
    pub fn pool_file(&mut self, bytes: Result<Vec<u8>, IoError>) -> Step {
        let Some(input) = (!self.pool_files.is_empty()).then(|| self.pool_files.remove(0)) else {
            return self.fail("no pool file was asked for");
        };
        let path = self.path_of(input).to_owned();
        let what = match input {
            PoolInput::DescribeUserPool => "pool",
            PoolInput::GetCsvHeader => "header",
        };
        let text = match bytes {
            Err(IoError::IsFolder) => {
                return self.fail(&format!("the {what} file {path} is a folder: give the JSON file"))
            }
            Err(error) => {
                return self.fail(&format!(
                    "cannot read the {what} file {path}: {}",
                    error.reason()
                ))
            }
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return self.fail(&format!(
                        "cannot read the {what} file {path}: it is not UTF-8 text (expected the JSON output of \
                         `{}`)",
                        input.command()
                    ))
                }
            },
        };
        let parsed = match input {
            PoolInput::DescribeUserPool => parse_describe_user_pool(&text)
                .map(|describe| self.sources.describe_user_pool = Some(describe)),
            PoolInput::GetCsvHeader => {
                parse_get_csv_header(&text).map(|header| self.sources.get_csv_header = Some(header))
            }
        };
        match parsed {
            Err(error) => self.fail(&format!("{path}: {error}")),
            Ok(()) => self.next_pool_file(),
        }
    }

    fn build_pool(&mut self) -> Step {
        let sources = std::mem::take(&mut self.sources);
        match Pool::from_sources(sources, &self.arguments.overrides) {
            Err(error) => {
                let path = self.path_of(error.input).to_owned();
                self.fail(&format!("{path}: {error}"))
            }
            Ok(pool) => {
                if let Some(path) = self.arguments.existing.clone() {
                    self.stage = Stage::Existing(ExistingUsersReader::new(&pool));
                    self.pool = Some(pool);
                    return Step::ReadExisting { path };
                }
                self.pool = Some(pool);
                self.begin_reading()
            }
        }
    }

    /// The next chunk of the target pool's users; a step in place of
    /// reading on when they can't be read.
    pub fn push_existing(&mut self, chunk: &[u8]) -> Option<Step> {
        let Stage::Existing(reader) = &mut self.stage else {
            return Some(self.fail("no users file was asked for"));
        };
        let error = reader.push(chunk).err()?;
        Some(self.existing_invalid(&error))
    }

    /// The end of the target pool's users; the next step.
    pub fn end_existing(&mut self) -> Step {
        let Stage::Existing(reader) = std::mem::replace(&mut self.stage, Stage::Ended) else {
            return self.fail("no users file was asked for");
        };
        match reader.finish() {
            Err(error) => self.existing_invalid(&error),
            Ok(users) => {
                self.existing = Some(Arc::new(users));
                self.begin_reading()
            }
        }
    }

    /// The target pool's users could not be opened or read.
    pub fn existing_unreadable(&mut self, error: IoError) -> Step {
        let path = self.arguments.existing.clone().unwrap_or_default();
        match error {
            IoError::IsFolder => self.fail(&format!(
                "the users file {path} is a folder: give the JSON file of `aws cognito-idp list-users`"
            )),
            error => self.fail(&format!("cannot read the users file {path}: {}", error.reason())),
        }
    }

    fn existing_invalid(&mut self, error: &JsonError) -> Step {
        let path = self.arguments.existing.clone().unwrap_or_default();
        self.fail(&format!("{path}: {error}"))
    }

    /// A validator for the input: after the files before it, with the
    /// target pool's users when given.
    fn validator(&mut self) -> Validator {
        let pool = self.pool.as_ref().expect("the pool is built");
        let existing = &self.existing;
        self.migration
            .get_or_insert_with(|| Migration::new(pool.clone(), existing.clone()))
            .next_file()
    }

    /// The report's writer for the input.
    fn report_writer(&self) -> ReportWriter {
        let writer = ReportWriter::new(self.arguments.format, self.name(), false);
        if self.arguments.format == ReportFormat::Csv && self.several {
            return writer.with_csv_options(CsvOptions {
                file: Some(self.name()),
                ..CsvOptions::default()
            });
        }
        writer
    }

    /// What goes before the input's report: for several files, in the JSON
    /// form, the input's place in `{"files": [{"name", "report"}, ...]}`,
    /// and in the CSV form the header row once.
    fn report_start(&self, writer: &ReportWriter) -> String {
        if !self.several {
            return writer.start();
        }
        let first = self.validated.is_empty();
        match self.arguments.format {
            ReportFormat::Json => format!(
                "{}{{\"name\":{},\"report\":{}",
                if first { "{\"files\":[" } else { "," },
                serde_json::Value::from(self.name()),
                writer.start()
            ),
            ReportFormat::Csv if !first => String::new(),
            _ => writer.start(),
        }
    }

    /// What goes after the last file's report: the migration's summary.
    fn migration_end(&self) -> String {
        let Some(migration) = self.migration.as_ref().filter(|_| self.several) else {
            return String::new();
        };
        let summary = migration.summary();
        match self.arguments.format {
            ReportFormat::Text => {
                format!("\n{}", output::migration::text(summary, &self.validated))
            }
            ReportFormat::Json => format!(
                "],\"migration\":{}}}\n",
                output::migration::json(summary, &self.validated)
            ),
            ReportFormat::Csv | ReportFormat::CloudWatch => String::new(),
        }
    }

    fn reads_stdin(&self) -> bool {
        self.arguments.input == "-"
    }

    /// The name of the input, as messages and the text form give it.
    fn name(&self) -> String {
        if self.reads_stdin() {
            "<stdin>".to_owned()
        } else {
            self.arguments.input.clone()
        }
    }

    fn input_step(&self) -> Step {
        let one_pass = self.reads_stdin() || self.several || self.arguments.jobs == Some(1);
        if !one_pass {
            return Step::ReadInParts {
                path: self.arguments.input.clone(),
                jobs: self.arguments.jobs,
            };
        }
        Step::ReadInput {
            path: (!self.reads_stdin()).then(|| self.arguments.input.clone()),
            aside: self.aside(),
        }
    }

    /// Whether the log's entries go aside until the end (standard input
    /// can't be read twice to learn the job's fate first).
    fn aside(&self) -> bool {
        self.arguments.format == ReportFormat::CloudWatch && self.reads_stdin()
    }

    fn begin_reading(&mut self) -> Step {
        if let Some(folder) = &self.arguments.out {
            return Step::InspectFolder {
                folder: folder.clone(),
                input: (!self.reads_stdin()).then(|| self.arguments.input.clone()),
            };
        }
        let format = self.arguments.format;
        if format == ReportFormat::CloudWatch && !self.reads_stdin() {
            // The log of a failed job is the job's errors alone, and a job's
            // fate is known at the end of the file: read it once to learn it.
            let writer = ReportWriter::new(format, self.name(), false);
            let validator = self.validator();
            self.stage = Stage::LearnOutcome(writer, validator);
        } else {
            let writer = self.report_writer();
            let start = self.report_start(&writer);
            self.pending.push_str(&start);
            let validator = self.validator();
            self.stage = Stage::Report(writer, validator);
        }
        self.input_step()
    }

    /// Reads the next chunk of the input; returns what to write.
    pub fn push(&mut self, chunk: &[u8]) -> String {
        let mut out = std::mem::take(&mut self.pending);
        match &mut self.stage {
            Stage::LearnOutcome(writer, validator) => {
                validator.push(chunk);
                // Only the job-level errors are kept: the entries go.
                writer.write(&validator.take(), &mut String::new());
            }
            Stage::Report(writer, validator) => {
                validator.push(chunk);
                writer.write(&validator.take(), &mut out);
            }
            Stage::Pool | Stage::Existing(_) | Stage::Fix(_) | Stage::Ended => {}
        }
        out
    }

    /// [`Step::ReadInParts`]: the parts to read the input in, from its
    /// first bytes `head` and its `length`, at most `jobs`; none when it is
    /// to be read in one pass (a small file, a header that does not end in
    /// `head`, a file that is no text).
    pub fn cut_input(&mut self, head: &[u8], length: u64, jobs: usize) -> Vec<PartValidator> {
        let pool = self.pool.as_ref().expect("the pool is built");
        let Some(read) = Head::read(pool, head) else {
            return Vec::new();
        };
        let parts = PartValidator::plan(pool, &read, length, jobs);
        if parts.len() > 1 {
            self.head = Some(read);
            parts
        } else {
            Vec::new()
        }
    }

    /// [`Step::ReadInParts`]: the pool's users (`--existing`), when given,
    /// for the parts to keep the lines that have one's username or alias
    /// ([`keep_contested`](crate::cli::parts::keep_contested)).
    pub fn existing_users(&self) -> Option<&ExistingUsers> {
        self.existing.as_deref()
    }

    /// [`Step::ReadInParts`]: the input's parts, read; returns what to
    /// write, and the next step.
    pub fn end_parts(&mut self, parts: Vec<Part>) -> (String, Step) {
        let (Some(head), Some(pool)) = (self.head.take(), self.pool.clone()) else {
            return (String::new(), self.fail("no parts were asked for"));
        };
        let mut report = parts::merge(pool, &head, parts, self.existing.clone());
        // Written as if the file had been read in one chunk.
        let batch = Batch {
            findings: std::mem::take(&mut report.findings),
            statuses: std::mem::take(&mut report.statuses),
        };
        let mut out = std::mem::take(&mut self.pending);
        let mut writer = match std::mem::replace(&mut self.stage, Stage::Ended) {
            Stage::LearnOutcome(mut writer, _) => {
                // Only the job-level errors are kept: the entries go.
                writer.write(&batch, &mut String::new());
                if report.outcome.job == JobOutcome::Fails {
                    writer.finish(&report, &mut out);
                    return (out, self.exit(String::new(), 1));
                }
                // The job runs: its log is written from what was read.
                let writer = ReportWriter::new(self.arguments.format, self.name(), false);
                out.push_str(&writer.start());
                writer
            }
            Stage::Report(writer, _) => writer,
            Stage::Pool | Stage::Existing(_) | Stage::Fix(_) | Stage::Ended => {
                return (out, self.fail("no input was asked for"));
            }
        };
        writer.write(&batch, &mut out);
        self.end_report(writer, report, out)
    }

    /// Ends the input; returns what to write, and the next step.
    pub fn end_input(&mut self) -> (String, Step) {
        let mut out = std::mem::take(&mut self.pending);
        match std::mem::replace(&mut self.stage, Stage::Ended) {
            Stage::LearnOutcome(writer, validator) => {
                let report = validator.finish();
                if report.outcome.job == JobOutcome::Fails {
                    writer.finish(&report, &mut out);
                    return (out, self.exit(String::new(), 1));
                }
                // The job runs: its log is written on a second reading.
                let writer = ReportWriter::new(self.arguments.format, self.name(), false);
                out.push_str(&writer.start());
                let validator = self.validator();
                self.stage = Stage::Report(writer, validator);
                (out, self.input_step())
            }
            Stage::Report(writer, validator) => {
                let migration = self.migration.as_mut().expect("the migration is made");
                let report = migration.finish_file(validator);
                self.end_report(writer, report, out)
            }
            Stage::Pool | Stage::Existing(_) | Stage::Fix(_) | Stage::Ended => {
                (out, self.fail("no input was asked for"))
            }
        }
    }

    /// Ends the input's report (`report`, whose findings the writer has
    /// not had); returns what to write (after `out`), and the next step.
    fn end_report(
        &mut self,
        writer: ReportWriter,
        report: Report,
        mut out: String,
    ) -> (String, Step) {
        writer.finish(&report, &mut out);
        if self.several && self.arguments.format == ReportFormat::Json {
            out.push('}');
        }
        self.all_imported &= report.outcome.job == JobOutcome::Succeeds
            && report.outcome.imported == report.outcome.users;
        self.validated.push(self.name());
        if !self.arguments.later.is_empty() {
            // The next file's job runs after this one's.
            self.arguments.input = self.arguments.later.remove(0);
            return (out, self.begin_reading());
        }
        out.push_str(&self.migration_end());
        let exit = self.exit(String::new(), u8::from(!self.all_imported));
        if self.aside() && report.outcome.job == JobOutcome::Succeeds {
            // The entries put aside stand: they go first, then the end.
            self.after_aside = Some((out, exit));
            return (String::new(), Step::WriteAside);
        }
        (out, exit)
    }

    /// `fix`: what is at the folder [`Step::InspectFolder`] asked about,
    /// and the input's file name if the input is in it.
    pub fn output_folder(&mut self, folder: Folder, input_in_it: Option<String>) -> Step {
        let path = self.arguments.out.clone().unwrap_or_default();
        let ours = |name: &str| is_fix_output(name);
        let entries = match folder {
            Folder::Missing => Vec::new(),
            Folder::Holding(entries) => entries,
            Folder::NotAFolder => {
                return self.fail(&format!(
                    "--out {path} is a file: give a folder (it is made if missing)"
                ))
            }
            Folder::Unreadable(error) => {
                return self.fail(&format!(
                    "cannot read the folder {path}: {}",
                    error.reason()
                ))
            }
        };
        if let Some(input) = input_in_it.filter(|name| ours(name)) {
            return self.fail(&format!(
                "the input {input} is in {path}, where fix writes a file of that name: give another folder"
            ));
        }
        if !entries.is_empty() && !self.arguments.force {
            return self.fail(&format!(
                "{path} is not empty ({} {}): give an empty or new folder, or --force to replace the files of an earlier fix in it",
                entries.len(),
                if entries.len() == 1 { "entry" } else { "entries" }
            ));
        }
        let pool = self.pool.clone().expect("the pool is built");
        match Fixer::new(pool, self.arguments.fix.clone()) {
            Err(error) => self.fail(&error.0),
            Ok(fixer) => {
                self.stage = Stage::Fix(Box::new(fixer));
                Step::FixInput {
                    path: (!self.reads_stdin()).then(|| self.arguments.input.clone()),
                    folder: path,
                    remove: entries.into_iter().filter(|name| ours(name)).collect(),
                    jobs: self.arguments.jobs,
                }
            }
        }
    }

    /// `fix`: reads the next chunk of the input; returns the bytes to
    /// append to the folder's files.
    pub fn push_fix(&mut self, chunk: &[u8]) -> Vec<FileChunk> {
        match &mut self.stage {
            Stage::Fix(fixer) => {
                fixer.push(chunk);
                file_chunks(fixer.take())
            }
            _ => Vec::new(),
        }
    }

    /// `fix`: whether the rest of the input is still needed (not once the
    /// file turned out to be one fix cannot read).
    pub fn wants_input(&self) -> bool {
        matches!(&self.stage, Stage::Fix(fixer) if fixer.stopped().is_none())
    }

    /// `fix`: ends the input; returns the last bytes of the files (the
    /// manifest among them), and the next step.
    pub fn end_fix(&mut self) -> (Vec<FileChunk>, Step) {
        let Stage::Fix(fixer) = std::mem::replace(&mut self.stage, Stage::Ended) else {
            return (Vec::new(), self.fail("no input was asked for"));
        };
        self.fixed(fixer.finish())
    }

    /// [`Step::FixInput`]: the head of the file to fix in parts, from its
    /// first bytes `head` ([`HEAD_BYTES`]), and where its parts start
    /// (nominal offsets, the first 0) for a file of `length` bytes, at most
    /// `jobs`; `None` when it is fixed in one pass (a small file,
    /// `list-users` output, a header that does not end in `head`).
    pub fn fix_head(&self, head: &[u8], length: u64, jobs: usize) -> Option<(FixHead, Vec<u64>)> {
        let Stage::Fix(fixer) = &self.stage else {
            return None;
        };
        let starts = crate::engine::parts::cuts(length, jobs);
        if starts.len() < 2 {
            return None;
        }
        let head = FixHead::read(fixer.pool(), fixer.options(), head)?;
        Some((head, starts))
    }

    /// `fix`: the end of a file fixed in parts (see [`Run::fix_head`]):
    /// the last bytes of the files, and the next step.
    pub fn end_fix_in_parts(&mut self, fixed: Result<Fixed, FixError>) -> (Vec<FileChunk>, Step) {
        if !matches!(self.stage, Stage::Fix(_)) {
            return (Vec::new(), self.fail("no input was asked for"));
        }
        self.stage = Stage::Ended;
        self.fixed(fixed)
    }

    /// The files' last bytes and the next step, once fix has ended.
    fn fixed(&mut self, fixed: Result<Fixed, FixError>) -> (Vec<FileChunk>, Step) {
        match fixed {
            Err(error) => {
                let message = format!("cannot fix {}: {error}", self.name());
                (Vec::new(), self.fail(&message))
            }
            Ok(Fixed {
                chunks, manifest, ..
            }) => {
                let files = file_chunks(chunks);
                let status = u8::from(manifest.rejected > 0 || !manifest.blockers.is_empty());
                let stderr = fix_summary(
                    &manifest,
                    &self.name(),
                    self.arguments.out.as_deref().unwrap_or("."),
                );
                self.stage = Stage::Ended;
                (
                    files,
                    Step::Exit {
                        stdout: String::new(),
                        stderr,
                        status,
                    },
                )
            }
        }
    }

    /// `fix`: a file of the folder could not be written.
    pub fn cannot_write_file(&mut self, name: &str, error: IoError) -> Step {
        let folder = self.arguments.out.clone().unwrap_or_default();
        self.fail(&format!(
            "cannot write {name} in {folder}: {}",
            error.reason()
        ))
    }

    /// The entries put aside are written; returns what to write after them,
    /// and the next step.
    pub fn aside_written(&mut self) -> (String, Step) {
        self.after_aside
            .take()
            .unwrap_or_else(|| (String::new(), self.fail("nothing was put aside")))
    }

    /// The input could not be opened.
    pub fn cannot_open(&mut self, error: IoError) -> Step {
        let path = self.arguments.input.clone();
        match error {
            IoError::IsFolder => self.fail(&format!("{path} is a folder: give the CSV file")),
            error => self.fail(&format!("cannot open {path}: {}", error.reason())),
        }
    }

    /// The input could not be read to its end.
    pub fn cannot_read(&mut self, error: IoError) -> Step {
        let message = format!("cannot read {}: {}", self.name(), error.reason());
        self.fail(&message)
    }

    /// `fix`: a temporary file in `folder` could not be written (a part's
    /// log, of a file fixed in parts).
    pub fn cannot_write_temporary(&mut self, folder: &str, error: IoError) -> Step {
        self.fail(&format!(
            "cannot write a temporary file in {folder}, where fix logs each part of a file it fixes on several cores: {}; set TMPDIR to a folder it can write, with room for about the size of the files it makes, or give --jobs 1",
            error.reason()
        ))
    }

    /// The report could not be written (a reader that has gone, `| head`,
    /// is no error: the host ends quietly).
    pub fn cannot_write(&mut self, reason: &str) -> Step {
        self.fail(&format!("cannot write the report: {reason}"))
    }

    fn exit(&mut self, stdout: String, status: u8) -> Step {
        self.stage = Stage::Ended;
        Step::Exit {
            stdout,
            stderr: String::new(),
            status,
        }
    }

    fn fail(&mut self, message: &str) -> Step {
        self.stage = Stage::Ended;
        Step::Exit {
            stdout: String::new(),
            stderr: format!("{PROGRAM}: error: {message}\n"),
            status: 2,
        }
    }
}

/// Whether a file name is one `fix` writes: `users-N.csv`, `rejects.csv`,
/// `changes.csv`, `subs.csv` or `manifest.json`.
fn is_fix_output(name: &str) -> bool {
    matches!(
        name,
        "rejects.csv" | "changes.csv" | "subs.csv" | "manifest.json"
    ) || name
        .strip_prefix("users-")
        .and_then(|rest| rest.strip_suffix(".csv"))
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// The files' chunks of `fix`'s output chunks.
pub fn file_chunks(chunks: Vec<crate::fix::Chunk>) -> Vec<FileChunk> {
    chunks
        .into_iter()
        .map(|chunk| FileChunk {
            name: chunk.output.file_name(),
            bytes: chunk.bytes,
        })
        .collect()
}

/// What `fix` did, for standard error: the users, where they went, the
/// fixes, what still stops the job, and the commands that import them.
fn fix_summary(manifest: &Manifest, input: &str, folder: &str) -> String {
    use crate::text::{group, plural};
    use std::fmt::Write;
    let mut out = format!("{input}: {}", plural(manifest.input.users, "user"));
    let files: Vec<&str> = manifest
        .parts
        .iter()
        .map(|part| part.file.as_str())
        .collect();
    let _ = write!(
        out,
        "; {} in {} ({}) and {} in {}",
        group(manifest.imported),
        plural(files.len() as u64, "import file"),
        if files.is_empty() {
            "none".to_owned()
        } else {
            files.join(", ")
        },
        group(manifest.rejected),
        Output::Rejects.file_name(),
    );
    let _ = writeln!(out, ", in {folder}.");
    if let Some(listed) = &manifest.list_users {
        let _ = write!(
            out,
            "Read as list-users output: {} UNCONFIRMED, {} disabled, {} of an identity provider",
            group(listed.unconfirmed),
            group(listed.disabled),
            group(listed.external_provider),
        );
        if !listed.unknown_attributes.is_empty() {
            let attributes: Vec<String> = listed
                .unknown_attributes
                .iter()
                .map(|attribute| {
                    format!("{} ({})", attribute.name, plural(attribute.users, "user"))
                })
                .collect();
            let _ = write!(
                out,
                "; attributes the pool does not have, {}: {}",
                if manifest.options.keep_unknown_columns {
                    "kept"
                } else {
                    "left out"
                },
                attributes.join(", ")
            );
        }
        let _ = writeln!(out, ". Where each user's sub went: {}.", listed.subs);
    }
    if !manifest.fixes.is_empty() {
        let fixes: Vec<String> = manifest
            .fixes
            .iter()
            .map(|fix| format!("{} {}", group(fix.count), fix.code.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "Changes ({}): {}.",
            Output::Changes.file_name(),
            fixes.join(", ")
        );
    }
    if !manifest.rejected_by_code.is_empty() {
        let codes: Vec<String> = manifest
            .rejected_by_code
            .iter()
            .map(|count| format!("{} {}", group(count.count), count.code))
            .collect();
        let _ = writeln!(
            out,
            "Rejected ({}): {}.",
            Output::Rejects.file_name(),
            codes.join(", ")
        );
    }
    for blocker in &manifest.blockers {
        let _ = writeln!(out, "Still stops the job: {blocker}");
    }
    if !manifest.parts.is_empty() {
        let _ = writeln!(
            out,
            "\nNext, for each import file in turn (one import job per account at a time):"
        );
        for line in &manifest.next_steps {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The default pool's header, and a line of it for a user who fails.
    fn file_with_a_failing_user() -> String {
        let pool = Pool::default();
        format!(
            "{}\nann,,,,,,,,,,ann@,true,,,,,,,,,false\nbo,,,,,,,,,,bo@example.com,true,,,,,,,,,false\n\
             cy,,,,,,,,,,cy@example.com,true,,,,,,,,,false\n",
            pool.header.join(",")
        )
    }

    /// Drives a run with `input` as every reading of the input and `pool`
    /// as every pool file; returns standard output, standard error and the
    /// status, and how many times the input was read.
    fn drive(
        words: &[&str],
        input: &[u8],
        pool: Result<&str, IoError>,
    ) -> (String, String, u8, usize) {
        let (mut run, mut step) = Run::start(words.iter().map(|word| word.to_string()).collect());
        let mut stdout = String::new();
        // What the host keeps in a temporary file.
        let mut aside = String::new();
        let mut readings = 0;
        loop {
            step = match step {
                Step::ReadPoolFile { .. } => {
                    run.pool_file(pool.clone().map(|text| text.as_bytes().to_vec()))
                }
                Step::ReadInput { .. } | Step::ReadInParts { .. } => {
                    // These inputs are too small to cut: read in one pass.
                    if matches!(step, Step::ReadInParts { .. }) {
                        assert!(run.cut_input(input, input.len() as u64, 2).is_empty());
                    }
                    let put_aside = matches!(step, Step::ReadInput { aside: true, .. });
                    readings += 1;
                    for chunk in input.chunks(5) {
                        let text = run.push(chunk);
                        if put_aside {
                            aside.push_str(&text);
                        } else {
                            stdout.push_str(&text);
                        }
                    }
                    let (out, next) = run.end_input();
                    stdout.push_str(&out);
                    next
                }
                Step::WriteAside => {
                    stdout.push_str(&std::mem::take(&mut aside));
                    let (out, next) = run.aside_written();
                    stdout.push_str(&out);
                    next
                }
                Step::Exit {
                    stdout: out,
                    stderr,
                    status,
                } => {
                    stdout.push_str(&out);
                    return (stdout, stderr, status, readings);
                }
                Step::InspectFolder { .. } | Step::FixInput { .. } => {
                    panic!("not a fix run: {step:?}")
                }
                // tests/cli.rs runs --existing.
                Step::ReadExisting { .. } => panic!("no --existing here: {step:?}"),
            }
        }
    }

    /// Drives a `fix` run of `input` into a folder holding `entries` (none:
    /// missing); returns the files written, the files removed first,
    /// standard error and the status.
    fn drive_fix(
        words: &[&str],
        input: &[u8],
        entries: Option<&[&str]>,
    ) -> (BTreeMap<String, Vec<u8>>, Vec<String>, String, u8) {
        let (mut run, mut step) = Run::start(words.iter().map(|word| word.to_string()).collect());
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut removed = Vec::new();
        let mut keep = |chunks: Vec<FileChunk>| {
            for chunk in chunks {
                files.entry(chunk.name).or_default().extend(chunk.bytes);
            }
        };
        loop {
            step = match step {
                Step::InspectFolder { .. } => run.output_folder(
                    match entries {
                        None => Folder::Missing,
                        Some(names) => {
                            Folder::Holding(names.iter().map(|n| n.to_string()).collect())
                        }
                    },
                    None,
                ),
                Step::FixInput { remove, .. } => {
                    removed = remove;
                    for chunk in input.chunks(7) {
                        if !run.wants_input() {
                            break;
                        }
                        keep(run.push_fix(chunk));
                    }
                    let (chunks, next) = run.end_fix();
                    keep(chunks);
                    next
                }
                Step::Exit { stderr, status, .. } => return (files, removed, stderr, status),
                other => panic!("not a fix step: {other:?}"),
            }
        }
    }

    #[test]
    fn fix_writes_the_files_and_sums_up() {
        let input = b"Username,Email,email_verified\nann,ann@example.com,TRUE\nbo,bo@,true\n";
        let (files, removed, stderr, status) =
            drive_fix(&["fix", "in.csv", "--out", "out"], input, None);
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["changes.csv", "manifest.json", "rejects.csv", "users-1.csv"]
        );
        assert!(removed.is_empty());
        // One user imported, one rejected: as validation, status 1.
        assert_eq!(status, 1, "{stderr}");
        assert!(stderr.starts_with("in.csv: 2 users"), "{stderr}");
        let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(
            (manifest["imported"].as_u64(), manifest["rejected"].as_u64()),
            (Some(1), Some(1))
        );
    }

    #[test]
    fn fix_refuses_a_folder_in_use_unless_forced() {
        let input = b"cognito:username\n";
        let (files, _, stderr, status) = drive_fix(
            &["fix", "in.csv", "--out", "out"],
            input,
            Some(&["notes.txt"]),
        );
        assert!(files.is_empty());
        assert_eq!(status, 2);
        assert!(stderr.contains("out is not empty (1 entry)"), "{stderr}");
        let (files, removed, _, _) = drive_fix(
            &["fix", "in.csv", "--out", "out", "--force"],
            input,
            Some(&["notes.txt", "users-7.csv", "manifest.json"]),
        );
        // Only an earlier fix's files are removed; the user's stay.
        assert_eq!(removed, ["users-7.csv", "manifest.json"]);
        assert!(files.contains_key("users-1.csv"));
    }

    #[test]
    fn help_and_version_end_at_once() {
        let (stdout, _, status, readings) = drive(&["--help"], b"", Ok(""));
        assert!(stdout.starts_with("Usage: cognito-csv-validator"));
        assert_eq!((status, readings), (0, 0));
        let (_, stderr, status, _) = drive(&["--bogus"], b"", Ok(""));
        assert!(
            stderr.starts_with("cognito-csv-validator: error: unknown option --bogus\n\nUsage:")
        );
        assert_eq!(status, 2);
    }

    #[test]
    fn a_cloudwatch_log_of_a_file_reads_it_twice_when_the_job_runs() {
        let input = file_with_a_failing_user();
        let (stdout, _, status, readings) = drive(
            &["--format", "cloudwatch", "x.csv"],
            input.as_bytes(),
            Ok(""),
        );
        assert_eq!(readings, 2);
        assert_eq!(status, 1);
        assert!(
            stdout.starts_with(
                "[FAILED] Line Number 2 - The User Record contains an invalid value for email.\n"
            ),
            "{stdout}"
        );
        assert!(
            stdout.ends_with("Import Job Completed Successfully.\n"),
            "{stdout}"
        );
        // Standard input is read once, its entries held.
        let (held, _, _, readings) =
            drive(&["--format", "cloudwatch", "-"], input.as_bytes(), Ok(""));
        assert_eq!((held, readings), (stdout, 1));
    }

    #[test]
    fn a_failed_job_logs_its_errors_alone_after_one_reading() {
        let (stdout, _, status, readings) = drive(
            &["--format", "cloudwatch", "x.csv"],
            b"cognito:username,bogus\nann,x\n",
            Ok(""),
        );
        assert_eq!((status, readings), (1, 1));
        assert_eq!(
            stdout,
            "The header in the CSV file does not match the expected headers. Use the GetCSVHeader API to \
             get the expected headers.\n"
        );
    }

    #[test]
    fn pool_files_are_read_and_their_errors_named() {
        let (_, stderr, status, _) =
            drive(&["--pool", "p.json", "x.csv"], b"", Ok("{\"UserPool\": 1}"));
        assert_eq!(status, 2);
        assert!(
            stderr.starts_with("cognito-csv-validator: error: p.json: at UserPool: "),
            "{stderr}"
        );
        let (_, stderr, _, _) = drive(
            &["--header", "h.json", "x.csv"],
            b"",
            Err(IoError::IsFolder),
        );
        assert_eq!(
            stderr,
            "cognito-csv-validator: error: the header file h.json is a folder: give the JSON file\n"
        );
        let (_, stderr, _, _) = drive(&["--pool", "p.json", "x.csv"], b"", Err(IoError::NotFound));
        assert_eq!(
            stderr,
            "cognito-csv-validator: error: cannot read the pool file p.json: no such file\n"
        );
    }

    #[test]
    fn input_errors_are_named() {
        let (mut run, _) = Run::start(vec!["x.csv".into()]);
        let Step::Exit { stderr, status, .. } = run.cannot_open(IoError::NotFound) else {
            panic!()
        };
        assert_eq!(
            stderr,
            "cognito-csv-validator: error: cannot open x.csv: no such file\n"
        );
        assert_eq!(status, 2);
        let (mut run, _) = Run::start(vec!["-".into()]);
        let Step::Exit { stderr, .. } = run.cannot_read(IoError::Other("bad disk".into())) else {
            panic!()
        };
        assert_eq!(
            stderr,
            "cognito-csv-validator: error: cannot read <stdin>: bad disk\n"
        );
    }
}
