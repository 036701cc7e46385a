"""schemathesis hooks (loaded by ../../schemathesis.toml): which 422s a valid request may get.

schemathesis.toml lets 422 through ``positive_data_acceptance`` for five operations,
because a few of their rules cannot be written in JSON Schema. A status is too coarse
for that: an unstated conditional requirement would pass too (the contract bug that a
random seed once found). This check looks inside each such 422 and passes it only when
every issue is one of those rules *and* the request really breaks it; anything else is a
contract the code does not keep.

A ruleset reference (``?ruleset=``, an impact analysis's ``candidate``) is the one value
whose validity depends on the deployment rather than on its shape: ``_loaded_refs`` maps
well-formed references to versions the server loads (see there).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import schemathesis
from litestar.datastructures import MultiDict

from batna.api import params
from batna.engine import load_bundle
from batna.schemas.rows import COLUMNS
from batna.schemas.rules import RULESET_REF, RULESET_TAG

Body = dict[str, Any]


def _get(body: Body, path: str) -> Any:
    node: Any = body
    for part in path.split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _below(low: str, high: str) -> Callable[[Body], bool]:
    def broken(body: Body) -> bool:
        a, b = _get(body, low), _get(body, high)
        return a is not None and b is not None and Decimal(str(a)) < Decimal(str(b))

    return broken


def _ask_in_other_currency(body: Body) -> bool:
    return _get(body, "ask/currency") not in (None, _get(body, "person/currency"))


def _rate_for_same_currency(body: Body) -> bool:
    rate = _get(body, "outside_offer/fx_rate_to_person_currency")
    currency = _get(body, "outside_offer/currency")
    same = currency is not None and currency == _get(body, "person/currency")
    return same and rate is not None and Decimal(str(rate)) != 1


# (code, JSON pointer) → does the situation really break that comparison rule?
_COMPARISONS: dict[tuple[str, str], Callable[[Body], bool]] = {
    ("RANGE_INVERTED", "/ask/proposed_range_low"): _below(
        "ask/proposed_range_high", "ask/proposed_range_low"
    ),
    ("OFFER_FIELDS_INCONSISTENT", "/outside_offer/total_comp"): _below(
        "outside_offer/total_comp", "outside_offer/base_salary"
    ),
    ("TOTAL_COMP_BELOW_BASE", "/person/current_total_comp"): _below(
        "person/current_total_comp", "person/current_base_salary"
    ),
    ("ASK_CURRENCY_MISMATCH", "/ask/currency"): _ask_in_other_currency,
    ("FX_RATE_INVALID", "/outside_offer/fx_rate_to_person_currency"): _rate_for_same_currency,
    # The validator caps the ask's amounts by the person's currency, the contract by the
    # ask's (equal in every valid situation): they differ only beside a currency mismatch.
    **{
        ("AMOUNT_OUT_OF_RANGE", f"/ask/{name}"): _ask_in_other_currency
        for name in (
            "target_amount",
            "counterparty_offer_base",
            "proposed_range_low",
            "proposed_range_high",
        )
    },
}


def _nul_in_text(body: Body, pointer: str) -> bool:
    """PostgreSQL text cannot hold NUL, so the server refuses it (422 INVALID_TYPE).

    JSON Schema could say so (a pattern), but v1 was released without one and
    scripts/openapi_diff.py counts a new pattern as a break: the contract gains it with v2.
    """
    value = _get(body, pointer.removeprefix("/"))
    return isinstance(value, str) and "\x00" in value


def _situation_rule(case: schemathesis.Case, problem: Body) -> bool:
    body = case.body if isinstance(case.body, dict) else {}

    def explained(issue: Body) -> bool:
        code, path = issue.get("code"), str(issue.get("path"))
        if code == "INVALID_TYPE":
            return _nul_in_text(body, path)
        rule = _COMPARISONS.get((code, path))
        return rule is not None and rule(body)

    details = problem.get("details") or []
    return bool(details) and all(explained(d) for d in details)


def _reused_key(case: schemathesis.Case, problem: Body) -> bool:
    return problem.get("error") == "IDEMPOTENCY_KEY_REUSED" and "Idempotency-Key" in (
        case.headers or {}
    )


def _unknown_column(case: schemathesis.Case, problem: Body) -> bool:
    if case.media_type != "text/csv" or not isinstance(case.body, str):
        return False
    header = next(csv.reader(io.StringIO(case.body, newline="")), [])
    unknown = {
        f"/columns/{i}"
        for i, name in enumerate(header)
        if name.strip().lstrip("\ufeff") not in COLUMNS
    }
    details = problem.get("details") or []
    return bool(details) and all(
        d.get("code") == "UNKNOWN_COLUMN" and d.get("path") in unknown for d in details
    )


class _Query:
    """Just enough of a request for ``batna.api.params`` to read a case's query."""

    def __init__(self, query: dict[str, Any]) -> None:
        self.query_params = MultiDict(
            [(k, str(x)) for k, v in query.items() for x in (v if isinstance(v, list) else [v])]
        )


def _inverted_window(case: schemathesis.Case, problem: Body) -> bool:
    """created_after later than created_before: two values JSON Schema cannot compare."""
    details = problem.get("details") or []
    if [d.get("path") for d in details] != ["/query/created_after"]:
        return False
    query: Any = _Query(case.query or {})
    low = params.timestamp(query, "created_after")
    high = params.timestamp(query, "created_before")
    return low is not None and high is not None and low > high


def _inverted_days(case: schemathesis.Case, problem: Body) -> bool:
    """An impact analysis's since later than its until: two fields JSON Schema cannot compare."""
    body = case.body if isinstance(case.body, dict) else {}
    details = problem.get("details") or []
    if [(d.get("code"), d.get("path")) for d in details] != [("INVALID_RANGE", "/since")]:
        return False
    since, until = (_day(body.get(name)) for name in ("since", "until"))
    return since is not None and until is not None and since > until


def _day(value: object) -> str | None:
    """A full-date as the server reads it (year 0000 as 0001-01-01); they compare as text."""
    if not isinstance(value, str):
        return None
    return "0001-01-01" if value.startswith("0000-") else value


# The versions the live server loads: the repository's bundle (tests/servers.py serves
# rules/, and this file is run from the root), by name@version and by bare name.
_BUNDLE = load_bundle(Path("rules"))
_TAGS = [f"{r.name}@{r.version}" for r in _BUNDLE.rulesets]
_REFS = [*_TAGS, *dict.fromkeys(r.name for r in _BUNDLE.rulesets)]
_WELL_FORMED = {"ruleset": re.compile(RULESET_REF), "candidate": re.compile(RULESET_TAG)}


def _loaded(value: object, name: str, choices: list[str]) -> object:
    """A well-formed reference the server does not load, swapped for one it does.

    Whether ``negotiation@7.0.1`` is loaded is deployment state, not shape: the contract
    states the shape (a pattern, which the server enforces with a 422 the negative cases
    meet) and documents an unknown version as a 422 UNKNOWN_RULESET, which
    tests/contract/test_ruleset_versions.py pins. A generated well-formed value would
    almost never be loaded, so without this every valid case would stop at that 422 and
    never reach the engine. Malformed values (and repeated parameters) are left as they
    are, so negative cases still test the pattern; the choice is a hash of the value, so a
    seed replays the same requests.
    """
    if not isinstance(value, str) or value in choices or not _WELL_FORMED[name].fullmatch(value):
        return value
    return choices[zlib.crc32(value.encode()) % len(choices)]


@schemathesis.hook
def map_case(ctx: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    """Every phase's cases: ruleset references made ones the server loads (``_loaded``)."""
    del ctx
    if isinstance(case.query, dict) and "ruleset" in case.query:
        case.query["ruleset"] = _loaded(case.query["ruleset"], "ruleset", _REFS)
    body = case.body
    impact = case.operation.label == "POST /v1/impact-analyses"
    if impact and isinstance(body, dict) and "candidate" in body:
        body["candidate"] = _loaded(body["candidate"], "candidate", _TAGS)
    return case


_ALLOWED: dict[str, tuple[Callable[[schemathesis.Case, Body], bool], ...]] = {
    "POST /v1/evaluations": (_situation_rule, _reused_key),
    "POST /v1/evaluations:what-if": (_situation_rule,),
    "POST /v1/batches": (_unknown_column, _reused_key),
    "GET /v1/evaluations:export": (_inverted_window,),
    "POST /v1/impact-analyses": (_inverted_days,),
}


@schemathesis.check
def rejected_only_for_what_json_schema_cannot_say(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """A valid request's 422 names only rules the contract cannot state, and breaks them."""
    del ctx
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        problem = json.loads(response.content)
    except ValueError:
        problem = {}
    allowed = _ALLOWED.get(case.operation.label, ())
    if not any(accepts(case, problem) for accepts in allowed):
        raise AssertionError(
            "A request the contract calls valid got a 422 for a rule the contract could "
            f"state (or that the request does not break): {response.text[:600]}"
        )
    return True
