"""The distribution of a platform's approved plan of the year to its participating complex centres (002:15: «всем
комплексным центрам Вологодской области, направлены на ознакомление», in 2022 — in March). Once the year's
``annual_plans`` are approved, the platform records the day it sent them to each centre of its profile; the page
lists the centres and the day each received the plan. Stream ``platform:{site}:plan:{year}``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.people import Role
from domain.platform.profile import Organisation

SENDERS = (Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)


def distribution_stream(site_id: str, year: int) -> str:
    return f"platform:{site_id}:plan:{year}"


@register_event
class PlanDistributed(DomainEvent):
    """The approved plan of the year sent to one participating centre on ``sent_on``."""

    event_type = "PlanDistributed"

    site_id: str
    year: int
    centre: Organisation
    sent_on: date
    by: ActorRef


class DistributePlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["distribute_plan"] = "distribute_plan"
    actor: Actor
    centre_ids: tuple[str, ...]  # empty: every participating centre that has not received it yet
    sent_on: date


class DistributionState(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str
    year: int
    sent: dict[str, date] = {}  # centre -> the day it received the plan


def decide(
    state: DistributionState,
    command: DistributePlan,
    centres: tuple[Organisation, ...],
    approved_on: date | None,
    today: date,
    now: datetime,
) -> list[DomainEvent]:
    """``centres``: the participating centres of the platform's profile; ``approved_on``: the day the year's plan
    was approved (``None`` while it is not)."""
    role = command.actor.role_among(SENDERS, "отмечать направление плана в комплексные центры")
    if approved_on is None:
        raise DomainError("plan_not_approved", f"План на {state.year} год еще не утвержден: направлять нечего.")
    if not centres:
        raise DomainError("no_centres", "В паспорте ОМП не указаны комплексные центры — участники.", "centre_ids")
    if command.sent_on < approved_on:
        raise DomainError(
            "sent_before_approval", f"План утвержден {approved_on:%d.%m.%Y}: направить его раньше нельзя.", "sent_on"
        )
    if command.sent_on > today:
        raise DomainError("sent_in_future", "Дата направления еще не наступила.", "sent_on")
    known = {centre.institution_id: centre for centre in centres}
    wanted = command.centre_ids or tuple(c.institution_id for c in centres if c.institution_id not in state.sent)
    if not wanted:
        raise DomainError("all_sent", "План уже направлен всем комплексным центрам.", "centre_ids")
    events: list[DomainEvent] = []
    for centre_id in dict.fromkeys(wanted):
        if centre_id not in known:
            raise DomainError("not_a_centre", "Этот центр не участвует в работе ОМП (паспорт ОМП).", "centre_ids")
        if centre_id in state.sent:
            sent = state.sent[centre_id]
            raise DomainError(
                "already_sent", f"{known[centre_id].name}: план уже направлен {sent:%d.%m.%Y}.", "centre_ids"
            )
        events.append(
            PlanDistributed(
                occurred_at=now,
                site_id=state.site_id,
                year=state.year,
                centre=known[centre_id],
                sent_on=command.sent_on,
                by=command.actor.ref(role),
            )
        )
    return events


def evolve(state: DistributionState, event: DomainEvent) -> DistributionState:
    if isinstance(event, PlanDistributed):
        return state.model_copy(update={"sent": {**state.sent, event.centre.institution_id: event.sent_on}})
    return state


def distribution_of(site_id: str, year: int, events: list[DomainEvent]) -> DistributionState:
    return fold(evolve, DistributionState(site_id=site_id, year=year), events)
