"""Schema migrations (Alembic), driven from batna's settings and the CLI.

``batna db upgrade`` applies them; the server checks at start-up that the database is
at this release's head (``require_head``, as do the CLI's store commands) and refuses to
start otherwise. Alembic runs its own event loop, so ``upgrade`` and ``downgrade`` are
synchronous and must not be called from inside one.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from batna.errors import SchemaOutOfDate

if TYPE_CHECKING:
    from batna.store.database import Database

__all__ = ["config", "downgrade", "head", "require_head", "upgrade"]


def config(url: str) -> Config:
    """Alembic's configuration for ``url``, with the migrations shipped in this package."""
    cfg = Config()
    cfg.set_main_option("script_location", "batna.store:migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@cache
def head() -> str:
    """The revision this release's code expects (read once: /readyz asks on every probe)."""
    found = ScriptDirectory.from_config(config("sqlite://")).get_current_head()
    if found is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations are packaged")
    return found


async def require_head(database: Database) -> None:
    """Refuse a reachable database that is not at ``head()``: nothing else could use it.

    Raises:
        SchemaOutOfDate: Not migrated, or migrated for another release.
        StoreUnavailable: The database did not answer.
    """
    found = await database.ping()
    if found != head():
        raise SchemaOutOfDate(
            f"The database {database.shown_url} is at schema revision {found or 'none'}; "
            f"this release needs {head()}. Run `batna db upgrade` first."
        )


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision``."""
    command.upgrade(config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision`` (``base``: drop everything)."""
    command.downgrade(config(url), revision)
