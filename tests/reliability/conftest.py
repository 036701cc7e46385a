"""Reliability tests reuse the HTTP fixtures (app, client, live server)."""

from tests.contract.conftest import app, auth, client, live_server

__all__ = ["app", "auth", "client", "live_server"]
