"""People and the inbox: grants with a period and acting officials, substitutions, refresh tokens, the audit
log, the tasks projection; stream ids ordered bytewise.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ID = UUID(as_uuid=False)


def upgrade() -> None:
    # Streams are read by prefix range (a cycle and its obligations); only a bytewise order makes that a prefix match.
    op.alter_column("events", "stream_id", type_=sa.Text(collation="C"), existing_nullable=False)
    op.add_column("grants", sa.Column("grant_id", ID, nullable=False, server_default=sa.func.gen_random_uuid()))
    op.drop_constraint("grants_pkey", "grants", type_="primary")
    op.create_primary_key("grants_pkey", "grants", ["grant_id"])
    op.add_column("grants", sa.Column("acting", sa.Boolean, nullable=False, server_default="false"))
    op.add_column("grants", sa.Column("valid_from", sa.Date))
    op.add_column("grants", sa.Column("valid_until", sa.Date))
    op.add_column("grants", sa.Column("granted_by", ID))
    op.add_column("grants", sa.Column("granted_at", TZ, nullable=False, server_default=sa.func.now()))
    op.create_index("grants_user", "grants", ["user_id"])
    op.create_table(
        "substitutions",
        sa.Column("substitution_id", ID, primary_key=True),
        sa.Column("absent_user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("substitute_user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("cancelled_at", TZ),
    )
    op.create_index("substitutions_substitute", "substitutions", ["substitute_user_id"])
    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("login", sa.Text),
        sa.Column("user_id", ID),
        sa.Column("ip", sa.Text),
        sa.Column("detail", JSONB, nullable=False, server_default="{}"),
    )
    op.create_index("audit_log_login_at", "audit_log", ["login", "at"])
    op.create_index("audit_log_ip_at", "audit_log", ["ip", "at"])
    op.create_table(
        "tasks",
        sa.Column("task_id", sa.Text, primary_key=True),
        sa.Column("obligation_id", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("instance", sa.Text, nullable=False),
        sa.Column("regulation_id", sa.Text, nullable=False),
        sa.Column("cycle_id", sa.Text, nullable=False),
        sa.Column("site_id", sa.Text, nullable=False),
        sa.Column("region_id", sa.Text, nullable=False),
        sa.Column("direction_id", sa.Text, nullable=False),
        sa.Column("institution_id", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("obligation_kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("candidate_roles", JSONB, nullable=False),
        sa.Column("assignee_id", ID),
        sa.Column("assignee_name", sa.Text),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("due_nominal", sa.Date),
        sa.Column("due_effective", sa.Date),
        sa.Column("due_ends_at", TZ),
        sa.Column("follow_up", sa.Date),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("completed_at", TZ),
    )
    op.create_index("ix_tasks_obligation_id", "tasks", ["obligation_id"])
    op.create_index(
        "escalations_open_by_cycle", "escalations", ["cycle_id"], postgresql_where=sa.text("resolved_at IS NULL")
    )
    op.create_index("tasks_open_due", "tasks", ["state", "due_effective"])


def downgrade() -> None:
    op.drop_index("escalations_open_by_cycle", "escalations")
    op.alter_column("events", "stream_id", type_=sa.Text(), existing_nullable=False)
    op.drop_table("tasks")
    op.drop_table("audit_log")
    op.drop_table("refresh_tokens")
    op.drop_table("substitutions")
    op.drop_index("grants_user", "grants")
    for column in ("granted_at", "granted_by", "valid_until", "valid_from", "acting"):
        op.drop_column("grants", column)
    op.drop_constraint("grants_pkey", "grants", type_="primary")
    op.drop_column("grants", "grant_id")
    op.create_primary_key("grants_pkey", "grants", ["user_id", "role", "scope_kind", "scope_id"])
