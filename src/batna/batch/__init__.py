"""Batch evaluation: the server's chunk workers, the local process pool, the report page."""
