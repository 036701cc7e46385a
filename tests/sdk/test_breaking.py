"""The breaking-change guard names each kind of break, where it is, and passes additions.

Each case mutates a copy of the live contract (openapi/v1.json) the way a careless change
would, and the guard must report that kind of break, and only that kind, at that place.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

BASELINE = ROOT / "openapi" / "baseline" / "v1.json"
CURRENT = ROOT / "openapi" / "v1.json"
SCRIPT = ROOT / "scripts" / "openapi_diff.py"
_spec = importlib.util.spec_from_file_location("openapi_diff", SCRIPT)
assert _spec is not None
assert _spec.loader is not None
openapi_diff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(openapi_diff)

Doc = dict[str, Any]
EVALUATE = "/paths//v1/evaluations/post"
EVALUATED = f"{EVALUATE}/responses/201/application/json"
SITUATION = f"{EVALUATE}/requestBody/application/json"
LIST = "/paths//v1/evaluations/get"


def _schema(doc: Doc, name: str) -> Doc:
    found: Doc = doc["components"]["schemas"][name]
    return found


def _param(doc: Doc, name: str) -> Doc:
    params = doc["paths"]["/v1/evaluations"]["get"]["parameters"]
    found: Doc = next(p for p in params if p["name"] == name)
    return found


def _remove_path(doc: Doc) -> None:
    del doc["paths"]["/v1/rulesets"]


def _remove_operation(doc: Doc) -> None:
    del doc["paths"]["/v1/evaluations/{evaluation_id}"]["delete"]


def _remove_response(doc: Doc) -> None:
    del doc["paths"]["/v1/evaluations"]["post"]["responses"]["201"]


def _remove_response_media(doc: Doc) -> None:
    del doc["paths"]["/v1/evaluations"]["post"]["responses"]["201"]["content"]["application/json"]


def _remove_response_field(doc: Doc) -> None:
    del _schema(doc, "Scores")["properties"]["readiness"]


def _remove_request_field(doc: Doc) -> None:
    del _schema(doc, "Person")["properties"]["tenure_months"]


def _remove_request_enum_value(doc: Doc) -> None:
    framing = _schema(doc, "Ask")["properties"]["framing"]
    framing["enum"] = [v for v in framing["enum"] if v != "question"]


def _new_required_field(doc: Doc) -> None:
    person = _schema(doc, "Person")
    person["properties"]["employee_number"] = {"type": "string"}
    person["required"] = [*person.get("required", []), "employee_number"]


def _narrow_constraint(doc: Doc) -> None:
    _param(doc, "limit")["schema"]["maximum"] = 100


def _narrow_type(doc: Doc) -> None:
    _schema(doc, "Person")["properties"]["tenure_months"]["anyOf"][0]["type"] = "string"


def _change_pattern(doc: Doc) -> None:
    _param(doc, "rule")["schema"]["pattern"] = "^[A-Z]{4}-[0-9]{3}$"


def _new_required_parameter(doc: Doc) -> None:
    doc["paths"]["/v1/rulesets"]["get"].setdefault("parameters", []).append(
        {"name": "locale", "in": "query", "required": True, "schema": {"type": "string"}}
    )


def _parameter_made_required(doc: Doc) -> None:
    _param(doc, "limit")["required"] = True


def _response_nullable(doc: Doc) -> None:
    scores = _schema(doc, "Scores")["properties"]
    scores["readiness"] = {"anyOf": [scores["readiness"], {"type": "null"}]}


def _response_nullable_type_list(doc: Doc) -> None:
    _schema(doc, "Scores")["properties"]["readiness"]["type"] = ["integer", "null"]


def _response_type_widened(doc: Doc) -> None:
    _schema(doc, "Scores")["properties"]["readiness"]["type"] = "number"


def _response_field_optional(doc: Doc) -> None:
    scores = _schema(doc, "Scores")
    scores["required"] = [name for name in scores["required"] if name != "readiness"]


def _response_enum_value_added(doc: Doc) -> None:
    verdict = _schema(doc, "Evaluation")["properties"]["overall_recommendation"]
    verdict["enum"] = [*verdict["enum"], "renegotiate"]


def _location_removed(doc: Doc) -> None:
    del doc["paths"]["/v1/batches"]["post"]["responses"]["202"]["headers"]["Location"]


def _security_added(doc: Doc) -> None:
    doc["paths"]["/healthz"]["get"]["security"] = [{"apiKey": []}]


def _default_changed(doc: Doc) -> None:
    _param(doc, "limit")["schema"]["default"] = 20


def _format_changed(doc: Doc) -> None:
    _param(doc, "created_after")["schema"]["format"] = "date"


def _conditional_rule_added(doc: Doc) -> None:
    ask = _schema(doc, "Ask")
    ask["allOf"] = [
        *ask["allOf"],
        {"if": {"required": ["planned_date"]}, "then": {"required": ["timing_context"]}},
    ]


def _conditional_rule_changed(doc: Doc) -> None:
    rule = _schema(doc, "Ask")["allOf"][0]
    rule["then"]["required"] = [*rule["then"]["required"], "tone"]


# kind -> (the mutation, where the guard must say it, what it must say, and other kinds
# the same change may also be: Situation is echoed in EvaluationRecord, so a change to a
# request field is a change to that response field too)
Case = tuple[Callable[[Doc], None], str, str, tuple[str, ...]]
BREAKS: dict[str, Case] = {
    "removed path": (_remove_path, "/paths//v1/rulesets", "path removed", ()),
    "removed operation": (
        _remove_operation,
        "/paths//v1/evaluations/{evaluation_id}/delete",
        "operation removed",
        (),
    ),
    "removed response status": (
        _remove_response,
        f"{EVALUATE}/responses/201",
        "response removed",
        (),
    ),
    "removed response media type": (_remove_response_media, EVALUATED, "media type removed", ()),
    "removed response field": (
        _remove_response_field,
        "/properties/scores/properties/readiness",
        "response field removed",
        (),
    ),
    "removed request field": (
        _remove_request_field,
        f"{SITUATION}/properties/person/properties/tenure_months",
        "request field removed",
        ("response field removed",),
    ),
    "removed request enum value": (
        _remove_request_enum_value,
        f"{SITUATION}/properties/ask/properties/framing",
        "enum value(s) removed: ['question']",
        (),
    ),
    "new required request field": (
        _new_required_field,
        f"{SITUATION}/properties/person/properties/employee_number",
        "newly required",
        (),
    ),
    "narrowed constraint": (
        _narrow_constraint,
        f"{LIST}/parameters/query/limit",
        "maximum narrowed to 100",
        (),
    ),
    "narrowed type": (
        _narrow_type,
        f"{SITUATION}/properties/person/properties/tenure_months",
        "type narrowed (no longer integer)",
        ("type widened",),
    ),
    "changed pattern": (_change_pattern, f"{LIST}/parameters/query/rule", "pattern changed", ()),
    "new required parameter": (
        _new_required_parameter,
        "/paths//v1/rulesets/get/parameters/query/locale",
        "new required parameter",
        (),
    ),
    "existing parameter made required": (
        _parameter_made_required,
        f"{LIST}/parameters/query/limit",
        "parameter made required",
        (),
    ),
    "response field turned nullable": (
        _response_nullable,
        "/properties/scores/properties/readiness",
        "turned nullable",
        (),
    ),
    "response field turned nullable (type list)": (
        _response_nullable_type_list,
        "/properties/scores/properties/readiness",
        "turned nullable",
        (),
    ),
    "response type widened": (
        _response_type_widened,
        "/properties/scores/properties/readiness",
        "type widened (now also number)",
        (),
    ),
    "required response field made optional": (
        _response_field_optional,
        "/properties/scores/properties/readiness",
        "required response field made optional",
        (),
    ),
    "response enum value added": (
        _response_enum_value_added,
        "/properties/overall_recommendation",
        "enum value(s) added: ['renegotiate']",
        (),
    ),
    "Location header removed": (
        _location_removed,
        "/paths//v1/batches/post/responses/202/headers/Location",
        "response header removed",
        (),
    ),
    "security added to an open route": (
        _security_added,
        "/paths//healthz/get/security",
        "security added to an open route",
        (),
    ),
    "default changed": (
        _default_changed,
        f"{LIST}/parameters/query/limit",
        "default changed (50 -> 20)",
        (),
    ),
    "format changed": (
        _format_changed,
        f"{LIST}/parameters/query/created_after",
        "format changed (date-time -> date)",
        (),
    ),
    "new conditional rule (allOf if/then)": (
        _conditional_rule_added,
        f"{SITUATION}/properties/ask",
        "new conditional rule or constraint",
        (),
    ),
    "conditional rule's then narrowed": (
        _conditional_rule_changed,
        f"{SITUATION}/properties/ask/allOf/0/then/properties/tone",
        "newly required",
        (),
    ),
}


@pytest.fixture(scope="module")
def current() -> Doc:
    loaded: Doc = json.loads(CURRENT.read_text())
    return loaded


def test_the_live_contract_keeps_the_released_baseline(current: Doc) -> None:
    baseline = json.loads(BASELINE.read_text())
    accepted = openapi_diff.accepted_breaks()
    found = openapi_diff.breaking_changes(baseline, current)
    assert [line for line in found if line not in accepted] == []


def test_every_accepted_break_has_a_reason() -> None:
    accepted = openapi_diff.accepted_breaks()
    assert all(why.strip() for why in accepted.values())


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_each_kind_of_break_is_caught_where_it_is(current: Doc, kind: str) -> None:
    mutate, where, what, mirrors = BREAKS[kind]
    changed = copy.deepcopy(current)
    mutate(changed)
    found = openapi_diff.breaking_changes(current, changed)
    assert all(line.startswith("/paths/") for line in found), found
    assert any(f"{where}: {what}" in line for line in found), found
    kinds = (what.split(" (")[0].split(":")[0], *mirrors)
    assert all(any(f": {k}" in line for k in kinds) for line in found), found


def test_a_removed_response_enum_value_passes(current: Doc) -> None:
    changed = copy.deepcopy(current)
    verdict = _schema(changed, "Evaluation")["properties"]["overall_recommendation"]
    verdict["enum"] = [v for v in verdict["enum"] if v != "do_not_leverage"]
    assert openapi_diff.breaking_changes(current, changed) == []


def test_additions_pass(current: Doc) -> None:
    changed = copy.deepcopy(current)
    person = _schema(changed, "Person")
    person["properties"]["employee_number"] = {"type": "string"}  # optional: fine
    _schema(changed, "Scores")["properties"]["confidence"] = {"type": "integer"}
    verdict = _param(changed, "recommendation")["schema"]
    verdict["enum"] = [*verdict["enum"], "hold"]  # a filter accepts more
    changed["paths"]["/v1/things"] = {"get": {"responses": {"200": {"description": "OK"}}}}
    _param(changed, "limit")["schema"]["maximum"] = 500  # a request accepts more
    changed["paths"]["/v1/rulesets"]["get"].setdefault("parameters", []).append(
        {"name": "locale", "in": "query", "required": False, "schema": {"type": "string"}}
    )
    assert openapi_diff.breaking_changes(current, changed) == []


def test_narrowing_a_response_and_widening_a_request_pass(current: Doc) -> None:
    changed = copy.deepcopy(current)
    _schema(changed, "Scores")["properties"]["readiness"].update(minimum=0, maximum=100)
    scores = _schema(changed, "Scores")
    scores["properties"]["confidence"] = {"type": "integer", "format": "int32"}
    scores["required"] = [*scores["required"], "confidence"]  # a new field, always there
    changed["paths"]["/healthz"]["get"]["security"] = []
    _param(changed, "limit")["schema"]["type"] = "number"  # an integer now takes any number
    del _param(changed, "rule")["schema"]["pattern"]
    assert openapi_diff.breaking_changes(current, changed) == []


def test_the_command_exits_1_on_a_break(current: Doc, tmp_path: Path) -> None:
    changed = copy.deepcopy(current)
    _remove_path(changed)
    base, target = tmp_path / "base.json", tmp_path / "next.json"
    base.write_text(json.dumps(current))
    target.write_text(json.dumps(changed))
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(base), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "BREAKING /paths//v1/rulesets: path removed" in run.stdout
