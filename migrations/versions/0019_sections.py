"""A Sverdlovsk methodological section's own streams (issue 16, seed 000).

Upgrading adds the projections ``section_compositions`` (the members with their organisation head's consent,
folded from ``section:{site}:members``), ``section_elections`` (each election of the section's leader with its
candidates, the open vote and each round's count, from ``section:{site}:election:{n}``) and ``section_materials``
(the materials of a year with their three-requirement checklist, from ``section:{site}:materials:{year}``). They
start empty and ``innocycle rebuild-projections`` fills them from the log.

Downgrading drops them (the sections' facts stay in the events).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "section_compositions",
        sa.Column("site_id", sa.Text(), primary_key=True),
        sa.Column("state", postgresql.JSONB(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "section_elections",
        sa.Column("site_id", sa.Text(), primary_key=True),
        sa.Column("election_no", sa.Integer(), primary_key=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("state", postgresql.JSONB(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "section_materials",
        sa.Column("site_id", sa.Text(), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("state", postgresql.JSONB(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("section_materials")
    op.drop_table("section_elections")
    op.drop_table("section_compositions")
