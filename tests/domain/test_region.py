"""The region's own year as data and pure rules (D26–D29): when the cycles of a year open, which sites they open
for, what a site whose status begins mid-year owes, and a curator gap raised once and resolved once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.cycle import planned_obligations, snapshot_for
from domain.region import (
    CuratorAppointed,
    CuratorMissing,
    check_curators,
    curator_escalation_id,
    next_year_to_open,
    opening_instant,
)
from domain.regulations.khmao.order_135r import REGULATION
from domain.regulations.khmao.sites import SITES

TZ = "Asia/Yekaterinburg"


def test_the_cycles_of_a_year_open_on_1_november_of_the_year_before_at_local_midnight() -> None:
    opening = REGULATION.cycle_opening
    assert opening is not None
    assert opening.opens_on(2028) == date(2027, 11, 1)
    assert opening_instant(opening, 2028, TZ) == datetime(2027, 10, 31, 19, 0, tzinfo=UTC)
    assert {"D26", "D27", "D28"} <= set(opening.decisions)
    for number in ("D26", "D27", "D28", "D29"):
        assert REGULATION.decision(number).reason
    # Early enough for the package's reminder: 5 working days before 20 December (D23).
    assert opening.opens_on(2028) < date(2027, 12, 13)


def test_a_workflow_started_in_december_opens_the_next_year_at_once_and_never_the_current_one() -> None:
    assert next_year_to_open(datetime(2026, 12, 5, 10, tzinfo=UTC), TZ) == 2027
    # 31 December 20:00 UTC is already 1 January in the region.
    assert next_year_to_open(datetime(2026, 12, 31, 20, tzinfo=UTC), TZ) == 2028


def test_a_status_begun_mid_year_covers_that_year_from_its_day_and_not_the_years_before() -> None:
    site = next(s for s in SITES if s.id == "1.1.3").model_copy(update={"status_since": date(2028, 4, 1)})
    assert not site.status_covers(2027)
    assert site.status_covers(2028) and site.status_covers(2029)
    assert site.cycle_starts_on(2028) == date(2028, 4, 1)
    assert site.cycle_starts_on(2029) is None
    assert next(s for s in SITES if s.id == "1.1.4").cycle_starts_on(2028) is None


def test_a_cycle_begun_mid_year_owes_nothing_due_before_its_day_and_opens_nothing_before_it() -> None:
    site = next(s for s in SITES if s.id == "1.1.3")
    snapshot = snapshot_for(REGULATION, site, 2028)
    whole = planned_obligations(snapshot, 2028)
    starts = date(2028, 4, 1)
    part = planned_obligations(snapshot, 2028, None, starts)
    keys = {(p.obligation.key, p.instance) for p in part}
    assert ("package", "annual") in {(p.obligation.key, p.instance) for p in whole}
    assert ("package", "annual") not in keys  # due 20.12.2027, before the status
    assert all(p.nominal_due is None or p.nominal_due >= starts for p in part)
    first = datetime(2028, 3, 31, 19, 0, tzinfo=UTC)
    assert all(p.opens_at is None or p.opens_at >= first for p in part)
    # What is due from that day on is owed in full, as for every other site.
    later = {(p.obligation.key, p.instance) for p in whole if p.nominal_due is None or p.nominal_due >= starts}
    assert keys == later


def test_a_site_without_a_curator_escalates_once_and_is_resolved_when_one_is_granted() -> None:
    now = datetime(2027, 3, 1, 5, tzinfo=UTC)
    raised = check_curators("86", {"1.1.5": (), "1.1.6": ("Латышева Юлия Дмитриевна",)}, {}, now, TZ)
    assert list(raised) == ["1.1.5"]
    (missing,) = raised["1.1.5"]
    assert isinstance(missing, CuratorMissing)
    assert missing.since == date(2027, 3, 1)
    assert missing.escalation_id == curator_escalation_id("1.1.5", date(2027, 3, 1))
    assert [role.value for role in missing.notify] == ["rcrso_director"]
    gap = {"1.1.5": missing.escalation_id}
    assert check_curators("86", {"1.1.5": ()}, gap, now, TZ) == {}  # raised once
    (appointed,) = check_curators("86", {"1.1.5": ("Новикова Анна Сергеевна",)}, gap, now, TZ)["1.1.5"]
    assert isinstance(appointed, CuratorAppointed)
    assert appointed.escalation_id == missing.escalation_id
