"""schemathesis in its stateful mode: sequences that follow the OpenAPI links
(create → read, results, report → delete) on a live server.

Runs once, in the PostgreSQL pass of ``make test``.

One run of the stateful phase ends early, and by chance: Hypothesis stops a run with
``FlakyStrategyDefinition`` once a replayed prefix meets different server state (an
Idempotency-Key now replayed, a record now deleted, so another link is open), and
schemathesis counts that as a clean end. Measured on one server with ``--max-examples
3000``: 102 to 626 scenarios (489 to 2,847 cases) depending on the seed alone. So the
test runs the fixed seed, then fresh seeds, until the cases reach ``MIN_CASES``; every
seed is printed and named in a failure (replay one with ``BATNA_STATEFUL_SEED``).
"""

from __future__ import annotations

import os
import secrets

import pytest

from tests.conftest import database_kind, new_key
from tests.contract.schemathesis_cli import run_schemathesis

pytestmark = pytest.mark.slow

FIXED_SEED = 20261123
MIN_CASES = 3000
MAX_RUNS = 12


def _seeds() -> list[int]:
    chosen = os.environ.get("BATNA_STATEFUL_SEED")
    if chosen:
        return [int(chosen)]
    return [FIXED_SEED, *(secrets.randbits(64) for _ in range(MAX_RUNS - 1))]


def test_stateful_sequences_along_the_links(live_server: str, database_url: str) -> None:
    if database_kind() != "postgresql":
        pytest.skip("runs once, in the PostgreSQL pass")
    # A tenant of its own: the links walk the tenant's lists and exports, which must not
    # hold whatever other tests on this worker stored first (thousands of records after
    # the schemathesis runs; this run then took over 600 s where it takes seconds alone).
    api_key = new_key(database_url, f"stateful-{secrets.token_hex(4)}")
    cases = 0
    runs: list[str] = []
    for seed in _seeds():
        output, code, generated = run_schemathesis(
            live_server,
            api_key,
            "--phases",
            "stateful",
            "--max-examples",
            "3000",
            "--seed",
            str(seed),
            artifact=f"schemathesis-stateful-{len(runs)}.txt",
            timeout=600,
        )
        runs.append(f"seed {seed}: {generated} cases")
        print(f"stateful {runs[-1]}")  # noqa: T201 - the one thing a failure needs
        replay = f"BATNA_STATEFUL_SEED={seed} pytest {__file__}"
        assert code == 0, f"{replay}\n{output[-6000:]}"
        assert "Stateful" in output, output[-3000:]
        cases += generated
        if cases >= MIN_CASES:
            break
    if not os.environ.get("BATNA_STATEFUL_SEED"):
        assert cases >= MIN_CASES, "; ".join(runs)
