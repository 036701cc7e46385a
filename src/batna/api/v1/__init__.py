"""API version 1: evaluations and rulesets under ``/v1``."""

from litestar import Router

from batna.api.v1.evaluations import evaluate, evaluate_batch, what_if
from batna.api.v1.rulesets import get_ruleset, list_rulesets

__all__ = ["router"]

router = Router(
    path="/v1", route_handlers=[evaluate, evaluate_batch, what_if, list_rulesets, get_ruleset]
)
