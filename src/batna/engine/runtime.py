"""The only module that imports durable-rules: runs evaluations in one reused session, safely.

It calls the C extension directly (the public ``Host`` API is ~4× slower and runs actions
on timer threads). Every pending action is drained, and each evaluation retracts the
facts it asserted, so the next one starts from an empty session and memory stays flat
over millions of evaluations; creating and deleting a state per evaluation cost ~25 µs.
A session that fails is drained, deleted and replaced. durable-rules is not thread-safe:
a lock serialises callers.
Action names are read straight from the message text; nothing durable returns is
JSON-decoded on the hot path.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Final

import durable_rules_engine as _durable
import orjson

from batna.engine.compile import JUDGE_RULE, SEEN_RULE, Plan
from batna.errors import EngineError

__all__ = ["Runtime"]

_NAMES: Final = itertools.count()


class FairLock:
    """A first-come, first-served lock for the engine.

    The API's event loop evaluates single requests inline while a worker thread runs a
    what-if search or a batch, evaluation after evaluation. A plain lock lets that thread
    take the engine back the instant it lets go, so the loop (and every request on it)
    waited for the whole search; measured: a tenant's stored POST p99 went from 25 ms to
    0.5 s beside another tenant's what-if. Here a waiter is served before the releaser
    can return, so the loop waits for one evaluation at most.
    """

    def __init__(self) -> None:
        """An unlocked lock."""
        self._turn = threading.Condition(threading.Lock())
        self._next = 0
        self._serving = 0

    def __enter__(self) -> None:
        with self._turn:
            ticket = self._next
            self._next += 1
            while ticket != self._serving:
                self._turn.wait()

    def __exit__(self, *_: object) -> None:
        with self._turn:
            self._serving += 1
            self._turn.notify_all()


class Runtime:
    """A compiled durable-rules ruleset and the loop that evaluates facts against it."""

    def __init__(self, plan: Plan) -> None:
        """Create the durable-rules ruleset for ``plan`` (once per process)."""
        self._plan = plan
        self._derive = plan.derive_rules
        self._judgement = plan.judgement_rules
        self._fact_keys = plan.fact_keys
        self._chained = plan.chained
        self._lock = FairLock()
        self._sessions = itertools.count(1)
        self._sid = str(next(self._sessions))  # one session, reused while it stays clean
        self._live = False  # whether the session has a state in durable-rules
        name = f"batna{next(_NAMES)}"
        # create_ruleset keeps no reference to the text; a copy guards the plan anyway.
        self._handle = _durable.create_ruleset(name, orjson.dumps(plan.definition).decode())

    def run(self, stage: dict[str, Any], judge: dict[str, Any]) -> tuple[list[str], set[str]]:
        """Evaluate one situation's facts; return (fired rule ids, derived fact names).

        ``stage`` and ``judge`` are the attribute dicts built from the plan; they are
        completed with session ids here and must not be reused by the caller.

        Raises:
            EngineError: durable-rules reported an error; the session is cleaned up.
        """
        with self._lock:
            sid = self._sid
            stage["sid"] = sid
            stage["id"] = "s"
            stage["t"] = "s"
            handle = self._handle
            fired: list[str] = []
            derived: set[str] = set()
            asserted: list[str] = []
            state = None
            try:
                text = orjson.dumps(stage).decode()
                state = _durable.assert_fact(handle, text)[1]
                self._live = True
                asserted.append(text)
                result = _durable.start_action_for_state(handle, state)
                message = result[1] if result else None
                while message is not None:
                    name = message[2 : message.index('"', 2)]
                    if name in self._judgement:
                        # durable-rules activates a rule once per matching branch of an
                        # ``$or``; a rule fires once per evaluation.
                        if name not in fired:
                            fired.append(name)
                    else:
                        self._act(name, sid, judge, derived, asserted)
                    message = _durable.complete_and_start_action(handle, state)
                self._clear(state, asserted)
            except Exception as exc:
                self._abandon(state)
                if isinstance(exc, EngineError):
                    raise
                raise EngineError(f"durable-rules failed: {exc}") from exc
            return fired, derived

    def _act(
        self, name: str, sid: str, judge: dict[str, Any], derived: set[str], asserted: list[str]
    ) -> None:
        """Run a derive or phase action: assert the fact it stands for."""
        if name in self._derive:
            fact = self._derive[name]
            if fact not in derived:
                derived.add(fact)
                if fact in self._chained:
                    chained = {"sid": sid, "id": f"d{len(derived)}", "t": "d", "n": fact}
                    text = orjson.dumps(chained).decode()
                    _durable.assert_fact(self._handle, text)
                    asserted.append(text)
        elif name == JUDGE_RULE:
            for fact, key in self._fact_keys.items():
                judge[key] = fact in derived
            judge["sid"] = sid
            judge["id"] = "j"
            judge["t"] = "j"
            text = orjson.dumps(judge).decode()
            _durable.assert_fact(self._handle, text)
            asserted.append(text)
        elif name != SEEN_RULE:
            msg = f"durable-rules ran an unknown action {name!r}"
            raise EngineError(msg)

    def _clear(self, state: int, asserted: list[str]) -> None:
        """Retract this evaluation's facts, leaving the session empty for the next one.

        Reusing one session saves creating and deleting a state per evaluation. No rule
        negates a fact (the compiler pushes negation into attributes), so a retraction
        cannot activate anything; if one ever did, the session is abandoned.
        """
        for text in reversed(asserted):
            _durable.retract_fact(self._handle, text)
        if _durable.start_action_for_state(self._handle, state):
            msg = "retracting an evaluation's facts activated a rule"
            raise EngineError(msg)

    def _abandon(self, state: int | None) -> None:
        """Drain and delete a session that failed, and move on to a fresh one.

        Every pending action is completed first: deleting a state with actions queued
        can crash durable-rules.
        """
        failed, self._sid = self._sid, str(next(self._sessions))
        self._live = False
        if state is None:
            return
        try:
            while _durable.complete_and_start_action(self._handle, state):
                pass
        except _durable.error:
            return  # the session is already failing; nothing more can be freed
        _durable.delete_state(self._handle, failed)

    def close(self) -> None:
        """Delete the durable-rules ruleset and its session."""
        with self._lock:
            if self._live:  # a ruleset deleted with a live state leaks it
                _durable.delete_state(self._handle, self._sid)
            _durable.delete_ruleset(self._handle)
