//! Predicts, line by line, what an Amazon Cognito user import job will do
//! with a CSV file, before it is uploaded.
//!
//! The engine is pure: bytes in ([`Validator::push`], [`Validator::finish`]),
//! findings out ([`Validator::take_findings`], [`Report`]). It knows nothing of
//! files, terminals or browsers; the command line and the WebAssembly
//! bindings are thin layers over it.
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

pub mod checks;
pub mod cli;
mod engine;
pub mod format;
pub mod pool;
mod report;
pub mod rules;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{limits, Progress, Validator};
pub use pool::{Overrides, Pool, PoolError, PoolSources};
pub use report::{
    is_blank_line, CodeCounts, FileSummary, Finding, JobOutcome, LineStatus, Outcome, Report, NOTES,
};
pub use rules::{Code, Effect, Rule, Severity, RULES};
