"""Keep a long-lived process's start-up objects out of the garbage collector's walks."""

from __future__ import annotations

import gc

__all__ = ["freeze_heap"]


def freeze_heap() -> None:
    """Collect once, then freeze everything that is left.

    A full collection walks every object the process holds, and most of them are what
    start-up built: the app, the compiled rulesets, SQLAlchemy's and Litestar's own (about
    118,000 in a server, 106,000 in the what-if and ``:batch`` child). Under load a server
    ran one about every 8 s, and each took 65-85 ms, stalling every request in flight
    (it set the stored POST's p99). Frozen objects are never walked again; later
    collections walk only what was allocated since (two took 5 ms together).
    """
    gc.collect()
    gc.freeze()
