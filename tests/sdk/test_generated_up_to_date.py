"""The committed SDKs are exactly what the generators make from openapi/v1.json."""

from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, database_kind


def _differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []

    def walk(compare: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name}" for name in compare.left_only + compare.right_only)
        found.extend(f"{prefix}{name}" for name in compare.diff_files)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__"]), "")
    return found


def test_regenerating_the_sdks_changes_nothing(tmp_path: Path) -> None:
    if database_kind() != "sqlite":
        pytest.skip("database-independent: runs once, in the SQLite pass")
    subprocess.run(["/bin/bash", str(ROOT / "scripts" / "sdk.sh"), str(tmp_path)], check=True)
    assert _differences(ROOT / "clients" / "python", tmp_path / "python") == []
    committed = (ROOT / "clients" / "typescript" / "src" / "schema.ts").read_text()
    assert (tmp_path / "typescript" / "src" / "schema.ts").read_text() == committed
