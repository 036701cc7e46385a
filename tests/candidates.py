"""Candidate bundles for tests: a copy of rules/ with one threshold changed and a new version."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from tests.conftest import RULES

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["CANDIDATE", "LEV_006_BAR", "candidate_bundle"]

CANDIDATE = "negotiation@1.1.1"
LEV_006_BAR = "- {path: metrics.offer_premium_pct, ge: 20}\n        - {path: metrics.offer_lapses"


def candidate_bundle(into: Path, *, premium: int = 50, version: str = "1.1.1") -> Path:
    """rules/ copied to ``into``: LEV-006 asks ``premium`` % and the version is ``version``."""
    shutil.copytree(RULES, into)
    leverage = into / "negotiation" / "leverage.yaml"
    text = leverage.read_text()
    assert text.count(LEV_006_BAR) == 1
    leverage.write_text(text.replace(LEV_006_BAR, LEV_006_BAR.replace("ge: 20", f"ge: {premium}")))
    manifest = into / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("version: 1.1.0", f"version: {version}"))
    return into
