"""Who may do what: the roles people hold (роли пользователей, from ``domain.roles``), the grants that give a person
a role within a scope (everything, a region, a direction, a site or an institution), as an acting official or on a
colleague's behalf; and the people themselves as facts of the log — users, their grants and the substitutions
(замещения) between them, decided here and appended by the API (``api/people/commands.py``).

Streams:

- ``user:{user_id}`` — a user's registration, every change of their name, position or whether their account is
  active, and every grant given to them or withdrawn. A grant belongs to one user and its rules concern that user
  alone, so an administrator changing one person writes to that person's stream only, and the stream read back is
  the whole story of what the person may do.
- ``substitution:{substitution_id}`` — a substitution's arrangement and its cancellation. It concerns two people (the
  absent one and the substitute) and either of them may cancel it: on a stream of its own it contends with neither
  person's stream, and it can be cancelled without reading either person's history.

Password hashes are credentials, not business facts: no event carries one (the API keeps them apart, in
``credentials``). Rules that need what exists (a login taken, a scope or a user that exists) are the API's checks
before deciding; everything decided here needs only what it is given.

The organisation the scopes point at (regions, institutions, directions, sites) is in ``domain.sites``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.common import DomainError, DomainEvent, register_event
from domain.roles import ROLE_RU, Role

__all__ = [
    "ROLE_RU",
    "FieldRefusal",
    "Grant",
    "GrantGiven",
    "GrantTerms",
    "GrantWithdrawn",
    "Role",
    "ScopeKind",
    "SubstitutionArranged",
    "SubstitutionCancelled",
    "SubstitutionState",
    "UserChanged",
    "UserDeactivated",
    "UserReactivated",
    "UserRegistered",
    "UserState",
    "arrange_substitution",
    "cancel_substitution",
    "change_user",
    "check_substitution_period",
    "give_grant",
    "register_user",
    "substitution_stream",
    "user_stream",
    "withdraw_grant",
]


class ScopeKind(StrEnum):
    """What a grant's scope is (область действия роли): everything, or one region, direction, site or
    institution."""

    GLOBAL = "global"
    REGION = "region"
    DIRECTION = "direction"
    SITE = "site"
    INSTITUTION = "institution"


class Grant(BaseModel):
    """A role held within a scope (region, direction, site, institution or everything). ``acting`` marks an
    acting official (исполняющий обязанности, И.О.); ``on_behalf_of`` names the colleague whose tasks were handed
    over for a period (замещение)."""

    model_config = ConfigDict(frozen=True)

    role: Role
    scope_kind: ScopeKind
    scope_id: str = ""
    acting: bool = False
    on_behalf_of: str = ""


class GrantTerms(BaseModel):
    """What an administrator gives: a role in a scope, possibly as an acting official, possibly for a period
    (either end open)."""

    model_config = ConfigDict(frozen=True)

    role: Role
    scope_kind: ScopeKind
    scope_id: str = ""
    acting: bool = False
    valid_from: date | None = None
    valid_until: date | None = None


class FieldRefusal(DomainError):
    """A refusal naming the field at fault, with a few words on what is wrong with it (shown beside the field)."""

    def __init__(self, code: str, message: str, field: str, note: str) -> None:
        super().__init__(code, message, field)
        self.note = note


def user_stream(user_id: str) -> str:
    return f"user:{user_id}"


def substitution_stream(substitution_id: str) -> str:
    return f"substitution:{substitution_id}"


# --- events -----------------------------------------------------------------------------------------------------
# ``by`` is the id of the user who did it; None when innocycle itself did (the demo data, the migration that wrote
# the events of what existed before people were events).


@register_event
class UserRegistered(DomainEvent):
    """Администратор завел учетную запись."""

    event_type = "UserRegistered"

    user_id: str
    login: str
    full_name: str
    position: str
    by: str | None = None


@register_event
class UserChanged(DomainEvent):
    """The name or the position of a user changed; a field that did not change is None."""

    event_type = "UserChanged"

    user_id: str
    full_name: str | None = None
    position: str | None = None
    by: str | None = None


@register_event
class UserDeactivated(DomainEvent):
    """Учетная запись отключена: the user can no longer sign in."""

    event_type = "UserDeactivated"

    user_id: str
    by: str | None = None


@register_event
class UserReactivated(DomainEvent):
    """Учетная запись снова включена."""

    event_type = "UserReactivated"

    user_id: str
    by: str | None = None


@register_event
class GrantGiven(DomainEvent):
    """Пользователю выдана роль в области (на период, возможно как И.О.)."""

    event_type = "GrantGiven"

    user_id: str
    grant_id: str
    role: Role
    scope_kind: ScopeKind
    scope_id: str = ""
    acting: bool = False
    valid_from: date | None = None
    valid_until: date | None = None
    by: str | None = None


@register_event
class GrantWithdrawn(DomainEvent):
    """Роль отозвана."""

    event_type = "GrantWithdrawn"

    user_id: str
    grant_id: str
    by: str | None = None


@register_event
class SubstitutionArranged(DomainEvent):
    """Замещение: the absent user's tasks are handed to the substitute for a period; both see them."""

    event_type = "SubstitutionArranged"

    substitution_id: str
    absent_user_id: str
    substitute_user_id: str
    starts_on: date
    ends_on: date
    reason: str
    by: str


@register_event
class SubstitutionCancelled(DomainEvent):
    """Замещение отменено."""

    event_type = "SubstitutionCancelled"

    substitution_id: str
    absent_user_id: str
    by: str | None = None


# --- decisions --------------------------------------------------------------------------------------------------


class UserState(BaseModel):
    """What the rules need to know of a user."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    full_name: str
    position: str
    active: bool
    grant_ids: frozenset[str] = frozenset()


class SubstitutionState(BaseModel):
    """What the rules need to know of a substitution."""

    model_config = ConfigDict(frozen=True)

    substitution_id: str
    absent_user_id: str
    cancelled: bool


def register_user(
    user_id: str, login: str, full_name: str, position: str, by: str | None, now: datetime
) -> UserRegistered:
    """A new account; the API has checked that the login is free."""
    return UserRegistered(
        occurred_at=now, user_id=user_id, login=login, full_name=full_name.strip(), position=position.strip(), by=by
    )


def change_user(
    user: UserState,
    by: str | None,
    now: datetime,
    *,
    full_name: str | None = None,
    position: str | None = None,
    active: bool | None = None,
) -> list[UserChanged | UserDeactivated | UserReactivated]:
    """What changes of ``user`` (None: leave as it is); nothing when nothing differs. Nobody switches off their
    own account: an administrator would lock themselves out."""
    if active is False and by == user.user_id:
        raise DomainError("self_deactivation", "Нельзя отключить собственную учетную запись.")
    changes: list[UserChanged | UserDeactivated | UserReactivated] = []
    new_name = full_name if full_name is not None and full_name != user.full_name else None
    new_position = position if position is not None and position != user.position else None
    if new_name is not None or new_position is not None:
        changes.append(
            UserChanged(occurred_at=now, user_id=user.user_id, full_name=new_name, position=new_position, by=by)
        )
    if active is False and user.active:
        changes.append(UserDeactivated(occurred_at=now, user_id=user.user_id, by=by))
    if active is True and not user.active:
        changes.append(UserReactivated(occurred_at=now, user_id=user.user_id, by=by))
    return changes


def give_grant(user: UserState, grant_id: str, terms: GrantTerms, by: str | None, now: datetime) -> GrantGiven:
    """A role for ``user``; the API has checked that a scope other than everything exists."""
    if terms.scope_kind == ScopeKind.GLOBAL and terms.scope_id:
        raise FieldRefusal(
            "invalid_scope", "Глобальная область не имеет идентификатора.", "scope_id", "должно быть пусто"
        )
    if terms.valid_from and terms.valid_until and terms.valid_until < terms.valid_from:
        raise FieldRefusal("invalid_period", "Окончание срока раньше его начала.", "valid_until", "раньше начала")
    return GrantGiven(occurred_at=now, user_id=user.user_id, grant_id=grant_id, by=by, **terms.model_dump())


def withdraw_grant(user: UserState, grant_id: str, by: str | None, now: datetime) -> GrantWithdrawn:
    if grant_id not in user.grant_ids:
        raise DomainError("grant_not_found", "Роль не найдена.")
    return GrantWithdrawn(occurred_at=now, user_id=user.user_id, grant_id=grant_id, by=by)


def check_substitution_period(starts_on: date, ends_on: date, today: date) -> None:
    """A substitution's period ends no earlier than it starts, and not before ``today``."""
    if ends_on < starts_on:
        raise FieldRefusal("invalid_period", "Окончание замещения раньше его начала.", "ends_on", "раньше начала")
    if ends_on < today:
        raise FieldRefusal("period_past", "Период замещения уже прошёл.", "ends_on", "в прошлом")


def arrange_substitution(
    substitution_id: str,
    *,
    absent_user_id: str,
    substitute_user_id: str,
    starts_on: date,
    ends_on: date,
    reason: str,
    by: str,
    now: datetime,
) -> SubstitutionArranged:
    """The absent user's tasks handed to a colleague from ``starts_on`` to ``ends_on``; the period is checked
    against the day of ``now``. The API has checked that both are active users."""
    check_substitution_period(starts_on, ends_on, now.date())
    if absent_user_id == substitute_user_id:
        raise FieldRefusal("self_substitution", "Нельзя замещать самого себя.", "substitute_login", "это вы")
    return SubstitutionArranged(
        occurred_at=now,
        substitution_id=substitution_id,
        absent_user_id=absent_user_id,
        substitute_user_id=substitute_user_id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        by=by,
    )


def cancel_substitution(substitution: SubstitutionState, by: str | None, now: datetime) -> SubstitutionCancelled | None:
    """The substitution ends now; None when it was cancelled already (it stays cancelled as it was)."""
    if substitution.cancelled:
        return None
    return SubstitutionCancelled(
        occurred_at=now, substitution_id=substitution.substitution_id, absent_user_id=substitution.absent_user_id, by=by
    )
