#!/usr/bin/env bash
# Measures this checkout against commit REV (the commit before a change, by
# default HEAD~1) in one run: the native engine, the npm package in Node and
# the page, on the three 100 MB benchmark files (bench/against.mjs says the
# method). REV is checked out and built in target/against/ (kept: a second
# run is quick). Extra arguments go to bench/against.mjs (--write puts the
# table into docs/benchmarks.md).
#
#   bash scripts/bench-against.sh [REV] [--write] [FILE.csv...]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
. scripts/bench-files.sh
rev=${1:-HEAD~1}
[ $# -gt 0 ] && shift
other=target/against/$(git rev-parse --short "$rev")
ensure_debian_packages
make_bench_files users-100mb.csv users-100mb-valid.csv users-100mb-all-failing.csv
if [ ! -d "$other" ]; then
  git worktree add --detach "$other" "$rev"
fi
ln -sfn "$PWD/node_modules" "$other/node_modules"
(cd "$other" && cargo build --release --locked --examples && bash scripts/build-page.sh)
cargo build --release --locked --examples
bash scripts/build-page.sh
node bench/against.mjs "$other" "$@"
