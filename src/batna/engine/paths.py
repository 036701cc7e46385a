"""The paths a rule may read: every situation field and every metric, with its type.

Built from the Structs themselves (``msgspec.inspect``), so a field added to the schema is
at once usable in rules and a typo in a rule file is caught at load.
"""

from __future__ import annotations

from typing import Final, Literal

import msgspec
import msgspec.inspect as mi

from batna.engine.metrics import Metrics
from batna.schemas.situation import Situation

__all__ = ["PATHS", "PathType", "template_paths"]

Kind = Literal["enum", "bool", "int", "decimal", "str", "date", "enum_list"]


class PathType(msgspec.Struct, frozen=True):
    """What a path holds: its kind and, for enums, the allowed values."""

    kind: Kind
    values: tuple[str, ...] = ()


def _kind(info: mi.Type) -> PathType:
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        (info,) = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return _kind(info)
    if isinstance(info, mi.LiteralType):
        return PathType("enum", tuple(str(v) for v in info.values))
    if isinstance(info, mi.BoolType):
        return PathType("bool")
    if isinstance(info, mi.IntType):
        return PathType("int")
    if isinstance(info, mi.DecimalType):
        return PathType("decimal")
    if isinstance(info, mi.StrType):
        return PathType("str")
    if isinstance(info, mi.DateType):
        return PathType("date")
    if isinstance(info, mi.ListType):
        return PathType("enum_list", _kind(info.item_type).values)
    msg = f"unsupported field type {info!r}"
    raise TypeError(msg)


def _collect(info: mi.StructType, prefix: str, out: dict[str, PathType]) -> None:
    for field in info.fields:
        path = f"{prefix}{field.encode_name}"
        if isinstance(field.type, mi.StructType):
            _collect(field.type, f"{path}.", out)
        else:
            out[path] = _kind(field.type)


def _build() -> dict[str, PathType]:
    out: dict[str, PathType] = {}
    root = mi.type_info(Situation)
    if not isinstance(root, mi.StructType):
        raise TypeError(root)
    _collect(root, "", out)
    metrics = mi.type_info(Metrics)
    if not isinstance(metrics, mi.StructType):
        raise TypeError(metrics)
    for field in metrics.fields:
        if field.name in ("notices", "suggested_low", "suggested_high", "as_of_date", "ref_date"):
            continue
        out[f"metrics.{field.name}"] = _kind(field.type)
    return out


PATHS: Final[dict[str, PathType]] = _build()


def template_paths() -> frozenset[str]:
    """Paths a message may quote: every rule path plus the suggested range."""
    return frozenset(PATHS) | {
        "suggested_range.low",
        "suggested_range.high",
        "metrics.as_of_date",
        "metrics.ref_date",
    }
