"""Which ruleset version answers a request: ``?ruleset=`` > the tenant's default > the server's."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from batna.api import params
from batna.api.auth import principal
from batna.api.state import services
from batna.errors import UnknownRuleset
from batna.schemas.rules import RULESET_REF

if TYPE_CHECKING:
    from litestar import Request

    from batna.engine import Engine

__all__ = ["QUERY_DOC", "chosen"]

_REF: Final = re.compile(RULESET_REF)
QUERY_DOC: Final = (
    {"type": "string", "minLength": 1, "maxLength": 100, "pattern": RULESET_REF},
    (
        "The ruleset version to evaluate with: name@version (e.g. negotiation@1.1.0), or a "
        "name for its default version; one of GET /v1/rulesets. Default: the tenant's own "
        "(batna tenants set-ruleset), else the server's. Another shape is a 422 problem "
        "(INVALID_PARAMETER); a well-formed one that this server does not load is a 422 "
        "problem (UNKNOWN_RULESET) listing those that are."
    ),
)


def chosen(request: Request[Any, Any, Any]) -> Engine:
    """The engine of the version this request asked for, else its tenant's, else the server's.

    Raises:
        ValidationFailed: ``?ruleset=`` is not shaped like a reference (the contract's
            pattern), at ``/query/ruleset``.
        UnknownRuleset: ``?ruleset=`` names no loaded version (at ``/query/ruleset``), or
            the tenant's default is not loaded on this server (at ``/tenant/ruleset``: send
            ``?ruleset=`` or ask the operator).
    """
    rulesets = services(request).rulesets
    asked = params.matching(
        request, "ruleset", _REF, "name@version (e.g. negotiation@1.1.0) or a ruleset name"
    )
    if asked is not None:
        try:
            return rulesets.get(asked)
        except UnknownRuleset as exc:
            raise exc.at("/query/ruleset") from None
    tenant = principal(request).ruleset
    if tenant is None:
        return rulesets.default
    try:
        return rulesets.get(tenant)
    except UnknownRuleset as exc:
        raise exc.at("/tenant/ruleset") from None
