#!/usr/bin/env bash
# Generates the standard benchmark files (once) and measures them: the
# native engine against a bare csv-core count, then the npm package's
# WebAssembly build in Node and in a Chromium worker against the native
# engine, then the page (dist/) end to end in headless Chromium; then fix
# against validation, natively, in Node and in the page.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
. scripts/bench-files.sh
ensure_debian_packages
cargo build --release --locked --examples
bash scripts/build-package.sh
make_bench_files users-10mb.csv users-50mb.csv users-100mb.csv users-100mb-valid.csv users-100mb-all-failing.csv \
  list-users-500k.json
echo "== the native engine against csv-core (bench/main.rs)"
target/release/examples/bench bench/out/users-10mb.csv bench/out/users-50mb.csv bench/out/users-100mb.csv \
  bench/out/users-100mb-valid.csv bench/out/users-100mb-all-failing.csv
echo
echo "== the WebAssembly build against the native engine (bench/wasm.mjs)"
node bench/wasm.mjs bench/out/users-100mb.csv bench/out/users-100mb-valid.csv bench/out/users-100mb-all-failing.csv
bash scripts/build-page.sh
echo
echo "== the page end to end in headless Chromium (bench/page.mjs)"
node bench/page.mjs bench/out/users-100mb.csv bench/out/users-100mb-valid.csv bench/out/users-100mb-all-failing.csv
echo
echo "== fix against validation: native (bench/fix.rs), the package in Node (bench/fix.mjs), the page (bench/fix-page.mjs)"
target/release/examples/bench-fix bench/out/users-100mb.csv bench/out/users-100mb-valid.csv bench/out/users-100mb-all-failing.csv \
  bench/out/list-users-500k.json --tools tests/fixtures/tools
node bench/fix.mjs bench/out/users-100mb.csv bench/out/users-100mb-valid.csv bench/out/users-100mb-all-failing.csv
node bench/fix-page.mjs bench/out/users-100mb.csv bench/out/users-100mb-valid.csv bench/out/users-100mb-all-failing.csv
