"""The decoder's fast path answers exactly as the walk does, on valid and broken documents.

``decode_situation`` lets msgspec decode a document straight into the Structs and falls
back to the walk only when something is wrong. These tests decode the same bytes both
ways and require the same Situation, or the same problem with the same issues; and they
prove the fast path is really taken for valid documents (else the first half proves
nothing about it).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any, Final

import msgspec
import pytest

from batna.batch.intake import parsed, validate
from batna.engine import Engine
from batna.errors import MalformedJSON, ValidationFailed
from batna.schemas import decode
from batna.schemas.rows import read_rows
from tests.conftest import RULES
from tests.situations import random_situation

_ENCODER: Final = msgspec.json.Encoder(decimal_format="number")
_ENGINE: Final = Engine.from_path(RULES)
_CAPS: Final = _ENGINE.ruleset.settings.amount_caps

# Values that break one field in a way msgspec and the walk might see differently.
_BAD_VALUES: Final[list[object]] = [
    None,
    "85000",
    "",
    "x" * 200,
    "ZZZ",
    "usd",
    "EUR",
    "2024-02-30",
    "2024-2-3",
    "2025-01-01",
    True,
    0,
    -1,
    5.0,
    Decimal("5.0"),
    Decimal("0.001"),
    Decimal("1e-999999999"),
    Decimal("1E+400"),
    Decimal("1234567890123456789012345678901234567890.5"),
    10**30,
    721,
    601,
    [],
    ["market_data", "market_data", "nope"],
    {},
    "written",
    "exact",
    "hint",
    "none",
    "candidate",
    "employee",
]


def _slow(raw: bytes) -> object:
    """What the walk alone answers: a Situation, or the error's type and issues."""
    try:
        return decode.parse_situation(decode.decode_json(raw), _CAPS)
    except ValidationFailed as error:
        return ("invalid", [msgspec.structs.asdict(i) for i in error.issues])
    except MalformedJSON as error:
        return ("malformed", str(error))


def _fast(raw: bytes) -> object:
    try:
        return decode.decode_situation(raw, _CAPS)
    except ValidationFailed as error:
        return ("invalid", [msgspec.structs.asdict(i) for i in error.issues])
    except MalformedJSON as error:
        return ("malformed", str(error))


def _leaves(doc: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Every (section, field) of a document, top-level fields with section None."""
    found: list[tuple[str | None, str]] = []
    for key, value in doc.items():
        if isinstance(value, dict):
            found.extend((key, name) for name in value)
        else:
            found.append((None, key))
    return found


def _mutants(rng: random.Random, doc: dict[str, Any], count: int) -> list[bytes]:
    """``count`` documents with one field (present or new) set to a troublesome value."""
    names = [name for _, name in _leaves(doc)]
    out = []
    for _ in range(count):
        mutant = copy.deepcopy(doc)
        section, name = rng.choice(_leaves(doc))
        if rng.random() < 0.2:  # a field of another section, or an unknown one
            name = rng.choice([*names, "surprise"])
        node = mutant if section is None else mutant[section]
        choice = rng.random()
        if choice < 0.1:
            node.pop(name, None)
        else:
            node[name] = rng.choice(_BAD_VALUES)
        raw = _ENCODER.encode(mutant)
        if rng.random() < 0.1:  # the same text, with its first key written as an escape
            raw = raw.replace(b'"person"', b'"pers\\u006fn"', 1)
        out.append(raw)
    return out


def test_valid_documents_take_the_fast_path_and_match_the_walk() -> None:
    """3,000 random valid situations: the fast path accepts each, and equals the walk."""
    taken = 0
    for seed in range(3_000):
        raw = _ENCODER.encode(random_situation(random.Random(seed)))
        expected = _slow(raw)
        assert isinstance(expected, msgspec.Struct), (seed, expected)
        fast = decode.decode_valid(raw, _CAPS)
        taken += fast is not None
        assert fast is None or fast == expected, seed
        assert decode.decode_situation(raw, _CAPS) == expected
    assert taken == 3_000


@pytest.mark.parametrize("seed", range(8))
def test_broken_documents_get_the_walks_answer(seed: int) -> None:
    """Mutants of random situations: the same Situation or the same issues, both ways."""
    rng = random.Random(seed)
    for _ in range(40):
        doc = random_situation(random.Random(rng.randrange(10**9)))
        for raw in _mutants(rng, doc, 10):
            assert _fast(raw) == _slow(raw), raw


@pytest.mark.parametrize(
    "raw",
    [
        # Text the fast path must leave to the walk, each with the walk's own answer.
        b'{"schema_version": "1.0", "person": {"role_title": "a\\u0000b"}}',
        b'{"schema_version": "1.0", "person": {"role_title": "\\ud800"}}',
        b'{"schema_version": "1.0", "ask": {"target_amount" :\n "95000"}}',
        b"[]",
        b"{",
    ],
)
def test_edge_text_matches_the_walk(raw: bytes) -> None:
    assert _fast(raw) == _slow(raw)
    assert decode.decode_valid(raw, _CAPS) is None


def test_jsonl_rows_take_the_fast_path_and_match_reading_them() -> None:
    """A batch file's rows validate as if each line were read and walked (the old way).

    Valid lines, mutants, malformed text, non-objects and bad UTF-8 (kept as escapes, as
    the upload and ``batna batch`` read it): the same kept situation or the same problem.
    """
    rng = random.Random(7)
    lines: list[bytes] = []
    for _ in range(60):
        doc = random_situation(random.Random(rng.randrange(10**9)))
        lines.append(_ENCODER.encode(doc))
        lines.extend(_mutants(rng, doc, 3))
    lines += [b"{broken", b"null", b"[]", b"7", b'{"person": "\xff\xfe"}', b"  ", b"\xc3("]
    text = b"\n".join(lines).decode("utf-8", errors="surrogateescape")
    rows = list(read_rows(io.StringIO(text, newline=""), "jsonl"))
    assert len(rows) == len(lines) - 1  # the blank line is no row
    fast = valid = 0
    for row in rows:
        read = row.read()
        assert read.text is None
        assert validate(_ENGINE, row) == validate(_ENGINE, read), row
        if isinstance(parsed(_ENGINE, read), msgspec.Struct) and b"\\u" not in (row.text or b""):
            valid += 1  # valid, without a \u escape (which the fast path leaves to the walk)
            fast += row.text is not None and _ENGINE.decode_valid(row.text) is not None
    assert fast == valid >= 60


def _answer(call: Any) -> object:
    try:
        return call()
    except ValidationFailed as error:
        return ("invalid", [msgspec.structs.asdict(i) for i in error.issues])


@pytest.mark.parametrize("seed", range(4))
def test_decoded_documents_take_the_fast_path_and_match_the_walk(seed: int) -> None:
    """``parse_situation`` on documents as JSON decodes them: valid ones and mutants."""
    rng = random.Random(seed)
    for _ in range(40):
        doc = random_situation(random.Random(rng.randrange(10**9)))
        for raw in [_ENCODER.encode(doc), *_mutants(rng, doc, 10)]:
            document = decode.decode_json(raw)
            walked = _answer(lambda d=document: decode._walked(d, _CAPS))
            assert _answer(lambda d=document: decode.parse_situation(d, _CAPS)) == walked, raw
            assert decode._json_native(document), raw  # everything JSON gives is native
        valid = decode.decode_json(_ENCODER.encode(doc))
        assert decode.decode_valid(decode._TEXT.encode(valid), _CAPS) is not None  # fast


# Python values beside those JSON decodes to: a float, a date, a tuple or a non-finite
# decimal goes to the walk, which judges it; an integral decimal (what a what-if search's
# document holds, from a Situation's builtins) is written back as an integer, which both
# paths read alike, in an integer field and in a decimal one.
_PYTHON_VALUES: Final[list[tuple[str, str, object, bool]]] = [
    ("person", "current_base_salary", 95000.0, False),
    ("person", "tenure_months", 24.0, False),
    ("person", "current_base_salary", Decimal("NaN"), False),
    ("person", "current_base_salary", Decimal("-Infinity"), False),
    ("ask", "rationale", ("market_data",), False),
    ("outside_offer", "deadline", dt.date(2027, 1, 1), False),
    ("person", "tenure_months", Decimal(720), True),
    ("person", "tenure_months", Decimal(721), True),
    ("person", "tenure_months", Decimal("-0"), True),
    ("person", "current_base_salary", Decimal(95000), True),
    ("person", "current_base_salary", Decimal("-0"), True),
]


@pytest.mark.parametrize(("section", "name", "value", "native"), _PYTHON_VALUES)
def test_python_values_get_the_walks_answer(
    section: str, name: str, value: object, *, native: bool
) -> None:
    doc = decode.decode_json(_ENCODER.encode(random_situation(random.Random(3))))
    assert isinstance(doc, dict)
    doc.setdefault(section, {})[name] = value
    assert decode._json_native(doc) is native
    walked = _answer(lambda: decode._walked(doc, _CAPS))
    assert _answer(lambda: decode.parse_situation(doc, _CAPS)) == walked


def test_bad_utf8_in_a_csv_cell_cannot_be_written_back_and_the_walk_names_it() -> None:
    """A CSV cell keeps bad UTF-8 as escapes (lone surrogates): no JSON text holds it."""
    doc = decode.decode_json(_ENCODER.encode(random_situation(random.Random(5))))
    assert isinstance(doc, dict)
    doc["person"]["role_title"] = b"caf\xe9".decode("utf-8", errors="surrogateescape")
    assert decode._json_native(doc)
    walked = _answer(lambda: decode._walked(doc, _CAPS))
    assert isinstance(walked, tuple)
    assert _answer(lambda: decode.parse_situation(doc, _CAPS)) == walked
