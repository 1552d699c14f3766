//! What can go wrong reading a pool input.

/// Which of the two pool inputs a [`PoolError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolInput {
    /// The `describe-user-pool` output.
    DescribeUserPool,
    /// The `get-csv-header` output.
    GetCsvHeader,
}

impl PoolInput {
    /// The AWS command whose output this input is.
    pub fn command(self) -> &'static str {
        match self {
            PoolInput::DescribeUserPool => "aws cognito-idp describe-user-pool",
            PoolInput::GetCsvHeader => "aws cognito-idp get-csv-header",
        }
    }
}

/// A pool input that can't be used: which input, where in it, and what is
/// wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolError {
    /// The input the error is in.
    pub input: PoolInput,
    /// The JSON path of the offending value (`UserPool.SchemaAttributes[3].Name`),
    /// empty for the whole document.
    pub path: String,
    /// What is wrong, and how to fix it.
    pub message: String,
}

impl std::fmt::Display for PoolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for PoolError {}
