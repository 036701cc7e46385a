#!/usr/bin/env bash
# Regenerate both client SDKs from openapi/v1.json (no hand edits to what this writes):
#   clients/python      openapi-python-client 0.29.1 (its own venv under .venv/tools/sdk),
#                       which replaces the whole directory; then the hand-written modules
#                       of clients/python-extra/ (retries, batch upload) are copied in and
#                       its README.md appended, so they survive every regeneration
#   clients/typescript  src/schema.ts by openapi-typescript 7.13, compiled with tsc 5.9.3
#                       (src/index.ts is hand-written and never touched here)
# Usage: scripts/sdk.sh [OUT_DIR]   (default: clients/; tests regenerate into a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-clients}
tools=.venv/tools/sdk
if [ ! -x "$tools/bin/openapi-python-client" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check openapi-python-client==0.29.1
fi
mkdir -p "$out"
"$tools/bin/openapi-python-client" generate --path openapi/v1.json \
  --config clients/python-config.yaml --output-path "$out/python" --meta setup --overwrite \
  >/dev/null
extra=clients/python-extra
cp -R "$extra/batna_client/." "$out/python/batna_client/"
{ echo; cat "$extra/README.md"; } >>"$out/python/README.md"

ts=clients/typescript
if [ ! -d "$ts/node_modules" ]; then
  (cd "$ts" && npm ci --no-audit --no-fund --silent)
fi
mkdir -p "$out/typescript/src"
"$ts/node_modules/.bin/openapi-typescript" openapi/v1.json -o "$out/typescript/src/schema.ts" \
  --default-non-nullable false --silent
if [ "$out" = clients ]; then
  (cd "$ts" && node_modules/.bin/tsc -p tsconfig.json)
fi
