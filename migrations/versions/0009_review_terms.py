"""Reviews run on their terms (issue 13, piece B; decisions D30–D33).

- ``obligations.reviews``: the reviews awaited by a date (``ReviewDeadlineSet``), by review key — whose decision,
  which step, the due date — so that the inbox shows a review task with its due date like any other task;
  ``obligations.review_parts``: the progress of the parts of a submission whose items have chains of their own
  (D33: the Department agrees the roadmap alone), by part: the next step or ``approved``.
- ``escalations.review``, ``review_title``, ``awaited``: an escalation of a late review says which review is late
  and whose decision is awaited (D31); NULL for an obligation's own deadline, as every existing row has it.
- ``decisions.part``: the part a decision was on; the key of a decision becomes (obligation, submission, part,
  step), since the curator and the Department may both decide at step 0 of different parts. Existing rows are
  decisions on the whole submission (``part`` '').

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("obligations", sa.Column("reviews", JSONB(), nullable=True))
    op.add_column("obligations", sa.Column("review_parts", JSONB(), nullable=True))
    op.add_column("escalations", sa.Column("review", sa.Text(), nullable=True))
    op.add_column("escalations", sa.Column("review_title", sa.Text(), nullable=True))
    op.add_column("escalations", sa.Column("awaited", JSONB(), nullable=True))
    op.add_column("decisions", sa.Column("part", sa.Text(), nullable=False, server_default=""))
    op.drop_constraint("decisions_pkey", "decisions", type_="primary")
    op.create_primary_key("decisions_pkey", "decisions", ["obligation_id", "submission_no", "part", "step"])


def downgrade() -> None:
    op.drop_constraint("decisions_pkey", "decisions", type_="primary")
    # Decisions on the parts of a submission other than the whole do not fit the old key: they go, as the code of
    # 0008 knows no parts (a rebuild of the projections brings them back after an upgrade).
    op.execute("DELETE FROM decisions WHERE part <> ''")
    op.create_primary_key("decisions_pkey", "decisions", ["obligation_id", "submission_no", "step"])
    op.drop_column("decisions", "part")
    op.drop_column("escalations", "awaited")
    op.drop_column("escalations", "review_title")
    op.drop_column("escalations", "review")
    op.drop_column("obligations", "review_parts")
    op.drop_column("obligations", "reviews")
