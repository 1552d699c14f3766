//! The JSON form: the report, findings first so that they can stream, in
//! one key order wherever it is written (natively, in WebAssembly).

use crate::finding::Finding;
use crate::pool::Pool;
use crate::report::{CodeCounts, FileSummary, Outcome, Report};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// A finding as the JSON report shows it: its data and its message.
pub struct FindingJson<'a>(pub &'a Finding);

impl Serialize for FindingJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let finding = self.0;
        let mut state = serializer.serialize_struct("Finding", 7)?;
        state.serialize_field("line", &finding.line)?;
        state.serialize_field("column", &finding.column)?;
        state.serialize_field("code", &finding.code)?;
        state.serialize_field("severity", &finding.severity())?;
        state.serialize_field("message", &finding.message())?;
        state.serialize_field("value", &finding.value)?;
        state.serialize_field("suggested", &finding.suggested)?;
        state.end()
    }
}

/// The report without its findings, in the JSON report's key order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportJson<'a> {
    /// The pool.
    pub pool: &'a Pool,
    /// What was read.
    pub file: &'a FileSummary,
    /// The predicted outcome.
    pub outcome: &'a Outcome,
    /// Findings counted by code.
    pub counts_by_code: &'a CodeCounts,
    /// What the prediction cannot know.
    pub notes: &'a [&'static str],
}

impl<'a> ReportJson<'a> {
    /// The parts of `report` besides its findings.
    pub fn of(report: &'a Report) -> ReportJson<'a> {
        ReportJson {
            pool: &report.pool,
            file: &report.file,
            outcome: &report.outcome,
            counts_by_code: &report.counts_by_code,
            notes: &report.notes,
        }
    }
}

/// Writes the findings of a JSON report as they come, then the rest.
#[derive(Debug, Default)]
pub struct JsonWriter {
    /// A finding was written already: a comma goes before the next.
    started: bool,
}

impl JsonWriter {
    /// What goes before the first finding.
    pub const START: &'static str = "{\"findings\":[";

    /// Writes findings.
    pub fn findings(&mut self, findings: &[Finding], out: &mut String) {
        for finding in findings {
            if self.started {
                out.push(',');
            }
            self.started = true;
            out.push_str(
                &serde_json::to_string(&FindingJson(finding)).expect("findings serialize"),
            );
        }
    }

    /// Writes the last findings and the rest of the report.
    pub fn finish(mut self, report: &Report, out: &mut String) {
        self.findings(&report.findings, out);
        let rest = serde_json::to_string(&ReportJson::of(report)).expect("reports serialize");
        out.push_str("],");
        out.push_str(&rest[1..]);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Pool, Validator};

    #[test]
    fn findings_come_first_then_the_report_in_one_key_order() {
        let mut validator = Validator::new(Pool::default());
        validator.push(b"cognito:username,email\nbob,bob@\n");
        let mut writer = JsonWriter::default();
        let mut out = JsonWriter::START.to_owned();
        writer.findings(&validator.take().findings, &mut out);
        writer.finish(&validator.finish(), &mut out);
        let keys: Vec<String> =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&out)
                .unwrap()
                .keys()
                .cloned()
                .collect();
        // serde_json's map sorts keys: the order is read from the text.
        let mut at: Vec<(usize, &str)> = [
            "findings",
            "pool",
            "file",
            "outcome",
            "countsByCode",
            "notes",
        ]
        .into_iter()
        .map(|key| (out.find(&format!("\"{key}\":")).unwrap(), key))
        .collect();
        at.sort();
        let order: Vec<&str> = at.into_iter().map(|(_, key)| key).collect();
        assert_eq!(
            order,
            [
                "findings",
                "pool",
                "file",
                "outcome",
                "countsByCode",
                "notes"
            ]
        );
        assert_eq!(keys.len(), 6);
        assert!(
            out.contains("\"message\":\"the header has no column"),
            "{out}"
        );
        assert!(out.ends_with("}\n"));
    }
}
