"""Prometheus metrics, JSON logs and request ids: what an operator sees of a running batna.

One outermost ASGI wrapper times every request (unknown routes and problems included),
echoes or assigns ``X-Request-ID``, counts it by route template and status, and writes
one access line. Log lines carry ids, routes, statuses and timings, never a body: no
salary, gender or situation text reaches a log.

A client that goes away before its response is complete is not a server error: the
request is counted and logged with status 499 (nginx's "client closed request"), and the
error it causes in the handler is logged as a disconnect, without a traceback.

With several server processes (``batna serve --workers N``), metrics are kept in
prometheus_client's multiprocess mode: each process writes its values to files in the
metrics directory (``BATNA_METRICS_DIR``, emptied by ``batna serve`` before the workers
start), and ``/metrics``, whichever worker answers it, sums every process's files. So a
counter never goes backwards between scrapes that reach different workers. Live gauges
(requests in flight) count only running processes: a worker's files for them are removed
when it stops, or at the next scrape if it died. With one process and no directory,
metrics live in the process's registry.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, TextIO, cast

from litestar import Request, Response, get
from litestar.enums import ScopeType
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client import generate_latest as _latest
from prometheus_client import multiprocess as _multiprocess_files
from prometheus_client import values as _values

from batna.errors import RequestTimedOut
from batna.problems import problem_for
from batna.schemas.jsonout import ENCODER

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send
    from prometheus_client.metrics_core import Metric
    from prometheus_client.registry import Collector

    from batna.schemas.evaluation import Evaluation

__all__ = [
    "CLIENT_CLOSED",
    "REGISTRY",
    "Observability",
    "allow_time",
    "client_disconnected",
    "configure_logging",
    "forget_this_process",
    "metrics",
    "metrics_registry",
    "record_batch_rows",
    "record_evaluation",
    "record_refused",
    "request_id",
    "security_headers",
]

REGISTRY: Final = CollectorRegistry()
_LATENCY_BUCKETS: Final = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
REQUESTS: Final = Counter(
    "batna_http_requests",
    "HTTP requests by method, route template and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
LATENCY: Final = Histogram(
    "batna_http_request_duration_seconds",
    "HTTP request latency by method, route template and status.",
    ["method", "route", "status"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
EVALUATIONS: Final = Counter(
    "batna_evaluations",
    "Evaluations by overall recommendation.",
    ["recommendation"],
    registry=REGISTRY,
)
RULES_FIRED: Final = Counter(
    "batna_rules_fired", "Rule firings by rule id.", ["rule"], registry=REGISTRY
)
BATCH_ROWS: Final = Counter(
    "batna_batch_rows",
    "Batch rows processed, by outcome (evaluated or rejected).",
    ["outcome"],
    registry=REGISTRY,
)
IN_FLIGHT: Final = Gauge(
    "batna_http_requests_in_flight",
    "HTTP requests being served (summed over the live server processes).",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)
ENGINE_SECONDS: Final = Histogram(
    "batna_engine_evaluation_seconds",
    "Time in the rules engine per evaluation.",
    buckets=(0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05),
    registry=REGISTRY,
)

CLIENT_CLOSED: Final = 499  # the client left before its response was complete
_REQUEST_ID: ContextVar[str] = ContextVar("batna_request_id", default="-")
_VALID_ID: Final = re.compile(rb"[A-Za-z0-9._:-]{1,64}")
_ACCESS: Final = logging.getLogger("batna.access")


class _Exchange:
    """What the wrapper learns of one request while the app serves it."""

    __slots__ = ("complete", "deadline", "disconnected")

    def __init__(self, deadline: asyncio.Timeout) -> None:
        self.complete = False
        self.deadline = deadline
        self.disconnected = False


_EXCHANGE: ContextVar[_Exchange | None] = ContextVar("batna_exchange", default=None)


def request_id() -> str:
    """The id of the request being served (``-`` outside one)."""
    return _REQUEST_ID.get()


def allow_time(seconds: float) -> None:
    """Give the request being served ``seconds`` from now, instead of the usual bound.

    For a request whose length grows with its body: a batch upload of up to 100,000 rows
    takes seconds on an idle server and can take more than the usual bound on a busy one.
    """
    exchange = _EXCHANGE.get()
    if exchange is not None and exchange.deadline.when() is not None:  # None: answering
        exchange.deadline.reschedule(asyncio.get_running_loop().time() + seconds)


def client_disconnected() -> bool:
    """True when the client of the request being served left before its response ended."""
    exchange = _EXCHANGE.get()
    return exchange is not None and exchange.disconnected


# The child metric of each label value, looked up once: ``labels()`` takes a lock and
# builds its key on every call (about 2 µs here), and a stored POST called it a dozen
# times. Every label set is bounded: rule ids, recommendations, route templates, statuses.
@functools.cache
def _fired(rule_id: str) -> Counter:
    return RULES_FIRED.labels(rule_id)


@functools.cache
def _recommended(recommendation: str) -> Counter:
    return EVALUATIONS.labels(recommendation)


@functools.cache
def _served(method: str, route: str, status: int) -> tuple[Counter, Histogram]:
    labels = (method, route, str(status))
    return REQUESTS.labels(*labels), LATENCY.labels(*labels)


def record_evaluation(evaluation: Evaluation, seconds: float) -> None:
    """Count one evaluation, its recommendation, its fired rules and its engine time."""
    _recommended(evaluation.overall_recommendation).inc()
    for rule in evaluation.fired_rules:
        _fired(rule.id).inc()
    ENGINE_SECONDS.observe(seconds)


def record_batch_rows(evaluated: int, rejected: int) -> None:
    """Count the rows of a batch by outcome."""
    BATCH_ROWS.labels("evaluated").inc(evaluated)
    BATCH_ROWS.labels("rejected").inc(rejected)


@get("/metrics", include_in_schema=False, sync_to_thread=False)
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Prometheus text exposition of the server's metrics (every worker's, in multiprocess mode)."""
    registry: CollectorRegistry = request.app.state.metrics
    return Response(content=_latest(registry), media_type=CONTENT_TYPE_LATEST)


# prometheus_client's multiprocess helpers carry no annotations; these say what they take.
_files_of: Callable[..., Collector] = _multiprocess_files.MultiProcessCollector
_mark_process_dead: Callable[[int, str], None] = _multiprocess_files.mark_process_dead


def _multiprocess() -> bool:
    """True when prometheus_client keeps values in files (it read PROMETHEUS_MULTIPROC_DIR)."""
    return _values.ValueClass is not _values.MutexValue


class _Workers:
    """Every server process's metrics files, after forgetting the live gauges of dead ones."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._files = _files_of(None, path=str(path))

    def collect(self) -> Iterable[Metric]:
        """Sum every process's files (a crashed worker's in-flight count no longer counts)."""
        for found in self._path.glob("gauge_live*_*.db"):
            pid = int(found.stem.rsplit("_", 1)[1])
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                _mark_process_dead(pid, str(self._path))
            except PermissionError:  # alive, under another user
                continue
        return self._files.collect()


def metrics_registry(metrics_dir: Path | None) -> CollectorRegistry:
    """What ``/metrics`` exposes: this process's registry, or every process's files.

    Raises:
        ValueError: A metrics directory is configured, but prometheus_client was imported
            without ``PROMETHEUS_MULTIPROC_DIR`` (start the server with ``batna serve``),
            so this process's values would be missing from the sum.
    """
    if metrics_dir is None:
        return REGISTRY
    if not _multiprocess():
        raise ValueError(
            f"BATNA_METRICS_DIR is {metrics_dir}, but prometheus_client is not in multiprocess "
            "mode: set PROMETHEUS_MULTIPROC_DIR to the same directory before the server "
            "starts (`batna serve` does)"
        )
    registry = CollectorRegistry()
    registry.register(_Workers(metrics_dir))
    return registry


def forget_this_process(metrics_dir: Path | None) -> None:
    """Drop this process's live gauges as it stops (its counters stay in the sums)."""
    if metrics_dir is not None and _multiprocess():
        with contextlib.suppress(OSError):
            _mark_process_dead(os.getpid(), str(metrics_dir))


_SECURITY: Final = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
_API_CSP: Final = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
_TIMEOUT_BODY: Final = ENCODER.encode(
    problem_for(RequestTimedOut("The request took too long; retry later."))
)


def security_headers(path: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Security headers every response carries (a handler's own CSP wins)."""
    present = {name.lower() for name, _ in headers}
    extra = [pair for pair in _SECURITY if pair[0] not in present]
    if not path.startswith("/docs") and _API_CSP[0] not in present:
        extra.append(_API_CSP)
    if path.startswith("/v1/") and b"cache-control" not in present:
        extra.append((b"cache-control", b"no-store"))
    return [*headers, *extra]


class Observability:
    """ASGI wrapper: request id, metrics, access line, security headers, time bound.

    The time bound ends when the response starts, so a long stream is not cut.
    """

    def __init__(self, app: ASGIApp, *, timeout: float = 30) -> None:
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request through the app, observed."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        method = str(scope.get("method", "-"))
        incoming = dict(scope["headers"]).get(b"x-request-id", b"")
        rid = incoming.decode() if _VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _REQUEST_ID.set(rid)
        status = 500
        started = time.perf_counter()
        path = str(scope.get("path", ""))
        deadline = asyncio.timeout(self.timeout)
        exchange = _Exchange(deadline)
        exchange_token = _EXCHANGE.set(exchange)

        async def watched_receive() -> ReceiveMessage:
            message = await receive()
            if message["type"] == "http.disconnect" and not exchange.complete:
                exchange.disconnected = True
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", []), (b"x-request-id", rid.encode())]
                message["headers"] = security_headers(path, headers)
                if not deadline.expired():
                    deadline.reschedule(None)  # the response has begun: no more deadline
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                exchange.complete = True
            await send(message)

        IN_FLIGHT.inc()
        try:
            try:
                async with deadline:
                    await self.app(scope, watched_receive, send_with_id)
            except TimeoutError:
                if not deadline.expired() or status != 500:
                    raise
                status = 503
                headers = [(b"content-type", b"application/problem+json"), (b"retry-after", b"5")]
                start = {"type": "http.response.start", "status": 503, "headers": headers}
                await send_with_id(cast("Message", start))
                body = {"type": "http.response.body", "body": _TIMEOUT_BODY, "more_body": False}
                await send(cast("Message", body))
        finally:
            IN_FLIGHT.dec()
            route = scope.get("path_template") or "unmatched"
            _account(method, route, CLIENT_CLOSED if exchange.disconnected else status, started)
            _EXCHANGE.reset(exchange_token)
            _REQUEST_ID.reset(token)


def _account(method: str, route: str, status: int, started: float) -> None:
    """Count, time and log one request served by the app."""
    seconds = time.perf_counter() - started
    count, latency = _served(method, route, status)
    count.inc()
    latency.observe(seconds)
    _ACCESS.info(
        "request",
        extra={
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        },
    )


def record_refused(status: int, reason: str) -> None:
    """Count and log a request the server refused before the app saw it (431, 400 …)."""
    REQUESTS.labels("-", "unparsed", str(status)).inc()
    _ACCESS.warning(
        "request refused", extra={"route": "unparsed", "status": status, "reason": reason}
    )


_STANDARD: Final = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as JSON."""
        line: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": _REQUEST_ID.get(),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure_logging(level: str = "info", stream: TextIO | None = None) -> None:
    """JSON lines on ``stream`` (stderr) for batna's and uvicorn's loggers."""
    handler = logging.StreamHandler(stream or sys.stderr)
    formatter = JsonFormatter()
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # batna writes one access line per request itself (with route template and request id).
    logging.getLogger("uvicorn.access").disabled = True
