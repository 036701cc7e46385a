"""Settings: read from ``BATNA_*`` environment variables once, then passed down as values.

Nothing else in batna reads the environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["Settings", "default_rules_dir"]


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
    """

    rules_dir: Path
    ruleset: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``env`` (default: ``os.environ``)."""
        env = os.environ if env is None else env
        return cls(
            rules_dir=Path(env.get("BATNA_RULES_DIR") or default_rules_dir()),
            ruleset=env.get("BATNA_RULESET") or None,
        )
