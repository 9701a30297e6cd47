"""A platform's criteria report through the API: the commands, one function each for the REST routes (and the
pages, when they come), sent as updates to its ``CriteriaReportWorkflow``; and the report as a person reads it —
indicators by criterion with their values, evidence and warnings, the signatures, follow-ups and the decision on
the next year — folded from the obligation's own stream in the event store (the events are the report; no
Temporal query is read)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.eventlog.store import read_stream
from api.obligations.institutions import monitoring_figures
from api.platform.monitoring import quarter_of
from api.platform.requests import (
    ConclusionBody,
    ContinuationBody,
    EvidenceBody,
    OutcomeBody,
    ReturnBody,
    SignBody,
    ValueBody,
)
from api.problems import Problem
from api.runtime import Runtime
from api.sites.service import load_site
from api.tables import escalations, obligations
from domain.common import event_from_stored
from domain.cycle import Runner
from domain.deadlines import local_date
from domain.obligations import ObligationOpened
from domain.periods import MONTHS_NOMINATIVE_RU
from domain.platform import criteria_report as report
from domain.platform import obligation as platform
from domain.platform.criteria_report import STATUS_RU
from domain.platform.cumulative import CUMULATIVE_RU, QUARTERS_OF, cumulative, cumulative_of_quarter
from domain.platform.events import SIGN_STEP_RU, SignStep
from domain.platform.evidence import EVIDENCE_KIND_RU, OUTCOME_RU, EvidenceItem, Outcome
from domain.platform.values import NIL_RU, IndicatorValue, Nil, Part, number_ru
from domain.regulations.catalog import regulation
from domain.regulations.model import IndicatorType, Measure
from domain.sites import Site

T = obligations.c
NOT_FOUND = Problem(404, "not_found", "Отчета по критериям за этот год у площадки нет.")
TYPE_RU = {
    IndicatorType.COUNT: "количество",
    IndicatorType.NUMBER: "число",
    IndicatorType.PERCENT: "процент",
    IndicatorType.BOOLEAN: "да / нет",
    IndicatorType.LEVEL: "уровень",
    IndicatorType.TEXT: "текст",
}


async def _located(conn: AsyncConnection, principal: Principal, site_id: str, year: int) -> tuple[Site, str]:
    site = await load_site(conn, site_id)
    if site is None or not principal.can_read(site):
        raise NOT_FOUND
    query = select(obligations.c.obligation_id).where(
        obligations.c.site_id == site_id,
        obligations.c.year == year,
        obligations.c.runner == Runner.CRITERIA_REPORT.value,
    )
    obligation_id = (await conn.execute(query)).scalar_one_or_none()
    if obligation_id is None:
        raise NOT_FOUND
    return site, str(obligation_id)


async def opened_state(
    conn: AsyncConnection, obligation_id: str
) -> tuple[ObligationOpened, platform.ReportObligation] | None:
    stored = await read_stream(conn, obligation_id)
    events = [event_from_stored(e.event_type, e.data, e.schema_version) for e in stored]
    if not events or not isinstance(events[0], ObligationOpened):
        return None
    return events[0], platform.evolve_all(platform.initial_state(events[0]), events[1:])


async def state_of(conn: AsyncConnection, obligation_id: str) -> platform.ReportObligation | None:
    found = await opened_state(conn, obligation_id)
    return found[1] if found else None


async def read(runtime: Runtime, principal: Principal, site_id: str, year: int) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        site, obligation_id = await _located(conn, principal, site_id, year)
        found = await opened_state(conn, obligation_id)
    if found is None:
        raise NOT_FOUND
    opened, state = found
    timezone = regulation(opened.regulation_id).timezone
    today = local_date(datetime.now(UTC), timezone)
    async with runtime.reads.connect() as conn:
        rules = regulation(opened.regulation_id)
        measures = next((o.measures for o in rules.obligations if o.key == MONITORING), ())
        year_view = await platform_year(conn, site_id, year, today, measures)
    return {**view(state, site, principal), "timezone": timezone, "today": today, "platform_year": year_view}


MEETINGS, MONITORING = "working_meetings", "quarterly_monitoring"
MONTH_TAGS = {"held": ("проведено", "green"), "missed": ("не проведено", "red"), "open": ("идет месяц", "blue")}
MONITORING_RU = {
    "planned": ("впереди", "grey"),
    "awaiting_submission": ("ждет сводной информации", "blue"),
    "returned": ("возвращена на доработку", "orange"),
    "under_review": ("на рассмотрении в Департаменте", "yellow"),
    "approved": ("принята", "green"),
    "cancelled": ("закрыта", "grey"),
}


async def platform_year(
    conn: AsyncConnection, site_id: str, year: int, today: date, measures: tuple[Measure, ...] = ()
) -> dict[str, Any]:
    """The platform's year beside its report: the twelve months of working meetings (held, missed once the month
    ended without one, D15) and the quarterly monitoring with the cumulative period each quarter reports (D10):
    the figures each quarter's «Сводная информация» carries, typed for the quarter alone, and the year-to-date
    figures computed from them."""
    query = select(T.obligation_id, T.key, T.instance, T.status, T.effective_due, T.rule, T.cycle_id).where(
        T.site_id == site_id, T.year == year, T.key.in_((MEETINGS, MONITORING))
    )
    rows = (await conn.execute(query)).all()
    # Overdue by its ladder (the workflow's clock), not only by today's date: a month is missed once it escalated.
    overdue_query = select(escalations.c.obligation_id).where(
        escalations.c.site_id == site_id,
        escalations.c.year == year,
        escalations.c.level != "reminder",
        escalations.c.resolved_at.is_(None),
    )
    overdue = set((await conn.execute(overdue_query)).scalars())
    months = []
    for row in sorted((r for r in rows if r.key == MEETINGS), key=lambda r: r.instance):
        month = int(row.instance[1:])
        if row.status == "approved":
            state = "held"
        elif row.obligation_id in overdue or (row.effective_due is not None and row.effective_due < today):
            state = "missed"
        elif date(year, month, 1) <= today:
            state = "open"
        else:
            state = "ahead"
        label, colour = MONTH_TAGS.get(state, ("впереди", "grey"))
        months.append(
            {
                "month": month,
                "title": MONTHS_NOMINATIVE_RU[month - 1],
                "state": state,
                "state_ru": label,
                "colour": colour,
            }
        )
    quarters = []
    for row in sorted((r for r in rows if r.key == MONITORING), key=lambda r: r.instance):
        quarter = int(row.instance[1:])
        label, colour = MONITORING_RU.get(row.status, (row.status, "grey"))
        waiting = row.status in ("awaiting_submission", "returned")
        late = waiting and (row.obligation_id in overdue or bool(row.effective_due and row.effective_due < today))
        quarters.append(
            {
                "instance": row.instance,
                "period_ru": CUMULATIVE_RU[cumulative_of_quarter(quarter)],
                "due": row.effective_due.isoformat() if row.effective_due else None,
                "status_ru": label,
                "colour": "red" if late else colour,
                "late": bool(late),
                # the participating centres' figures of the quarter and the summary beside their sum (D11)
                "centres": await quarter_of(conn, row),
            }
        )
    figures = await _quarter_figures(conn, [r for r in rows if r.key == MONITORING])
    for entry in quarters:
        entry["figures"] = {key: _amount(amount) for key, amount in figures.get(int(entry["instance"][1:]), {}).items()}
    return {
        "months": months,
        "held": sum(1 for m in months if m["state"] == "held"),
        "missed": [m["title"] for m in months if m["state"] == "missed"],
        "quarters": quarters,
        "monitoring": _monitoring_table(measures, figures),
    }


async def _quarter_figures(conn: AsyncConnection, rows: list[Any]) -> dict[int, dict[str, Decimal]]:
    """The figures of each quarter's latest «Сводная информация» still standing (sent or accepted; a returned one is
    being corrected and counts for nothing until sent again)."""
    standing = {row.obligation_id: int(row.instance[1:]) for row in rows if row.status in ("under_review", "approved")}
    figures = await monitoring_figures(conn, standing)
    return {standing[obligation_id]: found for obligation_id, found in figures.items()}


def _shown(amount: Decimal | None) -> str:
    return "—" if amount is None else number_ru(amount)


def _monitoring_table(measures: tuple[Measure, ...], figures: dict[int, dict[str, Decimal]]) -> dict[str, Any]:
    """Each measure with its four quarters as typed and the four cumulative periods computed from them (D10): a
    period stays empty while one of its quarters has no figures."""
    rows = []
    for measure in measures:
        by_quarter = {q: values[measure.key] for q, values in figures.items() if measure.key in values}
        totals = cumulative(by_quarter, measure.aggregation)
        rows.append(
            {
                "key": measure.key,
                "title": measure.title,
                "unit": measure.unit,
                "aggregation": measure.aggregation.value,
                "quarters": {f"Q{q}": _amount(by_quarter.get(q)) for q in range(1, 5)},
                "cumulative": {period.value: _amount(total) for period, total in totals.items()},
                "quarters_ru": {f"Q{q}": _shown(by_quarter.get(q)) for q in range(1, 5)},
                "cumulative_ru": {period.value: _shown(total) for period, total in totals.items()},
            }
        )
    periods = [{"key": p.value, "title": CUMULATIVE_RU[p], "quarters": last} for p, last in QUARTERS_OF.items()]
    return {"measures": rows, "periods": periods}


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _value_view(value: IndicatorValue, indicator: Any) -> dict[str, Any]:
    return {
        "amount": _amount(value.amount),
        "more_than": value.more_than,
        "cumulative": _amount(value.cumulative),
        "flag": value.flag,
        "unit": value.unit,
        "nil": value.nil.value if value.nil else None,
        "nil_ru": NIL_RU[value.nil] if value.nil else None,
        "narrative": value.narrative,
        "breakdown": [
            {"label": p.label, "amount": _amount(p.amount), "unit": p.unit, "more_than": p.more_than}
            for p in value.breakdown
        ],
        "shown_ru": value.shown_ru(indicator),
    }


def _evidence_view(item: EvidenceItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "kind_ru": EVIDENCE_KIND_RU[item.kind],
        "title": item.title,
        "held_on": item.held_on.isoformat() if item.held_on else None,
        "venue": item.venue,
        "quantity": item.quantity,
        "indicators": list(item.indicators),
        "outcome": item.outcome.value if item.outcome else None,
        "outcome_ru": OUTCOME_RU[item.outcome] if item.outcome else None,
        "expected_by": item.expected_by.isoformat() if item.expected_by else None,
    }


def view(state: platform.ReportObligation, site: Site, principal: Principal) -> dict[str, Any]:
    r = state.report
    catalogue = r.catalogue
    warnings = r.warnings()
    roles = principal.roles_on(site)
    criteria = []
    if catalogue is not None:
        for number, title in enumerate(catalogue.criteria, start=1):
            rows = []
            for indicator in catalogue.indicators:
                if not indicator.key.startswith(f"C{number}."):
                    continue
                value = r.values.get(indicator.key)
                rows.append(
                    {
                        "key": indicator.key,
                        "title": indicator.title,
                        "qualitative": indicator.qualitative,
                        "value_type": indicator.value_type.value,
                        "value_type_ru": TYPE_RU[indicator.value_type],
                        "unit": indicator.unit,
                        "source": indicator.citation.source,
                        "value": _value_view(value, indicator) if value else None,
                        "evidence": [item.id for item in r.evidence if indicator.key in item.indicators],
                        "warnings": [w.message for w in warnings if w.indicator == indicator.key],
                    }
                )
            criteria.append({"no": number, "title": title, "indicators": rows})
    return {
        "obligation_id": state.obligation_id,
        "site_id": r.site_id,
        "year": r.year,
        "status": state.status,
        "report_status": r.status.value,
        "done": state.done,
        "status_ru": "закрыт" if state.cancelled else STATUS_RU[r.status],
        "deadline": {"nominal": state.deadline.nominal.isoformat(), "effective": state.deadline.effective.isoformat()},
        "catalogue": {"id": catalogue.id, "year": catalogue.year} if catalogue else None,
        "criteria": criteria,
        "missing": list(r.missing()),
        "evidence": [_evidence_view(item) for item in r.evidence],
        "warnings": [w.model_dump(mode="json") for w in warnings],
        "sent_warnings": [w.model_dump(mode="json") for w in r.sent_warnings],
        "conclusion": {"text": r.conclusion, "propose_continue": r.propose_continue},
        "steps": [
            {"step": SignStep.AGREE.value, "title": r.agree_title},
            {"step": SignStep.APPROVE.value, "title": r.approve_title},
        ],
        "signatures": [
            {
                "step": s.step.value,
                "step_ru": SIGN_STEP_RU[s.step],
                "position": s.position,
                "printed_name": s.printed_name,
                "signed_on": s.signed_on.isoformat(),
                "acting": s.by.acting,
                "user_id": s.by.user_id,
            }
            for s in r.signatures
        ],
        "return_comment": r.return_comment,
        "follow_ups": [
            {
                "item_id": f.item_id,
                "title": f.title,
                "expected_by": f.expected_by.isoformat() if f.expected_by else None,
                "outcome": f.outcome.value,
                "outcome_ru": OUTCOME_RU[f.outcome],
                "note": f.note,
                "known_on": f.known_on.isoformat() if f.known_on else None,
            }
            for f in r.follow_ups
        ],
        "amendments": r.amendments,
        "continues": r.continues,
        "my_roles": sorted(role.value for role in roles),
    }


# --- commands --------------------------------------------------------------------------------------------------


async def _send(
    runtime: Runtime, principal: Principal, site_id: str, year: int, update: str, command: Any
) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        site, obligation_id = await _located(conn, principal, site_id, year)
    await runtime.commands.update(obligation_id, update, command(principal.actor_on(site)))
    return await read(runtime, principal, site_id, year)


def _value(key: str, body: ValueBody) -> IndicatorValue:
    return IndicatorValue(
        key=key,
        amount=body.amount,
        more_than=body.more_than,
        cumulative=body.cumulative,
        flag=body.flag,
        unit=body.unit,
        breakdown=tuple(Part(**p.model_dump()) for p in body.breakdown),
        nil=Nil(body.nil) if body.nil else None,
        narrative=body.narrative,
    )


async def set_value(
    runtime: Runtime, principal: Principal, site_id: str, year: int, key: str, body: ValueBody
) -> dict[str, Any]:
    return await _send(
        runtime, principal, site_id, year, "set_value", lambda a: report.SetValue(actor=a, value=_value(key, body))
    )


async def clear_value(runtime: Runtime, principal: Principal, site_id: str, year: int, key: str) -> dict[str, Any]:
    return await _send(runtime, principal, site_id, year, "clear_value", lambda a: report.ClearValue(actor=a, key=key))


async def record_evidence(
    runtime: Runtime, principal: Principal, site_id: str, year: int, body: EvidenceBody
) -> dict[str, Any]:
    item_id = body.id
    if item_id is None:
        async with runtime.reads.connect() as conn:
            _, obligation_id = await _located(conn, principal, site_id, year)
            state = await state_of(conn, obligation_id)
        taken = {item.id for item in state.report.evidence} if state else set()
        item_id = next(f"e{n}" for n in range(1, len(taken) + 2) if f"e{n}" not in taken)
    item = EvidenceItem(
        id=item_id,
        kind=body.kind,
        title=body.title,
        held_on=body.held_on,
        venue=body.venue,
        quantity=body.quantity,
        indicators=tuple(body.indicators),
        outcome=Outcome.PENDING if body.pending else None,
        expected_by=body.expected_by,
    )
    return await _send(
        runtime, principal, site_id, year, "record_evidence", lambda a: report.RecordEvidence(actor=a, item=item)
    )


async def remove_evidence(
    runtime: Runtime, principal: Principal, site_id: str, year: int, item_id: str
) -> dict[str, Any]:
    return await _send(
        runtime,
        principal,
        site_id,
        year,
        "remove_evidence",
        lambda a: report.RemoveEvidence(actor=a, item_id=item_id),
    )


async def write_conclusion(
    runtime: Runtime, principal: Principal, site_id: str, year: int, body: ConclusionBody
) -> dict[str, Any]:
    return await _send(
        runtime,
        principal,
        site_id,
        year,
        "write_conclusion",
        lambda a: report.WriteConclusion(actor=a, text=body.text, propose_continue=body.propose_continue),
    )


async def submit(runtime: Runtime, principal: Principal, site_id: str, year: int) -> dict[str, Any]:
    return await _send(runtime, principal, site_id, year, "submit_report", lambda a: report.SubmitReport(actor=a))


async def sign(
    runtime: Runtime, principal: Principal, site_id: str, year: int, step: SignStep, body: SignBody
) -> dict[str, Any]:
    return await _send(
        runtime,
        principal,
        site_id,
        year,
        "sign_report",
        lambda a: report.SignReport(
            actor=a, step=step, position=body.position, printed_name=body.printed_name, signed_on=body.signed_on
        ),
    )


async def return_report(
    runtime: Runtime, principal: Principal, site_id: str, year: int, step: SignStep, body: ReturnBody
) -> dict[str, Any]:
    return await _send(
        runtime,
        principal,
        site_id,
        year,
        "return_report",
        lambda a: report.ReturnReport(actor=a, step=step, comment=body.comment),
    )


async def record_outcome(
    runtime: Runtime, principal: Principal, site_id: str, year: int, item_id: str, body: OutcomeBody
) -> dict[str, Any]:
    return await _send(
        runtime,
        principal,
        site_id,
        year,
        "record_outcome",
        lambda a: report.RecordOutcome(
            actor=a, item_id=item_id, outcome=Outcome(body.outcome), note=body.note, known_on=body.known_on
        ),
    )


async def decide_continuation(
    runtime: Runtime, principal: Principal, site_id: str, year: int, body: ContinuationBody
) -> dict[str, Any]:
    return await _send(
        runtime,
        principal,
        site_id,
        year,
        "decide_continuation",
        lambda a: report.DecideContinuation(
            actor=a, continues=body.continues, comment=body.comment, decided_on=body.decided_on
        ),
    )


def catalogue_view(regulation_id: str, year: int) -> dict[str, Any]:
    """The catalogue a report of ``year`` carries (D4), for a client to build its form."""
    catalogue = platform.catalogue_in_force(regulation(regulation_id), year)
    return {
        "id": catalogue.id,
        "year": catalogue.year,
        "criteria": list(catalogue.criteria),
        "indicators": [
            {
                "key": i.key,
                "title": i.title,
                "criterion": i.criterion,
                "qualitative": i.qualitative,
                "value_type": i.value_type.value,
                "unit": i.unit,
                "source": i.citation.source,
            }
            for i in catalogue.indicators
        ],
    }
