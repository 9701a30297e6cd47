"""The daily digest (issue 15 §3): one a person a day.

Upgrading adds ``digests``, the projection of ``DigestSent``: the digest a person got on a day of their region, the
notification that shows it and the notifications it reported (escalations, and the reminders and task arrivals the
person keeps for the digest), so the next one reports only what came since. Its primary key ``(user_id, day)`` is
the rule «one digest per person per day» in the database, besides the digest's own stream
``digest:{user_id}:{day}``, whose second append is refused. It starts empty: no digest was sent before, and
``innocycle rebuild-projections`` fills it from the log.

Downgrading drops the table (the digests stay in the events and come back with a rebuild).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digests",
        sa.Column("user_id", postgresql.UUID(as_uuid=False), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region_id", sa.Text(), nullable=False),
        sa.Column("notification_id", sa.Text(), nullable=False),
        sa.Column("composed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("reported", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("digests")
