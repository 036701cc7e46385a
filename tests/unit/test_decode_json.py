"""``decode_json``: hostile JSON text is a ``MalformedJSON`` that says why, never a crash."""

from __future__ import annotations

from decimal import Decimal

import pytest

from batna.engine import Engine
from batna.errors import ValidationFailed
from batna.schemas.decode import MalformedJSON, decode_json


def _refusal(raw: bytes | str) -> tuple[str, list[tuple[str, str]]]:
    with pytest.raises(MalformedJSON) as caught:
        decode_json(raw)
    return str(caught.value), [(i.code, i.path) for i in caught.value.issues]


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    message, issues = _refusal(b"[" * 100_000 + b"]" * 100_000)
    assert "nested too deeply" in message
    assert issues == []


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"a": {"b": ["x", "caf\xff"]}}', "/a/b/1"),
        (b'{"a": "\xed\xa0\x80"}', "/a"),  # a surrogate encoded as UTF-8
        (b'{"a": "\xc0\xaf"}', "/a"),  # overlong "/"
        (b'{"k\xff/y": 1}', "/k\ufffd~1y"),  # in a key: the pointer shows U+FFFD
        ('{"a": "\ud800"}', "/a"),  # text, not bytes
        (b'{"a": "x\\ud800y"}', "/a"),
        (b'{"a": "\\udc00"}', "/a"),
        (b'{"a": "\\ud800\\ud800\\udc00"}', "/a"),
    ],
)
def test_text_that_cannot_be_utf8_names_its_field(raw: bytes | str, where: str) -> None:
    message, issues = _refusal(raw)
    assert issues == [("INVALID_UTF8", where)]
    assert message.endswith(f"in {where}")


def test_escaped_backslashes_and_surrogate_pairs_are_fine() -> None:
    assert decode_json(b'{"a": "\\\\ud800", "b": "\\ud83d\\ude00"}') == {
        "a": "\\ud800",
        "b": "\U0001f600",
    }


def test_invalid_utf8_outside_any_string_has_no_field() -> None:
    message, issues = _refusal(b'{"a": 1\xff}')
    assert message == "The body is not valid JSON: invalid UTF-8 at byte 7"
    assert issues == []


@pytest.mark.parametrize("raw", [b"", b"  \n", ""])
def test_empty_text_says_so(raw: bytes | str) -> None:
    assert _refusal(raw)[0] == "The body is not valid JSON: it is empty"


def test_numbers_are_decimals_and_unreachable_ones_wait_for_the_walk(engine: Engine) -> None:
    assert decode_json(b"[1.10, 1e400]") == [Decimal("1.10"), Decimal("1e400")]
    huge = b"1e999999999999999999999"
    document = decode_json(b'{"person": {"role_title": %s, "tenure_months": %s}}' % (huge, huge))
    with pytest.raises(ValidationFailed) as caught:
        engine.parse(document)
    found = {(i.code, i.path) for i in caught.value.issues}
    assert {
        ("INVALID_TYPE", "/person/role_title"),
        ("INVALID_TYPE", "/person/tenure_months"),
    } <= found
