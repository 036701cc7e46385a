"""Hostile bodies over real HTTP: a 4xx problem that says why, never a 500, same as the CLI."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Final

import httpx
import pytest

from tests.bad_input import DEEP, FX, HUGE, PROBLEMS, ROLE, batna, document
from tests.conftest import load_case

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


# --- uploads: a row the reader cannot read is an invalid row, never a 500 ---------------

JSONL = "application/x-ndjson"
CSV = "text/csv"


def _flat(node: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in node.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            out[prefix + key] = ";".join(value)
        else:
            out[prefix + key] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


GOOD: Final = {**_flat(load_case("TC-04")["payload"]), "person.tenure_months": "24"}
HEADER: Final = ",".join(GOOD).encode() + b"\n"


def _csv_row(**cells: bytes) -> bytes:
    """TC-04 as a CSV row, with some cells (by dotted path, ``.`` as ``__``) set verbatim."""
    values = {path: value.encode() for path, value in GOOD.items()}
    values |= {name.replace("__", "."): raw for name, raw in cells.items()}
    return b",".join(values.values()) + b"\n"


def _upload(base: str, auth: dict[str, str], data: bytes, media: str) -> list[dict[str, Any]]:
    """Upload, wait until every row is settled, and return the result lines."""
    created = httpx.post(
        f"{base}/v1/batches", content=data, headers={**auth, "content-type": media}, timeout=60
    )
    assert created.status_code == 202, created.text
    location = base + created.headers["location"]
    deadline = time.monotonic() + 60
    while httpx.get(location, headers=auth, timeout=30).json()["status"] != "done":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    lines = httpx.get(f"{location}/results", headers=auth, timeout=60).content.splitlines()
    return [json.loads(line) for line in lines]


def _local(tmp_path: Path, data: bytes, suffix: str) -> list[dict[str, Any]]:
    """The same file through ``batna batch`` (no server)."""
    source, out = tmp_path / f"in{suffix}", tmp_path / "out.jsonl"
    source.write_bytes(data)
    batna("batch", str(source), "-o", str(out), "--quiet", "--processes", "1")
    return [json.loads(line) for line in out.read_bytes().splitlines()]


def _outcomes(results: list[dict[str, Any]]) -> list[tuple[int, int, list[tuple[str, str]]]]:
    return [
        (
            r["row"],
            r["status"],
            [(d["code"], d["path"]) for d in r.get("problem", {}).get("details", [])],
        )
        for r in results
    ]


def _same_as_cli(results: list[dict[str, Any]], tmp_path: Path, data: bytes, suffix: str) -> None:
    local = _local(tmp_path, data, suffix)
    for result in results:  # evaluations carry no id: the lines are equal as they stand
        assert result.get("evaluation", {}).get("id") is None
    assert results == local


def test_a_csv_cell_over_the_reader_limit_is_an_invalid_row(
    live_server: str, auth: dict[str, str], tmp_path: Path
) -> None:
    huge = b'"' + b"x" * 200_000 + b'"'
    data = HEADER + _csv_row() + _csv_row(person__role_title=huge) + _csv_row()
    results = _upload(live_server, auth, data, CSV)
    assert _outcomes(results) == [(0, 200, []), (1, 422, [("INVALID_ROW", "")]), (2, 200, [])]
    message = results[1]["problem"]["details"][0]["message"]
    assert "131,072" in message
    assert "line 3" in message
    _same_as_cli(results, tmp_path, data, ".csv")


@pytest.mark.parametrize("swallowed", [600, 100], ids=["past-the-limit", "to-the-end"])
def test_an_unclosed_quote_is_one_invalid_row(
    live_server: str, auth: dict[str, str], tmp_path: Path, swallowed: int
) -> None:
    # 600 rows of about 300 bytes: the quoted cell passes the reader's limit, that row is
    # invalid, reading goes on after it. 100 rows: the cell runs to the end of the file.
    data = HEADER + _csv_row() + _csv_row(person__role_title=b'"Engineer')
    data += _csv_row() * swallowed
    results = _upload(live_server, auth, data, CSV)
    outcomes = _outcomes(results)
    assert outcomes[:2] == [(0, 200, []), (1, 422, [("INVALID_ROW", "")])]
    assert "quote left open?" in results[1]["problem"]["details"][0]["message"]
    if swallowed == 600:
        assert len(results) > 3
        assert all(status == 200 for _, status, _ in outcomes[-3:])
    else:
        assert len(results) == 2
    _same_as_cli(results, tmp_path, data, ".csv")


def test_one_jsonl_row_with_bad_utf8_fails_alone(
    live_server: str, auth: dict[str, str], tmp_path: Path
) -> None:
    good = document(ROLE, b'"Engineer"')
    data = good + b"\n" + document(ROLE, b'"caf\xff"') + b"\n" + good + b"\n"
    results = _upload(live_server, auth, data, JSONL)
    assert _outcomes(results) == [(0, 200, []), (1, 422, [("INVALID_UTF8", ROLE)]), (2, 200, [])]
    assert "invalid UTF-8" in results[1]["problem"]["details"][0]["message"]
    _same_as_cli(results, tmp_path, data, ".jsonl")


def test_a_file_that_is_not_utf8_is_kept_as_invalid_rows(
    live_server: str, auth: dict[str, str]
) -> None:
    results = _upload(live_server, auth, b"\xff\xfe{\x00}\x00\n", JSONL)
    assert _outcomes(results) == [(0, 422, [("MALFORMED_JSON", "")])]


def test_a_csv_cell_with_bad_utf8_fails_its_row(
    live_server: str, auth: dict[str, str], tmp_path: Path
) -> None:
    data = HEADER + _csv_row(person__role_title=b"caf\xe9") + _csv_row()
    results = _upload(live_server, auth, data, CSV)
    assert _outcomes(results) == [(0, 422, [("INVALID_TYPE", ROLE)]), (1, 200, [])]
    _same_as_cli(results, tmp_path, data, ".csv")


SALARY: Final = "/person/current_base_salary"
TENURE: Final = "/person/tenure_months"


@pytest.mark.parametrize(
    ("cells", "path"),
    [
        ({"person__tenure_months": "٣".encode()}, TENURE),  # Arabic-Indic digit three
        ({"person__current_base_salary": "٣٣٣٣٣".encode()}, SALARY),
        ({"person__current_base_salary": b"60_000"}, SALARY),
        ({"person__tenure_months": b"2_4"}, TENURE),
        ({"person__current_base_salary": "６００００".encode()}, SALARY),  # fullwidth digits
        ({"person__current_base_salary": b"+60000"}, SALARY),
        ({"person__current_base_salary": b"NaN"}, SALARY),
        ({"person__current_base_salary": b"Infinity"}, SALARY),
        ({"person__current_base_salary": b"0x10"}, SALARY),
        ({"person__current_base_salary": b"060000"}, SALARY),
        ({"person__current_base_salary": b"60000."}, SALARY),
    ],
    ids=lambda v: str(v)[:40],
)
def test_csv_numbers_are_ascii_digits_in_json_grammar(
    live_server: str, auth: dict[str, str], tmp_path: Path, cells: dict[str, bytes], path: str
) -> None:
    data = HEADER + _csv_row(**cells) + _csv_row(person__current_base_salary=b"6e4")
    results = _upload(live_server, auth, data, CSV)
    assert _outcomes(results) == [(0, 422, [("INVALID_TYPE", path)]), (1, 200, [])]
    _same_as_cli(results, tmp_path, data, ".csv")


def test_a_duplicate_csv_column_is_422_naming_it(
    live_server: str, auth: dict[str, str], tmp_path: Path
) -> None:
    header = HEADER.rstrip(b"\n") + b",person.currency,ask.framing\n"
    data = header + _csv_row().rstrip(b"\n") + b",EUR,threat\n"
    response = httpx.post(
        f"{live_server}/v1/batches", content=data, headers={**auth, "content-type": CSV}, timeout=30
    )
    assert (response.status_code, response.headers["content-type"]) == (422, PROBLEM)
    problem = response.json()
    width = len(GOOD)
    names = list(GOOD)
    assert [(d["code"], d["path"]) for d in problem["details"]] == [
        ("DUPLICATE_COLUMN", f"/columns/{width}"),
        ("DUPLICATE_COLUMN", f"/columns/{width + 1}"),
    ]
    first = problem["details"][0]["message"]
    assert "'person.currency'" in first
    assert f"column {names.index('person.currency')}" in first
    source = tmp_path / "dup.csv"
    source.write_bytes(data)
    cli = batna("batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--quiet")
    assert cli.returncode == 2
    assert json.loads(cli.stdout) == problem


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59-00:01",
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00+00:01",
    ],
)
@pytest.mark.parametrize("name", ["created_after", "created_before"])
def test_a_listing_bound_past_the_calendar_is_not_a_500(
    live_server: str, auth: dict[str, str], name: str, moment: str
) -> None:
    response = httpx.get(
        f"{live_server}/v1/evaluations", params={name: moment, "limit": 1}, headers=auth, timeout=30
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
