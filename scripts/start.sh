#!/usr/bin/env bash
# Builds the validator and runs it on the AWS template example.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
echo "== target/release/cognito-csv-validator tests/aws-template-example.csv"
status=0
target/release/cognito-csv-validator tests/aws-template-example.csv || status=$?
echo
echo "Exit status $status. Check your own file with:"
echo "  target/release/cognito-csv-validator [--pool describe-user-pool.json] users.csv"
