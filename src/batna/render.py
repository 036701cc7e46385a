"""An evaluation in words, for the person being advised: plain text or Markdown.

One owner for what a person reads: the verdict and why, what to fix first, what is going
well, what else to do, the key numbers, each score with the direction that is good, the
suggested range when it is sound (docs/rules.md §11.6), the safer alternative, data
notices, the what-if suggestions and the sources. ``render_text`` and ``render_markdown``
say the same things; only the layout differs. ``render_problem_text`` puts a refused
input into lines a person can act on.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, NamedTuple, Protocol

from batna.errors import Issue
from batna.schemas.evaluation import Evaluation, FiredRule, Suggestion, WhatIf

if TYPE_CHECKING:
    from batna.schemas.situation import Situation

__all__ = ["render_markdown", "render_problem_text", "render_text"]

WIDTH: Final = 88
_GLUE: Final = "\N{NO-BREAK SPACE}"  # keeps "USD 85,000" and "4 days" on one line
_WARNING_ORDER: Final = {"high": 0, "medium": 1, "low": 2}
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|])")
_MARKDOWN_LINE_START: Final = re.compile(r"[-+#>=~]|\d+[.)]")


class _Entry(NamedTuple):
    """One bullet: a head line and an optional paragraph under it."""

    head: str
    body: str = ""
    strong: str = ""  # the part of the head set in bold in Markdown (its start)


class _Section(NamedTuple):
    """A titled block: a paragraph, bullets, or both (paragraph first)."""

    title: str
    prose: str = ""
    entries: tuple[_Entry, ...] = ()


class _Document(NamedTuple):
    headline: str
    sections: tuple[_Section, ...]
    footer: str


class _ProblemLike(Protocol):
    """What ``render_problem_text`` reads of a problem document (``batna.problems``)."""

    @property
    def title(self) -> str: ...

    @property
    def detail(self) -> str: ...

    @property
    def details(self) -> Sequence[Issue]: ...


# --- words ---------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count:,}{_GLUE}{noun}" if count == 1 else f"{count:,}{_GLUE}{noun}s"


def _number(value: Decimal) -> str:
    """A decimal with thousands separators; whole numbers without a fraction."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _money(value: Decimal, currency: str | None) -> str:
    return f"{currency}{_GLUE}{_number(value)}" if currency else _number(value)


def _headline(evaluation: Evaluation) -> str:
    """The verdict in a few words; it names an offer only when the plan uses one."""
    derived = evaluation.derived
    match evaluation.overall_recommendation:
        case "proceed":
            return "Go ahead"
        case "proceed_with_changes":
            return "Go ahead after these changes"
        case _ if derived.uses_offer and derived.offer_concrete:
            return "Do not use the offer as leverage"
        case _ if derived.uses_offer:
            return "Do not use the outside interest as leverage"
        case _:
            return "Do not go ahead as planned"


def _outcome(evaluation: Evaluation) -> str:
    """The verdict as a phrase inside a sentence (what-if results)."""
    if evaluation.overall_recommendation == "proceed_with_changes":
        return "go ahead with changes"
    return _headline(evaluation).lower()


def _baseline_noun(situation: Situation | None) -> str:
    if situation is None:
        return "your baseline"
    if situation.person.negotiating_as == "candidate":
        return "their offer"
    return "your base pay"


def _relative(pct: Decimal, noun: str) -> str:
    if pct > 0:
        return f"{_number(pct)}% above {noun}"
    if pct < 0:
        return f"{_number(-pct)}% below {noun}"
    return f"equal to {noun}"


def _talk_is_reference(situation: Situation | None) -> bool:
    """Whether days to expiry count from the planned talk (docs/rules.md §5, ref_date)."""
    if situation is None or situation.ask.planned_date is None:
        return False
    as_of: dt.date | None = situation.as_of_date
    return as_of is None or situation.ask.planned_date >= as_of


def _expiry(evaluation: Evaluation, situation: Situation | None) -> str:
    derived = evaluation.derived
    days = derived.days_to_expiry
    if derived.offer_expired:
        return "the offer has expired"
    if days is None:
        return ""
    if derived.offer_lapses_before_talk:
        return f"the offer lapses {_plural(-days, 'day')} before your talk"
    if _talk_is_reference(situation):
        if days == 0:
            return "the offer expires on the day of your talk"
        return f"the offer expires {_plural(days, 'day')} after your talk"
    if days == 0:
        return "the offer expires today"
    return f"the offer expires in {_plural(days, 'day')}"


def _key_numbers(evaluation: Evaluation, situation: Situation | None) -> str:
    derived = evaluation.derived
    currency = situation.person.currency if situation is not None else None
    if currency is None and evaluation.suggested_range is not None:
        currency = evaluation.suggested_range.currency
    noun = _baseline_noun(situation)
    parts: list[str] = []
    if derived.baseline_amount is not None:
        parts.append(f"{noun} {_money(derived.baseline_amount, currency)}")
    if derived.offer_base_in_person_currency is not None:
        offer = f"outside offer {_money(derived.offer_base_in_person_currency, currency)}"
        if derived.offer_premium_pct is not None:
            offer += f", {_relative(derived.offer_premium_pct, noun)}"
        parts.append(offer)
    elif derived.offer_premium_pct is not None:
        parts.append(f"outside offer {_relative(derived.offer_premium_pct, noun)}")
    if derived.offer_total_premium_pct is not None:
        total = _relative(derived.offer_total_premium_pct, "your current total pay")
        parts.append(f"its total pay {total}")
    if derived.ask_over_baseline_pct is not None:
        parts.append(f"your ask {_relative(derived.ask_over_baseline_pct, noun)}")
    if expiry := _expiry(evaluation, situation):
        parts.append(expiry)
    return f"{_GLUE}· ".join(parts)  # a wrapped line ends with the dot, never starts with it


def _scores(evaluation: Evaluation) -> tuple[_Entry, ...]:
    s = evaluation.scores
    return (
        _Entry(f"leverage {s.leverage_strength}/100 (higher is better)"),
        _Entry(f"relationship risk {s.relationship_risk}/100 (lower is better)"),
        _Entry(f"readiness {s.readiness}/100 (higher is better)"),
    )


def _suggested_range(evaluation: Evaluation) -> str:
    """The range, unless its low end (the target) is below the baseline (a likely typo)."""
    r = evaluation.suggested_range
    baseline = evaluation.derived.baseline_amount
    if r is None or (baseline is not None and r.low < baseline):
        return ""
    return (
        f"{_money(r.low, r.currency)} to {_number(r.high)}: open with a range whose low "
        "end is your target."
    )


def _favours(rule: FiredRule) -> bool:
    """Whether a recommendation's score effects all point the person's way."""
    e = rule.score_effects
    good = e.leverage_strength > 0 or e.relationship_risk < 0 or e.readiness > 0
    bad = e.leverage_strength < 0 or e.relationship_risk > 0 or e.readiness < 0
    return good and not bad


def _rule_entry(rule: FiredRule, tag: str = "") -> _Entry:
    label = f"{tag}, {rule.id}" if tag else rule.id
    return _Entry(f"{rule.title} ({label})", rule.message, strong=rule.title)


def _rule_sections(evaluation: Evaluation) -> list[_Section]:
    rules = evaluation.fired_rules
    blockers = sorted((r for r in rules if r.kind == "blocker"), key=lambda r: r.id)
    warnings = sorted(
        (r for r in rules if r.kind == "warning"),
        key=lambda r: (_WARNING_ORDER.get(r.severity, len(_WARNING_ORDER)), r.id),
    )
    advice = [r for r in rules if r.kind == "recommendation"]
    fix = [_rule_entry(r, "blocker") for r in blockers]
    fix += [_rule_entry(r, r.severity) for r in warnings]
    strengths = [_rule_entry(r) for r in sorted(advice, key=lambda r: r.id) if _favours(r)]
    todo = [_rule_entry(r) for r in sorted(advice, key=lambda r: r.id) if not _favours(r)]
    return [
        _Section("Fix first", entries=tuple(fix)),
        _Section("Strengths", entries=tuple(strengths)),
        _Section("To do", entries=tuple(todo)),
    ]


def _suggestion_entry(suggestion: Suggestion) -> _Entry:
    moves = "; ".join(m.description for m in suggestion.moves)
    after = _outcome(suggestion.evaluation)
    if suggestion.overall_after == suggestion.overall_before:
        after = f"still {after}"
    gains: list[str] = list(suggestion.improvements) or [
        f"removes {rule_id}" for rule_id in suggestion.blockers_removed
    ]
    result = f"Then: {after}." + (f" Better: {'; '.join(gains)}." if gains else "")
    return _Entry(moves, result)


def _what_if_section(what_if: WhatIf) -> _Section:
    notes: list[str] = []
    if not what_if.suggestions:
        notes.append("No change within reach improves this outcome.")
    if what_if.truncated:
        notes.append(
            f"The search stopped at its cap of {_plural(what_if.cap, 'evaluation')}; "
            "larger sets of changes were not tried."
        )
    entries = tuple(_suggestion_entry(s) for s in what_if.suggestions)
    return _Section("What would improve this", prose=" ".join(notes), entries=entries)


def _sources(evaluation: Evaluation, citations: Mapping[str, str] | None) -> _Section:
    keys = sorted({key for rule in evaluation.fired_rules for key in rule.sources})
    if not keys:
        return _Section("Sources")
    if citations is None:
        return _Section("Sources", prose=", ".join(keys) + ".")
    entries = tuple(
        _Entry(f"{key}: {citations[key]}" if key in citations else key, strong=key) for key in keys
    )
    return _Section("Sources", entries=entries)


def _document(
    evaluation: Evaluation,
    what_if: WhatIf | None,
    situation: Situation | None,
    sources: Mapping[str, str] | None,
) -> _Document:
    reasons = evaluation.decision.reasons if evaluation.decision is not None else []
    sections = [
        _Section("Why", entries=tuple(_Entry(reason) for reason in reasons)),
        _Section("A safer way", prose=evaluation.safer_alternative or ""),
        _Section("Key numbers", prose=_key_numbers(evaluation, situation)),
        _Section("Scores", entries=_scores(evaluation)),
        _Section("Suggested range", prose=_suggested_range(evaluation)),
        *_rule_sections(evaluation),
    ]
    if what_if is not None:
        sections.append(_what_if_section(what_if))
    notices = tuple(_Entry(f"{n.message} ({n.id})") for n in evaluation.data_notices)
    sections += [_Section("Notices", entries=notices), _sources(evaluation, sources)]
    ref = evaluation.ruleset
    return _Document(
        headline=_headline(evaluation),
        sections=tuple(s for s in sections if s.prose or s.entries),
        footer=f"Rules: {ref.name} {ref.version}.",
    )


# --- layouts -------------------------------------------------------------------------


def _wrap(text: str, first: str, rest: str) -> list[str]:
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_GLUE, " ") for line in lines]


def render_text(
    evaluation: Evaluation,
    what_if: WhatIf | None = None,
    *,
    situation: Situation | None = None,
    sources: Mapping[str, str] | None = None,
) -> str:
    """The evaluation as plain text wrapped at 88 columns (``batna evaluate --format text``).

    Args:
        evaluation: The evaluation to explain.
        what_if: The what-if search for the same situation, to list its suggestions.
        situation: The situation evaluated: gives the currency and the wording of the key
            numbers (the evaluation alone lacks them).
        sources: The ruleset's citation of each source key; without it, only the keys.
    """
    doc = _document(evaluation, what_if, situation, sources)
    lines = [doc.headline.upper()]
    for section in doc.sections:
        lines += ["", section.title]
        if section.prose:
            lines += _wrap(section.prose, "  ", "  ")
        for entry in section.entries:
            lines += _wrap(entry.head, "  - ", "    ")
            if entry.body:
                lines += _wrap(entry.body, "    ", "    ")
    lines += ["", doc.footer]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text as Markdown that shows it literally (no emphasis, links, HTML or tables)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_wrap(text: str, first: str, rest: str) -> list[str]:
    """Wrap Markdown; a wrapped line never starts a list, heading or quote by accident."""
    out: list[str] = []
    for number, line in enumerate(_wrap(text, first, rest)):
        indent = first if number == 0 else rest
        found = _MARKDOWN_LINE_START.match(line, len(indent))
        if found is None:
            out.append(line)
            continue
        marker = found.group(0)
        out.append(f"{indent}{marker[:-1]}\\{marker[-1]}{line[found.end() :]}")
    return out


def render_markdown(
    evaluation: Evaluation,
    what_if: WhatIf | None = None,
    *,
    situation: Situation | None = None,
    sources: Mapping[str, str] | None = None,
) -> str:
    """The same content as ``render_text``, as CommonMark (``Accept: text/markdown``)."""
    doc = _document(evaluation, what_if, situation, sources)
    lines = [f"# {_md(doc.headline)}"]
    for section in doc.sections:
        lines += ["", f"## {_md(section.title)}", ""]
        if section.prose:
            lines += _md_wrap(_md(section.prose), "", "")
            if section.entries:
                lines.append("")
        for entry in section.entries:
            head = _md(entry.head)
            if entry.strong:
                strong = _md(entry.strong)
                head = f"**{strong}**{head[len(strong) :]}"
            lines += _md_wrap(head, "- ", "  ")
            if entry.body:
                lines[-1] += "\\"  # a hard line break: the advice goes under its title
                lines += _md_wrap(_md(entry.body), "  ", "  ")
    lines += ["", f"*{_md(doc.footer)}*"]
    return "\n".join(lines) + "\n"


def render_problem_text(problem: _ProblemLike) -> str:
    """A refused input as lines: the problem's title, then ``path: CODE — message`` each.

    Without itemised issues (a missing file, a body over the limit) the detail says it.
    """
    lines = [problem.title]
    issues: Iterable[Issue] = problem.details
    found = False
    for issue in issues:
        found = True
        lines += _wrap(f"{issue.path or '/'}: {issue.code} — {issue.message}", "", "  ")
    if not found:
        lines += _wrap(problem.detail, "", "  ")
    return "\n".join(lines) + "\n"
