"""SDK tests run against the live server of the contract tests (this run's database)."""

import sys

from tests.conftest import ROOT
from tests.contract.conftest import live_server

sys.path.insert(0, str(ROOT / "clients" / "python"))  # the generated package, as committed

__all__ = ["live_server"]
