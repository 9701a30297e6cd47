"""Notifications people actually receive (issue 15).

Upgrading adds the projections ``notifications`` (what each person was told, by whom on whose behalf, read or not)
and ``notification_settings`` (a person's address and how they want reminders and task arrivals), and the rows of
e-mail: ``mail_outbox`` (mail waiting to be sent) and ``mail_log`` (sent, or refused for good). The projections
start empty and ``innocycle rebuild-projections`` fills them from the log; a rebuild writes no e-mail, so the
notifications of the past appear in the interface without a message being sent for them now.

Downgrading drops them (the read marks and the choices stay in the events and come back with a rebuild; what was
sent is forgotten).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("notification_id", sa.Text(), primary_key=True),
        sa.Column("user_id", postgresql.UUID(as_uuid=False), nullable=False),
        sa.Column("on_behalf_of", postgresql.UUID(as_uuid=False)),
        sa.Column("on_behalf_name", sa.Text()),
        sa.Column("acting", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("obligation_id", sa.Text()),
        sa.Column("site_id", sa.Text()),
        sa.Column("escalation_id", sa.Text()),
        sa.Column("task_id", sa.Text()),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("details", postgresql.JSONB(), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
    )
    op.create_index("notifications_by_user", "notifications", ["user_id", "position"])
    op.create_index("notifications_unread", "notifications", ["user_id"], postgresql_where=sa.text("read_at IS NULL"))
    op.create_index(
        "notifications_by_escalation",
        "notifications",
        ["escalation_id"],
        postgresql_where=sa.text("escalation_id IS NOT NULL"),
    )
    op.create_table(
        "notification_settings",
        sa.Column("user_id", postgresql.UUID(as_uuid=False), primary_key=True),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("reminders", sa.Text(), nullable=False),
        sa.Column("tasks", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "mail_outbox",
        sa.Column("notification_id", sa.Text(), primary_key=True),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("to_address", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leased_until", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("mail_outbox_due", "mail_outbox", ["next_attempt_at"])
    op.create_table(
        "mail_log",
        sa.Column("notification_id", sa.Text(), primary_key=True),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("to_address", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("mail_log_failed", "mail_log", ["finished_at"], postgresql_where=sa.text("outcome = 'failed'"))


def downgrade() -> None:
    for table in ("mail_log", "mail_outbox", "notification_settings", "notifications"):
        op.drop_table(table)
