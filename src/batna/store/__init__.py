"""The audit store: tenants, API keys and evaluation records (SQLAlchemy, async).

SQLAlchemy is imported under this package only; Structs from ``batna.schemas.records``
go in and come out.
"""

from batna.store.batches import BatchStore
from batna.store.database import Database
from batna.store.ids import known_id, new_id
from batna.store.impact import AnalysisRow, ImpactClaim, ImpactStore
from batna.store.keys import KeyStore, NewKey
from batna.store.pepper import Pepper
from batna.store.repository import EvaluationStore
from batna.store.webhooks import WebhookStore, emit

__all__ = [
    "AnalysisRow",
    "BatchStore",
    "Database",
    "EvaluationStore",
    "ImpactClaim",
    "ImpactStore",
    "KeyStore",
    "NewKey",
    "Pepper",
    "WebhookStore",
    "emit",
    "known_id",
    "new_id",
]
