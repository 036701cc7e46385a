"""The rule loader refuses a bad bundle with the file, rule id and field named."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from batna.engine.bundle import bundle_revision, load_bundle
from batna.engine.compile import compile_ruleset
from batna.errors import RuleSyntaxError
from tests.conftest import RULES


def _rule(**overrides: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": "TEST-001",
        "title": "A test rule",
        "kind": "warning",
        "severity": "low",
        "weights": {"readiness": -1},
        "when": {"path": "ask.framing", "eq": "question"},
        "then": {"message": "Target {ask.target_amount|none}."},
        "sources": ["A"],
        "rationale": "Exercises the loader.",
    }
    rule.update(overrides)
    return rule


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _add(bundle_dir: Path, *rules: dict[str, Any], file: str = "zz_test.yaml") -> None:
    (bundle_dir / "negotiation" / file).write_text(
        yaml.safe_dump({"category": "test", "rules": list(rules)}, sort_keys=False)
    )


def _error(bundle_dir: Path) -> RuleSyntaxError:
    with pytest.raises(RuleSyntaxError) as caught:
        compile_ruleset(load_bundle(bundle_dir).get())
    return caught.value


def test_the_shipped_bundle_loads_and_compiles() -> None:
    bundle = load_bundle(RULES)
    ruleset = bundle.get("negotiation")
    judgement = [r for r in ruleset.rules if r.kind != "derive"]
    assert len(judgement) == 53
    assert sum(r.kind == "blocker" for r in judgement) == 3
    assert {r.asserts for r in ruleset.rules if r.kind == "derive"} == {
        "heads_up",
        "below_baseline",
        "uses_offer",
        "hardball",
        "credible_walkaway",
        "offer_concrete",
        "offer_firm",
        "monetary",
        "backlash_applicable",
    }
    compile_ruleset(ruleset)


def test_a_valid_extra_rule_loads(bundle_dir: Path) -> None:
    _add(bundle_dir, _rule())
    ruleset = load_bundle(bundle_dir).get()
    assert any(r.id == "TEST-001" for r in ruleset.rules)


def test_revision_is_a_content_hash(bundle_dir: Path) -> None:
    before = bundle_revision(bundle_dir)
    assert before == bundle_revision(RULES)
    settings = bundle_dir / "negotiation" / "ruleset.yaml"
    settings.write_text(settings.read_text().replace("multiplier: 1.2", "multiplier: 1.25"))
    assert bundle_revision(bundle_dir) != before


@pytest.mark.parametrize(
    ("rule", "field", "words"),
    [
        (_rule(colour="red"), "colour", "unknown field"),
        (_rule(kind="suggestion"), "kind", "suggestion"),
        (_rule(severity="critical"), "severity", "severity"),
        (_rule(when={"path": "ask.framings", "eq": "question"}), "when", "unknown path"),
        (_rule(when={"path": "ask.framing", "contains_text": "q"}), "when", "unknown operator"),
        (_rule(when={"path": "ask.framing", "eq": "threat"}), "when", "not a value of ask.framing"),
        (_rule(when={"path": "ask.framing", "lt": "question"}), "when", "does not apply"),
        (_rule(when={"path": "metrics.prep_count", "ge": "six"}), "when", "is a number"),
        (
            _rule(when={"path": "metrics.prep_count", "ge": {"path": "ask.target_amount"}}),
            "when",
            "cannot compare",
        ),
        (_rule(when={"any": []}), "when.any", "non-empty"),
        (_rule(when={"fact": "bluffing"}), "when", "not asserted by any derive rule"),
        (_rule(then={"message": "Hi {ask.colour}"}), "then.message", "unknown placeholder"),
        (_rule(then={"message": "x", "assert": "bluffing"}), "then.assert", "only derive rules"),
        (_rule(sources=["NOPE"]), "sources", "unknown source key"),
        (_rule(weights={"happiness": 3}), "weights.happiness", "unknown field"),
        (
            _rule(
                kind="derive",
                severity=None,
                weights={},
                then={"assert": "x"},
                when={"any": [{"fact": "hardball"}, {"path": "ask.framing", "eq": "question"}]},
            ),
            "when",
            "top-level all",
        ),
    ],
)
def test_bad_rule_is_refused_with_file_rule_and_field(
    bundle_dir: Path, rule: dict[str, Any], field: str, words: str
) -> None:
    rule = {k: v for k, v in rule.items() if v is not None}
    _add(bundle_dir, rule)
    error = _error(bundle_dir)
    assert error.file == "negotiation/zz_test.yaml"
    assert error.rule_id == "TEST-001"
    assert error.field is not None
    assert error.field.startswith(field)
    assert words in str(error)


def test_duplicate_ids_across_files(bundle_dir: Path) -> None:
    _add(bundle_dir, _rule(), file="zz_a.yaml")
    _add(bundle_dir, _rule(), file="zz_b.yaml")
    error = _error(bundle_dir)
    assert (error.file, error.rule_id, error.field) == ("negotiation/zz_b.yaml", "TEST-001", "id")
    assert "duplicate" in str(error)


def test_derive_cycle_is_refused(bundle_dir: Path) -> None:
    derive = {"kind": "derive", "then": {}, "weights": {}}
    a = _rule(id="DRV-TEST-A", when={"all": [{"fact": "test_b"}]}, **derive)
    b = _rule(id="DRV-TEST-B", when={"all": [{"fact": "test_a"}]}, **derive)
    for rule, fact in ((a, "test_a"), (b, "test_b")):
        rule.pop("severity")
        rule.pop("weights")
        rule["then"] = {"assert": fact}
    _add(bundle_dir, a, b)
    assert "cycle" in str(_error(bundle_dir))


def test_broken_yaml_names_the_file(bundle_dir: Path) -> None:
    (bundle_dir / "negotiation" / "zz_test.yaml").write_text("rules: [\n  - id: : :\n")
    error = _error(bundle_dir)
    assert error.file == "negotiation/zz_test.yaml"
    assert "YAML" in str(error)


def test_condition_too_large_for_durable(bundle_dir: Path) -> None:
    many = [{"path": "metrics.prep_count", "ne": i} for i in range(20)]
    _add(bundle_dir, _rule(when={"all": many}))
    error = _error(bundle_dir)
    assert error.rule_id == "TEST-001"
    assert "expressions" in str(error)


def _remedies(bundle_dir: Path, *changes: dict[str, Any]) -> None:
    path = bundle_dir / "negotiation" / "remedies.yaml"
    data = yaml.safe_load(path.read_text())
    data["remedies"].append(
        {"id": "test:remedy", "description": "Try it", "changes": list(changes)}
    )
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"path": "ask.framings", "value": "question"}, "not a field of the situation"),
        ({"path": "metrics.prep_count", "value": 7}, "not a field of the situation"),
        ({"path": "ask.framing", "value": "threat"}, "not a value of ask.framing"),
        ({"path": "ask.scope_reframe", "value": "yes"}, "not a value of ask.scope_reframe"),
        ({"path": "ask.target_amount", "copy": "ask.framing"}, "cannot copy"),
        ({"path": "ask.target_amount", "copy": "metrics.nothing"}, "cannot copy"),
        ({"path": "ask.justifications", "add": "bribery"}, "cannot be added"),
        ({"path": "ask.framing", "value": "question", "add": "x"}, "exactly one of"),
        ({"path": "ask.framing", "value": "question", "times": 2}, "times multiplies"),
    ],
)
def test_a_remedy_must_fit_the_situation_schema(
    bundle_dir: Path, change: dict[str, Any], words: str
) -> None:
    _remedies(bundle_dir, change)
    error = _error(bundle_dir)
    assert error.file == "negotiation/remedies.yaml"
    assert error.rule_id == "test:remedy"
    assert words in str(error)


def test_a_rule_naming_an_unknown_remedy_is_refused(bundle_dir: Path) -> None:
    _add(bundle_dir, _rule(remedies=["framing:threat"]))
    error = _error(bundle_dir)
    assert error.rule_id == "TEST-001"
    assert "unknown remedy 'framing:threat'" in str(error)


def test_every_shipped_remedy_is_used_by_some_rule() -> None:
    ruleset = load_bundle(RULES).get()
    used = {remedy for rule in ruleset.rules for remedy in rule.remedies}
    assert used == set(ruleset.remedies)
