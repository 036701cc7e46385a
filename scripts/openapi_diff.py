"""Breaking-change guard: compare an OpenAPI document with the released baseline.

Usage: python scripts/openapi_diff.py BASELINE.json CURRENT.json   (exit 1 on a break)

Breaking: a removed path or operation; a removed response field or status; a removed
enum value; a new required request field or parameter; a narrowed type or constraint
(a lower maximum or maxLength, a higher minimum or minLength, fewer items allowed, a new
or changed pattern). Additions pass. A breaking change means a /v2 beside /v1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

_LOWER_IS_NARROWER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_HIGHER_IS_NARROWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")


class Diff:
    """Walks two documents side by side and collects breaking changes."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.breaks: list[str] = []
        self._seen: set[tuple[str, str, str]] = set()

    def _resolve(self, doc: dict[str, Any], schema: Any) -> Any:  # noqa: ANN401 - JSON
        while isinstance(schema, dict) and "$ref" in schema:
            node: Any = doc
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def run(self) -> list[str]:
        """Every breaking change found."""
        for path, ops in self.old.get("paths", {}).items():
            new_ops = self.new.get("paths", {}).get(path)
            if new_ops is None:
                self.breaks.append(f"/paths/{path}: path removed")
                continue
            for method, op in ops.items():
                if method not in new_ops:
                    self.breaks.append(f"/paths/{path}/{method}: operation removed")
                    continue
                self._operation(f"/paths/{path}/{method}", op, new_ops[method])
        return self.breaks

    def _operation(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        old_params = {(p["in"], p["name"]): p for p in old.get("parameters", [])}
        for param in new.get("parameters", []):
            key = (param["in"], param["name"])
            if key not in old_params and param.get("required"):
                self.breaks.append(f"{where}/parameters/{param['name']}: new required parameter")
            elif key in old_params:
                self._schema(
                    f"{where}/parameters/{param['name']}",
                    old_params[key].get("schema", {}),
                    param.get("schema", {}),
                    request=True,
                )
        old_body = old.get("requestBody", {}).get("content", {})
        new_body = new.get("requestBody", {}).get("content", {})
        for media, content in old_body.items():
            if media not in new_body:
                self.breaks.append(f"{where}/requestBody/{media}: media type removed")
                continue
            self._schema(
                f"{where}/requestBody/{media}",
                content["schema"],
                new_body[media]["schema"],
                request=True,
            )
        for status, response in old.get("responses", {}).items():
            new_response = new.get("responses", {}).get(status)
            if new_response is None:
                self.breaks.append(f"{where}/responses/{status}: response removed")
                continue
            for media, content in response.get("content", {}).items():
                new_content = new_response.get("content", {}).get(media)
                if new_content is None:
                    self.breaks.append(f"{where}/responses/{status}/{media}: media type removed")
                    continue
                self._schema(
                    f"{where}/responses/{status}/{media}",
                    content.get("schema", {}),
                    new_content.get("schema", {}),
                    request=False,
                )

    def _schema(self, where: str, old: Any, new: Any, request: bool) -> None:  # noqa: ANN401, C901
        key = (json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True), str(request))
        if key in self._seen:
            return
        self._seen.add(key)
        old, new = self._resolve(self.old, old), self._resolve(self.new, new)
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        old_types, new_types = _types(old), _types(new)
        if old_types and new_types and not old_types <= new_types:
            lost = sorted(old_types - new_types)
            self.breaks.append(f"{where}: type narrowed (no longer {', '.join(lost)})")
        if "enum" in old:
            removed = [v for v in old["enum"] if v not in new.get("enum", old["enum"])]
            if removed:
                self.breaks.append(f"{where}: enum value(s) removed: {removed}")
        for name in _LOWER_IS_NARROWER:
            if name in new and (name not in old or new[name] < old[name]):
                self.breaks.append(f"{where}: {name} narrowed to {new[name]}")
        for name in _HIGHER_IS_NARROWER:
            if name in new and (name not in old or new[name] > old[name]):
                self.breaks.append(f"{where}: {name} narrowed to {new[name]}")
        if "pattern" in new and new.get("pattern") != old.get("pattern"):
            self.breaks.append(f"{where}: pattern changed to {new['pattern']!r}")
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        if request:
            added = set(new.get("required", [])) - set(old.get("required", []))
            for name in sorted(added):
                self.breaks.append(f"{where}/properties/{name}: newly required")
        else:
            for name in sorted(set(old_props) - set(new_props)):
                self.breaks.append(f"{where}/properties/{name}: response field removed")
        for name in sorted(set(old_props) & set(new_props)):
            self._schema(f"{where}/properties/{name}", old_props[name], new_props[name], request)
        if "items" in old and "items" in new:
            self._schema(f"{where}/items", old["items"], new["items"], request)
        for combo in ("anyOf", "oneOf"):
            old_parts, new_parts = old.get(combo, []), new.get(combo, [])
            if len(new_parts) < len(old_parts):
                self.breaks.append(f"{where}/{combo}: alternatives removed")
            for i, (a, b) in enumerate(zip(old_parts, new_parts, strict=False)):
                self._schema(f"{where}/{combo}/{i}", a, b, request)


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    if kind is None:
        return set()
    found = set(kind) if isinstance(kind, list) else {kind}
    if "number" in found:
        found.add("integer")  # a number accepts integers
    return found


def breaking_changes(baseline: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Every breaking change from ``baseline`` to ``current`` (empty when compatible)."""
    return Diff(baseline, current).run()


def main(argv: list[str]) -> int:
    """Compare two files; print the breaks; exit 1 if there are any."""
    baseline, current = (json.loads(Path(arg).read_text()) for arg in argv[1:3])
    breaks = breaking_changes(baseline, current)
    for line in breaks:
        print(f"BREAKING {line}")
    print(f"{len(breaks)} breaking change(s) against {argv[1]}")
    return 1 if breaks else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
