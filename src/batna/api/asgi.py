"""The ASGI entry point for server processes: each worker builds its own app and engine."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Final

from batna.api.app import create_app
from batna.api.heap import freeze_heap
from batna.api.telemetry import configure_logging
from batna.config import Settings

if TYPE_CHECKING:
    from litestar import Litestar

__all__ = ["app_factory"]

# How long a thread may hold the GIL before another may run (Python's default is 5 ms).
# A what-if search or a batch runs in a worker thread; the event loop serving every other
# request must not wait 5 ms for each step of theirs.
SWITCH_INTERVAL: Final = 0.0005


def app_factory() -> Litestar:
    """Build the app from the environment (uvicorn calls this once per worker)."""
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    sys.setswitchinterval(SWITCH_INTERVAL)
    app = create_app(settings, prestart=True)
    app.on_startup.append(freeze_heap)  # last: after the store and the children are up
    return app
