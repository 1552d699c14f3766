//! Files checked as one migration: the import jobs of several files, run one
//! after another into one pool. A user imported by an earlier file's job is
//! in the pool when a later job runs, so a later line with that username is
//! skipped, and one with that alias fails. Each file gets its report; the
//! migration sums them up.

use crate::engine::limits;
use crate::engine::unique::EarlierImports;
use crate::engine::Validator;
use crate::existing::ExistingUsers;
use crate::pool::Pool;
use crate::report::{JobOutcome, Outcome, Report};
use serde::Serialize;
use std::sync::Arc;

/// The files of a migration, checked in the order their jobs run.
///
/// ```
/// use cognito_csv_validator::engine::migration::Migration;
/// use cognito_csv_validator::Pool;
/// let header = Pool::default().header.join(",");
/// let mut migration = Migration::new(Pool::default(), None);
/// for file in ["ann", "ann"] {
///     let mut validator = migration.next_file();
///     let line = format!("{file},,,,,,,,,,{file}@example.com,true,,,,,,,,,false");
///     validator.push(format!("{header}\n{line}\n").as_bytes());
///     migration.finish_file(validator);
/// }
/// let summary = migration.summary();
/// assert_eq!((summary.imported, summary.skipped), (1, 1));
/// ```
pub struct Migration {
    pool: Pool,
    existing: Option<Arc<ExistingUsers>>,
    earlier: Arc<EarlierImports>,
    summary: MigrationSummary,
}

/// A migration's files summed up (serialised with the JSON report's
/// camelCase names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrationSummary {
    /// Files checked.
    pub files: u32,
    /// Each file's outcome, in order.
    pub outcomes: Vec<Outcome>,
    /// Users in them.
    pub users: u64,
    /// Users the jobs would import.
    pub imported: u64,
    /// Users that would fail.
    pub failed: u64,
    /// Users that would be skipped.
    pub skipped: u64,
    /// The files (from 1) whose job would fail: none of their users is
    /// imported, and later files do not find them in the pool.
    pub failing_jobs: Vec<u32>,
    /// The files over Cognito's limits (100 MB, 500,000 users), each with
    /// how many files of Cognito's size `fix` would make of it.
    pub over_limits: Vec<OverLimits>,
}

/// A file of a migration over Cognito's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct OverLimits {
    /// The file, from 1.
    pub file: u32,
    /// Files of at most 500,000 users and 100 MB that `fix` would make.
    pub parts: u64,
}

impl Migration {
    /// A migration into `pool`, which has the `existing` users when given.
    pub fn new(pool: Pool, existing: Option<Arc<ExistingUsers>>) -> Migration {
        Migration {
            pool,
            existing,
            earlier: Arc::default(),
            summary: MigrationSummary::default(),
        }
    }

    /// A validator for the next file.
    pub fn next_file(&self) -> Validator {
        Validator::after(
            self.pool.clone(),
            self.existing.clone(),
            Some(self.earlier.clone()),
        )
    }

    /// Finishes the next file's validator (from [`next_file`]) and returns
    /// its report; the users its job imports are in the pool for the files
    /// after it.
    ///
    /// [`next_file`]: Migration::next_file
    pub fn finish_file(&mut self, validator: Validator) -> Report {
        let (report, imported) = validator.finish_keeping_sets();
        let summary = &mut self.summary;
        summary.files += 1;
        let file = summary.files;
        let outcome = &report.outcome;
        summary.outcomes.push(*outcome);
        summary.users += outcome.users;
        if outcome.job == JobOutcome::Fails {
            summary.failing_jobs.push(file);
            summary.failed += outcome.users;
        } else {
            summary.imported += outcome.imported;
            summary.failed += outcome.failed;
            summary.skipped += outcome.skipped;
            // Validators of earlier files have finished: the set is ours
            // alone, and grows in place.
            Arc::make_mut(&mut self.earlier).add(file, imported);
        }
        let parts = outcome
            .users
            .div_ceil(limits::USERS)
            .max(report.file.bytes.div_ceil(limits::FILE_BYTES));
        if parts > 1 {
            summary.over_limits.push(OverLimits { file, parts });
        }
        report
    }

    /// The files so far, summed up.
    pub fn summary(&self) -> &MigrationSummary {
        &self.summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Code;
    use crate::Detail;

    /// A file of the default pool's header and these users, each
    /// `username,email` (the default pool auto-verifies email: a user
    /// without one fails).
    fn file(users: &[(&str, &str)]) -> Vec<u8> {
        let pool = Pool::default();
        let mut text = pool.header.join(",") + "\n";
        for (username, email) in users {
            let verified = if email.is_empty() { "false" } else { "true" };
            text += &format!("{username},,,,,,,,,,{email},{verified},,,,,,,,,false\n");
        }
        text.into_bytes()
    }

    fn check(migration: &mut Migration, bytes: &[u8]) -> Report {
        let mut validator = migration.next_file();
        validator.push(bytes);
        migration.finish_file(validator)
    }

    #[test]
    fn a_user_imported_by_an_earlier_job_is_skipped_later() {
        let mut migration = Migration::new(Pool::default(), None);
        let first = check(
            &mut migration,
            &file(&[("ann", "ann@example.com"), ("bo", "bo@")]),
        );
        assert_eq!((first.outcome.imported, first.outcome.failed), (1, 1));
        let second = check(
            &mut migration,
            &file(&[
                ("ANN", "ann2@example.com"),
                ("bo", "bo@example.com"),
                ("cy", "cy@example.com"),
            ]),
        );
        // ann was imported by file 1 (usernames compare without case here);
        // bo failed there, so bo is new here.
        assert_eq!((second.outcome.imported, second.outcome.skipped), (2, 1));
        assert_eq!(second.findings[0].code, Code::UsernameDuplicate);
        assert_eq!(
            second.findings[0].detail,
            Detail::Earlier {
                file: 1,
                line: 2,
                fold_case: true,
                line_fails: false
            }
        );
        assert!(second.findings[0]
            .message()
            .contains("line 2 of file 1, whose job imports that user"));
        let summary = migration.summary();
        assert_eq!(
            (
                summary.files,
                summary.users,
                summary.imported,
                summary.failed,
                summary.skipped
            ),
            (2, 5, 3, 1, 1)
        );
    }

    #[test]
    fn a_failed_job_imports_nobody_for_later_files() {
        let mut migration = Migration::new(Pool::default(), None);
        // A header without cognito:username fails the whole job.
        let failing = check(&mut migration, b"email\nann@example.com\n");
        assert_eq!(failing.outcome.job, JobOutcome::Fails);
        let later = check(&mut migration, &file(&[("ann", "ann@example.com")]));
        assert_eq!(later.outcome.imported, 1);
        assert_eq!(migration.summary().failing_jobs, [1]);
    }

    #[test]
    fn a_file_over_the_limits_is_named_with_its_parts() {
        let mut migration = Migration::new(Pool::default(), None);
        let users: Vec<(String, String)> = (0..limits::USERS + 1)
            .map(|user| (format!("u{user}"), format!("u{user}@example.com")))
            .collect();
        let borrowed: Vec<(&str, &str)> = users
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        check(&mut migration, &file(&borrowed));
        check(&mut migration, &file(&[("ann", "ann@example.com")]));
        assert_eq!(
            migration.summary().over_limits,
            [OverLimits { file: 1, parts: 2 }]
        );
    }
}
