"""A flaky front for a real batna: answers 503 as told, then passes requests through.

Why: a store outage on cue is slow and racy, and what the SDK tests need is exact: which
answers were 503, with which Retry-After, and what each attempt carried. This proxy (not
a batna component) sits on 127.0.0.1 in front of a real ``batna serve``. Each request
takes the next step of its plan; with the plan empty it is forwarded as is. A step may
also forward the request first and answer 503 anyway: the answer lost on the way back,
which is when an Idempotency-Key earns its keep.

Control, for tests in other processes (the TypeScript suite): ``POST /__plan`` with a JSON
list of steps replaces the plan and forgets what was seen; ``GET /__seen`` lists every
proxied request (method, path, Idempotency-Key, what it was answered).
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Self

import httpx
import msgspec

from batna.errors import RateLimited, StoreUnavailable
from batna.problems import problem_for

if TYPE_CHECKING:
    from types import TracebackType

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass(frozen=True)
class Step:
    """What to do with one request.

    Attributes:
        status: The status to answer instead of the server's (None: the server's answer).
        retry_after: ``Retry-After`` of that answer: seconds as text, ``"date:+N"`` for an
            HTTP-date N seconds ahead, or None for no header.
        forward: Send the request to the server first even so (the answer is lost).
    """

    status: int | None = None
    retry_after: str | None = None
    forward: bool = False


@dataclass(frozen=True)
class Seen:
    """One proxied request."""

    method: str
    path: str
    idempotency_key: str | None
    answered: int


class FlakyProxy:
    """The proxy in a thread: ``with FlakyProxy(target) as proxy: proxy.plan([...])``."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.seen: list[Seen] = []
        self._plan: list[Step] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def plan(self, steps: list[Step]) -> None:
        """Answer the next requests per ``steps``; forget what was seen."""
        with self._lock:
            self._plan = list(steps)
            self.seen = []

    def _next(self) -> Step:
        with self._lock:
            return self._plan.pop(0) if self._plan else Step()

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet."""

            def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _control(self, body: bytes) -> bool:
                if self.path == "/__plan" and self.command == "POST":
                    proxy.plan([Step(**step) for step in json.loads(body)])
                    self._answer(204, b"", {})
                    return True
                if self.path == "/__seen":
                    seen = json.dumps([asdict(s) for s in proxy.seen]).encode()
                    self._answer(200, seen, {"Content-Type": "application/json"})
                    return True
                return False

            def _proxy(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self._control(body):
                    return
                step = proxy._next()
                status, payload, headers = 0, b"", {}
                if step.status is None or step.forward:
                    forwarded = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                    answer = httpx.request(
                        self.command,
                        proxy.target + self.path,
                        content=body,
                        headers=forwarded,
                        timeout=30,
                    )
                    status, payload = answer.status_code, answer.content
                    headers = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP}
                    headers.pop("content-encoding", None)
                if step.status is not None:
                    status, payload = step.status, _problem(step.status)
                    headers = {"Content-Type": "application/problem+json"}
                    if step.retry_after is not None:
                        headers["Retry-After"] = _retry_after(step.retry_after)
                proxy._record(
                    Seen(self.command, self.path, self.headers.get("Idempotency-Key"), status)
                )
                self._answer(status, payload, headers)

            do_GET = do_POST = do_PUT = do_DELETE = _proxy  # noqa: N815

        return Handler


def _retry_after(value: str) -> str:
    if value.startswith("date:+"):
        when = datetime.now(UTC) + timedelta(seconds=float(value.removeprefix("date:+")))
        return format_datetime(when, usegmt=True)
    return value


def _problem(status: int) -> bytes:
    """The problem batna itself answers with that status (an outage, or the rate limit)."""
    error = (
        StoreUnavailable("The flaky proxy said no.") if status == 503 else RateLimited("No.", {})
    )
    return msgspec.json.encode(problem_for(error))
