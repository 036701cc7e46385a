"""The HTTP API (Litestar): versioned routes, problem responses, the OpenAPI document."""

from batna.api.app import create_app

__all__ = ["create_app"]
