"""Registries kept up to date on a cadence (реестры) without I/O: the daily registry of site 1.1.10 (C13) — a missed
stretch escalates once, not once a day; an update ends it; no overdue falls on a day off; the year closes only when
the registry is up to date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain import freshness
from domain.calendar import ProductionCalendar
from domain.common import Actor, DomainError, DomainEvent
from domain.deadlines import deadline_on, end_of_day
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved
from domain.files import FileFormat, FileRef
from domain.obligations import CancelObligation, Context, ObligationCancelled, ObligationOpened, ObligationRef
from domain.obligations import RaiseEscalation as Raise
from domain.people import Role
from domain.regulations.khmao.order_135r import REGULATION, TIMEZONE
from domain.regulations.khmao.sites import site_by_id
from domain.regulations.model import Obligation

# Weekends, the New Year holidays and 8 March (a Monday in 2027).
HOLIDAYS = frozenset(
    {*(date(2027, 1, day) for day in range(1, 9)), date(2027, 3, 8), *(date(2028, 1, day) for day in range(1, 9))}
)
CALENDAR = ProductionCalendar(years=frozenset({2027, 2028}), holidays=HOLIDAYS)
SITE = "1.1.10"
DAILY: Obligation = next(
    o for o in REGULATION.obligations_for(SITE, site_by_id(SITE).status) if o.key == "registry_identified_daily"
)
OPENED_AT = datetime(2027, 3, 3, 4, tzinfo=UTC)  # 09:00 local, Wednesday 03.03.2027

RESPONSIBLE = Actor(user_id="r", full_name="Ответственное лицо", roles=frozenset({Role.SITE_RESPONSIBLE}))
CURATOR = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))
OVERDUE = Raise(level=EscalationLevel.OVERDUE)


def local(day: date, hour: int = 12) -> datetime:
    """``hour`` o'clock on ``day`` in the region (UTC+5)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=5)


def ctx(now: datetime) -> Context:
    return Context(now=now, calendar=CALENDAR, timezone=TIMEZONE)


def opened(at: datetime = OPENED_AT) -> freshness.FreshnessState:
    event = ObligationOpened(
        occurred_at=at,
        ref=ObligationRef(
            obligation_id=f"cycle:{SITE}:2027:{DAILY.key}:2027",
            cycle_id=f"cycle:{SITE}:2027",
            site_id=SITE,
            year=2027,
            key=DAILY.key,
            instance="2027",
        ),
        obligation=DAILY,
        regulation_id="khmao-135r",
        regulation_version=1,
        deadline=deadline_on(date(2027, 12, 31), CALENDAR, TIMEZONE),
    )
    return freshness.initial_state(event, ctx(at))


def registry(file_format: FileFormat = FileFormat.XLSX) -> dict[str, FileRef]:
    name = f"registry.{file_format.value}"
    return {"registry": FileRef(file_id="f", filename=name, format=file_format, size=10, sha256="0" * 64)}


def update(actor: Actor = RESPONSIBLE, entries: int | None = 12) -> freshness.RecordUpdate:
    return freshness.RecordUpdate(actor=actor, items=registry(), entries=entries)


def decided(state: freshness.FreshnessState, command: freshness.FreshnessCommand, now: datetime) -> list[DomainEvent]:
    return freshness.decide(state, DAILY, command, ctx(now))


def step(
    state: freshness.FreshnessState, command: freshness.FreshnessCommand, now: datetime
) -> freshness.FreshnessState:
    return freshness.evolve_all(state, decided(state, command, now))


def refused(state: freshness.FreshnessState, command: freshness.FreshnessCommand, now: datetime) -> DomainError:
    with pytest.raises(DomainError) as error:
        decided(state, command, now)
    return error.value


def upcoming(state: freshness.FreshnessState, now: datetime) -> tuple[EscalationLevel, datetime] | None:
    scheduled = freshness.next_escalation(state, DAILY, ctx(now))
    return None if scheduled is None else (scheduled.level, scheduled.at)


def test_only_working_days_from_the_opening_day_are_due() -> None:
    days = opened().occurrences
    assert days[:4] == (date(2027, 3, 3), date(2027, 3, 4), date(2027, 3, 5), date(2027, 3, 9))
    assert days[-1] == date(2027, 12, 31)
    assert date(2027, 3, 2) not in days  # before the obligation opened


def test_a_registry_not_updated_is_overdue_at_the_end_of_the_next_working_day() -> None:
    assert upcoming(opened(), OPENED_AT) == (EscalationLevel.OVERDUE, end_of_day(date(2027, 3, 4), TIMEZONE))


def test_a_missed_stretch_raises_one_overdue_not_one_per_day() -> None:
    overdue_at = end_of_day(date(2027, 3, 4), TIMEZONE)
    (raised,) = decided(opened(), OVERDUE, overdue_at)
    assert isinstance(raised, EscalationRaised)
    assert (raised.phase, raised.due_nominal) == (0, date(2027, 3, 3))
    assert set(raised.notify) == {Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR}
    state = freshness.evolve_all(opened(), [raised])
    # A week and more of missed days later, still the one escalation.
    for day in (date(2027, 3, 5), date(2027, 3, 12), date(2027, 4, 30)):
        assert upcoming(state, end_of_day(day, TIMEZONE)) is None
    assert refused(state, OVERDUE, end_of_day(date(2027, 3, 12), TIMEZONE)).code == "unknown_level"


def test_an_update_ends_the_stretch_and_the_next_miss_escalates_anew() -> None:
    state = step(opened(), OVERDUE, end_of_day(date(2027, 3, 4), TIMEZONE))
    events = decided(state, update(), local(date(2027, 3, 10)))
    resolved, updated = events
    assert isinstance(resolved, EscalationResolved) and resolved.resolution == "updated"
    assert isinstance(updated, freshness.RegistryUpdated) and updated.on == date(2027, 3, 10)
    state = freshness.evolve_all(state, events)
    assert state.open_escalations == () and state.updates == 1

    next_at = end_of_day(date(2027, 3, 12), TIMEZONE)  # 11.03 missed, overdue when 12.03 ends
    assert upcoming(state, local(date(2027, 3, 10))) == (EscalationLevel.OVERDUE, next_at)
    (again,) = decided(state, OVERDUE, next_at)
    assert isinstance(again, EscalationRaised) and again.due_nominal == date(2027, 3, 11)
    assert again.escalation_id != resolved.escalation_id


def test_no_overdue_falls_on_a_weekend_or_a_holiday() -> None:
    state = step(opened(), update(), local(date(2027, 3, 5)))  # Friday
    # Next due Tuesday 09.03 (Monday 8 March is a holiday); overdue when Wednesday 10.03 ends.
    assert upcoming(state, local(date(2027, 3, 5))) == (
        EscalationLevel.OVERDUE,
        end_of_day(date(2027, 3, 10), TIMEZONE),
    )


def test_the_day_of_an_update_is_the_region_s_local_day() -> None:
    late_evening_utc = datetime(2027, 3, 3, 20, tzinfo=UTC)  # 01:00 on 04.03 in the region
    (updated,) = decided(opened(), update(), late_evening_utc)
    assert isinstance(updated, freshness.RegistryUpdated) and updated.on == date(2027, 3, 4)
    state = freshness.evolve_all(opened(), [updated])
    # 04.03 is kept; 05.03 is next, overdue when Tuesday 09.03 ends (Monday 8 March is a holiday).
    assert upcoming(state, late_evening_utc) == (EscalationLevel.OVERDUE, end_of_day(date(2027, 3, 9), TIMEZONE))


def test_the_year_closes_only_when_the_registry_is_up_to_date() -> None:
    state = opened()
    # The last day due is Friday 31.12.2027; its overdue would come when the next working day ends: 10.01.2028.
    over_at = freshness.year_over_at(state, DAILY, ctx(OPENED_AT))
    assert over_at == end_of_day(date(2028, 1, 10), TIMEZONE)

    stale = step(state, OVERDUE, end_of_day(date(2027, 3, 4), TIMEZONE))
    assert decided(stale, freshness.CloseYear(), over_at) == []

    up_to_date = step(stale, update(), local(date(2027, 12, 31)))
    (closed,) = decided(up_to_date, freshness.CloseYear(), over_at)
    assert isinstance(closed, freshness.RegistryYearClosed) and closed.updates == 1
    closed_state = freshness.evolve_all(up_to_date, [closed])
    assert closed_state.status == freshness.FreshnessStatus.CLOSED
    assert upcoming(closed_state, over_at) is None
    assert refused(closed_state, update(), over_at).code == "closed"


def test_who_may_record_an_update_and_what_it_carries() -> None:
    now = local(date(2027, 3, 4))
    assert refused(opened(), update(actor=CURATOR), now).code == "not_allowed"
    negative = refused(opened(), update(entries=-1), now)
    assert (negative.code, negative.field) == ("entries", "entries")
    wrong = freshness.RecordUpdate(actor=RESPONSIBLE, items=registry(FileFormat.ZIP))
    assert refused(opened(), wrong, now).code == "wrong_format"
    assert step(opened(), freshness.RecordUpdate(actor=RESPONSIBLE), now).last_update == date(2027, 3, 4)


def test_a_revoked_site_closes_the_registry_and_its_escalation() -> None:
    state = step(opened(), OVERDUE, end_of_day(date(2027, 3, 4), TIMEZONE))
    now = local(date(2027, 3, 15))
    events = decided(state, CancelObligation(reason="Статус прекращен"), now)
    assert [type(event) for event in events] == [EscalationResolved, ObligationCancelled]
    resolved = events[0]
    assert isinstance(resolved, EscalationResolved) and resolved.resolution == "cancelled"
    cancelled = freshness.evolve_all(state, events)
    assert cancelled.status == freshness.FreshnessStatus.CANCELLED
    assert upcoming(cancelled, now) is None
    assert refused(cancelled, update(), now).code == "closed"
