#!/usr/bin/env bash
# Builds the page into dist/: the npm package (scripts/build-package.sh),
# then www/ with the package's browser files in dist/pkg/. dist/ is the
# whole site: any static file server can serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-package.sh
rm -rf dist
mkdir -p dist/pkg
cp www/* dist/
cp -r pkg/index.js pkg/api.js pkg/parts.js pkg/part-worker.js pkg/wasm dist/pkg/
echo "== the page is in dist/ ($(du -sh dist | cut -f1))"
