"""The one JSON encoder batna writes with: decimals as JSON numbers, never strings."""

from __future__ import annotations

from typing import Final

import msgspec

__all__ = ["ENCODER"]

ENCODER: Final = msgspec.json.Encoder(decimal_format="number")
