#!/usr/bin/env bash
# Every test of the project: `npm test` runs this, and so does CI.
set -euo pipefail
cd "$(dirname "$0")/.."

# The engine must also build for the browser; the target installs once.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy (native, all targets)"
cargo clippy --all-targets --locked -- -D warnings
echo "== cargo clippy (wasm32, the library with and without its JSON parser)"
cargo clippy --lib --locked --target wasm32-unknown-unknown -- -D warnings
cargo clippy --lib --locked --target wasm32-unknown-unknown --no-default-features -- -D warnings
echo "== cargo doc (no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked --quiet
echo "== cargo test"
cargo test --locked
