"""Alembic migrations of the audit store (``batna db upgrade``)."""
