"""API version 1 under ``/v1``: evaluations and their records, batches, rulesets; all need a key."""

from litestar import Router

from batna.api.auth import authenticate
from batna.api.v1.batches import (
    batch_report,
    batch_results,
    batch_status,
    create_batch,
    delete_batch,
)
from batna.api.v1.evaluations import evaluate, evaluate_batch, what_if
from batna.api.v1.records import (
    delete_evaluation,
    get_evaluation,
    list_evaluations,
    options_evaluation,
    options_evaluations,
)
from batna.api.v1.rulesets import get_ruleset, list_rulesets

__all__ = ["router"]

router = Router(
    path="/v1",
    before_request=authenticate,
    # The OPTIONS handlers come first: see records._allow.
    route_handlers=[
        options_evaluations,
        options_evaluation,
        evaluate,
        evaluate_batch,
        what_if,
        get_evaluation,
        list_evaluations,
        delete_evaluation,
        list_rulesets,
        get_ruleset,
        create_batch,
        batch_status,
        batch_results,
        batch_report,
        delete_batch,
    ],
)
