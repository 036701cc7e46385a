"""Hostile situation documents and the real ``batna`` command, shared by the CLI and HTTP tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Final

import msgspec

from tests.conftest import RULES, load_case

BATNA: Final = Path(sys.executable).with_name("batna")
PROBLEMS: Final = "https://batna.dev/problems/"
ROLE: Final = "/person/role_title"
FX: Final = "/outside_offer/fx_rate_to_person_currency"
HUGE: Final = b"1e999999999999999999999"
# 2 KB nested 1,000 deep: past msgspec's recursion limit.
DEEP: Final = b'{"schema_version":"1.0","x":' + b"[" * 1000 + b"]" * 1000 + b"}"

_ENCODER: Final = msgspec.json.Encoder(decimal_format="number")
_SLOT: Final = "__SLOT__"
# The caller's own BATNA_* settings must not change what the tests see.
_ENV: Final = {k: v for k, v in os.environ.items() if not k.startswith("BATNA_")}


def document(path: str, raw: bytes) -> bytes:
    """TC-04's situation with the field at ``path`` set to ``raw``, verbatim JSON bytes."""
    payload = load_case("TC-04")["payload"]
    *parents, leaf = path.strip("/").split("/")
    node = payload
    for name in parents:
        node = node.setdefault(name, {})
    node[leaf] = _SLOT
    return _ENCODER.encode(payload).replace(f'"{_SLOT}"'.encode(), raw)


def batna(
    *args: str, stdin: IO[bytes] | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``batna --rules <the repo's bundle> *args`` from the virtualenv, as a user would."""
    return subprocess.run(
        [str(BATNA), "--rules", str(RULES), *args],
        stdin=stdin,
        capture_output=True,
        check=False,
        timeout=120,
        env={**_ENV, **(env or {})},
    )
