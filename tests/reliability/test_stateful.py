"""schemathesis in its stateful mode: sequences that follow the OpenAPI links
(create → read, results, report → delete) on a live server, at least 1,000 examples.

Runs once, in the PostgreSQL pass of ``make test``: 2 to 3 minutes (about 70 s before
the contract stated its conditional rules; now most generated creates succeed and the
sequences go deeper, some 1,750 scenarios and 7,500 cases).
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
        "1000",
        "--seed",
        "20261123",
        artifact="schemathesis-stateful.txt",
        timeout=1500,
    )
    assert code == 0, output[-6000:]
    assert generated >= 1000, output[-3000:]
    assert "Stateful" in output
