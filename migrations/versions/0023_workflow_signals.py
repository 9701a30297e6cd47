"""The outbox of the signals the API's own appends owe a workflow (``workflow_signals``).

A fact that no workflow owns but that a workflow must react to — a calendar correction, a site's status revoked or
its period moved, a platform's profile, someone joining or leaving a QMS unit — used to be signalled after its
append had committed. Temporal down at that moment, the fact was stored and the workflow never told: the cycles of
a revoked site went on asking for reports. Now the append's transaction writes one row per workflow and signal, and
the API delivers them (``api.signals.sender``): at once after the append, and again until Temporal answers.

Downgrading drops the table; what it still held undelivered is lost with it.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workflow_signals",
        sa.Column("signal_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("workflow_id", sa.Text(), nullable=False),
        sa.Column("signal", sa.Text(), nullable=False),
        sa.Column("args", postgresql.JSONB(), nullable=False),
        sa.Column("cause_event_id", sa.Text(), nullable=False),
        sa.Column("cause_position", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leased_until", sa.DateTime(timezone=True)),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("outcome", sa.Text()),
        sa.Column("last_error", sa.Text()),
    )
    op.create_index(
        "workflow_signals_pending",
        "workflow_signals",
        ["workflow_id", "signal_id"],
        postgresql_where=sa.text("sent_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("workflow_signals")
