"""Impact analyses: stored decisions replayed against a candidate ruleset, as a leased job.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(36)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the analysis, chunk and change tables."""
    op.create_table(
        "impact_analyses",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column(
            "candidate",
            sa.String(100),
            nullable=False,
            comment="name@version of a loaded ruleset",
        ),
        sa.Column("created_from", _when(), nullable=True, comment="decisions made at or after"),
        sa.Column("created_before", _when(), nullable=True, comment="decisions made before"),
        sa.Column("status", sa.String(16), nullable=False, comment="queued, running, done"),
        sa.Column("total", sa.Integer(), nullable=False, comment="decisions in scope when created"),
        sa.Column("started_at", _when(), nullable=True),
        sa.Column("finished_at", _when(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name="fk_impact_analyses_tenant_id_tenants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_impact_analyses"),
    )
    op.create_index("ix_impact_analyses_tenant_id_id", "impact_analyses", ["tenant_id", "id"])
    op.create_index(
        "ix_impact_analyses_status_created_at", "impact_analyses", ["status", "created_at"]
    )
    op.create_table(
        "impact_chunks",
        sa.Column("analysis_id", _ID, nullable=False),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("first_id", _ID, nullable=False, comment="first evaluation id, inclusive"),
        sa.Column("last_id", _ID, nullable=False, comment="last evaluation id, inclusive"),
        sa.Column("size", sa.Integer(), nullable=False, comment="decisions in it when created"),
        sa.Column("status", sa.String(16), nullable=False, comment="pending, claimed, done"),
        sa.Column("lease_until", _when(), nullable=True),
        sa.Column("worker", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "tally", sa.Text(), nullable=True, comment="the chunk's ImpactTally (JSON) once done"
        ),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["impact_analyses.id"],
            name="fk_impact_chunks_analysis_id_impact_analyses",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("analysis_id", "chunk", name="pk_impact_chunks"),
    )
    op.create_index(
        "ix_impact_chunks_status_lease_until", "impact_chunks", ["status", "lease_until"]
    )
    op.create_table(
        "impact_changes",
        sa.Column("analysis_id", _ID, nullable=False),
        sa.Column("evaluation_id", _ID, nullable=False),
        sa.Column("change", sa.Text(), nullable=False, comment="the ImpactChange line (JSON)"),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["impact_analyses.id"],
            name="fk_impact_changes_analysis_id_impact_analyses",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("analysis_id", "evaluation_id", name="pk_impact_changes"),
    )


def downgrade() -> None:
    """Drop the impact analysis tables."""
    op.drop_table("impact_changes")
    op.drop_table("impact_chunks")
    op.drop_table("impact_analyses")
