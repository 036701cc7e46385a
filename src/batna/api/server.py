"""The HTTP/1.1 protocol ``batna serve`` runs: uvicorn's httptools protocol, with bounds.

uvicorn reads a request head of any size (a 64 MB header was answered 200 after seven
seconds) and answers a request it cannot parse with a ``text/plain`` 400. Here, before
the app sees a request:

* a request target over ``MAX_TARGET_BYTES`` is a 414 problem;
* a head (request line and header fields) over ``MAX_HEAD_BYTES``, or with more than
  ``MAX_HEADERS`` fields, is a 431 problem: counted while it arrives, so a huge header
  is refused after its first ``MAX_HEAD_BYTES``, not buffered;
* a request httptools refuses (a control character in a header, a bad method …) is a
  400 problem.

Each answer is ``application/problem+json`` with the security headers, ends the
connection, is counted in ``batna_http_requests`` (route ``unparsed``) and logged. The
connection is closed gracefully: the answer, then end of stream, then whatever the client
still sends is read and dropped for up to ``LINGER_SECONDS``. Closing at once with unread
data would reset the connection, and the client would lose the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from batna.api.problems import PROBLEM_JSON, problem_bytes
from batna.api.telemetry import record_refused, security_headers

if TYPE_CHECKING:
    import asyncio

    from uvicorn.config import Config
    from uvicorn.server import ServerState

__all__ = ["MAX_HEADERS", "MAX_HEAD_BYTES", "MAX_TARGET_BYTES", "BoundedHttpToolsProtocol"]

MAX_TARGET_BYTES: Final = 8 * 1024
MAX_HEAD_BYTES: Final = 32 * 1024
MAX_HEADERS: Final = 100
LINGER_SECONDS: Final = 2.0


def _invalid(why: str) -> str:
    """The detail of a 400: httptools' reason when it gave one (its words, not the request's)."""
    return (
        f"The request is not valid HTTP/1.1: {why}."
        if why
        else "The request is not valid HTTP/1.1."
    )


class _Refused(Exception):
    """Raised in a parser callback to stop parsing and answer ``status``."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with bounded request heads and problem answers."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        """Start a connection with nothing read yet."""
        super().__init__(config, server_state, app_state, _loop)
        self._in_head = True  # between the end of one message and the end of the next head
        self._head_bytes = 0  # bytes received while in a head (an upper bound of its size)
        self._field_bytes = 0
        self._fields = 0
        self._refused = False

    def data_received(self, data: bytes) -> None:
        """Feed the parser, refusing a head past the bounds before it is all buffered."""
        if self._refused:
            return  # the rest of a refused request: dropped while the connection winds down
        self._unset_keepalive_if_required()
        if self._in_head:
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError as exc:
            cause = exc.__context__
            if isinstance(cause, _Refused):
                self._refuse(cause.status, cause.detail)
            else:
                why = str(exc) if type(exc) is not httptools.HttpParserCallbackError else ""
                self._refuse(400, _invalid(why), reason=str(exc))
            return
        if self._in_head and self._head_bytes > MAX_HEAD_BYTES:
            self._refuse(431, f"The request head is over {MAX_HEAD_BYTES:,} bytes.")

    def send_400_response(self, msg: str) -> None:
        """Answer uvicorn's own 400 (a request it cannot read) as a problem."""
        self._refuse(400, _invalid(""), reason=msg)

    def on_message_begin(self) -> None:
        """A new request: its head is being read."""
        super().on_message_begin()
        self._in_head = True
        self._field_bytes = 0
        self._fields = 0

    def on_url(self, url: bytes) -> None:
        """Part of the request target (httptools may deliver it in pieces)."""
        super().on_url(url)
        if len(self.url) > MAX_TARGET_BYTES:
            detail = f"The request target is over {MAX_TARGET_BYTES:,} bytes."
            raise _Refused(414, detail)

    def on_header(self, name: bytes, value: bytes) -> None:
        """One header field, within the count and size bounds."""
        self._fields += 1
        self._field_bytes += len(name) + len(value) + 4  # ": " and CRLF
        if self._fields > MAX_HEADERS:
            raise _Refused(431, f"More than {MAX_HEADERS} header fields.")
        if self._field_bytes > MAX_HEAD_BYTES:
            raise _Refused(431, f"The header fields are over {MAX_HEAD_BYTES:,} bytes.")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """The head is in: hand the request to the app."""
        self._in_head = False
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        """The request is in; what comes next is another request's head."""
        super().on_message_complete()
        self._in_head = True
        self._head_bytes = 0

    def _refuse(self, status: int, detail: str, reason: str = "") -> None:
        """Answer ``status`` as a problem and end the connection."""
        if self._refused:
            return
        self._refused = True
        record_refused(status, reason or detail)
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # A response to an earlier request is being written: cut it rather than mix
            # another answer into it.
            self.transport.close()
            return
        body = problem_bytes(status, detail)
        headers = security_headers(
            "",
            [
                *self.server_state.default_headers,
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        )
        head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
        self.transport.write(STATUS_LINE[status] + head + b"\r\n" + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.flow.resume_reading()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:  # pragma: no cover - TCP transports can always half-close
            self.transport.close()
