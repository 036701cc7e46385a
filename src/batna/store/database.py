"""One async SQLAlchemy engine per process, and the rule for when the database is "down".

SQLite (the embedded default) runs in WAL mode with foreign keys on and a busy timeout;
its hot transactions (``Database.transact``) run whole in a thread of their own, the
rest through aiosqlite. PostgreSQL runs through asyncpg. A connection broken by a
restart of the server fails once (a 503), is invalidated, and the pool opens a fresh one:
batna recovers without being restarted. (Pre-ping would hide that one failure at
+300 µs per transaction.) Every failure to reach the database becomes
``StoreUnavailable`` (a 503 problem); anything else is a bug and stays loud.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from batna.errors import StoreUnavailable

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

    from sqlalchemy.engine import URL

__all__ = ["Database", "bind_utc", "is_unavailable", "sqlite_path"]

T = TypeVar("T")

# SQLSTATE classes that mean "the server is not there for you right now":
# 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown).
_UNAVAILABLE_SQLSTATES: Final = ("08", "53", "57")
_SQLITE_UNAVAILABLE: Final = ("locked", "busy", "unable to open", "disk i/o", "readonly")


def bind_utc(moment: datetime) -> datetime:
    """A UTC instant to bind (SQLite keeps no offset, so every stored time is UTC)."""
    return moment.astimezone(UTC)


def is_unavailable(error: BaseException, dialect: str) -> bool:
    """True when ``error`` means the database cannot be reached (retry later), not a bug.

    SQLite reports a syntax error and a locked file with the same class, so there the
    message decides; PostgreSQL's SQLSTATE class says it directly.
    """
    if isinstance(error, (OSError, TimeoutError, exc.TimeoutError, exc.InterfaceError)):
        return True
    state = getattr(error, "sqlstate", None)  # asyncpg's own, under driver_transact
    if dialect == "postgresql" and isinstance(state, str):
        return state.startswith(_UNAVAILABLE_SQLSTATES)
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if dialect == "sqlite":
            message = str(error.orig).lower()
            return isinstance(error, exc.OperationalError) and any(
                word in message for word in _SQLITE_UNAVAILABLE
            )
        if isinstance(error, exc.OperationalError):
            return True
        state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        return isinstance(state, str) and state.startswith(_UNAVAILABLE_SQLSTATES)
    return False


def _unavailable(error: BaseException) -> StoreUnavailable:
    """The 503 for ``error``, naming only its type (never a message that may hold data)."""
    return StoreUnavailable(f"The database did not answer ({type(error).__name__}).")


def _leaves_connection_unknown(error: BaseException) -> bool:
    """After ``error``, a bare driver connection may be broken or mid-operation."""
    return (
        not isinstance(error, Exception)  # a cancellation
        or isinstance(error, (OSError, TimeoutError))
        or type(error).__module__.partition(".")[0] == "asyncpg"
    )


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL (None for other databases or in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:  # noqa: ANN401 - DB-API objects
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """The process's connection pool, with errors translated at one place.

    Attributes:
        url: The database URL (password hidden when shown).
        engine: SQLAlchemy's async engine.
        timeout: Seconds to wait for a connection or a statement.
    """

    def __init__(self, url: str, *, timeout: float = 5) -> None:
        self.url = make_url(url)
        self.timeout = timeout
        self.engine: AsyncEngine = self._create_engine()
        # A SQLite file's own thread and synchronous engine, for ``transact`` (made on
        # first use: most Database objects of the CLI never need them).
        self._threaded = self.dialect == "sqlite" and sqlite_path(self.url) is not None
        self._thread: ThreadPoolExecutor | None = None
        self._sync: Engine | None = None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    @property
    def shown_url(self) -> str:
        """The URL without its password, for messages and logs."""
        return self.url.render_as_string(hide_password=True)

    def _sqlite_options(self) -> dict[str, Any]:
        """The pool and driver settings of both SQLite engines (aiosqlite's and the thread's)."""
        return {
            "hide_parameters": True,  # errors must never carry a salary into a log
            "connect_args": {"timeout": self.timeout},
            "pool_timeout": self.timeout,
            # One connection per engine: SQLite has one writer at a time, and writers
            # queued here wait in order, where SQLite's busy handler would sleep and
            # retry (measured: p99 1.3 s at 16 clients, see bench/http.py).
            "pool_size": 1,
            "max_overflow": 0,
            # Every use ends its transaction (``begin`` commits or rolls back), so the
            # pool's own rollback on return is a wasted trip to the driver.
            "pool_reset_on_return": None,
        }

    def _create_engine(self) -> AsyncEngine:
        if self.dialect == "sqlite":
            path = sqlite_path(self.url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_async_engine(self.url, **self._sqlite_options())
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
            return engine
        return create_async_engine(
            self.url,
            hide_parameters=True,
            pool_pre_ping=False,
            pool_size=10,
            max_overflow=10,
            pool_timeout=self.timeout,
            connect_args={"timeout": self.timeout, "command_timeout": self.timeout * 2},
        )

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Failures to reach the database become ``StoreUnavailable``; the rest stay loud."""
        try:
            yield
        except StoreUnavailable:
            raise
        except Exception as error:
            if is_unavailable(error, self.dialect):
                raise _unavailable(error) from error
            raise

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncConnection]:
        """A connection in a transaction, committed on exit; unreachable → StoreUnavailable."""
        with self._translated():
            async with asyncio.timeout(self.timeout * 3), self.engine.begin() as connection:
                yield connection

    async def transact(self, work: Callable[[Connection], T]) -> T:
        """``work(connection)`` in one transaction, committed when it returns.

        For the hot paths (the group commit, authentication, ``/readyz``). On a SQLite
        file the whole transaction runs in this process's SQLite thread: one hand-over
        there and one back, where aiosqlite hands over every cursor, statement, fetch and
        close (about 11 per group commit, 0.15 ms each measured on this machine). On
        PostgreSQL ``work`` runs on an async connection (``run_sync``); asyncpg has no
        thread to hand over to. Unreachable → ``StoreUnavailable``, as for ``begin``.
        """
        if not self._threaded:
            async with self.begin() as connection:
                return await connection.run_sync(work)
        loop = asyncio.get_running_loop()
        with self._translated():
            async with asyncio.timeout(self.timeout * 3):
                return await loop.run_in_executor(self._sqlite_thread(), self._in_thread, work)

    async def driver_transact(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """``await work(connection)`` on a bare asyncpg connection, in one transaction.

        PostgreSQL only: the group commit's path. SQLAlchemy's asyncpg adapter costs
        about 0.8 ms of Python per transaction on top of asyncpg's own (a one-record
        group: 1.69 ms through ``transact``, 0.87 ms through this, measured side by side).
        The connection comes from the same pool and goes back only when the transaction
        ended cleanly or ``work`` raised an error of its own: after a driver error, a
        timeout or a cancellation it may be mid-operation, so it is invalidated. Failures
        translate as in ``begin``: SQLSTATE classes 08, 53, 57, timeouts and any error on
        a connection the server closed (in an outage, a pooled one fails with "another
        operation is in progress") are ``StoreUnavailable``; a constraint violation is
        SQLAlchemy's ``IntegrityError``, as through ``transact``.
        """
        import asyncpg  # noqa: PLC0415 - installed with the postgres extra only

        with self._translated():
            async with asyncio.timeout(self.timeout * 3), self.engine.connect() as connection:
                raw: Any = (await connection.get_raw_connection()).driver_connection
                try:
                    async with raw.transaction():
                        return await work(raw)
                except asyncpg.IntegrityConstraintViolationError as error:
                    raise exc.IntegrityError(None, None, error) from error
                except BaseException as error:
                    closed = raw.is_closed()  # SQLAlchemy's own test of a disconnect
                    if closed or _leaves_connection_unknown(error) or raw.is_in_transaction():
                        await connection.invalidate()
                    if closed and isinstance(error, Exception):
                        raise _unavailable(error) from error
                    raise

    def _sqlite_thread(self) -> ThreadPoolExecutor:
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="batna-sqlite")
            self._sync = create_engine(self.url.set(drivername="sqlite"), **self._sqlite_options())
            event.listen(self._sync, "connect", _sqlite_pragmas)
        return self._thread

    def _in_thread(self, work: Callable[[Connection], T]) -> T:
        assert self._sync is not None  # noqa: S101 - made with the thread
        with self._sync.begin() as connection:
            return work(connection)

    async def ping(self) -> str | None:
        """The schema revision recorded by the migrations (None on an empty database).

        One statement (``/readyz`` asks on every probe): a database without Alembic's
        table answers with an error, which means "not migrated", not "down".
        """

        def revision(connection: Connection) -> str | None:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            return None if row is None else str(row[0])

        try:
            return await self.transact(revision)
        except (exc.OperationalError, exc.ProgrammingError):  # no such table (not a 503)
            return None

    async def dispose(self) -> None:
        """Close every pooled connection (the SQLite thread's in that thread)."""
        await self.engine.dispose()
        thread, sync = self._thread, self._sync
        self._thread = self._sync = None
        if thread is not None and sync is not None:
            await asyncio.get_running_loop().run_in_executor(thread, sync.dispose)
            thread.shutdown(wait=False)  # its queue is empty: dispose ran last
