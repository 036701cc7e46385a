"""The batch report: one self-contained HTML page (inline CSS and SVG, no scripts).

Its Content-Security-Policy forbids every network load, so the page shows the same
offline as online, and cannot leak a row to anyone.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from typing import TYPE_CHECKING, Final

from batna.schemas.batches import BatchReport, RuleTally

if TYPE_CHECKING:
    from collections.abc import Iterable

    from batna.engine import Rule

__all__ = ["CSP", "ReportRows", "build_report", "render"]

_BINS: Final = 10

CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_LABELS: Final = {
    "proceed": "Proceed",
    "proceed_with_changes": "Proceed with changes",
    "do_not_leverage": "Do not leverage",
}
_COLOURS: Final = {
    "proceed": "#2e7d32",
    "proceed_with_changes": "#f9a825",
    "do_not_leverage": "#c62828",
}
_SCORES: Final = {
    "leverage_strength": "Leverage strength",
    "relationship_risk": "Relationship risk",
    "readiness": "Readiness",
}


class ReportRows:
    """Running tallies of a batch's rows, built as they stream in (from a pool or a store)."""

    def __init__(self) -> None:
        self.recommendations: Counter[str] = Counter()
        self.scores: dict[str, list[int]] = {name: [0] * _BINS for name in _SCORES}
        self.rules: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        self.failures: list[tuple[int, str]] = []
        self.failed = 0

    def add(
        self,
        recommendation: str,
        scores: dict[str, int],
        fired: list[str],
        result: str | None = None,
    ) -> None:
        """Count one evaluated row; ``result`` (its line) gives rules met first an example."""
        self.recommendations[recommendation] += 1
        for name, value in scores.items():
            self.scores[name][min(value // 10, _BINS - 1)] += 1
        self.rules.update(fired)
        if result is not None and any(rule_id not in self.examples for rule_id in fired):
            for rule in json.loads(result)["evaluation"]["fired_rules"]:
                self.examples.setdefault(rule["id"], rule["message"])

    def fail(self, row: int, result: str) -> None:
        """Count one row that failed validation (the first 200 are listed by issue)."""
        self.failed += 1
        if len(self.failures) < 200:
            details = json.loads(result).get("problem", {}).get("details", [])
            summary = "; ".join(f"{d['code']} at {d['path'] or '/'}" for d in details)
            self.failures.append((row, summary or "unreadable row"))


def build_report(title: str, total: int, tally: ReportRows, rules: Iterable[Rule]) -> BatchReport:
    """The report's figures; ``rules`` (the ruleset's) give each rule's title and kind."""
    meta = {rule.id: rule for rule in rules}
    top = []
    for rule_id, count in tally.rules.most_common(15):
        rule = meta.get(rule_id)
        top.append(
            RuleTally(
                id=rule_id,
                count=count,
                title=rule.title if rule else "",
                kind=rule.kind if rule else "",
                example=tally.examples.get(rule_id, ""),
            )
        )
    return BatchReport(
        title=title,
        total=total,
        evaluated=sum(tally.recommendations.values()),
        failed=tally.failed,
        recommendations={k: tally.recommendations.get(k, 0) for k in _LABELS},
        scores=tally.scores,
        rules=top,
        failures=tally.failures,
    )


def _bars(counts: dict[str, int]) -> str:
    width, row = 560, 34
    most = max(counts.values(), default=0) or 1
    parts = []
    for i, (key, count) in enumerate(counts.items()):
        length = int((width - 220) * count / most)
        y = i * row
        parts.append(
            f'<text x="0" y="{y + 21}">{html.escape(_LABELS.get(key, key))}</text>'
            f'<rect x="180" y="{y + 6}" width="{length}" height="22" fill="{_COLOURS.get(key, "#555")}"/>'
            f'<text x="{186 + length}" y="{y + 21}">{count}</text>'
        )
    height = row * len(counts)
    return (
        f'<svg role="img" aria-label="Overall recommendations" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def _histogram(name: str, bins: list[int]) -> str:
    width, height, pad = 320, 150, 24
    most = max(bins, default=0) or 1
    bar = (width - 2 * pad) / len(bins)
    parts = [f'<text x="{pad}" y="14" class="h">{html.escape(_SCORES.get(name, name))}</text>']
    for i, count in enumerate(bins):
        h = (height - 3 * pad) * count / most
        x = pad + i * bar
        y = height - pad - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" fill="#37474f">'
            f"<title>{i * 10}–{i * 10 + 9 if i < len(bins) - 1 else 100}: {count}</title></rect>"
        )
    parts.append(f'<text x="{pad}" y="{height - 6}">0</text>')
    parts.append(f'<text x="{width - pad - 18}" y="{height - 6}">100</text>')
    return (
        f'<svg role="img" aria-label="{html.escape(_SCORES.get(name, name))} distribution" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def render(report: BatchReport) -> str:
    """The page."""
    esc = html.escape
    rules = "".join(
        f"<tr><td><code>{esc(r.id)}</code></td><td>{esc(r.title)}</td><td>{esc(r.kind)}</td>"
        f'<td class="n">{r.count}</td><td>{esc(r.example)}</td></tr>'
        for r in report.rules
    )
    failures = "".join(
        f'<tr><td class="n">{row}</td><td>{esc(summary)}</td></tr>'
        for row, summary in report.failures
    )
    more = report.failed - len(report.failures)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{esc(report.title)}</title>
<style>
body{{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;color:#222;padding:0 1rem}}
h1{{font-size:1.5rem}} h2{{font-size:1.15rem;margin-top:2rem}}
svg text{{font:13px system-ui,sans-serif;fill:#222}} svg text.h{{font-weight:600}}
table{{border-collapse:collapse;width:100%}} td,th{{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}}
td.n{{text-align:right;font-variant-numeric:tabular-nums}} .figures span{{margin-right:2rem}}
.charts{{display:flex;flex-wrap:wrap;gap:1rem}} td code{{white-space:nowrap}}
</style></head><body>
<h1>{esc(report.title)}</h1>
<p class="figures"><span><b>{report.total}</b> rows</span><span><b>{report.evaluated}</b> evaluated</span><span><b>{report.failed}</b> failed validation</span></p>
<h2>Overall recommendation</h2>
{_bars(report.recommendations)}
<h2>Scores</h2>
<div class="charts">{"".join(_histogram(k, v) for k, v in report.scores.items())}</div>
<h2>Rules that fired most</h2>
<table><thead><tr><th>Rule</th><th>Title</th><th>Kind</th><th>Rows</th><th>What it said (one row)</th></tr></thead>
<tbody>{rules or '<tr><td colspan="5">No evaluated rows.</td></tr>'}</tbody></table>
<h2>Rows that failed validation</h2>
<table><thead><tr><th>Row</th><th>Issues</th></tr></thead>
<tbody>{failures or '<tr><td colspan="2">None.</td></tr>'}</tbody></table>
{f"<p>… and {more} more.</p>" if more > 0 else ""}
</body></html>
"""
