"""Fail when a pin would not install on another machine.

Why: a pin such as ``redis @ file:///tmp/dl/redis-8.1.0.whl`` installs only where that
file happens to exist, and the failure shows up later, deep in pip's output. This check
runs before pip (Makefile) and names the file and line at once.

Allowed: ``name==version`` in the constraints files; ``name==version`` or
``name[extra,...]==version`` in pyproject.toml's dependency lists (project.dependencies,
project.optional-dependencies, build-system.requires). Anything else (a path, a URL, an
``@`` reference, ``-e``, ``file:``, a range, a marker) is refused.

Usage: ``python3 scripts/check_pins.py [CONSTRAINTS... PYPROJECT]``; without arguments it
checks the repository's own files. Standard library only: it runs before any venv exists.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: batna needs 3.11 anyway
    sys.exit("check_pins: needs Python 3.11 or newer (tomllib); batna requires 3.11")

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = (
    ROOT / "constraints.txt",
    ROOT / "scripts" / "deploy-tools-constraints.txt",
    ROOT / "bench" / "requirements.txt",
)
PYPROJECT = ROOT / "pyproject.toml"

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_VERSION = r"[0-9][A-Za-z0-9.+!_-]*"
PLAIN = re.compile(rf"{_NAME}=={_VERSION}")
WITH_EXTRAS = re.compile(rf"{_NAME}(?:\[{_NAME}(?:,{_NAME})*\])?=={_VERSION}")


def check_constraints(path: Path) -> list[str]:
    """Every non-blank, non-comment line that is not ``name==version``."""
    problems = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not PLAIN.fullmatch(line):
            problems.append(f"{path}:{number}: not a plain name==version pin: {raw}")
    return problems


def _requirements(data: dict[str, object]) -> list[tuple[str, object]]:
    """(where, list) for each dependency list pyproject.toml may hold."""
    project = data.get("project", {})
    build = data.get("build-system", {})
    found: list[tuple[str, object]] = []
    if isinstance(build, dict) and "requires" in build:
        found.append(("build-system.requires", build["requires"]))
    if isinstance(project, dict):
        if "dependencies" in project:
            found.append(("project.dependencies", project["dependencies"]))
        optional = project.get("optional-dependencies", {})
        if isinstance(optional, dict):
            found.extend(
                (f"project.optional-dependencies.{extra}", items)
                for extra, items in optional.items()
            )
    return found


def check_pyproject(path: Path) -> list[str]:
    """Every dependency entry that is not ``name==version`` or ``name[extra]==version``."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [f"{path}: not valid TOML: {error}"]
    lines = text.splitlines()
    problems = []
    for where, items in _requirements(data):
        if not isinstance(items, list):
            problems.append(f"{path}: {where} is not a list")
            continue
        for item in items:
            if isinstance(item, str) and WITH_EXTRAS.fullmatch(item):
                continue
            # Point at the line that holds the entry, so the message is as direct as for
            # the constraints files.
            quoted = f'"{item}"' if isinstance(item, str) else repr(item)
            number = next((n for n, line in enumerate(lines, 1) if quoted in line), None)
            place = f"{path}:{number}" if number else str(path)
            problems.append(f"{place}: {where}: not a plain name==version pin: {item}")
    return problems


def main(argv: list[str]) -> int:
    """Check the given files (``*.toml`` as pyproject, others as constraints)."""
    paths = [Path(arg) for arg in argv] or [*CONSTRAINTS, PYPROJECT]
    problems: list[str] = []
    for path in paths:
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif path.suffix == ".toml":
            problems.extend(check_pyproject(path))
        else:
            problems.extend(check_constraints(path))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            "check_pins: pins must install anywhere (from the package index by version only)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
