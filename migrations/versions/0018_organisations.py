"""Regions, organisations and sites as data (issue 16).

Upgrading adds what the registry's events carry beyond the KhMAO reference data: a region's authority
(``regions.authority_id``), an organisation's kind and the organisation above it (``institutions.kind``, default
``member``, and ``institutions.parent_id``), and the last day of a site's status period (``sites.status_until``,
D22). The rows stay where everything reads them; from now on they are written by the events ``RegionRegistered``,
``OrganisationRegistered``, ``SiteRegistered`` and their changes (``innocycle seed`` records the KhMAO data so).

Downgrading drops the columns (the registry stays in the events).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("regions", sa.Column("authority_id", sa.Text()))
    op.add_column("institutions", sa.Column("kind", sa.Text(), nullable=False, server_default=sa.text("'member'")))
    op.add_column("institutions", sa.Column("parent_id", sa.Text()))
    op.add_column("sites", sa.Column("status_until", sa.Date()))


def downgrade() -> None:
    op.drop_column("sites", "status_until")
    op.drop_column("institutions", "parent_id")
    op.drop_column("institutions", "kind")
    op.drop_column("regions", "authority_id")
