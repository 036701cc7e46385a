"""Settings from the environment: every variable, its default, and the errors a bad one gives."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from batna.config import DEFAULT_DATABASE_URL, LOG_LEVELS, Settings

BASE = {"BATNA_RULES_DIR": "rules"}


def test_unset_and_empty_variables_keep_the_defaults() -> None:
    unset = Settings.from_env(BASE)
    empty = Settings.from_env(
        {**BASE, **{f"BATNA_{f.name.upper()}": "" for f in msgspec.structs.fields(Settings)[1:]}}
    )
    assert unset == empty
    assert unset.rules_dir == Path("rules")
    assert (unset.port, unset.workers, unset.max_body_bytes) == (8000, 1, 1 << 20)
    assert (unset.log_level, unset.database_url, unset.batch_worker) == (
        "info",
        DEFAULT_DATABASE_URL,
        True,
    )
    assert (unset.cors_origins, unset.forwarded_allow_ips, unset.key_pepper) == ((), (), None)
    assert Settings.from_env({**BASE, "BATNA_BATCH_WORKER": "  "}).batch_worker is True


def test_each_variable_is_read_under_its_name() -> None:
    env = {
        **BASE,
        "BATNA_RULESET": "strict",
        "BATNA_HOST": "0.0.0.0",  # noqa: S104 - a value, not a bind
        "BATNA_PORT": "9000",
        "BATNA_LOG_LEVEL": "DEBUG",
        "BATNA_BATCH_WORKER": "False",
        "BATNA_REDIS_URL": "redis://r",
        "BATNA_CORS_ORIGINS": " https://a.example, https://b.example ,",
        "BATNA_INTAKE_TIMEOUT_SECONDS": "301",
        "BATNA_CANDIDATE_BUNDLES": "/srv/next:rules-b:",
    }
    got = Settings.from_env(env)
    assert (got.ruleset, got.host, got.port, got.log_level) == ("strict", "0.0.0.0", 9000, "debug")  # noqa: S104
    assert (got.batch_worker, got.redis_url) == (False, "redis://r")
    assert got.cors_origins == ("https://a.example", "https://b.example")
    assert got.intake_timeout_seconds == 301
    assert got.candidate_bundles == (Path("/srv/next"), Path("rules-b"))


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("BATNA_PORT", "eighty", "BATNA_PORT must be a whole number, not 'eighty'"),
        ("BATNA_WORKERS", "0", "BATNA_WORKERS must be positive, not 0"),
        ("BATNA_BATCH_WORKER", "Yes", "BATNA_BATCH_WORKER must be true or false, not 'yes'"),
        ("BATNA_LOG_LEVEL", "verbose", "BATNA_LOG_LEVEL must be one of critical, error"),
    ],
)
def test_a_bad_value_is_named_in_the_error(variable: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_env({**BASE, variable: value})


def test_every_uvicorn_log_level_is_accepted() -> None:
    for level in LOG_LEVELS:
        assert Settings.from_env({**BASE, "BATNA_LOG_LEVEL": level.upper()}).log_level == level
    with pytest.raises(ValueError, match="BATNA_LOG_LEVEL"):
        Settings(rules_dir=Path("rules"), log_level="loud")


def test_the_metrics_directory_and_the_redis_breaker() -> None:
    unset = Settings.from_env(BASE)
    assert (unset.metrics_dir, unset.redis_timeout_ms, unset.redis_cooldown_seconds) == (
        None,
        50,
        30,
    )
    ours = Settings.from_env(
        {
            **BASE,
            "BATNA_METRICS_DIR": "/run/batna",
            "PROMETHEUS_MULTIPROC_DIR": "/elsewhere",
            "BATNA_REDIS_TIMEOUT_MS": "20",
            "BATNA_REDIS_COOLDOWN_SECONDS": "5",
        }
    )
    assert (ours.metrics_dir, ours.redis_timeout_ms, ours.redis_cooldown_seconds) == (
        Path("/run/batna"),
        20,
        5,
    )
    # prometheus_client's own variable names the directory when batna's is unset.
    theirs = Settings.from_env({**BASE, "PROMETHEUS_MULTIPROC_DIR": "/run/prom"})
    assert theirs.metrics_dir == Path("/run/prom")
    with pytest.raises(ValueError, match="BATNA_REDIS_TIMEOUT_MS must be positive"):
        Settings.from_env({**BASE, "BATNA_REDIS_TIMEOUT_MS": "0"})
