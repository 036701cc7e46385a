"""A fuzz pass over the rule-file loader (hypothesis).

Every mutation drawn here makes a rule file invalid: a field dropped, an unknown field, a
wrong type or value, an unknown operator or path, a duplicate id, broken YAML, random
bytes. The loader must refuse each one with ``RuleSyntaxError`` naming the file, never
crash with anything else, and never accept it (a silently wrong rule set). A run of
valid files in between shows the copy itself loads.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batna.engine.bundle import load_bundle
from batna.engine.compile import compile_ruleset
from batna.errors import RuleSyntaxError
from tests.conftest import RULES, database_kind

pytestmark = pytest.mark.slow
# Rule files only: ruleset.yaml and remedies.yaml have shapes of their own (their bad
# forms are tests/unit/test_bundle.py's).
FILES = sorted(
    p.name
    for p in (RULES / "negotiation").glob("*.yaml")
    if p.name not in ("ruleset.yaml", "remedies.yaml")
)
REQUIRED = ("id", "title", "kind", "when", "then", "sources", "rationale")
WRONG_VALUES: dict[str, list[Any]] = {
    "id": ["frame-1", "", 7, None, "X" * 40],
    "title": ["", 12, None, ["a"], "t" * 200],
    "kind": ["advice", 3, None, ""],
    "severity": ["extreme", 2, ""],
    "weights": ["high", [1], {"charm": 5}, {"readiness": "ten"}],
    "sources": [[], "B", None, [3]],
    "rationale": ["", None, 4],
    "then": ["text", None, {"message": ""}, {"message": "x", "extra": 1}],
}
BAD_WHEN: list[Any] = [
    {"path": "ask.framing", "resembles": "ultimatum"},
    {"path": "ask.nonexistent_field", "eq": "x"},
    {"path": "ask.framing"},
    {"all": "not a list"},
    {"any": []},
    {"not": [1, 2]},
    {"path": "ask.framing", "eq": "ultimatum", "ne": "question"},
    {"fact": "not_a_fact"},
    {"path": "person.current_base_salary", "gt": "lots"},
    {"path": "ask.framing", "eq": "not-an-enum-value"},
    "ask.framing == ultimatum",
    [],
]


def _copy(tmp: Path) -> Path:
    target = tmp / "rules"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(RULES, target, ignore=shutil.ignore_patterns("cases"))
    return target


def _load(root: Path) -> None:
    bundle = load_bundle(root)
    for ruleset in bundle.rulesets:
        compile_ruleset(ruleset)


mutation = st.one_of(
    st.tuples(st.just("drop"), st.sampled_from(REQUIRED)),
    st.tuples(st.just("unknown"), st.text("abcxyz_", min_size=3, max_size=12)),
    st.tuples(
        st.just("wrong"),
        st.sampled_from(sorted(WRONG_VALUES)).flatmap(
            lambda f: st.tuples(st.just(f), st.sampled_from(WRONG_VALUES[f]))
        ),
    ),
    st.tuples(st.just("when"), st.sampled_from(BAD_WHEN)),
    st.tuples(st.just("duplicate"), st.just(None)),
    st.tuples(st.just("yaml"), st.sampled_from(["rules: [", "{{{", "rules:\n  - id: [", "\t- x"])),
    st.tuples(st.just("bytes"), st.binary(min_size=1, max_size=64)),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(file=st.sampled_from(FILES), index=st.integers(0, 30), change=mutation)
def test_a_malformed_rule_file_is_always_a_clear_error(
    tmp_path: Path, file: str, index: int, change: tuple[str, Any]
) -> None:
    if database_kind() != "sqlite":
        pytest.skip("database-independent: runs once, in the SQLite pass")
    root = _copy(tmp_path)
    path = root / "negotiation" / file
    kind, detail = change
    if kind == "bytes":
        path.write_bytes(detail + b"\x00\xff")
    elif kind == "yaml":
        path.write_text(path.read_text() + "\n" + detail)
    else:
        document = yaml.safe_load(path.read_text())
        rule = document["rules"][index % len(document["rules"])]
        if kind == "drop":
            rule.pop(detail, None)
        elif kind == "unknown":
            rule[f"x_{detail}"] = 1
        elif kind == "wrong":
            field, value = detail
            rule[field] = value
        elif kind == "when":
            rule["when"] = detail
        elif kind == "duplicate":
            document["rules"].append(dict(rule))
        path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(RuleSyntaxError) as refused:
        _load(root)
    assert file in str(refused.value)  # the message names the file


def test_the_unmutated_copy_loads(tmp_path: Path) -> None:
    _load(_copy(tmp_path))
