"""Condition trees of rule files: parsing from YAML data, typing, and evaluating for explanations.

A condition is parsed once at load into small frozen nodes. The compiler turns them into
durable-rules expressions; ``explain`` re-reads them against a situation to report which
conditions held for a fired rule (durable-rules says *that* a rule fired, not *why*).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, Literal

import msgspec

__all__ = [
    "COMPARISONS",
    "All",
    "AnyOf",
    "Cmp",
    "Cond",
    "Fact",
    "Not",
    "Ref",
    "parse_condition",
    "to_data",
]

COMPARISONS: Final = ("eq", "ne", "lt", "le", "gt", "ge")
_OPERATORS: Final = (*COMPARISONS, "in", "not_in", "exists", "contains", "empty")
Op = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "exists", "contains", "empty"]


class Ref(msgspec.Struct, frozen=True):
    """The right-hand side of a field-to-field comparison."""

    path: str


Scalar = str | int | bool | Decimal


class Cmp(msgspec.Struct, frozen=True, kw_only=True):
    """``{path: P, OP: V}``: a comparison on one situation or metric path."""

    path: str
    op: Op
    value: Scalar | tuple[Scalar, ...] | Ref
    label: str | None = None


class Fact(msgspec.Struct, frozen=True, kw_only=True):
    """``{fact: NAME}``: a fact asserted by a derive rule."""

    name: str
    label: str | None = None


class All(msgspec.Struct, frozen=True, kw_only=True):
    """``{all: [...]}``."""

    items: tuple[Cond, ...]
    label: str | None = None


class AnyOf(msgspec.Struct, frozen=True, kw_only=True):
    """``{any: [...]}``."""

    items: tuple[Cond, ...]
    label: str | None = None


class Not(msgspec.Struct, frozen=True, kw_only=True):
    """``{not: ...}``."""

    item: Cond
    label: str | None = None


Cond = Cmp | Fact | All | AnyOf | Not


class ConditionError(ValueError):
    """A malformed condition; ``field`` is where, inside ``when``."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _number(value: object, field: str) -> Scalar:
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    raise ConditionError(field, f"unsupported value {value!r}")


def parse_condition(data: object, field: str = "when") -> Cond:  # noqa: C901
    """Parse YAML data into a condition tree (shape only; paths are checked by the loader).

    Raises:
        ConditionError: The data is not a condition; ``field`` locates it.
    """
    if not isinstance(data, dict):
        raise ConditionError(field, "a condition must be a mapping")
    label = data.get("label")
    if label is not None and not isinstance(label, str):
        raise ConditionError(f"{field}.label", "label must be text")
    keys = set(data) - {"label"}
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise ConditionError(
                    field, f"{combinator!r} cannot be mixed with {sorted(keys - {combinator})}"
                )
            items = data[combinator]
            if not isinstance(items, list) or not items:
                raise ConditionError(f"{field}.{combinator}", "must be a non-empty list")
            parsed = tuple(
                parse_condition(c, f"{field}.{combinator}[{i}]") for i, c in enumerate(items)
            )
            return (
                All(items=parsed, label=label)
                if combinator == "all"
                else AnyOf(items=parsed, label=label)
            )
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(field, f"'not' cannot be mixed with {sorted(keys - {'not'})}")
        return Not(item=parse_condition(data["not"], f"{field}.not"), label=label)
    if "fact" in keys:
        if keys != {"fact"} or not isinstance(data["fact"], str):
            raise ConditionError(field, "a fact condition is exactly {fact: NAME}")
        return Fact(name=data["fact"], label=label)
    if "path" not in keys:
        raise ConditionError(field, f"expected all, any, not, fact or path; got {sorted(keys)}")
    path = data["path"]
    if not isinstance(path, str):
        raise ConditionError(f"{field}.path", "path must be text")
    ops = keys - {"path"}
    unknown = ops - set(_OPERATORS)
    if unknown:
        raise ConditionError(
            field, f"unknown operator {min(unknown)!r} (known: {', '.join(_OPERATORS)})"
        )
    if len(ops) != 1:
        raise ConditionError(field, "a comparison has exactly one operator")
    (op,) = ops
    raw = data[op]
    value: Scalar | tuple[Scalar, ...] | Ref
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            raise ConditionError(f"{field}.{op}", "must be a non-empty list")
        value = tuple(_number(v, f"{field}.{op}") for v in raw)
    elif isinstance(raw, dict):
        if op not in COMPARISONS or set(raw) != {"path"} or not isinstance(raw["path"], str):
            raise ConditionError(f"{field}.{op}", "a field reference is exactly {path: OTHER}")
        value = Ref(raw["path"])
    else:
        value = _number(raw, f"{field}.{op}")
    return Cmp(path=path, op=op, value=value, label=label)


def to_data(cond: Cond) -> dict[str, Any]:
    """The condition back in rule-file form (for the API's ruleset listing)."""
    out: dict[str, Any]
    match cond:
        case All(items=items):
            out = {"all": [to_data(c) for c in items]}
        case AnyOf(items=items):
            out = {"any": [to_data(c) for c in items]}
        case Not(item=item):
            out = {"not": to_data(item)}
        case Fact(name=name):
            out = {"fact": name}
        case Cmp(path=path, op=op, value=value):
            rhs = {"path": value.path} if isinstance(value, Ref) else value
            out = {"path": path, op: list(rhs) if isinstance(rhs, tuple) else rhs}
    if cond.label:
        out["label"] = cond.label
    return out


def walk(cond: Cond) -> list[Cond]:
    """Every node of ``cond``, depth first."""
    out: list[Cond] = [cond]
    if isinstance(cond, All | AnyOf):
        for item in cond.items:
            out.extend(walk(item))
    elif isinstance(cond, Not):
        out.extend(walk(cond.item))
    return out


def holds(cond: Cond, value_of: Callable[[str], object], facts: frozenset[str]) -> bool:
    """Evaluate ``cond`` in Python with the same null semantics the compiler gives durable."""
    match cond:
        case All(items=items):
            return all(holds(c, value_of, facts) for c in items)
        case AnyOf(items=items):
            return any(holds(c, value_of, facts) for c in items)
        case Not(item=item):
            return not holds(item, value_of, facts)
        case Fact(name=name):
            return name in facts
    actual: Any = value_of(cond.path)
    op = cond.op
    value: Any = cond.value
    if op == "exists":
        return bool((actual is not None) == value)
    if op == "contains":
        return value in (actual or ())
    if op == "empty":
        return bool((not actual) == value)
    if isinstance(value, Ref):
        value = value_of(value.path)
        if value is None:
            return op == "ne"
    if actual is None:
        return op in {"ne", "not_in"}
    if op == "in":
        return actual in value
    if op == "not_in":
        return actual not in value
    return bool(_COMPARE[op](actual, value))


_COMPARE: Final[dict[str, Any]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}
