"""The Dockerfile, checked as far as a machine without a Docker engine allows: it parses,
its stages are what they claim, every path it copies exists, and the runtime installs
from the lock CI tested (the wheels built with constraints.txt, no index, no compiler)."""

from __future__ import annotations

import json
import re
import shlex

from tests.conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"
KNOWN = {
    "FROM",
    "RUN",
    "COPY",
    "ENV",
    "WORKDIR",
    "USER",
    "EXPOSE",
    "HEALTHCHECK",
    "ENTRYPOINT",
    "CMD",
}


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def _stages() -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for word, rest in _instructions():
        if word == "FROM":
            current = rest.split(" AS ")[-1].strip()
            stages[current] = [(word, rest)]
        else:
            stages[current].append((word, rest))
    return stages


def test_it_parses_into_known_instructions_and_two_stages() -> None:
    assert {word for word, _ in _instructions()} <= KNOWN
    stages = _stages()
    assert list(stages) == ["build", "runtime"]
    for steps in stages.values():
        assert steps[0][1].startswith("python:3.11-slim")


def test_every_copied_path_exists_or_comes_from_a_stage() -> None:
    stages = _stages()
    for steps in stages.values():
        for word, rest in steps:
            if word != "COPY":
                continue
            parts = shlex.split(rest)
            if parts[0].startswith("--from="):
                assert parts[0].removeprefix("--from=") in stages
                continue
            for source in parts[:-1]:
                assert (ROOT / source).exists(), source


def test_the_runtime_has_no_compiler_and_installs_only_the_locked_wheels() -> None:
    build, runtime = _stages()["build"], _stages()["runtime"]
    build_runs = " ".join(rest for word, rest in build if word == "RUN")
    assert "gcc" in build_runs
    assert "pip wheel" in build_runs
    assert "-c constraints.txt" in build_runs
    runtime_runs = " ".join(rest for word, rest in runtime if word == "RUN")
    assert not re.search(r"\b(gcc|g\+\+|build-essential|apt-get install)\b", runtime_runs)
    assert "--no-index" in runtime_runs
    assert "--find-links /wheels" in runtime_runs
    assert "-c /tmp/constraints.txt" in runtime_runs
    copies = [rest for word, rest in runtime if word == "COPY"]
    assert "constraints.txt /tmp/constraints.txt" in copies
    assert "--from=build /wheels /wheels" in copies


def test_it_runs_batna_as_a_non_root_user_with_the_rules_baked_in() -> None:
    runtime = _stages()["runtime"]
    users = [rest for word, rest in runtime if word == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("0", "root")
    assert any(word == "COPY" and rest.startswith("rules ") for word, rest in runtime)
    env = " ".join(rest for word, rest in runtime if word == "ENV")
    assert "BATNA_RULES_DIR=/app/rules" in env
    assert "////tmp/" in env
    entry = next(rest for word, rest in runtime if word == "ENTRYPOINT")
    assert json.loads(entry) == ["batna"]
    assert json.loads(next(rest for word, rest in runtime if word == "CMD")) == ["serve"]
    health = next(rest for word, rest in runtime if word == "HEALTHCHECK")
    assert "/healthz" in health


def test_the_lock_pins_what_the_image_installs() -> None:
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    for package in ("durable-rules", "litestar", "msgspec", "sqlalchemy", "asyncpg", "uvicorn"):
        assert package in pinned, package
