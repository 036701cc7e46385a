"""The breaking-change guard fails on each kind of break and passes additions."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import ROOT

BASELINE = ROOT / "openapi" / "baseline" / "v1.json"
SCRIPT = ROOT / "scripts" / "openapi_diff.py"
_spec = importlib.util.spec_from_file_location("openapi_diff", SCRIPT)
assert _spec is not None
assert _spec.loader is not None
openapi_diff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(openapi_diff)

Doc = dict[str, Any]
SCHEMAS = ("components", "schemas")


def _schema(doc: Doc, name: str) -> Doc:
    found: Doc = doc[SCHEMAS[0]][SCHEMAS[1]][name]
    return found


def _remove_path(doc: Doc) -> None:
    del doc["paths"]["/v1/rulesets"]


def _remove_operation(doc: Doc) -> None:
    del doc["paths"]["/v1/evaluations/{evaluation_id}"]["delete"]


def _remove_response_field(doc: Doc) -> None:
    del _schema(doc, "Scores")["properties"]["readiness"]


def _remove_enum_value(doc: Doc) -> None:
    framing = _schema(doc, "Ask")["properties"]["framing"]
    framing["enum"] = [v for v in framing["enum"] if v != "question"]


def _new_required_field(doc: Doc) -> None:
    person = _schema(doc, "Person")
    person["properties"]["employee_number"] = {"type": "string"}
    person["required"] = [*person.get("required", []), "employee_number"]


def _narrow_constraint(doc: Doc) -> None:
    params = doc["paths"]["/v1/evaluations"]["get"]["parameters"]
    limit = next(p for p in params if p["name"] == "limit")
    limit["schema"]["maximum"] = 100


def _narrow_type(doc: Doc) -> None:
    _schema(doc, "Person")["properties"]["tenure_months"]["anyOf"][0]["type"] = "string"


def _new_required_parameter(doc: Doc) -> None:
    doc["paths"]["/v1/rulesets"]["get"].setdefault("parameters", []).append(
        {"name": "locale", "in": "query", "required": True, "schema": {"type": "string"}}
    )


BREAKS: dict[str, Callable[[Doc], None]] = {
    "removed path": _remove_path,
    "removed operation": _remove_operation,
    "removed response field": _remove_response_field,
    "removed enum value": _remove_enum_value,
    "new required request field": _new_required_field,
    "narrowed constraint": _narrow_constraint,
    "narrowed type": _narrow_type,
    "new required parameter": _new_required_parameter,
}


@pytest.fixture(scope="module")
def baseline() -> Doc:
    loaded: Doc = json.loads(BASELINE.read_text())
    return loaded


def test_the_live_contract_keeps_the_released_baseline(baseline: Doc) -> None:
    current = json.loads((ROOT / "openapi" / "v1.json").read_text())
    assert openapi_diff.breaking_changes(baseline, current) == []


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_each_kind_of_break_is_caught(baseline: Doc, kind: str) -> None:
    changed = copy.deepcopy(baseline)
    BREAKS[kind](changed)
    assert openapi_diff.breaking_changes(baseline, changed), kind


def test_additions_pass(baseline: Doc) -> None:
    changed = copy.deepcopy(baseline)
    person = _schema(changed, "Person")
    person["properties"]["employee_number"] = {"type": "string"}  # optional: fine
    _schema(changed, "Scores")["properties"]["confidence"] = {"type": "integer"}
    framing = _schema(changed, "Ask")["properties"]["framing"]
    framing["enum"] = [*framing["enum"], "letter"]
    changed["paths"]["/v1/things"] = {"get": {"responses": {"200": {"description": "OK"}}}}
    assert openapi_diff.breaking_changes(baseline, changed) == []


def test_the_command_exits_1_on_a_break(baseline: Doc, tmp_path: Any) -> None:
    changed = copy.deepcopy(baseline)
    _remove_path(changed)
    target = tmp_path / "next.json"
    target.write_text(json.dumps(changed))
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(BASELINE), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "BREAKING /paths//v1/rulesets: path removed" in run.stdout
