"""Encoders that turn a situation and its metrics into durable-rules fact attributes.

An encoder is generated as straight-line Python from the compiled plan (one statement per
attribute, no loop, no dispatch), because it runs twice per evaluation. The paths come
from the validated plan, so the generated source only ever names Struct attributes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from batna.engine.compile import Attr, fixed
from batna.engine.conditions import Ref
from batna.engine.paths import PATHS

__all__ = ["Encoder", "build_encoder", "build_key"]

Encoder = Callable[[Any, Any], dict[str, Any]]
_NAME: Final = re.compile(r"^[a-z_][a-z0-9_]*$")
_PYTHON_OP: Final = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _access(path: str) -> str:
    head, _, rest = path.partition(".")
    if head == "suggested_range":
        head, rest = "metrics", f"suggested_{rest}"
    parts = rest.split(".") if head == "metrics" else path.split(".")
    if not all(_NAME.match(p) for p in parts):
        msg = f"unsafe path {path!r}"
        raise ValueError(msg)
    return ("m." if head == "metrics" else "s.") + ".".join(parts)


def build_encoder(attrs: tuple[Attr, ...]) -> Encoder:
    """A function ``(situation, metrics) -> attributes`` for ``attrs`` (absent values omitted)."""
    lines = ["def encode(s, m):", "    out = {}"]
    namespace: dict[str, Any] = {"_fixed": fixed}
    for index, attr in enumerate(attrs):
        value = _access(attr.path)
        key = repr(attr.key)
        if attr.transform == "compare":
            if isinstance(attr.rhs, Ref):
                other = _access(attr.rhs.path)
            else:
                other = f"_const{index}"
                namespace[other] = attr.rhs
            test = f"v {_PYTHON_OP[attr.arg or '']} w"
            lines.append(f"    v, w = {value}, {other}")
            lines.append(f"    if v is not None and w is not None: out[{key}] = {test}")
        elif attr.transform == "contains":
            lines.append(f"    out[{key}] = {attr.arg!r} in {value}")
        elif attr.transform == "empty":
            lines.append(f"    out[{key}] = not {value}")
        else:
            lines.append(f"    v = {value}")
            if attr.transform == "fixed":
                lines.append(f"    if v is not None: out[{key}] = _fixed(v)")
            elif attr.transform == "enum":
                codes = f"_codes{index}"
                namespace[codes] = {v: i for i, v in enumerate(PATHS[attr.path].values)}
                lines.append(f"    if v is not None: out[{key}] = {codes}[v]")
            else:
                lines.append(f"    if v is not None: out[{key}] = v")
    lines.append("    return out")
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from validated paths only
    encoder: Encoder = namespace["encode"]
    return encoder


def build_key(
    paths: list[str], list_paths: frozenset[str], facts: list[str]
) -> Callable[[Any, Any, frozenset[str]], tuple[object, ...]]:
    """A function ``(situation, metrics, facts) -> tuple`` of the values at ``paths``.

    Lists become tuples so the result can key a cache.
    """
    items = [f"tuple({_access(p)})" if p in list_paths else _access(p) for p in paths]
    items += [f"{name!r} in f" for name in facts]
    source = f"def key(s, m, f):\n    return ({', '.join(items)}{',' if items else ''})"
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # noqa: S102 - generated from validated paths only
    key: Callable[[Any, Any, frozenset[str]], tuple[object, ...]] = namespace["key"]
    return key
