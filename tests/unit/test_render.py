"""What a person reads: `batna evaluate --format text|markdown`, golden snapshots, problems.

The snapshots under tests/snapshots/ are the exact `--format text` output of seven cases.
When rule messages or the layout change on purpose, rewrite them and review the diff:

    BATNA_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/unit/test_render.py -k snapshot
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from batna.cli import main
from batna.engine import Engine
from batna.errors import Issue, ValidationFailed
from batna.problems import problem_for
from batna.render import render_markdown, render_problem_text, render_text
from batna.schemas.evaluation import Evaluation, WhatIf
from batna.schemas.situation import Situation
from tests.conftest import CASES, ROOT, RULES

SNAPSHOTS = ROOT / "tests" / "snapshots"
SNAPSHOT_CASES = ["TC-01", "TC-02", "TC-03", "TC-04", "TC-21", "TC-22", "TC-23"]
UPDATE = os.environ.get("BATNA_UPDATE_SNAPSHOTS") == "1"
ACCEPTED = sorted(
    p.stem
    for p in CASES.glob("*.json")
    if json.loads(p.read_text())["expected"]["http_status"] == 200
)
SCORE_LINE = re.compile(r"^\s*- (leverage|relationship risk|readiness) \d+/100 \((.*)\)$")
# Words that must never reach a person (docs/rules.md §11.6, and issue 15).
FORBIDDEN = ("None", "null", "{", "}", "day(s)", "1 days", "score gain", "score_gain")


def _payload(case: str) -> Any:
    return json.loads((CASES / f"{case}.json").read_text())["payload"]


def _source(tmp_path: Path, case: str) -> str:
    path = tmp_path / f"{case}.json"
    path.write_text(json.dumps(_payload(case)))
    return str(path)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["--rules", str(RULES), *argv])
    return status, capsys.readouterr().out


def _evaluated(engine: Engine, case: str) -> tuple[Situation, Evaluation]:
    situation = engine.decode(json.dumps(_payload(case)))
    return situation, engine.evaluate(situation)


def _text(engine: Engine, case: str, what_if: WhatIf | None = None) -> str:
    situation, evaluation = _evaluated(engine, case)
    sources = engine.ruleset.settings.sources
    return render_text(evaluation, what_if, situation=situation, sources=sources)


def _headline(text: str) -> str:
    return text.split("\n", 1)[0]


def _section(text: str, title: str) -> list[str]:
    """The lines of one section of the text layout (empty when it is absent)."""
    lines = text.splitlines()
    if title not in lines:
        return []
    start = lines.index(title) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


# --- golden snapshots ----------------------------------------------------------------


@pytest.mark.parametrize("case", SNAPSHOT_CASES)
def test_text_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    status, out = _cli(capsys, "evaluate", "--format", "text", _source(tmp_path, case))
    assert status == 0
    snapshot = SNAPSHOTS / f"{case}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(out, encoding="utf-8")
    assert snapshot.is_file(), (
        f"no snapshot {snapshot.relative_to(ROOT)}; write it with "
        "BATNA_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/unit/test_render.py -k snapshot"
    )
    assert out == snapshot.read_text(encoding="utf-8"), (
        f"`batna evaluate --format text` for {case} differs from "
        f"{snapshot.relative_to(ROOT)}. If the change is intended (a rule message or the "
        "layout changed), rewrite the snapshots and review the diff: "
        "BATNA_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/unit/test_render.py -k snapshot"
    )


def test_every_snapshot_belongs_to_a_case() -> None:
    assert sorted(p.stem for p in SNAPSHOTS.glob("*.txt")) == sorted(SNAPSHOT_CASES)


# --- what the words say --------------------------------------------------------------


@pytest.mark.parametrize("case", ["TC-24", "TC-07", "TC-02", "TC-18"])
def test_a_plan_without_an_offer_has_no_offer_in_its_headline(engine: Engine, case: str) -> None:
    _, evaluation = _evaluated(engine, case)
    assert not evaluation.derived.uses_offer
    headline = _headline(_text(engine, case))
    assert "offer" not in headline.lower()
    assert "LEVERAGE" not in headline


@pytest.mark.parametrize(
    ("case", "headline"),
    [
        ("TC-01", "DO NOT USE THE OFFER AS LEVERAGE"),
        ("TC-02", "DO NOT GO AHEAD AS PLANNED"),
        ("TC-03", "DO NOT USE THE OUTSIDE INTEREST AS LEVERAGE"),
        ("TC-04", "GO AHEAD"),
        ("TC-07", "GO AHEAD AFTER THESE CHANGES"),
        ("TC-24", "GO AHEAD"),
    ],
)
def test_headline_fits_the_situation(engine: Engine, case: str, headline: str) -> None:
    assert _headline(_text(engine, case)) == headline


def test_a_target_below_current_pay_shows_no_suggested_range(engine: Engine) -> None:
    _, evaluation = _evaluated(engine, "TC-09")
    assert evaluation.suggested_range is not None  # the API still returns it (§11.6)
    assert evaluation.derived.baseline_amount is not None
    assert evaluation.suggested_range.low < evaluation.derived.baseline_amount
    text = _text(engine, "TC-09")
    assert "Suggested range" not in text
    assert "8,500 to" not in text
    assert "Suggested range" not in render_markdown(evaluation)


def test_a_sound_target_shows_its_range(engine: Engine) -> None:
    assert _section(_text(engine, "TC-02"), "Suggested range") == [
        "  USD 104,000 to 124,800: open with a range whose low end is your target."
    ]


def test_a_target_equal_to_the_baseline_keeps_its_range(engine: Engine) -> None:
    _, evaluation = _evaluated(engine, "TC-02")
    assert evaluation.suggested_range is not None
    same = msgspec.structs.replace(
        evaluation,
        derived=msgspec.structs.replace(evaluation.derived, baseline_amount=Decimal("104000.00")),
    )
    assert "Suggested range" in render_text(same)
    below = msgspec.structs.replace(
        evaluation,
        derived=msgspec.structs.replace(evaluation.derived, baseline_amount=Decimal("104000.01")),
    )
    assert "Suggested range" not in render_text(below)


@pytest.mark.parametrize("case", ACCEPTED)
def test_each_score_line_states_its_direction(engine: Engine, case: str) -> None:
    _, evaluation = _evaluated(engine, case)
    found = {}
    for line in _section(render_text(evaluation), "Scores"):
        match = SCORE_LINE.match(line)
        assert match, line
        found[match.group(1)] = match.group(2)
    assert found == {
        "leverage": "higher is better",
        "relationship risk": "lower is better",
        "readiness": "higher is better",
    }
    s = evaluation.scores
    assert f"leverage {s.leverage_strength}/100" in render_markdown(evaluation)
    assert f"relationship risk {s.relationship_risk}/100 (lower is better)" in render_markdown(
        evaluation
    )


@pytest.mark.parametrize("case", ACCEPTED)
def test_no_placeholder_words_and_lines_fit(engine: Engine, case: str) -> None:
    situation, evaluation = _evaluated(engine, case)
    result = engine.what_if(situation, cap=300)
    sources = engine.ruleset.settings.sources
    for layout in (render_text, render_markdown):
        for what_if in (None, result):
            out = layout(evaluation, what_if, situation=situation, sources=sources)
            for word in FORBIDDEN:
                assert word not in out, (layout.__name__, word)
            assert not re.search(r"\b1 (days|evaluations)\b", out)
            for line in out.splitlines():
                assert len(line) <= 89 or " " not in line.strip(), line


def test_fix_first_strengths_and_to_do(engine: Engine) -> None:
    _, evaluation = _evaluated(engine, "TC-01")
    text = render_text(evaluation)
    fix = _section(text, "Fix first")
    heads = [line for line in fix if line.startswith("  - ")]
    assert heads == [
        "  - Hardball without a walk-away plan (blocker, WALK-001)",
        "  - An ultimatum (high, FRAME-001)",
        "  - Using an offer you would not take (high, WALK-002)",
        "  - No reason given (medium, FRAME-005)",
        "  - Life after a counteroffer (low, REL-004)",
    ]
    by_id = {rule.id: rule for rule in evaluation.fired_rules}
    strengths = re.findall(
        r"\((\w+-\d{3})\)$", "\n".join(_section(text, "Strengths")), re.MULTILINE
    )
    todo = re.findall(r"\((\w+-\d{3})\)$", "\n".join(_section(text, "To do")), re.MULTILINE)
    assert strengths == ["LEV-008"]
    assert todo == ["DISC-001", "DISC-002", "PREP-002", "PREP-003", "PREP-004"]
    for rule_id in strengths:
        effects = by_id[rule_id].score_effects
        assert effects.leverage_strength >= 0 <= effects.readiness
        assert effects.relationship_risk <= 0
    recommendations = {r.id for r in evaluation.fired_rules if r.kind == "recommendation"}
    assert set(strengths) | set(todo) == recommendations


def test_a_recommendation_that_costs_something_is_a_to_do(engine: Engine) -> None:
    # DISC-002 lowers relationship risk nowhere and raises it by 5: not a strength.
    text = _text(engine, "TC-04")
    assert "Tip off your manager early (DISC-002)" in "\n".join(_section(text, "To do"))
    assert "A graceful exit plan (EXIT-003)" in "\n".join(_section(text, "Strengths"))


def test_key_numbers_are_one_line_of_what_is_known(engine: Engine) -> None:
    lines = _section(_text(engine, "TC-22"), "Key numbers")
    line = " ".join(part.strip() for part in lines)
    assert line == (
        "your base pay USD 140,000 · outside offer USD 175,000, 25% above your base pay · "
        "the offer lapses 4 days before your talk"
    )
    assert not any(part.strip().startswith("·") for part in lines)
    total = " ".join(p.strip() for p in _section(_text(engine, "TC-25"), "Key numbers"))
    assert "its total pay 61.54% above your current total pay" in total
    ask = " ".join(p.strip() for p in _section(_text(engine, "TC-06"), "Key numbers"))
    assert "your ask 8.7% above your base pay" in ask
    assert "the offer expires in 43 days" in ask
    assert "the offer has expired" in _text(engine, "TC-08")
    candidate = " ".join(p.strip() for p in _section(_text(engine, "TC-02"), "Key numbers"))
    assert candidate == "their offer USD 80,000 · your ask 30% above their offer"


def test_without_the_situation_the_numbers_use_the_range_currency(engine: Engine) -> None:
    _, evaluation = _evaluated(engine, "TC-06")
    line = " ".join(p.strip() for p in _section(render_text(evaluation), "Key numbers"))
    assert line.startswith("your baseline USD 92,000 · outside offer USD 104,000, 13.04% above")


def test_an_old_record_without_a_decision_still_renders(engine: Engine) -> None:
    _, evaluation = _evaluated(engine, "TC-04")
    old = msgspec.structs.replace(evaluation, decision=None)
    text = render_text(old)
    assert _headline(text) == "GO AHEAD"
    assert "\nWhy\n" not in text
    assert "## Why" not in render_markdown(old)


def test_the_decision_and_the_safer_alternative_are_said(engine: Engine) -> None:
    _, evaluation = _evaluated(engine, "TC-01")
    text = render_text(evaluation)
    assert evaluation.decision is not None
    why = " ".join(line.strip() for line in _section(text, "Why"))
    for reason in evaluation.decision.reasons:
        assert reason in why
    assert evaluation.safer_alternative is not None
    safer = " ".join(line.strip() for line in _section(text, "A safer way"))
    assert safer == evaluation.safer_alternative


def test_sources_are_listed_once_sorted_with_citations(engine: Engine) -> None:
    _, evaluation = _evaluated(engine, "TC-04")
    keys = sorted({key for rule in evaluation.fired_rules for key in rule.sources})
    sources = engine.ruleset.settings.sources
    text = render_text(evaluation, sources=sources)
    listed = [line[4:].split(":", 1)[0] for line in _section(text, "Sources") if "- " in line]
    assert listed == keys
    assert f"  - B: {sources['B'][:40]}" in text
    bare = render_text(evaluation)
    assert _section(bare, "Sources") == ["  " + ", ".join(keys) + "."]
    assert text.rstrip().endswith("Rules: negotiation 1.1.0.")


def test_data_notices_are_shown(engine: Engine) -> None:
    notices = " ".join(line.strip() for line in _section(_text(engine, "TC-10"), "Notices"))
    assert notices.endswith("(DATA-001)")
    assert "no exchange rate was given" in notices


def test_text_and_markdown_say_the_same_things(engine: Engine) -> None:
    situation, evaluation = _evaluated(engine, "TC-01")
    result = engine.what_if(situation, cap=300)
    sources = engine.ruleset.settings.sources
    text = render_text(evaluation, result, situation=situation, sources=sources)
    markdown = render_markdown(evaluation, result, situation=situation, sources=sources)

    def words(document: str) -> list[str]:
        document = re.sub(r"\\(.)", r"\1", document.replace("**", ""))  # bold, escapes
        document = re.sub(r"^#+|^\s*- ", " ", document, flags=re.MULTILINE)
        return re.findall(r"[\w'’.,;:()/%–—→-]+", document.lower())

    assert words(text) == words(markdown)
    assert markdown.startswith("# Do not use the offer as leverage\n")
    assert "- **Hardball without a walk-away plan** (blocker, WALK-001)\\\n" in markdown


def test_markdown_shows_message_text_literally() -> None:
    evaluation = _fake_evaluation(message="Use *stars*, [links](x) and <b>tags</b>; 1. not a list")
    markdown = render_markdown(evaluation)
    assert r"Use \*stars\*, \[links\](x) and \<b\>tags\</b\>" in markdown
    assert "<b>" not in markdown


def test_markdown_wrapping_never_starts_a_list_or_heading() -> None:
    message = ("word " * 16) + "- not a bullet " + ("word " * 14) + "# not a heading " + "2. no"
    markdown = render_markdown(_fake_evaluation(message=message))
    for line in markdown.splitlines():
        if line.startswith("  ") and not line.startswith("  -"):
            assert not re.match(r"\s+([-+#>]|\d+[.)])\s", line), line


def _fake_evaluation(*, message: str) -> Evaluation:
    engine = Engine.from_path(RULES)
    try:
        _, evaluation = _evaluated(engine, "TC-04")
    finally:
        engine.close()
    rule = msgspec.structs.replace(evaluation.fired_rules[0], message=message)
    return msgspec.structs.replace(evaluation, fired_rules=[rule])


# --- what-if -------------------------------------------------------------------------


def test_what_if_suggestions_use_the_improvements_never_the_score_gain(engine: Engine) -> None:
    situation, evaluation = _evaluated(engine, "TC-07")
    result = engine.what_if(situation, cap=300)
    assert result.suggestions
    first = msgspec.structs.replace(
        result.suggestions[0],
        improvements=["readiness 15 → 45", "removes FRAME-005"],
        score_gain=12345,
    )
    worded = msgspec.structs.replace(result, suggestions=[first], truncated=False)
    text = render_text(evaluation, worded, situation=situation)
    section = " ".join(line.strip() for line in _section(text, "What would improve this"))
    moves = "; ".join(m.description for m in first.moves)
    outcome = {
        "proceed": "go ahead",
        "proceed_with_changes": "go ahead with changes",
    }[first.overall_after]
    if first.overall_after == first.overall_before:
        outcome = f"still {outcome}"
    assert section == f"- {moves} Then: {outcome}. Better: readiness 15 → 45; removes FRAME-005."
    assert "12345" not in text
    assert "12,345" not in text


def test_what_if_with_nothing_to_suggest_says_so(engine: Engine) -> None:
    situation, evaluation = _evaluated(engine, "TC-04")
    result = engine.what_if(situation, cap=1)
    empty = msgspec.structs.replace(result, suggestions=[], truncated=True, cap=1)
    section = " ".join(
        line.strip() for line in _section(render_text(evaluation, empty), "What would improve this")
    )
    assert section == (
        "No change within reach improves this outcome. The search stopped at its cap of "
        "1 evaluation; larger sets of changes were not tried."
    )


# --- the command line ----------------------------------------------------------------


def test_cli_text_is_render_text(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _cli(capsys, "evaluate", "--format", "text", _source(tmp_path, "TC-06"))
    assert (status, out) == (0, _text(engine, "TC-06"))


def test_cli_markdown_is_render_markdown(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _cli(capsys, "evaluate", "--format", "markdown", _source(tmp_path, "TC-04"))
    situation, evaluation = _evaluated(engine, "TC-04")
    sources = engine.ruleset.settings.sources
    assert status == 0
    assert out == render_markdown(evaluation, situation=situation, sources=sources)


def test_cli_json_stays_the_default(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _cli(capsys, "evaluate", _source(tmp_path, "TC-04"))
    assert status == 0
    _, evaluation = _evaluated(engine, "TC-04")
    assert msgspec.json.decode(out, type=Evaluation) == evaluation


def test_evaluate_what_if_is_the_what_if_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path, "TC-07")
    status, plain = _cli(capsys, "what-if", source)
    assert status == 0
    status, added = _cli(capsys, "evaluate", "--what-if", source)
    assert status == 0
    assert json.loads(added) == json.loads(plain)
    assert json.loads(added)["cap"] == 2000  # the default cap
    status, text = _cli(capsys, "evaluate", "--what-if", "--format", "text", source)
    assert status == 0
    status, what_if_text = _cli(capsys, "what-if", "--format", "text", source)
    assert text == what_if_text
    assert "\nWhat would improve this\n" in text
    assert "score gain" not in text


def test_cli_text_refusal_is_lines_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path, "TC-11")
    status, out = _cli(capsys, "evaluate", "--format", "text", source)
    assert status == 2
    assert out == (
        "The situation is not valid\n"
        "/ask/currency: ASK_CURRENCY_MISMATCH — Ask amounts must be in your own currency "
        "(EUR).\n"
    )
    status, out = _cli(capsys, "what-if", "--format", "markdown", source)
    assert status == 2
    assert "/ask/currency: ASK_CURRENCY_MISMATCH" in out
    status, out = _cli(capsys, "evaluate", source)
    assert status == 2
    assert json.loads(out)["details"][0]["code"] == "ASK_CURRENCY_MISMATCH"  # JSON by default


def test_cli_text_refusal_without_issues_says_the_detail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.json"
    status, out = _cli(capsys, "evaluate", "--format", "text", str(missing))
    assert status == 2
    assert out.splitlines()[0] == "The input cannot be evaluated"
    assert " ".join(out.split()[5:]) == f"The file {missing} does not exist."


def test_problem_text_lists_every_issue() -> None:
    issues = [
        Issue(code="RANGE_INVERTED", path="/ask/proposed_range_low", message="Low above high."),
        Issue(code="MALFORMED_JSON", path="", message="Not JSON."),
    ]
    text = render_problem_text(problem_for(ValidationFailed(issues)))
    assert text.splitlines() == [
        "The situation is not valid",
        "/: MALFORMED_JSON — Not JSON.",
        "/ask/proposed_range_low: RANGE_INVERTED — Low above high.",
    ]
    assert "(s)" not in text
