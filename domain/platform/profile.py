"""A Vologda platform's profile (паспорт ОМП): its theme, the host organisation (база ОМП), the working group with
each member's position (002:11–13, 003:11), the complex centres taking part in it (002:15, 145) and the years it
is active. Edited by the platform's director or the Department, as events on the stream ``platform:{site}:profile``;
the platform's page shows the latest."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.people import Role

EDITORS = (Role.SITE_DIRECTOR, Role.DEPARTMENT)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def profile_stream(site_id: str) -> str:
    return f"platform:{site_id}:profile"


class Member(BaseModel):
    """A member of the working group: the name and position as the order writes them."""

    model_config = ConfigDict(frozen=True)

    full_name: str
    position: str = ""


class Organisation(BaseModel):
    model_config = ConfigDict(frozen=True)

    institution_id: str
    name: str


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True)

    theme: str
    host: Organisation
    working_group: tuple[Member, ...] = ()
    centres: tuple[Organisation, ...] = ()
    active_from: int
    active_to: int | None = None  # still active

    def years_ru(self) -> str:
        return f"с {self.active_from} года" if self.active_to is None else f"{self.active_from}–{self.active_to} гг."


@register_event
class PlatformProfileSet(DomainEvent):
    """The platform's profile as it now stands (the whole of it: the page's form sends it whole)."""

    event_type = "PlatformProfileSet"

    site_id: str
    profile: Profile
    by: ActorRef


class SetProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["set_profile"] = "set_profile"
    actor: Actor
    profile: Profile


class ProfileState(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str
    profile: Profile | None = None
    updated_by: ActorRef | None = None
    updated_at: datetime | None = None


def decide(state: ProfileState, command: SetProfile, now: datetime) -> list[DomainEvent]:
    role = command.actor.role_among(EDITORS, "изменять паспорт ОМП")
    profile = command.profile
    theme = " ".join(profile.theme.split())
    if not theme:
        raise DomainError("theme_required", "Укажите тему ОМП.", "theme")
    if not profile.host.institution_id:
        raise DomainError("host_required", "Укажите учреждение — базу ОМП.", "host")
    members = []
    for index, member in enumerate(profile.working_group):
        name, position = " ".join(member.full_name.split()), " ".join(member.position.split())
        if not name:
            raise DomainError("member_name", f"Строка {index + 1}: не указаны фамилия, имя, отчество.", "working_group")
        members.append(Member(full_name=name, position=position))
    ids = [centre.institution_id for centre in profile.centres]
    if len(set(ids)) != len(ids):
        raise DomainError("centre_twice", "Комплексный центр указан дважды.", "centres")
    if not FIRST_YEAR <= profile.active_from <= LAST_YEAR:
        raise DomainError("year_range", f"Год начала — от {FIRST_YEAR} до {LAST_YEAR}.", "active_from")
    if profile.active_to is not None and not profile.active_from <= profile.active_to <= LAST_YEAR:
        raise DomainError("years_order", "Год окончания не может быть раньше года начала.", "active_to")
    cleaned = profile.model_copy(update={"theme": theme, "working_group": tuple(members)})
    if state.profile == cleaned:
        return []
    return [PlatformProfileSet(occurred_at=now, site_id=state.site_id, profile=cleaned, by=command.actor.ref(role))]


def evolve(state: ProfileState, event: DomainEvent) -> ProfileState:
    if isinstance(event, PlatformProfileSet):
        return state.model_copy(
            update={"profile": event.profile, "updated_by": event.by, "updated_at": event.occurred_at}
        )
    return state


def profile_of(site_id: str, events: list[DomainEvent]) -> ProfileState:
    return fold(evolve, ProfileState(site_id=site_id), events)
