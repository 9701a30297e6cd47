"""Indexes for the inbox over all states: the caller's tasks by assignee and by the scope of each grant.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {
    "tasks_by_assignee": "assignee_id",
    "tasks_by_site": "site_id",
    "tasks_by_direction": "direction_id",
    "tasks_by_region": "region_id",
}


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.create_index(name, "tasks", [column])


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="tasks")
