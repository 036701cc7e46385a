"""Breaking-change guard: compare an OpenAPI document with the released baseline.

Usage: python scripts/openapi_diff.py BASELINE.json CURRENT.json   (exit 1 on a break)

A break that was released knowingly is listed, with its reason, in
openapi/accepted-breaks.txt (``# why`` lines, then the exact ``BREAKING`` lines they
explain); listed breaks are printed as accepted and do not fail the check.

Every schema is compared in the direction its data flows. What clients send (request
bodies, parameters) must still be accepted: a break narrows it. What clients read
(response bodies, headers) must still fit the code they wrote: a break widens it.

Breaking, requests: a new required field, parameter or body; an existing parameter made
required; a removed field; a narrowed type; a removed enum value (or a new enum); a
narrowed constraint (a lower maximum or maxLength, a higher minimum or minLength, fewer
items, a new or changed pattern); a new format; a new conditional rule (allOf/if-then).
Breaking, responses: a removed field, status, media type or header (``Location``…); a
field turned nullable or its type widened; a required field made optional; an added enum
value; a constraint removed or widened. Either way: a removed path or operation; security
added to an open route or a security requirement changed; a default or format changed.

Additions pass (a new optional request field, a new response field, a new route), and so
does a removed response enum value: clients never see it again. ``$ref`` is resolved;
anyOf/oneOf alternatives are matched by type, allOf parts and if/then/else rules are
compared part by part, and ``not`` flips the direction. A break means a /v2 beside /v1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

_LOWER_IS_NARROWER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_HIGHER_IS_NARROWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_ANNOTATIONS = frozenset(
    ("default", "description", "title", "examples", "example", "deprecated", "readOnly")
)
_COMBINATORS = frozenset(("allOf", "if", "then", "else", "not"))
_MISSING = object()
ACCEPTED = Path(__file__).resolve().parent.parent / "openapi" / "accepted-breaks.txt"

Schema = dict[str, Any]


def _canon(value: Any) -> str:  # noqa: ANN401 - JSON
    return json.dumps(value, sort_keys=True)


class Diff:
    """Walks two documents side by side and collects breaking changes."""

    def __init__(self, old: Schema, new: Schema) -> None:
        self.old, self.new = old, new
        self.breaks: list[str] = []
        self._seen: set[tuple[str, str, bool]] = set()

    def _resolve(self, doc: Schema, schema: Any) -> Any:  # noqa: ANN401 - JSON
        seen: set[str] = set()
        while isinstance(schema, dict) and "$ref" in schema and schema["$ref"] not in seen:
            seen.add(schema["$ref"])
            node: Any = doc
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
        return schema

    def _break(self, where: str, what: str) -> None:
        line = f"{where}: {what}"
        if line not in self.breaks:
            self.breaks.append(line)

    def run(self) -> list[str]:
        """Every breaking change found."""
        for path, ops in self.old.get("paths", {}).items():
            new_ops = self.new.get("paths", {}).get(path)
            if new_ops is None:
                self.breaks.append(f"/paths/{path}: path removed")
                continue
            for method, op in ops.items():
                if not isinstance(op, dict) or method == "parameters":
                    continue
                if method not in new_ops:
                    self.breaks.append(f"/paths/{path}/{method}: operation removed")
                    continue
                where = f"/paths/{path}/{method}"
                self._security(where, op, new_ops[method])
                self._parameters(where, ops, op, new_ops, new_ops[method])
                self._request_body(where, op, new_ops[method])
                self._responses(where, op, new_ops[method])
        return self.breaks

    # -- operations --------------------------------------------------------------------

    def _security(self, where: str, old: Schema, new: Schema) -> None:
        """A client that met an old requirement must still meet one of the new."""
        before = old.get("security", self.old.get("security", []))
        after = new.get("security", self.new.get("security", []))
        if not after or {} in after:
            return
        if not before or {} in before:
            self._break(f"{where}/security", "security added to an open route")
            return
        for held in before:
            if not any(_meets(held, wanted) for wanted in after):
                self._break(
                    f"{where}/security", f"security requirement changed: {held} no longer met"
                )

    def _parameters(
        self, where: str, old_item: Schema, old: Schema, new_item: Schema, new: Schema
    ) -> None:
        def listed(doc: Schema, item: Schema, op: Schema) -> dict[tuple[str, str], Schema]:
            found: dict[tuple[str, str], Schema] = {}
            for param in [*item.get("parameters", []), *op.get("parameters", [])]:
                resolved = self._resolve(doc, param)
                found[(resolved["in"], resolved["name"])] = resolved
            return found

        before = listed(self.old, old_item, old)
        after = listed(self.new, new_item, new)
        for key, param in after.items():
            at = f"{where}/parameters/{key[0]}/{key[1]}"
            if key not in before:
                if param.get("required"):
                    self._break(at, "new required parameter")
                continue
            if param.get("required") and not before[key].get("required"):
                self._break(at, "parameter made required")
            self._schema(at, before[key].get("schema", {}), param.get("schema", {}), request=True)
        for key in before.keys() - after.keys():
            if key[0] == "path":
                self._break(f"{where}/parameters/{key[0]}/{key[1]}", "path parameter removed")

    def _request_body(self, where: str, old: Schema, new: Schema) -> None:
        old_body = self._resolve(self.old, old.get("requestBody", {}))
        new_body = self._resolve(self.new, new.get("requestBody", {}))
        if new_body.get("required") and old_body and not old_body.get("required"):
            self._break(f"{where}/requestBody", "request body made required")
        if new_body.get("required") and not old_body:
            self._break(f"{where}/requestBody", "new required request body")
        new_content = new_body.get("content", {})
        for media, content in old_body.get("content", {}).items():
            at = f"{where}/requestBody/{media}"
            if media not in new_content:
                self._break(at, "media type removed")
                continue
            self._schema(
                at, content.get("schema", {}), new_content[media].get("schema", {}), request=True
            )

    def _responses(self, where: str, old: Schema, new: Schema) -> None:
        new_responses = new.get("responses", {})
        for status, response in old.get("responses", {}).items():
            at = f"{where}/responses/{status}"
            if status not in new_responses:
                self._break(at, "response removed")
                continue
            before = self._resolve(self.old, response)
            after = self._resolve(self.new, new_responses[status])
            new_headers = {k.lower(): v for k, v in after.get("headers", {}).items()}
            for name, header in before.get("headers", {}).items():
                if name.lower() not in new_headers:
                    self._break(f"{at}/headers/{name}", "response header removed")
                    continue
                old_header = self._resolve(self.old, header)
                new_header = self._resolve(self.new, new_headers[name.lower()])
                if old_header.get("required") and not new_header.get("required"):
                    self._break(f"{at}/headers/{name}", "response header made optional")
                self._schema(
                    f"{at}/headers/{name}",
                    old_header.get("schema", {}),
                    new_header.get("schema", {}),
                    request=False,
                )
            for media, content in before.get("content", {}).items():
                new_content = after.get("content", {}).get(media)
                if new_content is None:
                    self._break(f"{at}/{media}", "media type removed")
                    continue
                self._schema(
                    f"{at}/{media}",
                    content.get("schema", {}),
                    new_content.get("schema", {}),
                    request=False,
                )

    # -- schemas -----------------------------------------------------------------------

    def _schema(self, where: str, old: Any, new: Any, request: bool) -> None:  # noqa: ANN401
        key = (_canon(old), _canon(new), request)
        if key in self._seen:
            return
        self._seen.add(key)
        old, new = self._resolve(self.old, old), self._resolve(self.new, new)
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        self._default(where, old, new)
        if _is_union(old) or _is_union(new):
            self._union(where, old, new, request)
        else:
            self._plain(where, old, new, request)
        self._combinators(where, old, new, request)

    def _default(self, where: str, old: Schema, new: Schema) -> None:
        before, after = old.get("default", _MISSING), new.get("default", _MISSING)
        if before is not _MISSING and (after is _MISSING or _canon(before) != _canon(after)):
            shown = "removed" if after is _MISSING else f"{before!r} -> {after!r}"
            self._break(where, f"default changed ({shown})")

    def _union(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        """Alternatives (anyOf/oneOf, or one plain schema) matched by type or $ref name."""
        old_alts = self._alternatives(self.old, old)
        new_alts = self._alternatives(self.new, new)
        # A request keeps every old alternative; a response adds none.
        must_keep, offered = (old_alts, new_alts) if request else (new_alts, old_alts)
        for i, (sig, alt) in enumerate(must_keep):
            match = next((other for other_sig, other in offered if other_sig == sig), None)
            if match is None:  # an integer fits a number alternative
                match = next((o for s, o in offered if _fits(sig, s)), None)
            at = f"{where}/anyOf/{i}"
            if match is None:
                if request:
                    self._break(where, f"type narrowed (no longer {sig})")
                elif sig == "null":
                    self._break(where, "turned nullable")
                else:
                    self._break(where, f"type widened (now also {sig})")
                continue
            old_alt, new_alt = (alt, match) if request else (match, alt)
            self._schema(at, old_alt, new_alt, request)

    def _alternatives(self, doc: Schema, schema: Schema) -> list[tuple[str, Any]]:
        parts = schema.get("anyOf") or schema.get("oneOf")
        if not parts:
            bare = {k: v for k, v in schema.items() if k not in _ANNOTATIONS | _COMBINATORS}
            return [(_signature(schema), bare)]
        found: list[tuple[str, Any]] = []
        for part in parts:
            if isinstance(part, dict) and "$ref" in part:
                found.append((f"$ref {part['$ref'].rsplit('/', 1)[-1]}", part))
                continue
            resolved = self._resolve(doc, part)
            if isinstance(resolved, dict) and _is_union(resolved):
                found.extend(self._alternatives(doc, resolved))
            else:
                found.append((_signature(resolved), part))
        return found

    def _plain(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        self._types(where, old, new, request)
        self._enum(where, old, new, request)
        self._limits(where, old, new, request)
        self._format(where, old, new, request)
        self._objects(where, old, new, request)
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            self._schema(f"{where}/items", old["items"], new["items"], request)
        old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_extra, dict) and isinstance(new_extra, dict):
            self._schema(f"{where}/additionalProperties", old_extra, new_extra, request)
        elif request and new_extra is False and old_extra is not False:
            self._break(where, "additional properties no longer accepted")

    def _types(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        old_types, new_types = _types(old), _types(new)
        if request:
            if new_types and (not old_types or not old_types <= new_types):
                lost = sorted(old_types - new_types) or ["any type"]
                self._break(where, f"type narrowed (no longer {', '.join(lost)})")
            return
        if old_types and (not new_types or not new_types <= old_types):
            gained = sorted(new_types - old_types) or ["any type"]
            if gained == ["null"]:
                self._break(where, "turned nullable")
            else:
                self._break(where, f"type widened (now also {', '.join(gained)})")

    def _enum(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        before, after = _enum(old), _enum(new)
        if request:
            if after is None:
                return
            if before is None:
                self._break(where, f"enum added: {after}")
                return
            removed = [v for v in before if v not in after]
            if removed:
                self._break(where, f"enum value(s) removed: {removed}")
            return
        if before is None:
            return
        if after is None:
            self._break(where, "enum removed (any value now possible)")
            return
        added = [v for v in after if v not in before]
        if added:
            self._break(where, f"enum value(s) added: {added}")

    def _limits(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        for name in _LOWER_IS_NARROWER:
            self._limit(where, name, old.get(name), new.get(name), request, lower_narrows=True)
        for name in _HIGHER_IS_NARROWER:
            self._limit(where, name, old.get(name), new.get(name), request, lower_narrows=False)
        before, after = old.get("pattern"), new.get("pattern")
        if before != after and (after is not None if request else before is not None):
            self._break(where, f"pattern changed to {after!r}")

    def _limit(
        self,
        where: str,
        name: str,
        before: float | None,
        after: float | None,
        request: bool,
        lower_narrows: bool,
    ) -> None:
        if before == after:
            return
        if after is None:  # the bound is gone: wider
            if not request:
                self._break(where, f"{name} removed (response widened)")
            return
        narrower = before is None or (after < before if lower_narrows else after > before)
        if request and narrower:
            self._break(where, f"{name} narrowed to {after}")
        elif not request and not narrower:
            self._break(where, f"{name} widened to {after} (response widened)")

    def _format(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        before, after = old.get("format"), new.get("format")
        if before == after:
            return
        if before is not None and after is not None:
            self._break(where, f"format changed ({before} -> {after})")
        elif request and after is not None:
            self._break(where, f"format changed (now {after})")
        elif not request and before is not None:
            self._break(where, f"format changed (no longer {before})")

    def _objects(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        if request:
            for name in sorted(new_required - old_required):
                self._break(f"{where}/properties/{name}", "newly required")
            for name in sorted(set(old_props) - set(new_props)):
                if new.get("additionalProperties") is not True:
                    self._break(f"{where}/properties/{name}", "request field removed")
        else:
            for name in sorted(set(old_props) - set(new_props)):
                self._break(f"{where}/properties/{name}", "response field removed")
            for name in sorted((old_required - new_required) & set(new_props)):
                self._break(f"{where}/properties/{name}", "required response field made optional")
        for name in sorted(set(old_props) & set(new_props)):
            self._schema(f"{where}/properties/{name}", old_props[name], new_props[name], request)

    def _combinators(self, where: str, old: Schema, new: Schema, request: bool) -> None:
        """The allOf parts and if/then/else rules, compared part by part; ``not`` flipped."""
        old_parts = list(old.get("allOf", []))
        new_parts = list(new.get("allOf", []))
        if "if" in old:
            old_parts.append({k: old[k] for k in ("if", "then", "else") if k in old})
        if "if" in new:
            new_parts.append({k: new[k] for k in ("if", "then", "else") if k in new})
        unmatched_new = [p for p in new_parts if _canon(p) not in {_canon(q) for q in old_parts}]
        unmatched_old = [p for p in old_parts if _canon(p) not in {_canon(q) for q in new_parts}]
        for i, (before, after) in enumerate(zip(unmatched_old, unmatched_new, strict=False)):
            self._part(f"{where}/allOf/{i}", before, after, request)
        paired = min(len(unmatched_old), len(unmatched_new))
        for part in unmatched_new[paired:]:
            if request:  # one more rule a request must meet
                self._break(where, f"new conditional rule or constraint: {_brief(part)}")
        for part in unmatched_old[paired:]:
            if not request:  # one rule fewer that responses met
                self._break(where, f"rule or constraint removed: {_brief(part)}")
        if "not" in old or "not" in new:
            # not S accepts what S rejects: a wider S is a narrower outer schema.
            self._schema(f"{where}/not", new.get("not", {}), old.get("not", {}), not request)

    def _part(self, where: str, old: Any, new: Any, request: bool) -> None:  # noqa: ANN401
        old, new = self._resolve(self.old, old), self._resolve(self.new, new)
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        if "if" in old or "if" in new:
            if _canon(old.get("if")) != _canon(new.get("if")):
                self._break(where, "conditional rule changed (its if)")
                return
            for branch in ("then", "else"):
                if branch in old or branch in new:
                    self._schema(
                        f"{where}/{branch}", old.get(branch, {}), new.get(branch, {}), request
                    )
            return
        self._schema(where, old, new, request)


def _meets(held: Schema, wanted: Schema) -> bool:
    """Credentials that met ``held`` also meet ``wanted`` (its schemes and scopes within)."""
    return all(name in held and set(scopes) <= set(held[name]) for name, scopes in wanted.items())


def _fits(inner: str, outer: str) -> bool:
    """Every value of type signature ``inner`` is also one of ``outer``."""
    if inner.startswith("$ref") or outer.startswith("$ref") or "any" in (inner, outer):
        return False
    return _types({"type": inner.split("|")}) <= _types({"type": outer.split("|")})


def _is_union(schema: Schema) -> bool:
    return bool(schema.get("anyOf") or schema.get("oneOf"))


def _signature(schema: Any) -> str:  # noqa: ANN401 - JSON
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return f"$ref {schema['$ref'].rsplit('/', 1)[-1]}"
    kind = schema.get("type")
    if kind is not None:
        return "|".join(sorted(kind)) if isinstance(kind, list) else str(kind)
    return "enum" if "enum" in schema or "const" in schema else "any"


def _types(schema: Schema) -> set[str]:
    kind = schema.get("type")
    if kind is None:
        return set()
    found = set(kind) if isinstance(kind, list) else {kind}
    if "number" in found:
        found.add("integer")  # a number accepts integers
    if schema.get("nullable") is True:  # OpenAPI 3.0 spelling
        found.add("null")
    return found


def _enum(schema: Schema) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def _brief(part: Any) -> str:  # noqa: ANN401 - JSON
    text = _canon(part)
    return text if len(text) <= 120 else text[:117] + "..."


def breaking_changes(baseline: Schema, current: Schema) -> list[str]:
    """Every breaking change from ``baseline`` to ``current`` (empty when compatible)."""
    return Diff(baseline, current).run()


def accepted_breaks(path: Path = ACCEPTED) -> dict[str, str]:
    """The breaks released knowingly, each with its reason (a missing file: none)."""
    if not path.exists():
        return {}
    accepted: dict[str, str] = {}
    why: list[str] = []
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line:
            why = []
        elif line.startswith("#"):
            why.append(line.lstrip("# "))
        elif not why:
            msg = f"{path}:{number}: an accepted break needs a '# why' line above it"
            raise ValueError(msg)
        else:
            accepted[line.removeprefix("BREAKING ")] = " ".join(why)
    return accepted


def main(argv: list[str]) -> int:
    """Compare two files; print the breaks; exit 1 if any is not accepted."""
    baseline, current = (json.loads(Path(arg).read_text()) for arg in argv[1:3])
    breaks = breaking_changes(baseline, current)
    accepted = accepted_breaks()
    for line in breaks:
        print(f"{'ACCEPTED' if line in accepted else 'BREAKING'} {line}")
    for line in accepted.keys() - set(breaks):
        print(f"note: {ACCEPTED.name} lists a break no longer found: {line}")
    failing = [line for line in breaks if line not in accepted]
    took = len(breaks) - len(failing)
    print(f"{len(failing)} breaking change(s) against {argv[1]} ({took} accepted)")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
