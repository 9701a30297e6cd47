"""Methodological products and the expert council's examination (issue 14, decisions D46–D52).

Upgrading adds the projections of products (``products`` with its Russian full-text index ``search``, and its
versions, rounds, assignments, refused assignments and implementations), of the council's members, and the column
``obligations.expertise``: the assignments of a product's examination, from which the tasks of the experts, the
secretary and the chair are derived; and ``quota_items.product_id``: the product a quota counted, whose conclusion
its ``conclusion`` column now shows. All start empty: no product was recorded before, and
``innocycle rebuild-projections`` fills them from the log.

Downgrading drops them (the facts stay in the events and come back with a rebuild).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("obligations", sa.Column("expertise", postgresql.JSONB()))
    op.add_column("quota_items", sa.Column("product_id", sa.Text()))
    op.create_table(
        "products",
        sa.Column("product_id", sa.Text(), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("direction_id", sa.Text(), nullable=False),
        sa.Column("site_id", sa.Text(), nullable=False),
        sa.Column("institution_id", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Text(), nullable=False),
        sa.Column("authors", postgresql.JSONB(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("obligation_id", sa.Text()),
        sa.Column("year", sa.Integer()),
        sa.Column("round", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("pilot", postgresql.JSONB()),
        sa.Column("conclusion", sa.Text()),
        sa.Column("concluded_at", sa.DateTime(timezone=True)),
        sa.Column("order_number", sa.Text()),
        sa.Column("order_date", sa.Date()),
        sa.Column("registry_no", sa.Text()),
        sa.Column("registered_at", sa.DateTime(timezone=True)),
        sa.Column("implementations", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("replications", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed("to_tsvector('russian'::regconfig, title || ' ' || abstract)", persisted=True),
        ),
    )
    op.create_index("ix_products_site_id", "products", ["site_id"])
    op.create_index("products_status", "products", ["status"])
    op.create_index("products_search", "products", ["search"], postgresql_using="gin")
    op.create_table(
        "product_versions",
        sa.Column("product_id", sa.Text(), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("files", postgresql.JSONB(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added_by", postgresql.JSONB(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "version_no"),
    )
    op.create_table(
        "product_rounds",
        sa.Column("product_id", sa.Text(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Text(), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("experts_needed", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviews_in_at", sa.DateTime(timezone=True)),
        sa.Column("conclusion", sa.Text()),
        sa.Column("meeting", postgresql.JSONB()),
        sa.Column("vote", postgresql.JSONB()),
        sa.Column("conclusion_text", sa.Text()),
        sa.Column("recorded_by", postgresql.JSONB()),
        sa.Column("concluded_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("product_id", "round"),
    )
    op.create_table(
        "product_assignments",
        sa.Column("obligation_id", sa.Text(), nullable=False),
        sa.Column("assignment_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Text(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Text(), nullable=False),
        sa.Column("expert_name", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("assigned_by", postgresql.JSONB(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("respond_by", sa.Date(), nullable=False),
        sa.Column("respond_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("review_due", sa.Date()),
        sa.Column("review_ends_at", sa.DateTime(timezone=True)),
        sa.Column("review", postgresql.JSONB()),
        sa.Column("total", sa.Integer()),
        sa.Column("recommendation", sa.Text()),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("late", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column("reminders", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("escalated", sa.Text()),
        sa.PrimaryKeyConstraint("obligation_id", "assignment_no"),
    )
    op.create_index("ix_product_assignments_product_id", "product_assignments", ["product_id"])
    op.create_index("ix_product_assignments_expert_id", "product_assignments", ["expert_id"])
    op.create_table(
        "product_refusals",
        sa.Column("obligation_id", sa.Text(), nullable=False),
        sa.Column("stream_version", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Text(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Text(), nullable=False),
        sa.Column("expert_name", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("refused_to", postgresql.JSONB(), nullable=False),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("obligation_id", "stream_version"),
    )
    op.create_index("ix_product_refusals_product_id", "product_refusals", ["product_id"])
    op.create_table(
        "product_implementations",
        sa.Column("product_id", sa.Text(), nullable=False),
        sa.Column("implementation_no", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Text(), nullable=False),
        sa.Column("institution_name", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("files", postgresql.JSONB(), nullable=False),
        sa.Column("replication", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", postgresql.JSONB(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "implementation_no"),
    )
    op.create_table(
        "council_members",
        sa.Column("region_id", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("institution_id", sa.Text(), nullable=False),
        sa.Column("areas", postgresql.JSONB(), nullable=False),
        sa.Column("position", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region_id", "user_id"),
    )


def downgrade() -> None:
    for table in (
        "council_members",
        "product_implementations",
        "product_refusals",
        "product_assignments",
        "product_rounds",
        "product_versions",
        "products",
    ):
        op.drop_table(table)
    op.drop_column("quota_items", "product_id")
    op.drop_column("obligations", "expertise")
