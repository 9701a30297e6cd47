"""QMS document control (issue 16, seed 004).

Upgrading adds the projections ``qms_units`` (a unit of an institution keeping controlled documents),
``qms_staff`` (who is in it, from when, until when) and ``qms_documents`` (each controlled document with its whole
state folded from its stream ``qms:{id}``: versions, signatures, controlled copies, change log, acknowledgment
sheet). They start empty and ``innocycle rebuild-projections`` fills them from the log.

Downgrading drops them (the documents stay in the events).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qms_units",
        sa.Column("unit_id", sa.Text(), primary_key=True),
        sa.Column("institution_id", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "qms_staff",
        sa.Column("unit_id", sa.Text(), primary_key=True),
        sa.Column("user_id", postgresql.UUID(as_uuid=False), primary_key=True),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("position", sa.Text(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date()),
    )
    op.create_table(
        "qms_documents",
        sa.Column("document_id", sa.Text(), primary_key=True),
        sa.Column("unit_id", sa.Text(), nullable=False),
        sa.Column("institution_id", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("document_type", sa.Text(), nullable=False),
        sa.Column("cipher", sa.Text(), nullable=False),
        sa.Column("version_in_force", sa.Text()),
        sa.Column("version_pending", sa.Text()),
        sa.Column("pending_status", sa.Text()),
        sa.Column("state", postgresql.JSONB(), nullable=False),
        sa.Column("stream_version", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_qms_documents_unit_id", "qms_documents", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_qms_documents_unit_id", table_name="qms_documents")
    op.drop_table("qms_documents")
    op.drop_table("qms_staff")
    op.drop_table("qms_units")
