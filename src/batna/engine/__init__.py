"""The rules engine: bundle loading, compilation to durable-rules, evaluation."""

from batna.engine.bundle import Bundle, Rule, Ruleset, load_bundle
from batna.engine.compile import compile_ruleset
from batna.engine.conditions import to_data
from batna.engine.engine import Engine
from batna.engine.golden import run_cases
from batna.engine.registry import Rulesets

__all__ = [
    "Bundle",
    "Engine",
    "Rule",
    "Ruleset",
    "Rulesets",
    "compile_ruleset",
    "load_bundle",
    "run_cases",
    "to_data",
]
