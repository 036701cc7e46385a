"""batna: scores how a person plans to use an outside job offer, rule by rule."""

__version__ = "0.1.0"
