"""The site-year cycle (годовой цикл площадки): from the planning submission of December of the year before to
the acceptance of the annual report. It owns the plan of the obligation instances a site carries in a year: what
runs them, when each opens, and the site's own stricter date where it set one.

When an instance opens: documents to approve by a fixed date, at once; a report on a period, when the period
ends; something held or gathered within a period (a meeting, a public report, a quota), when the period begins;
a registry kept on a cadence, at the start of the year. Undated duties are planned and shown, never opened.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import DomainEvent, register_event
from domain.deadlines import (
    AtLeastPerPeriod,
    DayAfterPeriod,
    FixedAnnualDate,
    Recurrence,
    RuleInstance,
    deadline_on,
    end_of_day,
    instances,
    start_of_day,
)
from domain.periods import Period, PeriodKind
from domain.regulations.model import CouncilRules, Indicator, Obligation, ObligationKind, Regulation
from domain.sites import Site, SiteStatus, period_end_in


class Runner(StrEnum):
    """The workflow family that runs a kind (``RUNNER_OF_KIND``), derived only from the kind; an undated rule runs
    none. Its values are stored in events (``ObligationPlanned.runner``, ``ObligationOpened.runner``) and in the
    ``obligations.runner`` column: they never change."""

    SUBMISSION = "submission"  # SubmissionWorkflow: submit -> review chain -> accepted
    QUOTA = "quota"  # QuotaWorkflow: at least N items in a period
    COVERAGE = "coverage"  # QuotaWorkflow with the monitoring plan: every institution monitored in the year
    FRESHNESS = "freshness"  # FreshnessWorkflow: a registry kept up to date on a cadence
    NONE = "none"  # no workflow: undated, event-driven or not yet run (expert review); planned and shown only
    ROADMAP_ROW = "roadmap_row"  # RoadmapRowWorkflow: a dated row of the approved roadmap (D42), opened by the cycle
    EXPERTISE = "expertise"  # ExpertiseWorkflow: a product's examination (D8), opened by the quota when it is sent
    CRITERIA_REPORT = "criteria_report"  # CriteriaReportWorkflow: a Vologda platform's report by criteria


# What runs an instance of each kind. The one table of it: nothing else looks at an obligation's key or rule type
# to tell what runs it.
RUNNER_OF_KIND: dict[ObligationKind, Runner] = {
    ObligationKind.APPROVAL: Runner.SUBMISSION,
    ObligationKind.PERIODIC_REPORT: Runner.SUBMISSION,
    ObligationKind.MEETING: Runner.SUBMISSION,
    ObligationKind.COLLECTION: Runner.SUBMISSION,
    ObligationKind.QUOTA: Runner.QUOTA,
    ObligationKind.COVERAGE: Runner.COVERAGE,
    ObligationKind.REGISTRY: Runner.FRESHNESS,
    ObligationKind.PRODUCT_REVIEW: Runner.NONE,  # not by the cycle: each product sent opens one (Runner.EXPERTISE)
    ObligationKind.STANDING: Runner.NONE,
    ObligationKind.ROADMAP_ROW: Runner.ROADMAP_ROW,
    ObligationKind.CRITERIA_REPORT: Runner.CRITERIA_REPORT,
}

# The runners of QuotaWorkflow: an obligation with a target and its progress towards it.
QUOTA_RUNNERS = frozenset({Runner.QUOTA, Runner.COVERAGE})

# The rules that date a year's instances by the calendar alone. The others are undated: no deadline, or a number
# of working days after an event (a справка, started by the monitoring it reports on, not by the cycle).
DATED_RULES = (FixedAnnualDate, DayAfterPeriod, AtLeastPerPeriod, Recurrence)


def runner_for(obligation: Obligation) -> Runner:
    """What runs the obligation's instances in a cycle: its kind's workflow, or none for an undated rule."""
    if not isinstance(obligation.deadline, DATED_RULES):
        return Runner.NONE
    return RUNNER_OF_KIND[obligation.kind]


class PlannedObligation(BaseModel):
    """An obligation instance of the cycle (the annual package; the Q3 report; the March meeting)."""

    model_config = ConfigDict(frozen=True)

    obligation: Obligation
    instance: str
    period: Period | None
    nominal_due: date | None
    internal_target: date | None = None
    runner: Runner
    opens_at: datetime | None  # None: never opened (runner NONE)


class RegulationSnapshot(BaseModel):
    """What a cycle keeps of its regulation: the obligations of its site, with the site's overrides applied, and
    the definitions of the indicators they ask for, as they stood when the cycle started. Editing the regulation
    later never changes a running cycle."""

    model_config = ConfigDict(frozen=True)

    regulation_id: str
    version: int
    timezone: str
    site_status: SiteStatus
    obligations: tuple[Obligation, ...]
    indicators: tuple[Indicator, ...] = ()
    # The state institutions that send the site their forms (5.2, D34): one instance of a per-institution
    # obligation for each of them; empty in snapshots taken before, and for a site that has not named them (D35).
    reporting_institutions: tuple[str, ...] = ()
    # The template of a dated roadmap row (D42): None in snapshots taken before, and where rows are not tracked.
    roadmap_row: Obligation | None = None
    # How the expert council examines the products the site sends (D46–D52): None in snapshots taken before.
    council: CouncilRules | None = None

    def indicators_of(self, obligation: Obligation) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.key in obligation.indicators)


def snapshot_for(regulation: Regulation, site: Site, year: int) -> RegulationSnapshot:
    obligations = regulation.obligations_for(site.id, site.status)
    wanted = {key for obligation in obligations for key in obligation.indicators}
    catalogues = sorted((c for c in regulation.indicator_catalogues if c.year <= year), key=lambda c: c.year)
    if not catalogues:
        catalogues = sorted(regulation.indicator_catalogues, key=lambda c: c.year)[:1]
    definitions: dict[str, Indicator] = {}
    for catalogue in catalogues:  # a later catalogue's definition replaces an earlier one's
        definitions.update({i.key: i for i in catalogue.indicators if i.key in wanted})
    return RegulationSnapshot(
        regulation_id=regulation.id,
        version=regulation.version,
        timezone=regulation.timezone,
        site_status=site.status,
        obligations=obligations,
        indicators=tuple(definitions[key] for key in sorted(definitions)),
        reporting_institutions=site.reporting_institutions,
        roadmap_row=regulation.roadmap_row,
        council=regulation.council,
    )


def institution_instance(instance: str, institution_id: str) -> str:
    """The instance of one institution's forms for a period: ``Q1-megion-kcson`` (D34)."""
    return f"{instance}-{institution_id}"


def instance_institution(obligation: Obligation, instance: str) -> str | None:
    """The institution whose forms ``instance`` is, for a per-institution obligation; None otherwise (and for the
    one instance per period of a site that named no institutions, D35)."""
    return forms_institution_of(obligation.per_institution, instance)


def forms_institution_of(per_institution: bool, instance: str) -> str | None:
    """``instance_institution`` from the obligation's flag alone (a projection row's rule, as JSON)."""
    if not per_institution or "-" not in instance:
        return None
    return instance.split("-", 1)[1]


def opens_at(obligation: Obligation, instance: RuleInstance, year: int, timezone: str) -> datetime | None:
    rule = obligation.deadline
    if isinstance(rule, FixedAnnualDate):
        return None  # at once
    if isinstance(rule, DayAfterPeriod) and instance.period is not None:
        if rule.months_after >= 1:
            return end_of_day(instance.period.end, timezone)  # a report on the period opens when it ends
        return start_of_day(instance.period.start, timezone)
    if isinstance(rule, AtLeastPerPeriod) and instance.period is not None:
        return start_of_day(instance.period.start, timezone)
    return start_of_day(date(year, 1, 1), timezone)


def planned_obligations(
    snapshot: RegulationSnapshot,
    year: int,
    calendar: ProductionCalendar | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> list[PlannedObligation]:
    """What the site owes in this year, instance by instance, with when each opens. ``starts_on``: the day its
    status began in this year (D28): nothing due before it is owed, nothing opens before it. ``ends_on``: the last
    day of its status period in this year (D22): nothing of a period that begins after it is owed, nor anything
    without a period due after it; what it owes for a period it held its status in stays."""
    planned = _planned(snapshot, year, calendar)
    if ends_on is not None:
        planned = [p for p in planned if _begun_by(p, ends_on)]
    if starts_on is None:
        return planned
    first = start_of_day(starts_on, snapshot.timezone)
    return [
        p.model_copy(update={"opens_at": max(p.opens_at or first, first)}) if p.runner != Runner.NONE else p
        for p in planned
        if p.nominal_due is None or p.nominal_due >= starts_on
    ]


def _begun_by(planned: PlannedObligation, ends_on: date) -> bool:
    if planned.period is not None:
        return planned.period.start <= ends_on
    return planned.nominal_due is None or planned.nominal_due <= ends_on


def _planned(
    snapshot: RegulationSnapshot, year: int, calendar: ProductionCalendar | None = None
) -> list[PlannedObligation]:
    planned: list[PlannedObligation] = []
    for obligation in snapshot.obligations:
        runner = runner_for(obligation)
        if runner == Runner.NONE:
            planned.append(
                PlannedObligation(
                    obligation=obligation,
                    instance="standing",
                    period=None,
                    nominal_due=None,
                    runner=runner,
                    opens_at=None,
                )
            )
            continue
        if runner == Runner.FRESHNESS:
            planned.append(
                PlannedObligation(
                    obligation=obligation,
                    instance="year",
                    period=Period(kind=PeriodKind.YEAR, year=year, index=1),
                    nominal_due=date(year, 12, 31),
                    runner=runner,
                    opens_at=start_of_day(date(year, 1, 1), snapshot.timezone),
                )
            )
            continue
        targets = _internal_targets(obligation, year, calendar)
        institutions: tuple[str | None, ...] = (None,)
        if obligation.per_institution and snapshot.reporting_institutions:
            institutions = snapshot.reporting_institutions
        elif obligation.institutions_told:
            continue  # none until the cycle is told of them (Vologda D11)
        for instance in instances(obligation.deadline, year, calendar):
            target = targets.get(instance.instance)
            opens = opens_at(obligation, instance, year, snapshot.timezone)
            if target is not None and opens is not None and start_of_day(target, snapshot.timezone) < opens:
                # A target before the period ends (the Q4 forms by the last working day of December, D36): the
                # instance opens with the target's month, so that it can be met.
                opens = start_of_day(target.replace(day=1), snapshot.timezone)
            for institution in institutions:
                planned.append(
                    PlannedObligation(
                        obligation=obligation,
                        instance=instance.instance
                        if institution is None
                        else institution_instance(instance.instance, institution),
                        period=instance.period,
                        nominal_due=instance.nominal,
                        internal_target=target,
                        runner=runner,
                        opens_at=opens,
                    )
                )
    return planned


class InstitutionsChange(BaseModel):
    """What a cycle does when told which institutions an ``institutions_told`` obligation is owed by (a Vologda
    platform's participating centres, D11): the instances to plan, and the instances of institutions no longer told
    to withdraw — dropped from the plan if not opened yet, cancelled unless sent if they are."""

    model_config = ConfigDict(frozen=True)

    plan: tuple[PlannedObligation, ...] = ()
    withdraw: tuple[str, ...] = ()  # instances


class Held(StrEnum):
    """How far an instance of a told obligation went in a cycle."""

    PLANNED = "planned"  # planned, not opened yet
    OPENED = "opened"  # its workflow runs (or ran)
    WITHDRAWN = "withdrawn"  # dropped from the plan before it opened: planned again if its institution comes back
    RECALLED = "recalled"  # opened, then told to withdraw: never planned again, nor withdrawn twice


def told_obligations(snapshot: RegulationSnapshot) -> tuple[Obligation, ...]:
    return tuple(o for o in snapshot.obligations if o.per_institution and o.institutions_told)


def change_of_institutions(
    snapshot: RegulationSnapshot,
    year: int,
    calendar: ProductionCalendar,
    told: tuple[str, ...],
    held: dict[str, Held],
    now: datetime,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> InstitutionsChange:
    """The cycle told that ``told`` are the institutions now (the platform's profile saved, D11), having ``held`` the
    instances of its told obligations so far.

    An institution told for the first time owes only the instances whose deadline has not passed at ``now`` (it
    joined after that request went out: asking it then would make it overdue the day it joins); one told again after
    a withdrawal owes the instances withdrawn before they opened, on the same terms. An instance opened once is never
    planned again. An institution no longer told has its planned and opened instances withdrawn."""
    obligations = told_obligations(snapshot)
    if not obligations:
        return InstitutionsChange()
    scope = snapshot.model_copy(update={"obligations": obligations, "reporting_institutions": told})
    wanted = planned_obligations(scope, year, calendar, starts_on, ends_on) if told else []
    plan = []
    for planned in wanted:
        if held.get(planned.instance) not in (None, Held.WITHDRAWN):
            continue
        assert planned.nominal_due is not None
        if deadline_on(planned.nominal_due, calendar, snapshot.timezone).ends_at <= now:
            continue  # joined after the deadline: not owed
        plan.append(planned)
    withdraw = []
    for instance, state in held.items():
        if state in (Held.WITHDRAWN, Held.RECALLED):
            continue
        institution = forms_institution_of(True, instance)
        if institution is not None and institution not in told:
            withdraw.append(instance)
    return InstitutionsChange(plan=tuple(plan), withdraw=tuple(sorted(withdraw)))


class PlanExtension(BaseModel):
    """What a cycle whose plan its site's status end cut (D22) plans when told a later end, or none: the instances of
    the periods after the end it had planned to that the new end covers, and the end its plan reaches then."""

    model_config = ConfigDict(frozen=True)

    ends_on: date | None  # the last day the plan covers now; None: the whole year
    plan: tuple[PlannedObligation, ...] = ()
    # The instances of ``plan`` (obligation key, instance) whose deadline had already passed when the cycle was told
    # (a cycle opened after its period had ended): planned all the same with the date their rule gives, as the site
    # held its status then, they open at once and are overdue like any late instance.
    past_due: tuple[tuple[str, str], ...] = ()


def plan_extension(
    snapshot: RegulationSnapshot,
    year: int,
    calendar: ProductionCalendar,
    planned_to: date,
    until: date | None,
    planned: Collection[tuple[str, str]],
    told: tuple[str, ...],
    now: datetime,
    starts_on: date | None = None,
) -> PlanExtension | None:
    """The cycle planned its year up to ``planned_to`` (its site's status end when it opened, or the end it last
    extended to) and is told the status period ends ``until`` now (None: no end). None when that reaches no later;
    else what the plan of the new end holds beyond the plan of ``planned_to`` — the instances of the periods begun
    after it, and the undated-by-period ones due after it — except any already ``planned`` (obligation key,
    instance), so that nothing is planned twice. ``told``: the institutions the cycle follows for its told
    obligations (D11), whose instances are extended like the others."""
    if until is not None and until <= planned_to:
        return None
    ends_on = period_end_in(until, year)
    before = {
        (p.obligation.key, p.instance) for p in _whole_plan(snapshot, year, calendar, told, starts_on, planned_to)
    }
    plan = tuple(
        p
        for p in _whole_plan(snapshot, year, calendar, told, starts_on, ends_on)
        if p.runner != Runner.NONE
        and (p.obligation.key, p.instance) not in before
        and (p.obligation.key, p.instance) not in planned
    )
    past_due = tuple(
        (p.obligation.key, p.instance)
        for p in plan
        if p.nominal_due is not None and deadline_on(p.nominal_due, calendar, snapshot.timezone).ends_at <= now
    )
    return PlanExtension(ends_on=ends_on, plan=plan, past_due=past_due)


def _whole_plan(
    snapshot: RegulationSnapshot,
    year: int,
    calendar: ProductionCalendar,
    told: tuple[str, ...],
    starts_on: date | None,
    ends_on: date | None,
) -> list[PlannedObligation]:
    """The cycle's plan for ``ends_on`` in the regulation's order, a told obligation's instances for ``told``."""
    plan: list[PlannedObligation] = []
    for obligation in snapshot.obligations:
        institutions = told if obligation.institutions_told else snapshot.reporting_institutions
        scope = snapshot.model_copy(update={"obligations": (obligation,), "reporting_institutions": institutions})
        plan.extend(planned_obligations(scope, year, calendar, starts_on, ends_on))
    return plan


def withdrawal_reason(on: date) -> str:
    """Why a participating centre's instance is withdrawn: the same words on the timeline and in the cancellation."""
    return (
        f"Комплексный центр исключен из участников ОМП (паспорт ОМП изменен {on:%d.%m.%Y}): запрос сведений отозван "
        "(решение D11)."
    )


def _internal_targets(obligation: Obligation, year: int, calendar: ProductionCalendar | None) -> dict[str, date]:
    if obligation.internal_target is None:
        return {}
    return {i.instance: i.nominal for i in instances(obligation.internal_target, year, calendar)}


@register_event
class CycleStarted(DomainEvent):
    event_type = "CycleStarted"

    site_id: str
    year: int
    regulation_id: str
    regulation_version: int
    obligations: tuple[str, ...]  # obligation ids the cycle plans
    starts_on: date | None = None  # the site's status began this day of the year: nothing before it is owed (D28)


@register_event
class InstitutionsTold(DomainEvent):
    """The cycle learned which institutions owe its told obligations (a Vologda platform's participating centres,
    from its profile, D11) and what it plans and withdraws for them: ``planned`` and ``withdrawn`` are obligation
    ids; each planned one follows as ObligationPlanned, each withdrawn one not yet opened as ObligationWithdrawn."""

    event_type = "InstitutionsTold"

    site_id: str
    year: int
    institutions: tuple[str, ...]
    planned: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()


@register_event
class CycleCompleted(DomainEvent):
    event_type = "CycleCompleted"

    site_id: str
    year: int


@register_event
class CycleClosed(DomainEvent):
    """The cycle was closed before its end: the site's status was revoked by an order of the Department."""

    event_type = "CycleClosed"

    site_id: str
    year: int
    reason: str


@register_event
class CycleEndScheduled(DomainEvent):
    """The cycle learned the end of its site's status period (D22) — from its input when it opened, or told by the
    site's card when the end was set, moved or removed — and closes itself at the end of that day in the region, as
    a revocation closes it. ``ends_on`` None: the end was removed, the cycle runs on."""

    event_type = "CycleEndScheduled"

    site_id: str
    year: int
    ends_on: date | None
    closes_at: datetime | None  # the end of ``ends_on`` in the region's time zone, UTC; None with no end


def status_end_reason(ends_on: date) -> str:
    """Why a cycle closes when its site's status period has ended: the same words whoever closes it."""
    return f"Срок действия статуса площадки истек {ends_on:%d.%m.%Y}"


@register_event
class CyclePlanExtended(DomainEvent):
    """The cycle, whose plan its site's status end had cut (D22), was told a later end or none, and planned what the
    old end had dropped and the new one covers: each instance follows as ObligationPlanned and opens at its instant.
    ``planned`` and ``past_due`` are obligation ids; ``past_due`` those whose deadline had already passed, opened at
    once and overdue."""

    event_type = "CyclePlanExtended"

    site_id: str
    year: int
    planned_to: date  # the last day the plan covered before
    status_until: date | None  # the status period's end the cycle was told; None: no end
    planned: tuple[str, ...]
    past_due: tuple[str, ...] = ()
