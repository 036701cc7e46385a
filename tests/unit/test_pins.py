"""scripts/check_pins.py: the real pins pass, and a pin that would not install elsewhere
fails naming its file and line (it runs before pip, so it must work without the venv)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "check_pins.py"

PYPROJECT = """\
[build-system]
requires = ["setuptools==84.2.1"]

[project]
name = "x"
dependencies = [
    "sqlalchemy[asyncio]==2.1.9",
    {bad},
]

[project.optional-dependencies]
dev = ["pytest==9.2.0"]
"""


def _check(*paths: Path) -> subprocess.CompletedProcess[str]:
    # -S: no site-packages, so the check proves it needs the standard library only.
    return subprocess.run(
        [sys.executable, "-S", str(SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


def test_the_repository_pins_pass() -> None:
    run = _check()
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize(
    "line",
    [
        "redis @ file:///tmp/dl/redis-8.1.0-py3-none-any.whl#sha256=a4fe",
        "redis @ https://example.com/redis-8.1.0-py3-none-any.whl",
        "-e ./vendor/redis",
        "file:vendor/redis",
        "./vendor/redis-8.1.0-py3-none-any.whl",
        "redis>=8",
        "redis",
        "redis==8.1.0; python_version >= '3.11'",
    ],
)
def test_a_constraint_that_is_not_name_equals_version_fails(tmp_path: Path, line: str) -> None:
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(f"# pinned\nanyio==4.16.0\n\n{line}\nzipp==4.1.2\n")
    run = _check(constraints)
    assert run.returncode == 1
    assert f"{constraints}:4:" in run.stderr
    assert line in run.stderr


@pytest.mark.parametrize(
    "bad",
    [
        '"redis @ file:///tmp/dl/redis-8.1.0-py3-none-any.whl"',
        '"batna-tools @ git+https://example.com/tools.git@main"',
        '"redis>=8.1"',
    ],
)
def test_a_pyproject_dependency_that_is_not_pinned_fails(tmp_path: Path, bad: str) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT.format(bad=bad))
    run = _check(pyproject)
    assert run.returncode == 1
    assert f"{pyproject}:8: project.dependencies:" in run.stderr
    assert bad.strip('"') in run.stderr


def test_an_unpinned_build_requirement_fails(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    text = PYPROJECT.format(bad='"attrs==26.1.0"')
    pyproject.write_text(text.replace('["setuptools==84.2.1"]', '["setuptools>=69", "wheel"]'))
    run = _check(pyproject)
    assert run.returncode == 1
    where = f"{pyproject}:2: build-system.requires: not a plain name==version pin:"
    assert f"{where} setuptools>=69" in run.stderr
    assert f"{where} wheel" in run.stderr
