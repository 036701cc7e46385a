"""The ASGI entry point for server processes: each worker builds its own app and engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from batna.api.app import create_app
from batna.api.telemetry import configure_logging
from batna.config import Settings

if TYPE_CHECKING:
    from litestar import Litestar

__all__ = ["app_factory"]


def app_factory() -> Litestar:
    """Build the app from the environment (uvicorn calls this once per worker)."""
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(settings)
