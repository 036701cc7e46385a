"""Spectral (spectral:oas + OWASP API Security) finds no error in the live contract.

The tools are pinned in scripts/spectral/package-lock.json and installed by
scripts/spectral/lint.sh with npm ci; without node and npm this fails (``make
system-tools`` installs them).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar

from tests.conftest import ROOT, database_kind

LINT = ROOT / "scripts" / "spectral" / "lint.sh"


def _lint(document: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    if database_kind() != "sqlite":
        pytest.skip("database-independent: runs once, in the SQLite pass")
    target = tmp_path / "v1.json"
    target.write_bytes(document)
    return subprocess.run(
        ["/bin/bash", str(LINT), str(target)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_the_live_contract_has_no_spectral_error(app: Litestar, tmp_path: Path) -> None:
    linted = _lint(app.state.openapi, tmp_path)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "No results with a severity of 'error' found!" in linted.stdout


def _unbounded(document: dict[str, Any]) -> dict[str, Any]:
    """The document with a request field the server would not bound (what the lint is for)."""
    person = document["components"]["schemas"]["Person"]["properties"]
    person["role_title"] = {"type": "string"}
    person["tenure_months"] = {"type": "integer", "minimum": 0}
    person["nickname"] = {"type": "string", "pattern": "^[a-z]+$"}
    return document


def test_spectral_flags_an_unbounded_request_field(app: Litestar, tmp_path: Path) -> None:
    document = _unbounded(json.loads(app.state.openapi))
    linted = _lint(json.dumps(document).encode(), tmp_path)
    assert linted.returncode != 0
    flagged = {
        (rule, where.split(".")[4])  # components.schemas.Person.properties.<field>…
        for rule, where in (
            (line.split()[2], line.split()[-1])
            for line in linted.stdout.splitlines()
            if "batna-request-" in line
        )
    }
    assert flagged == {
        ("batna-request-string-limit", "role_title"),
        ("batna-request-string-limit", "nickname"),
        ("batna-request-integer-limit", "tenure_months"),
    }, linted.stdout
