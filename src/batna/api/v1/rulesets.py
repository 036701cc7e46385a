"""``GET /v1/rulesets`` and ``GET /v1/rulesets/{name}``: the loaded versions, their rules, why."""

from __future__ import annotations

from typing import Any, Final

from litestar import Request, Response, get
from litestar.params import FromPath

from batna.api.openapi import Doc
from batna.api.state import services
from batna.engine import Engine, to_data
from batna.errors import NotFound, UnknownRuleset
from batna.schemas.api import RuleInfo, RulesetDetail, RulesetList, RulesetSummary, SourceInfo
from batna.schemas.evaluation import effects_of
from batna.schemas.jsonout import ENCODER

__all__ = ["get_ruleset", "list_rulesets"]

_JSON: Final = "application/json"


def _summary(engine: Engine, *, default: bool) -> RulesetSummary:
    ruleset = engine.ruleset
    return RulesetSummary(
        name=ruleset.name,
        version=ruleset.version,
        revision=engine.ref.revision,
        description=ruleset.description,
        rule_count=sum(1 for r in ruleset.rules if r.kind != "derive"),
        ref=engine.tag,
        default=default,
    )


def _detail(engine: Engine, *, default: bool) -> RulesetDetail:
    ruleset = engine.ruleset
    citations = ruleset.settings.sources
    rules = [
        RuleInfo(
            id=r.id,
            title=r.title,
            category=r.category,
            kind=r.kind,
            severity=r.severity,
            score_effects=effects_of(r.weights),
            conditions=to_data(r.when),
            sources=[SourceInfo(key=k, citation=citations[k]) for k in r.sources],
            rationale=r.rationale,
            message=r.message,
            safer_alternative=r.safer_alternative,
            asserts=r.asserts,
        )
        for r in ruleset.rules
    ]
    summary = _summary(engine, default=default)
    return RulesetDetail(
        name=summary.name,
        version=summary.version,
        revision=summary.revision,
        description=summary.description,
        rule_count=summary.rule_count,
        ref=summary.ref,
        default=summary.default,
        rules=rules,
    )


@get(
    "/rulesets",
    operation_id="listRulesets",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="List the rulesets",
            tag="rulesets",
            description="Every loaded ruleset version (the active bundle's, then the "
            "candidates' of BATNA_CANDIDATE_BUNDLES), each with its name@version and "
            "revision; default marks the server's default.",
            response=RulesetList,
        )
    },
)
async def list_rulesets(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Every loaded version, the default first."""
    rulesets = services(request).rulesets
    body = RulesetList(
        rulesets=[_summary(e, default=e is rulesets.default) for e in rulesets.loaded()]
    )
    return Response(content=ENCODER.encode(body), media_type=_JSON)


@get(
    "/rulesets/{name:str}",
    operation_id="getRuleset",
    include_in_schema=False,
    opt={
        "doc": Doc(
            summary="Get a ruleset with its rules",
            tag="rulesets",
            description="Each rule with its category, kind, severity, score effects, "
            "conditions, message, sources and rationale.",
            response=RulesetDetail,
            errors=(404,),
            path_params={
                "name": "Ruleset name (its default version), e.g. negotiation, or "
                "name@version, e.g. negotiation@1.1.0."
            },
        )
    },
)
async def get_ruleset(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    """One ruleset version with every rule."""
    rulesets = services(request).rulesets
    try:
        found = rulesets.get(name)
    except UnknownRuleset as exc:  # a path names a resource: not there is a 404
        raise NotFound(str(exc)) from None
    body = _detail(found, default=found is rulesets.default)
    return Response(content=ENCODER.encode(body), media_type=_JSON)
