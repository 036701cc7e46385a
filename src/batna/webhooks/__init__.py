"""Signed completion webhooks: the deliverer each server process runs (Standard Webhooks)."""

from batna.webhooks.deliverer import Deliverer, backoff, sign

__all__ = ["Deliverer", "backoff", "sign"]
