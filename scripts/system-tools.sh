#!/usr/bin/env bash
# The system tools the test suite shells out to, checked (and installed, when it can) before
# `make test` runs a single test, so a missing tool stops the run at once with the command
# that fixes it, instead of failing (or, worse, skipping) tests one by one later.
#
# As root with apt-get (Debian/Ubuntu, CI) it installs what is missing; otherwise it prints
# the exact install command and exits 1. One line per tool found, with its version.
set -euo pipefail

PYTHON=${PYTHON:-python3}
PG_BIN=/usr/lib/postgresql/15/bin

names=() packages=() checks=() versions=()
# tool NAME DEBIAN-PACKAGE HOW-TO-TELL-IT-IS-THERE HOW-TO-PRINT-ITS-VERSION
tool() { names+=("$1"); packages+=("$2"); checks+=("$3"); versions+=("$4"); }

tool wrk wrk "command -v wrk" "wrk --version 2>&1 | head -1 | cut -d' ' -f1-2"
tool chromium chromium "command -v chromium" "chromium --version 2>/dev/null"
tool node nodejs "command -v node" "node --version"
tool npm npm "command -v npm" "npm --version"
tool runuser util-linux "command -v runuser || test -x /usr/sbin/runuser" \
  "PATH=\$PATH:/usr/sbin runuser --version"
tool pg_isready postgresql-client-15 "pg_isready --version" "pg_isready --version"
tool "postgresql-15 (initdb, pg_ctl)" postgresql-15 \
  "test -x $PG_BIN/initdb -a -x $PG_BIN/pg_ctl -a -x $PG_BIN/postgres && id -u postgres" \
  "$PG_BIN/pg_ctl --version"
tool "venv ($PYTHON -m venv)" python3-venv "$PYTHON -c 'import ensurepip, venv'" "$PYTHON --version"

have() { bash -c "$1" >/dev/null 2>&1; }

missing=()
for i in "${!names[@]}"; do
  have "${checks[$i]}" || missing+=("${packages[$i]}")
done

if [ ${#missing[@]} -gt 0 ]; then
  # Unique, in order (postgresql-15 brings pg_isready too; asking for both is harmless).
  wanted=$(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++' | tr '\n' ' ')
  wanted=${wanted% }
  install="apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $wanted"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-tools: installing $wanted" >&2
    bash -c "$install"
  else
    echo "system-tools: missing: $wanted" >&2
    echo "system-tools: install them with: sudo sh -c '$install'" >&2
    exit 1
  fi
fi

failed=0
for i in "${!names[@]}"; do
  if have "${checks[$i]}"; then
    printf '%-32s %s\n' "${names[$i]}" "$(bash -c "${versions[$i]}" 2>/dev/null | head -1)"
  else
    echo "system-tools: ${names[$i]} still missing after installing ${packages[$i]}" >&2
    failed=1
  fi
done
exit "$failed"
