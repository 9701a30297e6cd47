"""Which sites of a region have evidenced their standing duties (order 135-р п. 2, 2.1, 2.2, 2.4.1, 2.4.5, 2.4.6, 5.1;
decision D37): for each site, the state of each duty as its latest quarterly report of the year gave it, with the
file or link it attached. Read from the projections (``obligations``, ``submissions``) only; who may read it is
decided by ``api.region.access.governed_region`` (the Department, the RCRSO director, administrators)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.region.board import obligation_href
from api.tables import institutions, obligations, sites, submissions
from domain.payloads import STANDING_STATE_RU
from domain.regulations.catalog import REGULATIONS

NOT_GIVEN_RU = "не указано"


class StandingDuty(BaseModel):
    key: str
    clause: str
    title: str


class DutyState(BaseModel):
    key: str
    state: str  # done, in_progress, not_started, or "" when the report did not say
    state_ru: str
    comment: str = ""
    file_id: str = ""
    link: str = ""


class SiteStanding(BaseModel):
    site_id: str
    code: str
    institution_short_name: str
    report_instance: str | None  # the quarterly report the states come from; None: none submitted this year
    report_href: str | None
    submitted_at: Any = None
    states: list[DutyState]
    evidenced: int  # duties with a state and a file or link


class RegionStanding(BaseModel):
    region_id: str
    year: int
    duties: list[StandingDuty]
    sites: list[SiteStanding]


async def region_standing(conn: AsyncConnection, region_id: str, year: int) -> RegionStanding:
    site_rows = (
        await conn.execute(
            select(sites.c.id, sites.c.code, sites.c.regulation_id, institutions.c.short_name)
            .join(institutions, institutions.c.id == sites.c.institution_id)
            .where(sites.c.region_id == region_id)
        )
    ).all()
    reports = (
        await conn.execute(
            select(
                obligations.c.site_id,
                obligations.c.instance,
                obligations.c.period_key,
                obligations.c.rule,
                submissions.c.submission_no,
                submissions.c.submitted_at,
                submissions.c.data,
            )
            .join(
                submissions,
                and_(submissions.c.obligation_id == obligations.c.obligation_id),
            )
            .join(sites, sites.c.id == obligations.c.site_id)
            .where(sites.c.region_id == region_id, obligations.c.year == year)
            .where(obligations.c.rule["standing_duties"].astext != "[]")
            .order_by(obligations.c.period_key.desc(), submissions.c.submission_no.desc())
        )
    ).all()
    latest: dict[str, Any] = {}
    for found in reports:
        latest.setdefault(found.site_id, found)
    duties = _duties(site_rows, reports)
    result = []
    for site in sorted(site_rows, key=lambda s: _clause_order(s.id)):
        report = latest.get(site.id)
        given = {s["key"]: s for s in ((report.data or {}).get("standing") or [])} if report is not None else {}
        states = []
        for duty in duties:
            state = given.get(duty.key)
            if state is None:
                states.append(DutyState(key=duty.key, state="", state_ru=NOT_GIVEN_RU))
                continue
            states.append(
                DutyState(
                    key=duty.key,
                    state=state["state"],
                    state_ru=STANDING_STATE_RU.get(state["state"], state["state"]),
                    comment=state.get("comment", ""),
                    file_id=state.get("file_id", ""),
                    link=state.get("link", ""),
                )
            )
        result.append(
            SiteStanding(
                site_id=site.id,
                code=site.code,
                institution_short_name=site.short_name,
                report_instance=report.instance if report is not None else None,
                report_href=obligation_href(site.id, year, "quarterly_report", report.instance) if report else None,
                submitted_at=report.submitted_at if report is not None else None,
                states=states,
                evidenced=sum(1 for s in states if s.state and (s.file_id or s.link)),
            )
        )
    return RegionStanding(region_id=region_id, year=year, duties=duties, sites=result)


def _duties(site_rows: Sequence[Any], reports: Sequence[Any]) -> list[StandingDuty]:
    """The duties the reports ask for, in the regulation's order, with their clause and title."""
    keys: list[str] = []
    for report in reports:
        keys.extend(k for k in report.rule.get("standing_duties", ()) if k not in keys)
    regulation_ids = {row.regulation_id for row in site_rows}
    duties = []
    for regulation_id in sorted(regulation_ids):
        regulation = REGULATIONS.get(regulation_id)
        if regulation is None:
            continue
        asking = next((o for o in regulation.obligations if o.standing_duties), None)
        for key in asking.standing_duties if asking is not None else ():
            if key not in keys:
                keys.append(key)
    for key in keys:
        for regulation_id in sorted(regulation_ids):
            regulation = REGULATIONS.get(regulation_id)
            found = next((o for o in regulation.obligations if o.key == key), None) if regulation else None
            if found is not None:
                duties.append(StandingDuty(key=key, clause=found.citation.clause, title=found.title))
                break
    return duties


def _clause_order(site_id: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in site_id.split("."))
