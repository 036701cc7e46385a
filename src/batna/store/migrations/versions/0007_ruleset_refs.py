"""Ruleset versions side by side: a tenant's default ruleset, and the one a batch runs with.

Both are ``name@version`` (a loaded version, checked by the server when set); null keeps
the server's default, which is what every row before this revision used.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the two nullable columns (no rewrite of existing rows on either database)."""
    op.add_column(
        "tenants",
        sa.Column(
            "ruleset",
            sa.String(100),
            nullable=True,
            comment="the tenant's default ruleset, name@version (none: the server's)",
        ),
    )
    op.add_column(
        "batches",
        sa.Column(
            "ruleset",
            sa.String(100),
            nullable=True,
            comment="name@version its rows are evaluated with (none: before 0007, the default)",
        ),
    )


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("batches") as table:
        table.drop_column("ruleset")
    with op.batch_alter_table("tenants") as table:
        table.drop_column("ruleset")
