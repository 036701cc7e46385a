"""Rows of a batch file (JSON Lines or CSV) as situation documents, one at a time.

CSV columns are the situation's dotted paths (``person.current_base_salary``), each at
most once; a cell is converted by the type of its field (numbers as JSON reads them:
ASCII digits in JSON's number grammar, so not ``٣`` or ``60_000``; ``true``/``false``;
lists separated by ``;``) and an empty cell leaves the field out. Whatever cannot be
converted is passed on as text, so validation names the field (docs/rules.md §4) instead of
the reader guessing. A row the CSV reader cannot read (a cell over its 131,072-character
limit, as after a quote left open) is an invalid row; reading goes on at the next line.
Files are read line by line: memory does not grow with the file. Text read with
``errors="surrogateescape"`` keeps bad UTF-8 to the row that holds it.
"""

from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING, Any, Final, Literal

import msgspec

from batna.errors import Issue, ValidationFailed
from batna.schemas.decode import MalformedJSON, decode_json
from batna.schemas.situation import Situation

if TYPE_CHECKING:
    from _csv import Reader as CsvReader
    from collections.abc import Iterable, Iterator

__all__ = ["COLUMNS", "Format", "Row", "read_rows"]

Format = Literal["jsonl", "csv"]
# JSON's number grammar (RFC 8259 §6), ASCII digits only.
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)
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

    A JSON Lines row arrives unread (``text``): validation first decodes it straight into
    a Situation (``Engine.decode_valid``: 13 µs for a valid row here, where reading it and
    walking the document took 86) and reads it (``read``) only to say what is wrong.

    Attributes:
        index: Position in the file (header and blank lines not counted).
        document: The situation document, to validate; None when unreadable or unread.
        issues: Why the row could not be read (malformed JSON, a broken CSV line).
        text: A JSON Lines row's UTF-8 text, not read yet; None once read, and for CSV.
    """

    index: int
    document: dict[str, Any] | None
    issues: list[Issue] = []
    text: bytes | None = None

    def read(self) -> Row:
        """The row with its text read: its document, or why it has none."""
        if self.text is None:
            return self
        return _read_line(self.index, self.text.decode())


def _cell(kind: str, text: str) -> object:
    if kind in ("int", "decimal") and _NUMBER.fullmatch(text):
        try:
            return decode_json(text)  # the number a JSON body with this text would hold
        except MalformedJSON:  # an integer beyond 64 bits: validation names the field
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


def _read_line(index: int, line: str) -> Row:
    try:
        document = decode_json(line)
    except MalformedJSON as exc:
        issues = exc.issues or [Issue(code="MALFORMED_JSON", path="", message=str(exc))]
        return Row(index, None, issues)
    if not isinstance(document, dict):
        issue = Issue(code="INVALID_TYPE", path="", message="Expected a JSON object.")
        return Row(index, None, [issue])
    return Row(index, document)


def _jsonl(lines: Iterable[str]) -> Iterator[Row]:
    index = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            text = line.encode()
        except UnicodeEncodeError:  # bad UTF-8, kept as escapes: read now, to say where
            yield _read_line(index, line)
        else:
            yield Row(index, None, text=text)
        index += 1


def _records(reader: CsvReader) -> Iterator[list[str] | str]:
    """The reader's records, or for one it cannot read, why (it goes on at the next line)."""
    while True:
        first = reader.line_num + 1
        try:
            values: list[str] = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last = reader.line_num
            lines = f"line {first}" if last <= first else f"lines {first} to {last}"
            limit = csv.field_size_limit()
            if "field larger than field limit" in str(exc):
                yield (
                    f"A cell is over {limit:,} characters ({lines}); "
                    "is a quote left open? The next row starts on the line after."
                )
            else:
                yield f"Unreadable CSV ({lines}): {exc}."
        else:
            yield values


def _check_header(header: list[str]) -> None:
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name not in COLUMNS:
            message = f"Unknown column {name!r}."
            issues.append(Issue(code="UNKNOWN_COLUMN", path=f"/columns/{i}", message=message))
        elif name in seen:
            message = f"Column {name!r} appears twice (first as column {seen[name]})."
            issues.append(Issue(code="DUPLICATE_COLUMN", path=f"/columns/{i}", message=message))
        else:
            seen[name] = i
    if issues:
        raise ValidationFailed(issues)


def _csv(lines: Iterable[str]) -> Iterator[Row]:
    records = _records(csv.reader(lines))
    first = next(records, None)
    if first is None:
        return
    if isinstance(first, str):
        raise ValidationFailed([Issue(code="INVALID_ROW", path="/columns", message=first)])
    header = [name.strip().lstrip("\ufeff") for name in first]
    _check_header(header)
    kinds = [COLUMNS[name] for name in header]
    index = 0
    for values in records:
        if isinstance(values, str):
            yield Row(index, None, [Issue(code="INVALID_ROW", path="", message=values)])
        elif not any(value.strip() for value in values):
            continue
        elif len(values) != len(header):
            message = f"{len(values)} cells; the header has {len(header)}."
            if any("\n" in value or "\r" in value for value in values):
                message += " A cell runs over several lines: is a quote left open?"
            yield Row(index, None, [Issue(code="INVALID_ROW", path="", message=message)])
        else:
            cells = zip(header, kinds, values, strict=True)
            yield Row(index, _nest((h, _cell(k, v.strip())) for h, k, v in cells if v.strip()))
        index += 1


def read_rows(lines: Iterable[str], fmt: Format) -> Iterator[Row]:
    """The rows of a batch file's text lines, in order.

    Raises:
        ValidationFailed: A CSV header names a column that is not a situation field, names
            one twice, or cannot be read.
    """
    return _jsonl(lines) if fmt == "jsonl" else _csv(lines)
