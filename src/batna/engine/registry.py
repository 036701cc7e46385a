"""Every loaded ruleset version, each compiled once, found by ``name@version``.

The server loads its active bundle (``BATNA_RULES_DIR``) and the candidate bundles of
``BATNA_CANDIDATE_BUNDLES``; a request, a tenant or an impact analysis picks one by
``name@version`` (or by ``name``: that name's default version). Each version compiles into
its own durable-rules ruleset under a name of its own (``Runtime`` numbers them), so two
versions of one ruleset live side by side in one process. A version is its content: two
bundles that give the same ``name@version`` different rules are refused at start-up, and
the same rules loaded twice (a candidate that is a copy of the active bundle) count once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from batna.engine.bundle import load_bundle
from batna.engine.engine import Engine
from batna.errors import ConfigurationError, UnknownRuleset

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["Rulesets"]


class Rulesets:
    """Every loaded ruleset version, each compiled once, by ``name@version``.

    Attributes:
        default: The active bundle's ruleset (``BATNA_RULES_DIR``, ``BATNA_RULESET``): what
            a request gets when neither it nor its tenant names one.
    """

    def __init__(self, default: Engine, others: Sequence[Engine] = ()) -> None:
        """Index ``default`` and ``others`` (already compiled) by ``name@version``.

        Raises:
            ConfigurationError: Two engines share a ``name@version`` with different rules.
        """
        self.default = default
        self._by_tag: dict[str, Engine] = {default.tag: default}
        # A bare name means the default's version when it is the default's name, else the
        # first version loaded under that name.
        self._by_name: dict[str, Engine] = {default.ref.name: default}
        for engine in others:
            known = self._by_tag.get(engine.tag)
            if known is not None:
                if known.ref.revision != engine.ref.revision:
                    raise ConfigurationError(
                        f"Two bundles define ruleset {engine.tag} at different revisions: "
                        f"{known.bundle.root} (revision {known.ref.revision[:12]}) and "
                        f"{engine.bundle.root} (revision {engine.ref.revision[:12]}). "
                        "Give the candidate its own version in its manifest.yaml "
                        "(a revision is the hash of the whole bundle)."
                    )
                engine.close()  # the same rules: keep the first, compiled once
                continue
            self._by_tag[engine.tag] = engine
            self._by_name.setdefault(engine.ref.name, engine)

    @classmethod
    def load(cls, active: Path, candidates: Sequence[Path], ruleset: str | None = None) -> Rulesets:
        """Load and compile the active bundle and every candidate bundle.

        Every ruleset of every bundle is compiled; ``ruleset`` picks the active bundle's
        default one (its first when ``None``).

        Raises:
            RuleSyntaxError: A bundle is malformed (file, rule and field named).
            UnknownRuleset: The active bundle has no ruleset called ``ruleset``.
            ConfigurationError: Two bundles give one ``name@version`` different rules.
        """
        bundle = load_bundle(active)
        default = Engine(bundle, ruleset)
        seen = {(default.ref.name, default.ref.version, default.ref.revision)}
        others: list[Engine] = []
        for source in [bundle, *(load_bundle(path) for path in candidates)]:
            for found in source.rulesets:
                # The same rules twice compile once; different rules under one tag are
                # refused by __init__.
                if (found.name, found.version, found.revision) not in seen:
                    seen.add((found.name, found.version, found.revision))
                    others.append(Engine(source, found.name))
        return cls(default, others)

    def get(self, ref: str | None) -> Engine:
        """The engine of ``ref`` (``name@version``, or ``name`` for its default version).

        ``None`` is the server's default.

        Raises:
            UnknownRuleset: Nothing by that reference is loaded (``loaded`` lists what is);
                call ``.at(path)`` on it to say which field or parameter held ``ref``.
        """
        if ref is None:
            return self.default
        found = self._by_tag.get(ref) if "@" in ref else self._by_name.get(ref)
        if found is None:
            raise UnknownRuleset(ref, list(self._by_tag))
        return found

    def loaded(self) -> list[Engine]:
        """Every loaded version, the default first, then in load order."""
        return list(self._by_tag.values())

    def close(self) -> None:
        """Release every compiled ruleset."""
        for engine in self._by_tag.values():
            engine.close()
