"""``GET /v1/rulesets`` and ``GET /v1/rulesets/{name}``: what the rules are and why."""

from __future__ import annotations

from typing import Any, Final

from litestar import Request, Response, get
from litestar.params import FromPath

from batna.api.openapi import Doc
from batna.api.state import services
from batna.engine import Bundle, Ruleset, to_data
from batna.errors import NotFound, UnknownRuleset
from batna.schemas.api import RuleInfo, RulesetDetail, RulesetList, RulesetSummary, SourceInfo
from batna.schemas.evaluation import effects_of
from batna.schemas.jsonout import ENCODER

__all__ = ["get_ruleset", "list_rulesets"]

_JSON: Final = "application/json"


def _summary(bundle: Bundle, ruleset: Ruleset) -> RulesetSummary:
    return RulesetSummary(
        name=ruleset.name,
        version=ruleset.version,
        revision=bundle.revision,
        description=ruleset.description,
        rule_count=sum(1 for r in ruleset.rules if r.kind != "derive"),
    )


def _detail(bundle: Bundle, ruleset: Ruleset) -> RulesetDetail:
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
    summary = _summary(bundle, ruleset)
    return RulesetDetail(
        name=summary.name,
        version=summary.version,
        revision=summary.revision,
        description=summary.description,
        rule_count=summary.rule_count,
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
            description="Every ruleset in the loaded bundle, with version and revision.",
            response=RulesetList,
        )
    },
)
async def list_rulesets(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The bundle's rulesets."""
    bundle = services(request).engine.bundle
    body = RulesetList(rulesets=[_summary(bundle, r) for r in bundle.rulesets])
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
            path_params={"name": "Ruleset name, e.g. negotiation."},
        )
    },
)
async def get_ruleset(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    """One ruleset with every rule."""
    bundle = services(request).engine.bundle
    try:
        found = bundle.get(name)
    except UnknownRuleset as exc:  # a path names a resource: not there is a 404
        raise NotFound(str(exc)) from None
    return Response(content=ENCODER.encode(_detail(bundle, found)), media_type=_JSON)
