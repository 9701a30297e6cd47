"""A Sverdlovsk section's plan of a year (issue 16, seed 000, Appendix 1).

Upgrading adds the projection ``section_plans``: the meetings a section's leader plans for a year (date, format,
topic — the plan form's columns 5–7), folded from ``section:{site}:plan:{year}``. It starts empty and ``innocycle
rebuild-projections`` fills it from the log.

Downgrading drops it (the plans stay in the events).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "section_plans",
        sa.Column("site_id", sa.Text(), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("state", postgresql.JSONB(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("section_plans")
