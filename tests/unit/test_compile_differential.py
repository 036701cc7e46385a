"""The compiled durable-rules ruleset agrees with a plain-Python reading of every rule.

The compiler pushes negation down and encodes missing values for durable-rules; ``holds``
reads the same condition trees directly. On thousands of generated situations the fired
set, and the derived facts, must be identical.
"""

from __future__ import annotations

import datetime as dt
import random

from batna.engine import Engine
from batna.engine.conditions import holds
from batna.engine.engine import _getter
from batna.engine.metrics import compute_metrics
from tests.situations import random_situation

TODAY = dt.date(2025, 3, 3)


def test_durable_agrees_with_python_on_generated_situations(engine: Engine) -> None:
    rules = engine.ruleset.rules
    derive = [r for r in rules if r.kind == "derive"]
    judgement = [r for r in rules if r.kind != "derive"]
    rng = random.Random(7)
    checked = 0
    for _ in range(5000):
        situation = engine.parse(random_situation(rng))
        evaluation = engine.evaluate(situation, today=TODAY)
        if situation.person.gender is not None and not situation.person.gender_opt_in:
            continue  # the engine discards it before evaluating; covered elsewhere
        if situation.person.negotiating_as == "candidate":
            continue  # the engine ignores a candidate's exit plan; covered elsewhere
        metrics = compute_metrics(situation, engine.ruleset.settings, TODAY)

        def value_of(path: str, s: object = situation, m: object = metrics) -> object:
            return _getter(path)(s, m)  # type: ignore[arg-type]

        facts: frozenset[str] = frozenset()
        while True:  # derive to a fixed point, as forward chaining does
            more = facts | {
                r.asserts for r in derive if r.asserts and holds(r.when, value_of, facts)
            }
            if more == facts:
                break
            facts = more
        expected = {r.id for r in judgement if holds(r.when, value_of, facts)}
        assert {r.id for r in evaluation.fired_rules} == expected
        derived = evaluation.derived
        assert set(facts) == {
            name
            for name in (
                "uses_offer",
                "hardball",
                "credible_walkaway",
                "offer_concrete",
                "offer_firm",
                "monetary",
                "backlash_applicable",
            )
            if getattr(derived, name)
        }
        checked += 1
    assert checked > 1200
