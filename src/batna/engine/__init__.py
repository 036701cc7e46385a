"""The rules engine: bundle loading, compilation to durable-rules, evaluation."""

from batna.engine.engine import Engine

__all__ = ["Engine"]
