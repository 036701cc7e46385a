#!/usr/bin/env bash
# Lint an OpenAPI document with Spectral: spectral:oas plus the OWASP API Security ruleset,
# configured by .spectral.yaml beside this script. Both are pinned by package-lock.json and
# installed here with `npm ci` from the npm registry on first use (and again when the lock
# changes). Fails on any error; warnings are not printed (run spectral by hand to see them).
# Usage: scripts/spectral/lint.sh [DOCUMENT]   (default: openapi/v1.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
document=$(realpath "${1:-$root/openapi/v1.json}")
cd "$root/scripts/spectral"
if [ ! -x node_modules/.bin/spectral ] || [ package-lock.json -nt node_modules/.installed ]; then
  # --ignore-scripts: nothing here needs an install script (one dependency's only phones home).
  npm ci --no-audit --no-fund --silent --ignore-scripts
  touch node_modules/.installed
fi
exec node_modules/.bin/spectral lint "$document" --ruleset .spectral.yaml \
  --fail-severity error --display-only-failures
