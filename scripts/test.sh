#!/usr/bin/env bash
# Every test of the project: `npm test` runs this, and so does CI. It
# installs what it needs once (see scripts/tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
ensure_rust_tools
ensure_wasm_bindgen
ensure_debian_packages
ensure_node_modules

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy (native, all targets)"
cargo clippy --all-targets --locked -- -D warnings
echo "== cargo clippy (wasm32: the library, the browser tests)"
cargo clippy --lib --locked --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown --test wasm_page --test wasm_worker -- -D warnings
echo "== cargo doc (no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked --quiet
echo "== cargo test"
cargo test --locked
echo "== wasm-bindgen-test in headless Chromium: a page, a dedicated worker"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/wasm/webdriver.json \
  cargo test --locked --target wasm32-unknown-unknown --test wasm_page --test wasm_worker
echo "== the npm package (into pkg/) and the page (into dist/)"
bash scripts/build-page.sh
echo "== node --test (the package: fixtures, command line, types, tarball, browser; the page; the benchmark baselines)"
node --test tests/node/
echo "== the run left the lock file as committed"
# npm install writes package-lock.json as this registry serves it; a change
# here means the committed one is stale (commit it as npm wrote it).
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- package-lock.json; then
  git --no-pager diff --stat -- package-lock.json
  echo "package-lock.json changed: commit it as npm wrote it" >&2
  exit 1
fi
