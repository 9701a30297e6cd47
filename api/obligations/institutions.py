"""The institutions' forms a report waits for (KhMAO order 135-р п. 5.2, decision D34; a Vologda platform's
participating centres, Vologda D11): for the report of a period, each institution that owes its forms to the site,
whether its forms of that period are in, read from the obligations projection — sent (KhMAO), or accepted when the
report adds up their figures (``awaits_accepted``, Vologda). The acceptance is refused while one is missing, unless
the site said why (the domain's ``decide`` judges; this only finds who is missing). A request withdrawn (a centre
no longer taking part, D11) is not waited for.

Where the forms carry figures (a centre's quarter, Vologda D10), the figures accepted and their sum, measure by
measure (``domain.platform.cumulative.consolidate``), the platform's summary starts from (D11)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.obligations.rules import rule_of
from api.tables import institutions, obligations, submissions
from domain.cycle import instance_institution
from domain.platform.cumulative import consolidate
from domain.platform.values import number_ru
from domain.regulations.model import Measure
from domain.submission.events import STATUS_RU, SubmissionStatus

SENT = (SubmissionStatus.UNDER_REVIEW.value, SubmissionStatus.APPROVED.value)
ACCEPTED = (SubmissionStatus.APPROVED.value,)


@dataclass(frozen=True)
class InstitutionForms:
    """One institution's forms of the period."""

    institution_id: str
    name: str
    instance: str
    status: str
    status_ru: str
    sent: bool  # in: sent, or accepted where the report adds up their figures
    figures: dict[str, Decimal] = field(default_factory=dict)  # the accepted figures, where the forms carry some


@dataclass(frozen=True)
class Consolidated:
    """The figures of the institutions' accepted forms of the period added up (D11), and whose they are."""

    figures: dict[str, Decimal]
    summed: tuple[str, ...]  # institution ids


async def forms_of_period(conn: AsyncConnection, row: Any) -> list[InstitutionForms]:
    """The institutions' forms the report ``row`` waits for, by institution name; empty when it waits for none
    (a site that named no reporting institutions, D35, a platform with no centres, or another obligation)."""
    rule = rule_of(row)
    awaited = rule.awaits_institution_forms
    if not awaited:
        return []
    query = select(obligations.c.obligation_id, obligations.c.rule, obligations.c.instance, obligations.c.status).where(
        obligations.c.cycle_id == row.cycle_id,
        obligations.c.key == awaited,
        obligations.c.instance.like(f"{row.instance}-%"),
        obligations.c.status != "cancelled",  # withdrawn: no longer asked (D11)
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
    counted = ACCEPTED if rule.awaits_accepted else SENT
    figures = await monitoring_figures(conn, [r.obligation_id for r in found if r.status in ACCEPTED])
    forms = [
        InstitutionForms(
            institution_id=str(institution),
            name=names.get(institution, str(institution)),
            instance=r.instance,
            status=r.status,
            status_ru=STATUS_RU.get(r.status, r.status),
            sent=r.status in counted,
            figures=figures.get(r.obligation_id, {}),
        )
        for institution, r in by_institution.items()
    ]
    return sorted(forms, key=lambda f: f.name)


async def monitoring_figures(conn: AsyncConnection, obligation_ids: Iterable[str]) -> dict[str, dict[str, Decimal]]:
    """The figures of the latest submission of each of ``obligation_ids``, where it carries some (form monitoring)."""
    obligation_ids = list(obligation_ids)
    if not obligation_ids:
        return {}
    query = (
        select(submissions.c.obligation_id, submissions.c.data)
        .where(submissions.c.obligation_id.in_(obligation_ids))
        .order_by(submissions.c.obligation_id, submissions.c.submission_no)
    )
    found: dict[str, dict[str, Decimal]] = {}
    for obligation_id, data in (await conn.execute(query)).all():
        if data and data.get("form") == "monitoring":
            found[obligation_id] = {f["key"]: Decimal(str(f["amount"])) for f in data.get("figures", [])}
    return found


def consolidated(forms: list[InstitutionForms], measures: tuple[Measure, ...]) -> Consolidated:
    """The accepted figures of the period added up, measure by measure (a centre's quarter, D11)."""
    summed = [f for f in forms if f.status in ACCEPTED and f.figures]
    return Consolidated(
        figures=consolidate((f.figures for f in summed), measures), summed=tuple(f.institution_id for f in summed)
    )


async def missing_institutions(conn: AsyncConnection, row: Any) -> tuple[tuple[str, str], ...]:
    """The institutions whose forms of the period are not in: (id, name) each."""
    return tuple((f.institution_id, f.name) for f in await forms_of_period(conn, row) if not f.sent)


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _shown(value: Decimal | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    text = number_ru(value)
    return f"+{text}" if signed and value > 0 else text.replace("-", "−")


def correction_view(
    measures: tuple[Measure, ...], forms: list[InstitutionForms], sent: dict[str, Any] | None
) -> dict[str, Any]:
    """The platform's summary beside the centres' accepted figures added up (D11), measure by measure: the sum it
    started from — as recorded when it was sent, or as it stands now while nothing is sent —, the figure sent and the
    difference, so that a figure the platform corrected stays visible. ``sent``: the data of its latest submission."""
    recorded = bool(sent and sent.get("summed"))
    if recorded:
        assert sent is not None
        base = {f["key"]: Decimal(str(f["amount"])) for f in sent.get("consolidated", [])}
        summed = [f for f in forms if f.institution_id in set(sent["summed"])]
    else:
        now = consolidated(forms, measures)
        base = now.figures if now.summed else {}
        summed = [f for f in forms if f.institution_id in set(now.summed)]
    figures = {f["key"]: Decimal(str(f["amount"])) for f in (sent or {}).get("figures", [])}
    rows = []
    for measure in measures:
        total, value = base.get(measure.key), figures.get(measure.key)
        difference = value - total if value is not None and total is not None else None
        rows.append(
            {
                "key": measure.key,
                "title": measure.title,
                "unit": measure.unit,
                "centres_sum": _amount(total),
                "sent": _amount(value),
                "difference": _amount(difference),
                "corrected": bool(difference),
                "centres_sum_ru": _shown(total),
                "sent_ru": _shown(value),
                "difference_ru": _shown(difference, signed=True) if difference else "—",
            }
        )
    reasons = {m["institution_id"]: m["reason"] for m in (sent or {}).get("centres_missing", [])}
    return {
        "sum_as_sent": recorded,
        "summed": [f.name for f in summed],
        "centres": [
            {
                "institution_id": f.institution_id,
                "name": f.name,
                "instance": f.instance,
                "status": f.status,
                "status_ru": f.status_ru,
                "accepted": f.sent,
                "figures": {key: _amount(amount) for key, amount in f.figures.items()},
                "missing_reason": reasons.get(f.institution_id, ""),
            }
            for f in forms
        ],
        "measures": rows,
        "corrected": [row["title"] for row in rows if row["corrected"]],
    }
