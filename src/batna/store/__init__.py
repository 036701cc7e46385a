"""The audit store: tenants, API keys and evaluation records (SQLAlchemy, async).

SQLAlchemy is imported under this package only; Structs from ``batna.schemas.records``
go in and come out.
"""

from batna.store.database import Database
from batna.store.repository import EvaluationStore, KeyStore, NewKey

__all__ = ["Database", "EvaluationStore", "KeyStore", "NewKey"]
