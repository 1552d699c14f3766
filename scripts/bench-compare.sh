#!/usr/bin/env bash
# `npm run bench:compare`: this project (the page, the native command line,
# the npm bin) side by side with a Papa Parse validator in a browser worker
# and a Python csv script, on the standard files (bench/compare.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
. scripts/bench-files.sh
ensure_debian_packages /usr/bin/time:time
ensure_node_modules
make_bench_files
cargo build --release --locked --bin cognito-csv-validator
bash scripts/build-page.sh
node bench/compare.mjs "$@"
