"""The register's version a director attests unchanged (QMS D13 with KhMAO D25).

Upgrading adds ``submissions.attested``: of the items attested unchanged, those whose version in force was read from
the QMS register (реестр управляемых документов), by item — the document, its version, approval number and date,
and the date it is in force from. Existing rows get ``{}`` (no submission before held one); ``innocycle
rebuild-projections`` fills it from the events, where ``DocumentsSubmitted.attested`` defaults to empty.

Downgrading drops the column (the versions stay in the events).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "submissions",
        sa.Column("attested", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
    )


def downgrade() -> None:
    op.drop_column("submissions", "attested")
