"""An impact summary for people: plain text for the CLI, one self-contained HTML page.

The page draws the transition matrix, the rules whose firing count changes and the score
shifts in inline SVG, and its Content-Security-Policy forbids every network load (as the
batch report's does).
"""

# ruff: noqa: E501 - an HTML template reads better unwrapped (as batch/report.py)
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Final, get_args

from batna.batch.report import CSP
from batna.schemas.evaluation import Recommendation
from batna.schemas.impact import SCORES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from batna.schemas.impact import ImpactSummary, ImpactTally

__all__ = ["CSP", "render_html", "render_text"]

_RECOMMENDATIONS: Final[tuple[str, ...]] = get_args(Recommendation)
_SHORT: Final = {
    "proceed": "proceed",
    "proceed_with_changes": "with changes",
    "do_not_leverage": "do not",
}
_LABELS: Final = {
    "leverage_strength": "Leverage strength",
    "relationship_risk": "Relationship risk",
    "readiness": "Readiness",
}


def _matrix(transitions: Mapping[str, int]) -> list[list[int]]:
    return [[transitions.get(f"{a}→{b}", 0) for b in _RECOMMENDATIONS] for a in _RECOMMENDATIONS]


def render_text(summary: ImpactSummary) -> str:
    """The summary as a person reads it in a terminal."""
    candidate = summary.candidate
    share = f" ({summary.changed / summary.evaluated:.1%})" if summary.evaluated else ""
    lines = [
        (
            f"Impact of {candidate.name}@{candidate.version} "
            f"(revision {candidate.revision[:12]}) on stored decisions"
        ),
        "",
        f"  {'evaluated':<12}{summary.evaluated:>10,}",
        f"  {'skipped':<12}{summary.skipped:>10,}  (situation not kept)",
        f"  {'changed':<12}{summary.changed:>10,}{share}",
        "",
        "Recommendation, before (rows) → after (columns)",
        f"  {'':<22}" + "".join(f"{_SHORT[r]:>14}" for r in _RECOMMENDATIONS),
    ]
    for name, row in zip(_RECOMMENDATIONS, _matrix(summary.transitions), strict=True):
        lines.append(f"  {name:<22}" + "".join(f"{n:>14,}" for n in row))
    lines += ["", "Rules whose firing count changes (before → after)"]
    if not summary.rules:
        lines.append("  none")
    for rule, shift in summary.rules.items():
        delta = shift.after - shift.before
        lines.append(f"  {rule:<12}{shift.before:>8,} → {shift.after:<8,} ({delta:+,})")
    lines += ["", f"Score shift, after − before  {'mean':>8}{'p10':>6}{'p50':>6}{'p90':>6}"]
    for name, s in summary.score_shift.items():
        lines.append(f"  {name:<27}{s.mean:>8.2f}{s.p10:>6}{s.p50:>6}{s.p90:>6}")
    if summary.not_compared:
        lines += [
            "",
            f"Not compared (they read what is never stored): {', '.join(summary.not_compared)}",
        ]
    if summary.changed_ids:
        more = f" … and {summary.changed - 5:,} more" if summary.changed > 5 else ""
        lines += ["", f"Changed decisions: {', '.join(summary.changed_ids[:5])}{more}"]
    return "\n".join(lines) + "\n"


def _matrix_svg(transitions: Mapping[str, int]) -> str:
    cell, left, top = 120, 170, 60
    matrix = _matrix(transitions)
    most = max((n for row in matrix for n in row), default=0) or 1
    size = len(_RECOMMENDATIONS)
    width, height = left + cell * size + 10, top + cell * size // 2 + 10
    parts = []
    for j, name in enumerate(_RECOMMENDATIONS):
        parts.append(
            f'<text x="{left + j * cell + cell / 2}" y="{top - 12}" text-anchor="middle">'
            f"{html.escape(_SHORT[name])}</text>"
        )
    parts.append(f'<text x="{left}" y="16" class="h">after →</text>')
    for i, name in enumerate(_RECOMMENDATIONS):
        y = top + i * cell // 2
        parts.append(f'<text x="0" y="{y + cell / 4 + 5}">{html.escape(_SHORT[name])}</text>')
        for j, count in enumerate(matrix[i]):
            x = left + j * cell
            kept = i == j
            shade = 0.08 + 0.85 * count / most if count else 0.0
            colour = "46,125,50" if kept else "198,40,40"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 4}" height="{cell // 2 - 4}" '
                f'fill="rgba({colour},{shade:.2f})" stroke="#bbb"><title>'
                f"{html.escape(name)} → {html.escape(_RECOMMENDATIONS[j])}: {count}</title></rect>"
                f'<text x="{x + cell / 2 - 2}" y="{y + cell / 4 + 3}" text-anchor="middle">{count}</text>'
            )
    return (
        f'<svg role="img" aria-label="Transition matrix" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def _rule_bars(summary: ImpactSummary) -> str:
    rules = list(summary.rules.items())[:30]
    width, row = 640, 30
    most = max((max(s.before, s.after) for _, s in rules), default=0) or 1
    scale = (width - 230) / most
    parts = []
    for i, (rule, shift) in enumerate(rules):
        y = i * row
        parts.append(
            f'<text x="0" y="{y + 19}">{html.escape(rule)}</text>'
            f'<rect x="110" y="{y + 4}" width="{shift.before * scale:.1f}" height="10" fill="#90a4ae">'
            f"<title>before: {shift.before}</title></rect>"
            f'<rect x="110" y="{y + 15}" width="{shift.after * scale:.1f}" height="10" fill="#1565c0">'
            f"<title>after: {shift.after}</title></rect>"
            f'<text x="{116 + max(shift.before, shift.after) * scale:.1f}" y="{y + 19}">'
            f"{shift.before} → {shift.after}</text>"
        )
    height = max(row * len(rules), row)
    if not rules:
        parts.append('<text x="0" y="19">No rule fires more or less often.</text>')
    return (
        f'<svg role="img" aria-label="Rule firing counts, before and after" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def _bin_label(step: int) -> str:
    if step == 0:
        return "0"
    low, high = abs(step) * 10 - 9, abs(step) * 10
    sign = "+" if step > 0 else "−"
    return f"{sign}{low}…{sign}{high}"


def _shift_histogram(name: str, histogram: Mapping[int, int]) -> str:
    """Shifts from −100 to 100: the middle bin is exactly 0, then 1–10, 11–20 … each way."""
    width, height, pad = 320, 150, 24
    bins = [0] * 21
    for shift, count in histogram.items():
        step = -(-abs(shift) // 10)  # ceil(|shift| / 10)
        bins[10 + (step if shift > 0 else -step)] += count
    most = max(bins) or 1
    bar = (width - 2 * pad) / len(bins)
    parts = [f'<text x="{pad}" y="14" class="h">{html.escape(_LABELS.get(name, name))}</text>']
    for i, count in enumerate(bins):
        h = (height - 3 * pad) * count / most
        x = pad + i * bar
        parts.append(
            f'<rect x="{x:.1f}" y="{height - pad - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
            f'fill="{"#37474f" if i == 10 else "#1565c0"}"><title>'
            f"{_bin_label(i - 10)}: {count}</title></rect>"
        )
    parts.append(f'<text x="{pad}" y="{height - 6}">−100</text>')
    parts.append(f'<text x="{width / 2 - 4}" y="{height - 6}">0</text>')
    parts.append(f'<text x="{width - pad - 26}" y="{height - 6}">+100</text>')
    return (
        f'<svg role="img" aria-label="{html.escape(_LABELS.get(name, name))} shift" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def render_html(title: str, summary: ImpactSummary, tally: ImpactTally) -> str:
    """The report page (``tally`` gives the score shift histograms)."""
    esc = html.escape
    candidate = summary.candidate
    shifts = "".join(
        f"<tr><td>{esc(_LABELS.get(n, n))}</td><td class=n>{s.mean:.2f}</td><td class=n>{s.p10}</td>"
        f"<td class=n>{s.p50}</td><td class=n>{s.p90}</td></tr>"
        for n, s in summary.score_shift.items()
    )
    changed = "".join(f"<li><code>{esc(i)}</code></li>" for i in summary.changed_ids[:50])
    more = summary.changed - min(len(summary.changed_ids), 50)
    ignored = (
        f"<p>Not compared (they read what is never stored): {esc(', '.join(summary.not_compared))}.</p>"
        if summary.not_compared
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{esc(title)}</title>
<style>
body{{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;color:#222;padding:0 1rem}}
h1{{font-size:1.5rem}} h2{{font-size:1.15rem;margin-top:2rem}}
svg text{{font:13px system-ui,sans-serif;fill:#222}} svg text.h{{font-weight:600}}
table{{border-collapse:collapse}} td,th{{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:left}}
td.n{{text-align:right;font-variant-numeric:tabular-nums}} .figures span{{margin-right:2rem}}
.charts{{display:flex;flex-wrap:wrap;gap:1rem}}
</style></head><body>
<h1>{esc(title)}</h1>
<p>Candidate <code>{esc(candidate.name)}@{esc(candidate.version)}</code> (revision <code>{esc(candidate.revision[:12])}</code>), each stored decision replayed as of the day it was made.</p>
<p class="figures"><span><b>{summary.evaluated}</b> evaluated</span><span><b>{summary.skipped}</b> skipped (situation not kept)</span><span><b>{summary.changed}</b> changed</span></p>
<h2>Overall recommendation, before → after</h2>
{_matrix_svg(summary.transitions)}
<h2>Rules whose firing count changes</h2>
{_rule_bars(summary)}
<h2>Score shifts (after − before)</h2>
<div class="charts">{"".join(_shift_histogram(n, tally.shifts.get(n, {})) for n in SCORES)}</div>
<table><thead><tr><th>Score</th><th>mean</th><th>p10</th><th>p50</th><th>p90</th></tr></thead><tbody>{shifts}</tbody></table>
{ignored}
<h2>Changed decisions</h2>
<ul>{changed or "<li>None.</li>"}</ul>
{f"<p>… and {more} more (GET …/changes streams them all).</p>" if more > 0 else ""}
</body></html>
"""
