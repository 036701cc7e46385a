"""The server's edge over real HTTP: forwarded addresses, request heads, disconnects, charsets.

Each of these is decided in front of the app (uvicorn's protocol and its proxy-header
middleware, as ``batna serve`` configures them), so only a real server and a real socket
show them.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx
import pytest

from batna.config import Settings
from tests.conftest import load_case
from tests.servers import serve

PROBLEM = "application/problem+json"
BAD_KEY = {"Authorization": "Bearer batna_0123456789abcdef_wrong"}


def _raw(base: str, request: bytes, *, timeout: float = 10) -> tuple[bytes, float]:
    """Send ``request`` on a fresh connection; the whole answer (the server closes) and time."""
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)  # all of it: the server reads on, dropping, after refusing
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer, time.monotonic() - started


def _problem(answer: bytes) -> tuple[int, dict[str, str], dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, json.loads(body)


def _statuses(base: str, forwarded: list[str]) -> list[int]:
    return [
        httpx.get(
            f"{base}/v1/rulesets", headers={**BAD_KEY, "X-Forwarded-For": address}, timeout=30
        ).status_code
        for address in forwarded
    ]


def test_a_forged_forwarded_for_does_not_escape_the_failed_login_limit(
    tmp_path: Path, database_url: str
) -> None:
    rotating = [f"10.0.{i // 250}.{i % 250 + 1}" for i in range(8)]
    with serve(tmp_path / "server.log", database_url, BATNA_AUTH_FAILURE_LIMIT="3") as server:
        assert _statuses(server.base, rotating) == [401] * 3 + [429] * 5


def test_the_forwarded_for_of_a_trusted_proxy_is_the_client(
    tmp_path: Path, database_url: str
) -> None:
    env = {"BATNA_AUTH_FAILURE_LIMIT": "3", "BATNA_FORWARDED_ALLOW_IPS": "127.0.0.1"}
    rotating = [f"10.0.0.{i + 1}" for i in range(8)]
    with serve(tmp_path / "server.log", database_url, **env) as server:
        assert _statuses(server.base, rotating) == [401] * 8  # eight clients, one failure each
        assert _statuses(server.base, ["192.0.2.7"] * 5) == [401] * 3 + [429] * 2


@pytest.mark.parametrize(
    ("name", "request_bytes", "status"),
    [
        (
            "1 MB header",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n",
            431,
        ),
        (
            "1,000 headers",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
            + b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
            + b"\r\n",
            431,
        ),
        ("1 MB target", b"GET /healthz?" + b"a" * (1 << 20) + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("control character", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-C: a\x01b\r\n\r\n", 400),
        ("not HTTP", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 64, 400),
    ],
)
def test_a_request_head_the_server_refuses_is_a_problem(
    live_server: str, name: str, request_bytes: bytes, status: int
) -> None:
    answer, seconds = _raw(live_server, request_bytes)
    got, headers, problem = _problem(answer)
    assert (got, headers["content-type"], problem["status"]) == (status, PROBLEM, status), name
    assert headers["connection"] == "close"
    assert headers["x-content-type-options"] == "nosniff"
    assert problem["detail"]
    assert seconds < 5
    assert httpx.get(f"{live_server}/healthz", timeout=30).status_code == 200  # the server is fine


def test_headers_within_the_bounds_are_served(live_server: str) -> None:
    headers = {f"X-Trace-{i}": "v" * 200 for i in range(60)}  # 60 fields, about 13 KB
    assert httpx.get(f"{live_server}/healthz", headers=headers, timeout=30).status_code == 200


def _metric(base: str, route: str, status: int) -> float:
    wanted = f'batna_http_requests_total{{method="POST",route="{route}",status="{status}"}}'
    for line in httpx.get(f"{base}/metrics", timeout=30).text.splitlines():
        if line.startswith(wanted):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_client_that_leaves_mid_body_is_a_disconnect_not_a_500(
    tmp_path: Path, database_url: str, api_key: str
) -> None:
    log = tmp_path / "server.log"
    routes = {
        "/v1/evaluations": b"application/json",
        "/v1/batches": b"text/csv",
    }
    with serve(log, database_url) as server:
        base = server.base
        host, port = base.removeprefix("http://").split(":")
        for route, media in routes.items():
            with socket.create_connection((host, int(port))) as sock:
                sock.sendall(
                    b"POST " + route.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                    b"Authorization: Bearer " + api_key.encode() + b"\r\n"
                    b"Content-Type: " + media + b"\r\nContent-Length: 100000\r\n\r\n"
                    b'{"schema_version": "1.0", "person": '
                )
                time.sleep(0.3)  # the handler is waiting for the rest of the body
        deadline = time.monotonic() + 10
        while not all(_metric(base, route, 499) for route in routes):
            assert time.monotonic() < deadline, httpx.get(f"{base}/metrics").text
            time.sleep(0.1)
        assert [_metric(base, route, 500) for route in routes] == [0, 0]
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert not [line for line in lines if line["level"] == "error"]
    assert not [line for line in lines if "exc" in line]
    gone = [line for line in lines if line["msg"].startswith("client disconnected")]
    assert len(gone) == len(routes)
    access = [line for line in lines if line["msg"] == "request" and line["route"] in routes]
    assert sorted(line["status"] for line in access) == [499, 499]


@pytest.mark.parametrize(
    ("route", "content_type"),
    [
        ("/v1/evaluations", "application/json; charset=latin-1"),
        ("/v1/evaluations", 'application/json; charset="ISO-8859-1"'),
        ("/v1/evaluations:what-if", "application/json;charset=utf-16"),
        ("/v1/evaluations:batch", "application/json; charset=windows-1252"),
        ("/v1/batches", "text/csv; charset=latin-1"),
        ("/v1/batches", "application/x-ndjson; charset=utf-16le"),
    ],
)
def test_a_body_in_another_charset_is_415(
    live_server: str, auth: dict[str, str], route: str, content_type: str
) -> None:
    body = json.dumps(load_case("TC-04")["payload"], default=str).encode("latin-1")
    response = httpx.post(
        f"{live_server}{route}",
        content=body,
        headers={**auth, "content-type": content_type},
        timeout=60,
    )
    assert (response.status_code, response.headers["content-type"]) == (415, PROBLEM)
    assert "UTF-8" in response.json()["detail"]


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/json; charset=UTF-8"]
)
def test_a_body_declared_utf8_is_read(
    live_server: str, auth: dict[str, str], content_type: str
) -> None:
    body = json.dumps(load_case("TC-04")["payload"], default=str).encode()
    response = httpx.post(
        f"{live_server}/v1/evaluations:batch",
        content=b'{"situations": [' + body + b"]}",
        headers={**auth, "content-type": content_type},
        timeout=60,
    )
    assert response.status_code == 200


def test_the_trusted_proxies_setting_is_checked() -> None:
    base = {"BATNA_RULES_DIR": "rules"}
    assert Settings.from_env(base).forwarded_allow_ips == ()
    both = Settings.from_env({**base, "BATNA_FORWARDED_ALLOW_IPS": " 10.0.0.0/8, ::1 ,"})
    assert both.forwarded_allow_ips == ("10.0.0.0/8", "::1")
    assert Settings.from_env({**base, "BATNA_FORWARDED_ALLOW_IPS": "*"}).forwarded_allow_ips == (
        "*",
    )
    for bad in ("ingress-nginx", "10.0.0.0/33", "127.0.0.1 10.0.0.1"):
        with pytest.raises(ValueError, match="BATNA_FORWARDED_ALLOW_IPS"):
            Settings.from_env({**base, "BATNA_FORWARDED_ALLOW_IPS": bad})


def test_a_path_id_that_is_no_id_is_a_404_on_every_route(
    live_server: str, auth: dict[str, str]
) -> None:
    # A NUL reached PostgreSQL (which cannot bind it) from GET /v1/batches/%00: a 500.
    with httpx.Client(base_url=live_server, headers=auth, timeout=30) as client:
        _no_id_is_404(client)


def _no_id_is_404(http_client_for_ids: httpx.Client) -> None:
    for method, path in (
        ("GET", "/v1/batches/{}"),
        ("GET", "/v1/batches/{}/results"),
        ("GET", "/v1/batches/{}/report"),
        ("DELETE", "/v1/batches/{}"),
        ("GET", "/v1/evaluations/{}"),
        ("DELETE", "/v1/evaluations/{}"),
    ):
        for ident in ("%00", "a%00b", "not-an-id", "0190e6b8-0000-7000-8000-00000000000G"):
            response = http_client_for_ids.request(method, path.format(ident))
            assert response.status_code == 404, (method, path, ident, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
