"""Every golden case reproduces exactly, in-process and through the ``batna`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest

from batna.engine import Engine
from batna.engine.golden import check_case, load_case, load_cases
from tests.conftest import CASES, ROOT

CASE_FILES = sorted(CASES.glob("*.json"))


def test_the_seed_cases_are_all_here() -> None:
    assert len(CASE_FILES) >= 16


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_reproduces(engine: Engine, path: Path) -> None:
    assert check_case(engine, load_case(path)) == []


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_cli_matches_in_process(engine: Engine, path: Path, tmp_path: Path) -> None:
    case = json.loads(path.read_text(), parse_float=Decimal)
    payload = tmp_path / "situation.json"
    payload.write_text(json.dumps(json.loads(path.read_text())["payload"]))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "batna.cli",
            "--rules",
            str(ROOT / "rules"),
            "evaluate",
            str(payload),
        ],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    status = case["expected"]["http_status"]
    if status == 422:
        assert run.returncode == 2
        problem = json.loads(run.stdout)
        assert problem["status"] == 422
        assert problem["error"] == "VALIDATION_FAILED"
        want = sorted((e["code"], e["path"]) for e in case["expected"]["errors"])
        assert sorted((d["code"], d["path"]) for d in problem["details"]) == want
    else:
        assert run.returncode == 0, run.stderr
        encoder = msgspec.json.Encoder(decimal_format="number")
        in_process = engine.evaluate(engine.parse(case["payload"]))
        assert json.loads(run.stdout) == json.loads(encoder.encode(in_process))


def test_rules_test_command_passes_and_fails(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "batna.cli", "rules", "test"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert ok.returncode == 0, ok.stdout
    assert f"{len(CASE_FILES)} passed, 0 failed" in ok.stdout

    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    broken = rules / "negotiation" / "cases" / "TC-04.json"
    case = json.loads(broken.read_text())
    case["expected"]["overall_recommendation"] = "do_not_leverage"
    broken.write_text(json.dumps(case))
    bad = subprocess.run(
        [sys.executable, "-m", "batna.cli", "--rules", str(rules), "rules", "test"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert bad.returncode == 1
    assert "FAIL negotiation/TC-04" in bad.stdout
    assert f"{len(CASE_FILES) - 1} passed, 1 failed" in bad.stdout


def test_golden_loader_reads_decimals() -> None:
    cases = load_cases(CASES)
    assert len(cases) == len(CASE_FILES)
    amounts = [c.payload["person"].get("current_base_salary") for _, c in cases]
    assert all(a is None or isinstance(a, int | Decimal) for a in amounts)


def test_a_case_with_an_unknown_key_fails_by_itself(tmp_path: Path) -> None:
    data = json.loads((CASES / "TC-19.json").read_text())
    data["expected"]["invariant_without_gendre"] = True  # a typo must not pass silently
    (tmp_path / "TC-19.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match="invariant_without_gendre"):
        load_case(tmp_path / "TC-19.json")


@pytest.mark.parametrize(
    ("change", "failure"),
    [
        (("decision_clause", "plain_ask_ready"), "decision clause strong_position"),
        (("messages", {"LEV-001": {"contains": ["no such words"]}}), "lacks 'no such words'"),
        (("messages", {"LEV-001": {"excludes": ["offer"]}}), "contains 'offer'"),
        (("messages", {"LEV-001": {"contains_any": ["zzz", "yyy"]}}), "none of"),
        (("messages", {"WALK-001": {"excludes": ["x"]}}), "WALK-001 did not fire"),
    ],
)
def test_each_new_expectation_is_checked(
    engine: Engine, change: tuple[str, object], failure: str, tmp_path: Path
) -> None:
    data = json.loads((CASES / "TC-04.json").read_text())
    data["expected"][change[0]] = change[1]
    (tmp_path / "case.json").write_text(json.dumps(data))
    failures = check_case(engine, load_case(tmp_path / "case.json"))
    assert any(failure in f for f in failures), failures


def test_gender_invariance_is_checked(tmp_path: Path) -> None:
    # The shipped rules keep the invariant, so break it on purpose: a copy of the bundle
    # whose FAIR-001 moves a score. TC-19 (an opted-in woman) must then fail its check.
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    fairness = rules / "negotiation" / "fairness.yaml"
    text = fairness.read_text()
    fairness.write_text(
        text.replace(
            "    severity: medium\n", "    severity: medium\n    weights: {readiness: -30}\n", 1
        )
    )
    broken = Engine.from_path(rules)
    case = load_case(CASES / "TC-19.json")
    assert case.expected.invariant_without_gender
    failures = check_case(broken, case)
    assert "without gender the scores change" in failures
    assert check_case(Engine.from_path(ROOT / "rules"), case) == []
