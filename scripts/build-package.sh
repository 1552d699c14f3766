#!/usr/bin/env bash
# Builds the npm package into pkg/: the engine compiled to WebAssembly,
# wasm-bindgen's glue, wasm-opt, then the package's JavaScript and types.
# `npm pack pkg` makes the tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
ensure_rust_tools
ensure_wasm_bindgen
ensure_node_modules

cargo build --release --locked --lib --target wasm32-unknown-unknown
rm -rf pkg
mkdir -p pkg/wasm
wasm-bindgen --target web --no-typescript --out-dir pkg/wasm \
  target/wasm32-unknown-unknown/release/cognito_csv_validator.wasm
# wasm-opt from the npm package binaryen: Debian's binaryen 108 reads the
# externref table wasm-bindgen makes as an anyref one, and the module then
# fails to load ("function-typed object must be null"). -ocimfs 200: a
# function called from one place is inlined only if small; inlining every
# such one (the default) made the engine's line loop ~10% slower in V8
# (docs/benchmarks.md, "The build's choices").
node_modules/.bin/wasm-opt -O3 -ocimfs 200 --strip-debug --strip-producers \
  --enable-bulk-memory --enable-reference-types --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals --enable-multivalue --enable-simd \
  pkg/wasm/cognito_csv_validator_bg.wasm -o pkg/wasm/cognito_csv_validator_bg.wasm
cp src/npm/*.js src/npm/index.d.ts src/npm/README.md src/npm/package.json LICENSE pkg/
chmod +x pkg/cli.js
node scripts/finish-package.mjs
