"""Settings: read from ``BATNA_*`` environment variables once, then passed down as values.

Nothing else in batna reads the environment.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import msgspec

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "DEFAULT_DATABASE_URL",
    "LOG_LEVELS",
    "MIN_PEPPER_LENGTH",
    "Settings",
    "default_rules_dir",
]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/batna.db"
MIN_PEPPER_LENGTH = 32
LOG_LEVELS: Final = ("critical", "error", "warning", "info", "debug", "trace")  # uvicorn's


def default_rules_dir() -> Path:
    """``./rules`` when it exists, else the bundle beside the source tree (editable installs)."""
    here = Path.cwd() / "rules"
    if (here / "manifest.yaml").is_file():
        return here
    return Path(__file__).resolve().parents[2] / "rules"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything configurable, with its environment variable.

    Attributes:
        rules_dir: ``BATNA_RULES_DIR``: the rule bundle (default ``./rules``).
        ruleset: ``BATNA_RULESET``: the ruleset evaluations use (default: the bundle's first).
        candidate_bundles: ``BATNA_CANDIDATE_BUNDLES``: more bundles to load beside the
            active one, paths separated by ``:`` (none). Their rulesets are picked by
            ``?ruleset=name@version`` or a tenant's default; a version that two bundles
            give different rules stops start-up.
        host: ``BATNA_HOST``: address ``batna serve`` binds (default 127.0.0.1).
        port: ``BATNA_PORT``: its port (default 8000).
        workers: ``BATNA_WORKERS``: server processes, one engine each (default 1).
        max_body_bytes: ``BATNA_MAX_BODY_BYTES``: limit of a single evaluation (1 MiB).
        max_batch_body_bytes: ``BATNA_MAX_BATCH_BODY_BYTES``: limit of a batch body (10 MiB).
        batch_max_items: ``BATNA_BATCH_MAX_ITEMS``: situations per batch request (1,000).
        log_level: ``BATNA_LOG_LEVEL``: one of uvicorn's levels, ``critical``, ``error``,
            ``warning``, ``info`` (the default), ``debug`` or ``trace``.
        what_if_cap: ``BATNA_WHAT_IF_CAP``: most evaluations one what-if search may run.
        heavy_per_tenant: ``BATNA_HEAVY_PER_TENANT``: what-if searches and ``:batch``
            requests one tenant may run at once in one process (1); its others wait their
            turn, so one tenant's costly calls cannot take the process from the others.
        heavy_workers: ``BATNA_HEAVY_WORKERS``: child processes per server process that
            run what-if searches and ``:batch`` requests off the event loop (1).
        database_url: ``BATNA_DATABASE_URL``: where evaluations are kept (default: the
            SQLite file ``var/batna.db``; production: ``postgresql+asyncpg://…``).
        database_timeout: ``BATNA_DATABASE_TIMEOUT``: seconds to wait for the database
            before answering 503 (default 5).
        retention_days: ``BATNA_RETENTION_DAYS``: age at which ``batna db purge`` deletes
            evaluations (default 365).
        batch_max_bytes: ``BATNA_BATCH_MAX_BYTES``: largest ``POST /v1/batches`` upload (50 MiB).
        batch_max_rows: ``BATNA_BATCH_MAX_ROWS``: most rows in one upload (100,000).
        batch_lease_seconds: ``BATNA_BATCH_LEASE_SECONDS``: how long a worker holds a chunk
            before another may take it over (60).
        batch_worker: ``BATNA_BATCH_WORKER``: run a chunk worker in each server process
            (``true``; ``false`` for API-only replicas).
        rate_limit: ``BATNA_RATE_LIMIT``: requests per second one API key may sustain (50).
        rate_burst: ``BATNA_RATE_BURST``: requests one API key may send at once (100).
        auth_failure_limit: ``BATNA_AUTH_FAILURE_LIMIT``: failed authentications per minute
            from one client address before it gets 429s (30).
        redis_url: ``BATNA_REDIS_URL``: share rate limits between replicas through Redis.
        redis_timeout_ms: ``BATNA_REDIS_TIMEOUT_MS``: longest wait for Redis on a request
            (50 ms); past it, or on any Redis error, the limiter's breaker opens.
        redis_cooldown_seconds: ``BATNA_REDIS_COOLDOWN_SECONDS``: how long an open breaker
            counts in this process's own buckets before trying Redis again (30).
        metrics_dir: ``BATNA_METRICS_DIR`` (or prometheus_client's own
            ``PROMETHEUS_MULTIPROC_DIR``): where the server processes of ``batna serve``
            keep their metrics files, so that ``/metrics`` sums every worker. Emptied when
            the server starts. Unset: a private temporary directory when there are several
            workers, none (metrics in the process) with one.
        cors_origins: ``BATNA_CORS_ORIGINS``: comma-separated origins allowed by CORS
            (none: CORS off).
        request_timeout: ``BATNA_REQUEST_TIMEOUT``: seconds a request may take before its
            response starts (30; a 503 problem after that).
        forwarded_allow_ips: ``BATNA_FORWARDED_ALLOW_IPS``: comma-separated addresses or
            networks (``10.0.0.0/8``, ``*`` for any) of proxies whose ``X-Forwarded-For``
            and ``X-Forwarded-Proto`` are believed (none: the connecting address is the
            client's, which the failed-login limit counts by).
        intake_timeout_seconds: ``BATNA_INTAKE_TIMEOUT_SECONDS``: how long an upload may
            take (its time bound instead of ``request_timeout``), and the age at which one
            still ``receiving`` (its server died mid-intake) is expired: its rows erased, the
            batch ``failed`` (300; must exceed ``request_timeout``).
        key_pepper: ``BATNA_KEY_PEPPER``: the server-side secret API keys are verified
            with (HMAC-SHA256), at least 32 characters. Unset: SQLite keeps a generated one
            beside its file (mode 0600); PostgreSQL refuses to start without it.
        webhook_timeout_seconds: ``BATNA_WEBHOOK_TIMEOUT_SECONDS``: how long a webhook
            receiver may take to answer before the attempt counts as failed (10).
        webhook_max_attempts: ``BATNA_WEBHOOK_MAX_ATTEMPTS``: tries per delivery before it
            is marked ``failed`` (8).
        webhook_backoff_seconds: ``BATNA_WEBHOOK_BACKOFF_SECONDS``: wait before the first
            retry; each later one waits twice as long (at most 6 hours), with jitter (30).
    """

    rules_dir: Path
    ruleset: str | None = None
    candidate_bundles: tuple[Path, ...] = ()
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_body_bytes: int = 1 << 20
    max_batch_body_bytes: int = 10 << 20
    batch_max_items: int = 1000
    log_level: str = "info"
    what_if_cap: int = 2000
    heavy_per_tenant: int = 1
    heavy_workers: int = 1
    database_url: str = DEFAULT_DATABASE_URL
    database_timeout: int = 5
    retention_days: int = 365
    batch_max_bytes: int = 50 << 20
    batch_max_rows: int = 100_000
    batch_lease_seconds: int = 60
    batch_worker: bool = True
    rate_limit: int = 50
    rate_burst: int = 100
    auth_failure_limit: int = 30
    redis_url: str | None = None
    redis_timeout_ms: int = 50
    redis_cooldown_seconds: int = 30
    cors_origins: tuple[str, ...] = ()
    request_timeout: int = 30
    forwarded_allow_ips: tuple[str, ...] = ()
    intake_timeout_seconds: int = 300
    key_pepper: str | None = None
    webhook_timeout_seconds: int = 10
    webhook_max_attempts: int = 8
    webhook_backoff_seconds: float = 30.0
    metrics_dir: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``env`` (default: ``os.environ``).

        Each field is read from ``BATNA_`` and its name in capitals; unset or empty, it
        keeps the default written on the field above.
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for field in msgspec.structs.fields(cls):
            name = f"BATNA_{field.name.upper()}"
            raw = env.get(name)
            if not raw:
                continue
            value = _PARSERS.get(field.name, _BY_TYPE.get(field.type, _text))(name, raw)
            if value is not None:
                values[field.name] = value
        values.setdefault("rules_dir", default_rules_dir())
        # prometheus_client's own variable names the same directory, when batna's is unset.
        if "metrics_dir" not in values and env.get("PROMETHEUS_MULTIPROC_DIR"):
            values["metrics_dir"] = Path(env["PROMETHEUS_MULTIPROC_DIR"])
        return cls(**values)

    def __post_init__(self) -> None:
        if self.log_level not in LOG_LEVELS:
            raise ValueError(
                f"BATNA_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {self.log_level!r}"
            )
        if self.intake_timeout_seconds <= self.request_timeout:
            raise ValueError(
                f"BATNA_INTAKE_TIMEOUT_SECONDS ({self.intake_timeout_seconds}) must exceed "
                f"BATNA_REQUEST_TIMEOUT ({self.request_timeout}): it bounds an upload, "
                "which takes longer than any other request"
            )
        if self.key_pepper is not None and len(self.key_pepper) < MIN_PEPPER_LENGTH:
            raise ValueError(
                f"BATNA_KEY_PEPPER must be at least {MIN_PEPPER_LENGTH} characters "
                "(make one with: openssl rand -hex 32)"
            )


def _number(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive, not {value}")
    return value


def _flag(name: str, raw: str) -> bool | None:
    text = raw.strip().lower()
    if not text:
        return None
    if text not in ("true", "false", "1", "0"):
        raise ValueError(f"{name} must be true or false, not {text!r}")
    return text in ("true", "1")


def _text(_name: str, raw: str) -> str:
    return raw


def _items(_name: str, raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _paths(_name: str, raw: str) -> tuple[Path, ...]:
    return tuple(Path(item) for item in raw.split(":") if item.strip())


def _proxies(name: str, raw: str) -> tuple[str, ...]:
    """Trusted proxy addresses or networks, each checked (a typo must not trust no one)."""
    found = _items(name, raw)
    for item in found:
        if item == "*":
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            msg = f"{name}: {item!r} is not an address, a network or *"
            raise ValueError(msg) from None
    return found


def _seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not 0 < value < 1e9:
        raise ValueError(f"{name} must be positive, not {raw}")
    return value


# How a variable's text becomes its field's value (None: keep the default), by field
# name, else by the field's type.
_PARSERS: Final[dict[str, Callable[[str, str], object]]] = {
    "rules_dir": lambda _name, raw: Path(raw),
    "metrics_dir": lambda _name, raw: Path(raw),
    "candidate_bundles": _paths,
    "webhook_backoff_seconds": _seconds,
    "log_level": lambda _name, raw: raw.lower(),
    "cors_origins": _items,
    "forwarded_allow_ips": _proxies,
}
_BY_TYPE: Final[dict[object, Callable[[str, str], object]]] = {int: _number, bool: _flag}
