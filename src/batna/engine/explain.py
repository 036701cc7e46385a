"""Why a rule fired: the conditions that held, and its message filled in from the situation.

durable-rules reports which rules fired; this module re-reads the fired rules' condition
trees (with the same null semantics) to say why, and renders message templates. It runs
only for rules that fired, so its cost scales with the answer, not the rule set.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Final, NamedTuple

from batna.engine.conditions import All, AnyOf, Cmp, Cond, Fact, Not, Ref, holds, walk
from batna.engine.facts import build_key
from batna.engine.paths import PATHS
from batna.schemas.evaluation import Condition, FiredRule, effects_of

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from batna.engine.bundle import Rule

__all__ = ["RuleExplainer", "Template", "explain", "reasons", "show"]

_PLACEHOLDER: Final = re.compile(r"\{([^{}]*)\}")


def show(value: object) -> str:
    """A value as a person reads it: amounts grouped, enums in words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"  # every digit as given: 2.99995 is not 3.00
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("_", " ")
    if isinstance(value, tuple | list):
        return ", ".join(show(v) for v in value)
    return str(value)


def _leaf(
    cond: Cmp | Fact, value_of: Callable[[str], object], label: str | None, *, negated: bool
) -> Condition:
    prefix = "not " if negated else ""
    if isinstance(cond, Fact):
        return Condition(path=f"fact:{cond.name}", op=f"{prefix}fact", label=cond.label or label)
    value = cond.value
    expected = f"{{{value.path}}}" if isinstance(value, Ref) else show(value)
    if isinstance(value, Ref):
        other = value_of(value.path)
        expected = f"{value.path} ({show(other) if other is not None else 'unknown'})"
    actual = value_of(cond.path)
    return Condition(
        path=cond.path,
        op=f"{prefix}{cond.op}",
        expected=expected,
        actual=show(actual) if actual is not None else None,
        label=cond.label or label,
    )


def _why_true(
    cond: Cond, value_of: Callable[[str], object], facts: frozenset[str], label: str | None
) -> list[Condition]:
    match cond:
        case All(items=items):
            return [c for i in items for c in _why_true(i, value_of, facts, cond.label or label)]
        case AnyOf(items=items):
            return [
                c
                for i in items
                if holds(i, value_of, facts)
                for c in _why_true(i, value_of, facts, i.label or label)
            ]
        case Not(item=item):
            return _why_false(item, value_of, facts, cond.label or label)
    if not isinstance(cond, Cmp | Fact):
        raise TypeError(cond)
    return [_leaf(cond, value_of, label, negated=False)]


def _why_false(
    cond: Cond, value_of: Callable[[str], object], facts: frozenset[str], label: str | None
) -> list[Condition]:
    match cond:
        case All(items=items):
            return [
                c
                for i in items
                if not holds(i, value_of, facts)
                for c in _why_false(i, value_of, facts, i.label or label)
            ]
        case AnyOf(items=items):
            return [c for i in items for c in _why_false(i, value_of, facts, cond.label or label)]
        case Not(item=item):
            return _why_true(item, value_of, facts, cond.label or label)
    if not isinstance(cond, Cmp | Fact):
        raise TypeError(cond)
    return [_leaf(cond, value_of, label, negated=True)]


def explain(
    rule: Rule, value_of: Callable[[str], object], facts: frozenset[str]
) -> list[Condition]:
    """The conditions of ``rule`` that held (for a negation: the parts that failed)."""
    return _why_true(rule.when, value_of, facts, None)


def reasons(
    producers: Sequence[Rule], value_of: Callable[[str], object], facts: frozenset[str]
) -> list[str]:
    """Labels of the held conditions of the derive rules that asserted a fact."""
    out: list[str] = []
    for rule in producers:
        if holds(rule.when, value_of, facts):
            for condition in explain(rule, value_of, facts):
                if condition.label and condition.label not in out:
                    out.append(condition.label)
    return out


def counted(value: object, noun: str) -> str:
    """``value`` with ``noun`` agreeing in number: "1 day", "4 days", "2.5 months"."""
    return f"{show(value)} {noun if value == 1 else noun + 's'}"


class Template:
    """A message template, parsed once.

    Placeholders: ``{path}``; ``{path|default}`` (text when the value is missing);
    ``{path@noun}`` (the value and the noun, agreeing in number); ``{reasons:FACT}``.
    """

    def __init__(self, text: str) -> None:
        """Split ``text`` into literal and placeholder parts."""
        self.parts: list[tuple[str, str, str | None]] = []
        last = 0
        for found in _PLACEHOLDER.finditer(text):
            self.parts.append(("text", text[last : found.start()], None))
            token = found.group(1)
            name, _, default = token.partition("|")
            name, _, noun = name.partition("@")
            if name.startswith("reasons:"):
                self.parts.append(("reasons", name[len("reasons:") :], None))
            elif noun:
                self.parts.append(("count", name, noun))
            else:
                self.parts.append(("path", name, default or None))
            last = found.end()
        self.parts.append(("text", text[last:], None))
        self.text = text

    def render(
        self, value_of: Callable[[str], object], reasons_of: Callable[[str], list[str]]
    ) -> str:
        """Fill the placeholders from the situation."""
        out: list[str] = []
        for kind, name, default in self.parts:
            if kind == "text":
                out.append(name)
            elif kind == "reasons":
                out.append(", ".join(reasons_of(name)) or "unspecified")
            elif kind == "count":
                value = value_of(name)
                noun = default or ""
                out.append(counted(value, noun) if value is not None else f"no stated {noun}s")
            else:
                value = value_of(name)
                out.append(show(value) if value is not None else (default or "unknown"))
        return "".join(out)


# Entries per rule. A distinct situation can add one entry to every rule that fired, so the
# bound is what keeps memory flat under a stream of distinct situations (about 2 KB each).
_CACHE_LIMIT: Final = 1_024


class _Wording(NamedTuple):
    """One wording of a rule: when it applies, its message and its safer alternative."""

    when: Cond | None
    message: Template
    safer: Template | None


class RuleExplainer:
    """Builds a fired rule's entry (message and conditions), memoised on what it reads.

    A rule's explanation depends only on the values at the paths it mentions (in its
    condition, its variants, its messages, and the derive rules behind a
    ``{reasons:…}``) and on the facts it names, so identical inputs reuse the same
    frozen ``FiredRule``: most situations share most of them, and this keeps
    explanation off the hot path.
    """

    def __init__(
        self,
        rule: Rule,
        producers: dict[str, list[Rule]],
    ) -> None:
        """Prepare ``rule``; ``producers`` maps each fact to the derive rules asserting it."""
        if rule.message is None:
            msg = f"{rule.id} has no message"
            raise ValueError(msg)
        self.rule = rule
        default_safer = Template(rule.safer_alternative) if rule.safer_alternative else None
        self._wordings = [
            _Wording(
                v.when,
                Template(v.message),
                Template(v.safer_alternative) if v.safer_alternative else default_safer,
            )
            for v in rule.variants
        ]
        self._wordings.append(_Wording(None, Template(rule.message), default_safer))
        paths: set[str] = set()
        facts: set[str] = set()
        conditions: list[Cond] = list(rule.conditions())
        for wording in self._wordings:
            for template in (wording.message, wording.safer):
                for kind, name, _ in template.parts if template else ():
                    if kind in ("path", "count"):
                        paths.add(name)
                    elif kind == "reasons":
                        facts.add(name)
                        conditions += [p.when for p in producers.get(name, [])]
        for condition in conditions:
            for node in walk(condition):
                if isinstance(node, Cmp):
                    paths.add(node.path)
                    if isinstance(node.value, Ref):
                        paths.add(node.value.path)
                elif isinstance(node, Fact):
                    facts.add(node.name)
        lists = frozenset(p for p in paths if p in PATHS and PATHS[p].kind == "enum_list")
        self._key = build_key(sorted(paths), lists, sorted(facts))
        self._producers = producers
        self._cache: dict[tuple[object, ...], tuple[FiredRule, str | None]] = {}
        self._effects = effects_of(rule.weights)

    def _entry(
        self, value_of: Callable[[str], object], facts: frozenset[str]
    ) -> tuple[FiredRule, str | None]:
        rule = self.rule
        wording = next(
            w for w in self._wordings if w.when is None or holds(w.when, value_of, facts)
        )

        def reasons_of(fact: str) -> list[str]:
            return reasons(self._producers.get(fact, []), value_of, facts)

        fired = FiredRule(
            id=rule.id,
            title=rule.title,
            category=rule.category,
            kind=rule.kind,
            severity=rule.severity,
            score_effects=self._effects,
            message=wording.message.render(value_of, reasons_of),
            sources=list(rule.sources),
            conditions=explain(rule, value_of, facts),
        )
        safer = wording.safer.render(value_of, reasons_of) if wording.safer else None
        return fired, safer

    def fired(
        self,
        situation: object,
        metrics: object,
        facts: frozenset[str],
        value_of: Callable[[str], object],
    ) -> tuple[FiredRule, str | None]:
        """The entry for this rule having fired on ``situation``, and its safer alternative."""
        key = self._key(situation, metrics, facts)
        entry = self._cache.get(key)
        if entry is None:
            entry = self._entry(value_of, facts)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = entry
        return entry
