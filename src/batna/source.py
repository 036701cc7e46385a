"""Input files for the CLI, refused the way the API refuses a body.

A document is held to the API's own limit (``BATNA_MAX_BODY_BYTES``), found by reading
one byte past it, so a 50 MB file is refused without being read in. A file that is
missing, unreadable or empty is a problem that names it, not a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from batna.errors import InputError, TooLarge
from batna.schemas.decode import MalformedJSON

__all__ = ["open_input", "read_document"]


def open_input(name: str) -> BinaryIO:
    """Open file ``name`` for reading in binary.

    Raises:
        InputError: It does not exist, is a directory or cannot be read; the message says which.
    """
    try:
        return Path(name).open("rb")
    except FileNotFoundError:
        reason = "does not exist"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except PermissionError:
        reason = "cannot be read (permission denied)"
    except OSError as exc:
        reason = f"cannot be read ({exc.strerror or exc})"
    raise InputError(f"The file {name} {reason}.")


def read_document(name: str, limit: int) -> bytes:
    """The bytes of file ``name`` (``-`` for stdin), if there are 1 to ``limit`` of them.

    Raises:
        InputError: The file cannot be opened (see ``open_input``).
        TooLarge: It is over ``limit`` bytes.
        MalformedJSON: It is empty (or only blanks).
    """
    label = "stdin" if name == "-" else f"The file {name}"
    if name == "-":
        if sys.stdin is None:
            raise InputError("stdin is closed.")
        raw = sys.stdin.buffer.read(limit + 1)
    else:
        with open_input(name) as stream:
            raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(f"{label} is over the limit of {limit} bytes (BATNA_MAX_BODY_BYTES).")
    if not raw.strip():
        raise MalformedJSON(f"{label} is empty.")
    return raw
