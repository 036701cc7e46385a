"""Hostile bodies over real HTTP: a 4xx problem that says why, never a 500, same as the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.bad_input import DEEP, FX, HUGE, PROBLEMS, ROLE, batna, document

PROBLEM = "application/problem+json"

BAD = {
    "deep": (DEEP, 400, "malformed-json"),
    "bad-byte": (document(ROLE, b'"caf\xff"'), 400, "malformed-json"),
    "utf8-surrogate": (document(ROLE, b'"\xed\xa0\x80"'), 400, "malformed-json"),
    "overlong": (document(ROLE, b'"\xc0\xaf"'), 400, "malformed-json"),
    "lone-surrogate": (document(ROLE, b'"\\ud800"'), 400, "malformed-json"),
    "huge": (document(FX, HUGE), 422, "validation-failed"),
    "huge-zero": (document(FX, b"0e99999999999999999999"), 422, "validation-failed"),
    "empty": (b"", 400, "malformed-json"),
}


def _post(base: str, route: str, body: bytes, auth: dict[str, str]) -> httpx.Response:
    headers = {"content-type": "application/json", **auth}
    return httpx.post(f"{base}{route}", content=body, headers=headers, timeout=30)


@pytest.mark.parametrize("name", list(BAD))
def test_hostile_body_is_a_4xx_problem_equal_to_the_cli(
    live_server: str, auth: dict[str, str], tmp_path: Path, name: str
) -> None:
    body, status, slug = BAD[name]
    response = _post(live_server, "/v1/evaluations", body, auth)
    assert (response.status_code, response.headers["content-type"]) == (status, PROBLEM)
    problem = response.json()
    assert (problem["type"], problem["status"]) == (PROBLEMS + slug, status)
    if name not in ("deep", "empty"):
        assert problem["details"][0]["path"] == (FX if slug == "validation-failed" else ROLE)
    if name != "empty":  # the CLI names an empty file instead
        source = tmp_path / "situation.json"
        source.write_bytes(body)
        cli = batna("evaluate", str(source))
        assert cli.returncode == 2
        assert json.loads(cli.stdout) == problem


@pytest.mark.parametrize("name", ["deep", "bad-byte", "huge"])
def test_what_if_refuses_the_same_bodies(live_server: str, auth: dict[str, str], name: str) -> None:
    body, status, slug = BAD[name]
    response = _post(live_server, "/v1/evaluations:what-if", body, auth)
    assert (response.status_code, response.json()["type"]) == (status, PROBLEMS + slug)


@pytest.mark.parametrize("cap", ["0", "-5", "abc"])
def test_what_if_cap_below_one_is_422(live_server: str, auth: dict[str, str], cap: str) -> None:
    body = document(ROLE, b'"Engineer"')
    response = _post(live_server, f"/v1/evaluations:what-if?cap={cap}", body, auth)
    assert (response.status_code, response.headers["content-type"]) == (422, PROBLEM)
    assert [(d["code"], d["path"]) for d in response.json()["details"]] == [
        ("INVALID_PARAMETER", "/query/cap")
    ]


def test_batch_body_nested_too_deep_is_400(live_server: str, auth: dict[str, str]) -> None:
    body = b'{"situations": [' + DEEP + b"]}"
    response = _post(live_server, "/v1/evaluations:batch", body, auth)
    assert (response.status_code, response.json()["error"]) == (400, "MALFORMED_JSON")


def test_batch_item_with_a_huge_number_fails_alone(live_server: str, auth: dict[str, str]) -> None:
    good = document(ROLE, b'"Engineer"')
    body = b'{"situations": [' + good + b"," + document(FX, HUGE) + b"]}"
    response = _post(live_server, "/v1/evaluations:batch", body, auth)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [200, 422]
    assert results[1]["problem"]["details"][0]["path"] == FX
