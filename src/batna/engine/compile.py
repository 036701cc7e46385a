"""Compile a validated ruleset into durable-rules' JSON form plus the plan to feed it.

The shape of one evaluation, in durable-rules terms:

1. a *stage* fact ``{t: "s"}`` carries the attributes derive rules read;
2. derive rules (priority 1) fire on it and on each other's facts ``{t: "d", n: NAME}``:
   forward chaining;
3. when derivation is done, the ``judge`` rule (priority 2, it matches every stage fact)
   asserts one flat *judge* fact ``{t: "j"}``: the attributes judgement rules read plus
   every derived fact as a boolean, so a judgement rule is one pattern with one
   expression, negation included, and never depends on the order facts arrived in;
4. judgement rules (priority 3) fire on it, and so does ``pressure``: the ruleset's
   ``decision.pressure`` condition compiled like a judgement rule, so scoring learns
   whether the plan presses from the engine rather than re-checking it in Python;
5. ``seen`` rules (priority 4) match every judge and derived fact so no asserted fact
   goes unmatched (an unmatched fact followed by ``delete_state`` can crash
   durable-rules).

Missing values follow the loader's documented SQL-like semantics: the compiler pushes
negation down to the leaves and turns "not equal" into "missing or not equal".
Decimals never reach durable-rules as numbers: it mis-parses floats written in exponent
form, and any fixed scale rounds some value the schema accepts (2.99995 months is not
3). A comparison on a decimal path becomes a boolean attribute that the generated
encoder computes exactly in ``Decimal``; durable-rules matches that boolean, so the
condition still lives in the rule file and the engine still does the matching.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

import msgspec

from batna.engine.conditions import All, AnyOf, Cmp, Cond, Fact, Not, Ref, walk
from batna.engine.paths import PATHS
from batna.errors import RuleSyntaxError

if TYPE_CHECKING:
    from batna.engine.bundle import Ruleset

__all__ = ["PRESSURE_RULE", "SCALE", "Attr", "Plan", "compile_ruleset", "enum_code", "fixed"]

SCALE: Final = Decimal(10_000)
_MAX_EXPRESSIONS: Final = 30  # durable-rules allows 32 per pattern; two are ours
_RESERVED: Final = ("sid", "id", "t", "n")
DERIVE_PRI: Final = 1
JUDGE_PRI: Final = 2
RULE_PRI: Final = 3
SEEN_PRI: Final = 4
JUDGE_RULE: Final = "judge"
SEEN_RULE: Final = "seen"
PRESSURE_RULE: Final = "pressure"  # ``decision.pressure`` holds (rule ids are upper case)

Transform = Literal["plain", "fixed", "enum", "contains", "empty", "compare"]


_LIMIT: Final = 1 << 62  # inside durable-rules' int64, far beyond any threshold


def fixed(value: Decimal) -> int:
    """A decimal as an integer count of 1/10,000ths (half-up), clamped to ±2**62.

    Only ratios of extreme amounts get near the clamp (amounts are capped far below it),
    and every threshold a rule compares them with is far inside it.
    """
    scaled = int((value * SCALE).to_integral_value(rounding=ROUND_HALF_UP))
    return max(-_LIMIT, min(_LIMIT, scaled))


class Attr(msgspec.Struct, frozen=True):
    """One attribute of a fact: its key, the path it reads and how the value is encoded.

    For ``compare``, ``arg`` is the operator and ``rhs`` the constant or the other path
    (a ``Ref``); the attribute is absent when either side is missing.
    """

    key: str
    path: str
    transform: Transform
    arg: str | None = None
    rhs: Decimal | Ref | None = None


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the runtime needs, computed once per ruleset.

    Attributes:
        definition: The durable-rules ruleset (rule name → rule).
        stage_attrs: Attributes of the stage fact (read by derive rules).
        judge_attrs: Attributes of the judge fact (read by judgement rules).
        fact_keys: Derived fact name → its boolean attribute in the judge fact.
        chained: Derived facts some derive rule consumes (asserted as facts).
        derive_rules: Derive rule id → the fact it asserts.
        judgement_rules: Ids of blocker, warning and recommendation rules, and
            ``PRESSURE_RULE``.
    """

    definition: dict[str, Any]
    stage_attrs: tuple[Attr, ...]
    judge_attrs: tuple[Attr, ...]
    fact_keys: dict[str, str]
    chained: frozenset[str]
    derive_rules: dict[str, str]
    judgement_rules: frozenset[str]


class _Keys:
    """Short attribute names (short keys parse faster) assigned in order of first use."""

    def __init__(self) -> None:
        self.attrs: dict[tuple[str, Transform, str | None, object], Attr] = {}

    def key(
        self,
        path: str,
        transform: Transform | None = None,
        arg: str | None = None,
        rhs: Decimal | Ref | None = None,
    ) -> str:
        kind = PATHS[path].kind
        chosen: Transform = transform or (
            "fixed" if kind == "decimal" else "enum" if kind == "enum" else "plain"
        )
        slot = (path, chosen, arg, rhs)
        if slot not in self.attrs:
            self.attrs[slot] = Attr(f"a{len(self.attrs)}", path, chosen, arg, rhs)
        return self.attrs[slot].key


def enum_code(path: str, value: str) -> int:
    """An enum value as its index: small numbers keep durable-rules' facts and messages short."""
    return PATHS[path].values.index(value)


def _const(path: str, value: object) -> object:
    kind = PATHS[path].kind
    if kind == "decimal":
        return fixed(Decimal(value))  # type: ignore[arg-type]
    if kind == "enum":
        return enum_code(path, value)  # type: ignore[arg-type]
    return value


_DURABLE_OP: Final = {
    "eq": None,
    "ne": "$neq",
    "lt": "$lt",
    "le": "$lte",
    "gt": "$gt",
    "ge": "$gte",
}
_NEGATED: Final = {"eq": "ne", "ne": "eq", "lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}


def _test(op: str, key: str, rhs: object) -> dict[str, Any]:
    durable_op = _DURABLE_OP[op]
    return {key: rhs} if durable_op is None else {durable_op: {key: rhs}}


def _missing(key: str) -> dict[str, Any]:
    return {"$nex": {key: 1}}


def _present(key: str) -> dict[str, Any]:
    return {"$ex": {key: 1}}


def _or(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$or": items}


def _and(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$and": items}


def _expr(  # noqa: C901 - one branch per node kind and operator
    cond: Cond, *, negate: bool, keys: _Keys, facts: dict[str, str]
) -> dict[str, Any]:
    """A durable expression for ``cond`` (or for its negation), null-aware."""
    match cond:
        case All(items=items):
            parts = [_expr(c, negate=negate, keys=keys, facts=facts) for c in items]
            return _or(parts) if negate else _and(parts)
        case AnyOf(items=items):
            parts = [_expr(c, negate=negate, keys=keys, facts=facts) for c in items]
            return _and(parts) if negate else _or(parts)
        case Not(item=item):
            return _expr(item, negate=not negate, keys=keys, facts=facts)
        case Fact(name=name):
            return {facts[name]: not negate}
    if not isinstance(cond, Cmp):
        raise TypeError(cond)
    op: str = cond.op
    value = cond.value
    if op == "contains":
        return {keys.key(cond.path, "contains", str(value)): not negate}
    if op == "empty":
        return {keys.key(cond.path, "empty"): value != negate}
    if op in _DURABLE_OP and PATHS[cond.path].kind == "decimal":
        return _exact(cond, negate=negate, keys=keys)
    key = keys.key(cond.path)
    if op == "exists":
        return _present(key) if value != negate else _missing(key)
    if op in ("in", "not_in"):
        if not isinstance(value, tuple):
            raise TypeError(value)
        consts = [_const(cond.path, v) for v in value]
        if (op == "in") != negate:
            return _or([{key: c} for c in consts])
        return _or([_missing(key), _and([{"$neq": {key: c}} for c in consts])])
    # A comparison is true only when its values are present, except ``ne`` (true when
    # either side is missing); its negation is the exact complement.
    if isinstance(value, Ref):
        other = keys.key(value.path)
        rhs: object = {"$m": other}
        absent = [_missing(key), _missing(other)]
        present = [_present(other)]
    else:
        rhs = _const(cond.path, value)
        absent = [_missing(key)]
        present = []
    if op == "ne" and not negate:
        return _or([*absent, _test("ne", key, rhs)])
    if op == "ne":  # not ne: both present and equal
        return _and([*present, _test("eq", key, rhs)])
    if negate:
        return _or([*absent, _test(_NEGATED[op], key, rhs)])
    return _and([*present, _test(op, key, rhs)])


def _exact(cond: Cmp, *, negate: bool, keys: _Keys) -> dict[str, Any]:
    """A decimal comparison, computed exactly by the encoder; durable matches its boolean.

    The attribute is absent when a side is missing, which gives the same null semantics
    as the other comparisons: ``ne`` holds when a side is missing, the rest do not.
    """
    rhs = cond.value if isinstance(cond.value, Ref) else Decimal(cond.value)  # type: ignore[arg-type]
    key = keys.key(cond.path, "compare", cond.op, rhs)
    outcome = cond.op != "ne"  # a missing side makes every comparison but ``ne`` false
    if negate:
        return {key: False} if not outcome else _or([_missing(key), {key: False}])
    return {key: True} if outcome else _or([_missing(key), {key: True}])


def _count(expr: object) -> int:
    if isinstance(expr, dict):
        if set(expr) & {"$and", "$or"}:
            return sum(_count(e) for v in expr.values() for e in v)
        return 1
    return 0


def _fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _fnv1(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h * 0x01000193) & 0xFFFFFFFF) ^ byte
    return h


def _check_hashes(names: list[str], where: str) -> None:
    """durable-rules compares names by a 32-bit FNV hash only: refuse colliding names."""
    for hash_fn in (_fnv1a, _fnv1):
        seen: dict[int, str] = {}
        for name in names:
            other = seen.setdefault(hash_fn(name), name)
            if other != name:
                raise RuleSyntaxError(
                    where, f"names {other!r} and {name!r} collide in durable-rules' hash"
                )


def compile_ruleset(ruleset: Ruleset) -> Plan:
    """Compile ``ruleset`` into durable-rules JSON and the fact plan.

    Raises:
        RuleSyntaxError: A rule that durable-rules cannot hold (too many expressions, or
            names whose hashes collide).
    """
    derive = [r for r in ruleset.rules if r.kind == "derive"]
    judgement = [r for r in ruleset.rules if r.kind != "derive"]
    fact_names = sorted({r.asserts for r in derive if r.asserts})
    chained = frozenset(n.name for r in derive for n in walk(r.when) if isinstance(n, Fact))
    stage_keys, judge_keys = _Keys(), _Keys()
    fact_keys = {name: f"f{i}" for i, name in enumerate(fact_names)}
    definition: dict[str, Any] = {}

    def check_size(rule_id: str, file: str, expr: dict[str, Any]) -> None:
        if _count(expr) > _MAX_EXPRESSIONS:
            raise RuleSyntaxError(
                file,
                f"condition compiles to {_count(expr)} expressions; "
                f"durable-rules allows {_MAX_EXPRESSIONS}",
                rule_id=rule_id,
                field="when",
            )

    for rule in derive:
        items = rule.when.items if isinstance(rule.when, All) else (rule.when,)
        patterns: list[dict[str, Any]] = [
            {f"d{i}": {"$and": [{"t": "d"}, {"n": item.name}]}}
            for i, item in enumerate(i for i in items if isinstance(i, Fact))
        ]
        rest = [item for item in items if not isinstance(item, Fact)]
        stage: dict[str, Any] = {"t": "s"}
        if rest:
            expr = _expr(All(items=tuple(rest)), negate=False, keys=stage_keys, facts=fact_keys)
            check_size(rule.id, rule.file, expr)
            stage = {"$and": [{"t": "s"}, expr]}
        definition[rule.id] = {"all": [*patterns, {"m": stage}], "pri": DERIVE_PRI}
    definition[JUDGE_RULE] = {"all": [{"m": {"t": "s"}}], "pri": JUDGE_PRI}
    for rule in judgement:
        expr = _expr(rule.when, negate=False, keys=judge_keys, facts=fact_keys)
        check_size(rule.id, rule.file, expr)
        definition[rule.id] = {"all": [{"m": {"$and": [{"t": "j"}, expr]}}], "pri": RULE_PRI}
    pressure = _expr(ruleset.pressure, negate=False, keys=judge_keys, facts=fact_keys)
    check_size(PRESSURE_RULE, "ruleset.yaml", pressure)
    definition[PRESSURE_RULE] = {"all": [{"m": {"$and": [{"t": "j"}, pressure]}}], "pri": RULE_PRI}
    definition[SEEN_RULE] = {"all": [{"m": {"$or": [{"t": "j"}, {"t": "d"}]}}], "pri": SEEN_PRI}

    attr_names = [a.key for a in (*stage_keys.attrs.values(), *judge_keys.attrs.values())]
    _check_hashes(sorted({*attr_names, *fact_keys.values(), *_RESERVED}), "compiled attributes")
    _check_hashes(sorted(definition), "compiled rule names")
    return Plan(
        definition=definition,
        stage_attrs=tuple(stage_keys.attrs.values()),
        judge_attrs=tuple(judge_keys.attrs.values()),
        fact_keys=fact_keys,
        chained=chained,
        derive_rules={r.id: r.asserts for r in derive if r.asserts},
        judgement_rules=frozenset([*(r.id for r in judgement), PRESSURE_RULE]),
    )
