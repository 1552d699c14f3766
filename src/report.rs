//! What a validation produces: findings, and the report that sums them up.

use crate::pool::Pool;
use crate::rules::{Code, Effect, Severity, RULES, RULE_COUNT};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// One problem found, on a line of the file or in the pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The 1-based physical line (the header is line 1), or `None` for a
    /// finding about the pool or the file as a whole.
    pub line: Option<u64>,
    /// The header name of the column the finding is about, if any.
    pub column: Option<String>,
    /// The rule.
    pub code: Code,
    /// What is wrong, where, and how to fix it.
    pub message: String,
    /// The offending value (trimmed, shortened), when there is one to show.
    pub value: Option<String>,
}

impl Finding {
    /// The finding's severity, from the rule table.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Finding", 6)?;
        state.serialize_field("line", &self.line)?;
        state.serialize_field("column", &self.column)?;
        state.serialize_field("code", &self.code)?;
        state.serialize_field("severity", &self.severity())?;
        state.serialize_field("message", &self.message)?;
        state.serialize_field("value", &self.value)?;
        state.end()
    }
}

/// The predicted status of one data line, as Cognito's log would give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineStatus {
    /// `[SUCCEEDED] Line Number N - The import succeeded.`
    Imported,
    /// `[FAILED] Line Number N - <reason>`
    Failed,
    /// `[SKIPPED] Line Number N - The user already exists.`
    Skipped,
}

impl LineStatus {
    /// The status of a data line from all of its findings: failed on any
    /// error but `username.duplicate`, skipped on that one alone, imported
    /// otherwise. (A blank line has no status: see [`is_blank_line`].)
    pub fn of(findings: &[Finding]) -> LineStatus {
        let mut status = LineStatus::Imported;
        for finding in findings {
            match finding.code.rule().effect {
                Effect::FailsLine | Effect::FailsJob => return LineStatus::Failed,
                Effect::SkipsLine => status = LineStatus::Skipped,
                Effect::None => {}
            }
        }
        status
    }
}

/// Whether a line's findings say it is blank (no user, no status).
pub fn is_blank_line(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| finding.code == Code::LineBlank)
}

/// Whether the job runs or fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobOutcome {
    /// The job runs to its end (some lines may still fail or be skipped).
    Succeeds,
    /// A job-level error: the job fails or never starts; nobody is imported.
    Fails,
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
}

/// What was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    /// Bytes read.
    pub bytes: u64,
    /// Physical lines, header and blank lines included.
    pub lines: u64,
    /// The line the header was read from (1 unless lines before it are
    /// blank), or `None` when the file has none.
    pub header_line: Option<u64>,
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

/// The result of validating one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The pool the file was checked against.
    pub pool: Pool,
    /// What was read.
    pub file: FileSummary,
    /// The predicted outcome.
    pub outcome: Outcome,
    /// Findings counted by code (all findings, drained or not).
    pub counts_by_code: CodeCounts,
    /// The findings not already taken with
    /// [`Validator::take_findings`](crate::Validator::take_findings), in
    /// order: pool findings, then by line, then findings about the whole file.
    pub findings: Vec<Finding>,
    /// What the prediction cannot know.
    pub notes: Vec<&'static str>,
}
