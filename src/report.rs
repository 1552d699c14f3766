//! What a validation produces at its end: the predicted outcome, the counts,
//! and the findings and line statuses not taken on the way.

use crate::finding::{Finding, LineStatuses};
use crate::pool::Pool;
use crate::rules::{Code, Severity, RULES, RULE_COUNT};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Whether the job runs or fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobOutcome {
    /// The job runs to its end (some lines may still fail or be skipped).
    Succeeds,
    /// A job-level error: the job fails or never starts; nobody is imported.
    Fails,
}

/// How a job that runs would most likely end, in Cognito's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// `Import Job Completed Successfully.`
    Successful,
    /// `Too many users have failed or been skipped during the import.`
    /// (the job ends `Failed`; the users it imported stay imported).
    TooManyFailed,
}

impl Completion {
    /// Cognito's sentence.
    pub fn as_str(self) -> &'static str {
        match self {
            Completion::Successful => "Import Job Completed Successfully.",
            Completion::TooManyFailed => {
                "Too many users have failed or been skipped during the import."
            }
        }
    }
}

impl Serialize for Completion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The predicted outcome of the import job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Whether the job runs or fails.
    pub job: JobOutcome,
    /// Data lines that are not blank.
    pub users: u64,
    /// Users that would be imported.
    pub imported: u64,
    /// Users that would fail (all of them when the job fails).
    pub failed: u64,
    /// Users that would be skipped as already existing.
    pub skipped: u64,
    /// How a job that runs would most likely end (`None` when it fails).
    pub completion: Option<Completion>,
}

/// What was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    /// Bytes read.
    pub bytes: u64,
    /// Physical lines, header and blank lines included.
    pub lines: u64,
    /// The line the header was read from (1 unless lines before it are
    /// blank), or `None` when the file has none.
    pub header_line: Option<u64>,
    /// The header's column names as read (trimmed, without their quotes),
    /// in the file's order: the line as one name when it is separated by
    /// another character than commas; `None` when the file has no header,
    /// or one that is no names (JSON, not text, too long).
    pub header: Option<Vec<Arc<str>>>,
}

/// Findings counted by rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeCounts(pub(crate) [u64; RULE_COUNT]);

impl CodeCounts {
    /// How many findings of this code there are.
    pub fn get(&self, code: Code) -> u64 {
        self.0[code as usize]
    }

    /// The codes with at least one finding, with their counts, in the
    /// order of the rule table.
    pub fn iter(&self) -> impl Iterator<Item = (Code, u64)> + '_ {
        RULES
            .iter()
            .map(|rule| (rule.code, self.0[rule.code as usize]))
            .filter(|&(_, count)| count > 0)
    }

    /// Counts of error findings and of warnings.
    pub fn by_severity(&self) -> (u64, u64) {
        self.iter()
            .fold((0, 0), |(errors, warnings), (code, count)| {
                match code.severity() {
                    Severity::Error => (errors + count, warnings),
                    Severity::Warning => (errors, warnings + count),
                }
            })
    }
}

impl Serialize for CodeCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sorted: BTreeMap<&str, u64> = self
            .iter()
            .map(|(code, count)| (code.as_str(), count))
            .collect();
        sorted.serialize(serializer)
    }
}

/// Sentences every report carries: what can't be predicted offline.
pub const NOTES: [&str; 1] = [
    "Users that already exist in the user pool are skipped by Cognito \
     (\"The user already exists.\"); that cannot be predicted without the pool's users.",
];

/// The result of validating one file. Its JSON form is written by
/// [`output::json`](crate::output::json).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The pool the file was checked against.
    pub pool: Pool,
    /// What was read.
    pub file: FileSummary,
    /// The predicted outcome.
    pub outcome: Outcome,
    /// Findings counted by code (all findings, taken or not).
    pub counts_by_code: CodeCounts,
    /// The findings not already taken with
    /// [`Validator::take`](crate::Validator::take), in order: pool findings,
    /// then by line, then findings about the whole file.
    pub findings: Vec<Finding>,
    /// The statuses of the lines not already taken.
    pub statuses: LineStatuses,
    /// What the prediction cannot know.
    pub notes: Vec<&'static str>,
}
