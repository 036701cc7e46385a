"""The real ``batna`` refuses bad input as the API does: exit 2, one problem, no traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.bad_input import DEEP, FX, HUGE, PROBLEMS, ROLE, batna, document


def _refused(done: subprocess.CompletedProcess[bytes], slug: str) -> dict[str, Any]:
    """The one problem document printed; nothing on stderr, exit status 2."""
    assert (done.returncode, done.stderr) == (2, b""), done.stderr.decode(errors="replace")
    problem: dict[str, Any] = json.loads(done.stdout)  # one document: trailing text fails
    assert problem["type"] == PROBLEMS + slug
    assert {"title", "status", "detail", "error"} <= problem.keys()
    return problem


def _file(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "situation.json"
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("verb", ["evaluate", "what-if"])
def test_deep_nesting_is_malformed_not_a_recursion_error(tmp_path: Path, verb: str) -> None:
    assert len(DEEP) < 2100
    problem = _refused(batna(verb, _file(tmp_path, DEEP)), "malformed-json")
    assert "nested too deeply" in problem["detail"]


@pytest.mark.parametrize(
    "text",
    [b"caf\xff", b"a\xed\xa0\x80b", b"\xc0\xaf", b"\xe2\x82", b"a\\ud800b", b"\\udc00"],
    ids=["bad-byte", "utf8-surrogate", "overlong", "cut-short", "lone-high", "lone-low"],
)
@pytest.mark.parametrize("verb", ["evaluate", "what-if"])
def test_text_that_is_not_utf8_names_its_field(tmp_path: Path, text: bytes, verb: str) -> None:
    source = _file(tmp_path, document(ROLE, b'"' + text + b'"'))
    problem = _refused(batna(verb, source), "malformed-json")
    assert [(d["code"], d["path"]) for d in problem["details"]] == [("INVALID_UTF8", ROLE)]
    assert problem["detail"].endswith(f"in {ROLE}")


@pytest.mark.parametrize(
    ("path", "number", "code"),
    [
        (FX, HUGE, "FX_RATE_INVALID"),
        (FX, b"0e99999999999999999999", "FX_RATE_INVALID"),
        (FX, b"-1E-999999999999999999999", "FX_RATE_INVALID"),
        ("/person/current_base_salary", HUGE, "AMOUNT_OUT_OF_RANGE"),
        ("/alternatives/savings_runway_months", b"2.5e99999999999999999999", "RUNWAY_INVALID"),
    ],
)
def test_a_number_beyond_decimal_is_a_422_on_its_field(
    tmp_path: Path, path: str, number: bytes, code: str
) -> None:
    problem = _refused(
        batna("evaluate", _file(tmp_path, document(path, number))), "validation-failed"
    )
    assert (problem["status"], problem["details"][0]["code"], problem["details"][0]["path"]) == (
        422,
        code,
        path,
    )
    assert number.decode() in problem["details"][0]["message"]


def test_fx_rate_bounds_are_said_as_they_are(tmp_path: Path) -> None:
    problem = _refused(
        batna("evaluate", _file(tmp_path, document(FX, b"1e308"))), "validation-failed"
    )
    (issue,) = problem["details"]
    assert issue == {
        "code": "FX_RATE_INVALID",
        "path": FX,
        "message": "Must be greater than 0 and at most 1000000.",
    }


@pytest.mark.parametrize("verb", ["evaluate", "what-if"])
def test_an_endless_file_is_refused_at_the_api_limit(verb: str) -> None:
    # /dev/zero never ends: only a read bounded at the limit can answer at all.
    problem = _refused(batna(verb, "/dev/zero"), "too-large")
    assert (problem["status"], problem["error"]) == (413, "TOO_LARGE")
    assert "limit of 1048576 bytes (BATNA_MAX_BODY_BYTES)" in problem["detail"]
    with Path("/dev/zero").open("rb") as endless:
        piped = _refused(batna(verb, "-", stdin=endless), "too-large")
    assert piped["detail"].startswith("stdin is over the limit of 1048576 bytes")


def test_the_limit_is_the_api_setting(tmp_path: Path) -> None:
    source = _file(tmp_path, document(ROLE, b'"Engineer"'))
    assert batna("evaluate", source).returncode == 0
    small = {"BATNA_MAX_BODY_BYTES": "500"}
    problem = _refused(batna("evaluate", source, env=small), "too-large")
    assert "over the limit of 500 bytes" in problem["detail"]


@pytest.mark.parametrize("verb", ["evaluate", "what-if"])
def test_missing_and_empty_files_say_so(tmp_path: Path, verb: str) -> None:
    missing = _refused(batna(verb, str(tmp_path / "nope.json")), "bad-input")
    assert missing["detail"] == f"The file {tmp_path / 'nope.json'} does not exist."
    folder = _refused(batna(verb, str(tmp_path)), "bad-input")
    assert "is a directory" in folder["detail"]
    for data in (b"", b" \n"):
        empty = _refused(batna(verb, _file(tmp_path, data)), "malformed-json")
        assert empty["detail"].endswith("situation.json is empty.")
    with Path("/dev/null").open("rb") as nothing:
        assert _refused(batna(verb, "-", stdin=nothing), "malformed-json")["detail"] == (
            "stdin is empty."
        )


@pytest.mark.parametrize("cap", ["0", "-5", "abc", "1.5", ""])
def test_what_if_cap_below_one_is_refused(tmp_path: Path, cap: str) -> None:
    source = _file(tmp_path, document(ROLE, b'"Engineer"'))
    problem = _refused(batna("what-if", f"--cap={cap}", source), "validation-failed")
    assert [(d["code"], d["path"]) for d in problem["details"]] == [
        ("INVALID_PARAMETER", "/options/cap")
    ]


def test_what_if_cap_of_one_is_used(tmp_path: Path) -> None:
    source = _file(tmp_path, document(ROLE, b'"Engineer"'))
    done = batna("what-if", "--cap", "1", source)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cap"] == 1


@pytest.mark.parametrize("name", ["rows.jsonl", "rows.csv"])
def test_batch_refuses_a_missing_or_empty_file(tmp_path: Path, name: str) -> None:
    out = str(tmp_path / "out.jsonl")
    missing = _refused(batna("batch", str(tmp_path / name), "-o", out), "bad-input")
    assert missing["detail"].endswith(f"{name} does not exist.")
    (tmp_path / name).write_bytes(b"\n \n")
    empty = _refused(batna("batch", str(tmp_path / name), "-o", out), "bad-input")
    assert empty["detail"].endswith(f"{name} is empty.")


def test_batch_keeps_each_bad_row_as_an_invalid_row(tmp_path: Path) -> None:
    rows = [
        document(ROLE, b'"Engineer"'),
        DEEP,
        document(ROLE, b'"caf\xff"'),
        document(FX, HUGE),
        document(ROLE, b'"\\ud800"'),
    ]
    source = tmp_path / "rows.jsonl"
    source.write_bytes(b"\n".join(rows) + b"\n")
    out = tmp_path / "out.jsonl"
    done = batna("batch", str(source), "-o", str(out), "-q", "--processes", "1")
    assert (done.returncode, done.stderr) == (1, b"")  # 1: some rows failed validation
    lines = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert [line["status"] for line in lines] == [200, 422, 422, 422, 422]
    found = [[(d["code"], d["path"]) for d in line["problem"]["details"]] for line in lines[1:]]
    assert found == [
        [("MALFORMED_JSON", "")],
        [("INVALID_UTF8", ROLE)],
        [("FX_RATE_INVALID", FX)],
        [("INVALID_UTF8", ROLE)],
    ]


def test_batch_csv_cell_with_bad_utf8_fails_its_row(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_bytes(b"schema_version,person.role_title\n1.0,caf\xff\n")
    out = tmp_path / "out.jsonl"
    done = batna("batch", str(source), "-o", str(out), "-q", "--processes", "1")
    assert (done.returncode, done.stderr) == (1, b"")
    (line,) = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert ("INVALID_TYPE", ROLE) in [(d["code"], d["path"]) for d in line["problem"]["details"]]
