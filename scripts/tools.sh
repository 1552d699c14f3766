# Installs, once, what the builds and tests need beyond Rust and Node.
# Sourced by the other scripts; each function is quick when the tool is there.

ensure_rust_tools() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed | grep -q '^clippy' || rustup component add clippy
}

# wasm-bindgen's command line must be the exact version of the crate in
# Cargo.lock (Cargo.toml pins it with `=`).
ensure_wasm_bindgen() {
  local version
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
    echo "== installing wasm-bindgen-cli $version (a few minutes, once)"
    # Not --locked: one of its locked dependencies is missing from the registry.
    cargo install wasm-bindgen-cli --version "$version"
  fi
}

# Debian packages: headless Chromium with its driver (browser tests and
# benchmarks), Firefox ESR (the page's tests in Firefox) and Python 3 (the
# benchmark's Python baseline, which the tests compare with this project).
# Arguments add others, as `command:package` (scripts/bench-compare.sh adds
# GNU time).
ensure_debian_packages() {
  local missing=() extra
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v python3 >/dev/null || missing+=(python3)
  for extra in "$@"; do
    command -v "${extra%%:*}" >/dev/null || missing+=("${extra#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]} (apt, once)"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
  fi
}

# The workspace's npm packages (binaryen's wasm-opt, TypeScript,
# playwright-core, Vite), from the lock file.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # `npm install` installs from the lock file, which is committed as npm
    # writes it (rollup's optional per-platform packages included), so that
    # it leaves the file as it is; scripts/test.sh checks that it did.
    echo "== npm install"
    npm install --no-audit --no-fund
  fi
}
