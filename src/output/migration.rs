//! The summary of files checked as one migration
//! ([`Migration`](crate::engine::migration::Migration)), after their
//! reports: in words for the text form, as an object for the JSON form.

use crate::engine::migration::MigrationSummary;
use crate::report::JobOutcome;
use serde_json::json;

/// The summary in words, `names` being the files' in the order checked.
pub fn text(summary: &MigrationSummary, names: &[String]) -> String {
    let name = |file: u32| names.get(file as usize - 1).map_or("?", String::as_str);
    let mut out = format!(
        "Migration of {} files, their jobs run in this order: {} users; {} imported, {} failed, {} skipped\n",
        summary.files, summary.users, summary.imported, summary.failed, summary.skipped
    );
    for (index, outcome) in summary.outcomes.iter().enumerate() {
        let verdict = match outcome.job {
            JobOutcome::Fails => "the job FAILS".to_owned(),
            JobOutcome::Succeeds => format!(
                "{} imported, {} failed, {} skipped",
                outcome.imported, outcome.failed, outcome.skipped
            ),
        };
        out.push_str(&format!(
            "  file {}, {}: {verdict}\n",
            index + 1,
            name(index as u32 + 1)
        ));
    }
    for &file in &summary.failing_jobs {
        out.push_str(&format!(
            "  file {file}, {}: its job FAILS, so none of its users is imported, nor in the pool for the files after it\n",
            name(file)
        ));
    }
    for over in &summary.over_limits {
        out.push_str(&format!(
            "  file {}, {}: over Cognito's limits (100 MB, 500,000 users): `cognito-csv-validator fix` would make {} files of it\n",
            over.file,
            name(over.file),
            over.parts
        ));
    }
    out
}

/// The summary as the JSON form's `migration` object.
pub fn json(summary: &MigrationSummary, names: &[String]) -> serde_json::Value {
    let name = |file: u32| names.get(file as usize - 1).cloned().unwrap_or_default();
    json!({
        "files": summary.files,
        "users": summary.users,
        "imported": summary.imported,
        "failed": summary.failed,
        "skipped": summary.skipped,
        "failingJobs": summary.failing_jobs.iter().map(|&file| json!({"file": file, "name": name(file)})).collect::<Vec<_>>(),
        "overLimits": summary.over_limits.iter().map(|over| json!({"file": over.file, "name": name(over.file), "parts": over.parts})).collect::<Vec<_>>(),
    })
}
