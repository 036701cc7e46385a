"""The ruleset registry: versions side by side, found by name@version, refused when ambiguous."""

from __future__ import annotations

import random
import shutil
from typing import TYPE_CHECKING

import pytest

from batna.engine import Rulesets
from batna.errors import ConfigurationError, UnknownRuleset
from batna.problems import problem_for
from tests.candidates import CANDIDATE, candidate_bundle
from tests.conftest import RULES
from tests.situations import random_situation

if TYPE_CHECKING:
    from pathlib import Path

# A situation whose offer sits 20-50 % above baseline: LEV-006 fires at 20, not at 50.
CHANGED_BY_CANDIDATE = 7


def test_loads_active_and_candidate_side_by_side(tmp_path: Path) -> None:
    rulesets = Rulesets.load(RULES, [candidate_bundle(tmp_path / "cand")])
    assert [e.tag for e in rulesets.loaded()] == ["negotiation@1.1.0", CANDIDATE]
    assert rulesets.get(None) is rulesets.default
    assert rulesets.get("negotiation") is rulesets.default
    assert rulesets.get("negotiation@1.1.0") is rulesets.default
    candidate = rulesets.get(CANDIDATE)
    assert candidate.ref.version == "1.1.1"
    assert candidate.ref.revision != rulesets.default.ref.revision
    situation = rulesets.default.parse(random_situation(random.Random(CHANGED_BY_CANDIDATE)))
    before = rulesets.default.evaluate(situation)
    after = candidate.evaluate(situation)
    assert "LEV-006" in {r.id for r in before.fired_rules}
    assert "LEV-006" not in {r.id for r in after.fired_rules}
    assert after.ruleset == candidate.ref
    assert before.ruleset == rulesets.default.ref
    # Both still answer after each other: two durable-rules rulesets live in one process.
    assert rulesets.default.evaluate(situation) == before
    rulesets.close()


def test_unknown_lists_the_loaded_and_maps_to_a_422(tmp_path: Path) -> None:
    rulesets = Rulesets.load(RULES, [candidate_bundle(tmp_path / "cand")])
    for ref in ("negotiation@9.9.9", "nope", "", "negotiation@"):
        with pytest.raises(UnknownRuleset) as caught:
            rulesets.get(ref)
        assert caught.value.loaded == ["negotiation@1.1.0", CANDIDATE]
        problem = problem_for(caught.value.at("/query/ruleset"))
        assert problem.status == 422
        assert problem.error == "UNKNOWN_RULESET"
        assert [i.path for i in problem.details] == ["/query/ruleset"]
        assert CANDIDATE in problem.details[0].message
    rulesets.close()


def test_same_version_with_other_rules_is_refused(tmp_path: Path) -> None:
    changed = candidate_bundle(tmp_path / "cand", version="1.1.0")
    with pytest.raises(ConfigurationError, match=r"negotiation@1\.1\.0 at different revisions"):
        Rulesets.load(RULES, [changed])


def test_an_identical_copy_counts_once(tmp_path: Path) -> None:
    shutil.copytree(RULES, tmp_path / "copy")
    rulesets = Rulesets.load(RULES, [tmp_path / "copy", RULES])
    assert [e.tag for e in rulesets.loaded()] == ["negotiation@1.1.0"]
    rulesets.close()


def test_active_ruleset_must_exist() -> None:
    with pytest.raises(UnknownRuleset, match="loaded: negotiation"):
        Rulesets.load(RULES, [], "other")
