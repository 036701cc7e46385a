"""The decision export over real HTTP, on this run's database (SQLite or PostgreSQL).

Records are seeded with bulk inserts (tests/decisions.py) for two tenants, then read back
through ``batna serve``: every expectation is worked out from the database or from
``GET /v1/evaluations/{id}``, never from the export itself.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

import httpx
import pytest

from batna.api.v1.export import PAGE
from batna.schemas.jsonout import ENCODER
from batna.store import migrate
from tests.conftest import fresh_database, load_case, new_key, sql
from tests.decisions import seed_decisions
from tests.servers import serve

if TYPE_CHECKING:
    from collections.abc import Iterator

    from batna.engine import Engine

EXPORT = "/v1/evaluations:export"
RECORDS = 2 * PAGE + 300  # three pages
RIVAL = 200


class World(NamedTuple):
    url: str
    base: str
    acme: dict[str, str]
    rival: dict[str, str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("export")
    with fresh_database(folder, "export") as url:
        migrate.upgrade(url)
        seed_decisions(url, "acme", RECORDS, engine)
        seed_decisions(url, "rival", RIVAL, engine, seed=5, skip_every=0)
        acme = {"Authorization": f"Bearer {new_key(url, 'acme')}"}
        rival = {"Authorization": f"Bearer {new_key(url, 'rival')}"}
        with serve(folder / "server.log", url) as server:
            yield World(url, server.base, acme, rival)


def _stored(url: str, tenant: str) -> list[tuple[str, datetime]]:
    """The tenant's records as the database holds them: (id, created_at), any order."""
    rows = sql(
        url,
        "SELECT e.id, e.created_at FROM evaluations e JOIN tenants t ON t.id = e.tenant_id "
        "WHERE t.name = :tenant",
        tenant=tenant,
    )
    out = []
    for record_id, created in rows:
        moment = created if isinstance(created, datetime) else datetime.fromisoformat(created)
        out.append((record_id, moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment))
    return out


def _export(world: World, query: str = "", who: str = "acme") -> tuple[httpx.Response, list[bytes]]:
    headers = world.acme if who == "acme" else world.rival
    response = httpx.get(f"{world.base}{EXPORT}{query}", headers=headers, timeout=120)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = response.content.split(b"\n")
    assert lines[-1] == b"", "every line ends with a newline"
    return response, lines[:-1]


def _ids(lines: list[bytes]) -> list[str]:
    return [json.loads(line)["id"] for line in lines]


def _post(world: World) -> str:
    payload = json.loads(ENCODER.encode(load_case("TC-04")["payload"]))
    created = httpx.post(f"{world.base}/v1/evaluations", json=payload, headers=world.acme)
    assert created.status_code == 201, created.text
    return str(created.headers["location"].rsplit("/", 1)[1])


def test_each_line_is_the_record_as_get_returns_it_in_id_order(world: World) -> None:
    response, lines = _export(world)
    ids = _ids(lines)
    assert ids == sorted(record_id for record_id, _ in _stored(world.url, "acme"))
    assert len(ids) > 2 * PAGE, "the export spans several pages"
    assert response.headers["export-last-id"] == ids[-1]
    with httpx.Client(base_url=world.base, headers=world.acme, timeout=30) as client:
        for record_id, line in zip(ids, lines, strict=True):
            one = client.get(f"/v1/evaluations/{record_id}")
            assert one.status_code == 200
            assert one.content == line, record_id
    kept = [json.loads(line)["situation"] is not None for line in lines]
    assert any(kept)
    assert not all(kept), "records without a kept situation are exported too"


def test_the_colon_route_leaves_the_id_routes_alone(world: World) -> None:
    record_id = _stored(world.url, "acme")[0][0]
    one = httpx.get(f"{world.base}/v1/evaluations/{record_id}", headers=world.acme)
    assert one.status_code == 200
    assert one.headers["content-type"] == "application/json"
    assert one.json()["id"] == record_id
    # No id route takes ":export": deleting it is no erasure of a record called so.
    gone = httpx.delete(f"{world.base}{EXPORT}", headers=world.acme)
    assert gone.status_code == 405
    assert httpx.get(f"{world.base}{EXPORT}").status_code == 401


@pytest.mark.parametrize(
    ("query", "low", "high"),
    [
        (
            "?created_after=2025-03-03T00:00:00Z&created_before=2025-03-10T00:00:00Z",
            datetime(2025, 3, 3, tzinfo=UTC),
            datetime(2025, 3, 10, tzinfo=UTC),
        ),
        (
            "?created_after=2025-03-03T11:10:00%2B02:00",
            datetime(2025, 3, 3, 9, 10, tzinfo=UTC),
            None,
        ),
        ("?created_before=2025-03-01T09:05:00Z", None, datetime(2025, 3, 1, 9, 5, tzinfo=UTC)),
        ("?created_after=2030-01-01T00:00:00Z", datetime(2030, 1, 1, tzinfo=UTC), None),
    ],
)
def test_date_filters_select_by_created_at(
    world: World, query: str, low: datetime | None, high: datetime | None
) -> None:
    expected = sorted(
        record_id
        for record_id, created in _stored(world.url, "acme")
        if (low is None or created >= low) and (high is None or created < high)
    )
    response, lines = _export(world, query)
    assert _ids(lines) == expected
    assert response.headers.get("export-last-id") == (expected[-1] if expected else None)


def test_a_cursor_resumes_with_exactly_the_rest(world: World) -> None:
    _, lines = _export(world)
    ids = _ids(lines)
    for k in (0, PAGE - 1, PAGE, PAGE + 277, len(ids) - 2):
        _, rest = _export(world, f"?cursor={ids[k]}")
        assert rest == lines[k + 1 :], k
    response, nothing = _export(world, f"?cursor={ids[-1]}")
    assert nothing == []
    assert "export-last-id" not in response.headers
    # With a date window (each way the store bounds one), a resumed export is the rest of it.
    for window in (
        "created_after=2025-03-03T00:00:00Z&created_before=2025-03-10T00:00:00Z",
        "created_after=2025-03-03T09:10:00Z",
        "created_before=2025-03-03T09:10:00Z",
    ):
        _, inside = _export(world, f"?{window}")
        assert len(inside) > PAGE // 2 + 1, window
        _, later = _export(world, f"?{window}&cursor={_ids(inside)[PAGE // 2]}")
        assert later == inside[PAGE // 2 + 1 :], window


def test_a_broken_download_resumes_without_gaps_or_duplicates(world: World) -> None:
    _, full = _export(world)
    received = b""
    cursor, target = "", None
    for cut in (PAGE * 1000, PAGE * 3000, None):  # bytes to read before the line breaks
        url = f"{world.base}{EXPORT}" + (f"?cursor={cursor}" if cursor else "")
        with httpx.stream("GET", url, headers=world.acme, timeout=120) as response:
            assert response.status_code == 200
            target = target or response.headers["export-last-id"]
            got = b""
            for chunk in response.iter_raw():
                got += chunk
                if cut is not None and len(got) >= cut:
                    break
        complete = got[: got.rfind(b"\n") + 1]  # a partial last line is dropped
        received += complete
        cursor = _ids(complete.splitlines())[-1]
        if cursor == target:
            break
    assert cursor == target
    assert received.splitlines() == full


def test_records_stored_during_an_export_wait_for_the_next(world: World) -> None:
    url = f"{world.base}{EXPORT}"
    with httpx.stream("GET", url, headers=world.acme, timeout=120) as response:
        last = response.headers["export-last-id"]
        chunks = response.iter_bytes()
        body = next(chunks)
        newer = _post(world)
        body += b"".join(chunks)
    ids = _ids(body.splitlines())
    assert newer not in ids
    assert ids[-1] == last
    response, lines = _export(world, f"?cursor={last}")
    assert _ids(lines) == [newer]
    assert response.headers["export-last-id"] == newer


def test_another_tenants_records_never_appear(world: World) -> None:
    _, acme_lines = _export(world)
    _, rival_lines = _export(world, who="rival")
    rival_ids = _ids(rival_lines)
    assert rival_ids == sorted(record_id for record_id, _ in _stored(world.url, "rival"))
    assert len(rival_ids) == RIVAL
    assert not set(rival_ids) & set(_ids(acme_lines))
    # An acme id as the rival's cursor is only a position among the rival's own records.
    middle = _ids(acme_lines)[len(acme_lines) // 2]
    _, after = _export(world, f"?cursor={middle}", who="rival")
    assert _ids(after) == [i for i in rival_ids if i > middle]


def test_an_erased_record_is_not_exported_and_still_a_cursor(world: World) -> None:
    fresh = _post(world)
    ids = _ids(_export(world)[1])
    assert fresh in ids
    seeded = ids[PAGE + 10]
    for record_id in (fresh, seeded):
        erased = httpx.delete(f"{world.base}/v1/evaluations/{record_id}", headers=world.acme)
        assert erased.status_code == 204
    _, lines = _export(world)
    remaining = [i for i in ids if i not in (fresh, seeded)]
    assert _ids(lines) == remaining
    _, after = _export(world, f"?cursor={seeded}")
    assert _ids(after) == [i for i in remaining if i > seeded]


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("created_after=yesterday", "/query/created_after"),
        ("created_before=2025-02-30T00:00:00Z", "/query/created_before"),
        (
            "created_after=2025-03-10T00:00:00Z&created_before=2025-03-01T00:00:00Z",
            "/query/created_after",
        ),
        (
            "created_after=2025-03-01T00:00:00Z&created_after=2025-03-02T00:00:00Z",
            "/query/created_after",
        ),
        ("cursor=xyz", "/query/cursor"),
        ("cursor=", "/query/cursor"),
        ("cursor=%00", "/query/cursor"),
        ("cursor=0190A7C4-8E1B-7C3D-9F00-0123456789AB", "/query/cursor"),
    ],
)
def test_bad_parameters_are_a_422_naming_them(world: World, query: str, path: str) -> None:
    response = httpx.get(f"{world.base}{EXPORT}?{query}", headers=world.acme)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [d["path"] for d in response.json()["details"]] == [path]
