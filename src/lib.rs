//! Predicts, line by line, what an Amazon Cognito user import job will do
//! with a CSV file, before it is uploaded.
//!
//! The engine is pure: bytes in ([`Validator::push`], [`Validator::finish`]),
//! findings and line statuses out ([`Validator::take`], [`Report`]). It
//! knows nothing of files, terminals or browsers; the command line
//! ([`cli`]) and the WebAssembly bindings are thin layers over it.
//!
//! ```
//! use cognito_csv_validator::{Pool, Validator};
//! let mut validator = Validator::new(Pool::default());
//! for chunk in std::fs::read("tests/aws-template-example.csv").unwrap().chunks(7) {
//!     validator.push(chunk);
//! }
//! let report = validator.finish();
//! assert_eq!(report.outcome.imported, 2);
//! assert!(report.findings.is_empty());
//! ```
//!
//! Where things are: the rule table in [`rules`], each rule's message in
//! `messages.rs`, a finding's data in [`finding`], the engine's parts under
//! [`engine`], the value checks in [`checks`], the pool in [`pool`], the
//! report's forms in [`output`].

pub mod checks;
pub mod cli;
pub mod engine;
pub mod existing;
pub mod finding;
pub mod fix;
mod messages;
pub mod output;
pub mod pool;
mod report;
pub mod rules;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{limits, split, Batch, Progress, Validator};
pub use finding::{Detail, Finding, LineStatus, LineStatuses};
pub use pool::{Overrides, Pool, PoolError, PoolSources};
pub use report::{CodeCounts, FileSummary, JobOutcome, Outcome, Report, NOTES};
pub use rules::{Code, Effect, Rule, Severity, RULES};
