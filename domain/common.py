"""What every bounded context shares: the domain error, the acting user, and the base of domain events."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from domain.roles import ROLE_RU, Role


def upper_first(text: str) -> str:
    """``text`` starting with a capital; unlike ``str.capitalize`` it keeps the rest (РЦРСО, names) as written."""
    return text[:1].upper() + text[1:]


class DomainError(Exception):
    """A command the rules refuse. ``code`` is machine-readable; ``message`` is Russian, fit for the user."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class Actor(BaseModel):
    """The person acting, with the roles they hold *on the site concerned* (resolved by the API from grants):
    ``acting_roles`` are held only as an acting official (И.О.), ``substitute_for`` maps a role held only through
    a colleague's handover (замещение) to that colleague's name."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    full_name: str
    roles: frozenset[Role]
    acting_roles: frozenset[Role] = frozenset()
    substitute_for: dict[Role, str] = {}

    def holds_any(self, roles: tuple[Role, ...] | frozenset[Role]) -> bool:
        return bool(self.roles & frozenset(roles))

    def role_among(self, allowed: tuple[Role, ...], what: str) -> Role:
        """The first of ``allowed`` this person holds; refused (``not_allowed``) when none, naming who may ``what``."""
        for role in allowed:
            if role in self.roles:
                return role
        if not allowed:
            raise DomainError(
                "not_allowed", f"{upper_first(what)} не может никто: регламент не называет, кто это делает."
            )
        who = " или ".join(ROLE_RU[role] for role in allowed)
        raise DomainError("not_allowed", f"{upper_first(what)} может только {who}.")

    def ref(self, role: Role) -> ActorRef:
        return ActorRef(
            user_id=self.user_id,
            full_name=self.full_name,
            role=role,
            acting=role in self.acting_roles,
            on_behalf_of=self.substitute_for.get(role, ""),
        )


class ActorRef(BaseModel):
    """Who did something, as kept in an event: in which role, as an acting official or on a colleague's behalf."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    full_name: str
    role: Role
    acting: bool = False
    on_behalf_of: str = ""


class DomainEvent(BaseModel):
    """A business fact. Subclasses set ``event_type``; ``schema_version`` changes when the data shape does."""

    model_config = ConfigDict(frozen=True)

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1

    occurred_at: datetime

    def payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


EVENT_TYPES: dict[str, type[DomainEvent]] = {}

E = TypeVar("E", bound=type[DomainEvent])


def register_event(cls: E) -> E:
    """Class decorator: make an event type known, so stored events can be read back into models."""
    if cls.event_type in EVENT_TYPES:
        raise ValueError(f"duplicate event type {cls.event_type}")
    EVENT_TYPES[cls.event_type] = cls
    return cls


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
# (event type, schema version) -> the function that turns an event's data of that version into the next version's.
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def register_upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Decorator: ``event_type``'s data of schema version ``from_version`` as version ``from_version + 1`` has it.
    An event is never rewritten in the log; an old one is upcast each time it is read."""

    def register(upcaster: Upcaster) -> Upcaster:
        key = (event_type, from_version)
        if key in UPCASTERS:
            raise ValueError(f"duplicate upcaster of {event_type} from schema version {from_version}")
        UPCASTERS[key] = upcaster
        return upcaster

    return register


def upcast(event_type: str, schema_version: int, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` stored as ``schema_version`` of ``event_type``, brought step by step to the version the code has."""
    current = EVENT_TYPES[event_type].schema_version
    if schema_version > current:
        raise ValueError(f"{event_type} of schema version {schema_version} is newer than this code ({current})")
    for version in range(schema_version, current):
        step = UPCASTERS.get((event_type, version))
        if step is None:
            raise ValueError(f"no upcaster of {event_type} from schema version {version}")
        data = step(data)
    return data


def event_from_stored(event_type: str, data: dict[str, Any], schema_version: int | None = None) -> DomainEvent:
    """A stored event read back into its model, upcast first when it was stored by an older schema version."""
    model = EVENT_TYPES[event_type]
    if schema_version is not None and schema_version != model.schema_version:
        data = upcast(event_type, schema_version, data)
    return model.model_validate(data)


S = TypeVar("S")


def fold(evolve: Callable[[S, DomainEvent], S], state: S, events: Iterable[DomainEvent]) -> S:
    """``state`` after ``events``, one ``evolve`` at a time."""
    for event in events:
        state = evolve(state, event)
    return state
