"""GET /v1/evaluations/{id} in words: Accept: text/markdown, JSON staying the default."""

from __future__ import annotations

import json

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from batna.api.media import preferred
from batna.engine import Engine
from batna.render import render_markdown
from batna.schemas.records import EvaluationRecord
from tests.conftest import CASES

MARKDOWN = "text/markdown; charset=utf-8"
OFFERED = ("application/json", "text/markdown")


def _stored(client: TestClient[Litestar], case: str, **params: str) -> str:
    payload = json.loads((CASES / f"{case}.json").read_text())["payload"]
    response = client.post("/v1/evaluations", json=payload, params=params)
    assert response.status_code == 201, response.text
    location: str = response.headers["location"]
    return location


def test_tc04_as_markdown_is_render_markdown_of_the_stored_evaluation(
    client: TestClient[Litestar], engine: Engine
) -> None:
    location = _stored(client, "TC-04")
    answer = client.get(location, headers={"Accept": "text/markdown"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == MARKDOWN
    assert "accept" in answer.headers["vary"].lower()
    record = msgspec.json.decode(client.get(location).content, type=EvaluationRecord)
    assert record.situation is not None
    expected = render_markdown(
        record.evaluation, situation=record.situation, sources=engine.ruleset.settings.sources
    )
    assert answer.text == expected
    assert answer.text.startswith("# Go ahead\n")
    assert "- leverage 95/100 (higher is better)" in answer.text
    assert "outside offer USD 180,000, 200% above your base pay" in answer.text


def test_json_stays_the_default(client: TestClient[Litestar]) -> None:
    location = _stored(client, "TC-04")
    for accept in (None, "*/*", "application/json", "application/json, text/markdown"):
        headers = {} if accept is None else {"Accept": accept}
        answer = client.get(location, headers=headers)
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/json", accept
        assert answer.json()["evaluation"]["overall_recommendation"] == "proceed"


def test_markdown_without_the_stored_situation_still_renders(
    client: TestClient[Litestar], engine: Engine
) -> None:
    location = _stored(client, "TC-06", store_situation="false")
    answer = client.get(location, headers={"Accept": "text/markdown;q=1, application/json;q=0.5"})
    assert answer.headers["content-type"] == MARKDOWN
    record = msgspec.json.decode(client.get(location).content, type=EvaluationRecord)
    assert record.situation is None
    sources = engine.ruleset.settings.sources
    assert answer.text == render_markdown(record.evaluation, sources=sources)
    assert "your baseline USD 92,000" in answer.text  # the currency of the suggested range


def test_an_unknown_id_is_still_a_problem(client: TestClient[Litestar]) -> None:
    answer = client.get(
        "/v1/evaluations/01a206d7-f33d-7000-8c33-ab38b57d882d",
        headers={"Accept": "text/markdown"},
    )
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_the_contract_declares_markdown(client: TestClient[Litestar]) -> None:
    document = client.get("/openapi.json").json()
    content = document["paths"]["/v1/evaluations/{evaluation_id}"]["get"]["responses"]["200"][
        "content"
    ]
    assert list(content) == ["application/json", "text/markdown"]
    assert content["text/markdown"]["schema"]["type"] == "string"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "application/json"),
        ("", "application/json"),
        ("*/*", "application/json"),
        ("text/markdown", "text/markdown"),
        ("TEXT/Markdown; charset=utf-8", "text/markdown"),
        ("text/*", "text/markdown"),
        ("text/markdown, */*", "text/markdown"),
        ("application/json, text/markdown", "application/json"),
        ("text/markdown, application/json", "application/json"),
        ("text/markdown, application/json;q=0.9", "text/markdown"),
        ("text/markdown;q=0.5, application/json", "application/json"),
        ("text/markdown;q=0", "application/json"),
        ("text/markdown;q=0, */*", "application/json"),
        ("text/*;q=0.2, text/markdown;q=0", "application/json"),
        ("text/markdown;q=abc", "application/json"),
        ("text/markdown;q=nan", "application/json"),
        ("text/html", "application/json"),
        ("garbage, ;;, /", "application/json"),
    ],
)
def test_preferred_media_type(accept: str | None, chosen: str) -> None:
    assert preferred(accept, OFFERED) == chosen
