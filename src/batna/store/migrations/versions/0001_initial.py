"""Tenants, API keys, evaluations (with the rules that fired) and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(36)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the audit store."""
    op.create_table(
        "tenants",
        sa.Column("id", _ID, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tenants"),
        sa.UniqueConstraint("name", name="uq_tenants_name"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(32), nullable=False, comment="public key id, part of the token"),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.Column(
            "secret_hash", sa.LargeBinary(32), nullable=False, comment="SHA-256 of the secret"
        ),
        sa.Column("label", sa.String(100), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("revoked_at", _when(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_api_keys_tenant_id_tenants", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
    )
    op.create_index("ix_api_keys_tenant_id", "api_keys", ["tenant_id"])
    op.create_table(
        "evaluations",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("ruleset_name", sa.String(64), nullable=False),
        sa.Column("ruleset_version", sa.String(32), nullable=False),
        sa.Column("ruleset_revision", sa.String(64), nullable=False),
        sa.Column("overall_recommendation", sa.String(32), nullable=False),
        sa.Column("leverage_strength", sa.Integer(), nullable=False),
        sa.Column("relationship_risk", sa.Integer(), nullable=False),
        sa.Column("readiness", sa.Integer(), nullable=False),
        sa.Column("fired_rules", sa.Text(), nullable=False, comment="space-separated rule ids"),
        sa.Column("situation_stored", sa.Boolean(), nullable=False),
        sa.Column("situation_sha256", sa.String(64), nullable=False),
        sa.Column("situation", sa.Text(), nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name="fk_evaluations_tenant_id_tenants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evaluations"),
    )
    op.create_index("ix_evaluations_tenant_id_id", "evaluations", ["tenant_id", "id"])
    op.create_index(
        "ix_evaluations_tenant_id_created_at", "evaluations", ["tenant_id", "created_at"]
    )
    op.create_index("ix_evaluations_created_at", "evaluations", ["created_at"])
    op.create_table(
        "evaluation_rules",
        sa.Column("evaluation_id", _ID, nullable=False),
        sa.Column("rule_id", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name="fk_evaluation_rules_evaluation_id_evaluations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evaluation_id", "rule_id", name="pk_evaluation_rules"),
    )
    op.create_index(
        "ix_evaluation_rules_rule_id_evaluation_id",
        "evaluation_rules",
        ["rule_id", "evaluation_id"],
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("tenant_id", _ID, nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("evaluation_id", _ID, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name="fk_idempotency_keys_evaluation_id_evaluations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name="fk_idempotency_keys_tenant_id_tenants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "key", name="pk_idempotency_keys"),
    )
    op.create_index("ix_idempotency_keys_evaluation_id", "idempotency_keys", ["evaluation_id"])


def downgrade() -> None:
    """Drop the audit store (every record with it)."""
    op.drop_table("idempotency_keys")
    op.drop_table("evaluation_rules")
    op.drop_table("evaluations")
    op.drop_table("api_keys")
    op.drop_table("tenants")
