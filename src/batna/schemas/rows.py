"""Rows of a batch file (JSON Lines or CSV) as situation documents, one at a time.

CSV columns are the situation's dotted paths (``person.current_base_salary``); a cell is
converted by the type of its field (numbers as decimals, ``true``/``false``, lists
separated by ``;``) and an empty cell leaves the field out. Whatever cannot be converted
is passed on as text, so validation names the field (RULES.md §4) instead of the reader
guessing. Files are read line by line: memory does not grow with the file. Text read with
``errors="surrogateescape"`` keeps bad UTF-8 to the row that holds it.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, Literal

import msgspec

from batna.errors import Issue, ValidationFailed
from batna.schemas.decode import MalformedJSON, decode_json
from batna.schemas.situation import Situation

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["COLUMNS", "Format", "Row", "read_rows"]

Format = Literal["jsonl", "csv"]
_INTEGER: Final = re.compile(r"[+-]?\d{1,12}")
_KINDS: Final = {"IntType": "int", "DecimalType": "decimal", "BoolType": "bool", "ListType": "list"}


def _columns(cls: type, prefix: str = "") -> dict[str, str]:
    """Every leaf field of ``cls`` by dotted path, with the kind of conversion it needs."""
    out: dict[str, str] = {}
    info = msgspec.inspect.type_info(cls)
    if not isinstance(info, msgspec.inspect.StructType):  # pragma: no cover - always a Struct
        raise TypeError(cls)
    for field in info.fields:
        kind: msgspec.inspect.Type = field.type
        while True:
            if isinstance(kind, msgspec.inspect.Metadata):
                kind = kind.type
            elif isinstance(kind, msgspec.inspect.UnionType):
                kind = next(t for t in kind.types if not isinstance(t, msgspec.inspect.NoneType))
            else:
                break
        path = prefix + field.name
        if isinstance(kind, msgspec.inspect.StructType):
            out |= _columns(kind.cls, path + ".")
        else:
            out[path] = _KINDS.get(type(kind).__name__, "text")
    return out


COLUMNS: Final = _columns(Situation)


class Row(msgspec.Struct, frozen=True):
    """One row: its 0-based index, and the document read or the issues that stopped it.

    Attributes:
        index: Position in the file (header and blank lines not counted).
        document: The situation document, to validate; None when unreadable.
        issues: Why the row could not be read (malformed JSON, a broken CSV line).
    """

    index: int
    document: dict[str, Any] | None
    issues: list[Issue] = []


def _cell(kind: str, text: str) -> object:
    if kind == "int" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "decimal":
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    if kind == "bool" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind == "list":
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def _nest(pairs: Iterable[tuple[str, object]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for path, value in pairs:
        *parents, leaf = path.split(".")
        node = document
        for name in parents:
            node = node.setdefault(name, {})
        node[leaf] = value
    return document


def _jsonl(lines: Iterable[str]) -> Iterator[Row]:
    index = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            document = decode_json(line)
        except MalformedJSON as exc:
            issues = exc.issues or [Issue(code="MALFORMED_JSON", path="", message=str(exc))]
            yield Row(index, None, issues)
        else:
            if isinstance(document, dict):
                yield Row(index, document)
            else:
                issue = Issue(code="INVALID_TYPE", path="", message="Expected a JSON object.")
                yield Row(index, None, [issue])
        index += 1


def _csv(lines: Iterable[str]) -> Iterator[Row]:
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return
    header = [name.strip().lstrip("\ufeff") for name in header]
    unknown = [
        Issue(code="UNKNOWN_COLUMN", path=f"/columns/{i}", message=f"Unknown column {name!r}.")
        for i, name in enumerate(header)
        if name not in COLUMNS
    ]
    if unknown:
        raise ValidationFailed(unknown)
    kinds = [COLUMNS[name] for name in header]
    index = 0
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            message = f"{len(values)} cells; the header has {len(header)}."
            yield Row(index, None, [Issue(code="INVALID_ROW", path="", message=message)])
        else:
            cells = zip(header, kinds, values, strict=True)
            yield Row(index, _nest((h, _cell(k, v.strip())) for h, k, v in cells if v.strip()))
        index += 1


def read_rows(lines: Iterable[str], fmt: Format) -> Iterator[Row]:
    """The rows of a batch file's text lines, in order.

    Raises:
        ValidationFailed: A CSV header names a column that is not a situation field.
    """
    return _jsonl(lines) if fmt == "jsonl" else _csv(lines)


def csv_header_doc() -> str:
    """The CSV columns, one per line, for documentation."""
    return "\n".join(f"{path} ({kind})" for path, kind in COLUMNS.items())


def text_lines(data: bytes) -> io.StringIO:
    """A byte string as text lines (tests and small inputs)."""
    return io.StringIO(data.decode("utf-8"), newline="")
