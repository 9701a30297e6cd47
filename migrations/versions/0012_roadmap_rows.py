"""Dated roadmap rows tracked like obligations (issue 13, decisions D42–D45).

A dated row of an approved roadmap is an obligation of the cycle (``obligations``, key ``roadmap_row``, kind and
runner ``roadmap_row``): nothing in that table changes. Upgrading adds ``roadmap_row_marks``, the projection of
``RoadmapRowDone``: when a row was done, whether the site marked it with its evidence or a quarterly report said
so. It starts empty: no row was tracked before, and ``innocycle rebuild-projections`` fills it from the log.

Downgrading drops the table (the marks stay in the events and come back with a rebuild).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roadmap_row_marks",
        sa.Column("obligation_id", sa.Text(), primary_key=True),
        sa.Column("cycle_id", sa.Text(), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("report_id", sa.Text(), nullable=False),
        sa.Column("items", postgresql.JSONB(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done_by", postgresql.JSONB()),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_roadmap_row_marks_cycle_id", "roadmap_row_marks", ["cycle_id"])


def downgrade() -> None:
    op.drop_index("ix_roadmap_row_marks_cycle_id", table_name="roadmap_row_marks")
    op.drop_table("roadmap_row_marks")
