"""Benchmark the rules engine in process, on one core.

Run from the repository root::

    .venv/bin/python bench/engine.py            # soak of 1,000,000 evaluations
    .venv/bin/python bench/engine.py --quick    # soak of 100,000

It generates 1,000 distinct valid situations (``tests/situations.py``), parses them up
front, then measures, on one pinned core and in one run: each stage of the served path on
its own (decode JSON bytes into a validated Situation, evaluate, encode the answer) beside
``msgspec.json.decode(raw, type=Situation)`` alone; end-to-end throughput (bytes → decode →
evaluate → encode); ``Engine.evaluate``'s per-call latency (p50/p99); memory over a long run
(peak RSS and current RSS at 0/10/50/100 %); and, for scale, a hand-written plain-Python
function computing three of the rules.

When ``zen-engine`` is installed (``make bench`` installs ``bench/requirements.txt``), the
GoRules ZEN anchor's 25-rule decision (``--anchor``, default
``../shared/anchors/engines-bench``) runs in the same process on the same core, so the two
rates are comparable: this machine is shared and noisy, only same-run ratios count.
Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import importlib.util
import os
import platform
import random
import resource
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.situations import random_situation

from batna.engine import Engine
from batna.schemas.jsonout import ENCODER as OUTPUT  # what the API answers with
from batna.schemas.situation import Situation

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

RUNS = 5
SITUATIONS = 1_000
ENCODER = msgspec.json.Encoder(decimal_format="number")
_PAGE = os.sysconf("SC_PAGE_SIZE")
_CENT = Decimal("0.01")
_CONCRETE = frozenset({"verbal", "written", "signed"})


# --- inputs -------------------------------------------------------------------------------


def distinct_documents(seed: int, count: int) -> list[dict[str, Any]]:
    """``count`` distinct situation documents, drawn from consecutive seeds."""
    seen: set[bytes] = set()
    documents: list[dict[str, Any]] = []
    next_seed = seed
    while len(documents) < count:
        document = random_situation(random.Random(next_seed))
        next_seed += 1
        key = ENCODER.encode(document)
        if key not in seen:
            seen.add(key)
            documents.append(document)
    return documents


# --- the plain-Python reference: WALK-001, LEV-001 and ANCH-003 of docs/rules.md §6 -----------


def _round2(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def plain_three_rules(situation: Situation) -> list[str]:
    """WALK-001, LEV-001 and ANCH-003 written by hand, derived facts included."""
    person, offer, ask = situation.person, situation.outside_offer, situation.ask
    alternatives = situation.alternatives
    fired: list[str] = []

    hardball = (
        ask.framing == "ultimatum"
        or ask.tone == "dismissive"
        or (
            ask.disclosure_to_manager == "vague"
            and offer.status == "hint"
            and ask.framing == "assertive"  # v1.1: a hint raised with a question is not
        )
    )
    if hardball and alternatives.prepared_to_walk_away is False:
        fired.append("WALK-001")

    concrete = offer.status in _CONCRETE
    as_of = situation.as_of_date or dt.datetime.now(dt.UTC).date()
    talk = ask.planned_date if ask.planned_date is not None and ask.planned_date >= as_of else as_of
    expiry = offer.expiry_date
    expired = expiry is not None and expiry < as_of
    lapses = not expired and expiry is not None and expiry < talk  # gone by the talk (v1.1)
    credible = (
        alternatives.prepared_to_walk_away
        and offer.would_accept == "yes"
        and concrete
        and not expired
        and not lapses
    )
    if offer.status == "written" and credible:
        fired.append("LEV-001")

    target = ask.target_amount
    baseline = (
        person.current_base_salary
        if person.negotiating_as == "employee"
        else ask.counterparty_offer_base
    )
    if target is not None and baseline is not None:
        over = _round2((target / baseline - 1) * 100)
        conv = None
        if offer.base_salary is not None:
            if offer.currency is None or offer.currency == person.currency:
                conv = _round2(offer.base_salary)
            elif offer.fx_rate_to_person_currency is not None:
                conv = _round2(offer.base_salary * offer.fx_rate_to_person_currency)
        market = situation.preparation.market_reference_amount
        if (
            over > 20
            and not (concrete and not lapses and conv is not None and conv >= target)
            and not (market is not None and market >= target)
        ):
            fired.append("ANCH-003")
    return fired


# --- the anchor: GoRules ZEN on the engines-bench decision --------------------------------


def zen_rates(anchor: Path) -> list[float] | str:
    """ZEN's evaluations/s on the anchor's 1,000 payloads (seed 42), or why it did not run."""
    if importlib.util.find_spec("zen") is None:
        return "not run: zen-engine is not installed (make bench installs it)"
    if not (anchor / "engines.py").is_file():
        return f"not run: no anchor at {anchor}"
    sys.path.insert(0, str(anchor))
    try:
        engines = importlib.import_module("engines")
        spec = importlib.import_module("spec")
    finally:
        sys.path.remove(str(anchor))
    one, _batch = engines.BUILDERS["zen_engine"]()
    payloads = spec.payloads(SITUATIONS, seed=42)
    for payload in payloads:  # warm-up
        one(payload)
    return throughput(one, payloads)


# --- measurement --------------------------------------------------------------------------


def throughput(call: Callable[[Any], object], items: Sequence[Any]) -> list[float]:
    """Calls per second of ``call`` over ``items``, once per run."""
    rates = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for item in items:
            call(item)
        rates.append(len(items) / (time.perf_counter() - start))
    return rates


def latencies_us(call: Callable[[Any], object], items: Sequence[Any]) -> list[float]:
    """Per-call latency in microseconds, one pass."""
    out = []
    clock = time.perf_counter_ns
    for item in items:
        start = clock()
        call(item)
        out.append((clock() - start) / 1000)
    return out


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def rss_mib() -> float:
    """Current resident set size, from /proc/self/statm."""
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[1]) * _PAGE / 2**20


def peak_rss_mib() -> float:
    """Peak resident set size (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def soak(engine: Engine, situations: Sequence[Situation], total: int) -> list[tuple[str, str]]:
    """Evaluate ``total`` times round-robin; RSS at 0, 10, 50 and 100 %."""
    marks = {0: "0%", total // 10: "10%", total // 2: "50%", total: "100%"}
    rows = []
    count = len(situations)
    start = time.perf_counter()
    for done in range(total + 1):
        if done in marks:
            rows.append((f"RSS after {done:,} evaluations ({marks[done]})", f"{rss_mib():.1f} MiB"))
        if done < total:
            engine.evaluate(situations[done % count])
    elapsed = time.perf_counter() - start
    rows.append(("peak RSS (ru_maxrss, updated lazily)", f"{peak_rss_mib():.1f} MiB"))
    rows.append(("soak throughput", f"{total / elapsed:,.0f} eval/s over {elapsed:.1f} s"))
    return rows


# --- output -------------------------------------------------------------------------------


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print an aligned plain-text table: first column left, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [str(row[0]).ljust(widths[0])]
        cells += [str(cell).rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    print(f"\n{title}")
    print(line(header))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))


def rate_row(name: str, rates: Sequence[float]) -> list[str]:
    return [
        name,
        f"{statistics.median(rates):,.0f}",
        f"{min(rates):,.0f}",
        f"{max(rates):,.0f}",
        f"{1e6 / statistics.median(rates):,.1f}",
    ]


def main(argv: Sequence[str] | None = None) -> None:  # noqa: PLR0915 - one run, one report
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="soak 100,000 instead of 1,000,000")
    parser.add_argument("--soak", type=int, help="evaluations in the memory soak")
    parser.add_argument("--seed", type=int, default=20250303, help="first generator seed")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules", help="rule bundle root")
    parser.add_argument(
        "--anchor",
        type=Path,
        default=ROOT.parent / "shared" / "anchors" / "engines-bench",
        help="the engines-bench anchor (its spec.py and engines.py build the ZEN decision)",
    )
    args = parser.parse_args(argv)
    total = args.soak if args.soak is not None else (100_000 if args.quick else 1_000_000)

    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[0]})  # one core: the engine is single-threaded anyway
    print("batna engine benchmark")
    print(f"nproc:    {len(cpus)} (pinned to CPU {cpus[0]})")
    print(f"python:   {platform.python_implementation()} {platform.python_version()}")
    print(f"platform: {platform.platform()}")

    start = time.perf_counter()
    engine = Engine.from_path(args.rules)
    compile_s = time.perf_counter() - start
    print(
        f"rules:    {args.rules} ({engine.ref.name} {engine.ref.version}, "
        f"{sum(r.kind != 'derive' for r in engine.ruleset.rules)} rules + "
        f"{sum(r.kind == 'derive' for r in engine.ruleset.rules)} derive rules, "
        f"revision {engine.ref.revision[:12]}), "
        f"compiled in {compile_s * 1000:.0f} ms"
    )

    documents = distinct_documents(args.seed, SITUATIONS)
    situations = [engine.parse(document) for document in documents]
    raw = [ENCODER.encode(document) for document in documents]
    print(f"inputs:   {len(situations):,} distinct situations, seeds {args.seed}+")

    def end_to_end(body: bytes) -> bytes:
        return ENCODER.encode(engine.evaluate(engine.decode(body)))

    for situation in situations:  # warm-up
        engine.evaluate(situation)
    evaluations = [engine.evaluate(situation) for situation in situations]
    typed = msgspec.json.Decoder(Situation)

    evaluate = throughput(engine.evaluate, situations)
    latency = latencies_us(engine.evaluate, situations)
    decode = throughput(engine.decode, raw)
    msgspec_alone = throughput(typed.decode, raw)
    encode = throughput(OUTPUT.encode, evaluations)
    e2e = throughput(end_to_end, raw)
    plain = throughput(plain_three_rules, situations)
    zen = zen_rates(args.anchor)

    header = ["measure (per call)", "median /s", "min /s", "max /s", "µs (median)"]
    rows = [
        rate_row("decode: JSON bytes → validated Situation", decode),
        rate_row("  msgspec.json.decode(raw, type=Situation) alone", msgspec_alone),
        rate_row("evaluate: Engine.evaluate", evaluate),
        rate_row("encode: Evaluation → JSON bytes", encode),
        rate_row("end to end (bytes → decode → evaluate → encode)", e2e),
        rate_row("plain Python, 3 rules (WALK-001, LEV-001, ANCH-003)", plain),
    ]
    if isinstance(zen, list):
        rows.append(rate_row("GoRules ZEN, the anchor's 25-rule decision", zen))
    table(f"Throughput: {RUNS} runs over {SITUATIONS:,} situations, one core", header, rows)
    med = statistics.median
    ratios = [
        ["end to end / Engine.evaluate (target ≥ 0.8)", f"{med(e2e) / med(evaluate):.2f}"],
        ["decode / msgspec alone, in time (target ≤ 2)", f"{med(msgspec_alone) / med(decode):.2f}"],
    ]
    if isinstance(zen, list):
        ratios.append(["Engine.evaluate / ZEN (target ≥ 1)", f"{med(evaluate) / med(zen):.2f}"])
    else:
        ratios.append(["Engine.evaluate / ZEN", zen])
    table("Ratios, same run", ["ratio", "value"], ratios)
    ratio = statistics.median(plain) / statistics.median(evaluate)
    ids = {rule.id for rule in engine.ruleset.rules}
    three = {"WALK-001", "LEV-001", "ANCH-003"}
    agree = "n/a (the bundle lacks some of them)"
    if three <= ids:
        same = sum(
            set(plain_three_rules(s)) == {r.id for r in engine.evaluate(s).fired_rules} & three
            for s in situations
        )
        agree = f"{same:,}/{len(situations):,} situations"
    print(f"plain 3-rule function vs engine.evaluate (all rules): {ratio:,.0f}x faster")
    print(f"plain 3-rule function agrees with the engine on those 3 rules: {agree}")

    table(
        f"engine.evaluate latency: one pass over {SITUATIONS:,} situations",
        ["percentile", "µs"],
        [
            ["p50", f"{percentile(latency, 50):,.1f}"],
            ["p99", f"{percentile(latency, 99):,.1f}"],
            ["max", f"{max(latency):,.1f}"],
        ],
    )

    gc.collect()
    table(
        f"Memory: {total:,} evaluations round-robin over the {SITUATIONS:,} situations",
        ["measure", "value"],
        soak(engine, situations, total),
    )
    engine.close()


if __name__ == "__main__":
    main()
