"""The durable-rules runtime under stress: concurrent callers and a long run in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import msgspec
import pytest

from batna.engine import Engine, compile_ruleset
from batna.engine.facts import build_encoder
from batna.engine.metrics import compute_metrics
from batna.engine.runtime import Runtime
from batna.errors import EngineError
from tests.conftest import CASES, ROOT

ENCODER = msgspec.json.Encoder(decimal_format="number")


def _valid_cases(engine: Engine) -> list[object]:
    situations = []
    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text(), parse_float=Decimal)
        if case["expected"]["http_status"] == 200:
            situations.append(engine.parse(case["payload"]))
    return situations


def test_concurrent_callers_get_the_sequential_answers(engine: Engine) -> None:
    situations = _valid_cases(engine) * 40
    expected = [ENCODER.encode(engine.evaluate(s)) for s in situations]  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda s: ENCODER.encode(engine.evaluate(s)), situations))
    assert got == expected


def test_a_failed_evaluation_leaves_nothing_for_the_next(engine: Engine) -> None:
    """The runtime reuses one session; an evaluation that fails midway must not leak into it.

    The judge fact is poisoned with a value JSON cannot hold, so the failure comes after
    the stage fact was asserted and actions ran: the session holds facts when it fails.
    """
    plan = compile_ruleset(engine.ruleset)
    stage, judge = build_encoder(plan.stage_attrs), build_encoder(plan.judge_attrs)
    today = dt.date(2026, 12, 1)
    reused, fresh = Runtime(plan), Runtime(plan)
    try:
        for situation in _valid_cases(engine):
            metrics = compute_metrics(situation, engine.ruleset.settings, today)  # type: ignore[arg-type]
            poisoned = {**judge(situation, metrics), "poison": object()}
            with pytest.raises(EngineError):
                reused.run(stage(situation, metrics), poisoned)
            got = reused.run(stage(situation, metrics), judge(situation, metrics))
            want = fresh.run(stage(situation, metrics), judge(situation, metrics))
            assert got == want
            assert got[0], "every acceptance case fires a rule"
    finally:
        reused.close()
        fresh.close()


SOAK = textwrap.dedent(
    """
    import json, sys
    from decimal import Decimal
    from pathlib import Path
    import msgspec
    from batna.engine import Engine

    def rss_mb():
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20

    root = Path(sys.argv[1])
    engine = Engine.from_path(root / "rules")
    base = []
    for path in sorted((root / "rules/negotiation/cases").glob("*.json")):
        case = json.loads(path.read_text(), parse_float=Decimal)
        if case["expected"]["http_status"] == 200:
            base.append(case["payload"])
    situations = []
    for i in range(200):
        doc = json.loads(json.dumps(base[i % len(base)], default=str), parse_float=Decimal)
        doc["person"]["tenure_months"] = i % 30
        situations.append(engine.parse(doc))
    total = int(sys.argv[2])
    marks = {}
    replace = msgspec.structs.replace
    for i in range(total):
        # Every situation distinct: amounts the rules and messages read change each time,
        # so the explanation cache sees a new key for many rules on every evaluation.
        situation = situations[i % len(situations)]
        cents = Decimal(i) / 100
        person = situation.person
        if person.current_base_salary is not None:
            person = replace(person, current_base_salary=Decimal(40000) + cents)
        preparation = replace(situation.preparation, market_reference_amount=Decimal(50000) + cents)
        engine.evaluate(replace(situation, person=person, preparation=preparation))
        if i in (total // 10, total - 1):
            marks[i] = rss_mb()
    print(json.dumps({"early": marks[total // 10], "late": marks[total - 1]}))
    """
)


def test_long_run_in_a_subprocess_keeps_memory_flat() -> None:
    run = subprocess.run(
        [sys.executable, "-c", SOAK, str(ROOT), "200000"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-2000:]}"  # a crash is < 0
    rss = json.loads(run.stdout)
    assert rss["late"] - rss["early"] < 8, rss
