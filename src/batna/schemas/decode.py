"""Decode a situation from JSON and report every structural issue at once.

msgspec stops at the first error, and docs/rules.md §4 wants all of them with their codes, so
the walk here is driven by msgspec's own type information for ``Situation``: the Structs
stay the single source of truth for names, enums and bounds. Numbers are parsed as
``Decimal`` (never binary floats). Only a clean document is converted into a Struct.

The walk costs about twenty times msgspec's own typed decode, so a valid document never
takes it: ``decode_situation`` first lets msgspec decode straight into the Structs, then
checks what msgspec cannot (decimal bounds and digits, ISO 4217 membership, the §4
cross-field rules). Anything that fails, or that msgspec would read more leniently than
the walk (a decimal sent as a string, a backslash-u escape that may hide a NUL, a lone
surrogate or a field name), goes to the walk, which reports every issue at once. The fast
path never answers differently from the walk: tests/unit/test_decode_fast.py compares the
two on thousands of valid and broken documents.

``decode_json`` is the one way JSON text enters batna (the API's bodies, the CLI's files,
batch rows): whatever the text, it returns a document or raises ``MalformedJSON``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final

import msgspec
import msgspec.inspect as mi

from batna.errors import Issue, MalformedJSON, ValidationFailed
from batna.schemas.checks import (
    cap_currency,
    check_relations,
    check_situation,
    document_sections,
    struct_sections,
)
from batna.schemas.currencies import ISO_4217
from batna.schemas.situation import Situation, unwrap
from batna.schemas.text import explain_unreadable

if TYPE_CHECKING:
    from collections.abc import Callable

    from batna.schemas.rules import AmountCaps

__all__ = [
    "MAX_DIGITS",
    "MalformedJSON",
    "decode_json",
    "decode_situation",
    "decode_valid",
    "parse_situation",
]


class _OutOfReach:
    """A JSON number whose exponent ``Decimal`` cannot hold (``1e999999999999999999999``).

    It stays in the document so the walk can name its field (a 422, like any bad value)
    instead of the decoder failing the whole body.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= 40 else f"{text[:24]}…{text[-12:]}"


def _number(text: str) -> Decimal | _OutOfReach:
    try:
        return Decimal(text)
    except InvalidOperation:
        return _OutOfReach(text)


MAX_DIGITS: Final = 40  # digits of one decimal, trailing zeros included
_DECODER: Final = msgspec.json.Decoder(float_hook=_number)
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_ROOT: Final = mi.type_info(Situation)


def decode_json(raw: bytes | str) -> object:
    """Decode JSON text, numbers as ``Decimal``; any unreadable text is ``MalformedJSON``.

    msgspec raises more than ``DecodeError`` on hostile text (``RecursionError`` for deep
    nesting, ``UnicodeError`` for bad UTF-8); each becomes a 400 that says why, never a 500.
    """
    try:
        return _DECODER.decode(raw)
    except (msgspec.DecodeError, UnicodeError) as exc:
        message, issue = explain_unreadable(raw, str(exc))
    except RecursionError:
        message, issue = "it is nested too deeply (a situation is only a few levels deep)", None
    raise MalformedJSON(f"The body is not valid JSON: {message}", [issue] if issue else None)


def decode_situation(raw: bytes | str, caps: AmountCaps) -> Situation:
    """Decode JSON text into a validated ``Situation``.

    Raises:
        MalformedJSON: The text is not JSON.
        ValidationFailed: Every schema and §4 issue, sorted by path and code.
    """
    if isinstance(raw, bytes):
        situation = decode_valid(raw, caps)
        if situation is not None:
            return situation
    return _walked(decode_json(raw), caps)


def _scalar_fields() -> tuple[
    list[tuple[str | None, str, dict[str, Any]]], list[tuple[str | None, str]]
]:
    """Where the Situation has decimals (with their bounds) and currency codes, two levels deep."""
    decimals: list[tuple[str | None, str, dict[str, Any]]] = []
    currencies: list[tuple[str | None, str]] = []

    def scan(section: str | None, info: mi.StructType) -> None:
        for field in info.fields:
            inner, extra = unwrap(field.type)
            if isinstance(inner, mi.StructType) and section is None:
                scan(field.name, inner)
            elif isinstance(inner, mi.DecimalType):
                decimals.append((section, field.name, extra))
            elif isinstance(inner, mi.StrType) and extra.get("code") == "INVALID_CURRENCY":
                currencies.append((section, field.name))

    assert isinstance(_ROOT, mi.StructType)  # noqa: S101 - Situation is a Struct
    scan(None, _ROOT)
    return decimals, currencies


def _compile_scalar_check() -> Callable[[Situation, Callable[[str | None], Decimal]], bool]:
    """One generated function: every decimal in its bounds, every currency in ISO 4217.

    Amounts are held to their currency's cap too: ``check(situation, caps.cap)``. The same
    tests as ``_walk_decimal``, ``_walk_str`` and the caps of ``check_situation``, unrolled
    over the Structs' fields, because a loop of getattr calls here cost more than msgspec's
    whole decode. A decimal whose text is longer than MAX_DIGITS may have too many digits
    and goes to the walk, which counts them. No JSON number decodes to an infinite
    Decimal, so finiteness needs no test.
    """
    decimals, currencies = _scalar_fields()
    constants: dict[str, object] = {"ISO": ISO_4217, "MAX_DIGITS": MAX_DIGITS}
    lines = ["def check(s, cap):"]
    owners = sorted({cap_currency(str(section)) for section, _, x in decimals if x.get("capped")})
    lines += [f"    cap_{owner} = cap(s.{owner}.currency)" for owner in owners]

    def value(section: str | None, name: str) -> str:
        return f"s.{name}" if section is None else f"s.{section}.{name}"

    for index, (section, name, extra) in enumerate(decimals):
        tests = []
        for key, op in (("gt", "<="), ("min", "<"), ("ge", "<"), ("le", ">")):
            if key in extra:
                constants[f"{key}{index}"] = extra[key]
                tests.append(f"v {op} {key}{index}")
        if extra.get("capped"):
            tests.append(f"v > cap_{cap_currency(str(section))}")
        tests.append("len(str(v)) > MAX_DIGITS")
        lines += [
            f"    v = {value(section, name)}",
            f"    if v is not None and ({' or '.join(tests)}):",
            "        return False",
        ]
    for section, name in currencies:
        lines += [
            f"    v = {value(section, name)}",
            "    if v is not None and v not in ISO:",
            "        return False",
        ]
    lines.append("    return True")
    exec("\n".join(lines), constants)  # noqa: S102 - source built above from the Structs
    check: Callable[[Situation, Callable[[str | None], Decimal]], bool]
    check = constants["check"]  # type: ignore[assignment]
    return check


def _numbers_only_decoder() -> msgspec.json.Decoder[Any]:
    """A decoder that reads only the decimal fields, and fails if one is sent as a string.

    msgspec reads a decimal from a JSON string as readily as from a number; the walk does
    not. Decoding the same text a second time into Structs holding just those fields, as
    ``int | float``, finds a quoted one in C, at a third of the cost of a regular
    expression over the text (every other field is skipped unread).
    """
    sections: dict[str | None, list[str]] = {}
    for section, name, _ in _scalar_fields()[0]:
        sections.setdefault(section, []).append(name)
    number = int | float | None
    fields: list[tuple[str, Any, None]] = [(name, number, None) for name in sections.pop(None, [])]
    for section, names in sections.items():
        shape = msgspec.defstruct(f"_Numbers_{section}", [(n, number, None) for n in names])
        fields.append((str(section), shape | None, None))
    return msgspec.json.Decoder(msgspec.defstruct("_Numbers", fields))


_TYPED: Final = msgspec.json.Decoder(Situation)
_NUMBERS: Final = _numbers_only_decoder()
_SCALARS_OK: Final = _compile_scalar_check()


def decode_valid(raw: bytes, caps: AmountCaps) -> Situation | None:
    """The Situation, if ``raw`` is valid in every respect; else None (the walk says why).

    msgspec decodes straight into the Structs, a fraction of the walk's cost. Only a
    valid document passes; anything else is None, never an error.

    A backslash-u escape goes to the walk as well: it may hide a NUL, a lone surrogate or
    a field's name.
    """
    if b"\\" in raw and b"\\u" in raw:  # the first test is a memchr, ~3x faster
        return None
    try:
        situation = _TYPED.decode(raw)
        _NUMBERS.decode(raw)
    except (msgspec.DecodeError, UnicodeError, RecursionError):  # the walk says it all
        return None
    if not _SCALARS_OK(situation, caps.cap) or check_relations(struct_sections(situation)):
        return None
    return situation


def _json_native(value: object) -> bool:
    """True if ``value`` is what ``decode_json`` could have made of its own JSON text.

    Objects with text keys, arrays, text, booleans, null, integers and finite decimals
    (``Decimal("5")`` comes back as the integer 5, which both paths take as 5 in an
    integer field and as ``Decimal("5")`` in a decimal one). A float, a date, a tuple is
    not: the walk judges those.
    """
    kind = type(value)
    if kind in _LEAVES:
        return True
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str or not _json_native(item):
                return False
        return True
    if type(value) is list:
        return all(_json_native(item) for item in value)
    if type(value) is Decimal:
        return value.is_finite()
    return False


_LEAVES: Final = frozenset((str, int, bool, type(None)))
_TEXT: Final = msgspec.json.Encoder(decimal_format="number")


def parse_situation(document: object, caps: AmountCaps) -> Situation:
    """Validate an already-decoded JSON document (numbers as ``Decimal``) into a Situation.

    A document JSON could have given is written back to JSON text and tried on the fast
    path first (``decode_valid``: a fifth of the walk's cost, the text included); the walk
    runs only for the rest, and to say what is wrong.
    """
    if _json_native(document):
        try:
            text = _TEXT.encode(document)
        except (msgspec.EncodeError, UnicodeError):  # a lone surrogate: the walk names it
            pass
        else:
            situation = decode_valid(text, caps)
            if situation is not None:
                return situation
    return _walked(document, caps)


def _walked(document: object, caps: AmountCaps) -> Situation:
    """The walk alone: the Situation, or ``ValidationFailed`` with every issue."""
    issues: list[Issue] = []
    clean = _walk(document, _ROOT, "", issues)
    if isinstance(clean, dict):
        invalid = frozenset(issue.path for issue in issues)
        issues.extend(check_situation(document_sections(clean), caps, invalid))
    if issues:
        raise ValidationFailed(issues)
    return msgspec.convert(clean, Situation)


def _pointer(parent: str, key: str | int) -> str:
    token = str(key).replace("~", "~0").replace("/", "~1")
    return f"{parent}/{token}"


def _issue(issues: list[Issue], code: str, path: str, message: str) -> None:
    issues.append(Issue(code=code, path=path, message=message))


_MISSING: Final = object()
_WHOLE_LIMIT: Final = Decimal(2**63)


def _walk(value: object, info: mi.Type, path: str, issues: list[Issue]) -> object:
    """Check ``value`` against ``info``; return the cleaned value, or ``_MISSING`` if bad."""
    extra: dict[str, Any] = {}
    if isinstance(info, mi.Metadata):
        extra = info.extra or {}
        info = info.type
    if isinstance(info, mi.UnionType):
        if value is None and any(isinstance(t, mi.NoneType) for t in info.types):
            return None
        (info,) = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return _walk(value, info, path, issues)
    if value is None:
        _issue(issues, "REQUIRED_FIELD_MISSING", path, "A value is required here, not null.")
        return _MISSING
    if isinstance(info, mi.StructType):
        return _walk_struct(value, info, path, issues)
    if isinstance(info, mi.LiteralType):
        return _walk_literal(value, info, path, issues)
    if isinstance(info, mi.BoolType):
        if type(value) is bool:
            return value
        _issue(issues, "INVALID_TYPE", path, "Expected true or false.")
        return _MISSING
    if isinstance(info, mi.IntType):
        return _walk_int(value, info, extra, path, issues)
    if isinstance(info, mi.DecimalType):
        return _walk_decimal(value, extra, path, issues)
    if isinstance(info, mi.StrType):
        return _walk_str(value, info, extra, path, issues)
    if isinstance(info, mi.DateType):
        return _walk_date(value, path, issues)
    if isinstance(info, mi.ListType):
        return _walk_list(value, info, path, issues)
    msg = f"no validator for {info!r}"  # a Struct field type this walker does not know
    raise TypeError(msg)


def _walk_struct(value: object, info: mi.StructType, path: str, issues: list[Issue]) -> object:
    if not isinstance(value, dict):
        _issue(issues, "INVALID_TYPE", path or "", "Expected a JSON object.")
        return _MISSING
    clean: dict[str, Any] = {}
    known = {f.encode_name: f for f in info.fields}
    for key in value:
        if key not in known:
            _issue(issues, "UNKNOWN_FIELD", _pointer(path, key), f"Unknown field {key!r}.")
    for name, field in known.items():
        child = _pointer(path, name)
        if name not in value:
            if field.required:
                _issue(issues, "REQUIRED_FIELD_MISSING", child, f"{name} is required.")
            continue
        cleaned = _walk(value[name], field.type, child, issues)
        # A partly bad section still feeds the cross-field checks with what was valid.
        if cleaned is not _MISSING and cleaned is not None:
            clean[name] = cleaned
    return clean


def _walk_literal(value: object, info: mi.LiteralType, path: str, issues: list[Issue]) -> object:
    if value in info.values and type(value) is type(info.values[0]):
        return value
    if path == "/schema_version":
        _issue(
            issues, "UNSUPPORTED_SCHEMA_VERSION", path, 'Only schema_version "1.0" is supported.'
        )
    elif isinstance(value, str):
        allowed = ", ".join(sorted(str(v) for v in info.values))
        _issue(issues, "INVALID_ENUM", path, f"{value!r} is not one of: {allowed}.")
    else:
        _issue(issues, "INVALID_TYPE", path, "Expected a string.")
    return _MISSING


def _bounds(extra: dict[str, Any]) -> str:
    """The allowed range in words: "greater than 0 and at most 1000000"."""
    if "ge" in extra and "le" in extra:
        return f"between {extra['ge']} and {extra['le']}"
    if "min" in extra:
        low = [f"at least {extra['min']}"]
    elif "gt" in extra:
        low = [f"greater than {extra['gt']}"]
    else:
        low = [f"at least {extra['ge']}"] if "ge" in extra else []
    high = [f"at most {extra['le']}"] if "le" in extra else []
    return " and ".join(low + high) or "a finite number"


def _walk_int(
    value: object, info: mi.IntType, extra: dict[str, Any], path: str, issues: list[Issue]
) -> object:
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        # JSON Schema's integer: 5.0 and 5e0 are whole numbers. Clamped before int(), so
        # that 1e999999999 is out of range rather than a billion-digit int.
        value = int(value.max(-_WHOLE_LIMIT).min(_WHOLE_LIMIT))
    if type(value) is not int:
        _issue(issues, "INVALID_TYPE", path, "Expected a whole number.")
        return _MISSING
    low, high = info.ge, info.le
    if (low is not None and value < low) or (high is not None and value > high):
        _issue(
            issues,
            extra.get("code", "VALUE_OUT_OF_RANGE"),
            path,
            f"Must be between {low} and {high}.",
        )
        return _MISSING
    return value


def _walk_decimal(value: object, extra: dict[str, Any], path: str, issues: list[Issue]) -> object:
    if type(value) is int:
        value = Decimal(value)
    code = extra.get("code", "VALUE_OUT_OF_RANGE")
    if isinstance(value, _OutOfReach):
        # Beyond Decimal is beyond every bound, so the field's range code (not INVALID_TYPE).
        message = f"{value.text} has an exponent out of range; must be {_bounds(extra)}."
        _issue(issues, extra.get("min_code", code), path, message)
        return _MISSING
    if not isinstance(value, Decimal) or not value.is_finite():
        _issue(issues, "INVALID_TYPE", path, "Expected a number.")
        return _MISSING
    digits = len(value.as_tuple().digits)
    if digits > MAX_DIGITS:
        # No salary, runway or rate has this many digits; holding them costs memory.
        message = f"Has {digits} digits; at most {MAX_DIGITS} are accepted."
        _issue(issues, extra.get("min_code", code), path, message)
        return _MISSING
    if "gt" in extra and value <= extra["gt"]:
        below = f" and at most {extra['le']}" if "le" in extra else ""
        _issue(issues, code, path, f"Must be greater than {extra['gt']}{below}.")
        return _MISSING
    if "min" in extra and value < extra["min"]:
        _issue(issues, extra["min_code"], path, f"Must be at least {extra['min']}.")
        return _MISSING
    if ("ge" in extra and value < extra["ge"]) or ("le" in extra and value > extra["le"]):
        _issue(issues, code, path, f"Must be {_bounds(extra)}.")
        return _MISSING
    return value


def _walk_str(
    value: object, info: mi.StrType, extra: dict[str, Any], path: str, issues: list[Issue]
) -> object:
    if not isinstance(value, str):
        _issue(issues, "INVALID_TYPE", path, "Expected a string.")
        return _MISSING
    if extra.get("code") == "INVALID_CURRENCY":
        if value not in ISO_4217:
            _issue(issues, "INVALID_CURRENCY", path, f"{value!r} is not an ISO 4217 currency code.")
            return _MISSING
        return value
    if (info.min_length is not None and len(value) < info.min_length) or (
        info.max_length is not None and len(value) > info.max_length
    ):
        _issue(
            issues,
            "INVALID_LENGTH",
            path,
            f"Must be {info.min_length} to {info.max_length} characters long.",
        )
        return _MISSING
    if "\x00" in value:
        _issue(issues, "INVALID_TYPE", path, "Text may not contain NUL characters.")
        return _MISSING
    if not value.isascii() and _SURROGATE.search(value):  # undecodable bytes of a CSV cell
        _issue(issues, "INVALID_TYPE", path, "Text must be valid UTF-8.")
        return _MISSING
    return value


def _walk_date(value: object, path: str, issues: list[Issue]) -> object:
    if not isinstance(value, str):
        _issue(issues, "INVALID_TYPE", path, "Expected a date string, YYYY-MM-DD.")
        return _MISSING
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    _issue(issues, "INVALID_DATE", path, f"{value!r} is not a real date in YYYY-MM-DD form.")
    return _MISSING


def _walk_list(value: object, info: mi.ListType, path: str, issues: list[Issue]) -> object:
    if not isinstance(value, list):
        _issue(issues, "INVALID_TYPE", path, "Expected an array.")
        return _MISSING
    if info.max_length is not None and len(value) > info.max_length:
        _issue(issues, "INVALID_LENGTH", path, f"At most {info.max_length} items.")
        return _MISSING
    items = [_walk(item, info.item_type, _pointer(path, i), issues) for i, item in enumerate(value)]
    return _MISSING if any(item is _MISSING for item in items) else items
