"""The engine: compile a ruleset once, then evaluate situations against it.

One ``Engine`` per process (durable-rules is not thread-safe; ``Runtime`` serialises
callers). The flow of one evaluation: discard what must not be read (gender without
consent, a candidate's exit plan) → metrics → durable-rules → explanations → scoring.
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import msgspec

from batna.engine.bundle import Bundle, Rule, Ruleset, load_bundle
from batna.engine.compile import PRESSURE_RULE, compile_ruleset
from batna.engine.explain import RuleExplainer
from batna.engine.facts import build_encoder
from batna.engine.metrics import Metrics, compute_metrics
from batna.engine.paths import template_paths
from batna.engine.runtime import Runtime
from batna.engine.whatif import what_if
from batna.schemas.decode import decode_situation, decode_valid, parse_situation
from batna.schemas.evaluation import (
    DataNotice,
    Derived,
    Evaluation,
    RulesetRef,
    SuggestedRange,
    WhatIf,
)
from batna.schemas.situation import ExitPlan, Situation, with_gender
from batna.scoring import score

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Engine"]

# What ``derived`` reports: every figure the metrics and the output share by name, and the
# derived facts as booleans (the other facts, such as ``heads_up``, stay internal).
_FIGURES: Final = tuple(f for f in Derived.__struct_fields__ if f in Metrics.__struct_fields__)
_LOGICAL: Final = tuple(f for f in Derived.__struct_fields__ if f not in _FIGURES)


def _getter(path: str) -> Callable[[Situation, Metrics], object]:
    head, _, rest = path.partition(".")
    if head == "metrics":
        name = rest
        return lambda _s, m: getattr(m, name)
    if head == "suggested_range":
        name = "suggested_low" if rest == "low" else "suggested_high"
        return lambda _s, m: getattr(m, name)
    get = attrgetter(path)
    return lambda s, _m: get(s)


class Engine:
    """A compiled ruleset, ready to evaluate situations."""

    def __init__(self, bundle: Bundle, ruleset: str | None = None) -> None:
        """Compile ``ruleset`` (the bundle's default when ``None``) into durable-rules."""
        self.bundle = bundle
        self.ruleset: Ruleset = bundle.get(ruleset)
        self.ref = RulesetRef(
            name=self.ruleset.name, version=self.ruleset.version, revision=bundle.revision
        )
        self.tag = f"{self.ruleset.name}@{self.ruleset.version}"  # its name in the registry
        plan = compile_ruleset(self.ruleset)
        self._runtime = Runtime(plan)
        self._stage = build_encoder(plan.stage_attrs)
        self._judge = build_encoder(plan.judge_attrs)
        self._getters = {p: _getter(p) for p in template_paths()}
        self._rules: dict[str, Rule] = {r.id: r for r in self.ruleset.rules}
        self._producers: dict[str, list[Rule]] = {}
        for rule in self.ruleset.rules:
            if rule.asserts:
                self._producers.setdefault(rule.asserts, []).append(rule)
        unasserted = sorted(set(_LOGICAL) - set(self._producers))
        if unasserted:  # an output fact no rule asserts would always read false
            msg = f"ruleset {self.ruleset.name} asserts no {', '.join(unasserted)}"
            raise ValueError(msg)
        self._explainers = {
            r.id: RuleExplainer(r, self._producers)
            for r in self.ruleset.rules
            if r.kind != "derive"
        }
        self._notices = self.ruleset.settings.notices

    @classmethod
    def from_path(cls, root: Path | str, ruleset: str | None = None) -> Engine:
        """Load the bundle at ``root`` and compile ``ruleset``."""
        return cls(load_bundle(Path(root)), ruleset)

    def decode(self, raw: bytes | str) -> Situation:
        """Decode and validate JSON text (raises ``MalformedJSON`` or ``ValidationFailed``)."""
        return decode_situation(raw, self.ruleset.settings.amount_caps)

    def decode_valid(self, raw: bytes) -> Situation | None:
        """``raw`` decoded if it is valid in every respect; None if not (``decode`` says why)."""
        return decode_valid(raw, self.ruleset.settings.amount_caps)

    def parse(self, document: object) -> Situation:
        """Validate an already-decoded document (numbers as ``Decimal``)."""
        return parse_situation(document, self.ruleset.settings.amount_caps)

    def evaluate(self, situation: Situation, *, today: dt.date | None = None) -> Evaluation:
        """Evaluate one validated situation.

        Args:
            situation: A situation from ``decode``/``parse`` (or built and validated).
            today: The date used when ``as_of_date`` is absent (default: today in UTC).
        """
        notices: list[str] = []
        person = situation.person
        if person.gender is not None and not person.gender_opt_in:
            notices.append("DATA-003")
            situation = with_gender(situation, None)
        if person.negotiating_as == "candidate" and situation.exit_plan != ExitPlan():
            situation = msgspec.structs.replace(situation, exit_plan=ExitPlan())
        if today is None:
            today = dt.datetime.now(dt.UTC).date()
        metrics = compute_metrics(situation, self.ruleset.settings, today)
        fired_ids, derived = self._runtime.run(
            self._stage(situation, metrics), self._judge(situation, metrics)
        )
        pressure = PRESSURE_RULE in fired_ids
        if pressure:
            fired_ids.remove(PRESSURE_RULE)
        facts = frozenset(derived)
        return self._build(
            situation, metrics, fired_ids, facts, [*notices, *metrics.notices], pressure=pressure
        )

    def what_if(
        self,
        situation: Situation,
        *,
        cap: int,
        max_moves: int = 3,
        limit: int = 10,
        today: dt.date | None = None,
    ) -> WhatIf:
        """The smallest sets of the person's own changes that improve the evaluation.

        Args:
            situation: A validated situation.
            cap: The most evaluations the search may run (it reports when it hit this).
            max_moves: The largest set of moves tried together.
            limit: The most suggestions returned.
            today: As for ``evaluate``.
        """
        day = today or dt.datetime.now(dt.UTC).date()
        return self._search(
            situation, self.evaluate(situation, today=day), day, cap, max_moves, limit
        )

    def with_hint(
        self,
        situation: Situation,
        evaluation: Evaluation,
        *,
        cap: int,
        today: dt.date | None = None,
    ) -> Evaluation:
        """``evaluation`` with its best single improving change attached as ``hint``."""
        day = today or dt.datetime.now(dt.UTC).date()
        found = self._search(situation, evaluation, day, cap, 1, 1)
        if not found.suggestions:
            return evaluation
        return msgspec.structs.replace(evaluation, hint=found.suggestions[0])

    def _search(
        self,
        situation: Situation,
        evaluation: Evaluation,
        day: dt.date,
        cap: int,
        max_moves: int,
        limit: int,
    ) -> WhatIf:
        """Search the remedies of the rules that fired in ``evaluation``."""
        catalogue = self.ruleset.remedies
        ids = dict.fromkeys(
            remedy for fired in evaluation.fired_rules for remedy in self._rules[fired.id].remedies
        )
        metrics = compute_metrics(situation, self.ruleset.settings, day)
        getters = self._getters
        settings = self.ruleset.settings
        return what_if(
            situation,
            evaluation,
            lambda document: self.evaluate(self.parse(document), today=day),
            remedies=[catalogue[i] for i in ids],
            value_of=lambda path: getters[path](situation, metrics),
            settings=settings.what_if,
            score_names=settings.decision.reasons.scores,
            cap=cap,
            max_moves=max_moves,
            limit=limit,
        )

    def evaluate_json(self, raw: bytes | str, *, today: dt.date | None = None) -> Evaluation:
        """Decode, validate and evaluate JSON text."""
        return self.evaluate(self.decode(raw), today=today)

    def close(self) -> None:
        """Release the durable-rules ruleset."""
        self._runtime.close()

    def _build(
        self,
        situation: Situation,
        metrics: Metrics,
        fired_ids: list[str],
        facts: frozenset[str],
        notice_ids: list[str],
        *,
        pressure: bool,
    ) -> Evaluation:
        getters = self._getters

        def value_of(path: str) -> object:
            return getters[path](situation, metrics)

        explainers = self._explainers
        entries = [explainers[r].fired(situation, metrics, facts, value_of) for r in fired_ids]
        safer = {entry.id: text for entry, text in entries if text is not None}
        outcome = score(
            [entry for entry, _ in entries],
            self.ruleset.settings,
            pressure=pressure,
            safer_of=safer.get,
        )
        suggested = None
        if metrics.suggested_low is not None and metrics.suggested_high is not None:
            suggested = SuggestedRange(
                low=metrics.suggested_low,
                high=metrics.suggested_high,
                currency=situation.person.currency,
            )
        derived: dict[str, Any] = {name: getattr(metrics, name) for name in _FIGURES}
        derived.update((name, name in facts) for name in _LOGICAL)
        return Evaluation(
            ruleset_version=self.ruleset.version,
            ruleset=self.ref,
            overall_recommendation=outcome.recommendation,
            decision=outcome.decision,
            scores=outcome.scores,
            derived=Derived(**derived),
            suggested_range=suggested,
            fired_rules=outcome.fired,
            data_notices=[
                DataNotice(id=n, message=self._notices.get(n, n)) for n in sorted(set(notice_ids))
            ],
            safer_alternative=outcome.safer_alternative,
        )
