"""Load and validate the rule bundle under ``rules/``; refuse a bad file with file, rule and field.

Everything a rule may say is checked here, before durable-rules sees it (durable accepts
some malformed rules silently): ids unique, kinds and severities consistent, paths known
and of the right type for their operator, enum values real, facts asserted by some
derive rule and derived without cycles, message placeholders resolvable, sources cited.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypeVar

import msgspec
import yaml

from batna.engine.conditions import (
    COMPARISONS,
    All,
    Cmp,
    Cond,
    ConditionError,
    Fact,
    Ref,
    parse_condition,
    walk,
)
from batna.engine.paths import PATHS, template_paths
from batna.errors import RuleSyntaxError, UnknownRuleset
from batna.schemas.rules import (
    Kind,
    Manifest,
    RemedyChange,
    RemedyFile,
    RuleFile,
    RulesetSettings,
    RuleSpec,
    Severity,
    Weights,
)

__all__ = [
    "Bundle",
    "Remedy",
    "Rule",
    "RuleVariant",
    "Ruleset",
    "bundle_revision",
    "load_bundle",
]

_SEVERITIES: Final[dict[str, tuple[str, ...]]] = {
    "blocker": ("critical",),
    "warning": ("high", "medium", "low"),
    "recommendation": ("info",),
}
_PLACEHOLDER: Final = re.compile(r"\{([^{}]*)\}")
_MSGSPEC_AT: Final = re.compile(r"at `\$\.rules\[(\d+)\](.*)`")
_T = TypeVar("_T")
_Fail = Callable[[str, str], RuleSyntaxError]


class RuleVariant(msgspec.Struct, frozen=True, kw_only=True):
    """A validated message variant: used when ``when`` holds (first match wins).

    Attributes:
        when: Parsed condition.
        message: Message template.
        safer_alternative: Safer-alternative template, when it differs from the rule's.
    """

    when: Cond
    message: str
    safer_alternative: str | None


class Remedy(msgspec.Struct, frozen=True, kw_only=True):
    """A validated remedy: a change a person can make, checked against the situation schema.

    Attributes:
        id: Remedy id.
        description: What to do, in words.
        changes: The fields it sets (paths checked, values typed for their field).
    """

    id: str
    description: str
    changes: tuple[RemedyChange, ...]


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """A validated rule, ready to compile.

    Attributes:
        id: Rule id.
        title: Short name.
        category: Category (from its file).
        kind: blocker, warning, recommendation or derive.
        severity: Severity; ``info`` for derive rules.
        weights: Score deltas.
        when: Parsed condition.
        message: Message template (judgement rules); the unconditional wording.
        safer_alternative: What to do instead, if the rule offers it.
        variants: Wordings tried in order before ``message``.
        remedies: Ids of the remedies that address it.
        asserts: The fact a derive rule asserts.
        sources: Source keys.
        rationale: Why the rule exists.
        file: File it came from, relative to ``rules/``.
    """

    id: str
    title: str
    category: str
    kind: Kind
    severity: Severity
    weights: Weights
    when: Cond
    message: str | None
    safer_alternative: str | None
    variants: tuple[RuleVariant, ...]
    remedies: tuple[str, ...]
    asserts: str | None
    sources: tuple[str, ...]
    rationale: str
    file: str

    def conditions(self) -> tuple[Cond, ...]:
        """Every condition the rule evaluates: its own and its variants'."""
        return (self.when, *(v.when for v in self.variants))


class Ruleset(msgspec.Struct, frozen=True, kw_only=True):
    """A validated ruleset.

    Attributes:
        name: Ruleset name.
        version: Ruleset version.
        description: One paragraph for people.
        settings: Scoring, decision, notices, caps and sources.
        rules: Every rule, derive rules included, in file order.
        revision: Revision of the bundle it came from.
        pressure: The parsed ``decision.pressure`` condition.
        remedies: The remedy catalogue, by id.
    """

    name: str
    version: str
    description: str
    settings: RulesetSettings
    rules: tuple[Rule, ...]
    revision: str
    pressure: Cond
    remedies: dict[str, Remedy]


class Bundle(msgspec.Struct, frozen=True, kw_only=True):
    """The loaded bundle.

    Attributes:
        name: Bundle name.
        revision: SHA-256 over every file under ``rules/``.
        rulesets: Its rulesets; the first is the default.
        root: Where it was loaded from.
    """

    name: str
    revision: str
    rulesets: tuple[Ruleset, ...]
    root: str

    def get(self, name: str | None = None) -> Ruleset:
        """The ruleset called ``name`` (the default one when ``None``)."""
        if name is None:
            return self.rulesets[0]
        for ruleset in self.rulesets:
            if ruleset.name == name:
                return ruleset
        raise UnknownRuleset(name, [r.name for r in self.rulesets])


def bundle_revision(root: Path) -> str:
    """SHA-256 over the relative path and bytes of every file under ``root``."""
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in file.parts:
            continue
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_yaml(path: Path, root: Path) -> object:
    name = path.relative_to(root).as_posix()
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleSyntaxError(name, f"cannot read YAML: {exc}") from None


def _convert(data: object, kind: type[_T], file: str, raw_rules: list[Any] | None = None) -> _T:
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        text = str(exc)
        rule_id = field = None
        found = _MSGSPEC_AT.search(text)
        if found and raw_rules is not None:
            index = int(found.group(1))
            entry = raw_rules[index] if index < len(raw_rules) else None
            rule_id = entry.get("id") if isinstance(entry, dict) else None
            rule_id = str(rule_id) if rule_id is not None else f"#{index + 1}"
            field = found.group(2).lstrip(".") or None
        unknown = re.search(r"unknown field `([^`]+)`", text)
        if unknown:
            field = f"{field}.{unknown.group(1)}" if field else unknown.group(1)
        raise RuleSyntaxError(file, text, rule_id=rule_id, field=field) from None


def load_bundle(root: Path) -> Bundle:
    """Load ``root`` (a ``rules/`` folder) and validate every file in it.

    Raises:
        RuleSyntaxError: The first problem found, with file, rule id and field.
    """
    manifest = _convert(_read_yaml(root / "manifest.yaml", root), Manifest, "manifest.yaml")
    revision = bundle_revision(root)
    rulesets = tuple(
        _load_ruleset(root, entry.name, entry.version, entry.description, entry.path, revision)
        for entry in manifest.rulesets
    )
    names = [r.name for r in rulesets]
    if len(set(names)) != len(names):
        raise RuleSyntaxError("manifest.yaml", "ruleset names must be unique")
    return Bundle(name=manifest.bundle, revision=revision, rulesets=rulesets, root=str(root))


def _load_ruleset(
    root: Path, name: str, version: str, description: str, folder: str, revision: str
) -> Ruleset:
    base = root / folder
    settings_file = f"{folder}/ruleset.yaml"
    if not (base / "ruleset.yaml").is_file():
        raise RuleSyntaxError(settings_file, "missing")
    settings = _convert(_read_yaml(base / "ruleset.yaml", root), RulesetSettings, settings_file)
    remedies = _load_remedies(base, root, folder)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(base.glob("*.yaml")):
        if path.name in _NOT_RULES:
            continue
        file = path.relative_to(root).as_posix()
        data = _read_yaml(path, root)
        raw_rules = data.get("rules") if isinstance(data, dict) else None
        parsed = _convert(data, RuleFile, file, raw_rules if isinstance(raw_rules, list) else None)
        for spec in parsed.rules:
            if spec.id in seen:
                raise RuleSyntaxError(
                    file, f"duplicate id (also in {seen[spec.id]})", rule_id=spec.id, field="id"
                )
            seen[spec.id] = file
            for remedy in spec.remedies:
                if remedy not in remedies:
                    raise RuleSyntaxError(
                        file,
                        f"unknown remedy {remedy!r} (add it to {folder}/remedies.yaml)",
                        rule_id=spec.id,
                        field="remedies",
                    )
            rules.append(_build_rule(spec, parsed.category, file, settings))
    if not rules:
        raise RuleSyntaxError(folder, "no rule files")
    pressure = _parse_when(
        settings.decision.pressure,
        lambda field, message: RuleSyntaxError(settings_file, message, field=f"decision.{field}"),
        "pressure",
    )
    _check_facts(rules)
    _check_facts_known(pressure, rules, settings_file)
    return Ruleset(
        name=name,
        version=version,
        description=description,
        settings=settings,
        rules=tuple(rules),
        revision=revision,
        pressure=pressure,
        remedies=remedies,
    )


_NOT_RULES: Final = ("ruleset.yaml", "remedies.yaml")
_TEMPLATE_ONLY: Final = {  # paths a message or a remedy may read that no rule compares
    "suggested_range.low": "decimal",
    "suggested_range.high": "decimal",
    "metrics.as_of_date": "date",
    "metrics.ref_date": "date",
}
_VALUE_KINDS: Final[dict[str, tuple[type, ...]]] = {
    "enum": (str,),
    "str": (str,),
    "bool": (bool,),
    "int": (int,),
    "decimal": (int, Decimal),
    "date": (str,),
}


def _load_remedies(base: Path, root: Path, folder: str) -> dict[str, Remedy]:
    """The remedy catalogue, every change checked against the situation's own schema."""
    file = f"{folder}/remedies.yaml"
    if not (base / "remedies.yaml").is_file():
        return {}
    data = _read_yaml(base / "remedies.yaml", root)
    parsed = _convert(data, RemedyFile, file)
    out: dict[str, Remedy] = {}
    for spec in parsed.remedies:
        if spec.id in out:
            raise RuleSyntaxError(file, "duplicate remedy id", rule_id=spec.id, field="id")
        for index, change in enumerate(spec.changes):
            _check_change(change, file, spec.id, f"changes[{index}]")
        out[spec.id] = Remedy(id=spec.id, description=spec.description, changes=tuple(spec.changes))
    return out


def _check_change(change: RemedyChange, file: str, remedy: str, field: str) -> None:
    def fail(message: str) -> RuleSyntaxError:
        return RuleSyntaxError(file, message, rule_id=remedy, field=field)

    target = PATHS.get(change.path)
    if target is None or change.path.startswith("metrics."):
        raise fail(f"{change.path!r} is not a field of the situation")
    given = [
        name
        for name, present in (
            ("value", change.value is not msgspec.UNSET),
            ("copy", change.copy is not None),
            ("add", change.add is not None),
        )
        if present
    ]
    if len(given) != 1:
        raise fail("a change has exactly one of value, copy or add")
    if change.times is not None and (change.copy is None or target.kind != "decimal"):
        raise fail("times multiplies a copied amount only")
    if change.add is not None:
        if target.kind != "enum_list" or change.add not in target.values:
            raise fail(f"{change.add!r} cannot be added to {change.path}")
        return
    if change.copy is not None:
        source = PATHS.get(change.copy)
        kind = _TEMPLATE_ONLY.get(change.copy) or (source.kind if source else None)
        if change.copy not in template_paths() or kind != target.kind:
            raise fail(f"cannot copy {change.copy!r} into {target.kind} field {change.path}")
        return
    value = change.value
    if value is None:
        return  # removes the field
    if target.kind == "enum_list" or not isinstance(value, _VALUE_KINDS[target.kind]):
        raise fail(f"{value!r} is not a value of {change.path} ({target.kind})")
    if target.kind == "int" and isinstance(value, bool):
        raise fail(f"{value!r} is not a value of {change.path} ({target.kind})")
    if target.kind == "enum" and value not in target.values:
        raise fail(f"{value!r} is not a value of {change.path} ({', '.join(target.values)})")


def _parse_when(data: object, fail: _Fail, field: str = "when") -> Cond:
    """Parse a condition and check every comparison in it."""
    try:
        when = parse_condition(data, field)
    except ConditionError as exc:
        raise fail(exc.field, str(exc)) from None
    for node in walk(when):
        if isinstance(node, Cmp):
            _check_comparison(node, fail)
    return when


def _check_facts_known(cond: Cond, rules: list[Rule], file: str) -> None:
    asserted = {r.asserts for r in rules if r.asserts}
    for node in walk(cond):
        if isinstance(node, Fact) and node.name not in asserted:
            raise RuleSyntaxError(
                file, f"fact {node.name!r} is not asserted by any derive rule", field="decision"
            )


def _build_rule(spec: RuleSpec, category: str, file: str, settings: RulesetSettings) -> Rule:
    def fail(field: str, message: str) -> RuleSyntaxError:
        return RuleSyntaxError(file, message, rule_id=spec.id, field=field)

    when = _parse_when(spec.when, fail)
    for key in spec.sources:
        if key not in settings.sources:
            raise fail("sources", f"unknown source key {key!r} (add it to ruleset.yaml sources)")
    then = spec.then
    if spec.kind == "derive":
        if then.assert_ is None:
            raise fail("then.assert", "a derive rule must name the fact it asserts")
        if (
            then.message
            or then.safer_alternative
            or then.variants
            or spec.severity
            or spec.weights != Weights()
        ):
            raise fail(
                "then", "a derive rule asserts a fact; it has no message, severity or weights"
            )
        _check_derive_shape(when, fail)
        severity: Severity = "info"
    else:
        if then.assert_ is not None:
            raise fail("then.assert", f"only derive rules assert facts, not a {spec.kind}")
        if not then.message:
            raise fail("then.message", "a judgement rule needs a message")
        if spec.severity not in _SEVERITIES[spec.kind]:
            allowed = " or ".join(_SEVERITIES[spec.kind])
            raise fail("severity", f"a {spec.kind} has severity {allowed}, not {spec.severity!r}")
        severity = spec.severity
        for text, field in (
            (then.message, "then.message"),
            (then.safer_alternative, "then.safer_alternative"),
        ):
            if text:
                _check_template(text, fail, field)
    variants = []
    for index, variant in enumerate(then.variants):
        field = f"then.variants[{index}]"
        for text, part in ((variant.message, "message"), (variant.safer_alternative, "safer")):
            if text:
                _check_template(text, fail, f"{field}.{part}")
        if variant.safer_alternative and not then.safer_alternative:
            raise fail(field, "a variant's safer_alternative needs the rule's own as the default")
        variants.append(
            RuleVariant(
                when=_parse_when(variant.when, fail, f"{field}.when"),
                message=variant.message,
                safer_alternative=variant.safer_alternative,
            )
        )
    return Rule(
        id=spec.id,
        title=spec.title,
        category=category,
        kind=spec.kind,
        severity=severity,
        weights=spec.weights,
        when=when,
        message=then.message,
        safer_alternative=then.safer_alternative,
        variants=tuple(variants),
        remedies=tuple(spec.remedies),
        asserts=then.assert_,
        sources=tuple(spec.sources),
        rationale=spec.rationale,
        file=file,
    )


def _check_comparison(node: Cmp, fail: _Fail) -> None:
    where = f"when ({node.path})"
    kind = PATHS.get(node.path)
    if kind is None:
        raise fail(where, f"unknown path {node.path!r}")
    op, value = node.op, node.value
    allowed = {
        "enum": ("eq", "ne", "in", "not_in", "exists"),
        "str": ("eq", "ne", "in", "not_in", "exists"),
        "bool": ("eq", "ne", "exists"),
        "int": (*COMPARISONS, "in", "not_in", "exists"),
        "decimal": (*COMPARISONS, "exists"),
        "date": ("exists",),
        "enum_list": ("contains", "empty"),
    }[kind.kind]
    if op not in allowed:
        raise fail(
            where,
            f"operator {op!r} does not apply to a {kind.kind} field (use {', '.join(allowed)})",
        )
    if isinstance(value, Ref):
        other = PATHS.get(value.path)
        if other is None:
            raise fail(where, f"unknown path {value.path!r}")
        if other.kind != kind.kind or kind.kind not in ("int", "decimal"):
            raise fail(
                where, f"cannot compare {kind.kind} {node.path} with {other.kind} {value.path}"
            )
        return
    if op in ("exists", "empty"):
        if not isinstance(value, bool):
            raise fail(where, f"{op} takes true or false")
        return
    values = value if isinstance(value, tuple) else (value,)
    for item in values:
        if kind.kind in ("enum", "enum_list"):
            if not isinstance(item, str) or item not in kind.values:
                raise fail(
                    where, f"{item!r} is not a value of {node.path} ({', '.join(kind.values)})"
                )
        elif kind.kind == "bool":
            if not isinstance(item, bool):
                raise fail(where, f"{node.path} is true or false, not {item!r}")
        elif kind.kind == "str":
            if not isinstance(item, str):
                raise fail(where, f"{node.path} is text, not {item!r}")
        elif isinstance(item, bool | str) or (kind.kind == "int" and not isinstance(item, int)):
            raise fail(where, f"{node.path} is a number ({kind.kind}), not {item!r}")


def _check_derive_shape(when: Cond, fail: _Fail) -> None:
    top = when.items if isinstance(when, All) else (when,)
    allowed = {id(node) for node in top if isinstance(node, Fact)}
    for node in walk(when):
        if isinstance(node, Fact) and id(node) not in allowed:
            raise fail(
                "when",
                f"fact {node.name!r} may appear in a derive rule only in its top-level all",
            )


def _check_template(text: str, fail: _Fail, field: str) -> None:
    known = template_paths()
    for token in _PLACEHOLDER.findall(text):
        name = token.split("|", 1)[0].split("@", 1)[0]
        if name.startswith("reasons:"):
            continue  # checked against the derive rules in _check_facts
        if name not in known:
            raise fail(field, f"unknown placeholder {{{token}}}")


def _check_facts(rules: list[Rule]) -> None:
    producers: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.asserts:
            producers.setdefault(rule.asserts, []).append(rule)
    for rule in rules:
        used = [n.name for c in rule.conditions() for n in walk(c) if isinstance(n, Fact)]
        for text in (rule.message, *(v.message for v in rule.variants)):
            used += [
                t.split("|", 1)[0][len("reasons:") :]
                for t in _PLACEHOLDER.findall(text or "")
                if t.startswith("reasons:")
            ]
        for name in used:
            if name not in producers:
                raise RuleSyntaxError(
                    rule.file,
                    f"fact {name!r} is not asserted by any derive rule",
                    rule_id=rule.id,
                    field="when",
                )
    # Positive chaining only: a cycle would mean facts that can never be derived.
    depends = {
        fact: {n.name for r in rs for n in walk(r.when) if isinstance(n, Fact)}
        for fact, rs in producers.items()
    }
    done: set[str] = set()

    def visit(fact: str, stack: tuple[str, ...]) -> None:
        if fact in stack:
            rule = producers[fact][0]
            raise RuleSyntaxError(
                rule.file,
                "derive rules form a cycle: " + " → ".join((*stack, fact)),
                rule_id=rule.id,
                field="when",
            )
        if fact in done:
            return
        for dep in depends[fact]:
            visit(dep, (*stack, fact))
        done.add(fact)

    for fact in depends:
        visit(fact, ())
