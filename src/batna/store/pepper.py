"""The server-side secret API keys are verified with: configured, or kept beside SQLite.

``BATNA_KEY_PEPPER`` wins. Without it, the embedded SQLite store keeps a generated pepper
in a file beside the database (``var/batna.key-pepper``, mode 0600, created once,
atomically, so concurrent first starts agree); an in-memory database gets one for the
process. Any other database refuses: its replicas must share one pepper, and one kept
in the database would leak with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy.engine import make_url

from batna.config import MIN_PEPPER_LENGTH
from batna.errors import ConfigurationError
from batna.store.database import sqlite_path

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

__all__ = ["Pepper", "pepper_file"]

_FINGERPRINT_LABEL: Final = b"batna api key pepper fingerprint"


def pepper_file(database: Path) -> Path:
    """Where the generated pepper of the SQLite file ``database`` is kept."""
    return database.with_name(f"{database.stem}.key-pepper")


def _read(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"{path} (the API key pepper) is readable by others (mode {stat.S_IMODE(mode):04o}); "
            f"run: chmod 600 {path}"
        )
    value = path.read_bytes().strip()
    if len(value) < MIN_PEPPER_LENGTH:
        raise ConfigurationError(
            f"{path} (the API key pepper) is shorter than {MIN_PEPPER_LENGTH} characters; "
            "restore it from a backup, or set BATNA_KEY_PEPPER"
        )
    return value


def _create(path: Path) -> bytes:
    """Write a new pepper to ``path`` unless one is there: 0600 from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as sink:
            sink.write(secrets.token_hex(32).encode() + b"\n")
            sink.flush()
            os.fsync(sink.fileno())
        with contextlib.suppress(FileExistsError):  # another process made one first: use it
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return _read(path)


class Pepper:
    """The pepper of one database, resolved on first use (no file is made before a key is).

    Attributes:
        source: Where it comes from, for messages (``BATNA_KEY_PEPPER``, a file, or memory).
    """

    def __init__(self, configured: str | None, database_url: str | URL) -> None:
        url = make_url(database_url)
        self._value: bytes | None = None
        self._fingerprint: str | None = None
        self._file: Path | None = None
        if configured is not None:
            if len(configured) < MIN_PEPPER_LENGTH:
                raise ConfigurationError(
                    f"BATNA_KEY_PEPPER must be at least {MIN_PEPPER_LENGTH} characters "
                    "(make one with: openssl rand -hex 32)"
                )
            self._value = configured.encode()
            self.source = "BATNA_KEY_PEPPER"
        elif (found := sqlite_path(url)) is not None:
            self._file = pepper_file(found)
            self.source = str(self._file)
        elif url.get_backend_name() == "sqlite":  # in memory: keys die with the process
            self._value = secrets.token_bytes(32)
            self.source = "memory"
        else:
            raise ConfigurationError(
                "BATNA_KEY_PEPPER is not set: API keys are verified with HMAC-SHA256 under "
                "this server-side secret, and every replica must share it. Set it to at least "
                f"{MIN_PEPPER_LENGTH} random characters (openssl rand -hex 32) and keep it: "
                "changing it invalidates every key."
            )

    def value(self) -> bytes:
        """The pepper's bytes (the SQLite file is read, or made, the first time)."""
        if self._value is None:
            assert self._file is not None  # noqa: S101 - set whenever _value is not
            self._value = _read(self._file) if self._file.exists() else _create(self._file)
        return self._value

    def fingerprint(self) -> str:
        """16 hex digits that tell peppers apart without revealing them (kept on each key)."""
        if self._fingerprint is None:
            digest = hmac.new(self.value(), _FINGERPRINT_LABEL, hashlib.sha256)
            self._fingerprint = digest.hexdigest()[:16]
        return self._fingerprint
