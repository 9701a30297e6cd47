"""The whole annual cycle: planned and undated obligations, quotas, monitorings, registries, extensions, the
structured roadmap and revoked statuses.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
DUE_COLUMNS = ("nominal_due", "effective_due", "due_ends_at", "original_nominal_due", "original_effective_due")


def upgrade() -> None:
    # Obligations are now planned before they open, and undated duties have no due date at all.
    for column in DUE_COLUMNS:
        op.alter_column("obligations", column, nullable=True)
    op.alter_column("obligations", "opened_at", nullable=True)
    op.add_column("obligations", sa.Column("runner", sa.Text, nullable=False, server_default="submission"))
    op.alter_column("obligations", "runner", server_default=None)
    for name, kind in (
        ("period_key", sa.Text),
        ("opens_at", TZ),
        ("internal_target", sa.Date),
        ("progress", sa.Integer),
        ("target", sa.Integer),
        ("targets", JSONB),
        ("pending_extension", JSONB),
    ):
        op.add_column("obligations", sa.Column(name, kind))
    op.add_column("submissions", sa.Column("data", JSONB))
    op.add_column("cycles", sa.Column("closed_reason", sa.Text))
    op.create_table(
        "extensions",
        sa.Column("obligation_id", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("requested_until", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("requested_by", JSONB, nullable=False),
        sa.Column("requested_at", TZ, nullable=False),
        sa.Column("decision", sa.Text),
        sa.Column("granted_until", sa.Date),
        sa.Column("granted_effective", sa.Date),
        sa.Column("comment", sa.Text),
        sa.Column("decided_by", JSONB),
        sa.Column("decided_at", TZ),
        sa.PrimaryKeyConstraint("obligation_id", "seq"),
    )
    op.create_table(
        "quota_items",
        sa.Column("obligation_id", sa.Text, nullable=False),
        sa.Column("item_no", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("item_kind", sa.Text, nullable=False),
        sa.Column("items", JSONB, nullable=False),
        sa.Column("recorded_by", JSONB, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("conclusion", sa.Text),
        sa.PrimaryKeyConstraint("obligation_id", "item_no"),
    )
    op.create_table(
        "monitorings",
        sa.Column("obligation_id", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("completed_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_by", JSONB, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("spravka_due", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("obligation_id", "target", "completed_on"),
    )
    op.create_table(
        "registry_updates",
        sa.Column("obligation_id", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("on_day", sa.Date, nullable=False),
        sa.Column("entries", sa.Integer),
        sa.Column("items", JSONB, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("updated_by", JSONB, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("obligation_id", "seq"),
    )
    op.create_table(
        "roadmap_rows",
        sa.Column("cycle_id", sa.Text, nullable=False),
        sa.Column("no", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("section", sa.Text, nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("deadline", sa.Text, nullable=False),
        sa.Column("reading", JSONB),
        sa.Column("responsible", sa.Text, nullable=False),
        sa.Column("responsible_is_external", sa.Boolean, nullable=False),
        sa.Column("expected_result", sa.Text, nullable=False),
        sa.Column("status", sa.Text),
        sa.Column("status_period", sa.Text),
        sa.Column("fact_date", sa.Date),
        sa.Column("result", sa.Text),
        sa.Column("moved_to", sa.Text),
        sa.PrimaryKeyConstraint("cycle_id", "no"),
    )
    op.create_table(
        "site_revocations",
        sa.Column("site_id", sa.Text, primary_key=True),
        sa.Column("order_text", sa.Text, nullable=False),
        sa.Column("effective_on", sa.Date, nullable=False),
        sa.Column("revoked_by", JSONB, nullable=False),
        sa.Column("revoked_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in ("site_revocations", "roadmap_rows", "registry_updates", "monitorings", "quota_items", "extensions"):
        op.drop_table(table)
    op.drop_column("cycles", "closed_reason")
    op.drop_column("submissions", "data")
    for name in ("pending_extension", "targets", "target", "progress", "internal_target", "opens_at", "period_key"):
        op.drop_column("obligations", name)
    op.drop_column("obligations", "runner")
    op.alter_column("obligations", "opened_at", nullable=False)
    for column in DUE_COLUMNS:
        op.alter_column("obligations", column, nullable=False)
