"""Foundation: the event log, reference data, stored files and the first projections.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("global_position", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("stream_id", sa.Text, nullable=False),
        sa.Column("stream_version", sa.Integer, nullable=False),
        sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("schema_version", sa.SmallInteger, nullable=False),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("metadata", JSONB, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("stream_id", "stream_version", name="events_stream_version_key"),
    )
    op.create_table(
        "regions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("timezone", sa.Text, nullable=False),
    )
    op.create_table(
        "institutions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("region_id", sa.Text, sa.ForeignKey("regions.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("short_name", sa.Text, nullable=False),
        sa.Column("city", sa.Text, nullable=False),
    )
    op.create_table(
        "directions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("region_id", sa.Text, sa.ForeignKey("regions.id"), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("region_id", sa.Text, sa.ForeignKey("regions.id"), nullable=False),
        sa.Column("institution_id", sa.Text, sa.ForeignKey("institutions.id"), nullable=False),
        sa.Column("direction_id", sa.Text, sa.ForeignKey("directions.id"), nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("polozhenie", sa.Text, nullable=False),
        sa.Column("citation", sa.Text, nullable=False),
        sa.Column("regulation_id", sa.Text, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", UUID(as_uuid=False), primary_key=True),
        sa.Column("login", sa.Text, nullable=False, unique=True),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("position", sa.Text, nullable=False, server_default=""),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default="true"),
    )
    op.create_table(
        "grants",
        sa.Column("user_id", UUID(as_uuid=False), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("scope_kind", sa.Text, nullable=False),
        sa.Column("scope_id", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("user_id", "role", "scope_kind", "scope_id"),
    )
    op.create_table(
        "files",
        sa.Column("id", UUID(as_uuid=False), primary_key=True),
        sa.Column("site_id", sa.Text, sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("media_type", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by", UUID(as_uuid=False), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("uploaded_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "cycles",
        sa.Column("cycle_id", sa.Text, primary_key=True),
        sa.Column("site_id", sa.Text, nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("regulation_id", sa.Text, nullable=False),
        sa.Column("regulation_version", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("obligation_ids", JSONB, nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("completed_at", TZ),
    )
    op.create_table(
        "obligations",
        sa.Column("obligation_id", sa.Text, primary_key=True),
        sa.Column("cycle_id", sa.Text, nullable=False, index=True),
        sa.Column("site_id", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("instance", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("citation", JSONB, nullable=False),
        sa.Column("rule", JSONB, nullable=False),
        sa.Column("regulation_id", sa.Text, nullable=False),
        sa.Column("regulation_version", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("nominal_due", sa.Date, nullable=False),
        sa.Column("effective_due", sa.Date, nullable=False),
        sa.Column("due_ends_at", TZ, nullable=False),
        sa.Column("original_nominal_due", sa.Date, nullable=False),
        sa.Column("original_effective_due", sa.Date, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("review_step", sa.Integer, nullable=False),
        sa.Column("next_actor", JSONB, nullable=False),
        sa.Column("submissions", sa.Integer, nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("last_submitted_at", TZ),
        sa.Column("completed_at", TZ),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("stream_version", sa.Integer, nullable=False),
    )
    op.create_index("obligations_site_year", "obligations", ["site_id", "year"])
    op.create_table(
        "submissions",
        sa.Column("obligation_id", sa.Text, nullable=False),
        sa.Column("submission_no", sa.Integer, nullable=False),
        sa.Column("items", JSONB, nullable=False),
        sa.Column("submitted_by", JSONB, nullable=False),
        sa.Column("submitted_at", TZ, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("due_effective", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("obligation_id", "submission_no"),
    )
    op.create_table(
        "decisions",
        sa.Column("obligation_id", sa.Text, nullable=False),
        sa.Column("submission_no", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("decided_by", JSONB, nullable=False),
        sa.Column("decided_at", TZ, nullable=False),
        sa.Column("resubmit_nominal_due", sa.Date),
        sa.Column("resubmit_effective_due", sa.Date),
        sa.PrimaryKeyConstraint("obligation_id", "submission_no", "step"),
    )
    op.create_table(
        "escalations",
        sa.Column("escalation_id", sa.Text, primary_key=True),
        sa.Column("obligation_id", sa.Text, nullable=False, index=True),
        sa.Column("cycle_id", sa.Text, nullable=False),
        sa.Column("site_id", sa.Text, nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("obligation_title", sa.Text, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("due_nominal", sa.Date, nullable=False),
        sa.Column("due_effective", sa.Date, nullable=False),
        sa.Column("notify", JSONB, nullable=False),
        sa.Column("raised_at", TZ, nullable=False),
        sa.Column("resolved_at", TZ),
        sa.Column("resolution", sa.Text),
    )


def downgrade() -> None:
    for table in (
        "escalations",
        "decisions",
        "submissions",
        "obligations",
        "cycles",
        "files",
        "grants",
        "users",
        "sites",
        "directions",
        "institutions",
        "regions",
        "events",
    ):
        op.drop_table(table)
