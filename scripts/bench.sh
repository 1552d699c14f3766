#!/usr/bin/env bash
# Generates the standard benchmark files (once) and measures them: the
# native engine against a bare csv-core count, then the npm package's
# WebAssembly build in Node and in a Chromium worker against the native
# engine, then the page (dist/) end to end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
ensure_debian_packages
cargo build --release --locked --examples
bash scripts/build-package.sh
mkdir -p bench/out
make() { # name users bytes errors
  [ -f "bench/out/$1" ] || target/release/examples/generate --users "$2" --bytes "$3" --errors "$4" "bench/out/$1"
}
make users-10mb.csv 50000 9999000 0.10
make users-50mb.csv 250000 49999000 0.10
make users-100mb.csv 500000 99999000 0.10
make users-100mb-valid.csv 500000 99999000 0
make users-100mb-all-failing.csv 500000 99999000 1
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
