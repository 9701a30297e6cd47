"""One положение per site in the QMS register, enforced by the database (QMS D13).

The register keeps a KhMAO site's положение as a controlled document that names the site (``state ->> 'site_id'``
of ``qms_documents``); one site has one such document, a new редакция being a new version of it. The API refuses a
second one (409 ``site_has_document``, ``api/qms/commands.py``), but two registrations at the same moment both pass
that check; the partial unique index ``qms_documents_one_per_site`` makes the second append fail instead of putting
two положения of one site in the register. Documents of no site (``site_id`` empty) are not in the index.

Upgrading stops, naming them, if the register already holds two documents of one site: which one is the site's
положение is for the unit's head to decide, not for a migration.

Downgrading drops the index (the rule stays in code).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

INDEX = "qms_documents_one_per_site"
SITE = "(state ->> 'site_id')"


def upgrade() -> None:
    twice = op.get_bind().execute(
        sa.text(
            f"SELECT {SITE} AS site_id, string_agg(document_id, ', ' ORDER BY document_id) AS documents"
            f" FROM qms_documents WHERE {SITE} <> '' GROUP BY 1 HAVING count(*) > 1 ORDER BY 1"
        )
    )
    found = [f"{row.site_id}: {row.documents}" for row in twice]
    if found:
        raise RuntimeError(
            "The QMS register holds more than one положение of a site (QMS D13); keep one document per site "
            "before upgrading — " + "; ".join(found)
        )
    op.create_index(INDEX, "qms_documents", [sa.text(SITE)], unique=True, postgresql_where=sa.text(f"{SITE} <> ''"))


def downgrade() -> None:
    op.drop_index(INDEX, table_name="qms_documents")
