"""The contract's examples, computed from the golden cases each time the document is built.

Request examples are the cases' situations; the 201 examples are what the engine returns
for them, and the 400 and 422 examples are the problems it raises for malformed and
invalid input (the invalid one a golden case too). Nothing is written by hand, so an
example cannot drift from the server: a change to the rules changes the document, and
``batna openapi --check`` says so. The other problems are built by the functions the
server answers with, from the messages it sends.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

import msgspec

from batna.api.offload import evaluate_items
from batna.api.problems import internal_problem
from batna.errors import (
    BatnaError,
    NotFound,
    RateLimited,
    StoreUnavailable,
    TooLarge,
    Unauthorized,
    UnsupportedMediaType,
)
from batna.problems import problem_for
from batna.schemas.decode import decode_json
from batna.schemas.jsonout import ENCODER

if TYPE_CHECKING:
    from pathlib import Path

    from batna.engine import Engine

__all__ = ["EXAMPLE_ID", "EXAMPLE_REQUEST_ID", "INVALID", "SITUATIONS", "Examples", "build"]

# The golden cases shown, with what each illustrates (cases/<id>.json; all dated, so the
# evaluation does not depend on the day the document is built).
SITUATIONS: Final = {
    "TC-04": "Harts: a written offer, used openly, with a graceful exit plan (proceed)",
    "TC-01": "Case 1: an offer she would not take, used as an ultimatum (do_not_leverage)",
    "TC-06": "A backdown range below the target (proceed_with_changes)",
}
INVALID: Final = ("TC-15", "An inverted range (low above high): every issue named")
# Ids in examples: fixed, so the document is the same on every build.
EXAMPLE_ID: Final = "0197a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"
EXAMPLE_REQUEST_ID: Final = "4bf92f3577b34da6a3ce929d0e0e4736"
_MALFORMED: Final = b'{"schema_version": "1.0", "person": {'
# The messages the server sends (batna.api.auth, body, records; batna.store.database).
_NO_KEY: Final = "Send an API key: Authorization: Bearer <key>."
_NOT_FOUND: Final = f"No evaluation {EXAMPLE_ID} for this API key's tenant."
_TOO_LARGE: Final = "The body is over the limit of 1048576 bytes."
_NOT_JSON: Final = "Send the body as application/json."
_OVER_RATE: Final = "This API key is over its request rate."
_AWAY: Final = "The database did not answer (ConnectionRefusedError)."
_QUOTE: Final = "A bug: quote the instance, the request's X-Request-ID"


class Examples(msgspec.Struct, frozen=True, kw_only=True):
    """Named OpenAPI example objects (``{summary, value}``).

    Attributes:
        requests: By request Struct name.
        responses: By response Struct name, named as the request example they answer.
        problems: By status.
    """

    requests: dict[str, dict[str, Any]] = {}
    responses: dict[str, dict[str, Any]] = {}
    problems: dict[int, dict[str, Any]] = {}


def _json(value: object) -> Any:  # noqa: ANN401 - any JSON value
    return json.loads(ENCODER.encode(value))


def _example(summary: str, value: object) -> dict[str, Any]:
    return {"summary": summary, "value": _json(value)}


def _problem(summary: str, error: BatnaError) -> dict[str, Any]:
    return _example(summary, problem_for(error))


def _raised(action: Any) -> BatnaError:  # noqa: ANN401 - a callable that must raise
    try:
        action()
    except BatnaError as exc:
        return exc
    msg = "the example was expected to be refused"
    raise AssertionError(msg)


def build(engine: Engine, cases: Path) -> Examples:
    """Every example, by running ``engine`` on the cases under ``cases``."""
    payloads = {
        case: json.loads((cases / f"{case}.json").read_text(encoding="utf-8"))["payload"]
        for case in [*SITUATIONS, INVALID[0]]
        if (cases / f"{case}.json").is_file()
    }
    situations: dict[str, Any] = {}
    evaluations: dict[str, Any] = {}
    for case, summary in SITUATIONS.items():
        if case not in payloads:
            continue
        raw = json.dumps(payloads[case]).encode()
        evaluation = engine.evaluate(engine.decode(raw))
        situations[case] = {"summary": summary, "value": payloads[case]}
        evaluations[case] = _example(summary, msgspec.structs.replace(evaluation, id=EXAMPLE_ID))
    malformed = _raised(lambda: engine.decode(_MALFORMED))
    problems: dict[int, dict[str, Any]] = {
        400: {"malformed-json": _problem("A body cut short", malformed)},
        401: {"unauthorized": _problem("No key", Unauthorized(_NO_KEY))},
        404: {"not-found": _problem("Not this tenant's", NotFound(_NOT_FOUND))},
        413: {"too-large": _problem("Over the limit", TooLarge(_TOO_LARGE))},
        415: {"unsupported-media-type": _problem("Not JSON", UnsupportedMediaType(_NOT_JSON))},
        429: {"rate-limited": _problem("Over the key's rate", RateLimited(_OVER_RATE, {}))},
        500: {"internal": _example(_QUOTE, internal_problem(EXAMPLE_REQUEST_ID))},
        503: {"store-unavailable": _problem("The database is away", StoreUnavailable(_AWAY))},
    }
    if INVALID[0] in payloads:
        raw = json.dumps(payloads[INVALID[0]]).encode()
        invalid = _raised(lambda: engine.decode(raw))
        problems[422] = {"validation-failed": _problem(INVALID[1], invalid)}
    requests: dict[str, dict[str, Any]] = {}
    responses: dict[str, dict[str, Any]] = {}
    if situations:
        requests["Situation"] = situations
        responses["Evaluation"] = evaluations
        first = next(iter(situations.values()))["value"]
        batch = {"situations": [first, {"schema_version": "1.0"}]}
        summary = "A batch of one valid and one invalid situation"
        requests["BatchRequest"] = {"two": {"summary": summary, "value": batch}}
        # Decoded as the route decodes a body (numbers as decimals), then evaluated by it.
        items = [decode_json(json.dumps(item).encode()) for item in batch["situations"]]
        responses["BatchResponse"] = {"two": _example(summary, evaluate_items(engine, items)[0])}
    return Examples(requests=requests, responses=responses, problems=problems)
