"""Cycles that open themselves (issue 13, piece A): a site's status may begin on a date (``sites.status_since``,
decision D28). A status beginning in the middle of a year gives the site a cycle from that date; NULL, as every
existing site has it, means the status covers every year of the regulation.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sites", sa.Column("status_since", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("sites", "status_since")
