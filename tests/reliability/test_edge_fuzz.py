"""Fuzz every operation over real HTTP with hostile bodies and queries: never a 500.

Random bytes, nesting far past any situation's depth, text in other encodings, invalid
UTF-8 and lone surrogates, numbers with absurd digit counts or exponents, and random
query strings go to every operation of a live ``batna serve``. Each answer must be a
4xx ``application/problem+json`` (or a success), never a 5xx. Hypothesis draws a fresh
seed on every run and prints it with any failure, so a failure can be replayed.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BODY_OPERATIONS = (
    ("POST", "/v1/evaluations", "application/json"),
    ("POST", "/v1/evaluations:batch", "application/json"),
    ("POST", "/v1/evaluations:what-if", "application/json"),
    ("POST", "/v1/batches", "application/x-ndjson"),
    ("POST", "/v1/batches", "text/csv"),
)
QUERY_OPERATIONS = (
    ("GET", "/v1/evaluations"),
    ("GET", "/v1/batches/{id}"),
    ("GET", "/v1/evaluations/{id}"),
    ("DELETE", "/v1/evaluations/{id}"),
    ("POST", "/v1/evaluations:what-if"),
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _huge_number(most: int = 300_000) -> st.SearchStrategy[str]:
    digits = st.integers(min_value=1, max_value=most).map(lambda n: "7" * n)
    exponent = st.integers(min_value=10, max_value=10**30).map(str)
    return st.one_of(
        digits.map(lambda d: f"{d}.5"),
        exponent.map(lambda e: f"1e{e}"),
        exponent.map(lambda e: f"0e{e}"),
        exponent.map(lambda e: f"1e-{e}"),
    )


def _situation_with(value: str) -> bytes:
    return (
        '{"schema_version":"1.0","person":{"negotiating_as":"employee","role_title":"x",'
        f'"currency":"USD","current_base_salary":{value}}},"outside_offer":{{"status":"none"}},'
        '"alternatives":{"batna_strength":"weak","prepared_to_walk_away":false},'
        '"ask":{"type":"raise","framing":"question","disclosure_to_manager":"none"}}'
    ).encode()


def bodies() -> st.SearchStrategy[bytes]:
    text = st.text(max_size=200)
    return st.one_of(
        st.binary(max_size=2000),
        st.integers(min_value=1, max_value=5000).map(lambda n: b"[" * n + b"]" * n),
        st.integers(min_value=1, max_value=5000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
        text.map(lambda t: ('{"person":{"role_title":"%s"}}' % t).encode("utf-16")),  # noqa: UP031
        text.map(lambda t: ('{"person":{"role_title":"%s"}}' % t).encode("latin-1", "replace")),  # noqa: UP031
        st.sampled_from([b"\xff", b"\xed\xa0\x80", b"\xc0\xaf", b'"\\ud800"', b"\x00"]).map(
            lambda bad: b'{"person":{"role_title":"' + bad + b'"}}'
        ),
        _huge_number().map(_situation_with),
        st.just(b'{"situations":[' + b",".join([_situation_with("1e99999")] * 3) + b"]}"),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


@pytest.fixture(scope="module")
def http(live_server: str, auth: dict[str, str]) -> httpx.Client:
    with httpx.Client(base_url=live_server, headers=auth, timeout=60) as client:
        yield client  # type: ignore[misc]


def _check(response: httpx.Response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json"), what


@pytest.mark.parametrize(("method", "path", "media"), BODY_OPERATIONS)
def test_hostile_bodies_never_get_a_500(
    http: httpx.Client, method: str, path: str, media: str
) -> None:
    @FUZZ
    @given(body=bodies())
    def run(body: bytes) -> None:
        response = http.request(method, path, content=body, headers={"content-type": media})
        _check(response, f"{method} {path} {body[:80]!r}")

    run()


@pytest.mark.parametrize(("method", "path"), QUERY_OPERATIONS)
def test_hostile_queries_and_ids_never_get_a_500(
    http: httpx.Client, method: str, path: str
) -> None:
    names = st.sampled_from(
        [
            "limit",
            "cursor",
            "rule",
            "recommendation",
            "created_after",
            "created_before",
            "cap",
            "hint",
            "start",
            "x",
        ]
    )
    values = st.one_of(
        st.text(max_size=80),
        _huge_number(5000),  # a URL stays under the server's bound on a request head
        st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "-1", ""]),
    )

    @FUZZ
    @given(query=st.dictionaries(names, values, max_size=4), ident=st.text(max_size=60))
    def run(query: dict[str, str], ident: str) -> None:
        target = path.replace("{id}", quote(ident or str(uuid.uuid4()), safe=""))
        response = http.request(method, target, params=query, json={} if method == "POST" else None)
        _check(response, f"{method} {target} {query}")

    run()
