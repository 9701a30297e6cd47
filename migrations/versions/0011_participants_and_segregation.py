"""Participant counts of roadmap rows (C12's minimums, decision D40) and the segregation of duties on a site (D12,
D39).

Upgrading adds ``roadmap_rows.participants``: how many took part in a row's event of the period, as the last accepted
quarterly report says (empty for the rows accounted for before). It then looks for people who already hold the
curator's grant covering a site and a director's or responsible person's grant of the same site over a common
period: from now on the administration refuses such a grant, but one given before is not silently kept — each is
written to the migration's log here, and ``innocycle verify`` and the administrator's page of users go on reporting
it until one of the two grants is withdrawn. Nothing is withdrawn here: which grant goes is for a person to decide.

Downgrading drops the column (the counts stay in the events of the reports and come back with a rebuild).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# A grant covers a site when its scope is everything, the site's region, direction, the site or its institution
# (domain/access.py ``covers``); periods meet when neither ends before the other starts (open ends: always).
_COVERS = """(
    {g}.scope_kind = 'global'
    OR ({g}.scope_kind = 'region' AND {g}.scope_id = s.region_id)
    OR ({g}.scope_kind = 'direction' AND {g}.scope_id = s.direction_id)
    OR ({g}.scope_kind = 'site' AND {g}.scope_id = s.id)
    OR ({g}.scope_kind = 'institution' AND {g}.scope_id = s.institution_id)
)"""
OVERLAPS = f"""
SELECT DISTINCT u.login, s.id AS site_id, g2.role
FROM grants g1
JOIN grants g2 ON g2.user_id = g1.user_id AND g2.role IN ('site_director', 'site_responsible')
JOIN users u ON u.id = g1.user_id
JOIN sites s ON {_COVERS.format(g="g1")} AND {_COVERS.format(g="g2")}
WHERE g1.role = 'curator'
  AND coalesce(g1.valid_from, '-infinity'::date) <= coalesce(g2.valid_until, 'infinity'::date)
  AND coalesce(g2.valid_from, '-infinity'::date) <= coalesce(g1.valid_until, 'infinity'::date)
  AND least(coalesce(g1.valid_until, 'infinity'::date), coalesce(g2.valid_until, 'infinity'::date)) >= current_date
ORDER BY u.login, s.id
"""


def upgrade() -> None:
    op.add_column("roadmap_rows", sa.Column("participants", sa.Integer()))
    for login, site_id, role in op.get_bind().execute(sa.text(OVERLAPS)).all():
        log.warning(
            "segregation of duties (D39): %s holds the curator's grant of site %s and a %s grant of it; "
            "withdraw one of them (innocycle verify reports it until then)",
            login,
            site_id,
            role,
        )


def downgrade() -> None:
    op.drop_column("roadmap_rows", "participants")
