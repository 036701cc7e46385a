"""schemathesis in its stateful mode: sequences that follow the OpenAPI links
(create → read, results, report → delete) on a live server.

Runs once, in the PostgreSQL pass of ``make test``; about 30 s (see the bound below).
"""

from __future__ import annotations

import pytest

from tests.conftest import database_kind
from tests.contract.schemathesis_cli import run_schemathesis

pytestmark = pytest.mark.slow


def test_stateful_sequences_along_the_links(live_server: str, api_key: str) -> None:
    if database_kind() != "postgresql":
        pytest.skip("runs once, in the PostgreSQL pass")
    output, code, generated = run_schemathesis(
        live_server,
        api_key,
        "--phases",
        "stateful",
        "--max-examples",
        "3000",
        "--seed",
        "20261123",
        artifact="schemathesis-stateful.txt",
        timeout=1500,
    )
    assert code == 0, output[-6000:]
    # Since this session's contract changes (ruleset references, impact analyses, webhooks,
    # the export) the fixed seed reaches ~100 scenarios and 400-550 cases where it reached
    # 1,750 and 7,500; why is not yet known (see the closing note of 2026-12-01). The bound
    # keeps the run from silently shrinking further.
    assert generated >= 400, output[-3000:]
    assert "Stateful" in output
