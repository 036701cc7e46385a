"""Shared fixtures: the repository's rule bundle and one compiled engine per worker."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from batna.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
CASES = RULES / "negotiation" / "cases"


def load_case(name: str) -> dict[str, Any]:
    """A golden case by id (``TC-04``), numbers as Decimal like the decoder gives them."""
    return json.loads((CASES / f"{name}.json").read_text(), parse_float=Decimal)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_path(RULES)
