"""Golden cases: a situation in, the expected evaluation out (``batna rules test``).

The case format is the spec's acceptance format (docs/rules.md §8, §11.7). A case file is
decoded into ``Case``, which rejects unknown keys, so a misspelt expectation is an error
rather than a check that silently never runs. Comparing is exact.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from batna.errors import ValidationFailed
from batna.schemas.evaluation import DecisionClause, Recommendation
from batna.schemas.jsonout import ENCODER

if TYPE_CHECKING:
    from batna.engine.engine import Engine
    from batna.schemas.evaluation import Evaluation

__all__ = ["Case", "CaseResult", "check_case", "load_case", "load_cases", "run_cases"]


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of the case-file Structs."""


class ExpectedError(_Strict, frozen=True, kw_only=True):
    """One validation issue a rejected case must report."""

    code: str
    path: str


class ExpectedMessage(_Strict, frozen=True, kw_only=True):
    """Case-insensitive substrings a fired rule's message must or must not contain."""

    contains: list[str] = []
    contains_any: list[str] = []
    excludes: list[str] = []


class ExpectedRange(_Strict, frozen=True, kw_only=True):
    """The suggested range a case expects."""

    low: Decimal
    high: Decimal
    currency: str


class Expected(_Strict, frozen=True, kw_only=True):
    """What a case expects; an absent key is not checked (``UNSET``), ``null`` is."""

    http_status: int = 200
    overall_recommendation: Recommendation | msgspec.UnsetType = msgspec.UNSET
    decision_clause: DecisionClause | msgspec.UnsetType = msgspec.UNSET
    must_fire: list[str] = []
    must_not_fire: list[str] = []
    fired_exactly: list[str] | msgspec.UnsetType = msgspec.UNSET
    scores: dict[str, int] | msgspec.UnsetType = msgspec.UNSET
    derived: dict[str, Any] = {}
    suggested_range: ExpectedRange | msgspec.UnsetType | None = msgspec.UNSET
    data_notices: list[str] | msgspec.UnsetType = msgspec.UNSET
    messages: dict[str, ExpectedMessage] = {}
    errors: list[ExpectedError] = []
    invariant_without_gender: bool = False


class Case(_Strict, frozen=True, kw_only=True):
    """A golden case file."""

    id: str
    title: str
    spec_version: str | None = None
    why: str | None = None
    notes: str | None = None
    provenance: dict[str, list[str]] | None = None
    payload: dict[str, Any]
    expected: Expected


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


def load_case(path: Path) -> Case:
    """Decode one case file (numbers as ``Decimal``).

    Raises:
        ValueError: The file is not JSON, or not a case (an unknown or mistyped key).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        return msgspec.convert(data, Case)
    except (json.JSONDecodeError, msgspec.ValidationError) as exc:
        raise ValueError(f"{path.name}: {exc}") from None


def load_cases(folder: Path) -> list[tuple[Path, Case]]:
    """Every ``*.json`` case under ``folder``, sorted by file name."""
    return [(p, load_case(p)) for p in sorted(folder.glob("*.json"))]


def _as_json(value: object) -> Any:  # noqa: ANN401 - JSON of any shape
    return json.loads(ENCODER.encode(value), parse_float=Decimal)


def _messages(expected: Expected, result: dict[str, Any]) -> list[str]:
    failures: list[str] = []
    by_id = {r["id"]: r["message"].casefold() for r in result["fired_rules"]}
    for rule_id, want in expected.messages.items():
        message = by_id.get(rule_id)
        if message is None:
            failures.append(f"{rule_id} did not fire, so its message cannot be checked")
            continue
        failures += [
            f"{rule_id} message lacks {text!r}"
            for text in want.contains
            if text.casefold() not in message
        ]
        if want.contains_any and not any(t.casefold() in message for t in want.contains_any):
            failures.append(f"{rule_id} message contains none of {want.contains_any}")
        failures += [
            f"{rule_id} message contains {text!r}"
            for text in want.excludes
            if text.casefold() in message
        ]
    return failures


def _without_gender(engine: Engine, case: Case, evaluation: Evaluation) -> list[str]:
    """The same payload without gender: same recommendation, clause and scores."""
    person = {
        k: v for k, v in case.payload["person"].items() if k not in ("gender", "gender_opt_in")
    }
    other = engine.evaluate(engine.parse({**case.payload, "person": person}))
    failures: list[str] = []
    if other.overall_recommendation != evaluation.overall_recommendation:
        failures.append("without gender the recommendation changes")
    if other.decision != evaluation.decision:
        failures.append("without gender the decision changes")
    if other.scores != evaluation.scores:
        failures.append("without gender the scores change")
    fired = {r.id for r in evaluation.fired_rules}
    other_fired = {r.id for r in other.fired_rules}
    if {r for r in fired ^ other_fired if not r.startswith("FAIR-")}:
        failures.append(
            f"without gender the fired set differs beyond FAIR-*: {fired ^ other_fired}"
        )
    return failures


def check_case(engine: Engine, case: Case) -> list[str]:  # noqa: C901
    """Evaluate ``case.payload`` and list every way the result differs from ``expected``."""
    expected = case.expected
    failures: list[str] = []
    try:
        evaluation = engine.evaluate(engine.parse(case.payload))
        result = _as_json(evaluation)
        status = 200
    except ValidationFailed as exc:
        status = 422
        result = {"errors": [{"code": i.code, "path": i.path} for i in exc.issues]}
    if status != expected.http_status:
        return [
            f"status {status}, expected {expected.http_status}"
            + (f": {result['errors']}" if status == 422 else "")
        ]
    if status == 422:
        want = sorted((e.code, e.path) for e in expected.errors)
        got = sorted((e["code"], e["path"]) for e in result["errors"])
        if want != got:
            failures.append(f"errors {got}, expected {want}")
        return failures
    fired = {r["id"] for r in result["fired_rules"]}
    if expected.fired_exactly is not msgspec.UNSET and fired != set(expected.fired_exactly):
        extra = sorted(fired - set(expected.fired_exactly))
        missing = sorted(set(expected.fired_exactly) - fired)
        failures.append(f"fired set differs: unexpected {extra}, missing {missing}")
    failures.extend(f"{r} must fire" for r in expected.must_fire if r not in fired)
    failures.extend(f"{r} must not fire" for r in expected.must_not_fire if r in fired)
    overall = result["overall_recommendation"]
    if expected.overall_recommendation is not msgspec.UNSET and (
        overall != expected.overall_recommendation
    ):
        failures.append(f"overall {overall}, expected {expected.overall_recommendation}")
    clause = result["decision"]["clause"]
    if expected.decision_clause is not msgspec.UNSET and clause != expected.decision_clause:
        failures.append(f"decision clause {clause}, expected {expected.decision_clause}")
    if expected.scores is not msgspec.UNSET and result["scores"] != expected.scores:
        failures.append(f"scores {result['scores']}, expected {expected.scores}")
    for name, want in expected.derived.items():
        if name not in result["derived"]:
            failures.append(f"derived.{name} is not an output field")
        elif result["derived"][name] != want:
            failures.append(f"derived.{name} {result['derived'][name]}, expected {want}")
    if expected.suggested_range is not msgspec.UNSET:
        want_range = _as_json(expected.suggested_range)
        if result["suggested_range"] != want_range:
            failures.append(f"suggested_range {result['suggested_range']}, expected {want_range}")
    if expected.data_notices is not msgspec.UNSET:
        got_notices = [n["id"] for n in result["data_notices"]]
        if got_notices != sorted(expected.data_notices):
            failures.append(f"data_notices {got_notices}, expected {expected.data_notices}")
    failures += _messages(expected, result)
    if expected.invariant_without_gender:
        failures += _without_gender(engine, case, evaluation)
    return failures


def run_cases(engine: Engine, folder: Path) -> list[CaseResult]:
    """Run every case under ``folder``; a file that is not a valid case fails by itself."""
    results = []
    for path in sorted(folder.glob("*.json")):
        try:
            case = load_case(path)
        except ValueError as exc:
            results.append(CaseResult(id=path.stem, title="", file=path.name, failures=[str(exc)]))
            continue
        results.append(
            CaseResult(
                id=case.id, title=case.title, file=path.name, failures=check_case(engine, case)
            )
        )
    return results
