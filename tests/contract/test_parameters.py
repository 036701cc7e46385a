"""Query parameters take every value their schema allows (schemathesis sends them all).

A value the contract allows and the server refuses is a broken promise; one it cannot
parse must not be a 500.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import load_case

ENCODER = msgspec.json.Encoder(decimal_format="number")


def _body(case: str) -> Any:
    return json.loads(ENCODER.encode(load_case(case)["payload"]))


@pytest.mark.parametrize(
    "query",
    [
        "cursor=",
        "cursor=xyz",
        "cursor=%00abc",
        "cursor=zzzz",
        "created_after=2000-01-01t00:00:00z",
        "created_after=2016-12-31T23:59:60Z",
        "created_after=0001-01-01T00:00:00%2B01:00",
        "created_before=9999-12-31T23:59:59-23:59",
        "created_after=0000-01-01T00:00:00Z",
        "created_after=2000-01-01T00:00:00.123456789%2B05:30",
    ],
)
def test_listing_takes_every_value_its_schema_allows(
    client: TestClient[Litestar], query: str
) -> None:
    response = client.get(f"/v1/evaluations?{query}")
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"items", "next_cursor"}


@pytest.mark.parametrize(
    "query",
    [
        "created_after=2000-01-01 00:00:00Z",
        "created_after=2016-12-31T22:59:60Z",
        "created_after=2001-02-29T00:00:00Z",
        "created_after=2000-01-01T00:00:00%2B24:00",
        "created_after=%D9%A2%D9%A0%D9%A0%D9%A0-01-01T00:00:00Z",
    ],
)
def test_listing_still_refuses_what_is_not_a_date_time(
    client: TestClient[Litestar], query: str
) -> None:
    response = client.get(f"/v1/evaluations?{query}")
    assert response.status_code == 422, response.text
    assert [d["path"] for d in response.json()["details"]] == ["/query/created_after"]


def test_a_cursor_resumes_before_its_position(client: TestClient[Litestar]) -> None:
    """Any text is a position in id order: the last id as cursor leaves it out."""
    first = client.get("/v1/evaluations?limit=1").json()
    if not first["items"]:
        client.post("/v1/evaluations", json=_body("TC-04"))
        first = client.get("/v1/evaluations?limit=1").json()
    newest = first["items"][0]["id"]
    after = client.get(f"/v1/evaluations?cursor={newest}").json()["items"]
    assert newest not in [item["id"] for item in after]
    assert client.get("/v1/evaluations?cursor=0").json()["items"] == []


@pytest.mark.parametrize("digits", [0, 5000], ids=["limit+1", "5001-digits"])
def test_a_what_if_cap_over_the_limit_is_lowered_to_it(
    app: Litestar, client: TestClient[Litestar], digits: int
) -> None:
    """The contract sets no maximum (the limit is the server's setting); 4,301 digits were a 500."""
    limit = app.state.services.settings.what_if_cap
    cap = "1" + "0" * digits if digits else str(limit + 1)
    response = client.post(f"/v1/evaluations:what-if?cap={cap}", json=_body("TC-04"))
    assert response.status_code == 200, response.text
    assert response.json()["cap"] == limit
