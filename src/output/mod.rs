//! The report's forms: compiler-style text, CSV rows, the JSON report, and
//! the log Cognito would write to CloudWatch. Each is written from the
//! engine's batches as they come, so that nothing holds them all; each
//! renders a finding's message when it writes it.

pub mod cloudwatch;
pub mod csv;
pub mod json;
pub mod migration;
pub mod text;

use crate::engine::Batch;
use crate::report::{JobOutcome, Report};
use cloudwatch::CloudWatchLog;
use csv::{CsvOptions, CsvWriter};
use json::JsonWriter;

/// The forms a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Compiler-style lines, then a summary.
    Text,
    /// The report as JSON, findings first.
    Json,
    /// One CSV row per finding, under [`csv::HEADER`].
    Csv,
    /// The log Cognito would write to CloudWatch.
    CloudWatch,
}

impl ReportFormat {
    /// Every form, in the order the help lists them.
    pub const ALL: [ReportFormat; 4] = [
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Csv,
        ReportFormat::CloudWatch,
    ];

    /// The form for its name on the command line: `text`, `json`, `csv`,
    /// `cloudwatch`.
    pub fn parse(name: &str) -> Option<ReportFormat> {
        Self::ALL.into_iter().find(|format| format.as_str() == name)
    }

    /// The form's name, as [`ReportFormat::parse`] reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::CloudWatch => "cloudwatch",
        }
    }
}

/// Writes a report in one of its forms as the engine's batches come:
/// [`start`](ReportWriter::start), [`write`](ReportWriter::write) for each
/// batch, then [`finish`](ReportWriter::finish) with the report.
///
/// ```
/// use cognito_csv_validator::output::{ReportFormat, ReportWriter};
/// use cognito_csv_validator::{Pool, Validator};
/// let mut validator = Validator::new(Pool::default());
/// validator.push(b"cognito:username,email\nbob,bob@\n");
/// let mut writer = ReportWriter::new(ReportFormat::Csv, "users.csv".into(), false);
/// let mut out = writer.start();
/// writer.write(&validator.take(), &mut out);
/// writer.finish(&validator.finish(), &mut out);
/// assert!(out.starts_with("line,column,code,"));
/// ```
#[derive(Debug)]
pub struct ReportWriter {
    format: ReportFormat,
    /// The file's name, as the text form shows it.
    name: String,
    log: CloudWatchLog,
    json: JsonWriter,
    csv: CsvWriter,
    /// Whether any finding was written (the text summary then stands apart).
    findings_written: bool,
    /// CloudWatch entries held until the job's fate is known (for input
    /// that can't be read twice).
    held: Option<String>,
}

impl ReportWriter {
    /// A writer of `format` for the file `name`. With `hold_log`, the
    /// CloudWatch form holds its per-line entries until
    /// [`finish`](ReportWriter::finish) and drops them if the job fails
    /// (see [`CloudWatchLog`]); without it, the caller has learned the
    /// outcome from a first reading.
    pub fn new(format: ReportFormat, name: String, hold_log: bool) -> ReportWriter {
        ReportWriter {
            format,
            name,
            log: CloudWatchLog::default(),
            json: JsonWriter::default(),
            csv: CsvWriter::default(),
            findings_written: false,
            held: (format == ReportFormat::CloudWatch && hold_log).then(String::new),
        }
    }

    /// The CSV form with `options` (the page's: values hidden, the rows a
    /// filter shows, a byte order mark); the other forms have none.
    pub fn with_csv_options(mut self, options: CsvOptions) -> ReportWriter {
        self.csv = CsvWriter::new(options);
        self
    }

    /// What goes before the first finding.
    pub fn start(&self) -> String {
        match self.format {
            ReportFormat::Json => JsonWriter::START.to_owned(),
            ReportFormat::Csv => self.csv.start(),
            ReportFormat::Text | ReportFormat::CloudWatch => String::new(),
        }
    }

    /// Writes a batch.
    pub fn write(&mut self, batch: &Batch, out: &mut String) {
        let before = out.len();
        match self.format {
            ReportFormat::Text => {
                for finding in &batch.findings {
                    out.push_str(&text::line(&self.name, finding));
                    out.push('\n');
                }
            }
            ReportFormat::Csv => self.csv.findings(batch, out),
            ReportFormat::Json => self.json.findings(&batch.findings, out),
            ReportFormat::CloudWatch => match &mut self.held {
                Some(held) => self.log.write(batch, held),
                None => self.log.write(batch, out),
            },
        }
        self.findings_written |= out.len() > before;
    }

    /// Writes what the report holds (the findings and statuses not written
    /// yet) and the end: the text summary, the rest of the JSON report, or
    /// the end of the log.
    pub fn finish(mut self, report: &Report, out: &mut String) {
        let last = || Batch {
            findings: report.findings.clone(),
            statuses: report.statuses.clone(),
        };
        match self.format {
            ReportFormat::CloudWatch => {
                // A failed job's log is its errors alone: held entries go.
                if let Some(held) = self.held.take() {
                    if report.outcome.job == JobOutcome::Succeeds {
                        out.push_str(&held);
                    }
                }
                self.log.finish(report, out);
            }
            ReportFormat::Json => self.json.finish(report, out),
            ReportFormat::Text => {
                self.write(&last(), out);
                if self.findings_written {
                    out.push('\n');
                }
                out.push_str(&text::summary(&self.name, report));
            }
            ReportFormat::Csv => self.write(&last(), out),
        }
    }
}
