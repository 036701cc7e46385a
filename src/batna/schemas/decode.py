"""Decode a situation from JSON and report every structural issue at once.

msgspec stops at the first error, and RULES.md §4 wants all of them with their codes, so
the walk here is driven by msgspec's own type information for ``Situation``: the Structs
stay the single source of truth for names, enums and bounds. Numbers are parsed as
``Decimal`` (never binary floats). Only a clean document is converted into a Struct.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import msgspec
import msgspec.inspect as mi

from batna.errors import InputError, Issue, ValidationFailed
from batna.schemas.checks import check_situation
from batna.schemas.currencies import ISO_4217
from batna.schemas.situation import Situation

if TYPE_CHECKING:
    from batna.schemas.rules import AmountCaps

__all__ = ["MalformedJSON", "decode_situation", "parse_situation"]


class MalformedJSON(InputError):
    """The body is not JSON at all (HTTP 400, not 422)."""


_DECODER: Final = msgspec.json.Decoder(float_hook=Decimal)
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_ROOT: Final = mi.type_info(Situation)


def decode_situation(raw: bytes | str, caps: AmountCaps) -> Situation:
    """Decode JSON text into a validated ``Situation``.

    Raises:
        MalformedJSON: The text is not JSON.
        ValidationFailed: Every schema and §4 issue, sorted by path and code.
    """
    try:
        document = _DECODER.decode(raw)
    except msgspec.DecodeError as exc:
        raise MalformedJSON(f"The body is not valid JSON: {exc}") from None
    return parse_situation(document, caps)


def parse_situation(document: object, caps: AmountCaps) -> Situation:
    """Validate an already-decoded JSON document (numbers as ``Decimal``) into a Situation."""
    issues: list[Issue] = []
    clean = _walk(document, _ROOT, "", issues)
    if isinstance(clean, dict):
        invalid = frozenset(issue.path for issue in issues)
        issues.extend(check_situation(clean, caps, invalid))
    if issues:
        raise ValidationFailed(issues)
    return msgspec.convert(clean, Situation)


def _pointer(parent: str, key: str | int) -> str:
    token = str(key).replace("~", "~0").replace("/", "~1")
    return f"{parent}/{token}"


def _issue(issues: list[Issue], code: str, path: str, message: str) -> None:
    issues.append(Issue(code=code, path=path, message=message))


_MISSING: Final = object()


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


def _walk_decimal(value: object, extra: dict[str, Any], path: str, issues: list[Issue]) -> object:
    if type(value) is int:
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        _issue(issues, "INVALID_TYPE", path, "Expected a number.")
        return _MISSING
    code = extra.get("code", "VALUE_OUT_OF_RANGE")
    if "gt" in extra and value <= extra["gt"]:
        _issue(issues, code, path, f"Must be greater than {extra['gt']}.")
        return _MISSING
    if "min" in extra and value < extra["min"]:
        _issue(issues, extra["min_code"], path, f"Must be at least {extra['min']}.")
        return _MISSING
    if ("ge" in extra and value < extra["ge"]) or ("le" in extra and value > extra["le"]):
        _issue(issues, code, path, f"Must be between {extra.get('ge', '-inf')} and {extra['le']}.")
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
