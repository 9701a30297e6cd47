"""The institutions' forms a site's quarterly report waits for (order 135-р п. 5.2, decision D34): for the report of
a period, each institution reporting to the site, whether its forms of that period were sent, read from the
obligations projection. The curator's acceptance is refused while one is missing, unless the site said why (the
domain's ``decide`` judges; this only finds who is missing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.obligations.rules import rule_of
from api.tables import institutions, obligations
from domain.cycle import instance_institution
from domain.submission.events import STATUS_RU, SubmissionStatus

SENT = (SubmissionStatus.UNDER_REVIEW.value, SubmissionStatus.APPROVED.value)


@dataclass(frozen=True)
class InstitutionForms:
    """One institution's forms of the period."""

    institution_id: str
    name: str
    instance: str
    status: str
    status_ru: str
    sent: bool


async def forms_of_period(conn: AsyncConnection, row: Any) -> list[InstitutionForms]:
    """The institutions' forms the report ``row`` waits for, by institution name; empty when it waits for none
    (a site that named no reporting institutions, D35, or another obligation)."""
    awaited = rule_of(row).awaits_institution_forms
    if not awaited:
        return []
    query = select(obligations.c.obligation_id, obligations.c.rule, obligations.c.instance, obligations.c.status).where(
        obligations.c.cycle_id == row.cycle_id,
        obligations.c.key == awaited,
        obligations.c.instance.like(f"{row.instance}-%"),
    )
    found = (await conn.execute(query)).all()
    by_institution = {instance_institution(rule_of(r), r.instance): r for r in found}
    by_institution.pop(None, None)
    if not by_institution:
        return []
    names = dict(
        (
            await conn.execute(
                select(institutions.c.id, institutions.c.name).where(institutions.c.id.in_(list(by_institution)))
            )
        ).all()
    )
    forms = [
        InstitutionForms(
            institution_id=str(institution),
            name=names.get(institution, str(institution)),
            instance=r.instance,
            status=r.status,
            status_ru=STATUS_RU.get(r.status, r.status),
            sent=r.status in SENT,
        )
        for institution, r in by_institution.items()
    ]
    return sorted(forms, key=lambda f: f.name)


async def missing_institutions(conn: AsyncConnection, row: Any) -> tuple[str, ...]:
    """The names of the institutions whose forms of the period have not been sent."""
    return tuple(f.name for f in await forms_of_period(conn, row) if not f.sent)
