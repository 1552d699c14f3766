#!/usr/bin/env bash
# `npm start`: builds the page (and the package under it) and serves it on
# localhost. PORT=8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-page.sh
exec node scripts/serve.mjs dist "${PORT:-8080}"
