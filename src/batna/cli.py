"""The ``batna`` command: evaluate, serve, manage the audit store and keys, check the rules.

One function per verb; each returns its exit status (0 ok, 1 failure, 2 rejected input).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Final, get_args

import msgspec

from batna.config import Settings
from batna.engine import Engine, compile_ruleset, load_bundle, run_cases
from batna.errors import (
    BatnaError,
    InputError,
    Issue,
    NotFound,
    RuleSyntaxError,
    ValidationFailed,
)
from batna.problems import problem_for
from batna.render import render_markdown, render_problem_text, render_text
from batna.schemas.evaluation import Recommendation
from batna.schemas.jsonout import ENCODER
from batna.source import open_input, read_document

if TYPE_CHECKING:
    from collections.abc import Sequence

    from batna.batch.local import Summary
    from batna.engine import Rule
    from batna.schemas.evaluation import Evaluation, WhatIf
    from batna.schemas.impact import ImpactSummary, ImpactTally
    from batna.schemas.situation import Situation
    from batna.store import Database

__all__ = ["main"]

_RECOMMENDATIONS: Final = get_args(Recommendation)
_FORMATS: Final = ("json", "text", "markdown")


def _write_json(obj: object) -> None:
    sys.stdout.buffer.write(msgspec.json.format(ENCODER.encode(obj), indent=2) + b"\n")
    sys.stdout.flush()


def _write_words(
    fmt: str,
    engine: Engine,
    situation: Situation,
    evaluation: Evaluation,
    what_if: WhatIf | None = None,
) -> None:
    """The evaluation (and any what-if suggestions) in words: ``text`` or ``markdown``."""
    render = render_markdown if fmt == "markdown" else render_text
    sources = engine.ruleset.settings.sources
    sys.stdout.write(render(evaluation, what_if, situation=situation, sources=sources))
    sys.stdout.flush()


def _refused(error: InputError, fmt: str = "json") -> int:
    """Print the problem the API would answer, as the only output; exit status 2.

    JSON by default (byte for byte the API's body); ``text`` and ``markdown`` print it as
    lines, one per issue.
    """
    problem = problem_for(error)
    if fmt == "json":
        _write_json(problem)
    else:
        sys.stdout.write(render_problem_text(problem))
        sys.stdout.flush()
    return 2


def _cap(raw: str | None, default: int) -> int:
    """``--cap``: a whole number of at least 1, checked like the API's ``?cap=``."""
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
        message = f"--cap must be a whole number of at least 1, not {raw!r}."
        issue = Issue(code="INVALID_PARAMETER", path="/options/cap", message=message)
        raise ValidationFailed([issue])
    return int(raw)


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    try:
        raw = read_document(args.file, settings.max_body_bytes)
        engine = Engine.from_path(settings.rules_dir, settings.ruleset)
        situation = engine.decode(raw)
        if args.what_if:  # the same search as `batna what-if`, with the default cap
            return _answer(args.format, engine, situation, cap=settings.what_if_cap)
        evaluation = engine.evaluate(situation)
    except InputError as exc:
        return _refused(exc, args.format)
    if args.format == "json":
        _write_json(evaluation)
    else:
        _write_words(args.format, engine, situation, evaluation)
    return 0


def _what_if(args: argparse.Namespace, settings: Settings) -> int:
    try:
        cap = _cap(args.cap, settings.what_if_cap)
        raw = read_document(args.file, settings.max_body_bytes)
        engine = Engine.from_path(settings.rules_dir, settings.ruleset)
        return _answer(args.format, engine, engine.decode(raw), cap=cap)
    except InputError as exc:
        return _refused(exc, args.format)


def _answer(fmt: str, engine: Engine, situation: Situation, *, cap: int) -> int:
    """Search for improving changes and print the evaluation with them."""
    result = engine.what_if(situation, cap=cap)
    if fmt == "json":
        _write_json(result)
    else:
        _write_words(fmt, engine, situation, result.evaluation, result)
    return 0


def _rules_check(_args: argparse.Namespace, settings: Settings) -> int:
    try:
        bundle = load_bundle(settings.rules_dir)
        for ruleset in bundle.rulesets:
            compile_ruleset(ruleset)
    except RuleSyntaxError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"bundle {bundle.name} revision {bundle.revision}")
    for ruleset in bundle.rulesets:
        kinds: dict[str, int] = {}
        for rule in ruleset.rules:
            kinds[rule.kind] = kinds.get(rule.kind, 0) + 1
        counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        print(f"  {ruleset.name} {ruleset.version}: {len(ruleset.rules)} rules ({counts})")
    print("ok")
    return 0


def _rules_test(args: argparse.Namespace, settings: Settings) -> int:
    bundle = load_bundle(settings.rules_dir)
    failed = passed = 0
    for ruleset in bundle.rulesets:
        engine = Engine(bundle, ruleset.name)
        folder = settings.rules_dir / ruleset.name / "cases"
        for result in run_cases(engine, folder):
            if result.passed:
                passed += 1
                if args.verbose:
                    print(f"PASS {ruleset.name}/{result.id}  {result.title}")
            else:
                failed += 1
                print(f"FAIL {ruleset.name}/{result.id}  {result.title}")
                for failure in result.failures:
                    print(f"     {failure}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def _metrics_dir(settings: Settings, workers: int) -> Path | None:
    """The directory every worker keeps its metrics in, emptied before any worker starts.

    Several workers need one (``/metrics`` sums their files); with none configured, a
    private temporary directory is made. One worker with none configured keeps its
    metrics in the process. Runs before prometheus_client is imported, which reads
    ``PROMETHEUS_MULTIPROC_DIR`` once, at import.
    """
    folder = settings.metrics_dir
    if folder is None:
        if workers < 2:  # one process needs no shared files
            return None
        folder = Path(tempfile.mkdtemp(prefix="batna-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):  # a previous server's values: its counters restart at 0
        stale.unlink()
    os.environ["BATNA_METRICS_DIR"] = os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from batna.store import Pepper  # noqa: PLC0415

    # Workers are separate processes that read their settings from the environment.
    os.environ["BATNA_RULES_DIR"] = str(settings.rules_dir)
    workers = args.workers or settings.workers
    made = settings.metrics_dir is None
    metrics_dir = _metrics_dir(settings, workers)
    from batna.api.telemetry import configure_logging  # noqa: PLC0415 - after the env is set

    Engine.from_path(settings.rules_dir, settings.ruleset).close()  # fail fast on bad rules
    Pepper(settings.key_pepper, settings.database_url).value()  # … and on a missing pepper
    configure_logging(settings.log_level)
    try:
        _run_uvicorn(args, settings, workers)
    finally:
        if made and metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _run_uvicorn(args: argparse.Namespace, settings: Settings, workers: int) -> None:
    import uvicorn  # noqa: PLC0415 - only the server needs it

    uvicorn.run(
        "batna.api.asgi:app_factory",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=workers,
        loop="uvloop",
        # httptools with bounded request heads (431) and problem answers (batna.api.server)
        http="batna.api.server:BoundedHttpToolsProtocol",
        log_level=settings.log_level,
        access_log=False,  # batna writes its own access lines (JSON, with the request id)
        log_config=None,
        timeout_keep_alive=5,
        # X-Forwarded-For only from the proxies named (none by default): the failed-login
        # limit counts by client address, which a forged header must not change.
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=list(settings.forwarded_allow_ips),
    )


HEARTBEAT_SECONDS: Final = 10
STALE_SECONDS: Final = 60  # `batna worker --alive` fails when the heartbeat is older


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    """``batna worker``: the background work of a server process, without its HTTP server.

    The app is built and started as ``batna serve`` would (schema check, batch chunk
    worker, whatever else a server process runs in the background) but no port is
    opened; it stops on SIGTERM or SIGINT. ``--heartbeat`` names a file touched every
    few seconds while the event loop runs; ``--alive FILE`` (the probe) exits 1 when that
    file is missing or stale.
    """
    if args.alive is not None:
        try:
            age = dt.datetime.now(dt.UTC).timestamp() - Path(args.alive).stat().st_mtime
        except OSError:
            return 1
        return 0 if age < STALE_SECONDS else 1
    from batna.api.telemetry import configure_logging  # noqa: PLC0415 - only this verb
    from batna.store import Pepper  # noqa: PLC0415

    Pepper(settings.key_pepper, settings.database_url).value()  # fail fast, as serve does
    configure_logging(settings.log_level)
    # No /metrics here, so no metrics directory (the chart's ConfigMap names one for serve).
    background = msgspec.structs.replace(settings, batch_worker=True, metrics_dir=None)
    return asyncio.run(_work(background, args.heartbeat))


async def _work(settings: Settings, heartbeat: str | None) -> int:
    import signal  # noqa: PLC0415

    from batna.api import create_app  # noqa: PLC0415 - the HTTP stack, for its lifespan only

    app = create_app(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with app.lifespan():
        print("batna worker: working (SIGTERM stops it)", file=sys.stderr)
        while not stop.is_set():
            if heartbeat is not None:
                await asyncio.to_thread(Path(heartbeat).touch)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), HEARTBEAT_SECONDS)
    return 0


def _db(args: argparse.Namespace, settings: Settings) -> int:
    from batna.store import migrate  # noqa: PLC0415 - the store is needed only here

    url = settings.database_url
    if args.db_verb == "upgrade":
        migrate.upgrade(url, args.revision)
        print(f"database at revision {asyncio.run(_revision(settings))}")
        return 0
    if args.db_verb == "downgrade":
        migrate.downgrade(url, args.revision)
        print(f"database at revision {asyncio.run(_revision(settings)) or 'base (empty)'}")
        return 0
    if args.db_verb == "current":
        found = asyncio.run(_revision(settings))
        print(f"database at revision {found or 'none'}; this release needs {migrate.head()}")
        return 0 if found == migrate.head() else 1
    return asyncio.run(_purge(settings, args.days or settings.retention_days))


async def _revision(settings: Settings) -> str | None:
    from batna.store import Database  # noqa: PLC0415

    database = Database(settings.database_url, timeout=settings.database_timeout)
    try:
        return await database.ping()
    finally:
        await database.dispose()


async def _open_store(settings: Settings) -> Database:
    """The audit store, refused with a clear error unless migrated for this release.

    On an empty database a command otherwise ended in a driver traceback ("relation
    tenants does not exist").
    """
    from batna.store import Database, migrate  # noqa: PLC0415

    database = Database(settings.database_url, timeout=settings.database_timeout)
    try:
        await migrate.require_head(database)
    except BaseException:
        await database.dispose()
        raise
    return database


async def _purge(settings: Settings, days: int) -> int:
    from batna.store import BatchStore, EvaluationStore, WebhookStore  # noqa: PLC0415

    database = await _open_store(settings)
    now = dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=days)
    stuck = now - dt.timedelta(seconds=settings.intake_timeout_seconds)
    try:
        records, keys = await EvaluationStore(database).purge(cutoff)
        batches = BatchStore(database)
        expired = await batches.expire_uploads(stuck)
        erased = await batches.purge(cutoff)
        keys += await batches.expire_keys(now)  # batch uploads' keys, also after 24 hours
        events = await WebhookStore(database).purge(cutoff)
    finally:
        await database.dispose()
    print(f"deleted {records} evaluation(s) older than {days} days and {keys} idempotency key(s)")
    print(
        f"expired {expired} upload(s) cut off mid-intake (rows erased); "
        f"deleted {erased} batch(es) finished more than {days} days ago"
    )
    print(f"deleted {events} webhook event(s) older than {days} days, with their delivery log")
    return 0


def _tenants(args: argparse.Namespace, settings: Settings) -> int:
    """``tenants set-ruleset``: the version a tenant's requests use unless they name one."""
    from batna.engine import Rulesets  # noqa: PLC0415
    from batna.errors import UnknownRuleset  # noqa: PLC0415

    rulesets = Rulesets.load(settings.rules_dir, settings.candidate_bundles, settings.ruleset)
    try:
        tag = rulesets.get(args.ruleset).tag  # a bare name is stored as its version
    except UnknownRuleset as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        rulesets.close()
    return asyncio.run(_set_ruleset(args.tenant, tag, settings))


async def _set_ruleset(tenant: str, tag: str, settings: Settings) -> int:
    from batna.store import KeyStore  # noqa: PLC0415

    database = await _open_store(settings)
    try:
        await KeyStore(database, settings.key_pepper).set_ruleset(tenant, tag)
    except NotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
    print(f"tenant {tenant!r} now evaluates with {tag} unless a request names another")
    return 0


def _keys(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_keys_async(args, settings))


async def _keys_async(args: argparse.Namespace, settings: Settings) -> int:
    from batna.store import KeyStore  # noqa: PLC0415

    database = await _open_store(settings)
    keys = KeyStore(database, settings.key_pepper)
    try:
        if args.keys_verb == "revoke":
            if await keys.revoke(args.key_id):
                print(f"revoked {args.key_id}")
                return 0
            print(f"error: no live key {args.key_id}", file=sys.stderr)
            return 1
        if args.only_if_none and await keys.has_keys(args.tenant):
            return 0
        new = await keys.create(args.tenant, label=args.label)
    finally:
        await database.dispose()
    print(f"New API key for tenant {new.tenant!r} (id {new.key_id}). It is shown only this once:")
    print()
    print(f"    {new.token}")
    print()
    print(f'    export BATNA_KEY="{new.token}"')
    return 0


def _webhooks(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_webhooks_async(args, settings))


async def _webhooks_async(args: argparse.Namespace, settings: Settings) -> int:
    """Register, list or remove a tenant's webhook endpoints (unknown tenant, bad URL: 2)."""
    from batna.store import WebhookStore  # noqa: PLC0415

    database = await _open_store(settings)
    store = WebhookStore(database, settings.key_pepper)
    try:
        try:
            tenant_id = await store.tenant_id(args.tenant)
        except NotFound as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.webhooks_verb == "add":
            try:
                made = await store.add(tenant_id, args.url)
            except InputError as exc:
                return _refused(exc)
            print(f"Webhook {made.id} for tenant {args.tenant!r} posts to {made.url}")
            print("Its signing secret is shown only this once:")
            print()
            print(f"    {made.secret}")
            return 0
        if args.webhooks_verb == "remove":
            try:
                await store.remove(tenant_id, args.webhook_id)
            except NotFound as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            print(f"removed {args.webhook_id}")
            return 0
        for hook in (await store.list(tenant_id)).items:
            print(f"{hook.id}  {hook.created_at:%Y-%m-%dT%H:%M:%SZ}  {hook.url}")
        return 0
    finally:
        await database.dispose()


def _run_batch(args: argparse.Namespace, settings: Settings) -> tuple[Summary, Sequence[Rule]]:
    """Evaluate the file's rows; a missing, empty or unusable file is an ``InputError``."""
    from batna.batch.local import run_local  # noqa: PLC0415 - only this verb needs the pool
    from batna.schemas.rows import Format, read_rows  # noqa: PLC0415

    source = Path(args.input)
    fmt: Format = args.format or ("csv" if source.suffix.lower() == ".csv" else "jsonl")
    with open_input(args.input) as raw:
        filled = sum(1 for line in raw if line.strip())
    if not filled:
        raise InputError(f"The file {args.input} is empty.")
    engine = Engine.from_path(settings.rules_dir, settings.ruleset)
    rules = engine.ruleset.rules
    engine.close()
    # Bad UTF-8 stays in the text as escapes, so it fails its own row, not the whole file.
    text = source.open(encoding="utf-8", errors="surrogateescape", newline="")
    with text as lines, Path(args.output).open("wb") as out:
        summary = run_local(
            read_rows(lines, fmt),
            out,
            rules_dir=settings.rules_dir,
            ruleset=settings.ruleset,
            processes=args.processes,
            expected_rows=max(filled - (1 if fmt == "csv" else 0), 0),
            progress=None if args.quiet else sys.stderr,
        )
    return summary, rules


def _batch(args: argparse.Namespace, settings: Settings) -> int:
    from batna.batch.report import build_report, render  # noqa: PLC0415

    try:
        summary, rules = _run_batch(args, settings)
    except InputError as exc:
        return _refused(exc)
    counts = summary.tally.recommendations
    rate = summary.evaluated / summary.seconds if summary.seconds else 0.0
    table = [
        ("rows", f"{summary.rows:,}"),
        ("evaluated", f"{summary.evaluated:,}"),
        ("failed validation", f"{summary.failed:,}"),
        *((f"  {name.replace('_', ' ')}", f"{counts.get(name, 0):,}") for name in _RECOMMENDATIONS),
        ("seconds", f"{summary.seconds:.2f}"),
        ("rows per second", f"{rate:,.0f}"),
        ("output", args.output),
    ]
    for label, value in table:
        print(f"{label:<24}{value:>16}")
    if args.report:
        title = f"Batch {Path(args.input).name}"
        page = render(build_report(title, summary.rows, summary.tally, rules))
        Path(args.report).write_text(page, encoding="utf-8")
        print(f"{'report':<24}{args.report:>16}")
    return 1 if summary.failed else 0


def _day(raw: str | None, option: str) -> dt.date | None:
    """``--since`` / ``--until``: a calendar day, YYYY-MM-DD."""
    if raw is None:
        return None
    day = None
    if len(raw) == len("YYYY-MM-DD"):  # fromisoformat also takes 20250101 and weeks
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(raw)
    if day is None:
        message = f"--{option} must be a day, YYYY-MM-DD, not {raw!r}."
        issue = Issue(code="INVALID_PARAMETER", path=f"/options/{option}", message=message)
        raise ValidationFailed([issue])
    return day


def _impact(args: argparse.Namespace, settings: Settings) -> int:
    from batna.batch.impact_report import render_html, render_text  # noqa: PLC0415

    try:
        since, until = _day(args.since, "since"), _day(args.until, "until")
        if since is not None and until is not None and since > until:
            message = f"--since {since} is after --until {until}."
            raise ValidationFailed(
                [Issue(code="INVALID_PARAMETER", path="/options/since", message=message)]
            )
        if not (Path(args.candidate) / "manifest.yaml").is_file():
            message = f"--candidate {args.candidate} is no rule bundle (no manifest.yaml in it)."
            raise ValidationFailed(
                [Issue(code="INVALID_PARAMETER", path="/options/candidate", message=message)]
            )
        engine = Engine.from_path(args.candidate, settings.ruleset)
        summary, tally = asyncio.run(_replay(settings, engine, args.tenant, since, until))
    except InputError as exc:
        return _refused(exc, args.format)
    if args.format == "json":
        _write_json(summary)
    else:
        sys.stdout.write(render_text(summary))
    if args.report:
        title = f"Impact of {engine.tag}"
        Path(args.report).write_text(render_html(title, summary, tally), encoding="utf-8")
    return 0


async def _replay(
    settings: Settings,
    engine: Engine,
    tenant: str | None,
    since: dt.date | None,
    until: dt.date | None,
) -> tuple[ImpactSummary, ImpactTally]:
    """Replay the stored decisions in range (a tenant's, or everyone's) against ``engine``."""
    from batna.batch.impact import analyse  # noqa: PLC0415
    from batna.schemas.impact import DecisionScope  # noqa: PLC0415
    from batna.store import ImpactStore  # noqa: PLC0415

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)

    database = await _open_store(settings)
    store = ImpactStore(database)
    try:
        tenant_id = None
        if tenant is not None:
            try:
                tenant_id = await store.tenant_id(tenant)
            except NotFound:
                message = f"--tenant {tenant!r}: no such tenant."
                issue = Issue(code="INVALID_PARAMETER", path="/options/tenant", message=message)
                raise ValidationFailed([issue]) from None
        scope = DecisionScope(
            tenant_id=tenant_id,
            since=None if since is None else midnight(since),
            before=None if until is None else midnight(until + dt.timedelta(days=1)),
        )
        return await analyse(store, engine, scope)
    finally:
        await database.dispose()


def _openapi(args: argparse.Namespace, settings: Settings) -> int:
    from batna.api import create_app  # noqa: PLC0415 - the HTTP stack is optional here

    document: bytes = create_app(msgspec.structs.replace(settings, metrics_dir=None)).state.openapi
    target = Path(args.output)
    if args.check:
        if not target.is_file() or target.read_bytes() != document:
            print(
                f"{target} differs from the live document; run `batna openapi` and commit it.",
                file=sys.stderr,
            )
            return 1
        print(f"{target} matches the live document.")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(document)
    print(f"wrote {target}")
    return 0


def _parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one statement per flag
    parser = argparse.ArgumentParser(prog="batna", description=__doc__)
    parser.add_argument("--rules", type=Path, help="rule bundle folder (BATNA_RULES_DIR)")
    verbs = parser.add_subparsers(dest="verb", required=True)
    evaluate = verbs.add_parser("evaluate", help="evaluate a situation (JSON file or - for stdin)")
    evaluate.add_argument("file")
    evaluate.add_argument(
        "--format", choices=_FORMATS, default="json", help="json (default), text or markdown"
    )
    evaluate.add_argument(
        "--what-if",
        action="store_true",
        help="add the smallest changes that improve the outcome (as `batna what-if`)",
    )
    evaluate.set_defaults(run=_evaluate)
    serve = verbs.add_parser("serve", help="run the HTTP API (uvicorn)")
    serve.add_argument("--host", help="bind address (BATNA_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (BATNA_PORT, default 8000)")
    serve.add_argument("--workers", type=int, help="processes (BATNA_WORKERS, default 1)")
    serve.set_defaults(run=_serve)
    openapi = verbs.add_parser("openapi", help="write (or --check) the OpenAPI document")
    openapi.add_argument("--output", default="openapi/v1.json")
    openapi.add_argument("--check", action="store_true", help="fail if the file differs")
    openapi.set_defaults(run=_openapi)
    what_if = verbs.add_parser("what-if", help="the smallest changes that improve the outcome")
    what_if.add_argument("file")
    what_if.add_argument("--cap", metavar="N", help="most evaluations, ≥ 1 (BATNA_WHAT_IF_CAP)")
    what_if.add_argument(
        "--format", choices=_FORMATS, default="json", help="json (default), text or markdown"
    )
    what_if.set_defaults(run=_what_if)
    batch = verbs.add_parser("batch", help="evaluate a JSON Lines or CSV file on every core")
    batch.add_argument("input", help="situations: .jsonl (one per line) or .csv (dotted paths)")
    batch.add_argument("-o", "--output", required=True, help="result lines (JSON Lines)")
    batch.add_argument("--report", help="also write the HTML report here")
    batch.add_argument("--format", choices=("jsonl", "csv"), help="default: from the suffix")
    batch.add_argument("--processes", type=int, help="worker processes (default: every core)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    batch.set_defaults(run=_batch)
    work = verbs.add_parser(
        "worker", help="run batch chunks (and other background work) without serving HTTP"
    )
    work.add_argument("--heartbeat", metavar="FILE", help="touch FILE while working")
    work.add_argument(
        "--alive", metavar="FILE", help="probe: exit 0 if FILE was touched in the last minute"
    )
    work.set_defaults(run=_worker)
    db = verbs.add_parser("db", help="migrate or purge the audit store (BATNA_DATABASE_URL)")
    db_verbs = db.add_subparsers(dest="db_verb", required=True)
    up = db_verbs.add_parser("upgrade", help="apply the migrations")
    up.add_argument("revision", nargs="?", default="head")
    down = db_verbs.add_parser("downgrade", help="revert migrations (default: all of them)")
    down.add_argument("revision", nargs="?", default="base")
    db_verbs.add_parser("current", help="show the schema revision; fail if not this release's")
    purge = db_verbs.add_parser(
        "purge",
        help="delete evaluations and finished batches past the retention period, "
        "and expire uploads cut off mid-intake",
    )
    purge.add_argument("--days", type=int, help="override BATNA_RETENTION_DAYS")
    db.set_defaults(run=_db)
    keys = verbs.add_parser("keys", help="create or revoke a tenant's API keys")
    key_verbs = keys.add_subparsers(dest="keys_verb", required=True)
    create = key_verbs.add_parser("create", help="print a new key (shown once; stored hashed)")
    create.add_argument("--tenant", required=True)
    create.add_argument("--label", help="a note to tell keys apart")
    create.add_argument(
        "--only-if-none", action="store_true", help="do nothing if the tenant already has a key"
    )
    revoke = key_verbs.add_parser("revoke", help="revoke a key at once, by its id")
    revoke.add_argument("key_id")
    keys.set_defaults(run=_keys)
    tenants = verbs.add_parser("tenants", help="a tenant's settings")
    tenant_verbs = tenants.add_subparsers(dest="tenants_verb", required=True)
    set_ruleset = tenant_verbs.add_parser(
        "set-ruleset",
        help="the ruleset version (NAME@VERSION, loaded by this server) the tenant's requests "
        "use unless they send ?ruleset=",
    )
    set_ruleset.add_argument("tenant")
    set_ruleset.add_argument("ruleset", metavar="NAME@VERSION")
    tenants.set_defaults(run=_tenants)
    hooks = verbs.add_parser("webhooks", help="register, list or remove a tenant's webhooks")
    hook_verbs = hooks.add_subparsers(dest="webhooks_verb", required=True)
    add = hook_verbs.add_parser("add", help="register a URL; print its signing secret (once)")
    add.add_argument("tenant")
    add.add_argument("url", help="http:// or https:// URL that receives the signed events")
    hook_verbs.add_parser("list", help="the tenant's endpoints").add_argument("tenant")
    remove = hook_verbs.add_parser("remove", help="unregister an endpoint, by its id")
    remove.add_argument("tenant")
    remove.add_argument("webhook_id")
    hooks.set_defaults(run=_webhooks)
    rules = verbs.add_parser("rules", help="check or test the rule bundle")
    rule_verbs = rules.add_subparsers(dest="rules_verb", required=True)
    rule_verbs.add_parser("check", help="validate and compile every rule file").set_defaults(
        run=_rules_check
    )
    test = rule_verbs.add_parser("test", help="run the golden cases under rules/*/cases")
    test.add_argument("-v", "--verbose", action="store_true")
    test.set_defaults(run=_rules_test)
    impact = verbs.add_parser(
        "impact", help="replay stored decisions against a candidate bundle: what would change"
    )
    impact.add_argument("--candidate", required=True, metavar="DIR", help="the candidate bundle")
    impact.add_argument("--tenant", help="only this tenant's decisions (default: every tenant's)")
    impact.add_argument("--since", metavar="DATE", help="decisions made on or after this day")
    impact.add_argument("--until", metavar="DATE", help="decisions made on or before this day")
    impact.add_argument("--report", metavar="FILE", help="also write the HTML report here")
    impact.add_argument(
        "--format", choices=("json", "text"), default="json", help="json (default) or text"
    )
    impact.set_defaults(run=_impact)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``batna`` command; return its exit status."""
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    if args.rules is not None:
        settings = msgspec.structs.replace(settings, rules_dir=args.rules)
    try:
        status: int = args.run(args, settings)
    except RuleSyntaxError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, BatnaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
