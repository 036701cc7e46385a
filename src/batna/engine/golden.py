"""Golden cases: a situation in, the expected evaluation out (``batna rules test``).

The case format is the acceptance format of the spec (``id``, ``title``, ``payload``,
``expected`` with ``http_status``, ``fired_exactly``, ``must_fire``, ``must_not_fire``,
``overall_recommendation``, ``scores``, ``derived`` (a subset), ``suggested_range``,
``data_notices`` and, for rejected input, ``errors``). Comparing is exact.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from batna.errors import ValidationFailed

if TYPE_CHECKING:
    from batna.engine.engine import Engine

__all__ = ["CaseResult", "check_case", "load_cases", "run_cases"]

_ENCODER = msgspec.json.Encoder(decimal_format="number")


class CaseResult(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of one golden case.

    Attributes:
        id: Case id.
        title: Case title.
        file: Case file name.
        failures: What differed; empty when the case passed.
    """

    id: str
    title: str
    file: str
    failures: list[str]

    @property
    def passed(self) -> bool:
        """True when nothing differed."""
        return not self.failures


def load_cases(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every ``*.json`` case under ``folder``, sorted by file name."""
    return [
        (p, json.loads(p.read_text(encoding="utf-8"), parse_float=Decimal))
        for p in sorted(folder.glob("*.json"))
    ]


def _as_json(value: object) -> Any:  # noqa: ANN401 - JSON of any shape
    return json.loads(_ENCODER.encode(value), parse_float=Decimal)


def check_case(engine: Engine, case: dict[str, Any]) -> list[str]:
    """Evaluate ``case['payload']`` and list every way the result differs from ``expected``."""
    expected = case["expected"]
    failures: list[str] = []
    try:
        evaluation = engine.parse(case["payload"])
        result = _as_json(engine.evaluate(evaluation))
        status = 200
    except ValidationFailed as exc:
        status = 422
        result = {"errors": [{"code": i.code, "path": i.path} for i in exc.issues]}
    if status != expected.get("http_status", 200):
        return [
            f"status {status}, expected {expected.get('http_status')}"
            + (f": {result['errors']}" if status == 422 else "")
        ]
    if status == 422:
        want = sorted((e["code"], e["path"]) for e in expected.get("errors", []))
        got = sorted((e["code"], e["path"]) for e in result["errors"])
        if want != got:
            failures.append(f"errors {got}, expected {want}")
        return failures
    fired = {r["id"] for r in result["fired_rules"]}
    if "fired_exactly" in expected and fired != set(expected["fired_exactly"]):
        extra = sorted(fired - set(expected["fired_exactly"]))
        missing = sorted(set(expected["fired_exactly"]) - fired)
        failures.append(f"fired set differs: unexpected {extra}, missing {missing}")
    failures.extend(f"{r} must fire" for r in expected.get("must_fire", []) if r not in fired)
    failures.extend(f"{r} must not fire" for r in expected.get("must_not_fire", []) if r in fired)
    if "overall_recommendation" in expected and (
        result["overall_recommendation"] != expected["overall_recommendation"]
    ):
        failures.append(
            f"overall {result['overall_recommendation']}, "
            f"expected {expected['overall_recommendation']}"
        )
    if "scores" in expected and result["scores"] != expected["scores"]:
        failures.append(f"scores {result['scores']}, expected {expected['scores']}")
    for name, want in expected.get("derived", {}).items():
        if result["derived"].get(name) != want:
            failures.append(f"derived.{name} {result['derived'].get(name)}, expected {want}")
    if "suggested_range" in expected and result["suggested_range"] != expected["suggested_range"]:
        failures.append(
            f"suggested_range {result['suggested_range']}, expected {expected['suggested_range']}"
        )
    if "data_notices" in expected:
        got_notices = [n["id"] for n in result["data_notices"]]
        if got_notices != sorted(expected["data_notices"]):
            failures.append(f"data_notices {got_notices}, expected {expected['data_notices']}")
    return failures


def run_cases(engine: Engine, folder: Path) -> list[CaseResult]:
    """Run every case under ``folder``."""
    return [
        CaseResult(
            id=case.get("id", path.stem),
            title=case.get("title", ""),
            file=path.name,
            failures=check_case(engine, case),
        )
        for path, case in load_cases(folder)
    ]
