"""Why JSON text could not be read, and in which field: bad UTF-8, lone surrogates, nothing.

Called only after decoding has failed, so its extra passes cost nothing on the happy
path. The first bad spot is swapped for a marker character, the text decoded again, and
the string (or key) holding the marker names the field.
"""

from __future__ import annotations

import re
from typing import Final

import msgspec

from batna.errors import Issue

__all__ = ["explain_unreadable"]

_ESCAPE: Final = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")  # a UTF-16 surrogate
_LOW: Final = re.compile(rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_MARKS: Final = "\ue000\ue001\ue002\ue003"  # private use: never meaningful in a situation
_PLAIN: Final = msgspec.json.Decoder()
_REPLACEMENT: Final = "\ufffd"


def explain_unreadable(raw: bytes | str, reason: str) -> tuple[str, Issue | None]:
    """Say why ``raw`` is unreadable (``reason`` is the decoder's own), and where if known."""
    data = _as_bytes(raw)
    if not data.strip():
        return "it is empty", None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _locate(data, exc.start, exc.end, f"invalid UTF-8 at byte {exc.start}")
    if "truncated" in reason or "surrogate" in reason:
        lone = _lone_surrogate(data)
        if lone is not None:
            escape = data[lone : lone + 6].decode()
            return _locate(data, lone, lone + 6, f"a lone UTF-16 surrogate {escape} at byte {lone}")
    return reason, None


def _as_bytes(raw: bytes | str) -> bytes:
    if isinstance(raw, bytes):
        return raw
    try:  # text read with errors="surrogateescape" gives its original bytes back
        return raw.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return raw.encode("utf-8", "surrogatepass")


def _lone_surrogate(data: bytes) -> int | None:
    """Offset of the first UTF-16 surrogate escape (D800 to DFFF) not half of a pair."""
    low_of_pair = -1
    for match in _ESCAPE.finditer(data):
        start = match.start()
        backslashes = 0
        while start - backslashes > 0 and data[start - backslashes - 1] == ord("\\"):
            backslashes += 1
        if backslashes % 2 or start == low_of_pair:
            continue  # the text "\\ud800", or the low half of a pair already seen
        if match[0][3:4] in b"89abAB" and _LOW.match(data, start + 6):
            low_of_pair = start + 6
            continue
        return start
    return None


def _locate(data: bytes, start: int, end: int, what: str) -> tuple[str, Issue | None]:
    path = _path_of_mark(data, start, end)
    if path is None:
        return what, None
    issue = Issue(code="INVALID_UTF8", path=path, message=f"Text must be UTF-8: {what}.")
    return f"{what}, in {path or '/'}", issue


def _path_of_mark(data: bytes, start: int, end: int) -> str | None:
    """The JSON pointer of the string or key holding ``data[start:end]``, if it is in one."""
    mark = next((m for m in _MARKS if m.encode() not in data), None)
    if mark is None:
        return None
    patched = data[:start] + mark.encode() + data[end:]
    try:
        document = _PLAIN.decode(patched.decode("utf-8", "replace"))
    except (msgspec.DecodeError, RecursionError):
        return None
    stack: list[tuple[str, object]] = [("", document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str) and mark in node:
            return path
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        else:
            continue
        for key, child in reversed(children):
            token = str(key).replace("~", "~0").replace("/", "~1")
            if mark in token:
                return path + "/" + token.replace(mark, _REPLACEMENT)
            stack.append((f"{path}/{token}", child))
    return None
