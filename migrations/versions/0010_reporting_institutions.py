"""Every institution reports (issue 13, piece C): the state institutions that send a site their quarterly forms
(order 135-р п. 5.2, decisions D34, D35), ``sites.reporting_institutions``, a JSON list of institution ids; [] —
the site has not named them, and its forms stay one obligation per quarter; ``tasks.forms_of``, the institution
whose own forms a submit task asks for, so that only its responsible person finds it in the inbox.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "sites",
        sa.Column(
            "reporting_institutions",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default=sa.text("'[]'::jsonb"),
        ),
    )
    op.add_column("tasks", sa.Column("forms_of", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("tasks", "forms_of")
    op.drop_column("sites", "reporting_institutions")
