"""The approved plan sent to each participating centre (002:15): after approval, not before, not in the future,
once per centre, only to the centres of the profile; none named — every centre still waiting."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.common import Actor, DomainError
from domain.people import Role
from domain.platform.distribution import DistributePlan, DistributionState, decide, distribution_of
from domain.platform.profile import Organisation

NOW = datetime(2022, 3, 20, 9, tzinfo=UTC)
APPROVED, TODAY = date(2022, 3, 1), date(2022, 3, 20)
CENTRES = (Organisation(institution_id="c1", name="КЦСОН 1"), Organisation(institution_id="c2", name="КЦСОН 2"))
RESPONSIBLE = Actor(user_id="u", full_name="Белова Ольга Ивановна", roles=frozenset({Role.SITE_RESPONSIBLE}))


def test_each_centre_receives_the_plan_once() -> None:
    state = DistributionState(site_id="omp", year=2022)
    events = decide(state, DistributePlan(actor=RESPONSIBLE, centre_ids=("c1",), sent_on=date(2022, 3, 14)),
                    CENTRES, APPROVED, TODAY, NOW)  # fmt: skip
    state = distribution_of("omp", 2022, events)
    assert state.sent == {"c1": date(2022, 3, 14)}
    with pytest.raises(DomainError, match=r"уже направлен 14\.03\.2022"):
        decide(
            state, DistributePlan(actor=RESPONSIBLE, centre_ids=("c1",), sent_on=TODAY), CENTRES, APPROVED, TODAY, NOW
        )
    rest = decide(state, DistributePlan(actor=RESPONSIBLE, centre_ids=(), sent_on=TODAY), CENTRES, APPROVED, TODAY, NOW)
    assert [e.centre.institution_id for e in rest] == ["c2"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("ids", "on", "approved", "code"),
    [
        ((), TODAY, None, "plan_not_approved"),
        ((), date(2022, 2, 28), APPROVED, "sent_before_approval"),
        ((), date(2022, 3, 21), APPROVED, "sent_in_future"),
        (("c9",), TODAY, APPROVED, "not_a_centre"),
    ],
)
def test_what_cannot_be_recorded(ids: tuple[str, ...], on: date, approved: date | None, code: str) -> None:
    command = DistributePlan(actor=RESPONSIBLE, centre_ids=ids, sent_on=on)
    with pytest.raises(DomainError) as refused:
        decide(DistributionState(site_id="omp", year=2022), command, CENTRES, approved, TODAY, NOW)
    assert refused.value.code == code


def test_without_centres_in_the_profile_nothing_is_sent() -> None:
    command = DistributePlan(actor=RESPONSIBLE, centre_ids=(), sent_on=TODAY)
    with pytest.raises(DomainError, match="не указаны комплексные центры"):
        decide(DistributionState(site_id="omp", year=2022), command, (), APPROVED, TODAY, NOW)
